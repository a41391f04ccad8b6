"""Dose arithmetic: amounts, compound and elemental magnesium, mmol and mEq, the person's RDA,
the supplemental upper limit, and the warnings that apply. Pure functions; no printing.

Rounding (the only place it is decided): arithmetic is exact (Decimal) and values are rounded
half-up only for display and JSON, to these decimal places:
compound mg 0, elemental mg 1, mmol 2, mEq 1, percentages 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from magref.catalogue import find_form, normalise
from magref.errors import MagrefError, UsageError
from magref.model import (
    Catalogue,
    Form,
    IntakeBand,
    Interaction,
    Limit,
    LimitBand,
    Measure,
    Sex,
    Stage,
    Variant,
)

PLACES = {"compound_mg": 0, "elemental_mg": 1, "mmol": 2, "meq": 1, "percent": 0}
MAX_COMPOUND_MG = Decimal(1_000_000)  # a kilogram: anything above is a typing slip, not a dose
MAX_AGE_YEARS = 125


def rounded(value: Decimal, quantity: str) -> Decimal:
    """A value rounded half-up to the places PLACES gives its quantity."""
    return value.quantize(Decimal(1).scaleb(-PLACES[quantity]), rounding=ROUND_HALF_UP)


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
}  # fmt: skip
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
    unit: Literal["mg", "mmol", "meq", "ml", "tsp"]
    count: int = 1
    elemental: bool = False


def parse_amount(text: str) -> Amount:
    """'500', '500mg', '0.5 g', '1,000 mg', '2 x 500mg', '20 mmol', '30 mL', '2 tsp'."""
    match = _AMOUNT.fullmatch(text.strip())
    if not match:
        raise UsageError(f"cannot read the amount {text.strip()!r}; try 500mg, 0.5g or 20mmol")
    unit = _UNITS.get(match["unit"].lower())
    if unit is None:
        known = "mg, g, mcg, mmol, mEq, mL, tsp"
        raise UsageError(f"unknown unit {match['unit']!r} in {text.strip()!r}; use {known}")
    value = Decimal(match["number"].replace(",", ""))
    count = int(match["count"] or 1)
    if value <= 0 or count <= 0:
        raise UsageError(f"the amount must be above zero, got {text.strip()!r}")
    if unit == "g":
        value, unit = value * 1000, "mg"
    elif unit == "mcg":
        value, unit = value / 1000, "mg"
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
    elemental_mg: Decimal  # exact, unrounded
    compound_mg: Decimal

    @property
    def text(self) -> str:
        a = self.amount
        count = f"{a.count} x " if a.count > 1 else ""
        return f"{self.form.id} {count}{a.value.normalize():f} {a.unit}"


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
    elif amount.unit in ("ml", "tsp"):
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
        compound = total
        return Product(
            form, variant, amount, None, elemental_from_compound(compound, variant), compound
        )
    return Product(
        form, variant, amount, measure, elemental, compound_from_elemental(elemental, variant)
    )


def _variant(form: Form, variant_id: str | None) -> Variant:
    if variant_id is None:
        return form.default_variant
    wanted = normalise(variant_id)
    for v in form.variants:
        if wanted in (normalise(v.id), normalise(v.name), normalise(v.hydrate)):
            return v
    known = ", ".join(v.id for v in form.variants)
    raise MagrefError(f"{form.id} has no variant {variant_id!r}; its variants: {known}")


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
        form = find_form(cat, form_name)
        products.append(make_product(cat, form, amount, variant_name or variant))
    return products


# ---- the person, RDA and limits ------------------------------------------------------------


class Person(NamedTuple):
    age_months: int | None = None
    sex: Sex | None = None
    stage: Stage | None = None
    kidney_disease: bool = False
    medications: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = []
        if self.age_months is not None:
            years, months = divmod(self.age_months, 12)
            parts.append(f"{years} years" if years else f"{months} months")
        parts += [p for p in (self.sex, self.stage) if p]
        if self.kidney_disease:
            parts.append("kidney disease")
        return ", ".join(parts) or "no details given"


def parse_age(text: str) -> int:
    """An age in months from '35', '35y', '8m', '8 months', '1.5'."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(y|yr|yrs|years?|m|mo|months?)?\s*", text, re.I)
    if not match:
        raise UsageError(f"cannot read the age {text!r}; give years (35) or months (8m)")
    number = Decimal(match[1])
    in_months = (match[2] or "y").lower().startswith("m")
    months = int(number if in_months else number * 12)
    if months > MAX_AGE_YEARS * 12:
        raise UsageError(f"an age of {text.strip()} is not possible")
    return months


def _band(
    bands: tuple[IntakeBand, ...] | tuple[LimitBand, ...], months: int
) -> IntakeBand | LimitBand:
    return next(
        b
        for b in bands
        if b.from_months <= months and (b.to_months is None or months < b.to_months)
    )


class Reference(NamedTuple):
    """An RDA/AI value that applies to the person."""

    group: str
    kind: str
    mg: float


def rda_for(cat: Catalogue, person: Person) -> list[Reference]:
    """The RDA or AI values that apply; both sexes when sex is not given."""
    if person.stage and person.sex == "male":
        raise UsageError(f"--stage {person.stage} goes with --sex female")
    band = (
        _adult_band(cat)
        if person.age_months is None
        else _band(cat.intakes.bands, person.age_months)
    )
    assert isinstance(band, IntakeBand)
    if person.stage:
        value = band.pregnant if person.stage == "pregnant" else band.lactating
        if value is None:
            raise MagrefError(f"no RDA is recorded for {person.stage} people aged {band.label}")
        return [Reference(f"{band.label}, {person.stage}", band.kind, value)]
    sexes: list[Sex] = [person.sex] if person.sex else ["female", "male"]
    return [Reference(f"{band.label}, {s}", band.kind, getattr(band, s)) for s in sexes]


