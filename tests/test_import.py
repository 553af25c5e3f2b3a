"""Issue 18, ``lowback import``: a free-exercise-db ``exercises.json`` (here a small
sample in that format, written for these tests) becomes a local catalogue that joins
the routines its exercises fit, cited, below the articles' own picks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from lowback import Engine, testing
from lowback.importers import IMPORTERS
from lowback.importers.shared import importer
from lowback.loading import read_catalogue_file

SAMPLE = Path(__file__).parent / "data" / "free-exercise-db-sample.json"
CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}
IMPORTED = "free-exercise-db/"


def invoke(*args: str) -> Result:
    from lowback.cli import main

    return CliRunner().invoke(main, list(args), prog_name="lowback", env=CLEAN_ENV)


def imported(home: Path, *options: str) -> Path:
    result = invoke("import", "free-exercise-db", str(SAMPLE), *options)
    assert result.exit_code == 0, result.output
    return home / "catalogues" / "free-exercise-db.toml"


def routine(*flags: str) -> dict[str, Any]:
    result = invoke("recommend", *flags, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_every_format_is_a_module_with_convert() -> None:
    for name in IMPORTERS:
        assert callable(importer(name).convert)


def test_import_writes_a_valid_catalogue_into_the_local_folder(_lowback_home: Path) -> None:
    path = imported(_lowback_home)
    catalogue = read_catalogue_file(path)
    by_id = {e.id: e for e in catalogue.exercises}
    # Strength work and equipment lowback cannot name (bands) are not imported.
    assert sorted(by_id) == [
        "sample-back-of-thigh-fold",
        "sample-front-thigh-reach",
        "sample-inner-thigh-opener",
        "sample-low-back-curl",
        "sample-outer-hip-roll",
    ]
    low_back = by_id["sample-low-back-curl"]
    assert low_back.targets == ("lower-back",)  # "lower back", through the aliases
    assert low_back.kind == "stretch" and low_back.position == "standing"
    assert low_back.section == "exercise Sample_Low_Back_Curl"
    assert set(low_back.dose.ours) == {"sets", "hold_s", "per_side"}
    roll = by_id["sample-outer-hip-roll"]
    assert (roll.kind, roll.equipment) == ("roll", ("foam-roller",))
    assert catalogue.source.title == "free-exercise-db"
    assert catalogue.source.licence == "The Unlicense (public domain)"
    # The format's other fields map too: level, secondary muscles, link, image.
    opener = by_id["sample-inner-thigh-opener"]
    assert opener.level == "beginner" and opener.secondary_targets == ("glutes",)
    assert opener.url == (
        "https://github.com/yuhonas/free-exercise-db/blob/main/exercises/"
        "Sample_Inner_Thigh_Opener.json"
    )
    assert opener.image is not None and opener.image.endswith("Sample_Inner_Thigh_Opener/0.jpg")
    assert by_id["sample-front-thigh-reach"].image is None  # the record has no picture
    assert opener.ours == ("position",)  # the position is the importer's default
    assert catalogue.because == () and catalogue.timing == ()
    text = path.read_text(encoding="utf-8")
    assert "SAMPLE-TEXT" not in text  # the source's instructions are never copied
    assert "importer's default" in text


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        (["--muscle", "quads"], {"sample-front-thigh-reach"}),
        (
            ["--muscle", "lower back", "--muscle", "adductors"],
            {"sample-low-back-curl", "sample-inner-thigh-opener"},
        ),
        (["--equipment", "foam roll"], {"sample-outer-hip-roll"}),
        (["--category", "stretching", "--muscle", "abductors"], {"sample-outer-hip-roll"}),
    ],
)
def test_options_choose_the_exercises(
    _lowback_home: Path, options: list[str], ids: set[str]
) -> None:
    catalogue = read_catalogue_file(imported(_lowback_home, *options))
    assert {e.id for e in catalogue.exercises} == ids


def test_position_and_id_options(_lowback_home: Path) -> None:
    result = invoke(
        "import", "free-exercise-db", str(SAMPLE), "--id", "stretches", "--position", "seated"
    )
    assert result.exit_code == 0, result.output
    catalogue = read_catalogue_file(_lowback_home / "catalogues" / "stretches.toml")
    assert catalogue.id == "stretches"
    assert {e.position for e in catalogue.exercises} == {"seated"}


def test_output_is_never_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mine.toml"
    out.write_text("kept", encoding="utf-8")
    result = invoke("import", "free-exercise-db", str(SAMPLE), "--output", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"lowback: error: {out}: the file exists; give --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "kept"
    forced = invoke("import", "free-exercise-db", str(SAMPLE), "--output", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert read_catalogue_file(out).id == "free-exercise-db"


def _records() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: {"not": "a list"}, "expected a list of exercises at the top"),
        (lambda d: [*d[:1], 3], "[1]: expected an exercise record"),
        (lambda d: [{**d[0], "primaryMuscles": []}], "[0].primaryMuscles: expected a list"),
        (lambda d: [{**d[0], "primaryMuscles": ["elbow"]}], "[0].primaryMuscles: 'elbow' is not"),
        (lambda d: [{**d[0], "category": None}], "[0].category: expected text"),
        (lambda d: [{**d[0], "id": 7}], "[0].id: expected text"),
        (lambda d: [d[0], d[0]], "[1].id: 'Sample_Inner_Thigh_Opener' repeats"),
        (lambda d: d[-1:], "no exercise matches"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_and_the_field(
    tmp_path: Path, change: Any, message: str
) -> None:
    bad = tmp_path / "exercises.json"
    bad.write_text(json.dumps(change(_records())), encoding="utf-8")
    result = invoke("import", "free-exercise-db", str(bad), "--output", str(tmp_path / "o.toml"))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"lowback: error: {bad}")
    assert message in line
    assert not (tmp_path / "o.toml").exists()


def test_output_must_be_a_toml_file(tmp_path: Path) -> None:
    out = tmp_path / "mine.txt"
    result = invoke("import", "free-exercise-db", str(SAMPLE), "--output", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"lowback: error: --output {out}: the catalogue is TOML")
    assert not out.exists()


def test_a_file_that_is_not_json_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "exercises.json"
    bad.write_text("[{", encoding="utf-8")
    result = invoke("import", "free-exercise-db", str(bad))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"lowback: error: {bad}: not valid JSON")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--category", "strength"),
        ("--equipment", "bands"),
        ("--muscle", "elbow"),
        ("--position", "upside-down"),
        ("--id", "Not A Slug"),
    ],
)
def test_a_choice_the_importer_cannot_give_names_the_option(option: str, value: str) -> None:
    result = invoke("import", "free-exercise-db", str(SAMPLE), option, value)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"lowback: error: {option} {value!r}")


# -- done when: the imported sample joins the routines it fits ------------------------


@pytest.mark.parametrize("timing", ["--after-legs", "--before-workout"])
def test_imported_stretches_join_sitting_routines_cited_below_the_articles(
    _lowback_home: Path, timing: str
) -> None:
    before = routine("--sitting", timing)
    imported(_lowback_home)
    after = routine("--sitting", timing)
    mine = [i for i in after["items"] if i["exercise"].startswith(IMPORTED)]
    theirs = [i for i in after["items"] if not i["exercise"].startswith(IMPORTED)]
    # Stretches for the regions the articles tie to sitting; not the hamstrings (no
    # tie), not the abductor roll (no tie). One that works a muscle the same way as an
    # article's own item for this timing may be left out for it, saying so.
    fits = {
        f"{IMPORTED}sample-{k}"
        for k in ("front-thigh-reach", "inner-thigh-opener", "low-back-curl")
    }
    given = {i["exercise"] for i in mine}
    assert given <= fits and len(given) >= 2
    for left in after["left_out"]:
        if left["exercise"] in fits - given:
            assert any(r["rule"] == "lowback:same-way" for r in left["reasons"])
    assert fits - given <= {lo["exercise"] for lo in after["left_out"]}
    for item in mine:
        (source,) = item["sources"]
        assert source["title"] == "free-exercise-db"
        assert source["plugin"] == "file:free-exercise-db.toml"
        (why,) = [r for r in item["reasons"] if r["effect"] == "include"]
        assert why["rule"] == "sitting:long-sitting" and "Works the " in why["text"]
    # The articles' own picks are untouched, and rank above the imported ones.
    keys = ("exercise", "dose", "variation", "sources", "cues")
    assert [{k: i[k] for k in keys} for i in theirs] == [
        {k: i[k] for k in keys} for i in before["items"]
    ]
    assert max(i["score"] for i in mine) < min(i["score"] for i in theirs)


def test_the_imported_file_loads_like_any_catalogue_file(tmp_path: Path) -> None:
    out = tmp_path / "stretches.toml"
    assert invoke("import", "free-exercise-db", str(SAMPLE), "-o", str(out)).exit_code == 0
    engine = Engine(strict=True, catalogues=[out])
    r = engine.recommend(testing.context(sitting=True, timing="after-legs"))
    assert IMPORTED + "sample-inner-thigh-opener" in [i.exercise for i in r.items]


def test_the_sample_holds_every_field_of_the_format() -> None:
    fields = {
        "id",
        "name",
        "force",
        "level",
        "mechanic",
        "equipment",
        "primaryMuscles",
        "secondaryMuscles",
        "instructions",
        "category",
        "images",
    }
    assert all(set(record) == fields for record in _records())


# -- done when: the same exercise is held once, the article's pick kept ---------------

QUAD_ROLL = {
    "id": "Quadriceps-SMR",  # the database's own quad foam roll: the articles' exercise
    "name": "Quadriceps-SMR",
    "force": "static",
    "level": "intermediate",
    "mechanic": "isolation",
    "equipment": "foam roll",
    "primaryMuscles": ["quadriceps"],
    "secondaryMuscles": [],
    "instructions": [
        "SAMPLE-TEXT: face down, one thigh on the roller.",
        "SAMPLE-TEXT: roll it slowly, holding points of tension for 10-30 seconds.",
    ],
    "category": "stretching",
    "images": ["Quadriceps-SMR/0.jpg"],
}


@pytest.mark.parametrize(
    ("timing", "article"), [("--after-legs", "shimada"), ("--before-workout", "relief")]
)
def test_the_imported_quad_roll_is_held_with_the_articles_never_over_them(
    _lowback_home: Path, tmp_path: Path, timing: str, article: str
) -> None:
    before = routine("--sitting", timing)
    data = tmp_path / "exercises.json"
    data.write_text(json.dumps([QUAD_ROLL]), encoding="utf-8")
    assert invoke("import", "free-exercise-db", str(data)).exit_code == 0
    after = routine("--sitting", timing)
    # Held once: no item of its own, cited as also describing the article's quad roll.
    assert not [i for i in after["items"] if i["exercise"].startswith(IMPORTED)]
    (quad,) = [i for i in after["items"] if i["exercise"].endswith("/quad-roll")]
    (was,) = [i for i in before["items"] if i["exercise"].endswith("/quad-roll")]
    assert quad["exercise"] == was["exercise"] == f"{article}/quad-roll"
    assert (quad["dose"], quad["cues"]) == (was["dose"], was["cues"])
    first, *also = quad["sources"]
    assert first["catalogue"] == article
    (imported_ref,) = [s for s in also if s["catalogue"] == "free-exercise-db"]
    assert imported_ref["licence"] == "The Unlicense (public domain)"
    assert imported_ref["url"].endswith("/exercises/Quadriceps-SMR.json")
    text = invoke("recommend", "--sitting", timing).output
    assert 'Also described in: "free-exercise-db"' in text


def test_a_roll_keeps_the_sources_pauses_on_tender_spots(tmp_path: Path) -> None:
    data = tmp_path / "exercises.json"
    data.write_text(json.dumps([QUAD_ROLL]), encoding="utf-8")
    out = tmp_path / "rolls.toml"
    assert invoke("import", "free-exercise-db", str(data), "-o", str(out)).exit_code == 0
    (roll,) = read_catalogue_file(out).exercises
    # The pauses are the source's numbers; the rolling time is the importer's default.
    assert (roll.dose.duration_s, roll.dose.pause_s, roll.dose.pause_s_max) == (60, 10, 30)
    assert "duration_s" in roll.dose.ours and "pause_s" not in roll.dose.ours
    assert (roll.movement, roll.position, roll.level) == (
        "quad-roll",
        "lying-front",
        "intermediate",
    )


def test_a_key_given_twice_in_the_data_is_one_line_naming_the_file(tmp_path: Path) -> None:
    twice = tmp_path / "exercises.json"
    twice.write_text('[{"id": "a", "name": "A", "name": "B"}]', encoding="utf-8")
    result = invoke("import", "free-exercise-db", str(twice))
    assert result.exit_code != 0
    (line,) = result.stderr.splitlines()
    assert str(twice) in line and "'name' is given twice" in line
