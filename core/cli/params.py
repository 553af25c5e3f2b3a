"""Parameter types whose errors name the valid values, not just the bad one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from ..engine import Engine

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
        if not any(f"'{opt}'" in message for opt in opts):
            continue
        if isinstance(param.type, click.Choice):
            return f" Choose from: {', '.join(map(str, param.type.choices))}."
        if isinstance(param.type, VocabularyName):
            names = engine_of(exc.ctx).vocabulary.names(param.type.vocabulary)
            return f" Choose from: {', '.join(names)}."
    return ""


def engine_of(ctx: click.Context | None, *, quiet: bool = False) -> Engine:
    """The command's engine (its faults shown once), or, while completing a word, one
    built from the environment alone that prints nothing."""
    from .app import Settings

    settings = ctx.find_object(Settings) if ctx is not None else None
    if settings is None:
        settings = Settings.from_env(disable=(), strict=False)
    if not quiet:
        return settings.engine()
    from ..engine import Engine

    files = settings.catalogue_files()
    return Engine(block=settings.disable, only=settings.only, catalogues=files)


class VocabularyName(click.ParamType[str, Any]):
    """A name of one of the engine's open vocabularies (``equipment``, ``situation``,
    ``limit``): a built-in one or a plugin's. A bad one is told the closest name and
    the valid ones; completion offers them all (the engine is loaded to know them).
    ``extra`` names values taken besides the vocabulary's (``all`` for ``--no-limit``).
    """

    def __init__(self, vocabulary: str, extra: tuple[str, ...] = ()) -> None:
        self.vocabulary = vocabulary
        self.extra = extra
        self.name = vocabulary

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value in self.extra:
            return str(value)
        words = engine_of(ctx).vocabulary
        if not isinstance(value, str) or not words.knows(self.vocabulary, value):
            self.fail(words.hint(self.vocabulary, str(value)), param, ctx)
        return value

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        names = (*engine_of(ctx, quiet=True).vocabulary.names(self.vocabulary), *self.extra)
        return [CompletionItem(name) for name in names if name.startswith(incomplete)]


class ExerciseName(click.ParamType[str, Any]):
    """An exercise of the loaded catalogues: ``catalogue/exercise-id`` or ``exercise-id``.
    A bad one is told the closest id; completion offers the ids."""

    name = "exercise"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..terms import avoided, exercise_hint

        keys = tuple(engine_of(ctx).index.entries)
        if not isinstance(value, str) or not avoided(value, keys):
            self.fail(exercise_hint(str(value), keys), param, ctx)
        return value

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        keys = engine_of(ctx, quiet=True).index.entries
        ids = sorted({*(k.rpartition("/")[2] for k in keys), *keys})
        return [CompletionItem(name) for name in ids if name.startswith(incomplete)]
