"""Parameter types whose errors name the valid values, not just the bad one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class WholeNumber(click.IntRange):
    """An integer within ``[low, high]``; any bad value is told the range."""

    def __init__(self, low: int, high: int) -> None:
        super().__init__(low, high)
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            try:
                int(value.strip())
            except ValueError:
                self.fail(
                    f"{value!r} is not a whole number; give one from {self.low} to {self.high}.",
                    param,
                    ctx,
                )
        return super().convert(value, param, ctx)


def text_or_json(help: str) -> Callable[[F], F]:
    """The ``--format text|json`` option of the listing commands (``fmt``, text by default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help,
    )


def missing_value_hint(exc: click.UsageError) -> str:
    """For "Option '--x' requires an argument", the values --x accepts, if it has a list."""
    message = exc.format_message()
    if exc.ctx is None or "requires an argument" not in message:
        return ""
    for param in exc.ctx.command.params:
        opts = getattr(param, "opts", [])
        if any(f"'{opt}'" in message for opt in opts) and isinstance(param.type, click.Choice):
            return f" Choose from: {', '.join(map(str, param.type.choices))}."
    return ""
