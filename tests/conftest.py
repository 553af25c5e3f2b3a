"""Shared fixtures: one engine over the installed built-ins, and a CLI runner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from lowback import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The built-in plugins, found through the installed entry points, loaded strictly."""
    return Engine(strict=True).load()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
