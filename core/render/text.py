"""A routine as text a person can follow at the side of a mat."""

from __future__ import annotations

from ..models import Advice, Reason, Routine, RoutineItem, SourceRef
from ..vocab import SITUATION_FIELDS
from .phrases import (
    ADVICE_LABELS,
    LEGEND,
    TIMING_WORDS,
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
    source_extras,
    source_role,
    targets_words,
    unscreened,
    web_address,
)
from .safe_text import inert


def describe_context(routine: Routine) -> str:
    """``long sitting, situation: standing desk, after a leg workout, limit: cross-legs``:
    every situation (a plugin's by its name), and equipment beyond the foam roller."""
    ctx = routine.context
    bits = []
    if ctx.sitting:
        bits.append("long sitting")
    if ctx.heavy_lifting:
        bits.append("heavy lifting")
    # A plugin's situations by name (the renderer has no vocabulary to describe them).
    bits += [
        f"situation: {name.replace('-', ' ')}"
        for name in ctx.situations
        if name not in SITUATION_FIELDS
    ]
    if ctx.timing:
        bits.append(TIMING_WORDS[ctx.timing])
    bits += [f"limit: {limit}" for limit in ctx.limits]
    bits += [f"condition: {condition}" for condition in ctx.conditions]
    if "foam-roller" not in ctx.equipment:
        bits.append("no foam roller")
    extra = [name.replace("-", " ") for name in ctx.equipment if name != "foam-roller"]
    if extra:
        bits.append(f"with: {', '.join(extra)}")
    if ctx.minutes is not None:
        bits.append(f"{ctx.minutes} min")
    bits += [f"red flag: {flag}" for flag in ctx.red_flags]
    if ctx.pain is not None:
        bits.append(f"pain {ctx.pain}/10")
    if ctx.cleared:
        bits.append("cleared by a clinician")
    return ", ".join(bits) or "no situation given"


def cite(source: SourceRef) -> str:
    """``"Title", Author, section "4. Psoas Stretch"``, and the licence when given."""
    who = "; ".join(w for w in (source.author, source.credit) if w)
    head = f'"{source.title}"' + (f", {who}" if who else "")
    return f'{head}, section "{source.section}"{source_extras(source)}'


def render_text(routine: Routine, *, explain: bool = False, color: bool = False) -> str:
    """The routine as numbered steps, ending with what was left out and why.

    ``explain`` adds every reason with its rule and fact, every exercise
    considered and not given, and the plugins used. ``color`` adds ANSI
    colours for a terminal: headings bold, doses cyan, warning labels yellow,
    STOP lines red (plugin text is made inert first, so only lowback's own
    escape codes reach the terminal).
    """
    lines = _heading(routine, explain)
    shared = shared_reasons(routine, explain)
    if shared:
        lines += ["", _Styled("Why these items:", BOLD)]
        lines += [f"  - {reason_words(r, explain)}{covers_words(covers)}" for r, covers in shared]
    if marks_defaults(routine):
        lines += ["", LEGEND]
    for item in routine.items:
        lines += _item(item, explain, shared)
    lines += _advice(routine, explain)
    lines += _explanation(routine) if explain else _left_out(routine)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(_paint(line, color) for line in lines) + "\n"


def _heading(routine: Routine, explain: bool) -> list[str]:
    """What the routine is for and how long it takes; or why there is none."""
    lines: list[str] = [_Styled(f"Your routine ({describe_context(routine)})", BOLD)]
    warning = unscreened(routine)
    if warning:
        label = ADVICE_LABELS["unscreened"]
        text = f"{label}: {warning.removeprefix('Not screened yet: ')}"
        lines.append(_Styled(text, WARN, end=len(label) + 1))
    n = len(routine.items)
    if n:
        lines.append(f"{n} {'item' if n == 1 else 'items'}, about {clock(routine.total_seconds)}")
    elif routine.halted:
        lines.append("No routine today.")
        for advice in _halts(routine):
            lines += ["", _Styled(f"STOP: {advice.text}", STOP)]
            if explain and advice.source:
                lines.append(f"      ({advice.source})")
    else:
        lines.append("No exercise fits this context.")
    return lines


