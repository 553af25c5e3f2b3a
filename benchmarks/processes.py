"""Whole-process figures: cold start against ``python -c pass``, peak memory, import checks.

Every command is started as a fresh process by a tiny helper interpreter
(``python -I -S``, about 8 MiB), which times it and reaps it with
:func:`os.wait4` to get that one child's peak RSS. The helper matters: on
Linux a child started straight from this (larger) process would report this
process's RSS as its own peak, because the high-water mark survives ``exec``.
Commands are run in rounds, one of each per round, in a rotating order, so that
a slow spell of the machine falls on all of them alike.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

RECOMMEND_ARGS = ("recommend", "--sitting", "--after-legs")
CLICK_FLOOR = 'python -c "import click"'
"""The floor of any click command: ``--version`` and ``--help`` cannot go below it."""
IMPORT_FLOOR = 'python -c "import pluggy, click, pydantic.main"'
"""The stack's import floor for a command whose data are pydantic models
(``pydantic.main`` is the module of ``BaseModel``)."""
NAIVE_APP = "naive app: click, 1 pydantic model, 1 hook x 5"
"""Issue 7's naive minimal app (benchmarks/naive_app.py), the point to be below."""


@dataclass(frozen=True, slots=True)
class Command:
    """A labelled command line to start again and again."""

    label: str
    argv: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Environment:
    """A process environment the commands run in, with a short and a long label."""

    short: str
    label: str
    env: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Run:
    """One finished process: wall and CPU (user + system) seconds, and peak RSS in bytes."""

    seconds: float
    cpu: float
    max_rss: int


def lowback_script() -> str:
    """The ``lowback`` console script beside this interpreter, or the one on ``PATH``."""
    beside = Path(sys.executable).with_name("lowback")
    if beside.exists():
        return str(beside)
    found = shutil.which("lowback")
    if found is None:
        raise SystemExit("benchmarks: no `lowback` command found; install the project first")
    return found


def commands() -> list[Command]:
    """The cold-start commands, the baseline ``python -c pass`` first."""
    py, lb = sys.executable, lowback_script()
    return [
        Command("python -c pass", (py, "-c", "pass")),
        Command("lowback --version", (lb, "--version")),
        Command("lowback --help", (lb, "--help")),
        Command("lowback recommend --sitting --after-legs", (lb, *RECOMMEND_ARGS)),
        Command("  ... --format json", (lb, *RECOMMEND_ARGS, "--format", "json")),
        Command(
            'python -c "import pluggy, click, pydantic"',
            (py, "-c", "import pluggy, click, pydantic"),
        ),
        Command(CLICK_FLOOR, (py, "-c", "import click")),
        # `import pydantic` is lazy: BaseModel, which any pydantic model needs, is not in it.
        Command(IMPORT_FLOOR, (py, "-c", "import pluggy, click, pydantic.main")),
        Command(NAIVE_APP, (py, str(Path(__file__).with_name("naive_app.py")), "--sitting")),
    ]


