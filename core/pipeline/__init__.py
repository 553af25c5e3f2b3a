"""The recommendation pipeline: pure stages from a context to a routine.

``Context -> rules decide -> select -> choose rungs -> merge -> dose -> arrange
-> rules review -> Routine``. Nothing here does I/O or keeps state; the engine
passes in the index and the rules it loaded. Merging before dosing doses only
the exercises kept (at 1,000 catalogues, about 60 of 10,000 picks).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..errors import PluginFault
from ..index import CatalogueIndex, Entry
from ..models import Advice, Context, LeftOut, Routine, RoutineItem, SourceRef, VariationChoice
from ..models.base import build
from ..rules import (
    ChooseRung,
    Decision,
    DraftItem,
    Drop,
    Halt,
    Note,
    Rule,
    SetAside,
    SetDose,
    Veto,
    Vote,
)
from .arrange import arrange
from .dosing import dose_picks
from .ladder import choose_rungs
from .merge import merge_movements
from .picks import Left, Pick, ReasonMaker, Stamped, engine_reason, new_reason, reason_cache
from .select import select

HALT_LEVELS = ("urgent", "clinician", "rest")
SAFETY_NOTE = "This is not medical advice. If your pain worsens, stop and see a clinician."


class BoundRule(NamedTuple):
    """A rule as loaded: ``ref`` is ``plugin:rule-id``."""

    ref: str
    plugin: str
    version: str | None
    rule: Rule


def recommend(
    context: Context,
    index: CatalogueIndex,
    rules: Sequence[BoundRule],
    plugins: tuple[str, ...] = (),
    reasons: ReasonMaker | None = None,
) -> tuple[Routine, list[PluginFault]]:
    """Build the routine for ``context``; rule faults are returned, not raised.

    ``reasons`` is the engine's reason cache (:func:`reason_cache`); without one,
    every reason is built anew.
    """
    make = reasons or new_reason
    faults: list[PluginFault] = []
    stamped: list[Stamped] = []
    for bound in rules:
        stamped.extend(
            _call(bound, "decide", bound.rule.decide, context, index, index, faults, make)
        )

    halts = sorted(
        (
            (HALT_LEVELS.index(s.decision.level), s.rule, s)
            for s in stamped
            if isinstance(s.decision, Halt)
        ),
        key=lambda t: (t[0], t[1]),
    )
    notes = [
        build(Advice, {"kind": "note", "text": s.decision.text, "source": s.rule})
        for s in stamped
        if isinstance(s.decision, Note)
    ]
    if halts:
        halted = [
            build(Advice, {"kind": "stop", "text": s.decision.text, "source": s.rule})
            for _, _, s in halts
        ]
        return _routine(context, [], [], plugins, [*halted, *notes], halted=True), faults

    picks, left = select(index, stamped)
    picks, dropped = choose_rungs(picks, stamped)
    left += dropped
    picks = arrange(dose_picks(merge_movements(picks), stamped))

    draft = tuple(DraftItem(p.entry.key, p.entry.exercise.name, p.seconds, p.score) for p in picks)
    drops: dict[str, list[Stamped]] = {}
    for bound in rules:
        for s in _call(bound, "review", bound.rule.review, context, draft, index, faults, make):
            if isinstance(s.decision, Drop):
                drops.setdefault(s.decision.exercise, []).append(s)
    if drops:
        for p in picks:
            if p.entry.key not in drops:
                continue
            why = tuple(s.reason("drop") for s in drops[p.entry.key])
            left.append(Left(p.entry, (*p.reasons, *why)))
            # An item held once for several sources leaves them all out, each saying why.
            held = engine_reason(
                "merge",
                "merge",
                f"movement={p.entry.exercise.movement}",
                f"Held once as {p.entry.exercise.name} ({p.entry.key}), which is left out.",
            )
            left += [Left(e, (held, *why)) for e in p.also]
        picks = [p for p in picks if p.entry.key not in drops]

    return _routine(context, picks, left, plugins, notes), faults


def _call(
    bound: BoundRule,
    method: str,
    fn: object,
    context: Context,
    arg: object,
    index: CatalogueIndex,
    faults: list[PluginFault],
    make: ReasonMaker,
) -> Iterable[Stamped]:
    try:
        decisions = list(fn(context, arg))  # type: ignore[operator]
    except Exception as exc:  # a plugin's bug must not take the routine down
        faults.append(
            PluginFault(bound.plugin, "rule", f"rule {bound.ref} raised in {method}(): {exc!r}")
        )
        return []
    good: list[Stamped] = []
    for d in decisions:
        problem = _check(d, method, index)
        if problem:
            faults.append(PluginFault(bound.plugin, "rule", f"rule {bound.ref}: {problem}"))
            continue
        good.append(Stamped(bound.ref, bound.version, d, make))
    return good


# What each decision type names, so that checking one is a dictionary look-up
# (this runs for every decision of every rule on every call).
_NAMES: dict[type, str] = {
    Vote: "exercise",
    SetAside: "exercise",
    Veto: "rung",
    ChooseRung: "rung",
    SetDose: "rung",
    Drop: "exercise",
    Halt: "halt",
    Note: "nothing",
}


def _names(d: object) -> str | None:
    names = _NAMES.get(type(d))
    if names is None:  # a subclass of a decision type
        names = next((n for t, n in _NAMES.items() if isinstance(d, t)), None)
    return names


def _check(d: Decision, method: str, index: CatalogueIndex) -> str | None:
    names = _names(d)
    if names is None:
        return f"returned {type(d).__name__}, not a decision from lowback.rules"
    if names == "halt":
        assert isinstance(d, Halt)
        if d.level not in HALT_LEVELS:
            return f"Halt level {d.level!r} is not one of {', '.join(HALT_LEVELS)}"
        return None
    if names == "nothing":
        return None
    assert not isinstance(d, Halt | Note)
    if isinstance(d, Drop) != (method == "review"):
        return f"{type(d).__name__} cannot be returned from {method}()"
    rungs = index.rungs.get(d.exercise)
    if rungs is None:
        return f"names unknown exercise {d.exercise!r}"
    if names == "rung":
        assert isinstance(d, Veto | ChooseRung | SetDose)
        if d.rung is not None and d.rung not in rungs:
            return f"names unknown rung {d.rung!r} of {d.exercise}"
    return None


def _source(entry: Entry) -> SourceRef:
    # One per exercise per engine: the entry (and so the citation) never changes.
    cached = _SOURCES.get(entry)
    if cached is not None:
        return cached
    cat = entry.catalogue
    ref = build(
        SourceRef,
        {
            "catalogue": cat.id,
            "exercise": entry.key,
            "title": cat.source.title,
            "author": cat.source.author,
            "credit": cat.source.credit,
            "section": entry.exercise.section,
            "plugin": entry.plugin,
            "plugin_version": entry.plugin_version,
        },
    )
    _SOURCES[entry] = ref
    return ref


_SOURCES: weakref.WeakKeyDictionary[Entry, SourceRef] = weakref.WeakKeyDictionary()


def _item(step: int, pick: Pick) -> RoutineItem:
    ex = pick.entry.exercise
    rung = ex.ladder[pick.rung]
    assert pick.dose is not None
    return build(
        RoutineItem,
        {
            "step": step,
            "exercise": pick.entry.key,
            "name": ex.name,
            "kind": ex.kind,
            "position": ex.position,
            "equipment": tuple(sorted({*ex.equipment, *rung.equipment})),
            "variation": build(
                VariationChoice,
                {"id": rung.id, "name": rung.name, "rung": pick.rung + 1, "of": len(ex.ladder)},
            ),
            "dose": pick.dose,
            "seconds": pick.seconds,
            "cues": (*ex.cues, *rung.cues),
            "sources": tuple(_source(e) for e in (pick.entry, *pick.also)),
            "reasons": pick.reasons,
            "score": pick.score,
        },
    )


def _routine(
    context: Context,
    picks: list[Pick],
    left: list[Left],
    plugins: tuple[str, ...],
    notes: list[Advice],
    *,
    halted: bool = False,
) -> Routine:
    items = tuple(_item(i, p) for i, p in enumerate(picks, start=1))
    advice: list[Advice] = list(notes)
    used = {e.catalogue.id: e.catalogue for p in picks for e in (p.entry, *p.also)}
    for cat_id in sorted(used):
        cat = used[cat_id]
        # A catalogue done at another time (one lending a stand-in) has no say on frequency.
        other_time = context.timing and cat.timing and context.timing not in cat.timing
        if cat.frequency is not None and not other_time:
            advice.append(
                build(
                    Advice,
                    {"kind": "frequency", "text": cat.frequency.text, "source": cat.source.title},
                )
            )
        advice += [
            build(Advice, {"kind": "article", "text": t, "source": cat.source.title})
            for t in cat.advice
        ]
    advice.append(build(Advice, {"kind": "safety", "text": SAFETY_NOTE}))
    return build(
        Routine,
        {
            "context": context,
            "items": items,
            "left_out": tuple(
                build(
                    LeftOut,
                    {
                        "exercise": lo.entry.key,
                        "name": lo.entry.exercise.name,
                        "reasons": lo.reasons,
                    },
                )
                for lo in sorted(left, key=lambda lo: lo.entry.key)
            ),
            "advice": tuple(advice),
            "total_seconds": sum(i.seconds for i in items),
            "halted": halted,
            "plugins": plugins,
        },
    )


__all__ = ["BoundRule", "ReasonMaker", "reason_cache", "recommend"]
