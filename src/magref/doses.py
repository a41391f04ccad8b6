"""Doses for a person: the RDA or AI that applies, the supplemental upper limits, interactions
with the person's medicines, and the warnings, decided here once and carried on the report
that the renderers format. Pure functions; no printing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from magref.amounts import (
    PLACES,
    Amount,
    Product,
    compound_from_elemental,
    dec,
    elemental_from_compound,
    figure,
    make_product,
    meq_from_mg,
    mmol_from_mg,
    parse_amount,
    parse_products,
    rounded,
)
from magref.errors import MagrefError, UsageError
from magref.medicines import MedicineStatus, lookup, status_of
from magref.model import Catalogue
from magref.reference import (
    ALL,
    Finding,
    LimitFigure,
    Person,
    Reference,
    find_authority,
    limit_for,
    parse_age,
    parse_weight,
    person_of,
    rda_for,
    select,
    strictest,
)

__all__ = [  # the amount arithmetic and the person are part of the dose API too
    "PLACES",
    "Amount",
    "DoseReport",
    "Person",
    "Product",
    "compound_from_elemental",
    "dec",
    "dose_report",
    "elemental_from_compound",
    "find_authority",
    "make_product",
    "meq_from_mg",
    "mmol_from_mg",
    "parse_age",
    "parse_amount",
    "parse_products",
    "parse_weight",
    "person_of",
    "rounded",
]


# ---- the dose report -----------------------------------------------------------------------


class IntakeShare(NamedTuple):
    """An intake that applies, and the dose as a percentage of it (exact)."""

    reference: Reference
    percent: Decimal


class LimitCheck(NamedTuple):
    """An authority's upper limit for the person, the dose as a percentage of it (None where
    there is no figure, or with kidney disease), and whether the dose is over it."""

    figure: LimitFigure
    percent: Decimal | None
    over: bool

    @property
    def name(self) -> str:
        return self.figure.authority.name

    @property
    def id(self) -> str:
        return self.figure.authority.id

    @property
    def sources(self) -> tuple[str, ...]:
        return self.figure.authority.limit.sources


@dataclass(frozen=True)
class DoseReport:
    """Everything the dose views show, decided here: amounts exact (renderers round them
    with `rounded`), percentages, verdicts and warnings."""

    products: list[Product]
    person: Person
    assumed_adult: bool
    authority: str  # the chosen authority's id, or 'all'
    elemental_mg: Decimal
    mmol: Decimal
    meq: Decimal
    rda: list[IntakeShare]
    upper: LimitCheck  # the chosen authority's (with 'all', the strictest)
    others: list[LimitCheck]  # every other authority's
    applied: LimitCheck  # the limit the verdict uses: `upper`, or the strictest other figure
    intake_missing: str = ""  # why the chosen authority gives no intake for the person
    findings: list[Finding] = field(default_factory=list)
    medications: list[MedicineStatus] = field(default_factory=list)

    @property
    def warned(self) -> bool:
        """Whether a warning that --fail-on-warning acts on was raised."""
        return any(f.counts for f in self.findings)

    @property
    def percent_withheld(self) -> str | None:
        """Why percentages of upper limits are not shown, if they are not."""
        if self.person.kidney_disease:
            return "not shown: with kidney disease, no upper limit for healthy people applies"
        return None

    @property
    def fallback(self) -> bool:
        """Whether the chosen authority had no figure for this person, so that the strictest
        figure another authority gives is applied instead."""
        return self.applied is not self.upper

    @property
    def within_limit(self) -> bool:
        """Whether to say the dose is within the chosen supplemental upper limit: only when no
        warning was raised and no kidney disease is recorded (then no limit is reassuring)."""
        return not self.person.kidney_disease and not self.warned


def _check(elemental_mg: Decimal, figure: LimitFigure, person: Person) -> LimitCheck:
    """The dose against one limit. With kidney disease no percentage is given: a limit set for
    healthy people says nothing reassuring then."""
    if figure.mg is None:
        return LimitCheck(figure, None, False)
    percent = None if person.kidney_disease else elemental_mg * 100 / figure.mg
    return LimitCheck(figure, percent, elemental_mg > figure.mg)


def dose_report(
    cat: Catalogue, products: list[Product], person: Person, authority: str
) -> DoseReport:
    """The dose for the person against the chosen authority's values (the others beside it).
    With 'all' the strictest figure any authority gives is the chosen one."""
    total = sum((p.elemental_mg for p in products), Decimal(0))
    everyone = [_check(total, limit_for(a, person), person) for a in cat.authorities]
    if authority.strip().lower() == ALL:
        lowest = strictest([c.figure for c in everyone])
        upper = next((c for c in everyone if c.figure is lowest), everyone[0])
    else:
        chosen, *more = select(cat, authority)
        if more:
            raise UsageError("dose checks one authority, or all; name one (or all)")
        upper = next(c for c in everyone if c.figure.authority is chosen)
    others = [c for c in everyone if c is not upper]
    applied = upper
    if upper.figure.mg is None:  # a child is never left without a limit check
        lowest = strictest([c.figure for c in others])
        applied = next((c for c in others if c.figure is lowest), upper)
    intake_authority = upper.figure.authority
    try:
        refs = rda_for(cat, person, intake_authority)
        missing = ""
    except MagrefError as exc:
        if intake_authority is cat.authorities[0]:
            raise  # the default tables say when a person cannot be described (pregnant at 70)
        refs, missing = [], str(exc)
    report = DoseReport(
        products=products,
        person=person,
        assumed_adult=person.age_months is None,
        authority=ALL if authority.strip().lower() == ALL else upper.id,
        elemental_mg=total,
        mmol=mmol_from_mg(cat, total),
        meq=meq_from_mg(cat, total),
        rda=[IntakeShare(ref, total * 100 / dec(ref.mg)) for ref in refs],
        upper=upper,
        others=others,
        applied=applied,
        intake_missing=missing,
        medications=[status_of(lookup(cat, m)) for m in person.medications],
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
    chosen, applied = r.upper, r.applied
    if chosen.figure.needs_weight:
        found.append(Finding("needs-weight", chosen.figure.missing, chosen.sources, counts=False))
    if r.authority == ALL and chosen.figure.mg is not None:
        found.append(
            Finding(
                "strictest-limit",
                f"With every authority compared, the strictest figure applies: "
                f"{figure(chosen.figure.mg)} mg a day ({chosen.name}, {chosen.figure.band.label}).",
                chosen.sources,
                counts=False,
            )
        )
    if r.fallback and applied.figure.mg is not None:
        why = "" if chosen.figure.needs_weight else f" {chosen.figure.missing}"
        found.append(
            Finding(
                "strictest-limit",
                f"{chosen.name} gives no figure for {chosen.figure.band.label}.{why} The "
                f"strictest figure another authority gives applies: "
                f"{figure(applied.figure.mg)} mg a day ({applied.name}, "
                f"{applied.figure.band.label}).",
                (*chosen.sources, *applied.sources),
                counts=False,
            )
        )
    band = applied.figure.band
    if applied.figure.mg is None:
        infant = months is not None and months < 12
        text = f"{applied.name}: {applied.figure.missing}"
        if infant and "clinician" not in text:
            text += " For an infant, ask a clinician before giving any magnesium supplement."
        code = "infant-no-limit" if infant else "no-limit-set"
        found.append(Finding(code, text, applied.sources))
    elif applied.over:
        over = r.elemental_mg - applied.figure.mg
        found.append(
            Finding(
                "over-upper-limit",
                f"{figure(r.elemental_mg)} mg is over the supplemental upper limit "
                f"of {figure(applied.figure.mg)} mg a day ({applied.name}, {band.label}) by "
                f"{figure(over)} mg.",
                applied.sources,
            )
        )
    adult_band = applied.figure.authority.limit.bands[-1]
    if (
        months is not None
        and months >= 12
        and applied.figure.mg is not None
        and band is not adult_band
    ):
        found.append(
            Finding(
                "child-limit",
                f"Children's limits are lower: {figure(applied.figure.mg)} mg a day for "
                f"{band.label} ({applied.name}).",
                applied.sources,
            )
        )
    found += _amount_findings(cat, r)
    for med in r.medications:
        code = "interaction" if med.status == "interacting" else "medicine-not-recognised"
        message = " ".join([med.text, *med.advice])
        found.append(Finding(code, message, med.sources, subject=med.query))
    return found


def _amount_findings(cat: Catalogue, r: DoseReport) -> list[Finding]:
    """Diarrhoea, what an upper limit means, and too much magnesium: decided from the elemental
    amount and the person, not only from the forms' laxative grades."""
    found = []
    rules = cat.dose_rules
    band_mg = r.applied.figure.mg
    laxatives = [p for p in r.products if p.form.side_effects.laxative in ("strong", "moderate")]
    lax_mg = sum((p.elemental_mg for p in laxatives), Decimal(0))
    strong = bool(laxatives) and lax_mg >= dec(rules.laxative_warning_mg)
    if strong or r.applied.over:
        amount = figure(lax_mg if strong else r.elemental_mg)
        names = ", ".join(dict.fromkeys(p.form.id for p in (laxatives if strong else r.products)))
        why = "from laxative-strength forms" if strong else "over this person's upper limit"
        found.append(
            Finding(
                "laxative-dose",
                f"{amount} mg magnesium {why} ({names}). {rules.laxative_warning}",
                rules.sources,
            )
        )
    if r.applied.over:
        found.append(
            Finding("above-limit", rules.above_limit.text, rules.above_limit.sources, False)
        )
    if band_mg is not None and r.elemental_mg >= band_mg * dec(rules.far_over_limit_factor):
        od = cat.overdose
        found.append(Finding("too-much-magnesium", f"{od.symptoms} {od.urgent}", od.sources))
    return found
