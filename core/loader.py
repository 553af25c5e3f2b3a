"""Finding, blocking and loading plugins: the one place that knows how plugins arrive.

Plugins are found through the ``lowback`` entry-point group (the built-ins
too, under the distribution ``lowback``), or given to the engine as a list.
A blocked plugin, or one left out by ``only``, is never imported. Every
failure (an import error, a misspelled hook, a hook that raises, a name
taken, a ``SystemExit`` or other exit raised by the plugin, a call that does
not return within the time limit of :mod:`lowback.guard`) is reported through
the ``fault`` callback with the plugin's name and loading goes on with the
others. Only the user's Ctrl-C goes through.

Hooks are called through pluggy, once per plugin, so that everything a plugin
registers can be stamped with its name; ``LOWBACK_TRACE_PLUGINS=1`` prints
every call, its plugin and what it registered (pluggy's hook-call monitoring).
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from . import hookspecs
from .errors import CatalogueDataError
from .guard import Interrupted, TimedOut, limited

ENTRY_POINT_GROUP = hookspecs.PROJECT
BUILTIN_DISTRIBUTION = "lowback"
TRACE_ENV = "LOWBACK_TRACE_PLUGINS"
VOCABULARY_HOOK = "register_vocabulary"
"""The hook called for every plugin before the others: a catalogue may use a name that
another plugin adds."""
HOOKS = ("register_catalogues", "register_rules", "register_screening_questions")
"""The hooks called after the vocabulary's, in the order they are called for each plugin."""
ALL_HOOKS = (VOCABULARY_HOOK, *HOOKS)
"""Every hook lowback has (``lowback.hookspecs``), as a misspelt hook's hint lists them."""
FILE_PREFIX = "file:"
"""A catalogue file given to the engine is the plugin ``file:`` + its file name."""
LOCAL_FOLDER = "catalogues"
"""The folder of local catalogue files, in lowback's data folder."""

Fault = Callable[[str, str, str], None]
"""``fault(plugin, kind, message)``: report a problem with a plugin and go on."""


@dataclass(frozen=True, slots=True)
class Found:
    """A plugin found through the entry-point group, not yet imported."""

    name: str
    value: str
    distribution: str | None
    version: str | None

    def load(self) -> object:
        """Import the plugin and return the object the entry point names."""
        return metadata.EntryPoint(self.name, self.value, ENTRY_POINT_GROUP).load()


def installed() -> list[Found]:
    """Every entry point of the ``lowback`` group, sorted by name; nothing is imported."""
    found = []
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        name = dist.metadata["Name"] if dist is not None else None
        version = dist.version if dist is not None else None
        found.append(Found(ep.name, ep.value, name, version))
    return sorted(found, key=lambda f: (f.name, f.distribution or "", f.value))


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
    questions: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    """The vocabulary names it added, as ``vocabulary:name`` (``equipment:strap``)."""


def local_catalogues() -> list[Path]:
    """The user's local catalogue files, sorted by name: the ``.toml`` and ``.json``
    files of ``catalogues/`` in lowback's data folder (``LOWBACK_HOME/catalogues``
    when ``LOWBACK_HOME`` is set). No folder, no files; a folder that cannot be read
    raises :class:`OSError`."""
    from .storage.paths import data_dir

    folder = data_dir() / LOCAL_FOLDER
    try:
        paths = list(folder.iterdir())
    except FileNotFoundError:
        return []
    wanted = (".toml", ".json")
    return sorted(
        (p for p in paths if p.suffix.lower() in wanted and not p.name.startswith(".")),
        key=lambda p: p.name,
    )


class CatalogueFile:
    """A catalogue file loaded as a plugin of its own: its hook registers the file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookspecs.hookimpl
    def register_catalogues(self, register: hookspecs.RegisterCatalogue) -> None:
        """Register the file; it is read and validated as any plugin's file is."""
        register(self.path)


class Registrar:
    """The ``register`` callback one plugin's hook is called with: keeps what it gives."""

    def __init__(self) -> None:
        self.given: list[object] = []

    def __call__(self, item: object) -> None:
        self.given.append(item)


