"""``lowback schema``: the JSON Schema of each data format, for editors and authors."""

from __future__ import annotations

import json

import click

from .app import Settings

SCHEMAS = ("catalogue", "context", "routine")


@click.command("schema")
@click.argument("name", type=click.Choice(SCHEMAS), metavar="NAME")
@click.pass_obj
def schema_command(settings: Settings, name: str) -> None:
    """Print the JSON Schema of a catalogue, a context or a routine.

    Equipment, situation and limit names are listed as the engine knows them:
    the built-in ones and those the installed plugins add.
    """
    from ..models import Catalogue, Context, Model, Routine
    from ..terms import with_enums

    models: dict[str, type[Model]] = {
        "catalogue": Catalogue,
        "context": Context,
        "routine": Routine,
    }
    schema = with_enums(models[name].model_json_schema(), settings.engine().vocabulary)
    click.echo(json.dumps(schema, indent=2, sort_keys=True))
