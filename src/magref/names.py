"""How names compare: folding case, accents, punctuation and a leading 'magnesium'."""

from __future__ import annotations

import re
import unicodedata

_MARKS = frozenset({"Mn", "Mc", "Me", "Cf"})  # accents and invisible format characters


def normalise(name: str) -> str:
    """Fold case, accents, punctuation and a leading 'magnesium' so names compare loosely.
    Letters and digits of every script are kept (Cyrillic, Chinese ...); accents and invisible
    characters (zero-width spaces, direction marks) are dropped; anything else separates."""
    decomposed = unicodedata.normalize("NFKD", re.sub("[®™℠]", " ", name))
    kept = decomposed
    if not decomposed.isascii():
        kept = "".join(c for c in decomposed if unicodedata.category(c) not in _MARKS)
    text = re.sub(r"[\W_]+", " ", kept.casefold()).strip()
    return re.sub(r"^magnesium ", "", text)
