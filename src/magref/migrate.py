"""Reading a complete catalogue written for schema 1 (magref 0.1.0), 2 or 3, so that `magref
diff` can compare a release with today's data. Only complete catalogues are upgraded; a user file
must be rewritten (the loader says so).

Schema 4 replaced each use's evidence level and outcome with a finding: a statement, a
direction, a design and a certainty. An old use keeps its summary as the statement and its
outcome as the direction; its level becomes the design; its certainty is `not-rated` (schema 3
recorded none), `no-human-trials` for animal or mechanistic evidence, and `none` where nothing
was studied. Topics become one such finding each; marketing claims get the verdict `not-rated`;
a web page gets the date it was read from today's catalogue, else the old catalogue's review date.

Schema 3 made every authority one entry holding its intakes and its limit. Schema 2 had one
intake table (the US one) and a list of limits, so the upgrade puts the intakes on the `us`
authority, gives each limit band without a figure `no_figure: not-derived` (what "no limit set"
meant then), and takes the intake kinds from `current`.

Schema 2 gave each interaction a kind, a severity reason and its medicines one by one, with
spacing that says which comes first. Schema 1 had none of these, so the upgrade marks what it
cannot know: each drug becomes a medicine (the class's brands go on its first), each spacing
entry is kept on every medicine as `apart` with its old minimum and maximum as the two sides
and its old advice as the note. Sections schema 1 lacked (overdose, label_rules, the new dose
rules) are taken from `current`, with the sources they cite, so the diff reports no change in
them."""

from __future__ import annotations

import re
from typing import Any

import yaml

from magref.model import Catalogue

_OLD = re.compile(r"^schema_version\s*:\s*([123])\s*$", re.MULTILINE)
_DESIGNS = {
    "human-rct": "rct",
    "human-absorption": "absorption-study",
    "official-label": "label",
    "animal": "animal",
    "mechanistic": "mechanistic",
    "none": "none",
}
UNKNOWN = "not recorded in schema 1"
UNKNOWN_3 = "not recorded before schema 3"
UNKNOWN_4 = "not recorded before schema 4"


def is_old(text: str) -> bool:
    """Whether a catalogue declares schema 1, 2 or 3."""
    return _OLD.search(text) is not None


def _record(value: Any) -> Any:
    """A record (or any value) as plain YAML data."""
    if hasattr(value, "_asdict"):
        return {
            k: _record(v)
            for k, v in value._asdict().items()
            if k not in ("key", "origin", "replaces")
        }
    if isinstance(value, tuple | list):
        return [_record(v) for v in value]
    if isinstance(value, dict):
        return {k: _record(v) for k, v in value.items()}
    return value


def _interaction(old: dict[str, Any]) -> dict[str, Any]:
    spacing = [
        {
            "rule": "apart",
            "before_hours": s.get("min_hours"),
            "after_hours": s.get("max_hours"),
            "note": s.get("advice", ""),
            "sources": s.get("sources", []),
        }
        for s in old.get("spacing") or []
    ]
    medicines: list[dict[str, Any]] = [{"name": d} for d in old.get("drugs") or []]
    if medicines and old.get("brands"):
        medicines[0]["brands"] = old["brands"]
    for m in medicines:
        if spacing:
            m["spacing"] = spacing
    keys = ("id", "name", "mechanism", "effect", "action", "severity")
    new: dict[str, Any] = {k: old[k] for k in keys if k in old}
    new.update(kind="spacing" if spacing else "monitoring", severity_reason=UNKNOWN)
    new["medicines"] = medicines
    if old.get("sources"):
        new["sources"] = old["sources"]
    return new


def upgrade(text: str, current: Catalogue) -> str:
    """A schema-1, 2 or 3 complete catalogue's text as schema 4."""
    doc = yaml.safe_load(text)
    if not isinstance(doc, dict):
        return text
    if doc.get("schema_version") == 1:
        _v1_to_v2(doc, current)
    if doc.get("schema_version") in (1, 2):
        _v2_to_v3(doc, current)
    _v3_to_v4(doc, current)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def _finding(old: dict[str, Any]) -> dict[str, Any]:
    """An old use (or topic) as a finding."""
    design = _DESIGNS.get(str(old.get("level")), "none")
    direction = old.get("outcome", "not-studied")
    if design == "none" or direction == "not-studied":
        design, direction, certainty = "none", "not-studied", "none"
    elif design in ("animal", "mechanistic"):
        certainty = "no-human-trials"
    else:
        certainty = "not-rated"
    new = {"statement": old.get("summary", UNKNOWN_4), "direction": direction}
    new |= {"certainty": certainty, "design": design}
    for key in ("topic", "industry_funded", "sources"):
        if key in old:
            new[key] = old[key]
    return new


