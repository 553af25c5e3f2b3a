"""An engine keeps the records it builds (reasons, citations, left-out records).

What must hold: a kept record is handed out again only for the same exercise
and the very same reasons; the store stays within its bound; and a routine
made from kept records is the routine made from new ones.
"""

from __future__ import annotations

import gc

from lowback import Context, Engine
from lowback.models import Reason
from lowback.pipeline import Records
from lowback.pipeline.picks import Left, new_reason

CONTEXTS = (
    Context(sitting=True, timing="after-legs"),
    Context(heavy_lifting=True, limits=("cross-legs",)),
    Context(sitting=True, equipment=("foam-roller",), minutes=8),
)


def _reason(text: str) -> Reason:
    return new_reason("test:rule", None, "include", "fact", text)


def _entries() -> list[Left]:
    engine = Engine(cache_size=0)
    routine = engine.recommend(CONTEXTS[0])
    assert routine.left_out, "the fixture context must leave something out"
    index = engine.index
    return [Left(index.entries[lo.exercise], lo.reasons) for lo in routine.left_out]


def test_a_second_call_hands_out_the_same_left_out_records() -> None:
    engine = Engine(cache_size=0)
    for context in CONTEXTS:
        first = engine.recommend(context)
        second = engine.recommend(context)
        assert first is not second  # the routine cache is off: the work was done again
        assert first == second
        assert len(first.left_out) == len(second.left_out)
        assert all(a is b for a, b in zip(first.left_out, second.left_out, strict=True))
        assert all(
            a is b
            for x, y in zip(first.items, second.items, strict=True)
            for a, b in zip(x.sources, y.sources, strict=True)
        )


def test_kept_records_give_the_routine_new_records_give() -> None:
    kept = Engine(cache_size=0)
    for context in CONTEXTS:  # fill its store with every context's records first
        kept.recommend(context)
    for context in CONTEXTS:
        new = Engine(cache_size=0)  # an engine that has built nothing yet
        assert kept.recommend(context).model_dump_json() == new.recommend(context).model_dump_json()


def test_other_reasons_make_another_record() -> None:
    records = Records(limit=100)
    (left, *_) = _entries()
    one = records.left_out(Left(left.entry, (_reason("one"),)))
    other = records.left_out(Left(left.entry, (_reason("other"),)))
    assert one.reasons[0].text == "one"
    assert other.reasons[0].text == "other"


def test_equal_reasons_that_are_other_objects_give_an_equal_record() -> None:
    records = Records(limit=100)
    (left, *_) = _entries()
    first = records.left_out(Left(left.entry, (_reason("same"),)))
    # The first reason object is held by the kept record, so no new object can
    # take its id: the new, equal reason makes a new key, and an equal record.
    again = records.left_out(Left(left.entry, (_reason("same"),)))
    assert again == first
    assert again.reasons[0] is not first.reasons[0]


def test_a_reason_let_go_cannot_be_mistaken_for_a_new_one() -> None:
    records = Records(limit=100)
    (left, *_) = _entries()
    for i in range(200):  # many short-lived reasons: ids of freed objects get reused
        text = f"reason {i}"
        made = records.left_out(Left(left.entry, (_reason(text),)))
        assert made.reasons[0].text == text
        gc.collect()


def test_the_store_is_emptied_when_full() -> None:
    records = Records(limit=5)
    entries = _entries()
    for i in range(23):
        left = entries[i % len(entries)]
        made = records.left_out(Left(left.entry, (_reason(f"r{i}"),)))
        assert made.exercise == left.entry.key
        assert made.reasons[0].text == f"r{i}"
        assert len(records._left_outs) <= 5


def test_records_are_sized_to_the_engine() -> None:
    assert Records.for_exercises(10).limit == 8192
    assert Records.for_exercises(20_000).limit == 40_000
