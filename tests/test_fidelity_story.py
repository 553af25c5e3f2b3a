"""Coherent routines: every omission said in every format, one schedule story, reasons once.

Each test reads what a person sees (the text, Markdown and HTML outputs, or the
routine's advice) and checks a property, not exact wording.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from html import unescape
from typing import Any

import pytest
from lowback import Context, Engine, Routine, testing
from lowback.hookspecs import RegisterRule, hookimpl
from lowback.index import CatalogueIndex
from lowback.models import Progress
from lowback.render import render
from lowback.render.phrases import omissions
from lowback.rules import Decision, Note, Rule, ScheduleNote

FORMATS = ("text", "markdown", "html")

CONTEXTS: list[dict[str, Any]] = [
    {"sitting": True},
    {"heavy_lifting": True},
    {},
    {"sitting": True, "timing": "after-legs"},
    {"sitting": True, "timing": "before-workout"},
    *({"sitting": True, "limits": (limit,)} for limit in ("cross-legs", "hip-opening", "kneeling")),
    {"sitting": True, "timing": "after-legs", "limits": ("kneeling",)},
    {"sitting": True, "equipment": ()},
    {"sitting": True, "minutes": 3},
    {"minutes": 3},
    {"sitting": True, "timing": "after-legs", "conditions": ("knee-replacement",)},
]


def _name(fields: dict[str, Any]) -> str:
    return ",".join(f"{k}={v}" for k, v in fields.items()) or "no-flags"


def _plain(out: str, fmt: str) -> str:
    """What a reader sees: tags and Markdown escapes gone."""
    if fmt == "html":
        out = unescape(re.sub(r"<[^>]+>", " ", out))
    if fmt == "markdown":
        out = re.sub(r"\\(.)", r"\1", out).replace("**", "")
    return re.sub(r"[ \t]+", " ", out)


def _tail(out: str) -> str:
    """The output from its "Left out" heading on."""
    heading = re.search(r"^\s*(## )?Left out:?\s*$", out, flags=re.M)
    assert heading is not None, "no Left out part"
    return out[heading.start() :]


@pytest.fixture(params=CONTEXTS, ids=_name)
def routine(request: pytest.FixtureRequest, builtins: Engine) -> Routine:
    return builtins.recommend(Context(**request.param))


# -- every omission said ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_exercise_a_limit_condition_roller_or_budget_removed_is_said_at_the_end(
    routine: Routine, fmt: str
) -> None:
    said = omissions(routine)
    out = _plain(render(routine, fmt), fmt)
    removed = {
        lo.exercise
        for lo in routine.left_out
        if any(r.effect in ("veto", "drop") for r in lo.reasons)
        and not any(r.effect == "set-aside" for r in lo.reasons)
        and lo.reasons[0].rule != "lowback:merge"  # held with an item said once
        and not any(r.rule == "lowback:select" for r in lo.reasons)
    }
    assert {lo.exercise for lo, _ in said} == removed
    if not said:
        assert re.search(r"^\s*(## )?Left out:?\s*$", out, flags=re.M) is None
        return
    tail = _tail(out)
    for left, _why in said:
        line = next((ln for ln in tail.splitlines() if left.name + ":" in ln), None)
        assert line is not None, f"{left.name} not said in {fmt}"
        assert len(line.split(":", 1)[1].strip()) > 10, "said with its reason"
    # What stays in the routine is not said to be left out.
    given = {i.name for i in routine.items}
    assert not any(f"{name}:" in tail for name in given - {lo.name for lo, _ in said})


def test_a_tight_budget_says_every_item_it_dropped(builtins: Engine) -> None:
    full = builtins.recommend(Context())
    routine = builtins.recommend(Context(minutes=3))
    dropped = [lo for lo, why in omissions(routine) if "3 min" in why]
    given = {i.exercise for i in routine.items}
    # A held-once item is one left-out line, whichever of its sources the routine keys.
    full_keys = {i.exercise: {s.exercise for s in i.sources} for i in full.items}
    assert all(
        any(key in {lo.exercise for lo in dropped} for key in sources)
        for item, sources in full_keys.items()
        if item not in given
    )
    # The rest dropped repeated, in the full routine, an item the budget now drops: given
    # back to the budget, and dropped in their turn (pipeline/same_way.py).
    repeats = {lo.exercise for lo, why in omissions(full) if "the same way as" in why}
    assert {lo.exercise for lo in dropped} - {k for s in full_keys.values() for k in s} <= repeats
    # The quad roll both articles describe is said once, not once per article.
    assert len([lo for lo in dropped if lo.name.lower().startswith("quad foam")]) == 1


def test_not_chosen_for_this_time_is_not_an_omission(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True, timing="after-legs"))
    assert routine.left_out and omissions(routine) == []
    for fmt in FORMATS:
        assert "Left out" not in _plain(render(routine, fmt), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_explain_adds_rules_facts_and_every_exercise_not_given_in_every_format(
    builtins: Engine, fmt: str
) -> None:
    routine = builtins.recommend(Context(sitting=True, timing="after-legs", limits=("kneeling",)))
    plain, explained = render(routine, fmt), render(routine, fmt, explain=True)
    assert explained != plain
    text = _plain(explained, fmt)
    assert "timing:article-timing" in text and "timing=after-legs" in text
    assert "limits:kneeling" in text
    for left in routine.left_out:
        assert left.exercise in text
    assert "Plugins:" in text


# -- one schedule story ----------------------------------------------------------------


def _frequencies(routine: Routine) -> list[str]:
    return [a.text for a in routine.advice if a.kind == "frequency"]


@pytest.mark.parametrize(
    "fields", [{}, {"sitting": True}, {"heavy_lifting": True}, {"sitting": True, "minutes": 8}]
)
def test_several_schedules_each_name_the_items_they_cover_and_cover_each_once(
    builtins: Engine, fields: dict[str, Any]
) -> None:
    routine = builtins.recommend(Context(**fields))
    lines = _frequencies(routine)
    if len(lines) == 1:
        return
    covered: list[int] = []
    for line in lines:
        head = line.split(":", 1)[0]
        assert head.startswith("For item"), line
        numbers = [int(n) for n in re.findall(r"\d+", head)]
        spans = re.findall(r"(\d+)-(\d+)", head)
        for a, b in spans:
            numbers += list(range(int(a) + 1, int(b)))
        covered += numbers
    assert sorted(set(covered)) == sorted(covered), "an item under two schedules"
    steps = {i.step for i in routine.items}
    assert set(covered) <= steps


def test_a_schedule_names_only_items_of_its_own_article(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True))
    by_title = {a.source: a.text for a in routine.advice if a.kind == "frequency"}
    for item in routine.items:
        owner = item.sources[0].title
        head = by_title[owner].split(":", 1)[0]
        numbers = {int(n) for n in re.findall(r"\d+", head)}
        for a, b in re.findall(r"(\d+)-(\d+)", head):
            numbers |= set(range(int(a), int(b) + 1))
        assert item.step in numbers, (item.name, by_title[owner])


def test_one_article_gives_one_plain_schedule(builtins: Engine) -> None:
    for timing in ("after-legs", "before-workout"):
        routine = builtins.recommend(Context(sitting=True, timing=timing))
        [line] = _frequencies(routine)
        assert not line.startswith("For item")


def _history() -> Progress:
    first = dt.date(2024, 1, 1)
    return Progress(sessions=1, first_day=first, last_day=first, today=dt.date(2024, 1, 2))


def test_the_taper_is_never_given_to_a_routine_without_a_tapering_article(
    builtins: Engine,
) -> None:
    before = builtins.recommend(Context(sitting=True, timing="before-workout", progress=_history()))
    text = render(before, "text")
    assert "two weeks" not in text and "2-3 times a week" not in text
    after = builtins.recommend(Context(sitting=True, timing="after-legs", progress=_history()))
    assert "two weeks" in render(after, "text")


# -- reasons said once -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_reason_is_said_once_in_a_routine(routine: Routine, fmt: str) -> None:
    out = _plain(render(routine, fmt), fmt)
    reasons = {r.text for i in routine.items for r in i.reasons if len(r.text) > 40}
    for text in reasons:
        assert out.count(text) <= 1, text


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_defaults_legend_is_said_once_and_doses_are_marked_compactly(
    routine: Routine, fmt: str
) -> None:
    out = _plain(render(routine, fmt), fmt)
    assert "(lowback's default:" not in out
    if any(i.dose.ours for i in routine.items):
        assert out.count("lowback's default, not the article's") == 1


def test_a_step_down_from_a_default_start_reads_as_one_story(builtins: Engine) -> None:
    routine = builtins.recommend(Context(sitting=True, limits=("hip-opening",)))
    frog = next(i for i in routine.items if i.exercise == "shimada/frog-stretch")
    shown = [r.text for r in frog.reasons if r.effect == "variation"]
    assert len(shown) == 1 and "Narrow" in shown[0]
    assert not any(t.startswith("Starts on") for t in shown)


class _Cadence(Rule):
    """A third party's rule with a schedule line and a plain note."""

    id = "cadence"

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        yield ScheduleNote(fact="test", text="Next session due by the clinic's own plan.")
        yield Note(fact="test", text="Bring water.")


class _CadencePlugin:
    name = "cadence"

    @hookimpl
    def register_rules(self, register: RegisterRule) -> None:
        register(_Cadence())


def test_any_rule_can_give_a_schedule_line_kept_only_where_an_article_tapers() -> None:
    engine = testing.engine(_CadencePlugin())

    def notes(**fields: Any) -> list[str]:
        routine = engine.recommend(testing.context(sitting=True, **fields))
        return [a.text for a in routine.advice if a.source == "cadence:cadence"]

    # The first article tapers (every day, then 2-3 a week): its routine carries the line.
    assert sorted(notes(timing="after-legs")) == [
        "Bring water.",
        "Next session due by the clinic's own plan.",
    ]
    # The second article does not: the schedule line is not given, the plain note is.
    assert notes(timing="before-workout") == ["Bring water."]
    # Both articles: the line names the items that follow the tapering one.
    (_water, line) = notes()
    assert line.startswith("For items") and line.endswith("the clinic's own plan.")
