"""Every hook: documented with its exact signature, and exercised by a test here.

The two meta-tests at the bottom (after datasette's) fail when a hookspec is
added without a line in docs/plugins.md or without a test named after it.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from lowback import Catalogue, Context, Engine, PluginError, Rule, Vote, hookimpl, hookspecs
from lowback.index import CatalogueIndex
from lowback.plugins import general
from lowback.rules import Decision

from conftest import ROOT

SPECS = sorted(
    name for name, fn in vars(hookspecs).items() if callable(fn) and hasattr(fn, "lowback_spec")
)

MINIMAL = {
    "id": "mini",
    "name": "Mini",
    "source": {"title": "A source"},
    "exercises": [
        {
            "id": "breath",
            "name": "Breath",
            "section": "1",
            "kind": "breathing",
            "position": "lying-back",
            "targets": ["diaphragm"],
            "movement": "mini-breath",
            "cues": ["Breathe slowly."],
            "dose": {"reps": 5, "ours": ["reps"]},
        }
    ],
}


class CataloguePlugin:
    """Registers one catalogue in each accepted form."""

    name = "forms"

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp

    @hookimpl
    def register_catalogues(self, register: Callable[[object], None]) -> None:
        import json

        register(Catalogue.model_validate(MINIMAL))
        path = self.tmp / "b.json"
        path.write_text(json.dumps({**MINIMAL, "id": "from-json"}))
        register(path)
        register(str(path).replace("b.json", "c.json"))


def test_register_catalogues_accepts_models_and_files(tmp_path: Path) -> None:
    import json

    (tmp_path / "c.json").write_text(json.dumps({**MINIMAL, "id": "from-str"}))
    engine = Engine(plugins=[CataloguePlugin(tmp_path)], strict=True)
    assert [lc.catalogue.id for lc in engine.catalogues] == ["from-json", "from-str", "mini"]
    assert {lc.plugin for lc in engine.catalogues} == {"forms"}
    assert engine.plugins[0].exercises == ["mini/breath", "from-json/breath", "from-str/breath"]


def test_register_catalogues_is_called_once_per_engine() -> None:
    calls: list[int] = []

    class Counting:
        name = "counting"

        @hookimpl
        def register_catalogues(self, register: Callable[[object], None]) -> None:
            calls.append(1)
            register(Catalogue.model_validate(MINIMAL))

    engine = Engine(plugins=[Counting(), general])
    assert calls == []  # lazy: nothing until first use
    engine.recommend(Context())
    engine.recommend(Context(sitting=True))
    _ = engine.catalogues
    assert calls == [1]


def test_register_catalogues_rejects_other_objects() -> None:
    class Wrong:
        name = "wrong"

        @hookimpl
        def register_catalogues(self, register: Callable[[object], None]) -> None:
            register(42)

    with pytest.raises(PluginError, match=r"plugin 'wrong': \(data\) registered a int"):
        Engine(plugins=[Wrong()], strict=True).load()


class Always(Rule):
    id = "always"
    summary = "Votes for everything."

    def decide(self, context: Context, index: CatalogueIndex) -> list[Decision]:
        return [Vote(exercise=e.key, weight=1, fact="always", text="Always.") for e in index.all()]


def test_register_rules_stamps_plugin_and_rule_id() -> None:
    class RulePlugin:
        name = "mine"

        @hookimpl
        def register_rules(self, register: Callable[[Rule], None]) -> None:
            register(Always())

    class Cat:
        name = "cat"

        @hookimpl
        def register_catalogues(self, register: Callable[[object], None]) -> None:
            register(Catalogue.model_validate(MINIMAL))

    engine = Engine(plugins=[RulePlugin(), Cat()], strict=True)
    assert [b.ref for b in engine.rules] == ["mine:always"]
    routine = engine.recommend(Context())
    assert [r.rule for r in routine.items[0].reasons] == ["mine:always"]


def test_register_rules_rejects_twice_the_same_id() -> None:
    class Twice:
        name = "twice"

        @hookimpl
        def register_rules(self, register: Callable[[Rule], None]) -> None:
            register(Always())
            register(Always())

    with pytest.raises(PluginError, match="rule id 'always' is given twice"):
        Engine(plugins=[Twice()], strict=True).load()
    engine = Engine(plugins=[Twice()])
    assert [b.ref for b in engine.rules] == ["twice:always"]
    assert [f.kind for f in engine.faults] == ["clash"]


# -- meta-tests ------------------------------------------------------------------------


def _signature(name: str) -> str:
    fn = getattr(hookspecs, name)
    sig = inspect.signature(fn)
    params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
    return f"{name}({params}) -> {sig.return_annotation}"


def test_hookspecs_exist() -> None:
    assert SPECS == ["register_catalogues", "register_rules"]


@pytest.mark.parametrize("name", SPECS)
def test_every_hookspec_is_documented_with_its_signature(name: str) -> None:
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert f"### `{_signature(name)}`" in docs
    assert getattr(hookspecs, name).__doc__


@pytest.mark.parametrize("name", SPECS)
def test_every_hookspec_has_a_test(name: str) -> None:
    tests = [n for n in dir(sys.modules[__name__]) if n.startswith(f"test_{name}")]
    assert tests, f"no test_{name}_* in tests/test_hooks.py"
