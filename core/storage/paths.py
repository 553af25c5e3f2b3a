"""Where lowback keeps its files.

By default the profile is in the user's configuration folder and the history
in the user's data folder, as platformdirs names them for the platform. When
``LOWBACK_HOME`` is set, all of them (and every other file lowback writes on
its own) go in that one folder instead: tests and trials set it and never touch
the real home.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "lowback"
HOME_ENV = "LOWBACK_HOME"
PROFILE_NAME = "profile.toml"
HISTORY_NAME = "history.sqlite3"


def _home() -> Path | None:
    """The folder ``LOWBACK_HOME`` names, or None when it is unset or blank."""
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """The folder of the profile."""
    return _home() or platformdirs.user_config_path(APP, appauthor=False)


def data_dir() -> Path:
    """The folder of the history database."""
    return _home() or platformdirs.user_data_path(APP, appauthor=False)


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
