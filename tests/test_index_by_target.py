"""``CatalogueIndex.by_target`` finds exercises by target name: aliases mean their name,
case and spaces do not matter, and a name nobody knows finds what was written."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lowback import Engine, Term, hookimpl, testing
from lowback.index import CatalogueIndex, Entry

from conftest import ROOT

QUAD_ROLLS = {"relief/quad-roll", "shimada/quad-roll"}


@pytest.mark.parametrize("name", ["quadriceps", "quads", "Quads", "vastus lateralis", "QUAD"])
def test_a_target_is_found_by_its_name_or_any_alias(name: str) -> None:
    index = testing.engine().index
    found = {e.key for e in index.by_target(name)}
    # The quad rolls write only the four muscles' own names, never "quadriceps".
    assert found >= QUAD_ROLLS
    assert found == {e.key for e in index.all() if "quadriceps" in e.muscles}


def test_an_alias_and_its_name_find_the_same_exercises_in_key_order() -> None:
    index = testing.engine().index
    psoas = index.by_target("psoas")
    assert psoas and psoas == index.by_target("Iliopsoas")
    assert [e.key for e in psoas] == sorted(e.key for e in psoas)


def _with_targets(entry: Entry, *targets: str) -> Entry:
    exercise = entry.exercise.model_copy(update={"targets": targets})
    return Entry.of(exercise, entry.catalogue, entry.plugin, entry.plugin_version)


def test_a_hand_built_index_resolves_built_in_names_and_keeps_unknown_ones_literal() -> None:
    first, second = testing.engine().index.all()[:2]
    index = CatalogueIndex([_with_targets(first, "calf"), _with_targets(second, "wrist-flexors")])
    assert [e.key for e in index.by_target("calves")] == [first.key]
    assert [e.key for e in index.by_target("Wrist Flexors")] == [second.key]
    assert index.by_target("wrist") == ()


def test_the_names_given_to_the_index_resolve_plugins_aliases() -> None:
    first = testing.engine().index.all()[0]
    entry = Entry.of(
        first.exercise.model_copy(update={"targets": ("desk-neck",)}),
        first.catalogue,
        first.plugin,
        first.plugin_version,
        lambda name: "neck" if name in ("neck", "desk-neck") else None,
    )
    names = {"neck": "neck", "desk-neck": "neck"}.get
    assert [e.key for e in CatalogueIndex([entry], names=names).by_target("neck")] == [first.key]
    # Without those names, the alias is still found as it was written.
    assert [e.key for e in CatalogueIndex([entry]).by_target("desk-neck")] == [first.key]


class Obliques:
    """A vocabulary plugin: the target ``obliques``, also written ``side-abs``."""

    name = "trunk"

    @hookimpl
    def register_vocabulary(self, register: Callable[[Term], None]) -> None:
        register(Term(vocabulary="target", name="obliques", description="x", aliases=("side-abs",)))


def test_an_engines_index_resolves_a_plugins_alias_that_no_catalogue_writes(
    tmp_path: Path,
) -> None:
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```toml\n(format = 1\n.*?)```", guide, flags=re.S)
    desk = tmp_path / "desk.toml"
    desk.write_text(example.replace('targets = ["adductors"]', 'targets = ["obliques"]'))
    engine = Engine(plugins=[Obliques()], catalogues=[desk], strict=True)
    assert [e.key for e in engine.index.by_target("obliques")] == ["desk/example-stretch"]
    assert [e.key for e in engine.index.by_target("Side Abs")] == ["desk/example-stretch"]
