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
  Only the latest rated session of each day counts, so a step takes
  :data:`STEP_UP_AFTER` different days (the article asks to widen over time).
  Never onto a rung a limit or missing equipment rules out.
- **Down** one level when the latest session was rated *harder*, or pain rose
  by :data:`PAIN_RISE_STEP_DOWN` or more, or ended above :data:`PAIN_CEILING`.
- **Hold** otherwise, saying why (too few sessions rated yet is *too little data*).

Every threshold here is lowback's default; the articles give none. An exercise
with a single form and no range (the psoas stretch, rocked rather than held)
keeps its form. The ``schedule`` rule adds a note saying when the next session
is due (see :mod:`lowback.schedule`).

How the code reads, top to bottom (a rule plugin of your own can take the same
shape: small pure functions, each answering one question, and the rule calling
them in turn):

1. **Levels.** :func:`levels` lists an exercise's levels, easiest first;
   :func:`locate` finds the level a session was done at.
2. **Where it stands.** :class:`Standing` holds an exercise's levels and the
   level of its latest session, and says them in words.
3. **Down?** :func:`step_down` gives a :class:`Verdict` (the level to give, and
   why) when the latest session was too much, and None otherwise.
4. **Up or hold?** :func:`read_run` reads the latest sessions at the current
   level; :func:`hold_or_step_up` turns that run into a verdict: one form to
   keep, the top reached, one level up (:func:`step_up`), or a hold saying what
   the run lacks (:func:`hold`).
5. **Decisions.** :func:`to_decisions` turns the verdict into a ``ChooseRung``
   for the rung and, for a dose within the article's range, a ``SetDose``.
6. **The rule.** :class:`Progression` walks the index and calls :func:`assess`
   (steps 2-5) for each exercise with a history, :func:`first_time` for each
   without; :func:`register_rules`, the plugin hook, registers it and the
   :class:`Schedule` rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from lowback.dose_levels import amount_of, dose_steps
from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex, Entry
from lowback.models import Context, Dose, Exercise
from lowback.models.progress import Done, ExerciseProgress
from lowback.render.phrases import range_words
from lowback.rules import ChooseRung, Decision, Note, Rule, ScheduleNote, SetDose

STEP_UP_AFTER = 3
"""lowback's default: sessions in a row rated easier (pain not rising) before stepping up,
each on a different day (the latest rated session of a day counts for it)."""

PAIN_RISE_STEP_DOWN = 2
"""lowback's default: a rise in pain (0-10) of this much during a session steps down."""

PAIN_CEILING = 5
"""lowback's default: pain after a session above this steps down."""


# -- 1. levels ---------------------------------------------------------------------


class Level(NamedTuple):
    """One step of an exercise's progression: a rung, and a dose within the article's range."""

    rung: int
    step: int
    sets: int
    amount: int


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
    field, amount, _ = amount_of(base)
    data = {**base.model_dump(), "sets": level.sets, field: level.amount}
    if level.sets != base.sets:
        data["sets_max"] = None
    if level.amount != amount:
        data[f"{field}_max"] = None
    return Dose.model_validate(data)


# -- words and facts the reasons share ----------------------------------------------


def _dose_words(exercise: Exercise, level: Level) -> str:
    field, _, _ = amount_of(rung_dose(exercise, level.rung))
    sets = f"{level.sets} set{'s' if level.sets != 1 else ''}"
    unit = {"reps": f"{level.amount} reps", "hold_s": f"{level.amount} s hold"}.get(
        field, f"{level.amount} s"
    )
    return f"{sets} x {unit}"


def _level_words(exercise: Exercise, all_levels: tuple[Level, ...], i: int) -> str:
    """Level ``i`` as the person reads it: the dose alone, the rung alone, or both."""
    level = all_levels[i]
    rung = exercise.ladder[level.rung]
    ranged = len(dose_steps(rung_dose(exercise, level.rung))) > 1
    if len(exercise.ladder) == 1:
        return _dose_words(exercise, level)
    if ranged:
        return f"'{rung.name}' at {_dose_words(exercise, level)}"
    return f"'{rung.name}'"


def _pain_rise(done: Done) -> int | None:
    """How much pain rose during the session (negative: it fell); None unless both are known."""
    if done.pain_before is None or done.pain_after is None:
        return None
    return done.pain_after - done.pain_before


