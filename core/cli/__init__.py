"""The ``lowback`` command line.

Only click is imported here: the engine, pydantic and the plugins load inside
the commands that need them, so ``lowback --help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import click

from .. import __version__
from .app import LowbackGroup, Settings, print_version

# Each command is imported only when it runs (or when completion asks for its
# options): `lowback recommend` never imports the session guide or the history
# database code, and `--help` lists these one-line summaries without importing any
# of them. tests/test_cli_lazy.py checks every summary against its command.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "catalogues": (
        "listing",
        "catalogues_command",
        "List the loaded catalogues, their sources and the plugins that gave them.",
    ),
    "exercises": (
        "listing",
        "exercises_command",
        "List the loaded exercises with their ladders and the plugin that gave each.",
    ),
    "history": (
        "history_cmd",
        "history_command",
        "List past sessions: date, guided or logged, items done, ratings, pain.",
    ),
    "log": (
        "log_cmd",
        "log_command",
        "Record a session you did without the guide, with how it felt.",
    ),
    "new": ("new", "new_group", "Scaffold a new plugin package."),
    "plan": (
        "plan_cmd",
        "plan_command",
        "Plan the sessions ahead: every day for two weeks, then every third day.",
    ),
    "plugins": (
        "plugins_cmd",
        "plugins_command",
        "List every plugin with its version, distribution, hooks and contributions.",
    ),
    "profile": (
        "profile_cmd",
        "profile_group",
        "Your usual context (set once, used by every command; flags override it).",
    ),
    "recommend": ("recommend", "recommend_command", "Recommend a short routine for your day."),
    "schema": (
        "schema",
        "schema_command",
        "Print the JSON Schema of a catalogue, a context or a routine.",
    ),
    "screen": (
        "screen",
        "screen_command",
        "Check for signs that call for a clinician before any routine.",
    ),
    "session": (
        "session_cmd",
        "session_command",
        "Do today's routine, guided: cues, a countdown for every hold, a progress bar.",
    ),
    "validate": (
        "schema",
        "validate_command",
        "Check catalogue files (.toml or .json): every problem, one per line.",
    ),
}


@click.group(
    cls=LowbackGroup,
    lazy=COMMANDS,
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
    help="Never import plugin NAME (repeatable; also LOWBACK_DISABLE_PLUGINS=a,b).",
)
@click.option("--strict", is_flag=True, help="Make any plugin fault an error.")
@click.pass_context
def main(ctx: click.Context, disable: tuple[str, ...], strict: bool) -> None:
    """Short, explained routines to release lower-back tension.

    Start with:  lowback recommend --sitting --after-legs
    """
    ctx.obj = Settings.from_env(disable=disable, strict=strict)


__all__ = ["__version__", "main"]
