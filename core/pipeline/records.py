"""The routine records one engine builds once and hands out on every call.

Reasons, citations and left-out records are frozen, and the same rules over
the same catalogues say the same things call after call, so an engine keeps
them: a call then builds only what it has not built before. Kept records are
old objects, too: a call that returns thousands of them (at 1,000 catalogues,
up to 14,600 left-out exercises) leaves the garbage collector nothing new to
walk afterwards, where freshly built ones were walked once more as soon as
the collector was back on.
"""

from __future__ import annotations

from ..index import Entry
from ..models import LeftOut, SourceRef
from ..models.base import build
from .picks import Left, ReasonMaker, reason_cache

SMALLEST = 8192
"""Room kept by even a small engine, whatever the size of its catalogues."""


class Records:
    """One engine's kept reasons, citations and left-out records.

    ``limit`` bounds the reasons and the left-out records each (a store that
    fills up is emptied and fills again); citations are one per exercise.
    """

    __slots__ = ("_left_outs", "_sources", "limit", "reason")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.reason: ReasonMaker = reason_cache(limit)
        self._sources: dict[str, SourceRef] = {}
        self._left_outs: dict[tuple[object, ...], LeftOut] = {}

    @classmethod
    def for_exercises(cls, count: int) -> Records:
        """Records sized for an engine of ``count`` exercises: room for what every
        rule says about every exercise, twice over."""
        return cls(max(SMALLEST, 2 * count))

    def source(self, entry: Entry) -> SourceRef:
        """The citation of ``entry``'s exercise: built once, since an entry never changes."""
        found = self._sources.get(entry.key)
        if found is not None:
            return found
        cat = entry.catalogue
        ref = build(
            SourceRef,
            {
                "catalogue": cat.id,
                "exercise": entry.key,
                "title": cat.source.title,
                "author": cat.source.author,
                "credit": cat.source.credit,
                "section": entry.exercise.section,
                "plugin": entry.plugin,
                "plugin_version": entry.plugin_version,
            },
        )
        self._sources[entry.key] = ref
        return ref

    def left_out(self, left: Left) -> LeftOut:
        """The record of ``left``: built once for each exercise and set of reasons.

        Keyed by the exercise and the identity of each reason, which is cheap
        (hashing a reason hashes every field). Identity is safe here: a kept
        record holds its reasons, so no other object can take their ids while
        its key is kept. A reason built anew (one the reason store had let go)
        makes a new key, and the old record waits for the store to be emptied.
        """
        key = (left.entry.key, *map(id, left.reasons))
        found = self._left_outs.get(key)
        if found is None:
            if len(self._left_outs) >= self.limit:
                self._left_outs.clear()
            found = self._left_outs[key] = build(
                LeftOut,
                {
                    "exercise": left.entry.key,
                    "name": left.entry.exercise.name,
                    "reasons": left.reasons,
                },
            )
        return found


__all__ = ["Records"]
