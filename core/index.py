"""The catalogue index: every loaded exercise, looked up by what rules ask about.

Built once per engine, so a rule asks "which exercises need a foam roller" in
one dictionary look-up instead of scanning every exercise of every catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from .models import Catalogue, Exercise, Link, SourceRef, Variation
from .vocab import KNEE_LOADING, as_slug, target_name


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One exercise as loaded: its namespaced key, its catalogue, its plugin, its citation.

    Compared by identity: an engine holds one entry per exercise.
    """

    key: str
    exercise: Exercise
    catalogue: Catalogue
    plugin: str
    plugin_version: str | None
    citation: SourceRef
    """Which article, which section and which plugin the exercise comes from."""
    muscles: tuple[str, ...]
    """Its targets by their known names (aliases resolved; an unknown name as written),
    each once: how exercises are compared muscle by muscle."""

    @classmethod
    def of(
        cls,
        exercise: Exercise,
        catalogue: Catalogue,
        plugin: str,
        plugin_version: str | None,
        names: Callable[[str], str | None] = target_name,
    ) -> Entry:
        """The entry of ``exercise`` of ``catalogue``, given by ``plugin``; ``names`` resolves
        a target to its known name (the engine's vocabulary, which knows plugins' aliases)."""
        key = f"{catalogue.id}/{exercise.id}"
        citation = SourceRef(
            catalogue=catalogue.id,
            exercise=key,
            title=catalogue.source.title,
            author=catalogue.source.author,
            credit=catalogue.source.credit,
            section=exercise.section,
            url=exercise.url or catalogue.source.url,
            licence=catalogue.source.licence,
            plugin=plugin,
            plugin_version=plugin_version,
        )
        muscles = tuple(dict.fromkeys(names(t) or t for t in exercise.targets))
        return cls(key, exercise, catalogue, plugin, plugin_version, citation, muscles)

    @property
    def movement(self) -> str:
        """What the exercise trains (exercises of one movement are held once)."""
        return self.exercise.movement

    def needs(self) -> frozenset[str]:
        """Abilities the exercise needs on every rung (kneeling follows from a position:
        any of its positions, since an item names them all)."""
        needs = set(self.exercise.requires)
        if KNEE_LOADING.intersection(self.exercise.positions()):
            needs.add("kneeling")
        return frozenset(needs)


@dataclass(frozen=True, slots=True)
class Need:
    """An exercise (``rung is None``) or one rung of it that needs something."""

    entry: Entry
    rung: Variation | None


@dataclass(frozen=True, slots=True)
class Linked:
    """An exercise an article links to a situation; ``specific`` when the link is its own."""

    entry: Entry
    link: Link
    specific: bool


def _links(entry: Entry) -> Iterator[Linked]:
    """The exercise's own links, then its catalogue's for the other situations."""
    own = {link.situation for link in entry.exercise.because}
    for link in entry.exercise.because:
        yield Linked(entry=entry, link=link, specific=True)
    for link in entry.catalogue.because:
        if link.situation not in own:
            yield Linked(entry=entry, link=link, specific=False)


class CatalogueIndex:
    """Read-only look-ups over the loaded exercises. Every result is sorted by key.

    ``entries`` maps each key to its entry; ``rungs`` each key to the ids of its
    ladder's rungs (the engine checks decisions against them); ``starts`` each
    key to the index of the rung given when nothing rules it out.
    """

    def __init__(
        self,
        entries: Iterable[Entry],
        *,
        names: Callable[[str], str | None] = target_name,
    ) -> None:
        """Index ``entries``; their keys must be unique (the engine sees to it). ``names``
        resolves a target name asked of :meth:`by_target`, as :meth:`Entry.of` resolved
        the entries' targets (the built-in names unless given; an engine passes its
        vocabulary's, which knows plugins' aliases)."""
        ordered = {e.key: e for e in sorted(entries, key=lambda e: e.key)}
        linked: defaultdict[str, list[Linked]] = defaultdict(list)
        timed: defaultdict[str, list[Entry]] = defaultdict(list)
        needing: defaultdict[str, list[Need]] = defaultdict(list)
        using: defaultdict[str, list[Need]] = defaultdict(list)
        movement: defaultdict[str, list[Entry]] = defaultdict(list)
        target: defaultdict[str, list[Entry]] = defaultdict(list)
        muscle: defaultdict[str, list[Entry]] = defaultdict(list)
        position: defaultdict[str, list[Entry]] = defaultdict(list)
        kind: defaultdict[str, list[Entry]] = defaultdict(list)
        all_timings: set[str] = set()
        for entry in ordered.values():
            ex, cat = entry.exercise, entry.catalogue
            for found in _links(entry):
                linked[found.link.situation].append(found)
            for timing in cat.timing:
                timed[timing].append(entry)
                all_timings.add(timing)
            for ability in sorted(entry.needs()):
                needing[ability].append(Need(entry=entry, rung=None))
            for item in ex.equipment:
                using[item].append(Need(entry=entry, rung=None))
            for rung in ex.ladder:
                for ability in rung.requires:
                    needing[ability].append(Need(entry=entry, rung=rung))
                for item in rung.equipment:
                    using[item].append(Need(entry=entry, rung=rung))
            movement[entry.movement].append(entry)
            for name in dict.fromkeys(ex.targets):
                target[name].append(entry)
            for name in entry.muscles:
                muscle[name].append(entry)
            for name in ex.positions():
                position[name].append(entry)
            kind[ex.kind].append(entry)
        self.entries: Mapping[str, Entry] = ordered
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
        self._target = {k: tuple(v) for k, v in target.items()}
        self._muscle = {k: tuple(v) for k, v in muscle.items()}
        self._names = names
        self._position = {k: tuple(v) for k, v in position.items()}
        self._kind = {k: tuple(v) for k, v in kind.items()}

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

    def by_target(self, name: str) -> tuple[Entry, ...]:
        """Exercises that work the target ``name`` (``psoas``, ``Quads``, ``lower back``...):
        compared as a slug, an alias meaning its name, so ``quads`` also finds the
        exercises written ``quadriceps`` or ``rectus-femoris``. A name nobody knows finds
        the exercises that write it."""
        slug = name if name in self._target or name in self._muscle else as_slug(name)
        resolved = self._names(slug) or slug
        found = {e.key: e for e in (*self._muscle.get(resolved, ()), *self._target.get(slug, ()))}
        return tuple(found[key] for key in sorted(found))

    def by_position(self, name: str) -> tuple[Entry, ...]:
        """Exercises done in position ``name`` (``lying-back``, ``half-kneeling``...), as
        their main position or one of their ``other_positions``."""
        return self._position.get(name, ())

    def by_kind(self, name: str) -> tuple[Entry, ...]:
        """Exercises of kind ``name`` (``roll``, ``stretch``, ``mobility``, ``breathing``)."""
        return self._kind.get(name, ())
