"""How closely an exercise is tied to the context: what the pipeline prefers when it must
choose between two exercises (a stand-in, or two that work a muscle the same way).

An article's own pick comes first: the exercise of the article that does its
routine at the context's timing, then one an article links to a situation of
the context. An exercise the rules voted for without any such link (a region
tie, a third party's rule) comes next, then one an article links only to other
situations or timings, then the rest.
"""

from __future__ import annotations

from ..index import Entry
from ..models import Context

AT_THIS_TIME = 0
LINKED_HERE = 1
VOTED_ONLY = 2
LINKED_ELSEWHERE = 3
UNLINKED = 4


def tie_rank(entry: Entry, context: Context, score: int) -> int:
    """The rank of ``entry`` for ``context`` (lowest first); ``score`` is the rules' total."""
    cat = entry.catalogue
    if context.timing is not None and context.timing in cat.timing:
        return AT_THIS_TIME
    links = {link.situation for link in (*entry.exercise.because, *cat.because)}
    if links & set(context.situations):
        return LINKED_HERE
    if score > 0:
        return VOTED_ONLY
    return LINKED_ELSEWHERE if links or cat.timing else UNLINKED
