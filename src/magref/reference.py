"""Reference values for a person: each authority's intake and supplemental upper limit, the
figure a per-kilogram limit gives for a weight, where the authorities differ, and the warning
when an intake is above the limit for supplements. Decided here once; pure functions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from magref.amounts import dec, figure
from magref.errors import MagrefError, UsageError
from magref.model import Authority, Catalogue, IntakeBand, LimitBand, Profile, Sex, Stage
from magref.names import normalise
from magref.text import one_line

ALL = "all"  # --authority all: every authority side by side
MAX_AGE_YEARS = 125
WEIGHT_KG = (Decimal("0.3"), Decimal(700))  # the lightest newborn to the heaviest person
_POUND_KG = Decimal("0.45359237")


class Person(NamedTuple):
    age_months: int | None = None
    sex: Sex | None = None
    stage: Stage | None = None
    kidney_disease: bool = False
    medications: tuple[str, ...] = ()
    weight_kg: Decimal | None = None

    def describe(self) -> str:
        parts = []
        if self.age_months is not None:
            years, months = divmod(self.age_months, 12)
            parts.append(f"{years} years" if years else f"{months} months")
        parts += [p for p in (self.sex, self.stage) if p]
        if self.weight_kg is not None:
            parts.append(f"{figure(self.weight_kg)} kg")
        if self.kidney_disease:
            parts.append("kidney disease")
        return ", ".join(parts) or "no details given"

    @property
    def given(self) -> bool:
        """Whether anything that selects a reference value is known."""
        return any(v is not None for v in (self.age_months, self.sex, self.stage, self.weight_kg))


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


def parse_weight(text: str) -> Decimal:
    """A body weight in kg from '70', '70kg', '70 kg', '154 lb'."""
    match = re.fullmatch(r"\s*(\d{1,4}(?:\.\d{1,3})?)\s*(kg|kgs|lb|lbs)?\s*", text, re.I)
    if not match:
        raise UsageError(f"cannot read the weight {text!r}; give kilograms (70 or 70kg) or 154lb")
    kg = Decimal(match[1])  # the pattern admits only plain numbers
    if (match[2] or "kg").lower().startswith("lb"):
        kg = (kg * _POUND_KG).quantize(Decimal("0.1"))
    low, high = WEIGHT_KG
    if not low <= kg <= high:
        raise UsageError(f"a weight of {text.strip()} is not possible; give it in kg (or lb)")
    return kg


def person_of(saved: Profile) -> Person:
    """The person a saved profile describes."""
    return Person(
        age_months=parse_age(saved.age) if saved.age is not None else None,
        sex=saved.sex,
        stage=saved.stage,
        kidney_disease=saved.kidney_disease,
        medications=saved.medications,
        weight_kg=dec(saved.weight_kg) if saved.weight_kg is not None else None,
    )


# ---- authorities ---------------------------------------------------------------------------


def find_authority(cat: Catalogue, name: str) -> Authority:
    """An authority by its id or by another name for it (a country, a region)."""
    wanted = normalise(name)
    for authority in cat.authorities:
        if wanted in {normalise(n) for n in (authority.id, *authority.names)}:
            return authority
    known = ", ".join(a.id for a in cat.authorities)
    words = {normalise(n): a.id for a in cat.authorities for n in (a.id, *a.names)}
    close = difflib.get_close_matches(wanted, list(words), n=1, cutoff=0.75)
    hint = f"; did you mean {words[close[0]]!r}?" if close else ""
    raise UsageError(f"unknown authority {name.strip()!r}{hint} (known: {known}, or all)")


def select(cat: Catalogue, name: str | None) -> list[Authority]:
    """The authorities a command shows: one by name, several named with commas (us,eu), every
    one for 'all', or the first (the catalogue's default) when none is named."""
    if name is None:
        return [cat.authorities[0]]
    if normalise(name) == ALL:
        return list(cat.authorities)
    names = [n for n in name.split(",") if n.strip()]
    if not names:
        raise UsageError("--authority is empty")
    return list(dict.fromkeys(find_authority(cat, n) for n in names))


def _band(bands: tuple[IntakeBand | LimitBand, ...], months: int) -> IntakeBand | LimitBand:
    return next(
        b
        for b in bands
        if b.from_months <= months and (b.to_months is None or months < b.to_months)
    )


# ---- intakes -------------------------------------------------------------------------------


class Reference(NamedTuple):
    """An intake that applies to the person."""

    group: str
    kind: str
    mg: float


class Intake(NamedTuple):
    """One authority's intake for a person: its band and figures, or why there is none."""

    authority: Authority
    band: IntakeBand | None
    refs: tuple[Reference, ...]
    missing: str = ""  # why no figure is given ('' when refs)


def intake_for(authority: Authority, person: Person) -> Intake:
    if person.stage and person.sex == "male":
        raise UsageError(f"--stage {person.stage} goes with --sex female")
    table = authority.intakes
    if table is None:
        why = one_line(authority.note) or f"magref records no intakes from {authority.name}."
        return Intake(authority, None, (), why)
    if person.age_months is None:
        band = next(b for b in table.bands if b.label == table.adult_band)
    else:
        found = _band(table.bands, person.age_months)
        assert isinstance(found, IntakeBand)
        band = found
    if band.no_figure is not None or band.kind is None:
        return Intake(authority, band, (), one_line(band.note))
    if person.stage:
        value = band.pregnant if person.stage == "pregnant" else band.lactating
        if value is None:
            why = f"no intake is recorded for {person.stage} people aged {band.label}."
            return Intake(authority, band, (), why)
        return Intake(
            authority, band, (Reference(f"{band.label}, {person.stage}", band.kind, value),)
        )
    sexes: list[Sex] = [person.sex] if person.sex else ["female", "male"]
    refs = []
    for sex in sexes:
        value = getattr(band, sex)
        assert value is not None  # the loader requires both sexes in a band with a figure
        refs.append(Reference(f"{band.label}, {sex}", band.kind, value))
    return Intake(authority, band, tuple(refs))


def rda_for(cat: Catalogue, person: Person, authority: Authority | None = None) -> list[Reference]:
    """The intakes that apply under one authority (the default one when not given); an error
    when it records none for this person."""
    intake = intake_for(authority or cat.authorities[0], person)
    if not intake.refs:
        raise MagrefError(f"{intake.authority.name}: {intake.missing}")
    return list(intake.refs)


def check_person(cat: Catalogue, person: Person) -> None:
    """Refuse a person the reference values cannot describe (pregnant at 70, a pregnant
    male), as a usage error, so that a profile is never saved that every later dose refuses.
    Checked against the default authority, whose tables say when pregnancy is possible."""
    try:
        rda_for(cat, person)
    except MagrefError as exc:
        raise UsageError(f"not saved: {exc}") from None


# ---- limits --------------------------------------------------------------------------------


class LimitFigure(NamedTuple):
    """One authority's supplemental upper limit for a person, in mg a day (per-kilogram limits
    worked out for the weight); mg is None where there is no figure."""

    authority: Authority
    band: LimitBand
    mg: Decimal | None

    @property
    def needs_weight(self) -> bool:
        return self.band.mg_per_kg is not None and self.mg is None

    @property
    def missing(self) -> str:
        """Why there is no figure ('' when there is one)."""
        if self.mg is not None:
            return ""
        if self.needs_weight:
            return (
                f"{self.authority.name} sets {self.band.mg_per_kg:g} mg per kg of body weight a "
                f"day for {self.band.label}; give --weight to apply it."
            )
        return one_line(self.band.note)


def limit_for(authority: Authority, person: Person) -> LimitFigure:
    """The limit that applies; the adult (last) band when no age is given."""
    bands = authority.limit.bands
    if person.age_months is None:
        band = bands[-1]
    else:
        found = _band(bands, person.age_months)
        assert isinstance(found, LimitBand)
        band = found
    mg = None
    if band.mg is not None:
        mg = dec(band.mg)
    elif band.mg_per_kg is not None and person.weight_kg is not None:
        mg = dec(band.mg_per_kg) * person.weight_kg
    return LimitFigure(authority, band, mg)


def strictest(figures: list[LimitFigure]) -> LimitFigure | None:
    """The lowest figure given, None when none is; ties go to the authority listed first."""
    given = [f for f in figures if f.mg is not None]
    return min(given, key=lambda f: f.mg or 0) if given else None


# ---- the side-by-side report ---------------------------------------------------------------


class Finding(NamedTuple):
    """A warning or caution. `counts` says whether --fail-on-warning acts on it."""

    code: str
    message: str
    sources: tuple[str, ...] = ()
    counts: bool = True
    subject: str = ""  # the medicine (or authority) a finding is about, if any


class Row(NamedTuple):
    """One authority's intake and limit for the person."""

    intake: Intake
    limit: LimitFigure

    @property
    def intake_over_limit(self) -> bool:
        """Whether the intake (food and supplements together) is above the limit for
        supplements, so that making it up with supplements alone would pass the limit."""
        if self.limit.mg is None or not self.intake.refs:
            return False
        return max(dec(r.mg) for r in self.intake.refs) > self.limit.mg


class Difference(NamedTuple):
    """Where the authorities differ: each distinct figure with the authorities that give it
    (the first row of each group stands for it); only made when there are two or more."""

    what: str  # "intake" or "upper limit"
    groups: tuple[tuple[Row, tuple[str, ...]], ...]


@dataclass(frozen=True)
class ReferenceReport:
    person: Person
    rows: list[Row]
    differences: list[Difference] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def assumed_adult(self) -> bool:
        return self.person.age_months is None

    @property
    def strictest(self) -> LimitFigure | None:
        """The lowest upper limit any authority shown gives this person."""
        return strictest([row.limit for row in self.rows])


def _differences(rows: list[Row]) -> list[Difference]:
    found = []
    for what in ("intake", "upper limit"):
        groups: dict[object, list[Row]] = {}
        for row in rows:
            key = (
                (tuple(x.mg for x in row.intake.refs) or None) if what == "intake" else row.limit.mg
            )
            groups.setdefault(key, []).append(row)
        if len(groups) > 1:
            found.append(
                Difference(
                    what,
                    tuple((g[0], tuple(r.intake.authority.id for r in g)) for g in groups.values()),
                )
            )
    return found


def reference_report(cat: Catalogue, person: Person, authority: str | None) -> ReferenceReport:
    """Intakes and limits for the person under the chosen authorities, side by side."""
    chosen = select(cat, authority)
    rows = [Row(intake_for(a, person), limit_for(a, person)) for a in chosen]
    findings = []
    for row in rows:
        a, limit = row.intake.authority, row.limit
        child = limit.band is not a.limit.bands[-1]  # the last band is the adults'
        if row.intake_over_limit and child and limit.mg is not None:
            top = max(r.mg for r in row.intake.refs)
            findings.append(
                Finding(
                    "intake-above-limit",
                    f"{a.name}: a child's intake ({top:g} mg a day) counts food and water, and "
                    f"it is above the limit for supplements ({figure(limit.mg)} mg a day, "
                    f"{limit.band.label}): do not top a child up to the intake with "
                    "supplements.",
                    tuple(
                        dict.fromkeys([*(a.intakes.sources if a.intakes else ()), *a.limit.sources])
                    ),
                    counts=False,
                    subject=a.id,
                )
            )
    return ReferenceReport(person, rows, _differences(rows) if len(rows) > 1 else [], findings)
