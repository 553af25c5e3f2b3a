"""``lowback recommend``: a routine for the context given by flags."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..render import FORMATS
from .app import Settings
from .context_file import load_context
from .context_flags import ContextFlags, context_from_flags, context_options
from .output import deliver, use_color
from .screen import screen_first, screening_options

if TYPE_CHECKING:
    from ..models import Context


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
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write to FILE instead of stdout (never replaces a file without --force).",
)
@click.option("--force", is_flag=True, help="With --output, replace an existing file.")
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
        context = screen_first(context, settings.engine().questions)
    routine = settings.recommend(context)
    from ..render import render

    to_terminal = output is None or str(output) == "-"
    text = render(routine, fmt, explain=explain, color=use_color() and to_terminal)
    deliver(text, output, force=force)


_CONTEXT_FLAGS = (
    "sitting",
    "heavy_lifting",
    "after_legs",
    "before_workout",
    "limits",
    "conditions",
    "no_roller",
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
