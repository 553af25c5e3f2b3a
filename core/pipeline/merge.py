"""Stage: hold each movement once when several catalogues give it, naming every source."""

from __future__ import annotations

from collections import defaultdict

from .picks import Pick, engine_reason


def merge_movements(picks: list[Pick]) -> list[Pick]:
    """Keep the best-scored exercise of each movement (ties: lowest key); cite the others."""
    groups: defaultdict[str, list[Pick]] = defaultdict(list)
    for pick in picks:
        groups[pick.entry.exercise.movement].append(pick)
    out: list[Pick] = []
    for movement in sorted(groups):
        group = sorted(groups[movement], key=lambda p: (-p.score, p.entry.key))
        kept, others = group[0], group[1:]
        if not others:
            out.append(kept)
            continue
        merged = engine_reason(
            "merge",
            "merge",
            f"movement={movement}",
            f"Also given by {_names(others)}; held once, with every source named.",
        )
        out.append(
            kept._replace(
                score=max(p.score for p in group),
                also=tuple(o.entry for o in others),
                reasons=(*kept.reasons, merged),
            )
        )
    return sorted(out, key=lambda p: p.entry.key)


NAMED = 3
"""How many of the other exercises a merge reason names; the sources list every one."""


def _names(others: list[Pick]) -> str:
    # With hundreds of catalogues, a movement can be given by hundreds of
    # exercises: the item's sources cite them all, the sentence stays readable.
    named = ", ".join(f"{o.entry.exercise.name} ({o.entry.key})" for o in others[:NAMED])
    rest = len(others) - NAMED
    return f"{named} and {rest} more" if rest > 0 else named
