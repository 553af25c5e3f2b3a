"""Finding plugins through the ``lowback`` entry-point group, without importing them.

Kept free of pydantic and the engine so that ``lowback --version`` can list
plugins at the cost of reading package metadata only.
"""

from __future__ import annotations

from importlib import metadata
from typing import NamedTuple

ENTRY_POINT_GROUP = "lowback"


class PluginSource(NamedTuple):
    """A plugin found through the entry-point group, not yet imported."""

    name: str
    value: str
    distribution: str | None
    version: str | None
    entry_point: metadata.EntryPoint


def discover(group: str = ENTRY_POINT_GROUP) -> list[PluginSource]:
    """Every entry point in ``group``, sorted by name; nothing is imported."""
    found: list[PluginSource] = []
    # ``dist.metadata`` and ``dist.version`` each parse METADATA again: read it once
    # per distribution (one distribution usually gives several entry points).
    names: dict[int, tuple[str | None, str | None]] = {}
    for ep in metadata.entry_points(group=group):
        dist = ep.dist
        if dist is None:
            name = version = None
        else:
            if id(dist) not in names:
                meta = dist.metadata
                names[id(dist)] = (meta["Name"], meta["Version"])
            name, version = names[id(dist)]
        found.append(
            PluginSource(
                name=ep.name, value=ep.value, distribution=name, version=version, entry_point=ep
            )
        )
    return sorted(found, key=lambda p: (p.name, p.value))
