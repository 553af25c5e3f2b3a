"""A routine as one self-contained, print-friendly HTML page. Every text is escaped."""

from __future__ import annotations

from html import escape

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

# No page size is forced, so the same page prints on A4 and on Letter; items are
# never split across pages.
_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111;
       max-width: 178mm; margin: 12mm auto; padding: 0 6mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
p.context { margin: 0 0 6mm; color: #333; }
ol.items { padding: 0; margin: 0; list-style: none; counter-reset: item; }
li.item { border: 1px solid #bbb; border-radius: 3mm; padding: 3mm 4mm; margin: 0 0 4mm;
          break-inside: avoid; page-break-inside: avoid; }
li.item h2 { font-size: 13pt; margin: 0 0 1mm; }
.meta { color: #444; font-size: 10pt; margin: 0 0 2mm; }
.dose { font-weight: 600; margin: 0 0 2mm; }
ul { margin: 1mm 0 2mm 5mm; padding: 0; }
.why, .source { font-size: 9.5pt; color: #333; margin: 0.5mm 0; }
section.advice { break-inside: avoid; page-break-inside: avoid; margin-top: 6mm; }
section.advice h2 { font-size: 12pt; margin: 3mm 0 1mm; }
.safety { border-left: 3px solid #a00; padding-left: 3mm; }
@media print { body { margin: 0 auto; } a { color: inherit; } }
"""


def h(text: str) -> str:
    """Plugin text made inert for HTML: control codes removed, markup escaped."""
    return escape(inert(text), quote=True)


def render_html(routine: Routine) -> str:
    """The whole page: inline CSS, no scripts, no external resources."""
    n = len(routine.items)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Lower-back routine</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Lower-back routine</h1>",
    ]
    summary = f"For: {describe_context(routine)}"
    if n:
        summary += f". {n} {'item' if n == 1 else 'items'}, about {clock(routine.total_seconds)}."
    parts.append(f'<p class="context">{h(summary)}</p>')
    warning = unscreened(routine)
    if warning:
        parts.append(f'<p class="safety"><strong>{h(warning)}</strong></p>')
    if routine.halted:
        parts.append('<p class="safety"><strong>No routine today.</strong> See why below.</p>')
    elif not n:
        parts.append("<p>No exercise fits this context.</p>")
    parts.append('<ol class="items">')
    for item in routine.items:
        parts += _item(item)
    parts.append("</ol>")
    for label in ("No routine today", "How often", "Note", "Safety"):
        lines = [a for a in routine.advice if ADVICE_LABELS.get(a.kind) == label]
        if not lines:
            continue
        cls = "advice safety" if label in ("Safety", "No routine today") else "advice"
        parts.append(f'<section class="{cls}"><h2>{label}</h2><ul>')
        for advice in lines:
            cited = advice_source(advice)
            src = f" ({h(cited)})" if cited else ""
            parts.append(f"<li>{h(advice.text)}{src}</li>")
        parts.append("</ul></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _item(item: RoutineItem) -> list[str]:
    """One item as a list element: heading, meta, dose, cues, why, sources."""
    parts: list[str] = []
    parts.append(f'<li class="item" id="step-{item.step}">')
    parts.append(f"<h2>{item.step}. {h(item.name)}</h2>")
    meta = f"{item.kind.title()}, {POSITION_WORDS[item.position]}, about {clock(item.seconds)}"
    if item.variation.of > 1:
        meta += f" · {item.variation.name} (rung {item.variation.rung} of {item.variation.of})"
    parts.append(f'<p class="meta">{h(meta)}</p>')
    parts.append(f'<p class="dose">{h(describe_dose(item.dose))}</p>')
    parts.append("<ul>" + "".join(f"<li>{h(cue)}</li>" for cue in item.cues) + "</ul>")
    for reason in item.reasons:
        if reason.effect in SHOWN_EFFECTS:
            parts.append(f'<p class="why">Why: {h(reason.text)}</p>')
    for source in item.sources:
        parts.append(f'<p class="source">Source: {h(cite(source))}</p>')
    parts.append("</li>")
    return parts
