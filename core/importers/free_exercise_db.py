"""free-exercise-db's ``exercises.json``: a list of exercise records, each with ``id``,
``name``, ``force``, ``level``, ``mechanic``, ``equipment``, ``primaryMuscles``,
``secondaryMuscles``, ``instructions``, ``category`` and ``images``.

What maps to lowback: ``category`` gives the kind (``stretching`` is a stretch,
or a roll when the equipment is a foam roll; other categories are not imported),
``equipment`` the equipment (``foam roll`` is lowback's ``foam-roller``; a record
needing equipment lowback cannot name is not imported), ``primaryMuscles`` the
targets and ``secondaryMuscles`` the secondary targets (through lowback's target
names and aliases), ``level`` the level, ``images`` the image (the first, as an
address in the database's repository), ``id`` the exercise id, the section cited
and the link. The source gives no position and no dose: both are the importer's
defaults, marked as such; a roll's pauses on tender spots are the source's own
numbers, read from its instructions. Its instructions are not copied: each
exercise's cue points to them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ..vocab import POSITIONS, target_name
from .shared import Choice, ImportDataError

NAME = "free-exercise-db"
URL = "https://github.com/yuhonas/free-exercise-db"
CREDIT = "Exercise data from free-exercise-db, imported with lowback import"
LICENCE = "The Unlicense (public domain)"
PAGES = f"{URL}/blob/main/exercises/"
"""Each exercise's link: its record in the database's repository."""
IMAGES = "https://raw.githubusercontent.com/yuhonas/free-exercise-db/main/exercises/"
"""Where the database's ``images`` paths are."""
LEVELS = ("beginner", "intermediate", "expert")
SAME_EXERCISE = {
    "Quadriceps-SMR": ("quad-roll", "lying-front"),
    "Adductor": ("adductor-roll", "lying-front"),
}
"""Records that are the same exercise as a built-in article's (lowback's reading of both
descriptions): they take its movement, so a routine holds them once citing both, and
the position their instructions describe (unless ``--position`` is given)."""
_PAUSES = re.compile(r"holding points of tension for (\d{1,3}) ?(?:-|to) ?(\d{1,3}) seconds")

KINDS = {"stretching": "stretch"}
"""The categories lowback can import, and the kind each gives."""
EQUIPMENT: dict[str | None, tuple[str, ...]] = {
    None: (),
    "body only": (),
    "foam roll": ("foam-roller",),
}
"""The equipment values lowback can name, and its equipment for each."""
POSITION = "standing"
"""The importer's default position (the source gives none, so every position is marked
``ours``); ``--position`` changes it."""
DOSES: dict[str, dict[str, Any]] = {
    "stretch": {"sets": 1, "hold_s": 30, "ours": ["sets", "hold_s", "per_side"]},
    "roll": {"sets": 1, "duration_s": 60, "ours": ["sets", "duration_s", "per_side"]},
}
"""The importer's default dose for each kind: every number is listed in ``ours``."""


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())[:64]


def _field(record: Mapping[str, Any], name: str, where: str, *, text: bool = True) -> Any:
    value = record.get(name)
    if text and not (isinstance(value, str) and value.strip()):
        raise ImportDataError(f"{where}.{name}: expected text (got {value!r:.60})")
    return value


def _muscles(record: Mapping[str, Any], where: str, field: str = "primaryMuscles") -> list[str]:
    value = record.get(field, [] if field == "secondaryMuscles" else None)
    required = field == "primaryMuscles"
    if (
        not isinstance(value, list)
        or not all(isinstance(m, str) for m in value)
        or (required and not value)
    ):
        raise ImportDataError(f"{where}.{field}: expected a list of muscle names")
    names = []
    for muscle in value:
        name = target_name(muscle)
        if name is None:
            raise ImportDataError(
                f"{where}.{field}: {muscle!r:.60} is not a muscle lowback knows "
                "(see docs/plugins.md, Target names)"
            )
        names.append(name)
    return list(dict.fromkeys(names))


def _chosen(record: Mapping[str, Any], where: str, choice: Choice) -> bool:
    category = _field(record, "category", where)
    equipment = record.get("equipment")
    if equipment is not None and not isinstance(equipment, str):
        raise ImportDataError(f"{where}.equipment: expected text or null (got {equipment!r:.60})")
    if category not in KINDS or equipment not in EQUIPMENT:
        return False
    if choice.categories and category not in choice.categories:
        return False
    if choice.equipment and (equipment or "body only") not in choice.equipment:
        return False
    wanted = {target_name(m) for m in choice.muscles}
    return not wanted or bool(wanted & set(_muscles(record, where)))


