"""What the history says, as data a rule can read: per-exercise feedback and session dates.

The command line reads the history database *before* the pipeline runs and puts
a :class:`Progress` on the :class:`~lowback.models.Context`; rules (the
``progression`` plugin) read it and never touch the database themselves.
Everything here is sorted so that a routine's JSON stays byte-for-byte stable.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .base import Day, Int, Model, Slug

Rating = Literal["easier", "right", "harder"]
"""How an exercise felt: easier than expected, about right, or harder."""

RATINGS: tuple[str, ...] = ("easier", "right", "harder")

Pain = Annotated[Int, Field(ge=0, le=10)]
"""Pain on a 0-10 scale (0: none, 10: the worst imaginable)."""

RECENT_MAX = 10
"""How many of an exercise's latest sessions the history hands to the rules."""


class Done(Model):
    """One session's record of one exercise: what was given, and how it felt."""

    session: Int = Field(ge=1, description="The session's id in the history.")
    day: Day = Field(description="The day the session was done.")
    rung: Slug = Field(description="The rung of the ladder that was given.")
    sets: Int = Field(ge=1, le=20)
    amount: Int = Field(ge=1, le=1800, description="Reps, hold seconds or seconds, as given.")
    rating: Rating | None = Field(None, description="None when no rating was given.")
    pain_before: Pain | None = None
    pain_after: Pain | None = None


def _by_session(done: tuple[Done, ...]) -> tuple[Done, ...]:
    return tuple(sorted(done, key=lambda d: (d.day, d.session)))


class ExerciseProgress(Model):
    """The latest sessions (oldest first) in which one exercise was done."""

    exercise: str = Field(description="Namespaced exercise id, e.g. shimada/frog-stretch.")
    recent: Annotated[tuple[Done, ...], AfterValidator(_by_session)] = Field(
        (), max_length=RECENT_MAX
    )


def _by_exercise(items: tuple[ExerciseProgress, ...]) -> tuple[ExerciseProgress, ...]:
    ordered = tuple(sorted(items, key=lambda p: p.exercise))
    keys = [p.exercise for p in ordered]
    if len(set(keys)) != len(keys):
        raise ValueError("an exercise is given twice")
    return ordered


class Progress(Model):
    """The history as of one day: how many sessions, when, and each exercise's feedback."""

    sessions: Int = Field(0, ge=0, description="Sessions logged up to ``today``.")
    first_day: Day | None = Field(None, description="Day of the first session.")
    last_day: Day | None = Field(None, description="Day of the latest session.")
    today: Day | None = Field(None, description="The day the routine is for.")
    exercises: Annotated[tuple[ExerciseProgress, ...], AfterValidator(_by_exercise)] = ()

    def of(self, exercise: str) -> ExerciseProgress | None:
        """The progress of ``exercise``, or None when the history has none."""
        for item in self.exercises:
            if item.exercise == exercise:
                return item
        return None
