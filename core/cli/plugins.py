"""``lowback plugins``: every plugin, its version, hooks and what it contributed."""

from __future__ import annotations

import json
from typing import Any

import click

from .app import Settings, say
from .params import text_or_json


@click.command("plugins")
@text_or_json("text for people, json for programs.")
@click.pass_obj
def plugins_command(settings: Settings, fmt: str) -> None:
    """List every plugin with its version, distribution, hooks and contributions."""
    engine = settings.engine()
    summaries = {b.ref: b.rule.summary for b in engine.rules}
    rows: list[dict[str, Any]] = [
        {
            "name": info.name,
            "version": info.version,
            "distribution": info.distribution,
            "module": info.module,
            "hooks": list(info.hooks),
            "catalogues": list(info.catalogues),
            "exercises": list(info.exercises),
            "rules": [{"id": ref, "summary": summaries.get(ref, "")} for ref in info.rules],
        }
        for info in engine.plugins
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, sort_keys=True))
        return
    for row in rows:
        version = f" {row['version']}" if row["version"] else ""
        dist = f" (from {row['distribution']})" if row["distribution"] else ""
        say(f"{row['name']}{version}{dist}")
        say(f"  module: {row['module']}")
        say(f"  hooks: {', '.join(row['hooks']) or 'none'}")
        for cat in row["catalogues"]:
            count = sum(1 for e in row["exercises"] if e.startswith(f"{cat}/"))
            say(f"  catalogue: {cat} ({count} exercises)")
        for rule in row["rules"]:
            say(f"  rule: {rule['id']}: {rule['summary']}")
