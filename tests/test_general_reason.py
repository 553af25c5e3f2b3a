"""With no situation given, the general rule's reason describes neither article in the
other's terms."""

from __future__ import annotations

from lowback import Context, Engine


def test_the_general_reason_is_neutral_between_articles(builtins: Engine) -> None:
    routine = builtins.recommend(Context(screened=True))
    texts = {
        r.text for i in routine.items for r in i.reasons if r.rule.endswith(":general-routine")
    }
    assert texts == {"No situation given: part of its article's routine."}
    titles = {s.title for i in routine.items for s in i.sources}
    assert len(titles) > 1  # it covers both articles' items
