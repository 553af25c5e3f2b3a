"""Stage: turn the rules' votes, set-asides and vetoes into the exercises to give."""

from __future__ import annotations

from collections.abc import Sequence

from ..index import CatalogueIndex
from ..models import Reason
from ..rules import SetAside, Veto, Vote
from .picks import NO_BANS, Ballot, Left, Pick, engine_reason

# One dict per kind of finding, keyed by exercise, rather than a record per
# exercise: at 20,000 exercises a call then makes a list only where a rule said
# something, and few objects for the garbage collector to walk.
_Found = dict[str, list[Reason]]


def _add(found: _Found, key: str, reason: Reason) -> None:
    have = found.get(key)
    if have is None:
        found[key] = [reason]
    else:
        have.append(reason)


def select(index: CatalogueIndex, ballot: Ballot) -> tuple[list[Pick], list[Left]]:
    """Exercises whose votes add up above zero, not set aside, with a rung left to give.

    A wanted exercise that is vetoed is replaced, where possible, by another
    exercise of the same movement (from any catalogue) that is not vetoed.
    """
    score: dict[str, int] = {}
    include: _Found = {}  # reasons of positive votes
    others: _Found = {}  # reasons of the other votes
    aside: _Found = {}
    vetoes: _Found = {}
    veto_text: dict[str, str] = {}  # the first veto's words, for a stand-in's reason
    banned: dict[str, _Found] = {}  # rung vetoes, by exercise, then by rung

    reason = ballot.reason
    for bound, votes in ballot.of(Vote):
        for v in votes:
            key = v.exercise
            score[key] = score.get(key, 0) + v.weight
            _add(include if v.weight > 0 else others, key, reason(bound, v, "include"))
    for bound, asides in ballot.of(SetAside):
        for a in asides:
            _add(aside, a.exercise, reason(bound, a, "set-aside"))
    for bound, vetos in ballot.of(Veto):
        for d in vetos:
            key = d.exercise
            if d.rung is None:
                _add(vetoes, key, reason(bound, d, "veto"))
                veto_text.setdefault(key, d.text)
            else:
                rungs = banned.get(key)
                if rungs is None:
                    rungs = banned[key] = {}
                _add(rungs, d.rung, reason(bound, d, "veto"))

    ladders = index.rungs

    def usable(key: str) -> bool:
        if key in vetoes:
            return False
        bans = banned.get(key)
        return bans is None or any(rung not in bans for rung in ladders[key])

    none: Sequence[Reason] = ()
    picks: dict[str, Pick] = {}
    wanted_vetoed: list[str] = []
    left: dict[str, tuple[Reason, ...]] = {}
    # Each exercise some rule spoke of, once, in the order the rules spoke (the
    # outcome does not depend on it; the results are sorted by key below).
    spoken = dict.fromkeys(score)
    for found in (aside, vetoes, banned):
        spoken.update(dict.fromkeys(found))
    for key in spoken:
        total = score.get(key, 0)
        inc = include.get(key, none)
        oth = others.get(key, none)
        asd = aside.get(key, none)
        vet = vetoes.get(key, none)
        if total <= 0:
            if inc or asd or vet:
                left[key] = (
                    *inc,
                    *oth,
                    *asd,
                    *vet,
                    engine_reason(
                        "select",
                        "drop",
                        f"score={total}",
                        "The rules' votes do not add up above zero.",
                    ),
                )
            continue
        ok = usable(key)
        if asd and ok:
            left[key] = (*inc, *oth, *asd)
            continue
        if not ok:
            if not vet:
                vet = [
                    *(r for rs in banned[key].values() for r in rs),
                    engine_reason(
                        "select", "veto", "ladder", "No rung of its ladder is left to give."
                    ),
                ]
            left[key] = (*inc, *oth, *asd, *vet)
            if not asd:
                wanted_vetoed.append(key)
            continue
        picks[key] = Pick(index.entries[key], total, (*inc, *oth), banned.get(key, NO_BANS))

    covered = {p.entry.exercise.movement for p in picks.values()}
    for key in sorted(wanted_vetoed):  # stand-ins are taken in key order
        entry = index.entries[key]
        movement = entry.exercise.movement
        if movement in covered:
            continue
        stand_ins = [
            e
            for e in index.same_movement(movement)
            if e.key != key and e.key not in picks and usable(e.key)
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
        stand_ins.sort(key=lambda e: (-score.get(e.key, 0), e.key))
        chosen = stand_ins[0]
        why = veto_text.get(key, "no rung fits")
        # Its own votes, not the replaced exercise's: those were about another exercise.
        reasons = (
            *include.get(chosen.key, none),
            engine_reason(
                "substitute",
                "substitute",
                f"movement={movement}",
                f"Stands in for {entry.exercise.name} ({key}), which is ruled out: {why}",
            ),
        )
        picks[chosen.key] = Pick(
            chosen,
            max(score[key], score.get(chosen.key, 0)),
            reasons,
            banned.get(chosen.key, NO_BANS),
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
    return [picks[k] for k in sorted(picks)], lefts
