"""docs/plugins.md documents the catalogue format as the JSON Schema has it: every field
of every model, required or not. The schema is the one source of truth; this test
fails when the guide's field tables and the models drift apart."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from lowback import Engine, testing
from lowback.models import Catalogue

from conftest import ROOT

GUIDE = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")


def _format_section() -> str:
    start = GUIDE.index("## 2. The catalogue format")
    end = GUIDE.index("\n## ", start + 1)
    return GUIDE[start:end]


def documented() -> dict[str, bool]:
    """Each field path the guide's tables name, and whether they say it is required."""
    fields: dict[str, bool] = {}
    for line in _format_section().splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        required = cells[1].strip("*").lower()
        assert required in ("yes", "no"), line
        for name in re.findall(r"`([^`]+)`", cells[0]):
            assert name not in fields, f"{name} is documented twice"
            fields[name] = required == "yes"
    return fields


def _model(schema: dict[str, Any], node: dict[str, Any]) -> str | None:
    """The model a property holds (itself, in a list, or optional), if any."""
    for option in (node, node.get("items", {}), *node.get("anyOf", ())):
        ref = option.get("$ref") or option.get("items", {}).get("$ref")
        if ref:
            return str(ref).rsplit("/", 1)[1]
    return None


def schema_fields() -> dict[str, bool]:
    """Each field path of the catalogue's JSON Schema, and whether it is required. A
    model is walked at the first path that holds it (a rung's ``dose`` has the fields
    of the exercise's)."""
    schema = Catalogue.model_json_schema()
    defs = schema["$defs"]
    fields: dict[str, bool] = {}
    seen: set[str] = set()
    todo: list[tuple[str, dict[str, Any]]] = [("", schema)]
    while todo:
        prefix, model = todo.pop(0)
        required = set(model.get("required", ()))
        for name, node in model["properties"].items():
            path = prefix + name
            fields[path] = name in required
            inner = _model(schema, node)
            if inner is not None and inner not in seen:
                seen.add(inner)
                is_list = node.get("type") == "array" or "items" in node
                todo.append((path + ("[]." if is_list else "."), defs[inner]))
    return fields


def test_the_guide_documents_every_field_of_the_catalogue_schema() -> None:
    doc, schema = documented(), schema_fields()
    assert sorted(set(schema) - set(doc)) == [], "fields missing from docs/plugins.md"
    assert sorted(set(doc) - set(schema)) == [], "docs/plugins.md names fields the schema lacks"


def test_the_guide_says_which_fields_are_required_as_the_schema_does() -> None:
    doc, schema = documented(), schema_fields()
    wrong = sorted(name for name in schema if doc.get(name) != schema[name])
    assert wrong == []


def test_the_walk_reaches_nested_models() -> None:
    # The comparison above means something only if the walk reaches every model.
    fields = schema_fields()
    for path in ("source.licence", "exercises[].dose.pause_s", "exercises[].ladder[].id"):
        assert path in fields
    assert fields["exercises[].targets"] and not fields["exercises[].secondary_targets"]


def test_the_guides_example_catalogue_is_valid_and_used(tmp_path: Path) -> None:
    (example,) = re.findall(r"```toml\n(format = 1\n.*?)```", _format_section(), flags=re.S)
    path = tmp_path / "desk.toml"
    path.write_text(example, encoding="utf-8")
    assert Catalogue.model_validate(tomllib.loads(example)).format == 1
    routine = Engine(strict=True, catalogues=[path]).recommend(testing.context(sitting=True))
    (item,) = [i for i in routine.items if i.exercise == "desk/example-stretch"]
    assert item.other_positions == ("standing",) and item.sources[0].licence == "CC-BY-4.0"
