"""What every command shares: settings, the engine, and turning errors into one line."""

from __future__ import annotations

import contextlib
import difflib
import errno
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .. import __version__
from ..render.safe_text import inert

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from ..engine import Engine
    from ..models import Context, Routine


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


@dataclass
class Settings:
    """Global options, and the engine built from them on first use."""

    disable: tuple[str, ...] = ()
    only: tuple[str, ...] | None = None
    strict: bool = False
    catalogues: tuple[Path, ...] = ()
    """Catalogue files given with ``--catalogue FILE``."""
    named: tuple[tuple[str, str], ...] = ()
    """``(where, name)`` for each plugin name given, to check it names a plugin."""
    _engine: Engine | None = field(default=None, repr=False)
    _shown: int = field(default=0, repr=False)

    @classmethod
    def from_env(
        cls, *, disable: tuple[str, ...], strict: bool, catalogues: tuple[Path, ...] = ()
    ) -> Settings:
        """Flags plus ``LOWBACK_DISABLE_PLUGINS`` and ``LOWBACK_LOAD_PLUGINS``."""
        env_disable = _names(os.environ.get("LOWBACK_DISABLE_PLUGINS"))
        only = _names(os.environ.get("LOWBACK_LOAD_PLUGINS")) or None
        named = (
            *(("LOWBACK_DISABLE_PLUGINS", name) for name in env_disable),
            *(("LOWBACK_LOAD_PLUGINS", name) for name in only or ()),
            *(("--disable-plugin", name) for name in disable),
        )
        return cls(
            disable=(*env_disable, *disable),
            only=only,
            strict=strict,
            catalogues=catalogues,
            named=tuple(dict.fromkeys(named)),
        )

    def catalogue_files(self) -> list[Path]:
        """The local catalogue folder's files, then the ``--catalogue`` ones."""
        from ..loader import local_catalogues

        try:
            local = local_catalogues()
        except OSError as exc:
            fail(f"cannot read the local catalogue folder {exc.filename}: {exc.strerror}")
        return [*local, *self.catalogues]

    def engine(self) -> Engine:
        """The engine, loaded, with every plugin fault shown on stderr."""
        if self._engine is None:
            from ..engine import Engine

            files = self.catalogue_files()
            self.check_names(files)
            engine = Engine(
                block=self.disable, only=self.only, strict=self.strict, catalogues=files
            )
            engine.load()
            self._engine = engine
            self.show_faults()
        return self._engine

    def check_names(self, files: list[Path]) -> None:
        """A warning (``--strict``: an error) for each plugin name given that no
        installed plugin or catalogue file has, with the closest name there is."""
        if not self.named:
            return  # nothing to check: no second scan of the entry points
        from ..loader import FILE_PREFIX, installed

        known = {found.name for found in installed()} | {FILE_PREFIX + p.name for p in files}
        problems = [
            unknown_plugin(where, name, known) for where, name in self.named if name not in known
        ]
        if problems and self.strict:
            fail("\n".join(problems))
        for problem in problems:
            warn(problem)

    def show_faults(self) -> None:
        """Print, once each, the plugin faults the engine has met so far."""
        if self._engine is None:
            return
        faults = self._engine.faults
        for fault in faults[self._shown :]:
            warn(str(fault))
        self._shown = len(faults)

    def recommend(self, context: Context) -> Routine:
        """The engine's routine for ``context``, with any new plugin fault shown."""
        engine = self.engine()
        routine = engine.recommend(context)
        self.show_faults()
        return routine


def unknown_plugin(where: str, name: str, known: Iterable[str]) -> str:
    """The line for a plugin ``name`` (given in ``where``) that no plugin has."""
    close = difflib.get_close_matches(name, sorted(known), n=1)
    hint = f"did you mean {close[0]!r}?" if close else "lowback --version lists them"
    return f"{where} names {name!r}, but no installed plugin has that name ({hint})"


