"""``lowback profile``: the usual context, kept between runs."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from ..vocab import CONDITIONS, LIMITS
from .params import WholeNumber, text_or_json

if TYPE_CHECKING:
    from ..storage.profile import Profile


@click.group("profile")
def profile_group() -> None:
    """Your usual context (set once, used by every command; flags override it).

    \b
    Examples:
      lowback profile set --sitting --after-legs --limit cross-legs
      lowback profile set --no-limit cross-legs --minutes 15
      lowback profile set --condition pregnancy
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
    "--limit",
    "add_limits",
    multiple=True,
    type=click.Choice(LIMITS),
    metavar="LIMIT",
    help=f"Add something you cannot do yet (repeatable): {', '.join(LIMITS)}.",
)
@click.option(
    "--no-limit",
    "remove_limits",
    multiple=True,
    type=click.Choice((*LIMITS, "all")),
    metavar="LIMIT",
    help="Remove a limit you no longer have (repeatable; 'all' for every one).",
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
@click.option("--minutes", type=WholeNumber(1, 240), metavar="N", help="Usual time budget (1-240).")
@click.option("--no-minutes", is_flag=True, help="No usual time budget.")
def profile_set(
    sitting: bool | None,
    heavy_lifting: bool | None,
    after_legs: bool,
    before_workout: bool,
    any_time: bool,
    add_limits: tuple[str, ...],
    remove_limits: tuple[str, ...],
    add_conditions: tuple[str, ...],
    remove_conditions: tuple[str, ...],
    roller: bool | None,
    minutes: int | None,
    no_minutes: bool,
) -> None:
    """Change your profile; keys you do not name keep their values."""
    from ..storage import profile as profiles
    from ..storage.paths import profile_path

    timing = _timing(after_legs, before_workout, any_time)
    if minutes is not None and no_minutes:
        raise click.UsageError("--minutes and --no-minutes cannot be given together.")
    _not_both("limit", add_limits, remove_limits)
    _not_both("condition", add_conditions, remove_conditions)
    given = {
        "sitting": sitting,
        "heavy_lifting": heavy_lifting,
        "timing": timing,
        "roller": roller,
        "minutes": minutes if minutes is not None or no_minutes else _UNSET,
        "limits": (add_limits, remove_limits),
        "conditions": (add_conditions, remove_conditions),
    }
    named = (sitting, heavy_lifting, timing, roller, minutes)
    edits = (*add_limits, *remove_limits, *add_conditions, *remove_conditions)
    if all(v is None for v in named) and not no_minutes and not edits:
        raise click.UsageError("nothing to set; name at least one option (see --help).")
    path = profile_path()
    # Read, changed and written under the profile's lock: a broken profile stops
    # here, untouched, and a change made at the same moment by another command is kept.
    new = profiles.edit(lambda current: _changes(current, given), path)
    click.echo(f"Saved {path}")
    click.echo(_describe(new))


_UNSET = object()


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


def _changes(current: Profile, given: dict[str, Any]) -> dict[str, object]:
    """The profile keys the options of ``profile set`` change, applied to ``current``."""
    changes: dict[str, object] = {}
    for key in ("sitting", "heavy_lifting"):
        if given[key] is not None:
            changes[key] = given[key]
    if given["timing"] is not None:
        changes["timing"] = None if given["timing"] == "none" else given["timing"]
    for key in ("limits", "conditions"):
        added, removed = given[key]
        if added or removed:
            changes[key] = _edited(getattr(current, key), added, removed)
    if given["roller"] is not None:
        changes["equipment"] = ["foam-roller"] if given["roller"] else []
    if given["minutes"] is not _UNSET:
        changes["minutes"] = given["minutes"]
    return changes


def _not_both(name: str, added: tuple[str, ...], removed: tuple[str, ...]) -> None:
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
