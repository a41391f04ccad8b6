"""The evidence records: what a study or review found for a use (a finding, with its certainty
in GRADE's terms and what was studied), what a guideline says, marketing claims, and the checks
of citations that marketing pages give. Named tuples, as in model.py; the loader enforces them."""

from typing import Literal, NamedTuple

# The direction of a finding.
Direction = Literal["benefit", "no-benefit", "harm", "mixed", "not-studied"]
# Certainty in GRADE's terms; `no-human-trials` for animal or mechanistic evidence only,
# `not-rated` where no rating applies or none is recorded (a label, an upgraded old catalogue),
# `none` where no study was found.
Certainty = Literal["high", "moderate", "low", "very-low", "no-human-trials", "not-rated", "none"]
# The design of the evidence behind a finding.
Design = Literal[
    "meta-analysis",
    "systematic-review",
    "rct",
    "open-label-trial",
    "absorption-study",
    "observational",
    "label",
    "animal",
    "mechanistic",
    "none",
]
# GRADE's four certainties, and the designs that study people directly (a finding of one of
# them records its population and forms, and its forms say when evidence is indirect).
RATED: tuple[Certainty, ...] = ("high", "moderate", "low", "very-low")
IN_PEOPLE: tuple[Design, ...] = (
    "meta-analysis",
    "systematic-review",
    "rct",
    "open-label-trial",
    "observational",
)
# What magref makes of a marketing claim.
Verdict = Literal["supported", "partly-supported", "not-supported", "misleading", "not-rated"]
# Whether an identifier a page cites belongs to the paper it names.
Match = Literal["yes", "no", "not-found", "no-identifier"]


class Finding(NamedTuple):
    """What one study, review or label found for a use, in GRADE's words (`statement`), with
    what was studied: the forms (form ids, or names such as 'unstated'), the dose as studied and
    its elemental magnesium a day (`dose_mg`, the highest arm, for the upper-limit flag), the
    population and the duration. `certainty_from` names the source whose own rating this is;
    without it the rating is magref's judgement. On a form's use `topic` names the use; in a
    topic it is empty."""

    statement: str
    direction: Direction
    certainty: Certainty
    design: Design
    topic: str = ""
    certainty_from: str = ""
    forms_studied: tuple[str, ...] = ()
    dose: str = ""
    dose_mg: float | None = None
    population: str = ""
    duration: str = ""
    note: str = ""
    industry_funded: bool = False
    sources: tuple[str, ...] = ()


class Guideline(NamedTuple):
    """A clinical guideline's rating of magnesium: the body and year, the rating in the
    guideline's own words (a grade such as 'Level B'), and what it means in magref's words."""

    body: str
    rating: str
    meaning: str
    sources: tuple[str, ...] = ()


class Marketing(NamedTuple):
    """A claim marketing makes for a form, what the evidence says of it, and magref's verdict."""

    claim: str
    evidence: str
    verdict: Verdict
    sources: tuple[str, ...] = ()


class GeneralClaim(NamedTuple):
    """A marketing claim made across forms (or for magnesium in general: `forms` empty)."""

    id: str
    claim: str
    evidence: str
    verdict: Verdict
    forms: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


class CitationCheck(NamedTuple):
    """A study that marketing pages cite, checked: the citation as the pages give it, the
    identifier they give (empty if none), what that identifier really is, whether it matches,
    the study the pages most likely mean (a source key), what that study found, and what it
    can and cannot support."""

    id: str
    cited_as: str
    resolves_to: str
    matches: Match
    found: str
    supports: str
    cannot_support: str
    identifier: str = ""
    probable: str = ""
    sources: tuple[str, ...] = ()
