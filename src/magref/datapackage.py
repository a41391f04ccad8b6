"""The catalogue as an open data package (Frictionless Data Package v1): tidy CSV tables of
forms, variants, topics, findings by use, interactions and their medicines, reference values,
sources and the links between them, each described by a Table Schema (types, units in column
names, primary and foreign keys) in datapackage.json, with the catalogue's version and licence.

Only plain data is built here; cli/forms.py writes the files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from magref.model import Catalogue, Form
from magref.model_evidence import Finding
from magref.text import csv_cell

DESCRIPTOR = "datapackage.json"


class Field(NamedTuple):
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean
    description: str
    required: bool = False


class Table(NamedTuple):
    name: str
    title: str
    fields: tuple[Field, ...]
    rows: list[tuple[Any, ...]]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def path(self) -> str:
        return f"{self.name}.csv"


def _f(name: str, kind: str, description: str, required: bool = False) -> Field:
    return Field(name, kind, description, required)


def tables(cat: Catalogue) -> list[Table]:
    """Every table of the package, rows in catalogue order."""
    return [
        _forms(cat.forms),
        _variants(cat.forms),
        _identifiers(cat.forms),
        _topics(cat),
        _findings(cat),
        _links("finding_sources", "Sources each finding rests on", "finding_id", "findings",
               [(fid, k) for fid, f in _all_findings(cat) for k in f.sources]),
        _links("form_sources", "Sources each form's text cites", "form_id", "forms",
               [(f.id, k) for f in cat.forms for k in dict.fromkeys(f.source_keys())]),
        _interactions(cat),
        _medicines(cat),
        _links("interaction_sources", "Sources each interaction rests on", "interaction_id",
               "interactions", [(i.id, k) for i in cat.interactions for k in i.source_keys()]),
        _reference_values(cat),
        _links("authority_sources", "Sources of each authority's limits and intakes",
               "authority_id", "reference_values_authorities", _authority_sources(cat)),
        _authorities(cat),
        _sources(cat),
    ]  # fmt: skip


def _forms(forms: Sequence[Form]) -> Table:
    fields = (
        _f("form_id", "string", "magref's id of the form", True),
        _f("name", "string", "The form's name", True),
        _f("summary", "string", "What the form is, in a sentence or two"),
        _f("default_variant_id", "string", "The variant used when none is named", True),
        _f("absorption_design", "string", "The kind of study behind the absorption text"),
        _f("absorption", "string", "What is known of its absorption"),
        _f("laxative", "string", "How strongly it acts as a laxative: strong, moderate, mild"),
        _f("solubility_g_per_100ml", "number", "Solubility in water, grams per 100 mL"),
        _f("user_file", "string", "The user catalogue the entry came from (empty: bundled)"),
    )
    rows = [
        (f.id, f.name, f.summary, f.default_variant.id, f.absorption.design,
         f.absorption.summary, f.side_effects.laxative, f.solubility.g_per_100ml, f.origin)
        for f in forms
    ]  # fmt: skip
    return Table("forms", "Magnesium supplement forms", fields, rows, ("form_id",))


def _variants(forms: Sequence[Form]) -> Table:
    fields = (
        _f("form_id", "string", "The form", True),
        _f("variant_id", "string", "The variant, unique within its form", True),
        _f("name", "string", "The variant's name", True),
        _f("formula", "string", "Chemical formula, hydrate water included", True),
        _f("hydrate", "string", "Hydrate state", True),
        _f("molar_mass_g_per_mol", "number", "Molar mass, g/mol", True),
        _f("elemental_mg_percent", "number", "Elemental magnesium, per cent by mass", True),
        _f("is_default", "boolean", "Whether it is the form's default variant", True),
    )
    rows = [
        (f.id, v.id, v.name, v.formula, v.hydrate, v.molar_mass, v.elemental_mg_percent, v.default)
        for f in forms
        for v in f.variants
    ]
    keys = ((("form_id",), "forms", ("form_id",)),)
    return Table("variants", "Variants of each form", fields, rows, ("form_id", "variant_id"), keys)


def _identifiers(forms: Sequence[Form]) -> Table:
    fields = (
        _f("form_id", "string", "The form", True),
        _f("variant_id", "string", "The variant", True),
        _f("scheme", "string", "pubchem-cid, unii or chebi", True),
        _f("value", "string", "The identifier, as the scheme writes it", True),
        _f("source_key", "string", "A source it was read in (a row for each)", True),
    )
    rows = [
        (f.id, v.id, i.scheme, i.value, key)
        for f in forms
        for v in f.variants
        for i in v.identifiers
        for key in i.sources
    ]
    keys = (
        (("form_id", "variant_id"), "variants", ("form_id", "variant_id")),
        (("source_key",), "sources", ("source_key",)),
    )
    key = ("form_id", "variant_id", "scheme", "source_key")
    return Table(
        "variant_identifiers", "Identifiers of each variant elsewhere", fields, rows, key, keys
    )


def _topics(cat: Catalogue) -> Table:
    fields = (
        _f("topic_id", "string", "magref's id of the use", True),
        _f("name", "string", "The use, as people name it", True),
        _f("summary", "string", "What the evidence shows, across forms"),
        _f("words", "string", "Other words for the use, separated by '; '"),
    )
    rows = [(t.id, t.name, t.summary, "; ".join(t.words)) for t in cat.topics]
    return Table("topics", "Uses (health topics)", fields, rows, ("topic_id",))


def _all_findings(cat: Catalogue) -> Iterable[tuple[str, Finding]]:
    """Each finding with a stable id: a form's uses, then each topic's own findings."""
    for form in cat.forms:
        for i, finding in enumerate(form.uses, 1):
            yield f"{form.id}/{finding.topic}/{i}", finding
    for topic in cat.topics:
        for i, finding in enumerate(topic.findings, 1):
            yield f"topic:{topic.id}/{i}", finding


def _findings(cat: Catalogue) -> Table:
    fields = (
        _f(
            "finding_id",
            "string",
            "form/topic/n for a form's use, topic:topic/n for a topic's",
            True,
        ),
        _f("form_id", "string", "The form it is recorded under (empty for a topic's own)"),
        _f("topic_id", "string", "The use", True),
        _f("statement", "string", "What was found, in GRADE's words", True),
        _f("direction", "string", "benefit, no-benefit, harm, mixed or not-studied", True),
        _f("certainty", "string", "GRADE certainty: high, moderate, low, very-low or none", True),
        _f("certainty_from", "string", "The review whose own rating it is (empty: magref's)"),
        _f("design", "string", "The kind of study", True),
        _f("forms_studied", "string", "Forms given in the studies, separated by '; '"),
        _f("dose", "string", "The dose studied, as reported"),
        _f("dose_mg_per_day", "number", "Elemental magnesium studied, mg a day"),
        _f("population", "string", "Who was studied"),
        _f("duration", "string", "For how long"),
        _f("industry_funded", "boolean", "Whether a maker funded it (empty: not recorded)"),
    )
    rows = []
    form_of = {id(u): f.id for f in cat.forms for u in f.uses}
    for fid, u in _all_findings(cat):
        topic = u.topic or fid.split("/")[0].removeprefix("topic:")
        rows.append(
            (fid, form_of.get(id(u), ""), topic, u.statement, u.direction, u.certainty,
             u.certainty_from or "", u.design, "; ".join(u.forms_studied), u.dose, u.dose_mg,
             u.population, u.duration, u.industry_funded)
        )  # fmt: skip
    keys = (
        (("form_id",), "forms", ("form_id",)),
        (("topic_id",), "topics", ("topic_id",)),
        (("certainty_from",), "sources", ("source_key",)),
    )
    return Table("findings", "Findings by use", fields, rows, ("finding_id",), keys)


def _interactions(cat: Catalogue) -> Table:
    fields = (
        _f("interaction_id", "string", "magref's id of the class of medicines", True),
        _f("name", "string", "The class of medicines", True),
        _f("kind", "string", "spacing (keep apart) or monitoring (levels change)", True),
        _f("severity", "string", "magref's grading: major, moderate or minor", True),
        _f("effect", "string", "What happens", True),
        _f("mechanism", "string", "Why", True),
        _f("action", "string", "What to do", True),
        _f("user_file", "string", "The user catalogue the entry came from (empty: bundled)"),
    )
    rows = [
        (i.id, i.name, i.kind, i.severity, i.effect, i.mechanism, i.action, i.origin)
        for i in cat.interactions
    ]
    return Table("interactions", "Drug interactions", fields, rows, ("interaction_id",))


def _medicines(cat: Catalogue) -> Table:
    fields = (
        _f("interaction_id", "string", "The class", True),
        _f("medicine", "string", "The medicine's generic name", True),
        _f("also_called", "string", "Salts, synonyms and brands, separated by '; '"),
        _f("rxcui", "string", "RxNorm's id of the ingredient, where a source read gives it"),
    )
    rows = [
        (
            i.id,
            m.name,
            "; ".join([*m.synonyms, *m.brands]),
            next((x.value for x in m.identifiers if x.scheme == "rxcui"), ""),
        )
        for i in cat.interactions
        for m in i.medicines
    ]
    keys = ((("interaction_id",), "interactions", ("interaction_id",)),)
    return Table(
        "medicines", "Medicines in each class", fields, rows, ("interaction_id", "medicine"), keys
    )


def _authorities(cat: Catalogue) -> Table:
    fields = (
        _f("authority_id", "string", "magref's id of the authority", True),
        _f("name", "string", "The authority", True),
        _f("region", "string", "Where its values apply", True),
        _f("limit_document", "string", "The document its upper limits come from"),
        _f("limit_scope", "string", "What the upper limit covers"),
        _f("intakes_document", "string", "The document its intakes come from"),
    )
    rows = [
        (a.id, a.name, a.region, a.limit.document, a.limit.scope,
         a.intakes.document if a.intakes else "")
        for a in cat.authorities
    ]  # fmt: skip
    return Table(
        "reference_values_authorities", "Authorities of reference values", fields, rows,
        ("authority_id",),
    )  # fmt: skip


def _authority_sources(cat: Catalogue) -> list[tuple[str, str]]:
    pairs = []
    for a in cat.authorities:
        keys = [*a.limit.sources, *(a.intakes.sources if a.intakes else ())]
        pairs += [(a.id, k) for k in dict.fromkeys(keys)]
    return pairs


def _reference_values(cat: Catalogue) -> Table:
    fields = (
        _f("authority_id", "string", "The authority", True),
        _f(
            "value",
            "string",
            "ul (the supplemental upper limit) or an intake's kind (rda, ai ...)",
            True,
        ),
        _f("band", "string", "The age band, as the authority names it", True),
        _f("from_months", "integer", "Start of the age band, months", True),
        _f("to_months", "integer", "End of the age band, months (empty: open-ended)"),
        _f("group", "string", "all, male, female, pregnant or lactating", True),
        _f("mg_per_day", "number", "Magnesium, mg a day (empty: no figure)"),
        _f("mg_per_kg_per_day", "number", "Magnesium per kg of body weight, mg a day"),
        _f("no_figure", "string", "Why there is no figure, when there is none"),
    )
    rows: list[tuple[Any, ...]] = []
    for a in cat.authorities:
        for b in a.limit.bands:
            rows.append((a.id, "ul", b.label, b.from_months, b.to_months, "all", b.mg,
                         b.mg_per_kg, b.no_figure or ""))  # fmt: skip
        for ib in a.intakes.bands if a.intakes else ():
            start = (a.id, ib.kind or "intake", ib.label, ib.from_months, ib.to_months)
            if ib.kind is None or ib.no_figure is not None:  # a band without a figure
                rows.append((*start, "all", None, None, ib.no_figure or "not-recorded"))
                continue
            for group in ("male", "female", "pregnant", "lactating"):
                if getattr(ib, group) is not None:
                    rows.append((*start, group, getattr(ib, group), None, ""))
    keys = ((("authority_id",), "reference_values_authorities", ("authority_id",)),)
    key = ("authority_id", "value", "band", "group")
    return Table("reference_values", "Intakes and upper limits", fields, rows, key, keys)


def _sources(cat: Catalogue) -> Table:
    fields = (
        _f("source_key", "string", "magref's key of the source", True),
        _f("citation", "string", "The citation", True),
        _f("year", "integer", "Year of publication"),
        _f("kind", "string", "trial, study, review, report or label", True),
        _f("status", "string", "primary-read or secondary-only", True),
        _f("pmid", "string", "PubMed id"),
        _f("pmcid", "string", "PubMed Central id"),
        _f("doi", "string", "DOI"),
        _f("identifier", "string", "Any other identifier (report number, NDC, set id, URL)"),
        _f("read", "string", "The date a web page was read, YYYY-MM-DD"),
    )
    rows = [
        (k, s.citation, s.year, s.kind, s.status, s.pmid, s.pmcid, s.doi, s.identifier, s.read)
        for k, s in cat.sources.items()
    ]
    return Table("sources", "Sources", fields, rows, ("source_key",))


def _links(name: str, title: str, column: str, table: str, pairs: list[tuple[str, str]]) -> Table:
    fields = (
        _f(column, "string", f"The entry in {table}", True),
        _f("source_key", "string", "The source", True),
    )
    rows = list(dict.fromkeys(pairs))
    keys = (((column,), table, (column,)), (("source_key",), "sources", ("source_key",)))
    return Table(name, title, fields, rows, (column, "source_key"), keys)


def csv_text(table: Table) -> str:
    """A table as CSV: a header row, then one record per row; an empty cell is a missing
    value; text is on one line and cannot run as a spreadsheet formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.name for f in table.fields])
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return csv_cell(str(value))


