"""The lazy command table: --help lists every command without importing it, and
each summary is the command's own."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from lowback.cli import COMMANDS, main


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_summary_is_the_commands_own(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None
    assert command.name == name
    assert COMMANDS[name][2] == command.get_short_help_str(10**6)


def _cli_modules_after(args: list[str]) -> tuple[str, str]:
    """Run ``lowback ARGS`` in a fresh interpreter: (its output, the lowback.cli
    modules it imported, as a printed list)."""
    code = (
        "import sys\n"
        "from lowback.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('lowback.cli.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return out, out.strip().splitlines()[-1]


def test_help_lists_every_command_without_importing_them() -> None:
    out, loaded = _cli_modules_after(["--help"])
    for name in COMMANDS:
        assert f"\n  {name} " in out
    for module, _attribute, _summary in COMMANDS.values():
        assert f"'lowback.cli.{module}'" not in loaded


def test_recommend_imports_only_what_it_runs() -> None:
    _out, loaded = _cli_modules_after(["recommend", "--sitting", "--after-legs"])
    assert "'lowback.cli.recommend'" in loaded
    for module in ("session_cmd", "history_cmd", "plan_cmd", "new", "plugins_cmd"):
        assert f"'lowback.cli.{module}'" not in loaded
