"""Commands that show forms: show, compare, list, search and export."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from magref import catalogue, completion, output
from magref.cli.app import (
    FormatOption,
    HumanOrJson,
    SimpleFormat,
    ViewFormat,
    app,
    load,
    path,
    text,
)
from magref.cli.internals import DataHelpCommand, MagrefCommand
from magref.errors import MagrefError, UsageError


class ExportFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    csv = "csv"
    datapackage = "datapackage"


@app.command(cls=MagrefCommand)
def show(
    form: Annotated[
        list[str],
        typer.Argument(
            help="Form id, name, alias or trade name; a name of several words needs no quotes.",
            autocompletion=completion.forms,
            show_default=False,
            metavar="FORM",
        ),
    ],
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """One form in full, with its sources and cautions.

    Composition, absorption, uses, side effects, cautions and sources.

    Example: magref show magnesium glycinate
    """
    cat = load()
    from magref.views import with_safety

    found = with_safety(cat, catalogue.find_form(cat, " ".join(form)))
    output.forms_view(fmt.value, lambda views: views.show(cat, found))


@app.command(cls=MagrefCommand)
def compare(
    forms: Annotated[
        list[str] | None,
        typer.Argument(help="Forms to compare (all if none).", autocompletion=completion.forms),
    ] = None,
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """Forms side by side, elemental magnesium as a number and a bar.

    Example: magref compare glycinate citrate oxide
    """
    cat = load()
    found = catalogue.find_forms(cat, forms or [])
    output.forms_view(fmt.value, lambda views: views.compare(cat, found))


@app.command("list", cls=DataHelpCommand)
def list_(
    use: Annotated[
        str | None,
        typer.Option(
            "--use",
            help="One use (sleep, or a word such as insomnia): its evidence, forms ranked.",
            autocompletion=completion.uses,
        ),
    ] = None,
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """One line per form, or the forms ranked for one use (--use).

    --use shows what the evidence says for one use, with its reviews and guidelines and the
    forms ranked by the strength of their evidence.

    Uses: {uses}.

    Example: magref list --use migraine
    """
    from magref import evidence

    cat = load()
    topic = catalogue.find_topic(cat, text(use, "--use")) if use is not None else None
    forms = list(cat.forms)
    report = evidence.topic_report(cat, topic, forms) if topic is not None else None
    output.forms_view(fmt.value, lambda v: v.listing(cat, forms, report))


@app.command(cls=MagrefCommand)
def search(
    query: Annotated[
        str, typer.Argument(help="Words to find in names, aliases, uses and notes.", metavar="text")
    ],
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """Find forms by name, alias, trade name, use or note text.

    Example: magref search "milk of magnesia"
    """
    from magref import views

    text(query, "the search text")
    cat = load()
    hits = views.search(cat, query)
    output.forms_view(fmt.value, lambda v: v.search(cat, query, hits))


@app.command(cls=MagrefCommand)
def export(
    forms: Annotated[
        list[str] | None,
        typer.Argument(help="Forms to export (all if none).", autocompletion=completion.forms),
    ] = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ExportFormat.markdown,
    to: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="File to write, or - for stdout; an existing file needs --force. For "
            "datapackage, the directory to write.",
        ),
    ] = "-",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Forms as Markdown, JSON or CSV, with sources and safety notes.

    --format datapackage writes the whole catalogue as an open data package: CSV tables
    described by datapackage.json (Frictionless), into the directory -o names.

    Example: magref export --format json -o magnesium.json
    """
    from magref import renderers

    path(to, "the --output path (use - for stdout)")
    cat = load()
    if fmt is ExportFormat.datapackage:
        if forms:
            raise UsageError("a data package holds the whole catalogue; name no forms")
        if to == "-":
            raise UsageError("a data package is a directory of files: give it with -o DIR")
        output.write_package(to, cat, force)
        return
    from magref.views import with_safety

    chosen = [with_safety(cat, f) for f in catalogue.find_forms(cat, forms or [])]
    exported = renderers.exporter(fmt.value).export_chunks(cat, chosen)
    if to == "-":
        output.write_chunks(exported)
    else:
        output.write_file(to, exported, force)


@app.command(cls=MagrefCommand)
def claims(
    forms: Annotated[
        list[str] | None,
        typer.Argument(help="Only claims about these forms.", autocompletion=completion.forms),
    ] = None,
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Marketing claims, each with the evidence and a verdict.

    Example: magref claims glycinate
    """
    from magref import evidence

    cat = load()
    chosen = catalogue.find_forms(cat, forms) if forms else None
    rows = evidence.claims(cat, chosen)
    output.report_view(fmt.value, lambda views: views.claims(cat, rows))


@app.command(cls=MagrefCommand)
def source(
    identifier: Annotated[
        str,
        typer.Argument(
            help="A PMID, DOI, PMCID or source key, e.g. 35458631 or tarleton2017.",
            metavar="ID",
        ),
    ],
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """A source, and every claim in magref resting on it.

    For an identifier a marketing page cites, whether it belongs to the paper named.

    Example: magref source 35458631
    """
    from magref import evidence

    text(identifier, "the identifier")
    cat = load()
    report = evidence.source_report(cat, identifier)
    output.report_view(fmt.value, lambda views: views.source(cat, report))


class CiteFormat(StrEnum):
    bibtex = "bibtex"
    csl_json = "csl-json"


@app.command(cls=MagrefCommand)
def cite(
    identifier: Annotated[
        str,
        typer.Argument(
            help="A source key, PMID, DOI or PMCID, as magref source takes.", metavar="ID"
        ),
    ],
    fmt: Annotated[
        CiteFormat,
        typer.Option("--format", "-f", help="Reference-manager format.", case_sensitive=False),
    ] = CiteFormat.bibtex,
) -> None:
    """A source as BibTeX or CSL-JSON, for a reference manager.

    The source's citation, as magref records it, is the entry's title; its DOI, PMID and PMCID
    have their own fields. To cite magref itself, see CITATION.cff or the README.

    Example: magref cite firoz2001 --format csl-json
    """
    from magref import citation, evidence

    text(identifier, "the identifier")
    report = evidence.source_report(load(), identifier)
    if report.key is None or report.source is None:
        raise MagrefError(
            f"{identifier!r} is recorded only in a citation check, not as a catalogue source; "
            f"magref source {identifier} shows what is known of it"
        )
    render = citation.bibtex if fmt is CiteFormat.bibtex else citation.csl_json
    output.write(render(report.key, report.source))
