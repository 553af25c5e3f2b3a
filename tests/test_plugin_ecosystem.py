"""Issue 3: third-party plugins arrive through entry points, and a broken one never
takes lowback down. Plugins here are real distributions on disk (a dist-info with
entry points), or the example package installed with pip, run in a subprocess."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from lowback import Context, Engine, PluginError
from lowback.catalogues import relief, shimada
from lowback.plugins import general, sitting

from conftest import ROOT, run_lowback

EXAMPLE = ROOT / "examples" / "lowback-hipsfirst"

GOOD_CATALOGUE = """
id = "extra"
name = "Extra"
[source]
title = "An extra source"
[[exercises]]
id = "breath"
name = "Extra breath"
section = "1"
kind = "breathing"
position = "lying-back"
targets = ["diaphragm"]
movement = "extra-breath"
cues = ["Breathe slowly."]
[exercises.dose]
reps = 5
ours = ["reps"]
"""

HOOK = """
from pathlib import Path
from lowback import hookimpl

@hookimpl
def register_catalogues(register):
    register(Path(__file__).with_name("{file}"))
"""


def _pip_install(target: Path, package: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(package),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if proc.returncode != 0:
        pytest.skip(f"pip could not build {package.name} here: {proc.stderr.strip()[-300:]}")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin package, really pip-installed into a folder of its own."""
    target = tmp_path_factory.mktemp("example-site")
    _pip_install(target, EXAMPLE)
    return target


# -- the worked example, installed -------------------------------------------------


def test_example_is_listed_by_catalogues_and_plugins(example_site: Path) -> None:
    cats = run_lowback(["catalogues"], path=example_site)
    assert cats.returncode == 0, cats.stderr
    assert "hipsfirst: Hips first" in cats.stdout
    plugins = run_lowback(["plugins", "--format", "json"], path=example_site)
    rows = {row["name"]: row for row in json.loads(plugins.stdout)}
    assert rows["hipsfirst"]["version"] == "0.2.0"
    assert rows["hipsfirst"]["distribution"] == "lowback-hipsfirst"
    assert rows["hipsfirst"]["hooks"] == ["register_catalogues"]
    assert rows["hipsfirst"]["exercises"] == [
        "hipsfirst/piriformis-roll",
        "hipsfirst/frog-stretch",
        "hipsfirst/adductor-roll",
    ]
    assert rows["hipsfirst-rule"]["rules"][0]["id"] == "hipsfirst-rule:hips-first"


def test_example_exercises_and_rule_are_used(example_site: Path) -> None:
    out = run_lowback(["recommend", "--sitting", "--format", "json"], path=example_site)
    assert out.returncode == 0, out.stderr
    routine = json.loads(out.stdout)
    given = [item["exercise"] for item in routine["items"]]
    assert {"hipsfirst/piriformis-roll", "hipsfirst/frog-stretch"} <= set(given)
    rules = {r["rule"] for item in routine["items"] for r in item["reasons"]}
    assert "hipsfirst-rule:hips-first" in rules
    versions = {
        r["plugin_version"]
        for i in routine["items"]
        for r in i["reasons"]
        if r["rule"] == "hipsfirst-rule:hips-first"
    }
    assert versions == {"0.2.0"}
    assert "hipsfirst==0.2.0" in routine["plugins"]


def test_version_lists_plugins_without_importing_them(example_site: Path) -> None:
    code = (
        "import sys; from lowback.cli import main\n"
        "sys.argv = ['lowback', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('lowback_hipsfirst',"
        " 'lowback.catalogues.', 'lowback.plugins.')))\n"
        "print('IMPORTED', bad)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env=_env(example_site),
    )
    assert "hipsfirst 0.2.0 (lowback-hipsfirst)" in proc.stdout
    assert "shimada 0.1.0 (lowback)" in proc.stdout
    assert "IMPORTED []" in proc.stdout


