"""Stage: turn the rules' votes, set-asides and vetoes into the exercises to give."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from ..index import CatalogueIndex, Entry
from ..models import Context, LeftOut, Reason
from ..rules import SetAside, Veto, Vote
from .decisions import RuleDecisions
from .linked import tie_rank
from .picks import NO_RUNG_VETOES, Pick, engine_reason, left_out
from .same_way import SameWay, one_way_each


@dataclass(slots=True)
class Tally:
    """What the rules said of one exercise.

    Tuples, grown as reasons come: most exercises hear one or two decisions,
    and an empty tuple costs nothing.
    """

    score: int = 0
    include: tuple[Reason, ...] = ()  # positive votes
    others: tuple[Reason, ...] = ()  # the other votes
    aside: tuple[Reason, ...] = ()
    vetoes: tuple[Reason, ...] = ()
    veto_text: str = ""  # the first veto's words, for a stand-in's reason
    vetoed_rungs: dict[str, tuple[Reason, ...]] | None = None

    @property
    def said(self) -> tuple[Reason, ...]:
        """Every vote's reason, positive ones first."""
        return (*self.include, *self.others)


def tally(decisions: RuleDecisions) -> dict[str, Tally]:
    """What the rules said, by exercise key."""
    tallies: defaultdict[str, Tally] = defaultdict(Tally)
    for bound, votes in decisions.of(Vote):
        for v in votes:
            t = tallies[v.exercise]
            t.score += v.weight
            reason = decisions.reason(bound, v, "against" if v.weight < 0 else "include")
            if v.weight > 0:
                t.include += (reason,)
            else:
                t.others += (reason,)
    for bound, asides in decisions.of(SetAside):
        for a in asides:
            tallies[a.exercise].aside += (decisions.reason(bound, a, "set-aside"),)
    for bound, vetoes in decisions.of(Veto):
        for d in vetoes:
            t = tallies[d.exercise]
            reason = decisions.reason(bound, d, "veto")
            if d.rung is not None:
                rungs = t.vetoed_rungs = t.vetoed_rungs or {}
                rungs[d.rung] = (*rungs.get(d.rung, ()), reason)
                continue
            if not t.vetoes:
                t.veto_text = d.text
            t.vetoes += (reason,)
    return dict(tallies)


def _score(t: Tally | None) -> int:
    return t.score if t is not None else 0


