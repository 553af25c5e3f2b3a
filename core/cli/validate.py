"""``lowback validate``: check catalogue files before a plugin ships them.

A file is checked against its model, then its equipment, limit and situation names
against the vocabulary of the installed plugins (as the engine checks it when it
loads the file)."""

from __future__ import annotations

from pathlib import Path

import click

from .app import Settings, fail


@click.command("validate")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.pass_obj
def validate_command(settings: Settings, files: tuple[Path, ...]) -> None:
    """Check catalogue files (.toml or .json): every problem, one per line."""
    from ..errors import CatalogueDataError
    from ..loading import read_catalogue_file
    from ..terms import catalogue_problems

    problems: list[str] = []
    for path in files:
        try:
            catalogue = read_catalogue_file(path)
        except CatalogueDataError as exc:
            problems += [f"{exc.where}: {p}" for p in exc.problems]
            continue
        unknown = catalogue_problems(catalogue, settings.engine().vocabulary)
        if unknown:
            problems += [f"{path}: {p}" for p in unknown]
            continue
        click.echo(f"{path}: ok, catalogue {catalogue.id!r}, {len(catalogue.exercises)} exercises")
    if problems:
        fail("\n".join(problems))
