"""The entry-point cache of the command line (lowback.discovery.discover_cached).

``lowback --version`` lists the plugins from a small file keyed by the plugin
set's on-disk state, so that a hit never imports importlib.metadata. These tests
check that a hit is a hit, that every change that can alter the installed entry
points is a miss, that a bad or unwritable file is never an error, and that
library users (``Engine()``) never get a file.
"""

from __future__ import annotations

import importlib
import json
import marshal
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import lowback.discovery
import lowback.engine
import pytest
from click.testing import CliRunner
from lowback import Engine
from lowback.cli import main
from lowback.discovery import (
    CACHE_FORMAT,
    PluginSource,
    cache_file,
    cache_key,
    discover,
    discover_cached,
)
from lowback.storage import paths

from conftest import BUILTIN_PLUGINS, write_dist

REAL_DISCOVER = discover
CLEAN_ENV = {"LOWBACK_LOAD_PLUGINS": None, "LOWBACK_DISABLE_PLUGINS": None}


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the real scans: one entry (the group) per call of discover()."""
    calls: list[str] = []

    def counting(group: str = lowback.discovery.ENTRY_POINT_GROUP) -> list[PluginSource]:
        calls.append(group)
        return REAL_DISCOVER(group)

    monkeypatch.setattr(lowback.discovery, "discover", counting)
    monkeypatch.setattr(lowback.engine, "discover", counting)
    return calls


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder at the front of sys.path, where distributions can appear."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


def _touch_later(path: Path, seconds: int = 10) -> None:
    """Move ``path``'s modification time forward (file systems may keep coarse times)."""
    st_ = path.stat()
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns + seconds * 10**9))


def _add_plugin(site: Path, dist: str, name: str, module: str) -> None:
    """A distribution with one ``lowback`` entry point, as pip would leave it."""
    write_dist(site, dist, "1.0", {name: module}, {f"{module}.py": ""})
    _touch_later(site)
    importlib.invalidate_caches()  # importlib.metadata's own cache of the folder


# -- hits and misses ----------------------------------------------------------------


def test_a_miss_writes_the_file_and_the_next_call_is_a_hit(
    tmp_path: Path, scans: list[str]
) -> None:
    folder = tmp_path / "cache"
    first = discover_cached(folder)
    assert scans == ["lowback"]
    file = Path(cache_file(folder))
    assert file.parent == folder and file.is_file()
    assert file.name.startswith("entry-points-") and file.suffix == ".marshal"

    second = discover_cached(folder)
    assert scans == ["lowback"], "the second call scanned again"
    assert second == first == REAL_DISCOVER()
    assert {s.name for s in second} >= set(BUILTIN_PLUGINS)
    for source in second:
        if source.name in BUILTIN_PLUGINS:
            assert source.value == BUILTIN_PLUGINS[source.name]
            assert source.distribution == "lowback"
            assert source.version == lowback.__version__


def test_the_file_holds_format_version_key_and_sources(tmp_path: Path) -> None:
    sources = discover_cached(tmp_path)
    data = marshal.loads(Path(cache_file(tmp_path)).read_bytes())
    assert data["format"] == CACHE_FORMAT
    assert data["lowback"] == lowback.__version__
    assert data["key"] == cache_key()
    assert data["sources"] == [
        {"name": s.name, "value": s.value, "distribution": s.distribution, "version": s.version}
        for s in sources
    ]


def test_a_cached_source_loads_its_plugin(tmp_path: Path) -> None:
    discover_cached(tmp_path)
    cached = {s.name: s for s in discover_cached(tmp_path)}
    from lowback.catalogues import shimada

    assert cached["shimada"].load() is shimada
    assert cached["shimada"].entry_point.value == "lowback.catalogues.shimada"
    assert cached["shimada"].entry_point.group == "lowback"


def test_another_group_has_its_own_file(tmp_path: Path, scans: list[str]) -> None:
    assert cache_file(tmp_path, "lowback") != cache_file(tmp_path, "lowback-other")
    assert discover_cached(tmp_path, "lowback-other") == []
    assert discover_cached(tmp_path) != []
    assert discover_cached(tmp_path, "lowback-other") == []
    assert scans == ["lowback-other", "lowback"]


# -- the key ------------------------------------------------------------------------


