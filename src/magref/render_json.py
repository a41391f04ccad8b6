"""JSON views: each returns a versioned JSON document as text, which the CLI writes to stdout
or a file (no rich)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from magref import __version__, evidence
from magref.model import Catalogue, Form
from magref.views import SearchHit, form_record, safety_record, sources_record
from magref.views_evidence import check_record, claim_record, finding_record, topic_record

if TYPE_CHECKING:
    from magref.evidence import SourceReport, TopicReport


JSON_VERSION = 3
# The JSON Schema of the documents show, compare and export write (kind "forms"): it ships in
# the package as magref/data/schemas/FORMS_SCHEMA, and `magref schema --forms` prints it.
FORMS_SCHEMA = f"magref-forms-{JSON_VERSION}.schema.json"


def _envelope(cat: Catalogue, kind: str, **body: Any) -> str:
    doc = {
        **({"$schema": FORMS_SCHEMA} if kind == "forms" else {}),
        "magref_json": JSON_VERSION,
        "magref_version": __version__,
        "kind": kind,
        "catalogue": {
            "version": cat.catalogue_version,
            "reviewed": cat.reviewed,
            "schema_version": cat.schema_version,
        },
        **safety_record(cat),
        **body,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# Stands in for the forms array of an export until it is spliced in: a NUL, which no catalogue
# text can hold (the loader refuses control characters), so it cannot occur anywhere else.
_FORMS = "\0forms\0"


def _form_lines(cat: Catalogue, forms: list[Form]) -> Iterator[str]:
    """An export's forms array, one form per line: each record is built, encoded by the C
    encoder and dropped before the next, so 10,000 forms export in about a second and are
    never held all at once (indented JSON would use the slow pure-Python encoder)."""
    if not forms:
        yield "[]"
        return
    yield "["
    for i, form in enumerate(forms):
        record = json.dumps(form_record(cat, form), ensure_ascii=False, separators=(", ", ": "))
        yield ("\n    " if i == 0 else ",\n    ") + record
    yield "\n  ]"


def _forms(cat: Catalogue, forms: list[Form], everything: bool = False) -> str:
    return "".join(_forms_chunks(cat, forms, everything))


def _forms_chunks(cat: Catalogue, forms: list[Form], everything: bool = False) -> Iterator[str]:
    """Forms with the topics their uses refer to and the claims made for them; an export of
    everything carries every topic, claim and citation check, and its forms one per line."""
    used = {u.topic for f in forms for u in f.uses}
    topics = [t for t in cat.topics if everything or t.id in used]
    keys = [k for t in topics for k in t.source_keys()]
    checks = cat.citation_checks if everything else ()
    keys += [k for c in checks for k in (*c.sources, *([c.probable] if c.probable else []))]
    rows = evidence.claims(cat, None if everything else forms)
    keys += [k for r in rows for k in r.sources]
    text = _envelope(
        cat,
        "forms",
        study_designs=cat.study_designs,
        certainty_scale=cat.certainty_scale,
        claim_verdicts=cat.claim_verdicts,
        laxative_scale=cat.laxative_scale,
        forms=_FORMS if everything else [form_record(cat, f) for f in forms],
        topics=[topic_record(cat, t) for t in topics],
        claims=[claim_record(r) for r in rows],
        citation_checks=[check_record(c) for c in checks],
        evidence_sources=sources_record(cat, keys),
    )
    if not everything:
        yield text
        return
    head, tail = text.split(json.dumps(_FORMS))
    yield head
    yield from _form_lines(cat, forms)
    yield tail


def show(cat: Catalogue, form: Form) -> str:
    return _forms(cat, [form])


def compare(cat: Catalogue, forms: list[Form]) -> str:
    return _forms(cat, forms)


def export(cat: Catalogue, forms: list[Form]) -> str:
    return _forms(cat, forms, everything=True)


def export_chunks(cat: Catalogue, forms: list[Form]) -> Iterator[str]:
    return _forms_chunks(cat, forms, everything=True)


def _brief(cat: Catalogue, form: Form) -> dict[str, Any]:
    return {
        "id": form.id,
        "name": form.name,
        "default_variant": form.default_variant.id,
        "elemental_mg_percent": form.default_variant.elemental_mg_percent,
        "absorption_design": form.absorption.design,
        "laxative": form.side_effects.laxative,
        "uses": [
            {"topic": u.topic, "certainty": u.certainty, "direction": u.direction}
            for u in sorted(form.uses, key=evidence.strength)
        ],
    }


def listing(cat: Catalogue, forms: list[Form], report: TopicReport | None) -> str:
    if report is None:
        return _envelope(cat, "list", topic=None, forms=[_brief(cat, f) for f in forms])
    t = report.topic
    topic = {
        **topic_record(cat, t),
        "sources": sources_record(cat, t.source_keys()),
        "ranked": [
            {**_brief(cat, f), "finding": finding_record(cat, u, f)} for f, u in report.ranked
        ],
        "forms_without_evidence": [f.id for f in report.without],
    }
    ranked = [f for f, _ in report.ranked]
    return _envelope(cat, "list", topic=topic, forms=[_brief(cat, f) for f in ranked])


def search(cat: Catalogue, query: str, hits: list[SearchHit]) -> str:
    return _envelope(
        cat,
        "search",
        query=query,
        hits=[{**_brief(cat, h.form), "matched": h.field, "text": h.text} for h in hits],
    )


def claims(cat: Catalogue, rows: list[evidence.ClaimRow]) -> str:
    keys = [k for r in rows for k in r.sources]
    return _envelope(
        cat,
        "claims",
        claim_verdicts=cat.claim_verdicts,
        claims=[claim_record(r) for r in rows],
        sources=sources_record(cat, keys),
    )


def source(cat: Catalogue, report: SourceReport) -> str:
    keys = [k for c in report.checks for k in (*c.sources, *([c.probable] if c.probable else []))]
    return _envelope(
        cat,
        "source",
        query=report.query,
        key=report.key,
        source=sources_record(cat, [report.key])[report.key] if report.key else None,
        cited_by=[{"where": c.where, "text": c.text} for c in report.citations],
        citation_checks=[check_record(c) for c in report.checks],
        sources=sources_record(cat, keys),
    )