def descriptor(cat: Catalogue, all_tables: list[Table], licence: str, version: str) -> str:
    """datapackage.json: the package's name, version, licence and every table's schema."""
    resources = []
    for t in all_tables:
        schema: dict[str, Any] = {
            "fields": [
                {"name": f.name, "type": f.type, "description": f.description,
                 **({"constraints": {"required": True}} if f.required else {})}
                for f in t.fields
            ],
            "missingValues": [""],
            "primaryKey": list(t.primary_key),
        }  # fmt: skip
        if t.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(cols), "reference": {"resource": ref, "fields": list(ref_cols)}}
                for cols, ref, ref_cols in t.foreign_keys
            ]
        resources.append(
            {"name": t.name, "title": t.title, "path": t.path, "profile": "tabular-data-resource",
             "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}
        )  # fmt: skip
    package = {
        "profile": "tabular-data-package",
        "name": "magref-catalogue",
        "title": "magref: magnesium supplement forms, evidence, interactions and reference values",
        "description": (
            "The catalogue behind the magref command-line reference, each figure and claim with "
            f"its sources. {cat.disclaimer} {cat.kidney_caution.text}"
        ),
        "version": cat.catalogue_version,
        "created_by": f"magref {version}",
        "catalogue": {"reviewed": cat.reviewed, "schema_version": cat.schema_version},
        "licenses": [{"name": licence, "title": f"{licence} License",
                      "path": f"https://opensource.org/licenses/{licence}"}],
        "resources": resources,
    }  # fmt: skip
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"
