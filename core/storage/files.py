"""Reading and writing files safely: how lowback touches every file but the history.

The profile, ``recommend --output`` and ``plan --ics`` are written through
:func:`write_atomic`; the profile and ``log --routine`` are read through
:func:`read_bounded`. (The history is a SQLite database, which keeps itself whole.)

Only regular files are read or written. A symbolic link is followed to the
file it names (a dotfiles set-up keeps working), and refused when it names
nothing or loops. A device, a FIFO, a socket or a folder is refused with a
:class:`NotAFileError`, before anything is read or written: a FIFO would block,
a device would never end or be replaced by a plain file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)

_PREFIX_CHARS = 64
"""How much of a file's name its temporary file keeps, so a long name stays writable."""


class NotAFileError(OSError):
    """``path`` is not a regular file (nor a link to one); ``strerror`` says what it is."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.EINVAL, what, str(path))


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def regular_target(path: Path) -> Path | None:
    """The regular file ``path`` names, following symbolic links; None when nothing is there.

    Raises :class:`NotAFileError` for a dangling or looping link and for anything
    that is not a regular file; any other :class:`OSError` (a name too long, a
    folder that cannot be searched) as it comes.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        # A link is dangling; anything else was not there (another process may create the
        # file a moment later: that is no dangling link, and opening it then is fine).
        if os.path.islink(path):
            raise NotAFileError(path, "a symbolic link to nothing (dangling)") from None
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotAFileError(path, "a symbolic link that loops") from None
        raise
    if not stat.S_ISREG(info.st_mode):
        raise NotAFileError(path, f"{_kind(info.st_mode)}, not a regular file")
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` to the regular file ``path``: it is either as it was or holds all of it.

    The data goes to a temporary file in the same folder as the file written
    (the target of a symbolic link: the link itself is kept) and is flushed to
    the disk before it takes the file's name. A new file gets the permissions
    the user's umask allows (as ``open`` would give); a replaced file keeps its
    own. With ``replace``, an existing file is replaced (:func:`os.replace`).
    Without it, an existing file is never touched: :class:`FileExistsError` is
    raised, even when another process creates the file while this one writes
    (the name is taken with :func:`os.link`, which fails if it exists).

    Anything but a regular file (or a link to one) raises :class:`NotAFileError`
    before anything is written; any other failure raises :class:`OSError`, and
    no temporary file is left behind.
    """
    target = regular_target(path)
    if target is not None and not replace:
        raise FileExistsError(errno.EEXIST, "the file exists", str(path))
    final = target or path
    mode = stat.S_IMODE(os.stat(final).st_mode) if target else 0o666 & ~_umask()
    prefix = f".{final.name[:_PREFIX_CHARS]}."
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=final.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        if target is not None:
            os.replace(tmp, final)
        else:
            _link_new(tmp, final)
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


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file ``path`` (links followed), or None when there is none.

    Raises :class:`NotAFileError` for anything but a regular file, checked on
    the opened file itself (opened without blocking, so a FIFO cannot hang the
    read), and :class:`ValueError` when the file holds more than ``limit``
    bytes: no more than ``limit + 1`` bytes are ever read, even if it grows.
    Any other failure raises :class:`OSError`.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        regular_target(path)  # a dangling link is named as one
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotAFileError(path, "a symbolic link that loops") from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotAFileError(path, f"{_kind(info.st_mode)}, not a regular file")
    with open(fd, "rb") as handle:
        if info.st_size > limit:
            raise ValueError(f"it is {info.st_size} bytes, over the limit of {limit}")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"it holds more than {limit} bytes, the limit")
    return data


class UnreadableError(ValueError):
    """A file named by the person cannot be read as text; ``str()`` says why, in one line."""


def read_text(name: str, limit: int) -> str:
    """The UTF-8 text of the file ``name`` (``-``: stdin), bounded to ``limit`` bytes.

    The one reader of files the person names on the command line: anything but a
    regular file (a FIFO, a device) is refused, never waited on, and every
    problem is an :class:`UnreadableError` saying what is wrong.
    """
    import sys

    try:
        if name == "-":
            if sys.stdin is None:
                raise UnreadableError("stdin is closed; give a file, or pipe the data in")
            data: bytes | None = sys.stdin.buffer.read(limit + 1)
        else:
            data = read_bounded(Path(name), limit)
    except NotAFileError as exc:
        raise UnreadableError(exc.strerror) from None
    except ValueError:
        raise UnreadableError(f"over the {_size(limit)} limit") from None
    except OSError as exc:
        raise UnreadableError(f"cannot read it ({exc.strerror or exc})") from None
    if data is None:
        raise UnreadableError("no such file")
    if len(data) > limit:
        raise UnreadableError(f"over the {_size(limit)} limit")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableError(f"not UTF-8 text (bad byte at {exc.start})") from None


def _size(limit: int) -> str:
    """``1048576`` -> ``1 MiB``: a bound as people say it."""
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if limit % size == 0:
            return f"{limit // size} {unit}"
    return f"{limit} bytes"
