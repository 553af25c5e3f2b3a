"""``lowback exercises``: the loaded exercises, what each trains and needs, and its plugin."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import CompletionItem

from .app import Settings, say
from .params import text_or_json

if TYPE_CHECKING:
    from ..index import Entry


def complete_catalogue(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of catalogue ids: the loaded catalogues, the local files' too
    (faults stay quiet)."""
    from ..engine import Engine
    from ..loader import local_catalogues

    try:
        files = local_catalogues()
    except OSError:
        files = []
    return [
        CompletionItem(lc.catalogue.id, help=lc.catalogue.name)
        for lc in Engine(catalogues=files).catalogues
        if lc.catalogue.id.startswith(incomplete)
    ]


def exercise_row(entry: Entry) -> dict[str, Any]:
    """One exercise as the JSON listing shows it: what it is, trains, needs, and who gave it."""
    ex = entry.exercise
    return {
        "key": entry.key,
        "name": ex.name,
        "catalogue": entry.catalogue.id,
        "plugin": entry.plugin,
        "plugin_version": entry.plugin_version,
        "kind": ex.kind,
        "position": ex.position,
        "other_positions": list(ex.other_positions),
        "level": ex.level,
        "movement": ex.movement,
        "targets": list(ex.targets),
        "secondary_targets": list(ex.secondary_targets),
        "equipment": list(ex.equipment),
        "url": ex.url,
        "ours": list(ex.ours),
        "needs": sorted(entry.needs()),
        "ladder": [
            {
                "id": r.id,
                "name": r.name,
                "equipment": list(r.equipment),
                "requires": list(r.requires),
            }
            for r in ex.ladder
        ],
        "start": ex.ladder[ex.start_rung()].id,
    }


def _show(row: dict[str, Any]) -> None:
    equipment = f", needs {', '.join(row['equipment'])}" if row["equipment"] else ""
    say(f"{row['key']}: {row['name']} ({row['kind']}, {row['position']}{equipment})")
    say(f"  movement: {row['movement']}")
    also = f" (also {', '.join(row['secondary_targets'])})" if row["secondary_targets"] else ""
    say(f"  targets: {', '.join(row['targets'])}{also}")
    if row["other_positions"]:
        say(f"  also done: {', '.join(row['other_positions'])}")
    if len(row["ladder"]) > 1:
        say(f"  ladder: {' < '.join(rung['id'] for rung in row['ladder'])}")
    rung_equipment = sorted({e for rung in row["ladder"] for e in rung["equipment"]})
    if rung_equipment:
        say(f"  some rungs need: {', '.join(rung_equipment)}")
    say(f"  plugin: {row['plugin']}")


@click.command("exercises")
@click.option(
    "--catalogue",
    "catalogue_id",
    metavar="NAME",
    shell_complete=complete_catalogue,
    help="Only this catalogue's.",
)
@text_or_json("text for people, json for programs.")
@click.pass_obj
def exercises_command(settings: Settings, catalogue_id: str | None, fmt: str) -> None:
    """List the loaded exercises: kind, position, movement, targets, equipment, ladder, plugin."""
    engine = settings.engine()
    known = [lc.catalogue.id for lc in engine.catalogues]
    if catalogue_id is not None and catalogue_id not in known:
        raise click.BadParameter(
            f"no catalogue {catalogue_id!r}; loaded: {', '.join(known) or 'none'}.",
            param_hint="'--catalogue'",
        )
    rows = [
        exercise_row(entry)
        for entry in engine.index.all()
        if catalogue_id is None or entry.catalogue.id == catalogue_id
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, sort_keys=True))
        return
    for row in rows:
        _show(row)
