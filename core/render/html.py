"""A routine as one self-contained, print-friendly HTML page. Every text is escaped."""

from __future__ import annotations

import re
from html import escape, unescape

from ..models import Reason, Routine, RoutineItem
from .phrases import (
    ADVICE_LABELS,
    LEGEND,
    advice_source,
    clock,
    covers_words,
    describe_dose,
    level_words,
    marks_defaults,
    omissions,
    own_reasons,
    position_words,
    reason_words,
    shared_reasons,
    source_role,
    targets_words,
    unscreened,
    web_address,
)
from .pictograms import pictogram
from .safe_text import inert
from .text import cite, describe_context

# No page size is forced, so the same page prints on A4 and on Letter. On paper the
# routine is a one-page handout for the wall: small margins, compact type, and the
# items, advice and "Left out" part in two columns; an item or a section is never
# split across columns or pages. On screen it stays one roomy column.
PAGE_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111;
       max-width: 178mm; margin: 12mm auto; padding: 0 6mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
.safety { border-left: 3px solid #a00; padding-left: 3mm; }
@page { margin: 8mm 9mm; }
"""
"""The page every lowback HTML document shares (type, width, margins, the safety mark);
each document adds its own rules after it."""

_CSS = (
    PAGE_CSS
    + """
p.context { margin: 0 0 6mm; color: #333; }
ol.items { padding: 0; margin: 0; list-style: none; counter-reset: item; }
li.item { border: 1px solid #bbb; border-radius: 3mm; padding: 3mm 4mm; margin: 0 0 4mm;
          break-inside: avoid; page-break-inside: avoid; }
li.item h2 { font-size: 13pt; margin: 0 0 1mm; }
.pictogram { float: right; width: 21mm; height: auto; margin: 0 0 1mm 3mm; color: #222; }
.meta { color: #444; font-size: 10pt; margin: 0 0 2mm; }
.dose { font-weight: 600; margin: 0 0 2mm; }
ul { margin: 1mm 0 2mm 5mm; padding: 0; }
.why, .source { font-size: 9.5pt; color: #333; margin: 0.5mm 0; }
section.advice { break-inside: avoid; page-break-inside: avoid; margin-top: 6mm; }
section.advice h2 { font-size: 12pt; margin: 3mm 0 1mm; }
.legend, .plugins { font-size: 9.5pt; color: #333; }
@media print {
  body { font-size: 7.6pt; line-height: 1.22; max-width: none; margin: 0; padding: 0; }
  body.dense { font-size: 6.7pt; }
  h1 { font-size: 1.6em; margin: 0 0 0.5mm; }
  p.context { margin: 0 0 1mm; }
  p.safety { margin: 0 0 1.2mm; }
  .cols { column-count: 2; column-gap: 4mm; }
  li.item { border-radius: 1.5mm; padding: 1.2mm 2mm; margin: 0 0 1.4mm; }
  li.item h2 { font-size: 1.18em; margin: 0 0 0.3mm; }
  .pictogram { width: 12mm; margin: 0 0 0.5mm 1.5mm; }
  .meta { font-size: 0.95em; margin: 0 0 0.3mm; }
  .dose { margin: 0 0 0.3mm; }
  ul { margin: 0.3mm 0 0.5mm 3.2mm; }
  .why, .source, .legend, .plugins { font-size: 0.91em; margin: 0.2mm 0; }
  .legend, .plugins { margin: 0 0 1mm; }
  section.advice { margin-top: 1.2mm; }
  section.advice h2 { font-size: 1.12em; margin: 0 0 0.3mm; }
  section.advice ul { margin-bottom: 0; }
  a { color: inherit; }
}
"""
)


def h(text: str) -> str:
    """Plugin text made inert for HTML: control codes removed, markup escaped."""
    return escape(inert(text), quote=True)


def render_html(routine: Routine, *, explain: bool = False) -> str:
    """The whole page: inline CSS, no scripts, no external resources; it ends with
    what was left out and why. ``explain`` adds every reason's rule and fact,
    every exercise considered and not given, and the plugins used."""
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
    parts.append('<div class="cols">')
    shared = shared_reasons(routine, explain)
    if shared:
        parts.append('<section class="advice"><h2>Why these items</h2><ul>')
        parts += [f"<li>{h(reason_words(r, explain) + covers_words(c))}</li>" for r, c in shared]
        parts.append("</ul></section>")
    if marks_defaults(routine):
        parts.append(f'<p class="legend">{h(LEGEND)}</p>')
    parts.append('<ol class="items">')
    for item in routine.items:
        parts += _item(item, explain, shared)
    parts.append("</ol>")
    for label in ("No routine today", "How often", "Note", "Safety"):
        lines = [a for a in routine.advice if ADVICE_LABELS.get(a.kind) == label]
        if not lines:
            continue
        cls = "advice safety" if label in ("Safety", "No routine today") else "advice"
        parts.append(f'<section class="{cls}"><h2>{label}</h2><ul>')
        for advice in lines:
            cited = advice_source(advice, explain=explain)
            src = f" ({h(cited)})" if cited else ""
            parts.append(f"<li>{h(advice.text)}{src}</li>")
        parts.append("</ul></section>")
    parts += _left_out(routine, explain)
    parts.append("</div></body></html>")
    page = "\n".join(parts) + "\n"
    if _words_on_paper(page) > _ROOMY_CHARS:
        page = page.replace("<body>", '<body class="dense">', 1)
    return page


_ROOMY_CHARS = 5800
"""About how many characters of text the two printed columns hold in the roomier
type on a Letter page (the shorter paper); a longer routine prints in the denser
type, so a routine of up to 8 items still fits one page."""


def _words_on_paper(page: str) -> int:
    """How many characters of text the page shows (tags, titles and runs of spaces not
    counted)."""
    body = page[page.index("<body>") :]
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<title>.*?</title>", "", body))
    return len(" ".join(unescape(text).split()))


def _left_out(routine: Routine, explain: bool) -> list[str]:
    """The "Left out" section; with ``explain``, every exercise not given, every reason."""
    if not explain:
        said = omissions(routine)
        if not said:
            return []
        rows = [f"<li><strong>{h(lo.name)}:</strong> {h(why)}</li>" for lo, why in said]
        return ['<section class="advice left-out"><h2>Left out</h2><ul>', *rows, "</ul></section>"]
    parts: list[str] = []
    if routine.left_out:
        parts.append('<section class="advice left-out">')
        parts.append("<h2>Left out (every exercise considered and not given)</h2><ul>")
        for left in routine.left_out:
            reasons = "".join(f"<li>{h(reason_words(r, True))}</li>" for r in left.reasons)
            parts.append(
                f"<li><strong>{h(left.name)}</strong> ({h(left.exercise)})<ul>{reasons}</ul></li>"
            )
        parts.append("</ul></section>")
    plugins = ", ".join(routine.plugins) or "none"
    return [*parts, f'<p class="plugins">Plugins: {h(plugins)}</p>']


def _item(item: RoutineItem, explain: bool, shared: list[tuple[Reason, str]]) -> list[str]:
    """One item as a list element: its position's pictogram, heading, meta, dose, cues,
    why, sources."""
    parts: list[str] = []
    parts.append(f'<li class="item" id="step-{item.step}">')
    figure = pictogram(item.position)
    if figure:
        parts.append(figure)
    parts.append(f"<h2>{item.step}. {h(item.name)}</h2>")
    where = position_words(item) + level_words(item)
    meta = f"{item.kind.title()}, {where}, about {clock(item.seconds)}"
    works = targets_words(item)
    if works:
        meta += f" · works {works}"
    if item.variation.of > 1:
        meta += f" · {item.variation.name} (rung {item.variation.rung} of {item.variation.of})"
    parts.append(f'<p class="meta">{h(meta)}</p>')
    parts.append(f'<p class="dose">{h(describe_dose(item.dose, marked=True))}</p>')
    parts.append("<ul>" + "".join(f"<li>{h(cue)}</li>" for cue in item.cues) + "</ul>")
    for reason in own_reasons(item, shared, explain):
        parts.append(f'<p class="why">Why: {h(reason_words(reason, explain))}</p>')
    count = len(item.sources)
    for i, source in enumerate(item.sources):
        plugin = f" [plugin {source.plugin}]" if explain else ""
        role = source_role(i, count, "Source")
        url = web_address(source.url)
        link = f', <a href="{h(url)}">{h(url)}</a>' if url else ""
        parts.append(f'<p class="source">{role}: {h(cite(source))}{link}{h(plugin)}</p>')
    parts.append("</li>")
    return parts
