"""Plain-English words for doses, positions and reasons, shared by every text format."""

from __future__ import annotations

from ..models import Advice, Dose, LeftOut, Reason, Routine, RoutineItem, SourceRef

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
    "pause_s": "pauses",
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


def steps_words(steps: list[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``items 1-3 and 5``."""
    runs: list[list[int]] = []
    for step in steps:
        if runs and step == runs[-1][-1] + 1:
            runs[-1].append(step)
        else:
            runs.append([step])
    # A run of three or more is a range; shorter runs are their numbers.
    words = [w for r in runs for w in ([f"{r[0]}-{r[-1]}"] if len(r) > 2 else map(str, r))]
    joined = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return f"{'item' if len(steps) == 1 else 'items'} {joined}"


DEFAULT_MARK = "*"
"""Marks each number of a dose that is lowback's default, not the article's."""

LEGEND = (
    "* marks a number that is lowback's default, not the article's, or a body position "
    "lowback inferred or chose itself."
)
"""Said once in a routine whose doses or positions carry :data:`DEFAULT_MARK`."""


def describe_dose(dose: Dose, *, marked: bool = False) -> str:
    """A dose in words, with the article's range and which numbers are lowback's.

    ``marked``: each default number carries :data:`DEFAULT_MARK` (a routine says
    :data:`LEGEND` once); otherwise they are named at the end in words.
    """

    def mark(field: str) -> str:
        return DEFAULT_MARK if marked and field in dose.ours else ""

    parts = [plural(dose.sets, "set") + mark("sets")]
    if dose.reps is not None:
        parts.append(plural(dose.reps, "rep") + mark("reps"))
    elif dose.hold_s is not None:
        parts.append(f"{dose.hold_s} s{mark('hold_s')} hold")
    elif dose.duration_s is not None:
        parts.append(f"{dose.duration_s} s{mark('duration_s')}")
    text = " x ".join(parts)
    if dose.pause_s is not None:
        top = f"-{dose.pause_s_max}" if dose.pause_s_max is not None else ""
        text += f", pausing {dose.pause_s}{top} s{mark('pause_s')} on tender spots"
    if dose.segments:
        text += " on each part (" + "; ".join(dose.segments) + ")"
    text += f", each side{mark('per_side')}" if dose.per_side else ""
    ranges = range_words(dose)
    if ranges:
        text += f" (the article: {ranges})"
    if dose.ours and not marked:
        text += f" (lowback's default: {', '.join(_FIELD_WORDS[f] for f in dose.ours)})"
    return text


def marks_defaults(routine: Routine) -> bool:
    """Some item's dose has a number that is lowback's default, or its position is
    lowback's reading (the legend is due)."""
    return any(item.dose.ours or item.ours for item in routine.items)


def position_words(item: RoutineItem) -> str:
    """``lying face down*``; an exercise done in several positions: ``seated or standing``.
    Each position that is lowback's reading carries :data:`DEFAULT_MARK`."""
    main = POSITION_WORDS[item.position] + (DEFAULT_MARK if "position" in item.ours else "")
    others = [POSITION_WORDS[p] for p in item.other_positions]
    if not others:
        return main
    mark = DEFAULT_MARK if "other_positions" in item.ours else ""
    return f"{main} or {' or '.join(others)}{mark}"


def level_words(item: RoutineItem) -> str:
    """``, beginner`` after an item's position when its source gives a level, else ``""``."""
    return f", {item.level}" if item.level else ""


def targets_words(item: RoutineItem) -> str:
    """``quadriceps; also glutes`` when the source names muscles it also works, else ``""``
    (an item's main targets alone add nothing its name and reasons do not say)."""
    if not item.secondary_targets:
        return ""
    main = ", ".join(t.replace("-", " ") for t in item.targets)
    also = ", ".join(t.replace("-", " ") for t in item.secondary_targets)
    return f"{main}; also {also}"


def source_extras(source: SourceRef) -> str:
    """``, licence: public domain`` when the source names its licence, else ``""``."""
    return f", licence: {source.licence}" if source.licence else ""


def web_address(url: str | None) -> str | None:
    """``url`` when it is a web address a reader can follow (http or https), else None."""
    odd = any(c.isspace() or c in '<>"' for c in url or "")
    if url and url.startswith(("https://", "http://")) and not odd:
        return url
    return None


def item_reasons(item: RoutineItem, explain: bool) -> tuple[Reason, ...]:
    """The reasons a format shows for ``item``: every one when explaining."""
    if explain:
        return item.reasons
    return tuple(r for r in item.reasons if r.effect in SHOWN_EFFECTS)


def shared_reasons(routine: Routine, explain: bool) -> list[tuple[Reason, str]]:
    """Reasons two or more items give, said once for the routine: each with the items
    it covers in words (``""`` when it covers every item)."""
    steps: dict[Reason, list[int]] = {}
    for item in routine.items:
        for reason in dict.fromkeys(item_reasons(item, explain)):
            steps.setdefault(reason, []).append(item.step)
    n = len(routine.items)
    return [
        (reason, "" if len(covered) == n else steps_words(covered))
        for reason, covered in steps.items()
        if len(covered) > 1
    ]


def own_reasons(item: RoutineItem, shared: list[tuple[Reason, str]], explain: bool) -> list[Reason]:
    """The reasons of ``item`` not already said once for the routine."""
    said = {reason for reason, _ in shared}
    return [r for r in item_reasons(item, explain) if r not in said]


OMITTED_EFFECTS = frozenset({"veto", "drop", "substitute"})


def omissions(routine: Routine) -> list[tuple[LeftOut, str]]:
    """Each exercise the routine wanted and could not give, with its reason in one line.

    Counted: an exercise left out by a limit, a condition, missing equipment, the
    screen or the time budget (a veto or a drop), saying what stands in for it.
    Not counted (``--explain`` lists them): exercises merely not chosen for this
    context: set aside for another time, or with too few votes. Nor is the other
    source of an exercise held once, left out with it: the one line says it.
    """
    out: list[tuple[LeftOut, str]] = []
    for left in routine.left_out:
        if any(r.effect == "set-aside" for r in left.reasons) or _held_with(left):
            continue
        if any(r.rule == "lowback:select" and r.effect == "drop" for r in left.reasons):
            continue
        why = [r.text for r in left.reasons if r.effect in ("veto", "drop")][:1]
        why += [r.text for r in left.reasons if r.effect == "substitute"][-1:]
        if why:
            out.append((left, " ".join(why)))
    return out


def _held_with(left: LeftOut) -> bool:
    """Left out only because the item it was held in is (its own line says so)."""
    first = left.reasons[0] if left.reasons else None
    return first is not None and first.rule == "lowback:merge" and first.effect == "merge"


def explain_reason(reason: Reason) -> str:
    """A reason with its effect, rule (and version) and fact, as ``--explain`` shows it."""
    version = f" {reason.plugin_version}" if reason.plugin_version else ""
    return f"[{reason.effect}] {reason.text} ({reason.rule}{version}; {reason.fact})"


def reason_words(reason: Reason, explain: bool) -> str:
    """A reason as an item shows it: its words, or with ``explain`` its rule and fact too."""
    return explain_reason(reason) if explain else reason.text


def covers_words(covers: str) -> str:
    """`` (items 1-3)`` after a reason several items share, or ``""`` when it names none."""
    return f" ({covers})" if covers else ""


def source_role(index: int, count: int, word: str = "From") -> str:
    """How a format labels the ``index``-th source of an item with ``count`` sources:
    the first gives the cues and dose; the others describe the same exercise."""
    if count == 1:
        return word
    return f"{word} (cues and dose)" if index == 0 else "Also described in"


def advice_source(advice: Advice, *, explain: bool = False) -> str:
    """The article title an advice line cites, quoted; a rule's id only when explaining."""
    if not advice.source:
        return ""
    if advice.kind in ("frequency", "article"):
        return f'"{advice.source}"'
    return advice.source if explain else ""
