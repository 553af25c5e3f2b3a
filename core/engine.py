"""The engine: owns a plugin loader, collects what the plugins give, and runs the pipeline."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import (
    CatalogueDataError,
    ContextError,
    NoCatalogueError,
    PluginError,
    PluginFault,
)
from .guard import time_limit, watching
from .index import CatalogueIndex, Entry
from .loader import FILE_PREFIX, HOOKS, PluginInfo, PluginLoader
from .loading import read_catalogue_file, validate_catalogue
from .models import Catalogue, Context, Routine
from .pipeline import BoundRule, recommend
from .rules import Rule, signature_problem
from .screening import Question, flag_problems, question_problem
from .terms import (
    Term,
    Vocabulary,
    catalogue_problems,
    context_problems,
    term_problem,
    term_rule,
)
from .vocab import SLUG_PATTERN

_SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True, slots=True)
class LoadedCatalogue:
    """A catalogue, the plugin that gave it, and the file it was read from (if any)."""

    catalogue: Catalogue
    plugin: str
    plugin_version: str | None
    path: Path | None = None


class Engine:
    """Builds routines from the catalogues and rules its plugins give.

    ``Engine()`` finds plugins through the ``lowback`` entry-point group.
    ``Engine(plugins=[...])`` (a list of modules or objects, or a mapping of
    name to plugin) uses exactly those and scans nothing, for embedding and
    tests. ``block`` names plugins never to import; ``only`` names the only
    ones to import. ``catalogues`` names catalogue files (``.toml`` or ``.json``)
    to load beside the plugins, each as the plugin ``file:NAME`` (its file name),
    after every other plugin, so a file cannot take a plugin's catalogue id.
    Plugins are loaded on first use (or by :meth:`load`).

    In non-strict mode a failing plugin, or a rule's unsound decision, is left
    out and kept in :attr:`faults`; with ``strict=True`` loading, or a
    recommendation, raises :class:`~lowback.PluginError` reporting every fault
    it met. A plugin that does not return within ``LOWBACK_PLUGIN_TIMEOUT``
    seconds (:mod:`lowback.guard`: 10 unless set, 0 for no limit; read when
    the engine is made) raises it in either mode.

    An engine is safe to share between threads: loading is guarded by a lock,
    and a recommendation reads only what loading built.
    """

    def __init__(
        self,
        plugins: Sequence[object] | Mapping[str, object] | None = None,
        *,
        block: Iterable[str] = (),
        only: Iterable[str] | None = None,
        strict: bool = False,
        catalogues: Iterable[str | Path] = (),
    ) -> None:
        self.strict = strict
        self._limit = time_limit()
        self._error: PluginError | None = None
        self._given = plugins
        self._files = tuple(Path(path) for path in catalogues)
        self._loader = PluginLoader(self._fault, block=block, only=only)
        self._lock = threading.Lock()
        self._faults_lock = threading.Lock()
        self._loaded = False
        self._faults: list[PluginFault] = []
        self._catalogues: dict[str, LoadedCatalogue] = {}
        self._rules: list[BoundRule] = []
        self._index = CatalogueIndex(())
        self._used: tuple[str, ...] = ()
        self._questions: dict[str, Question] = {}
        self._vocabulary = Vocabulary()

    # -- loading ---------------------------------------------------------------

    def load(self) -> Engine:
        """Import and register the plugins and collect what they give (once)."""
        if self._loaded:
            return self
        with self._lock:
            if self._error is not None:  # a failed load is not tried again half-done
                raise self._error
            if not self._loaded:
                with watching(self._limit):
                    self._load()
                self._error = self._stopping(self._faults)
                if self._error is not None:
                    raise self._error
                self._loaded = True
        return self

    def _fault(self, plugin: str, kind: str, message: str) -> None:
        """Keep a fault (:meth:`_stopping` judges them once loading or a call is over)."""
        fault = PluginFault(plugin=plugin, kind=kind, message=message)
        with self._faults_lock:
            # A rule that fails fails on every call: keep each fault once.
            if fault not in self._faults:
                self._faults.append(fault)

    def _stopping(self, faults: Sequence[PluginFault]) -> PluginError | None:
        """The error ``faults`` make, if any: in strict mode any fault, all reported
        at once; in either mode a time-out (a plugin that hung once hangs again)."""
        if faults and (self.strict or any(f.kind == "timeout" for f in faults)):
            return PluginError.of(faults)
        return None

    def _load(self) -> None:
        loader = self._loader
        if self._given is None:
            loader.load_installed()
        else:
            loader.load_given(self._given)
        loader.load_files(self._files)
        loader.check_pending()
        # Vocabulary first: a catalogue may use a name that another plugin adds.
        for name in sorted(loader.infos):
            self._add_terms(loader.infos[name])
        # Plugins first, then files: a file cannot take a plugin's catalogue id.
        for name in sorted(loader.infos, key=lambda n: (n.startswith(FILE_PREFIX), n)):
            self._collect(loader.infos[name])
        self._rules.sort(key=lambda bound: bound.ref)
        names = self._vocabulary.target_name
        self._index = CatalogueIndex(
            (
                Entry.of(ex, lc.catalogue, lc.plugin, lc.plugin_version, names)
                for lc in self._catalogues.values()
                for ex in lc.catalogue.exercises
            ),
            names=names,
        )
        self._used = tuple(
            f"{info.name}=={info.version}" if info.version else info.name for info in self._infos()
        )

    def _collect(self, info: PluginInfo) -> None:
        catalogues, rules, questions = (self._loader.call(hook, info.name) for hook in HOOKS)
        for item in catalogues or ():
            self._add_catalogue(info, item)
        for rule in rules or ():
            self._add_rule(info, rule)
        for question in questions or ():
            self._add_question(info, question)

    def _add_terms(self, info: PluginInfo) -> None:
        """Add a plugin's vocabulary terms; a limit, or a situation with regions, brings
        its rule (``plugin:limit-NAME``, ``plugin:situation-NAME``)."""
        for term in self._loader.call("register_vocabulary", info.name) or ():
            problem = self._vocabulary.add(term, info.name)
            if problem is not None:
                self._fault(info.name, "data" if term_problem(term) else "clash", problem)
                continue
            assert isinstance(term, Term)
            info.terms.append(f"{term.vocabulary}:{term.name}")
            if (rule := term_rule(term, self._vocabulary)) is not None:
                self._add_rule(info, rule)

    def _add_question(self, info: PluginInfo, item: object) -> None:
        problem = question_problem(item)
        if problem is not None:
            self._fault(info.name, "data", problem)
            return
        assert isinstance(item, Question)
        flag = f"{info.name}:{item.id}"
        if flag in self._questions:
            self._fault(info.name, "clash", f"screening question id {item.id!r} is given twice")
            return
        self._questions[flag] = item
        info.questions.append(flag)

    def _add_catalogue(self, info: PluginInfo, item: object) -> None:
        path = Path(item) if isinstance(item, str | Path) else None
        try:
            if isinstance(item, Catalogue):
                catalogue = item
            elif path is not None:
                catalogue = read_catalogue_file(path)
            elif isinstance(item, Mapping):
                catalogue = validate_catalogue(item, f"catalogue from {info.name}")
            else:
                self._fault(
                    info.name,
                    "data",
                    f"registered a {type(item).__name__}; expected a Catalogue, "
                    "a path to a .toml or .json file, or a mapping",
                )
                return
        except CatalogueDataError as exc:
            for problem in exc.problems:
                self._fault(info.name, "data", f"{exc.where}: {problem}")
            return
        unknown = catalogue_problems(catalogue, self._vocabulary)
        if unknown:
            where = str(path) if path is not None else f"catalogue {catalogue.id!r}"
            for problem in unknown:
                self._fault(info.name, "data", f"{where}: {problem}")
            return
        held = self._catalogues.get(catalogue.id)
        if held is not None:
            self._fault(
                info.name,
                "clash",
                f"catalogue id {catalogue.id!r} is already given by plugin {held.plugin!r}; "
                f"the one from {info.name!r} is ignored",
            )
            return
        self._catalogues[catalogue.id] = LoadedCatalogue(catalogue, info.name, info.version, path)
        info.catalogues.append(catalogue.id)
        info.exercises.extend(f"{catalogue.id}/{ex.id}" for ex in catalogue.exercises)

    def _add_rule(self, info: PluginInfo, rule: object) -> None:
        if not isinstance(rule, Rule):
            self._fault(
                info.name,
                "data",
                f"registered a {type(rule).__name__}; expected an instance of lowback.Rule",
            )
            return
        if not isinstance(rule.id, str) or not _SLUG.match(rule.id):
            self._fault(info.name, "data", f"rule id {rule.id!r} is not a lower-case slug")
            return
        ref = f"{info.name}:{rule.id}"
        if ref in info.rules:
            self._fault(info.name, "clash", f"rule id {rule.id!r} is given twice")
            return
        problem = signature_problem(rule)
        if problem is not None:
            self._fault(info.name, "data", problem)
            return
        self._rules.append(BoundRule(ref=ref, plugin=info.name, version=info.version, rule=rule))
        info.rules.append(ref)

    def _infos(self) -> list[PluginInfo]:
        infos = self._loader.infos
        return [infos[name] for name in sorted(infos)]

    # -- what is loaded --------------------------------------------------------

    @property
    def faults(self) -> tuple[PluginFault, ...]:
        """Faults met so far (loading, and rules during recommendations)."""
        self.load()
        return tuple(self._faults)

    @property
    def plugins(self) -> tuple[PluginInfo, ...]:
        """Every registered plugin, sorted by name."""
        self.load()
        return tuple(self._infos())

    @property
    def catalogues(self) -> tuple[LoadedCatalogue, ...]:
        """Every loaded catalogue, sorted by id."""
        self.load()
        return tuple(self._catalogues[c] for c in sorted(self._catalogues))

    @property
    def rules(self) -> tuple[BoundRule, ...]:
        """Every loaded rule, sorted by ``plugin:rule-id``."""
        self.load()
        return tuple(self._rules)

    @property
    def questions(self) -> Mapping[str, Question]:
        """The plugins' screening questions by flag (``plugin:question-id``), sorted."""
        self.load()
        return {flag: self._questions[flag] for flag in sorted(self._questions)}

    @property
    def vocabulary(self) -> Vocabulary:
        """Every equipment, situation, limit and target name: built-in, then plugins'."""
        self.load()
        return self._vocabulary

    @property
    def index(self) -> CatalogueIndex:
        """The index of every loaded exercise."""
        self.load()
        return self._index

    # -- recommending ----------------------------------------------------------

    def recommend(self, context: Context) -> Routine:
        """Build the routine for ``context``. Same context, same routine, byte for byte.

        A rule that raises, or returns an unsound decision, is a fault naming its
        plugin and rule: its decisions are left out (``strict``: raised). A context
        naming equipment, a limit or a situation the engine's vocabulary does not
        know, or an exercise to avoid that no catalogue has, raises
        :class:`~lowback.errors.ContextError`.
        """
        index = self.index
        if not self._catalogues:
            raise NoCatalogueError(
                "no catalogue is loaded: every catalogue plugin is blocked, failed, or missing"
            )
        unknown = context_problems(context, self._vocabulary, index)
        unknown += flag_problems(context.red_flags, self._questions, self._loader.infos)
        if unknown:
            raise ContextError("context", unknown)
        with watching(self._limit):
            routine, faults = recommend(context, index, self._rules, self._used, self._questions)
        for fault in faults:
            self._fault(fault.plugin, fault.kind, fault.message)
        error = self._stopping(faults)
        if error is not None:
            raise error
        return routine


__all__ = ["Engine", "LoadedCatalogue", "PluginError", "PluginInfo"]