def _env(path: Path) -> dict[str, str]:
    import os

    env = {
        k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_") or k == "LOWBACK_HOME"
    }
    env["PYTHONPATH"] = str(path)
    return env


# -- control: blocking and selecting -----------------------------------------------


def _imported_after(args: list[str], env: dict[str, str] | None = None) -> list[str]:
    code = (
        "import sys, json; from click.testing import CliRunner; from lowback.cli import main\n"
        f"r = CliRunner().invoke(main, {args!r})\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('lowback.'))))\n"
    )
    import os

    full = {
        k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_") or k == "LOWBACK_HOME"
    }
    full.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=full
    )
    return list(json.loads(proc.stdout.strip().splitlines()[-1]))


def test_disable_plugin_flag_blocks_before_import() -> None:
    mods = _imported_after(["--disable-plugin", "relief", "recommend", "--sitting"])
    assert "lowback.catalogues.shimada" in mods
    assert "lowback.catalogues.relief" not in mods


def test_disable_env_blocks_before_import() -> None:
    mods = _imported_after(
        ["recommend", "--sitting"], env={"LOWBACK_DISABLE_PLUGINS": "relief, budget"}
    )
    assert "lowback.catalogues.relief" not in mods
    assert "lowback.plugins.budget" not in mods
    assert "lowback.plugins.sitting" in mods


def test_load_plugins_env_loads_only_those() -> None:
    out = run_lowback(
        ["plugins", "--format", "json"], env={"LOWBACK_LOAD_PLUGINS": "shimada,sitting"}
    )
    assert [row["name"] for row in json.loads(out.stdout)] == ["shimada", "sitting"]


def test_engine_block_prevents_import() -> None:
    code = (
        "import sys; from lowback import Engine\n"
        "e = Engine(block=['relief']).load()\n"
        "print('lowback.catalogues.relief' in sys.modules, [c.catalogue.id for c in e.catalogues])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False ['shimada']"


def test_no_catalogue_at_all_is_a_plain_error() -> None:
    out = run_lowback(["recommend", "--sitting"], env={"LOWBACK_DISABLE_PLUGINS": "shimada,relief"})
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "lowback: error: no catalogue is loaded: every catalogue plugin is blocked, "
        "failed, or missing"
    ]
    assert "Traceback" not in out.stderr


# -- fault isolation: each kind names the plugin, the rest carries on ----------------


def _assert_isolated(site: Path, plugin: str, fragment: str) -> None:
    out = run_lowback(["recommend", "--sitting", "--after-legs"], path=site)
    assert out.returncode == 0, out.stderr
    warnings = [line for line in out.stderr.splitlines() if line]
    assert warnings, "the fault was not reported"
    assert all(line.startswith(f"lowback: warning: plugin '{plugin}'") for line in warnings)
    assert fragment in out.stderr
    assert "Traceback" not in out.stderr
    assert "Adductor foam roll" in out.stdout
    strict = run_lowback(["--strict", "recommend", "--sitting", "--after-legs"], path=site)
    assert strict.returncode == 1
    assert strict.stderr.startswith(f"lowback: error: plugin '{plugin}'")
    assert "Traceback" not in strict.stderr
    assert strict.stdout == ""


def test_import_failure_is_isolated(make_dist: Callable[..., Path]) -> None:
    site = make_dist(
        "lowback-broken",
        "1.0",
        {"broken": "broken_plugin"},
        {"broken_plugin.py": "import not_a_module_anywhere\n"},
    )
    _assert_isolated(site, "broken", "(import)")


def test_hook_exception_is_isolated(make_dist: Callable[..., Path]) -> None:
    site = make_dist(
        "lowback-raises",
        "1.0",
        {"raises": "raises_plugin"},
        {
            "raises_plugin.py": """
            from lowback import hookimpl

            @hookimpl
            def register_rules(register):
                raise RuntimeError("boom")
        """,
        },
    )
    _assert_isolated(site, "raises", "register_rules() raised RuntimeError('boom')")


