"""Plugin faults contained and reported whole (issue 17).

A plugin's ``SystemExit`` (or its own ``KeyboardInterrupt``) is a fault naming
it, like any exception; a plugin that does not return in time is stopped and
named, and the command fails instead of hanging; ``--strict`` reports every
fault at once; ``lowback plugins`` lists the plugins that failed; a plugin name
that no plugin has is a warning with the closest name. The user's Ctrl-C still
stops lowback, whatever a plugin does with it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lowback import Context, Engine, PluginError, PluginFault, Rule, Vote, hookimpl, testing
from lowback.catalogues import shimada
from lowback.cli import main
from lowback.index import CatalogueIndex
from lowback.plugins import general

from conftest import run_lowback

CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}

EXIT_AT_IMPORT = "raise SystemExit(0)\n"

EXIT_IN_HOOK = """
from lowback import hookimpl

@hookimpl
def register_rules(register):
    raise SystemExit(0)
"""

EXIT_IN_DECIDE = """
from lowback import Rule, hookimpl

class Leaves(Rule):
    id = "leaves"

    def decide(self, context, index):
        raise SystemExit(0)

@hookimpl
def register_rules(register):
    register(Leaves())
"""

RAISES_IN_HOOK = """
from lowback import hookimpl

@hookimpl
def register_catalogues(register):
    raise ValueError("no catalogue today")
"""


@pytest.fixture
def exits(make_dist: Callable[..., Path]) -> Path:
    """A site with three plugins that raise SystemExit(0): at import, in a hook, in decide."""
    return make_dist(
        "lowback-exits",
        "1.0",
        {"atimport": "atimport", "inhook": "inhook", "indecide": "indecide"},
        {"atimport.py": EXIT_AT_IMPORT, "inhook.py": EXIT_IN_HOOK, "indecide.py": EXIT_IN_DECIDE},
    )


def test_system_exit_from_a_plugin_is_a_warning_naming_it(exits: Path) -> None:
    out = run_lowback(["recommend", "--sitting"], path=exits)
    assert out.returncode == 0, out.stderr
    assert "Your routine" in out.stdout  # the others still give it
    assert out.stderr.splitlines() == [
        "lowback: warning: plugin 'atimport' (import): cannot import atimport: SystemExit(0)",
        "lowback: warning: plugin 'inhook' (hook): register_rules() raised SystemExit(0)",
        "lowback: warning: plugin 'indecide' (rule): rule indecide:leaves: "
        "raised in decide(): SystemExit(0)",
    ]


def test_strict_reports_every_fault_of_every_plugin_at_once(
    make_dist: Callable[..., Path],
) -> None:
    site = make_dist(
        "lowback-broken",
        "1.0",
        {"atimport": "atimport", "inhook": "inhook", "raises": "raises"},
        {"atimport.py": EXIT_AT_IMPORT, "inhook.py": EXIT_IN_HOOK, "raises.py": RAISES_IN_HOOK},
    )
    out = run_lowback(["--strict", "recommend", "--sitting"], path=site)
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr.splitlines() == [
        "lowback: error: plugin 'atimport': (import) cannot import atimport: SystemExit(0)",
        "lowback: error: plugin 'inhook': (hook) register_rules() raised SystemExit(0)",
        "lowback: error: plugin 'raises': (hook) register_catalogues() raised "
        "ValueError('no catalogue today')",
    ]


def test_strict_makes_a_system_exit_in_decide_an_error_naming_the_rule(exits: Path) -> None:
    out = run_lowback(
        ["--strict", "--disable-plugin", "atimport", "--disable-plugin", "inhook", "recommend"],
        path=exits,
    )
    assert out.returncode == 1
    assert out.stderr == (
        "lowback: error: plugin 'indecide': (rule) rule indecide:leaves: "
        "raised in decide(): SystemExit(0)\n"
    )


class LeavesInReview(Rule):
    """A rule whose review leaves the way a script would."""

    id = "leaves"

    def review(self, context: Context, draft: object, index: CatalogueIndex) -> Iterator[Vote]:
        raise SystemExit("bye")


class ExitsInReview:
    name = "exits"

    @hookimpl
    def register_rules(self, register: Callable[[Rule], None]) -> None:
        register(LeavesInReview())


class InterruptsInHook:
    name = "interrupts"

    @hookimpl
    def register_catalogues(self, register: Callable[[object], None]) -> None:
        raise KeyboardInterrupt  # the plugin's own: no Ctrl-C was pressed


def test_an_engine_keeps_a_plugins_exits_as_faults() -> None:
    engine = Engine(plugins=[shimada, general, ExitsInReview(), InterruptsInHook()])
    try:
        engine.load()
    except KeyboardInterrupt:  # not to stop the test run, should it escape
        pytest.fail("the plugin's KeyboardInterrupt escaped the engine")
    assert [(f.plugin, f.kind) for f in engine.faults] == [("interrupts", "hook")]
    assert engine.recommend(Context()).items
    assert [(f.plugin, f.kind, f.message) for f in engine.faults[1:]] == [
        ("exits", "rule", "rule exits:leaves: raised in review(): SystemExit('bye')")
    ]
    with pytest.raises(PluginError, match=r"plugin 'exits': \(rule\).*SystemExit\('bye'\)"):
        testing.engine(ExitsInReview()).recommend(testing.context())


@pytest.fixture
def sigint(request: pytest.FixtureRequest) -> Iterator[None]:
    """SIGINT set to the test's parameter, as it would be found at start-up; put back after."""
    old = signal.signal(signal.SIGINT, request.param)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


