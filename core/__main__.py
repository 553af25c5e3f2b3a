"""``python -m lowback`` runs the CLI."""

from .cli import main

main()
