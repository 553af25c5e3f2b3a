"""The floor of the work itself: the built-in choices in plain Python, without the engine.

:func:`reference_routine` makes the same choices as ``Engine().recommend`` does
with the built-in catalogues and rules (which exercises, which rung of each
ladder, in which order) for every context the built-in rules understand, but
with no plugin manager, no pydantic, no reasons and no routine model: plain
dicts and tuples prepared once by :func:`load_reference_data`.

It deliberately depends on nothing in ``lowback`` except the location of the
catalogue files, so that ``tests/test_benchmarks_smoke.py`` comparing the two is
a real cross-check, and the ratio the runner prints (engine time / reference
time) is the price of the engine's machinery over the bare decisions.

The semantics mirrored here (keep them in step with the engine):

- safety: pain of 7 or more gives no routine; pain of 4 to 6 aims every ladder
  at its easiest rung (red flags are not mirrored: no context of the fixed
  set has any);
- votes: an exercise the article links to a situation of the context gets 2
  (its own link) or 1 (its catalogue's link); with no situation and no timing
  every exercise gets 1; an exercise whose catalogue does its routine at the
  context's timing gets 1, and one whose catalogue names another timing is set
  aside;
- vetoes: a limit vetoes every exercise that needs it (kneeling follows from a
  knee-loading position) and bans every rung that needs it; missing equipment
  does the same for exercises and rungs that need it;
- select: votes above zero, not set aside, not vetoed and with a rung left; a
  wanted but vetoed exercise is replaced by the best-scored usable exercise of
  the same movement (ties: lowest key), even one that is set aside;
- rung: the start rung (the top one unless the catalogue names one), stepping
  down past banned rungs, never up;
- merge: one item per movement, the best score (ties: lowest key);
- arrange: rolling, then stretching and mobility, then breathing; within each,
  grouped by position along the floor-to-standing path, walking from the end
  nearest to where the previous group ended; ties on keys;
- budget: with ``minutes`` set, the lowest score drops first (ties: the later
  key) until the routine fits.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

# The article facts the engine orders by are lowback's vocabulary, not the engine's
# work: the reference reads them from the same place.
from lowback.vocab import KIND_ORDER, KNEE_LOADING, POSITION_RANK

SITUATIONS = (("sitting", "sitting"), ("heavy_lifting", "heavy-lifting"))
PAIN_REST = 7
PAIN_GENTLE = 4
SECONDS_PER_REP = 4
SETUP_SECONDS = 15
REST_BETWEEN_SETS = 10


class ContextLike(Protocol):
    """What the reference reads of a context (a ``lowback.Context`` will do)."""

    sitting: bool
    heavy_lifting: bool
    timing: str | None
    limits: Sequence[str]
    equipment: Sequence[str]
    minutes: int | None
    pain: int | None


@dataclass(frozen=True, slots=True)
class RefExercise:
    """One exercise, flattened to what the choices need."""

    key: str
    movement: str
    kind: str
    position: str
    own_links: frozenset[str]
    catalogue_links: frozenset[str]
    catalogue_timing: tuple[str, ...]
    needs: frozenset[str]
    equipment: frozenset[str]
    rungs: tuple[str, ...]
    rung_needs: tuple[frozenset[str], ...]
    rung_equipment: tuple[frozenset[str], ...]
    rung_seconds: tuple[int, ...]
    start: int


def _seconds(dose: dict[str, Any]) -> int:
    sets = dose.get("sets", 1)
    if dose.get("reps") is not None:
        bout = dose["reps"] * SECONDS_PER_REP
    else:
        bout = dose.get("hold_s") or dose.get("duration_s") or 0
    bouts = sets * (2 if dose.get("per_side") else 1) * max(1, len(dose.get("segments", ())))
    return SETUP_SECONDS + bouts * bout + REST_BETWEEN_SETS * (sets - 1)


def flatten_catalogue(data: dict[str, Any]) -> list[RefExercise]:
    """The exercises of one catalogue (as parsed from TOML) as :class:`RefExercise`."""
    cat_links = frozenset(link["situation"] for link in data.get("because", ()))
    timing = tuple(data.get("timing", ()))
    out = []
    for ex in data["exercises"]:
        ladder = ex.get("ladder") or [{"id": "standard", "name": "Standard"}]
        rungs = tuple(r["id"] for r in ladder)
        needs = set(ex.get("requires", ()))
        if ex["position"] in KNEE_LOADING:
            needs.add("kneeling")
        start = rungs.index(ex["start"]) if ex.get("start") else len(rungs) - 1
        out.append(
            RefExercise(
                key=f"{data['id']}/{ex['id']}",
                movement=ex["movement"],
                kind=ex["kind"],
                position=ex["position"],
                own_links=frozenset(link["situation"] for link in ex.get("because", ())),
                catalogue_links=cat_links,
                catalogue_timing=timing,
                needs=frozenset(needs),
                equipment=frozenset(ex.get("equipment", ())),
                rungs=rungs,
                rung_needs=tuple(frozenset(r.get("requires", ())) for r in ladder),
                rung_equipment=tuple(frozenset(r.get("equipment", ())) for r in ladder),
                rung_seconds=tuple(_seconds(r.get("dose") or ex["dose"]) for r in ladder),
                start=start,
            )
        )
    return out


def builtin_catalogue_files() -> list[Path]:
    """The ``.toml`` files of the built-in catalogues package, sorted by name."""
    folder = resources.files("lowback.catalogues")
    return sorted(
        (Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".toml")),
        key=lambda p: p.name,
    )


def load_reference_data(paths: Iterable[Path] | None = None) -> tuple[RefExercise, ...]:
    """Every exercise of the given catalogue files (default: the built-ins), sorted by key."""
    exercises: list[RefExercise] = []
    for path in paths if paths is not None else builtin_catalogue_files():
        exercises += flatten_catalogue(tomllib.loads(path.read_text(encoding="utf-8")))
    return tuple(sorted(exercises, key=lambda e: e.key))


def reference_routine(
    context: ContextLike, exercises: Sequence[RefExercise]
) -> list[tuple[str, str]]:
    """The routine's ``(exercise key, rung id)`` pairs, in order, as the engine would give."""
    pain = context.pain
    if pain is not None and pain >= PAIN_REST:
        return []
    gentle = pain is not None and pain >= PAIN_GENTLE
    limits = set(context.limits)
    have = set(context.equipment)
    timing = context.timing
    general = not (context.sitting or context.heavy_lifting or timing)
    situations = [s for attr, s in SITUATIONS if getattr(context, attr)]

    # Rules decide.
    score: dict[str, int] = {}
    aside: set[str] = set()
    vetoed: set[str] = set()
    banned: dict[str, set[int]] = {}
    by_key: dict[str, RefExercise] = {}
    for ex in exercises:
        by_key[ex.key] = ex
        votes = 1 if general else 0
        for situation in situations:
            if situation in ex.own_links:
                votes += 2
            elif situation in ex.catalogue_links:
                votes += 1
        if timing is not None and ex.catalogue_timing:
            if timing in ex.catalogue_timing:
                votes += 1
            else:
                aside.add(ex.key)
        score[ex.key] = votes
        if (ex.needs & limits) or (ex.equipment - have):
            vetoed.add(ex.key)
        for i in range(len(ex.rungs)):
            if (ex.rung_needs[i] & limits) or (ex.rung_equipment[i] - have):
                banned.setdefault(ex.key, set()).add(i)

    def usable(key: str) -> bool:
        if key in vetoed:
            return False
        return len(banned.get(key, ())) < len(by_key[key].rungs)

    # Select.
    picks: dict[str, int] = {}
    wanted_vetoed: list[str] = []
    for key in sorted(score):
        if score[key] <= 0:
            continue
        if key in aside:
            continue
        if not usable(key):
            wanted_vetoed.append(key)
            continue
        picks[key] = score[key]
    covered = {by_key[k].movement for k in picks}
    for key in wanted_vetoed:
        movement = by_key[key].movement
        if movement in covered:
            continue
        stand_ins = [
            e.key
            for e in exercises
            if e.movement == movement and e.key != key and e.key not in picks and usable(e.key)
        ]
        if not stand_ins:
            continue
        chosen = min(stand_ins, key=lambda k: (-score.get(k, 0), k))
        picks[chosen] = max(score[key], score.get(chosen, 0))
        covered.add(movement)

    # Rungs: the start rung, stepping down past banned ones.
    chosen_rung: dict[str, int] = {}
    for key in sorted(picks):
        ex, out = by_key[key], banned.get(key, set())
        rung = 0 if gentle else ex.start
        while rung >= 0 and rung in out:
            rung -= 1
        if rung >= 0:
            chosen_rung[key] = rung

    # Merge: one item per movement.
    groups: dict[str, list[str]] = {}
    for key in chosen_rung:
        groups.setdefault(by_key[key].movement, []).append(key)
    kept: dict[str, int] = {}
    for keys in groups.values():
        best = min(keys, key=lambda k: (-picks[k], k))
        kept[best] = max(picks[k] for k in keys)

    # Arrange.
    ordered: list[str] = []
    here: int | None = None
    for kind in sorted({KIND_ORDER[by_key[k].kind] for k in kept}):
        group = [k for k in kept if KIND_ORDER[by_key[k].kind] == kind]
        ranks = sorted({POSITION_RANK[by_key[k].position] for k in group})
        if here is not None and abs(ranks[-1] - here) < abs(ranks[0] - here):
            ranks.reverse()
        for rank in ranks:
            ordered += sorted(k for k in group if POSITION_RANK[by_key[k].position] == rank)
        here = ranks[-1]

    # Budget.
    if context.minutes is not None:
        seconds = {k: by_key[k].rung_seconds[chosen_rung[k]] for k in ordered}
        total = sum(seconds.values())
        for key in sorted(sorted(ordered, reverse=True), key=lambda k: kept[k]):
            if total <= context.minutes * 60:
                break
            ordered.remove(key)
            total -= seconds[key]

    return [(key, by_key[key].rungs[chosen_rung[key]]) for key in ordered]
