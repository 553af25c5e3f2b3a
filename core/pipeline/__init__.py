"""The recommendation pipeline: pure stages from a context to a routine.

``Context -> screen -> cautions -> rules decide -> select (one way per muscle)
-> merge (choosing rungs) -> dose -> arrange -> rules review -> Routine``. Nothing here
does I/O or keeps state; the engine passes in the index and the rules it loaded.
Merging comes before dosing, so only the exercises kept are dosed.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import PluginFault
from ..index import CatalogueIndex
from ..models import Advice, Context, LeftOut, Reason, Routine
from ..rules import HALT_LEVELS, DraftItem, Drop, Halt, Note, ScheduleNote
from ..screening import NO_QUESTIONS, Questions
from .arrange import arrange
from .cautions import CAUTIONS
from .decisions import BoundRule, RuleDecisions, ask
from .dosing import dose_picks
from .ladder import rung_chooser
from .merge import merge_movements
from .picks import Pick, engine_reason, left_out
from .routine import SAFETY_NOTE, build_routine
from .same_way import reconsider
from .screen import ease_doses, screen
from .select import select


def recommend(
    context: Context,
    index: CatalogueIndex,
    rules: Sequence[BoundRule],
    plugins: tuple[str, ...] = (),
    questions: Questions = NO_QUESTIONS,
) -> tuple[Routine, list[PluginFault]]:
    """Build the routine for ``context``; rule faults are returned, not raised.

    ``questions`` are the plugins' screening questions, which the screen honours.
    """
    faults: list[PluginFault] = []
    decided = RuleDecisions()
    for bound in (screen(questions), CAUTIONS, *rules):
        faults += ask(bound, "decide", context, index, decided)

    notes: list[Advice] = []
    schedules: list[Advice] = []  # kept only for items whose article's frequency tapers
    for bound, decisions in decided.of(Note):
        for d in decisions:
            into = schedules if isinstance(d, ScheduleNote) else notes
            into.append(Advice(kind="note", text=d.text, source=bound.ref))
    halts = sorted(
        ((HALT_LEVELS.index(d.level), bound.ref, d) for bound, ds in decided.of(Halt) for d in ds),
        key=lambda t: (t[0], t[1]),
    )
    if halts:
        stops = [Advice(kind="stop", text=d.text, source=ref) for _, ref, d in halts]
        return build_routine(context, [], [], plugins, [*stops, *notes], halted=True), faults

    picks, left, same_way = select(index, decided, context)
    picks, dropped = merge_movements(picks, rung_chooser(decided, index), context.timing)
    left += dropped
    picks = arrange(ease_doses(dose_picks(picks, decided), context))

    picks, dropped = review(picks, rules, context, index, faults)
    left += dropped
    # Same-way defers only to items that stay: what deferred to an item a review
    # dropped is reconsidered once, with the rest of the routine (pipeline/same_way.py).
    back, same_way = reconsider(same_way, {lo.exercise for lo in dropped}, picks, context)
    if back:
        back, lost = merge_movements(back, rung_chooser(decided, index), context.timing)
        left += lost
        more = ease_doses(dose_picks(back, decided), context)
        picks, dropped = review(arrange([*picks, *more]), rules, context, index, faults)
        left += dropped
    steps = {e.key: i for i, p in enumerate(picks, start=1) for e in (p.entry, *p.also)}
    left += [s.left_out(steps) for s in same_way]
    return build_routine(context, picks, left, plugins, notes, schedules), faults


def review(
    picks: list[Pick],
    rules: Sequence[BoundRule],
    context: Context,
    index: CatalogueIndex,
    faults: list[PluginFault],
) -> tuple[list[Pick], list[LeftOut]]:
    """Every rule's review of the draft routine; the picks no review drops, and the rest
    left out (rule faults are added to ``faults``)."""
    draft = tuple(
        DraftItem(
            exercise=p.entry.key, name=p.entry.exercise.name, seconds=p.seconds, score=p.score
        )
        for p in picks
    )
    reviewed = RuleDecisions()
    for bound in rules:
        faults += ask(bound, "review", context, index, reviewed, draft)
    return drop_reviewed(picks, reviewed)


def drop_reviewed(picks: list[Pick], reviewed: RuleDecisions) -> tuple[list[Pick], list[LeftOut]]:
    """The picks no review drops, and a left-out record for each one dropped."""
    drops: dict[str, list[Reason]] = {}
    for bound, decisions in reviewed.of(Drop):
        for d in decisions:
            drops.setdefault(d.exercise, []).append(reviewed.reason(bound, d, "drop"))
    left: list[LeftOut] = []
    for p in picks:
        why = drops.get(p.entry.key)
        if why is None:
            continue
        left.append(left_out(p.entry, (*p.reasons, *why)))
        # An item held once for several sources leaves them all out, each saying why.
        held = engine_reason(
            "merge",
            "merge",
            f"movement={p.entry.movement}",
            f"Held once as {p.entry.exercise.name} ({p.entry.key}), which is left out.",
        )
        left += [left_out(e, (held, *why)) for e in p.also]
    return [p for p in picks if p.entry.key not in drops], left


__all__ = ["SAFETY_NOTE", "BoundRule", "recommend"]
