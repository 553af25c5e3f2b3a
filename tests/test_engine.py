"""The embedding API: what ``from lowback import Engine, Context`` promises."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from lowback import Context, Engine, PluginError, hookimpl
from lowback.catalogues import relief, shimada
from lowback.cli import main
from lowback.plugins import sitting, timing

from conftest import BUILTIN_PLUGINS, ISSUE2_PLUGINS, builtin_modules

CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}

# (flags, the same context in code)
SAME = [
    (["--sitting", "--after-legs"], Context(sitting=True, timing="after-legs")),
    (
        ["--before-workout", "--heavy-lifting", "--no-roller"],
        Context(heavy_lifting=True, timing="before-workout", equipment=()),
    ),
    (
        ["--after-legs", "--limit", "kneeling", "--limit", "cross-legs", "--minutes", "6"],
        Context(timing="after-legs", limits=("kneeling", "cross-legs"), minutes=6),
    ),
    (["--sitting", "--limit", "hip-opening"], Context(sitting=True, limits=("hip-opening",))),
    ([], Context()),
]
SAME_IDS = [" ".join(flags) or "no-flags" for flags, _ in SAME]


# -- embedding equals the CLI's JSON -------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "context"), SAME, ids=[" ".join(f) or "no-flags" for f, _ in SAME]
)
def test_engine_json_equals_cli_json(runner: CliRunner, flags: list[str], context: Context) -> None:
    result = runner.invoke(
        main, ["recommend", *flags, "--format", "json"], prog_name="lowback", env=CLEAN_ENV
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n")
    embedded = Engine().recommend(context).model_dump_json()
    assert result.stdout[:-1] == embedded
    # And it is a Routine for that context.
    assert json.loads(embedded)["context"] == json.loads(context.model_dump_json())


def test_the_readme_example_works() -> None:
    engine = Engine()
    routine = engine.recommend(Context(sitting=True, timing="after-legs"))
    assert routine.items
    first = routine.items[0]
    assert first.step == 1
    assert first.name and first.variation.name
    assert first.sources[0].title == "5 Recovery Exercise To Release Lower Back Tension"


# -- lazy loading --------------------------------------------------------------------

LAZY = textwrap.dedent(
    """
    import json, sys
    from lowback import Context, Engine

    def plugin_modules():
        return sorted(
            m for m in sys.modules
            if m.startswith(("lowback.plugins.", "lowback.catalogues."))
        )

    seen = {}
    engine = Engine()
    blocked = Engine(block=["sitting"])
    seen["constructed"] = plugin_modules()
    blocked.recommend(Context(timing="after-legs"))
    seen["blocked"] = plugin_modules()
    engine.recommend(Context(sitting=True))
    seen["used"] = plugin_modules()
    print(json.dumps(seen))
    """
)


def test_constructing_an_engine_imports_no_plugin() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_")}
    proc = subprocess.run(
        [sys.executable, "-c", LAZY],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout)
    assert seen["constructed"] == []
    # Blocked before import: every other built-in is imported, sitting never is.
    assert "lowback.plugins.sitting" not in seen["blocked"]
    assert "lowback.plugins.timing" in seen["blocked"]
    assert "lowback.catalogues.shimada" in seen["blocked"]
    assert {BUILTIN_PLUGINS[n] for n in ISSUE2_PLUGINS} <= set(seen["used"])


def test_an_engine_loads_once_on_first_use() -> None:
    calls: list[str] = []

    class Counting:
        name = "counting"

        @hookimpl
        def register_rules(self, register: object) -> None:
            calls.append("rules")

    engine = Engine(plugins=[shimada, Counting()])
    assert calls == []
    engine.recommend(Context())
    engine.recommend(Context(sitting=True))
    assert [p.name for p in engine.plugins] == ["counting", "shimada"]
    assert calls == ["rules"]


# -- an explicit plugin list scans no entry points -------------------------------------


def test_explicit_plugins_scan_no_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_scan(*args: object, **kwargs: object) -> object:
        raise AssertionError("entry points were scanned")

    monkeypatch.setattr(importlib.metadata, "entry_points", no_scan)

    engine = Engine(plugins=[shimada, relief, sitting, timing], strict=True)
    routine = engine.recommend(Context(sitting=True, timing="after-legs"))
    assert len(routine.items) == 5
    assert [p.name for p in engine.plugins] == ["relief", "shimada", "sitting", "timing"]
    # Versions come from the installed distribution, as they do through entry points.
    version = importlib.metadata.version("lowback")
    assert routine.plugins == tuple(
        f"{n}=={version}" for n in ("relief", "shimada", "sitting", "timing")
    )

    # The guard is live: an engine that does scan trips it.
    with pytest.raises(AssertionError, match="scanned"):
        Engine().load()


def test_explicit_plugins_are_exactly_those_given() -> None:
    engine = Engine(plugins=[shimada, sitting])
    assert [lc.catalogue.id for lc in engine.catalogues] == ["shimada"]
    assert [b.ref for b in engine.rules] == ["sitting:long-sitting"]
    routine = engine.recommend(Context(sitting=True, timing="before-workout"))
    # No timing plugin: the relief article is not even there to draw on.
    assert {i.exercise.split("/")[0] for i in routine.items} == {"shimada"}


def test_entry_points_give_every_builtin(engine: Engine) -> None:
    names = {p.name for p in engine.plugins}
    assert names >= ISSUE2_PLUGINS
    for info in engine.plugins:
        if info.name in BUILTIN_PLUGINS:
            assert info.module == BUILTIN_PLUGINS[info.name]
            assert info.distribution == "lowback"
            assert info.version == importlib.metadata.version("lowback")


# -- id clashes ----------------------------------------------------------------------


class GivesCatalogue:
    """A plugin object that registers the Shimada data file under its own name."""

    def __init__(self, name: str) -> None:
        self.name = name

    @hookimpl
    def register_catalogues(self, register: object) -> None:
        register(Path(shimada.__file__).with_name("shimada.toml"))  # type: ignore[operator]


@pytest.mark.parametrize("order", [("alpha", "beta"), ("beta", "alpha")])
def test_a_catalogue_id_given_twice_is_a_fault_naming_both(order: tuple[str, str]) -> None:
    engine = Engine(plugins=[GivesCatalogue(n) for n in order])
    faults = [f for f in engine.faults if f.kind == "clash"]
    assert len(faults) == 1
    text = str(faults[0])
    assert "'alpha'" in text and "'beta'" in text
    assert "shimada" in text
    # Never a silent overwrite: one catalogue, from one plugin, whatever the order given.
    (loaded,) = engine.catalogues
    assert loaded.plugin == "alpha"
    assert {e.plugin for e in engine.index.all()} == {"alpha"}
    assert engine.recommend(Context(sitting=True, timing="after-legs")).items == ()


def test_a_catalogue_id_clash_raises_naming_both_when_strict() -> None:
    engine = Engine(plugins=[GivesCatalogue("alpha"), GivesCatalogue("beta")], strict=True)
    with pytest.raises(PluginError) as info:
        engine.load()
    message = str(info.value)
    assert "'alpha'" in message and "'beta'" in message
    assert "shimada" in message


def test_a_rule_id_given_twice_by_one_plugin_is_a_fault() -> None:
    class Twice:
        name = "twice"

        @hookimpl
        def register_rules(self, register: object) -> None:
            for rule in sitting_rules() * 2:
                register(rule)  # type: ignore[operator]

    engine = Engine(plugins=[shimada, Twice()])
    assert [b.ref for b in engine.rules] == ["twice:long-sitting"]
    assert any(f.kind == "clash" and f.plugin == "twice" for f in engine.faults)
    with pytest.raises(PluginError, match="twice"):
        Engine(plugins=[shimada, Twice()], strict=True).load()


def sitting_rules() -> list[object]:
    given: list[object] = []
    sitting.register_rules(register=given.append)
    return given


# -- every exercise and rule is stamped with its plugin --------------------------------


def test_every_exercise_and_rule_is_stamped_with_its_plugin(builtins: Engine) -> None:
    entries = builtins.index.all()
    assert len(entries) == 13
    for entry in entries:
        assert entry.plugin == entry.catalogue.id == entry.key.split("/")[0]
    rules = {b.ref: b.plugin for b in builtins.rules}
    for ref, plugin in rules.items():
        assert ref.startswith(f"{plugin}:")
    issue2 = {
        "budget:time-budget": "budget",
        "equipment:missing-equipment": "equipment",
        "general:general-routine": "general",
        "lifting:heavy-lifting": "lifting",
        "limits:cross-legs": "limits",
        "limits:hip-opening": "limits",
        "limits:kneeling": "limits",
        "sitting:long-sitting": "sitting",
        "timing:article-timing": "timing",
    }
    assert issue2.items() <= rules.items()
    infos = {p.name: p for p in builtins.plugins}
    assert infos["shimada"].catalogues == ["shimada"]
    assert len(infos["shimada"].exercises) == 5
    assert len(infos["relief"].exercises) == 8
    assert infos["limits"].rules == ["limits:cross-legs", "limits:hip-opening", "limits:kneeling"]


def test_the_stamp_is_the_name_the_plugin_is_registered_under() -> None:
    engine = Engine(plugins={"mine": shimada, "my-rules": sitting})
    assert {e.plugin for e in engine.index.all()} == {"mine"}
    assert [b.ref for b in engine.rules] == ["my-rules:long-sitting"]
    routine = engine.recommend(Context(sitting=True))
    for item in routine.items:
        assert [s.plugin for s in item.sources] == ["mine"]
        assert {r.rule for r in item.reasons if not r.rule.startswith("lowback:")} == {
            "my-rules:long-sitting"
        }


def test_routine_items_name_their_plugins(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True))
    for item in routine.items:
        for source in item.sources:
            assert source.plugin == source.catalogue
        for reason in item.reasons:
            plugin, _, rule = reason.rule.partition(":")
            assert rule
            assert plugin == "lowback" or plugin in BUILTIN_PLUGINS
    version = importlib.metadata.version("lowback")
    assert routine.plugins == tuple(f"{n}=={version}" for n in sorted(BUILTIN_PLUGINS))


def test_builtin_modules_are_the_entry_point_targets() -> None:
    """conftest's list of built-ins matches what the installed metadata declares."""
    declared = {
        ep.name: ep.value
        for ep in importlib.metadata.entry_points(group="lowback")
        if ep.dist is not None and ep.dist.metadata["Name"] == "lowback"
    }
    assert {n: declared.get(n) for n in ISSUE2_PLUGINS} == {
        n: BUILTIN_PLUGINS[n] for n in ISSUE2_PLUGINS
    }
    assert [m.__name__ for m in builtin_modules()] == [  # type: ignore[attr-defined]
        BUILTIN_PLUGINS[n] for n in sorted(BUILTIN_PLUGINS)
    ]
