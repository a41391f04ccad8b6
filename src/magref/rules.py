"""The catalogue's rules: what must hold across records once a file is bound (unique ids and
names, age bands that follow on, identifiers of the right shape, evidence with sources,
elemental % that agrees with the molar mass, references that resolve). Every broken rule is a
problem `file:line: field: message`; nothing is raised here."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

import yaml

from magref.bind import ID_PATTERN, Context
from magref.model import (
    ID_SCHEMES,
    Assay,
    Catalogue,
    ChemicalId,
    Form,
    IntakeBand,
    IntakeKind,
    Interaction,
    Laxative,
    Medicine,
    Severity,
    Source,
    UserCatalogue,
)
from magref.names import normalise
from magref.rules_evidence import (
    check_claims,
    check_finding,
    check_id,
    check_marketing,
    check_scales,
    check_source_read,
    check_topics,
)

SCHEMA_VERSION = 4
# A user file written for schema 1 to 3 still loads: interactions changed shape in schema 2,
# limits became authorities in schema 3 and uses became findings in schema 4, and an old
# section is refused field by field.
USER_SCHEMA_VERSIONS = (1, 2, 3, 4)
_ID = re.compile(ID_PATTERN)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_catalogue(cat: Catalogue, ctx: Context) -> None:
    """Checks on the sections only the bundled catalogue has, then on its entries."""

    at = ctx.at
    if cat.schema_version != SCHEMA_VERSION:
        ctx.problem(at("schema_version"), "schema_version", f"must be {SCHEMA_VERSION}")
    if not _DATE.fullmatch(cat.reviewed):
        ctx.problem(at("reviewed"), "reviewed", "must be a date written YYYY-MM-DD, in quotes")
    check_scales(cat, ctx)
    if set(cat.laxative_scale) != set(typing.get_args(Laxative)):
        ctx.problem(at("laxative_scale"), "laxative_scale", "must describe every laxative level")
    if set(cat.severity_scale) != set(typing.get_args(Severity)):
        ctx.problem(at("severity_scale"), "severity_scale", "must describe every severity")
    kinds = typing.get_args(IntakeKind)
    listed = [k.kind for k in cat.intake_kinds]
    if sorted(listed) != sorted(kinds):
        exactly = ", ".join(kinds)
        ctx.problem(at("intake_kinds"), "intake_kinds", f"must describe each once: {exactly}")
    if not cat.authorities:
        ctx.problem(at("authorities"), "authorities", "needs at least one authority")
    check_entries(cat, ctx, None)
    check_claims(cat, ctx)


def check_entries(cat: Catalogue | UserCatalogue, ctx: Context, base: Catalogue | None) -> None:
    """Checks that span records: unique ids (within the file) and unique form and drug names
    (across the file and the `base` entries it does not replace), identifiers, ranges."""

    at = ctx.at
    for key, src in cat.sources.items():
        _check_source(src, f"sources.{key}", ctx, at)
        check_source_read(src, f"sources.{key}", ctx)
    _check_authorities(cat, ctx, at, base)
    own = {inter.id for inter in cat.interactions}
    others = [inter for inter in (base.interactions if base else ()) if inter.id not in own]
    drugs = {normalise(n): inter.id for inter in others for n in inter.names()}
    interaction_ids: set[str] = set()
    for i, inter in enumerate(cat.interactions):
        path = f"interactions[{i}]"
        check_id(inter.id, interaction_ids, f"{path}.id", ctx)
        if not inter.source_keys():
            ctx.problem(at(path), path, "needs at least one source")
        for j, medicine in enumerate(inter.medicines):
            _check_medicine(inter, medicine, f"{path}.medicines[{j}]", ctx, at)
            _check_identifiers(medicine.identifiers, f"{path}.medicines[{j}]", ctx, at)
        for name in inter.names():
            other = drugs.setdefault(normalise(name), inter.id)
            if other != inter.id:
                ctx.problem(at(path), path, f"drug {name!r} is also in {other!r}")
    topic_ids: set[str] = set()
    for i, topic in enumerate(cat.topics):
        check_id(topic.id, topic_ids, f"topics[{i}].id", ctx)
    check_topics(cat, base, ctx)
    units = cat.units if isinstance(cat, Catalogue) else base.units if base else None
    mg_mass = units.magnesium_mg_per_mmol if units else None
    own = {form.id for form in cat.forms}
    names = {
        normalise(n): form.id
        for form in (base.forms if base else ())
        if form.id not in own
        for n in form.names()
    }
    form_ids: set[str] = set()
    for i, form in enumerate(cat.forms):
        _check_form(form, f"forms[{i}]", ctx, at, mg_mass)
        if form.id in form_ids:
            ctx.problem(at(f"forms[{i}].id"), f"forms[{i}].id", f"duplicate form id {form.id!r}")
        form_ids.add(form.id)
        for name in {normalise(n) for n in form.names()}:
            if names.get(name, form.id) != form.id:
                ctx.problem(
                    at(f"forms[{i}]"),
                    f"forms[{i}]",
                    f"name {name!r} is also used by form {names[name]!r}",
                )
            names[name] = form.id
    for i, unverified in enumerate(cat.unverified_forms if isinstance(cat, Catalogue) else ()):
        path = f"unverified_forms[{i}]"
        check_id(unverified.id, form_ids, f"{path}.id", ctx)
        for name in {normalise(n) for n in unverified.names()}:
            if name in names:
                ctx.problem(at(path), path, f"name {name!r} is also used by {names[name]!r}")
            names[name] = unverified.id


def _check_authorities(
    cat: Catalogue | UserCatalogue, ctx: Context, at: Any, base: Catalogue | None
) -> None:
    """Unique ids; names that select one authority only; bands that follow on; and in each band
    a figure or a stated reason for none."""
    ids: set[str] = set()
    own = {a.id for a in cat.authorities}
    taken = {
        normalise(n): a.id
        for a in (base.authorities if base else ())
        if a.id not in own
        for n in (a.id, *a.names)
    }
    for i, authority in enumerate(cat.authorities):
        path = f"authorities[{i}]"
        check_id(authority.id, ids, f"{path}.id", ctx)
        for name in dict.fromkeys(normalise(n) for n in (authority.id, *authority.names)):
            other = taken.setdefault(name, authority.id)
            if other != authority.id:
                ctx.problem(
                    at(f"{path}.names"), f"{path}.names", f"{name!r} also selects {other!r}"
                )
        intakes = authority.intakes
        if intakes is not None:
            where = f"{path}.intakes"
            _check_bands(f"{where}.bands", intakes.bands, ctx, at)
            if intakes.adult_band not in {b.label for b in intakes.bands}:
                ctx.problem(
                    at(f"{where}.adult_band"), f"{where}.adult_band", "must be a band's label"
                )
            for j, band in enumerate(intakes.bands):
                _check_intake_band(band, f"{where}.bands[{j}]", ctx, at)
        _check_bands(f"{path}.limit.bands", authority.limit.bands, ctx, at)
        for j, limit_band in enumerate(authority.limit.bands):
            where = f"{path}.limit.bands[{j}]"
            given = [limit_band.mg, limit_band.mg_per_kg, limit_band.no_figure]
            if sum(v is not None for v in given) != 1:
                ctx.problem(at(where), where, "needs exactly one of mg, mg_per_kg or no_figure")
            for name in ("mg", "mg_per_kg"):
                value = getattr(limit_band, name)
                if value is not None and value <= 0:
                    ctx.problem(at(f"{where}.{name}"), f"{where}.{name}", "must be above 0")
            if limit_band.no_figure and not limit_band.note.strip():
                ctx.problem(at(where), where, "a band with no_figure needs a note saying why")


def _check_intake_band(band: IntakeBand, where: str, ctx: Context, at: Any) -> None:
    figures = (band.male, band.female, band.pregnant, band.lactating)
    if band.no_figure is not None:
        if band.kind is not None or any(f is not None for f in figures):
            ctx.problem(at(where), where, "a band with no_figure gives no kind and no figures")
        if not band.note.strip():
            ctx.problem(at(where), where, "a band with no_figure needs a note saying why")
        return
    if band.kind is None or band.male is None or band.female is None:
        ctx.problem(at(where), where, "needs kind, male and female, or no_figure")
    for name, value in zip(("male", "female", "pregnant", "lactating"), figures, strict=True):
        if value is not None and value <= 0:
            ctx.problem(at(f"{where}.{name}"), f"{where}.{name}", "must be above 0")


def _check_identifiers(found: tuple[ChemicalId, ...], path: str, ctx: Context, at: Any) -> None:
    """Each identifier written as its scheme writes them, with the source it was read in."""
    for k, ident in enumerate(found):
        where = f"{path}.identifiers[{k}]"
        pattern, name = ID_SCHEMES[ident.scheme]
        if not re.fullmatch(pattern, ident.value):
            ctx.problem(at(f"{where}.value"), f"{where}.value", f"is not a {name}")
        if not ident.sources:
            ctx.problem(at(where), where, "needs the source it was read in")


def _check_medicine(
    inter: Interaction, medicine: Medicine, path: str, ctx: Context, at: Any
) -> None:
    """A spacing class gives every medicine a rule with its direction, each with a source; a
    monitoring class gives none."""
    if inter.kind == "monitoring" and medicine.spacing:
        ctx.problem(at(path), path, "a monitoring interaction gives no spacing")
    if inter.kind == "spacing" and not medicine.spacing:
        ctx.problem(at(path), path, "a spacing interaction needs a spacing rule for each medicine")
    for k, spacing in enumerate(medicine.spacing):
        where = f"{path}.spacing[{k}]"
        hours = (spacing.before_hours, spacing.after_hours)
        if not spacing.sources:
            ctx.problem(at(where), where, "needs at least one source")
        minutes = spacing.wait_minutes
        if any(h is not None and not 0 < h <= 48 for h in hours) or (
            minutes is not None and not 0 < minutes <= 240
        ):
            ctx.problem(at(where), where, "needs hours above 0 and at most 48, minutes up to 240")
        if spacing.rule == "apart" and (spacing.wait_minutes is not None or hours == (None, None)):
            ctx.problem(
                at(where), where, "apart needs before_hours or after_hours, not wait_minutes"
            )
        if spacing.rule == "medicine-first" and (
            spacing.wait_minutes is None or spacing.before_hours is not None
        ):
            ctx.problem(
                at(where), where, "medicine-first needs wait_minutes (and after_hours at most)"
            )
        if spacing.rule in ("do-not-combine", "not-together") and (
            spacing.wait_minutes is not None or hours != (None, None)
        ):
            ctx.problem(at(where), where, f"{spacing.rule} takes no hours or minutes")


def _declared(root: yaml.Node) -> dict[str, list[str]]:
    """Source keys, topic ids and form ids as written in one file's tree."""
    found: dict[str, list[str]] = {"source": [], "topic": [], "form": []}
    if not isinstance(root, yaml.MappingNode):
        return found
    for key_node, value_node in root.value:
        if key_node.value == "sources" and isinstance(value_node, yaml.MappingNode):
            found["source"] += [str(k.value) for k, _ in value_node.value]
        kind = {"topics": "topic", "forms": "form"}.get(str(key_node.value))
        if kind and isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                if isinstance(item, yaml.MappingNode):
                    found[kind] += [str(v.value) for k, v in item.value if k.value == "id"]
    return found


