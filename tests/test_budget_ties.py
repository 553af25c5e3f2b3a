"""The time budget never lets another catalogue's exercise push out an article's own pick
just because its id sorts first."""

from __future__ import annotations

from collections.abc import Callable

from lowback import Catalogue, Context, Engine, hookimpl
from lowback.catalogues import relief, shimada
from lowback.plugins import budget, general, sitting, timing

UNLINKED = {
    "id": "aaaa",  # sorts before every article's catalogue
    "name": "Unlinked stretches",
    "source": {"title": "A handout with no links to any situation"},
    "exercises": [
        {
            "id": "quad-stretch",
            "name": "Standing quad stretch",
            "section": "1",
            "kind": "stretch",
            "position": "standing",
            "targets": ["quadriceps"],
            "movement": "aaaa-quad-stretch",
            "cues": [
                "Hold one ankle behind you until the front of the thigh feels a mild stretch."
            ],
            "dose": {"sets": 1, "hold_s": 30, "ours": ["sets", "hold_s"]},
        }
    ],
}


class Unlinked:
    name = "aaaa"

    @hookimpl
    def register_catalogues(self, register: Callable[[object], None]) -> None:
        register(Catalogue.model_validate(UNLINKED))


def test_an_unlinked_exercise_is_dropped_before_an_article_pick_of_equal_score() -> None:
    plugins = [Unlinked(), shimada, relief, general, sitting, timing, budget]
    engine = Engine(plugins=plugins, strict=True)
    context = Context(sitting=True, screened=True)
    full = engine.recommend(context)
    # Given for the region it targets (the quadriceps, which an article ties to sitting).
    ours = next(i for i in full.items if i.exercise == "aaaa/quad-stretch")
    tied = [i for i in full.items if i.score == ours.score and i.exercise != ours.exercise]
    assert tied, "some article item must share its score for the tie to matter"
    for minutes in range(1, full.total_seconds // 60 + 1):
        fitted = engine.recommend(context.model_copy(update={"minutes": minutes}))
        given = {i.exercise for i in fitted.items}
        if "aaaa/quad-stretch" in given:
            # Kept only if every article item of the same score (that fits) is kept too.
            assert all(i.exercise in given for i in tied if i.seconds <= ours.seconds), minutes
