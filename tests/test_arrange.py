"""Order keeps get-ups to a minimum: kinds in order (rolls, stretches, breathing), each
position's items together, and the fewest changes of position over the whole routine."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lowback import Context, Engine, Routine
from lowback.pipeline.arrange import position_order
from lowback.vocab import CONDITIONS, KIND_ORDER, LIMITS, POSITIONS, TIMINGS

CONTEXTS: list[dict[str, Any]] = [
    {},
    {"sitting": True},
    {"heavy_lifting": True},
    *({"sitting": True, "timing": t} for t in TIMINGS),
    *({"sitting": True, "limits": (limit,)} for limit in LIMITS),
    *({"timing": t, "limits": (limit,)} for t in TIMINGS for limit in LIMITS),
    *({"sitting": True, "conditions": (c,)} for c in CONDITIONS),
    *({"timing": t, "conditions": (c,)} for t in TIMINGS for c in CONDITIONS),
    {"sitting": True, "equipment": ()},
    *({"sitting": True, "minutes": m} for m in (3, 5, 8, 12)),
]


def _name(fields: dict[str, Any]) -> str:
    return ",".join(f"{k}={v}" for k, v in fields.items()) or "no-flags"


def _changes(positions: list[str]) -> int:
    return sum(a != b for a, b in itertools.pairwise(positions))


def _groups(routine: Routine) -> list[list[str]]:
    """The items' positions, one list per kind group, in order."""
    groups: dict[int, list[str]] = {}
    for item in routine.items:
        groups.setdefault(KIND_ORDER[item.kind], []).append(item.position)
    return [groups[k] for k in sorted(groups)]


def _fewest(groups: list[list[str]]) -> int:
    """The fewest changes any order could have, keeping the kinds' order (brute force)."""
    distinct = [sorted(set(g)) for g in groups]
    return min(
        _changes([p for walk in walks for p in walk])
        for walks in itertools.product(*(itertools.permutations(d) for d in distinct))
    )


@pytest.mark.parametrize("fields", CONTEXTS, ids=_name)
def test_the_order_has_the_fewest_changes_of_position(
    builtins: Engine, fields: dict[str, Any]
) -> None:
    routine = builtins.recommend(Context(**fields))
    kinds = [KIND_ORDER[i.kind] for i in routine.items]
    assert kinds == sorted(kinds), "rolls, then stretches and mobility, then breathing"
    groups = _groups(routine)
    for group in groups:  # each position's items together: the bound within a kind
        assert _changes(group) == len(set(group)) - 1, group
    positions = [i.position for i in routine.items]
    assert _changes(positions) <= sum(len(set(g)) - 1 for g in groups) + len(groups) - 1
    assert _changes(positions) == _fewest(groups)


def test_sitting_gets_up_fewer_times_than_before(builtins: Engine) -> None:
    # Before this order, --sitting changed position 7 times over 12 items.
    positions = [i.position for i in builtins.recommend(Context(sitting=True)).items]
    assert _changes(positions) == 5
    # The seated stretch follows the seated roll; breathing starts where the stretches end.
    assert positions[3:5] == ["seated", "seated"]


def _cost(groups: list[tuple[int, ...]], walks: list[tuple[int, ...]]) -> int:
    ranks = [r for walk in walks for r in walk]
    assert [sorted(w) for w in walks] == [sorted(g) for g in groups]
    return sum(a != b for a, b in itertools.pairwise(ranks))


RANKS = st.lists(st.integers(0, len(POSITIONS) - 1), min_size=1, max_size=4, unique=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(RANKS.map(lambda r: tuple(sorted(r))), min_size=1, max_size=3))
def test_position_order_finds_the_fewest_changes(groups: list[tuple[int, ...]]) -> None:
    walks = position_order(groups)
    fewest = min(
        _cost(groups, list(w))
        for w in itertools.product(*(itertools.permutations(g) for g in groups))
    )
    assert _cost(groups, walks) == fewest


def test_the_order_does_not_depend_on_the_picks_order(builtins: Engine) -> None:
    from lowback.pipeline.arrange import arrange
    from lowback.pipeline.picks import Pick

    picks = [Pick(e, 1, ()) for e in builtins.index.all()]
    ordered = [p.entry.key for p in arrange(picks)]
    assert [p.entry.key for p in arrange(picks[::-1])] == ordered
    assert ordered == [p.entry.key for p in arrange(sorted(picks, key=lambda p: p.entry.key))]
