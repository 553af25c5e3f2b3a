"""``python -m benchmarks``: every figure of issue 7 in one run, then the targets.

Usage: ``python -m benchmarks [--quick] [--rounds N]``, from the repository root,
with the interpreter of an environment where lowback is installed.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

from . import targets as t
from .processes import (
    RECOMMEND_ARGS,
    Command,
    Run,
    cold_start,
    commands,
    environments,
    imported_by,
    median_rss,
    median_seconds,
)


@dataclass(frozen=True, slots=True)
class Plan:
    """How much to measure: the full run, or the quick smoke run for CI."""

    name: str
    rounds: int
    warmup: int
    warm_rounds: int
    warm_batch: int
    sizes: tuple[int, ...]
    scale_builds: int
    scale_rounds: int


FULL = Plan("full", rounds=21, warmup=1, warm_rounds=15, warm_batch=20, sizes=(10, 100, 1000),
            scale_builds=3, scale_rounds=3)  # fmt: skip
QUICK = Plan("quick", rounds=1, warmup=0, warm_rounds=2, warm_batch=3, sizes=(10, 100),
             scale_builds=1, scale_rounds=1)  # fmt: skip


def _out(line: str = "") -> None:
    print(line, flush=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.1f} ms"


def _mib(size: int) -> str:
    return f"{size / t.MIB:.1f} MiB"


def _rounds_at(plan: Plan, size: int) -> tuple[int, int]:
    # The largest size is slow to build and to query: one build, one round.
    if size >= 1000:
        return 1, 1
    return plan.scale_builds, plan.scale_rounds


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement, print the report, and return 0 (the targets never fail it)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run of a few seconds: few rounds, sizes 10 and 100 only",
    )
    parser.add_argument("--rounds", type=int, help="cold-start rounds (default 21; quick 1)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    rounds = args.rounds or plan.rounds
    began = time.perf_counter()

    from lowback import __version__

    _out(
        f"lowback {__version__} benchmarks, {plan.name} run: Python {platform.python_version()}"
        f" on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    _out(f"interpreter: {sys.executable}")

    # 1 and 2: whole processes.
    cmds = commands()
    base, rec = cmds[0].label, cmds[3].label
    ratios: dict[str, list[float]] = {c.label: [] for c in cmds}
    rss: list[int] = []
    with environments() as envs:
        # The cached environment always gets a warm-up round: it writes the .pyc files.
        results: list[dict[str, list[Run]]] = [
            cold_start(cmds, env, rounds, warmup=plan.warmup if i == 0 else 1)
            for i, env in enumerate(envs)
        ]
        probes = {a: imported_by([a], envs[0].env) for a in ("--version", "--help")}
    _out()
    _out(f"1. Cold start: median wall time of {rounds} alternating runs, and the ratio to")
    _out("   `python -c pass` in the same environment, in two environments:")
    for env in envs:
        _out(f"   {env.short:<7}= {env.label}")
    _out(f"   {'':<46}" + "".join(f"{e.short:>20}" for e in envs))
    for cmd in cmds:
        cells = []
        for runs in results:
            median = median_seconds(runs[cmd.label])
            ratio = median / median_seconds(runs[base])
            ratios[cmd.label].append(ratio)
            cells.append(f"{_ms(median)} {ratio:5.1f}x")
        _out(f"   {cmd.label:<46}" + "".join(f"{c:>20}" for c in cells))
    for arg, probe in probes.items():
        heavy = probe["heavy"]
        assert isinstance(heavy, dict)
        parts = ", ".join(f"{k} {'YES' if v else 'no'}" for k, v in heavy.items())
        _out(f"   lowback {arg} imports: {parts} ({probe['modules']} modules in all)")

    rss = [median_rss(runs[rec]) for runs in results]
    _out()
    _out(f"2. Peak memory (max RSS) of `lowback {' '.join(RECOMMEND_ARGS)}`, median of {rounds}")
    for env, size, runs in zip(envs, rss, results, strict=True):
        _out(
            f"   {env.short:<46}{_mib(size):>14}   (python -c pass: {_mib(median_rss(runs[base]))})"
        )

    # 3: warm engine latency.
    from .contexts import CONTEXTS
    from .warm import warm_latency

    engine, reference = warm_latency(plan.warm_rounds, plan.warm_batch)
    warm_ratio = engine.median / reference.median
    _out()
    _out(f"3. Warm engine latency: built-in plugins, engine built once, {len(CONTEXTS)} contexts,")
    _out(f"   median per call over {engine.samples} samples (slowest context's median in brackets)")
    _out(f"   {'Engine.recommend':<46}{engine.median * 1e6:10.1f} us"
         f"   ({engine.slowest_context * 1e6:.1f} us)")  # fmt: skip
    _out(f"   {'plain-Python reference (benchmarks/reference.py)':<46}"
         f"{reference.median * 1e6:10.1f} us   ({reference.slowest_context * 1e6:.1f} us)")  # fmt: skip
    _out(f"   {'engine / reference':<46}{warm_ratio:10.1f} x")

    # 4: scaling.
    from .synthetic import EXERCISES_PER_CATALOGUE, RUNGS, measure_scale, synthetic_rules

    _out()
    _out(f"4. Scaling: synthetic catalogue plugins of {EXERCISES_PER_CATALOGUE} exercises with"
         f" {len(RUNGS)}-rung ladders, plus {len(synthetic_rules())} synthetic rules")  # fmt: skip
    _out(f"   {'catalogues':>10} {'exercises':>10} {'build':>12} {'recommend':>12}"
         f" {'items (4 contexts)':>20}")  # fmt: skip
    scales = []
    for size in plan.sizes:
        builds, scale_rounds = _rounds_at(plan, size)
        s = measure_scale(size, builds, scale_rounds)
        scales.append(s)
        _out(f"   {s.catalogues:>10} {s.exercises:>10} {_ms(s.build):>12} {_ms(s.recommend):>12}"
             f" {s.items:>20}")  # fmt: skip
    growth: dict[tuple[int, int], tuple[float, float]] = {}
    for a, b in zip(scales, scales[1:], strict=False):
        growth[(a.catalogues, b.catalogues)] = (b.build / a.build, b.recommend / a.recommend)
        _out(f"   growth {a.catalogues} -> {b.catalogues} catalogues:"
             f" build {b.build / a.build:.1f}x, recommend {b.recommend / a.recommend:.1f}x")  # fmt: skip
    if 1000 not in plan.sizes:
        _out("   growth 100 -> 1000 catalogues: not measured (--quick)")

    # Targets.
    def both(label: str, limit: float) -> t.Verdict:
        parts = [(f"{e.short} {r:.1f}x", r <= limit)
                 for e, r in zip(envs, ratios[label], strict=True)]  # fmt: skip
        return t.all_of(f"{label} <= {limit:.0f}x python -c pass", parts)

    version_clean = not any(
        v
        for p in probes.values()
        for v in p["heavy"].values()  # type: ignore[union-attr]
    )
    big = next((s for s in scales if s.catalogues == 1000), None)
    g = growth.get((100, 1000))
    verdicts = [
        both("lowback --version", t.VERSION_HELP_MAX_RATIO),
        both("lowback --help", t.VERSION_HELP_MAX_RATIO),
        t.Verdict(
            "--version/--help import no pydantic, catalogue, engine",
            "clean" if version_clean else "they do (see 1.)",
            version_clean,
        ),
        both(rec, t.RECOMMEND_MAX_RATIO),
        t.all_of(
            "peak memory of recommend <= 40 MiB",
            [
                (f"{e.short} {_mib(r)}", r <= t.PEAK_RSS_MAX_BYTES)
                for e, r in zip(envs, rss, strict=True)
            ],  # fmt: skip
        ),
        t.at_most(
            "warm recommend (built-ins) <= 500 us",
            engine.median,
            t.WARM_MAX_SECONDS,
            f"{engine.median * 1e6:.1f} us",
        ),
        t.at_most(
            "warm recommend <= 10x the plain-Python reference",
            warm_ratio,
            t.WARM_MAX_RATIO,
            f"{warm_ratio:.1f}x",
        ),
        t.at_most(
            "recommend growth 100 -> 1000 catalogues <= 12x",
            g[1] if g else None,
            t.GROWTH_MAX,
            f"{g[1]:.1f}x" if g else "-",
        ),
        t.at_most(
            "recommend at 1000 catalogues < 50 ms",
            big.recommend if big else None,
            t.LARGEST_RECOMMEND_MAX_SECONDS,
            _ms(big.recommend).strip() if big else "-",
        ),
    ]
    _out()
    _out("Targets (issue 7), judged on the figures above:")
    for verdict in verdicts:
        _out(verdict.line())
    met = sum(1 for v in verdicts if v.met)
    judged = sum(1 for v in verdicts if v.met is not None)
    _out(f"{met} of {judged} measured targets met; run took {time.perf_counter() - began:.1f} s")
    return 0