def _v3_to_v4(doc: dict[str, Any], current: Catalogue) -> None:
    doc["schema_version"] = 4
    doc.pop("evidence_levels", None)
    doc.setdefault("study_designs", dict(current.study_designs))
    doc.setdefault("certainty_scale", dict(current.certainty_scale))
    doc.setdefault("claim_verdicts", dict(current.claim_verdicts))
    for form in doc.get("forms") or []:
        if not isinstance(form, dict):
            continue
        absorption = form.get("absorption")
        if isinstance(absorption, dict) and "level" in absorption:
            absorption["design"] = _DESIGNS.get(str(absorption.pop("level")), "none")
        form["uses"] = [_finding(u) if isinstance(u, dict) else u for u in form.get("uses") or []]
        for claim in form.get("marketing") or []:
            if isinstance(claim, dict):
                claim.setdefault("verdict", "not-rated")
    topics = []
    for old in doc.get("topics") or []:
        if isinstance(old, dict) and "level" in old:
            finding = _finding({k: v for k, v in old.items() if k != "topic"})
            old = {"id": old.get("id"), "name": old.get("name"), "summary": old.get("summary")}
            old["findings"] = [finding]
        topics.append(old)
    doc["topics"] = topics
    sources = doc.get("sources")
    for key, src in sources.items() if isinstance(sources, dict) else ():
        if isinstance(src, dict) and "read" not in src and "http" in str(src.get("identifier")):
            known = current.sources.get(key)  # a web page's read date: today's, else the review's
            src["read"] = known.read if known and known.read else str(doc.get("reviewed"))


def _v2_to_v3(doc: dict[str, Any], current: Catalogue) -> None:
    doc["schema_version"] = 3
    intakes = doc.pop("intakes", None)
    limits = doc.pop("limits", None)
    authorities = []
    for old in limits if isinstance(limits, list) else []:
        if not isinstance(old, dict):
            authorities.append(old)
            continue
        bands = [
            b if not isinstance(b, dict) or "mg" in b else {**b, "no_figure": "not-derived"}
            for b in old.get("bands") or []
        ]
        limit = {"document": UNKNOWN_3, "scope": old.get("scope"), "bands": bands}
        if old.get("sources"):
            limit["sources"] = old["sources"]
        entry: dict[str, Any] = {
            "id": old.get("authority"),
            "name": old.get("name"),
            "region": UNKNOWN_3,
            "limit": limit,
        }
        if old.get("authority") == "us" and isinstance(intakes, dict):
            entry["intakes"] = {"document": UNKNOWN_3, **intakes}
        authorities.append(entry)
    doc["authorities"] = authorities
    doc.setdefault("intake_kinds", _record(current.intake_kinds))


def _v1_to_v2(doc: dict[str, Any], current: Catalogue) -> None:
    doc["schema_version"] = 2
    if isinstance(doc.get("interactions"), list):
        doc["interactions"] = [
            _interaction(i) if isinstance(i, dict) else i for i in doc["interactions"]
        ]
    rules = doc.get("dose_rules")
    if isinstance(rules, dict):
        rules.setdefault("above_limit", _record(current.dose_rules.above_limit))
        rules.setdefault("far_over_limit_factor", current.dose_rules.far_over_limit_factor)
    doc.setdefault("overdose", _record(current.overdose))
    doc.setdefault("label_rules", _record(current.label_rules))
    borrowed = [
        *current.dose_rules.above_limit.sources,
        *current.overdose.sources,
        *(k for v in current.label_rules.reference_values for k in v.sources),
    ]
    sources = doc.get("sources")
    if isinstance(sources, dict):  # the sources the borrowed sections cite come with them
        for key in borrowed:
            sources.setdefault(key, _record(current.sources[key]))
