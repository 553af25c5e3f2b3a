"""The files of a new catalogue plugin package, as data (the CLI writes them).

``lowback new catalogue NAME`` lays out a package that installs and passes its
own test unmodified: a pyproject with the ``lowback`` entry point, a TOML
catalogue with one placeholder exercise, a two-line hook, and a test.
"""

from __future__ import annotations

import re

from .. import __version__
from ..vocab import SLUG_PATTERN


def package_files(name: str) -> dict[str, str]:
    """Relative path -> text for a catalogue plugin called ``name`` (a slug)."""
    if not re.fullmatch(SLUG_PATTERN, name) or len(name) > 40:
        raise ValueError(f"{name!r} is not a lower-case slug such as 'my-clinic'")
    module = "lowback_" + name.replace("-", "_")
    dist = f"lowback-{name}"
    return {
        "pyproject.toml": _PYPROJECT.format(
            dist=dist, name=name, module=module, version=__version__
        ),
        "README.md": _README.format(dist=dist, name=name, module=module),
        f"src/{module}/__init__.py": f'"""lowback catalogue plugin {name!r}."""\n',
        f"src/{module}/plugin.py": _PLUGIN.format(name=name),
        f"src/{module}/catalogue.toml": _CATALOGUE.format(name=name),
        "tests/test_catalogue.py": _TEST.format(name=name, module=module),
    }


_PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "0.1.0"
description = "A lowback catalogue plugin."
requires-python = ">=3.11"
dependencies = ["lowback>={version}"]

[project.optional-dependencies]
test = ["pytest"]

# lowback finds plugins through this entry-point group; the name is the plugin's name.
[project.entry-points.lowback]
{name} = "{module}.plugin"

[tool.setuptools.package-data]
"{module}" = ["*.toml"]
"""

_README = """\
# {dist}

A catalogue plugin for lowback. Edit `src/{module}/catalogue.toml`, then:

```sh
lowback validate src/{module}/catalogue.toml
pip install -e '.[test]' && pytest
lowback plugins
lowback recommend --explain
```

Check the format with `lowback schema catalogue`.
"""

_PLUGIN = '''\
"""Gives lowback the catalogue in catalogue.toml. Nothing happens at import time."""

from pathlib import Path

from lowback import hookimpl


@hookimpl
def register_catalogues(register):
    """Register the catalogue file beside this module."""
    register(Path(__file__).with_name("catalogue.toml"))
'''

_CATALOGUE = """\
# Replace the placeholder below with your own exercises. Cite your source; mark in
# `ours` every number your source does not give. Check: lowback validate <this file>

id = "{name}"
name = "{name} catalogue"
timing = []

[source]
title = "Title of your source"
author = "Your name"

[[exercises]]
id = "example-stretch"
name = "Example stretch"
section = "1. Example"
kind = "stretch"
position = "lying-back"
targets = ["hips"]
movement = "{name}-example-stretch"
cues = ["Describe, in your own words, how to do it."]

[exercises.dose]
sets = 1
hold_s = 20
per_side = true
ours = ["sets", "hold_s"]

[[exercises.because]]
situation = "sitting"
note = "Say why your source links this exercise to long sitting."
"""

_TEST = '''\
"""The catalogue loads without a fault and lowback recommends from it."""

import {module}.plugin as plugin
from lowback import Context, Engine
from lowback.plugins import sitting


def test_catalogue_loads_and_is_recommended():
    engine = Engine(plugins={{"{name}": plugin, "sitting": sitting}}, strict=True)
    assert [c.catalogue.id for c in engine.catalogues] == ["{name}"]
    routine = engine.recommend(Context(sitting=True))
    assert "{name}/example-stretch" in [item.exercise for item in routine.items]
'''
