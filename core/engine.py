"""The engine: owns a plugin manager, loads plugins lazily, and runs the pipeline."""

from __future__ import annotations

import functools
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import pluggy

from . import hookspecs
from .collector import paused
from .discovery import PluginSource, discover
from .errors import CatalogueDataError, InvalidDataError, NoCatalogueError, PluginError, PluginFault
from .index import CatalogueIndex, Entry
from .loading import read_catalogue_file, validate_catalogue
from .models import Catalogue, Context, Routine
from .pipeline import BoundRule, Records, recommend
from .rules import Rule

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(slots=True)
class PluginInfo:
    """A plugin as the engine knows it, and what it contributed."""

    name: str
    version: str | None = None
    distribution: str | None = None
    module: str | None = None
    hooks: tuple[str, ...] = ()
    catalogues: list[str] = field(default_factory=list)
    exercises: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


class LoadedCatalogue(NamedTuple):
    """A catalogue and the plugin that gave it."""

    catalogue: Catalogue
    plugin: str
    plugin_version: str | None


class Engine:
    """Builds routines from the catalogues and rules its plugins give.

    ``Engine()`` finds plugins through the ``lowback`` entry-point group.
    ``Engine(plugins=[...])`` (a list of modules or objects, or a mapping of
    name to plugin) uses exactly those and scans nothing, for embedding and
    tests. ``Engine(sources=[...])`` takes entry points already found (a list of
    :class:`~lowback.discovery.PluginSource`, as the command line reads them from
    its cache) instead of scanning; it is ignored when ``plugins`` is given.
    ``block`` names plugins never to import; ``only`` names the only
    ones to import. Plugins are loaded on first use. In non-strict mode a
    failing plugin is skipped and kept in :attr:`faults`; with ``strict=True``
    it raises :class:`~lowback.PluginError`.

    An engine is safe to share between threads once loaded; loading itself is
    guarded by a lock.

    Rules are pure functions of the context and the loaded catalogues, and an
    engine's plugins never change once loaded, so the engine keeps the routines
    of the last ``cache_size`` distinct contexts and gives a repeated context its
    routine again without running the pipeline (about a microsecond, against
    hundreds for a new context). ``cache_size=0`` turns this off.

    A call makes many short-lived objects and no garbage cycles, so the engine
    pauses Python's cyclic garbage collector while it builds a routine and
    restores it after (see :mod:`lowback.collector`); with large catalogues the
    collector otherwise took more than half of every call. ``pause_gc=False``
    (or setting the attribute) leaves the collector alone.
    """

    def __init__(
        self,
        plugins: Sequence[object] | Mapping[str, object] | None = None,
        *,
        block: Iterable[str] = (),
        only: Iterable[str] | None = None,
        strict: bool = False,
        cache_size: int = 256,
        sources: Sequence[PluginSource] | None = None,
        pause_gc: bool = True,
    ) -> None:
        if cache_size < 0:
            raise InvalidDataError("Engine", [f"cache_size: must be 0 or more, not {cache_size}"])
        self._given = plugins
        self._sources = list(sources) if sources is not None else None
        self._block = frozenset(block)
        self._only = frozenset(only) if only is not None else None
        self.strict = strict
        self.pause_gc = pause_gc
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self._lock = threading.Lock()
        self._loaded = False
        self._faults: list[PluginFault] = []
        self._fault_texts: set[str] = set()
        self._infos: dict[str, PluginInfo] = {}
        self._catalogues: dict[str, LoadedCatalogue] = {}
        self._rules: list[BoundRule] = []
        self._index: CatalogueIndex | None = None
        self._used: tuple[str, ...] = ()
        self._records: Records | None = None
        self._cache_size = cache_size
        self._routines: OrderedDict[Context, Routine] = OrderedDict()

    # -- loading ---------------------------------------------------------------

    def load(self) -> Engine:
        """Import and register the plugins and collect what they give (once)."""
        if self._loaded:
            return self
        with self._lock:
            if not self._loaded:
                self._load()
                self._loaded = True
        return self

    def _fault(self, plugin: str, kind: str, *messages: str) -> None:
        """Keep a fault per message; in strict mode raise them all at once."""
        faults = [PluginFault(plugin, kind, m) for m in messages]
        if self.strict:
            raise PluginError(plugin, *(f"({kind}) {m}" for m in messages))
        self._faults.extend(faults)

    def _wanted(self, name: str) -> bool:
        if name in self._block:
            return False
        return self._only is None or name in self._only

    def _load(self) -> None:
        for name in sorted(self._block):
            self._pm.set_blocked(name)
        if self._given is None:
            for source in discover() if self._sources is None else self._sources:
                if self._wanted(source.name):
                    self._import(source)
        else:
            for name, plugin in self._named(self._given):
                if self._wanted(name):
                    module = _module_of(plugin)
                    dist, version = _distribution_of(module)
                    info = PluginInfo(name=name, version=version, distribution=dist, module=module)
                    self._register(name, plugin, info)
        for name in sorted(self._infos):
            self._collect(name)
        rules = sorted(self._rules, key=lambda b: b.ref)
        self._rules = rules
        self._index = CatalogueIndex(
            Entry(f"{lc.catalogue.id}/{ex.id}", ex, lc.catalogue, lc.plugin, lc.plugin_version)
            for lc in self._catalogues.values()
            for ex in lc.catalogue.exercises
        )
        self._records = Records.for_exercises(len(self._index))
        self._used = tuple(
            f"{info.name}=={info.version}" if info.version else info.name
            for info in (self._infos[n] for n in sorted(self._infos))
        )

    @staticmethod
    def _named(given: Sequence[object] | Mapping[str, object]) -> list[tuple[str, object]]:
        if isinstance(given, Mapping):
            return sorted(given.items(), key=lambda kv: kv[0])
        named = []
        for plugin in given:
            if isinstance(plugin, ModuleType):
                name = plugin.__name__.rpartition(".")[2]
            else:
                name = getattr(plugin, "name", None) or type(plugin).__name__.lower()
            named.append((str(name), plugin))
        return sorted(named, key=lambda kv: kv[0])

    def _import(self, source: PluginSource) -> None:
        try:
            plugin = source.entry_point.load()
        except Exception as exc:  # any import failure is the plugin's, named as such
            self._fault(source.name, "import", f"cannot import {source.value}: {exc!r}")
            return
        info = PluginInfo(
            name=source.name,
            version=source.version,
            distribution=source.distribution,
            module=source.value,
        )
        self._register(source.name, plugin, info)

    def _register(self, name: str, plugin: object, info: PluginInfo) -> None:
        if name in self._infos:
            self._fault(name, "clash", f"a plugin named {name!r} is already registered")
            return
        try:
            self._pm.register(plugin, name=name)
        except Exception as exc:  # pluggy rejects unknown hooks and bad signatures
            self._fault(name, "hook", f"cannot register: {exc}")
            return
        info.hooks = tuple(sorted(caller.name for caller in self._pm.get_hookcallers(plugin) or ()))
        self._infos[name] = info

    def _impl(self, hook: str, name: str) -> Any:
        caller = getattr(self._pm.hook, hook)
        for impl in caller.get_hookimpls():
            if impl.plugin_name == name:
                return impl.function
        return None

    def _collect(self, name: str) -> None:
        info = self._infos[name]
        fn = self._impl("register_catalogues", name)
        if fn is not None:
            given: list[object] = []
            if self._run_hook(name, "register_catalogues", fn, given.append):
                for item in given:
                    self._add_catalogue(info, item)
        fn = self._impl("register_rules", name)
        if fn is not None:
            rules: list[object] = []
            if self._run_hook(name, "register_rules", fn, rules.append):
                for rule in rules:
                    self._add_rule(info, rule)

    def _run_hook(self, name: str, hook: str, fn: Any, register: Any) -> bool:
        try:
            fn(register=register)
        except CatalogueDataError as exc:
            self._fault(name, "data", *(f"{exc.where}: {p}" for p in exc.problems))
            return False
        except Exception as exc:  # the plugin's bug, reported with its name
            self._fault(name, "hook", f"{hook}() raised {exc!r}")
            return False
        return True

    def _add_catalogue(self, info: PluginInfo, item: object) -> None:
        try:
            if isinstance(item, Catalogue):
                catalogue = item
            elif isinstance(item, str | Path):
                catalogue = read_catalogue_file(Path(item))
            elif isinstance(item, Mapping):
                catalogue = validate_catalogue(item, f"catalogue from {info.name}")
            else:
                self._fault(
                    info.name,
                    "data",
                    (
                        f"registered a {type(item).__name__}; expected a Catalogue, "
                        "a path to a .toml or .json file, or a mapping"
                    ),
                )
                return
        except CatalogueDataError as exc:
            self._fault(info.name, "data", *(f"{exc.where}: {p}" for p in exc.problems))
            return
        held = self._catalogues.get(catalogue.id)
        if held is not None:
            self._fault(
                info.name,
                "clash",
                (
                    f"catalogue id {catalogue.id!r} is already given by plugin {held.plugin!r}; "
                    f"the one from {info.name!r} is ignored"
                ),
            )
            return
        self._catalogues[catalogue.id] = LoadedCatalogue(catalogue, info.name, info.version)
        info.catalogues.append(catalogue.id)
        info.exercises.extend(f"{catalogue.id}/{ex.id}" for ex in catalogue.exercises)

    def _add_rule(self, info: PluginInfo, rule: object) -> None:
        if not isinstance(rule, Rule):
            self._fault(
                info.name,
                "data",
                (f"registered a {type(rule).__name__}; expected an instance of lowback.rules.Rule"),
            )
            return
        if not isinstance(rule.id, str) or not _SLUG.match(rule.id):
            self._fault(info.name, "data", f"rule id {rule.id!r} is not a lower-case slug")
            return
        ref = f"{info.name}:{rule.id}"
        if any(b.ref == ref for b in self._rules):
            self._fault(info.name, "clash", f"rule id {rule.id!r} is given twice")
            return
        self._rules.append(BoundRule(ref, info.name, info.version, rule))
        info.rules.append(ref)

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
        return tuple(self._infos[n] for n in sorted(self._infos))

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
    def index(self) -> CatalogueIndex:
        """The index of every loaded exercise."""
        self.load()
        assert self._index is not None
        return self._index

    # -- recommending ----------------------------------------------------------

    def recommend(self, context: Context) -> Routine:
        """Build the routine for ``context``. Same context, same routine, byte for byte."""
        index = self.index
        if not self._catalogues:
            raise NoCatalogueError(
                "no catalogue is loaded: every catalogue plugin is blocked, failed, or missing"
            )
        if self._cache_size:
            with self._lock:
                cached = self._routines.get(context)
                if cached is not None:
                    self._routines.move_to_end(context)
                    return cached
        with paused() if self.pause_gc else nullcontext():
            routine, faults = recommend(context, index, self._rules, self._used, self._records)
        for fault in faults:
            if self.strict:
                raise fault.error()
            with self._lock:
                # A rule that fails fails on every call: keep each fault once.
                if str(fault) not in self._fault_texts:
                    self._fault_texts.add(str(fault))
                    self._faults.append(fault)
        if self._cache_size:
            with self._lock:
                self._routines[context] = routine
                if len(self._routines) > self._cache_size:
                    self._routines.popitem(last=False)
        return routine


def _distribution_of(module: str | None) -> tuple[str | None, str | None]:
    """The installed distribution (and its version) that provides ``module``, if any.

    Gives a plugin passed in explicitly the same version stamp it has when found
    through its entry point, so both ways produce the same routine JSON.
    """
    if not module:
        return None, None
    return _distribution_of_top(module.partition(".")[0])


@functools.cache
def _distribution_of_top(top: str) -> tuple[str | None, str | None]:
    # packages_distributions() reads every installed package's metadata: cached per
    # process, since installed packages do not change under a running program.
    from importlib import metadata

    names = _packages_distributions().get(top, [])
    for dist in sorted(set(names)):
        try:
            return dist, metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return None, None


@functools.cache
def _packages_distributions() -> dict[str, list[str]]:
    from importlib import metadata

    return dict(metadata.packages_distributions())


def _module_of(plugin: object) -> str | None:
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    return type(plugin).__module__


__all__ = ["Engine", "LoadedCatalogue", "PluginInfo"]
