"""Text from plugins is data, not markup: make it inert before any renderer shows it.

Removes ANSI escape sequences and every control character except tab and
newline (a cue cannot move the cursor, change colours, ring the bell or rewrite
earlier lines). Markup escaping (HTML, Markdown) is each renderer's own step on
top of this.
"""

from __future__ import annotations

import re
import unicodedata

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def inert(text: str) -> str:
    """``text`` without escape sequences or control characters (tab and newline kept)."""
    text = _ANSI.sub("", text)
    return "".join(
        ch
        for ch in text
        if ch in "\t\n"
        or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
        or ch == "\u200d"
    )
