"""Evidence decisions, made once for every view: how a finding's certainty is attributed, the
notes a finding carries for a form (indirect evidence, a trial dose above the upper limit,
industry funding), whether a topic's sources disagree, forms ranked by the strength of their
evidence for a use, marketing claims across forms, and what magref knows of a source or an
identifier a page cites."""

from __future__ import annotations

import difflib
import re
from typing import Any, NamedTuple

from magref.errors import MagrefError
from magref.model import (
    Catalogue,
    CitationCheck,
    Finding,
    Form,
    GeneralClaim,
    Marketing,
    Source,
    Topic,
    Verdict,
)
from magref.model_evidence import IN_PEOPLE, RATED

CERTAINTY_ORDER = ("high", "moderate", "low", "very-low", "no-human-trials", "not-rated", "none")
DIRECTION_ORDER = ("benefit", "mixed", "no-benefit", "harm", "not-studied")
ADULT_MONTHS = 30 * 12  # the age whose band is "the adult limit" a trial dose is held against


def certainty_label(cat: Catalogue, finding: Finding) -> str:
    """The certainty with whose rating it is: a review's own, or magref's judgement."""
    certainty = finding.certainty.replace("-", " ")
    if finding.certainty not in RATED:
        return certainty
    if finding.certainty_from:
        src = cat.sources.get(finding.certainty_from)
        who = src.citation.split(".")[0] if src else finding.certainty_from
        return f"{certainty} (rated by {who})"
    return f"{certainty} (magref's judgement)"


def studied(finding: Finding) -> str:
    """What was studied, in one line: design, forms, dose, population, duration."""
    parts = [finding.design.replace("-", " ")]
    if finding.forms_studied:
        parts.append("form: " + ", ".join(finding.forms_studied))
    for value in (finding.dose, finding.population, finding.duration):
        if value:
            parts.append(value)
    return "; ".join(parts)


def adult_limits(cat: Catalogue) -> list[tuple[str, float]]:
    """Each authority's supplemental upper limit for an adult, where it gives one in mg."""
    found = []
    for authority in cat.authorities:
        for band in authority.limit.bands:
            upper = band.to_months if band.to_months is not None else ADULT_MONTHS + 1
            if band.from_months <= ADULT_MONTHS < upper and band.mg is not None:
                found.append((authority.id, band.mg))
    return found


def notes(cat: Catalogue, finding: Finding, form: Form | None = None) -> list[str]:
    """What a reader must know beside a finding: the evidence is indirect for this form, the
    trial dose is above the supplemental upper limit, the trial was industry-funded."""
    said = []
    if form is not None and finding.design in IN_PEOPLE and finding.forms_studied:
        if form.id not in finding.forms_studied:
            used = ", ".join(finding.forms_studied)
            said.append(f"Indirect: the studies used {used}; {form.name} itself was not studied.")
    limits = adult_limits(cat)
    if finding.dose_mg is not None and limits:
        low = min(mg for _, mg in limits)
        if finding.dose_mg > low:
            high = max(mg for _, mg in limits)
            span = f"{low:g}" if low == high else f"{low:g}-{high:g}"
            said.append(
                f"The dose studied ({finding.dose_mg:g} mg magnesium a day) is above the "
                f"supplemental upper limit for adults ({span} mg, by authority): a trial dose "
                "under supervision, not advice."
            )
    if finding.industry_funded:
        said.append("Funded by the maker or run with its staff.")
    return said


def disagreement(findings: tuple[Finding, ...]) -> str | None:
    """Said when rated findings point different ways: each is shown, never averaged."""
    directions = {f.direction for f in findings if f.certainty not in ("none", "not-rated")}
    if "benefit" in directions and directions & {"no-benefit", "harm"}:
        found = ", ".join(d for d in DIRECTION_ORDER if d in directions)
        return f"These sources disagree ({found}); each is shown on its own, not averaged."
    return None


def strength(finding: Finding) -> tuple[int, int]:
    """A sort key: surer evidence first, then benefit before mixed, no benefit and harm."""
    return CERTAINTY_ORDER.index(finding.certainty), DIRECTION_ORDER.index(finding.direction)


class TopicReport(NamedTuple):
    topic: Topic
    disagreement: str | None
    ranked: list[tuple[Form, Finding]]  # forms with a finding for this use, strongest first
    without: list[Form]  # forms with no finding for it


def topic_report(cat: Catalogue, topic_id: str, forms: list[Form]) -> TopicReport:
    topic = cat.topic(topic_id)
    ranked, without = [], []
    for form in forms:
        uses = [u for u in form.uses if u.topic == topic_id]
        if uses:
            ranked.append((form, min(uses, key=strength)))
        else:
            without.append(form)
    ranked.sort(key=lambda pair: strength(pair[1]))
    return TopicReport(topic, disagreement(topic.findings), ranked, without)


class ClaimRow(NamedTuple):
    """A marketing claim with the forms it is made for (empty: magnesium in general)."""

    forms: tuple[str, ...]
    claim: str
    evidence: str
    verdict: Verdict
    sources: tuple[str, ...]


def claims(cat: Catalogue, forms: list[Form] | None = None) -> list[ClaimRow]:
    """Every marketing claim, general ones first; with `forms`, those that concern them."""
    wanted = {f.id for f in forms} if forms is not None else None
    rows = [_general(c) for c in cat.claims]
    if wanted is not None:
        rows = [r for r in rows if not r.forms or wanted & set(r.forms)]
    for form in cat.forms:
        if wanted is None or form.id in wanted:
            rows += [_marketing(form, m) for m in form.marketing]
    return rows


