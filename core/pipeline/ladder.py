"""Stage: choose the rung of each exercise's ladder.

The aim is the exercise's start rung, or the easiest rung any rule aims for
(progression, pain). If the aim is ruled out, the nearest easier rung that is
not ruled out is given; lowback never steps up to get round a limit.
"""

from __future__ import annotations

from collections.abc import Callable

from ..index import CatalogueIndex
from ..models import Exercise, LeftOut, Reason
from ..rules import ChooseRung
from ..vocab import LIMIT_TEXT
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
            start = _start_reason(ex, aim)
            return pick.at_rung(aim, pick.reasons if start is None else (*pick.reasons, start))
        reasons: list[Reason] = list(pick.reasons)
        valid = [(ids.index(r), b.ref, b, d) for r, b, d in wanted or () if r in ids]
        default_start = not valid and ex.start_is_ours and len(ids) > 1
        start = None if valid else _start_reason(ex, aim)
        if valid:
            aim, _, bound, easiest = min(valid, key=lambda t: (t[0], t[1]))
            reasons.append(decisions.reason(bound, easiest, "variation"))
        rung = aim
        while rung >= 0 and ids[rung] in pick.vetoed_rungs:
            rung -= 1
        if start is not None and rung == aim:
            # Said only when it is the rung given: a step down says it in its own words.
            reasons.append(start)
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


def _start_reason(ex: Exercise, start: int) -> Reason | None:
    """Why the exercise starts on rung ``start``, when that is not the first rung.

    lowback's own start says so; an article's start above the first rung names the
    easier rung, and the limit that starts there when the start rung needs one.
    """
    if start == 0 or len(ex.ladder) < 2:
        return None
    name = ex.ladder[start].name
    if ex.start_is_ours:
        text = f"Starts on '{name}': lowback's default start, not the article's."
    else:
        easier = ex.ladder[start - 1].name
        text = f"Starts on '{name}', the way its article gives it"
        needs = ex.ladder[start].requires
        if needs:
            when = " or ".join(LIMIT_TEXT.get(n, f"the limit '{n}' applies to you") for n in needs)
            flags = " ".join(f"--limit {n}" for n in needs)
            text += f". If {when}, start on the easier '{easier}': {flags}."
        else:
            text += f"; '{easier}' is the easier rung below it."
    return engine_reason("ladder", "variation", "history=none", text)