def _pain_words(done: Done) -> str:
    if done.pain_before is None and done.pain_after is None:
        return "no pain recorded"
    before = "?" if done.pain_before is None else done.pain_before
    after = "?" if done.pain_after is None else done.pain_after
    return f"pain {before}->{after}"


def _ruled_out(entry: Entry, rung: int, context: Context) -> str | None:
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


# -- 2. where an exercise stands ----------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Standing:
    """Where one exercise stands: its levels, and the level its latest session was at."""

    entry: Entry
    levels: tuple[Level, ...]
    rung_ids: tuple[str, ...]
    current: int
    """Index in ``levels`` of the latest session's level."""
    here: str
    """That level in words, as the reasons name it."""

    @classmethod
    def of(cls, entry: Entry, last: Done) -> Standing:
        """Where ``entry`` stands after ``last``, whose rung its ladder must have."""
        exercise = entry.exercise
        all_levels = levels(exercise)
        rung_ids = tuple(rung.id for rung in exercise.ladder)
        current = locate(all_levels, rung_ids.index(last.rung), last.sets, last.amount)
        here = _level_words(exercise, all_levels, current)
        return cls(entry=entry, levels=all_levels, rung_ids=rung_ids, current=current, here=here)

    @property
    def exercise(self) -> Exercise:
        return self.entry.exercise

    @property
    def fact_head(self) -> str:
        """What every fact of this exercise starts with: where in the context it is read."""
        return f"progress[{self.entry.key}]"

    def words(self, i: int) -> str:
        """Level ``i`` in words."""
        return _level_words(self.exercise, self.levels, i)

    def level_of(self, done: Done) -> int | None:
        """The level ``done`` was at, or None for a rung the ladder no longer has."""
        if done.rung not in self.rung_ids:
            return None
        return locate(self.levels, self.rung_ids.index(done.rung), done.sets, done.amount)


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """What to give next, and why.

    ``target`` is an index into the exercise's levels (the current one, to hold);
    ``fact`` is what the reason rests on, ``text`` the sentence the person reads.
    """

    target: int
    fact: str
    text: str


# -- 3. down? -------------------------------------------------------------------------


def _why_step_down(standing: Standing, last: Done) -> tuple[str, str] | None:
    """``(why, fact)`` when the latest session calls for a step down, else None.

    The first cause that holds is the one given: a rating of harder, then a rise
    in pain, then pain left high after the session.
    """
    head = standing.fact_head
    if last.rating == "harder":
        return f"you rated it harder on {last.day}", f"{head}: {last.day} rated harder"
    rise = _pain_rise(last)
    if rise is not None and rise >= PAIN_RISE_STEP_DOWN:
        why = (
            f"your pain rose from {last.pain_before} to {last.pain_after} on {last.day} "
            f"(a rise of {PAIN_RISE_STEP_DOWN} or more steps down: lowback's default)"
        )
        return why, f"{head}: {last.day} {_pain_words(last)}"
    if last.pain_after is not None and last.pain_after > PAIN_CEILING:
        why = (
            f"your pain was {last.pain_after} after the session on {last.day} "
            f"(above {PAIN_CEILING} steps down: lowback's default)"
        )
        return why, f"{head}: {last.day} {_pain_words(last)}"
    return None


def step_down(standing: Standing, last: Done) -> Verdict | None:
    """One level down when the latest session was too much; None when it was not."""
    cause = _why_step_down(standing, last)
    if cause is None:
        return None
    why, fact = cause
    if standing.current == 0:
        # Nothing easier to give: say so, and where to turn if it keeps hurting.
        text = (
            f"Held at {standing.here}, already the easiest form and dose, because {why}. "
            "If it keeps hurting, stop and see a clinician."
        )
        return Verdict(target=0, fact=fact, text=text)
    target = standing.current - 1
    return Verdict(
        target=target, fact=fact, text=f"Down one step to {standing.words(target)}, because {why}."
    )


# -- 4. up or hold? -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """The latest sessions at the current level, read newest first."""

    easier: tuple[Done, ...]
    """The unbroken run of sessions rated easier with pain not rising, newest first,
    one a day (the latest rated session of each day)."""
    breaker: Done | None
    """The rated session that ended that run; None when the run reaches back to
    another level or to the start of the history."""
    rated: int
    """Sessions rated at this level, the breaker included."""


def _counts_towards_step_up(done: Done) -> bool:
    rise = _pain_rise(done)
    return done.rating == "easier" and (rise is None or rise <= 0)


