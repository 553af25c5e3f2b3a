"""Open vocabularies: the terms plugins add, and the vocabulary each engine merges.

Equipment, situations, limits and target names are open. The built-in names
live in :mod:`lowback.vocab`; a plugin adds a :class:`Term` through the
``register_vocabulary`` hook. Each :class:`~lowback.Engine` holds one
:class:`Vocabulary` (built-in terms, then its plugins'), so two engines with
different plugins never share names. A name given twice (by a plugin and the
built-ins, or by two plugins) is a fault naming the plugin; the first holder
keeps it. See docs/vocabulary.md.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from .relevance import Tie, region_votes, situation_votes
from .rules import Decision, Rule, Veto
from .vocab import (
    EQUIPMENT_TEXT,
    LIMIT_TEXT,
    OPEN_FIELDS,
    SCHEMA_KEY,
    SITUATION_TEXT,
    SLUG_PATTERN,
    TARGET_ALIASES,
    TARGETS,
    target_aliases,
    target_name,
)

if TYPE_CHECKING:
    from .index import CatalogueIndex
    from .models import Catalogue, Context

VocabularyName = Literal["equipment", "situation", "limit", "target"]
"""The open vocabularies."""

VOCABULARIES: tuple[str, ...] = get_args(VocabularyName)

BUILTIN = "lowback"
"""The owner of the built-in terms, as faults and ``lowback schema`` name it."""

_SLUG = re.compile(SLUG_PATTERN)
_MAX_NAME = 64
_MAX_TEXT = 300


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """One name a plugin adds to a vocabulary.

    ``vocabulary`` is ``equipment``, ``situation``, ``limit`` or ``target``;
    ``name`` a lower-case slug (``strap``); ``description`` one plain line, shown
    by ``--help`` and the docs. A situation may name the target ``regions`` it
    tightens, with the ``source`` that says so: an exercise targeting one of them
    is then voted for when the person gives the situation, and the reason cites
    ``source``. A target may have ``aliases`` (other names catalogues write).
    """

    vocabulary: str
    name: str
    description: str
    regions: tuple[str, ...] = ()
    source: str | None = None
    aliases: tuple[str, ...] = ()


def term_problem(item: object) -> str | None:
    """What is wrong with a registered term, in one line; None when it is sound."""
    if not isinstance(item, Term):
        return f"registered a {type(item).__name__}; expected a lowback.Term"
    if item.vocabulary not in VOCABULARIES:
        return f"term vocabulary {item.vocabulary!r} is not one of {', '.join(VOCABULARIES)}"
    if not _is_slug(item.name):
        return f"{item.vocabulary} name {item.name!r} is not a lower-case slug (such as 'strap')"
    if not _is_text(item.description):
        return f"{item.vocabulary} {item.name!r}: description must be 1-{_MAX_TEXT} characters"
    for field, values in (("regions", item.regions), ("aliases", item.aliases)):
        if not isinstance(values, tuple) or not all(_is_slug(v) for v in values):
            return f"{item.vocabulary} {item.name!r}: {field} must be a tuple of slugs"
    if item.regions and item.vocabulary != "situation":
        return f"{item.vocabulary} {item.name!r}: only a situation has regions"
    if item.aliases and item.vocabulary != "target":
        return f"{item.vocabulary} {item.name!r}: only a target has aliases"
    if item.regions and not _is_text(item.source):
        return f"situation {item.name!r}: regions need a source, the text that ties them to it"
    return None


def _is_slug(value: object) -> bool:
    return isinstance(value, str) and len(value) <= _MAX_NAME and bool(_SLUG.match(value))


def _is_text(value: object) -> bool:
    return isinstance(value, str) and len(value.strip()) > 0 and len(value) <= _MAX_TEXT


def _builtin_terms() -> Iterator[Term]:
    for vocabulary, texts in (
        ("equipment", EQUIPMENT_TEXT),
        ("situation", SITUATION_TEXT),
        ("limit", LIMIT_TEXT),
        ("target", TARGETS),
    ):
        for name, text in texts.items():
            yield Term(vocabulary=vocabulary, name=name, description=text)


class Vocabulary:
    """Every name of each open vocabulary, with its description and the plugin that gave it.

    ``Vocabulary()`` holds the built-in terms; the engine :meth:`add`\\ s its plugins'.
    """

    def __init__(self) -> None:
        self._terms: dict[str, dict[str, tuple[Term, str]]] = {v: {} for v in VOCABULARIES}
        self._aliases: dict[str, str] = dict(TARGET_ALIASES)
        for term in _builtin_terms():
            self._terms[term.vocabulary][term.name] = (term, BUILTIN)

    def add(self, term: object, plugin: str) -> str | None:
        """Add ``term`` from ``plugin``; the problem, in one line, if it cannot be added."""
        problem = term_problem(term)
        if problem is not None:
            return problem
        assert isinstance(term, Term)
        held = self._terms[term.vocabulary].get(term.name)
        if held is not None or (term.vocabulary == "target" and term.name in self._aliases):
            owner = held[1] if held is not None else BUILTIN
            return f"{term.vocabulary} {term.name!r} is already given by {_owner(owner)}"
        for alias in term.aliases:
            if self.target_name(alias) is not None:
                return f"target {term.name!r}: alias {alias!r} already names a target"
        for region in term.regions:
            if self.target_name(region) is None:
                return f"situation {term.name!r}: regions: {self.hint('target', region)}"
        self._terms[term.vocabulary][term.name] = (term, plugin)
        self._aliases.update(dict.fromkeys(term.aliases, term.name))
        return None

    def names(self, vocabulary: str) -> tuple[str, ...]:
        """The names of ``vocabulary``, sorted."""
        return tuple(sorted(self._terms[vocabulary]))

    def terms(self, vocabulary: str) -> tuple[Term, ...]:
        """The terms of ``vocabulary``, sorted by name."""
        held = self._terms[vocabulary]
        return tuple(held[name][0] for name in sorted(held))

    def owner(self, vocabulary: str, name: str) -> str:
        """The plugin that gave the name (``lowback`` for a built-in one)."""
        return self._terms[vocabulary][name][1]

    def describe(self, vocabulary: str, name: str) -> str:
        """The name's one-line description."""
        return self._terms[vocabulary][name][0].description

    def knows(self, vocabulary: str, name: str) -> bool:
        """Whether ``name`` is a name of ``vocabulary``."""
        return name in self._terms[vocabulary]

    def hint(self, vocabulary: str, name: str) -> str:
        """``'strp' is not a known equipment name (did you mean 'strap'?); known: ...``"""
        valid = self.names(vocabulary)
        close = difflib.get_close_matches(name, valid, n=1)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{name!r} is not a known {vocabulary} name{guess}; known: {', '.join(valid)}"

    def target_name(self, name: str) -> str | None:
        """The target name that ``name`` (a name or an alias, any case) means, or None."""
        return target_name(name, self._terms["target"], self._aliases)

    def target_aliases(self, name: str) -> tuple[str, ...]:
        """``name`` and every alias of it, sorted."""
        return target_aliases(name, self._aliases)


