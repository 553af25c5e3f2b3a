"""The context of a command that builds a routine: its flags, then the profile, then the history.

Shared by ``recommend``, ``session``, ``log`` and ``plan``: :func:`context_options`
adds the flags, :func:`context_from_flags` builds the
:class:`~lowback.models.Context` from them, filled in from the profile and with
the history as of the day (:func:`today`, or ``LOWBACK_TODAY``). The profile and
the history are read here, before the pipeline, and handed to it as data.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import click
from click.core import ParameterSource

from ..vocab import CONDITION_TEXT, CONDITIONS, LIMITS, SITUATIONS
from .app import warn
from .params import ExerciseName, VocabularyName, WholeNumber

if TYPE_CHECKING:
    from ..models import Context, Progress
    from ..storage.profile import Profile

TODAY_ENV = "LOWBACK_TODAY"

F = TypeVar("F", bound=Callable[..., Any])

_FLAGS_OF = {
    "timing": ("after_legs", "before_workout"),
    "equipment": ("no_roller", "equipment"),
}
"""The flags that set a context field, where they are not named after it."""

_ADDED_TO = ("conditions", "avoid")
"""Profile fields that add to the flags' values instead of giving way to them: a health
condition (or an exercise to avoid) saved in the profile still counts when another is
given on the command line."""

CONDITION_HELP = "A health condition you have (repeatable): " + "; ".join(
    f"{name}: {CONDITION_TEXT[name]}" for name in CONDITIONS
)
"""``--condition``'s help: every name with its one-line description."""


def today() -> dt.date:
    """Today, or the day ``LOWBACK_TODAY`` (YYYY-MM-DD) names, for scripts and tests."""
    raw = os.environ.get(TODAY_ENV, "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise click.UsageError(
            f"{TODAY_ENV}={raw!r} is not a date; give it as YYYY-MM-DD, or unset it."
        ) from None