def read_run(standing: Standing, progress: ExerciseProgress) -> Run:
    """The run of sessions at the current level that stepping up is judged on."""
    easier: list[Done] = []
    rated = 0
    days: set[dt.date] = set()
    for done in reversed(progress.recent):
        if standing.level_of(done) != standing.current:
            break
        if done.rating is None:
            continue  # a session left unrated neither counts nor breaks the run
        if done.day in days:
            continue  # the latest rated session of each day stands for that day
        days.add(done.day)
        rated += 1
        if not _counts_towards_step_up(done):
            return Run(easier=tuple(easier), breaker=done, rated=rated)
        easier.append(done)
    return Run(easier=tuple(easier), breaker=None, rated=rated)


def _run_fact(standing: Standing, run: Run) -> str:
    return f"{standing.fact_head}: {len(run.easier)} in a row rated easier at {standing.here}"


def hold_or_step_up(standing: Standing, run: Run, context: Context) -> Verdict | None:
    """The verdict when the latest session called for no step down; None for nothing to say."""
    if len(standing.levels) == 1:
        return keep_one_form(standing, run)
    if standing.current + 1 >= len(standing.levels):
        return held_at_top(standing, run)
    if len(run.easier) >= STEP_UP_AFTER:
        return step_up(standing, run, context)
    return hold(standing, run)


def keep_one_form(standing: Standing, run: Run) -> Verdict | None:
    """An exercise with one level: nothing to climb, said only where the article named the form."""
    rung = standing.exercise.ladder[0]
    if rung.id == "standard":
        # A plain exercise (the catalogue gives it no ladder): nothing to tell.
        return None
    text = (
        f"Keeps its one form ('{rung.name}') and dose: the article gives no "
        "harder variation and no range to rise within."
    )
    return Verdict(target=standing.current, fact=_run_fact(standing, run), text=text)


def held_at_top(standing: Standing, run: Run) -> Verdict:
    """The top level reached: hold there."""
    top_rung = standing.levels[standing.current].rung
    ranged = len(dose_steps(rung_dose(standing.exercise, top_rung))) > 1
    top = "the top of its ladder" + (" and of the article's range" if ranged else "")
    return Verdict(
        target=standing.current,
        fact=_run_fact(standing, run),
        text=f"Held at {standing.here}: {top}.",
    )


def step_up(standing: Standing, run: Run, context: Context) -> Verdict:
    """One level up after a full run rated easier, unless the context rules the next rung out."""
    here, current = standing.here, standing.current
    pains = ", ".join(_pain_words(d) for d in reversed(run.easier[:STEP_UP_AFTER]))
    because = (
        f"your last {STEP_UP_AFTER} sessions at {here} were rated easier, with pain "
        f"not rising ({pains}; {STEP_UP_AFTER} in a row is lowback's default, one a day)"
    )
    fact = f"{_run_fact(standing, run)}, pain not rising"
    nxt = standing.levels[current + 1]
    same_rung = nxt.rung == standing.levels[current].rung
    # More of the same rung needs nothing new; only a new rung can be ruled out.
    ruled_out = None if same_rung else _ruled_out(standing.entry, nxt.rung, context)
    if ruled_out is not None:
        text = (
            f"Ready for {standing.words(current + 1)}, because {because}; "
            f"but {ruled_out}. Held at {here}."
        )
        return Verdict(target=current, fact=fact, text=text)
    moved = (
        "the dose rises within the article's range"
        if same_rung
        else f"rung {nxt.rung + 1} of {len(standing.exercise.ladder)}"
    )
    text = f"Up one step to {standing.words(current + 1)} ({moved}), because {because}."
    return Verdict(target=current + 1, fact=fact, text=text)


def hold(standing: Standing, run: Run) -> Verdict:
    """Hold at the current level, saying what the run lacks for a step up."""
    here, head, breaker = standing.here, standing.fact_head, run.breaker
    if breaker is not None and breaker.rating == "easier":
        # Rated easier, so only its pain can have broken the run.
        fact = f"{head}: {breaker.day} rated easier, {_pain_words(breaker)}"
        text = (
            f"Held at {here}: your pain rose on {breaker.day} ({_pain_words(breaker)}), and "
            "stepping up waits for sessions rated easier with pain not rising."
        )
    elif breaker is not None and not run.easier:
        return _held_by_rating(standing, breaker)
    elif run.rated == 0:
        fact = f"{head}: not rated at {here}"
        text = (
            f"Held at {here}: not rated yet at this level, too little data to step up "
            f"(it takes {STEP_UP_AFTER} sessions in a row rated easier)."
        )
    else:
        fact = _run_fact(standing, run)
        text = (
            f"Held at {here}: {len(run.easier)} of {STEP_UP_AFTER} sessions in a row rated "
            f"easier so far, too little data to step up ({STEP_UP_AFTER} is lowback's default)."
        )
    return Verdict(target=standing.current, fact=fact, text=text)


