"""Plain-English words for doses, positions and reasons, shared by every text format."""

from __future__ import annotations

from ..models import Advice, Dose, Routine

POSITION_WORDS = {
    "lying-back": "lying on your back",
    "side-lying": "lying on your side",
    "lying-front": "lying face down",
    "seated": "seated",
    "all-fours": "on all fours",
    "kneeling": "kneeling",
    "half-kneeling": "half-kneeling",
    "standing": "standing",
}

TIMING_WORDS = {"after-legs": "after a leg workout", "before-workout": "before a workout"}

SHOWN_EFFECTS = frozenset({"include", "substitute", "variation", "dose", "merge"})
"""The reasons every format shows for an item; the rest only with ``--explain``."""

ADVICE_LABELS = {
    "unscreened": "Not screened",
    "stop": "No routine today",
    "frequency": "How often",
    "article": "Note",
    "safety": "Safety",
    "note": "Note",
}
"""The label each kind of advice is printed under, in every format."""


def unscreened(routine: Routine) -> str | None:
    """The emergency-signs line a routine for someone not screened leads with, if any."""
    return next((a.text for a in routine.advice if a.kind == "unscreened"), None)


_FIELD_WORDS = {
    "sets": "sets",
    "reps": "reps",
    "hold_s": "hold time",
    "duration_s": "time",
    "per_side": "sides",
}


def plural(n: int, word: str) -> str:
    """``1 set``, ``2 sets``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def clock(seconds: int) -> str:
    """``95`` -> ``1 min 35 s``; under a minute, ``40 s``."""
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if rest == 0 else f"{minutes} min {rest:02d} s"


def range_words(dose: Dose) -> str:
    """The ranges an article gives for a dose (``2-3 sets, 20-30 s holds``), or ""."""
    parts = []
    if dose.sets_max is not None:
        parts.append(f"{dose.sets}-{dose.sets_max} sets")
    if dose.reps_max is not None:
        parts.append(f"{dose.reps}-{dose.reps_max} reps")
    if dose.hold_s_max is not None:
        parts.append(f"{dose.hold_s}-{dose.hold_s_max} s holds")
    return ", ".join(parts)


def describe_dose(dose: Dose) -> str:
    """A dose in words, with the article's range and which numbers are lowback's."""
    parts = [plural(dose.sets, "set")]
    if dose.reps is not None:
        parts.append(plural(dose.reps, "rep"))
    elif dose.hold_s is not None:
        parts.append(f"{dose.hold_s} s hold")
    elif dose.duration_s is not None:
        parts.append(f"{dose.duration_s} s")
    text = " x ".join(parts)
    if dose.segments:
        text += " on each part (" + "; ".join(dose.segments) + ")"
    text += ", each side" if dose.per_side else ""
    ranges = range_words(dose)
    if ranges:
        text += f" (the article: {ranges})"
    if dose.ours:
        text += f" (lowback's default: {', '.join(_FIELD_WORDS[f] for f in dose.ours)})"
    return text


def advice_source(advice: Advice, *, explain: bool = False) -> str:
    """The article title an advice line cites, quoted; a rule's id only when explaining."""
    if not advice.source:
        return ""
    if advice.kind in ("frequency", "article"):
        return f'"{advice.source}"'
    return advice.source if explain else ""
