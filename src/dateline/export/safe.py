"""Text from articles is untrusted: made safe for a spreadsheet (CSV), an XML file and a terminal.

- CSV: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
  spreadsheets (`=HYPERLINK(...)`, `-2+3+cmd|...`); it gets a leading `'` (OWASP's rule). Numbers are
  left alone: Python ints and floats, and text that is a plain number (`-12`, `-3.5`, `1e-3`), which
  no spreadsheet reads as anything but that number.
- XML 1.0 forbids most control characters, lone surrogates and U+FFFE/U+FFFF: they are dropped.
- Terminal: ANSI escape sequences, control characters and bidirectional overrides (U+202A-202E,
  U+2066-2069) are removed, so that no article can move the cursor, recolour the screen, set the
  window title or reorder what a row seems to say.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and the other two-character escapes.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: the window title, hyperlinks
    r"|\x1b[@-Z\\-_]"  # the other escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # CSI in its one-byte C1 form
)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def csv_cell(value: Any) -> Any:
    """The value for a CSV cell: text that a spreadsheet would run as a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def xml_text(value: str) -> str:
    """The text without the characters XML 1.0 forbids (controls, lone surrogates, U+FFFE, U+FFFF)."""
    return _NOT_XML.sub("", value)


def terminal_text(value: str) -> str:
    """The text without ANSI escapes, control characters (newlines and tabs too) or bidi overrides."""
    return _UNPRINTABLE.sub("", _ANSI.sub("", value))
