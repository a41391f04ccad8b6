"""Reading a label line: does its number state elemental magnesium or the compound's mass?

The reader never guesses: a row that states another nutrient (calcium, zinc, vitamin C, even
one supplied as a magnesium salt) is refused, not read as magnesium; a front-of-pack line that
could be either compound or elemental ('Magnesium citrate 200 mg') is read both ways; a row in
mmol is elemental magnesium; a row that gives the compound and the elemental amount is read
with both; a %DV or %NRV is checked against the label authority's reference value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from magref.amounts import (
    UNSTATED,
    Amount,
    Product,
    label_variant,
    make_product,
    parse_amount,
    rounded,
    unstated_form,
)
from magref.errors import MagrefError, UnverifiedFormError
from magref.model import Catalogue, Form, LabelValue, UnverifiedForm
from magref.names import normalise
from magref.text import one_line

# A number starts where no digit, point or comma precedes it: the search then tries each run
# of digits once, in linear time, instead of from every digit inside it (quadratic).
_NUMBER = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_AMOUNT = re.compile(_NUMBER + r"\s*(mg|g|mcg|µg|mmol)\b", re.I)
_PERCENT = re.compile(_NUMBER + r"\s*%\s*(?:of\s+(?:the\s+)?)?([a-z%]+(?:\s+value)?)?", re.I)
_SOURCE_NOTE = re.compile(r"\(\s*(?:as|from)\s+([^)]*)\)", re.I)
_ELEMENTAL_CUE = re.compile(
    r"elemental|providing|provides|yielding|yields|supplying|equivalent|of which|magnesium", re.I
)
Reading = Literal["elemental", "compound", "ambiguous"]


class AmbiguousLabel(MagrefError):
    """The line cannot be read safely; magref asks rather than guesses (exit 1)."""


@dataclass(frozen=True)
class PercentCheck:
    """A label's %DV or %NRV against what the amount is of that reference value."""

    stated: Decimal
    value: LabelValue
    computed: Decimal  # exact; renderers round it
    agrees: bool


@dataclass(frozen=True)
class LabelReading:
    text: str
    reading: Reading
    why: str
    forms: list[Form]
    elemental_mg: Decimal | None  # for an ambiguous line, the compound reading's
    product: Product | None  # None for a blend, whose compound split is unknown
    alternative: Product | None = None  # an ambiguous line read as elemental magnesium
    stated_elemental_mg: Decimal | None = None  # when the line gives both amounts
    percents: tuple[PercentCheck, ...] = ()


def _words(cat: Catalogue) -> list[str]:
    return sorted((normalise(n) for n in cat.label_rules.other_nutrients), key=len, reverse=True)


def _nutrients_in(cat: Catalogue, text: str) -> list[str]:
    haystack = f" {normalise(text)} "
    return [w for w in _words(cat) if f" {w} " in haystack]


def _without_other_salts(cat: Catalogue, text: str) -> str:
    """Text with '<nutrient> <word>' pairs removed, so 'calcium carbonate' is not carbonate."""
    haystack = f" {normalise(text)} "
    for word in _words(cat):
        haystack = re.sub(rf" {re.escape(word)} [a-z0-9]+(?= )", " | ", haystack)
    return haystack


def unverified_named(cat: Catalogue, text: str) -> UnverifiedForm | None:
    """A form named in free text whose formula magref could not verify (dimagnesium malate)."""
    haystack = _without_other_salts(cat, text)
    for unverified in cat.unverified_forms:
        if any(f" {normalise(n)} " in haystack for n in unverified.names() if normalise(n)):
            return unverified
    return None


def forms_named(cat: Catalogue, text: str) -> list[Form]:
    """Forms named in free text, longest names first so 'milk of magnesia' is not 'magnesia';
    a form name that follows another nutrient ('calcium carbonate') does not count, nor one
    inside the name of a form without a verified formula ('dimagnesium malate')."""
    haystack = _without_other_salts(cat, text)
    for unverified in cat.unverified_forms:
        for n in (normalise(n) for n in unverified.names()):
            haystack = haystack.replace(f" {n} ", " | ") if n else haystack
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


def _refuse_other_nutrient(cat: Catalogue, line: str, head: str) -> None:
    others = _nutrients_in(cat, head)
    if not others:
        return
    says_mg = (
        "magnesium" in f" {head.casefold()} " or re.search(r"\bmg\b(?!\s*\d)", head) is not None
    )
    note = _SOURCE_NOTE.search(line)
    if says_mg:
        raise AmbiguousLabel(
            f"{line!r} names magnesium and {others[0]} together; give the magnesium row alone"
        )
    if note and "magnesium" in note.group(1).casefold():
        raise AmbiguousLabel(
            f"{line!r}: the amount is {others[0]}, supplied as a magnesium salt, not magnesium; "
            "the magnesium it carries is not stated. Read the label's magnesium row instead."
        )
    raise AmbiguousLabel(
        f"{line!r} states {others[0]}, not magnesium; magref reads magnesium rows only"
    )


def _percents(cat: Catalogue, line: str, elemental: Decimal) -> tuple[PercentCheck, ...]:
    checks = []
    for match in _PERCENT.finditer(line):
        stated = Decimal(match[1].replace(",", ""))
        word = normalise(match[2] or "")
        values = [
            v for v in cat.label_rules.reference_values
            if word and word in {normalise(a) for a in v.abbreviations}
        ] or list(cat.label_rules.reference_values)  # fmt: skip
        for value in values:
            computed = elemental * 100 / Decimal(repr(value.mg))
            agrees = abs(computed - stated) < 1
            checks.append(PercentCheck(stated, value, computed, agrees))
    return tuple(checks)


