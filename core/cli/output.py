"""Where a command's output goes: stdout, or a file written whole or not at all."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from .app import fail

if TYPE_CHECKING:
    from pathlib import Path


def use_color() -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def deliver(text: str, output: Path | None, *, force: bool, flag: str = "--output") -> None:
    """Print ``text``, or write it to ``output`` (see :func:`write_file`)."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    write_file(output, text.encode("utf-8"), force=force, flag=flag)
    click.echo(f"Wrote {output}", err=True)


def write_file(path: Path, data: bytes, *, force: bool, flag: str) -> None:
    """Write ``data`` to the file ``path`` that option ``flag`` named, atomically.

    An existing file is never replaced without ``force``; a failed write leaves
    whatever was there untouched. Every problem is one line and exit code 1.
    """
    from ..storage.files import write_atomic  # only writing a file needs it

    exists = f"{flag} {path}: the file exists; add --force to replace it (nothing was written)"
    if path.exists() and not force:
        fail(exists)
    if path.is_dir():
        fail(f"{flag} {path}: is a folder; give a file name")
    try:
        write_atomic(path, data, replace=force)
    except FileExistsError:  # made by another program since the check above
        fail(exists)
    except OSError as exc:
        fail(f"{flag} {path}: cannot write: {exc.strerror or exc}")
