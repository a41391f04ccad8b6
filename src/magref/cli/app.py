"""The magref app, the options and values several commands share, and the options given
before the command."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from magref import catalogue, completion, output
from magref.cli.internals import MagrefGroup
from magref.errors import UsageError
from magref.model import Catalogue

EXIT_CODES = (
    "Exit codes: 0 ok, 1 data or lookup error, 2 usage error, 3 warnings raised under "
    "--fail-on-warning (dose)."
)
EXAMPLES = """\b
Examples:
  magref show glycinate                     one form in full
  magref compare glycinate citrate oxide    forms side by side
  magref dose oxide 400mg --age 8           a dose against a child's limits
  magref interactions levothyroxine         what to do with a medicine
  magref label "Magnesium (as oxide) 400 mg"
  magref help dose                          the help of one command"""

app = typer.Typer(
    name="magref",
    cls=MagrefGroup,
    help=(
        "Offline reference for magnesium supplement forms: elemental magnesium, evidence, side "
        "effects and the kidney-disease caution, with sources. Not medical advice."
    ),
    epilog=f"{EXAMPLES}\n\n{EXIT_CODES}",
    no_args_is_help=True,
    add_completion=False,  # `magref completion SHELL` instead: explicit, no shell detection
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class ViewFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


class HumanOrJson(StrEnum):
    table = "table"
    json = "json"


class Colour(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class Sex(StrEnum):
    male = "male"
    female = "female"


class Stage(StrEnum):
    pregnant = "pregnant"
    lactating = "lactating"


FormatOption = Annotated[
    ViewFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
SimpleFormat = Annotated[
    HumanOrJson, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]
AgeOption = Annotated[
    str | None, typer.Option("--age", help="Age in years (35) or months (8m).", show_default=False)
]
SexOption = Annotated[Sex | None, typer.Option("--sex", help="Sex, for the RDA.")]
StageOption = Annotated[Stage | None, typer.Option("--stage", help="Pregnant or lactating.")]
WeightOption = Annotated[
    str | None,
    typer.Option(
        "--weight",
        help="Body weight in kg (70) or lb (154lb), for per-kg limits.",
        show_default=False,
    ),
]
AuthorityOption = Annotated[
    str | None,
    typer.Option(
        "--authority",
        help="Whose reference values: us, eu, dach, uk, anz, ca, jp, nordic, no (or a country), "
        "or all side by side.",
        autocompletion=completion.authorities,
    ),
]
NoProfileOption = Annotated[
    bool, typer.Option("--no-profile", help="Ignore the saved profile (magref profile).")
]


def text(value: str, what: str) -> str:
    """A typed value that must not be empty (or only spaces): a usage error otherwise."""
    if not value.strip():
        raise UsageError(f"{what} is empty")
    return value


def path(value: str, what: str) -> str:
    """A typed file path: not empty, and without a NUL byte (no file can have one)."""
    text(value, what)
    if "\0" in value:
        raise UsageError(f"{what} contains a NUL byte, which no file name can")
    return value


def user_files() -> list[catalogue.UserFile]:
    import os

    return catalogue.user_files(os.environ, output.settings.catalogues)


def load() -> Catalogue:
    """The bundled catalogue with the user's files merged in; a broken file is an error."""
    return catalogue.load(catalogue.files_to_load(user_files()))


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version  # 10 ms: only --version pays for it

        typer.echo(f"magref {version('magref')}")
        cat = catalogue.load_bundled()
        typer.echo(f"catalogue {cat.catalogue_version}, reviewed {cat.reviewed}")
        typer.echo(f"catalogue schema {cat.schema_version}")
        raise typer.Exit()


@app.callback(epilog=f"{EXAMPLES}\n\n{EXIT_CODES}")
def _root(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    catalogues: Annotated[
        list[str] | None,
        typer.Option(
            "--catalogue",
            metavar="PATH",
            help="A user catalogue to merge in (repeatable), after the default user file and "
            "MAGREF_CATALOGUE. See: magref paths.",
            show_default=False,
        ),
    ] = None,
    colour: Annotated[
        Colour,
        typer.Option(
            "--color",
            "--colour",
            help="Colour in tables: auto (a terminal, and NO_COLOR unset; FORCE_COLOR forces "
            "it), always or never.",
            case_sensitive=False,
        ),
    ] = Colour.auto,
) -> None:
    """Offline reference for magnesium supplement forms. Not medical advice.

    Example: magref compare glycinate citrate oxide
    """
    paths = catalogues or []
    for given in paths:
        path(given, "--catalogue")
    output.settings.catalogues = paths
    output.settings.colour = colour.value
