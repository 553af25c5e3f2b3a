"""Rule plugin: heavy squats and deadlifts."""

from __future__ import annotations

from collections.abc import Iterable

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.plugins.situations import SHIMADA, Tie, region_votes, situation_votes
from lowback.rules import Decision, Rule

TIES: tuple[Tie, ...] = (
    Tie(
        "quadriceps",
        SHIMADA,
        'section "2. Quad Foam Rolling"',
        "says hard quad training can tighten the quads, and so the hip and then the lower back",
    ),
    Tie(
        "lower-back",
        SHIMADA,
        "in its opening lines",
        "says hard squat and deadlift training leaves it tight and sore",
    ),
    Tie(
        "psoas",
        SHIMADA,
        'in its opening lines and section "4. Psoas Stretch"',
        "offers its routine to backs tightened by hard squats and deadlifts, and names a "
        "tight psoas as probably the main cause of lower-back trouble",
        ours=True,
    ),
    Tie(
        "hip-flexors",
        SHIMADA,
        'in its opening lines and section "4. Psoas Stretch"',
        "offers its routine to backs tightened by hard squats and deadlifts, and says its "
        "psoas stretch is what it used to call a hip-flexor stretch",
        ours=True,
    ),
)
"""The regions the articles tie to heavy squats and deadlifts, strongest first. The
second article does its routine before any workout and names no region that lifting
tightens, so it gives no tie here."""


class HeavyLifting(Rule):
    """Votes for what the articles say heavy lifting tightens."""

    id = "heavy-lifting"
    summary = "Heavy squats and deadlifts: what the articles link or tie to lifting."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if context.heavy_lifting:
            yield from situation_votes(index, "heavy-lifting", "heavy_lifting=true")
            yield from region_votes(index, "heavy-lifting", "heavy_lifting=true", TIES)


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the heavy-lifting rule."""
    register(HeavyLifting())
