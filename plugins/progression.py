"""Rule plugin: move each exercise up or down its ladder from the history's feedback.

Pure and deterministic: it reads ``context.progress`` (the history as data, read
by the command line before the pipeline) and returns decisions; it never opens
the database. With no ``progress`` on the context it does nothing.

Each exercise climbs one *level* at a time. An exercise's levels run through
its ladder, easiest rung first, and within each rung through the article's
dose range, when the article gives one: first the hold (or reps) rises to the
top of its range, then the sets (the quadratus lumborum stretch: 2 x 20 s,
2 x 30 s, 3 x 30 s). So a dose rises within the article's range before the
variation changes, and a new rung starts at its base dose.

- **Up** one level when the last :data:`STEP_UP_AFTER` rated sessions at the
  current level were all rated *easier*, with pain not rising in any of them.
  Never onto a rung a limit or missing equipment rules out.
- **Down** one level when the latest session was rated *harder*, or pain rose
  by :data:`PAIN_RISE_STEP_DOWN` or more, or ended above :data:`PAIN_CEILING`.
- **Hold** otherwise, saying why (too few sessions rated yet is *too little data*).

Every threshold here is lowback's default; the articles give none. An exercise
with a single form and no range (the psoas stretch, rocked rather than held)
keeps its form. The ``schedule`` rule adds a note saying when the next session
is due (see :mod:`lowback.schedule`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex, Entry
from lowback.models import Context, Dose, Exercise
from lowback.models.progress import Done, ExerciseProgress
from lowback.rules import ChooseRung, Decision, Note, Rule, SetDose

STEP_UP_AFTER = 3
"""lowback's default: sessions in a row rated easier (pain not rising) before stepping up."""

PAIN_RISE_STEP_DOWN = 2
"""lowback's default: a rise in pain (0-10) of this much during a session steps down."""

PAIN_CEILING = 5
"""lowback's default: pain after a session above this steps down."""


class Level(NamedTuple):
    """One step of an exercise's progression: a rung, and a dose within the article's range."""

    rung: int
    step: int
    sets: int
    amount: int


def _measure(dose: Dose) -> tuple[str, int, int | None]:
    if dose.reps is not None:
        return "reps", dose.reps, dose.reps_max
    if dose.hold_s is not None:
        return "hold_s", dose.hold_s, dose.hold_s_max
    return "duration_s", dose.duration_s or 1, None


def dose_steps(dose: Dose) -> tuple[tuple[int, int], ...]:
    """``(sets, amount)`` from the base dose to the top of the article's range."""
    _, amount, amount_max = _measure(dose)
    steps = [(dose.sets, amount)]
    if amount_max is not None and amount_max > amount:
        amount = amount_max
        steps.append((dose.sets, amount))
    if dose.sets_max is not None and dose.sets_max > dose.sets:
        steps.append((dose.sets_max, amount))
    return tuple(steps)


def rung_dose(exercise: Exercise, rung: int) -> Dose:
    """The dose the catalogue gives on ``rung``."""
    return exercise.ladder[rung].dose or exercise.dose


def levels(exercise: Exercise) -> tuple[Level, ...]:
    """Every level of ``exercise``, easiest first."""
    return tuple(
        Level(r, s, sets, amount)
        for r in range(len(exercise.ladder))
        for s, (sets, amount) in enumerate(dose_steps(rung_dose(exercise, r)))
    )


def locate(all_levels: tuple[Level, ...], rung: int, sets: int, amount: int) -> int:
    """Index of the highest level of ``rung`` whose dose does not exceed the one given."""
    best = None
    for i, level in enumerate(all_levels):
        if level.rung != rung:
            continue
        if best is None or (level.sets <= sets and level.amount <= amount):
            best = i
    assert best is not None
    return best


def dose_at(exercise: Exercise, level: Level) -> Dose:
    """The dose of ``level``: the rung's dose with its sets and amount set.

    A number raised above the bottom of the article's range loses its ``*_max``
    (the range is the article's from its bottom; the reason quotes it whole).
    """
    base = rung_dose(exercise, level.rung)
    field, amount, _ = _measure(base)
    data = {**base.model_dump(), "sets": level.sets, field: level.amount}
    if level.sets != base.sets:
        data["sets_max"] = None
    if level.amount != amount:
        data[f"{field}_max"] = None
    return Dose.model_validate(data)


def _dose_words(exercise: Exercise, level: Level) -> str:
    field, _, _ = _measure(rung_dose(exercise, level.rung))
    sets = f"{level.sets} set{'s' if level.sets != 1 else ''}"
    unit = {"reps": f"{level.amount} reps", "hold_s": f"{level.amount} s hold"}.get(
        field, f"{level.amount} s"
    )
    return f"{sets} x {unit}"


