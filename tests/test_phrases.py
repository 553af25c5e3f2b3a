"""How item numbers read in a routine's shared reasons and schedule lines."""

from __future__ import annotations

import pytest
from lowback.render.phrases import steps_words


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        ([4], "item 4"),
        ([8, 9], "items 8 and 9"),
        ([1, 3, 5], "items 1, 3 and 5"),
        ([1, 2, 3, 5], "items 1-3 and 5"),
        ([1, 2, 4, 5, 6], "items 1, 2 and 4-6"),
    ],
)
def test_item_numbers_read_as_a_list_with_ranges_of_three_or_more(
    steps: list[int], words: str
) -> None:
    assert steps_words(steps) == words
