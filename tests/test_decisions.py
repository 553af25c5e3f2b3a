"""A rule's decisions are checked where the engine receives them.

A decision with a field of the wrong type or value is one fault naming the
plugin, the rule and the field; the routine is built from the other rules,
and strict mode makes it an error. Never a traceback.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from lowback import (
    ChooseRung,
    Context,
    Decision,
    DraftItem,
    Drop,
    Engine,
    Halt,
    Note,
    PluginError,
    Rule,
    SetAside,
    SetDose,
    Veto,
    Vote,
    hookimpl,
)
from lowback.catalogues import relief, shimada
from lowback.index import CatalogueIndex
from lowback.plugins import budget, general, limits, sitting, timing

from conftest import run_lowback

GOOD = [shimada, relief, general, sitting, timing, limits, budget]
FROG = "shimada/frog-stretch"


def _decided(decision: object) -> type[Rule]:
    class Decides(Rule):
        id = "odd"

        def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
            return [decision]  # type: ignore[list-item]

    return Decides


def _reviewed(decision: object) -> type[Rule]:
    class Reviews(Rule):
        id = "odd"

        def review(
            self, context: Context, draft: Sequence[DraftItem], index: CatalogueIndex
        ) -> Iterable[Decision]:
            return [decision]  # type: ignore[list-item]

    return Reviews


def _plugin(rule: type[Rule]) -> object:
    class Plugin:
        name = "oddrule"

        @hookimpl
        def register_rules(self, register: Callable[[Rule], None]) -> None:
            register(rule())

    return Plugin()


DOSE = {"sets": 1, "hold_s": 20}

# (decision, decide or review, the field named)
UNSOUND: list[tuple[Any, Callable[[object], type[Rule]], str]] = [
    (Vote(exercise=FROG, weight="lots", fact="f", text="t"), _decided, "Vote.weight"),  # type: ignore[arg-type]
    (Vote(exercise=FROG, weight=float("nan"), fact="f", text="t"), _decided, "Vote.weight"),  # type: ignore[arg-type]
    (Vote(exercise=FROG, weight=True, fact="f", text="t"), _decided, "Vote.weight"),
    (Vote(exercise="shimada/splits", weight=1, fact="f", text="t"), _decided, "Vote.exercise"),
    (SetAside(exercise=7, fact="f", text="t"), _decided, "SetAside.exercise"),  # type: ignore[arg-type]
    (Veto(exercise=FROG, fact="f", text="t", rung="no-such-rung"), _decided, "Veto.rung"),
    (Veto(exercise=FROG, fact=None, text="t"), _decided, "Veto.fact"),  # type: ignore[arg-type]
    (ChooseRung(exercise=FROG, rung=None, fact="f", text="t"), _decided, "ChooseRung.rung"),  # type: ignore[arg-type]
    (SetDose(exercise=FROG, dose=DOSE, fact="f", text="t"), _decided, "SetDose.dose"),  # type: ignore[arg-type]
    (Halt(level="panic", fact="f", text="t"), _decided, "Halt.level"),  # type: ignore[arg-type]
    (Note(fact="f", text=["t"]), _decided, "Note.text"),  # type: ignore[arg-type]
    (Drop(exercise="shimada/nothing", fact="f", text="t"), _reviewed, "Drop.exercise"),
    (Drop(exercise=FROG, fact="f", text="t"), _decided, "Drop cannot be returned from decide()"),
    (
        Vote(exercise=FROG, weight=1, fact="f", text="t"),
        _reviewed,
        "Vote cannot be returned from review()",
    ),
    ({"exercise": FROG, "weight": 1}, _decided, "returned a dict, not a decision"),
]


@pytest.mark.parametrize(
    ("decision", "where", "field"), UNSOUND, ids=[f"{i}-{u[2]}" for i, u in enumerate(UNSOUND)]
)
def test_an_unsound_decision_is_one_fault_and_the_routine_comes_from_the_rest(
    decision: object, where: Callable[[object], type[Rule]], field: str
) -> None:
    context = Context(sitting=True, timing="after-legs")
    expected = Engine(plugins=GOOD).recommend(context)
    engine = Engine(plugins=[*GOOD, _plugin(where(decision))])
    routine = engine.recommend(context)
    assert routine.items == expected.items
    assert routine.left_out == expected.left_out
    assert [(f.plugin, f.kind) for f in engine.faults] == [("oddrule", "rule")]
    message = engine.faults[0].message
    assert message.startswith("rule oddrule:odd: ")
    assert field in message
    with pytest.raises(PluginError, match=f"plugin 'oddrule'.*oddrule:odd.*{field.split()[0]}"):
        Engine(plugins=[*GOOD, _plugin(where(decision))], strict=True).recommend(context)


def test_the_same_fault_is_kept_once_over_many_calls() -> None:
    bad = Vote(exercise=FROG, weight="lots", fact="f", text="t")  # type: ignore[arg-type]
    engine = Engine(plugins=[*GOOD, _plugin(_decided(bad))])
    for _ in range(3):
        engine.recommend(Context(sitting=True))
    assert len(engine.faults) == 1


def test_sound_decisions_of_every_type_are_taken() -> None:
    # The checks must not refuse what the types allow: a decision of each kind.
    from lowback import Dose

    class Every(Rule):
        id = "every"

        def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
            yield Vote(exercise=FROG, weight=2, fact="f", text="voted")
            yield SetAside(exercise="shimada/quad-roll", fact="f", text="aside")
            yield Veto(exercise=FROG, fact="f", text="not wide", rung="wide")
            yield ChooseRung(exercise=FROG, rung="narrow", fact="f", text="narrow")
            yield SetDose(exercise=FROG, dose=Dose(sets=1, hold_s=5), fact="f", text="dosed")
            yield Note(fact="f", text="a note")

        def review(
            self, context: Context, draft: Sequence[DraftItem], index: CatalogueIndex
        ) -> Iterable[Decision]:
            yield Drop(exercise="shimada/adductor-roll", fact="f", text="dropped")

    engine = Engine(plugins=[*GOOD, _plugin(Every)], strict=True)
    routine = engine.recommend(Context(sitting=True, timing="after-legs"))
    frog = next(i for i in routine.items if i.exercise == FROG)
    assert frog.variation.id == "narrow"
    assert frog.dose.hold_s == 5
    given = [i.exercise for i in routine.items]
    assert "shimada/quad-roll" not in given and "shimada/adductor-roll" not in given
    assert "a note" in [a.text for a in routine.advice]
    halted = Engine(plugins=[*GOOD, _plugin(_decided(Halt(level="rest", fact="f", text="rest")))])
    assert halted.recommend(Context()).halted


def test_decisions_are_frozen_keyword_records() -> None:
    vote = Vote(exercise=FROG, weight=1, fact="f", text="t")
    with pytest.raises(dataclasses.FrozenInstanceError):
        vote.weight = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        Vote(FROG, 1, "f", "t")  # type: ignore[misc]
    assert dataclasses.replace(vote, weight=2) == Vote(exercise=FROG, weight=2, fact="f", text="t")
    assert Drop(exercise=FROG, fact="f", text="t") != SetAside(exercise=FROG, fact="f", text="t")


# -- on the command line -------------------------------------------------------------

BAD_RULE = """
from lowback import Rule, Vote, hookimpl

class Lots(Rule):
    id = "lots"

    def decide(self, context, index):
        return [Vote(exercise="shimada/frog-stretch", weight="lots", fact="f", text="t")]

@hookimpl
def register_rules(register):
    register(Lots())
"""


def test_the_command_line_warns_in_one_line_and_strict_fails(
    make_dist: Callable[..., Path],
) -> None:
    site = make_dist("lowback-lots", "1.0", {"lots": "lots_rule"}, {"lots_rule.py": BAD_RULE})
    out = run_lowback(["recommend", "--sitting", "--after-legs"], path=site)
    assert out.returncode == 0, out.stderr
    assert out.stderr.splitlines() == [
        "lowback: warning: plugin 'lots' (rule): rule lots:lots: Vote.weight must be a whole "
        "number (got 'lots')"
    ]
    assert "Frog stretch" in out.stdout
    strict = run_lowback(["--strict", "recommend", "--sitting", "--after-legs"], path=site)
    assert strict.returncode == 1
    assert strict.stderr.startswith("lowback: error: plugin 'lots': (rule) rule lots:lots: ")
    assert "Vote.weight" in strict.stderr
    assert "Traceback" not in strict.stderr
