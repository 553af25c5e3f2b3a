"""``lowback new catalogue NAME`` and ``lowback new rule NAME``: scaffold a plugin package."""

from __future__ import annotations

from pathlib import Path

import click

from .app import fail


@click.group("new")
def new_group() -> None:
    """Scaffold a new plugin package."""


def write_package(kind: str, name: str, parent: Path) -> None:
    """Write the ``kind`` plugin package ``lowback-NAME`` under ``parent``, never over a file."""
    try:
        from .scaffold import package_files  # reads the installed entry points

        files = package_files(name, kind)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'NAME'") from None
    root = parent / f"lowback-{name}"
    if root.exists():
        fail(f"{root} already exists; choose another NAME or --dir (nothing was written)")
    try:
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
    except OSError as exc:
        fail(f"cannot write {exc.filename}: {exc.strerror}")
    click.echo(f"Created {root}/ with:")
    for rel in files:
        click.echo(f"  {rel}")
    click.echo(f"Next: cd {root} && pip install -e '.[test]' && pytest")


_dir_option = click.option(
    "--dir",
    "parent",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where to create the package folder lowback-NAME.",
)


@click.command("catalogue")
@click.argument("name")
@_dir_option
def new_catalogue(name: str, parent: Path) -> None:
    """Create lowback-NAME/: a catalogue plugin that installs and passes its own test."""
    write_package("catalogue", name, parent)


@click.command("rule")
@click.argument("name")
@_dir_option
def new_rule(name: str, parent: Path) -> None:
    """Create lowback-NAME/: a rule plugin that installs and passes its own test."""
    write_package("rule", name, parent)


new_group.add_command(new_catalogue)
new_group.add_command(new_rule)
