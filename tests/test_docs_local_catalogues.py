"""The guides say what the code does: docs/embedding.md names every ``Context`` field,
and docs/plugins.md's local-catalogue steps run, as written, without a warning."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from lowback import Context

from conftest import ROOT, run_lowback

PLUGINS = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
EMBEDDING = (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")


def test_the_embedding_guide_names_every_context_field() -> None:
    start = EMBEDDING.index("`Context` fields:")
    listed = EMBEDDING[start : EMBEDDING.index("\n\n", start)]
    missing = [name for name in Context.model_fields if f"`{name}`" not in listed]
    assert missing == []


def _section(title: str) -> str:
    start = PLUGINS.index(title)
    return PLUGINS[start : PLUGINS.index("\n### ", start + 1)]


def test_the_local_catalogue_steps_run_as_written_without_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example,) = re.findall(r"```toml\n(format = 1\n.*?)```", PLUGINS, flags=re.S)
    (steps,) = re.findall(r"```sh\n(.*?)```", _section("### Local catalogues"), flags=re.S)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "desk.toml").write_text(example, encoding="utf-8")
    data = os.environ["LOWBACK_HOME"]
    ran = []
    for line in steps.splitlines():
        command = shlex.split(line.split("#")[0].replace("~/.local/share/lowback", data))
        match command:
            case ["lowback", *args]:
                out = run_lowback(args)
                assert out.returncode == 0 and "warning" not in out.stderr, (line, out.stderr)
                ran.append(args)
            case ["mkdir", "-p", folder]:
                Path(folder).mkdir(parents=True, exist_ok=True)
            case ["mv" | "cp" as verb, source, folder]:
                (shutil.move if verb == "mv" else shutil.copy)(source, folder)
            case _:
                raise AssertionError(f"a step this test does not know: {line}")
    # One copy is left, the one loaded: a copy left here, named again with --catalogue,
    # would clash with it and its edits would not be seen.
    assert not (tmp_path / "desk.toml").exists()
    assert (Path(data) / "catalogues" / "desk.toml").exists()
    assert ran[-1][0] == "recommend" and "--catalogue" not in ran[-1]
