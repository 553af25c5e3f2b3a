"""``lowback recommend``: a routine for the context given by flags."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..render import FORMATS
from .app import Settings
from .context_file import load_context
from .context_flags import ContextFlags, context_from_flags, context_options
from .output import deliver, output_options, use_color
from .screen import screen_first, screening_options

if TYPE_CHECKING:
    from ..models import Context, Progress, Routine
    from ..models.routine import RoutineItem


@click.command("recommend")
@context_options
@screening_options
@click.option(
    "--context",
    "context_file",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    metavar="FILE",
    help="Read the whole context as JSON from FILE ('-' for stdin) instead of flags.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for a terminal, json (the Routine model), markdown or html (printable).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Show every reason with its rule and fact, and every exercise left out, in text, "
    "Markdown or HTML (the JSON always carries them).",
)
@click.option("--no-history", is_flag=True, help="Ignore your history (no progression).")
@output_options()
@click.pass_obj
def recommend_command(
    settings: Settings,
    flags: ContextFlags,
    pain: int | None,
    red_flags: tuple[str, ...],
    cleared: bool,
    context_file: str | None,
    fmt: str,
    explain: bool,
    no_history: bool,
    output: Path | None,
    force: bool,
) -> None:
    """Recommend a short routine for your day.

    \b
    Examples:
      lowback recommend --sitting --after-legs
      lowback recommend --sitting --before-workout --no-roller --minutes 10
      lowback recommend --after-legs --limit cross-legs --limit hip-opening --explain
    """
    if force and output is None:
        raise click.UsageError(
            "--force only applies with --output FILE; add --output or drop --force."
        )
    personal = None  # the context from the flags and the profile, before any question
    if context_file is not None:
        context = read_context(context_file)
    else:
        context = context_from_flags(
            flags,
            pain=pain,
            red_flags=red_flags,
            cleared=cleared,
            history=not no_history,
        )
        personal = context
        context = screen_first(context, settings.engine().questions)
    routine = settings.recommend(context)
    from ..render import render

    to_terminal = output is None or str(output) == "-"
    text = render(routine, fmt, explain=explain, color=use_color() and to_terminal)
    if explain and fmt != "json":  # the JSON routine carries its context and progress
        facts = explain_facts(routine, flags, personal, (pain, red_flags, cleared), no_history)
        text = _with_facts(text, fmt, facts)
    deliver(text, output, force=force)


_CONTEXT_FLAGS = (
    "sitting",
    "heavy_lifting",
    "after_legs",
    "before_workout",
    "situations",
    "limits",
    "conditions",
    "equipment",
    "no_roller",
    "avoid",
    "minutes",
    "pain",
    "red_flags",
    "cleared",
)


def read_context(source: str) -> Context:
    """A context from JSON; flags that shape a context cannot be given alongside it."""
    ctx = click.get_current_context()
    flags = {p.name: p.opts[0] for p in ctx.command.params}
    given = [
        flags[name]
        for name in _CONTEXT_FLAGS
        if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    ]
    if given:
        raise click.UsageError(f"--context cannot be combined with {', '.join(given)}.")
    return load_context(source)


def explain_facts(
    routine: Routine,
    flags: ContextFlags,
    personal: Context | None,
    answers: tuple[int | None, tuple[str, ...], bool],
    no_history: bool,
) -> str:
    """``--explain``'s account of the profile and history facts the routine was built on.

    The profile's values applied are those of ``personal`` (the context from the flags
    and the profile; None when ``--context`` gave it whole) that the flags and
    ``answers`` (``--pain``, ``--red-flag``, ``--cleared``) alone do not give. The
    history's: the sessions counted, the first and last days, and each item's rung,
    what the history holds of it, and the progression reason behind it.
    """
    lines = ["Facts used:", f"  {_profile_facts(flags, personal, answers)}"]
    if personal is None or no_history:
        why = "--context gives the whole context" if personal is None else "--no-history"
        lines.append(f"  History: not read ({why}): no progression.")
    else:
        lines += [f"  {line}" for line in _history_facts(routine)]
    return "\n".join(lines) + "\n"


def _with_facts(page: str, fmt: str, facts: str) -> str:
    """``page`` (text, Markdown or HTML) ending with :func:`explain_facts`: as they are, as
    a Markdown section or as an HTML section before the page's end (each line made inert)."""
    head, *lines = facts.splitlines()
    depths = [(len(line) - len(line.lstrip())) // 2 - 1 for line in lines]
    if fmt == "text":
        return page.rstrip("\n") + "\n\n" + facts
    if fmt == "markdown":
        from ..render.markdown import md

        bullets = [f"{'  ' * d}- {md(line.strip())}" for d, line in zip(depths, lines, strict=True)]
        return page.rstrip("\n") + f"\n\n## {head.rstrip(':')}\n\n" + "\n".join(bullets) + "\n"
    from html import escape

    from ..render.safe_text import inert

    items = [
        f'<li style="margin-left: {1.2 * d:g}em">{escape(inert(line.strip(), one_line=True))}</li>'
        for d, line in zip(depths, lines, strict=True)
    ]
    section = f'<section class="advice"><h2>{escape(head.rstrip(":"))}</h2><ul>'
    end = page.rindex("</div></body>")
    return page[:end] + section + "".join(items) + "</ul></section>\n" + page[end:]


def _shown(name: str, value: object) -> str:
    label = name.replace("_", " ")
    if value is True:
        return label
    if isinstance(value, tuple):
        return f"{label}: {', '.join(map(str, value)) or 'none'}"
    return f"{label} {value}"


def _profile_facts(
    flags: ContextFlags,
    personal: Context | None,
    answers: tuple[int | None, tuple[str, ...], bool],
) -> str:
    from ..storage.paths import missing, profile_path

    path = profile_path()
    if personal is None:
        return "Profile: not read (--context gives the whole context)."
    if flags.no_profile:
        return "Profile: not read (--no-profile)."
    if missing(path):
        return f"Profile: none saved ({path})."
    pain, red_flags, cleared = answers
    bare = context_from_flags(
        flags._replace(no_profile=True),
        pain=pain,
        red_flags=red_flags,
        cleared=cleared,
        history=False,
    )
    applied = [
        _shown(name, getattr(personal, name))
        for name in type(personal).model_fields
        if name != "progress" and getattr(personal, name) != getattr(bare, name)
    ]
    said = ", ".join(applied) if applied else "nothing that the flags did not already give"
    return f"Profile {path}: applied {said} (flags on the command line come first)."


def _history_facts(routine: Routine) -> list[str]:
    from ..storage.paths import history_path

    progress = routine.context.progress
    if progress is None or not progress.sessions:
        return [
            f"History: no session logged yet ({history_path()}): every item starts at its "
            "catalogue's dose."
        ]
    plural = "s" if progress.sessions != 1 else ""
    lines = [
        f"History {history_path()}: {progress.sessions} session{plural} up to "
        f"{progress.today}, the first on {progress.first_day}, the last on {progress.last_day}."
    ]
    lines += [f"  {_item_facts(item, progress)}" for item in routine.items]
    return lines


def _item_facts(item: RoutineItem, progress: Progress) -> str:
    """One item's line: the rung given, what the history holds of it, and progression's why."""
    from ..render.safe_text import inert

    v = item.variation
    name = inert(v.name, one_line=True)
    said = f"{item.exercise.rpartition('/')[2]}: rung {v.rung} of {v.of} ('{name}')"
    record = progress.of(item.exercise)
    if record is None or not record.recent:
        said += "; not done in the history yet"
    else:
        last = record.recent[-1]
        n = len(record.recent)
        said += f"; done in {n} recent session{'s' if n != 1 else ''}, the latest on {last.day}"
        rated = f"rated {last.rating}" if last.rating else "not rated"
        said += f" at '{last.rung}', {rated}"
    why = [inert(r.text, one_line=True) for r in item.reasons if r.fact.startswith("progress[")]
    return said + (f"; {' '.join(why)}" if why else "")
