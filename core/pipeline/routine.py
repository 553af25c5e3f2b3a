"""Stage: the :class:`~lowback.models.Routine` from the final picks, with its advice."""

from __future__ import annotations

from ..models import Advice, Context, LeftOut, Routine, RoutineItem, VariationChoice
from ..screening import UNSCREENED
from .picks import Pick

SAFETY_NOTE = "This is not medical advice. If your pain worsens, stop and see a clinician."

STOP_RULES = (
    "Stretch only to a mild, comfortable tension, never into pain. Stop, and get advice "
    "from a GP or physiotherapist, if pain spreads down a leg, or tingling, numbness or "
    "weakness starts."
)
"""Carried by every routine given (sources in docs/safety.md)."""


def routine_item(step: int, pick: Pick) -> RoutineItem:
    """One step of the routine: the pick's exercise at its rung and dose."""
    ex = pick.entry.exercise
    rung = ex.ladder[pick.rung]
    assert pick.dose is not None
    return RoutineItem(
        step=step,
        exercise=pick.entry.key,
        name=ex.name,
        kind=ex.kind,
        position=ex.position,
        equipment=tuple(sorted({*ex.equipment, *rung.equipment})),
        variation=VariationChoice(
            id=rung.id, name=rung.name, rung=pick.rung + 1, of=len(ex.ladder)
        ),
        dose=pick.dose,
        seconds=pick.seconds,
        cues=(*ex.cues, *rung.cues),
        sources=tuple(e.citation for e in (pick.entry, *pick.also)),
        reasons=pick.reasons,
        score=pick.score,
    )


def catalogue_advice(context: Context, picks: list[Pick]) -> list[Advice]:
    """What the articles the routine draws on advise: how often, and their notes."""
    advice: list[Advice] = []
    used = {e.catalogue.id: e.catalogue for p in picks for e in (p.entry, *p.also)}
    for cat_id in sorted(used):
        cat = used[cat_id]
        # A catalogue done at another time (one lending a stand-in) has no say on frequency.
        other_time = context.timing and cat.timing and context.timing not in cat.timing
        if cat.frequency is not None and not other_time:
            advice.append(
                Advice(kind="frequency", text=cat.frequency.text, source=cat.source.title)
            )
        advice += [Advice(kind="article", text=t, source=cat.source.title) for t in cat.advice]
    return advice


def build_routine(
    context: Context,
    picks: list[Pick],
    left: list[LeftOut],
    plugins: tuple[str, ...],
    notes: list[Advice],
    *,
    halted: bool = False,
) -> Routine:
    """The routine: items in order, what was left out (by key), and every piece of advice."""
    items = tuple(routine_item(i, p) for i, p in enumerate(picks, start=1))
    advice = [*notes, *catalogue_advice(context, picks)]
    if not context.screened and not halted:
        advice.insert(0, Advice(kind="unscreened", text=UNSCREENED))
    if not halted:  # a halt's own message says what to do, and ends the routine
        advice += [Advice(kind="safety", text=STOP_RULES), Advice(kind="safety", text=SAFETY_NOTE)]
    return Routine(
        context=context,
        items=items,
        left_out=tuple(sorted(left, key=lambda lo: lo.exercise)),
        advice=tuple(advice),
        total_seconds=sum(i.seconds for i in items),
        halted=halted,
        plugins=plugins,
    )