def _label(exercise: Exercise, all_levels: tuple[Level, ...], i: int) -> str:
    level = all_levels[i]
    rung = exercise.ladder[level.rung]
    ranged = len(dose_steps(rung_dose(exercise, level.rung))) > 1
    if len(exercise.ladder) == 1:
        return _dose_words(exercise, level)
    if ranged:
        return f"'{rung.name}' at {_dose_words(exercise, level)}"
    return f"'{rung.name}'"


def _range_words(dose: Dose) -> str:
    parts = []
    if dose.sets_max is not None:
        parts.append(f"{dose.sets}-{dose.sets_max} sets")
    if dose.reps_max is not None:
        parts.append(f"{dose.reps}-{dose.reps_max} reps")
    if dose.hold_s_max is not None:
        parts.append(f"{dose.hold_s}-{dose.hold_s_max} s holds")
    return ", ".join(parts)


def _rose(done: Done) -> int | None:
    if done.pain_before is None or done.pain_after is None:
        return None
    return done.pain_after - done.pain_before


def _pain(done: Done) -> str:
    if done.pain_before is None and done.pain_after is None:
        return "no pain recorded"
    before = "?" if done.pain_before is None else done.pain_before
    after = "?" if done.pain_after is None else done.pain_after
    return f"pain {before}->{after}"


def _blocked(entry: Entry, rung: int, context: Context) -> str | None:
    """What in the context rules out ``rung`` (a limit, missing equipment), or None."""
    variation = entry.exercise.ladder[rung]
    for limit in variation.requires:
        if limit in context.limits:
            return (
                f"your limit {limit} rules it out (when it no longer holds, run: "
                f"lowback profile set --no-limit {limit})"
            )
    for item in variation.equipment:
        if item not in context.equipment:
            return f"it needs a {item}, and you have none"
    return None


