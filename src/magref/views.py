"""What each command shows, as plain data: selections, search hits and JSON-ready records."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from magref import catalogue
from magref.catalogue import UserFile
from magref.errors import CatalogueError
from magref.files import read_text
from magref.model import Authority, Catalogue, Claim, Form, Interaction, Source, Topic
from magref.names import normalise
from magref.text import assay_text
from magref.views_evidence import finding_record

Entry = Form | Source | Topic | Authority | Interaction
USER_MARK = " (user)"  # after the name of a user entry in tables; user_files_note explains it


def origin_note(entry: Entry, name_only: bool = False) -> str | None:
    """For an entry from a user catalogue, a sentence saying so (with the file's name alone
    when `name_only`, for documents shared with others); None for a bundled entry."""
    if not entry.origin:
        return None
    how = "replacing the entry with the same id" if entry.replaces else "a new entry"
    return f"From the user catalogue {_file(entry.origin, name_only)} ({how})."


def _file(origin: str, name_only: bool) -> str:
    return os.path.basename(origin) if name_only else origin


def user_files_note(entries: Iterable[Entry], name_only: bool = False) -> str | None:
    """Under a table: which user files the entries marked (user) came from."""
    files = list(dict.fromkeys(_file(e.origin, name_only) for e in entries if e.origin))
    if not files:
        return None
    return f"{USER_MARK.strip()} marks entries from the user catalogue {', '.join(files)}."


def origin_record(entry: Entry) -> dict[str, Any]:
    """Where an entry came from, for machine formats: user_file is null when bundled."""
    return {"user_file": entry.origin or None, "replaces": entry.replaces}


class SearchHit(NamedTuple):
    form: Form
    field: str
    text: str


def search(cat: Catalogue, query: str) -> list[SearchHit]:
    """Forms matching every word of the query (each word starts a word of the text), most
    relevant first: an exact id, name, alias or trade name; then names; then uses; then notes.
    A trade name or alias given exactly finds its form alone."""
    wanted = normalise(query)
    words = wanted.split()
    if not words:
        return []
    exact, ranked = [], []
    for form in cat.forms:
        fields = _searchable(cat, form)
        named = [(f, t) for f, t in fields if f in _NAMED and normalise(t) == wanted]
        if named:
            exact.append((named[0][0], SearchHit(form, *named[0])))
            continue
        for rank, (field, text) in enumerate(fields):
            folded = f" {normalise(text)}"
            if all(f" {w}" in folded for w in words):
                ranked.append((_tier(field), rank, SearchHit(form, field, text)))
                break
    alone = [hit for field, hit in exact if field in ("trade name", "alias")]
    if alone:
        return alone
    ranked.sort(key=lambda r: r[0])  # stable: catalogue order within a tier
    return [hit for _, hit in exact] + [hit for _, _, hit in ranked]


_NAMED = frozenset({"id", "name", "alias", "trade name"})
_TIERS = {"id": 0, "name": 0, "alias": 0, "trade name": 0, "variant": 0, "use": 1}


def _tier(field: str) -> int:
    return _TIERS.get(field, 2)


def _searchable(cat: Catalogue, form: Form) -> list[tuple[str, str]]:
    fields = [("id", form.id), ("name", form.name)]
    fields += [("alias", a) for a in form.aliases] + [("trade name", t) for t in form.trade_names]
    fields += [("variant", f"{v.name} {v.formula}") for v in form.variants]
    for use in form.uses:
        topic = cat.topic(use.topic)
        words = ", ".join(topic.words)
        fields.append(("use", f"{topic.name} ({words}): {use.statement}"))
    fields += [("summary", form.summary), ("absorption", form.absorption.summary)]
    fields += [("side effects", form.side_effects.summary)]
    fields += [("caution", c.text) for c in form.cautions]
    fields += [("marketing", f"{m.claim} {m.evidence}") for m in form.marketing]
    fields += [("variant note", v.note) for v in form.variants if v.note]
    return fields


# ---- records for machine formats ---------------------------------------------------------


def source_record(src: Source) -> dict[str, Any]:
    return {
        "citation": src.citation,
        "year": src.year,
        "kind": src.kind,
        "status": src.status,
        "pmid": src.pmid,
        "pmcid": src.pmcid,
        "doi": src.doi,
        "identifier": src.identifier,
        "read": src.read or None,
        "note": src.note,
        "origin": origin_record(src),
    }


def sources_record(cat: Catalogue, keys: Iterable[str]) -> dict[str, Any]:
    """Cited sources resolved with their identifiers, in first-cited order."""
    return {k: source_record(cat.sources[k]) for k in dict.fromkeys(keys)}


def form_record(cat: Catalogue, form: Form) -> dict[str, Any]:
    """One form as JSON-ready data, its cited sources resolved so it stands alone."""
    return {
        "id": form.id,
        "name": form.name,
        "summary": form.summary,
        "aliases": list(form.aliases),
        "trade_names": list(form.trade_names),
        "default_variant": form.default_variant.id,
        "variants": [
            {
                "id": v.id,
                "name": v.name,
                "formula": v.formula,
                "hydrate": v.hydrate,
                "stoichiometry": v.stoichiometry,
                "molar_mass_g_per_mol": v.molar_mass,
                "elemental_mg_percent": v.elemental_mg_percent,
                "default": v.default,
                "note": v.note,
                "sources": list(v.sources),
                "identifiers": [
                    {"scheme": i.scheme, "value": i.value, "sources": list(i.sources)}
                    for i in v.identifiers
                ],
            }
            for v in form.variants
        ],
        "label_figures": [
            {
                "label": lf.label,
                "elemental_mg_percent": lf.elemental_mg_percent,
                "why": lf.why,
                "sources": list(lf.sources),
            }
            for lf in form.label_figures
        ],
        "measures": [
            {
                "unit": m.unit,
                "volume": m.volume,
                "compound_mg": m.compound_mg,
                "elemental_mg": m.elemental_mg,
                "label": m.label,
                "sources": list(m.sources),
            }
            for m in form.measures
        ],
        "assays": [
            {**a._asdict(), "sources": list(a.sources), "text": assay_text(a)} for a in form.assays
        ],
        "solubility": {
            "summary": form.solubility.summary,
            "g_per_100ml": form.solubility.g_per_100ml,
            "sources": list(form.solubility.sources),
        },
        "absorption": {
            "design": form.absorption.design,
            "summary": form.absorption.summary,
            "sources": list(form.absorption.sources),
        },
        "uses": [finding_record(cat, u, form) for u in form.uses],
        "side_effects": {
            "laxative": form.side_effects.laxative,
            "summary": form.side_effects.summary,
            "sources": list(form.side_effects.sources),
        },
        "cautions": [{"text": c.text, "sources": list(c.sources)} for c in form.cautions],
        "marketing": [
            {
                "claim": m.claim,
                "verdict": m.verdict,
                "evidence": m.evidence,
                "sources": list(m.sources),
            }
            for m in form.marketing
        ],
        "sources": sources_record(cat, form.source_keys()),
        "origin": origin_record(form),
    }


def safety_record(cat: Catalogue) -> dict[str, Any]:
    """The kidney caution and disclaimer every export carries, with resolved sources."""
    return {
        "disclaimer": cat.disclaimer,
        "kidney_caution": {
            "text": cat.kidney_caution.text,
            "sources": sources_record(cat, cat.kidney_caution.sources),
        },
    }


# ---- catalogue files ---------------------------------------------------------------------


class FileReport(NamedTuple):
    """One file magref reads or writes: what it is, whether it is there, what it holds."""

    role: str
    path: Path
    access: str
    exists: bool
    status: str
    problems: tuple[str, ...] = ()


def _plural(count: int, noun: str) -> str:
    """'1 form', '2 forms', '2 authorities'."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def _counts(cat: Catalogue, origin: str | None) -> str:
    """'2 forms, 1 source' for the entries from one file (every entry when origin is None)."""
    groups: list[tuple[str, Iterable[Entry]]] = [
        ("form", cat.forms),
        ("source", cat.sources.values()),
        ("topic", cat.topics),
        ("authority", cat.authorities),
        ("interaction", cat.interactions),
    ]
    parts = []
    for name, entries in groups:
        mine = [e for e in entries if origin is None or e.origin == origin]
        replacing = sum(1 for e in mine if e.replaces)
        if mine or origin is None:
            part = _plural(len(mine), name)
            parts.append(part + (f" ({replacing} replacing)" if replacing else ""))
    return ", ".join(parts) or "no entries"


