"""lowback: short, explained routines to release lower-back tension.

>>> from lowback import Engine, Context
>>> routine = Engine().recommend(Context(sitting=True, timing="after-legs"))

Names are imported on first use, so ``import lowback`` (and ``lowback
--version``) stays cheap: pydantic and the plugins load only when needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Engine": "lowback.engine",
    "PluginInfo": "lowback.engine",
    "Context": "lowback.models",
    "Routine": "lowback.models",
    "RoutineItem": "lowback.models",
    "Reason": "lowback.models",
    "Catalogue": "lowback.models",
    "Exercise": "lowback.models",
    "Variation": "lowback.models",
    "Dose": "lowback.models",
    "Source": "lowback.models",
    "Rule": "lowback.rules",
    "Vote": "lowback.rules",
    "SetAside": "lowback.rules",
    "Veto": "lowback.rules",
    "ChooseRung": "lowback.rules",
    "SetDose": "lowback.rules",
    "Drop": "lowback.rules",
    "hookimpl": "lowback.hookspecs",
    "hookspec": "lowback.hookspecs",
    "LowbackError": "lowback.errors",
    "ContextError": "lowback.errors",
    "InvalidDataError": "lowback.errors",
    "CatalogueDataError": "lowback.errors",
    "PluginError": "lowback.errors",
    "PluginFault": "lowback.errors",
    "NoCatalogueError": "lowback.errors",
}

__all__ = [
    "Catalogue",
    "CatalogueDataError",
    "ChooseRung",
    "Context",
    "ContextError",
    "Dose",
    "Drop",
    "Engine",
    "Exercise",
    "InvalidDataError",
    "LowbackError",
    "NoCatalogueError",
    "PluginError",
    "PluginFault",
    "PluginInfo",
    "Reason",
    "Routine",
    "RoutineItem",
    "Rule",
    "SetAside",
    "SetDose",
    "Source",
    "Variation",
    "Veto",
    "Vote",
    "__version__",
    "hookimpl",
    "hookspec",
]

if TYPE_CHECKING:
    from .engine import Engine, PluginInfo
    from .errors import (
        CatalogueDataError,
        ContextError,
        InvalidDataError,
        LowbackError,
        NoCatalogueError,
        PluginError,
        PluginFault,
    )
    from .hookspecs import hookimpl, hookspec
    from .models import (
        Catalogue,
        Context,
        Dose,
        Exercise,
        Reason,
        Routine,
        RoutineItem,
        Source,
        Variation,
    )
    from .rules import ChooseRung, Drop, Rule, SetAside, SetDose, Veto, Vote


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lowback' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
