"""Stage: hold each movement once when several catalogues give it, naming every source,
and choose the rung of the exercise held.

A movement is one exercise: two catalogues share it only when both describe the
same exercise (the quad foam roll). Which source's cues and dose the item uses
follows :func:`preference`, a rule tied to the context, never the ids' order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from ..models import LeftOut
from .ladder import Choice
from .picks import Pick, engine_reason

Preference = tuple[int, int, int, int, str]

_WHY = (
    "its article does its routine at this time",
    "the rules' votes for it are the highest",
    "its article gives the most items of this routine",
    "more of its numbers are its article's own",
    "",  # the key: reached only by sources alike in every other way
)
"""Why the kept source won, for each field of :data:`Preference`."""


def preference(pick: Pick, timing: str | None, drawn: Counter[str]) -> Preference:
    """The sort key of a source of an exercise several catalogues give: lowest first.

    1. its catalogue does its routine at the context's timing (when one is given);
    2. the highest score (the rules' votes for it in this context);
    3. its catalogue gives the most exercises chosen for this routine (``drawn``);
    4. the fewest of its dose's numbers are lowback's defaults;
    5. only then, so that the output stays the same byte for byte, the lowest key.
    """
    cat = pick.entry.catalogue
    at_time = 0 if timing is not None and timing in cat.timing else 1
    ours = len(pick.entry.exercise.dose.ours)
    return (at_time, -pick.score, -drawn[cat.id], ours, pick.entry.key)


def merge_movements(
    picks: list[Pick], choose: Choice, timing: str | None = None
) -> tuple[list[Pick], list[LeftOut]]:
    """Keep the preferred source of each movement (see :func:`preference`); cite the others.

    ``choose`` sets the rung of the exercise kept; an exercise with no rung left
    to give is left out and the next one is kept. Only the kept exercise's rung
    is chosen: another held with it needs only to have a rung it could be given
    (certain when no rung of it is ruled out), since an item names the others
    among its sources, not their rungs.
    """
    drawn = Counter(p.entry.catalogue.id for p in picks)
    groups: defaultdict[str, list[Pick]] = defaultdict(list)
    for pick in picks:
        groups[pick.entry.movement].append(pick)
    out: list[Pick] = []
    left: list[LeftOut] = []
    for movement in sorted(groups):
        kept: Pick | None = None
        others: list[Pick] = []
        for pick in sorted(groups[movement], key=lambda p: preference(p, timing, drawn)):
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
            _merged_text(kept, others, timing, drawn),
        )
        out.append(
            replace(
                kept,
                score=max(kept.score, *(o.score for o in others)),
                also=tuple(o.entry for o in others),
                reasons=(*kept.reasons, merged),
            )
        )
    return sorted(out, key=lambda p: p.entry.key), left


NAMED = 3
"""How many of the other sources a merge reason names; the sources list every one."""


def _merged_text(kept: Pick, others: list[Pick], timing: str | None, drawn: Counter[str]) -> str:
    # With hundreds of catalogues, a movement can be given by hundreds of
    # exercises: the item's sources cite them all, the sentence stays readable.
    named = ", ".join(f'"{o.entry.catalogue.source.title}"' for o in others[:NAMED])
    rest = len(others) - NAMED
    if rest > 0:
        named += f" and {rest} more"
    mine, theirs = preference(kept, timing, drawn), preference(others[0], timing, drawn)
    why = next((w for m, t, w in zip(mine, theirs, _WHY, strict=True) if m != t and w), "")
    because = f" ({why})" if why else ""
    return (
        f"The same exercise is also described by {named}; held once, its cues and dose "
        f'are from "{kept.entry.catalogue.source.title}"{because}.'
    )
