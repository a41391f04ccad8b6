"""JSON views of reference values: each authority's tables, or its intake and upper limit for
one person side by side with the differences. Plain data; no rich."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from magref.render_json import _envelope
from magref.views import origin_record, sources_record

if TYPE_CHECKING:
    from magref.model import Authority, Catalogue, IntakeBand, LimitBand
    from magref.reference import Difference, Intake, LimitFigure, ReferenceReport


def _intake_band(b: IntakeBand) -> dict[str, Any]:
    return {
        "label": b.label,
        "from_months": b.from_months,
        "to_months": b.to_months,
        "kind": b.kind,
        "male": b.male,
        "female": b.female,
        "pregnant": b.pregnant,
        "lactating": b.lactating,
        "no_figure": b.no_figure,
        "note": b.note,
    }


def _limit_band(b: LimitBand) -> dict[str, Any]:
    return {
        "label": b.label,
        "from_months": b.from_months,
        "to_months": b.to_months,
        "mg": b.mg,
        "mg_per_kg": b.mg_per_kg,
        "no_figure": b.no_figure,
        "note": b.note,
    }


def _authority(cat: Catalogue, a: Authority, intakes: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": a.id,
        "name": a.name,
        "region": a.region,
        "names": list(a.names),
        "note": a.note or None,
        "origin": origin_record(a),
    }
    if intakes:
        table = a.intakes
        record["intakes"] = None
        if table is not None:
            record["intakes"] = {
                "document": table.document,
                "note": table.note,
                "adult_band": table.adult_band,
                "sources": sources_record(cat, table.sources),
                "bands": [_intake_band(b) for b in table.bands],
            }
    record["limit"] = {
        "document": a.limit.document,
        "scope": a.limit.scope,
        "sources": sources_record(cat, a.limit.sources),
        "bands": [_limit_band(b) for b in a.limit.bands],
    }
    return record


def _intake(intake: Intake) -> dict[str, Any]:
    return {
        "band": intake.band.label if intake.band else None,
        "values": [{"group": r.group, "kind": r.kind, "mg": r.mg} for r in intake.refs],
        "no_figure": intake.missing or None,
    }


def _limit(limit: LimitFigure) -> dict[str, Any]:
    return {
        "band": limit.band.label,
        "mg": None if limit.mg is None else float(limit.mg),
        "mg_per_kg": limit.band.mg_per_kg,
        "needs_weight": limit.needs_weight,
        "no_figure": limit.missing or None,
        "scope": limit.authority.limit.scope,
    }


def _difference(d: Difference) -> dict[str, Any]:
    groups = []
    for row, ids in d.groups:
        if d.what == "intake":
            value: Any = [r.mg for r in row.intake.refs] or None
        else:
            value = None if row.limit.mg is None else float(row.limit.mg)
        groups.append({"value_mg": value, "authorities": list(ids)})
    return {"what": d.what, "groups": groups}


def _report(cat: Catalogue, r: ReferenceReport, intakes: bool) -> dict[str, Any]:
    rows = []
    for row in r.rows:
        a = row.intake.authority
        entry: dict[str, Any] = {"authority": a.id, "name": a.name, "region": a.region}
        if intakes:
            entry["intake"] = _intake(row.intake)
            entry["intake_above_limit"] = row.intake_over_limit
        entry["upper_limit"] = _limit(row.limit)
        keys = [*(a.intakes.sources if intakes and a.intakes else ()), *a.limit.sources]
        entry["sources"] = sources_record(cat, keys)
        rows.append(entry)
    person = r.person
    return {
        "person": {
            "age_months": person.age_months,
            "sex": person.sex,
            "stage": person.stage,
            "weight_kg": None if person.weight_kg is None else float(person.weight_kg),
            "assumed_adult": r.assumed_adult,
        },
        "authorities": rows,
        "strictest_limit": None
        if r.strictest is None
        else {
            "authority": r.strictest.authority.id,
            "band": r.strictest.band.label,
            "mg": None if r.strictest.mg is None else float(r.strictest.mg),
        },
        "differences": [_difference(d) for d in r.differences if intakes or d.what != "intake"],
        "warnings": [
            {
                "code": f.code,
                "message": f.message,
                "authority": f.subject,
                "sources": sources_record(cat, f.sources),
            }
            for f in r.findings
            if intakes
        ],
    }


def rda(cat: Catalogue, authorities: list[Authority], r: ReferenceReport | None) -> str:
    if r is not None:
        return _envelope(
            cat,
            "rda",
            intake_kinds={n.kind: n.meaning for n in cat.intake_kinds},
            **_report(cat, r, True),
        )
    return _envelope(
        cat,
        "rda",
        intake_kinds={n.kind: n.meaning for n in cat.intake_kinds},
        tables=[_authority(cat, a, intakes=True) for a in authorities],
    )


def limits(cat: Catalogue, authorities: list[Authority], r: ReferenceReport | None) -> str:
    if r is not None:
        return _envelope(cat, "limits", **_report(cat, r, False))
    return _envelope(cat, "limits", tables=[_authority(cat, a, intakes=False) for a in authorities])
