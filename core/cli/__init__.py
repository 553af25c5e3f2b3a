"""The ``lowback`` command line: the group, its global options, and every command.

Each command lives in the module of its name (``lowback plan`` in
:mod:`lowback.cli.plan`). Command modules import only click at the top; the
engine, pydantic and the plugins load inside the commands that need them, so
``lowback --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import click

from .. import __version__
from .app import LowbackGroup, Settings, print_version
from .catalogues import catalogues_command
from .exercises import exercises_command
from .history import history_command
from .log import log_command
from .new import new_group
from .plan import plan_command
from .plugins import plugins_command
from .profile import profile_group
from .recommend import recommend_command
from .schema import schema_command
from .screen import screen_command
from .session import session_command
from .validate import validate_command


@click.group(cls=LowbackGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    help="Never import plugin NAME (repeatable; also LOWBACK_DISABLE_PLUGINS=a,b).",
)
@click.option("--strict", is_flag=True, help="Make any plugin fault an error.")
@click.pass_context
def main(ctx: click.Context, disable: tuple[str, ...], strict: bool) -> None:
    """Short, explained routines to release lower-back tension.

    Start with:  lowback recommend --sitting --after-legs
    """
    ctx.obj = Settings.from_env(disable=disable, strict=strict)


main.add_command(catalogues_command)
main.add_command(exercises_command)
main.add_command(history_command)
main.add_command(log_command)
main.add_command(new_group)
main.add_command(plan_command)
main.add_command(plugins_command)
main.add_command(profile_group)
main.add_command(recommend_command)
main.add_command(schema_command)
main.add_command(screen_command)
main.add_command(session_command)
main.add_command(validate_command)


__all__ = ["__version__", "main"]
