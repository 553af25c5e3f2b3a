"""Issue 18, local catalogues: TOML or JSON files in the user's catalogue folder, or given
with ``--catalogue FILE`` (``Engine(catalogues=[...])``), join like plugins without any
packaging; a broken one is a fault naming its path and the rest keeps working."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lowback import Engine, PluginError, testing
from lowback.plugins import sitting

CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}

DESK = textwrap.dedent(
    """
    id = "desk"
    name = "Desk breaks"

    [source]
    title = "A physio's desk handout"
    author = "A. Physio"

    [[exercises]]
    id = "seated-figure-four"
    name = "Seated figure-four stretch"
    section = "Handout, item 1"
    kind = "stretch"
    position = "seated"
    targets = ["piriformis"]
    movement = "seated-figure-four"
    cues = ["Sit tall, rest one ankle on the other knee, and lean forward gently."]

    [exercises.dose]
    sets = 2
    hold_s = 30
    per_side = true

    [[exercises.because]]
    situation = "sitting"
    note = "The handout gives it as a desk break."
    """
)
DESK_KEY = "desk/seated-figure-four"
BROKEN = 'id = "broken"\nname = 3\n'


def invoke(*args: str) -> Result:
    from lowback.cli import main

    return CliRunner().invoke(main, list(args), prog_name="lowback", env=CLEAN_ENV)


@pytest.fixture
def folder(_lowback_home: Path) -> Path:
    """The local catalogue folder: LOWBACK_HOME/catalogues."""
    path = _lowback_home / "catalogues"
    path.mkdir()
    return path


def _given(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [item["exercise"] for item in json.loads(result.stdout)["items"]]


def test_a_file_in_the_folder_is_listed_with_its_path_and_used(folder: Path) -> None:
    (folder / "desk.toml").write_text(DESK, encoding="utf-8")
    (folder / "notes.md").write_text("not a catalogue", encoding="utf-8")
    listed = invoke("catalogues", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert listed.stderr == ""
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    assert rows["desk"]["path"] == str(folder / "desk.toml")
    assert rows["desk"]["plugin"] == "file:desk.toml"
    assert rows["shimada"]["plugin"] == "shimada"  # the rest is there too
    routine = invoke("recommend", "--sitting", "--format", "json")
    assert DESK_KEY in _given(routine)
    item = next(i for i in json.loads(routine.stdout)["items"] if i["exercise"] == DESK_KEY)
    assert [s["plugin"] for s in item["sources"]] == ["file:desk.toml"]
    assert "file:desk.toml" in json.loads(routine.stdout)["plugins"]


def test_a_json_file_works_as_a_toml_one(folder: Path) -> None:
    import tomllib

    (folder / "desk.json").write_text(json.dumps(tomllib.loads(DESK)), encoding="utf-8")
    assert DESK_KEY in _given(invoke("recommend", "--sitting", "--format", "json"))


def test_a_broken_file_is_named_by_its_path_and_the_rest_keeps_working(folder: Path) -> None:
    (folder / "broken.toml").write_text(BROKEN, encoding="utf-8")
    (folder / "desk.toml").write_text(DESK, encoding="utf-8")
    result = invoke("recommend", "--sitting", "--format", "json")
    given = _given(result)
    assert DESK_KEY in given and "shimada/frog-stretch" in given
    lines = result.stderr.splitlines()
    assert lines and all(
        line.startswith("lowback: warning: plugin 'file:broken.toml' (data): ")
        and str(folder / "broken.toml") in line
        for line in lines
    )
    assert "name" in result.stderr and "Traceback" not in result.output


def test_strict_makes_a_broken_file_an_error_naming_it(folder: Path) -> None:
    (folder / "broken.toml").write_text(BROKEN, encoding="utf-8")
    result = invoke("--strict", "catalogues")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()  # every problem of the file, one line each
    assert len(lines) > 1
    for line in lines:
        assert line.startswith("lowback: error: plugin 'file:broken.toml'")
        assert str(folder / "broken.toml") in line


def test_catalogue_option_is_repeatable(tmp_path: Path) -> None:
    first, second = tmp_path / "desk.toml", tmp_path / "other.toml"
    first.write_text(DESK, encoding="utf-8")
    second.write_text(DESK.replace('id = "desk"', 'id = "other"'), encoding="utf-8")
    result = invoke(
        "--catalogue", str(first), "--catalogue", str(second), "catalogues", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    paths = {row["id"]: row["path"] for row in json.loads(result.stdout)}
    assert paths["desk"] == str(first) and paths["other"] == str(second)


def test_a_missing_catalogue_file_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("--catalogue", str(tmp_path / "nope.toml"), "catalogues")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "'--catalogue'" in line and "nope.toml" in line and "does not exist" in line


def test_a_file_can_be_disabled_by_its_plugin_name(folder: Path) -> None:
    (folder / "desk.toml").write_text(DESK, encoding="utf-8")
    result = invoke(
        "--disable-plugin", "file:desk.toml", "recommend", "--sitting", "--format", "json"
    )
    assert DESK_KEY not in _given(result)


def test_a_file_cannot_take_a_plugins_catalogue_id(tmp_path: Path) -> None:
    clash = tmp_path / "mine.toml"
    clash.write_text(DESK.replace('id = "desk"', 'id = "shimada"'), encoding="utf-8")
    engine = Engine(catalogues=[clash])
    held = {lc.catalogue.id: lc.plugin for lc in engine.catalogues}
    assert held["shimada"] == "shimada"
    assert [(f.plugin, f.kind) for f in engine.faults] == [("file:mine.toml", "clash")]


def test_engine_catalogues_parameter(tmp_path: Path) -> None:
    desk = tmp_path / "desk.toml"
    desk.write_text(DESK, encoding="utf-8")
    engine = Engine(plugins=[sitting], catalogues=[desk], strict=True)
    (loaded,) = engine.catalogues
    assert (loaded.catalogue.id, loaded.plugin, loaded.path) == ("desk", "file:desk.toml", desk)
    assert [i.exercise for i in engine.recommend(testing.context(sitting=True)).items] == [DESK_KEY]
    broken = tmp_path / "broken.toml"
    broken.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(PluginError, match=r"file:broken\.toml"):
        Engine(plugins=[sitting], catalogues=[desk, broken], strict=True).load()


def test_two_files_of_one_name_clash_naming_both(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "desk.toml", tmp_path / "b" / "desk.toml"
    first.write_text(DESK, encoding="utf-8")
    second.write_text(DESK, encoding="utf-8")
    engine = Engine(plugins=[sitting], catalogues=[first, second, first])
    assert [lc.path for lc in engine.catalogues] == [first]
    (fault,) = engine.faults
    assert fault.plugin == "file:desk.toml" and fault.kind == "clash"
    assert str(first) in fault.message and str(second) in fault.message
