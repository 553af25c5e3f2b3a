"""``lowback catalogues`` and ``lowback exercises``: what is loaded, and from which plugin."""

from __future__ import annotations

import click
from click.shell_completion import CompletionItem

from .app import Settings, say


@click.command("catalogues")
@click.pass_obj
def catalogues_command(settings: Settings) -> None:
    """List the loaded catalogues, their sources and the plugins that gave them."""
    engine = settings.engine()
    for loaded in engine.catalogues:
        cat = loaded.catalogue
        who = cat.source.author or cat.source.credit or "no author given"
        version = f" {loaded.plugin_version}" if loaded.plugin_version else ""
        say(f"{cat.id}: {cat.name}")
        say(f'  source: "{cat.source.title}", {who}')
        say(f"  {len(cat.exercises)} exercises; plugin {loaded.plugin}{version}")


def complete_catalogue(
    ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of catalogue ids: the loaded catalogues (faults stay quiet)."""
    from ..engine import Engine
    from .app import plugin_sources

    return [
        CompletionItem(lc.catalogue.id, help=lc.catalogue.name)
        for lc in Engine(sources=plugin_sources()).catalogues
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
