"""Catalogue plugin: "5 Recovery Exercise To Release Lower Back Tension" by Kota Shimada.

The data lives beside this module in ``shimada.toml``; nothing is read at import.
"""

from pathlib import Path

from lowback.hookspecs import RegisterCatalogue, hookimpl


@hookimpl
def register_catalogues(register: RegisterCatalogue) -> None:
    """Give the Shimada catalogue."""
    register(Path(__file__).with_name("shimada.toml"))
