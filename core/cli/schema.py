"""``lowback schema`` and ``lowback validate``: the data formats, for editors and authors."""

from __future__ import annotations

import json
from pathlib import Path

import click

SCHEMAS = ("catalogue", "context", "routine")


@click.command("schema")
@click.argument("name", type=click.Choice(SCHEMAS))
def schema_command(name: str) -> None:
    """Print the JSON Schema of a catalogue, a context or a routine."""
    from ..models import Catalogue, Context, Model, Routine

    models: dict[str, type[Model]] = {
        "catalogue": Catalogue,
        "context": Context,
        "routine": Routine,
    }
    model = models[name]
    click.echo(json.dumps(model.model_json_schema(), indent=2, sort_keys=True))


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
    from .app import fail

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