def _item(item: RoutineItem, explain: bool, shared: list[tuple[Reason, str]]) -> list[str]:
    """One numbered step: its variation, dose, cues, own reasons and sources."""
    pad = "    "
    where = position_words(item) + level_words(item)
    head = f"{item.step:>2}. {item.name}  ({item.kind}, {where}, ~{clock(item.seconds)})"
    lines: list[str] = ["", _Styled(head, BOLD)]
    if item.variation.of > 1:
        lines.append(
            f"{pad}Variation: {item.variation.name} (rung {item.variation.rung} "
            f"of {item.variation.of})"
        )
    dose = f"{pad}Dose: {describe_dose(item.dose, marked=True)}"
    lines.append(_Styled(dose, DOSE, start=len(f"{pad}Dose: ")))
    lines += [f"{pad}- {cue}" for cue in item.cues]
    works = targets_words(item)
    lines += [f"{pad}Works: {works}"] if works else []
    lines += [f"{pad}Why: {reason_words(r, explain)}" for r in own_reasons(item, shared, explain)]
    n = len(item.sources)
    lines += [
        f"{pad}{source_role(i, n)}: {cite(source)}{_link(source)}{_plugin(source, explain)}"
        for i, source in enumerate(item.sources)
    ]
    return lines


def _link(source: SourceRef) -> str:
    url = web_address(source.url)
    return f", {url}" if url else ""


def _plugin(source: SourceRef, explain: bool) -> str:
    if not explain:
        return ""
    version = f" {source.plugin_version}" if source.plugin_version else ""
    return f" [plugin {source.plugin}{version}]"


def _advice(routine: Routine, explain: bool) -> list[str]:
    """Every advice line but the STOP lines the heading shows, each under its label."""
    halts = _halts(routine)
    lines: list[str] = [""] if routine.advice else []
    for advice in routine.advice:
        if advice in halts or advice.kind == "unscreened":
            continue
        # A stop line outside a halted routine keeps its plain label.
        label = "Stop" if advice.kind == "stop" else ADVICE_LABELS[advice.kind]
        cited = advice_source(advice, explain=explain)
        src = f" ({cited})" if cited else ""
        text = f"{label}: {advice.text}{src}"
        warns = advice.kind in ("stop", "safety")
        lines.append(_Styled(text, WARN, end=len(label) + 1) if warns else text)
    return lines


def _left_out(routine: Routine) -> list[str]:
    """The short end: each exercise a limit, condition, missing equipment, the screen
    or the time budget left out, one line each with its reason."""
    said = omissions(routine)
    if not said:
        return []
    return ["", _Styled("Left out:", BOLD), *(f"  - {left.name}: {why}" for left, why in said)]


def _explanation(routine: Routine) -> list[str]:
    """``--explain``'s end: every exercise considered and not given, with every reason,
    and the plugins used."""
    lines: list[str] = (
        ["", _Styled("Left out:", BOLD), "  (every exercise considered and not given)"]
        if routine.left_out
        else []
    )
    for left in routine.left_out:
        lines.append(f"  {left.exercise} ({left.name})")
        lines += [f"    - {reason_words(r, True)}" for r in left.reasons]
    return [*lines, "", "Plugins: " + (", ".join(routine.plugins) or "none")]


def _halts(routine: Routine) -> list[Advice]:
    """The safety screen's reasons for giving no routine (shown first, as STOP lines)."""
    if not routine.halted:
        return []
    return [a for a in routine.advice if a.kind == "stop"]


def _line(text: str) -> str:
    # Text from plugins is data: no escape sequence or control character reaches
    # the terminal, and a newline inside a cue cannot start a line of its own.
    return inert(text).replace("\n", " ")


BOLD = "\x1b[1m"
DOSE = "\x1b[36m"
WARN = "\x1b[1;33m"
STOP = "\x1b[1;31m"
RESET = "\x1b[0m"


class _Styled(str):
    """A line with a colour for the part from ``start`` to ``end`` (None: the line's end).

    The offsets fall in lowback's own words (a label, the line's start), so they
    hold after plugin text further on is made inert.
    """

    style: str
    start: int
    end: int | None

    def __new__(cls, text: str, style: str, *, start: int = 0, end: int | None = None) -> _Styled:
        line = super().__new__(cls, text)
        line.style, line.start, line.end = style, start, end
        return line


def _paint(line: str, color: bool) -> str:
    """The line made inert, then, with ``color``, its styled part wrapped in escape codes."""
    text = _line(line)
    if not color or not isinstance(line, _Styled) or not text.strip():
        return text
    start = line.start + (len(text) - len(text.lstrip())) if line.start == 0 else line.start
    end = len(text) if line.end is None else line.end
    return f"{text[:start]}{line.style}{text[start:end]}{RESET}{text[end:]}"
