"""``lowback catalogues``: the loaded catalogues, their sources and the plugins that gave them."""

from __future__ import annotations

import click

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
