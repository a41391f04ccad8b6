"""JSON views of doses, reference values, interactions, the timing plan, labels, the profile
and magref's files: versioned JSON documents as text, like the form views (render_json.py,
whose envelope they share). No rich."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from magref.model import Catalogue, Medicine
from magref.render_json import JSON_VERSION, _envelope
from magref.render_json import claims as claims
from magref.render_json import source as source
from magref.render_json_reference import limits as limits
from magref.render_json_reference import rda as rda
from magref.views import FileReport, origin_record, sources_record

if TYPE_CHECKING:
    from decimal import Decimal

    from magref.amounts import Product
    from magref.doses import DoseReport, LimitCheck
    from magref.labels import LabelReading
    from magref.medicines import Lookup, Match
    from magref.model import Profile
    from magref.planner import Plan
    from magref.serum import SerumReading


# ---- dose views -----------------------------------------------------------------------------


def _num(value: Decimal | None, quantity: str) -> float | None:
    from magref.doses import rounded  # imported here: only these views need it

    return None if value is None else float(rounded(value, quantity))


def _mg(c: LimitCheck) -> float | None:
    return None if c.figure.mg is None else float(c.figure.mg)


def _check(c: LimitCheck) -> dict[str, Any]:
    return {
        "authority": c.id,
        "name": c.name,
        "band": c.figure.band.label,
        "mg": _mg(c),
        "mg_per_kg": c.figure.band.mg_per_kg,
        "needs_weight": c.figure.needs_weight,
        "percent": _num(c.percent, "percent"),
        "over": c.over,
    }


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
            "weight_kg": None if r.person.weight_kg is None else float(r.person.weight_kg),
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
        intake_no_figure=r.intake_missing or None,
        chosen_authority=r.authority,
        upper_limit={
            **_check(upper),
            "scope": upper.figure.authority.limit.scope,
            "note": upper.figure.band.note,
            "sources": sources_record(cat, upper.sources),
        },
        applied_limit={
            "authority": r.applied.id,
            "band": r.applied.figure.band.label,
            "mg": _mg(r.applied),
            "percent": _num(r.applied.percent, "percent"),
            "strictest_fallback": r.fallback,
        },
        other_limits=[_check(other) for other in r.others],
        percent_of_limits=r.percent_withheld or "shown",
        medications=[
            {
                "name": m.query,
                "status": m.status,
                "severity": m.severity,
                "text": m.text,
                "advice": list(m.advice),
                "sources": sources_record(cat, m.sources),
            }
            for m in r.medications
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


def _medicine(medicine: Medicine) -> dict[str, Any]:
    from magref.medicines import spacing_text  # imported here: only these views need it

    return {
        "name": medicine.name,
        "synonyms": list(medicine.synonyms),
        "brands": list(medicine.brands),
        "effect": medicine.effect or None,
        "sources": list(medicine.sources),
        "identifiers": [
            {"scheme": i.scheme, "value": i.value, "sources": list(i.sources)}
            for i in medicine.identifiers
        ],
        "spacing": [
            {
                "rule": s.rule,
                "medicine_hours_before_magnesium": s.before_hours,
                "medicine_hours_after_magnesium": s.after_hours,
                "wait_minutes_after_medicine": s.wait_minutes,
                "advice": spacing_text(medicine, s),
                "sources": list(s.sources),
            }
            for s in medicine.spacing
        ],
    }


def _interaction(cat: Catalogue, match: Match) -> dict[str, Any]:
    from magref.medicines import medicines_of  # imported here: only these views need it

    inter = match.interaction
    return {
        "id": inter.id,
        "name": inter.name,
        "kind": inter.kind,
        "severity": inter.severity,
        "severity_reason": inter.severity_reason,
        "effect": inter.effect,
        "mechanism": inter.mechanism,
        "action": inter.action,
        "medicines": [_medicine(m) for m in medicines_of(match)],
        "sources": sources_record(cat, inter.source_keys()),
        "origin": origin_record(inter),
    }


def interactions(cat: Catalogue, found: list[Lookup], everything: bool) -> str:
    return _envelope(
        cat,
        "interactions",
        severity_scale=cat.severity_scale,
        results=[
            {
                "query": None if everything else look.query,
                "status": look.status,
                "message": look.message or None,
                "suggestions": list(look.suggestions),
                "interactions": [_interaction(cat, m) for m in look.matches],
            }
            for look in found
        ],
    )


def plan(cat: Catalogue, p: Plan) -> str:
    from magref.planner import clock  # imported here: only this view needs it

    return _envelope(
        cat,
        "plan",
        medicines=[
            {
                "name": look.query,
                "status": look.status,
                "message": look.message or None,
                "suggestions": list(look.suggestions),
                "times": [clock(t) for t in times],
            }
            for look, times in p.medicines
        ],
        window_exists=bool(p.windows),
        no_window_reason=(None if p.windows else "do-not-combine" if p.never else "no free time"),
        windows=[{"from": clock(a), "to": clock(b), "minutes": b - a} for a, b in p.windows],
        rules=[
            {
                "medicine": r.medicine,
                "dose_at": clock(r.time),
                "magnesium_blocked": None
                if r.never
                else {"from": clock(r.start), "to": clock(r.end)},
                "do_not_combine": r.never,
                "rule": r.text,
                "sources": sources_record(cat, r.sources),
            }
            for r in p.rules
        ],
        monitoring_only=p.no_spacing,
    )


def _label_product(p: Product | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "form": p.form.id,
        "variant": p.variant.id,
        "elemental_mg_percent": p.variant.elemental_mg_percent,
        "elemental_mg": _num(p.elemental_mg, "elemental_mg"),
        "compound_mg": _num(p.compound_mg, "compound_mg"),
    }


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
        readings=(
            {"as_compound": _label_product(p), "as_elemental": _label_product(reading.alternative)}
            if reading.reading == "ambiguous"
            else None
        ),
        stated_elemental_mg=_num(reading.stated_elemental_mg, "elemental_mg"),
        computed_elemental_mg=(
            _num(p.elemental_mg, "elemental_mg") if p and reading.stated_elemental_mg else None
        ),
        percent_checks=[
            {
                "stated_percent": float(c.stated),
                "reference": c.value.name,
                "authority": c.value.authority,
                "reference_mg": c.value.mg,
                "computed_percent": _num(c.computed, "percent"),
                "agrees": c.agrees,
                "sources": sources_record(cat, c.value.sources),
            }
            for c in reading.percents
        ],
    )


def serum(cat: Catalogue, reading: SerumReading) -> str:
    return _envelope(
        cat,
        "serum",
        value=float(reading.value),
        unit=reading.unit,
        converted={
            "mmol_per_l": _num(reading.mmol_l, "mmol_l"),
            "mg_per_dl": _num(reading.mg_dl, "mg_dl"),
            "meq_per_l": _num(reading.meq_l, "meq_l"),
        },
        ranges=[
            {
                "name": p.range.name,
                "low_mmol_per_l": p.range.low_mmol_l,
                "high_mmol_per_l": p.range.high_mmol_l,
                "position": p.position,
                "note": p.range.note,
                "sources": sources_record(cat, p.range.sources),
            }
            for p in reading.placements
        ],
        note=reading.note,
    )


def profile(current: Profile, where: str, saved: bool) -> str:
    body = {k: list(v) if isinstance(v, tuple) else v for k, v in current._asdict().items()}
    head = {"magref_json": JSON_VERSION, "kind": "profile", "path": where, "saved": saved}
    return (
        json.dumps(
            {**head, "profile": body},
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
