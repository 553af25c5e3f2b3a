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
        names = ", ".join(f"{o.entry.exercise.name} ({o.entry.key})" for o in others)
        merged = engine_reason(
            "merge",
            "merge",
            f"movement={movement}",
            f"Also given by {names}; held once, with every source named.",
        )
        out.append(
            kept._replace(
                score=max(p.score for p in group),
                also=tuple(o.entry for o in others),
                reasons=(*kept.reasons, merged),
            )
        )
    return sorted(out, key=lambda p: p.entry.key)
