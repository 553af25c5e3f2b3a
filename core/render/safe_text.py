"""Text from plugins is data, not markup: make it inert before any renderer shows it.

Removes ANSI escape sequences and every control character except tab and
newline (a cue cannot move the cursor, change colours, ring the bell, set the
window title, write the clipboard or rewrite earlier lines), and format
characters such as bidirectional overrides. Markup escaping (HTML, Markdown) is
each renderer's own step on top of this; :func:`json_escape` is JSON's.
"""

from __future__ import annotations

import re
import unicodedata

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


_HIDDEN = ("Cc", "Cf", "Cs", "Co", "Cn")
"""Control, format (bidi overrides...), surrogate, private-use and unassigned characters."""


def inert(text: str, *, one_line: bool = False) -> str:
    """``text`` without escape sequences or control characters (tab and newline kept;
    with ``one_line``, each becomes a space, for text printed inside one line)."""
    text = _ANSI.sub("", text)
    kept = "".join(
        ch
        for ch in text
        if ch in "\t\n" or unicodedata.category(ch) not in _HIDDEN or ch == "\u200d"
    )
    return kept.replace("\n", " ").replace("\t", " ") if one_line else kept


_JSON_UNSAFE = re.compile("[^\x20-\x7e\t\n\r]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if unicodedata.category(ch) not in (*_HIDDEN, "Zl", "Zp"):
        return ch
    code = ord(ch)
    if code > 0xFFFF:  # as a UTF-16 surrogate pair, as JSON spells it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_escape(text: str) -> str:
    """JSON ``text`` with every control, format (bidi override...), line-separator and
    unassigned character written as a ``\\uXXXX`` escape: the same JSON value, but
    nothing that can act on a terminal or hide text. (JSON's own escaping already
    covers the ASCII controls; these characters can only occur inside strings.)"""
    return _JSON_UNSAFE.sub(_escape, text)
