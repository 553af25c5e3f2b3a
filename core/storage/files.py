"""Writing a file whole or not at all: how lowback writes every file but the history.

The profile, ``recommend --output`` and ``plan --ics`` all go through
:func:`write_atomic`. (The history is a SQLite database, which keeps itself whole.)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def write_atomic(path: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` to ``path``, so that ``path`` is either as it was or holds all of it.

    The data goes to a temporary file in the same folder and is flushed to the
    disk before it takes the name ``path``. With ``replace``, an existing file is
    replaced (:func:`os.replace`). Without it, an existing file is never touched:
    :class:`FileExistsError` is raised, even when another process creates the
    file while this one writes (the name is taken with :func:`os.link`, which
    fails if it exists). Any other failure raises :class:`OSError`, and no
    temporary file is left behind.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)  # gone already after os.replace


def _link_new(tmp: str, path: Path) -> None:
    """Give the written file ``tmp`` the name ``path`` too, only if ``path`` does not exist."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (FAT, some network shares): take the
        # name with O_EXCL, which also fails if it exists, then move the data in.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            os.replace(tmp, path)
        except OSError:
            os.unlink(path)
            raise
