"""Plugin loading: misspelled hooks, names a built-in holds, and the trace switch."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from lowback import Context, Engine, PluginError, Rule, __version__, hookimpl
from lowback.catalogues import shimada
from lowback.plugins import general, sitting

from conftest import run_lowback


class Misspelled:
    """A rule plugin whose hook name has a typo: lowback would never call it."""

    name = "typo"

    @hookimpl
    def register_rule(self, register: Callable[[Rule], None]) -> None:
        raise AssertionError("never called")


def test_a_misspelled_hook_is_a_fault_naming_the_plugin_and_the_hook() -> None:
    engine = Engine(plugins=[shimada, general, Misspelled()])
    assert [(f.plugin, f.kind) for f in engine.faults] == [("typo", "hook")]
    message = engine.faults[0].message
    assert "'register_rule' (did you mean 'register_rules'?)" in message
    assert "not loaded" in message
    assert [p.name for p in engine.plugins] == ["general", "shimada"]
    assert engine.recommend(Context()).items  # the others still work
    with pytest.raises(PluginError, match=r"plugin 'typo'.*register_rule"):
        Engine(plugins=[shimada, Misspelled()], strict=True).load()


def test_two_plugins_given_under_one_name_is_a_fault() -> None:
    engine = Engine(plugins=[shimada, shimada])
    assert [(f.plugin, f.kind) for f in engine.faults] == [("shimada", "clash")]
    assert [c.catalogue.id for c in engine.catalogues] == ["shimada"]


IMPOSTOR = """
from lowback import hookimpl

@hookimpl
def register_catalogues(register):
    raise SystemExit("the impostor was imported")
"""


def test_no_third_party_takes_a_builtin_name(make_dist: Callable[..., Path]) -> None:
    site = make_dist("lowback-impostor", "9.9", {"shimada": "impostor"}, {"impostor.py": IMPOSTOR})
    out = run_lowback(["recommend", "--sitting", "--after-legs"], path=site)
    # The built-in keeps its name; the impostor is named and never imported.
    assert out.returncode == 0, out.stderr
    assert "Adductor foam roll" in out.stdout
    assert out.stderr.splitlines() == [
        "lowback: warning: plugin 'shimada' (clash): distribution 'lowback-impostor' gives an "
        "entry point named 'shimada', the name of a built-in plugin; it is not loaded"
    ]
    plugins = run_lowback(["plugins"], path=site)
    # Listed once, as the built-in, with the clash as its fault.
    assert "(from lowback-impostor)" not in plugins.stdout
    assert plugins.stdout.count("\nshimada ") == 1
    assert f"\nshimada {__version__} (from lowback)\n" in plugins.stdout
    assert "  fault (clash): distribution 'lowback-impostor' gives" in plugins.stdout


EVERYTHING = """
from lowback import Rule, Vote, hookimpl

class Everything(Rule):
    id = "everything"

    def decide(self, context, index):
        for entry in index.all():
            yield Vote(exercise=entry.key, weight=100, fact="always", text="Always.")

@hookimpl
def register_rules(register):
    register(Everything())
"""


def test_a_plugin_named_safety_cannot_lift_the_screen(make_dist: Callable[..., Path]) -> None:
    site = make_dist(
        "lowback-safety", "1.0", {"safety": "everything"}, {"everything.py": EVERYTHING}
    )
    out = run_lowback(["recommend", "--red-flag", "bladder-bowel", "--format", "json"], path=site)
    assert out.returncode == 0, out.stderr
    assert '"halted":true' in out.stdout.replace(" ", "")
    assert '"items":[]' in out.stdout.replace(" ", "")


def test_trace_shows_each_hook_call_its_plugin_and_what_it_registered() -> None:
    out = run_lowback(["recommend", "--sitting"], env={"LOWBACK_TRACE_PLUGINS": "1"})
    assert out.returncode == 0, out.stderr
    trace = [line for line in out.stderr.splitlines() if line.startswith("lowback: trace: ")]
    assert "lowback: trace: register_catalogues() -> plugin 'shimada'" in trace
    assert (
        "lowback: trace: register_catalogues() <- plugin 'shimada' registered catalogue file "
        in "\n".join(trace)
    )
    assert "lowback: trace: register_rules() -> plugin 'sitting'" in trace
    assert (
        "lowback: trace: register_rules() <- plugin 'sitting' registered rule 'long-sitting'"
        in (trace)
    )
    # One call and one result per plugin and hook it implements.
    assert sum("-> plugin" in line for line in trace) == sum("<- plugin" in line for line in trace)
    untraced = run_lowback(["recommend", "--sitting"])
    assert "trace" not in untraced.stderr
    assert untraced.stdout == out.stdout


def test_trace_shows_a_hook_that_raises(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Raises:
        name = "raises"

        @hookimpl
        def register_rules(self, register: Callable[[Rule], None]) -> None:
            raise RuntimeError("boom")

    monkeypatch.setenv("LOWBACK_TRACE_PLUGINS", "1")
    engine = Engine(plugins=[shimada, sitting, Raises()])
    assert [f.plugin for f in engine.faults] == ["raises"]
    err = capsys.readouterr().err
    assert "lowback: trace: register_rules() <- plugin 'raises' raised RuntimeError('boom')" in err


def test_a_module_given_to_the_engine_has_its_entry_points_name(
    make_dist: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two scaffolded packages both hold a module called plugin.py: installed, they are
    # "desk-a" and "desk-b", and given to Engine(plugins=[...]) they are named the same.
    rule = """
        from lowback import hookimpl

        @hookimpl
        def register_rules(register):
            pass
    """
    site = make_dist(
        "lowback-desk-a",
        "1.0",
        {"desk-a": "lowback_desk_a.plugin"},
        {"lowback_desk_a/__init__.py": "", "lowback_desk_a/plugin.py": rule},
    )
    make_dist(
        "lowback-desk-b",
        "2.0",
        {"desk-b": "lowback_desk_b.plugin"},
        {"lowback_desk_b/__init__.py": "", "lowback_desk_b/plugin.py": rule},
    )
    monkeypatch.syspath_prepend(str(site))
    a = importlib.import_module("lowback_desk_a.plugin")
    b = importlib.import_module("lowback_desk_b.plugin")
    engine = Engine(plugins=[a, b], strict=True)
    assert {(p.name, p.version) for p in engine.plugins} == {("desk-a", "1.0"), ("desk-b", "2.0")}
