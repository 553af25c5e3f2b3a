"""What lowback keeps between runs: the profile (TOML) and the history (SQLite).

Every file lowback writes lives under the folders :mod:`lowback.storage.paths`
names; ``LOWBACK_HOME`` moves them all. Nothing here runs inside the pipeline:
the command line reads the profile and history first and passes them in as data.
"""

from __future__ import annotations

from ..errors import LowbackError


class StorageError(LowbackError):
    """A profile or history file cannot be used; the message names the file and what to do.

    Raised before anything is written, so the file is left as it was.
    """

    def __init__(self, path: object, problem: str, todo: str) -> None:
        self.path = str(path)
        self.problem = problem
        self.todo = todo
        super().__init__(f"{self.path}: {problem}; {todo}")


__all__ = ["StorageError"]
