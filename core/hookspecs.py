"""The lowback plugin contract: four hooks, each called with a ``register`` callback.

A plugin is any module or object with functions marked ``@hookimpl``, published
through the ``lowback`` entry-point group (the built-ins come the same way).
Each hook is called once per :class:`~lowback.Engine`, the first time it needs
its plugins, and never again: do the work there, not at import time.

Registering through a callback (rather than returning values) lets the engine
stamp everything a plugin gives with the plugin's name, so that ids never
silently overwrite each other and every reason can say where it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .models import Catalogue
    from .rules import Rule
    from .screening import Question
    from .terms import Term

PROJECT = "lowback"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

RegisterCatalogue = Callable[["Catalogue | Path | str"], None]
"""The ``register`` callback of :func:`register_catalogues`."""
RegisterRule = Callable[["Rule"], None]
"""The ``register`` callback of :func:`register_rules`."""
RegisterQuestion = Callable[["Question"], None]
"""The ``register`` callback of :func:`register_screening_questions`."""
RegisterTerm = Callable[["Term"], None]
"""The ``register`` callback of :func:`register_vocabulary`."""


@hookspec
def register_catalogues(register: RegisterCatalogue) -> None:
    """Give the engine catalogues.

    Called once per engine, when it first loads its plugins. Call
    ``register(item)`` once per catalogue, where ``item`` is a
    :class:`~lowback.models.Catalogue` or the path of a ``.toml`` or ``.json``
    file holding one (validated by the same model). Returns nothing. A
    catalogue id given by two plugins is a fault naming both.
    """


@hookspec
def register_rules(register: RegisterRule) -> None:
    """Give the engine rules.

    Called once per engine, when it first loads its plugins. Call
    ``register(rule)`` once per :class:`~lowback.rules.Rule` instance. A rule's
    ``decide`` and ``review`` are called on every recommendation and must be
    pure: no I/O, no state kept between calls. Returns nothing. The rule is
    known as ``plugin:rule-id``; one plugin giving the same rule id twice is a fault.
    """


@hookspec
def register_screening_questions(register: RegisterQuestion) -> None:
    """Add questions to the safety screen.

    Called once per engine, when it first loads its plugins. Call
    ``register(question)`` once per :class:`~lowback.screening.Question`: a
    yes/no question about a sign that, answered yes, calls for emergency care
    (``tier="urgent"``) or for a clinician first (``tier="clinician"``). Its
    flag is ``plugin:question-id``: ``lowback screen`` and the first routine in
    a terminal ask it after the core's questions of the same tier, and
    ``--red-flag plugin:question-id`` gives it as a flag. A plugin can only add
    questions: the core's are always asked and always honoured. Returns nothing.
    """


@hookspec
def register_vocabulary(register: RegisterTerm) -> None:
    """Add names to the open vocabularies: equipment, situations, limits, target names.

    Called once per engine, before any plugin's catalogues are read, so that a
    catalogue may use a name another plugin adds. Call ``register(term)`` once
    per :class:`~lowback.Term`, such as
    ``Term(vocabulary="equipment", name="strap", description="a yoga strap or belt")``.
    The names become values of ``--equipment``, ``--situation`` and ``--limit``, shell
    completions, JSON Schema enums and profile fields. A situation with ``regions``
    and a ``source`` is voted for like the built-in ones: what targets a region gets
    a vote citing the source, from the rule ``plugin:situation-NAME``. A name already
    given (built-in, or by another plugin) is a fault naming the plugin; the first
    holder keeps it. Returns nothing. See docs/vocabulary.md.
    """
