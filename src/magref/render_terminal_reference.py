"""Terminal views of reference values: each authority's intakes and upper limits as full
tables, or side by side for one person with the differences marked. Every figure and verdict
comes decided on the report (reference.py); these only format it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from magref.amounts import figure
from magref.render_terminal import cited, heading, new_table, plain, safety_notes, source_lines
from magref.render_terminal_layout import Fit, Glued
from magref.text import one_line
from magref.views import origin_note

if TYPE_CHECKING:
    from magref.model import Authority, Catalogue, LimitBand
    from magref.reference import Difference, Intake, LimitFigure, ReferenceReport, Row


def _intake_text(intake: Intake) -> str:
    if not intake.refs:
        return "no figure"
    if len({r.mg for r in intake.refs}) == 1:
        return f"{intake.refs[0].mg:g}"
    return " / ".join(
        f"{r.mg:g} ({r.group.rsplit(', ', 1)[-1]})" if len(intake.refs) > 1 else f"{r.mg:g}"
        for r in intake.refs
    )


def _limit_text(limit: LimitFigure) -> str:
    if limit.mg is not None:
        per_kg = limit.band.mg_per_kg
        return figure(limit.mg) + (f" ({per_kg:g} mg/kg)" if per_kg is not None else "")
    if limit.needs_weight:
        return f"{limit.band.mg_per_kg:g} mg/kg (needs --weight)"
    return "no figure"


def _band_limit(band: LimitBand) -> str:
    if band.mg is not None:
        return f"{band.mg:g}"
    if band.mg_per_kg is not None:
        return f"{band.mg_per_kg:g} per kg"
    return f"no figure ({band.no_figure})"


def _difference(d: Difference) -> Text:
    groups = []
    for row, ids in d.groups:
        value = _intake_text(row.intake) if d.what == "intake" else _limit_text(row.limit)
        groups.append(f"{value} ({', '.join(ids)})")
    return plain(
        f"The authorities differ on the {d.what} for this person: " + "; ".join(groups) + "."
    )


def _person_line(r: ReferenceReport) -> Text:
    who = "adult values used (no age given)" if r.assumed_adult else r.person.describe()
    return plain(f"Person: {who}.")


def _missing(rows: list[Row], intakes: bool) -> list[RenderableType]:
    """Why an authority gives no intake (when `intakes`) or no upper limit for the person."""
    parts: list[RenderableType] = []
    for row in rows:
        a = row.intake.authority
        if intakes and row.intake.missing:
            parts.append(plain(f"No intake from {a.id}: {row.intake.missing}", "dim"))
        if row.limit.missing:
            parts.append(plain(f"No upper limit from {a.id}: {row.limit.missing}", "dim"))
    return parts


def _strictest(r: ReferenceReport) -> Text:
    lowest = r.strictest
    if lowest is None:
        return plain("No authority shown gives an upper limit for this person.", "bold")
    return plain(
        f"Strictest upper limit for this person: {_limit_text(lowest)} mg a day "
        f"({lowest.authority.name}, {lowest.band.label}).",
        "bold",
    )


def _findings(r: ReferenceReport) -> list[RenderableType]:
    if not r.findings:
        return []
    parts: list[RenderableType] = [heading("WARNINGS AND CAUTIONS")]
    for f in r.findings:
        line = Glued(f"! {f.code}: ", style="bold red")
        line.append_text(cited(f.message, f.sources))
        parts.append(line)
    return parts


def _sources(cat: Catalogue, authorities: list[Authority], intakes: bool) -> list[RenderableType]:
    keys = [k for a in authorities for k in a.limit.sources]
    if intakes:
        keys = [k for a in authorities if a.intakes for k in a.intakes.sources] + keys
    return source_lines(cat, keys)


def rda(cat: Catalogue, authorities: list[Authority], r: ReferenceReport | None) -> RenderableType:
    parts: list[RenderableType] = []
    if r is not None:
        parts.append(_person_line(r))
        table = new_table("Authority", "Age band", "Kind", "Intake mg a day", "Upper limit mg")
        for row in r.rows:
            band = row.intake.band
            table.add_row(
                plain(row.intake.authority.id),
                plain(band.label if band else "-"),
                plain(band.kind if band and band.kind and row.intake.refs else "-"),
                plain(_intake_text(row.intake)),
                plain(_limit_text(row.limit)),
            )
        parts.append(Fit(table))
        parts.append(
            plain("Intakes count food, water and supplements; upper limits, supplements only.")
        )
        parts.append(_strictest(r))
        parts += [_difference(d) for d in r.differences]
        parts += _missing(r.rows, intakes=True)
        parts += _findings(r)
    else:
        for a in authorities:
            parts += _intake_table(a)
    kinds = {
        b.kind for a in authorities if a.intakes for b in a.intakes.bands if b.kind is not None
    }
    meanings = [n for n in cat.intake_kinds if n.kind in kinds]
    parts += [plain(f"{n.kind}: {one_line(n.meaning)}", "dim") for n in meanings]
    parts += _sources(cat, authorities, intakes=True)
    return Group(*parts, *safety_notes(cat))


def _intake_table(a: Authority) -> list[RenderableType]:
    parts: list[RenderableType] = [heading(f"{a.name} ({a.id}), {a.region}")]
    if a.intakes is None:
        parts.append(plain(one_line(a.note) or "magref records no intakes from this authority."))
        return parts
    parts.append(cited(f"{a.intakes.document}. {a.intakes.note}", a.intakes.sources))
    table = new_table("Age", "Kind", "Male mg", "Female mg", "Pregnant mg", "Lactating mg")
    for b in a.intakes.bands:
        if b.kind is None:
            table.add_row(plain(b.label), f"no figure ({b.no_figure})", plain(b.note), "", "", "")
            continue
        cells = [b.male, b.female, b.pregnant, b.lactating]
        table.add_row(plain(b.label), b.kind, *("-" if c is None else f"{c:g}" for c in cells))
    parts.append(Fit(table))
    return parts


def limits(
    cat: Catalogue, authorities: list[Authority], r: ReferenceReport | None
) -> RenderableType:
    parts: list[RenderableType] = []
    if r is not None:
        parts.append(_person_line(r))
        table = new_table("Authority", "Age band", "Upper limit mg a day", "Note")
        for row in r.rows:
            limit = row.limit
            table.add_row(
                plain(limit.authority.id),
                plain(limit.band.label),
                plain(_limit_text(limit)),
                plain(limit.missing if limit.mg is None else one_line(limit.band.note)),
            )
        parts.append(Fit(table))
        parts.append(_strictest(r))
        parts += [_difference(d) for d in r.differences if d.what != "intake"]
        parts.append(plain("Upper limits cover supplemental magnesium only; scope by authority:"))
        for row in r.rows:
            a = row.limit.authority
            parts.append(cited(f"{a.id}: {a.limit.scope}", a.limit.sources))
    else:
        for a in authorities:
            parts.append(heading(f"{a.name} ({a.id}), {a.region}"))
            note = origin_note(a)
            if note:
                parts.append(plain(note, "bold"))
            parts.append(cited(f"{a.limit.document}. {a.limit.scope}", a.limit.sources))
            table = new_table("Age", "Upper limit mg a day", "Note")
            for b in a.limit.bands:
                table.add_row(plain(b.label), _band_limit(b), plain(b.note))
            parts.append(Fit(table))
    parts += _sources(cat, authorities, intakes=False)
    return Group(*parts, *safety_notes(cat))
