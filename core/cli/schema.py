"""``lowback schema``: the JSON Schema of each data format, for editors and authors."""

from __future__ import annotations

import json

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
