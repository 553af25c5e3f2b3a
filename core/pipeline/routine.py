"""Stage: the :class:`~lowback.models.Routine` from the final picks, with its advice."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import (
    Advice,
    Catalogue,
    Context,
    LeftOut,
    Routine,
    RoutineItem,
    VariationChoice,
)
from ..render.phrases import steps_words
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
        other_positions=ex.other_positions,
        ours=ex.ours,
        level=ex.level,
        targets=ex.targets,
        secondary_targets=ex.secondary_targets,
        image=ex.image,
    )


def catalogue_advice(
    context: Context, picks: list[Pick], schedules: Sequence[Advice] = ()
) -> list[Advice]:
    """What the articles the routine draws on advise: how often, and their notes.

    An item follows the schedule of the article that gives its cues and dose (a
    stand-in, the article of the exercise it stands in for). A catalogue done at
    another time than the context's has no say on frequency. When the schedules
    given do not cover every item, each line names the items it covers. A rule's
    :class:`~lowback.rules.ScheduleNote` (``schedules``: the progression rule dates
    the next session by the first article's taper) is kept only when an item
    follows a tapering schedule, naming those items likewise.
    """
    steps: dict[str, list[int]] = {}
    standing: dict[str, list[tuple[int, Pick]]] = {}  # stand-ins from another catalogue
    used: dict[str, Catalogue] = {}
    for step, p in enumerate(picks, start=1):
        steps.setdefault(p.scheduled_by.catalogue.id, []).append(step)
        if p.scheduled_by.catalogue.id != p.entry.catalogue.id:
            standing.setdefault(p.scheduled_by.catalogue.id, []).append((step, p))
        for entry in (p.entry, *p.also, p.scheduled_by):
            used[entry.catalogue.id] = entry.catalogue
    advice: list[Advice] = []
    tapering: list[int] = []
    for cat_id in sorted(used):
        cat = used[cat_id]
        other_time = context.timing and cat.timing and context.timing not in cat.timing
        mine = steps.get(cat_id, [])
        if cat.frequency is not None and mine and not other_time:
            advice += _frequency(cat, mine, standing.get(cat_id, []), len(picks))
            if cat.frequency.later_per_week_min is not None:
                tapering += mine
        advice += [Advice(kind="article", text=t, source=cat.source.title) for t in cat.advice]
    for note in reversed(schedules) if tapering else ():
        if len(tapering) < len(picks):
            # The next session is the whole routine's, but only these items are dated by
            # it: say that the others keep to their own "How often" line.
            scope = f"For {steps_words(sorted(tapering))} (the others keep to their own schedule)"
            note = note.model_copy(update={"text": f"{scope}: {note.text}"})
        advice.insert(0, note)
    return advice


def _frequency(
    cat: Catalogue, mine: list[int], standing: list[tuple[int, Pick]], total: int
) -> list[Advice]:
    """The frequency lines of ``cat`` for the items it schedules (steps ``mine``).

    Its own items get its line, citing it, naming them unless they are the whole
    routine. Stand-ins from another catalogue get a line of their own that cites no
    article: the article does not describe them, and following the schedule of the
    exercise they replace is lowback's choice.
    """
    assert cat.frequency is not None
    text = cat.frequency.text
    lower = f"{text[0].lower()}{text[1:]}"
    stand_steps = {step for step, _ in standing}
    own = [step for step in mine if step not in stand_steps]
    lines: list[Advice] = []
    if own:
        line = text if len(own) == total else f"For {steps_words(own)}: {lower}"
        lines.append(Advice(kind="frequency", text=line, source=cat.source.title))
    if not lower.endswith("."):
        lower += "."
    for step, p in standing:
        assert p.stands_for is not None
        name = p.entry.exercise.name
        lines.append(
            Advice(
                kind="frequency",
                text=(
                    f"For item {step}, {name}: {lower} This is the schedule "
                    f'"{cat.source.title}" gives {p.stands_for.exercise.name}, which it '
                    f"stands in for; that article does not describe {name}, and following "
                    "its schedule is lowback's choice."
                ),
            )
        )
    return lines


def build_routine(
    context: Context,
    picks: list[Pick],
    left: list[LeftOut],
    plugins: tuple[str, ...],
    notes: list[Advice],
    schedules: Sequence[Advice] = (),
    *,
    halted: bool = False,
) -> Routine:
    """The routine: items in order, what was left out (by key), and every piece of advice.

    ``schedules`` are the rules' schedule notes (see :func:`catalogue_advice`).
    """
    items = tuple(routine_item(i, p) for i, p in enumerate(picks, start=1))
    advice = [*notes, *catalogue_advice(context, picks, schedules)]
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