def _held_by_rating(standing: Standing, latest: Done) -> Verdict:
    """Hold because the latest rated session was rated about right or harder."""
    here = standing.here
    if latest.rating == "right":
        text = f"Held at {here}: you rated it about right on {latest.day}; it fits."
    else:
        text = (
            f"Held at {here}: you rated it harder on {latest.day}; it stays here "
            "until sessions are rated easier."
        )
    fact = f"{standing.fact_head}: {latest.day} rated {latest.rating}"
    return Verdict(target=standing.current, fact=fact, text=text)


# -- 5. decisions ---------------------------------------------------------------------


def to_decisions(standing: Standing, verdict: Verdict, context: Context) -> list[Decision]:
    """The verdict as decisions: the rung to give and, above the rung's base, its dose."""
    exercise, key = standing.exercise, standing.entry.key
    fact, text = verdict.fact, verdict.text
    level = standing.levels[verdict.target]
    rung = standing.rung_ids[level.rung]
    # The base dose is the catalogue's own and needs no decision; a rung the context
    # rules out gets none either, as the rule that rules it out moves the exercise off it.
    if level.step == 0 or _ruled_out(standing.entry, level.rung, context) is not None:
        return [ChooseRung(exercise=key, rung=rung, fact=fact, text=text)]
    dose = dose_at(exercise, level)
    if len(exercise.ladder) == 1:
        # One rung: the dose is the whole step, so it carries the reason.
        return [SetDose(exercise=key, dose=dose, fact=fact, text=text)]
    dose_text = (
        f"Dose {_dose_words(exercise, level)}, within the article's range "
        f"({range_words(rung_dose(exercise, level.rung))})."
    )
    # Tied to the rung: a limit or the pain screen may still give an easier one,
    # which then keeps its own dose.
    return [
        ChooseRung(exercise=key, rung=rung, fact=fact, text=text),
        SetDose(exercise=key, dose=dose, fact=fact, text=dose_text, rung=rung),
    ]


def _forgotten_rung(entry: Entry, last: Done) -> Note:
    """A note for a history that names a rung the catalogue no longer has."""
    return Note(
        fact=f"progress[{entry.key}]: rung={last.rung}",
        text=(
            f"{entry.exercise.name}: the history names a rung ('{last.rung}') its catalogue "
            "no longer has, so its progression starts afresh."
        ),
    )


# -- 6. the rule ----------------------------------------------------------------------


def assess(entry: Entry, progress: ExerciseProgress, context: Context) -> list[Decision]:
    """The progression decisions for one exercise with some history."""
    last = progress.recent[-1]
    if last.rung not in {rung.id for rung in entry.exercise.ladder}:
        return [_forgotten_rung(entry, last)]
    standing = Standing.of(entry, last)
    verdict = step_down(standing, last)
    if verdict is None:
        verdict = hold_or_step_up(standing, read_run(standing, progress), context)
    if verdict is None:
        return []
    return to_decisions(standing, verdict, context)


def first_time(entry: Entry) -> Decision:
    """The decision for an exercise the history has never seen done."""
    exercise = entry.exercise
    rung = exercise.ladder[exercise.start_rung()]
    if len(exercise.ladder) == 1:
        where = "the catalogue's dose"
    else:
        ours = " (lowback's default start)" if exercise.start_is_ours else ""
        where = f"'{rung.name}'{ours}"
    return ChooseRung(
        exercise=entry.key,
        rung=rung.id,
        fact=f"progress[{entry.key}]: never done",
        text=f"Not in your history yet, too little data to progress: starts on {where}.",
    )


class Progression(Rule):
    """Up, down or hold each exercise's level from its recent feedback."""

    id = "step"
    summary = (
        f"Up a level after {STEP_UP_AFTER} sessions rated easier, down after harder or pain; "
        "else hold."
    )

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
        yield ScheduleNote(fact=fact, text=text)


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the step and schedule rules."""
    register(Progression())
    register(Schedule())
