"""Issue 18, the richer, versioned catalogue format: a format number, a licence,
per-exercise level, secondary targets, link, image, pauses on tender spots and other
positions; and issue 16, positions lowback inferred marked in the data. Old files stay
valid, and what a reader needs is shown in every format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lowback import Engine, testing
from lowback.models import FORMAT_VERSION, Catalogue, Dose, Routine
from lowback.render import render
from lowback.storage.profile import toml_value
from pydantic import ValidationError

FORMATS = ("text", "markdown", "html")
URL = "https://example.org/stretches/inner-thigh"
SOURCE_URL = "https://example.org/stretches"


def _exercise(**extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": "inner-thigh",
        "name": "Inner thigh opener",
        "section": "Inner thigh",
        "kind": "stretch",
        "position": "seated",
        "targets": ["adductors"],
        "movement": "h4-inner-thigh",
        "cues": ["Sit tall and let the knees fall open, only as far as is comfortable."],
        "dose": {"hold_s": 30, "ours": ["hold_s"]},
    }
    return fields | extra


def _catalogue(*exercises: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": "openers",
        "name": "Openers",
        "source": {"title": "Openers", "url": SOURCE_URL, "licence": "CC-BY-4.0"},
        "exercises": list(exercises) or [_exercise()],
    } | extra


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


RICH = _exercise(
    level="beginner",
    secondary_targets=["glutes"],
    url=URL,
    image="pictures/inner-thigh.jpg",
    other_positions=["standing"],
)


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Routine:
    path = _write(tmp_path_factory.mktemp("rich") / "openers.json", _catalogue(RICH))
    engine = Engine(strict=True, catalogues=[path])
    return engine.recommend(testing.context(sitting=True))


def _routine(tmp_path: Path, data: dict[str, Any], **context: Any) -> Routine:
    engine = Engine(strict=True, catalogues=[_write(tmp_path / "openers.json", data)])
    return engine.recommend(testing.context(sitting=True, **context))


def _item(routine: Routine, key: str = "openers/inner-thigh") -> Any:
    return next(i for i in routine.items if i.exercise == key)


# -- the format version -------------------------------------------------------------


def test_the_format_number_is_optional_and_defaults_to_the_current_one() -> None:
    assert Catalogue.model_validate(_catalogue()).format == FORMAT_VERSION == 1
    assert Catalogue.model_validate(_catalogue(format=1)).format == 1


def test_a_newer_format_is_refused_in_one_line_saying_to_upgrade(tmp_path: Path) -> None:
    from lowback.cli import main

    # A newer format's new fields are not listed as problems of their own.
    path = _write(tmp_path / "new.json", _catalogue(format=FORMAT_VERSION + 1, colour="red"))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert f"format: this lowback reads catalogue formats up to {FORMAT_VERSION}" in line
    assert "upgrade lowback" in line and f"(got {FORMAT_VERSION + 1})" in line
    assert str(path) in line and "Traceback" not in result.output


def test_the_built_in_catalogues_say_their_format() -> None:
    text = (Path(__file__).parents[1] / "catalogues" / "shimada.toml").read_text("utf-8")
    assert "\nformat = 1\n" in text


# -- new fields: valid, and old files still valid -------------------------------------


def test_an_old_file_without_any_new_field_is_still_valid() -> None:
    ex = Catalogue.model_validate(_catalogue()).exercises[0]
    assert ex.level is None and ex.secondary_targets == () and ex.other_positions == ()
    assert ex.url is None and ex.image is None and ex.ours == ()


@pytest.mark.parametrize(
    ("extra", "fault"),
    [
        ({"level": "master"}, "level"),
        ({"url": "example.org/page"}, "url"),
        ({"other_positions": ["seated"]}, "repeats the position"),
        ({"other_positions": ["kneeling"]}, "knee-replacement"),
        ({"ours": ["other_positions"]}, "other_positions"),
        ({"ours": ["targets"]}, "ours"),
    ],
)
def test_a_bad_new_field_is_named(extra: dict[str, Any], fault: str) -> None:
    with pytest.raises(ValidationError, match=fault):
        Catalogue.model_validate(_catalogue(_exercise(**extra)))


def test_a_dose_can_roll_for_a_time_pausing_on_tender_spots() -> None:
    dose = Dose(duration_s=60, pause_s=10, pause_s_max=30, ours=["duration_s"])
    assert (dose.duration_s, dose.pause_s, dose.pause_s_max) == (60, 10, 30)
    for bad, why in (
        ({"hold_s": 30, "pause_s": 10}, "pause_s needs duration_s"),
        ({"duration_s": 60, "pause_s": 20, "pause_s_max": 10}, "at least pause_s"),
        ({"duration_s": 20, "pause_s": 10, "pause_s_max": 30}, "shorter than duration_s"),
    ):
        with pytest.raises(ValidationError, match=why):
            Dose(**bad)


def test_pauses_are_shown_with_the_time(tmp_path: Path) -> None:
    ex = _exercise(
        kind="roll",
        equipment=["foam-roller"],
        dose={"duration_s": 60, "pause_s": 10, "pause_s_max": 30, "ours": ["duration_s"]},
    )
    routine = _routine(tmp_path, _catalogue(ex))
    for fmt in FORMATS:
        assert "pausing 10-30 s on tender spots" in render(routine, fmt)


# -- shown in outputs -----------------------------------------------------------------


def test_json_items_carry_level_targets_link_image_and_positions(rich: Routine) -> None:
    item = _item(rich).model_dump(mode="json")
    assert item["level"] == "beginner"
    assert (item["targets"], item["secondary_targets"]) == (["adductors"], ["glutes"])
    assert item["other_positions"] == ["standing"]
    assert item["image"] == "pictures/inner-thigh.jpg"
    (source,) = item["sources"]
    assert source["url"] == URL and source["licence"] == "CC-BY-4.0"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_the_link_licence_level_and_other_muscles(
    rich: Routine, fmt: str
) -> None:
    out = render(rich, fmt)
    assert URL in out and "licence: CC-BY-4.0" in out
    assert "beginner" in out and "also glutes" in out
    assert "seated or standing" in out


def test_the_html_link_is_a_link(rich: Routine) -> None:
    assert f'<a href="{URL}">' in render(rich, "html")


def test_a_source_without_an_exercise_link_gives_its_own(tmp_path: Path) -> None:
    item = _item(_routine(tmp_path, _catalogue()))
    assert item.sources[0].url == SOURCE_URL


def test_a_link_that_is_not_a_web_address_is_never_made_a_link(tmp_path: Path) -> None:
    source = {"title": "Openers", "url": "javascript:alert(1)"}
    out = render(_routine(tmp_path, _catalogue(source=source)), "html")
    assert "href" not in out


def test_another_position_that_loads_the_knee_needs_the_kneeling_ability(
    tmp_path: Path,
) -> None:
    ex = _exercise(
        other_positions=["half-kneeling"],
        conflicts=["knee-replacement"],
        conflicts_ours=["knee-replacement"],
    )
    assert _item(_routine(tmp_path, _catalogue(ex)))
    limited = _routine(tmp_path, _catalogue(ex), limits=("kneeling",))
    assert "openers/inner-thigh" not in [i.exercise for i in limited.items]


# -- issue 16: inferred positions marked in the data and in the outputs ---------------

INFERRED = {
    "relief/quad-roll",
    "shimada/adductor-roll",
    "shimada/quad-roll",
    "shimada/piriformis-roll",
    "shimada/frog-stretch",
}


def test_the_positions_lowback_inferred_are_marked_ours(engine: Engine) -> None:
    marked = {key for key, e in engine.index.entries.items() if "position" in e.exercise.ours}
    assert marked == INFERRED


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_inferred_position_carries_the_mark_the_legend_explains(
    engine: Engine, fmt: str
) -> None:
    routine = engine.recommend(testing.context(sitting=True, timing="after-legs"))
    out = render(routine, fmt)
    assert "lying face down*" in out or "lying face down\\*" in out
    assert out.count("body position lowback inferred or chose itself") == 1


def test_toml_value_writes_the_new_fields() -> None:
    # The importer writes catalogues through this: lists of positions survive.
    assert toml_value(["seated", "standing"]) == '["seated", "standing"]'


def test_lowback_exercises_shows_the_new_fields(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from lowback.cli import main

    path = _write(tmp_path / "openers.json", _catalogue(RICH))
    args = ["--catalogue", str(path), "exercises", "--catalogue", "openers"]
    (row,) = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)
    assert row["level"] == "beginner" and row["url"] == URL
    assert row["secondary_targets"] == ["glutes"] and row["other_positions"] == ["standing"]
    text = CliRunner().invoke(main, args).stdout
    assert "adductors (also glutes)" in text and "also done: standing" in text
