"""Terminal views drawn with rich. Catalogue text enters only as Text objects, never as markup."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from magref.model import Catalogue, Form, Interaction
from magref.text import clean, one_line
from magref.views import (
    EVIDENCE_FOR_NOTE,
    NO_RECORD,
    USER_MARK,
    FileReport,
    SearchHit,
    evidence_for,
    origin_note,
    user_files_note,
)

if TYPE_CHECKING:
    from decimal import Decimal

    from magref.doses import DoseReport, Finding, Reference
    from magref.labels import LabelReading
    from magref.profile import Profile


BAR_CELLS = 12  # width of a 100 % elemental-magnesium bar
_EIGHTHS = " ▏▎▍▌▋▊▉"


def _t(text: str, style: str = "") -> Text:
    return Text(clean(text), style=style)


def _cited(text: str, keys: Iterable[str]) -> Text:
    out = _t(one_line(text))
    refs = " ".join(f"[{k}]" for k in keys)
    if refs:
        out.append(" " + refs, style="dim")
    return out


def _heading(text: str) -> Text:
    return Text("\n" + text, style="bold underline")


def bar(percent: float) -> str:
    """A bar of BAR_CELLS cells for 100 %, drawn in eighths of a cell."""
    eighths = round(max(0.0, min(percent, 100.0)) / 100 * BAR_CELLS * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def _safety(cat: Catalogue) -> list[RenderableType]:
    caution = Text("WARNING ", style="bold red")
    caution.append_text(_cited(cat.kidney_caution.text, cat.kidney_caution.sources))
    return [Text(""), caution, _t("Note: " + one_line(cat.disclaimer), "dim")]


def _table(*columns: str, **kwargs: object) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, **kwargs)  # type: ignore[arg-type]
    for column in columns:
        justify = "right" if column.endswith(("%", "g/mol")) else "left"
        # fold, not ellipsis: in a narrow terminal a long word breaks, but nothing is cut off
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return table


def _source_lines(cat: Catalogue, keys: Iterable[str]) -> list[RenderableType]:
    lines: list[RenderableType] = [_heading("Sources")]
    for key in dict.fromkeys(keys):
        src = cat.sources[key]
        line = Text(f"[{key}] ", style="bold")
        line.append_text(_t(one_line(src.citation)))
        line.append(" " + "; ".join(clean(i) for i in src.identifiers()))
        if src.status == "secondary-only":
            line.append(" (known from secondary sources only)", style="italic")
        lines.append(line)
    return lines


def show(cat: Catalogue, f: Form) -> RenderableType:
    parts: list[RenderableType] = []
    title = Text(clean(f.name), style="bold")
    title.append(f"  ({clean(f.id)})", style="dim")
    parts += [title]
    note = origin_note(f)
    if note:
        parts.append(_t(note, "bold"))
    names = [*f.aliases, *f.trade_names]
    if names:
        parts.append(_t("Also called: " + ", ".join(one_line(n) for n in names)))
    parts.append(_t(one_line(f.summary)))

    parts.append(_heading("Composition"))
    comp = _table("Variant", "Formula", "Hydrate", "g/mol", "Elemental Mg %")
    for v in f.variants:
        name = _t(one_line(v.name) + (" (default)" if v.default else ""))
        comp.add_row(
            name,
            _t(v.formula),
            _t(v.hydrate),
            f"{v.molar_mass:.2f}",
            f"{v.elemental_mg_percent:.2f}",
        )
    parts.append(comp)
    for v in f.variants:
        if v.note:
            parts.append(_cited(f"{one_line(v.name)}: {v.note}", v.sources))
    for lf in f.label_figures:
        line = _t(f"Label figure: {one_line(lf.label)} = {lf.elemental_mg_percent:g} %. ")
        line.append_text(_cited(lf.why, lf.sources))
        parts.append(line)
    for measure in f.measures:
        text = f"Measure for magref dose (mL/tsp): {measure.label}."
        parts.append(_cited(text, measure.sources))
    parts.append(_cited("Solubility: " + f.solubility.summary, f.solubility.sources))

    parts.append(_heading(f"Absorption (evidence: {f.absorption.level})"))
    parts.append(_cited(f.absorption.summary, f.absorption.sources))

    parts.append(_heading("Uses"))
    if f.uses:
        uses = _table("Use", "Evidence", "Outcome", "What was found")
        for u in f.uses:
            level = u.level + ("\nindustry-funded" if u.industry_funded else "")
            uses.add_row(
                _t(cat.topic(u.topic).name), _t(level), _t(u.outcome), _cited(u.summary, u.sources)
            )
        parts.append(uses)
    else:
        parts.append(_t("No use with evidence is recorded for this form."))

    lax = f.side_effects.laxative
    parts.append(_heading(f"Side effects (laxative strength: {lax})"))
    parts.append(_t(f"{lax}: {one_line(cat.laxative_scale[lax])}", "dim"))
    parts.append(_cited(f.side_effects.summary, f.side_effects.sources))

    if f.cautions:
        parts.append(_heading("Cautions"))
        parts += [_cited("- " + c.text, c.sources) for c in f.cautions]

    if f.marketing:
        parts.append(_heading("Marketing claims and the evidence"))
        for m in f.marketing:
            parts.append(_t("Claim: " + one_line(m.claim), "italic"))
            parts.append(_cited("Evidence: " + m.evidence, m.sources))

    parts += _source_lines(cat, [*f.source_keys(), *cat.kidney_caution.sources])
    parts += _safety(cat)
    return Group(*parts)


class _ByWidth:
    """A view with two layouts: the table where it fits, else one block per row."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, min_width: int) -> None:
        self.wide, self.narrow, self.min_width = wide, narrow, min_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.min_width else self.narrow


