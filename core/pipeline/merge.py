"""Stage: hold each movement once when several catalogues give it, naming every source,
and choose the rung of the exercise held."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from ..models import LeftOut
from .ladder import Choice
from .picks import Pick, engine_reason


def merge_movements(picks: list[Pick], choose: Choice) -> tuple[list[Pick], list[LeftOut]]:
    """Keep the best-scored exercise of each movement (ties: lowest key); cite the others.

    ``choose`` sets the rung of the exercise kept; an exercise with no rung left
    to give is left out and the next one is kept. Only the kept exercise's rung
    is chosen: another held with it needs only to have a rung it could be given
    (certain when no rung of it is ruled out), since an item names the others
    among its sources, not their rungs.
    """
    groups: defaultdict[str, list[Pick]] = defaultdict(list)
    for pick in picks:
        groups[pick.entry.movement].append(pick)
    out: list[Pick] = []
    left: list[LeftOut] = []
    for movement in sorted(groups):
        kept: Pick | None = None
        others: list[Pick] = []
        for pick in sorted(groups[movement], key=lambda p: (-p.score, p.entry.key)):
            if kept is not None and not pick.vetoed_rungs:
                others.append(pick)
                continue
            chosen = choose(pick)
            if isinstance(chosen, LeftOut):
                left.append(chosen)
            elif kept is None:
                kept = chosen
            else:
                others.append(pick)
        if kept is None:
            continue
        if not others:
            out.append(kept)
            continue
        merged = engine_reason(
            "merge",
            "merge",
            f"movement={movement}",
            f"Also given by {_names(others)}; held once, with every source named.",
        )
        # Sorted by score first: the kept exercise has the best score of its movement.
        out.append(
            replace(kept, also=tuple(o.entry for o in others), reasons=(*kept.reasons, merged))
        )
    return sorted(out, key=lambda p: p.entry.key), left


NAMED = 3
"""How many of the other exercises a merge reason names; the sources list every one."""


def _names(others: list[Pick]) -> str:
    # With hundreds of catalogues, a movement can be given by hundreds of
    # exercises: the item's sources cite them all, the sentence stays readable.
    named = ", ".join(f"{o.entry.exercise.name} ({o.entry.key})" for o in others[:NAMED])
    rest = len(others) - NAMED
    return f"{named} and {rest} more" if rest > 0 else named
