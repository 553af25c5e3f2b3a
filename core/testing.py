"""Helpers for testing a lowback plugin: an engine with the built-ins plus yours, and a context.

In a plugin's own tests::

    from lowback import testing
    from lowback_my_clinic import my_clinic

    def test_my_catalogue_is_used():
        routine = testing.engine({"my-clinic": my_clinic}).recommend(testing.context(sitting=True))
        assert "my-clinic/example-stretch" in [item.exercise for item in routine.items]

No entry point but lowback's own is read, so the test sees nothing else that
happens to be installed.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import metadata
from typing import Any

from .engine import Engine
from .loader import BUILTIN_DISTRIBUTION, ENTRY_POINT_GROUP, named
from .models import Context
from .validation import validate


def builtin_plugins() -> dict[str, object]:
    """lowback's own plugins by name, imported from its ``lowback`` entry points."""
    dist = metadata.distribution(BUILTIN_DISTRIBUTION)
    found = sorted(
        (ep for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP), key=lambda e: e.name
    )
    return {ep.name: ep.load() for ep in found}


def engine(*plugins: object, builtins: bool = True, strict: bool = True) -> Engine:
    """An :class:`~lowback.Engine` with the built-in plugins (unless ``builtins=False``)
    and ``plugins``, and nothing else installed.

    Each of ``plugins`` is a module or object with ``@hookimpl`` functions (named as
    ``Engine(plugins=[...])`` names it: a module by its entry point's name when its
    distribution is installed, else by the last part of its name), or a mapping of
    plugin name to plugin (``{"my-clinic": my_clinic}``). With ``strict=True`` (the
    default) any plugin fault raises :class:`~lowback.PluginError`, so a broken plugin
    fails the test.
    A name given twice, or a built-in's name, is a ``ValueError``.
    """
    given: dict[str, object] = builtin_plugins() if builtins else {}
    taken = set(given)
    for item in plugins:
        pairs = named(item) if isinstance(item, Mapping) else named([item])
        for name, plugin in pairs:
            if name in taken:
                raise ValueError(f"{name!r} is a built-in plugin's name; name yours otherwise")
            if name in given:
                raise ValueError(f"plugin name {name!r} is given twice; give each plugin its own")
            given[name] = plugin
    return Engine(plugins=given, strict=strict)


def context(**fields: Any) -> Context:
    """A :class:`~lowback.Context` from keyword fields, validated as lowback validates input.

    ``screened`` is True unless given, so the routine is not led by the warning
    for people who have not answered the safety screen. Invalid fields raise
    :class:`~lowback.ContextError`, one line per problem.
    """
    return validate(Context, {"screened": True, **fields})


__all__ = ["builtin_plugins", "context", "engine"]
