"""The benchmarks compare like with like, and ``python -m benchmarks --quick`` runs.

Nothing here is timed: the runner's own report judges the targets (docs/performance.md).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from lowback import Context, Engine

ROOT = Path(__file__).resolve().parent.parent


def _benchmarks(name: str) -> ModuleType:
    # benchmarks/ is not installed: import it from the repository root.
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(ROOT))
        return importlib.import_module(f"benchmarks.{name}")


reference = _benchmarks("reference")
synthetic = _benchmarks("synthetic")


@pytest.fixture(scope="module")
def builtin_engine() -> Engine:
    return Engine(plugins=synthetic.builtin_plugins(), strict=True).load()


@pytest.mark.parametrize("fields", reference.CONTEXTS, ids=lambda f: str(f) or "empty")
def test_reference_gives_the_engines_items(fields: dict[str, Any], builtin_engine: Engine) -> None:
    context = Context(**fields)
    routine = builtin_engine.recommend(context)
    engine_choices = [(item.exercise, item.variation.id) for item in routine.items]
    assert reference.routine(context, reference.load()) == engine_choices


def test_quick_run_exits_0() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
