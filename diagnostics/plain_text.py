"""Characters that do not show as themselves: removed from a report, made visible on a terminal.

Control characters (C0, DEL, C1) move a terminal's cursor, recolour it or set its title (``\\x1b[``);
bidi controls (U+202E ...) reverse the order in which the rest of a line is shown, zero-width
characters hide text, line separators start lines. Strings an editor, a browser or a log supplies
may carry any of them. The one list is ``HIDDEN``:

- ``clean_text`` (the report, the page) replaces a run of them by a space: what a shopper copies
  or emails is plain. ``theme/assets/hc/self-check/report.js`` does the same in JavaScript, with
  the same list (a test compares the two on every character).
- ``visible`` (every command line) writes each as an escape, ``\\x1b`` or ``\\u202e``, so support
  staff see that it is there and the terminal does not obey it. A line break is kept. JSON stays
  JSON: its strings already escape C0 characters, and ``\\uXXXX`` is JSON's own escape for the rest.
"""

from __future__ import annotations

import re
import sys
from typing import Any

HIDDEN = (
    "\x00-\x1f\x7f-\x9f"  # C0 controls, DEL, C1 controls
    "\u061c"  # Arabic letter mark (bidi)
    "\u200b-\u200f"  # zero-width space, joiners, left-to-right / right-to-left marks
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u2069"  # bidi isolates
    "\ufeff"  # zero-width no-break space (byte order mark)
)
"""The characters, as the inside of a regular-expression class (Python's and JavaScript's alike)."""

_HIDDEN_RUNS = re.compile(f"[{HIDDEN}]+")
_HIDDEN_BUT_NEWLINE = re.compile(f"(?!\n)[{HIDDEN}]")


def clean_text(value: Any, limit: int) -> str | None:
    """``value`` cut to ``limit`` with every run of hidden characters made one space; None if not a string."""
    if not isinstance(value, str):
        return None
    return _HIDDEN_RUNS.sub(" ", value[:limit]).strip()


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` for a terminal: every hidden character but the line break written as an escape."""
    return _HIDDEN_BUT_NEWLINE.sub(_escape, text)


def say(text: str, *, error: bool = False) -> None:
    """Print ``text`` and a line break to stdout (or stderr), made ``visible``: what every command line uses."""
    (sys.stderr if error else sys.stdout).write(visible(text) + "\n")
