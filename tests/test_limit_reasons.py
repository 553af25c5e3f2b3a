"""A limit's reason is true of the exercise it rules out: a standing exercise that only
kneels in another of its positions is said to kneel in that form."""

from __future__ import annotations

from collections.abc import Callable

from lowback import Catalogue, Context, Engine, hookimpl
from lowback.plugins import limits

DESK = {
    "id": "deskfit",
    "name": "Desk stretches",
    "source": {"title": "A desk handout"},
    "exercises": [
        {
            "id": "hip-flexor-stretch",
            "name": "Standing hip flexor stretch",
            "section": "1",
            "kind": "stretch",
            "position": "standing",
            "other_positions": ["half-kneeling"],
            "conflicts": ["knee-replacement"],
            "conflicts_ours": ["knee-replacement"],
            "targets": ["psoas"],
            "movement": "deskfit-hip-flexor-stretch",
            "cues": ["Step one foot back and ease the hips forward to a mild stretch."],
            "dose": {"sets": 1, "hold_s": 30, "ours": ["sets", "hold_s"]},
        }
    ],
}


class Desk:
    name = "deskfit"

    @hookimpl
    def register_catalogues(self, register: Callable[[object], None]) -> None:
        register(Catalogue.model_validate(DESK))


def test_the_kneeling_reason_names_the_form_that_kneels() -> None:
    engine = Engine(plugins=[Desk(), limits], strict=True)
    routine = engine.recommend(Context(limits=("kneeling",), screened=True))
    (left,) = [lo for lo in routine.left_out if lo.exercise == "deskfit/hip-flexor-stretch"]
    (veto,) = [r.text for r in left.reasons if r.effect == "veto"]
    assert "the Standing hip flexor stretch, in its half kneeling form," in veto
    assert "this exercise" not in veto
