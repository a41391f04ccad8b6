"""Terminal views of marketing claims and of what magref knows of a source, drawn with rich as
blocks rather than tables, so no width can drop a note. (Findings and topics are drawn in
render_terminal.py, with the forms.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType

from magref.model import Catalogue
from magref.render_terminal import cited, heading, plain, safety_notes, source_lines
from magref.render_terminal_layout import Glued
from magref.text import one_line

if TYPE_CHECKING:
    from magref.evidence import ClaimRow, SourceReport


def claims(cat: Catalogue, rows: list[ClaimRow]) -> RenderableType:
    parts: list[RenderableType] = []
    if not rows:
        parts.append(plain("No marketing claim is recorded for these forms."))
    for row in rows:
        line = Glued(one_line(row.claim), style="italic")
        parts.append(line)
        forms = ", ".join(row.forms) or "magnesium in general"
        parts.append(plain(f"  Forms: {forms}. Verdict: {row.verdict}", "bold"))
        parts.append(cited("  " + row.evidence, row.sources))
    verdicts = "; ".join(f"{k}: {one_line(v)}" for k, v in cat.claim_verdicts.items())
    parts.append(plain(verdicts, "dim"))
    keys = [k for r in rows for k in r.sources]
    return Group(*parts, *source_lines(cat, keys), *safety_notes(cat))


def source(cat: Catalogue, report: SourceReport) -> RenderableType:
    parts: list[RenderableType] = []
    if report.source is not None and report.key is not None:
        src = report.source
        head = Glued(report.key, style="bold")
        head.append("  " + one_line(src.citation))
        parts.append(head)
        ids = "; ".join(src.identifiers())
        status = "primary text read" if src.status == "primary-read" else "secondary sources only"
        parts.append(
            plain(f"  {src.kind}; {status}; {ids}" + (f"; read {src.read}" if src.read else ""))
        )
        if src.note:
            parts.append(plain("  " + one_line(src.note), "dim"))
        parts.append(heading(f"What magref says on this source ({len(report.citations)})"))
        if not report.citations:
            parts.append(plain("  Nothing in the catalogue cites it."))
        for c in report.citations:
            parts.append(plain(f"- {one_line(c.where)}: {one_line(c.text)}"))
    else:
        parts.append(plain(f"{report.query}: not a source magref cites.", "bold"))
    for check in report.checks:
        parts.append(heading(f"Citation check: {one_line(check.cited_as)}"))
        parts.append(
            plain(f"  Identifier cited: {check.identifier or 'none'}; matches: {check.matches}")
        )
        parts.append(plain("  What it really is: " + one_line(check.resolves_to)))
        if check.probable:
            parts.append(plain(f"  The study the pages most likely mean: {check.probable}"))
        parts.append(plain("  Found: " + one_line(check.found)))
        parts.append(plain("  Can support: " + one_line(check.supports)))
        parts.append(cited("  Cannot support: " + check.cannot_support, check.sources))
    keys = [k for c in report.checks for k in (*c.sources, *([c.probable] if c.probable else []))]
    return Group(*parts, *source_lines(cat, keys), *safety_notes(cat))
