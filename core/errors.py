"""lowback's own exceptions: what embedders catch, and what the CLI turns into one line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


class LowbackError(Exception):
    """Base of every error lowback raises on purpose."""


class InvalidDataError(LowbackError, ValueError):
    """Data did not fit one of lowback's models.

    ``problems`` holds one line per problem (``dotted.path: what was expected``);
    ``errors`` keeps the validator's structured errors for programs.
    """

    def __init__(self, model: str, problems: list[str], errors: list[Any] | None = None) -> None:
        self.model = model
        self.problems = problems
        self.errors = errors or []
        super().__init__("\n".join(f"invalid {model}: {p}" for p in problems))


class ContextError(InvalidDataError):
    """A context (flags, JSON, or a ``Context`` built in code) is not valid."""


class CatalogueDataError(LowbackError):
    """A catalogue file or object failed validation; ``problems`` holds one line each."""

    def __init__(self, where: str, problems: list[str]) -> None:
        self.where = where
        self.problems = problems
        super().__init__("\n".join(f"{where}: {p}" for p in problems))


class PluginError(LowbackError):
    """A plugin failed: it would not import, a hook raised, its data was wrong, ids
    clashed, or it did not return in time.

    Raised in strict mode (and for a time-out in any mode); otherwise kept as a
    :class:`PluginFault` on the engine. ``problems`` holds one line per problem;
    ``str()`` prefixes each with the plugin. Made by :meth:`of`, it reports
    several faults, of any plugins (``faults``, one line each); ``plugin`` and
    ``problems`` are then the first plugin's.
    """

    def __init__(
        self, plugin: str, message: str, *more: str, faults: Sequence[PluginFault] = ()
    ) -> None:
        self.plugin = plugin
        self.problems = [message, *more]
        self.faults = tuple(faults)
        lines = [f"plugin {f.plugin!r}: ({f.kind}) {f.message}" for f in self.faults]
        super().__init__("\n".join(lines or (f"plugin {plugin!r}: {p}" for p in self.problems)))

    @classmethod
    def of(cls, faults: Sequence[PluginFault]) -> PluginError:
        """Every fault in ``faults`` (at least one) as one error, in their order."""
        first = faults[0].plugin
        mine = [f"({f.kind}) {f.message}" for f in faults if f.plugin == first]
        return cls(first, *mine, faults=faults)


class NoCatalogueError(LowbackError):
    """No catalogue is loaded, so there is nothing to recommend from."""


@dataclass(frozen=True, slots=True)
class PluginFault:
    """A plugin fault kept (in non-strict mode) instead of raised.

    ``kind`` is one of ``import``, ``hook``, ``data``, ``clash``, ``rule``,
    ``timeout``.
    """

    plugin: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} ({self.kind}): {self.message}"

    def error(self) -> PluginError:
        """The fault as an exception, for strict mode."""
        return PluginError.of([self])