def _owner(plugin: str) -> str:
    return "the built-ins" if plugin == BUILTIN else f"plugin {plugin!r}"


# -- what data names must be known ------------------------------------------------------


def catalogue_problems(catalogue: Catalogue, vocabulary: Vocabulary) -> list[str]:
    """One line for each equipment, limit or situation name the catalogue uses that
    ``vocabulary`` does not know, located by exercise and rung."""
    problems = [
        f"because: situation {vocabulary.hint('situation', link.situation)}"
        for link in catalogue.because
        if not vocabulary.knows("situation", link.situation)
    ]
    for ex in catalogue.exercises:
        named: list[tuple[str, str, Iterable[str]]] = [
            (f"exercises.{ex.id}", "equipment", ex.equipment),
            (f"exercises.{ex.id}", "limit", ex.requires),
            (f"exercises.{ex.id}", "situation", (link.situation for link in ex.because)),
        ]
        for rung in ex.ladder:
            where = f"exercises.{ex.id}.ladder.{rung.id}"
            named += [(where, "equipment", rung.equipment), (where, "limit", rung.requires)]
        problems.extend(
            f"{where}: {kind} {vocabulary.hint(kind, name)}"
            for where, kind, names in named
            for name in names
            if not vocabulary.knows(kind, name)
        )
    return problems


def context_problems(context: Context, vocabulary: Vocabulary, index: CatalogueIndex) -> list[str]:
    """One line for each name the context gives that the engine does not know: equipment,
    limits, situations, and the exercises ``avoid`` names."""
    problems = [
        f"{field}: {vocabulary.hint(kind, name)}"
        for field, kind in OPEN_FIELDS.items()
        for name in getattr(context, field)
        if not vocabulary.knows(kind, name)
    ]
    problems += [
        f"avoid: {exercise_hint(name, index.entries)}"
        for name in context.avoid
        if not avoided(name, index.entries)
    ]
    return problems


