"""CSV export: one row per form variant, for spreadsheets (no rich)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from magref.model import Catalogue, Form
from magref.text import csv_cell

COLUMNS = [
    "form_id",
    "form_name",
    "variant_id",
    "variant_name",
    "default_variant",
    "formula",
    "hydrate",
    "stoichiometry",
    "molar_mass_g_per_mol",
    "elemental_mg_percent",
    "assay_mg_percent",
    "solubility_g_per_100ml",
    "absorption_design",
    "laxative",
    "uses",
    "aliases",
    "sources",
    "origin",
    "kidney_caution",
    "disclaimer",
]


def export(cat: Catalogue, forms: list[Form]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for form in forms:
        uses = "; ".join(f"{u.topic} ({u.direction}, certainty {u.certainty})" for u in form.uses)
        sources = "; ".join(
            f"{k}: {', '.join(cat.sources[k].identifiers())}" for k in form.source_keys()
        )
        assays = "; ".join(
            f"{a.mg_percent_low:.2f}-"
            + ("" if a.mg_percent_high is None else f"{a.mg_percent_high:.2f}")
            + f" ({a.monograph}, {a.basis})"
            for a in form.assays
        )
        for v in form.variants:
            writer.writerow(
                [
                    csv_cell(form.id),
                    csv_cell(form.name),
                    csv_cell(v.id),
                    csv_cell(v.name),
                    "yes" if v.default else "no",
                    csv_cell(v.formula),
                    csv_cell(v.hydrate),
                    csv_cell(v.stoichiometry),
                    f"{v.molar_mass:.2f}",
                    f"{v.elemental_mg_percent:.2f}",
                    csv_cell(assays),
                    ""
                    if form.solubility.g_per_100ml is None
                    else f"{form.solubility.g_per_100ml:g}",
                    form.absorption.design,
                    form.side_effects.laxative,
                    csv_cell(uses),
                    csv_cell("; ".join(form.aliases + form.trade_names)),
                    csv_cell(sources),
                    csv_cell(form.origin or "bundled"),
                    csv_cell(cat.kidney_caution.text),
                    csv_cell(cat.disclaimer),
                ]
            )
    return out.getvalue()


def export_chunks(cat: Catalogue, forms: list[Form]) -> Iterator[str]:
    yield export(cat, forms)