class PluginLoader:
    """A pluggy plugin manager with lowback's hookspecs, and the plugins registered in it."""

    def __init__(
        self, fault: Fault, *, block: Iterable[str] = (), only: Iterable[str] | None
    ) -> None:
        self.fault = fault
        self.only = frozenset(only) if only is not None else None
        self.infos: dict[str, PluginInfo] = {}
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        for name in sorted(set(block)):
            self.pm.set_blocked(name)
        if os.environ.get(TRACE_ENV, "").strip() not in ("", "0"):
            self.pm.add_hookcall_monitoring(_trace_before, _trace_after)

    def wanted(self, name: str) -> bool:
        """False for a blocked plugin, or one that ``only`` leaves out."""
        return not self.pm.is_blocked(name) and (self.only is None or name in self.only)

    def load_installed(self) -> None:
        """Import and register every wanted plugin of the entry-point group.

        A built-in's name cannot be taken: an entry point of another
        distribution with that name is a fault, and is not imported.
        """
        found = installed()
        builtins = {f.name for f in found if f.distribution == BUILTIN_DISTRIBUTION}
        for plugin in found:
            if not self.wanted(plugin.name):
                continue
            if plugin.name in builtins and plugin.distribution != BUILTIN_DISTRIBUTION:
                self.fault(
                    plugin.name,
                    "clash",
                    f"distribution {plugin.distribution!r} gives an entry point named "
                    f"{plugin.name!r}, the name of a built-in plugin; it is not loaded",
                )
                continue
            if plugin.name in self.infos:
                held = self.infos[plugin.name].distribution
                self.fault(
                    plugin.name,
                    "clash",
                    f"distributions {held!r} and {plugin.distribution!r} both give a plugin "
                    f"named {plugin.name!r}; the one from {plugin.distribution!r} is not loaded",
                )
                continue
            try:
                with limited():
                    obj = plugin.load()
            except Interrupted:
                raise
            except TimedOut as exc:
                self.fault(plugin.name, "timeout", f"import of {plugin.value} {exc}")
                continue
            except BaseException as exc:  # any import failure is the plugin's, SystemExit too
                self.fault(plugin.name, "import", f"cannot import {plugin.value}: {exc!r}")
                continue
            info = PluginInfo(plugin.name, plugin.version, plugin.distribution, plugin.value)
            self.register(obj, info)

    def load_given(self, given: Sequence[object] | Mapping[str, object]) -> None:
        """Register exactly the plugins ``given``; no entry point is scanned."""
        found: dict[str, tuple[str | None, str | None]] = {}  # by top-level package
        for name, obj in named(given):
            if not self.wanted(name):
                continue
            module = obj.__name__ if isinstance(obj, ModuleType) else type(obj).__module__
            top = module.partition(".")[0]
            if top not in found:
                found[top] = distribution_of(top)
            dist, version = found[top]
            self.register(obj, PluginInfo(name, version, dist, module))

    def load_files(self, paths: Iterable[Path]) -> None:
        """Register each catalogue file as the plugin ``file:NAME`` (NAME its file name).

        The same file given twice is loaded once; two files of one name are a clash
        naming both, and the second is not loaded.
        """
        held: dict[str, Path] = {}
        for path in paths:
            name = FILE_PREFIX + path.name
            if not self.wanted(name):
                continue
            if name in held:
                if held[name] != path.resolve():
                    self.fault(
                        name,
                        "clash",
                        f"{path} has the file name of {held[name]}; {path} is not loaded",
                    )
                continue
            held[name] = path.resolve()
            self.register(CatalogueFile(path), PluginInfo(name, module=str(path)))

    def register(self, obj: object, info: PluginInfo) -> None:
        """Register one plugin under ``info.name``; a name given twice is a fault."""
        if info.name in self.infos:
            self.fault(info.name, "clash", f"a plugin named {info.name!r} is already registered")
            return
        try:
            with limited():  # pluggy reads every attribute: a property is the plugin's code
                self.pm.register(obj, name=info.name)
        except Interrupted:
            raise
        except TimedOut as exc:
            self.fault(info.name, "timeout", f"registering the plugin {exc}")
            return
        except BaseException as exc:  # pluggy rejects bad hook signatures; a property may raise
            shown = str(exc) if isinstance(exc, pluggy.PluginValidationError) else repr(exc)
            self.fault(info.name, "hook", f"cannot register: {shown}")
            return
        callers = self.pm.get_hookcallers(obj) or ()
        info.hooks = tuple(sorted(caller.name for caller in callers))
        self.infos[info.name] = info

    def check_pending(self) -> None:
        """Unregister, with a fault, every plugin that implements a hook lowback does not have."""
        while True:
            try:
                self.pm.check_pending()
            except pluggy.PluginValidationError as exc:
                name = self.pm.get_name(exc.plugin) or repr(exc.plugin)
                callers = self.pm.get_hookcallers(exc.plugin) or ()
                unknown = sorted(c.name for c in callers if not c.has_spec())
                self.pm.unregister(exc.plugin)
                self.infos.pop(name, None)
                self.fault(name, "hook", f"{_unknown_hooks(unknown)}; the plugin is not loaded")
            else:
                return

    def call(self, hook: str, name: str) -> list[object] | None:
        """Call plugin ``name``'s ``hook`` (if it has one) through pluggy.

        Returns what it registered, or None when the hook raised (a fault).
        """
        if hook not in self.infos[name].hooks:
            return []
        others = [p for n, p in self.pm.list_name_plugin() if n != name]
        registrar = Registrar()
        try:
            with limited():
                returned = self.pm.subset_hook_caller(hook, remove_plugins=others)(
                    register=registrar
                )
        except CatalogueDataError as exc:
            for problem in exc.problems:
                self.fault(name, "data", f"{exc.where}: {problem}")
            return None
        except Interrupted:
            raise
        except TimedOut as exc:
            self.fault(name, "timeout", f"{hook}() {exc}")
            return None
        except BaseException as exc:  # the plugin's bug (SystemExit too), reported with its name
            self.fault(name, "hook", f"{hook}() raised {exc!r}")
            return None
        for value in returned:  # pluggy leaves out None; anything else is a mistake
            self.fault(
                name,
                "hook",
                f"{hook}() returned a {type(value).__name__}, which lowback ignores; "
                "give each item to register(...) instead",
            )
        return registrar.given


