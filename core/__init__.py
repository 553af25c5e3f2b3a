"""lowback: short, explained routines to release lower-back tension.

>>> from lowback import Engine, Context
>>> routine = Engine().recommend(Context(sitting=True, timing="after-legs"))

Everything an embedder or a plugin author needs is importable from here. The
names are imported on first use (PEP 562), so that ``lowback --help`` and
``--version``, which import this package, do not load pydantic or the plugins.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    # embedding
    "Engine": "lowback.engine",
    "LoadedCatalogue": "lowback.engine",
    "PluginInfo": "lowback.loader",
    "Context": "lowback.models",
    "Routine": "lowback.models",
    "RoutineItem": "lowback.models",
    "Reason": "lowback.models",
    "Catalogue": "lowback.models",
    "Exercise": "lowback.models",
    "Variation": "lowback.models",
    "Dose": "lowback.models",
    "Source": "lowback.models",
    # writing plugins
    "hookimpl": "lowback.hookspecs",
    "hookspec": "lowback.hookspecs",
    "RegisterCatalogue": "lowback.hookspecs",
    "RegisterRule": "lowback.hookspecs",
    "RegisterQuestion": "lowback.hookspecs",
    "RegisterTerm": "lowback.hookspecs",
    "Question": "lowback.screening",
    "Term": "lowback.terms",
    "Vocabulary": "lowback.terms",
    "Rule": "lowback.rules",
    "Decision": "lowback.rules",
    "DraftItem": "lowback.rules",
    "Vote": "lowback.rules",
    "SetAside": "lowback.rules",
    "Veto": "lowback.rules",
    "ChooseRung": "lowback.rules",
    "SetDose": "lowback.rules",
    "Drop": "lowback.rules",
    "Halt": "lowback.rules",
    "Note": "lowback.rules",
    "ScheduleNote": "lowback.rules",
    "CatalogueIndex": "lowback.index",
    "Entry": "lowback.index",
    # errors
    "LowbackError": "lowback.errors",
    "ContextError": "lowback.errors",
    "InvalidDataError": "lowback.errors",
    "CatalogueDataError": "lowback.errors",
    "PluginError": "lowback.errors",
    "PluginFault": "lowback.errors",
    "NoCatalogueError": "lowback.errors",
}

__all__ = [*_EXPORTS, "__version__"]

if TYPE_CHECKING:
    from .engine import Engine as Engine
    from .engine import LoadedCatalogue as LoadedCatalogue
    from .errors import CatalogueDataError as CatalogueDataError
    from .errors import ContextError as ContextError
    from .errors import InvalidDataError as InvalidDataError
    from .errors import LowbackError as LowbackError
    from .errors import NoCatalogueError as NoCatalogueError
    from .errors import PluginError as PluginError
    from .errors import PluginFault as PluginFault
    from .hookspecs import RegisterCatalogue as RegisterCatalogue
    from .hookspecs import RegisterQuestion as RegisterQuestion
    from .hookspecs import RegisterRule as RegisterRule
    from .hookspecs import RegisterTerm as RegisterTerm
    from .hookspecs import hookimpl as hookimpl
    from .hookspecs import hookspec as hookspec
    from .index import CatalogueIndex as CatalogueIndex
    from .index import Entry as Entry
    from .loader import PluginInfo as PluginInfo
    from .models import Catalogue as Catalogue
    from .models import Context as Context
    from .models import Dose as Dose
    from .models import Exercise as Exercise
    from .models import Reason as Reason
    from .models import Routine as Routine
    from .models import RoutineItem as RoutineItem
    from .models import Source as Source
    from .models import Variation as Variation
    from .rules import ChooseRung as ChooseRung
    from .rules import Decision as Decision
    from .rules import DraftItem as DraftItem
    from .rules import Drop as Drop
    from .rules import Halt as Halt
    from .rules import Note as Note
    from .rules import Rule as Rule
    from .rules import ScheduleNote as ScheduleNote
    from .rules import SetAside as SetAside
    from .rules import SetDose as SetDose
    from .rules import Veto as Veto
    from .rules import Vote as Vote
    from .screening import Question as Question
    from .terms import Term as Term
    from .terms import Vocabulary as Vocabulary


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lowback' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
