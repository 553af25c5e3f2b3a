"""``--context FILE|-``: a whole context as JSON, read at the edge with bounded size."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Context

MAX_CONTEXT_BYTES = 1_048_576
"""A context file larger than this is refused (1 MiB, as for catalogues)."""


def load_context(source: str) -> Context:
    """Read and validate the JSON context in the file ``source`` (``-``: stdin); every
    fault is a one-line lowback error (exit 1). A file must be a regular one: a FIFO or
    a device is refused, never waited on."""
    from ..errors import ContextError
    from ..models import Context
    from ..validation import validate_json

    name = "stdin" if source == "-" else source
    text = _read(source, name)
    try:
        context = validate_json(Context, text)
    except ContextError as exc:
        raise ContextError(f"context from --context {name}", exc.problems, exc.errors) from None
    if not context.screened and "red_flags" in json.loads(text):
        # A context that answers the red-flag questions (even with none) is a screen.
        return context.model_copy(update={"screened": True})
    return context


def _read(source: str, name: str) -> str:
    """The text of ``source`` (``-``: stdin), bounded to :data:`MAX_CONTEXT_BYTES`."""
    from ..errors import LowbackError
    from ..storage.files import UnreadableError, read_text

    try:
        return read_text(source, MAX_CONTEXT_BYTES)
    except UnreadableError as exc:
        raise LowbackError(f"--context {name}: {exc}") from None
