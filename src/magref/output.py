"""What magref writes and how: views to stdout through the renderer registry (rich only for
the table format), colour rules, a reader that goes away, error lines on stderr, and export
files written atomically."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import typer

from magref import renderers
from magref.errors import MagrefError
from magref.text import clean

if TYPE_CHECKING:
    from magref.model import Catalogue


class Settings:
    """The options given before the command (magref --color ... COMMAND), for the command."""

    def __init__(self) -> None:
        self.catalogues: list[str] = []
        self.colour = "auto"


settings = Settings()


def colour_mode() -> str:
    """'always' or 'never': --color, else NO_COLOR, else FORCE_COLOR, else whether stdout is
    a terminal that can show colour."""
    if settings.colour != "auto":
        return settings.colour
    if os.environ.get("NO_COLOR"):
        return "never"
    if os.environ.get("FORCE_COLOR"):
        return "always"
    tty = sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    return "always" if tty else "never"


def forms_view(fmt: str, view: Callable[[renderers.FormViews[Any]], Any]) -> None:
    """Render a view of forms in a format (table, markdown or json) and print it."""
    if fmt == "table":
        _print(view(renderers.terminal_forms()))
    else:
        write(view(renderers.text_forms(fmt)))


def report_view(fmt: str, view: Callable[[renderers.ReportViews[Any]], Any]) -> None:
    """Render a report view (dose, rda, ...) in a format (table or json) and print it."""
    if fmt == "table":
        _print(view(renderers.terminal_reports()))
    else:
        write(view(renderers.text_reports()))


def _print(renderable: Any) -> None:
    from magref.render_terminal import print_view

    with pipe_guard():
        print_view(renderable, colour=colour_mode() == "always", width=terminal_width())


# Terminal widths magref lays out for: a COLUMNS or terminal size below the least is taken as
# unusable (0, negative, garbage) and the usual 80 is used; a huge one is capped.
LEAST_WIDTH, USUAL_WIDTH, MOST_WIDTH = 20, 80, 500


def terminal_width() -> int:
    """The width to lay views out for: COLUMNS when it is a usable number, else the terminal's
    own size, else 80; never below 20 or above 500 columns, so no width loses a line."""
    try:
        width = int(os.environ.get("COLUMNS", "").strip())
    except ValueError:
        width = 0
    if width <= 0:
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError, AttributeError):
            width = 0
    if width < LEAST_WIDTH:
        return USUAL_WIDTH
    return min(width, MOST_WIDTH)


def write(text: str) -> None:
    with pipe_guard():
        sys.stdout.write(text)


@contextlib.contextmanager
def pipe_guard() -> Iterator[None]:
    """A reader that went away (`magref export | head -1`) ends the command quietly, exit 0:
    it had all the output it wanted. Any other failure to write is one error line."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_closed_pipe()
        raise typer.Exit(0) from None
    except OSError as exc:  # a full disk (/dev/full), an I/O error: one line, exit 1
        quiet_closed_pipe()  # what could not be written is dropped, not retried at exit
        raise MagrefError(f"cannot write to standard output: {exc.strerror or exc}") from None


def quiet_closed_pipe() -> None:
    """Point stdout at /dev/null so Python's final flush cannot complain about the pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def interrupted() -> None:
    """The one line Ctrl-C ends with (exit 130), written directly so that it survives an
    interrupted write to stdout."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write("magref: interrupted\n")
        sys.stderr.flush()


def error(message: str) -> None:
    """One or more `magref: error: ` lines on stderr, with the text made safe to print."""
    for line in message.splitlines() or [""]:
        typer.echo(f"magref: error: {clean(shorten(line))}", err=True)


def shorten(line: str, most: int = 1000) -> str:
    """A diagnostic line cut to a readable length: a huge argument or path is not echoed whole."""
    if len(line) <= most:
        return line
    left_out = len(line) - most + 100
    return f"{line[: most - 200]} ... ({left_out:,} characters left out) ... {line[-100:]}"


def warning(message: str) -> None:
    """A `magref: warning: ` line on stderr, with the text made safe to print."""
    for line in message.splitlines() or [""]:
        typer.echo(f"magref: warning: {clean(line)}", err=True)


def report(exc: MagrefError) -> int:
    """Report one of magref's own errors on stderr; its exit code (1 data or lookup, 2 usage)."""
    error(str(exc))
    return exc.exit_code


def write_file(target: str, chunks: Iterable[str], force: bool) -> None:
    """Write an export atomically, never over an existing file or link without --force, and
    never over a directory or a device (files.write_new)."""
    from magref.files import write_new

    write_new(target, (chunk.encode("utf-8") for chunk in chunks), force)


def write_package(target: str, cat: Catalogue, force: bool) -> None:
    """The catalogue as a data package in directory `target` (files.write_directory)."""
    from importlib.metadata import metadata

    from magref import __version__, datapackage
    from magref.files import write_directory

    tables = datapackage.tables(cat)
    info = metadata("magref")
    licence = (info.get_all("License-Expression") or info.get_all("License") or ["unstated"])[0]
    files = {t.path: datapackage.csv_text(t).encode("utf-8") for t in tables}
    text = datapackage.descriptor(cat, tables, licence, __version__)
    files[datapackage.DESCRIPTOR] = text.encode("utf-8")
    write_directory(target, files, datapackage.DESCRIPTOR, force)


def write_chunks(chunks: Iterable[str]) -> None:
    """Write text to stdout piece by piece (a large export is never held whole)."""
    with pipe_guard():
        for chunk in chunks:
            sys.stdout.write(chunk)