def test_wrong_shape_data_is_isolated(make_dist: Callable[..., Path]) -> None:
    bad = GOOD_CATALOGUE.replace("reps = 5", 'reps = "five"').replace(
        'kind = "breathing"', 'kind = "yoga"'
    )
    site = make_dist(
        "lowback-badshape",
        "1.0",
        {"badshape": "badshape_plugin"},
        {
            "badshape_plugin.py": HOOK.format(file="bad.toml"),
            "bad.toml": bad,
        },
    )
    out = run_lowback(["recommend", "--sitting"], path=site)
    lines = out.stderr.strip().splitlines()
    # Every problem at once, one per line: plugin, file, exercise id, dotted path.
    assert len(lines) == 2
    assert any("exercise 'breath': exercises[0].kind: Input should be" in line for line in lines)
    assert any("exercises[0].dose.reps: Input should be a valid integer" in line for line in lines)
    assert all("bad.toml" in line and "plugin 'badshape'" in line for line in lines)
    _assert_isolated(site, "badshape", "(data)")


def test_wrong_object_registered_is_isolated(make_dist: Callable[..., Path]) -> None:
    site = make_dist(
        "lowback-wrongobj",
        "1.0",
        {"wrongobj": "wrongobj_plugin"},
        {
            "wrongobj_plugin.py": """
            from lowback import hookimpl

            @hookimpl
            def register_rules(register):
                register("not a rule")
        """,
        },
    )
    _assert_isolated(site, "wrongobj", "expected an instance of lowback.Rule")


def test_id_clash_is_isolated_and_names_both(make_dist: Callable[..., Path]) -> None:
    clash = GOOD_CATALOGUE.replace('id = "extra"', 'id = "shimada"')
    site = make_dist(
        "lowback-clash",
        "1.0",
        {"zclash": "clash_plugin"},
        {
            "clash_plugin.py": HOOK.format(file="clash.toml"),
            "clash.toml": clash,
        },
    )
    out = run_lowback(["exercises", "--catalogue", "shimada"], path=site)
    assert "already given by plugin 'shimada'" in out.stderr
    assert "shimada/breath" not in out.stdout  # nothing was overwritten
    assert "shimada/piriformis-roll" in out.stdout
    _assert_isolated(site, "zclash", "(clash)")


def test_rule_raising_during_recommend_is_isolated() -> None:
    from lowback import Rule, hookimpl

    class Bad(Rule):
        id = "bad"

        def decide(self, context: Context, index: object) -> list[object]:
            raise ValueError("no")

    class BadPlugin:
        name = "badrule"

        @hookimpl
        def register_rules(self, register: Callable[[Rule], None]) -> None:
            register(Bad())

    engine = Engine(plugins=[shimada, sitting, BadPlugin()])
    routine = engine.recommend(Context(sitting=True))
    assert len(routine.items) == 5
    assert [f.plugin for f in engine.faults] == ["badrule"]
    engine.recommend(Context(sitting=True))
    assert len(engine.faults) == 1  # the same fault is kept once
    with pytest.raises(PluginError, match="plugin 'badrule'"):
        Engine(plugins=[shimada, sitting, BadPlugin()], strict=True).recommend(
            Context(sitting=True)
        )


def test_rule_returning_garbage_is_a_fault() -> None:
    from lowback import Rule, Vote, hookimpl

    class Garbage(Rule):
        id = "garbage"

        def decide(self, context: Context, index: object) -> list[object]:
            return ["text", Vote(exercise="nobody/nothing", weight=1, fact="f", text="t")]

    class Plugin:
        name = "garbage"

        @hookimpl
        def register_rules(self, register: Callable[[Rule], None]) -> None:
            register(Garbage())

    engine = Engine(plugins=[shimada, general, Plugin()])
    engine.recommend(Context())
    messages = sorted(f.message for f in engine.faults)
    assert messages == [
        "rule garbage:garbage: Vote.exercise names an exercise no loaded catalogue has "
        "(got 'nobody/nothing')",
        "rule garbage:garbage: returned a str, not a decision (Vote, Veto, ... from lowback)",
    ]