def read_label(cat: Catalogue, text: str) -> LabelReading:
    line = " ".join(text.split())
    amounts = list(_AMOUNT.finditer(line))
    if not amounts:
        raise AmbiguousLabel(f"no amount in mg, g or mmol found in {line!r}")
    note = _SOURCE_NOTE.search(line)
    head = line[: min(note.start() if note else len(line), amounts[0].start())]
    _refuse_other_nutrient(cat, line, head)
    if len(amounts) > 2:
        raise AmbiguousLabel(f"{line!r} has more than two amounts; give one label row at a time")
    first = parse_amount(amounts[0].group(0))
    second = parse_amount(amounts[1].group(0)) if len(amounts) == 2 else None
    if second is not None:
        between = line[amounts[0].end() : amounts[1].start()] + line[amounts[1].end() :]
        if first.unit == "mmol" or not _ELEMENTAL_CUE.search(between) or second.unit == "mmol":
            if not (first.unit == "mmol" and second.unit == "mg"):
                raise AmbiguousLabel(
                    f"{line!r} has two amounts and does not say which is elemental magnesium; "
                    "give one label row at a time"
                )
    if note:
        return _supplement_facts(cat, line, note, first, second)
    forms = forms_named(cat, head)
    unstated = not forms and normalise(head) in UNSTATED
    if first.unit == "mmol" or unstated or "elemental" in head.casefold():
        form = forms[0] if len(forms) == 1 else unstated_form(cat)
        why = (
            "An amount in mmol is of magnesium itself."
            if first.unit == "mmol"
            else "The line states elemental magnesium."
        )
        return _elemental(cat, line, why, [form] if forms else [], form, first)
    if len(forms) != 1:
        unverified = unverified_named(cat, head)
        if unverified is not None and not forms:
            raise UnverifiedFormError(
                unverified.name, unverified.name, one_line(unverified.why), unverified.sources
            )
        if not forms:
            raise AmbiguousLabel(
                f"{line!r} names no form magref knows; if it is a Supplement Facts row the amount "
                "is elemental magnesium, but magref cannot give the compound's mass without "
                "the form"
            )
        names = ", ".join(f.id for f in forms)
        raise AmbiguousLabel(
            f"{line!r} names several forms ({names}) without saying which is which"
        )
    return _front_of_pack(cat, line, head, forms[0], first, second)


def _elemental(
    cat: Catalogue, line: str, why: str, forms: list[Form], form: Form, amount: Amount
) -> LabelReading:
    product = make_product(cat, form, Amount(amount.value, amount.unit, 1, True))
    percents = _percents(cat, line, product.elemental_mg)
    return LabelReading(
        line, "elemental", why, forms, product.elemental_mg, product, percents=percents
    )


def _supplement_facts(
    cat: Catalogue, line: str, note: re.Match[str], first: Amount, second: Amount | None
) -> LabelReading:
    forms = forms_named(cat, note.group(1))
    unverified = unverified_named(cat, note.group(1))
    if not forms and unverified is None:
        raise AmbiguousLabel(
            f"the source in {note.group(0)!r} is not a form magref knows (try: magref search WORD)"
        )
    why = (
        "A Supplement Facts row names the source in brackets ('as ...' or 'from ...'); "
        "its amount is elemental magnesium."
    )
    amount = second if second is not None and first.unit == "mmol" else first
    if unverified is not None:
        why += f" magref has no verified formula for {unverified.name}, so no compound mass."
    elif len(forms) > 1:
        why += " It names several forms, so how the compound mass splits between them is unknown."
    else:
        return _elemental(cat, line, why, forms, forms[0], first)
    elemental = make_product(cat, unstated_form(cat), Amount(amount.value, amount.unit, 1, True))
    percents = _percents(cat, line, elemental.elemental_mg)
    return LabelReading(
        line, "elemental", why, forms, elemental.elemental_mg, None, percents=percents
    )


def _front_of_pack(
    cat: Catalogue, line: str, head: str, form: Form, first: Amount, second: Amount | None
) -> LabelReading:
    figure = label_variant(form, head.strip())
    if figure is not None:
        form = form._replace(variants=(figure, *form.variants))
    compound = make_product(cat, form, first, figure.id if figure else None)
    if second is not None:  # the compound, then the elemental magnesium it provides
        why = (
            "The line gives the compound's mass and then the elemental magnesium it provides; "
            "magref's own figure from the compound is shown beside the label's."
        )
        percents = _percents(cat, line, second.value)
        return LabelReading(
            line, "compound", why, [form], second.value, compound,
            stated_elemental_mg=second.value, percents=percents,
        )  # fmt: skip
    as_elemental = make_product(cat, form, Amount(first.value, first.unit, 1, True))
    percents = _percents(cat, line, compound.elemental_mg) + _percents(
        cat, line, as_elemental.elemental_mg
    )
    fits = [p for p in percents if p.agrees]
    if percents and fits:
        reading: Reading = "compound" if fits[0] in percents[: len(percents) // 2] else "elemental"
        chosen = compound if reading == "compound" else as_elemental
        why = f"The label's {fits[0].stated.normalize():f} % fits the {reading} reading."
        return LabelReading(
            line, reading, why, [form], chosen.elemental_mg, chosen,
            percents=tuple(p for p in percents if p in fits),
        )  # fmt: skip
    why = (
        "The form is named before the amount with no source in brackets, as on a product name or "
        "front label. Such a line may give the compound's mass or the elemental magnesium (many "
        "front labels state elemental magnesium): check the Supplement Facts panel. Both readings "
        f"are shown; read as the compound, {rounded(compound.elemental_mg, 'elemental_mg')} mg is "
        "magnesium."
    )
    return LabelReading(
        line, "ambiguous", why, [form], compound.elemental_mg, compound, as_elemental,
        percents=percents,
    )  # fmt: skip
