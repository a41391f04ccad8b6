"""Markdown views (GitHub-flavoured): tables and sections with sources as footnotes; no rich."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from magref import evidence
from magref.model import Catalogue, Finding, Form, Topic
from magref.text import assay_text, identifier_text, md
from magref.views import USER_MARK, SearchHit, origin_note, user_files_note
from magref.views_evidence import EVIDENCE_FOR_NOTE, evidence_for

if TYPE_CHECKING:
    from magref.evidence import TopicReport


def _table(header: list[str], rows: Iterable[list[str]], align: str = "") -> list[str]:
    """A GFM table; every cell is already escaped, so a row always has the header's cell count."""
    aligns = [("---:" if c == "r" else "---") for c in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligns) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines + [""]


def _refs(keys: Iterable[str]) -> str:
    return "".join(f"[^{k}]" for k in keys)


def _cite(text: str, keys: Iterable[str]) -> str:
    refs = _refs(keys)
    return f"{md(text)} {refs}" if refs else md(text)


def _safety(cat: Catalogue) -> list[str]:
    return [
        f"> **Not medical advice.** {md(cat.disclaimer)}",
        ">",
        f"> **Warning.** {_cite(cat.kidney_caution.text, cat.kidney_caution.sources)}",
        "",
        f"Catalogue {md(cat.catalogue_version)}, reviewed {md(cat.reviewed)}.",
        "",
    ]


def _comparison(cat: Catalogue, forms: list[Form]) -> list[str]:
    rows = []
    for f in forms:
        v = f.default_variant
        rows.append(
            [
                md(f.name + (USER_MARK if f.origin else "")),
                md(v.formula),
                md(v.hydrate),
                f"{v.elemental_mg_percent:.2f}",
                md(f.absorption.design),
                md(f.side_effects.laxative),
                md(evidence_for(cat, f)),
            ]
        )
    header = ["Form", "Formula", "Hydrate", "Elemental Mg %", "Absorption study"]
    header += ["Laxative", "Human evidence for"]
    user = user_files_note(forms, name_only=True)  # a shared document: no user's own paths
    notes = [md(EVIDENCE_FOR_NOTE), ""] + ([md(user), ""] if user else [])
    return _table(header, rows, align="lllr") + notes


def _form_section(cat: Catalogue, f: Form, level: str = "##") -> list[str]:
    sub = level + "#"
    out = [f"{level} {md(f.name)}", ""]
    note = origin_note(f, name_only=True)
    if note:
        out += [f"**{md(note)}**", ""]
    out += [md(f.summary), ""]
    names = []
    if f.aliases:
        names.append("Also called: " + ", ".join(md(a) for a in f.aliases) + ".")
    if f.trade_names:
        names.append("Trade names: " + ", ".join(md(t) for t in f.trade_names) + ".")
    if names:
        out += [" ".join(names), ""]
    out += [f"{sub} Composition", ""]
    out += _table(
        ["Variant", "Formula", "Hydrate", "Stoichiometry", "Molar mass g/mol", "Elemental Mg %"]
        + ["Note"],
        (
            [
                md(v.name) + (" (default)" if v.default else ""),
                md(v.formula),
                md(v.hydrate),
                md(v.stoichiometry),
                f"{v.molar_mass:.2f}",
                f"{v.elemental_mg_percent:.2f}",
                _cite(v.note, v.sources),
            ]
            for v in f.variants
        ),
        align="llllrr",
    )
    if f.label_figures:
        out += _table(
            ["Label figure", "Elemental Mg %", "Why it differs"],
            (
                [md(lf.label), f"{lf.elemental_mg_percent:g}", _cite(lf.why, lf.sources)]
                for lf in f.label_figures
            ),
            align="lr",
        )
    out += [
        f"- Identifier of {md(v.name)}: {_cite(identifier_text(i), i.sources)}"
        for v in f.variants
        for i in v.identifiers
    ]
    out += [f"Measure: {_cite(m.label, m.sources)}" for m in f.measures]
    if f.assays:
        out += [f"- Content as sold: {_cite(assay_text(a), a.sources)}" for a in f.assays] + [""]
    out += [f"Solubility: {_cite(f.solubility.summary, f.solubility.sources)}", ""]
    out += [f"{sub} Absorption", ""]
    absorption = _cite(f.absorption.summary, f.absorption.sources)
    out += [f"Design: **{md(f.absorption.design)}**. {absorption}", ""]
    out += [f"{sub} Uses", ""]
    if f.uses:
        out += _findings(cat, f.uses, f)
    else:
        out += ["No use with evidence is recorded for this form.", ""]
    out += [f"{sub} Side effects", ""]
    lax = f.side_effects.laxative
    laxative = f"Laxative strength: **{md(lax)}** ({md(cat.laxative_scale[lax])})."
    out += [laxative, "", _cite(f.side_effects.summary, f.side_effects.sources), ""]
    out += [f"{sub} Cautions", ""]
    out += [f"- {_cite(c.text, c.sources)}" for c in f.cautions]
    out += ["- Kidney disease: see the caution at the top; it applies to every form.", ""]
    if f.marketing:
        out += [f"{sub} Marketing claims and the evidence", ""]
        out += _table(
            ["Claim", "Verdict", "What the evidence shows"],
            ([md(m.claim), md(m.verdict), _cite(m.evidence, m.sources)] for m in f.marketing),
        )
    return out


