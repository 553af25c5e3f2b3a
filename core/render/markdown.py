"""A routine as a Markdown handout: prints well, and reads well as plain text."""

from __future__ import annotations

import re

from ..models import Routine, RoutineItem
from .phrases import (
    ADVICE_LABELS,
    POSITION_WORDS,
    SHOWN_EFFECTS,
    advice_source,
    clock,
    describe_dose,
    unscreened,
)
from .safe_text import inert
from .text import cite, describe_context

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md(text: str) -> str:
    """Plugin text made inert for Markdown: control codes removed, markup escaped."""
    return _SPECIAL.sub(r"\\\1", inert(text))


def render_markdown(routine: Routine) -> str:
    """Title, context, numbered items (dose, side, cues, why, sources), advice, safety note."""
    out = ["# Lower-back routine", ""]
    n = len(routine.items)
    summary = f"For: {md(describe_context(routine))}"
    if n:
        summary += f". {n} {'item' if n == 1 else 'items'}, about {clock(routine.total_seconds)}."
    out += [summary, ""]
    warning = unscreened(routine)
    if warning:
        out += [f"> **{md(warning)}**", ""]
    if routine.halted:
        out += ["**No routine today.** See why below.", ""]
    elif not n:
        out += ["No exercise fits this context.", ""]
    for item in routine.items:
        out += _item(item)
    for label in ("No routine today", "How often", "Note", "Safety"):
        lines = [a for a in routine.advice if ADVICE_LABELS.get(a.kind) == label]
        if not lines:
            continue
        out += [f"## {label}", ""]
        for advice in lines:
            cited = advice_source(advice)
            src = f" ({md(cited)})" if cited else ""
            out.append(f"- {md(advice.text)}{src}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _item(item: RoutineItem) -> list[str]:
    """One numbered item: heading, kind and time, variation, dose, cues, why, sources."""
    out: list[str] = []
    out.append(f"## {item.step}. {md(item.name)}")
    out.append("")
    out.append(
        f"*{item.kind.title()}, {POSITION_WORDS[item.position]}, about {clock(item.seconds)}*"
    )
    out.append("")
    if item.variation.of > 1:
        out.append(
            f"- **Variation:** {md(item.variation.name)} "
            f"(rung {item.variation.rung} of {item.variation.of})"
        )
    out.append(f"- **Dose:** {md(describe_dose(item.dose))}")
    out.append("- **How:**")
    out += [f"    - {md(cue)}" for cue in item.cues]
    for reason in item.reasons:
        if reason.effect in SHOWN_EFFECTS:
            out.append(f"- **Why:** {md(reason.text)}")
    for source in item.sources:
        out.append(f"- **Source:** {md(cite(source))}")
    out.append("")
    return out