def avoided(name: str, keys: Iterable[str]) -> tuple[str, ...]:
    """The exercise keys ``name`` means: the key itself (``shimada/frog-stretch``), or every
    exercise of that id (``frog-stretch``) in any catalogue."""
    return tuple(k for k in keys if name in (k, k.rpartition("/")[2]))


def exercise_hint(name: str, keys: Iterable[str]) -> str:
    """``'frog-strech' is not an exercise id (did you mean 'frog-stretch'?)``"""
    ids = sorted({*keys, *(k.rpartition("/")[2] for k in keys)})
    close = difflib.get_close_matches(name, ids, n=1)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{name!r} is not an exercise id{guess}; 'lowback exercises' lists them"


# -- a plugin's situation, voted for like the built-in ones ---------------------------


class SituationRule(Rule):
    """Votes for what a plugin's situation is linked or tied to, when the person gives it.

    The engine makes one for each situation term with regions, under the term's
    plugin, as ``plugin:situation-NAME``; each region is tied with the term's source.
    """

    def __init__(self, term: Term, vocabulary: Vocabulary) -> None:
        self.term = term
        self.vocabulary = vocabulary
        self.id = f"situation-{term.name}"
        self.summary = (
            f"Situation {term.name}: what catalogues link to it, and what works "
            f"{', '.join(term.regions)}."
        )
        self.ties = tuple(Tie(region, article=term.source or "") for region in term.regions)

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        name = self.term.name
        if name not in context.situations:
            return
        fact = f"situations includes {name}"
        yield from situation_votes(index, name, fact)
        yield from region_votes(
            index,
            name,
            fact,
            self.ties,
            names=self.vocabulary.target_name,
        )


class LimitRule(Rule):
    """Rules out what needs a plugin's limit, when the person gives it.

    The engine makes one for each limit term, under the term's plugin, as
    ``plugin:limit-NAME``: as with the built-in limits, a ruled-out rung moves the
    exercise down its ladder, and a ruled-out exercise is swapped or left out.
    """

    def __init__(self, term: Term) -> None:
        self.term = term
        self.id = f"limit-{term.name}"
        self.summary = f"Limit {term.name}: rule out what needs it, step down the ladder or swap."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        name = self.term.name
        if name not in context.limits:
            return
        fact = f"limits includes {name}"
        said = f"You said {self.term.description.rstrip('.')} ({name})"
        for need in index.needing(name):
            # Named, so that a stand-in's reason, which quotes this, is not misread.
            what = need.entry.exercise.name
            if need.rung is None:
                text = f"{said}, and the {what} needs it."
                yield Veto(exercise=need.entry.key, fact=fact, text=text)
            else:
                text = f"{said}, and the {what}'s variation '{need.rung.name}' needs it."
                yield Veto(exercise=need.entry.key, fact=fact, text=text, rung=need.rung.id)


def term_rule(term: object, vocabulary: Vocabulary) -> Rule | None:
    """The rule a plugin's term brings: one for a limit, one for a situation with regions."""
    if isinstance(term, Term) and term.vocabulary == "limit":
        return LimitRule(term)
    if isinstance(term, Term) and term.vocabulary == "situation" and term.regions:
        return SituationRule(term, vocabulary)
    return None


# -- JSON Schema --------------------------------------------------------------------------


def with_enums(schema: Any, vocabulary: Vocabulary) -> Any:
    """``schema`` with each vocabulary-marked string replaced by an enum of the engine's
    names (built-in and plugins'), so that editors offer them."""
    if isinstance(schema, list):
        return [with_enums(item, vocabulary) for item in schema]
    if not isinstance(schema, Mapping):
        return schema
    kind = schema.get(SCHEMA_KEY)
    if isinstance(kind, str) and kind in VOCABULARIES:
        return {"type": "string", "enum": list(vocabulary.names(kind))}
    return {key: with_enums(value, vocabulary) for key, value in schema.items()}


__all__ = [
    "SCHEMA_KEY",
    "VOCABULARIES",
    "LimitRule",
    "SituationRule",
    "Term",
    "Vocabulary",
    "VocabularyName",
    "avoided",
    "catalogue_problems",
    "context_problems",
    "exercise_hint",
    "term_rule",
    "with_enums",
]
