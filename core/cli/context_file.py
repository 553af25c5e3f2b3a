"""``--context FILE|-``: a whole context as JSON, read at the edge with bounded size."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ..models import Context

MAX_CONTEXT_BYTES = 1_048_576
"""A context file larger than this is refused (1 MiB, as for catalogues)."""


def load_context(source: TextIO) -> Context:
    """Read and validate a JSON context; every fault is a one-line lowback error (exit 1)."""
    from ..errors import ContextError, LowbackError
    from ..models import Context
    from ..validation import validate_json

    name = "stdin" if source.name == "<stdin>" else source.name
    try:
        text = source.read(MAX_CONTEXT_BYTES + 1)
    except UnicodeDecodeError as exc:
        raise LowbackError(f"--context {name}: not UTF-8 text (bad byte at {exc.start})") from None
    except OSError as exc:
        raise LowbackError(f"--context {name}: cannot read it ({exc.strerror})") from None
    if len(text) > MAX_CONTEXT_BYTES:
        raise LowbackError(f"--context {name}: over the 1 MiB limit for a context")
    try:
        context = validate_json(Context, text)
    except ContextError as exc:
        raise ContextError(f"context from --context {name}", exc.problems, exc.errors) from None
    if not context.screened and "red_flags" in json.loads(text):
        # A context that answers the red-flag questions (even with none) is a screen.
        return context.model_copy(update={"screened": True})
    return context
