"""Limits applied to a YAML document before PyYAML's C loader sees it: how deeply it may nest
and how far it may indent. libyaml's composer recurses, and a document nested tens of thousands
of levels deep crashes the process; these checks are linear in the text."""

from __future__ import annotations

import re

from magref.errors import CatalogueError

# magref's own files nest about 8 levels and indent under 20 columns.
MAX_DEPTH = 64
MAX_INDENT = 1000
_BRACKETS = re.compile(r"[\[\]{}]")
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_PAIR = re.compile(r"[-?:][ \t]+[-?:][ \t]")
_DEEP_INDENT = re.compile(rf"^[ \t]{{{MAX_INDENT},}}\S", re.MULTILINE)
_DEEP_BLOCK = re.compile(rf"^[ \t]*(?:[-?:][ \t]+){{{MAX_DEPTH},}}", re.MULTILINE)


def check_depth(text: str, origin: str) -> None:
    """Refuse a document nested more than MAX_DEPTH levels in flow style ([ or {), indented
    MAX_INDENT columns or more, or opening MAX_DEPTH block entries on one line. Linear in the
    text: only brackets are visited, and both expressions are anchored at line starts. Brackets
    inside quoted text count too, so the limit is generous."""
    depth = 0
    for index, bracket in enumerate(_NOT_BRACKETS.sub("", text)):  # the brackets alone
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            where = next(m for i, m in enumerate(_BRACKETS.finditer(text)) if i == index)
            line = text.count("\n", 0, where.start()) + 1
            raise CatalogueError(
                [f"{origin}:{line}: (syntax): nested more than {MAX_DEPTH} levels deep"]
            )
    checks = []
    if " " * (MAX_INDENT // 2) in text or "\t" in text:  # a quick look first: usually none
        checks.append((_DEEP_INDENT, f"indented {MAX_INDENT} columns or more"))
    if _PAIR.search(text):  # two block indicators in a row, anywhere: rare
        checks.append((_DEEP_BLOCK, f"nested more than {MAX_DEPTH} levels deep"))
    for pattern, what in checks:
        found = pattern.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            raise CatalogueError([f"{origin}:{line}: (syntax): {what}"])
