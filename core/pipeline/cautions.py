"""Stage: cautions, right after the screen: what a declared health condition rules out.

Like the screen, this is part of the engine, not a plugin (``lowback:cautions``
in ``--explain``): no flag, blocked plugin, allow-list or name clash can take it
away. For every condition in ``context.conditions`` it vetoes each exercise,
or each rung, that conflicts with it, so that the later stages do what they do
for any veto: a stand-in of the same movement from another catalogue, an
easier rung of the same ladder, or the exercise left out, each saying why.

An exercise conflicts with a condition when its catalogue data says so
(``conflicts`` on the exercise or on one rung) and, whatever the data says,
when its position or kind does (:data:`~lowback.vocab.CONDITION_POSITIONS`,
:data:`~lowback.vocab.CONDITION_KINDS`): a third-party catalogue that forgets
a kneeling stretch is still kept from a new knee. Each reason names the
condition and the source's advice in a few words, and says when the conflict
is a reading of that advice rather than the article's own word. Every caution
and its source is listed in ``docs/safety.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import __version__
from ..index import CatalogueIndex, Entry
from ..models import Context
from ..rules import HALT_LEVELS, Decision, Note, Rule, Veto
from ..screening import screen_context
from ..vocab import CONDITION_KINDS, CONDITION_POSITIONS
from .decisions import BoundRule


@dataclass(frozen=True, slots=True)
class Caution:
    """What one condition's source advises, in lowback's words."""

    label: str
    """The condition as a reason starts with it: ``Hip replacement``."""
    source: str
    """Who gives the advice (the full citation with its address is in docs/safety.md)."""
    advice: str
    """The source's advice, in a few plain words."""
    does: str
    """What a conflicting exercise does, after ``this exercise``."""


ADVICE: dict[str, Caution] = {
    "blood-clot": Caution(
        label="Blood clot",
        source="an expert consensus on foam rolling (Bartsch et al. 2021)",
        advice="caution with foam rolling over a deep vein thrombosis",
        does="is foam rolling, and lowback cannot tell where the clot is",
    ),
    "fracture": Caution(
        label="Broken bone",
        source="an expert consensus on foam rolling (Bartsch et al. 2021)",
        advice="against foam rolling over a broken bone",
        does="is foam rolling, and lowback cannot tell where the break is",
    ),
    "hip-replacement": Caution(
        label="Hip replacement",
        source="the NHS hip precautions leaflet (Leeds Teaching Hospitals)",
        advice="not to cross your legs, bend the hip past 90 degrees, bring the knee above the "
        "hip or twist the leg or waist while hip precautions apply (often the first 6 weeks)",
        does="does one of these",
    ),
    "knee-replacement": Caution(
        label="Knee replacement",
        source="the NHS knee replacement recovery guide (Bradford Teaching Hospitals)",
        advice="not to kneel on the new knee until your doctor says you can, nor to sit with "
        "your legs crossed for the first 6 weeks",
        does="puts weight on a knee on the floor or crosses the legs",
    ),
    "open-wound": Caution(
        label="Open wound",
        source="an expert consensus on foam rolling (Bartsch et al. 2021)",
        advice="against foam rolling over an open wound",
        does="is foam rolling, and lowback cannot tell where the wound is",
    ),
    "osteoporosis": Caution(
        label="Osteoporosis",
        source="Osteoporosis Canada's safe-movement guidance (with Too Fit To Fracture)",
        advice="against bending the spine forward and twisting the trunk, above all to the end "
        "of their range",
        does="bends the spine forward or twists the trunk",
    ),
    "pregnancy": Caution(
        label="Pregnancy",
        source="the NHS page Exercise in pregnancy",
        advice="not to lie flat on your back for long, particularly after 16 weeks, as the bump "
        "can press on a main blood vessel and make you feel faint",
        does="is done lying on your back",
    ),
}
"""Each condition's caution, by condition name (:data:`~lowback.vocab.CONDITIONS`)."""

_READING = " This is a reading of that advice, not the article's word."


def conflicts_of(entry: Entry) -> dict[str, bool]:
    """The conditions every rung of ``entry`` conflicts with, each with whether that is a
    reading of a source (True) rather than the article's own statement (False)."""
    ex = entry.exercise
    found: dict[str, bool] = {c: c in ex.conflicts_ours for c in ex.conflicts}
    for condition, positions in CONDITION_POSITIONS.items():
        if ex.position in positions:
            found.setdefault(condition, True)
    for condition, kinds in CONDITION_KINDS.items():
        if ex.kind in kinds:
            found.setdefault(condition, True)
    return found


def _why(condition: str, what: str, reading: bool) -> str:
    c = ADVICE[condition]
    text = f"{c.label}: {c.source} advises {c.advice}; this {what} {c.does}."
    return text + _READING if reading else text


class Cautions(Rule):
    """Vetoes every exercise or rung that conflicts with a condition the person declared."""

    id = "cautions"
    summary = "Health conditions: rule out what conflicts with each, step down or swap."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        declared = context.conditions
        if not declared or screen_context(context).level in HALT_LEVELS:
            return  # nothing declared, or no routine at all: the screen's halt says why
        for condition in declared:
            c = ADVICE[condition]
            yield Note(
                fact=f"conditions includes {condition}",
                text=f"{c.label}: lowback leaves out or swaps what goes against the advice of "
                f"{c.source}; --explain lists each one. Your own clinician's advice comes first.",
            )
        for entry in index.all():
            whole = conflicts_of(entry)
            for condition in declared:
                fact = f"conditions includes {condition}"
                if condition in whole:
                    text = _why(condition, "exercise", whole[condition])
                    yield Veto(exercise=entry.key, fact=fact, text=text)
                    continue
                for rung in entry.exercise.ladder:
                    if condition in rung.conflicts:
                        what = f"variation ('{rung.name}')"
                        text = _why(condition, what, condition in rung.conflicts_ours)
                        yield Veto(exercise=entry.key, fact=fact, text=text, rung=rung.id)


CAUTIONS = BoundRule(ref="lowback:cautions", plugin="lowback", version=__version__, rule=Cautions())
"""The cautions as the pipeline runs them: right after the screen, before every plugin's rules."""