def named(given: Sequence[object] | Mapping[str, object]) -> list[tuple[str, object]]:
    """``(name, plugin)`` pairs sorted by name: a mapping's keys; for a module, the name of
    the entry point its distribution publishes it under (else the module's last name
    part); for an object, its ``name`` attribute (else its class name, lower-cased)."""
    if isinstance(given, Mapping):
        return sorted(given.items(), key=lambda kv: kv[0])
    pairs = []
    for plugin in given:
        if isinstance(plugin, ModuleType):
            name = entry_point_name(plugin.__name__) or plugin.__name__.rpartition(".")[2]
        else:
            name = getattr(plugin, "name", None) or type(plugin).__name__.lower()
        pairs.append((str(name), plugin))
    return sorted(pairs, key=lambda kv: kv[0])


def entry_point_name(module: str) -> str | None:
    """The name under which the distribution of ``module``'s top-level package publishes
    ``module`` in the ``lowback`` entry-point group, so that a plugin passed to
    ``Engine(plugins=[...])`` has the name it has when installed; None when it has none."""
    try:
        dist = metadata.distribution(module.partition(".")[0])
    except (metadata.PackageNotFoundError, ValueError):
        return None
    names = sorted(
        ep.name for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP and ep.value == module
    )
    return names[0] if names else None


def distribution_of(package: str) -> tuple[str | None, str | None]:
    """The installed distribution named like the top-level ``package``, and its version.

    Gives a plugin passed in explicitly the version stamp it has when found
    through its entry point (``lowback.plugins.sitting`` -> ``lowback``).
    """
    try:
        dist = metadata.distribution(package)
    except (metadata.PackageNotFoundError, ValueError):
        return None, None
    return dist.metadata["Name"], dist.version


def _unknown_hooks(names: list[str]) -> str:
    parts = []
    for hook in names:
        close = difflib.get_close_matches(hook, ALL_HOOKS, n=1)
        parts.append(f"{hook!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    shown = ", ".join(parts) or "a hook"
    return f"implements {shown}, not a lowback hook (the hooks: {', '.join(sorted(ALL_HOOKS))})"


def describe(item: object) -> str:
    """What a plugin registered, in a few words (for the trace)."""
    from .rules import Rule
    from .screening import Question
    from .terms import Term

    if isinstance(item, Rule):
        return f"rule {item.id!r}"
    if isinstance(item, Term):
        return f"term {item.vocabulary}:{item.name}"
    if isinstance(item, Question):
        return f"screening question {item.id!r} ({item.tier})"
    if isinstance(item, str | os.PathLike):
        return f"catalogue file {os.fspath(item)}"
    ident = getattr(item, "id", None)
    return f"catalogue {ident!r}" if isinstance(ident, str) else f"a {type(item).__name__}"


def _trace_before(hook: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, Any]) -> None:
    for impl in impls:
        sys.stderr.write(f"lowback: trace: {hook}() -> plugin {impl.plugin_name!r}\n")


def _trace_after(
    outcome: pluggy.Result[Any],
    hook: str,
    impls: Sequence[pluggy.HookImpl],
    kwargs: Mapping[str, Any],
) -> None:
    names = ", ".join(repr(impl.plugin_name) for impl in impls)
    if outcome.exception is not None:
        sys.stderr.write(
            f"lowback: trace: {hook}() <- plugin {names} raised {outcome.exception!r}\n"
        )
        return
    registrar = kwargs.get("register")
    given = registrar.given if isinstance(registrar, Registrar) else []
    shown = ", ".join(describe(item) for item in given) or "nothing"
    sys.stderr.write(f"lowback: trace: {hook}() <- plugin {names} registered {shown}\n")
