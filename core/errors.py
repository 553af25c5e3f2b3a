"""lowback's own exceptions: what embedders catch, and what the CLI turns into one line."""

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
    """A plugin failed: it would not import, a hook raised, its data was wrong, or ids clashed.

    Raised in strict mode; otherwise kept as a :class:`PluginFault` on the engine.
    ``problems`` holds one line per problem; ``str()`` prefixes each with the plugin.
    """

    def __init__(self, plugin: str, message: str, *more: str) -> None:
        self.plugin = plugin
        self.problems = [message, *more]
        super().__init__("\n".join(f"plugin {plugin!r}: {p}" for p in self.problems))


class NoCatalogueError(LowbackError):
    """No catalogue is loaded, so there is nothing to recommend from."""


@dataclass(frozen=True, slots=True)
class PluginFault:
    """A plugin fault kept (in non-strict mode) instead of raised.

    ``kind`` is one of ``import``, ``hook``, ``data``, ``clash``, ``rule``.
    """

    plugin: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin!r} ({self.kind}): {self.message}"

    def error(self) -> PluginError:
        """The fault as an exception, for strict mode."""
        return PluginError(self.plugin, f"({self.kind}) {self.message}")
