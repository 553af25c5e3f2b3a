"""Stage: turn the rules' votes, set-asides and vetoes into the exercises to give."""

from __future__ import annotations

from collections import defaultdict

from ..index import CatalogueIndex
from ..models import Reason
from ..rules import SetAside, Veto, Vote
from .picks import NO_BANS, Ballot, Left, Pick, engine_reason


class _Tally:
    """What the rules said of one exercise. Lists stay None until something is said."""

    __slots__ = ("aside", "banned", "include", "others", "score", "veto_text", "vetoes")

    def __init__(self) -> None:
        self.score = 0
        self.include: list[Reason] | None = None  # positive votes
        self.others: list[Reason] | None = None  # the other votes
        self.aside: list[Reason] | None = None
        self.vetoes: list[Reason] | None = None
        self.veto_text = ""  # the first veto's words, for a stand-in's reason
        self.banned: dict[str, list[Reason]] | None = None  # rung vetoes, by rung


def _with(found: list[Reason] | None, reason: Reason) -> list[Reason]:
    # Lists are made only for what is said: most exercises hear one vote and nothing else.
    if found is None:
        return [reason]
    found.append(reason)
    return found


def _tallies(ballot: Ballot) -> dict[str, _Tally]:
    # One look-up per decision into one dict: at 20,000 exercises the look-ups
    # (and the memory they touch) are most of this stage.
    tallies: defaultdict[str, _Tally] = defaultdict(_Tally)  # made on the first word said
    reason = ballot.reason
    for bound, votes in ballot.of(Vote):
        for v in votes:
            t = tallies[v.exercise]
            t.score += v.weight
            if v.weight > 0:
                t.include = _with(t.include, reason(bound, v, "include"))
            else:
                t.others = _with(t.others, reason(bound, v, "include"))
    for bound, asides in ballot.of(SetAside):
        for a in asides:
            t = tallies[a.exercise]
            t.aside = _with(t.aside, reason(bound, a, "set-aside"))
    for bound, vetoes in ballot.of(Veto):
        for d in vetoes:
            t = tallies[d.exercise]
            r = reason(bound, d, "veto")
            if d.rung is None:
                if t.vetoes is None:
                    t.veto_text = d.text
                t.vetoes = _with(t.vetoes, r)
            else:
                if t.banned is None:
                    t.banned = {}
                t.banned[d.rung] = _with(t.banned.get(d.rung), r)
    return tallies


def select(index: CatalogueIndex, ballot: Ballot) -> tuple[list[Pick], list[Left]]:
    """Exercises whose votes add up above zero, not set aside, with a rung left to give.

    A wanted exercise that is vetoed is replaced, where possible, by another
    exercise of the same movement (from any catalogue) that is not vetoed.
    """
    tallies = _tallies(ballot)
    ladders = index.rungs

    def usable(key: str, t: _Tally | None) -> bool:
        if t is None:
            return True
        if t.vetoes:
            return False
        return t.banned is None or any(rung not in t.banned for rung in ladders[key])

    picks: dict[str, Pick] = {}
    wanted_vetoed: list[str] = []
    left: dict[str, tuple[Reason, ...]] = {}
    # In the order the rules spoke (the outcome does not depend on it; the
    # results are sorted by key below).
    for key, t in tallies.items():
        said = (*(t.include or ()), *(t.others or ()))
        if t.score <= 0:
            if t.include or t.aside or t.vetoes:
                left[key] = (
                    *said,
                    *(t.aside or ()),
                    *(t.vetoes or ()),
                    engine_reason(
                        "select",
                        "drop",
                        f"score={t.score}",
                        "The rules' votes do not add up above zero.",
                    ),
                )
            continue
        ok = usable(key, t)
        if t.aside and ok:
            left[key] = (*said, *t.aside)
            continue
        if not ok:
            vetoes = t.vetoes
            if not vetoes:
                assert t.banned is not None
                vetoes = [
                    *(r for rs in t.banned.values() for r in rs),
                    engine_reason(
                        "select", "veto", "ladder", "No rung of its ladder is left to give."
                    ),
                ]
            left[key] = (*said, *(t.aside or ()), *vetoes)
            if not t.aside:
                wanted_vetoed.append(key)
            continue
        picks[key] = Pick(index.entries[key], t.score, said, t.banned or NO_BANS)

    covered = {p.entry.movement for p in picks.values()}
    for key in sorted(wanted_vetoed):  # stand-ins are taken in key order
        entry = index.entries[key]
        movement = entry.movement
        if movement in covered:
            continue
        stand_ins = [
            e
            for e in index.same_movement(movement)
            if e.key != key and e.key not in picks and usable(e.key, tallies.get(e.key))
        ]
        if not stand_ins:
            left[key] += (
                engine_reason(
                    "substitute",
                    "veto",
                    f"movement={movement}",
                    "No exercise of the same movement is left to stand in for it.",
                ),
            )
            continue
        stand_ins.sort(key=lambda e: (-_score(tallies.get(e.key)), e.key))
        chosen = stand_ins[0]
        own = tallies.get(chosen.key)
        why = tallies[key].veto_text or "no rung fits"
        # Its own votes, not the replaced exercise's: those were about another exercise.
        reasons = (
            *((own.include or ()) if own else ()),
            engine_reason(
                "substitute",
                "substitute",
                f"movement={movement}",
                f"Stands in for {entry.exercise.name} ({key}), which is ruled out: {why}",
            ),
        )
        picks[chosen.key] = Pick(
            chosen,
            max(tallies[key].score, _score(own)),
            reasons,
            (own.banned if own else None) or NO_BANS,
        )
        left.pop(chosen.key, None)
        left[key] += (
            engine_reason(
                "substitute",
                "substitute",
                f"movement={movement}",
                f"Replaced by {chosen.exercise.name} ({chosen.key}).",
            ),
        )
        covered.add(movement)

    lefts = [Left(index.entries[k], rs) for k, rs in left.items()]
    # Unsorted: the merge orders each movement's picks itself, and the routine by key.
    return list(picks.values()), lefts


def _score(t: _Tally | None) -> int:
    return t.score if t is not None else 0
