"""``lowback progress``: pain, sessions against the plan, and each exercise's ladder."""

from __future__ import annotations

import codecs
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .app import Settings
from .output import deliver, output_options

if TYPE_CHECKING:
    from ..progress_report import Report
    from ..storage.history import SessionRecord


@click.command("progress")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text: small charts for a terminal; json: the data; html: a one-page printable "
    "report with charts, to hand to a clinician.",
)
@output_options()
@click.pass_obj
def progress_command(settings: Settings, fmt: str, output: Path | None, force: bool) -> None:
    """Show whether it is working: pain before and after each session, sessions per
    week against the plan, each exercise's rung over time and its next step.

    \b
    Examples:
      lowback progress
      lowback progress --format html --output progress.html
      lowback progress --format json
    """
    if force and output is None:
        raise click.UsageError(
            "--force only applies with --output FILE; add --output or drop --force."
        )
    report, sessions = read_report(settings)
    if report is None:
        # A history holding only sessions dated after today (LOWBACK_TODAY, or a clock
        # set back), or only sessions with nothing done, has nothing to show either.
        from .context_flags import today

        later = sum(1 for s in sessions if s.day > today())
        if later:
            none = f"No session dated up to today with something done ({later} after it)"
        elif sessions:
            none = "No session with something done logged yet"
        else:
            none = "No sessions logged yet"
        click.echo(f"{none}: record one with 'lowback log', then come back.")
        return
    to_file = output is not None and str(output) != "-"
    if fmt == "json":
        text = json.dumps(report.as_json(), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "html":
        from ..render.progress_html import render_progress_html

        text = render_progress_html(report)
    else:
        from ..render.progress_text import render_progress_text

        text = render_progress_text(report, unicode=to_file or _stdout_is_utf8())
    deliver(text, output, force=force)


def _stdout_is_utf8() -> bool:
    """Whether stdout takes the charts' block characters; else they are drawn in ASCII."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def read_report(settings: Settings) -> tuple[Report | None, tuple[SessionRecord, ...]]:
    """The report as of today, from the history, the profile and today's routine (None
    when no session with something done is dated up to today), and the history's
    sessions."""
    from ..storage.history import History
    from ..storage.paths import history_path

    history = History.open_existing(history_path())
    if history is None:
        return None, ()
    from .context_flags import today

    day = today()
    with history:
        sessions = history.sessions()
        progress = history.progress(day)
    if not progress.sessions:
        return None, sessions
    from ..models import Context
    from ..progress_report import build
    from ..schedule import describe_next
    from .context_flags import personalise

    # Today's routine, as 'lowback recommend' gives it: its items carry each
    # exercise's next step and the rules' reasons for it.
    routine = settings.recommend(personalise(Context(), day=day))
    due = describe_next(progress)[1]
    return build(sessions, day, settings.engine().index.entries, routine, due), sessions
