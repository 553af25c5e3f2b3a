"""Every shell and Python example in docs/progress.md works when pasted."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

DOC = (ROOT / "docs" / "progress.md").read_text(encoding="utf-8")
SHELL = re.findall(r"```sh\n(.*?)```", DOC, flags=re.S)
PYTHON = re.findall(r"```python\n(.*?)```", DOC, flags=re.S)
NEEDS_A_TERMINAL = "# needs a terminal"


def test_the_doc_has_examples() -> None:
    assert len(SHELL) >= 7 and PYTHON
    assert any(NEEDS_A_TERMINAL in block for block in SHELL)


@pytest.mark.skipif(shutil.which("bash") is None, reason="the examples are bash")
@pytest.mark.parametrize("number", range(len(SHELL)))
def test_shell_example_runs(number: int, tmp_path: Path, _lowback_home: Path) -> None:
    script = "\n".join(line for line in SHELL[number].splitlines() if NEEDS_A_TERMINAL not in line)
    env = {
        **os.environ,
        "PATH": os.pathsep.join((os.path.dirname(sys.executable), os.environ.get("PATH", ""))),
        "LOWBACK_HOME": str(_lowback_home),
        "LOWBACK_TODAY": "2024-01-04",
        "LOWBACK_SESSION_SPEED": "100000",
        "TMPDIR": str(tmp_path),
    }
    proc = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, f"{script}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    assert "Traceback" not in proc.stderr


def test_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    for block in PYTHON:
        exec(compile(block, "docs/progress.md", "exec"), {})
    assert capsys.readouterr().out.strip().endswith("medium")
