"""Every Python example in docs/embedding.md runs, and the public API is as documented."""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import lowback
import pytest
from lowback import Context, Engine

from conftest import ROOT

DOC = (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```python\n(.*?)```", DOC, flags=re.S)


def test_the_doc_has_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("number", range(len(EXAMPLES)))
def test_example_runs(number: int, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(EXAMPLES[number], f"docs/embedding.md example {number + 1}", "exec"), {})


def test_public_api_is_listed_and_importable() -> None:
    for name in (
        "Engine",
        "Context",
        "Routine",
        "hookimpl",
        "hookspec",
        "RegisterCatalogue",
        "RegisterRule",
        "Rule",
        "Decision",
        "DraftItem",
        "Vote",
        "SetAside",
        "Veto",
        "ChooseRung",
        "SetDose",
        "Drop",
        "Halt",
        "Note",
        "CatalogueIndex",
        "LowbackError",
        "ContextError",
        "PluginError",
        "CatalogueDataError",
    ):
        assert name in lowback.__all__
        assert getattr(lowback, name) is not None
    with pytest.raises(AttributeError):
        _ = lowback.NotAThing  # type: ignore[attr-defined]


def test_data_from_outside_raises_lowbacks_own_errors() -> None:
    import pydantic
    from lowback.validation import validate, validate_json

    with pytest.raises(lowback.ContextError) as info:
        validate(Context, {"minutes": "soon"})
    assert not isinstance(info.value, pydantic.ValidationError)
    assert info.value.problems == ["minutes: Input should be a valid integer (got 'soon')"]
    with pytest.raises(lowback.InvalidDataError, match="invalid Dose"):
        validate_json(lowback.Dose, '{"sets": 1}')


def test_models_built_in_code_raise_pydantics_error() -> None:
    import pydantic

    with pytest.raises(pydantic.ValidationError, match="minutes"):
        Context(minutes=0)


def test_shared_engine_across_threads_matches_fresh_engines() -> None:
    engine = Engine(strict=True)
    contexts = [
        Context(sitting=True, timing="after-legs"),
        Context(heavy_lifting=True, limits=("kneeling", "cross-legs")),
        Context(sitting=True, equipment=(), minutes=4),
        Context(timing="before-workout"),
    ]
    expected = [Engine().recommend(c).model_dump_json() for c in contexts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda c: engine.recommend(c).model_dump_json(), contexts * 25))
    assert got == expected * 25


def test_a_typed_consumer_passes_mypy_strict() -> None:
    pytest.importorskip("mypy")
    consumer = ROOT / "tests" / "typing" / "consumer.py"
    proc = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "typecheck.py"), str(consumer)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