def check_references(
    roots: typing.Sequence[yaml.Node], ctx: Context, known: dict[str, set[str]]
) -> None:
    """Every source key and topic id used must be declared in one of the files (`roots`) or
    already `known`. Read from the trees, so that references are checked even when some other
    part of a file failed validation."""
    declared: dict[str, list[str]] = {"source": [], "topic": [], "form": []}
    for root in roots:
        for kind, keys in _declared(root).items():
            declared[kind] += keys
    for kind, key, path, line in ctx.refs:
        if key not in declared[kind] and key not in known.get(kind, set()):
            names = [*declared[kind], *known.get(kind, set())]
            close = difflib.get_close_matches(key, names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            ctx.problem(line, path, f"unknown {kind} {key!r}{hint}")


def _check_bands(path: str, bands: Any, ctx: Context, at: Any) -> None:
    """Age bands must start at birth, follow on without gaps and end open."""
    if not bands:
        ctx.problem(at(path), path, "needs at least one age band")
    expected = 0
    for i, band in enumerate(bands):
        if band.from_months != expected:
            where = f"{path}[{i}].from_months"
            ctx.problem(at(where), where, f"expected {expected} (bands must follow on)")
        last = i == len(bands) - 1
        if (band.to_months is None) != last:
            where = f"{path}[{i}]"
            ctx.problem(at(where), where, "only the last band is open-ended (no to_months)")
        expected = band.to_months if band.to_months is not None else expected
        if band.to_months is not None and band.to_months <= band.from_months:
            where = f"{path}[{i}].to_months"
            ctx.problem(at(where), where, "must be above from_months")


def _check_source(src: Source, path: str, ctx: Context, at: Any) -> None:
    if src.pmid is not None and not re.fullmatch(r"[0-9]+", src.pmid):
        ctx.problem(at(f"{path}.pmid"), f"{path}.pmid", "a PMID is digits only")
    if src.doi is not None and not re.fullmatch(r"10\.[0-9]{4,9}/\S+", src.doi):
        ctx.problem(at(f"{path}.doi"), f"{path}.doi", "a DOI looks like 10.NNNN/suffix")
    if src.pmcid is not None and not re.fullmatch(r"PMC[0-9]+", src.pmcid):
        ctx.problem(at(f"{path}.pmcid"), f"{path}.pmcid", "a PMCID looks like PMC1234567")
    if not src.identifiers():
        ctx.problem(at(path), path, "needs a pmid, doi, pmcid or identifier")
    if src.year is None and src.kind in ("trial", "study", "review"):
        ctx.problem(at(path), path, f"a {src.kind} needs a year")
    if src.year is not None and not 1800 <= src.year <= 2100:
        ctx.problem(at(f"{path}.year"), f"{path}.year", "year out of range")


def _check_form(form: Form, path: str, ctx: Context, at: Any, mg_mass: float | None) -> None:
    if not _ID.fullmatch(form.id):
        ctx.problem(at(f"{path}.id"), f"{path}.id", "must be lower-case-with-hyphens")
    if not form.variants:
        ctx.problem(at(f"{path}.variants"), f"{path}.variants", "needs at least one variant")
    defaults = [v for v in form.variants if v.default]
    if form.variants and len(defaults) != 1:
        ctx.problem(at(f"{path}.variants"), f"{path}.variants", "exactly one must be default")
    seen: set[str] = set()
    for j, variant in enumerate(form.variants):
        vpath = f"{path}.variants[{j}]"
        check_id(variant.id, seen, f"{vpath}.id", ctx)
        if not 0 < variant.elemental_mg_percent <= 100:
            where = f"{vpath}.elemental_mg_percent"
            ctx.problem(at(where), where, "must be a percentage above 0 and at most 100")
        _check_identifiers(variant.identifiers, vpath, ctx, at)
        if variant.molar_mass <= 0:
            ctx.problem(at(f"{vpath}.molar_mass"), f"{vpath}.molar_mass", "must be positive")
        elif mg_mass and 0 < variant.elemental_mg_percent <= 100:
            _check_percent(
                variant.elemental_mg_percent, variant.molar_mass, mg_mass, vpath, ctx, at
            )
    for j, label in enumerate(form.label_figures):
        where = f"{path}.label_figures[{j}].elemental_mg_percent"
        if not 0 < label.elemental_mg_percent <= 100:
            ctx.problem(at(where), where, "must be a percentage above 0 and at most 100")
    if form.absorption.design != "none" and not form.absorption.sources:
        where = f"{path}.absorption"
        ctx.problem(at(where), where, f"design {form.absorption.design!r} needs a source")
    for j, measure in enumerate(form.measures):
        where = f"{path}.measures[{j}]"
        if (measure.compound_mg is None) == (measure.elemental_mg is None):
            ctx.problem(at(where), where, "give exactly one of compound_mg and elemental_mg")
        if measure.volume <= 0:
            ctx.problem(at(f"{where}.volume"), f"{where}.volume", "must be positive")
    for j, use in enumerate(form.uses):
        check_finding(use, f"{path}.uses[{j}]", False, ctx)
    check_marketing(path, form.marketing, ctx)
    for j, assay in enumerate(form.assays):
        _check_assay(assay, f"{path}.assays[{j}]", ctx, at)


def _check_assay(assay: Assay, path: str, ctx: Context, at: Any) -> None:
    """A range is low to high (high may be open), within 0-101 % (a pharmacopoeia's upper
    bound may pass 100 by its tolerance), stated as magnesium in the same proportion at both
    ends, and sourced. The tests recompute the magnesium share from the formula."""
    high, mg_high = assay.high, assay.mg_percent_high
    if not 0 < assay.low <= (high if high is not None else assay.low) <= 101:
        ctx.problem(at(path), path, "needs 0 < low <= high <= 101")
    if (high is None) != (mg_high is None):
        ctx.problem(at(path), path, "give high and mg_percent_high together, or neither")
    elif high is not None and mg_high is not None and high > 0 and assay.low > 0:
        if abs(mg_high / high - assay.mg_percent_low / assay.low) > 0.001:
            where = f"{path}.mg_percent_high"
            ctx.problem(at(where), where, "is not in the same proportion as mg_percent_low")
    if not 0 < assay.mg_percent_low <= 100:
        where = f"{path}.mg_percent_low"
        ctx.problem(at(where), where, "must be a percentage above 0 and at most 100")
    if not assay.sources:
        ctx.problem(at(path), path, "needs at least one source")


def _check_percent(
    percent: float, molar_mass: float, mg_mass: float, path: str, ctx: Context, at: Any
) -> None:
    """Elemental % and molar mass must agree: the percentage is a whole number of magnesium
    atoms' share of the molar mass, within what rounding both to two decimals allows. This
    catches a mistyped percentage or mass; the tests check the formula with a chemistry library."""
    atoms = max(round(percent * molar_mass / 100 / mg_mass), 1)
    expected = atoms * mg_mass / molar_mass * 100
    if abs(percent - expected) > 0.005 + expected * 0.005 / molar_mass + 1e-9:
        where = f"{path}.elemental_mg_percent"
        ctx.problem(
            at(where),
            where,
            f"{percent:g} does not match molar_mass {molar_mass:g} "
            f"({atoms} Mg would be {expected:.2f} %)",
        )
