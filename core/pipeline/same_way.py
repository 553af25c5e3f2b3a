"""Stage (part of selection): no two items work the same muscle the same way.

Two exercises of different movements work a muscle **the same way** when they
share a target muscle (compared by name through the engine's vocabulary, so
``iliopsoas`` is ``psoas``, and a plugin's alias is its target), are of the same
kind (roll, stretch, mobility, breathing) and are done in the same body
position: the second only repeats the first, at another tempo or angle. A
half-kneeling held psoas stretch works the psoas the same way as a half-kneeling
rocked one; a seated held one does not (another position, another exercise).

**Unless the context asks for it**: two exercises of one catalogue whose
article does its routine at the context's timing are both kept, so that an
article's own list for that moment stays whole (``--before-workout`` gives the
second article's 8, ``--after-legs`` the first article's 5). A stand-in counts
as the exercise it stands in for.

Of two that work a muscle the same way, the one kept is the first by
:func:`preference`; the other is left out, saying which item it repeats.

**Only in favour of an item that stays**: when a review (the time budget) then
drops the item kept, the one left out for it is reconsidered (:func:`reconsider`):
given back, to be dosed and reviewed with the rest of the routine, unless it works
a muscle the same way as another item still given. So an exercise is never lost
only because the item it deferred to was itself left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from ..index import Entry
from ..models import Context, LeftOut, Reason
from ..render.phrases import POSITION_WORDS
from .linked import tie_rank
from .picks import Pick, engine_reason, left_out

KIND_WORDS = {
    "roll": "rolls",
    "stretch": "stretches",
    "mobility": "mobility exercises",
    "breathing": "breathing exercises",
}


def style(entry: Entry) -> str:
    """How the exercise is dosed: ``hold_s``, ``reps`` or ``duration_s``."""
    dose = entry.exercise.dose
    if dose.hold_s is not None:
        return "hold_s"
    return "reps" if dose.reps is not None else "duration_s"


def _styled(kinds: str, dosed: str) -> str:
    if dosed == "hold_s":
        return f"held {kinds}"
    return f"{kinds} done in repetitions" if dosed == "reps" else f"timed {kinds}"


def how_alike(a: Entry, b: Entry) -> str | None:
    """Why ``a`` and ``b`` work a muscle they share the same way, or None when they do not
    (the shared muscle is the caller's to check)."""
    ex, other = a.exercise, b.exercise
    if a.movement == b.movement or ex.kind != other.kind or ex.position != other.position:
        return None
    kinds = KIND_WORDS.get(ex.kind, f"{ex.kind} exercises")
    what = _styled(kinds, style(a)) if style(a) == style(b) else kinds
    where = POSITION_WORDS.get(ex.position, ex.position.replace("-", " "))
    return f"both are {what} done {where}"


def asked_together(a: Pick, b: Pick, context: Context) -> bool:
    """The context asks for both: one article's own routine for the context's timing."""
    one, two = a.scheduled_by.catalogue, b.scheduled_by.catalogue
    return one.id == two.id and context.timing is not None and context.timing in one.timing


Preference = tuple[int, int, int, int, str]


def preference(pick: Pick, context: Context, drawn: Counter[str]) -> Preference:
    """Which of two exercises working a muscle the same way is kept: lowest first.

    1. the closer tie to the context (:func:`lowback.pipeline.linked.tie_rank`: the
       article done at this time, then an article's link to the situation);
    2. the highest score (the rules' votes);
    3. the fewest target muscles (the exercise aimed at the muscle, over one that
       works it alongside others);
    4. its catalogue gives the most exercises chosen for this routine;
    5. only then, so the output stays the same byte for byte, the lowest key.
    """
    entry = pick.entry
    rank = tie_rank(entry, context, pick.score)
    return (rank, -pick.score, len(entry.muscles), -drawn[entry.catalogue.id], entry.key)


@dataclass(frozen=True, slots=True)
class SameWay:
    """An exercise left out because a kept one works ``muscle`` the same way (``how``)."""

    pick: Pick
    kept: Entry
    muscle: str
    how: str

    def left_out(self, steps: Mapping[str, int]) -> LeftOut:
        """The left-out record, naming the item it repeats by its step when it is given."""
        name = self.kept.exercise.name
        step = steps.get(self.kept.key)
        like = f"item {step}, {name}" if step is not None else f"{name}, itself left out"
        shown = self.muscle.replace("-", " ")
        reason: Reason = engine_reason(
            "same-way",
            "drop",
            f"same-way-as={self.kept.key}, target={self.muscle}",
            f"Works the {shown} the same way as {like} ({self.how}).",
        )
        return left_out(self.pick.entry, (*self.pick.reasons, reason))


def one_way_each(picks: list[Pick], context: Context) -> tuple[list[Pick], list[SameWay]]:
    """The picks with no two working a muscle the same way, and those left out for it."""
    drawn = Counter(p.entry.catalogue.id for p in picks)
    kept, dropped = _one_way(picks, (), context, drawn)
    return sorted(kept, key=lambda p: p.entry.key), dropped


def _one_way(
    candidates: Sequence[Pick], given: Sequence[Pick], context: Context, drawn: Counter[str]
) -> tuple[list[Pick], list[SameWay]]:
    """Of ``candidates``, in :func:`preference` order, those that work no muscle the same
    way as an item of ``given`` or a candidate kept before them; and the others, each
    with the item it repeats."""
    # The kept picks by what they do, so each pick is compared with few others.
    by_way: defaultdict[tuple[str, str, str], list[Pick]] = defaultdict(list)
    for pick in given:
        _add(by_way, pick)
    kept: list[Pick] = []
    dropped: list[SameWay] = []
    for pick in sorted(candidates, key=lambda p: preference(p, context, drawn)):
        clash = _clash(pick, by_way, context)
        if clash is not None:
            dropped.append(SameWay(pick, *clash))
            continue
        kept.append(pick)
        _add(by_way, pick)
    return kept, dropped


def _clash(
    pick: Pick, by_way: Mapping[tuple[str, str, str], list[Pick]], context: Context
) -> tuple[Entry, str, str] | None:
    """The first kept exercise that works a muscle of ``pick`` the same way, with the
    muscle and how."""
    ex = pick.entry.exercise
    for muscle in pick.entry.muscles:
        for other in by_way.get((ex.kind, ex.position, muscle), ()):
            how = how_alike(pick.entry, other.entry)
            if how is not None and not asked_together(pick, other, context):
                return other.entry, muscle, how
    return None


def reconsider(
    same_way: Sequence[SameWay], gone: Collection[str], kept: Sequence[Pick], context: Context
) -> tuple[list[Pick], list[SameWay]]:
    """The exercises left out only as repeating an item since dropped (``gone``, by key)
    that repeat no item still given (``kept``), to be given back; and the records that
    still stand, each naming an item still given where it now repeats another one.

    Taken in :func:`preference` order, so of two given back that work a muscle the same
    way, the preferred one is given back and the other stands in its place.
    """
    waiting = [s.pick for s in same_way if s.kept.key in gone]
    standing = [s for s in same_way if s.kept.key not in gone]
    if not waiting:
        return [], standing
    drawn = Counter(p.entry.catalogue.id for p in kept)
    back, again = _one_way(waiting, kept, context, drawn)
    return back, [*standing, *again]


def _add(by_way: defaultdict[tuple[str, str, str], list[Pick]], pick: Pick) -> None:
    ex = pick.entry.exercise
    for muscle in pick.entry.muscles:
        by_way[ex.kind, ex.position, muscle].append(pick)
