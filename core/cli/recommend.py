"""``lowback recommend``: a routine for the context given by flags."""

from __future__ import annotations

import click

from ..vocab import LIMITS
from .app import Settings


@click.command("recommend")
@click.option("--sitting", is_flag=True, help="You sit for long hours.")
@click.option("--heavy-lifting", is_flag=True, help="You train heavy squats or deadlifts.")
@click.option("--after-legs", is_flag=True, help="Right after a leg workout.")
@click.option("--before-workout", is_flag=True, help="Just before a workout.")
@click.option(
    "--limit",
    "limits",
    multiple=True,
    type=click.Choice(LIMITS),
    metavar="LIMIT",
    help=f"Something you cannot do yet (repeatable): {', '.join(LIMITS)}.",
)
@click.option("--no-roller", is_flag=True, help="No foam roller at hand: rolling items drop.")
@click.option(
    "--minutes",
    type=click.IntRange(1, 240),
    metavar="N",
    help="Time budget in minutes (1-240); the least relevant items are dropped to fit.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json (the Routine model) for programs.",
)
@click.option("--explain", is_flag=True, help="Show every reason, rule and left-out item.")
@click.pass_obj
def recommend_command(
    settings: Settings,
    sitting: bool,
    heavy_lifting: bool,
    after_legs: bool,
    before_workout: bool,
    limits: tuple[str, ...],
    no_roller: bool,
    minutes: int | None,
    fmt: str,
    explain: bool,
) -> None:
    """Recommend a short routine for your day.

    \b
    Examples:
      lowback recommend --sitting --after-legs
      lowback recommend --sitting --before-workout --no-roller --minutes 10
      lowback recommend --after-legs --limit cross-legs --limit hip-opening --explain
    """
    if after_legs and before_workout:
        raise click.UsageError(
            "--after-legs and --before-workout cannot be given together; choose one."
        )
    from ..models import Context

    context = Context.model_validate(
        {
            "sitting": sitting,
            "heavy_lifting": heavy_lifting,
            "timing": "after-legs" if after_legs else "before-workout" if before_workout else None,
            "limits": limits,
            "equipment": () if no_roller else ("foam-roller",),
            "minutes": minutes,
        }
    )
    routine = settings.recommend(context)
    if fmt == "json":
        click.echo(routine.model_dump_json())
    else:
        from ..render.text import render_text

        click.echo(render_text(routine, explain=explain), nl=False)
