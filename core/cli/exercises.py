"""``lowback exercises``: the loaded exercises, their ladders and the plugin that gave each."""

from __future__ import annotations

import click
from click.shell_completion import CompletionItem

from .app import Settings, say


def complete_catalogue(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of catalogue ids: the loaded catalogues (faults stay quiet)."""
    from ..engine import Engine

    return [
        CompletionItem(lc.catalogue.id, help=lc.catalogue.name)
        for lc in Engine().catalogues
        if lc.catalogue.id.startswith(incomplete)
    ]


@click.command("exercises")
@click.option(
    "--catalogue",
    "catalogue_id",
    metavar="NAME",
    shell_complete=complete_catalogue,
    help="Only this catalogue's.",
)
@click.pass_obj
def exercises_command(settings: Settings, catalogue_id: str | None) -> None:
    """List the loaded exercises with their ladders and the plugin that gave each."""
    engine = settings.engine()
    known = [lc.catalogue.id for lc in engine.catalogues]
    if catalogue_id is not None and catalogue_id not in known:
        raise click.BadParameter(
            f"no catalogue {catalogue_id!r}; loaded: {', '.join(known) or 'none'}.",
            param_hint="'--catalogue'",
        )
    for entry in engine.index.all():
        if catalogue_id is not None and entry.catalogue.id != catalogue_id:
            continue
        ex = entry.exercise
        ladder = " < ".join(rung.id for rung in ex.ladder)
        equipment = f", needs {', '.join(ex.equipment)}" if ex.equipment else ""
        say(f"{entry.key}: {ex.name} ({ex.kind}, {ex.position}{equipment})")
        if len(ex.ladder) > 1:
            say(f"  ladder: {ladder}")
        say(f"  plugin: {entry.plugin}")
