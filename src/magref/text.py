"""Making catalogue text safe to print: no terminal escapes, no broken Markdown or spreadsheets."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from magref.model import Assay, ChemicalId

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


def _range(low: float, high: float | None, unit: str, digits: int) -> str:
    if high is None:
        return f"at least {low:.{digits}f} % {unit}"
    return f"{low:.{digits}f} to {high:.{digits}f} % {unit}"


def assay_text(assay: Assay) -> str:
    """A pharmacopoeia range as one plain sentence, with its elemental magnesium equivalent:
    'USP...: 40.0 to 43.5 % MgO, that is 24.12 to 26.23 % magnesium (as is).'"""
    if assay.measured == "Mg":
        stated = _range(assay.low, assay.high, "magnesium", 1)
    else:
        magnesium = _range(assay.mg_percent_low, assay.mg_percent_high, "magnesium", 2)
        stated = f"{_range(assay.low, assay.high, assay.measured, 1)}, that is {magnesium}"
    note = f" {assay.note}" if assay.note else ""
    return f"{assay.monograph}: {stated} ({assay.basis}).{note}"


def identifier_text(ident: ChemicalId) -> str:
    """'UNII 3A3U0GI71G', 'PubChem CID 24843': an identifier as the scheme writes it."""
    from magref.model import ID_SCHEMES  # loaded by then: only views of forms get here

    return f"{ID_SCHEMES[ident.scheme][1]} {ident.value}"
