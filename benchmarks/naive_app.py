"""The naive minimal app: the cold-start yardstick for ``lowback recommend``.

A click command that defines one pydantic model, validates it once, and calls
one pluggy hook over 5 plugins: about the least a command built on lowback's
stack does when it validates its input with pydantic.
"""

from __future__ import annotations

import click
import pluggy
from pydantic import BaseModel

hookspec = pluggy.HookspecMarker("naive")
hookimpl = pluggy.HookimplMarker("naive")


class Settings(BaseModel):
    """The one model: what the command was told."""

    sitting: bool = False
    minutes: int = 10


class Spec:
    """The one hook."""

    @hookspec
    def contribute(self, settings: Settings) -> int:  # type: ignore[empty-body]
        """A plugin's share of the answer."""


class Plugin:
    """One of the 5 plugins."""

    def __init__(self, n: int) -> None:
        self.n = n

    @hookimpl
    def contribute(self, settings: Settings) -> int:
        """Its number plus the minutes."""
        return self.n + settings.minutes


@click.command()
@click.option("--sitting", is_flag=True)
def main(sitting: bool) -> None:
    """Validate the flags, call the hook over the 5 plugins, print the sum."""
    settings = Settings.model_validate({"sitting": sitting})
    manager = pluggy.PluginManager("naive")
    manager.add_hookspecs(Spec)
    for n in range(5):
        manager.register(Plugin(n), name=f"plugin-{n}")
    click.echo(sum(manager.hook.contribute(settings=settings)))


if __name__ == "__main__":
    main()