COMPARE_TABLE_WIDTH = 90  # narrower than this, compare shows a block per form
LAST_COLUMN_MIN = 24  # list and search: narrower than this, the last column goes below


class _Fitted:
    """A renderable built for the width it is drawn at."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def _columns(
    rows: Sequence[tuple[str, ...]], width: int, right: frozenset[int] = frozenset()
) -> Group:
    """Rows as aligned columns, one line each: every column whole but the last, which is cut
    to the width with an ellipsis. When the last column would be too narrow to read, it goes
    on its own indented line instead."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lead = sum(widths) + 2 * len(widths)
    lines: list[RenderableType] = []
    for row in rows:
        if width - lead < LAST_COLUMN_MIN:  # narrow: the fields as words, then the last below
            line = _t(row[0], "bold")
            line.append("".join("  " + c for c in row[1:-1]))
            lines += [line, Text("  " + row[-1], no_wrap=True, overflow="ellipsis")]
            continue
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        line = _t(cells[0], "bold")
        line.append("".join("  " + c for c in cells[1:]) + "  " + row[-1])
        line.truncate(width, overflow="ellipsis")
        lines.append(line)
    return Group(*lines)


def compare(cat: Catalogue, forms: list[Form]) -> RenderableType:
    table = _table("Form and formula", "Mg %", "", "Absorption", "Laxative", "Human evidence for")
    table.columns[3].no_wrap = True  # evidence levels are read as whole words
    blocks: list[RenderableType] = []
    for f in forms:
        v = f.default_variant
        short = f.name.removeprefix("Magnesium ").removeprefix("magnesium ")
        name = _t(short)
        if f.origin:
            name.append(USER_MARK, style="bold")
        name.append("\n" + clean(v.formula), style="dim")
        table.add_row(
            name,
            f"{v.elemental_mg_percent:.2f}",
            Text(bar(v.elemental_mg_percent), style="cyan"),
            _t(f.absorption.level),
            _t(f.side_effects.laxative),
            _t(evidence_for(f)),
        )
        block = _t(short + (USER_MARK if f.origin else ""), "bold")
        block.append(f"  {clean(v.formula)}", style="dim")
        block.append(f"\n  Mg {v.elemental_mg_percent:.2f} % ")
        block.append(bar(v.elemental_mg_percent), style="cyan")
        block.append(f"\n  absorption evidence: {f.absorption.level}")
        block.append(f"; laxative: {f.side_effects.laxative}")
        block.append(f"\n  human evidence for: {clean(evidence_for(f))}")
        blocks.append(block)
    note = _t(
        "Mg % is elemental magnesium in the default variant; the bar is drawn to 100 %. "
        "Absorption shows the evidence level. " + EVIDENCE_FOR_NOTE + " "
        "`magref show FORM` has the details and sources.",
        "dim",
    )
    user = user_files_note(forms)
    view = _ByWidth(table, Group(*blocks), COMPARE_TABLE_WIDTH)
    return Group(view, note, *([_t(user, "bold")] if user else []), *_safety(cat))


