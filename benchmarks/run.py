"""``python -m benchmarks [--quick]``: lowback's performance figures, each against its target.

Run it from the repository root with the interpreter of an environment where
lowback is installed. Judge the cold-start ratios on a regular install (``pip
install .``): in an editable one every interpreter start also imports the
editable finder, which flatters them. The exit code is 0 whether or not a
target is met. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
RECOMMEND = "lowback recommend --sitting --after-legs"
NAIVE = "naive app (benchmarks/naive_app.py)"
CLICK = 'python -c "import click"'


@dataclass(frozen=True, slots=True)
class Plan:
    """How much to measure: rounds of each kind, and the two sizes of the large set."""

    cold_rounds: int
    warm_rounds: int
    scale_rounds: int
    sizes: tuple[int, int] = (10, 100)


FULL = Plan(cold_rounds=31, warm_rounds=200, scale_rounds=30)
QUICK = Plan(cold_rounds=1, warm_rounds=5, scale_rounds=2)

# Started by a small `python -I -S` helper: on Linux a child keeps the peak RSS of
# the process it was started from, so a child of this (larger) process would report
# this process's peak as its own.
SPAWN = """
import os, sys, time
out = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_DUP2, out, 1)])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def commands() -> dict[str, list[str]]:
    """The whole-process commands, by label: the installed ``lowback`` script beside this
    interpreter, or ``python -m lowback`` when there is none."""
    py = sys.executable
    script = Path(py).with_name("lowback")
    lowback = [str(script)] if script.exists() else [py, "-m", "lowback"]
    return {
        "python -c pass": [py, "-c", "pass"],
        CLICK: [py, "-c", "import click"],
        "lowback --version": [*lowback, "--version"],
        "lowback --help": [*lowback, "--help"],
        NAIVE: [py, str(Path(__file__).with_name("naive_app.py")), "--sitting"],
        RECOMMEND: [*lowback, "recommend", "--sitting", "--after-legs"],
    }


