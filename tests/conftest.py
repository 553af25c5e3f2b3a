"""Shared fixtures: one engine over the installed built-ins, and a CLI runner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from lowback import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The built-in plugins, found through the installed entry points, loaded strictly.

    Its routine cache is off, so that every call in a test runs the pipeline
    (tests/test_engine_cache.py tests the cache)."""
    return Engine(strict=True).load()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# -- third-party plugins on disk, and lowback in a subprocess ----------------------

import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def write_dist(
    site: Path,
    dist: str,
    version: str,
    entry_points: dict[str, str],
    files: dict[str, str],
) -> Path:
    """Lay out an installed-looking distribution in ``site``: modules plus a dist-info.

    importlib.metadata finds it when ``site`` is on sys.path, exactly as it finds
    a pip-installed package, so lowback sees its entry points.
    """
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = ["[lowback]", *(f"{k} = {v}" for k, v in entry_points.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return site


def run_lowback(
    args: list[str], *, path: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m lowback ARGS`` with ``path`` prepended to PYTHONPATH."""
    # Drop LOWBACK_* settings, but keep the test's LOWBACK_HOME: never the real home.
    full = {
        k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_") or k == "LOWBACK_HOME"
    }
    if path is not None:
        full["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(path), full.get("PYTHONPATH", "")) if p
        )
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "lowback", *args],
        capture_output=True,
        text=True,
        env=full,
        check=False,
        timeout=120,
    )


@pytest.fixture
def make_dist(tmp_path: Path) -> Callable[..., Path]:
    """``make_dist(dist, version, entry_points, files)`` -> a site folder holding it."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)

    def make(dist: str, version: str, entry_points: dict[str, str], files: dict[str, str]) -> Path:
        return write_dist(site, dist, version, entry_points, files)

    return make


# -- the built-ins, given explicitly (no entry-point scan) -------------------------


def _declared_plugins() -> dict[str, str]:
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as handle:
        return dict(tomllib.load(handle)["project"]["entry-points"]["lowback"])


BUILTIN_PLUGINS: dict[str, str] = _declared_plugins()
"""Entry-point name -> module of every built-in plugin (as pyproject.toml declares them)."""

ISSUE2_PLUGINS: frozenset[str] = frozenset(
    {
        "shimada",
        "relief",
        "general",
        "sitting",
        "lifting",
        "timing",
        "limits",
        "equipment",
        "budget",
    }
)
"""The built-ins issue 2 asks for; later issues add more."""


def builtin_modules() -> list[object]:
    """The built-in plugin modules, imported, sorted by name."""
    from importlib import import_module

    return [import_module(BUILTIN_PLUGINS[name]) for name in sorted(BUILTIN_PLUGINS)]


@pytest.fixture(scope="session")
def builtins() -> Engine:
    """Exactly the built-ins, given explicitly: another installed plugin cannot change results.

    Its routine cache is off, as for :func:`engine`."""
    return Engine(plugins=builtin_modules(), strict=True).load()


@pytest.fixture(autouse=True)
def _lowback_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test keeps lowback's own files (profile, history) in a fresh folder.

    No test reads or writes the real user's profile or history.
    """
    home = tmp_path_factory.mktemp("lowback-home")
    monkeypatch.setenv("LOWBACK_HOME", str(home))
    monkeypatch.delenv("LOWBACK_TODAY", raising=False)
    monkeypatch.delenv("LOWBACK_SESSION_SPEED", raising=False)
    return home