@pytest.mark.parametrize("sigint", [signal.SIG_IGN], indirect=True)
@pytest.mark.usefixtures("sigint")
def test_with_sigint_ignored_a_plugins_keyboard_interrupt_is_its_fault() -> None:
    # Started under nohup or in the background: no Ctrl-C can reach lowback.
    engine = Engine(plugins=[shimada, general, InterruptsInHook()])
    assert [(f.plugin, f.kind) for f in engine.faults] == [("interrupts", "hook")]
    assert engine.recommend(Context()).items


def _embedders_handler(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("sigint", [_embedders_handler], indirect=True)
@pytest.mark.usefixtures("sigint")
def test_with_an_embedders_sigint_handler_a_keyboard_interrupt_is_taken_as_ctrl_c() -> None:
    # lowback cannot count the presses: stopping is the safe reading.
    with pytest.raises(KeyboardInterrupt):
        Engine(plugins=[shimada, general, InterruptsInHook()]).load()


def test_in_another_thread_a_plugins_keyboard_interrupt_is_its_fault() -> None:
    found: list[PluginFault] = []
    worker = threading.Thread(
        target=lambda: found.extend(Engine(plugins=[shimada, InterruptsInHook()]).faults)
    )
    worker.start()
    worker.join(timeout=60)
    assert [(f.plugin, f.kind) for f in found] == [("interrupts", "hook")]


class Raises:
    def __init__(self, name: str) -> None:
        self.name = name

    @hookimpl
    def register_rules(self, register: Callable[[Rule], None]) -> None:
        raise RuntimeError(f"{self.name} is broken")


def test_a_strict_engine_raises_every_fault_in_one_error_and_keeps_it() -> None:
    engine = Engine(plugins=[shimada, Raises("one"), Raises("two")], strict=True)
    with pytest.raises(PluginError) as info:
        engine.load()
    error = info.value
    assert [(f.plugin, f.kind) for f in error.faults] == [("one", "hook"), ("two", "hook")]
    assert str(error).splitlines() == [
        "plugin 'one': (hook) register_rules() raised RuntimeError('one is broken')",
        "plugin 'two': (hook) register_rules() raised RuntimeError('two is broken')",
    ]
    # Loading is not tried again half-done: the same error, whatever is asked next.
    with pytest.raises(PluginError) as again:
        engine.recommend(Context())
    assert again.value is error


# -- the time limit ------------------------------------------------------------------

LOOP_AT_IMPORT = """
while True:
    pass
"""

LOOP_IN_HOOK = """
from lowback import hookimpl

@hookimpl
def register_rules(register):
    while True:
        try:  # a plugin that catches everything is stopped all the same
            pass
        except BaseException:
            pass
"""

LOOP_IN_DECIDE = """
import time
from lowback import Rule, hookimpl

class Forever(Rule):
    id = "forever"

    def decide(self, context, index):
        while True:
            try:
                time.sleep(60)
            except Exception:
                pass
        yield

@hookimpl
def register_rules(register):
    register(Forever())
"""

ONE_SECOND = {"LOWBACK_PLUGIN_TIMEOUT": "1"}
STOPPED = "was stopped after 1 s, the time limit for a plugin (LOWBACK_PLUGIN_TIMEOUT=SECONDS"


def test_a_plugin_looping_at_import_or_in_a_hook_is_stopped_and_named(
    make_dist: Callable[..., Path],
) -> None:
    site = make_dist(
        "lowback-loops",
        "1.0",
        {"loopimport": "loopimport", "loophook": "loophook"},
        {"loopimport.py": LOOP_AT_IMPORT, "loophook.py": LOOP_IN_HOOK},
    )
    out = run_lowback(["recommend", "--sitting"], path=site, env=ONE_SECOND)
    assert out.returncode == 1
    assert out.stdout == ""
    first, second = out.stderr.splitlines()
    assert first.startswith(
        f"lowback: error: plugin 'loopimport': (timeout) import of loopimport {STOPPED}"
    )
    assert second.startswith(
        f"lowback: error: plugin 'loophook': (timeout) register_rules() {STOPPED}"
    )


def test_a_rule_looping_in_decide_is_stopped_and_named(make_dist: Callable[..., Path]) -> None:
    site = make_dist(
        "lowback-forever", "1.0", {"forever": "forever"}, {"forever.py": LOOP_IN_DECIDE}
    )
    out = run_lowback(["recommend", "--sitting"], path=site, env=ONE_SECOND)
    assert out.returncode == 1
    assert out.stdout == ""
    (line,) = out.stderr.splitlines()
    assert line.startswith(
        f"lowback: error: plugin 'forever': (timeout) rule forever:forever: decide() {STOPPED}"
    )


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf", "1e9"])
def test_a_time_limit_that_is_not_seconds_is_one_line(value: str) -> None:
    result = CliRunner().invoke(
        main,
        ["recommend"],
        prog_name="lowback",
        env={**CLEAN_ENV, "LOWBACK_PLUGIN_TIMEOUT": value},
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"lowback: error: LOWBACK_PLUGIN_TIMEOUT={value!r} is not a time limit: give seconds "
        "from 0 (no limit) to 86400, e.g. LOWBACK_PLUGIN_TIMEOUT=30\n"
    )


SLEEPS_THROUGH_CTRL_C = """
import pathlib, time
from lowback import hookimpl

@hookimpl
def register_rules(register):
    pathlib.Path({started!r}).write_text("in the hook")
    try:
        time.sleep(60)
    except KeyboardInterrupt:
        pass  # a plugin that swallows Ctrl-C cannot keep lowback running
"""


def test_ctrl_c_in_a_plugin_stops_lowback_even_if_the_plugin_catches_it(
    make_dist: Callable[..., Path], tmp_path: Path
) -> None:
    started = tmp_path / "started"
    site = make_dist(
        "lowback-sleeps",
        "1.0",
        {"sleeps": "sleeps"},
        {"sleeps.py": SLEEPS_THROUGH_CTRL_C.format(started=str(started))},
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_")}
    path = [str(site), *filter(None, [os.environ.get("PYTHONPATH")])]
    env |= {"PYTHONPATH": os.pathsep.join(path), "LOWBACK_HOME": str(tmp_path / "home")}
    child = subprocess.Popen(
        [sys.executable, "-m", "lowback", "recommend"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As in a terminal: a test run in the background would start it with SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 60
        while not started.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert started.exists(), child.communicate(timeout=60)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 130, err
    assert "Traceback" not in err and "warning" not in err
    assert out == ""


# -- lowback plugins, names, completion ----------------------------------------------


def test_plugins_lists_the_plugins_that_failed_with_their_faults(exits: Path) -> None:
    text = run_lowback(["plugins"], path=exits)
    assert text.returncode == 0, text.stderr
    assert (
        "atimport 1.0 (from lowback-exits): failed, not loaded\n"
        "  module: atimport\n"
        "  fault (import): cannot import atimport: SystemExit(0)\n"
    ) in text.stdout
    assert "  fault (hook): register_rules() raised SystemExit(0)\n" in text.stdout
    listed = run_lowback(["plugins", "--format", "json"], path=exits)
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["atimport"]["loaded"] is False
    assert rows["atimport"]["distribution"] == "lowback-exits"
    assert rows["atimport"]["faults"] == [
        {"kind": "import", "message": "cannot import atimport: SystemExit(0)"}
    ]
    assert rows["inhook"]["loaded"] is True
    assert rows["inhook"]["faults"] == [
        {"kind": "hook", "message": "register_rules() raised SystemExit(0)"}
    ]
    assert rows["indecide"]["loaded"] is True and rows["indecide"]["faults"] == []
    assert rows["sitting"]["loaded"] is True and rows["sitting"]["faults"] == []


def invoke(*args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="lowback", env={**CLEAN_ENV, **env})
    return result.exit_code, result.stdout, result.stderr


def test_a_misspelled_plugin_name_is_a_warning_with_the_closest_name() -> None:
    code, out, err = invoke("--disable-plugin", "sitings", "recommend", "--sitting")
    assert code == 0
    assert "Your routine" in out
    assert err == (
        "lowback: warning: --disable-plugin names 'sitings', but no installed plugin has "
        "that name (did you mean 'sitting'?)\n"
    )
    code, _, err = invoke("recommend", LOWBACK_LOAD_PLUGINS="shimada,sitting,lmits,zzz")
    assert code == 0
    assert err.splitlines() == [
        "lowback: warning: LOWBACK_LOAD_PLUGINS names 'lmits', but no installed plugin has "
        "that name (did you mean 'limits'?)",
        "lowback: warning: LOWBACK_LOAD_PLUGINS names 'zzz', but no installed plugin has "
        "that name (lowback --version lists them)",
    ]


def test_under_strict_a_misspelled_plugin_name_is_an_error() -> None:
    code, out, err = invoke(
        "--strict", "--disable-plugin", "sitings", "recommend", LOWBACK_DISABLE_PLUGINS="budgit"
    )
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "lowback: error: LOWBACK_DISABLE_PLUGINS names 'budgit', but no installed plugin has "
        "that name (did you mean 'budget'?)",
        "lowback: error: --disable-plugin names 'sitings', but no installed plugin has "
        "that name (did you mean 'sitting'?)",
    ]


def test_disable_plugin_completes_the_installed_plugin_names() -> None:
    env = {
        "_LOWBACK_COMPLETE": "bash_complete",
        "COMP_WORDS": "lowback --disable-plugin si",
        "COMP_CWORD": "2",
    }
    result = CliRunner().invoke(main, [], env=env, prog_name="lowback")
    assert result.output.split() == ["plain,sitting"]


class OldReview(Rule):
    id = "old-review"

    def review(self, context: Context, draft: object) -> Iterator[Vote]:  # type: ignore[override]
        return iter(())


class OldReviewPlugin:
    name = "oldie"

    @hookimpl
    def register_rules(self, register: Callable[[Rule], None]) -> None:
        register(OldReview())


def test_a_rule_whose_review_lacks_the_index_is_a_fault_when_registered() -> None:
    engine = Engine(plugins=[shimada, general, OldReviewPlugin()])
    (fault,) = engine.faults  # at load, before any recommendation
    assert (fault.plugin, fault.kind) == ("oldie", "data")
    assert "write it as review(self, context, draft, index)" in fault.message
    assert "oldie:old-review" not in [b.ref for b in engine.rules]
    assert engine.recommend(Context()).items


class ReturnsANumber(Rule):
    id = "number"

    def decide(self, context: Context, index: CatalogueIndex) -> Iterator[Vote]:
        return 5  # type: ignore[return-value]


class ReturnsANumberPlugin:
    name = "numbers"

    @hookimpl
    def register_rules(self, register: Callable[[Rule], None]) -> None:
        register(ReturnsANumber())


def test_a_rule_returning_no_decisions_is_said_to_have_returned_it() -> None:
    engine = Engine(plugins=[shimada, general, ReturnsANumberPlugin()])
    assert engine.recommend(Context()).items
    (fault,) = engine.faults
    assert fault.plugin == "numbers"
    assert fault.message == "rule numbers:number: decide() returned a int; yield its decisions"
