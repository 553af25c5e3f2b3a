"""The wheel: one import name, ``lowback``, with its data, and every built-in as an entry point.

The wheel is built from a clean copy of the repository (so that a stale ``build/``
folder cannot hide a missing package, and the working tree is left alone). pip
builds it in an isolated environment, which needs setuptools from the package
index: where that cannot be fetched, these tests are skipped, saying so.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import BUILTIN_PLUGINS, ISSUE2_PLUGINS, ROOT

SOURCES = {"core": "lowback", "plugins": "lowback/plugins", "catalogues": "lowback/catalogues"}
IGNORED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.pyc",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
)
OFFLINE_SIGNS = (
    "Could not find a version that satisfies",
    "No matching distribution found",
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "Max retries exceeded",
    "ProxyError",
    "Name or service not known",
)


def _run(
    args: list[str], *, cwd: Path | None = None, path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    if path is not None:
        env["PYTHONPATH"] = str(path)
    return subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=cwd, check=False, timeout=600
    )


@pytest.fixture(scope="module")
def wheel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode:
        pytest.skip(f"pip is not available in {sys.executable}: cannot build a wheel")
    src = work / "src"
    shutil.copytree(ROOT, src, ignore=IGNORED, symlinks=True)
    out = work / "out"
    proc = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(src)])
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        if any(sign in log for sign in OFFLINE_SIGNS):
            pytest.skip(
                "cannot build the wheel offline: pip's isolated build needs setuptools "
                "from the package index, which is not reachable here"
            )
        pytest.fail(f"pip wheel failed:\n{log}")
    (wheel,) = out.glob("lowback-*.whl")
    return wheel


@pytest.fixture(scope="module")
def names(wheel_path: Path) -> set[str]:
    with zipfile.ZipFile(wheel_path) as zf:
        return set(zf.namelist())


@pytest.fixture(scope="module")
def entry_points(wheel_path: Path, names: set[str]) -> configparser.ConfigParser:
    (path,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    parser = configparser.ConfigParser(delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    with zipfile.ZipFile(wheel_path) as zf:
        parser.read_string(zf.read(path).decode("utf-8"))
    return parser


def test_wheel_holds_lowback_its_plugins_data_and_py_typed(names: set[str]) -> None:
    for required in (
        "lowback/__init__.py",
        "lowback/py.typed",
        "lowback/engine.py",
        "lowback/hookspecs.py",
        "lowback/cli/__init__.py",
        "lowback/models/__init__.py",
        "lowback/pipeline/__init__.py",
        "lowback/plugins/__init__.py",
        "lowback/catalogues/__init__.py",
        "lowback/catalogues/shimada.toml",
        "lowback/catalogues/relief.toml",
    ):
        assert required in names, required


def test_nothing_lands_at_the_top_but_lowback(names: set[str]) -> None:
    tops = {name.split("/", 1)[0] for name in names}
    assert not tops & {"core", "plugins", "catalogues", "tests", "docs", "examples"}
    dist_info = {t for t in tops if t.endswith(".dist-info")}
    assert len(dist_info) == 1 and next(iter(dist_info)).startswith("lowback-")
    assert tops - dist_info == {"lowback"}


def test_every_source_file_is_in_the_wheel(names: set[str]) -> None:
    """Every module and data file of core/, plugins/, catalogues/, at its installed path.

    A subpackage missing from pyproject's ``packages`` list, or a data file missing
    from ``package-data``, shows up here.
    """
    missing = []
    for folder, installed in SOURCES.items():
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            rel = path.relative_to(ROOT / folder).as_posix()
            if folder == "core" and rel.split("/", 1)[0] in ("plugins", "catalogues"):
                continue
            if f"{installed}/{rel}" not in names:
                missing.append(f"{folder}/{rel}")
    assert not missing, f"not in the wheel: {missing}"


def test_entry_points_name_every_builtin(
    entry_points: configparser.ConfigParser, names: set[str]
) -> None:
    group = dict(entry_points["lowback"])
    assert group == BUILTIN_PLUGINS
    assert set(group) >= ISSUE2_PLUGINS
    for name, target in group.items():
        module = target.replace(".", "/") + ".py"
        assert module in names, (name, target)
        assert target.startswith(("lowback.plugins.", "lowback.catalogues.")), target
    assert dict(entry_points["console_scripts"]) == {"lowback": "lowback.cli:main"}


def test_the_installed_wheel_recommends_from_its_own_data(wheel_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    proc = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--target",
            str(target),
            str(wheel_path),
        ]
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    script = (
        "import sys, importlib\n"
        "from lowback import Engine, Context\n"
        "from lowback.catalogues import relief, shimada\n"
        "mods = [importlib.import_module(m) for m in sys.argv[1:]]\n"
        "routine = Engine(plugins=mods, strict=True).recommend("
        "Context(sitting=True, timing='after-legs'))\n"
        "print(shimada.__file__)\n"
        "print(len(routine.items))\n"
    )
    proc = _run(
        [sys.executable, "-c", script, *sorted(BUILTIN_PLUGINS.values())],
        cwd=tmp_path,
        path=target,
    )
    assert proc.returncode == 0, proc.stderr
    where, count = proc.stdout.split()
    assert Path(where).is_relative_to(target), where
    assert int(count) == 5