# -- catalogue files: validation, schema, scaffold -------------------------------------


def test_validate_reports_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        GOOD_CATALOGUE.replace("reps = 5", "hold_s = -1").replace(
            'position = "lying-back"', 'position = "upside-down"\nsparkle = true'
        )
    )
    out = run_lowback(["validate", str(bad), str(ROOT / "catalogues" / "shimada.toml")])
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 3, lines
    assert all(
        line.startswith(f"lowback: error: {bad}: exercise 'breath': exercises[0].")
        for line in lines
    )
    assert {line.split(": ")[4] for line in lines} == {
        "exercises[0].position",
        "exercises[0].sparkle",
        "exercises[0].dose.hold_s",
    }
    assert "shimada.toml: ok, catalogue 'shimada', 5 exercises" in out.stdout


def test_validate_checks_names_against_the_installed_vocabulary(tmp_path: Path) -> None:
    # The engine refuses equipment no plugin registered; validate says so before shipping.
    strap = tmp_path / "strap.toml"
    strap.write_text(
        GOOD_CATALOGUE.replace(
            'position = "lying-back"', 'position = "lying-back"\nequipment = ["strap"]'
        )
    )
    out = run_lowback(["validate", str(strap)])
    assert out.returncode == 1
    (line,) = out.stderr.strip().splitlines()
    assert str(strap) in line and "'strap'" in line and "foam-roller" in line


def test_schema_prints_valid_json_for_each_model() -> None:
    for name, title in (("catalogue", "Catalogue"), ("context", "Context"), ("routine", "Routine")):
        out = run_lowback(["schema", name])
        assert out.returncode == 0
        assert json.loads(out.stdout)["title"] == title
    assert run_lowback(["schema", "nope"]).returncode == 2


def test_builtin_catalogues_match_the_published_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import tomllib

    schema = json.loads(run_lowback(["schema", "catalogue"]).stdout)
    for path in sorted((ROOT / "catalogues").glob("*.toml")):
        jsonschema.validate(tomllib.loads(path.read_text()), schema)


def test_new_catalogue_scaffold_installs_and_passes_its_own_test(tmp_path: Path) -> None:
    out = run_lowback(["new", "catalogue", "my-clinic", "--dir", str(tmp_path)])
    assert out.returncode == 0, out.stderr
    package = tmp_path / "lowback-my-clinic"
    again = run_lowback(["new", "catalogue", "my-clinic", "--dir", str(tmp_path)])
    assert again.returncode == 1
    assert "already exists" in again.stderr
    site = tmp_path / "site"
    _pip_install(site, package)
    test = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(package / "tests")],
        capture_output=True,
        text=True,
        check=False,
        env=_env(site),
        cwd=package,
    )
    assert test.returncode == 0, test.stdout + test.stderr
    listed = run_lowback(["plugins", "--format", "json"], path=site)
    assert "my-clinic" in [row["name"] for row in json.loads(listed.stdout)]


def test_new_catalogue_rejects_a_bad_name(tmp_path: Path) -> None:
    out = run_lowback(["new", "catalogue", "Not A Slug", "--dir", str(tmp_path)])
    assert out.returncode == 2
    assert "'NAME'" in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_explicit_plugins_are_independent_of_installed_ones() -> None:
    engine = Engine(plugins=[relief, shimada, sitting])
    assert [p.name for p in engine.plugins] == ["relief", "shimada", "sitting"]
    # Explicit plugins still carry their distribution's version.
    assert {(p.distribution, p.version) for p in engine.plugins} == {
        ("lowback", importlib.metadata.version("lowback"))
    }
