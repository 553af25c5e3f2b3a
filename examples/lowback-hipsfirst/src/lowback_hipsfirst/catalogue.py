"""Catalogue plugin: the data is hipsfirst.toml; the hook only points at it."""

from pathlib import Path

from lowback import RegisterCatalogue, hookimpl


@hookimpl
def register_catalogues(register: RegisterCatalogue) -> None:
    """Give lowback the catalogue file beside this module."""
    register(Path(__file__).with_name("hipsfirst.toml"))
