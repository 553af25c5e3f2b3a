"""What every command shares: settings, the engine, and turning errors into one line."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .. import __version__

if TYPE_CHECKING:
    from ..discovery import PluginSource
    from ..engine import Engine
    from ..models import Context, Routine


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


class Settings:
    """Global options, and the engine built from them on first use.

    (A plain class, not a dataclass: every command, ``--help`` included, makes
    one, and importing dataclasses and building the class cost ``--help`` about
    a tenth of ``python -c pass``.)
    """

    __slots__ = ("_engine", "_shown", "disable", "only", "strict")

    def __init__(
        self,
        disable: tuple[str, ...] = (),
        only: tuple[str, ...] | None = None,
        strict: bool = False,
    ) -> None:
        self.disable = disable
        self.only = only
        self.strict = strict
        self._engine: Engine | None = None
        self._shown = 0

    def __repr__(self) -> str:
        return f"Settings(disable={self.disable!r}, only={self.only!r}, strict={self.strict!r})"

    @classmethod
    def from_env(cls, *, disable: tuple[str, ...], strict: bool) -> Settings:
        """Flags plus ``LOWBACK_DISABLE_PLUGINS`` and ``LOWBACK_LOAD_PLUGINS``."""
        env_disable = _names(os.environ.get("LOWBACK_DISABLE_PLUGINS"))
        only = _names(os.environ.get("LOWBACK_LOAD_PLUGINS")) or None
        return cls(disable=(*env_disable, *disable), only=only, strict=strict)

    def engine(self) -> Engine:
        """The engine, loaded, with every plugin fault shown on stderr."""
        if self._engine is None:
            from ..engine import Engine

            engine = Engine(
                block=self.disable, only=self.only, strict=self.strict, sources=plugin_sources()
            )
            engine.load()
            self._engine = engine
            self.show_faults()
        return self._engine

    def show_faults(self) -> None:
        """Print, once each, the plugin faults the engine has met so far."""
        if self._engine is None:
            return
        faults = self._engine.faults
        for fault in faults[self._shown :]:
            warn(str(fault))
        self._shown = len(faults)

    def recommend(self, context: Context) -> Routine:
        """The engine's routine for ``context``, with any new plugin fault shown.

        Warns when the built-in safety screen is not loaded (blocked, left out by
        LOWBACK_LOAD_PLUGINS, or failed): red flags and pain are then not checked,
        and the person should know it.
        """
        engine = self.engine()
        if SAFETY_PLUGIN not in {info.name for info in engine.plugins}:
            warn(
                f"the safety screen is off: plugin {SAFETY_PLUGIN!r} is not loaded, so red "
                "flags and pain are not checked (see docs/safety.md)"
            )
        routine = engine.recommend(context)
        self.show_faults()
        return routine


SAFETY_PLUGIN = "safety"
"""The entry-point name of the built-in safety screen (plugins/safety.py)."""


MAX_ERROR_LINES = 50
"""A broken file can have thousands of problems; show this many and count the rest."""


def say(text: str) -> None:
    """Print a line that carries plugin text, made inert (no escapes, no control codes)."""
    from ..render.inert import inert

    click.echo(inert(text).replace("\n", " "))


def warn(message: str) -> None:
    """A one-line warning on stderr."""
    from ..render.inert import inert

    click.echo(f"lowback: warning: {inert(message)}", err=True)


def fail(message: str) -> NoReturn:
    """A one-line (per problem) error on stderr and exit code 1."""
    from ..render.inert import inert

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

    ``lazy`` maps a command name to ``(module, attribute, summary)``: the module
    (under ``lowback.cli``) is imported only when the command is looked up to run
    or complete, and ``--help`` lists the summaries without importing anything.
    """

    def __init__(
        self, *args: Any, lazy: dict[str, tuple[str, str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            import importlib

            module, attribute, _summary = self.lazy[cmd_name]
            command = getattr(importlib.import_module(f"{__package__}.{module}"), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy:  # its summary, without importing it
                summary = self.lazy[name][2]
            else:
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                summary = command.get_short_help_str(10**6)
            rows.append((name, summary))
        if rows:
            # Truncated by click's own rule for summaries, to fit the width.
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl(
                    [
                        (name, click.Command(name, help=s).get_short_help_str(limit))
                        for name, s in rows
                    ]
                )

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as exc:
            from .params import missing_value_hint

            path = exc.ctx.command_path if exc.ctx is not None else "lowback"
            choices = missing_value_hint(exc)
            click.echo(
                f"lowback: error: {exc.format_message()}{choices} (see '{path} --help')", err=True
            )
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"lowback: error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("lowback: aborted", err=True)
            sys.exit(1)
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


def plugin_sources() -> list[PluginSource]:
    """The plugins of the ``lowback`` entry-point group, as the command line sees them.

    Read from the entry-point cache in :func:`~lowback.storage.paths.cache_folder`
    (rebuilt whenever the installed distributions change), or scanned afresh
    when ``LOWBACK_NO_CACHE`` is set.
    """
    from ..storage import paths

    if paths.cache_disabled():
        from ..discovery import discover

        return discover()
    from ..discovery import discover_cached

    return discover_cached(paths.cache_folder())


def print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``lowback --version``: lowback's version and each plugin's, importing no plugin."""
    if not value or ctx.resilient_parsing:
        return
    lines = [f"lowback {__version__}"]
    for source in plugin_sources():
        dist = f" ({source.distribution})" if source.distribution else ""
        lines.append(f"  {source.name} {source.version or 'unknown'}{dist}")
    click.echo("\n".join(lines))  # one write: click.echo costs as much per line as per text
    ctx.exit()
