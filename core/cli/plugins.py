"""``lowback plugins``: every plugin, its version, hooks and what it contributed
(catalogues, rules, vocabulary names, screening questions), and every plugin that
failed, with its faults."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from .app import Settings, say
from .params import text_or_json

if TYPE_CHECKING:
    from ..terms import Vocabulary


@click.command("plugins")
@text_or_json("text for people, json for programs.")
@click.pass_obj
def plugins_command(settings: Settings, fmt: str) -> None:
    """List every plugin with its version, distribution, hooks and contributions,
    and every plugin that failed to load, with its faults."""
    from ..loader import installed

    engine = settings.engine()
    summaries = {b.ref: b.rule.summary for b in engine.rules}
    faults: dict[str, list[dict[str, str]]] = {}
    for fault in engine.faults:
        faults.setdefault(fault.plugin, []).append({"kind": fault.kind, "message": fault.message})
    rows: dict[str, dict[str, Any]] = {
        info.name: {
            "name": info.name,
            "loaded": True,
            "version": info.version,
            "distribution": info.distribution,
            "module": info.module,
            "hooks": list(info.hooks),
            "catalogues": list(info.catalogues),
            "exercises": list(info.exercises),
            "rules": [{"id": ref, "summary": summaries.get(ref, "")} for ref in info.rules],
            "terms": [_term(engine.vocabulary, term) for term in info.terms],
            "questions": list(info.questions),
            "faults": faults.get(info.name, []),
        }
        for info in engine.plugins
    }
    # A plugin with faults and not registered failed: it is listed from its entry point.
    found = {f.name: f for f in reversed(installed())}  # the first of a name, as loading
    for name in faults.keys() - rows.keys():
        entry = found.get(name)
        rows[name] = {
            "name": name,
            "loaded": False,
            "version": entry.version if entry else None,
            "distribution": entry.distribution if entry else None,
            "module": entry.value if entry else None,
            "hooks": [],
            "catalogues": [],
            "exercises": [],
            "rules": [],
            "terms": [],
            "questions": [],
            "faults": faults[name],
        }
    listed = [rows[name] for name in sorted(rows)]
    if fmt == "json":
        click.echo(json.dumps(listed, indent=2, sort_keys=True))
        return
    for row in listed:
        _show(row)


def _term(vocabulary: Vocabulary, term: str) -> dict[str, str]:
    kind, name = term.split(":", 1)
    return {"vocabulary": kind, "name": name, "description": vocabulary.describe(kind, name)}


def _show(row: dict[str, Any]) -> None:
    version = f" {row['version']}" if row["version"] else ""
    dist = f" (from {row['distribution']})" if row["distribution"] else ""
    failed = "" if row["loaded"] else ": failed, not loaded"
    say(f"{row['name']}{version}{dist}{failed}")
    say(f"  module: {row['module']}")
    if row["loaded"]:
        say(f"  hooks: {', '.join(row['hooks']) or 'none'}")
    for cat in row["catalogues"]:
        count = sum(1 for e in row["exercises"] if e.startswith(f"{cat}/"))
        say(f"  catalogue: {cat} ({count} exercises)")
    for rule in row["rules"]:
        say(f"  rule: {rule['id']}: {rule['summary']}")
    for term in row["terms"]:
        say(f"  {term['vocabulary']}: {term['name']}: {term['description']}")
    for flag in row["questions"]:
        say(f"  screening question: {flag}")
    for fault in row["faults"]:
        say(f"  fault ({fault['kind']}): {fault['message']}")
