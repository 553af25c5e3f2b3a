"""Renderers: a routine as text, Markdown, HTML or JSON. Each imports only what it needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Routine

FORMATS = ("text", "json", "markdown", "html")


def render(routine: Routine, fmt: str, *, explain: bool = False, color: bool = False) -> str:
    """``routine`` in format ``fmt`` (one of :data:`FORMATS`), ending with a newline."""
    if fmt == "json":
        from .safe_text import json_escape

        return json_escape(routine.model_dump_json()) + "\n"
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(routine, explain=explain)
    if fmt == "html":
        from .html import render_html

        return render_html(routine, explain=explain)
    if fmt == "text":
        from .text import render_text

        return render_text(routine, explain=explain, color=color)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
