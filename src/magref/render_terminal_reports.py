"""Terminal views of doses, reference values, interactions, labels, the profile and magref's
files, drawn with rich like the form views (render_terminal.py, whose helpers they share).
Every figure, percentage and verdict comes decided on the report; these only format it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from magref.amounts import figure
from magref.model import Catalogue, Medicine
from magref.render_terminal import cited, heading, new_table, plain, safety_notes, source_lines
from magref.render_terminal_evidence import claims as claims
from magref.render_terminal_evidence import source as source
from magref.render_terminal_layout import Fit, Glued, Indent
from magref.render_terminal_reference import limits as limits
from magref.render_terminal_reference import rda as rda
from magref.text import one_line
from magref.views import FileReport, origin_note

if TYPE_CHECKING:
    from decimal import Decimal

    from magref.amounts import Product
    from magref.doses import DoseReport
    from magref.labels import LabelReading
    from magref.medicines import Lookup
    from magref.model import Profile
    from magref.planner import Plan
    from magref.reference import Finding, LimitFigure
    from magref.serum import SerumReading


def _r(value: Decimal, quantity: str) -> str:
    from magref.doses import rounded  # imported here: only these views need it

    number = rounded(value, quantity)
    return f"{number:,}"


def _mg(limit: LimitFigure) -> str:
    return "no figure" if limit.mg is None else figure(limit.mg)


def _findings_block(cat: Catalogue, findings: list[Finding]) -> list[RenderableType]:
    if not findings:
        return []
    parts: list[RenderableType] = [heading("WARNINGS AND CAUTIONS")]
    parts.append(plain("(! warning; i standing caution shown with every dose)", "dim"))
    for f in findings:
        mark = "!" if f.counts else "i"
        line = Glued(f"{mark} {f.code}: ", style="bold red" if f.counts else "bold")
        if f.subject:  # a medicine's, set out in full under YOUR MEDICINES
            line.append_text(plain(f"{one_line(f.subject)}: see YOUR MEDICINES above."))
        else:
            line.append_text(cited(f.message, f.sources))
        parts.append(line)
    return parts


def dose(cat: Catalogue, r: DoseReport) -> RenderableType:
    parts: list[RenderableType] = []
    if r.person.kidney_disease:
        parts += _findings_block(cat, [f for f in r.findings if f.code == "kidney-disease"])
    table = new_table("Product", "Variant", "Compound mg", "Elemental mg", "mmol", "mEq")
    for p in r.products:
        variant = plain(f"{p.variant.id} ({p.variant.elemental_mg_percent:.2f} % Mg)")
        if p.variant.default:
            variant.append(" default", style="dim")
        table.add_row(
            plain(p.text + (" (elemental)" if p.amount.elemental else "")),
            variant,
            _r(p.compound_mg, "compound_mg"),
            _r(p.elemental_mg, "elemental_mg"),
            _r(p.mmol, "mmol"),
            _r(p.meq, "meq"),
        )
    parts.append(Fit(table))
    for p in r.products:
        if p.measure:
            parts.append(cited(f"{p.form.id}: measure used: {p.measure.label}.", p.measure.sources))
    parts.append(
        Glued(
            f"Total elemental magnesium: {_r(r.elemental_mg, 'elemental_mg')} mg = "
            f"{_r(r.mmol, 'mmol')} mmol = {_r(r.meq, 'meq')} mEq",
            style="bold",
        )
    )
    who = "adult values used (no age given)" if r.assumed_adult else r.person.describe()
    parts.append(plain(f"Person: {who}."))
    for share in r.rda:
        ref = share.reference
        percent = _r(share.percent, "percent")
        parts.append(plain(f"{ref.kind} {ref.group}: {ref.mg:g} mg a day; this is {percent} %."))
    if r.intake_missing:
        parts.append(plain(f"Intake: {r.intake_missing}"))
    intakes = r.upper.figure.authority.intakes
    if intakes is not None:
        parts.append(plain(one_line(intakes.note), "dim"))
    upper = r.upper
    limit_line = plain(f"Upper limit, {upper.name}, {upper.figure.band.label}: ")
    if upper.figure.mg is None:
        limit_line.append("no figure for this person.")
    elif upper.percent is None:
        limit_line.append(f"{_mg(upper.figure)} mg a day; percentage {r.percent_withheld}.")
    else:
        limit_line.append(
            f"{_mg(upper.figure)} mg a day; this is {_r(upper.percent, 'percent')} %."
        )
    parts.append(limit_line)
    parts.append(cited(upper.figure.authority.limit.scope, upper.sources))
    for other in r.others:
        said = "no figure"
        if other.figure.needs_weight:
            said = "per kg of body weight (give --weight)"
        over = " (over this limit)" if other.over else ""
        if other.figure.mg is not None and other.percent is None:
            said = f"{_mg(other.figure)} mg a day{over}"
        elif other.figure.mg is not None and other.percent is not None:
            said = f"{_mg(other.figure)} mg a day; this is {_r(other.percent, 'percent')} %{over}"
        band = other.figure.band.label
        parts.append(plain(f"Also: {other.name} ({other.id}), {band}: {said}.", "dim"))
    if r.fallback:
        applied = r.applied
        parts.append(
            plain(
                f"Applied instead (the strictest figure given): {applied.name}, "
                f"{applied.figure.band.label}: {_mg(applied.figure)} mg a day."
            )
        )
    if r.within_limit:
        parts.append(plain(f"Within the {r.applied.id.upper()} supplemental upper limit."))
    if r.medications:
        parts.append(heading("YOUR MEDICINES (from the profile)"))
        for med in r.medications:
            mark = "NOT RECOGNISED" if med.status == "not-recognised" else "INTERACTS"
            parts.append(plain(f"{one_line(med.query)}: {mark}", "bold"))
            parts.append(cited(f"  {med.text}", med.sources))
            parts += [plain(f"  - {one_line(a)}") for a in med.advice]
    shown = [f for f in r.findings if f.code != "kidney-disease"]
    parts += _findings_block(cat, shown)
    parts.append(plain("Note: " + one_line(cat.disclaimer), "dim"))
    return Group(*parts)


def _medicine_lines(medicine: Medicine) -> list[RenderableType]:
    from magref.medicines import spacing_text  # imported here: only these views need it

    names = ", ".join([*medicine.synonyms, *medicine.brands])
    parts: list[RenderableType] = [
        plain(f"  {medicine.name}" + (f" ({names})" if names else ""), "bold")
    ]
    if medicine.effect:
        parts.append(Indent(cited(f"Measured: {medicine.effect}", medicine.sources), 4))
    elif medicine.sources:
        parts.append(Indent(cited("Named in", medicine.sources), 4))
    for s in medicine.spacing:
        parts.append(Indent(cited(f"- {spacing_text(medicine, s)}", s.sources), 4))
    return parts


def interactions(cat: Catalogue, found: list[Lookup], everything: bool) -> RenderableType:
    from magref.medicines import medicines_of  # imported here: only these views need it

    parts: list[RenderableType] = []
    keys: list[str] = []
    for look in found:
        query = "" if everything else f"{one_line(look.query)}: "
        if look.status == "not-recognised":
            parts.append(heading(f"{query}NOT RECOGNISED"))
            parts.append(plain(look.message, "bold red"))
            continue
        for match in look.matches:
            inter = match.interaction
            keys += inter.source_keys()
            parts.append(heading(f"{query}{inter.name}  [{inter.severity.upper()}]"))
            note = origin_note(inter)
            if note:
                parts.append(plain(note, "bold"))
            kind = (
                "timing: keep magnesium apart from the medicine"
                if inter.kind == "spacing"
                else "monitoring: the medicine changes magnesium levels; no spacing applies"
            )
            parts.append(plain(f"Kind: {kind}"))
            parts.append(cited(f"Effect: {inter.effect} Why: {inter.mechanism}", inter.sources))
            parts.append(plain(f"What to do: {one_line(inter.action)}"))
            parts.append(
                plain(f"Severity ({inter.severity}, magref's grading): {inter.severity_reason}")
            )
            for medicine in medicines_of(match):
                parts += _medicine_lines(medicine)
    parts.append(heading("Severity scale (magref's grading of what its sources say)"))
    parts += [plain(f"{k.upper()}: {one_line(v)}") for k, v in cat.severity_scale.items()]
    if keys:
        parts += source_lines(cat, keys)
    return Group(*parts, *safety_notes(cat))


def plan(cat: Catalogue, p: Plan) -> RenderableType:
    from magref.planner import clock  # imported here: only this view needs it

    parts: list[RenderableType] = []
    if p.never:
        parts.append(heading("NO WINDOW: a source advises against combining them at all"))
    elif not p.windows:
        parts.append(heading("NO WINDOW: the spacing rules leave no time of day free"))
    else:
        parts.append(heading("Magnesium may be taken (under every recorded rule)"))
        for start, end in p.windows:
            parts.append(plain(f"  from {clock(start)} to {clock(end)}", "bold"))
    for name in p.no_spacing:
        parts.append(
            plain(f"{one_line(name)}: no timing rule; this interaction is about monitoring levels.")
        )
    if p.rules:
        parts.append(heading("Rules applied"))
        for r in p.rules:
            between = "at any time" if r.never else f"between {clock(r.start)} and {clock(r.end)}"
            parts.append(
                plain(f"{one_line(r.medicine)} at {clock(r.time)}: no magnesium {between}", "bold")
            )
            parts.append(Indent(cited(r.text, r.sources), 2))
        parts += source_lines(cat, [k for r in p.rules for k in r.sources])
    else:
        parts.append(plain("None of these medicines has a spacing rule in magref's sources."))
    return Group(*parts, *safety_notes(cat))


def _product_line(title: str, p: Product) -> Text:
    return plain(
        f"{title}: {_r(p.elemental_mg, 'elemental_mg')} mg elemental magnesium; compound "
        f"({p.form.name}, {p.variant.id}, {p.variant.elemental_mg_percent:.2f} % Mg) "
        f"{_r(p.compound_mg, 'compound_mg')} mg"
    )


_POSITION = {
    "below": "below",
    "within": "within",
    "above": "above",
    "at-or-above": "at or above",
}


def serum(cat: Catalogue, reading: SerumReading) -> RenderableType:
    parts: list[RenderableType] = [
        plain(f"Serum magnesium: {reading.value} {reading.unit}", "bold")
    ]
    parts.append(
        plain(
            f"= {_r(reading.mmol_l, 'mmol_l')} mmol/L = {_r(reading.mg_dl, 'mg_dl')} mg/dL"
            f" = {_r(reading.meq_l, 'meq_l')} mEq/L"
        )
    )
    for p in reading.placements:
        r = p.range
        span = f"{r.low_mmol_l:g}" + (f"-{r.high_mmol_l:g}" if r.high_mmol_l is not None else "")
        text = f"{_POSITION[p.position].capitalize()} {r.name} ({span} mmol/L)."
        if r.note:
            text += f" {r.note}"
        parts.append(cited(text, r.sources))
    parts.append(plain(one_line(reading.note), "dim"))
    parts += safety_notes(cat)
    return Group(*parts)


def label(cat: Catalogue, reading: LabelReading) -> RenderableType:
    parts: list[RenderableType] = [plain(f"Label: {reading.text}", "bold")]
    what = {
        "elemental": "elemental magnesium",
        "compound": "the compound's mass",
        "ambiguous": "AMBIGUOUS: compound or elemental",
    }[reading.reading]
    parts.append(plain(f"Read as: {what}. {reading.why}"))
    p = reading.product
    if reading.reading == "ambiguous" and p is not None and reading.alternative is not None:
        parts.append(_product_line("If the amount is the compound", p))
        parts.append(_product_line("If the amount is elemental magnesium", reading.alternative))
    else:
        if reading.elemental_mg is not None:
            parts.append(
                plain(f"Elemental magnesium: {_r(reading.elemental_mg, 'elemental_mg')} mg")
            )
        if p is not None:
            parts.append(
                plain(
                    f"Compound ({p.form.name}, {p.variant.id}, {p.variant.elemental_mg_percent:.2f}"
                    f" % Mg): {_r(p.compound_mg, 'compound_mg')} mg"
                )
            )
        else:
            forms = ", ".join(f.id for f in reading.forms)
            parts.append(
                plain("Compound mass: unknown" + (f" (forms named: {forms})" if forms else ""))
            )
        if reading.stated_elemental_mg is not None and p is not None:
            parts.append(
                plain(
                    f"From the compound's mass magref computes {_r(p.elemental_mg, 'elemental_mg')}"
                    f" mg; the label states {_r(reading.stated_elemental_mg, 'elemental_mg')} mg."
                )
            )
    for c in reading.percents:
        verdict = "agrees" if c.agrees else "DOES NOT AGREE"
        parts.append(
            cited(
                f"Label {c.stated.normalize():f} %: the amount is {_r(c.computed, 'percent')} % of "
                f"the {c.value.name} ({c.value.mg:g} mg); {verdict}.",
                c.value.sources,
            )
        )
    return Group(*parts, *safety_notes(cat))


def profile(current: Profile, where: str, saved: bool) -> RenderableType:
    fields = {
        "age": current.age or "-",
        "sex": current.sex or "-",
        "stage": current.stage or "-",
        "authority": current.authority or "-",
        "weight": "-" if current.weight_kg is None else f"{current.weight_kg:g} kg",
        "kidney disease": "yes" if current.kidney_disease else "no",
        "medications": ", ".join(current.medications) or "-",
    }
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, value in fields.items():
        table.add_row(key, plain(value))
    note = f"Saved in {where}" if saved else f"Not saved yet; setting a value saves it in {where}"
    return Group(table, plain(note, "dim"))


def paths(report: list[FileReport]) -> RenderableType:
    """One block per file, the path on a line of its own so that it is never cut short."""
    parts: list[RenderableType] = []
    for r in report:
        parts.append(plain(f"{r.role} ({r.access})", "bold"))
        parts.append(plain(f"  {r.path}"))
        parts.append(plain(f"  {r.status}", "bold" if r.problems else ""))
    parts.append(
        plain(
            "User catalogues are merged in this order; a later entry replaces an earlier one "
            "with the same id. Set MAGREF_CATALOGUE or pass --catalogue PATH for more.",
            "dim",
        )
    )
    return Group(*parts)
