"""``lowback profile``: the usual context, kept between runs."""

from __future__ import annotations

import json
import shlex
from typing import TYPE_CHECKING, Any

import click

from ..vocab import CONDITIONS, LIMITS, OPEN_FIELDS, SITUATIONS
from .app import warn
from .params import ExerciseName, VocabularyName, WholeNumber, engine_of, text_or_json

if TYPE_CHECKING:
    from ..index import CatalogueIndex
    from ..storage.profile import Profile
    from ..terms import Vocabulary


class _Removed(VocabularyName):
    """A name to remove from the profile: any name the profile holds (a plugin's that
    is gone or disabled, say), else one of the vocabulary's (:func:`_check_removed`)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return str(value)  # checked against the profile, once it is read under its lock


@click.group("profile")
def profile_group() -> None:
    """Your usual context (set once, used by every command; flags override it).

    \b
    Examples:
      lowback profile set --sitting --after-legs --limit cross-legs
      lowback profile set --no-limit cross-legs --minutes 15
      lowback profile set --condition pregnancy
      lowback profile set --equipment strap --avoid frog-stretch
      lowback profile show
    """


@profile_group.command("set")
@click.option("--sitting/--no-sitting", default=None, help="You sit for long hours.")
@click.option(
    "--heavy-lifting/--no-heavy-lifting", default=None, help="You train heavy squats/deadlifts."
)
@click.option("--after-legs", is_flag=True, help="Usually after leg day.")
@click.option("--before-workout", is_flag=True, help="Usually before a workout.")
@click.option("--any-time", is_flag=True, help="No usual timing.")
@click.option(
    "--situation",
    "add_situations",
    multiple=True,
    type=VocabularyName("situation"),
    metavar="NAME",
    help=f"Add what your day holds (repeatable): {', '.join(SITUATIONS)}, or a plugin's.",
)
@click.option(
    "--no-situation",
    "remove_situations",
    multiple=True,
    type=_Removed("situation", extra=("all",)),
    metavar="NAME",
    help="Remove a situation (repeatable; 'all' for every one; a saved one even if no "
    "plugin knows it now).",
)
@click.option(
    "--limit",
    "add_limits",
    multiple=True,
    type=VocabularyName("limit"),
    metavar="LIMIT",
    help=f"Add something you cannot do yet (repeatable): {', '.join(LIMITS)}, or a plugin's.",
)
@click.option(
    "--no-limit",
    "remove_limits",
    multiple=True,
    type=_Removed("limit", extra=("all",)),
    metavar="LIMIT",
    help="Remove a limit you no longer have (repeatable; 'all' for every one; a saved one "
    "even if no plugin knows it now).",
)
@click.option(
    "--condition",
    "add_conditions",
    multiple=True,
    type=click.Choice(CONDITIONS),
    metavar="CONDITION",
    help=f"Add a health condition you have (repeatable): {', '.join(CONDITIONS)}.",
)
@click.option(
    "--no-condition",
    "remove_conditions",
    multiple=True,
    type=click.Choice((*CONDITIONS, "all")),
    metavar="CONDITION",
    help="Remove a condition you no longer have (repeatable; 'all' for every one).",
)
@click.option("--roller/--no-roller", default=None, help="Whether you have a foam roller.")
@click.option(
    "--equipment",
    "add_equipment",
    multiple=True,
    type=VocabularyName("equipment"),
    metavar="NAME",
    help="Add equipment you have (repeatable; a plugin's, such as a strap).",
)
@click.option(
    "--no-equipment",
    "remove_equipment",
    multiple=True,
    type=_Removed("equipment", extra=("all",)),
    metavar="NAME",
    help="Remove equipment you no longer have (repeatable; 'all' for every piece; a saved "
    "one even if no plugin knows it now).",
)
@click.option(
    "--avoid",
    "add_avoid",
    multiple=True,
    type=ExerciseName(),
    metavar="EXERCISE",
    help="Always leave out an exercise you do not want (repeatable; its id).",
)
@click.option(
    "--no-avoid",
    "remove_avoid",
    multiple=True,
    metavar="EXERCISE",
    help="Stop avoiding an exercise (repeatable; 'all' for every one).",
)
@click.option("--minutes", type=WholeNumber(1, 240), metavar="N", help="Usual time budget (1-240).")
@click.option("--no-minutes", is_flag=True, help="No usual time budget.")
def profile_set(
    sitting: bool | None,
    heavy_lifting: bool | None,
    after_legs: bool,
    before_workout: bool,
    any_time: bool,
    add_situations: tuple[str, ...],
    remove_situations: tuple[str, ...],
    add_limits: tuple[str, ...],
    remove_limits: tuple[str, ...],
    add_conditions: tuple[str, ...],
    remove_conditions: tuple[str, ...],
    roller: bool | None,
    add_equipment: tuple[str, ...],
    remove_equipment: tuple[str, ...],
    add_avoid: tuple[str, ...],
    remove_avoid: tuple[str, ...],
    minutes: int | None,
    no_minutes: bool,
) -> None:
    """Change your profile; keys you do not name keep their values."""
    from ..storage import profile as profiles
    from ..storage.paths import profile_path

    timing = _timing(after_legs, before_workout, any_time)
    if minutes is not None and no_minutes:
        raise click.UsageError("--minutes and --no-minutes cannot be given together.")
    sitting, heavy_lifting, situations = _shorthands(
        sitting, heavy_lifting, add_situations, remove_situations
    )
    equipment = _roller(roller, add_equipment, remove_equipment)
    given: dict[str, Any] = {
        "sitting": sitting,
        "heavy_lifting": heavy_lifting,
        "timing": timing,
        "minutes": minutes if minutes is not None or no_minutes else _UNSET,
        "situations": situations,
        "limits": (add_limits, remove_limits),
        "conditions": (add_conditions, remove_conditions),
        "equipment": equipment,
        "avoid": (add_avoid, remove_avoid),
    }
    for key in _LISTS:
        _not_both(key, *given[key])
    named = (sitting, heavy_lifting, timing, minutes)
    edits = tuple(name for key in _LISTS for names in given[key] for name in names)
    if all(v is None for v in named) and not no_minutes and not edits:
        raise click.UsageError("nothing to set; name at least one option (see --help).")
    path = profile_path()
    unchanged: list[str] = []
    # Read, changed and written under the profile's lock: a broken profile stops
    # here, untouched, and a change made at the same moment by another command is kept.
    new = profiles.edit(lambda current: _changes(current, given, unchanged), path)
    click.echo(f"Saved {path}")
    click.echo(_describe(new))
    for line in unchanged:
        click.echo(line)
    engine = engine_of(click.get_current_context())
    for problem in unknown_saved(new, engine.vocabulary, engine.index):
        warn(f"{path}: {problem}")


_UNSET = object()

_LISTS = ("situations", "limits", "conditions", "equipment", "avoid")
"""The profile's lists, each set with ``--NAME`` (add) and ``--no-NAME`` (remove)."""

