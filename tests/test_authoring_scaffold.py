"""Issue 18, scaffolds: ``lowback new catalogue`` and ``lowback new rule`` give packages
that pass ruff, mypy --strict and their own tests unmodified, refuse a built-in's
name, and name their module after the plugin so two of them load side by side."""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from lowback import Engine

from conftest import ROOT, run_lowback

KINDS = ("catalogue", "rule")


def _run(
    args: list[str], cwd: Path, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOWBACK_")}
    env["LOWBACK_HOME"] = os.environ.get("LOWBACK_HOME", str(cwd / "home"))
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def scaffolds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``lowback new catalogue my-clinic`` and ``lowback new rule my-rule``, as generated."""
    parent = tmp_path_factory.mktemp("scaffolds")
    made = {}
    for kind, name in (("catalogue", "my-clinic"), ("rule", "my-rule")):
        out = run_lowback(["new", kind, name, "--dir", str(parent)])
        assert out.returncode == 0, out.stderr
        made[kind] = parent / f"lowback-{name}"
    return made


def _sources(package: Path) -> list[str]:
    return sorted(str(p) for p in package.rglob("*.py"))


@pytest.mark.parametrize("kind", KINDS)
def test_scaffold_passes_its_own_tests_unmodified(scaffolds: dict[str, Path], kind: str) -> None:
    package = scaffolds[kind]
    proc = _run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=package,
        pythonpath=package / "src",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " passed" in proc.stdout


@pytest.mark.parametrize("kind", KINDS)
def test_scaffold_passes_ruff(scaffolds: dict[str, Path], kind: str) -> None:
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff is not installed here")
    for args in (["check", "."], ["format", "--check", "."]):
        proc = _run([sys.executable, "-m", "ruff", *args], cwd=scaffolds[kind])
        assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_scaffold_passes_mypy_strict(scaffolds: dict[str, Path], kind: str) -> None:
    pytest.importorskip("mypy")
    sources = _sources(scaffolds[kind])
    assert any(p.endswith("my_clinic.py") or p.endswith("my_rule.py") for p in sources)
    proc = _run([sys.executable, str(ROOT / ".ci" / "typecheck.py"), *sources], cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture
def on_path(scaffolds: dict[str, Path]) -> Iterator[None]:
    added = [str(package / "src") for package in scaffolds.values()]
    sys.path[:0] = added
    yield
    for entry in added:
        sys.path.remove(entry)
    for name in [m for m in sys.modules if m.startswith(("lowback_my_clinic", "lowback_my_rule"))]:
        del sys.modules[name]


def test_two_scaffolds_load_together_under_their_own_names(on_path: None) -> None:
    clinic = importlib.import_module("lowback_my_clinic.my_clinic")
    rule = importlib.import_module("lowback_my_rule.my_rule")
    engine = Engine(plugins=[clinic, rule], strict=True)
    assert [p.name for p in engine.plugins] == ["my_clinic", "my_rule"]
    assert [c.catalogue.id for c in engine.catalogues] == ["my-clinic"]
    assert [b.ref for b in engine.rules] == ["my_rule:example"]


def test_the_rule_scaffold_installs_and_is_listed(
    scaffolds: dict[str, Path], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    proc = _run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), "."],
        cwd=scaffolds["rule"],
    )
    if proc.returncode != 0:
        pytest.skip(f"pip could not build the package here: {proc.stderr.strip()[-300:]}")
    listed = run_lowback(["plugins"], path=site)
    assert listed.returncode == 0, listed.stderr
    assert "rule: my-rule:example: Long sitting" in listed.stdout
    routine = run_lowback(["recommend", "--sitting", "--explain"], path=site)
    assert "my-rule:example" in routine.stdout


BUILTINS = sorted(
    ep.name for ep in metadata.distribution("lowback").entry_points if ep.group == "lowback"
)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", BUILTINS)
def test_a_builtin_name_is_refused(kind: str, name: str, tmp_path: Path) -> None:
    out = run_lowback(["new", kind, name, "--dir", str(tmp_path)])
    assert out.returncode == 2
    assert f"{name!r} is the name of a built-in plugin" in out.stderr
    assert len(out.stderr.splitlines()) == 1 and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["class", "2fast", "My-Clinic"])
def test_a_name_that_cannot_be_a_module_is_refused(name: str, tmp_path: Path) -> None:
    out = run_lowback(["new", "rule", name, "--dir", str(tmp_path)])
    assert out.returncode == 2
    assert "'NAME'" in out.stderr and "'my-clinic'" in out.stderr
    assert list(tmp_path.iterdir()) == []
