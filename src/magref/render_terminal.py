"""Terminal views of forms drawn with rich, the helpers every terminal view shares, and the
console that prints them. Catalogue text enters only as Text objects, never as markup. Only this
module and render_terminal_reports.py import rich."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from magref import evidence
from magref.model import Catalogue, Finding, Form, Topic
from magref.render_terminal_layout import (
    COMPARE_TABLE_WIDTH,
    ByWidth,
    Fit,
    Fitted,
    Glued,
    columns,
    without_leading_blank,
)
from magref.text import assay_text, clean, identifier_text, one_line
from magref.views import USER_MARK, SearchHit, origin_note, user_files_note
from magref.views_evidence import EVIDENCE_FOR_NOTE, evidence_for

if TYPE_CHECKING:
    from magref.evidence import TopicReport

BAR_CELLS = 12  # width of a 100 % elemental-magnesium bar
_EIGHTHS = " ▏▎▍▌▋▊▉"


def plain(text: str, style: str = "") -> Text:
    return Glued(clean(text), style=style)


def cited(text: str, keys: Iterable[str]) -> Text:
    out = plain(one_line(text))
    refs = " ".join(f"[{k}]" for k in keys)
    if refs:
        out.append(" " + refs, style="dim")
    return out


def heading(text: str) -> Text:
    return Glued("\n" + text, style="bold underline")


def bar(percent: float) -> str:
    """A bar of BAR_CELLS cells for 100 %, drawn in eighths of a cell."""
    eighths = round(max(0.0, min(percent, 100.0)) / 100 * BAR_CELLS * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def safety_notes(cat: Catalogue) -> list[RenderableType]:
    caution = Glued("WARNING ", style="bold red")
    caution.append_text(cited(cat.kidney_caution.text, cat.kidney_caution.sources))
    return [Glued(""), caution, plain("Note: " + one_line(cat.disclaimer), "dim")]


def new_table(*columns: str, **kwargs: object) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, **kwargs)  # type: ignore[arg-type]
    for column in columns:
        justify = "right" if column.endswith(("%", "g/mol")) else "left"
        # fold, not ellipsis: in a narrow terminal a long word breaks, but nothing is cut off
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return table


def source_lines(cat: Catalogue, keys: Iterable[str]) -> list[RenderableType]:
    lines: list[RenderableType] = [heading("Sources")]
    for key in dict.fromkeys(keys):
        src = cat.sources[key]
        line = Glued(f"[{key}] ", style="bold")
        line.append_text(plain(one_line(src.citation)))
        line.append(" " + "; ".join(clean(i) for i in src.identifiers()))
        if src.status == "secondary-only":
            line.append(" (known from secondary sources only)", style="italic")
        lines.append(line)
    return lines


def show(cat: Catalogue, f: Form) -> RenderableType:
    parts: list[RenderableType] = []
    title = Glued(clean(f.name), style="bold")
    title.append(f"  ({clean(f.id)})", style="dim")
    parts += [title]
    note = origin_note(f)
    if note:
        parts.append(plain(note, "bold"))
    names = [*f.aliases, *f.trade_names]
    if names:
        parts.append(plain("Also called: " + ", ".join(one_line(n) for n in names)))
    parts.append(plain(one_line(f.summary)))

    parts.append(heading("Composition"))
    comp = new_table("Variant", "Formula", "Hydrate", "g/mol", "Elemental Mg %")
    for v in f.variants:
        name = plain(one_line(v.name) + (" (default)" if v.default else ""))
        comp.add_row(
            name,
            plain(v.formula),
            plain(v.hydrate),
            f"{v.molar_mass:.2f}",
            f"{v.elemental_mg_percent:.2f}",
        )
    parts.append(Fit(comp))
    for v in f.variants:
        if v.note:
            parts.append(cited(f"{one_line(v.name)}: {v.note}", v.sources))
    for lf in f.label_figures:
        line = plain(f"Label figure: {one_line(lf.label)} = {lf.elemental_mg_percent:g} %. ")
        line.append_text(cited(lf.why, lf.sources))
        parts.append(line)
    for v in f.variants:
        for ident in v.identifiers:
            text = f"Identifier of {one_line(v.name)}: {identifier_text(ident)}"
            parts.append(cited(text, ident.sources))
    for measure in f.measures:
        text = f"Measure for magref dose ({measure.unit}): {measure.label}."
        parts.append(cited(text, measure.sources))
    for assay in f.assays:
        parts.append(cited(f"Content as sold: {assay_text(assay)}", assay.sources))
    parts.append(cited("Solubility: " + f.solubility.summary, f.solubility.sources))

    parts.append(heading(f"Absorption ({f.absorption.design.replace('-', ' ')})"))
    parts.append(cited(f.absorption.summary, f.absorption.sources))

    parts.append(heading("Uses"))
    if f.uses:
        parts += _uses(cat, f)
    else:
        parts.append(plain("No use with evidence is recorded for this form."))

    lax = f.side_effects.laxative
    parts.append(heading(f"Side effects (laxative strength: {lax})"))
    parts.append(plain(f"{lax}: {one_line(cat.laxative_scale[lax])}", "dim"))
    parts.append(cited(f.side_effects.summary, f.side_effects.sources))

    if f.cautions:
        parts.append(heading("Cautions"))
        parts += [cited("- " + c.text, c.sources) for c in f.cautions]

    if f.marketing:
        parts.append(heading("Marketing claims and the evidence"))
        for m in f.marketing:
            parts.append(plain("Claim: " + one_line(m.claim), "italic"))
            parts.append(plain("  Verdict: " + m.verdict, "bold"))
            parts.append(cited("  Evidence: " + m.evidence, m.sources))

    parts += source_lines(cat, [*f.source_keys(), *cat.kidney_caution.sources])
    parts += safety_notes(cat)
    return Group(*parts)


def compare(cat: Catalogue, forms: list[Form]) -> RenderableType:
    table = new_table(
        "Form and formula", "Mg %", "", "Absorption study", "Laxative", "Human evidence for"
    )
    table.columns[3].no_wrap = True  # evidence levels are read as whole words
    blocks: list[RenderableType] = []
    for f in forms:
        v = f.default_variant
        short = f.name.removeprefix("Magnesium ").removeprefix("magnesium ")
        name = plain(short)
        if f.origin:
            name.append(USER_MARK, style="bold")
        name.append("\n" + clean(v.formula), style="dim")
        table.add_row(
            name,
            f"{v.elemental_mg_percent:.2f}",
            Glued(bar(v.elemental_mg_percent), style="cyan"),
            plain(f.absorption.design),
            plain(f.side_effects.laxative),
            plain(evidence_for(cat, f)),
        )
        block = plain(short + (USER_MARK if f.origin else ""), "bold")
        block.append(f"  {clean(v.formula)}", style="dim")
        block.append(f"\n  Mg {v.elemental_mg_percent:.2f} % ")
        block.append(bar(v.elemental_mg_percent), style="cyan")
        block.append(f"\n  absorption study: {f.absorption.design}")
        block.append(f"; laxative: {f.side_effects.laxative}")
        block.append(f"\n  human evidence for: {clean(evidence_for(cat, f))}")
        blocks.append(block)
    note = plain(
        "Mg % is elemental magnesium in the default variant; the bar is drawn to 100 %. "
        "Absorption shows the kind of study. " + EVIDENCE_FOR_NOTE + " "
        "`magref show FORM` has the details and sources.",
        "dim",
    )
    user = user_files_note(forms)
    view = ByWidth(table, Group(*blocks), COMPARE_TABLE_WIDTH)
    return Group(view, note, *([plain(user, "bold")] if user else []), *safety_notes(cat))


def listing(cat: Catalogue, forms: list[Form], report: TopicReport | None) -> RenderableType:
    if report is not None:
        return _topic_listing(cat, report)
    rows = []
    for f in forms:
        name = one_line(f.name) + (USER_MARK if f.origin else "")
        pct = f"{f.default_variant.elemental_mg_percent:.2f} %"
        rows.append((f.id, name, pct, one_line(f.summary)))
    parts: list[RenderableType] = [Fitted(lambda width: columns(rows, width, right=frozenset({2})))]
    user = user_files_note(forms)
    if user:
        parts.append(plain(user, "bold"))
    return Group(*parts, *safety_notes(cat))


def search(cat: Catalogue, query: str, hits: list[SearchHit]) -> RenderableType:
    if not hits:
        return Group(plain(f"No form matches {one_line(query)!r}."), *safety_notes(cat))
    rows = [(h.form.id, h.field, one_line(h.text)) for h in hits]
    view = Fitted(lambda width: columns(rows, width))
    return Group(view, *safety_notes(cat))


# ---- evidence: a finding as a block (its GRADE statement, the certainty and whose rating it
# is, what was studied, the notes a reader must see); a topic with its findings, guidelines and
# forms ranked. Blocks rather than tables, so no width can drop a note.


def finding_block(
    cat: Catalogue, finding: Finding, form: Form | None, title: str | None = None
) -> list[RenderableType]:
    """A finding: the title line (a use's name, else the design), its statement with sources,
    what was studied, and its notes."""
    head = Glued(one_line(title) if title else finding.design.replace("-", " "), style="bold")
    head.append(f"  {finding.direction}; certainty: {evidence.certainty_label(cat, finding)}")
    lines: list[RenderableType] = [head, cited("  " + finding.statement, finding.sources)]
    if finding.design != "none":
        lines.append(plain("  Studied: " + one_line(evidence.studied(finding)), "dim"))
    if finding.note:
        lines.append(plain("  " + one_line(finding.note)))
    lines += [plain("  ! " + note, "yellow") for note in evidence.notes(cat, finding, form)]
    return lines


def _uses(cat: Catalogue, form: Form) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for use in sorted(form.uses, key=evidence.strength):
        parts += finding_block(cat, use, form, cat.topic(use.topic).name)
    return parts


def _topic(cat: Catalogue, topic: Topic) -> list[RenderableType]:
    parts: list[RenderableType] = [Glued(one_line(topic.name), style="bold underline")]
    parts.append(plain(topic.summary))
    if topic.words:
        parts.append(plain("Also asked as: " + ", ".join(topic.words), "dim"))
    said = evidence.disagreement(topic.findings)
    if said:
        parts.append(plain(said, "bold yellow"))
    parts.append(heading("What the reviews and trials found"))
    for finding in topic.findings:
        parts += finding_block(cat, finding, None)
    if topic.guidelines:
        parts.append(heading("Guidelines"))
        for g in topic.guidelines:
            line = Glued(one_line(g.body), style="bold")
            line.append(": " + one_line(g.rating))
            parts += [line, cited("  " + g.meaning, g.sources)]
    return parts


def _topic_listing(cat: Catalogue, report: TopicReport) -> RenderableType:
    """`list --use`: the topic, then forms by the strength of their evidence, then those with
    none."""
    parts = _topic(cat, report.topic)
    parts.append(heading("Forms, strongest evidence first"))
    for form, use in report.ranked:
        parts += finding_block(cat, use, form, f"{form.id} ({form.name})")
    if not report.ranked:
        parts.append(plain("No form records its own finding for this; see the topic above."))
    if report.without:
        names = ", ".join(f.id for f in report.without)
        parts.append(plain(f"No evidence recorded for this use: {names}."))
    keys = [*report.topic.source_keys(), *(k for _, u in report.ranked for k in u.sources)]
    return Group(*parts, *source_lines(cat, keys), *safety_notes(cat))


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
    console.print(without_leading_blank(renderable))


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
    console.print(without_leading_blank(renderable))
    return console.export_svg(title=title)
