"""Where a command's output goes: stdout, or a file written whole or not at all."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pathlib import Path


def use_color() -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def deliver(text: str, output: Path | None, *, force: bool, flag: str = "--output") -> None:
    """Print ``text``, or write it to ``output`` atomically.

    An existing file is never replaced without ``force``; a failed write leaves
    whatever was there untouched.
    """
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    # Imported here: only writing a file needs them, not printing to the terminal.
    import tempfile
    from pathlib import Path

    from .app import fail

    if output.exists() and not force:
        fail(f"{flag} {output}: the file exists; add --force to replace it (nothing was written)")
    if output.is_dir():
        fail(f"{flag} {output}: is a folder; give a file name")
    parent = output.parent if str(output.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", dir=parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, output)
    except OSError as exc:
        if "tmp" in locals() and os.path.exists(tmp):
            os.unlink(tmp)
        fail(f"{flag} {output}: cannot write: {exc.strerror or exc}")
    click.echo(f"Wrote {output}", err=True)
