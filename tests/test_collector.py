"""The engine pauses the cyclic garbage collector during a call, and restores it exactly."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator

import pytest
from lowback import Context, Engine
from lowback.collector import paused
from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.rules import Decision, Rule


@pytest.fixture(autouse=True)
def _collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_turns_collection_off_inside_and_back_on_after() -> None:
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_the_host_turned_off_stays_off() -> None:
    gc.disable()
    with paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_nested_pauses_resume_only_when_the_outermost_ends() -> None:
    with paused():
        with paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_exception_inside_still_resumes() -> None:
    with pytest.raises(RuntimeError), paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_overlapping_calls_on_two_threads_resume_when_the_last_ends() -> None:
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with paused():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def second() -> None:
        a_in.wait(5)
        with paused():
            b_in.set()
            a_out.wait(5)
            seen["after the first ended"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"after the first ended": False}
    assert gc.isenabled()


class _Watch(Rule):
    """Records whether the collector runs while the engine calls it."""

    id = "watch"

    def __init__(self, fail: bool = False) -> None:
        self.seen: list[bool] = []
        self.fail = fail

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        self.seen.append(gc.isenabled())
        if self.fail:
            raise RuntimeError("a buggy rule")
        return ()


class _WatchPlugin:
    def __init__(self, rule: _Watch) -> None:
        self.rule = rule

    @hookimpl
    def register_rules(self, register: RegisterRule) -> None:
        register(self.rule)


def _engine(rule: _Watch, **options: object) -> Engine:
    from lowback.catalogues import shimada

    return Engine(plugins={"shimada": shimada, "watch": _WatchPlugin(rule)}, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("fail", [False, True])
def test_the_engine_pauses_the_collector_during_a_call_only(fail: bool) -> None:
    rule = _Watch(fail)
    _engine(rule, cache_size=0).recommend(Context(sitting=True))
    assert rule.seen == [False]
    assert gc.isenabled()


def test_pause_gc_false_leaves_the_collector_alone() -> None:
    rule = _Watch()
    engine = _engine(rule, cache_size=0, pause_gc=False)
    engine.recommend(Context(sitting=True))
    assert rule.seen == [True]
    gc.disable()
    engine.recommend(Context(heavy_lifting=True))
    assert rule.seen == [True, False]
    assert not gc.isenabled()


def test_the_routine_is_the_same_with_the_collector_paused_or_not() -> None:
    on = _engine(_Watch(), cache_size=0, pause_gc=False).recommend(Context(sitting=True))
    off = _engine(_Watch(), cache_size=0).recommend(Context(sitting=True))
    assert on.model_dump_json() == off.model_dump_json()
