"""Catalogue plugin: "Lower Back Pain Exercises For Relief" (video credited to V Shred).

The data lives beside this module in ``relief.toml``; nothing is read at import.
"""

from pathlib import Path

from lowback.hookspecs import RegisterCatalogue, hookimpl


@hookimpl
def register_catalogues(register: RegisterCatalogue) -> None:
    """Give the relief catalogue."""
    register(Path(__file__).with_name("relief.toml"))
