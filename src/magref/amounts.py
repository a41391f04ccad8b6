"""Amounts and their arithmetic: reading an amount, compound and elemental magnesium, mmol and
mEq, and the products of a daily stack. Pure functions; no printing.

Rounding (the only place it is decided): arithmetic is exact (Decimal) and values are rounded
half-up only for display and JSON, to these decimal places:
compound mg 0, elemental mg 1, mmol 2, mEq 1, percentages 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from magref.catalogue import find_form
from magref.errors import MagrefError, UsageError
from magref.model import (
    MEASURE_UNITS,
    Absorption,
    Catalogue,
    Form,
    Measure,
    SideEffects,
    Solubility,
    Variant,
)
from magref.names import normalise

PLACES = {
    "compound_mg": 0,
    "elemental_mg": 1,
    "mmol": 2,
    "meq": 1,
    "percent": 0,
    "mmol_l": 2,
    "mg_dl": 2,
    "meq_l": 2,
}
MAX_COMPOUND_MG = Decimal(1_000_000)  # a kilogram: anything above is a typing slip, not a dose


def rounded(value: Decimal, quantity: str) -> Decimal:
    """A value rounded half-up to the places PLACES gives its quantity."""
    return value.quantize(Decimal(1).scaleb(-PLACES[quantity]), rounding=ROUND_HALF_UP)


def figure(value: Decimal, quantity: str = "elemental_mg") -> str:
    """A value rounded as `rounded` does, written without trailing zeros and with thousands
    separators, as the tables write numbers: 65, 62.5, 1,485."""
    text = f"{rounded(value, quantity):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def dec(value: float) -> Decimal:
    """A catalogue number as the decimal it was written as (40.30, not 40.2999...)."""
    return Decimal(repr(value))


# ---- amounts --------------------------------------------------------------------------------

_UNITS = {
    "": "mg", "mg": "mg", "milligram": "mg", "milligrams": "mg",
    "g": "g", "gram": "g", "grams": "g",
    "mcg": "mcg", "ug": "mcg", "µg": "mcg",
    "mmol": "mmol", "meq": "meq",
    "ml": "ml", "tsp": "tsp", "teaspoon": "tsp", "teaspoons": "tsp",
    "tbsp": "tbsp", "tablespoon": "tbsp", "tablespoons": "tbsp",
    "tablet": "tablet", "tablets": "tablet", "tab": "tablet", "tabs": "tablet",
    "caplet": "tablet", "caplets": "tablet",
    "capsule": "capsule", "capsules": "capsule", "cap": "capsule", "caps": "capsule",
    "scoop": "scoop", "scoops": "scoop",
}  # fmt: skip
TEASPOONS_PER_TABLESPOON = 3  # a unit's definition, as 1,000 mg is a gram
_AMOUNT = re.compile(
    r"(?:(?P<count>\d+)\s*[x×]\s*)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>(?!elemental)[a-zµ]*)"
    r"(?P<elemental>\s+elemental)?$",
    re.IGNORECASE,
)

# Where a product's words turn from the form's name into its amount.
_SPLIT = re.compile(r"\s(?=(?:\d+\s*[x×]\s*)?[\d.,]+\s*[a-zµ]*(?:\s+elemental)?$)", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    value: Decimal  # in mg for masses, else in the unit given
    unit: Literal["mg", "mmol", "meq", "ml", "tsp", "tablet", "capsule", "scoop"]
    count: int = 1
    elemental: bool = False


def parse_amount(text: str) -> Amount:
    """'500', '500mg', '0.5 g', '1,000 mg', '2 x 500mg', '20 mmol', '30 mL', '2 tsp', '1 tbsp',
    '2 tablets' (a measure: the form's recorded amount per tablet, capsule or scoop)."""
    match = _AMOUNT.fullmatch(text.strip())
    if not match:
        raise UsageError(f"cannot read the amount {text.strip()!r}; try 500mg, 0.5g or 20mmol")
    unit = _UNITS.get(match["unit"].lower())
    if unit is None:
        known = "mg, g, mcg, mmol, mEq, mL, tsp, tbsp, tablets, capsules, scoops"
        raise UsageError(f"unknown unit {match['unit']!r} in {text.strip()!r}; use {known}")
    value = Decimal(match["number"].replace(",", ""))
    count = int(match["count"] or 1)
    if value <= 0 or count <= 0:
        raise UsageError(f"the amount must be above zero, got {text.strip()!r}")
    if unit == "g":
        value, unit = value * 1000, "mg"
    elif unit == "mcg":
        value, unit = value / 1000, "mg"
    elif unit == "tbsp":
        value, unit = value * TEASPOONS_PER_TABLESPOON, "tsp"
    if unit == "mg" and value * count > MAX_COMPOUND_MG:
        raise UsageError(f"{text.strip()!r} is more than a kilogram; check the amount")
    if unit != "mg" and value * count > 100_000:
        raise UsageError(f"{text.strip()!r} is far too large to be a dose; check the amount")
    return Amount(value, unit, count, bool(match["elemental"]))  # type: ignore[arg-type]


# ---- products and their arithmetic ---------------------------------------------------------


class Product(NamedTuple):
    """One line of a daily stack: a form, a variant, and how much of it."""

    form: Form
    variant: Variant
    amount: Amount
    measure: Measure | None
    elemental_mg: Decimal  # exact, unrounded, as are the others
    compound_mg: Decimal
    mmol: Decimal
    meq: Decimal

    @property
    def text(self) -> str:
        a = self.amount
        count = f"{a.count} x " if a.count > 1 else ""
        plural = "s" if a.unit in ("tablet", "capsule", "scoop") and a.value != 1 else ""
        return f"{self.form.id} {count}{a.value.normalize():,f} {a.unit}{plural}"


def elemental_from_compound(compound_mg: Decimal, variant: Variant) -> Decimal:
    return compound_mg * dec(variant.elemental_mg_percent) / 100


def compound_from_elemental(elemental_mg: Decimal, variant: Variant) -> Decimal:
    return elemental_mg * 100 / dec(variant.elemental_mg_percent)


def mmol_from_mg(cat: Catalogue, elemental_mg: Decimal) -> Decimal:
    return elemental_mg / dec(cat.units.magnesium_mg_per_mmol)


def meq_from_mg(cat: Catalogue, elemental_mg: Decimal) -> Decimal:
    return mmol_from_mg(cat, elemental_mg) * dec(cat.units.meq_per_mmol)


def make_product(
    cat: Catalogue, form: Form, amount: Amount, variant_id: str | None = None
) -> Product:
    variant = _variant(form, variant_id)
    measure = None
    total = amount.value * amount.count
    if amount.unit == "mmol":
        elemental = total * dec(cat.units.magnesium_mg_per_mmol)
    elif amount.unit == "meq":
        elemental = total / dec(cat.units.meq_per_mmol) * dec(cat.units.magnesium_mg_per_mmol)
    elif amount.unit in MEASURE_UNITS:
        measure = next((m for m in form.measures if m.unit == amount.unit), None)
        if measure is None:
            units = ", ".join(sorted({m.unit for m in form.measures})) or "mg, mmol or mEq only"
            raise MagrefError(f"{form.id} has no {amount.unit} measure recorded; use {units}")
        if amount.elemental:
            raise UsageError("'elemental' applies to mg, not to a measure")
        if measure.elemental_mg is not None:
            elemental = total / dec(measure.volume) * dec(measure.elemental_mg)
        else:
            compound = total / dec(measure.volume) * dec(measure.compound_mg or 0)
            elemental = elemental_from_compound(compound, variant)
    elif amount.elemental:
        elemental = total
    else:
        elemental = elemental_from_compound(total, variant)
        return _product(cat, form, variant, amount, None, elemental, total)
    compound = compound_from_elemental(elemental, variant)
    return _product(cat, form, variant, amount, measure, elemental, compound)


def _product(
    cat: Catalogue,
    form: Form,
    variant: Variant,
    amount: Amount,
    measure: Measure | None,
    elemental: Decimal,
    compound: Decimal,
) -> Product:
    mmol, meq = mmol_from_mg(cat, elemental), meq_from_mg(cat, elemental)
    product = Product(form, variant, amount, measure, elemental, compound, mmol, meq)
    # Checked here, after every multiplier (N x, --units, a measure, mmol), so that no way of
    # stating an amount gets past the limit parse_amount applies to milligrams.
    if compound > MAX_COMPOUND_MG or elemental > MAX_COMPOUND_MG:
        raise UsageError(f"{product.text!r} comes to more than a kilogram; check the amount")
    return product


def _variant(form: Form, variant_id: str | None) -> Variant:
    if variant_id is None:
        return form.default_variant
    wanted = normalise(variant_id)
    for v in form.variants:
        if wanted in (normalise(v.id), normalise(v.name), normalise(v.hydrate)):
            return v
    known = ", ".join(v.id for v in form.variants)
    raise MagrefError(f"{form.id} has no variant {variant_id!r}; its variants: {known}")


def unstated_form(cat: Catalogue) -> Form:
    """Magnesium of unstated form ('magnesium 100 mg' in a multivitamin): read as elemental
    magnesium, so its one 'variant' is magnesium itself, 100 % magnesium by its formula."""
    note = cat.label_rules.unstated_form
    variant = Variant(
        id="elemental", name="magnesium (form not stated)", formula="Mg", hydrate="not stated",
        stoichiometry="-", molar_mass=cat.units.magnesium_mg_per_mmol,
        elemental_mg_percent=100.0, default=True, note=note,
    )  # fmt: skip
    unknown = "not known: the form is not stated"
    return Form(
        id="magnesium", name="Magnesium (form not stated)", summary=note, variants=(variant,),
        solubility=Solubility(unknown), absorption=Absorption(unknown, "none"),
        side_effects=SideEffects("unknown", unknown),
    )  # fmt: skip


UNSTATED = frozenset({"magnesium", "mg", "elemental magnesium", "elemental"})


def label_variant(form: Form, name: str) -> Variant | None:
    """The variant for a trade name that a label figure is given for (Magtein), so that an
    amount named by it reads as `show` gives it."""
    wanted = normalise(name)
    for figure in form.label_figures:
        if wanted in {normalise(n) for n in figure.names}:
            base = form.default_variant
            return base._replace(
                id="label-figure", name=figure.label, hydrate="as labelled",
                elemental_mg_percent=figure.elemental_mg_percent, default=False,
                note=figure.why, sources=figure.sources,
            )  # fmt: skip
    return None


def named_product(
    cat: Catalogue, form_name: str, amount: Amount, variant_id: str | None = None
) -> Product:
    """A product from a form's name as a person writes it: a form, a trade name with a label
    figure, or plain 'magnesium' (read as elemental)."""
    if normalise(form_name) in UNSTATED and not variant_id:
        if amount.unit in MEASURE_UNITS:
            raise MagrefError("magnesium of unstated form has no measure; give mg, mmol or mEq")
        elemental = Amount(amount.value, amount.unit, amount.count, True)
        return make_product(cat, unstated_form(cat), elemental)
    form = find_form(cat, form_name)
    figure = None if variant_id else label_variant(form, form_name)
    if figure is not None:
        return make_product(
            cat, form._replace(variants=(figure, *form.variants)), amount, figure.id
        )
    return make_product(cat, form, amount, variant_id)


def parse_products(
    cat: Catalogue,
    tokens: list[str],
    *,
    elemental: bool = False,
    variant: str | None = None,
    units: int | None = None,
) -> list[Product]:
    """Products from words like: oxide 500mg + glycinate 2 x 500mg + milk of magnesia 30 mL.

    A form may name its variant as FORM:VARIANT (chloride:anhydrous 200mg)."""
    chunks: list[list[str]] = [[]]
    for token in tokens:
        parts = [p.strip() for p in token.split("+")]
        for i, part in enumerate(parts):
            if i:
                chunks.append([])
            if part:
                chunks[-1].append(part)
    if any(not c for c in chunks):
        raise UsageError("each product needs a form and an amount, e.g. oxide 500mg + citrate 1g")
    if len(chunks) > 1 and (variant or units):
        raise UsageError("in a stack, write FORM:VARIANT and 'N x AMOUNT' per product instead")
    products = []
    for chunk in chunks:
        words = " ".join(chunk)
        match = _SPLIT.search(" " + words)
        if match is None or match.start() == 0:
            raise UsageError(
                f"cannot find a form and an amount in {words!r}; e.g. magref dose oxide 500mg"
            )
        name, amount_text = (" " + words)[: match.start()].strip(), (" " + words)[match.end() :]
        amount = parse_amount(amount_text)
        if elemental and amount.unit == "mg":
            amount = Amount(amount.value, amount.unit, amount.count, True)
        if units:
            amount = Amount(amount.value, amount.unit, amount.count * units, amount.elemental)
        form_name, _, variant_name = name.partition(":")
        products.append(named_product(cat, form_name, amount, variant_name or variant))
    return products
