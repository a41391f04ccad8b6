"""How names compare: folding case, accents, punctuation and a leading 'magnesium'."""

from __future__ import annotations

import re
import unicodedata


def normalise(name: str) -> str:
    """Fold case, accents, punctuation and a leading 'magnesium' so names compare loosely."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"[®™]|[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^magnesium ", "", text)