def listing(cat: Catalogue, forms: list[Form], topic_id: str | None) -> RenderableType:
    parts: list[RenderableType] = []
    if topic_id is not None:
        topic = cat.topic(topic_id)
        heading = Text(clean(topic.name), style="bold")
        heading.append(f"  (evidence across forms: {topic.level}, outcome: {topic.outcome})")
        parts += [heading, _cited(topic.summary, topic.sources)]
        if not forms:
            parts.append(_t("No form records a use for this; the summary above covers all forms."))
    rows = []
    for f in forms:
        use = next((u for u in f.uses if u.topic == topic_id), None)
        detail = f"{use.level}, {use.outcome}" if use else one_line(f.summary)
        name = one_line(f.name) + (USER_MARK if f.origin else "")
        rows.append((f.id, name, f"{f.default_variant.elemental_mg_percent:.2f} %", detail))
    if rows:
        parts.append(_Fitted(lambda width: _columns(rows, width, right=frozenset({2}))))
    user = user_files_note(forms)
    if user:
        parts.append(_t(user, "bold"))
    if topic_id is not None:
        parts += _source_lines(cat, cat.topic(topic_id).sources)
    return Group(*parts, *_safety(cat))


def search(cat: Catalogue, query: str, hits: list[SearchHit]) -> RenderableType:
    if not hits:
        return Group(_t(f"No form matches {one_line(query)!r}."), *_safety(cat))
    rows = [(h.form.id, h.field, one_line(h.text)) for h in hits]
    view = _Fitted(lambda width: _columns(rows, width))
    return Group(view, *_safety(cat))


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich would exit 1 here; magref's CLI ends a closed pipe quietly, so hand it on."""
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def print_view(renderable: RenderableType, colour: bool, width: int | None = None) -> None:
    """Print a view. Without colour no escape sequence at all is written (styles included);
    with it, colour is forced even into a pipe. The caller decides (--color, NO_COLOR...)."""
    console = _Console(
        highlight=False,
        width=width,
        force_terminal=colour,
        no_color=not colour,
        color_system="auto" if colour else None,
        emoji=False,
        markup=False,
    )
    if colour and console.color_system is None:  # e.g. TERM=dumb, but colour was asked for
        console = _Console(
            highlight=False, width=width, force_terminal=True, color_system="standard"
        )
    console.print(renderable)


def svg(renderable: RenderableType, width: int, title: str) -> str:
    """A picture of a view as a colour terminal shows it (the README's pictures)."""
    import io

    console = Console(
        file=io.StringIO(),
        record=True,
        width=width,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(renderable)
    return console.export_svg(title=title)


# ---- dose views -----------------------------------------------------------------------------


def _r(value: Decimal, quantity: str) -> str:
    from magref.doses import rounded  # imported here: only these views need it

    number = rounded(value, quantity)
    return f"{number:,}"


def _findings_block(cat: Catalogue, findings: list[Finding]) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading("WARNINGS AND CAUTIONS")]
    parts.append(_t("(! warning; i standing caution shown with every dose)", "dim"))
    for f in findings:
        mark = "!" if f.counts else "i"
        line = Text(f"{mark} {f.code}: ", style="bold red" if f.counts else "bold")
        line.append_text(_cited(f.message, f.sources))
        parts.append(line)
    return parts


