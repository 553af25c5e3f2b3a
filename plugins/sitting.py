"""Rule plugin: long sitting."""

from __future__ import annotations

from collections.abc import Iterable

from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Context
from lowback.plugins.situations import RELIEF, SHIMADA, Tie, region_votes, situation_votes
from lowback.rules import Decision, Rule

TIES: tuple[Tie, ...] = (
    Tie(
        "adductors",
        SHIMADA,
        'section "1. Adductors Foam Rolling"',
        "says the inner thighs tighten easily with a lot of sitting, working harder to steady "
        "a hip whose glutes sitting has weakened",
    ),
    Tie(
        "quadriceps",
        SHIMADA,
        'section "2. Quad Foam Rolling"',
        "says sitting too long can tighten the quads, and so the hip and then the lower back",
    ),
    Tie(
        "piriformis",
        SHIMADA,
        'section "3. Piriformis Foam Rolling"',
        "says it tightens mainly from staying seated for too long",
    ),
    Tie(
        "lower-back",
        SHIMADA,
        "in its opening lines",
        "says long hours in a chair leave it tight and sore",
    ),
    Tie(
        "psoas",
        SHIMADA,
        'in its opening lines and section "4. Psoas Stretch"',
        "offers its routine to backs tightened by long hours in a chair, and names a tight "
        "psoas as probably the main cause of lower-back trouble",
        ours=True,
    ),
    Tie(
        "hip-flexors",
        SHIMADA,
        'in its opening lines and section "4. Psoas Stretch"',
        "offers its routine to backs tightened by long hours in a chair, and says its psoas "
        "stretch is what it used to call a hip-flexor stretch",
        ours=True,
    ),
    Tie(
        "tensor-fasciae-latae",
        RELIEF,
        'in its opening lines and section "4. TFL Foam Roll Action"',
        "ties back pain to the pelvis tipping forward after long sitting, and loosens the "
        "areas around the pelvis, this muscle among them",
        ours=True,
    ),
    Tie(
        "quadratus-lumborum",
        RELIEF,
        'in its opening lines and section "2. Quadratus Lumborum Muscle Stretch"',
        "ties back pain to the pelvis tipping forward after long sitting, and loosens the "
        "areas around the pelvis, this muscle among them",
        ours=True,
    ),
)
"""The regions the articles tie to long sitting, strongest first. Not tied: the glutes
(the first article says sitting weakens them, not that it tightens them) and the
hamstrings (neither article names them)."""


class LongSitting(Rule):
    """Votes for what the articles say long sitting tightens."""

    id = "long-sitting"
    summary = "Long sitting: what the articles link or tie to sitting."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if context.sitting:
            yield from situation_votes(index, "sitting", "sitting=true")
            yield from region_votes(index, "sitting", "sitting=true", TIES)


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give the long-sitting rule."""
    register(LongSitting())
