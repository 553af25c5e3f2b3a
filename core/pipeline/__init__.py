"""The recommendation pipeline: pure stages from a context to a routine.

``Context -> rules decide -> select -> merge (choosing rungs) -> dose -> arrange
-> rules review -> Routine``. Nothing here does I/O or keeps state; the engine
passes in the index and the rules it loaded. Merging before dosing doses only
the exercises kept (at 1,000 catalogues, about 60 of 10,000 picks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import PluginFault
from ..index import CatalogueIndex
from ..models import (
    Advice,
    Context,
    Reason,
    Routine,
    RoutineItem,
    VariationChoice,
)
from ..models.base import build
from ..rules import (
    ChooseRung,
    Decision,
    DraftItem,
    Drop,
    Halt,
    Note,
    SetAside,
    SetDose,
    Veto,
    Vote,
)
from .arrange import arrange
from .dosing import dose_picks
from .ladder import rung_chooser
from .merge import merge_movements
from .picks import Ballot, BoundRule, Left, Pick, engine_reason
from .records import Records
from .select import select

HALT_LEVELS = ("urgent", "clinician", "rest")
SAFETY_NOTE = "This is not medical advice. If your pain worsens, stop and see a clinician."


def recommend(
    context: Context,
    index: CatalogueIndex,
    rules: Sequence[BoundRule],
    plugins: tuple[str, ...] = (),
    records: Records | None = None,
) -> tuple[Routine, list[PluginFault]]:
    """Build the routine for ``context``; rule faults are returned, not raised.

    ``records`` is the engine's store of reasons, citations and left-out
    records, filled as the call needs them; without it, the call keeps its own.
    """
    if records is None:
        records = Records.for_exercises(len(index))
    make = records.reason
    faults: list[PluginFault] = []
    ballot = Ballot(make)
    for bound in rules:
        _call(bound, "decide", context, index, index, ballot, faults)

    halts = sorted(
        (
            (HALT_LEVELS.index(d.level), bound.ref, d)
            for bound, decisions in ballot.of(Halt)
            for d in decisions
        ),
        key=lambda t: (t[0], t[1]),
    )
    notes = [
        build(Advice, {"kind": "note", "text": d.text, "source": bound.ref})
        for bound, decisions in ballot.of(Note)
        for d in decisions
    ]
    if halts:
        halted = [
            build(Advice, {"kind": "stop", "text": d.text, "source": ref}) for _, ref, d in halts
        ]
        return _routine(context, [], [], plugins, [*halted, *notes], records, halted=True), faults

    picks, left = select(index, ballot)
    picks, dropped = merge_movements(picks, rung_chooser(ballot, index))
    left += dropped
    picks = arrange(dose_picks(picks, ballot))

    draft = tuple(DraftItem(p.entry.key, p.entry.exercise.name, p.seconds, p.score) for p in picks)
    reviews = Ballot(make)
    for bound in rules:
        _call(bound, "review", context, draft, index, reviews, faults)
    drops: dict[str, list[Reason]] = {}
    for bound, decisions in reviews.of(Drop):
        for d in decisions:
            drops.setdefault(d.exercise, []).append(reviews.reason(bound, d, "drop"))
    if drops:
        for p in picks:
            if p.entry.key not in drops:
                continue
            why = tuple(drops[p.entry.key])
            left.append(Left(p.entry, (*p.reasons, *why)))
            # An item held once for several sources leaves them all out, each saying why.
            held = engine_reason(
                "merge",
                "merge",
                f"movement={p.entry.movement}",
                f"Held once as {p.entry.exercise.name} ({p.entry.key}), which is left out.",
            )
            left += [Left(e, (held, *why)) for e in p.also]
        picks = [p for p in picks if p.entry.key not in drops]

    return _routine(context, picks, left, plugins, notes, records), faults


def _call(
    bound: BoundRule,
    method: str,
    context: Context,
    arg: object,
    index: CatalogueIndex,
    ballot: Ballot,
    faults: list[PluginFault],
) -> None:
    """Call the rule's ``method``; keep its sound decisions in ``ballot``, faults in ``faults``."""
    try:
        decisions = list(getattr(bound.rule, method)(context, arg))
    except Exception as exc:  # a plugin's bug must not take the routine down
        faults.append(
            PluginFault(bound.plugin, "rule", f"rule {bound.ref} raised in {method}(): {exc!r}")
        )
        return
    if not decisions:
        return
    by_kind: dict[type, list[Decision]] = {}
    rungs = index.rungs
    for d in decisions:
        kind = _KINDS.get(type(d)) or _kind_of(d)
        if kind is None:
            problem: str | None = f"returned {type(d).__name__}, not a decision from lowback.rules"
        elif kind is Halt or kind is Note:
            problem = _check(d, rungs)
        elif (kind is Drop) != (method == "review"):
            problem = f"{kind.__name__} cannot be returned from {method}()"
        elif kind is Vote or kind is SetAside or kind is Drop:
            # The common case, checked inline: this runs for every decision of every call.
            problem = None if d.exercise in rungs else _unknown(d)
        else:
            problem = _check(d, rungs)
        if problem:
            faults.append(PluginFault(bound.plugin, "rule", f"rule {bound.ref}: {problem}"))
            continue
        assert kind is not None
        have = by_kind.get(kind)
        if have is None:
            by_kind[kind] = [d]
        else:
            have.append(d)
    for kind, kept in by_kind.items():
        ballot.add(bound, kind, kept)


_KINDS: dict[type, type] = {
    k: k for k in (Vote, SetAside, Veto, ChooseRung, SetDose, Drop, Halt, Note)
}
"""Each decision type, so that sorting a decision is one dictionary look-up."""


def _kind_of(d: object) -> type | None:
    # A subclass of a decision type counts as that type.
    return next((k for k in _KINDS if isinstance(d, k)), None)


def _unknown(d: Vote | SetAside | Veto | ChooseRung | SetDose | Drop) -> str:
    return f"names unknown exercise {d.exercise!r}"


def _check(d: Decision, rungs: Mapping[str, tuple[str, ...]]) -> str | None:
    """What is wrong with a rung decision, a halt or a note (None when nothing is)."""
    if isinstance(d, Halt):
        if d.level not in HALT_LEVELS:
            return f"Halt level {d.level!r} is not one of {', '.join(HALT_LEVELS)}"
        return None
    if isinstance(d, Note):
        return None
    ladder = rungs.get(d.exercise)
    if ladder is None:
        return _unknown(d)
    if isinstance(d, Veto | ChooseRung | SetDose) and d.rung is not None and d.rung not in ladder:
        return f"names unknown rung {d.rung!r} of {d.exercise}"
    return None


def _item(step: int, pick: Pick, records: Records) -> RoutineItem:
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
            "sources": tuple(records.source(e) for e in (pick.entry, *pick.also)),
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
    records: Records,
    *,
    halted: bool = False,
) -> Routine:
    items = tuple(_item(i, p, records) for i, p in enumerate(picks, start=1))
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
                records.left_out(lo) for lo in sorted(left, key=lambda lo: lo.entry.key)
            ),
            "advice": tuple(advice),
            "total_seconds": sum(i.seconds for i in items),
            "halted": halted,
            "plugins": plugins,
        },
    )


__all__ = ["BoundRule", "Records", "recommend"]
