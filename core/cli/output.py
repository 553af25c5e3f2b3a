"""Where a command's output goes: stdout, or a file written whole or not at all."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from .app import fail

F = TypeVar("F", bound=Callable[..., object])


def output_options(what: str = "") -> Callable[[F], F]:
    """``--output FILE`` (``-o``; ``-`` for stdout) and ``--force``, as every command that
    writes a file has them; ``what`` names what is written (``"the catalogue"``)."""
    thing = f"Write {what} to FILE" if what else "Write to FILE"

    def add(command: F) -> F:
        command = click.option(
            "--force", is_flag=True, help="With --output, replace an existing file."
        )(command)
        return click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
            metavar="FILE",
            help=f"{thing} instead of stdout ('-': stdout; never replaces a file without --force).",
        )(command)

    return add


def use_color() -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set."""
    try:
        return sys.stdout.isatty() and "NO_COLOR" not in os.environ
    except (AttributeError, ValueError):  # no stdout, or a closed one
        return False


def deliver(text: str, output: Path | None, *, force: bool, flag: str = "--output") -> None:
    """Print ``text``, or write it to ``output`` (see :func:`write_file`)."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    write_file(output, text.encode("utf-8"), force=force, flag=flag)
    click.echo(f"Wrote {output}", err=True)


def write_file(path: Path, data: bytes, *, force: bool, flag: str) -> None:
    """Write ``data`` to the file ``path`` that option ``flag`` named, atomically.

    Only a regular file, or a symbolic link to one (written through, the link
    kept), is written; a folder, a device or a FIFO is refused, and ``-`` is
    stdout (the caller's to handle). An existing file is never replaced without
    ``force``; a failed write leaves whatever was there untouched. Every
    problem is one line and exit code 1.
    """
    from ..storage.files import NotAFileError, write_atomic  # only writing a file needs it

    try:
        write_atomic(path, data, replace=force)
    except FileExistsError:  # there already, or made by another program meanwhile
        fail(f"{flag} {path}: the file exists; add --force to replace it (nothing was written)")
    except NotAFileError as exc:
        fail(
            f"{flag} {path}: {exc.strerror}; give the name of a regular file, or - for "
            "stdout (nothing was written)"
        )
    except OSError as exc:
        fail(f"{flag} {path}: cannot write: {exc.strerror or exc} (nothing was written)")
