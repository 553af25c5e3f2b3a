"""``lowback catalogues``: the loaded catalogues, their sources, files and plugins."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from .app import Settings, say
from .params import text_or_json

if TYPE_CHECKING:
    from ..engine import LoadedCatalogue


def catalogue_row(loaded: LoadedCatalogue) -> dict[str, Any]:
    """One catalogue as the JSON listing shows it: its source, its file, what its exercises use."""
    cat = loaded.catalogue
    exercises = cat.exercises
    rungs = [rung for ex in exercises for rung in ex.ladder]
    return {
        "id": cat.id,
        "name": cat.name,
        "source": cat.source.model_dump(mode="json"),
        "plugin": loaded.plugin,
        "plugin_version": loaded.plugin_version,
        "path": str(loaded.path) if loaded.path is not None else None,
        "exercises": [f"{cat.id}/{ex.id}" for ex in exercises],
        "movements": sorted({ex.movement for ex in exercises}),
        "targets": sorted({t for ex in exercises for t in ex.targets}),
        "equipment": sorted(
            {e for ex in exercises for e in ex.equipment} | {e for r in rungs for e in r.equipment}
        ),
        "positions": sorted({ex.position for ex in exercises}),
        "kinds": sorted({ex.kind for ex in exercises}),
    }


def _show(row: dict[str, Any]) -> None:
    source = row["source"]
    who = source["author"] or source["credit"] or "no author given"
    version = f" {row['plugin_version']}" if row["plugin_version"] else ""
    say(f"{row['id']}: {row['name']}")
    say(f'  source: "{source["title"]}", {who}')
    if source["url"]:
        say(f"  url: {source['url']}")
    if row["path"]:
        say(f"  file: {row['path']}")
    say(f"  {len(row['exercises'])} exercises; plugin {row['plugin']}{version}")
    say(f"  movements: {', '.join(row['movements'])}")
    say(f"  targets: {', '.join(row['targets'])}")
    say(f"  positions: {', '.join(row['positions'])}")
    say(f"  equipment: {', '.join(row['equipment']) or 'none'}")


@click.command("catalogues")
@text_or_json("text for people, json for programs.")
@click.pass_obj
def catalogues_command(settings: Settings, fmt: str) -> None:
    """List the loaded catalogues: source, file, plugin, and their exercises' movements,
    targets, positions and equipment."""
    rows = [catalogue_row(loaded) for loaded in settings.engine().catalogues]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, sort_keys=True))
        return
    for row in rows:
        _show(row)