def assess(entry: Entry, progress: ExerciseProgress, context: Context) -> list[Decision]:
    """The progression decisions for one exercise with some history."""
    ex, key = entry.exercise, entry.key
    ids = [rung.id for rung in ex.ladder]
    last = progress.recent[-1]
    fact_head = f"progress[{key}]"
    if last.rung not in ids:
        return [
            Note(
                f"{fact_head}: rung={last.rung}",
                f"{ex.name}: the history names a rung ('{last.rung}') its catalogue no longer "
                "has, so its progression starts afresh.",
            )
        ]
    all_levels = levels(ex)

    def level_of(done: Done) -> int | None:
        if done.rung not in ids:
            return None
        return locate(all_levels, ids.index(done.rung), done.sets, done.amount)

    current = level_of(last)
    assert current is not None
    here = _label(ex, all_levels, current)
    single = len(all_levels) == 1

    target = current
    rose = _rose(last)
    if (
        last.rating == "harder"
        or (rose is not None and rose >= PAIN_RISE_STEP_DOWN)
        or (last.pain_after is not None and last.pain_after > PAIN_CEILING)
    ):
        if last.rating == "harder":
            why = f"you rated it harder on {last.day}"
            fact = f"{fact_head}: {last.day} rated harder"
        elif rose is not None and rose >= PAIN_RISE_STEP_DOWN:
            why = (
                f"your pain rose from {last.pain_before} to {last.pain_after} on {last.day} "
                f"(a rise of {PAIN_RISE_STEP_DOWN} or more steps down: lowback's default)"
            )
            fact = f"{fact_head}: {last.day} {_pain(last)}"
        else:
            why = (
                f"your pain was {last.pain_after} after the session on {last.day} "
                f"(above {PAIN_CEILING} steps down: lowback's default)"
            )
            fact = f"{fact_head}: {last.day} {_pain(last)}"
        if current == 0:
            text = (
                f"Held at {here}, already the easiest form and dose, because {why}. "
                "If it keeps hurting, stop and see a clinician."
            )
        else:
            target = current - 1
            text = f"Down one step to {_label(ex, all_levels, target)}, because {why}."
    else:
        streak: list[Done] = []
        breaker: Done | None = None
        rated_here = 0
        for done in reversed(progress.recent):
            if level_of(done) != current:
                break
            if done.rating is None:
                continue
            rated_here += 1
            r = _rose(done)
            if done.rating == "easier" and (r is None or r <= 0):
                streak.append(done)
                continue
            breaker = done
            break
        n = len(streak)
        facts = f"{fact_head}: {n} in a row rated easier at {here}"
        if single:
            rung = ex.ladder[0]
            if rung.id == "standard":
                # Nothing to progress and nothing to tell: no reason to add.
                return []
            text = (
                f"Keeps its one form ('{rung.name}') and dose: the article gives no "
                "harder variation and no range to rise within."
            )
            fact = facts
        elif current + 1 >= len(all_levels):
            fact = facts
            ranged = len(dose_steps(rung_dose(ex, all_levels[current].rung))) > 1
            top = "the top of its ladder" + (" and of the article's range" if ranged else "")
            text = f"Held at {here}: {top}."
        elif n >= STEP_UP_AFTER:
            pains = ", ".join(_pain(d) for d in reversed(streak[:STEP_UP_AFTER]))
            because = (
                f"your last {STEP_UP_AFTER} sessions at {here} were rated easier, with pain "
                f"not rising ({pains}; {STEP_UP_AFTER} in a row is lowback's default)"
            )
            fact = f"{facts}, pain not rising"
            nxt = all_levels[current + 1]
            blocked = (
                _blocked(entry, nxt.rung, context) if nxt.rung != all_levels[current].rung else None
            )
            if blocked is not None:
                text = (
                    f"Ready for {_label(ex, all_levels, current + 1)}, because {because}; "
                    f"but {blocked}. Held at {here}."
                )
            else:
                target = current + 1
                moved = (
                    "the dose rises within the article's range"
                    if nxt.rung == all_levels[current].rung
                    else f"rung {nxt.rung + 1} of {len(ex.ladder)}"
                )
                text = (
                    f"Up one step to {_label(ex, all_levels, target)} ({moved}), because {because}."
                )
        elif breaker is not None and breaker.rating == "easier":
            fact = f"{fact_head}: {breaker.day} rated easier, {_pain(breaker)}"
            text = (
                f"Held at {here}: your pain rose on {breaker.day} ({_pain(breaker)}), and "
                "stepping up waits for sessions rated easier with pain not rising."
            )
        elif breaker is not None and n == 0:
            fact = f"{fact_head}: {breaker.day} rated {breaker.rating}"
            if breaker.rating == "right":
                text = f"Held at {here}: you rated it about right on {breaker.day}; it fits."
            else:
                text = (
                    f"Held at {here}: you rated it harder on {breaker.day}; it stays here "
                    "until sessions are rated easier."
                )
        elif rated_here == 0:
            fact = f"{fact_head}: not rated at {here}"
            text = (
                f"Held at {here}: not rated yet at this level, too little data to step up "
                f"(it takes {STEP_UP_AFTER} sessions in a row rated easier)."
            )
        else:
            fact = facts
            text = (
                f"Held at {here}: {n} of {STEP_UP_AFTER} sessions in a row rated easier so "
                f"far, too little data to step up ({STEP_UP_AFTER} is lowback's default)."
            )

    level = all_levels[target]
    decisions: list[Decision] = []
    if level.step != 0 and _blocked(entry, level.rung, context) is None:
        dose = dose_at(ex, level)
        if len(ex.ladder) == 1:
            decisions.append(SetDose(key, dose, fact, text))
        else:
            decisions.append(ChooseRung(key, ids[level.rung], fact, text))
            rng = _range_words(rung_dose(ex, level.rung))
            decisions.append(
                SetDose(
                    key,
                    dose,
                    fact,
                    f"Dose {_dose_words(ex, level)}, within the article's range ({rng}).",
                    rung=ids[level.rung],
                )
            )
    else:
        decisions.append(ChooseRung(key, ids[level.rung], fact, text))
    return decisions


def first_time(entry: Entry) -> Decision:
    """The decision for an exercise the history has never seen done."""
    ex = entry.exercise
    start = ex.start_rung()
    rung = ex.ladder[start]
    if len(ex.ladder) == 1:
        where = "the catalogue's dose"
    else:
        ours = " (lowback's default start)" if ex.start_is_ours else ""
        where = f"'{rung.name}'{ours}"
    return ChooseRung(
        entry.key,
        rung.id,
        f"progress[{entry.key}]: never done",
        f"Not in your history yet, too little data to progress: starts on {where}.",
    )


class Progression(Rule):
    """Up, down or hold each exercise's level from its recent feedback."""

    id = "step"
    summary = "Up a level after 3 sessions rated easier, down after harder or pain; else hold."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        progress = context.progress
        if progress is None:
            return
        for entry in index.all():
            mine = progress.of(entry.key)
            if mine is None or not mine.recent:
                if len(levels(entry.exercise)) > 1:
                    yield first_time(entry)
            else:
                yield from assess(entry, mine, context)


class Schedule(Rule):
    """A note saying when the next session is due, from the history's session days."""

    id = "schedule"
    summary = "When the next session is due: daily for two weeks, then every third day."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if context.progress is None:
            return
        # Imported here: a first routine (no history) never needs the schedule.
        from lowback.schedule import describe_next

        fact, text = describe_next(context.progress)
        yield Note(fact, text)


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the step and schedule rules."""
    register(Progression())
    register(Schedule())
