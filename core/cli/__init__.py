"""The ``lowback`` command line: the group, its global options, and every command.

Each command lives in the module of its name (``lowback plan`` in
:mod:`lowback.cli.plan`). Command modules import only click at the top; the
engine, pydantic and the plugins load inside the commands that need them, so
``lowback --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from .app import LowbackGroup, Settings, complete_plugin_name, print_version

COMMANDS = {
    "catalogues": "catalogues:catalogues_command",
    "exercises": "exercises:exercises_command",
    "history": "history:history_command",
    "import": "import_:import_command",
    "log": "log:log_command",
    "new": "new:new_group",
    "plan": "plan:plan_command",
    "plugins": "plugins:plugins_command",
    "profile": "profile:profile_group",
    "progress": "progress:progress_command",
    "recommend": "recommend:recommend_command",
    "schema": "schema:schema_command",
    "screen": "screen:screen_command",
    "session": "session:session_command",
    "validate": "validate:validate_command",
}
"""Each command, as ``module:object`` under ``lowback.cli``: imported when it runs."""


@click.group(
    cls=LowbackGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=print_version,
    help="Show lowback's version and every plugin's, and exit.",
)
@click.option(
    "--disable-plugin",
    "disable",
    multiple=True,
    metavar="NAME",
    shell_complete=complete_plugin_name,
    help="Never import plugin NAME (repeatable; also LOWBACK_DISABLE_PLUGINS=a,b).",
)
@click.option("--strict", is_flag=True, help="Make any plugin fault an error.")
@click.option(
    "--catalogue",
    "catalogues",
    multiple=True,
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also use the catalogue in FILE (.toml or .json; repeatable), as plugin file:NAME.",
)
@click.pass_context
def main(
    ctx: click.Context, disable: tuple[str, ...], strict: bool, catalogues: tuple[Path, ...]
) -> None:
    """Short, explained routines to release lower-back tension.

    Start with:  lowback recommend --sitting --after-legs
    """
    ctx.obj = Settings.from_env(disable=disable, strict=strict, catalogues=catalogues)


__all__ = ["__version__", "main"]