_FLAG = {"situations": "situation", "limits": "limit", "conditions": "condition"}
"""The option of each list, where it is not the list's own name."""


def _shorthands(
    sitting: bool | None,
    heavy_lifting: bool | None,
    added: tuple[str, ...],
    removed: tuple[str, ...],
) -> tuple[bool | None, bool | None, tuple[tuple[str, ...], tuple[str, ...]]]:
    """``--situation sitting`` is ``--sitting`` (and ``heavy-lifting`` ``--heavy-lifting``):
    each built-in situation is kept in its own key, so that the profile says it once."""
    flags = {"sitting": sitting, "heavy-lifting": heavy_lifting}
    for name in flags:
        said = {True: name in added, False: name in removed or "all" in removed}
        for value, named in said.items():
            if not named:
                continue
            if flags[name] is not None and flags[name] is not value:
                raise click.UsageError(f"--situation(s) and --{name} disagree about {name}.")
            flags[name] = value
    others = tuple(n for n in added if n not in flags), tuple(n for n in removed if n not in flags)
    return flags["sitting"], flags["heavy-lifting"], others


def _roller(
    roller: bool | None, added: tuple[str, ...], removed: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``--roller`` adds the foam roller to the equipment, ``--no-roller`` removes it."""
    if roller is True:
        added = (*added, "foam-roller")
    elif roller is False:
        removed = (*removed, "foam-roller")
    return added, removed


def _timing(after_legs: bool, before_workout: bool, any_time: bool) -> str | None:
    """The timing flags, refused together as ``recommend`` refuses them (a usage error)."""
    if after_legs and before_workout:
        raise click.UsageError(
            "--after-legs and --before-workout cannot be given together; choose one."
        )
    if any_time and (after_legs or before_workout):
        other = "--after-legs" if after_legs else "--before-workout"
        raise click.UsageError(f"--any-time and {other} cannot be given together; choose one.")
    if after_legs:
        return "after-legs"
    if before_workout:
        return "before-workout"
    return "none" if any_time else None


def _check_removed(
    current: Profile, key: str, removed: tuple[str, ...], unchanged: list[str]
) -> None:
    """Refuse a removed name neither the profile nor the engine knows (a typo, as
    ``--limit`` refuses it); note, in ``unchanged``, a known one the profile lacks."""
    saved = getattr(current, key)
    word = _FLAG.get(key, key)
    for name in removed:
        if name == "all" or name in saved:
            continue
        kind = OPEN_FIELDS.get(key)
        if kind is not None:
            words = engine_of(click.get_current_context()).vocabulary
            if not words.knows(kind, name):
                raise click.BadParameter(words.hint(kind, name), param_hint=f"'--no-{word}'")
        unchanged.append(f"  (the profile has no {word} {name!r}: nothing changed for it)")


_REMOVE = {
    "situations": "--no-situation",
    "limits": "--no-limit",
    "equipment": "--no-equipment",
    "avoid": "--no-avoid",
}


def removal(key: str, name: str) -> str:
    """The command that removes ``name`` from the profile's list ``key``."""
    return f"lowback profile set {_REMOVE[key]} {shlex.quote(name)}"


def unknown_saved(saved: Profile, vocabulary: Vocabulary, index: CatalogueIndex) -> list[str]:
    """One line for each name of the profile ``saved`` the engine does not know (a
    plugin's equipment, say, once the plugin is gone or disabled), each with the command
    that removes it: ``limits: 'floor' is not a known limit name; ... (remove it with
    'lowback profile set --no-limit floor')``."""
    from ..models import Context
    from ..terms import context_problems

    return [
        f"{problem} (remove it with '{removal(key, name)}')"
        for key in _REMOVE
        for name in getattr(saved, key)
        for problem in context_problems(Context(**{key: (name,)}), vocabulary, index)
    ]


def _changes(current: Profile, given: dict[str, Any], unchanged: list[str]) -> dict[str, object]:
    """The profile keys the options of ``profile set`` change, applied to ``current``;
    a name removed that the profile does not hold is noted in ``unchanged``."""
    changes: dict[str, object] = {}
    for key in ("sitting", "heavy_lifting"):
        if given[key] is not None:
            changes[key] = given[key]
    if given["timing"] is not None:
        changes["timing"] = None if given["timing"] == "none" else given["timing"]
    for key in _LISTS:
        added, removed = given[key]
        _check_removed(current, key, removed, unchanged)
        if added or removed:
            changes[key] = _edited(getattr(current, key), added, removed)
    if given["minutes"] is not _UNSET:
        changes["minutes"] = given["minutes"]
    return changes


def _not_both(key: str, added: tuple[str, ...], removed: tuple[str, ...]) -> None:
    name = _FLAG.get(key, key)
    both = sorted(set(added) & set(removed))
    if both:
        raise click.UsageError(f"--{name} and --no-{name} both name {', '.join(both)}.")


def _edited(values: tuple[str, ...], added: tuple[str, ...], removed: tuple[str, ...]) -> list[str]:
    """``values`` with ``added`` and without ``removed`` (``all`` removes every one), sorted."""
    if "all" in removed:
        return []
    return sorted((set(values) | set(added)) - set(removed))


def _describe(profile: Profile) -> str:
    from ..storage.profile import toml_value

    lines = []
    for key, value in profile.model_dump().items():
        if value is None:
            lines.append(f"  # {key}: not set")
        else:
            lines.append(f"  {key} = {toml_value(value)}")
    return "\n".join(lines)


@profile_group.command("show")
@text_or_json("text: the profile's TOML and where lowback keeps its files; json: the values.")
def profile_show(fmt: str) -> None:
    """Show your profile and where lowback keeps the profile and the history."""
    from ..storage import profile as profiles
    from ..storage.paths import history_path, profile_path

    path = profile_path()
    current = profiles.load(path)
    shown = current or profiles.Profile()
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "profile": str(path),
                    "exists": current is not None,
                    "history": str(history_path()),
                    "values": shown.model_dump(mode="json"),
                },
                separators=(",", ":"),
            )
        )
        return
    if current is None:
        click.echo(f"No profile yet (it would be {path}); lowback's defaults:")
    else:
        click.echo(f"Profile: {path}")
    click.echo(_describe(shown))
    click.echo(f"History: {history_path()}")
    if current is None:
        click.echo("Set one with: lowback profile set --sitting --after-legs")
