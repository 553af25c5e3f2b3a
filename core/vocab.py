"""The vocabularies that contexts and catalogues share, and the built-in names of each.

Kept in one place (and free of pydantic) so that the CLI can offer the same
choices in ``--help`` and shell completion without importing the models.

Equipment, situations, limits and target names are open: a plugin adds terms
through the ``register_vocabulary`` hook, and each engine merges them with the
built-in ones below into its own :class:`~lowback.terms.Vocabulary`
(docs/vocabulary.md). Timings, kinds, positions, sides, conditions and red
flags are closed: the pipeline gives each of them its own meaning.
"""

from collections.abc import Mapping
from typing import Literal, get_args

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""Every id and name lowback knows (exercises, rungs, catalogues, rules): lower-case words
joined by hyphens, such as ``piriformis-roll``."""

SCHEMA_KEY = "x-lowback-vocabulary"
"""Marks a JSON Schema string whose values come from an open vocabulary; an engine's
schema (:func:`lowback.terms.with_enums`) replaces it with the vocabulary's names."""

PLUGIN_FLAG_PATTERN = SLUG_PATTERN.removesuffix("$") + ":" + SLUG_PATTERN.removeprefix("^")
"""A plugin's screening question as a red flag: ``plugin:question-id``."""

Limit = str
"""Something the person cannot do yet; variations that need it are ruled out. A name of
the engine's ``limit`` vocabulary: :data:`LIMIT_TEXT`, or a plugin's."""

Equipment = str
"""Equipment an exercise or variation needs. A name of the engine's ``equipment``
vocabulary: :data:`EQUIPMENT_TEXT`, or a plugin's."""

Timing = Literal["after-legs", "before-workout"]
"""When the routine is done relative to a workout."""

Situation = str
"""What the person's day holds that tightens the lower back or what surrounds it. A name
of the engine's ``situation`` vocabulary: :data:`SITUATION_TEXT`, or a plugin's."""

Kind = Literal["roll", "stretch", "mobility", "breathing"]
"""What sort of work an exercise is; the arranger orders by it."""

Position = Literal[
    "lying-back",
    "side-lying",
    "lying-front",
    "seated",
    "all-fours",
    "kneeling",
    "half-kneeling",
    "standing",
]
"""Body position, in the order of a path from the floor up to standing."""

Side = Literal["each", "both"]
"""Whether a dose is done on each side in turn or once for both sides."""

LIMIT_TEXT: dict[str, str] = {
    "cross-legs": "you cannot cross one leg over the other yet",
    "hip-opening": "your hips do not open wide yet (knees apart, soles together)",
    "kneeling": "kneeling, or weight through a knee on the floor, is uncomfortable",
}
"""The built-in limits, each with the plain line ``--help`` and the docs show."""

EQUIPMENT_TEXT: dict[str, str] = {
    "foam-roller": "a foam roller, for the rolling exercises (assumed unless --no-roller)",
}
"""The built-in equipment, each with its plain line."""

SITUATION_TEXT: dict[str, str] = {
    "sitting": "long hours sitting: desk, car, sofa (also --sitting)",
    "heavy-lifting": "heavy squats or deadlifts in training (also --heavy-lifting)",
}
"""The built-in situations, each with its plain line; the articles tie each to regions
(lowback.plugins.sitting and lowback.plugins.lifting)."""

LIMITS: tuple[str, ...] = tuple(LIMIT_TEXT)
EQUIPMENT: tuple[str, ...] = tuple(EQUIPMENT_TEXT)
TIMINGS: tuple[str, ...] = get_args(Timing)
SITUATIONS: tuple[str, ...] = tuple(SITUATION_TEXT)
OPEN_FIELDS: dict[str, str] = {
    "equipment": "equipment",
    "limits": "limit",
    "situations": "situation",
}
"""The Context (and profile) fields that hold names of an open vocabulary, and that
vocabulary: the names an engine checks against what its plugins add."""
SITUATION_FIELDS: dict[str, str] = {"sitting": "sitting", "heavy-lifting": "heavy_lifting"}
"""The built-in situations that have a Context (and profile) field of their own, and that
field: ``--sitting`` is ``--situation sitting``."""
KINDS: tuple[str, ...] = get_args(Kind)
POSITIONS: tuple[str, ...] = get_args(Position)

