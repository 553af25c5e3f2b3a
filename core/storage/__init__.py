"""What lowback keeps between runs: the profile (TOML) and the history (SQLite).

Every file lowback writes lives under the folders :mod:`lowback.storage.paths`
names; ``LOWBACK_HOME`` moves them all. Nothing here runs inside the pipeline:
the command line reads the profile and history first and passes them in as data.
"""

from __future__ import annotations

import os

from ..errors import LowbackError

BUSY_TIMEOUT_ENV = "LOWBACK_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT = 10.0
"""Seconds to wait for another process (a history write, a profile change) before giving up."""


class StorageError(LowbackError):
    """A profile or history file cannot be used; the message names the file and what to do.

    Raised before anything is written, so the file is left as it was.
    """

    def __init__(self, path: object, problem: str, todo: str) -> None:
        self.path = str(path)
        self.problem = problem
        self.todo = todo
        super().__init__(f"{self.path}: {problem}; {todo}")


def busy_timeout() -> float:
    """Seconds to wait on a locked history or profile: ``LOWBACK_BUSY_TIMEOUT``, or 10."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_BUSY_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 3600:
        raise StorageError(
            BUSY_TIMEOUT_ENV,
            f"{raw!r} is not a number of seconds",
            "set it to a number from 0 to 3600, or unset it",
        )
    return value


__all__ = ["BUSY_TIMEOUT_ENV", "DEFAULT_BUSY_TIMEOUT", "StorageError", "busy_timeout"]
