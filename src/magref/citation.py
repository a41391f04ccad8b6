"""A catalogue source as a reference manager reads it: BibTeX or CSL-JSON. magref records a
source's citation as one line (authors, title, journal and pages together), so that line is the
entry's title; the identifiers (DOI, PMID, PMCID and any other) go in their own fields."""

from __future__ import annotations

import json
import re
from typing import Any

from magref.model import Source

# CSL and BibTeX types for magref's kinds of source.
_CSL_TYPES = {
    "trial": "article-journal",
    "study": "article-journal",
    "review": "article-journal",
    "report": "report",
    "label": "document",
}
_BIBTEX_TYPES = {"report": "techreport", "label": "misc"}
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&#$_^~])")
_BIBTEX_WORDS = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def csl_json(key: str, src: Source) -> str:
    """One CSL-JSON item (in a list, as reference managers import them)."""
    item: dict[str, Any] = {"id": key, "type": _CSL_TYPES[src.kind], "title": src.citation}
    if src.year is not None:
        item["issued"] = {"date-parts": [[src.year]]}
    for field, value in (("DOI", src.doi), ("PMID", src.pmid), ("PMCID", src.pmcid)):
        if value:
            item[field] = value
    if src.doi:
        item["URL"] = f"https://doi.org/{src.doi}"
    if src.identifier:
        item["note"] = src.identifier
    return json.dumps([item], indent=2, ensure_ascii=False) + "\n"


def bibtex(key: str, src: Source) -> str:
    """One BibTeX entry, every value escaped and braced so that its case is kept."""
    fields = [("title", src.citation)]
    if src.year is not None:
        fields.append(("year", str(src.year)))
    if src.doi:
        fields += [("doi", src.doi), ("url", f"https://doi.org/{src.doi}")]
    if src.pmid:
        fields += [("eprint", src.pmid), ("eprinttype", "pubmed")]
    notes = [f"PMCID {src.pmcid}" if src.pmcid else "", src.identifier or ""]
    if any(notes):
        fields.append(("note", "; ".join(n for n in notes if n)))
    body = ",\n".join(f"  {name} = {_value(name, value)}" for name, value in fields)
    return f"@{_BIBTEX_TYPES.get(src.kind, 'article')}{{{key},\n{body}\n}}\n"


def _value(field: str, text: str) -> str:
    """A field's value in braces: identifiers as they are (reference managers read doi, url
    and eprint verbatim) unless they hold a brace or backslash; text escaped, in a second pair
    of braces that keeps its capitals."""
    text = " ".join(text.split())
    if field in _VERBATIM and not _UNSAFE_VERBATIM.search(text):
        return "{" + text + "}"
    escaped = _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_WORDS.get(m[1], "\\" + m[1]), text)
    return "{{" + escaped + "}}"


_VERBATIM = frozenset({"doi", "url", "eprint", "eprinttype", "year"})
_UNSAFE_VERBATIM = re.compile(r"[{}\\]")