def test_key_changes_when_a_dist_info_appears(site: Path) -> None:
    before = cache_key()
    (site / "newcomer-1.0.dist-info").mkdir()
    assert cache_key() != before


def test_key_changes_when_a_dist_info_is_renamed_within_the_same_tick(site: Path) -> None:
    """An upgrade renames the dist-info; a folder's time may not move for a quick
    change, and the entry points may be the same: the names still tell."""
    write_dist(site, "upgraded", "1.0", {"upgraded": "upgraded_mod"}, {"upgraded_mod.py": ""})
    before = cache_key()
    time_ns = site.stat().st_mtime_ns
    (site / "upgraded-1.0.dist-info").rename(site / "upgraded-1.1.dist-info")
    os.utime(site, ns=(time_ns, time_ns))
    assert cache_key() != before


def test_key_changes_when_an_egg_info_appears_or_goes(site: Path) -> None:
    before = cache_key()
    egg = site / "old_style.egg-info"
    egg.mkdir()
    with_egg = cache_key()
    assert with_egg != before
    egg.rmdir()
    assert cache_key() != with_egg


def test_key_changes_when_entry_points_txt_is_touched(site: Path) -> None:
    write_dist(site, "touched", "1.0", {"touched": "touched_mod"}, {"touched_mod.py": ""})
    before = cache_key()
    assert cache_key() == before, "the key is not stable"
    _touch_later(site / "touched-1.0.dist-info" / "entry_points.txt")
    assert cache_key() != before


def test_key_changes_when_entry_points_txt_is_edited_in_place(site: Path) -> None:
    write_dist(site, "edited", "1.0", {"edited": "edited_mod"}, {"edited_mod.py": ""})
    ep = site / "edited-1.0.dist-info" / "entry_points.txt"
    before = cache_key()
    time_ns = ep.stat().st_mtime_ns
    ep.write_text("[lowback]\nedited = edited_mod\nsecond = edited_mod\n", encoding="utf-8")
    os.utime(ep, ns=(time_ns, time_ns))  # same time: the size still tells
    assert cache_key() != before