def _adult_band(cat: Catalogue) -> IntakeBand:
    return next(b for b in cat.intakes.bands if b.label == cat.intakes.adult_band)


def limit_for(cat: Catalogue, authority: str, person: Person) -> tuple[Limit, LimitBand]:
    limit = find_authority(cat, authority)
    if person.age_months is None:
        return limit, limit.bands[-1]
    band = _band(limit.bands, person.age_months)
    assert isinstance(band, LimitBand)
    return limit, band


def find_authority(cat: Catalogue, authority: str) -> Limit:
    for limit in cat.limits:
        if limit.authority == authority.strip().lower():
            return limit
    known = ", ".join(lim.authority for lim in cat.limits)
    raise UsageError(f"unknown authority {authority!r}; known: {known}")


# ---- interactions --------------------------------------------------------------------------


def find_interactions(cat: Catalogue, name: str) -> list[Interaction]:
    """Interaction classes matching a drug, brand or class name (case-insensitive)."""
    wanted = normalise(name)
    if not wanted:
        return []
    exact = [
        i
        for i in cat.interactions
        if wanted in {normalise(n) for n in (i.id, i.name, *i.drugs, *i.brands)}
    ]
    if exact:
        return exact
    return [i for i in cat.interactions if wanted in normalise(i.name) or wanted in normalise(i.id)]


def spacing_spread(inter: Interaction) -> tuple[float, float] | None:
    if not inter.spacing:
        return None
    return min(s.min_hours for s in inter.spacing), max(s.max_hours for s in inter.spacing)


# ---- the dose report -----------------------------------------------------------------------


class Finding(NamedTuple):
    """A warning or caution. `counts` says whether --fail-on-warning acts on it."""

    code: str
    message: str
    sources: tuple[str, ...] = ()
    counts: bool = True


@dataclass(frozen=True)
class DoseReport:
    products: list[Product]
    person: Person
    assumed_adult: bool
    authority: str
    elemental_mg: Decimal
    rda: list[Reference]
    limit: Limit
    band: LimitBand
    other_limits: list[tuple[Limit, LimitBand]]
    findings: list[Finding] = field(default_factory=list)
    interactions: list[tuple[str, Interaction]] = field(default_factory=list)

    def percent_of(self, mg: float | None) -> Decimal | None:
        return None if mg is None else self.elemental_mg * 100 / dec(mg)

    @property
    def warned(self) -> bool:
        return any(f.counts for f in self.findings)


def dose_report(
    cat: Catalogue, products: list[Product], person: Person, authority: str
) -> DoseReport:
    total = sum((p.elemental_mg for p in products), Decimal(0))
    limit, band = limit_for(cat, authority, person)
    others = [limit_for(cat, lim.authority, person) for lim in cat.limits if lim is not limit]
    interactions = [(m, i) for m in person.medications for i in find_interactions(cat, m)]
    report = DoseReport(
        products=products,
        person=person,
        assumed_adult=person.age_months is None,
        authority=limit.authority,
        elemental_mg=total,
        rda=rda_for(cat, person),
        limit=limit,
        band=band,
        other_limits=others,
        interactions=interactions,
    )
    report.findings.extend(_findings(cat, report))
    return report


def _findings(cat: Catalogue, r: DoseReport) -> list[Finding]:
    found = []
    kidney = cat.kidney_caution
    if r.person.kidney_disease:
        text = "Your profile records kidney disease. " + kidney.text
        found.append(Finding("kidney-disease", text, kidney.sources, counts=True))
    else:
        found.append(Finding("kidney-caution", kidney.text, kidney.sources, counts=False))
    months = r.person.age_months
    if r.band.mg is None:
        infant = months is not None and months < 12
        text = f"{r.limit.name}: {r.band.note}"
        if infant and "clinician" not in text:
            text += " For an infant, ask a clinician before giving any magnesium supplement."
        code = "infant-no-limit" if infant else "no-limit-set"
        found.append(Finding(code, text, r.limit.sources))
    elif r.elemental_mg > dec(r.band.mg):
        over = r.elemental_mg - dec(r.band.mg)
        total = rounded(r.elemental_mg, "elemental_mg")
        found.append(
            Finding(
                "over-upper-limit",
                f"{total} mg is over the supplemental upper limit "
                f"of {r.band.mg:g} mg a day ({r.limit.name}, {r.band.label}) by "
                f"{rounded(over, 'elemental_mg')} mg.",
                r.limit.sources,
            )
        )
    if (
        months is not None
        and months >= 12
        and r.band.mg is not None
        and r.band is not r.limit.bands[-1]
    ):
        found.append(
            Finding(
                "child-limit",
                f"Children's limits are lower: {r.band.mg:g} mg a day for {r.band.label} "
                f"({r.limit.name}).",
                r.limit.sources,
            )
        )
    laxatives = [p for p in r.products if p.form.side_effects.laxative in ("strong", "moderate")]
    lax_mg = sum((p.elemental_mg for p in laxatives), Decimal(0))
    if laxatives and lax_mg >= dec(cat.dose_rules.laxative_warning_mg):
        names = ", ".join(dict.fromkeys(p.form.id for p in laxatives))
        found.append(
            Finding(
                "laxative-dose",
                f"{rounded(lax_mg, 'elemental_mg')} mg magnesium from laxative-strength forms "
                f"({names}). {cat.dose_rules.laxative_warning}",
                cat.dose_rules.sources,
            )
        )
    for medication, inter in r.interactions:
        found.append(
            Finding(
                "interaction",
                f"{medication}: {inter.name} ({inter.severity}). {inter.effect} {inter.action}",
                tuple(inter.source_keys()),
            )
        )
    return found
