"""The validators and the published JSON Schemas agree (issue 17).

``sets = true``, ``hold_s = "15"`` and ``per_side = "yes"`` used to pass
``lowback validate``, and ``{"sitting": "yes"}`` was taken as a context, though
``lowback schema`` rejects them. Here hypothesis takes a valid catalogue,
context and routine and breaks them (wrong types, numbers out of range, extra
and missing keys, near-miss words and days), then checks that the validator
each command uses, with the engine's check of vocabulary names (equipment,
limits, situations), and the schema from ``lowback schema`` (checked with the
``jsonschema`` package, formats included) accept and reject the same instances.

Two differences are known and documented (docs/robustness.md):
- rules across fields that JSON Schema cannot say (exactly one of reps, hold_s
  and duration_s; ids given twice; ...): the validator also refuses, with a
  ``value_error``. An instance the schema accepts may be refused only that way.
- a whole number written with a decimal point (``15.0``) is an integer to JSON
  Schema and not to lowback: it is not generated.

``jsonschema`` matches ``pattern`` with Python's ``re``, whose ``$`` also matches
before a final newline; the schema's dialect (ECMA-262) and pydantic do not, so
the check below reads a final ``$`` as the end of the text.

``LOWBACK_SCHEMA_FUZZ_EXAMPLES`` sets the examples per format (150 by default),
e.g. ``LOWBACK_SCHEMA_FUZZ_EXAMPLES=5000 pytest tests/test_schema_agreement.py``.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lowback import Context, Engine
from lowback.cli import main
from lowback.errors import InvalidDataError
from lowback.models import Catalogue, Routine
from lowback.terms import catalogue_problems, context_problems
from lowback.validation import validate, validate_json

EXAMPLES = int(os.environ.get("LOWBACK_SCHEMA_FUZZ_EXAMPLES", "150"))
ROOT = Path(__file__).resolve().parent.parent

WRONG = [
    True,
    False,
    "15",
    "yes",
    "true",
    "",
    "x" * 2001,
    "Not A Slug",
    "slug\n",  # a final newline: refused by both, see the module's docstring
    "lying",  # a near-miss position
    "sitting",
    "1970-01-02",
    "2024-02-30",
    "2024-01-01T00:00:00",
    "86400",
    1.5,
    -0.5,
    None,
    [],
    ["x"],
    {},
    {"bogus": 1},
    0,
    -1,
    1,
    7,
    11,
    241,
    601,
    10**6,
    -(10**20),
]


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    ecma = pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern
    if validator.is_type(instance, "string") and not re.search(ecma, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Checker = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


def _schema(name: str) -> Any:
    result = CliRunner().invoke(main, ["schema", name])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    _Checker.check_schema(schema)
    return _Checker(schema, format_checker=jsonschema.FormatChecker())


_ENGINE = Engine().load()  # the plugins ``lowback schema`` sees: the installed ones


def _known(model: str, problems: list[str]) -> None:
    # Equipment, limit and situation names are any slug to the models; the engine
    # checks them against its vocabulary, which ``lowback schema`` lists as enums.
    if problems:
        raise InvalidDataError(model, problems, [{"type": "vocabulary", "loc": ()}])


def _catalogue(data: Any) -> None:
    catalogue = validate(Catalogue, data)  # what ``lowback validate`` runs on a parsed file
    _known("Catalogue", catalogue_problems(catalogue, _ENGINE.vocabulary))


def _context(data: Any) -> None:
    context = validate_json(Context, json.dumps(data))  # what ``--context FILE`` runs
    _known("Context", context_problems(context, _ENGINE.vocabulary, _ENGINE.index))


def _routine(data: Any) -> None:
    routine = validate_json(Routine, json.dumps(data))  # what ``log --routine FILE`` runs
    _known("Routine", context_problems(routine.context, _ENGINE.vocabulary, _ENGINE.index))


_WRONG = st.sampled_from(WRONG).map(copy.deepcopy)  # a fresh list or dict each time


def _paths(node: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*here, i))


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


@st.composite
def _broken(draw: st.DrawFn, base: Any) -> Any:
    """``base`` with up to three changes; none at all now and then (a valid instance)."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(list(_paths(data))))
        target = _at(data, path)
        how = draw(st.sampled_from(["replace", "replace", "number", "extra", "drop"]))
        if how == "extra" and isinstance(target, dict):
            target[draw(st.sampled_from(["bogus", "sets", "id", "note"]))] = draw(_WRONG)
        elif how == "drop" and isinstance(target, dict | list) and target:
            key = draw(
                st.sampled_from(
                    list(target.keys() if isinstance(target, dict) else range(len(target)))
                )
            )
            del target[key]
        elif path:
            parent = _at(data, path[:-1])
            if how == "number" and isinstance(target, int) and not isinstance(target, bool):
                parent[path[-1]] = target + draw(st.integers(-30, 30))
            else:
                parent[path[-1]] = draw(_WRONG)
    return data


def _agree(checker: Any, check: Callable[[Any], None], data: Any) -> None:
    by_schema = checker.is_valid(data)
    try:
        check(data)
    except InvalidDataError as exc:
        kinds = {error["type"] for error in exc.errors}
        event(f"refused by the validator; schema {'accepts' if by_schema else 'refuses'}")
        # Refused by the validator alone: only by a rule across fields (value_error).
        assert not by_schema or kinds <= {"value_error"}, (exc.problems, data)
        return
    event("accepted by the validator")
    assert by_schema, ("the validator accepts what the schema rejects", data)


