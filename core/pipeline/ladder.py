"""Stage: choose the rung of each exercise's ladder.

The aim is the exercise's start rung, or the easiest rung any rule aims for
(progression, pain). If the aim is ruled out, the nearest easier rung that is
not ruled out is given; lowback never steps up to get round a limit.
"""

from __future__ import annotations

from collections.abc import Callable

from ..index import CatalogueIndex
from ..models import LeftOut, Reason
from ..rules import ChooseRung
from .decisions import BoundRule, RuleDecisions
from .picks import Pick, engine_reason, left_out

Choice = Callable[[Pick], "Pick | LeftOut"]
"""Chooses a pick's rung: the pick with its rung set, or why it is left out."""


def rung_chooser(decisions: RuleDecisions, index: CatalogueIndex) -> Choice:
    """The rung choice for this call's decisions: sets ``Pick.rung``, or leaves the
    exercise out (with every reason) when no rung is left to give."""
    aims: dict[str, list[tuple[str, BoundRule, ChooseRung]]] = {}
    for bound, aimed in decisions.of(ChooseRung):
        for d in aimed:
            aims.setdefault(d.exercise, []).append((d.rung, bound, d))

    def choose(pick: Pick) -> Pick | LeftOut:
        key = pick.entry.key
        ex = pick.entry.exercise
        ids = index.rungs[key]
        aim = index.starts[key]
        wanted = aims.get(key)
        if wanted is None and not pick.vetoed_rungs:
            # Most picks: nothing aims elsewhere and nothing is ruled out.
            given = pick.reasons
            if ex.start_is_ours and len(ids) > 1:
                given = (*given, _default_start(ex.ladder[aim].name))
            return pick.at_rung(aim, given)
        reasons: list[Reason] = list(pick.reasons)
        valid = [(ids.index(r), b.ref, b, d) for r, b, d in wanted or () if r in ids]
        default_start = not valid and ex.start_is_ours and len(ids) > 1
        if valid:
            aim, _, bound, easiest = min(valid, key=lambda t: (t[0], t[1]))
            reasons.append(decisions.reason(bound, easiest, "variation"))
        rung = aim
        while rung >= 0 and ids[rung] in pick.vetoed_rungs:
            rung -= 1
        if default_start and rung == aim:
            # Said only when it is the rung given: a step down says it in its own words.
            reasons.append(_default_start(ex.ladder[aim].name))
        if rung < 0:
            banned = [r for rs in pick.vetoed_rungs.values() for r in rs]
            reasons += [
                *banned,
                engine_reason(
                    "ladder",
                    "veto",
                    "ladder",
                    "Every rung at or below the one aimed for is ruled out.",
                ),
            ]
            return left_out(pick.entry, reasons)
        if rung != aim:
            reasons += [
                r for rid in ids[rung + 1 : aim + 1] for r in pick.vetoed_rungs.get(rid, ())
            ]
            aimed = f"'{ex.ladder[aim].name}'"
            if default_start:
                aimed += " (lowback's default start, not the article's)"
            reasons.append(
                engine_reason(
                    "ladder",
                    "variation",
                    f"rung={ids[aim]}",
                    f"Given '{ex.ladder[rung].name}' instead of {aimed}, which is ruled out.",
                )
            )
        return pick.at_rung(rung, tuple(reasons))

    return choose


def _default_start(name: str) -> Reason:
    return engine_reason(
        "ladder",
        "variation",
        "history=none",
        f"Starts on '{name}': lowback's default start, not the article's.",
    )
