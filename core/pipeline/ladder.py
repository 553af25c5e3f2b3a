"""Stage: choose the rung of each exercise's ladder.

The aim is the exercise's start rung, or the easiest rung any rule aims for
(progression, pain). If the aim is ruled out, the nearest easier rung that is
not ruled out is given; lowback never steps up to get round a limit.
"""

from __future__ import annotations

from collections import defaultdict

from ..models import Reason
from ..rules import ChooseRung
from .picks import Left, Pick, Stamped, engine_reason


def choose_rungs(picks: list[Pick], stamped: list[Stamped]) -> tuple[list[Pick], list[Left]]:
    """Set ``Pick.rung``; exercises with no rung left to give are left out."""
    aims: defaultdict[str, list[tuple[str, Stamped]]] = defaultdict(list)
    for s in stamped:
        if isinstance(s.decision, ChooseRung):
            aims[s.decision.exercise].append((s.decision.rung, s))
    chosen: list[Pick] = []
    left: list[Left] = []
    for pick in picks:
        ex = pick.entry.exercise
        ids = [rung.id for rung in ex.ladder]
        reasons: list[Reason] = list(pick.reasons)
        aim = ex.start_rung()
        valid = [(ids.index(r), s.rule, s) for r, s in aims.get(pick.entry.key, ()) if r in ids]
        if valid:
            aim, _, easiest = min(valid, key=lambda t: (t[0], t[1]))
            reasons.append(easiest.reason("variation"))
        elif ex.start_is_ours and len(ids) > 1:
            reasons.append(
                engine_reason(
                    "ladder",
                    "variation",
                    "history=none",
                    f"Starts on '{ex.ladder[aim].name}': "
                    "lowback's default start, not the article's.",
                )
            )
        rung = aim
        while rung >= 0 and ex.ladder[rung].id in pick.banned:
            rung -= 1
        if rung < 0:
            banned = [r for rs in pick.banned.values() for r in rs]
            reasons += [
                *banned,
                engine_reason(
                    "ladder",
                    "veto",
                    "ladder",
                    "Every rung at or below the one aimed for is ruled out.",
                ),
            ]
            left.append(Left(pick.entry, tuple(reasons)))
            continue
        if rung != aim:
            reasons += [r for rid in ids[rung + 1 : aim + 1] for r in pick.banned.get(rid, ())]
            reasons.append(
                engine_reason(
                    "ladder",
                    "variation",
                    f"rung={ids[aim]}",
                    f"Given '{ex.ladder[rung].name}' instead of '{ex.ladder[aim].name}', "
                    "which is ruled out.",
                )
            )
        chosen.append(pick.but(rung=rung, reasons=tuple(reasons)))
    return chosen, left
