"""``lowback history``: the sessions logged, as a table or JSON."""

from __future__ import annotations

import click

from .params import text_or_json


@click.command("history")
@text_or_json("text: a table; json: every session with its items and feedback.")
@click.option("--last", type=click.IntRange(1, 100_000), metavar="N", help="Only the last N.")
def history_command(fmt: str, last: int | None) -> None:
    """List past sessions: date, guided or logged, items done, ratings, pain.

    \b
    Examples:
      lowback history
      lowback history --last 5 --format json
    """
    from ..storage.history import History, SessionRecord, dumps_sessions
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
                s.kind,
                f"{done}/{len(s.items)}",
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
