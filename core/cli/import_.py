"""``lowback import``: open exercise data (the user's own copy) as a local catalogue."""

from __future__ import annotations

from pathlib import Path

import click

from ..importers import IMPORTERS
from .app import fail


@click.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(IMPORTERS)))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--category", multiple=True, help="Keep this category only (repeatable).")
@click.option(
    "--muscle", multiple=True, help="Keep exercises whose primary muscles include it (repeatable)."
)
@click.option("--equipment", multiple=True, help="Keep this equipment only ('body only', ...).")
@click.option("--id", "catalogue_id", metavar="SLUG", help="The catalogue id (default: FORMAT).")
@click.option("--position", help="The position given to every exercise (default: standing).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write the catalogue to FILE instead of your local catalogue folder.",
)
@click.option("--force", is_flag=True, help="Replace an existing file.")
def import_command(
    fmt: str,
    file: Path,
    category: tuple[str, ...],
    muscle: tuple[str, ...],
    equipment: tuple[str, ...],
    catalogue_id: str | None,
    position: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Turn FILE, exercise data in FORMAT, into a lowback catalogue (TOML).

    Without --output it goes into your local catalogue folder, which every
    command loads. Positions and doses the source does not give are the
    importer's defaults, marked as such; the source's instructions are not copied.
    """
    from ..importers.shared import Choice, convert
    from ..loader import LOCAL_FOLDER
    from ..storage.files import write_atomic
    from ..storage.paths import data_dir

    if output is not None and output.suffix.lower() != ".toml":
        fail(f"--output {output}: the catalogue is TOML; name a file ending in .toml")
    choice = Choice(
        categories=category,
        muscles=muscle,
        equipment=equipment,
        catalogue_id=catalogue_id,
        position=position,
    )
    catalogue, text = convert(fmt, file, choice)
    target = output or data_dir() / LOCAL_FOLDER / f"{catalogue.id}.toml"
    try:
        if output is None:
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8"), replace=force)
    except FileExistsError:
        fail(f"{target}: the file exists; give --force to replace it")
    except OSError as exc:
        fail(f"{target}: cannot write the catalogue: {exc.strerror}")
    count = len(catalogue.exercises)
    click.echo(f"{target}: catalogue {catalogue.id!r}, {count} exercises from {file}")
    if output is not None:
        click.echo(f"use it with: lowback --catalogue {target} recommend --sitting")