def complete_plugin_name(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Shell completion of plugin names, from the entry points: no plugin is imported."""
    from click.shell_completion import CompletionItem

    from ..loader import installed

    names: dict[str, str | None] = {}
    for found in installed():
        names.setdefault(found.name, found.distribution)
    return [
        CompletionItem(name, help=dist)
        for name, dist in names.items()
        if name.startswith(incomplete)
    ]


MAX_ERROR_LINES = 50
"""A broken file can have thousands of problems; show this many and count the rest."""


def say(text: str) -> None:
    """Print a line that carries plugin text, made inert (no escapes, no control codes)."""
    click.echo(inert(text).replace("\n", " "))


def warn(message: str) -> None:
    """A one-line warning on stderr."""
    click.echo(f"lowback: warning: {inert(message)}", err=True)


def fail(message: str) -> NoReturn:
    """A one-line (per problem) error on stderr and exit code 1."""
    lines = message.splitlines() or [message]
    for line in lines[:MAX_ERROR_LINES]:
        click.echo(f"lowback: error: {inert(line)}", err=True)
    if len(lines) > MAX_ERROR_LINES:
        click.echo(
            f"lowback: error: ... and {len(lines) - MAX_ERROR_LINES} more problems", err=True
        )
    sys.exit(1)


class LowbackGroup(click.Group):
    """Errors as one line each, never a traceback: usage errors exit 2, the rest 1.

    Commands are loaded lazily, in the way click's documentation shows
    ("Lazily Loading Subcommands"): ``lazy_commands`` maps each name to
    ``module:object`` under ``lowback.cli``, imported only when that command
    runs, completes or is listed by ``--help``.
    """

    def __init__(
        self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            import importlib

            module, _, name = self.lazy_commands[cmd_name].partition(":")
            command = getattr(importlib.import_module(f"{__package__}.{module}"), name)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            _plug_closed_streams()
            code = super().main(*args, **kwargs)
            sys.stdout.flush()  # a full disk shows here, not in Python's own exit
        except click.UsageError as exc:
            from .params import missing_value_hint

            path = exc.ctx.command_path if exc.ctx is not None else "lowback"
            choices = missing_value_hint(exc)
            # One line: click lists a missing argument's choices one per line.
            message = re.sub(r"\s*\n\s*", " ", exc.format_message())
            click.echo(f"lowback: error: {message}{choices} (see '{path} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"lowback: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort as exc:
            # click's prompts raise Abort "from None": what stopped them is the context.
            _aborted(exc.__cause__ or exc.__context__)
        except KeyboardInterrupt:
            sys.exit(130)
        except OSError as exc:
            if exc.filename is not None:  # a file a command did not expect to fail on
                fail(f"{exc.filename}: {exc.strerror or exc}")  # e.g. File name too long
            if exc.errno not in _STREAM_ERRNOS:
                raise
            _output_failed(exc)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        from ..errors import LowbackError

        try:
            return super().invoke(ctx)
        except LowbackError as exc:
            fail(str(exc))
        except click.UsageError as exc:
            # click's parser leaves some errors without a context; give them the
            # subcommand's, so the message can name its --help and its choices.
            name = ctx.invoked_subcommand
            command = self.get_command(ctx, name) if name else None
            if exc.ctx is None and command is not None:
                exc.ctx = click.Context(command, info_name=name, parent=ctx)
            raise


_STREAM_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EPIPE", "EIO", "EFBIG")
    if hasattr(errno, name)
)
"""Errors writing stdout (a full disk, a closed pipe) that are the output's, not a bug."""


def _plug_closed_streams() -> None:
    """Put ``os.devnull`` on a closed stdin, stdout or stderr (file descriptors 0-2).

    A file opened later (the history, a temporary file) would otherwise take the
    free descriptor, and output meant for the terminal would land in it. A
    closed stdin then reads as empty; a closed stdout is an error (exit 1), as
    the output would be lost.
    """
    closed = [fd for fd in (0, 1, 2) if _is_closed(fd)]
    for fd in closed:
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    if 0 in closed:
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    if 2 in closed:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    if 1 in closed:
        fail("standard output is closed, so nothing could be shown; run lowback with it open")


def _is_closed(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def _aborted(cause: BaseException | None) -> NoReturn:
    """Ctrl-C: a quiet exit 130. Stdin ending at a question (or any other abort):
    ``lowback: aborted`` and exit 1."""
    if isinstance(cause, KeyboardInterrupt):
        sys.exit(130)
    click.echo("lowback: aborted", err=True)
    sys.exit(1)


def _output_failed(exc: OSError) -> NoReturn:
    """Writing stdout failed: say so once on stderr (a closed pipe: say nothing), exit 1."""
    with contextlib.suppress(OSError, ValueError):  # no second failure at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if exc.errno != errno.EPIPE:
        with contextlib.suppress(OSError):
            click.echo(f"lowback: error: cannot write the output ({exc.strerror})", err=True)
    sys.exit(1)


def print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``lowback --version``: lowback's version and each plugin's, importing no plugin."""
    if not value or ctx.resilient_parsing:
        return
    from ..loader import installed

    lines = [f"lowback {__version__}"]
    for found in installed():
        dist = f" ({found.distribution})" if found.distribution else ""
        lines.append(f"  {found.name} {found.version or 'unknown'}{dist}")
    click.echo("\n".join(lines))
    ctx.exit()