def run_once(argv: Sequence[str], env: dict[str, str], cwd: str) -> tuple[float, int]:
    """Start ``argv`` once; its wall seconds and peak RSS in bytes."""
    helper = [sys.executable, "-I", "-S", "-c", SPAWN, *argv]
    proc = subprocess.run(helper, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    try:
        seconds, rss, code = proc.stdout.split()
    except ValueError:
        raise RuntimeError(f"benchmark helper failed: {proc.stderr}") from None
    if code != "0":
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {proc.stderr}")
    return float(seconds), int(rss) * (1 if sys.platform == "darwin" else 1024)


def cold(rounds: int) -> dict[str, tuple[float, int]]:
    """Median wall seconds and peak RSS of each command over ``rounds`` rounds.

    Every round runs each command once, in an order rotated from round to round,
    after one discarded round that writes every ``.pyc`` into a temporary folder.
    ``LOWBACK_HOME`` is a temporary folder too: no profile or history of the user's.
    """
    cmds = commands()
    labels = list(cmds)
    runs: dict[str, list[tuple[float, int]]] = {label: [] for label in labels}
    with tempfile.TemporaryDirectory(prefix="lowback-bench-") as home:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": os.path.join(home, "pyc"), "LOWBACK_HOME": home}
        for label in labels:
            run_once(cmds[label], env, home)
        for r in range(rounds):
            for label in labels[r % len(labels) :] + labels[: r % len(labels)]:
                runs[label].append(run_once(cmds[label], env, home))
    return {
        label: (statistics.median(s for s, _ in got), int(statistics.median(m for _, m in got)))
        for label, got in runs.items()
    }


def per_call(
    fns: Sequence[Callable[[Any], object]], contexts: list[Any], rounds: int
) -> list[float]:
    """Each function's median, over ``rounds``, of its mean seconds per call over ``contexts``.

    The functions take turns within each round (in an order reversed every other
    round), so that a slow spell of the machine falls on all of them alike.
    """
    for fn in fns:
        for context in contexts:
            fn(context)
    samples: list[list[float]] = [[] for _ in fns]
    for r in range(rounds):
        order = range(len(fns)) if r % 2 == 0 else reversed(range(len(fns)))
        for i in order:
            start = time.perf_counter()
            for context in contexts:
                fns[i](context)
            samples[i].append((time.perf_counter() - start) / len(contexts))
    return [statistics.median(s) for s in samples]


def editable() -> bool:
    """Whether lowback is installed in editable mode here."""
    from importlib import metadata

    for dist in metadata.distributions(name="lowback"):
        url = json.loads(dist.read_text("direct_url.json") or "{}")
        if url.get("dir_info", {}).get("editable"):
            return True
    return False


def target(label: str, value: float, limit: float, unit: str, digits: int = 2) -> bool:
    """Print one figure against its target; whether it is met."""
    mark = "met" if value <= limit else "NOT MET"
    print(f"  [{mark:^7}] {label}: {value:.{digits}f}{unit} (target <= {limit:g}{unit})")
    return value <= limit


def cold_start(plan: Plan) -> list[bool]:
    """Whole-process figures: each command's median time and peak RSS, and their targets."""
    figures = cold(plan.cold_rounds)
    print(f"\nCold start, whole process (median of {plan.cold_rounds} alternating rounds):")
    for label, (seconds, rss) in figures.items():
        print(f"  {label:<42} {seconds * 1e3:7.1f} ms {rss / MIB:7.1f} MiB peak RSS")
    if editable():
        print("  (an editable install: every `python` start also imports the editable finder,")
        print("  which flatters these ratios; judge them on a regular `pip install .`)")
    naive, click = figures[NAIVE][0], figures[CLICK][0]
    return [
        target("recommend / naive app", figures[RECOMMEND][0] / naive, 1.35, "x"),
        target("--version / import click", figures["lowback --version"][0] / click, 1.6, "x"),
        target("--help / import click", figures["lowback --help"][0] / click, 1.6, "x"),
        target("peak RSS of recommend", figures[RECOMMEND][1] / MIB, 40, " MiB", 1),
    ]


def warm(plan: Plan) -> list[bool]:
    """Warm ``Engine.recommend`` over the built-ins against the plain-Python reference."""
    from lowback import Context, Engine

    from .reference import CONTEXTS, load, routine
    from .synthetic import builtin_plugins

    engine = Engine(plugins=builtin_plugins(), strict=True).load()
    data = load()
    contexts = [Context(**fields) for fields in CONTEXTS]
    fns = [engine.recommend, lambda c: routine(c, data)]
    engine_s, reference_s = per_call(fns, contexts, plan.warm_rounds)
    how = f"{len(contexts)} contexts, median of {plan.warm_rounds} rounds"
    print(f"\nWarm, built-in plugins, per call ({how}):")
    print(f"  {'Engine.recommend':<42} {engine_s * 1e6:7.1f} us")
    print(f"  {'plain-Python reference (reference.py)':<42} {reference_s * 1e6:7.1f} us")
    if engine.recommend(contexts[0]) is engine.recommend(contexts[0]):
        print("  (this engine keeps routines: a repeated context is a look-up, not a fresh call)")
    return [
        target("warm recommend", engine_s * 1e6, 500, " us", 0),
        target("warm recommend / reference", engine_s / reference_s, 8, "x", 1),
    ]


def large_set(plan: Plan) -> list[bool]:
    """Load and warm recommend over two sizes of the large synthetic set, and the growth."""
    from lowback import Context, Engine

    from . import synthetic

    engines, loads = [], []
    for size in plan.sizes:
        plugins = synthetic.large_set(size)
        start = time.perf_counter()
        engines.append(Engine(plugins=plugins, strict=True).load())
        loads.append(time.perf_counter() - start)
    contexts = [Context(**fields) for fields in synthetic.CONTEXTS]
    times = per_call([engine.recommend for engine in engines], contexts, plan.scale_rounds)
    how = f"{len(contexts)} contexts, median of {plan.scale_rounds} rounds"
    what = f"built-in and 3 synthetic rules, catalogues of {synthetic.EXERCISES} exercises"
    print(f"\nLarge set: {what};")
    print(f"  per recommend ({how}), and each engine's load:")
    for size, load, call in zip(plan.sizes, loads, times, strict=True):
        exercises = f"{size * synthetic.EXERCISES} exercises"
        label = f"{size} catalogues, {exercises}"
        print(f"  {label:<42} {call * 1e3:7.2f} ms   load {load * 1e3:.0f} ms")
    (small, large), (n, m) = times, plan.sizes
    return [
        target(f"recommend at {m} catalogues", large * 1e3, 25, " ms", 1),
        target(f"growth {n} -> {m} catalogues ({m / n:g}x the data)", large / small, m / n, "x", 1),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print every figure against its target, and return 0."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    plan = QUICK if parser.parse_args(argv).quick else FULL
    began = time.perf_counter()

    from lowback import __version__

    print(
        f"lowback {__version__}, {time.strftime('%Y-%m-%d')}: Python {platform.python_version()}"
        f" on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, {sys.executable}"
    )
    if plan is QUICK:
        print("quick run: a smoke test that everything runs, too few rounds to judge by")
    met = cold_start(plan) + warm(plan) + large_set(plan)
    print(f"\n{sum(met)} of {len(met)} targets met; took {time.perf_counter() - began:.0f} s")
    return 0
