"""JSON views: each returns a versioned JSON document as text, which the CLI writes to stdout
or a file (no rich)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from magref.model import Catalogue, Form, Interaction
from magref.views import (
    NO_RECORD,
    FileReport,
    SearchHit,
    form_record,
    human_evidence_uses,
    origin_record,
    safety_record,
    sources_record,
)

if TYPE_CHECKING:
    from decimal import Decimal

    from magref.doses import DoseReport, Reference
    from magref.labels import LabelReading
    from magref.model import Profile


JSON_VERSION = 1


def _envelope(cat: Catalogue, kind: str, **body: Any) -> str:
    doc = {
        "magref_json": JSON_VERSION,
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


def _forms(cat: Catalogue, forms: list[Form]) -> str:
    return _envelope(
        cat,
        "forms",
        evidence_levels=cat.evidence_levels,
        laxative_scale=cat.laxative_scale,
        forms=[form_record(cat, f) for f in forms],
    )


def show(cat: Catalogue, form: Form) -> str:
    return _forms(cat, [form])


def compare(cat: Catalogue, forms: list[Form]) -> str:
    return _forms(cat, forms)


def export(cat: Catalogue, forms: list[Form]) -> str:
    return _forms(cat, forms)


def _brief(cat: Catalogue, form: Form) -> dict[str, Any]:
    return {
        "id": form.id,
        "name": form.name,
        "default_variant": form.default_variant.id,
        "elemental_mg_percent": form.default_variant.elemental_mg_percent,
        "absorption_level": form.absorption.level,
        "laxative": form.side_effects.laxative,
        "human_evidence_for": [u.topic for u in human_evidence_uses(form)],
    }


def listing(cat: Catalogue, forms: list[Form], topic_id: str | None) -> str:
    topic = None
    if topic_id is not None:
        t = cat.topic(topic_id)
        topic = {
            "id": t.id,
            "name": t.name,
            "level": t.level,
            "outcome": t.outcome,
            "summary": t.summary,
            "sources": sources_record(cat, t.sources),
            "uses": {
                f.id: next(
                    {"level": u.level, "outcome": u.outcome, "summary": u.summary}
                    for u in f.uses
                    if u.topic == topic_id
                )
                for f in forms
            },
        }
    return _envelope(cat, "list", topic=topic, forms=[_brief(cat, f) for f in forms])


def search(cat: Catalogue, query: str, hits: list[SearchHit]) -> str:
    return _envelope(
        cat,
        "search",
        query=query,
        hits=[{**_brief(cat, h.form), "matched": h.field, "text": h.text} for h in hits],
    )


# ---- dose views -----------------------------------------------------------------------------


def _num(value: Decimal | None, quantity: str) -> float | None:
    from magref.doses import rounded  # imported here: only these views need it

    return None if value is None else float(rounded(value, quantity))


def dose(cat: Catalogue, r: DoseReport) -> str:
    from magref.doses import PLACES  # imported here: only these views need it

    upper = r.upper
    return _envelope(
        cat,
        "dose",
        rounding={"decimal_places": PLACES, "method": "half-up, for display only"},
        person={
            "age_months": r.person.age_months,
            "sex": r.person.sex,
            "stage": r.person.stage,
            "kidney_disease": r.person.kidney_disease,
            "medications": list(r.person.medications),
            "assumed_adult": r.assumed_adult,
        },
        products=[
            {
                "form": p.form.id,
                "variant": p.variant.id,
                "formula": p.variant.formula,
                "elemental_mg_percent": p.variant.elemental_mg_percent,
                "amount": float(p.amount.value),
                "unit": p.amount.unit,
                "count": p.amount.count,
                "amount_is_elemental": p.amount.elemental or p.amount.unit in ("mmol", "meq"),
                "measure": p.measure.label if p.measure else None,
                "compound_mg": _num(p.compound_mg, "compound_mg"),
                "elemental_mg": _num(p.elemental_mg, "elemental_mg"),
                "mmol": _num(p.mmol, "mmol"),
                "meq": _num(p.meq, "meq"),
            }
            for p in r.products
        ],
        total={
            "elemental_mg": _num(r.elemental_mg, "elemental_mg"),
            "mmol": _num(r.mmol, "mmol"),
            "meq": _num(r.meq, "meq"),
        },
        rda=[
            {
                "group": share.reference.group,
                "kind": share.reference.kind,
                "mg": share.reference.mg,
                "percent": _num(share.percent, "percent"),
            }
            for share in r.rda
        ],
        upper_limit={
            "authority": upper.limit.authority,
            "name": upper.limit.name,
            "band": upper.band.label,
            "mg": upper.band.mg,
            "percent": _num(upper.percent, "percent"),
            "scope": upper.limit.scope,
            "note": upper.band.note,
            "sources": sources_record(cat, upper.limit.sources),
        },
        other_limits=[
            {
                "authority": other.limit.authority,
                "name": other.limit.name,
                "band": other.band.label,
                "mg": other.band.mg,
                "percent": _num(other.percent, "percent"),
            }
            for other in r.others
        ],
        warnings=[
            {
                "code": f.code,
                "message": f.message,
                "counts_for_fail_on_warning": f.counts,
                "sources": sources_record(cat, f.sources),
            }
            for f in r.findings
        ],
    )


def rda(cat: Catalogue, refs: list[Reference] | None) -> str:
    bands = [
        {
            "label": b.label,
            "from_months": b.from_months,
            "to_months": b.to_months,
            "kind": b.kind,
            "male": b.male,
            "female": b.female,
            "pregnant": b.pregnant,
            "lactating": b.lactating,
        }
        for b in cat.intakes.bands
    ]
    values = (
        None if refs is None else [{"group": r.group, "kind": r.kind, "mg": r.mg} for r in refs]
    )
    return _envelope(
        cat,
        "rda",
        note=cat.intakes.note,
        sources=sources_record(cat, cat.intakes.sources),
        values=values,
        bands=bands if refs is None else None,
    )


def limits(cat: Catalogue) -> str:
    return _envelope(
        cat,
        "limits",
        limits=[
            {
                "authority": lim.authority,
                "name": lim.name,
                "scope": lim.scope,
                "origin": origin_record(lim),
                "sources": sources_record(cat, lim.sources),
                "bands": [
                    {
                        "label": b.label,
                        "from_months": b.from_months,
                        "to_months": b.to_months,
                        "mg": b.mg,
                        "note": b.note,
                    }
                    for b in lim.bands
                ],
            }
            for lim in cat.limits
        ],
    )


def _interaction(cat: Catalogue, inter: Interaction) -> dict[str, Any]:
    from magref.doses import spacing_spread  # imported here: only these views need it

    spread = spacing_spread(inter)
    return {
        "id": inter.id,
        "name": inter.name,
        "drugs": list(inter.drugs),
        "brands": list(inter.brands),
        "severity": inter.severity,
        "effect": inter.effect,
        "mechanism": inter.mechanism,
        "action": inter.action,
        "spacing": [
            {
                "advice": s.advice,
                "min_hours": s.min_hours,
                "max_hours": s.max_hours,
                "sources": list(s.sources),
            }
            for s in inter.spacing
        ],
        "spacing_spread_hours": list(spread) if spread else None,
        "sources": sources_record(cat, inter.source_keys()),
        "origin": origin_record(inter),
    }


def interactions(cat: Catalogue, found: list[tuple[str | None, list[Interaction]]]) -> str:
    return _envelope(
        cat,
        "interactions",
        severity_scale=cat.severity_scale,
        results=[
            {
                "query": query,
                "interactions": [_interaction(cat, i) for i in inters],
                "note": None if inters else NO_RECORD,
            }
            for query, inters in found
        ],
    )


def label(cat: Catalogue, reading: LabelReading) -> str:
    p = reading.product
    return _envelope(
        cat,
        "label",
        text=reading.text,
        reading=reading.reading,
        why=reading.why,
        forms=[f.id for f in reading.forms],
        variant=p.variant.id if p else None,
        elemental_mg=_num(reading.elemental_mg, "elemental_mg"),
        compound_mg=_num(p.compound_mg, "compound_mg") if p else None,
    )


def profile(saved: Profile, where: str) -> str:
    body = {k: list(v) if isinstance(v, tuple) else v for k, v in saved._asdict().items()}
    return (
        json.dumps(
            {"magref_json": JSON_VERSION, "kind": "profile", "path": where, "profile": body},
            indent=2,
        )
        + "\n"
    )


def paths(report: list[FileReport]) -> str:
    files = [
        {
            "role": r.role,
            "path": str(r.path),
            "access": r.access,
            "exists": r.exists,
            "status": r.status,
            "problems": list(r.problems),
        }
        for r in report
    ]
    doc = {"magref_json": JSON_VERSION, "kind": "paths", "files": files}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
