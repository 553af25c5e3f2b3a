"""The routine's heading names every situation given, a plugin's too, and the equipment
named beyond the foam roller, in every format."""

from __future__ import annotations

import pytest
from lowback import Context, Routine
from lowback.render import render


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_heading_names_plugin_situations_and_extra_equipment(fmt: str) -> None:
    context = Context(situations=("standing-desk",), equipment=("foam-roller", "strap"))
    out = render(Routine(context=context, items=()), fmt)
    assert "no situation given" not in out
    assert "standing desk" in out
    assert "strap" in out


def test_built_in_situations_are_named_once() -> None:
    out = render(Routine(context=Context(sitting=True), items=()), "text")
    head = out.splitlines()[0]
    assert head.count("sitting") == 1