class Selection:
    """The picks and the left-out exercises of one call, as select builds them."""

    def __init__(self, index: CatalogueIndex, tallies: dict[str, Tally], context: Context) -> None:
        self.index = index
        self.context = context
        self.tallies = tallies
        self.picks: dict[str, Pick] = {}
        self.left: dict[str, list[Reason]] = {}
        self.wanted_vetoed: list[str] = []

    def usable(self, key: str) -> bool:
        """Nothing vetoes the exercise, and some rung of its ladder is not ruled out."""
        t = self.tallies.get(key)
        if t is None:
            return True
        if t.vetoes:
            return False
        vetoed = t.vetoed_rungs or {}
        return any(rung not in vetoed for rung in self.index.rungs[key])

    def weigh(self, key: str, t: Tally) -> None:
        """Pick the exercise, or leave it out saying why."""
        if t.score <= 0:
            if t.include or t.aside or t.vetoes:
                self.left[key] = [*t.said, *t.aside, *t.vetoes, _not_enough(t.score)]
            return
        usable = self.usable(key)
        if t.aside and usable:
            self.left[key] = [*t.said, *t.aside]
        elif not usable:
            vetoes = t.vetoes or (
                *(r for rs in (t.vetoed_rungs or {}).values() for r in rs),
                engine_reason("select", "veto", "ladder", "No rung of its ladder is left to give."),
            )
            self.left[key] = [*t.said, *t.aside, *vetoes]
            if not t.aside:
                self.wanted_vetoed.append(key)
        else:
            entry = self.index.entries[key]
            self.picks[key] = Pick(entry, t.score, t.said, t.vetoed_rungs or NO_RUNG_VETOES)

    def stand_in(self, key: str) -> bool:
        """Replace a wanted, vetoed exercise by a usable one that can stand in for it, if any
        and if no exercise given already does what it does (:meth:`already_done`).

        One can stand in when it is the same exercise from another source (the same
        movement) or another exercise for exactly the same muscles (the seated psoas
        stretch for the half-kneeling one). Preferred, in this order: the closer tie
        to the context (:func:`~lowback.pipeline.linked.tie_rank`: an exercise an
        article links to this timing or situation before one only voted for, such as
        a third party's exercise tied by region alone); the highest score; the same
        exercise before another one; the catalogue giving the most of the routine;
        the key only between candidates alike in all of these.
        """
        entry = self.index.entries[key]
        if any(p.entry.movement == entry.movement for p in self.picks.values()):
            return False  # the same exercise is given already, from another source
        candidates = [
            e
            for e in stand_ins(self.index, entry)
            if e.key not in self.picks and self.usable(e.key)
        ]
        # One that would repeat an exercise given already would not stay (same_way.py).
        fresh = [e for e in candidates if self._repeated(e) is None]
        drawn = Counter(p.entry.catalogue.id for p in self.picks.values())
        chosen = min(
            fresh,
            key=lambda e: (
                self._rank(e),
                -_score(self.tallies.get(e.key)),
                e.movement != entry.movement,
                -drawn[e.catalogue.id],
                e.key,
            ),
            default=None,
        )
        if self.already_done(entry, chosen):
            return False
        if chosen is None:
            given = self._repeated(candidates[0]) if candidates else None
            text = (
                f"Not replaced: {given.exercise.name}, in the routine already, works its "
                "muscles the same way as what could stand in for it."
                if given is not None
                else "No exercise of the same movement, or for the same muscles, is left "
                "to stand in for it."
            )
            self.left[key].append(
                engine_reason("substitute", "veto", f"movement={entry.movement}", text)
            )
            return False
        self.picks[chosen.key] = self._standing_in(chosen, entry)
        self.left.pop(chosen.key, None)
        self.left[key].append(
            engine_reason(
                "substitute",
                "substitute",
                f"movement={entry.movement}",
                f"Replaced by {chosen.exercise.name} ({chosen.key}).",
            )
        )
        return True

    def _repeated(self, entry: Entry) -> Entry | None:
        """The exercise given already that ``entry`` would repeat, working a muscle the
        same way (another movement, the same kind and position, as same_way.how_alike), if
        any: the first by key."""
        ex, muscles = entry.exercise, set(entry.muscles)
        alike = (
            p.entry
            for p in self.picks.values()
            if p.entry.exercise.kind == ex.kind
            and p.entry.exercise.position == ex.position
            and p.entry.movement != entry.movement
            and muscles.intersection(p.entry.muscles)
        )
        return min(alike, key=lambda e: e.key, default=None)

    def _rank(self, entry: Entry) -> int:
        return tie_rank(entry, self.context, _score(self.tallies.get(entry.key)))

    def already_done(self, entry: Entry, chosen: Entry | None) -> bool:
        """A pick already gives what ``entry`` gives: its movement, or work for the same
        muscles from an exercise tied to the context at least as closely as ``chosen``,
        the best stand-in (so a third party's exercise voted for by region alone does not
        keep out an article's exercise linked to the context)."""
        targets = set(entry.exercise.targets)
        for p in self.picks.values():
            if p.entry.movement == entry.movement:
                return True
            if set(p.entry.exercise.targets) == targets and (
                chosen is None or tie_rank(p.entry, self.context, p.score) <= self._rank(chosen)
            ):
                return True
        return False

    def _standing_in(self, chosen: Entry, replaced: Entry) -> Pick:
        own = self.tallies.get(chosen.key)
        wanted = self.tallies[replaced.key]
        why = wanted.veto_text or "no rung fits"
        # Its own votes, not the replaced exercise's: those were about another exercise.
        reasons = (
            *(own.include if own else ()),
            engine_reason(
                "substitute",
                "substitute",
                f"movement={replaced.movement}",
                f"Stands in for {replaced.exercise.name} ({replaced.key}), "
                f"which is ruled out: {why}",
            ),
        )
        rungs = (own.vetoed_rungs if own else None) or NO_RUNG_VETOES
        score = max(wanted.score, _score(own))
        return Pick(chosen, score, reasons, rungs, stands_for=replaced)


def stand_ins(index: CatalogueIndex, entry: Entry) -> list[Entry]:
    """Exercises that could stand in for ``entry``, in key order: the same movement, or
    the same muscles (found through the index, which holds each target's exercises)."""
    targets = set(entry.exercise.targets)
    same_muscles = (
        e for e in index.by_target(entry.exercise.targets[0]) if set(e.exercise.targets) == targets
    )
    found = {e.key: e for e in (*index.same_movement(entry.movement), *same_muscles)}
    found.pop(entry.key, None)
    return [found[key] for key in sorted(found)]


def _not_enough(score: int) -> Reason:
    return engine_reason(
        "select", "drop", f"score={score}", "The rules' votes do not add up above zero."
    )


def select(
    index: CatalogueIndex, decisions: RuleDecisions, context: Context
) -> tuple[list[Pick], list[LeftOut], list[SameWay]]:
    """Exercises whose votes add up above zero, not set aside, with a rung left to give.

    A wanted exercise that is vetoed is replaced, where possible and where no
    exercise given already does the same, by one that can stand in for it
    (:meth:`Selection.stand_in`). Of exercises that work a muscle the same way,
    one is kept (:mod:`lowback.pipeline.same_way`); the others are returned apart,
    so that their reason can name the item they repeat once the routine is ordered.
    """
    selection = Selection(index, tally(decisions), context)
    for key, t in selection.tallies.items():
        selection.weigh(key, t)
    for key in sorted(selection.wanted_vetoed):  # stand-ins are taken in key order
        selection.stand_in(key)
    lefts = [left_out(index.entries[k], rs) for k, rs in selection.left.items()]
    picks, same_way = one_way_each(list(selection.picks.values()), context)
    return picks, lefts, same_way
