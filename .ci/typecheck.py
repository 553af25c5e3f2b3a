"""Run ``mypy --strict`` on core/, plugins/ and catalogues/ as the package ``lowback``.

The source folders are installed under other names (core/ as ``lowback``, plugins/
as ``lowback.plugins``...), which mypy cannot map by itself; this script lays a
tree of links in the installed shape in a temporary folder, runs mypy on it, and
prints mypy's report with the paths turned back into the repository's own.
Usage: python .ci/typecheck.py [EXTRA.py ...]  (extra files are checked against the
package too, as a consumer would use it; the exit code is mypy's)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = {"lowback": "core", "lowback/plugins": "plugins", "lowback/catalogues": "catalogues"}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lowback-mypy-") as tmp:
        base = Path(tmp)
        back: dict[str, str] = {}
        for target, source in LAYOUT.items():
            for path in sorted((ROOT / source).rglob("*.py")):
                rel = path.relative_to(ROOT / source)
                link = base / target / rel
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(path)
                back[str(Path(target) / rel)] = str(path.relative_to(ROOT))
        typed = base / "lowback" / "py.typed"
        typed.touch()
        env = {**os.environ, "MYPYPATH": str(base)}
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--config-file",
                str(ROOT / "pyproject.toml"),
                "--strict",
                "lowback",
                *(str(Path(f).resolve()) for f in sys.argv[1:]),
            ],
            cwd=base,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        out = proc.stdout + proc.stderr
        for shown, real in sorted(back.items(), key=lambda kv: -len(kv[0])):
            out = out.replace(shown, real)
        sys.stdout.write(out)
        return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
