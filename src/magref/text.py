"""Making catalogue text safe to print: no terminal escapes, no broken Markdown or spreadsheets."""

from __future__ import annotations

import re

# C0 and C1 controls (tab and newline aside), DEL, and the bidirectional overrides that can make
# a terminal show text in a different order from the bytes.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)](\s|$)))")


def clean(text: str) -> str:
    """Replace control characters with U+FFFD so data cannot drive the terminal."""
    return _UNSAFE.sub("\ufffd", text)


def one_line(text: str) -> str:
    """Cleaned text with every run of whitespace, newlines included, folded to one space."""
    return " ".join(clean(text).split())


def md(text: str) -> str:
    """Text as literal Markdown on one line: safe in a paragraph, list item or table cell."""
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def csv_cell(text: str) -> str:
    """Text for a CSV cell that a spreadsheet will not run as a formula."""
    text = one_line(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
