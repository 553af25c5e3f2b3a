"""What ``lowback progress`` shows, as data: pain per session, sessions per week against
the plan, each exercise's level over time, and its next step.

Pure: built from the history's sessions, the exercises the engine knows and
today's routine; the command line reads those, and the
renderers (:mod:`lowback.render.progress_text`, :mod:`lowback.render.progress_html`)
draw the result. Each exercise's next step is read from today's routine (the one
``lowback recommend`` gives), with the rules' reasons for its rung and dose, so the
report and the routine never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from .dose_levels import dose_steps
from .schedule import PLAN_WORDS, planned_days

if TYPE_CHECKING:
    from .index import Entry
    from .models import Routine, RoutineItem
    from .storage.history import SessionRecord


@dataclass(frozen=True, slots=True, kw_only=True)
class PainPoint:
    """One session's pain, 0-10, before and after (None: not given)."""

    session: int
    day: dt.date
    before: int | None
    after: int | None
    partial: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Week:
    """Seven days counted from the first session: days with a session, and days planned.

    ``done`` counts days with a session (the plan gives one a day, so several on one
    day still count one; ``sessions`` counts them all). ``planned`` counts only the
    plan's days up to today, so a week under way is compared with what was due so far
    (``complete`` is False for it)."""

    number: int
    start: dt.date
    end: dt.date
    done: int
    planned: int
    complete: bool
    sessions: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RungPoint:
    """One session in which an exercise was done: the level it was done at."""

    session: int
    day: dt.date
    rung: str
    level: int
    """Index in the ladder's levels (0: the easiest); -1 for a rung the catalogue no
    longer has."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Ladder:
    """One exercise's levels, the sessions it was done at each, and what comes next."""

    exercise: str
    name: str
    levels: tuple[str, ...]
    """Short names of the levels, easiest first (a rung, or a rung's dose)."""
    points: tuple[RungPoint, ...]
    now: str
    """The level of its latest session, in short."""
    next: str
    """The rung and dose today's routine gives it; '' when today's routine leaves it out."""
    why: str
    """The rules' reasons for that rung and dose (the progression plugin's: where it
    goes next and what a step waits for), as ``recommend --explain`` shows them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """The whole progress report (``lowback progress --format json``)."""

    today: dt.date
    first_day: dt.date
    last_day: dt.date
    sessions: int
    partial: int
    later: int
    """Sessions dated after today: kept in the history, not counted here."""
    empty: int
    """Sessions up to today in which nothing was done: kept in the history as a record,
    not counted here (nor by the schedule or progression)."""
    pain: tuple[PainPoint, ...]
    weeks: tuple[Week, ...]
    ladders: tuple[Ladder, ...]
    """Exercises with more than one level, by name then id."""
    one_level: tuple[str, ...]
    """Names of the exercises done that have a single level: nothing to climb."""
    plan: str
    due: str
    """When the next session is due (as ``recommend`` says it)."""
    safety: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The report as JSON-ready data (dates as ISO strings)."""
        data: dict[str, Any] = _jsonable(asdict(self))
        return data


def uncounted(report: Report) -> list[str]:
    """The sentences saying which stored sessions the report leaves out, and why."""
    notes = []
    if report.later:
        notes.append(f"{report.later} dated after today are not counted.")
    if report.empty:
        verb = "is" if report.empty == 1 else "are"
        notes.append(
            f"{report.empty} more with nothing done {verb} kept in the history, not counted."
        )
    return notes


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


WEEKS_KEPT = 52
"""The report keeps the latest this many weeks (a year): its charts show fewer still."""


