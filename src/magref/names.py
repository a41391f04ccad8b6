"""How names compare: folding case, accents, punctuation and a leading 'magnesium'."""

from __future__ import annotations

import re
import unicodedata

_MARKS = frozenset({"Mn", "Mc", "Me", "Cf"})  # accents and invisible format characters
_TRADE_MARKS = re.compile("[®™℠]")
_SEPARATORS = re.compile(r"[\W_]+")


def normalise(name: str) -> str:
    """Fold case, accents, punctuation and a leading 'magnesium' so names compare loosely.
    Letters and digits of every script are kept (Cyrillic, Chinese ...); accents and invisible
    characters (zero-width spaces, direction marks) are dropped; anything else separates."""
    decomposed = unicodedata.normalize("NFKD", _TRADE_MARKS.sub(" ", name))
    kept = decomposed
    if not decomposed.isascii():
        kept = "".join(c for c in decomposed if unicodedata.category(c) not in _MARKS)
    return _SEPARATORS.sub(" ", kept.casefold()).strip().removeprefix("magnesium ")
