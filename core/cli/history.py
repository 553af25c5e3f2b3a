"""``lowback history``: the sessions logged, as a table or JSON; edit, delete, export, import."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .app import fail
from .feedback import complete_exercise
from .output import output_options
from .params import text_or_json

if TYPE_CHECKING:
    from ..storage.history import ExportedSession, ItemRecord, SessionRecord


class SessionNumber(click.ParamType[int, Any]):
    """A session's number, the # column of ``lowback history``: a whole number from 1
    (and at most SQLite's largest integer, so that a huge one is no session, not a crash)."""

    name = "N"
    LARGEST = 2**63 - 1

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= self.LARGEST:
            self.fail(
                f"{value!r} is not a session number; N is the # column of 'lowback history'",
                param,
                ctx,
            )
        return int(text)


MAX_IMPORT_BYTES = 67_108_864
"""An export file larger than this (64 MiB) is refused by ``history import``; no more is read."""


@click.group("history", invoke_without_command=True)
@text_or_json("text: a table; json: every session with its items and feedback.")
@click.option("--last", type=click.IntRange(1, 100_000), metavar="N", help="Only the last N.")
@click.pass_context
def history_command(ctx: click.Context, fmt: str, last: int | None) -> None:
    """List past sessions: date, guided or logged, items done, ratings, pain.

    A session stopped part-way (Ctrl-C in 'lowback session') shows as partial.
    The commands below correct or delete a session, export the history (CSV
    for a spreadsheet or a physiotherapist, JSON to move it) and import an export.

    \b
    Examples:
      lowback history
      lowback history --last 5 --format json
      lowback history edit 3 --date 2024-03-01 --pain-after 2 --feedback frog-stretch=harder
      lowback history delete 3
      lowback history export --format json --output history.json
      lowback history import history.json
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..storage.history import History, dumps_sessions
    from ..storage.paths import history_path

    path = history_path()
    history = History.open_existing(path)
    sessions: tuple[SessionRecord, ...] = ()
    if history is not None:
        with history:
            sessions = history.sessions(last=last)
    if fmt == "json":
        click.echo(dumps_sessions(sessions))
        return
    if not sessions:
        click.echo(f"No sessions logged yet (history: {path}).")
        click.echo("Start one with 'lowback session', or record one with 'lowback log'.")
        return
    header = ("#", "date", "kind", "done", "easier", "right", "harder", "pain")
    rows = []
    for s in sessions:
        done = sum(1 for i in s.items if i.done)
        counts = {r: sum(1 for i in s.items if i.rating == r) for r in header[4:7]}
        if s.pain_before is None and s.pain_after is None:
            pain = "-"
        else:
            pain = f"{'?' if s.pain_before is None else s.pain_before}->"
            pain += f"{'?' if s.pain_after is None else s.pain_after}"
        rows.append(
            (
                str(s.id),
                s.day.isoformat(),
                f"{s.kind}, partial" if s.partial else s.kind,
                f"{done}/{len(s.items)}" + ("" if done else " (not counted)"),
                *(str(counts[r]) for r in header[4:7]),
                pain,
            )
        )
    widths = [max(len(r[c]) for r in (header, *rows)) for c in range(len(header))]
    left = {1, 2}
    for row in (header, *rows):
        cells = [
            cell.ljust(widths[c]) if c in left else cell.rjust(widths[c])
            for c, cell in enumerate(row)
        ]
        click.echo("  ".join(cells).rstrip())
    click.echo(f"{len(sessions)} session{'s' if len(sessions) != 1 else ''} (history: {path})")


@history_command.command("delete")
@click.argument("number", type=SessionNumber(), metavar="N")
@click.option("--yes", is_flag=True, help="Delete without asking.")
def delete_command(number: int, yes: bool) -> None:
    """Delete session N (the # column of 'lowback history') and its feedback.

    In a terminal it asks first; --yes skips the question (needed elsewhere).
    """
    from ..storage.history import History
    from ..storage.paths import history_path

    history = History.open_existing(history_path())
    if history is None:
        fail(f"there is no session #{number}: no session is logged yet (nothing was deleted)")
    with history:
        found = {s.id: s for s in history.sessions()}.get(number)
        if found is None:
            fail(
                f"there is no session #{number}; 'lowback history' lists the numbers "
                "(nothing was deleted)"
            )
        if not yes:
            _confirm(
                f"Delete session #{number} of {found.day} ({found.kind}, {len(found.items)} items)?"
            )
        history.delete(number)
    click.echo(f"Deleted session #{number} of {found.day}.")


@history_command.command("edit")
@click.argument("number", type=SessionNumber(), metavar="N")
@click.option("--date", "when", metavar="YYYY-MM-DD", help="The day the session was done.")
@click.option("--pain-before", type=click.IntRange(0, 10), metavar="N", help="Pain before, 0-10.")
@click.option("--pain-after", type=click.IntRange(0, 10), metavar="N", help="Pain after, 0-10.")
@click.option(
    "--feedback",
    multiple=True,
    metavar="ID=RATING",
    shell_complete=complete_exercise,
    help="How an item felt (repeatable): ID=RATING[:BEFORE-AFTER], as 'lowback log' takes "
    "it; ID an item of that session or 'all' (every item done).",
)
def edit_command(
    number: int,
    when: str | None,
    pain_before: int | None,
    pain_after: int | None,
    feedback: tuple[str, ...],
) -> None:
    """Correct session N (the # column of 'lowback history'): its date, pain or feedback.

    Checked as 'lowback log' checks a session (no date after today, pain
    0-10, feedback only for items done); only what is given changes. The
    plan and the next session due follow the corrected date.

    \b
    Examples:
      lowback history edit 3 --date 2024-03-01
      lowback history edit 3 --pain-before 4 --pain-after 2 --feedback all=right
    """
    from ..storage.history import History
    from ..storage.paths import history_path
    from .context_flags import due_line, today
    from .feedback import parse_feedback_for
    from .log import session_day

    day = session_day(when, nothing="nothing was changed")
    if day is None and pain_before is None and pain_after is None and not feedback:
        raise click.UsageError(
            "nothing to correct; give --date, --pain-before, --pain-after or --feedback."
        )
    history = History.open_existing(history_path())
    if history is None:
        fail(f"there is no session #{number}: no session is logged yet (nothing was changed)")
    with history:
        found = history.session(number)
        if found is None:
            fail(
                f"there is no session #{number}; 'lowback history' lists the numbers "
                "(nothing was changed)"
            )
        keys = [i.exercise for i in found.items]
        skipped = [i.exercise for i in found.items if not i.done]
        answers = parse_feedback_for(keys, feedback, skipped, "session")
        changed = history.edit(
            number, day=day, pain_before=pain_before, pain_after=pain_after, feedback=answers
        )
    if changed is None:  # deleted by another process meanwhile
        fail(f"there is no session #{number} any more (nothing was changed)")
    click.echo(f"Corrected session #{number}: {_changes(*changed)}.")
    line = due_line(today())
    if line:
        click.echo(line)


def _changes(before: SessionRecord, after: SessionRecord) -> str:
    """What an edit changed, in words: ``date 2024-03-02 (was 2024-03-01), ...``."""

    def pains(s: SessionRecord | ItemRecord) -> str:
        return "->".join("?" if p is None else str(p) for p in (s.pain_before, s.pain_after))

    said = []
    if after.day != before.day:
        said.append(f"date {after.day} (was {before.day})")
    if pains(after) != pains(before):
        said.append(f"pain {pains(after)} (was {pains(before)})")
    for old, new in zip(before.items, after.items, strict=True):
        if new != old:
            name = new.exercise.rpartition("/")[2]
            said.append(
                f"{name} {new.rating or 'unrated'} {pains(new)} (was "
                f"{old.rating or 'unrated'} {pains(old)})"
            )
    return ", ".join(said) or "nothing differed from what it held"


def _confirm(question: str) -> None:
    from .guide import stdin_is_terminal

    if not stdin_is_terminal():
        raise click.UsageError("no terminal to ask in; add --yes to delete without asking")
    if not click.confirm(question, default=False):
        fail("not deleted (nothing was changed)")


CSV_COLUMNS = (
    "session", "day", "logged_at", "kind", "partial", "session_pain_before", "session_pain_after",
    "step", "exercise", "name", "rung", "sets", "reps", "hold_s", "duration_s", "per_side",
    "segments", "done", "rating", "pain_before", "pain_after",
)  # fmt: skip


def _none(value: object) -> object:
    return "" if value is None else value


def export_csv(sessions: tuple[ExportedSession, ...]) -> str:
    """One row per item (a session without items: one row with its own columns only)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        head = [s.id, s.day.isoformat(), s.logged_at, s.kind, int(s.partial)]
        head += [_none(s.pain_before), _none(s.pain_after)]
        if not s.items:
            writer.writerow(head + [""] * (len(CSV_COLUMNS) - len(head)))
        for i in s.items:
            d = i.dose
            item = [i.step, i.exercise, i.name, i.rung, d.sets]
            item += [_none(d.reps), _none(d.hold_s), _none(d.duration_s), int(d.per_side)]
            item += [" | ".join(d.segments)]  # the time above is for each of these parts
            item += [int(i.done), _none(i.rating), _none(i.pain_before), _none(i.pain_after)]
            writer.writerow(head + item)
    return buf.getvalue()


def export_json(sessions: tuple[ExportedSession, ...]) -> str:
    """The whole history, with each session's context and routine, for an import."""
    from ..storage.history import EXPORT_FORMAT, EXPORT_VERSION

    return (
        json.dumps(
            {
                "format": EXPORT_FORMAT,
                "version": EXPORT_VERSION,
                "sessions": [s.model_dump(mode="json") for s in sessions],
            },
            indent=1,
        )
        + "\n"
    )


@history_command.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    required=True,
    help="csv: one row per item, for a spreadsheet; json: everything, for 'history import'.",
)
@output_options()
def export_command(fmt: str, output: Path | None, force: bool) -> None:
    """Export every session: CSV to read, JSON to move the history to another machine.

    \b
    Examples:
      lowback history export --format csv > sessions.csv
      lowback history export --format json --output history.json
    """
    from ..storage.history import History
    from ..storage.paths import history_path
    from .output import deliver

    if force and output is None:
        raise click.UsageError(
            "--force only applies with --output FILE; add --output or drop --force."
        )
    sessions: tuple[ExportedSession, ...] = ()
    history = History.open_existing(history_path())
    if history is not None:
        with history:
            sessions = history.exported()
    text = export_csv(sessions) if fmt == "csv" else export_json(sessions)
    deliver(text, output, force=force)


@history_command.command("import")
@click.argument("file", metavar="FILE")
def import_command(file: str) -> None:
    """Add the sessions of a 'history export --format json' file to the history.

    The whole file is checked first: a bad one changes nothing. Sessions the
    history holds already are not added twice.
    """
    from ..storage.history import History

    sessions = _read_export(file)
    with History.open() as history:
        added, already = history.import_sessions(sessions)
    more = f"; {already} already in the history" if already else ""
    click.echo(f"Imported {added} session{'s' if added != 1 else ''} from {file}{more}.")


def _read_export(name: str) -> tuple[ExportedSession, ...]:
    from ..errors import InvalidDataError
    from ..storage.files import UnreadableError, read_text
    from ..storage.history import HistoryExport
    from ..validation import validate_json

    def bad(why: object) -> click.BadParameter:
        return click.BadParameter(f"{name}: {why} (nothing was imported)", param_hint="'FILE'")

    try:
        text = read_text(name, MAX_IMPORT_BYTES)
    except UnreadableError as exc:
        raise bad(exc) from None
    try:
        return validate_json(HistoryExport, text).sessions
    except InvalidDataError as exc:
        first = exc.problems[0] if exc.problems else "not valid"
        raise bad(f"not a file from 'lowback history export --format json' ({first})") from None