def weeks(first: dt.date, today: dt.date, days: Sequence[dt.date]) -> tuple[Week, ...]:
    """The latest :data:`WEEKS_KEPT` weeks of seven days from ``first`` up to the one
    holding ``today``, with the days a session was done on (``days``, one per session)
    and those lowback's plan gives from ``first``."""
    count = (today - first).days // 7 + 1
    kept = range(max(0, count - WEEKS_KEPT), count)
    done: Counter[int] = Counter((d - first).days // 7 for d in set(days))
    sessions: Counter[int] = Counter((d - first).days // 7 for d in days)
    window_start = first + dt.timedelta(days=7 * kept.start)
    planned: Counter[int] = Counter(
        (day - first).days // 7 for day in planned_days(first, window_start, today)
    )
    out = []
    for n in kept:
        start = first + dt.timedelta(days=7 * n)
        end = start + dt.timedelta(days=6)
        out.append(
            Week(
                number=n + 1,
                start=start,
                end=end,
                done=done[n],
                planned=planned[n],
                complete=end <= today,
                sessions=sessions[n],
            )
        )
    return tuple(out)


def _levels(entry: Entry | None, seen: Sequence[tuple[str, int, int]]) -> list[tuple[str, ...]]:
    """The chart rows of an exercise, easiest first, as keys the points are matched on.

    An exercise with a ladder is charted by rung (every rung of it, reached or not); one
    with a single form by the doses of the article's range (:func:`dose_steps`, reached
    or not) and any other dose it was done at (sets, then reps or seconds). An exercise
    whose catalogue is not loaded is charted by the rungs seen, in that order.
    """
    if entry is None:
        return [(r,) for r in dict.fromkeys(r for r, _, _ in seen)]
    ladder = [r.id for r in entry.exercise.ladder]
    if len(ladder) > 1:
        return [(r,) for r in ladder]
    dose = entry.exercise.ladder[0].dose or entry.exercise.dose
    doses = sorted({*dose_steps(dose), *((sets, amount) for _, sets, amount in seen)})
    return [(ladder[0], str(sets), str(amount)) for sets, amount in doses]


def _label(key: tuple[str, ...], unit: str) -> str:
    return key[0] if len(key) == 1 else f"{key[1]}x{key[2]}{unit}"


def _next(item: RoutineItem | None) -> tuple[str, str]:
    """``(next, why)``: the rung and dose today's routine gives, and the rules' reasons."""
    if item is None:
        return "", (
            "Not in today's routine for your profile, so it has no next step today; "
            "lowback gives one when a routine includes it."
        )
    from .render.phrases import describe_dose

    why = " ".join(r.text for r in item.reasons if r.effect in ("variation", "dose"))
    dose = describe_dose(item.dose)
    nxt = f"{item.variation.id}, {dose}" if item.variation.of > 1 else dose
    return nxt, why or "No rule moves it: it stays as the catalogue gives it."


def ladder(
    key: str,
    name: str,
    entry: Entry | None,
    done: Sequence[tuple[SessionRecord, str, int, int]],
    item: RoutineItem | None,
) -> Ladder | None:
    """One exercise's chart from the sessions it was done in (``(session, rung, sets,
    amount)``, oldest first) and today's routine ``item`` of it; None when it has one
    level only (nothing to climb)."""
    seen = [(rung, sets, amount) for _, rung, sets, amount in done]
    keys = _levels(entry, seen)
    if len(keys) < 2:
        return None
    unit = ""
    if entry is not None and entry.exercise.dose.reps is None:
        unit = " s"
    by_key = {k: i for i, k in enumerate(keys)}
    points = tuple(
        RungPoint(
            session=s.id,
            day=s.day,
            rung=rung,
            level=by_key.get((rung,), by_key.get((rung, str(sets), str(amount)), -1)),
        )
        for s, rung, sets, amount in done
    )
    levels = tuple(_label(k, unit) for k in keys)
    last = points[-1]
    nxt, why = _next(item)
    return Ladder(
        exercise=key,
        name=name,
        levels=levels,
        points=points,
        now=levels[last.level] if last.level >= 0 else last.rung,
        next=nxt,
        why=why,
    )


def build(
    sessions: Sequence[SessionRecord],
    today: dt.date,
    entries: Mapping[str, Entry],
    routine: Routine | None,
    due: str,
) -> Report | None:
    """The report as of ``today`` from every session (oldest first), or None when no
    session is dated up to today. ``routine`` is today's (its items give each ladder's
    next step, its safety lines end the report); ``due`` says when the next session is.
    A session in which nothing was done is not counted."""
    dated = [s for s in sessions if s.day <= today]
    counted = [s for s in dated if any(item.done for item in s.items)]
    if not counted:
        return None
    done: dict[str, list[tuple[SessionRecord, str, int, int]]] = {}
    names: dict[str, str] = {}
    for s in counted:
        for item in s.items:
            if item.done:
                amount = item.dose.reps or item.dose.hold_s or item.dose.duration_s or 1
                done.setdefault(item.exercise, []).append((s, item.rung, item.dose.sets, amount))
                names[item.exercise] = item.name
    given = {i.exercise: i for i in routine.items} if routine else {}
    ladders, one_level = [], []
    for key in sorted(done, key=lambda k: (names[k], k)):
        chart = ladder(key, names[key], entries.get(key), done[key], given.get(key))
        if chart is None:
            one_level.append(names[key])
        else:
            ladders.append(chart)
    safety = [a.text for a in routine.advice if a.kind == "safety"] if routine else []
    return Report(
        today=today,
        first_day=counted[0].day,
        last_day=counted[-1].day,
        sessions=len(counted),
        partial=sum(1 for s in counted if s.partial),
        later=len(sessions) - len(dated),
        empty=len(dated) - len(counted),
        pain=tuple(
            PainPoint(
                session=s.id,
                day=s.day,
                before=s.pain_before,
                after=s.pain_after,
                partial=s.partial,
            )
            for s in counted
        ),
        weeks=weeks(counted[0].day, today, [s.day for s in counted]),
        ladders=tuple(ladders),
        one_level=tuple(dict.fromkeys(one_level)),
        plan=PLAN_WORDS,
        due=due,
        safety=tuple(safety),
    )
