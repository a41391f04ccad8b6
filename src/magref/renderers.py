"""The renderers, by format, as typed registries that mypy checks: each format's module must
provide the views of its protocol with these signatures. The terminal modules (rich) are
imported only when the table format is asked for; machine formats never import rich."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from magref.doses import DoseReport
    from magref.evidence import ClaimRow, SourceReport, TopicReport
    from magref.labels import LabelReading
    from magref.medicines import Lookup
    from magref.model import Authority, Catalogue, Form, Profile
    from magref.planner import Plan
    from magref.reference import ReferenceReport
    from magref.serum import SerumReading
    from magref.views import FileReport, SearchHit

R = TypeVar("R", covariant=True)  # what a view returns: text, or a rich renderable


class FormViews(Protocol[R]):
    """The views of forms: terminal, Markdown and JSON."""

    def show(self, cat: Catalogue, form: Form) -> R: ...

    def compare(self, cat: Catalogue, forms: list[Form]) -> R: ...

    def listing(self, cat: Catalogue, forms: list[Form], report: TopicReport | None) -> R: ...

    def search(self, cat: Catalogue, query: str, hits: list[SearchHit]) -> R: ...


class Exporter(Protocol):
    """An export format: Markdown, JSON or CSV text, whole or as chunks to write in turn."""

    def export(self, cat: Catalogue, forms: list[Form]) -> str: ...

    def export_chunks(self, cat: Catalogue, forms: list[Form]) -> Iterator[str]: ...


class ReportViews(Protocol[R]):
    """The views of doses, reference values, interactions, labels, the profile and files:
    terminal and JSON."""

    def dose(self, cat: Catalogue, r: DoseReport) -> R: ...

    def rda(self, cat: Catalogue, authorities: list[Authority], r: ReferenceReport | None) -> R: ...

    def limits(
        self, cat: Catalogue, authorities: list[Authority], r: ReferenceReport | None
    ) -> R: ...

    def interactions(self, cat: Catalogue, found: list[Lookup], everything: bool) -> R: ...

    def plan(self, cat: Catalogue, p: Plan) -> R: ...

    def label(self, cat: Catalogue, reading: LabelReading) -> R: ...

    def serum(self, cat: Catalogue, reading: SerumReading) -> R: ...

    def profile(self, current: Profile, where: str, saved: bool) -> R: ...

    def paths(self, report: list[FileReport]) -> R: ...

    def claims(self, cat: Catalogue, rows: list[ClaimRow]) -> R: ...

    def source(self, cat: Catalogue, report: SourceReport) -> R: ...


def terminal_forms() -> FormViews[object]:
    from magref import render_terminal

    return render_terminal


def terminal_reports() -> ReportViews[object]:
    from magref import render_terminal_reports

    return render_terminal_reports


def text_forms(fmt: str) -> FormViews[str]:
    """Markdown or JSON form views."""
    if fmt == "markdown":
        from magref import render_markdown

        return render_markdown
    from magref import render_json

    return render_json


def text_reports() -> ReportViews[str]:
    from magref import render_json_reports

    return render_json_reports


def exporter(fmt: str) -> Exporter:
    if fmt == "markdown":
        from magref import render_markdown

        return render_markdown
    if fmt == "csv":
        from magref import render_csv

        return render_csv
    from magref import render_json

    return render_json