def _given(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source not in (
        ParameterSource.DEFAULT,
        ParameterSource.DEFAULT_MAP,
    )


def personalise(
    context: Context,
    *,
    profile: bool = True,
    history: bool = True,
    day: dt.date | None = None,
) -> Context:
    """``context`` with the profile filling every context flag not given on the command
    line, and the history as of ``day`` (default: today) as ``progress``.

    With no profile file and no session logged, the context comes back as it
    was, so that a first routine is the same as one built without either.
    """
    from ..models import Context
    from ..storage.paths import missing, profile_path
    from ..validation import validate

    ctx = click.get_current_context()
    data = context.model_dump()
    if profile and not missing(profile_path()):
        from ..storage import profile as profiles

        saved = profiles.load()
        if saved is not None:
            _check_saved(saved, ctx)
            for name in profiles.USUAL:
                if name in _ADDED_TO:
                    data[name] = tuple(sorted({*data.get(name, ()), *getattr(saved, name)}))
                elif not any(_given(ctx, flag) for flag in _FLAGS_OF.get(name, (name,))):
                    data[name] = getattr(saved, name)
            _saved_screen(data, saved, day or today())
    if history:
        data["progress"] = progress_as_of(day or today())
    return validate(Context, data)


def _check_saved(saved: Profile, ctx: click.Context) -> None:
    """Refuse, naming the profile, saved names the engine does not know (a plugin's
    equipment, say, once the plugin is gone): the same check ``recommend`` makes."""
    from ..models import Context
    from ..storage.paths import profile_path
    from ..terms import context_problems
    from .app import fail
    from .params import engine_of

    engine = engine_of(ctx)
    usual = Context(
        **{k: getattr(saved, k) for k in ("equipment", "limits", "situations", "avoid")}
    )
    if context_problems(usual, engine.vocabulary, engine.index):
        from .profile import unknown_saved  # only on this error path: it is the CLI's

        problems = unknown_saved(saved, engine.vocabulary, engine.index)
        fail("\n".join(f"{profile_path()}: {problem}" for problem in problems))


def progress_as_of(day: dt.date) -> Progress | None:
    """The history's progress as of ``day``, or None with no session logged."""
    from ..storage.paths import history_path, missing

    if missing(history_path()):
        return None
    from ..storage.history import read_progress

    return read_progress(day)


def _saved_screen(data: dict[str, Any], saved: Profile, day: dt.date) -> None:
    """Add the safety answers saved by ``lowback screen --save`` to ``data``.

    Saved red flags always count. A saved clearance counts only while the answers
    are fresh; once they are older than ``SCREEN_MAX_AGE_DAYS`` the person is asked
    to screen again (a warning), and until then the clearance is not assumed.
    """
    from ..storage.profile import SCREEN_MAX_AGE_DAYS

    if saved.screened_on is None:
        return
    data["red_flags"] = tuple(sorted({*data.get("red_flags", ()), *saved.red_flags}))
    age = (day - dt.date.fromisoformat(saved.screened_on)).days
    if age > SCREEN_MAX_AGE_DAYS:
        warn(
            f"your saved safety answers are from {saved.screened_on}, over "
            f"{SCREEN_MAX_AGE_DAYS} days ago: run 'lowback screen --save' again "
            "(until then a saved clearance is not assumed)"
        )
    else:
        data["cleared"] = bool(data.get("cleared")) or saved.cleared
        data["screened"] = True  # answered within SCREEN_MAX_AGE_DAYS
    if saved.red_flags and not data.get("cleared"):
        # The halt says what was told; this says where it was kept and how to change it.
        warn(
            f"the safety answers saved on {saved.screened_on} name "
            f"{', '.join(saved.red_flags)}; if that has changed, run 'lowback screen --save' "
            "to answer again"
        )


class ContextFlags(NamedTuple):
    """The context flags a command was given (see :func:`context_options`)."""

    sitting: bool
    heavy_lifting: bool
    after_legs: bool
    before_workout: bool
    situations: tuple[str, ...]
    limits: tuple[str, ...]
    conditions: tuple[str, ...]
    equipment: tuple[str, ...]
    no_roller: bool
    avoid: tuple[str, ...]
    minutes: int | None
    no_profile: bool


def context_options(func: F) -> F:
    """The context flags of ``lowback recommend``, for commands that build a routine.

    The command receives them together, as one ``flags: ContextFlags`` argument.
    """

    @functools.wraps(func)
    def with_flags(*args: Any, **kwargs: Any) -> Any:
        flags = ContextFlags(**{name: kwargs.pop(name) for name in ContextFlags._fields})
        return func(*args, flags=flags, **kwargs)

    options = [
        click.option("--sitting", is_flag=True, help="You sit for long hours."),
        click.option("--heavy-lifting", is_flag=True, help="You train heavy squats or deadlifts."),
        click.option("--after-legs", is_flag=True, help="Right after a leg workout."),
        click.option("--before-workout", is_flag=True, help="Just before a workout."),
        click.option(
            "--situation",
            "situations",
            multiple=True,
            type=VocabularyName("situation"),
            metavar="NAME",
            help=f"What your day holds (repeatable): {', '.join(SITUATIONS)}, or a plugin's "
            "(docs/vocabulary.md).",
        ),
        click.option(
            "--limit",
            "limits",
            multiple=True,
            type=VocabularyName("limit"),
            metavar="LIMIT",
            help=f"Something you cannot do yet (repeatable): {', '.join(LIMITS)}, or a plugin's.",
        ),
        click.option(
            "--condition",
            "conditions",
            multiple=True,
            type=click.Choice(CONDITIONS),
            metavar="CONDITION",
            help=CONDITION_HELP + "; what conflicts with it is left out or swapped "
            "(docs/safety.md).",
        ),
        click.option(
            "--equipment",
            multiple=True,
            type=VocabularyName("equipment"),
            metavar="NAME",
            help="Equipment you have besides the foam roller (repeatable; a plugin's, such "
            "as a strap): what needs equipment you did not name is never given.",
        ),
        click.option("--no-roller", is_flag=True, help="No foam roller at hand: rolling drops."),
        click.option(
            "--avoid",
            multiple=True,
            type=ExerciseName(),
            metavar="EXERCISE",
            help="Leave out an exercise you do not want (repeatable; its id, such as "
            "frog-stretch); the routine says so.",
        ),
        click.option(
            "--minutes",
            type=WholeNumber(1, 240),
            metavar="N",
            help="Time budget in minutes (1-240); the least relevant items are dropped to fit.",
        ),
        click.option("--no-profile", is_flag=True, help="Ignore your saved profile."),
    ]
    wrapped: Any = with_flags
    for option in reversed(options):
        wrapped = option(wrapped)
    return cast(F, wrapped)


def context_from_flags(
    flags: ContextFlags,
    *,
    day: dt.date | None = None,
    pain: int | None = None,
    red_flags: tuple[str, ...] = (),
    cleared: bool = False,
    history: bool = True,
) -> Context:
    """The context for ``day`` (default today): flags, then the profile, then the history."""
    if flags.after_legs and flags.before_workout:
        raise click.UsageError(
            "--after-legs and --before-workout cannot be given together; choose one."
        )
    if flags.no_roller and "foam-roller" in flags.equipment:
        raise click.UsageError(
            "--no-roller and --equipment foam-roller cannot be given together; choose one."
        )
    from ..models import Context
    from ..validation import validate

    timing = (
        "after-legs" if flags.after_legs else "before-workout" if flags.before_workout else None
    )
    data: dict[str, Any] = {
        "sitting": flags.sitting,
        "heavy_lifting": flags.heavy_lifting,
        "timing": timing,
        "situations": flags.situations,
        "limits": flags.limits,
        "conditions": flags.conditions,
        # The roller is assumed unless --no-roller; anything else must be named.
        "equipment": (*(() if flags.no_roller else ("foam-roller",)), *flags.equipment),
        "avoid": flags.avoid,
        "minutes": flags.minutes,
        "red_flags": red_flags,
        "pain": pain,  # pain before a session is pain right now: the safety screen reads it
        "cleared": cleared,
        # Answers given as flags count as a screen: the person chose what to say.
        "screened": bool(red_flags) or pain is not None or cleared,
    }
    return personalise(
        validate(Context, data), profile=not flags.no_profile, history=history, day=day
    )


def due_line(day: dt.date) -> str:
    """``Next session due ...`` from the history as of ``day``, or '' with no history."""
    progress = progress_as_of(day)
    if progress is None:
        return ""
    from ..schedule import describe_next

    return describe_next(progress)[1]
