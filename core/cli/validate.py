"""``lowback validate``: check catalogue files before a plugin ships them."""

from __future__ import annotations

from pathlib import Path

import click

from .app import fail


@click.command("validate")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
def validate_command(files: tuple[Path, ...]) -> None:
    """Check catalogue files (.toml or .json): every problem, one per line."""
    from ..errors import CatalogueDataError
    from ..loading import read_catalogue_file

    problems: list[str] = []
    for path in files:
        try:
            catalogue = read_catalogue_file(path)
        except CatalogueDataError as exc:
            problems += [f"{exc.where}: {p}" for p in exc.problems]
            continue
        click.echo(f"{path}: ok, catalogue {catalogue.id!r}, {len(catalogue.exercises)} exercises")
    if problems:
        fail("\n".join(problems))