def dose(cat: Catalogue, r: DoseReport) -> RenderableType:
    from magref.doses import (  # imported here: only these views need it
        dec,
        meq_from_mg,
        mmol_from_mg,
    )

    parts: list[RenderableType] = []
    if r.person.kidney_disease:
        parts += _findings_block(cat, [f for f in r.findings if f.code == "kidney-disease"])
    table = _table("Product", "Variant", "Compound mg", "Elemental mg", "mmol", "mEq")
    for p in r.products:
        variant = _t(f"{p.variant.id} ({p.variant.elemental_mg_percent:.2f} % Mg)")
        if p.variant.default:
            variant.append(" default", style="dim")
        table.add_row(
            _t(p.text + (" (elemental)" if p.amount.elemental else "")),
            variant,
            _r(p.compound_mg, "compound_mg"),
            _r(p.elemental_mg, "elemental_mg"),
            _r(mmol_from_mg(cat, p.elemental_mg), "mmol"),
            _r(meq_from_mg(cat, p.elemental_mg), "meq"),
        )
    parts.append(table)
    for p in r.products:
        if p.measure:
            parts.append(
                _cited(f"{p.form.id}: measure used: {p.measure.label}.", p.measure.sources)
            )
    mg = r.elemental_mg
    parts.append(
        Text(
            f"Total elemental magnesium: {_r(mg, 'elemental_mg')} mg = "
            f"{_r(mmol_from_mg(cat, mg), 'mmol')} mmol = {_r(meq_from_mg(cat, mg), 'meq')} mEq",
            style="bold",
        )
    )
    who = "adult values used (no age given)" if r.assumed_adult else r.person.describe()
    parts.append(_t(f"Person: {who}."))
    for ref in r.rda:
        percent = r.percent_of(ref.mg)
        assert percent is not None
        parts.append(
            _t(f"{ref.kind} {ref.group}: {ref.mg:g} mg a day; this is {_r(percent, 'percent')} %.")
        )
    parts.append(_t(one_line(cat.intakes.note), "dim"))
    limit_line = _t(f"Upper limit, {r.limit.name}, {r.band.label}: ")
    if r.band.mg is None:
        limit_line.append("none set.")
    else:
        percent = r.percent_of(r.band.mg)
        assert percent is not None
        limit_line.append(f"{r.band.mg:g} mg a day; this is {_r(percent, 'percent')} %.")
    parts.append(limit_line)
    parts.append(_cited(r.limit.scope, r.limit.sources))
    for lim, band in r.other_limits:
        other = "none set"
        percent = r.percent_of(band.mg)
        if band.mg is not None and percent is not None:
            over = " (over this limit)" if r.elemental_mg > dec(band.mg) else ""
            other = f"{band.mg:g} mg a day; this is {_r(percent, 'percent')} %{over}"
        parts.append(_t(f"Also: {lim.name} ({lim.authority}), {band.label}: {other}.", "dim"))
    if not r.person.kidney_disease and not r.warned:
        parts.append(_t(f"Within the {r.limit.authority.upper()} supplemental upper limit."))
    shown = [f for f in r.findings if f.code != "kidney-disease"]
    parts += _findings_block(cat, shown)
    parts.append(_t("Note: " + one_line(cat.disclaimer), "dim"))
    return Group(*parts)


def rda(cat: Catalogue, refs: list[Reference] | None) -> RenderableType:
    parts: list[RenderableType] = []
    if refs is not None:
        for ref in refs:
            parts.append(Text(f"{ref.kind} for {clean(ref.group)}: {ref.mg:g} mg a day", "bold"))
    else:
        table = _table("Age", "Kind", "Male mg", "Female mg", "Pregnant mg", "Lactating mg")
        for b in cat.intakes.bands:
            cells = [b.male, b.female, b.pregnant, b.lactating]
            table.add_row(_t(b.label), b.kind, *("-" if c is None else f"{c:g}" for c in cells))
        parts.append(table)
    parts.append(_cited(cat.intakes.note, cat.intakes.sources))
    parts += _source_lines(cat, cat.intakes.sources)
    return Group(*parts, *_safety(cat))


