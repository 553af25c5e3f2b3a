"""Where lowback keeps its files.

By default the profile is in the user's configuration folder, the history in
the user's data folder and the entry-point cache in the user's cache folder, as
platformdirs names them for the platform. When ``LOWBACK_HOME`` is set, all of
them (and every other file lowback writes on its own) go in that one folder
instead: tests and trials set it and never touch the real home.

pathlib is imported inside the functions that return a Path: ``lowback
--version`` finds the entry-point cache through :func:`cache_folder`, and
importing pathlib would add about a tenth to its time.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

APP = "lowback"
HOME_ENV = "LOWBACK_HOME"
NO_CACHE_ENV = "LOWBACK_NO_CACHE"
"""Set (to anything but blanks), the command line neither reads nor writes the entry-point cache."""
PROFILE_NAME = "profile.toml"
HISTORY_NAME = "history.sqlite3"


def _home_text() -> str | None:
    """The folder ``LOWBACK_HOME`` names, or None when it is unset or empty."""
    value = os.environ.get(HOME_ENV, "").strip()
    return os.path.expanduser(value) if value else None


def config_dir() -> Path:
    """The folder of the profile."""
    from pathlib import Path

    return Path(_user_folder("config"))


def data_dir() -> Path:
    """The folder of the history database."""
    from pathlib import Path

    return Path(_user_folder("data"))


def cache_folder() -> str:
    """:func:`cache_dir` as a string, without importing pathlib (for ``--version``)."""
    return _user_folder("cache")


def cache_dir() -> Path:
    """The folder of the entry-point cache (files lowback can always rebuild)."""
    from pathlib import Path

    return Path(cache_folder())


# Per kind of folder: the XDG variable and its default under $HOME on Linux.
_XDG = {
    "config": ("XDG_CONFIG_HOME", ".config"),
    "data": ("XDG_DATA_HOME", ".local/share"),
    "cache": ("XDG_CACHE_HOME", ".cache"),
}


def _user_folder(kind: str) -> str:
    """``LOWBACK_HOME``, else the user's ``kind`` folder for lowback, as platformdirs names it."""
    base = _home_text()
    if base is not None:
        return base
    plain = _plain_xdg(kind)
    if plain is not None:
        return os.path.join(plain, APP)
    import platformdirs

    folder: str = getattr(platformdirs, f"user_{kind}_dir")(APP, appauthor=False)
    return folder


def _plain_xdg(kind: str) -> str | None:
    """The XDG base folder of ``kind`` on Linux when no rule of platformdirs can differ.

    Importing platformdirs (it imports pathlib, tempfile and shutil) costs about
    as much as starting Python, a fifth of ``lowback --version`` and a twentieth
    of ``lowback recommend``, for a folder that on Linux is ``$XDG_..._HOME`` when
    that is an absolute path and under ``$HOME`` when it is unset and ``HOME`` is
    absolute. Anything less plain (another platform, a relative or blank value,
    no ``HOME``) is left to platformdirs; tests/test_discovery_cache.py checks
    that both agree.
    """
    if not sys.platform.startswith("linux"):
        return None
    variable, default = _XDG[kind]
    xdg = os.environ.get(variable)
    if xdg:
        return xdg if os.path.isabs(xdg) else None
    home = os.environ.get("HOME", "")
    if xdg is None and os.path.isabs(home):
        return os.path.join(os.path.expanduser("~"), default)
    return None


def cache_disabled() -> bool:
    """True when ``LOWBACK_NO_CACHE`` is set to a non-empty value (blanks count as unset)."""
    return bool(os.environ.get(NO_CACHE_ENV, "").strip())


def profile_path() -> Path:
    """The profile file (it may not exist yet)."""
    return config_dir() / PROFILE_NAME


def history_path() -> Path:
    """The history database (it may not exist yet)."""
    return data_dir() / HISTORY_NAME


def missing(path: Path) -> bool:
    """True only when ``path`` does not exist. Any other problem (permissions, a
    folder in the way) is left for the code that reads the file to report.

    Commands check this before importing the code that reads a profile or a
    history (tomllib, sqlite3, their models): a first routine needs neither.
    """
    try:
        path.stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False
