"""Malformed catalogue files, fuzzed: always a ``CatalogueDataError`` naming the file and field.

Inputs start from the two built-in catalogues (as TOML and as JSON) and are
truncated, have bytes flipped, inserted or dropped (non-UTF-8 included), or have
one field replaced by a wrong type, a huge string or deep nesting, an unknown
key added, a key removed, or an exercise repeated. Whatever comes in,
:func:`lowback.loading.read_catalogue_file` returns a valid catalogue or raises
:class:`~lowback.errors.CatalogueDataError` whose every line starts with the
file's path and holds no control character; never another exception.

The pathological cases below (a 400,000-part dotted key, 400,000 nested
arrays, a 100,000-digit number, a FIFO) would hang or crash a naive reader;
here each is refused within the bounds listed in docs/robustness.md.

``LOWBACK_FUZZ_EXAMPLES`` sets the examples per property (400 by default), e.g.
``LOWBACK_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz_catalogues.py`` for a long run.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import shutil
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lowback import CatalogueDataError, Engine, PluginError
from lowback.hookspecs import RegisterCatalogue, hookimpl
from lowback.loading import MAX_CATALOGUE_BYTES, MAX_DEPTH, MAX_KEY_PARTS, read_catalogue_file
from lowback.models import Catalogue, Dose, Exercise, Frequency, Link, Source, Variation
from lowback.validation import dotted

from conftest import ROOT

FUZZ_EXAMPLES = int(os.environ.get("LOWBACK_FUZZ_EXAMPLES", "400"))
settings.register_profile(
    "lowback-fuzz",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("lowback-fuzz")

WORK = Path(tempfile.mkdtemp(prefix="lowback-fuzz-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)
SOURCES = {
    name: tomllib.loads((ROOT / "catalogues" / f"{name}.toml").read_text("utf-8"))
    for name in ("shimada", "relief")
}


def to_toml(data: dict[str, Any]) -> str:
    """A small TOML writer (inline tables only); ``None`` values are left out, as TOML has none."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            if math.isnan(v):
                return "nan"
            if math.isinf(v):
                return "inf" if v > 0 else "-inf"
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list | tuple):
            return "[" + ", ".join(value(x) for x in v if x is not None) + "]"
        if isinstance(v, dict):
            inner = ", ".join(
                f"{json.dumps(k)} = {value(x)}" for k, x in v.items() if x is not None
            )
            return "{" + inner + "}"
        raise TypeError(type(v))

    return "".join(f"{json.dumps(k)} = {value(v)}\n" for k, v in data.items() if v is not None)


def original(name: str, fmt: str) -> bytes:
    if fmt == "toml":
        return (ROOT / "catalogues" / f"{name}.toml").read_bytes()
    return json.dumps(SOURCES[name], indent=1).encode("utf-8")


def read(content: bytes, fmt: str, name: str = "fuzz") -> Catalogue | CatalogueDataError:
    """Write ``content`` to a file and read it; a CatalogueDataError is returned, not raised."""
    path = WORK / f"{name}.{fmt}"
    path.write_bytes(content)
    try:
        return read_catalogue_file(path)
    except CatalogueDataError as exc:
        check_message(exc, path)
        return exc


def check_message(exc: CatalogueDataError, path: Path) -> None:
    """One line per problem, each naming the file, none carrying a control character."""
    assert exc.where == str(path)
    assert exc.problems
    lines = str(exc).split("\n")
    assert len(lines) == len(exc.problems)
    for line in lines:
        assert line.startswith(f"{path}: "), line
        assert len(line) > len(f"{path}: ")
        assert all(ch.isprintable() for ch in line), repr(line)


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location in ``data`` (keys and list positions)."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            found += paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += paths(v, (*prefix, i))
    return found


def get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def deep(n: int) -> Any:
    value: Any = "x"
    for _ in range(n):
        value = [value]
    return value


WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(),
    st.text(max_size=20),
    st.just("x" * 100_000),
    st.just(deep(MAX_DEPTH + 10)),
    st.just({"unknown": 1}),
    st.just([]),
    st.just({}),
    st.lists(st.integers(), max_size=3),
)

FIELD_NAMES = frozenset(
    name
    for model in (Catalogue, Source, Frequency, Link, Exercise, Variation, Dose)
    for name in model.model_fields
)
NAMES = st.sampled_from(sorted(SOURCES))
FORMATS = st.sampled_from(["toml", "json"])


# -- byte-level damage ---------------------------------------------------------------


@FUZZ
@given(name=NAMES, fmt=FORMATS, data=st.data())
def test_truncated_files(name: str, fmt: str, data: st.DataObject) -> None:
    raw = original(name, fmt)
    cut = data.draw(st.integers(0, len(raw) - 1))
    result = read(raw[:cut], fmt)
    if fmt == "json":  # JSON cut anywhere is broken
        assert isinstance(result, CatalogueDataError)
    elif isinstance(result, Catalogue):  # TOML cut between tables can still be a catalogue
        assert len(result.exercises) <= len(SOURCES[name]["exercises"])


@FUZZ
@given(
    name=NAMES,
    fmt=FORMATS,
    edits=st.lists(
        st.tuples(
            st.sampled_from(["replace", "insert", "delete"]),
            st.floats(0, 1, exclude_max=True),
            st.binary(min_size=1, max_size=4),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_damaged_bytes(name: str, fmt: str, edits: list[tuple[str, float, bytes]]) -> None:
    raw = bytearray(original(name, fmt))
    for op, where, blob in edits:
        at = int(where * len(raw))
        if op == "replace":
            raw[at : at + len(blob)] = blob
        elif op == "insert":
            raw[at:at] = blob
        else:
            del raw[at : at + len(blob)]
    read(bytes(raw), fmt)  # a catalogue or a CatalogueDataError, nothing else


@FUZZ
@given(name=NAMES, fmt=FORMATS, at=st.floats(0, 1, exclude_max=True), byte=st.integers(0x80, 0xFF))
def test_non_utf8_bytes_name_the_offset(name: str, fmt: str, at: float, byte: int) -> None:
    raw = bytearray(original(name, fmt))
    offset = int(at * len(raw))
    raw[offset:offset] = bytes([0xFF if 0x80 <= byte < 0xC0 else byte, 0x28])
    result = read(bytes(raw), fmt)
    assert isinstance(result, CatalogueDataError)
    assert result.problems[0].startswith("not UTF-8 text (bad byte at offset")


# -- structural damage ---------------------------------------------------------------


@FUZZ
@given(name=NAMES, fmt=FORMATS, data=st.data(), wrong=WRONG)
def test_a_field_of_the_wrong_type_is_named(
    name: str, fmt: str, data: st.DataObject, wrong: Any
) -> None:
    tree = json.loads(json.dumps(SOURCES[name]))
    path = data.draw(st.sampled_from(paths(tree)))
    get(tree, path[:-1])[path[-1]] = wrong
    content = to_toml(tree) if fmt == "toml" else json.dumps(tree)
    result = read(content.encode("utf-8", "surrogatepass"), fmt)
    if isinstance(result, CatalogueDataError) and not result.problems[0].startswith("not valid"):
        # a validation problem names the field, or at least the exercise or table holding it
        # (a check across fields, such as ``start`` against the ladder, names the exercise)
        named = dotted(path[: min(2, len(path))])
        assert any(named in p for p in result.problems), (path, result.problems)


@FUZZ
@given(name=NAMES, fmt=FORMATS, data=st.data(), key=st.text(min_size=1, max_size=12))
def test_an_unknown_key_is_named(name: str, fmt: str, data: st.DataObject, key: str) -> None:
    tree = json.loads(json.dumps(SOURCES[name]))
    tables = [p for p in [(), *paths(tree)] if isinstance(get(tree, p), dict)]
    path = data.draw(st.sampled_from(tables))
    table = get(tree, path)
    if key in table or key in FIELD_NAMES:
        return
    table[key] = 1
    content = to_toml(tree) if fmt == "toml" else json.dumps(tree)
    result = read(content.encode("utf-8", "surrogatepass"), fmt)
    assert isinstance(result, CatalogueDataError)
    if not result.problems[0].startswith("not valid"):
        assert any("Extra inputs are not permitted" in p for p in result.problems), result


@FUZZ
@given(name=NAMES, fmt=FORMATS, data=st.data())
def test_a_missing_required_field_is_named(name: str, fmt: str, data: st.DataObject) -> None:
    tree = json.loads(json.dumps(SOURCES[name]))
    keyed = [p for p in paths(tree) if isinstance(p[-1], str)]
    path = data.draw(st.sampled_from(keyed))
    del get(tree, path[:-1])[path[-1]]
    content = to_toml(tree) if fmt == "toml" else json.dumps(tree)
    result = read(content.encode("utf-8"), fmt)
    if isinstance(result, CatalogueDataError):
        assert any(dotted(path[:1]) in p for p in result.problems), (path, result)


@FUZZ
@given(name=NAMES, fmt=FORMATS, data=st.data())
def test_a_repeated_exercise_id_is_named(name: str, fmt: str, data: st.DataObject) -> None:
    tree = json.loads(json.dumps(SOURCES[name]))
    exercise = data.draw(st.sampled_from(tree["exercises"]))
    tree["exercises"].insert(data.draw(st.integers(0, len(tree["exercises"]))), exercise)
    content = to_toml(tree) if fmt == "toml" else json.dumps(tree)
    result = read(content.encode("utf-8"), fmt)
    assert isinstance(result, CatalogueDataError)
    assert f"exercise id {exercise['id']!r} is given twice" in str(result)


def test_a_repeated_key_in_json_is_named() -> None:
    text = json.dumps(SOURCES["shimada"]).replace('"id": "shimada"', '"id": "a", "id": "b"', 1)
    result = read(text.encode("utf-8"), "json")
    assert isinstance(result, CatalogueDataError)
    assert result.problems == ["not valid JSON: key 'id' is given twice in one object"]


def test_a_repeated_key_in_toml_is_named() -> None:
    raw = original("shimada", "toml").replace(b'id = "shimada"\n', b'id = "a"\nid = "b"\n', 1)
    result = read(raw, "toml")
    assert isinstance(result, CatalogueDataError)
    assert result.problems[0].startswith("not valid TOML")


# -- pathological inputs, each within the bounds -------------------------------------

NEAR = MAX_CATALOGUE_BYTES - 100
PATHOLOGICAL = {
    "dotted-key.toml": ("b." * 400_000 + "c = 1", f"more than {MAX_KEY_PARTS} dotted parts"),
    "dotted-key-in-inline-table.toml": (
        "a = {" + "b." * 300_000 + "c = 1}",
        f"more than {MAX_KEY_PARTS} dotted parts",
    ),
    "quoted-dotted-key.toml": ('"b".' * 200_000 + "c = 1", "dotted parts"),
    "dotted-table-name.toml": ("[" + "b." * 400_000 + "c]", "dotted parts"),
    "nested-arrays.toml": ("a = " + "[" * 400_000, "nested too deeply"),
    "nested-inline-tables.toml": ("a = " + "{b = " * 200_000, "nested too deeply"),
    "long-number.toml": ("a = " + "9" * 100_000, "a number has too many digits"),
    "nested-arrays.json": ("[" * 500_000, "nested too deeply"),
    "long-number.json": ('{"a": ' + "9" * 100_000 + "}", "a number has too many digits"),
    "nested-within-the-parser.json": (
        '{"name": ' + "[" * 500 + "]" * 500 + "}",
        f"nested deeper than {MAX_DEPTH} levels",
    ),
    "nested-within-the-parser.toml": (
        "name = " + "[" * 200 + "]" * 200,
        f"nested deeper than {MAX_DEPTH} levels",
    ),
    "huge-string.toml": ('name = "' + "x" * NEAR + '"', "name: String should have at most"),
    "huge-string.json": ('{"name": "' + "x" * NEAR + '"}', "name: String should have at most"),
    "over-the-bound.json": (" " * (MAX_CATALOGUE_BYTES + 1), "limited to 1 MiB"),
    "lone-surrogate.json": ('{"name": "\\ud800"}', "name:"),
    "nan.json": ('{"id": NaN}', "id:"),
    "top-level-array.json": ("[1, 2]", "expected a table of catalogue fields"),
    "top-level-string.json": ('"catalogue"', "expected a table of catalogue fields"),
    "empty.toml": ("", "id: Field required"),
    "empty.json": ("", "not valid JSON"),
    "byte-order-mark.json": ("\ufeff{}", "not valid JSON"),
    "nul-bytes.toml": ('id = "a\x00b"', "not valid TOML"),
    "control-characters.json": ('{"id": "\\u001b[2J", "name": 1}', "id:"),
}


@pytest.mark.parametrize("filename", sorted(PATHOLOGICAL))
def test_pathological_file_is_refused_in_one_line(filename: str) -> None:
    text, expected = PATHOLOGICAL[filename]
    stem, fmt = filename.rsplit(".", 1)
    result = read(text.encode("utf-8", "surrogatepass"), fmt, stem)
    assert isinstance(result, CatalogueDataError), filename
    assert any(expected in p for p in result.problems), result.problems


def test_a_file_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(CatalogueDataError, match="not a regular file"):
        read_catalogue_file(folder)
    if sys.platform != "win32":
        fifo = tmp_path / "pipe.json"
        os.mkfifo(fifo)  # reading it would wait for a writer for ever
        with pytest.raises(CatalogueDataError, match="not a regular file"):
            read_catalogue_file(fifo)


def test_missing_file_and_wrong_suffix(tmp_path: Path) -> None:
    with pytest.raises(CatalogueDataError, match="cannot read the file"):
        read_catalogue_file(tmp_path / "nope.toml")
    (tmp_path / "cat.yaml").write_text("id: x", "utf-8")
    with pytest.raises(CatalogueDataError, match=r"must end in \.toml or \.json"):
        read_catalogue_file(tmp_path / "cat.yaml")


def test_both_built_in_catalogues_survive_the_round_trip() -> None:
    for name in SOURCES:
        for fmt in ("toml", "json"):
            assert isinstance(read(original(name, fmt), fmt), Catalogue)
        assert isinstance(read(to_toml(SOURCES[name]).encode("utf-8"), "toml"), Catalogue)


# -- through the engine: a plugin's bad file is the plugin's fault, named -------------


class BadFilePlugin:
    name = "badfile"

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def register_catalogues(self, register: RegisterCatalogue) -> None:
        register(self.path)


def test_a_plugins_malformed_file_is_a_fault_naming_plugin_file_and_field(tmp_path: Path) -> None:
    from lowback.plugins import general

    bad = tmp_path / "bad.json"
    data = json.loads(json.dumps(SOURCES["shimada"]))
    data["exercises"][1]["dose"]["sets"] = "three"
    bad.write_text(json.dumps(data), "utf-8")
    engine = Engine(plugins=[BadFilePlugin(bad), general])
    (fault,) = engine.faults
    assert fault.plugin == "badfile" and fault.kind == "data"
    assert str(bad) in fault.message
    assert "exercise 'quad-roll': exercises[1].dose.sets" in fault.message
    with pytest.raises(PluginError, match=r"exercises\[1\]\.dose\.sets"):
        Engine(plugins=[BadFilePlugin(bad), general], strict=True).load()