@contextmanager
def environments() -> Iterator[list[Environment]]:
    """The environment as it is, and one where compiled bytecode is cached.

    The second drops ``PYTHONDONTWRITEBYTECODE`` and points
    ``PYTHONPYCACHEPREFIX`` at a temporary folder, so that every module's
    ``.pyc`` is written once (in the warm-up round) and read afterwards, as in
    an ordinary install, without writing ``__pycache__`` into the source tree.
    """
    as_is = dict(os.environ)
    flag = as_is.get("PYTHONDONTWRITEBYTECODE")
    first = "the environment as it is" + (
        f" (PYTHONDONTWRITEBYTECODE={flag}: no .pyc is written, so modules"
        " without one, such as an editable install's, compile on every start)"
        if flag
        else " (PYTHONDONTWRITEBYTECODE unset)"
    )
    with tempfile.TemporaryDirectory(prefix="lowback-bench-pyc-") as prefix:
        cached = {k: v for k, v in as_is.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = prefix
        second = (
            "PYTHONDONTWRITEBYTECODE unset, PYTHONPYCACHEPREFIX=<temporary folder>:"
            " every .pyc written once (warm-up round), then read"
        )
        yield [Environment("as is", first, as_is), Environment("cached", second, cached)]


_SPAWN = """
import os, sys, time
devnull = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
cpu = usage.ru_utime + usage.ru_stime
print(seconds, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_once(argv: Sequence[str], env: Mapping[str, str]) -> Run:
    """Start ``argv`` (through the helper), wait for it, return its times and peak RSS.

    Raises :class:`RuntimeError` with the command's stderr when it fails.
    """
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _SPAWN, *argv],
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        seconds, cpu, rss, code = proc.stdout.split()
    except ValueError:
        raise RuntimeError(f"benchmark helper failed: {proc.stderr}") from None
    if int(code) != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {proc.stderr}")
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    size = int(rss) if sys.platform == "darwin" else int(rss) * 1024
    return Run(float(seconds), float(cpu), size)


def cold_start(
    cmds: Sequence[Command],
    envs: Sequence[Environment],
    rounds: int,
    warmup: Sequence[Environment] = (),
) -> list[dict[str, list[Run]]]:
    """``rounds`` alternating runs of every command in every environment.

    Each round runs every (environment, command) pair once, in an order rotated
    from round to round, so that neither a command nor an environment always
    runs in the same slot. A first, discarded round runs every command in each
    environment of ``warmup`` (the cached environment needs it to write its
    ``.pyc`` files). Returns the runs per command label, one dict per environment.
    """
    jobs = [(e, c) for c in cmds for e in range(len(envs))]
    first = [(e, c) for c in cmds for e, env in enumerate(envs) if env in warmup]
    for e, cmd in first:
        run_once(cmd.argv, envs[e].env)
    runs: list[dict[str, list[Run]]] = [{c.label: [] for c in cmds} for _ in envs]
    for i in range(rounds):
        shift = (i * 5) % len(jobs)
        for e, cmd in [*jobs[shift:], *jobs[:shift]]:
            runs[e][cmd.label].append(run_once(cmd.argv, envs[e].env))
    return runs


def median_seconds(runs: Sequence[Run]) -> float:
    """Median wall time of ``runs``, in seconds."""
    return statistics.median(r.seconds for r in runs)


def median_cpu(runs: Sequence[Run]) -> float:
    """Median CPU time (user + system) of ``runs``, in seconds."""
    return statistics.median(r.cpu for r in runs)


def median_rss(runs: Sequence[Run]) -> int:
    """Median peak RSS of ``runs``, in bytes."""
    return int(statistics.median(r.max_rss for r in runs))


_HEAVY_PROBE = """
import contextlib, io, json, sys
from lowback.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:], prog_name="lowback", standalone_mode=False)
    except SystemExit:
        pass
heavy = {
    "pydantic": "pydantic" in sys.modules,
    "engine": "lowback.engine" in sys.modules,
    "catalogue": any(m.startswith("lowback.catalogues.") for m in sys.modules),
    "rule plugin": any(m.startswith("lowback.plugins.") for m in sys.modules),
}
print(json.dumps({"heavy": heavy, "modules": len(sys.modules)}))
"""


def imported_by(args: Sequence[str], env: Mapping[str, str]) -> dict[str, object]:
    """Run the CLI with ``args`` in a fresh interpreter; report what heavy parts it imported."""
    proc = subprocess.run(
        [sys.executable, "-c", _HEAVY_PROBE, *args],
        env=dict(env),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def editable_install() -> bool:
    """Whether lowback is installed in editable (development) mode in this environment."""
    from importlib import metadata

    # A build's lowback.egg-info in the working directory can come first: ask every copy.
    for dist in metadata.distributions(name="lowback"):
        text = dist.read_text("direct_url.json")
        if text and json.loads(text).get("dir_info", {}).get("editable"):
            return True
    return False


def startup_imports_ms(env: Mapping[str, str], runs: int = 5) -> float:
    """Median milliseconds ``python -c pass`` spends importing editable-install finders.

    Measured with ``-X importtime``: the cumulative time of the top-level
    ``__editable__*`` modules that a ``.pth`` file imports at every start.
    """
    totals = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "pass"],
            env=dict(env),
            capture_output=True,
            text=True,
            check=True,
        )
        total = 0
        for line in proc.stderr.splitlines():
            _, _, rest = line.partition("import time:")
            fields = rest.split("|")
            if len(fields) == 3 and fields[2].strip().startswith("__editable__"):
                total += int(fields[1])
        totals.append(total / 1000)
    return statistics.median(totals)