KIND_ORDER: dict[str, int] = {"roll": 0, "stretch": 1, "mobility": 1, "breathing": 2}
"""Rolling before stretching (and mobility) before breathing."""

POSITION_RANK: dict[str, int] = {name: rank for rank, name in enumerate(POSITIONS)}

KNEE_LOADING: frozenset[str] = frozenset({"kneeling", "half-kneeling", "all-fours"})
"""Positions that put weight through a knee on the floor."""

Condition = Literal[
    "blood-clot",
    "fracture",
    "hip-replacement",
    "knee-replacement",
    "open-wound",
    "osteoporosis",
    "pregnancy",
]
"""A health condition the person declares; exercises and rungs that conflict with it are
vetoed by the engine's cautions stage (every caution and its source: docs/safety.md)."""

CONDITIONS: tuple[str, ...] = get_args(Condition)

CONDITION_TEXT: dict[str, str] = {
    "blood-clot": "a blood clot such as a deep vein thrombosis (DVT), now or being treated",
    "fracture": "a broken bone that has not healed yet",
    "hip-replacement": "a hip replacement, while your team's hip precautions apply",
    "knee-replacement": "a knee replacement, until your team says you may kneel on it",
    "open-wound": "a cut, graze or surgical wound that has not healed yet",
    "osteoporosis": "fragile, thinned bones, as your doctor has found",
    "pregnancy": "you are pregnant (the advice on lying on your back matters most after 16 weeks)",
}
"""One plain line for each condition, for ``--help`` and the docs."""

CONDITION_POSITIONS: dict[str, frozenset[str]] = {
    "knee-replacement": KNEE_LOADING,
    "pregnancy": frozenset({"lying-back"}),
}
"""Conditions an exercise conflicts with because of its position, whatever its data says."""

CONDITION_KINDS: dict[str, frozenset[str]] = {
    "blood-clot": frozenset({"roll"}),
    "fracture": frozenset({"roll"}),
    "open-wound": frozenset({"roll"}),
}
"""Conditions an exercise conflicts with because of its kind (foam rolling)."""

RedFlag = Literal[
    # Emergency now: possible cauda equina syndrome, then the other emergencies.
    "bladder-bowel",
    "saddle-changes",
    "sexual-dysfunction",
    "both-legs-weak",
    "both-legs-pain",
    "walking-difficulty",
    "serious-accident",
    "chest-pain",
    # See a clinician soon.
    "cancer-history",
    "fever-or-unwell",
    "weight-loss",
    "steroids",
    "night-pain",
    "immunosuppressed",
    "iv-drug-use",
    "thoracic-pain",
    "back-deformity",
    "minor-trauma-osteoporosis",
    "not-improving",
    # Earlier names, still accepted (see RED_FLAG_ALIASES).
    "saddle-numbness",
    "fall-or-accident",
]
"""A sign that sends the person to a clinician instead of a routine (see docs/safety.md)."""

_FLAGS: tuple[str, ...] = get_args(RedFlag)

URGENT_FLAGS: tuple[str, ...] = _FLAGS[: _FLAGS.index("cancer-history")]
"""Signs that need emergency care now (``Halt`` ``urgent``); a clearance never lifts them."""
CAUDA_EQUINA_FLAGS: tuple[str, ...] = URGENT_FLAGS[:6]
"""The urgent signs that can point to cauda equina syndrome."""
CLINICIAN_FLAGS: tuple[str, ...] = _FLAGS[
    _FLAGS.index("cancer-history") : _FLAGS.index("saddle-numbness")
]
"""Signs that call for a clinician's check before exercising (until ``cleared``)."""
RED_FLAGS: tuple[str, ...] = (*URGENT_FLAGS, *CLINICIAN_FLAGS)
"""The red flags lowback asks about, in the order it asks (aliases left out)."""
RED_FLAG_ALIASES: dict[str, str] = {
    "saddle-numbness": "saddle-changes",
    "fall-or-accident": "serious-accident",
}
"""Earlier names of red flags and the flag each now means; saved profiles, contexts
and scripts that use them keep working."""

# -- Target muscles and regions ---------------------------------------------------------

