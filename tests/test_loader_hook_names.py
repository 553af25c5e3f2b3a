"""A misspelt hook's fault names every hook lowback has, register_vocabulary too."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lowback import Engine, Term, hookimpl, hookspecs
from lowback.catalogues import shimada

HOOK_NAMES = sorted(
    name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "lowback_spec")
)


class Vocabularies:
    """A vocabulary plugin with one letter too many in its hook's name."""

    name = "vocab-typo"

    @hookimpl
    def register_vocabularies(self, register: Callable[[Term], None]) -> None:
        raise AssertionError("never called")


def test_a_misspelt_vocabulary_hook_gets_the_right_hint_and_every_hook_is_listed() -> None:
    assert len(HOOK_NAMES) == 4 and "register_vocabulary" in HOOK_NAMES
    engine = Engine(plugins=[shimada, Vocabularies()])
    assert [(f.plugin, f.kind) for f in engine.faults] == [("vocab-typo", "hook")]
    message = engine.faults[0].message
    assert "'register_vocabularies' (did you mean 'register_vocabulary'?)" in message
    assert f"(the hooks: {', '.join(HOOK_NAMES)})" in message


class ReturnsInstead:
    """Gives its term the right way, and returns a list as if that registered it too."""

    name = "returner"

    @hookimpl
    def register_vocabulary(self, register: Callable[[Term], None]) -> list[str]:
        register(Term(vocabulary="equipment", name="strap", description="A yoga strap or a belt."))
        return ["strap"]


def test_a_hook_that_returns_something_is_a_fault_and_the_trace_names_its_terms(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOWBACK_TRACE_PLUGINS", "1")
    engine = Engine(plugins=[shimada, ReturnsInstead()])
    assert [(f.plugin, f.kind) for f in engine.faults] == [("returner", "hook")]
    assert "register_vocabulary() returned a list, which lowback ignores" in (
        engine.faults[0].message
    )
    assert "equipment:strap" in [t for p in engine.plugins for t in p.terms]
    err = capsys.readouterr().err
    assert "register_vocabulary() <- plugin 'returner' registered term equipment:strap" in err
