"""Reading a label line: does its number state elemental magnesium or the compound's mass?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from magref.amounts import Amount, Product, make_product, parse_amount
from magref.errors import MagrefError
from magref.model import Catalogue, Form
from magref.names import normalise

_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(mg|g|mcg|µg)\b", re.I)
_SOURCE_NOTE = re.compile(r"\(\s*(?:as|from)\s+([^)]*)\)", re.I)


class AmbiguousLabel(MagrefError):
    """The line cannot be read safely; magref asks rather than guesses (exit 1)."""


@dataclass(frozen=True)
class LabelReading:
    text: str
    reading: str  # "elemental" or "compound"
    why: str
    forms: list[Form]
    elemental_mg: Decimal | None
    product: Product | None  # None for a blend, whose compound split is unknown


def forms_named(cat: Catalogue, text: str) -> list[Form]:
    """Forms named in free text, longest names first so 'milk of magnesia' is not 'magnesia'."""
    haystack = f" {normalise(text)} "
    names = sorted(
        ((normalise(n), f) for f in cat.forms for n in f.names() if normalise(n)),
        key=lambda pair: -len(pair[0]),
    )
    found: list[Form] = []
    for name, form in names:
        if f" {name} " in haystack:
            haystack = haystack.replace(f" {name} ", " | ")
            if form not in found:
                found.append(form)
    return found


def read_label(cat: Catalogue, text: str) -> LabelReading:
    line = " ".join(text.split())
    amounts = list(_AMOUNT.finditer(line))
    if not amounts:
        raise AmbiguousLabel(f"no amount in mg or g found in {line!r}")
    if len(amounts) > 1:
        raise AmbiguousLabel(f"{line!r} has more than one amount; give one label row at a time")
    amount = parse_amount(amounts[0].group(0))
    source_note = _SOURCE_NOTE.search(line)
    if source_note:
        forms = forms_named(cat, source_note.group(1))
        if not forms:
            raise AmbiguousLabel(
                f"the source in {source_note.group(0)!r} is not a form magref knows "
                "(try: magref search WORD)"
            )
        why = (
            "A Supplement Facts row names the source in brackets ('as ...' or 'from ...'); "
            "its amount is elemental magnesium."
        )
        if len(forms) > 1:
            why += (
                " It names several forms, so how the compound mass splits between them is unknown."
            )
            return LabelReading(line, "elemental", why, forms, amount.value, None)
        product = make_product(cat, forms[0], Amount(amount.value, "mg", 1, True))
        return LabelReading(line, "elemental", why, forms, amount.value, product)
    forms = forms_named(cat, line[: amounts[0].start()])
    if len(forms) == 1:
        why = (
            "The form is named before the amount with no source in brackets, as on a product name "
            "or front label; the amount is the compound's mass, not elemental magnesium."
        )
        product = make_product(cat, forms[0], amount)
        return LabelReading(line, "compound", why, forms, product.elemental_mg, product)
    if not forms:
        raise AmbiguousLabel(
            f"{line!r} names no form; if it is a Supplement Facts row the amount is elemental "
            "magnesium, but magref cannot give the compound's mass without the form"
        )
    names = ", ".join(f.id for f in forms)
    raise AmbiguousLabel(f"{line!r} names several forms ({names}) without saying which is which")
