"""Importers: open exercise data from elsewhere, turned into a lowback catalogue.

Each format is one module of this package, named in :data:`IMPORTERS`, with a
``convert(data, where, choice)`` function: ``data`` is the parsed JSON of the
user's file, ``where`` its path (for messages), ``choice`` which exercises to
keep. It returns catalogue data (a mapping the :class:`~lowback.models.Catalogue`
model validates) or raises :class:`ImportDataError` naming the file and the
field at fault. Everything else (reading the file, validating, writing TOML)
is in :mod:`lowback.importers.shared`, so another format (wger's exercise JSON)
is one small module and one line of :data:`IMPORTERS`. This module holds only
the registry, so the command line lists the formats without loading the rest.
"""

from __future__ import annotations

IMPORTERS: dict[str, str] = {
    "free-exercise-db": "free_exercise_db",
}
"""Each format's name (as ``lowback import FORMAT`` takes it) and its module here."""
