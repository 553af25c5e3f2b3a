"""A routine as a Markdown handout: prints well, and reads well as plain text."""

from __future__ import annotations

import re
import unicodedata

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
from .safe_text import inert
from .text import cite, describe_context

_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]*);")
_DELIMITERS = "*_~"
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _kind(ch: str) -> str:
    """``" "`` for whitespace, ``"p"`` for punctuation, ``"a"`` for anything else."""
    if not ch or ch.isspace():
        return " "
    return "p" if ch in _ASCII_PUNCT or unicodedata.category(ch).startswith("P") else "a"


def _can_act(run: str, before: str, after: str, *, closers: bool) -> bool:
    """Whether a run of ``*``, ``_`` or ``~`` could open (or, with ``closers``, close)
    emphasis, by CommonMark's flanking rules; the text's ends count as punctuation."""
    prev, nxt = _kind(before) if before else "p", _kind(after) if after else "p"
    left = nxt != " " and (nxt != "p" or prev in " p")
    right = prev != " " and (prev != "p" or nxt in " p")
    if run[0] == "_":  # inside a word (snake_case) an underscore does nothing
        opens, closes = left and (not right or prev == "p"), right and (not left or nxt == "p")
    else:
        opens, closes = left, right
    return opens or (closers and closes)


def md(text: str, *, strong: bool = False) -> str:
    """Plugin text made inert for Markdown, kept on one line: control codes removed, and
    a backslash only before a character that could act as markup, so plain words
    read as they are (``1 set* x 60 s*``, ``A&E``, ``snake_case``, ``[include]``).

    Escaped: a ``*``, ``_`` or ``~`` that could open emphasis (or close it, with
    ``strong``: the text sits inside ``**...**``), every backtick, a ``<`` that could
    start a tag or an autolink, a ``]`` that could end a link, an ``&`` that starts
    an entity, a trailing ``#`` that would end a heading, and a backslash before
    punctuation or at the end.
    """
    text = inert(text, one_line=True)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _DELIMITERS:
            j = i
            while j < n and text[j] == ch:
                j += 1
            run = text[i:j]
            act = _can_act(run, text[i - 1] if i else "", text[j] if j < n else "", closers=strong)
            out.append("".join("\\" + c for c in run) if act else run)
            i = j
            continue
        nxt = text[i + 1] if i + 1 < n else ""
        if (
            ch == "`"
            or (ch == "\\" and (not nxt or nxt in _ASCII_PUNCT))
            or (ch == "<" and (nxt.isalpha() or nxt in "/!?"))
            or (ch == "]" and nxt in ("(", "", "["))
            or (ch == "&" and _ENTITY.match(text, i))
            or (ch == "#" and not text[i:].strip("# ") and (i == 0 or text[i - 1] in " #"))
        ):
            out.append("\\")
        out.append(ch)
        i += 1
    return "".join(out)


def render_markdown(routine: Routine, *, explain: bool = False) -> str:
    """Title, context, the reasons shared by several items, numbered items (dose, cues,
    own reasons, sources), advice, safety, and what was left out and why.

    ``explain`` adds every reason's rule and fact, every exercise considered and
    not given, and the plugins used.
    """
    out = ["# Lower-back routine", ""]
    n = len(routine.items)
    summary = f"For: {md(describe_context(routine))}"
    if n:
        summary += f". {n} {'item' if n == 1 else 'items'}, about {clock(routine.total_seconds)}."
    out += [summary, ""]
    warning = unscreened(routine)
    if warning:
        out += [f"> **{md(warning, strong=True)}**", ""]
    if routine.halted:
        out += ["**No routine today.** See why below.", ""]
    elif not n:
        out += ["No exercise fits this context.", ""]
    shared = shared_reasons(routine, explain)
    if shared:
        out += ["## Why these items", ""]
        out += [f"- {md(reason_words(r, explain))}{md(covers_words(c))}" for r, c in shared]
        out.append("")
    if marks_defaults(routine):
        out += [f"Key: {md(LEGEND)}", ""]
    for item in routine.items:
        out += _item(item, explain, shared)
    for label in ("No routine today", "How often", "Note", "Safety"):
        lines = [a for a in routine.advice if ADVICE_LABELS.get(a.kind) == label]
        if not lines:
            continue
        out += [f"## {label}", ""]
        for advice in lines:
            cited = advice_source(advice, explain=explain)
            src = f" ({md(cited)})" if cited else ""
            out.append(f"- {md(advice.text)}{src}")
        out.append("")
    out += _left_out(routine, explain)
    return "\n".join(out).rstrip() + "\n"


def _left_out(routine: Routine, explain: bool) -> list[str]:
    """The short "Left out" part; with ``explain``, every exercise not given, every reason."""
    if not explain:
        said = omissions(routine)
        if not said:
            return []
        return [
            "## Left out",
            "",
            *(f"- **{md(lo.name, strong=True)}:** {md(why)}" for lo, why in said),
            "",
        ]
    out: list[str] = []
    if routine.left_out:
        out += ["## Left out (every exercise considered and not given)", ""]
        for left in routine.left_out:
            out.append(f"- **{md(left.name, strong=True)}** ({md(left.exercise)})")
            out += [f"    - {md(reason_words(r, True))}" for r in left.reasons]
        out.append("")
    return [*out, f"Plugins: {md(', '.join(routine.plugins) or 'none')}", ""]


def _item(item: RoutineItem, explain: bool, shared: list[tuple[Reason, str]]) -> list[str]:
    """One numbered item: heading, kind and time, variation, dose, cues, why, sources."""
    out: list[str] = []
    out.append(f"## {item.step}. {md(item.name)}")
    out.append("")
    # Underscores, so that a position's mark (a ``*``) reads as written inside it.
    where = md(position_words(item) + level_words(item))
    out.append(f"_{item.kind.title()}, {where}, about {clock(item.seconds)}_")
    out.append("")
    if item.variation.of > 1:
        out.append(
            f"- **Variation:** {md(item.variation.name)} "
            f"(rung {item.variation.rung} of {item.variation.of})"
        )
    out.append(f"- **Dose:** {md(describe_dose(item.dose, marked=True))}")
    out.append("- **How:**")
    out += [f"    - {md(cue)}" for cue in item.cues]
    works = targets_words(item)
    if works:
        out.append(f"- **Works:** {md(works)}")
    for reason in own_reasons(item, shared, explain):
        out.append(f"- **Why:** {md(reason_words(reason, explain))}")
    count = len(item.sources)
    for i, source in enumerate(item.sources):
        plugin = f" [plugin {md(source.plugin)}]" if explain else ""
        url = web_address(source.url)
        link = f", <{url}>" if url else ""
        out.append(f"- **{source_role(i, count, 'Source')}:** {md(cite(source))}{link}{plugin}")
    out.append("")
    return out
