"""Stage: turn the rules' votes, set-asides and vetoes into the exercises to give."""

from __future__ import annotations

from collections import defaultdict

from ..index import CatalogueIndex, Entry
from ..models import Reason
from ..rules import SetAside, Veto, Vote
from .picks import Left, Pick, Stamped, engine_reason


class _Tally:
    __slots__ = ("aside", "banned", "score", "vetoes", "votes")

    def __init__(self) -> None:
        self.score = 0
        self.votes: list[tuple[int, Stamped]] = []
        self.aside: list[Stamped] = []
        self.vetoes: list[Stamped] = []
        self.banned: defaultdict[str, list[Reason]] = defaultdict(list)


def select(index: CatalogueIndex, stamped: list[Stamped]) -> tuple[list[Pick], list[Left]]:
    """Exercises whose votes add up above zero, not set aside, with a rung left to give.

    A wanted exercise that is vetoed is replaced, where possible, by another
    exercise of the same movement (from any catalogue) that is not vetoed.
    """
    tallies: dict[str, _Tally] = {}
    for s in stamped:
        d = s.decision
        if not isinstance(d, Vote | SetAside | Veto):
            continue
        tally = tallies.get(d.exercise)
        if tally is None:
            tally = tallies[d.exercise] = _Tally()
        if isinstance(d, Vote):
            tally.score += d.weight
            tally.votes.append((d.weight, s))
        elif isinstance(d, SetAside):
            tally.aside.append(s)
        elif d.rung is None:
            tally.vetoes.append(s)
        else:
            tally.banned[d.rung].append(s.reason("veto"))

    def usable(entry: Entry, tally: _Tally | None) -> bool:
        if tally is None:
            return True
        if tally.vetoes:
            return False
        return any(rung.id not in tally.banned for rung in entry.exercise.ladder)

    picks: dict[str, Pick] = {}
    wanted_vetoed: list[str] = []
    left: dict[str, list[Reason]] = {}
    for key in sorted(tallies):
        tally, entry = tallies[key], index.entries[key]
        include = [s.reason("include") for w, s in tally.votes if w > 0]
        others = [s.reason("include") for w, s in tally.votes if w <= 0]
        aside = [a.reason("set-aside") for a in tally.aside]
        vetoes = [v.reason("veto") for v in tally.vetoes]
        if tally.score <= 0:
            if include or aside or vetoes:
                fact = f"score={tally.score}"
                left[key] = [
                    *include,
                    *others,
                    *aside,
                    *vetoes,
                    engine_reason(
                        "select", "drop", fact, "The rules' votes do not add up above zero."
                    ),
                ]
            continue
        if aside and usable(entry, tally):
            left[key] = [*include, *others, *aside]
            continue
        if not usable(entry, tally):
            banned = [r for rs in tally.banned.values() for r in rs]
            if not vetoes:
                vetoes = [
                    *banned,
                    engine_reason(
                        "select", "veto", "ladder", "No rung of its ladder is left to give."
                    ),
                ]
            left[key] = [*include, *others, *aside, *vetoes]
            if not aside:
                wanted_vetoed.append(key)
            continue
        picks[key] = Pick(
            entry=entry,
            score=tally.score,
            reasons=(*include, *others),
            banned={rung: tuple(rs) for rung, rs in tally.banned.items()},
        )

    covered = {p.entry.exercise.movement for p in picks.values()}
    for key in wanted_vetoed:
        entry = index.entries[key]
        movement = entry.exercise.movement
        if movement in covered:
            continue
        stand_ins = [
            e
            for e in index.same_movement(movement)
            if e.key != key and e.key not in picks and usable(e, tallies.get(e.key))
        ]
        if not stand_ins:
            left[key].append(
                engine_reason(
                    "substitute",
                    "veto",
                    f"movement={movement}",
                    "No exercise of the same movement is left to stand in for it.",
                )
            )
            continue
        stand_ins.sort(key=lambda e: (-(tallies[e.key].score if e.key in tallies else 0), e.key))
        chosen = stand_ins[0]
        tally = tallies[key]
        own = tallies.get(chosen.key)
        veto_text = tally.vetoes[0].decision.text if tally.vetoes else "no rung fits"
        # Its own votes, not the replaced exercise's: those were about another exercise.
        reasons = [s.reason("include") for w, s in (own.votes if own else []) if w > 0]
        reasons.append(
            engine_reason(
                "substitute",
                "substitute",
                f"movement={movement}",
                f"Stands in for {entry.exercise.name} ({key}), which is ruled out: {veto_text}",
            )
        )
        picks[chosen.key] = Pick(
            entry=chosen,
            score=max(tally.score, own.score if own else 0),
            reasons=tuple(reasons),
            banned={r: tuple(rs) for r, rs in own.banned.items()} if own else {},
        )
        left.pop(chosen.key, None)
        left[key].append(
            engine_reason(
                "substitute",
                "substitute",
                f"movement={movement}",
                f"Replaced by {chosen.exercise.name} ({chosen.key}).",
            )
        )
        covered.add(movement)

    lefts = [Left(index.entries[k], tuple(rs)) for k, rs in sorted(left.items())]
    return [picks[k] for k in sorted(picks)], lefts
