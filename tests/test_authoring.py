"""Issue 18, authoring views: ``exercises`` and ``catalogues`` show what an author needs
(movements, targets, equipment, positions, the file a catalogue came from), as text and JSON."""

from __future__ import annotations

import json
import tomllib
from typing import Any

from click.testing import CliRunner, Result
from lowback.cli import main

from conftest import ROOT

CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), prog_name="lowback", env=CLEAN_ENV)


def _shimada() -> dict[str, dict[str, Any]]:
    data = tomllib.loads((ROOT / "catalogues" / "shimada.toml").read_text(encoding="utf-8"))
    return {f"shimada/{ex['id']}": ex for ex in data["exercises"]}


def test_exercises_json_gives_what_each_trains_and_needs() -> None:
    result = invoke("exercises", "--catalogue", "shimada", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in json.loads(result.stdout)}
    data = _shimada()
    assert sorted(rows) == sorted(data)
    for key, ex in data.items():
        row = rows[key]
        assert row["movement"] == ex["movement"]
        assert row["targets"] == ex["targets"]
        assert row["position"] == ex["position"]
        assert row["kind"] == ex["kind"]
        assert row["equipment"] == ex.get("equipment", [])
        assert row["plugin"] == "shimada" and row["catalogue"] == "shimada"
    frog = rows["shimada/frog-stretch"]
    assert [rung["id"] for rung in frog["ladder"]] == ["narrow", "medium", "wide"]
    assert "kneeling" in rows["shimada/psoas-stretch"]["needs"]  # from its position


def test_exercises_text_names_movement_and_targets() -> None:
    result = invoke("exercises", "--catalogue", "shimada")
    assert result.exit_code == 0, result.output
    block = result.stdout.split("shimada/psoas-stretch:", 1)[1].split("\nshimada/", 1)[0]
    assert "movement: psoas-lunge-rock" in block
    assert "targets: psoas" in block


def test_catalogues_json_gives_source_file_and_vocabulary() -> None:
    result = invoke("catalogues", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) >= {"shimada", "relief"}
    shimada = rows["shimada"]
    data = _shimada()
    assert shimada["source"]["title"] == "5 Recovery Exercise To Release Lower Back Tension"
    assert shimada["path"] == str(ROOT / "catalogues" / "shimada.toml")
    assert shimada["movements"] == sorted({ex["movement"] for ex in data.values()})
    assert shimada["positions"] == sorted({ex["position"] for ex in data.values()})
    assert shimada["targets"] == sorted({t for ex in data.values() for t in ex["targets"]})
    assert shimada["equipment"] == ["foam-roller"]
    assert shimada["plugin"] == "shimada"


def test_catalogues_text_shows_the_file_and_what_the_exercises_use() -> None:
    result = invoke("catalogues")
    assert result.exit_code == 0, result.output
    block = result.stdout.split("shimada:", 1)[1]
    assert f"file: {ROOT / 'catalogues' / 'shimada.toml'}" in block
    assert "movements: adductor-roll, frog-stretch" in block
    assert "positions: all-fours, half-kneeling, lying-front, seated" in block
    assert "equipment: foam-roller" in block


def test_a_bad_format_is_a_usage_error_naming_the_choices() -> None:
    result = invoke("catalogues", "--format", "yaml")
    assert result.exit_code == 2
    assert "text" in result.stderr and "json" in result.stderr
    assert "Traceback" not in result.output
