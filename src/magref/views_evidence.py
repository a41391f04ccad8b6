"""Evidence as plain data for the machine formats and the compare column: findings with their
notes, topics with their findings and guidelines, claims and citation checks."""

from __future__ import annotations

from typing import Any

from magref import evidence
from magref.model import Catalogue, CitationCheck, Finding, Form, Topic
from magref.model_evidence import IN_PEOPLE

EVIDENCE_FOR_NOTE = (
    "Each use shows its certainty in GRADE's terms; '*' marks studies funded or run by a maker, "
    "'~' evidence from other forms (indirect)."
)


def evidence_for(cat: Catalogue, form: Form) -> str:
    """The form's uses with human evidence of some benefit, each with its certainty."""
    labels = []
    for use in sorted(form.uses, key=evidence.strength):
        if use.direction not in ("benefit", "mixed") or use.certainty in (
            "none",
            "no-human-trials",
        ):
            continue
        certainty = use.certainty.replace("-", " ")
        mixed = ", mixed" if use.direction == "mixed" else ""
        label = f"{use.topic} ({certainty}{mixed})"
        if use.industry_funded:
            label += "*"
        if use.design in IN_PEOPLE and form.id not in use.forms_studied:
            label += "~"
        labels.append(label)
    return ", ".join(labels) or "-"


def finding_record(cat: Catalogue, finding: Finding, form: Form | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {}
    if finding.topic:
        record |= {"topic": finding.topic, "topic_name": cat.topic(finding.topic).name}
    return record | {
        "statement": finding.statement,
        "direction": finding.direction,
        "certainty": finding.certainty,
        "certainty_label": evidence.certainty_label(cat, finding),
        "certainty_from": finding.certainty_from or None,
        "design": finding.design,
        "forms_studied": list(finding.forms_studied),
        "dose": finding.dose,
        "dose_mg_per_day": finding.dose_mg,
        "population": finding.population,
        "duration": finding.duration,
        "note": finding.note,
        "industry_funded": finding.industry_funded,
        "notes": evidence.notes(cat, finding, form),
        "sources": list(finding.sources),
    }


def topic_record(cat: Catalogue, topic: Topic) -> dict[str, Any]:
    return {
        "id": topic.id,
        "name": topic.name,
        "words": list(topic.words),
        "summary": topic.summary,
        "disagreement": evidence.disagreement(topic.findings),
        "findings": [finding_record(cat, f) for f in topic.findings],
        "guidelines": [
            {"body": g.body, "rating": g.rating, "meaning": g.meaning, "sources": list(g.sources)}
            for g in topic.guidelines
        ],
        "forms": [f.id for f in cat.forms if any(u.topic == topic.id for u in f.uses)],
    }


def claim_record(row: evidence.ClaimRow) -> dict[str, Any]:
    return {
        "forms": list(row.forms),
        "claim": row.claim,
        "verdict": row.verdict,
        "evidence": row.evidence,
        "sources": list(row.sources),
    }


def check_record(check: CitationCheck) -> dict[str, Any]:
    return {
        "id": check.id,
        "cited_as": check.cited_as,
        "identifier": check.identifier or None,
        "resolves_to": check.resolves_to,
        "matches": check.matches,
        "probable": check.probable or None,
        "found": check.found,
        "supports": check.supports,
        "cannot_support": check.cannot_support,
        "sources": list(check.sources),
    }
