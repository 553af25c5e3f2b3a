"""The files of a new plugin package, as data (the CLI writes them).

``lowback new catalogue NAME`` and ``lowback new rule NAME`` lay out a package
that installs, passes ``ruff check`` and ``mypy --strict``, and passes its own
test unmodified: a pyproject with the ``lowback`` entry point, the plugin
module (named after the plugin, so two scaffolded plugins can be passed to one
``Engine`` together), a TOML catalogue or a rule, and a test.
"""

from __future__ import annotations

import keyword
import re
from importlib import metadata

from .. import __version__
from ..loader import BUILTIN_DISTRIBUTION, ENTRY_POINT_GROUP
from ..vocab import SLUG_PATTERN

KINDS = ("catalogue", "rule")


def builtin_names() -> tuple[str, ...]:
    """The built-in plugins' names: lowback's own ``lowback`` entry points, sorted."""
    dist = metadata.distribution(BUILTIN_DISTRIBUTION)
    return tuple(sorted(ep.name for ep in dist.entry_points if ep.group == ENTRY_POINT_GROUP))


def check_name(name: str) -> str:
    """The module name for plugin ``name``; ValueError saying what a valid name is."""
    module = name.replace("-", "_")
    if not re.fullmatch(SLUG_PATTERN, name) or len(name) > 40:
        raise ValueError(f"{name!r} is not a lower-case slug such as 'my-clinic'")
    if not module.isidentifier() or keyword.iskeyword(module):
        raise ValueError(
            f"{name!r} cannot name a Python module; start it with a letter and "
            "avoid Python keywords (such as 'my-clinic')"
        )
    builtins = builtin_names()
    if name in builtins:
        raise ValueError(
            f"{name!r} is the name of a built-in plugin ({', '.join(builtins)}); choose another"
        )
    return module


def package_files(name: str, kind: str = "catalogue") -> dict[str, str]:
    """Relative path -> text for a ``kind`` plugin (``catalogue`` or ``rule``) called ``name``."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not a kind of plugin; choose from {', '.join(KINDS)}")
    module = check_name(name)
    fields = {
        "name": name,
        "module": module,
        "package": f"lowback_{module}",
        "dist": f"lowback-{name}",
        "version": __version__,
        "kind": kind,
    }
    package = f"src/{fields['package']}"
    files = {
        "pyproject.toml": _PYPROJECT.format(**fields),
        "README.md": (_README_CATALOGUE if kind == "catalogue" else _README_RULE).format(**fields),
        f"{package}/__init__.py": f'"""lowback {kind} plugin {name!r}."""\n',
        f"{package}/py.typed": "",
    }
    if kind == "catalogue":
        files[f"{package}/{module}.py"] = _CATALOGUE_PLUGIN.format(**fields)
        files[f"{package}/catalogue.toml"] = _CATALOGUE.format(**fields)
        files[f"tests/test_{module}.py"] = _CATALOGUE_TEST.format(**fields)
    else:
        files[f"{package}/{module}.py"] = _RULE_PLUGIN.format(**fields)
        files[f"tests/test_{module}.py"] = _RULE_TEST.format(**fields)
    return files


_PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "{dist}"
version = "0.1.0"
description = "A lowback {kind} plugin."
requires-python = ">=3.11"
dependencies = ["lowback>={version}"]

[project.optional-dependencies]
test = ["pytest"]

# lowback finds plugins through this entry-point group; the name is the plugin's name.
[project.entry-points.lowback]
{name} = "{package}.{module}"

[tool.setuptools.package-data]
"{package}" = ["*.toml", "py.typed"]

[tool.mypy]
strict = true
# lowback's models are pydantic models: the plugin lets mypy check Dose(...), Context(...).
plugins = ["pydantic.mypy"]

[tool.ruff]
line-length = 100
src = ["src"]

[tool.ruff.lint]
select = ["E", "F", "W", "I", "B", "UP"]
"""

_README_CATALOGUE = """\
# {dist}

A catalogue plugin for lowback. Edit `src/{package}/catalogue.toml`, then:

```sh
lowback validate src/{package}/catalogue.toml
pip install -e '.[test]' && pytest
lowback plugins
lowback recommend --explain
```

Check the format with `lowback schema catalogue`; see lowback's docs/plugins.md.
"""

_README_RULE = """\
# {dist}

A rule plugin for lowback. Edit the rule in `src/{package}/{module}.py`, then:

```sh
pip install -e '.[test]' && pytest
lowback plugins
lowback recommend --sitting --explain
```

The rule is known as `{name}:example`; see lowback's docs/plugins.md.
"""

_CATALOGUE_PLUGIN = '''\
"""Gives lowback the catalogue in catalogue.toml. Nothing happens at import time."""

from pathlib import Path

from lowback import RegisterCatalogue, hookimpl


@hookimpl
def register_catalogues(register: RegisterCatalogue) -> None:
    """Register the catalogue file beside this module."""
    register(Path(__file__).with_name("catalogue.toml"))
'''

_CATALOGUE = """\
# Replace the placeholder below with your own exercises. Cite your source; mark in
# `ours` every number your source does not give. Check: lowback validate <this file>

format = 1
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

_CATALOGUE_TEST = '''\
"""The catalogue loads without a fault and lowback recommends from it."""

from lowback import testing

from {package} import {module}


def test_catalogue_loads_and_is_recommended() -> None:
    # The built-in plugins and this one, strictly: any fault in it fails the test.
    engine = testing.engine({{"{name}": {module}}})
    assert "{name}" in [c.catalogue.id for c in engine.catalogues]
    routine = engine.recommend(testing.context(sitting=True))
    assert "{name}/example-stretch" in [item.exercise for item in routine.items]
'''

_RULE_PLUGIN = '''\
"""A lowback rule. Rules are pure: they read the context and the index, and return
decisions; no I/O, no clock, no state kept between calls."""

from collections.abc import Iterable

from lowback import CatalogueIndex, Context, Decision, RegisterRule, Rule, Vote, hookimpl


class Example(Rule):
    """Replace with your own: here, sitters get one more vote for hip exercises."""

    id = "example"
    summary = "Long sitting: one more vote for exercises that target the hips."

    def decide(self, context: Context, index: CatalogueIndex) -> Iterable[Decision]:
        if not context.sitting:
            return
        # The index resolves target names: "hips" also finds exercises written "hip".
        for entry in index.by_target("hips"):
            yield Vote(
                exercise=entry.key,
                weight=1,
                fact="sitting=true",
                text="Hip work for people who sit for long hours.",
            )


@hookimpl
def register_rules(register: RegisterRule) -> None:
    """Give lowback the rule."""
    register(Example())
'''

_RULE_TEST = '''\
"""The rule loads without a fault and acts on the built-in catalogues."""

from lowback import testing

from {package} import {module}


def test_rule_votes_for_hip_work_when_sitting() -> None:
    # The built-in plugins and this one, strictly: any fault in it fails the test.
    engine = testing.engine({{"{name}": {module}}})
    routine = engine.recommend(testing.context(sitting=True))
    reasons = {{r.rule for item in routine.items for r in item.reasons}}
    assert "{name}:example" in reasons


def test_rule_says_nothing_without_sitting() -> None:
    engine = testing.engine({{"{name}": {module}}})
    reasons = {{r.rule for item in engine.recommend(testing.context()).items for r in item.reasons}}
    assert "{name}:example" not in reasons
'''
