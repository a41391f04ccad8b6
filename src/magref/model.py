"""The catalogue's records. These named tuples are also the schema the loader enforces.

They are named tuples, not frozen dataclasses, for speed: as dataclasses they took about 10 ms
of every run; named tuples take well under 1 ms and are just as immutable. Use
`record._replace(...)` to derive a changed copy."""

from typing import Any, Literal, NamedTuple, get_args

from magref.model_evidence import Certainty as Certainty
from magref.model_evidence import CitationCheck as CitationCheck
from magref.model_evidence import Design as Design
from magref.model_evidence import Direction as Direction
from magref.model_evidence import Finding as Finding
from magref.model_evidence import GeneralClaim as GeneralClaim
from magref.model_evidence import Guideline as Guideline
from magref.model_evidence import Marketing as Marketing
from magref.model_evidence import Verdict as Verdict
from magref.model_reference import Authority as Authority
from magref.model_reference import IntakeBand as IntakeBand
from magref.model_reference import IntakeKind as IntakeKind
from magref.model_reference import IntakeKindNote as IntakeKindNote
from magref.model_reference import Intakes as Intakes
from magref.model_reference import Limit as Limit
from magref.model_reference import LimitBand as LimitBand
from magref.model_reference import NoFigure as NoFigure
from magref.model_safety import ID_SCHEMES as ID_SCHEMES
from magref.model_safety import ChemicalId as ChemicalId
from magref.model_safety import Interaction as Interaction
from magref.model_safety import InteractionKind as InteractionKind
from magref.model_safety import LabelRules as LabelRules
from magref.model_safety import LabelValue as LabelValue
from magref.model_safety import Medicine as Medicine
from magref.model_safety import Overdose as Overdose
from magref.model_safety import Severity as Severity
from magref.model_safety import Spacing as Spacing
from magref.model_safety import SpacingRule as SpacingRule

Laxative = Literal["strong", "moderate", "mild", "unknown"]
SourceKind = Literal["trial", "study", "review", "report", "label"]
SourceStatus = Literal["primary-read", "secondary-only"]
MeasureUnit = Literal["ml", "tsp", "tablet", "capsule", "scoop"]
MEASURE_UNITS: tuple[str, ...] = get_args(MeasureUnit)
Sex = Literal["male", "female"]
Stage = Literal["pregnant", "lactating"]

# Fields filled in by the loader, never read from YAML. A source's `key` is its key in the
# `sources` mapping. On the records a user catalogue can add, `origin` is the file an entry came
# from ("" when bundled) and `replaces` says that it replaced a bundled entry with the same id.
NOT_IN_FILE = frozenset({"key", "origin", "replaces"})


def is_record(tp: Any) -> bool:
    """Whether `tp` is one of the record classes (a named tuple type)."""
    return isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields")


class Source(NamedTuple):
    """A publication, report or label that claims cite by key."""

    citation: str
    kind: SourceKind
    status: SourceStatus
    year: int | None = None
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    identifier: str | None = None
    read: str = ""  # YYYY-MM-DD: when a web page was read
    note: str = ""
    key: str = ""
    origin: str = ""
    replaces: bool = False

    def identifiers(self) -> list[str]:
        """Identifiers in citation order, e.g. ['PMID 7815675', 'doi:10.1177/...']."""
        ids = []
        if self.pmid:
            ids.append(f"PMID {self.pmid}")
        if self.pmcid:
            ids.append(self.pmcid)
        if self.doi:
            ids.append(f"doi:{self.doi}")
        if self.identifier:
            ids.append(self.identifier)
        return ids


class Claim(NamedTuple):
    """A statement and the sources behind it."""

    text: str
    sources: tuple[str, ...] = ()


class Variant(NamedTuple):
    """One chemical variant of a form: a salt stoichiometry and hydrate."""

    id: str
    name: str
    formula: str
    hydrate: str
    stoichiometry: str
    molar_mass: float
    elemental_mg_percent: float
    default: bool = False
    note: str = ""
    sources: tuple[str, ...] = ()
    identifiers: tuple[ChemicalId, ...] = ()


class LabelFigure(NamedTuple):
    """A figure printed on labels that differs from the pure salt, and why."""

    label: str
    elemental_mg_percent: float
    why: str
    names: tuple[str, ...] = ()  # trade names whose amounts are read with this figure
    sources: tuple[str, ...] = ()


class Solubility(NamedTuple):
    summary: str
    g_per_100ml: float | None = None
    sources: tuple[str, ...] = ()


class Absorption(NamedTuple):
    summary: str
    design: Design
    sources: tuple[str, ...] = ()


class SideEffects(NamedTuple):
    laxative: Laxative
    summary: str
    sources: tuple[str, ...] = ()


class Measure(NamedTuple):
    """A household or liquid measure of a product: how much compound or magnesium it holds."""

    unit: MeasureUnit
    volume: float
    label: str
    compound_mg: float | None = None
    elemental_mg: float | None = None
    sources: tuple[str, ...] = ()


class Assay(NamedTuple):
    """A pharmacopoeia's content range for the substance as sold: `low` to `high` per cent
    (`high` None for "not less than") of `measured` (a formula, e.g. MgO), on `basis` (dried,
    ignited, as is). `mg_percent_low`/`_high` are the same range as elemental magnesium,
    derived from the formula (checked by the loader and recomputed by the test suite)."""

    monograph: str
    measured: str
    low: float
    basis: str
    mg_percent_low: float
    high: float | None = None
    mg_percent_high: float | None = None
    note: str = ""
    sources: tuple[str, ...] = ()


