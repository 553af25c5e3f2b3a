"""The catalogue index: every loaded exercise, looked up by what rules ask about.

Built once per engine, so a rule asks "which exercises need a foam roller" in
one dictionary look-up instead of scanning every exercise of every catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from .models import Catalogue, Exercise, Link, Variation
from .vocab import KNEE_LOADING


class Entry:
    """One exercise as loaded: its namespaced key, its catalogue and its plugin.

    Compared and hashed by identity: an engine holds one entry per exercise.
    Read-only by convention.
    ``movement`` is the exercise's, held here too: the pipeline groups every
    pick by it, and at 20,000 exercises reaching it through the exercise model
    costs a cache miss or two per pick.
    """

    __slots__ = (
        "__weakref__",
        "catalogue",
        "exercise",
        "key",
        "movement",
        "plugin",
        "plugin_version",
    )

    def __init__(
        self,
        key: str,
        exercise: Exercise,
        catalogue: Catalogue,
        plugin: str,
        plugin_version: str | None,
    ) -> None:
        self.key = key
        self.exercise = exercise
        self.movement = exercise.movement
        self.catalogue = catalogue
        self.plugin = plugin
        self.plugin_version = plugin_version

    def __repr__(self) -> str:
        return f"Entry({self.key!r}, plugin={self.plugin!r})"

    def needs(self) -> frozenset[str]:
        """Abilities the exercise needs on every rung (kneeling follows from the position)."""
        needs = set(self.exercise.requires)
        if self.exercise.position in KNEE_LOADING:
            needs.add("kneeling")
        return frozenset(needs)


class Need(NamedTuple):
    """An exercise (``rung is None``) or one rung of it that needs something."""

    entry: Entry
    rung: Variation | None


class Linked(NamedTuple):
    """An exercise an article links to a situation; ``specific`` when the link is its own."""

    entry: Entry
    link: Link
    specific: bool


class CatalogueIndex:
    """Read-only look-ups over the loaded exercises. Every result is sorted by key.

    ``entries`` maps each key to its entry; ``rungs`` each key to the ids of its
    ladder's rungs (the engine checks decisions against them); ``starts`` each
    key to the index of the rung given when nothing rules it out.
    """

    __slots__ = (
        "_linked",
        "_movement",
        "_needing",
        "_timed",
        "_timed_other",
        "_using",
        "entries",
        "rungs",
        "starts",
    )

    def __init__(self, entries: Iterable[Entry]) -> None:
        """Index ``entries``; their keys must be unique (the engine sees to it)."""
        ordered = {e.key: e for e in sorted(entries, key=lambda e: e.key)}
        linked: defaultdict[str, list[Linked]] = defaultdict(list)
        timed: defaultdict[str, list[Entry]] = defaultdict(list)
        needing: defaultdict[str, list[Need]] = defaultdict(list)
        using: defaultdict[str, list[Need]] = defaultdict(list)
        movement: defaultdict[str, list[Entry]] = defaultdict(list)
        all_timings: set[str] = set()
        for entry in ordered.values():
            ex, cat = entry.exercise, entry.catalogue
            own = {link.situation for link in ex.because}
            for link in ex.because:
                linked[link.situation].append(Linked(entry, link, True))
            for link in cat.because:
                if link.situation not in own:
                    linked[link.situation].append(Linked(entry, link, False))
            for timing in cat.timing:
                timed[timing].append(entry)
                all_timings.add(timing)
            for ability in sorted(entry.needs()):
                needing[ability].append(Need(entry, None))
            for item in ex.equipment:
                using[item].append(Need(entry, None))
            for rung in ex.ladder:
                for ability in rung.requires:
                    needing[ability].append(Need(entry, rung))
                for item in rung.equipment:
                    using[item].append(Need(entry, rung))
            movement[entry.movement].append(entry)
        self.entries: Mapping[str, Entry] = ordered
        # Tuples, not sets: a ladder has a few rungs, and a tuple of strings is
        # left alone by the garbage collector, a set never is.
        self.rungs: Mapping[str, tuple[str, ...]] = {
            k: tuple(r.id for r in e.exercise.ladder) for k, e in ordered.items()
        }
        self.starts: Mapping[str, int] = {k: e.exercise.start_rung() for k, e in ordered.items()}
        self._linked = {k: tuple(v) for k, v in linked.items()}
        self._timed = {k: tuple(v) for k, v in timed.items()}
        self._timed_other = {
            t: tuple(
                e for e in ordered.values() if e.catalogue.timing and t not in e.catalogue.timing
            )
            for t in all_timings | {"after-legs", "before-workout"}
        }
        self._needing = {k: tuple(v) for k, v in needing.items()}
        self._using = {k: tuple(v) for k, v in using.items()}
        self._movement = {k: tuple(v) for k, v in movement.items()}

    def __len__(self) -> int:
        return len(self.entries)

    def all(self) -> tuple[Entry, ...]:
        """Every exercise, sorted by key."""
        return tuple(self.entries.values())

    def linked_to(self, situation: str) -> tuple[Linked, ...]:
        """Exercises an article links to ``situation`` (``sitting``, ``heavy-lifting``)."""
        return self._linked.get(situation, ())

    def timed(self, timing: str) -> tuple[Entry, ...]:
        """Exercises whose article does its routine at ``timing``."""
        return self._timed.get(timing, ())

    def timed_otherwise(self, timing: str) -> tuple[Entry, ...]:
        """Exercises whose article names a timing, and not ``timing``."""
        return self._timed_other.get(timing, ())

    def needing(self, ability: str) -> tuple[Need, ...]:
        """Exercises or rungs that need ``ability`` (``cross-legs``, ``kneeling``...)."""
        return self._needing.get(ability, ())

    def using(self, equipment: str) -> tuple[Need, ...]:
        """Exercises or rungs that need ``equipment``."""
        return self._using.get(equipment, ())

    def equipment(self) -> tuple[str, ...]:
        """Every piece of equipment some exercise or rung needs."""
        return tuple(sorted(self._using))

    def same_movement(self, movement: str) -> tuple[Entry, ...]:
        """Exercises, from any catalogue, that train ``movement``."""
        return self._movement.get(movement, ())