def check_files(files: Iterable[tuple[str, Path]]) -> list[FileReport]:
    """Validate files in order, as `magref validate` and `magref paths` do. A directory is a
    complete catalogue split across its files, checked together and reported file by file; a
    file of such a directory is checked with the rest of it; a file that sets
    catalogue_version is a complete catalogue on its own; any other file is a user catalogue,
    checked on top of the bundled catalogue and the user files before it. Problems are
    collected, never raised."""
    from magref import parse

    base: Catalogue | None = None
    reports = []
    for role, path in files:
        try:
            parts = _catalogue_parts(path)
        except CatalogueError as exc:  # a directory with no catalogue files
            reports.append(_broken(role, path, exc.problems))
            continue
        if parts is not None:
            reports += _check_complete(role, parts, None if os.path.isdir(path) else path)
            continue
        try:
            text = read_text(path)
            if parse.is_complete(text):
                reports += _check_complete(role, (path,), None)
                continue
            base = base or catalogue.load_bundled()
            base = catalogue.merge(base, parse.parse_user(text, str(path), base), str(path))
            status = _counts(base, str(path))
            reports.append(FileReport(role, path, "read", True, f"ok: {status}"))
        except CatalogueError as exc:
            reports.append(_broken(role, path, exc.problems))
    return reports