def _general(claim: GeneralClaim) -> ClaimRow:
    return ClaimRow(claim.forms, claim.claim, claim.evidence, claim.verdict, claim.sources)


def _marketing(form: Form, m: Marketing) -> ClaimRow:
    return ClaimRow((form.id,), m.claim, m.evidence, m.verdict, m.sources)


# ---- sources and the identifiers pages cite ----------------------------------------------


class Citation(NamedTuple):
    where: str  # which entry cites the source, e.g. "form glycinate, use sleep"
    text: str  # what it says


class SourceReport(NamedTuple):
    query: str
    key: str | None  # the source's key, when magref has one
    source: Source | None
    citations: list[Citation]  # every claim that rests on it
    checks: list[CitationCheck]  # citation checks that concern the identifier


class UnknownSourceError(MagrefError):
    def __init__(self, query: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"magref does not know the source {query!r}: no source, PMID, DOI or PMCID in its "
            f"catalogue matches, and no citation check records it{hint}"
        )


_PMID = re.compile(r"^(?:pmid\s*:?\s*)?(\d{1,9})$", re.IGNORECASE)
_PMCID = re.compile(r"^(?:pmcid\s*:?\s*)?(pmc\d+)$", re.IGNORECASE)
_DOI = re.compile(r"^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def parse_identifier(query: str) -> tuple[str, str]:
    """('pmid' | 'pmcid' | 'doi' | 'key', value) for what a reader typed."""
    text = query.strip()
    for kind, pattern in (("pmid", _PMID), ("pmcid", _PMCID), ("doi", _DOI)):
        match = pattern.match(text)
        if match:
            value = match.group(1)
            return kind, value.upper() if kind == "pmcid" else value.lower()
    return "key", text.lower()


def _has(src: Source, kind: str, value: str) -> bool:
    if kind == "pmid":
        return src.pmid == value
    if kind == "pmcid":
        return (src.pmcid or "").upper() == value
    if kind == "doi":
        return (src.doi or "").lower() == value
    return False


def _check_matches(check: CitationCheck, kind: str, value: str, key: str | None) -> bool:
    if key is not None and key in (check.probable, *check.sources):
        return True
    if kind == "key":
        return check.id == value
    return value.lower() in check.identifier.lower() and bool(check.identifier)


def source_report(cat: Catalogue, query: str) -> SourceReport:
    """What magref knows of a source key, PMID, DOI or PMCID: the source and every claim
    resting on it, and any citation check of that identifier."""
    kind, value = parse_identifier(query)
    if kind == "key":
        key = value if value in cat.sources else None
    else:
        key = next((k for k, s in cat.sources.items() if _has(s, kind, value)), None)
    checks = [c for c in cat.citation_checks if _check_matches(c, kind, value, key)]
    if key is None and not checks:
        names = [*cat.sources, *(c.id for c in cat.citation_checks)]
        close = difflib.get_close_matches(value, names, n=3) if kind == "key" else []
        raise UnknownSourceError(query, close)
    citations = _citations(cat, key) if key else []
    return SourceReport(query, key, cat.sources.get(key) if key else None, citations, checks)


_TEXT_FIELDS = ("statement", "claim", "text", "summary", "rating", "effect", "why", "label")


def _citations(cat: Catalogue, key: str) -> list[Citation]:
    found: list[Citation] = []
    sections: list[tuple[str, Any]] = [
        ("kidney caution", cat.kidney_caution),
        ("dose rules", cat.dose_rules),
        ("overdose", cat.overdose),
        ("units", cat.units),
        *((f"serum range: {r.name}", r) for r in (cat.serum.ranges if cat.serum else ())),
        *((f"label value {v.name}", v) for v in cat.label_rules.reference_values),
        *((f"form {f.id}", f) for f in cat.forms),
        *((f"topic {t.id}", t) for t in cat.topics),
        *((f"interaction {i.id}", i) for i in cat.interactions),
        *((f"authority {a.id}", a) for a in cat.authorities),
        *((f"claim {c.id}", c) for c in cat.claims),
        *((f"citation check {c.id}", c) for c in cat.citation_checks),
    ]
    for where, record in sections:
        _walk(record, where, key, found)
    return found


def _walk(record: Any, where: str, key: str, found: list[Citation]) -> None:
    if isinstance(record, tuple) and hasattr(record, "_fields"):
        values: dict[str, Any] = record._asdict()  # type: ignore[attr-defined]
        cites = key in (values.get("sources") or ()) or key in (
            values.get("certainty_from"),
            values.get("probable"),
        )
        if cites:
            text = next((values[f] for f in _TEXT_FIELDS if values.get(f)), "")
            found.append(Citation(where, text or where))
        for name, value in values.items():  # nested records: a form's uses, a topic's findings
            if isinstance(value, tuple) and value and hasattr(value[0], "_fields"):
                for item in value:
                    _walk(item, f"{where}, {_label(name, item)}", key, found)
            elif hasattr(value, "_fields"):
                _walk(value, f"{where}, {_label(name, value)}", key, found)


def _label(field: str, value: Any) -> str:
    names = {"uses": "use", "variants": "variant", "findings": "finding", "cautions": "caution"}
    word = names.get(field, field.replace("_", " ").rstrip("s") if field.endswith("s") else field)
    ident = getattr(value, "topic", None) or getattr(value, "id", None)
    if ident:
        return f"{word} {ident}"
    return word.replace("_", " ")