def limits(cat: Catalogue) -> RenderableType:
    parts: list[RenderableType] = []
    for lim in cat.limits:
        parts.append(_heading(f"{lim.name} ({lim.authority})"))
        note = origin_note(lim)
        if note:
            parts.append(_t(note, "bold"))
        parts.append(_cited(lim.scope, lim.sources))
        table = _table("Age", "Upper limit mg a day", "Note")
        for b in lim.bands:
            table.add_row(_t(b.label), "none set" if b.mg is None else f"{b.mg:g}", _t(b.note))
        parts.append(table)
    parts += _source_lines(cat, [k for lim in cat.limits for k in lim.sources])
    return Group(*parts, *_safety(cat))


def interactions(
    cat: Catalogue, found: list[tuple[str | None, list[Interaction]]]
) -> RenderableType:
    from magref.doses import spacing_spread  # imported here: only these views need it

    parts: list[RenderableType] = []
    keys: list[str] = []
    for query, inters in found:
        if query is not None and not inters:
            parts.append(_t(f"{one_line(query)}: {NO_RECORD}."))
        for inter in inters:
            keys += inter.source_keys()
            title = f"{inter.name}  [{inter.severity.upper()}]"
            if query is not None:
                title = f"{one_line(query)}: {title}"
            parts.append(_heading(title))
            note = origin_note(inter)
            if note:
                parts.append(_t(note, "bold"))
            parts.append(_t("Drugs: " + ", ".join([*inter.drugs, *inter.brands])))
            parts.append(_cited(f"Effect: {inter.effect} Why: {inter.mechanism}", inter.sources))
            parts.append(_t(f"What to do: {one_line(inter.action)}"))
            for s in inter.spacing:
                parts.append(_cited(f"- {s.advice}", s.sources))
            spread = spacing_spread(inter)
            if spread:
                parts.append(_t(f"Spacing across sources: {spread[0]:g} to {spread[1]:g} hours."))
    parts.append(_heading("Severity scale (magref's grading of what its sources say)"))
    parts += [_t(f"{k.upper()}: {one_line(v)}") for k, v in cat.severity_scale.items()]
    if keys:
        parts += _source_lines(cat, keys)
    return Group(*parts, *_safety(cat))


def label(cat: Catalogue, reading: LabelReading) -> RenderableType:
    parts: list[RenderableType] = [_t(f"Label: {reading.text}", "bold")]
    what = "elemental magnesium" if reading.reading == "elemental" else "the compound's mass"
    parts.append(_t(f"Read as: {what}. {reading.why}"))
    p = reading.product
    if reading.elemental_mg is not None:
        parts.append(_t(f"Elemental magnesium: {_r(reading.elemental_mg, 'elemental_mg')} mg"))
    if p is not None:
        parts.append(
            _t(
                f"Compound ({p.form.name}, {p.variant.id}, {p.variant.elemental_mg_percent:.2f} % "
                f"Mg): {_r(p.compound_mg, 'compound_mg')} mg"
            )
        )
    else:
        parts.append(
            _t("Compound mass: unknown for a blend of " + ", ".join(f.id for f in reading.forms))
        )
    return Group(*parts, *_safety(cat))


def profile(saved: Profile, where: str) -> RenderableType:
    fields = {
        "age": saved.age or "-",
        "sex": saved.sex or "-",
        "stage": saved.stage or "-",
        "authority": saved.authority or "-",
        "kidney disease": "yes" if saved.kidney_disease else "no",
        "medications": ", ".join(saved.medications) or "-",
    }
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, value in fields.items():
        table.add_row(key, _t(value))
    return Group(table, _t(f"Saved in {where}", "dim"))


def paths(report: list[FileReport]) -> RenderableType:
    """One block per file, the path on a line of its own so that it is never cut short."""
    parts: list[RenderableType] = []
    for r in report:
        parts.append(_t(f"{r.role} ({r.access})", "bold"))
        parts.append(_t(f"  {r.path}"))
        parts.append(_t(f"  {r.status}", "bold" if r.problems else ""))
    parts.append(
        _t(
            "User catalogues are merged in this order; a later entry replaces an earlier one "
            "with the same id. Set MAGREF_CATALOGUE or pass --catalogue PATH for more.",
            "dim",
        )
    )
    return Group(*parts)