def _broken(role: str, path: Path, problems: list[str]) -> FileReport:
    exists = os.path.lexists(path)
    status = f"broken: {len(problems)} problem{'' if len(problems) == 1 else 's'}"
    return FileReport(role, path, "read", exists, status, tuple(problems))


def _catalogue_parts(path: Path) -> tuple[Path, ...] | None:
    """The files of the split catalogue that `path` is (a directory) or belongs to (a file
    beside one that sets catalogue_version); None for a file on its own."""
    from magref import parse

    if os.path.isdir(path):
        return catalogue.catalogue_files(path)
    try:
        if not os.path.isfile(path) or path.suffix != ".yaml":
            return None
        parts = catalogue.catalogue_files(path.parent)
        others = [p for p in parts if p != path]
        if path in parts and others and not parse.is_complete(read_text(path)):
            if any(parse.is_complete(read_text(p)) for p in others):
                return parts
    except (OSError, ValueError, CatalogueError):
        return None
    return None


def _check_complete(role: str, parts: tuple[Path, ...], only: Path | None) -> list[FileReport]:
    """Check a complete catalogue of one or several files; one report per file (`only` that
    file's), each with the problems found in it."""
    from magref import parse

    try:
        cat: Catalogue | None = parse.parse([(str(p), read_text(p)) for p in parts])
        problems: list[str] = []
    except CatalogueError as exc:
        cat, problems = None, exc.problems
    mine: dict[Path, list[str]] = {p: [] for p in parts}
    for problem in problems:
        owner = next((p for p in parts if problem.startswith(f"{p}:")), parts[0])
        mine[owner].append(problem)
    reports = []
    for part in parts:
        if only is not None and part != only:
            continue
        if cat is None:
            reports.append(
                _broken(role, part, mine[part] or [f"{part}:1: (file): see the other files"])
            )
            continue
        status = _counts(cat, None) if len(parts) == 1 else _sections(cat, read_text(part))
        reports.append(FileReport(role, part, "read", True, f"ok: {status}"))
    return reports


_COUNTED = {"forms": "form", "sources": "source", "topics": "topic", "authorities": "authority"}
_COUNTED["interactions"] = "interaction"


def _sections(cat: Catalogue, text: str) -> str:
    """What one file of a split catalogue holds: '17 forms', or the names of its sections."""
    import re

    parts = []
    for name in re.findall(r"^([a-z_]+)\s*:", text, re.MULTILINE):
        if name in _COUNTED:
            count = len(getattr(cat, name))
            parts.append(_plural(count, _COUNTED[name]))
        else:
            parts.append(name)
    return ", ".join(parts) or "no entries"


def paths_report(
    user_files: list[UserFile], profile_path: Path, cache_dir: Path
) -> list[FileReport]:
    """Every file magref reads or writes, in the order it uses them, and their state; last,
    the parse cache's directory."""
    to_load = set(catalogue.files_to_load(user_files))
    reports = check_files([("bundled catalogue", catalogue.bundled_location())])
    checked = iter(check_files([(f.how, f.path) for f in user_files if f.path in to_load]))
    for f in user_files:
        if f.path in to_load:
            to_load.discard(f.path)  # a path named twice is read once
            reports.append(next(checked))
        elif not f.present:
            reports.append(FileReport(f.how, f.path, "read", False, "not present (optional)"))
    exists = os.path.exists(profile_path)
    status = "present" if exists else "not present (magref profile creates it)"
    reports.append(FileReport("profile", profile_path, "read and write", exists, status))
    entries = len(list(cache_dir.glob("parsed-*.pickle"))) if os.path.isdir(cache_dir) else 0
    status = f"{entries} parsed file{'' if entries == 1 else 's'} (safe to delete)"
    present = os.path.isdir(cache_dir)
    reports.append(FileReport("parse cache", cache_dir, "read and write", present, status))
    return reports


def with_safety(cat: Catalogue, form: Form) -> Form:
    """A form as show and export give it: a laxative-strength form carries the signs of too much
    magnesium and when to get urgent care among its cautions."""
    if form.side_effects.laxative not in ("strong", "moderate"):
        return form
    od = cat.overdose
    claim = Claim(f"Too much magnesium: {od.symptoms} {od.urgent}", od.sources)
    return form._replace(cautions=(*form.cautions, claim))
