"""Votes for relevance: from the catalogues' own links to a situation, and from the
target regions a situation is tied to.

An article that says a situation tightens what an exercise works gives that
exercise a vote: 2 when it says so of the exercise itself, 1 when it says so of
its whole routine. An exercise no article links to the situation, but whose
targets include a region tied to it (a :class:`Tie`), gets
:data:`REGION_WEIGHT`, 1, once per situation: that is how a catalogue whose author
wrote no links (an imported one) takes part. These weights are lowback's; the
budget drops low totals first (docs/plugins.md, "Target names and relevance").

The built-in rules (lowback.plugins.sitting and lifting) tie the built-in
situations to regions; a plugin's situation term ties its own
(:class:`lowback.terms.SituationRule`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .index import CatalogueIndex, Entry
from .rules import Vote
from .vocab import target_name

SPECIFIC_WEIGHT = 2
GENERAL_WEIGHT = 1
REGION_WEIGHT = 1
"""A region tie's vote: given only to exercises no article links to the situation, so it
never adds to an article's own link."""

SHIMADA = '"5 Recovery Exercise To Release Lower Back Tension" (Kota Shimada)'
RELIEF = '"Lower Back Pain Exercises For Relief"'
"""The two articles, as a tie cites them."""


@dataclass(frozen=True, slots=True)
class Tie:
    """An article's statement that a situation tightens a target region.

    ``region`` is a target name (:data:`lowback.vocab.TARGETS`, or a plugin's);
    ``article`` and ``section`` say where the article says it; ``says`` paraphrases it
    (what follows the article and section in the reason); ``ours`` marks a tie that is
    lowback's reading (joining what the article says in two places), not the article's
    own statement. A plugin's situation cites its ``source`` alone, as ``article``.
    """

    region: str
    article: str
    section: str = ""
    says: str = ""
    ours: bool = False

    def text(self, written: str) -> str:
        """The reason given to an exercise that targets the region (written as ``written``)."""
        shown = self.region.replace("-", " ")
        named = shown if written == self.region else f"{shown} (its target {written!r})"
        reading = " (lowback's reading of the article)" if self.ours else ""
        cited = ", ".join(part for part in (self.article, self.section, self.says) if part)
        return f"Works the {named}: {cited}{reading}."


def situation_votes(index: CatalogueIndex, situation: str, fact: str) -> Iterator[Vote]:
    """A vote for every exercise an article links to ``situation``, citing the link."""
    for linked in index.linked_to(situation):
        weight = SPECIFIC_WEIGHT if linked.specific else GENERAL_WEIGHT
        yield Vote(exercise=linked.entry.key, weight=weight, fact=fact, text=linked.link.note)


def region_votes(
    index: CatalogueIndex,
    situation: str,
    fact: str,
    ties: Sequence[Tie],
    *,
    names: Callable[[str], str | None] = target_name,
) -> Iterator[Vote]:
    """A vote of :data:`REGION_WEIGHT` for every exercise no article links to
    ``situation`` whose targets include a region of ``ties``, citing the tie of its
    first such target. The index finds a region's exercises by any of its names;
    ``names`` resolves the targets an exercise writes (the built-in names by default;
    an engine's vocabulary adds its plugins')."""
    linked = {item.entry.key for item in index.linked_to(situation)}
    by_region = {tie.region: tie for tie in ties}
    found: dict[str, Entry] = {}
    for tie in ties:
        for entry in index.by_target(tie.region):
            if entry.key not in linked:
                found[entry.key] = entry
    for key in sorted(found):
        written, tie = next(
            (t, by_region[name])
            for t in found[key].exercise.targets
            if (name := names(t)) in by_region
        )
        yield Vote(
            exercise=key,
            weight=REGION_WEIGHT,
            fact=f"{fact}, targets {written}",
            text=tie.text(written),
        )
