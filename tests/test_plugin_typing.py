"""Plugin packages type-check: the scaffolds' and the example's mypy settings load the
pydantic plugin (so ``Dose(...)`` and ``Context(...)`` pass ``mypy --strict``), and the
example's code passes ``mypy --strict``; the example marks its inferred positions."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from lowback import Engine

from conftest import ROOT, run_lowback

EXAMPLE = ROOT / "examples" / "lowback-hipsfirst"


def _mypy_plugins(pyproject: Path) -> list[str]:
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return list(config["tool"]["mypy"].get("plugins", []))


@pytest.mark.parametrize("kind", ["catalogue", "rule"])
def test_a_scaffold_checks_lowback_models_as_lowback_does(kind: str, tmp_path: Path) -> None:
    out = run_lowback(["new", kind, "my-thing", "--dir", str(tmp_path)])
    assert out.returncode == 0, out.stderr
    plugins = _mypy_plugins(tmp_path / "lowback-my-thing" / "pyproject.toml")
    assert "pydantic.mypy" in plugins
    assert set(_mypy_plugins(ROOT / "pyproject.toml")) <= set(plugins)


def test_the_example_checks_lowback_models_and_passes_mypy_strict() -> None:
    assert "pydantic.mypy" in _mypy_plugins(EXAMPLE / "pyproject.toml")
    pytest.importorskip("mypy")
    sources = sorted(str(p) for p in (EXAMPLE / "src").rglob("*.py"))
    proc = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "typecheck.py"), *sources],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_example_marks_its_positions_as_its_own_reading() -> None:
    sys.path.insert(0, str(EXAMPLE / "src"))
    try:
        from lowback_hipsfirst import catalogue
    finally:
        sys.path.remove(str(EXAMPLE / "src"))
    engine = Engine(plugins={"hipsfirst": catalogue}, strict=True)
    entries = engine.index.all()
    assert entries and all("position" in e.exercise.ours for e in entries)