def test_key_changes_when_sys_path_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key, file = cache_key(), cache_file(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.syspath_prepend(str(other))
    assert cache_key() != key
    assert cache_file(tmp_path) != file, "another sys.path is another environment"


def test_key_changes_when_a_zip_on_sys_path_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("mod.py", "")
    monkeypatch.syspath_prepend(str(archive))
    before = cache_key()
    _touch_later(archive)
    assert cache_key() != before


def test_relative_sys_path_entries_mean_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    monkeypatch.syspath_prepend("")
    monkeypatch.chdir(one)
    key, file = cache_key(), cache_file(tmp_path)
    monkeypatch.chdir(two)
    assert cache_key() != key
    # One file for both (no file per folder lowback is run from): the key tells
    # the two apart, so each run from the other folder is a miss, never stale.
    assert cache_file(tmp_path) == file


def test_runs_from_two_folders_share_one_file_and_each_sees_its_own_plugins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scans: list[str]
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    _add_plugin(two, "local-dist", "localplug", "localplug_mod")
    monkeypatch.syspath_prepend("")
    folder = tmp_path / "cache"
    monkeypatch.chdir(one)
    importlib.invalidate_caches()
    assert "localplug" not in {s.name for s in discover_cached(folder)}
    monkeypatch.chdir(two)
    importlib.invalidate_caches()
    assert "localplug" in {s.name for s in discover_cached(folder)}
    assert len(list(folder.iterdir())) == 1
    assert len(scans) == 2


def test_a_new_plugin_is_listed_after_install_and_gone_after_uninstall(
    tmp_path: Path, site: Path, scans: list[str]
) -> None:
    folder = tmp_path / "cache"
    assert "newplug" not in {s.name for s in discover_cached(folder)}
    _add_plugin(site, "newplug-dist", "newplug", "newplug_mod")
    listed = {s.name: s for s in discover_cached(folder)}
    assert listed["newplug"].distribution == "newplug-dist"
    assert listed["newplug"].version == "1.0"
    assert len(scans) == 2
    assert "newplug" in {s.name for s in discover_cached(folder)}
    assert len(scans) == 2, "an unchanged environment scanned again"

    import shutil

    shutil.rmtree(site / "newplug_dist-1.0.dist-info")
    _touch_later(site)
    importlib.invalidate_caches()
    assert "newplug" not in {s.name for s in discover_cached(folder)}
    assert len(scans) == 3


# -- bad files are misses, never errors ---------------------------------------------


def _rewrite(file: Path, change: Callable[[dict[str, object]], object]) -> None:
    data = marshal.loads(file.read_bytes())
    change(data)
    file.write_bytes(marshal.dumps(data))


BAD_CONTENTS: dict[str, bytes] = {
    "empty": b"",
    "garbage bytes": bytes(range(256)) * 4,
    "text": b"entry points, surely",
    "a list": marshal.dumps([1, 2, 3]),
    "a number": marshal.dumps(1),
    "half a file": marshal.dumps({"format": 1, "lowback": "0.1.0", "key": ["x" * 50]})[:-20],
    "a code object": marshal.dumps(compile("1", "<cache>", "eval")),
    "json": b'{"format": 1, "lowback": "0.1.0", "key": [], "sources": []}',
}


@pytest.mark.parametrize("content", BAD_CONTENTS.values(), ids=BAD_CONTENTS.keys())
def test_a_corrupt_file_is_a_miss_and_is_rewritten(
    tmp_path: Path, scans: list[str], content: bytes
) -> None:
    file = Path(cache_file(tmp_path))
    file.write_bytes(content)
    assert discover_cached(tmp_path) == REAL_DISCOVER()
    assert len(scans) == 1
    assert marshal.loads(file.read_bytes())["format"] == CACHE_FORMAT
    assert discover_cached(tmp_path) == REAL_DISCOVER()
    assert len(scans) == 1, "the rewritten file is not a hit"


WRONG_SHAPES: dict[str, Callable[[dict[str, object]], object]] = {
    "other format": lambda d: d.update(format=CACHE_FORMAT + 1),
    "format as text": lambda d: d.update(format=str(CACHE_FORMAT)),
    "format true": lambda d: d.update(format=True),
    "no format": lambda d: d.pop("format"),
    "other lowback": lambda d: d.update(lowback="0.0.0-other"),
    "other key": lambda d: d.update(key=["another", "environment"]),
    "sources not a list": lambda d: d.update(sources={"shimada": "lowback.catalogues.shimada"}),
    "source not an object": lambda d: d.update(sources=[["shimada", "x", None, None]]),
    "name not text": lambda d: d.update(sources=[{"name": 1, "value": "m"}]),
    "value missing": lambda d: d.update(sources=[{"name": "shimada"}]),
    "version not text": lambda d: d.update(
        sources=[{"name": "a", "value": "m", "distribution": None, "version": 1.0}]
    ),
    "distribution not text": lambda d: d.update(
        sources=[{"name": "a", "value": "m", "distribution": ["x"], "version": None}]
    ),
}


@pytest.mark.parametrize("change", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_a_file_of_the_wrong_shape_is_a_miss_and_is_rewritten(
    tmp_path: Path, scans: list[str], change: Callable[[dict[str, object]], object]
) -> None:
    discover_cached(tmp_path)
    file = Path(cache_file(tmp_path))
    _rewrite(file, change)
    assert discover_cached(tmp_path) == REAL_DISCOVER()
    assert len(scans) == 2
    assert discover_cached(tmp_path) == REAL_DISCOVER()
    assert len(scans) == 2, "the rewritten file is not a hit"


def test_a_folder_where_the_file_should_be_is_no_error(tmp_path: Path) -> None:
    Path(cache_file(tmp_path)).mkdir()
    assert discover_cached(tmp_path) == REAL_DISCOVER()
    assert discover_cached(tmp_path) == REAL_DISCOVER()


# -- a cache folder that cannot be written -----------------------------------------


def test_an_unwritable_cache_folder_still_gives_the_sources(
    tmp_path: Path, scans: list[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    folder = blocker / "cache"  # cannot be created, even by root
    assert discover_cached(folder) == REAL_DISCOVER()
    assert discover_cached(folder) == REAL_DISCOVER()
    assert len(scans) == 2
    assert blocker.read_text(encoding="utf-8") == "a file where a folder should be"


def test_a_failing_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert discover_cached(tmp_path) == REAL_DISCOVER()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root writes in read-only folders"
)
def test_a_read_only_cache_folder_still_gives_the_sources(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert discover_cached(folder) == REAL_DISCOVER()
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


# -- the helpers behind the key ----------------------------------------------------


def test_plugin_sources_compare_by_value() -> None:
    one = PluginSource("a", "m", "dist", "1.0")
    assert one == PluginSource("a", "m", "dist", "1.0", "lowback")
    assert one != PluginSource("a", "m", "dist", "1.1")
    assert len({one, PluginSource("a", "m", "dist", "1.0")}) == 1
    assert "name='a'" in repr(one)


# -- paths --------------------------------------------------------------------------


def test_cache_dir_is_lowback_home_when_set(_lowback_home: Path) -> None:
    assert paths.cache_dir() == _lowback_home
    assert paths.cache_folder() == str(_lowback_home)


def test_cache_dir_is_the_user_cache_folder_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv(paths.HOME_ENV)
    assert paths.cache_dir() == Path(platformdirs.user_cache_dir("lowback", appauthor=False))


UNSET = None
FOLDER_ENVIRONMENTS = [
    # (XDG_..._HOME, HOME): plain ones take lowback's own path, the rest platformdirs'.
    (UNSET, "/home/someone"),
    (UNSET, "/home/someone/"),
    ("/var/tmp/xdg", "/home/someone"),
    ("/var/tmp/xdg/", "/home/someone"),
    ("", "/home/someone"),
    ("   ", "/home/someone"),
    ("relative/folder", "/home/someone"),
    (UNSET, "relative-home"),
    (UNSET, ""),
    ("/var/tmp/xdg", UNSET),
]
FOLDERS = {
    "cache": ("XDG_CACHE_HOME", "user_cache_dir", lambda: paths.cache_folder()),
    "config": ("XDG_CONFIG_HOME", "user_config_dir", lambda: str(paths.config_dir())),
    "data": ("XDG_DATA_HOME", "user_data_dir", lambda: str(paths.data_dir())),
}


@pytest.mark.parametrize("kind", sorted(FOLDERS))
@pytest.mark.parametrize(("xdg", "home"), FOLDER_ENVIRONMENTS)
def test_user_folders_are_the_ones_platformdirs_names(
    monkeypatch: pytest.MonkeyPatch, kind: str, xdg: str | None, home: str | None
) -> None:
    import platformdirs

    variable, function, ours = FOLDERS[kind]
    monkeypatch.delenv(paths.HOME_ENV)
    for name, value in ((variable, xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert ours() == str(Path(getattr(platformdirs, function)("lowback", appauthor=False)))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the plain XDG path is Linux's")
def test_plain_linux_folders_do_not_import_platformdirs(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    for name in (paths.HOME_ENV, "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        env.pop(name, None)
    code = (
        "import sys; from lowback.storage import paths; print(paths.cache_folder());"
        " print(paths.config_dir()); print(paths.data_dir());"
        " print('platformdirs' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [
        str(tmp_path / "xdg" / "lowback"),
        str(tmp_path / ".config" / "lowback"),
        str(tmp_path / ".local" / "share" / "lowback"),
        "False",
    ]


@pytest.mark.parametrize(("value", "off"), [("1", True), ("yes", True), ("", False), (" ", False)])
def test_no_cache_switch(monkeypatch: pytest.MonkeyPatch, value: str, off: bool) -> None:
    monkeypatch.setenv(paths.NO_CACHE_ENV, value)
    assert paths.cache_disabled() is off


# -- the command line --------------------------------------------------------------


def _cache_files(home: Path) -> list[Path]:
    return sorted(home.glob("entry-points-*.marshal"))


def test_version_writes_the_cache_and_then_reads_it(
    runner: CliRunner, _lowback_home: Path, scans: list[str]
) -> None:
    first = runner.invoke(main, ["--version"], env=CLEAN_ENV)
    assert first.exit_code == 0, first.output
    assert len(_cache_files(_lowback_home)) == 1
    second = runner.invoke(main, ["--version"], env=CLEAN_ENV)
    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout
    assert len(scans) == 1


def test_no_cache_version_writes_no_file(
    runner: CliRunner, _lowback_home: Path, scans: list[str]
) -> None:
    result = runner.invoke(main, ["--version"], env={**CLEAN_ENV, paths.NO_CACHE_ENV: "1"})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"lowback {lowback.__version__}\n")
    assert _cache_files(_lowback_home) == []
    assert len(scans) == 1


def test_no_cache_ignores_a_stale_file(
    runner: CliRunner, _lowback_home: Path, scans: list[str]
) -> None:
    """With the switch on, not even a (wrong) file that matches is read."""
    discover_cached(_lowback_home)
    _rewrite(
        Path(cache_file(_lowback_home)),
        lambda d: d.update(sources=[{"name": "ghost", "value": "ghost_mod"}]),
    )
    # The rewritten file's key still matches: without the switch it is believed...
    stale = runner.invoke(main, ["--version"], env=CLEAN_ENV)
    assert "  ghost unknown" in stale.stdout
    # ...and with it, it is not read.
    fresh = runner.invoke(main, ["--version"], env={**CLEAN_ENV, paths.NO_CACHE_ENV: "1"})
    assert "ghost" not in fresh.stdout
    assert "  shimada " in fresh.stdout


def test_commands_build_their_engine_from_the_cache(
    runner: CliRunner, _lowback_home: Path, scans: list[str]
) -> None:
    first = runner.invoke(main, ["plugins", "--format", "json"], env=CLEAN_ENV)
    assert first.exit_code == 0, first.output
    assert len(scans) == 1 and len(_cache_files(_lowback_home)) == 1
    second = runner.invoke(main, ["plugins", "--format", "json"], env=CLEAN_ENV)
    assert second.stdout == first.stdout
    assert len(scans) == 1, "the command scanned entry points despite the cache"
    names = {row["name"] for row in json.loads(second.stdout)}
    assert names >= set(BUILTIN_PLUGINS)


def test_a_library_engine_writes_no_file(_lowback_home: Path, scans: list[str]) -> None:
    engine = Engine().load()
    assert {p.name for p in engine.plugins} >= set(BUILTIN_PLUGINS)
    assert len(scans) == 1
    assert list(_lowback_home.iterdir()) == []


def test_an_engine_takes_sources_instead_of_scanning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = [s for s in REAL_DISCOVER() if s.name in {"shimada", "sitting"}]

    def no_scan(*args: object, **kwargs: object) -> object:
        raise AssertionError("entry points were scanned")

    monkeypatch.setattr(lowback.discovery, "discover", no_scan)
    monkeypatch.setattr(lowback.engine, "discover", no_scan)
    engine = Engine(sources=sources, strict=True)
    assert [p.name for p in engine.plugins] == ["shimada", "sitting"]
    assert {p.module for p in engine.plugins} == {
        BUILTIN_PLUGINS["shimada"],
        BUILTIN_PLUGINS["sitting"],
    }
    assert all(p.version == lowback.__version__ for p in engine.plugins)


# -- in a real process -------------------------------------------------------------


def _run_version(
    home: Path, cwd: Path, *flags: str, env: dict[str, str] | None = None
) -> tuple[str, str]:
    """``python [FLAGS] -m lowback --version``: its stdout and its stderr."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_")}
    full["LOWBACK_HOME"] = str(home)
    full.update(env or {})
    proc = subprocess.run(
        [sys.executable, *flags, "-m", "lowback", "--version"],
        capture_output=True,
        text=True,
        env=full,
        cwd=cwd,  # sys.path[0]: an empty folder that nothing changes between runs
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, proc.stderr


def test_a_hit_does_not_import_importlib_metadata(tmp_path: Path) -> None:
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    miss_out, miss_err = _run_version(home, cwd, "-X", "importtime")
    assert "importlib.metadata" in miss_err, "the check below would prove nothing"
    assert len(_cache_files(home)) == 1
    hit_out, hit_err = _run_version(home, cwd, "-X", "importtime")
    assert "importlib.metadata" not in hit_err
    assert "import time:" in hit_err
    assert hit_out == miss_out
    assert hit_out.startswith(f"lowback {lowback.__version__}\n")
    assert "  shimada " in hit_out


def test_version_output_is_the_same_on_a_miss_a_hit_and_without_the_cache(
    tmp_path: Path,
) -> None:
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    miss = _run_version(home, cwd)
    hit = _run_version(home, cwd)
    off = _run_version(tmp_path / "unused", cwd, env={"LOWBACK_NO_CACHE": "1"})
    assert miss == hit == off
    assert not (tmp_path / "unused").exists()