class Form(NamedTuple):
    id: str
    name: str
    summary: str
    variants: tuple[Variant, ...]
    solubility: Solubility
    absorption: Absorption
    side_effects: SideEffects
    aliases: tuple[str, ...] = ()
    trade_names: tuple[str, ...] = ()
    label_figures: tuple[LabelFigure, ...] = ()
    uses: tuple[Finding, ...] = ()
    cautions: tuple[Claim, ...] = ()
    marketing: tuple[Marketing, ...] = ()
    measures: tuple[Measure, ...] = ()
    assays: tuple[Assay, ...] = ()
    origin: str = ""
    replaces: bool = False

    @property
    def default_variant(self) -> Variant:
        return next((v for v in self.variants if v.default), self.variants[0])

    def names(self) -> list[str]:
        """Every name the form can be looked up by."""
        return [self.id, self.name, *self.aliases, *self.trade_names]

    def source_keys(self) -> list[str]:
        """Every source key the form cites, in first-cited order, without repeats."""
        keys: list[str] = []
        groups: list[tuple[str, ...]] = [
            *(v.sources for v in self.variants),
            *(i.sources for v in self.variants for i in v.identifiers),
            *(f.sources for f in self.label_figures),
            self.solubility.sources,
            self.absorption.sources,
            *(u.sources for u in self.uses),
            self.side_effects.sources,
            *(c.sources for c in self.cautions),
            *(m.sources for m in self.marketing),
            *(m.sources for m in self.measures),
            *(a.sources for a in self.assays),
        ]
        for group in groups:
            for key in group:
                if key not in keys:
                    keys.append(key)
        return keys


class UnverifiedForm(NamedTuple):
    """A form people meet on shelves whose formula magref could not verify in a source it read:
    it is named (so a lookup says so, rather than "unknown form"), never given figures."""

    id: str
    name: str
    why: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def names(self) -> list[str]:
        return [self.id, self.name, *self.aliases]


class Topic(NamedTuple):
    """A question people bring (sleep, migraine ...) and what the evidence says across forms:
    the words people use for it, each review's or trial's finding (shown separately, never
    averaged) and each guideline's rating."""

    id: str
    name: str
    summary: str
    words: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    guidelines: tuple[Guideline, ...] = ()
    origin: str = ""
    replaces: bool = False

    def source_keys(self) -> list[str]:
        keys: list[str] = []
        for group in (*(f.sources for f in self.findings), *(g.sources for g in self.guidelines)):
            keys += [k for k in group if k not in keys]
        return keys


class Units(NamedTuple):
    magnesium_mg_per_mmol: float
    meq_per_mmol: float
    sources: tuple[str, ...] = ()


class DoseRules(NamedTuple):
    """When a dose warns: of diarrhoea (at `laxative_warning_mg` from laxative-strength forms,
    or over the person's upper limit from any form), of too much magnesium (at
    `far_over_limit_factor` times the limit), and what to say above a limit."""

    laxative_warning_mg: float
    laxative_warning: str
    above_limit: Claim
    far_over_limit_factor: float
    sources: tuple[str, ...] = ()


class SerumRange(NamedTuple):
    """A published serum magnesium range in mmol/L: `low` to `high` (high None: a lower
    cut-off only), with whose it is."""

    name: str
    low_mmol_l: float
    high_mmol_l: float | None = None
    note: str = ""
    sources: tuple[str, ...] = ()


class Serum(NamedTuple):
    """What a lab value is placed against, and what magref says of any such placement."""

    note: str
    ranges: tuple[SerumRange, ...]


class Catalogue(NamedTuple):
    schema_version: int
    catalogue_version: str
    reviewed: str
    disclaimer: str
    kidney_caution: Claim
    study_designs: dict[str, str]
    certainty_scale: dict[str, str]
    claim_verdicts: dict[str, str]
    laxative_scale: dict[str, str]
    severity_scale: dict[str, str]
    units: Units
    dose_rules: DoseRules
    overdose: Overdose
    label_rules: LabelRules
    intake_kinds: tuple[IntakeKindNote, ...]
    authorities: tuple[Authority, ...]
    interactions: tuple[Interaction, ...]
    sources: dict[str, Source]
    topics: tuple[Topic, ...]
    forms: tuple[Form, ...]
    unverified_forms: tuple[UnverifiedForm, ...] = ()
    serum: Serum | None = None
    claims: tuple[GeneralClaim, ...] = ()
    citation_checks: tuple[CitationCheck, ...] = ()

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)


# The sections a user catalogue may contain; the rest are set by the bundled catalogue only.
USER_SECTIONS = ("sources", "topics", "forms", "authorities", "interactions")


class Profile(NamedTuple):
    """The user's saved defaults (magref profile), read by the same strict binder."""

    age: str | None = None
    sex: Sex | None = None
    stage: Stage | None = None
    authority: str | None = None
    weight_kg: float | None = None
    kidney_disease: bool = False
    medications: tuple[str, ...] = ()


class UserCatalogue(NamedTuple):
    """A user's catalogue file: the bundled schema with every section optional. Its entries add
    to the bundled catalogue, and an entry with an existing id (an authority's too) replaces it."""

    schema_version: int = 1
    sources: dict[str, Source] = {}  # noqa: RUF012 - never mutated; merged into copies
    topics: tuple[Topic, ...] = ()
    forms: tuple[Form, ...] = ()
    authorities: tuple[Authority, ...] = ()
    interactions: tuple[Interaction, ...] = ()
