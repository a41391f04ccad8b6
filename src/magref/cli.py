"""The command line: parse arguments, call one domain function, hand the result to a renderer."""

from __future__ import annotations

import functools
import importlib
import os
import sys
import tempfile
from collections.abc import Callable
from enum import StrEnum
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from magref import catalog, views
from magref.errors import MagrefError
from magref.model import Catalogue

app = typer.Typer(
    name="magref",
    help=(
        "Offline reference for magnesium supplement forms: elemental magnesium, evidence, side "
        "effects and the kidney-disease caution, with sources. Not medical advice."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class ViewFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


class ExportFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    csv = "csv"


F = TypeVar("F", bound=Callable[..., Any])


def _guarded(func: F) -> F:
    """Report magref's own errors as one or more lines on stderr and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MagrefError as exc:
            for line in str(exc).splitlines():
                typer.echo(f"magref: error: {line}", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _emit(fmt: str, view: str, *args: Any) -> None:
    """Render a view in a format and print it: rich only for the table format."""
    if fmt == "table":
        terminal = importlib.import_module("magref.render_terminal")
        terminal.print_view(getattr(terminal, view)(*args))
        return
    renderer = importlib.import_module(f"magref.render_{fmt}")
    sys.stdout.write(getattr(renderer, view)(*args))


def _catalogue() -> Catalogue:
    return catalog.load()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"magref {version('magref')}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Offline reference for magnesium supplement forms. Not medical advice.

    Exit codes: 0 ok, 1 data or lookup error, 2 usage error.
    """


FormatOption = Annotated[
    ViewFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


@app.command()
@_guarded
def show(
    form: Annotated[str, typer.Argument(help="Form id, name, alias or trade name.")],
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """One form in full: composition, absorption, uses, side effects, cautions, sources.

    Example: magref show glycinate
    """
    cat = _catalogue()
    _emit(fmt.value, "show", cat, catalog.find_form(cat, form))


@app.command()
@_guarded
def compare(
    forms: Annotated[
        list[str] | None, typer.Argument(help="Forms to compare (all if none).")
    ] = None,
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """Forms side by side, elemental magnesium shown as a number and a bar.

    Example: magref compare glycinate citrate oxide
    """
    cat = _catalogue()
    _emit(fmt.value, "compare", cat, catalog.find_forms(cat, forms or []))


@app.command("list")
@_guarded
def list_(
    use: Annotated[
        str | None, typer.Option("--use", help="Only forms studied for a use, e.g. sleep.")
    ] = None,
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """One line per form; --use shows what the evidence says for one use.

    Uses: deficiency, constipation, migraine, sleep, depression, anxiety, cognition, adhd,
    bipolar, cramps, heartburn, pre-eclampsia, heart-failure, sickle-cell.

    Example: magref list --use migraine
    """
    cat = _catalogue()
    topic = catalog.find_topic(cat, use) if use is not None else None
    _emit(fmt.value, "listing", cat, views.forms_for_topic(cat, topic), topic)


@app.command()
@_guarded
def search(
    text: Annotated[str, typer.Argument(help="Words to find in names, aliases, uses and notes.")],
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """Find forms by name, alias, trade name, use or note text.

    Example: magref search "milk of magnesia"
    """
    cat = _catalogue()
    if not text.strip():
        raise MagrefError("search text is empty")
    _emit(fmt.value, "search", cat, text, views.search(cat, text))


@app.command()
@_guarded
def export(
    forms: Annotated[
        list[str] | None, typer.Argument(help="Forms to export (all if none).")
    ] = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ExportFormat.markdown,
    output: Annotated[
        str, typer.Option("--output", "-o", help="File to write, or - for stdout.")
    ] = "-",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Export forms as Markdown, JSON or CSV, with sources and the safety notes.

    Example: magref export --format json -o magnesium.json
    """
    cat = _catalogue()
    selected = catalog.find_forms(cat, forms or [])
    renderer = importlib.import_module(f"magref.render_{fmt.value}")
    text: str = renderer.export(cat, selected)
    if output == "-":
        sys.stdout.write(text)
    else:
        _write_file(Path(output), text, force)


def _write_file(path: Path, text: str, force: bool) -> None:
    """Write atomically: a temporary file in the same directory, then a rename."""
    if path.exists() and not force:
        raise MagrefError(f"{path} exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise MagrefError(f"cannot write {path}: directory {path.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise MagrefError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise MagrefError(f"cannot write {path}: {exc.strerror}") from None


def main() -> None:
    """Console-script entry point; a closed pipe (`magref export | head -1`) ends quietly."""
    try:
        app(prog_name="magref")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
