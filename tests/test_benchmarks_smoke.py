"""The benchmarks still run: ``python -m benchmarks --quick`` prints every figure's label.

Only that it runs and what it prints are checked, never how fast anything is:
timings on a shared machine are noise, and the runner's own report judges the
targets (see docs/performance.md).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent

LABELS = (
    # 1. cold start, in both environments
    "1. Cold start",
    "as is",
    "cached",
    "python -c pass",
    "lowback --version",
    "lowback --help",
    "lowback recommend --sitting --after-legs",
    "--format json",
    'python -c "import pluggy, click, pydantic"',
    'python -c "import click"',
    'python -c "import pluggy, click, pydantic.main"',
    "naive app: click, 1 pydantic model, 1 hook x 5",
    "lowback --version imports:",
    "lowback --help imports:",
    # 2. memory
    "2. Peak memory (max RSS)",
    "MiB",
    # 3. warm latency
    "3. Warm engine latency",
    "Engine.recommend",
    "plain-Python reference",
    "engine / reference",
    "repeated context (cache on)",
    # 4. scaling
    "4. Scaling",
    "build",
    "recommend",
    "growth 10 -> 100 catalogues",
    "x; rules' own ",
    "growth 100 -> 1000 catalogues",
    "GC on",
    "rules own",
    "floor",
    "benchmarks/floor.py",
    "left out",
    "sources",
    # the targets
    "Targets (issue 7)",
    "lowback --version <= 5x python -c pass",
    "lowback --help <= 5x python -c pass",
    "floor: click imported as is",
    "--version, --help import no pydantic or catalogue",
    "lowback recommend --sitting --after-legs <= 10x python -c pass",
    "floor: BaseModel imported as is",
    "peak memory of recommend <= 40 MiB",
    "warm recommend, built-ins, <= 500 us",
    "warm recommend <= 10x the plain-Python reference",
    "recommend growth 100 -> 1000 catalogues <= 12x",
    "recommend at 1000 catalogues < 50 ms",
    "judged targets met",
)


def test_quick_benchmark_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # Shown in the CI log whatever pytest captures: the smoke run's figures, for the record.
    with capsys.disabled():
        print("\n" + proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    missing = [label for label in LABELS if label not in proc.stdout]
    assert not missing, f"not printed: {missing}\n{proc.stdout}"
    for size in ("10", "100"):
        assert any(line.split()[:1] == [size] for line in proc.stdout.splitlines()), size


def _runner() -> ModuleType:
    # benchmarks/ is not installed: import it from the repository root.
    with pytest.MonkeyPatch.context() as mp:
        mp.syspath_prepend(str(ROOT))
        return importlib.import_module("benchmarks.runner")


def _figures(runner: ModuleType, *, editable: bool, ratio: float) -> object:
    from benchmarks.processes import Environment
    from benchmarks.warm import Latency

    envs = [Environment("as is", "as is", {}), Environment("cached", "cached", {})]
    figures = runner.Figures(envs=envs, editable=editable)
    for cmd in ("lowback --version", "lowback --help", "lowback recommend --sitting --after-legs"):
        figures.ratios[cmd] = [ratio, ratio]
    figures.rss = [30 * 1024 * 1024] * 2
    figures.engine = Latency(300e-6, 200e-6, 400e-6, 10)
    figures.reference = Latency(50e-6, 40e-6, 60e-6, 10)
    return figures


@pytest.mark.parametrize("ratio", [2.0, 30.0])
def test_an_editable_install_judges_no_cold_start_ratio(ratio: float) -> None:
    # Its `python -c pass` imports the editable finder too: the ratios read low.
    runner = _runner()
    by_target = {v.target: v for v in runner.verdicts(_figures(runner, editable=True, ratio=ratio))}
    cold = [v for target, v in by_target.items() if "x python -c pass" in target]
    assert len(cold) == 3
    assert all(v.met is None and "editable install" in v.measured for v in cold)
    assert all("not judged" in v.line() for v in cold)
    # What does not depend on the baseline is still judged.
    assert by_target["peak memory of recommend <= 40 MiB"].met is True


@pytest.mark.parametrize(("ratio", "met"), [(2.0, True), (30.0, False)])
def test_a_regular_install_judges_the_cold_start_ratios(ratio: float, met: bool) -> None:
    runner = _runner()
    verdicts = runner.verdicts(_figures(runner, editable=False, ratio=ratio))
    cold = [v for v in verdicts if "x python -c pass" in v.target]
    assert len(cold) == 3
    assert all(v.met is met for v in cold)


def test_the_cold_start_verdicts_show_the_floor_of_the_stack() -> None:
    # Each cold-start target is shown against what its stack alone costs in the
    # same run: click for --version and --help; pydantic's BaseModel and the
    # issue's naive app for recommend.
    runner = _runner()
    from benchmarks.processes import CLICK_FLOOR, IMPORT_FLOOR, NAIVE_APP

    figures = _figures(runner, editable=False, ratio=17.0)
    figures.ratios[CLICK_FLOOR] = [4.25, 4.5]
    figures.ratios[IMPORT_FLOOR] = [9.5, 9.75]
    figures.ratios[NAIVE_APP] = [14.25, 15.0]
    by_target = {v.target.split(" <=")[0]: v for v in runner.verdicts(figures)}
    recommend = by_target["lowback recommend --sitting --after-legs"]
    assert recommend.met is False
    first, second = recommend.line().splitlines()
    assert "as is 17.00x NO" in first
    assert second.strip() == (
        "floor: BaseModel imported as is 9.50x, cached 9.75x; naive app as is 14.25x, cached 15.00x"
    )
    for command in ("lowback --version", "lowback --help"):
        _, floor = by_target[command].line().splitlines()
        assert floor.strip() == "floor: click imported as is 4.25x, cached 4.50x"
    # The verdicts with no floor stay one line each.
    cold = {"lowback recommend --sitting --after-legs", "lowback --version", "lowback --help"}
    assert all("\n" not in v.line() for k, v in by_target.items() if k not in cold)


def test_scaling_counts_what_the_routines_hold() -> None:
    runner = _runner()  # puts benchmarks/ on the path
    assert runner is not None
    from benchmarks.synthetic import SCALING_CONTEXTS, measure_scales, synthetic_plugins
    from lowback import Context, Engine

    (scale,) = measure_scales((3,), (1,), 1)
    engine = Engine(plugins=synthetic_plugins(3), strict=True).load()
    routines = [engine.recommend(Context(**fields)) for fields in SCALING_CONTEXTS]
    assert scale.items == sum(len(r.items) for r in routines)
    assert scale.left_out == sum(len(r.left_out) for r in routines) > 0
    assert scale.sources == sum(len(i.sources) for r in routines for i in r.items) > scale.items
    assert scale.rules > 0 and scale.recommend > 0


def test_the_scaling_verdicts_show_the_floor_of_the_contract() -> None:
    runner = _runner()
    figures = _figures(runner, editable=False, ratio=2.0)
    figures.growth_100_1000, figures.recommend_1000, figures.floor_1000 = 9.0, 0.140, 0.040
    figures.floor_growth, figures.rules_growth = 12.5, 11.25
    verdicts = runner.verdicts(figures)
    (growth,) = [v for v in verdicts if "growth 100 -> 1000" in v.target]
    assert growth.met is True
    assert growth.line().splitlines()[1].strip() == (
        "floor: in the same rounds the least work for the same routines grew 12.50x,"
        " the rules' own work 11.25x"
    )
    (big,) = [v for v in verdicts if "1000 catalogues < 50 ms" in v.target]
    assert big.met is False
    first, second = big.line().splitlines()
    assert first.endswith("140.0 ms")
    assert second.strip() == (
        "floor: the least work for the same routines 40.0 ms, the engine 3.5x that"
        " (benchmarks/floor.py)"
    )


def test_the_contract_floor_gathers_each_left_out_exercise_s_decisions() -> None:
    runner = _runner()  # puts benchmarks/ on the path
    assert runner is not None
    from benchmarks.floor import Held, contract_floor
    from benchmarks.synthetic import SCALING_CONTEXTS, synthetic_plugins, synthetic_rules
    from lowback import Context, Engine

    engine = Engine(plugins=synthetic_plugins(3), strict=True).load()
    rules = synthetic_rules()
    for fields in SCALING_CONTEXTS:
        context = Context(**fields)
        routine = engine.recommend(context)
        held = Held.of(routine)
        assert len(held.left_out) == len(routine.left_out)
        assert len(held.cited) == sum(len(i.sources) for i in routine.items)
        left, cited = contract_floor(rules, engine.index, context, held)
        assert [key for key, _ in left] == [lo.exercise for lo in routine.left_out]
        for key, said in left:
            expected = [
                d
                for rule in rules
                for d in rule.decide(context, engine.index)
                if getattr(d, "exercise", None) == key
            ]
            assert list(said) == expected
        assert [e.key for e in cited] == list(held.cited)