TARGETS: dict[str, str] = {
    "abdominals": "the muscles of the belly wall",
    "abductors": "the outer hip muscles that move the thigh out to the side",
    "adductors": "the inner-thigh muscles, from the bottom of the pelvis to the inner knee",
    "biceps": "the front of the upper arm",
    "calves": "the back of the lower leg",
    "chest": "the chest muscles",
    "diaphragm": "the breathing muscle under the ribs",
    "forearms": "the muscles between elbow and wrist",
    "glutes": "the buttock muscles",
    "hamstrings": "the back of the thigh",
    "hip-flexors": "the muscles that lift the thigh toward the trunk (the psoas has its own name)",
    "hips": "the hip joint and the muscles around it, as a whole",
    "latissimus-dorsi": "the broad muscle down the side of the back (the lats)",
    "lower-back": "the muscles of the lumbar spine",
    "middle-back": "the muscles between the shoulder blades",
    "neck": "the muscles of the neck",
    "piriformis": "the deep buttock muscle from the sacrum to the thigh bone",
    "psoas": "the hip flexor from the lower spine to the top of the thigh bone",
    "quadratus-lumborum": "the deep muscle between the lowest rib and the pelvis",
    "quadriceps": "the four muscles of the front of the thigh",
    "shoulders": "the shoulder muscles",
    "tensor-fasciae-latae": "the small muscle at the outer front of the hip (the TFL)",
    "thoracic-spine": "the middle part of the spine, behind the ribs",
    "traps": "the trapezius, from the neck across the upper back",
    "triceps": "the back of the upper arm",
}
"""The target muscles and regions lowback knows, each with a plain description. Rules tie
situations to these names (docs/plugins.md, "Target names and relevance")."""

TARGET_ALIASES: dict[str, str] = {
    # Other names of the same muscle or region, as catalogues and open data write them.
    "abs": "abdominals",
    "hip-abductors": "abductors",
    "gluteus-medius": "abductors",
    "adductor": "adductors",
    "inner-thighs": "adductors",
    "groin": "adductors",
    "calf": "calves",
    "pecs": "chest",
    "gluteals": "glutes",
    "gluteus-maximus": "glutes",
    "gluts": "glutes",
    "buttocks": "glutes",
    "hamstring": "hamstrings",
    "hip-flexor": "hip-flexors",
    "hip": "hips",
    "lats": "latissimus-dorsi",
    "lat": "latissimus-dorsi",
    "low-back": "lower-back",
    "lumbar": "lower-back",
    "lumbar-spine": "lower-back",
    "erector-spinae": "lower-back",
    "rhomboids": "middle-back",
    "psoas-major": "psoas",
    "iliopsoas": "psoas",
    "ql": "quadratus-lumborum",
    "quads": "quadriceps",
    "quad": "quadriceps",
    "rectus-femoris": "quadriceps",
    "vastus-lateralis": "quadriceps",
    "vastus-medialis": "quadriceps",
    "vastus-intermedius": "quadriceps",
    "tfl": "tensor-fasciae-latae",
    "tensor-fascia-latae": "tensor-fasciae-latae",
    "t-spine": "thoracic-spine",
    "thoracic": "thoracic-spine",
    "trapezius": "traps",
}
"""Each alias and the one name of :data:`TARGETS` it means. Names are compared as slugs,
so free-exercise-db's ``lower back`` is ``lower-back``; :func:`target_name` resolves."""


def as_slug(name: str) -> str:
    """``name`` as a slug: lower case, each run of other characters one hyphen
    (``Lower Back`` -> ``lower-back``)."""
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def target_name(
    name: str,
    targets: Mapping[str, object] = TARGETS,
    aliases: Mapping[str, str] = TARGET_ALIASES,
) -> str | None:
    """The name of ``targets`` (the built-in :data:`TARGETS` unless given) that ``name``
    (a name or an alias, in any case, with spaces or hyphens) means; None when it is
    neither. An engine's vocabulary passes its own, plugins' names included."""
    # Most names asked are slugs already: only the others are converted.
    slug = name if name in targets or name in aliases else as_slug(name)
    if slug in targets:
        return slug
    return aliases.get(slug)


def target_aliases(name: str, aliases: Mapping[str, str] = TARGET_ALIASES) -> tuple[str, ...]:
    """``name`` and every alias of it in ``aliases`` (the built-in ones unless given),
    sorted: the slugs a catalogue may write for it."""
    return tuple(sorted({name, *(a for a, n in aliases.items() if n == name)}))