def _exercise(record: Mapping[str, Any], where: str, position: str | None) -> dict[str, Any]:
    ident = _field(record, "id", where)
    slug = _slug(ident)
    if not slug:
        raise ImportDataError(f"{where}.id: {ident!r:.60} has no letters or digits")
    equipment = EQUIPMENT[record.get("equipment")]
    kind = "roll" if equipment else KINDS[record["category"]]
    targets = _muscles(record, where)
    level = record.get("level")
    movement, read = SAME_EXERCISE.get(ident, (f"{NAME}-{slug}"[:64].rstrip("-"), POSITION))
    exercise = {
        "id": slug,
        "name": _field(record, "name", where).strip()[:200],
        "section": f"exercise {ident[:120]}",
        "kind": kind,
        "position": position or read,
        "ours": ["position"],
        "level": level if level in LEVELS else None,
        "equipment": list(equipment),
        "targets": targets,
        "secondary_targets": [
            t for t in _muscles(record, where, "secondaryMuscles") if t not in targets
        ],
        "movement": movement,
        "url": PAGES + quote(ident[:200]) + ".json",
        "image": _image(record, where),
        "cues": [
            f"Follow the instructions for {ident[:120]} in your copy of free-exercise-db: "
            "lowback does not copy them, and chose this exercise's position and dose itself."
        ],
        "dose": _dose(kind, record),
    }
    return exercise


def _image(record: Mapping[str, Any], where: str) -> str | None:
    """The record's first picture, as an address in the database's repository."""
    images = record.get("images", [])
    if not isinstance(images, list) or not all(isinstance(i, str) for i in images):
        raise ImportDataError(f"{where}.images: expected a list of image paths")
    first = next((i for i in images if i.strip()), None)
    return IMAGES + quote(first.strip()[:500]) if first else None


def _dose(kind: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """The importer's default dose; a roll pauses on tender spots as the source says."""
    dose = dict(DOSES[kind])
    steps = record.get("instructions")
    text = " ".join(s for s in steps if isinstance(s, str)) if isinstance(steps, list) else ""
    found = _PAUSES.search(text) if kind == "roll" else None
    if found:
        low, high = int(found[1]), int(found[2])
        if 1 <= low <= high < dose["duration_s"]:
            dose |= {"pause_s": low, "pause_s_max": high}
    return dose


def _check(choice: Choice) -> None:
    """Refuse a choice that names what this importer cannot give, one line naming the option."""
    for name in choice.categories:
        if name not in KINDS:
            raise ImportDataError(f"--category {name!r}: lowback imports {', '.join(KINDS)}")
    for name in choice.equipment:
        if name not in EQUIPMENT:
            known = ", ".join(k for k in EQUIPMENT if k)
            raise ImportDataError(f"--equipment {name!r}: lowback can name only {known}")
    for name in choice.muscles:
        if target_name(name) is None:
            raise ImportDataError(f"--muscle {name!r}: not a muscle lowback knows")
    if choice.position is not None and choice.position not in POSITIONS:
        raise ImportDataError(f"--position {choice.position!r}: not one of {', '.join(POSITIONS)}")


def convert(data: Any, where: str, choice: Choice) -> dict[str, Any]:
    """The catalogue of the records of ``data`` that ``choice`` keeps."""
    if not isinstance(data, list):
        raise ImportDataError(f"{where}: expected a list of exercises at the top")
    _check(choice)
    position = choice.position
    exercises: dict[str, dict[str, Any]] = {}
    for i, record in enumerate(data):
        at = f"{where}: [{i}]"
        if not isinstance(record, Mapping):
            raise ImportDataError(f"{at}: expected an exercise record (a JSON object)")
        if not _chosen(record, at, choice):
            continue
        exercise = _exercise(record, at, position)
        if exercise["id"] in exercises:
            raise ImportDataError(f"{at}.id: {record['id']!r:.60} repeats an earlier exercise id")
        exercises[exercise["id"]] = exercise
    if not exercises:
        raise ImportDataError(
            f"{where}: no exercise matches the choice (category, muscle, equipment)"
        )
    ident = choice.catalogue_id or NAME
    return {
        "id": ident,
        "name": "Imported from free-exercise-db",
        "source": {"title": "free-exercise-db", "credit": CREDIT, "url": URL, "licence": LICENCE},
        "advice": [
            "Imported exercises: free-exercise-db gives no position or dose, so both are the "
            "importer's defaults; check each one against its instructions in the source."
        ],
        "exercises": [exercises[k] for k in sorted(exercises)],
    }
