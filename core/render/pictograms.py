"""A small stick-figure pictogram of each body position, as inline SVG, drawn by lowback.

Every figure shares one box (40 x 24 units, the floor along the bottom), one
stroke (2 units, round ends and joins, in the text colour) and one head (a filled
circle of radius 2.6), so a handout reads as one set. Each carries its text
alternative: ``role="img"``, an ``aria-label`` and a ``<title>`` naming the position.
"""

from __future__ import annotations

from html import escape

from ..vocab import POSITIONS
from .phrases import POSITION_WORDS

WIDTH, HEIGHT = 40, 24
"""The one box every figure is drawn in (the floor is the line y = 23)."""

# Each position: the head's centre, then the limbs and trunk as polylines.
_FIGURES: dict[str, tuple[tuple[float, float], tuple[str, ...]]] = {
    # On the back, knees bent up, feet flat, arms along the body.
    "lying-back": ((5.5, 19), ("9,21.5 22,21.5 28,14 33.5,22",)),
    # On one side, propped on the forearm, legs stacked and a little bent.
    "side-lying": (
        (6.5, 12.8),
        ("6.5,15.5 8.5,22 11.5,17.5 24,21.5 30,20 36,22",),
    ),
    # Face down, straight, forehead on the folded forearms, toes tucked down.
    "lying-front": ((6.5, 18.5), ("10,21.5 34,21.5 35.5,22.8", "12,21.5 8.5,22.8 3.5,22.5")),
    # Sitting on the floor, trunk tall, legs forward, a hand on the knee.
    "seated": ((13, 5.5), ("13,8.5 13,21.5 21,16 30,22", "13,11 20,15.5")),
    # Hands under the shoulders, knees under the hips, back flat, head in line.
    "all-fours": ((32.5, 9.5), ("11,12 28,12", "28,12 29,22", "11,12 11,22 4,22")),
    # Tall kneeling: knees down, thighs and trunk upright, arms by the sides.
    "kneeling": ((20, 3.5), ("20,6.5 20,13 20,22 11,22", "20,8.5 22.5,14.5")),
    # One knee down behind, the other foot flat in front, trunk upright.
    "half-kneeling": (
        (17, 3.5),
        ("17,6.5 17,13", "17,13 13,22 5,22", "17,13 26,13 26,22", "17,8.5 19.5,14.5"),
    ),
    # Standing tall, feet apart, arms a little away from the body.
    "standing": ((20, 3.5), ("20,6.5 20,14", "16.5,22 20,14 23.5,22", "16,13 20,9 24,13")),
}

assert set(_FIGURES) == set(POSITIONS), "a pictogram for every position"


def pictogram_title(position: str) -> str:
    """The text alternative: the position in words, as a sentence starts."""
    words = POSITION_WORDS.get(position, position.replace("-", " "))
    return words[:1].upper() + words[1:]


def pictogram(position: str) -> str:
    """The inline SVG of ``position`` ("" for a position lowback has no figure for)."""
    figure = _FIGURES.get(position)
    if figure is None:
        return ""
    (cx, cy), lines = figure
    title = escape(pictogram_title(position), quote=True)
    body = "".join(f'<polyline points="{points}"/>' for points in lines)
    return (
        f'<svg class="pictogram" role="img" aria-label="{title}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH * 1.5:g}" height="{HEIGHT * 1.5:g}">'
        f"<title>{title}</title>"
        '<line x1="1" y1="23" x2="39" y2="23" stroke="#999" stroke-width="1"/>'
        '<g fill="none" stroke="currentColor" stroke-width="2" '
        f'stroke-linecap="round" stroke-linejoin="round">{body}</g>'
        f'<circle cx="{cx:g}" cy="{cy:g}" r="2.6" fill="currentColor"/>'
        "</svg>"
    )