def _findings(cat: Catalogue, findings: Iterable[Finding], form: Form | None) -> list[str]:
    """Findings as a table: the use (for a form), the GRADE statement, the certainty and whose
    rating it is, and what was studied with the notes a reader must see."""
    header = (["Use"] if form else []) + ["Finding", "Certainty", "What was studied"]
    rows = []
    for u in findings:
        said = [evidence.studied(u), *evidence.notes(cat, u, form)]
        row = [md(cat.topic(u.topic).name)] if form else []
        row += [_cite(u.statement, u.sources), md(evidence.certainty_label(cat, u))]
        rows.append(row + [md(" ".join(s.rstrip(".") + "." for s in said))])
    return _table(header, rows)


def _topic_section(cat: Catalogue, topic: Topic, level: str = "##") -> list[str]:
    out = [f"{level} {md(topic.name)}", "", md(topic.summary), ""]
    if topic.words:
        out += ["Also asked as: " + md(", ".join(topic.words)) + ".", ""]
    said = evidence.disagreement(topic.findings)
    out += ([f"**{md(said)}**", ""] if said else []) + _findings(cat, topic.findings, None)
    if topic.guidelines:
        out += _table(
            ["Guideline", "Rating (its own words)", "What it means"],
            ([md(g.body), md(g.rating), _cite(g.meaning, g.sources)] for g in topic.guidelines),
        )
    return out


def _claims(cat: Catalogue, rows: list[evidence.ClaimRow]) -> list[str]:
    return _table(
        ["Claim", "Forms", "Verdict", "What the evidence shows"],
        (
            [
                md(r.claim),
                md(", ".join(r.forms) or "any"),
                md(r.verdict),
                _cite(r.evidence, r.sources),
            ]
            for r in rows
        ),
    )


def _sources(cat: Catalogue, keys: Iterable[str]) -> list[str]:
    """The footnote list for the cited keys (kidney caution first), then the disclaimer."""
    out = ["## Sources", ""]
    for key in dict.fromkeys([*cat.kidney_caution.sources, *keys]):
        src = cat.sources[key]
        ids = "; ".join(md(i) for i in src.identifiers())
        status = "primary text read" if src.status == "primary-read" else "secondary sources only"
        note = f" {md(src.note)}" if src.note else ""
        out.append(f"[^{key}]: {md(src.citation)} {ids} ({status}).{note}")
    return out + ["", f"*{md(cat.disclaimer)}*", ""]


def _closing(cat: Catalogue, forms: list[Form], keys: Iterable[str] = ()) -> list[str]:
    out = ["## Certainty and designs", ""]
    scales = [*cat.certainty_scale.items(), *cat.study_designs.items()]
    out += _table(["Term", "Meaning"], ([md(k), md(v)] for k, v in scales))
    return out + _sources(cat, [*(k for f in forms for k in f.source_keys()), *keys])


def export(cat: Catalogue, forms: list[Form]) -> str:
    out = ["# magref: magnesium forms compared", ""] + _safety(cat)
    out += ["## Comparison", ""] + _comparison(cat, forms)
    for f in forms:
        out += _form_section(cat, f)
    out += ["## Topics: the evidence across forms", ""]
    for topic in cat.topics:
        out += _topic_section(cat, topic, "###")
    rows = evidence.claims(cat)
    out += ["## Marketing claims", ""] + _claims(cat, rows)
    keys = [k for t in cat.topics for k in t.source_keys()] + [k for r in rows for k in r.sources]
    return "\n".join(out + _closing(cat, forms, keys))


def show(cat: Catalogue, form: Form) -> str:
    out = _form_section(cat, form, level="#")
    out = out[:4] + _safety(cat) + out[4:]
    return "\n".join(out + _closing(cat, [form]))


def compare(cat: Catalogue, forms: list[Form]) -> str:
    out = ["# magref: magnesium forms compared", ""] + _safety(cat) + _comparison(cat, forms)
    return "\n".join(out + _sources(cat, []))


def listing(cat: Catalogue, forms: list[Form], report: TopicReport | None) -> str:
    out = ["# magref: magnesium forms", ""] + _safety(cat)
    if report is None:
        rows = [
            [md(f.id), md(f.name), f"{f.default_variant.elemental_mg_percent:.2f}", md(f.summary)]
            for f in forms
        ]
        out += _table(["Id", "Name", "Elemental Mg %", "Summary"], rows, align="llr")
        return "\n".join(out + _sources(cat, []))
    out += _topic_section(cat, report.topic)
    out += ["## Forms, strongest evidence first", ""]
    ranked = [(f, u) for f, u in report.ranked]
    rows = [
        [
            md(f.id),
            md(evidence.certainty_label(cat, u)),
            md(u.direction),
            _cite(u.statement, u.sources),
        ]
        for f, u in ranked
    ]
    out += _table(["Form", "Certainty", "Direction", "Finding"], rows)
    if report.without:
        out += [
            "No evidence recorded for: " + md(", ".join(f.id for f in report.without)) + ".",
            "",
        ]
    keys = [*report.topic.source_keys(), *(k for _, u in ranked for k in u.sources)]
    return "\n".join(out + _sources(cat, keys))


def search(cat: Catalogue, query: str, hits: list[SearchHit]) -> str:
    out = [f"# magref: search for {md(query)}", ""] + _safety(cat)
    rows = [[md(h.form.id), md(h.form.name), md(h.field), md(h.text)] for h in hits]
    out += _table(["Id", "Name", "Matched", "Text"], rows)
    return "\n".join(out + _sources(cat, []))


def export_chunks(cat: Catalogue, forms: list[Form]) -> Iterator[str]:
    yield export(cat, forms)