def _fuzz(base: Any) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def wrap(test: Callable[..., None]) -> Callable[..., None]:
        return settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )(given(data=_broken(base))(test))

    return wrap


SHIMADA = tomllib.loads((ROOT / "catalogues" / "shimada.toml").read_text(encoding="utf-8"))

CONTEXT = {
    "sitting": True,
    "heavy_lifting": False,
    "timing": "after-legs",
    "limits": ["kneeling"],
    "conditions": ["pregnancy"],
    "equipment": ["foam-roller"],
    "minutes": 15,
    "red_flags": [],
    "pain": 3,
    "cleared": False,
    "screened": True,
    "progress": {
        "sessions": 2,
        "first_day": "2024-03-01",
        "last_day": "2024-03-02",
        "today": "2024-03-03",
        "exercises": [
            {
                "exercise": "shimada/frog-stretch",
                "recent": [
                    {
                        "session": 1,
                        "day": "2024-03-01",
                        "rung": "standard",
                        "sets": 2,
                        "amount": 30,
                        "rating": "right",
                        "pain_before": 3,
                        "pain_after": 2,
                    }
                ],
            }
        ],
    },
}


CATALOGUE_SCHEMA = _schema("catalogue")
CONTEXT_SCHEMA = _schema("context")
ROUTINE_SCHEMA = _schema("routine")


def test_the_bases_are_valid_to_both(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True, minutes=5)).model_dump(mode="json")
    for checker, check, data in (
        (CATALOGUE_SCHEMA, _catalogue, SHIMADA),
        (CONTEXT_SCHEMA, _context, CONTEXT),
        (ROUTINE_SCHEMA, _routine, routine),
    ):
        assert checker.is_valid(data)
        check(data)


@pytest.mark.parametrize(
    ("checker", "check", "data"),
    [
        (CATALOGUE_SCHEMA, _catalogue, {**SHIMADA, "name": True}),
        (CONTEXT_SCHEMA, _context, {"sitting": "yes"}),
        (CONTEXT_SCHEMA, _context, {"minutes": "15"}),
        (CONTEXT_SCHEMA, _context, {"progress": {"today": 0}}),
    ],
)
def test_the_issue_examples_are_refused_by_both(
    checker: Any, check: Callable[[Any], None], data: Any
) -> None:
    assert not checker.is_valid(data)
    with pytest.raises(InvalidDataError):
        check(data)


def test_a_dose_of_the_wrong_types_is_refused_by_both() -> None:
    data = copy.deepcopy(SHIMADA)
    data["exercises"][0]["dose"].update(sets=True, per_side="yes")
    assert not CATALOGUE_SCHEMA.is_valid(data)
    with pytest.raises(InvalidDataError) as caught:
        _catalogue(data)
    fields = {error["loc"][-1] for error in caught.value.errors}
    assert {"sets", "per_side"} <= fields


def test_a_newer_catalogue_format_is_refused_by_both() -> None:
    # Found by the fuzz: the schema once let any format number through.
    data = copy.deepcopy(SHIMADA)
    data["format"] = 7
    assert not CATALOGUE_SCHEMA.is_valid(data)
    with pytest.raises(InvalidDataError) as caught:
        _catalogue(data)
    assert caught.value.problems == [
        "format: this lowback reads catalogue formats up to 1: upgrade lowback to use this one"
        " (got 7)"
    ]


@_fuzz(SHIMADA)
def test_catalogues_are_judged_alike(data: Any) -> None:
    _agree(CATALOGUE_SCHEMA, _catalogue, data)


@_fuzz(CONTEXT)
def test_contexts_are_judged_alike(data: Any) -> None:
    _agree(CONTEXT_SCHEMA, _context, data)


@pytest.fixture(scope="module")
def routine_data(builtins: Engine) -> Any:
    return builtins.recommend(Context(sitting=True, minutes=5)).model_dump(mode="json")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_routines_are_judged_alike(routine_data: Any, data: st.DataObject) -> None:
    _agree(ROUTINE_SCHEMA, _routine, data.draw(_broken(routine_data)))


def test_lowback_validate_and_context_refuse_guessed_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = """\
id = "bad"
name = "Bad"
source = { title = "A title" }
[[exercises]]
id = "x"
name = "X"
section = "One"
kind = "stretch"
position = "lying-back"
targets = ["hips"]
movement = "x"
cues = ["A cue."]
dose = { sets = true, hold_s = "15", per_side = "yes" }
"""
    Path("bad.toml").write_text(bad, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "bad.toml"])
    assert result.exit_code == 1
    for field, said in (("sets", "integer"), ("hold_s", "integer"), ("per_side", "boolean")):
        assert any(
            f"dose.{field}: Input should be a valid {said}" in line
            for line in result.stderr.splitlines()
        ), (field, result.stderr)
    Path("context.json").write_text('{"sitting": "yes"}')
    result = CliRunner().invoke(main, ["recommend", "--context", "context.json"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "lowback: error: invalid context from --context context.json: sitting: Input should "
        "be a valid boolean (got 'yes')"
    ]
