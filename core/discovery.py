"""Finding plugins through the ``lowback`` entry-point group, without importing them.

Kept free of pydantic and the engine so that ``lowback --version`` can list
plugins at the cost of reading package metadata only, and free of
importlib.metadata at import time: :func:`discover_cached` answers from a small
file when the installed distributions have not changed, and importing
importlib.metadata alone costs more than the rest of ``lowback --version``.

The file is written with :mod:`marshal`, the format of Python's own ``.pyc``
files: the interpreter has it loaded already (json would cost ``--version``
about a tenth more), the file sits in the user's own cache folder as
``__pycache__`` files sit beside their modules, and its format belongs to the
Python version, which is part of the key.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from importlib import metadata

ENTRY_POINT_GROUP = "lowback"

CACHE_FORMAT = 1
"""The layout of the cache file; a file with another number is rebuilt."""


class PluginSource:
    """A plugin found through the entry-point group, not yet imported.

    It holds only text, so it can come from the entry-point cache as well as
    from importlib.metadata; :meth:`load` imports the plugin. (A plain class: a
    NamedTuple costs ``lowback --version`` a compilation at import.)
    """

    __slots__ = ("distribution", "group", "name", "value", "version")

    def __init__(
        self,
        name: str,
        value: str,
        distribution: str | None,
        version: str | None,
        group: str = ENTRY_POINT_GROUP,
    ) -> None:
        self.name = name
        self.value = value
        self.distribution = distribution
        self.version = version
        self.group = group

    def _values(self) -> tuple[str, str, str | None, str | None, str]:
        return (self.name, self.value, self.distribution, self.version, self.group)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PluginSource):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return (
            f"PluginSource(name={self.name!r}, value={self.value!r}, "
            f"distribution={self.distribution!r}, version={self.version!r}, group={self.group!r})"
        )

    @property
    def entry_point(self) -> metadata.EntryPoint:
        """The entry point itself (this imports importlib.metadata)."""
        from importlib import metadata

        return metadata.EntryPoint(name=self.name, value=self.value, group=self.group)

    def load(self) -> Any:
        """Import the plugin and return the object the entry point names."""
        return self.entry_point.load()


def discover(group: str = ENTRY_POINT_GROUP) -> list[PluginSource]:
    """Every entry point in ``group``, sorted by name; nothing is imported."""
    from importlib import metadata

    found: list[PluginSource] = []
    # ``dist.metadata`` and ``dist.version`` each parse METADATA again: read it once
    # per distribution (one distribution usually gives several entry points).
    names: dict[int, tuple[str | None, str | None]] = {}
    for ep in metadata.entry_points(group=group):
        dist = ep.dist
        if dist is None:
            name = version = None
        else:
            if id(dist) not in names:
                meta = dist.metadata
                names[id(dist)] = (meta["Name"], meta["Version"])
            name, version = names[id(dist)]
        found.append(
            PluginSource(
                name=ep.name, value=ep.value, distribution=name, version=version, group=group
            )
        )
    return sorted(found, key=lambda p: (p.name, p.value))


# -- the entry-point cache ------------------------------------------------------------


def _search_path() -> list[str]:
    """sys.path as importlib.metadata searches it, with relative entries made
    absolute: "" is the working folder, so one sys.path can mean many folders."""
    cwd: str | None = None
    entries = []
    for item in sys.path:
        try:
            entry = os.fspath(item)
        except TypeError:  # sys.path may hold anything; importlib.metadata skips it too
            continue
        if not isinstance(entry, str):
            continue
        if not os.path.isabs(entry):
            try:
                cwd = cwd or os.getcwd()
            except OSError:  # the working folder was removed: nothing to find there
                pass
            else:
                entry = os.path.normpath(os.path.join(cwd, entry))
        entries.append(entry)
    return entries


def _name_hash(text: str) -> str:
    # A CRC, not hashlib (which loads OpenSSL, more than the rest of the cache costs
    # ``--version``). The hash only keeps environments apart in a shared folder; the
    # key inside the file decides whether it is used, so a clash costs a rescan,
    # never a wrong answer.
    import zlib

    return f"{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}"


def _info_names(names: list[str]) -> list[str]:
    """The ``*.dist-info`` and ``*.egg-info`` among ``names``, sorted."""
    return sorted(n for n in names if n.endswith((".dist-info", ".egg-info")))


def cache_file(folder: str | os.PathLike[str], group: str = ENTRY_POINT_GROUP) -> str:
    """The cache file :func:`discover_cached` uses in ``folder`` for this environment.

    Its name carries a hash of the interpreter prefix, the search path as
    written and the group, so environments sharing one cache folder each keep
    their own file. A relative entry (``python -m lowback`` puts the working
    folder first, as ``""``) counts as written, not resolved: runs from many
    folders share one file, whose key tells them apart, rather than leaving a
    file behind in the cache folder for every folder lowback was run from.
    """
    return _cache_file(folder, group)


def _cache_file(folder: str | os.PathLike[str], group: str) -> str:
    written = [item for item in sys.path if isinstance(item, str)]
    text = "\0".join([sys.prefix, group, *written])
    return os.path.join(os.fspath(folder), f"entry-points-{_name_hash(text)}.marshal")


def cache_key(group: str = ENTRY_POINT_GROUP) -> list[Any]:
    """What the installed entry points depend on, as plain data (lists, strings, numbers).

    It changes whenever a distribution can have been installed, removed or
    upgraded, or its entry points edited: the interpreter's version and prefix,
    the search path, and for every folder on it its modification time (pip adds
    and removes ``*.dist-info`` folders) plus the name of every ``*.dist-info``
    and ``*.egg-info`` in it with the time and size of its ``entry_points.txt``
    (an edit in place). A zip file on the path counts by its own time.
    """
    return _cache_key(group, _search_path())


def _cache_key(group: str, entries: list[str]) -> list[Any]:
    folders: list[Any] = []
    for entry in entries:
        try:
            st = os.stat(entry)
        except OSError:
            folders.append([entry, None])
            continue
        infos: list[Any] = []
        if stat.S_ISDIR(st.st_mode):
            try:
                names = _info_names(os.listdir(entry))
            except OSError:
                names = []
            for name in names:
                try:
                    ep = os.stat(f"{entry}{os.sep}{name}{os.sep}entry_points.txt")
                except OSError:  # none (or not a folder): no entry points
                    infos.append([name, None, None])
                else:
                    infos.append([name, ep.st_mtime_ns, ep.st_size])
        folders.append([entry, st.st_mtime_ns, infos])
    # Not sys.executable: python and python3 are one interpreter, and would
    # otherwise take turns rewriting one file.
    return [sys.version, sys.prefix, group, folders]


def _read_cache(file: str, key: list[Any], group: str) -> list[PluginSource] | None:
    """The sources the file holds for ``key``, or None for any problem at all."""
    try:
        with open(file, "rb") as handle:
            data = marshal.load(handle)
    # Absent, unreadable, cut short, not marshal data.
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    format_ = data.get("format")
    if type(format_) is not int or format_ != CACHE_FORMAT:
        return None
    if data.get("lowback") != __version__ or data.get("key") != key:
        return None
    rows = data.get("sources")
    if not isinstance(rows, list):
        return None
    sources = []
    for row in rows:
        if not isinstance(row, dict):
            return None
        name, value = row.get("name"), row.get("value")
        dist, version = row.get("distribution"), row.get("version")
        if not (isinstance(name, str) and isinstance(value, str)):
            return None
        if not (dist is None or isinstance(dist, str)):
            return None
        if not (version is None or isinstance(version, str)):
            return None
        sources.append(PluginSource(name, value, dist, version, group))
    return sources


def _write_cache(file: str, key: list[Any], sources: list[PluginSource]) -> None:
    """Write the cache atomically; give up quietly when the folder cannot take it."""
    import tempfile
    from contextlib import suppress

    data = {
        "format": CACHE_FORMAT,
        "lowback": __version__,
        "key": key,
        "sources": [
            {"name": s.name, "value": s.value, "distribution": s.distribution, "version": s.version}
            for s in sources
        ],
    }
    payload = marshal.dumps(data)
    folder = os.path.dirname(file)
    # Read-only home, full disk...: the cache only saves time, and the command
    # must work without it.
    with suppress(OSError):
        os.makedirs(folder, exist_ok=True)
        # A temporary file in the same folder, then a rename: another lowback
        # reading at the same time sees the old file or the new, never half of one.
        fd, temp = tempfile.mkstemp(prefix=".entry-points-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(temp, file)
        except BaseException:
            with suppress(OSError):
                os.unlink(temp)
            raise


def discover_cached(
    folder: str | os.PathLike[str], group: str = ENTRY_POINT_GROUP
) -> list[PluginSource]:
    """:func:`discover`, remembered in a file in ``folder`` until the environment changes.

    The file (:func:`cache_file`) is used only when its :func:`cache_key`, its
    format and lowback's version all match; otherwise (absent, unreadable,
    corrupt, stale) :func:`discover` runs and the file is rewritten. A file that
    cannot be written is no error. On a hit importlib.metadata is not imported.
    The command line uses this; :class:`~lowback.Engine` alone calls
    :func:`discover` and writes nothing.
    """
    entries = _search_path()
    file = _cache_file(folder, group)
    # The key is taken before the scan: a distribution installed in between
    # leaves a key that no longer matches, so the next run scans again.
    key = _cache_key(group, entries)
    sources = _read_cache(file, key, group)
    if sources is None:
        sources = discover(group)
        _write_cache(file, key, sources)
    return sources
