"""The command line: parse arguments, call one domain function, hand the result to a renderer."""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from magref import catalogue
from magref.errors import CatalogueError, MagrefError, UsageError
from magref.model import Catalogue
from magref.text import clean, one_line

if TYPE_CHECKING:
    from magref import doses

_CLICK = sys.modules[typer.BadParameter.__module__]  # click's exceptions, as typer ships them

EXIT_CODES = (
    "Exit codes: 0 ok, 1 data or lookup error, 2 usage error, 3 warnings raised under "
    "--fail-on-warning."
)


class _Magref(TyperGroup):
    """magref's command group. A usage error is one line on stderr (exit 2), a closed pipe
    (`magref export | head -1`) ends quietly, and nothing a user types ends in a traceback."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        # Bytes that are not UTF-8 reach Python as lone surrogates, which cannot be printed or
        # put in JSON: every argument is made valid text (U+FFFD for such bytes) on the way in.
        args = [_valid_text(a) for a in (sys.argv[1:] if args is None else args)]
        if "_MAGREF_COMPLETE" in os.environ:  # a shell asks for completions (magref completion)
            importlib.import_module("typer.completion").completion_init()
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except _CLICK.NoArgsIsHelpError as exc:
            typer.echo(exc.format_message(), err=True)
            code = 2
        except typer.TyperException as exc:
            command = getattr(getattr(exc, "ctx", None), "command_path", "magref")
            message = one_line(exc.format_message()).replace("Value error, ", "")
            hint = f" (see '{command} --help')" if isinstance(exc, _CLICK.UsageError) else ""
            typer.echo(f"magref: error: {message}{hint}", err=True)
            code = getattr(exc, "exit_code", 2)
        except typer.Abort:
            typer.echo("magref: aborted", err=True)
            code = 130
        except BrokenPipeError:
            _quiet_closed_pipe()
            code = 0
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def _valid_text(arg: str) -> str:
    return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _text(value: str, what: str) -> str:
    """A typed value that must not be empty (or only spaces): a usage error otherwise."""
    if not value.strip():
        raise UsageError(f"{what} is empty")
    return value


def _path(value: str, what: str) -> str:
    """A typed file path: not empty, and without a NUL byte (no file can have one)."""
    _text(value, what)
    if "\0" in value:
        raise UsageError(f"{what} contains a NUL byte, which no file name can")
    return value


def _quiet_closed_pipe() -> None:
    """Point stdout at /dev/null so Python's final flush cannot complain about the pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


app = typer.Typer(
    name="magref",
    cls=_Magref,
    help=(
        "Offline reference for magnesium supplement forms: elemental magnesium, evidence, side "
        "effects and the kidney-disease caution, with sources. Not medical advice."
    ),
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,  # `magref completion SHELL` instead: explicit, no shell detection
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


class Colour(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class _Settings:
    """The options given before the command, for the command to use."""

    def __init__(self) -> None:
        self.catalogues: list[str] = []
        self.colour = Colour.auto


_settings = _Settings()

F = TypeVar("F", bound=Callable[..., Any])


def _guarded(func: F) -> F:
    """Report magref's own errors as one or more lines on stderr, never a traceback; the
    exit code is the error's (1 data or lookup, 2 usage)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except MagrefError as exc:
            for line in str(exc).splitlines():
                typer.echo(f"magref: error: {clean(line)}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _colour_mode() -> str:
    """'always' or 'never': --color, else NO_COLOR, else FORCE_COLOR, else whether stdout is
    a terminal that can show colour."""
    if _settings.colour is not Colour.auto:
        return _settings.colour.value
    if os.environ.get("NO_COLOR"):
        return "never"
    if os.environ.get("FORCE_COLOR"):
        return "always"
    tty = sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
    return "always" if tty else "never"


def _emit(fmt: str, view: str, *args: Any) -> None:
    """Render a view in a format and print it: rich only for the table format."""
    if fmt == "table":
        terminal = importlib.import_module("magref.render_terminal")
        renderable = getattr(terminal, view)(*args)
        with _pipe_guard():
            terminal.print_view(renderable, colour=_colour_mode() == "always")
        return
    renderer = importlib.import_module(f"magref.render_{fmt}")
    _write(getattr(renderer, view)(*args))


def _write(text: str) -> None:
    with _pipe_guard():
        sys.stdout.write(text)


@contextlib.contextmanager
def _pipe_guard() -> Iterator[None]:
    """A reader that went away (`magref export | head -1`) ends the command quietly, exit 0:
    it had all the output it wanted."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_closed_pipe()
        raise typer.Exit(0) from None


def _user_files() -> list[catalogue.UserFile]:
    return catalogue.user_files(os.environ, _settings.catalogues)


def _catalogue() -> Catalogue:
    """The bundled catalogue with the user's files merged in; a broken file is an error."""
    return catalogue.load(catalogue.files_to_load(_user_files()))


# ---- shell completion: the catalogue's own names, user files included ----------------------


def _completion_catalogue(ctx: typer.Context) -> Catalogue | None:
    options = ctx.find_root().params.get("catalogue") or []
    for files in (catalogue.files_to_load(catalogue.user_files(os.environ, options)), ()):
        try:
            return catalogue.load(files)
        except MagrefError:
            continue  # a broken user file: complete from the bundled catalogue alone
    return None


def _word(name: str) -> str:
    """A name as one shell word: spaces become hyphens, which lookups treat alike."""
    return "-".join(name.split())


def _matching(candidates: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    wanted = incomplete.casefold()
    found = {_word(n): help for n, help in candidates if _word(n).casefold().startswith(wanted)}
    return list(found.items())


def _complete_forms(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Form ids, names, aliases and trade names; FORM:VARIANT once a colon is typed."""
    cat = _completion_catalogue(ctx)
    if cat is None:
        return []
    if ":" in incomplete:
        pairs = [
            (f"{name}:{v.id}", v.name) for f in cat.forms for name in f.names() for v in f.variants
        ]
        return _matching(pairs, incomplete)
    return _matching([(n, f.name) for f in cat.forms for n in f.names()], incomplete)


def _words_typed() -> list[str]:
    """The command line being completed. Typer does not pass it to completion functions, so it
    is read where the shell scripts put it: COMP_WORDS (bash) or _TYPER_COMPLETE_ARGS."""
    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    return line.split()


def _complete_variants(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Variants of the forms named so far on the command line, else of every form."""
    cat = _completion_catalogue(ctx)
    if cat is None:
        return []
    words = _words_typed()
    typed = {
        catalogue.normalise(" ".join(words[i:j]))
        for i in range(len(words))
        for j in (i + 1, i + 2, i + 3)
    }
    named = [f for f in cat.forms if typed & {catalogue.normalise(n) for n in f.names()}]
    return _matching([(v.id, v.name) for f in named or cat.forms for v in f.variants], incomplete)


def _complete_drugs(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    cat = _completion_catalogue(ctx)
    if cat is None:
        return []
    return _matching([(n, i.name) for i in cat.interactions for n in i.names()], incomplete)


def _complete_uses(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    cat = _completion_catalogue(ctx)
    return _matching([(t.id, t.name) for t in cat.topics], incomplete) if cat else []


def _complete_authorities(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    cat = _completion_catalogue(ctx)
    return _matching([(lim.authority, lim.name) for lim in cat.limits], incomplete) if cat else []


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version  # 10 ms: only --version pays for it

        typer.echo(f"magref {version('magref')}")
        raise typer.Exit()


@app.callback(epilog=EXIT_CODES)
@_guarded
def _root(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    catalogue: Annotated[
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
    paths = catalogue or []
    for path in paths:
        _path(path, "--catalogue")
    _settings.catalogues = paths
    _settings.colour = colour


FormatOption = Annotated[
    ViewFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


@app.command(epilog=EXIT_CODES)
@_guarded
def show(
    form: Annotated[
        str,
        typer.Argument(help="Form id, name, alias or trade name.", autocompletion=_complete_forms),
    ],
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """One form in full: composition, absorption, uses, side effects, cautions, sources.

    Example: magref show glycinate
    """
    cat = _catalogue()
    _emit(fmt.value, "show", cat, catalogue.find_form(cat, form))


@app.command(epilog=EXIT_CODES)
@_guarded
def compare(
    forms: Annotated[
        list[str] | None,
        typer.Argument(help="Forms to compare (all if none).", autocompletion=_complete_forms),
    ] = None,
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """Forms side by side, elemental magnesium shown as a number and a bar.

    Example: magref compare glycinate citrate oxide
    """
    cat = _catalogue()
    _emit(fmt.value, "compare", cat, catalogue.find_forms(cat, forms or []))


@app.command("list", epilog=EXIT_CODES)
@_guarded
def list_(
    use: Annotated[
        str | None,
        typer.Option(
            "--use", help="Only forms studied for a use, e.g. sleep.", autocompletion=_complete_uses
        ),
    ] = None,
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """One line per form; --use shows what the evidence says for one use.

    Uses: deficiency, constipation, migraine, sleep, depression, anxiety, cognition, adhd,
    bipolar, cramps, heartburn, pre-eclampsia, heart-failure, sickle-cell.

    Example: magref list --use migraine
    """
    from magref import views

    cat = _catalogue()
    topic = catalogue.find_topic(cat, _text(use, "--use")) if use is not None else None
    _emit(fmt.value, "listing", cat, views.forms_for_topic(cat, topic), topic)


@app.command(epilog=EXIT_CODES)
@_guarded
def search(
    text: Annotated[str, typer.Argument(help="Words to find in names, aliases, uses and notes.")],
    fmt: FormatOption = ViewFormat.table,
) -> None:
    """Find forms by name, alias, trade name, use or note text.

    Example: magref search "milk of magnesia"
    """
    from magref import views

    _text(text, "the search text")
    cat = _catalogue()
    _emit(fmt.value, "search", cat, text, views.search(cat, text))


@app.command(epilog=EXIT_CODES)
@_guarded
def export(
    forms: Annotated[
        list[str] | None,
        typer.Argument(help="Forms to export (all if none).", autocompletion=_complete_forms),
    ] = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = ExportFormat.markdown,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="File to write, or - for stdout; an existing file needs --force."
        ),
    ] = "-",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Export forms as Markdown, JSON or CSV, with sources and the safety notes.

    Example: magref export --format json -o magnesium.json
    """
    _path(output, "the --output path (use - for stdout)")
    cat = _catalogue()
    selected = catalogue.find_forms(cat, forms or [])
    renderer = importlib.import_module(f"magref.render_{fmt.value}")
    text: str = renderer.export(cat, selected)
    if output == "-":
        _write(text)
    else:
        _write_file(Path(output), text, force)


def _write_file(path: Path, text: str, force: bool) -> None:
    """Write atomically: a temporary file in the same directory, then a rename."""
    if path.exists() and not force:
        raise MagrefError(f"{path} exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise MagrefError(f"cannot write {path}: directory {path.parent} does not exist")
    try:
        import tempfile  # only export -o pays for it

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
    """Console-script entry point."""
    try:
        app(prog_name="magref")
    except BrokenPipeError:  # raised by the final flush, after the command has returned
        _quiet_closed_pipe()
        sys.exit(0)


# ---- doses ----------------------------------------------------------------------------------


class Sex(StrEnum):
    male = "male"
    female = "female"


class Stage(StrEnum):
    pregnant = "pregnant"
    lactating = "lactating"


class HumanOrJson(StrEnum):
    table = "table"
    json = "json"


AgeOption = Annotated[
    str | None, typer.Option("--age", help="Age in years (35) or months (8m).", show_default=False)
]
SexOption = Annotated[Sex | None, typer.Option("--sex", help="Sex, for the RDA.")]
StageOption = Annotated[Stage | None, typer.Option("--stage", help="Pregnant or lactating.")]
NoProfileOption = Annotated[
    bool, typer.Option("--no-profile", help="Ignore the saved profile (magref profile).")
]
SimpleFormat = Annotated[
    HumanOrJson, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


def _person(
    age: str | None, sex: Sex | None, stage: Stage | None, use_profile: bool
) -> tuple[doses.Person, str | None]:
    """The person from the options, filling gaps from the saved profile; and its authority."""
    from magref import doses, profile

    saved = profile.load() if use_profile else profile.Profile()
    age_text = age if age is not None else saved.age
    person = doses.Person(
        age_months=doses.parse_age(age_text) if age_text is not None else None,
        sex=sex.value if sex else saved.sex,
        stage=stage.value if stage else saved.stage,
        kidney_disease=saved.kidney_disease,
        medications=saved.medications,
    )
    return person, saved.authority


@app.command(epilog=EXIT_CODES)
@_guarded
def dose(
    products: Annotated[
        list[str],
        typer.Argument(
            help="FORM AMOUNT, several joined by +: oxide 500mg + glycinate 2 x 500mg + "
            "milk of magnesia 30 mL. AMOUNT: mg, g, mcg, mmol, mEq, or mL/tsp for liquids.",
            show_default=False,
            metavar="FORM AMOUNT [+ FORM AMOUNT ...]",
            autocompletion=_complete_forms,
        ),
    ],
    elemental: Annotated[
        bool, typer.Option("--elemental", help="AMOUNT is elemental magnesium; find the compound.")
    ] = False,
    variant: Annotated[
        str | None,
        typer.Option(
            "--variant",
            help="Hydrate or salt variant (see magref show).",
            autocompletion=_complete_variants,
        ),
    ] = None,
    units: Annotated[
        int | None,
        typer.Option("--units", min=1, max=1000, help="Number of capsules, tablets or servings."),
    ] = None,
    age: AgeOption = None,
    sex: SexOption = None,
    stage: StageOption = None,
    authority: Annotated[
        str | None,
        typer.Option(
            "--authority",
            help="Upper limit to check: us or eu.",
            autocompletion=_complete_authorities,
        ),
    ] = None,
    no_profile: NoProfileOption = False,
    fail_on_warning: Annotated[
        bool, typer.Option("--fail-on-warning", help="Exit 3 when a warning was raised.")
    ] = False,
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Elemental magnesium in a dose or a daily stack, against the RDA and the upper limit.

    The standing kidney-disease caution is always shown; --fail-on-warning (exit 3) acts on
    the other warnings, and on the caution too when the profile records kidney disease.

    Example: magref dose oxide 500mg
    """
    from magref import doses

    cat = _catalogue()
    person, saved_authority = _person(age, sex, stage, not no_profile)
    chosen = _text(authority, "--authority") if authority is not None else None
    chosen = chosen or saved_authority or cat.limits[0].authority
    items = doses.parse_products(cat, products, elemental=elemental, variant=variant, units=units)
    report = doses.dose_report(cat, items, person, chosen)
    _emit(fmt.value, "dose", cat, report)
    if fail_on_warning and report.warned:
        raise typer.Exit(3)


@app.command(epilog=EXIT_CODES)
@_guarded
def rda(
    age: AgeOption = None,
    sex: SexOption = None,
    stage: StageOption = None,
    no_profile: NoProfileOption = False,
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """The RDA/AI table, or with --age/--sex/--stage the value that applies.

    Example: magref rda --age 35 --sex female
    """
    from magref import doses

    cat = _catalogue()
    refs = None
    if age is not None or sex is not None or stage is not None:
        person, _ = _person(age, sex, stage, not no_profile)
        refs = doses.rda_for(cat, person)
    _emit(fmt.value, "rda", cat, refs)


@app.command(epilog=EXIT_CODES)
@_guarded
def limits(fmt: SimpleFormat = HumanOrJson.table) -> None:
    """Supplemental upper limits by age for every authority, with scope and sources.

    Example: magref limits
    """
    cat = _catalogue()
    _emit(fmt.value, "limits", cat)


@app.command(epilog=EXIT_CODES)
@_guarded
def interactions(
    drugs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Drug, brand or class names (all classes if none).",
            autocompletion=_complete_drugs,
        ),
    ] = None,
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Drug interactions: mechanism, what to do, spacing across sources, severity.

    Example: magref interactions ciprofloxacin Fosamax
    """
    from magref import doses

    cat = _catalogue()
    if not drugs:
        found: list[tuple[str | None, list[Any]]] = [(None, list(cat.interactions))]
    else:
        found = [(d, doses.find_interactions(cat, _text(d, "a drug name"))) for d in drugs]
    _emit(fmt.value, "interactions", cat, found)


@app.command(epilog=EXIT_CODES)
@_guarded
def label(
    text: Annotated[str, typer.Argument(help="One label line, in quotes.")],
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Decode a label line: is its amount elemental magnesium or the compound?

    Example: magref label "Magnesium (as magnesium bisglycinate chelate) 200 mg"
    """
    from magref import labels

    _text(text, "the label line")
    cat = _catalogue()
    _emit(fmt.value, "label", cat, labels.read_label(cat, text))


@app.command("profile", epilog=EXIT_CODES)
@_guarded
def profile_(
    age: AgeOption = None,
    sex: Annotated[str | None, typer.Option("--sex", help="male, female, or none.")] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="pregnant, lactating, or none.")
    ] = None,
    authority: Annotated[
        str | None,
        typer.Option(
            "--authority",
            help="Default upper limit: us or eu.",
            autocompletion=_complete_authorities,
        ),
    ] = None,
    kidney_disease: Annotated[
        bool | None,
        typer.Option("--kidney-disease/--no-kidney-disease", help="Record kidney disease."),
    ] = None,
    medication: Annotated[
        list[str] | None,
        typer.Option(
            "--medication", help="Add a medication (repeatable).", autocompletion=_complete_drugs
        ),
    ] = None,
    clear_medications: Annotated[
        bool, typer.Option("--clear-medications", help="Remove all medications.")
    ] = False,
    reset: Annotated[bool, typer.Option("--reset", help="Forget every saved value.")] = False,
    fmt: SimpleFormat = HumanOrJson.table,
) -> None:
    """Show or set the defaults dose and rda use; --no-profile on those commands ignores it.

    Example: magref profile --age 67 --sex female --medication alendronate
    """
    from magref import doses, profile

    current = profile.Profile() if reset else profile.load()
    changes: dict[str, Any] = {}
    if age is not None and age != "none":
        doses.parse_age(age)  # refuse an unreadable age before saving it
    if age is not None:
        changes["age"] = None if age == "none" else age.strip()
    for key, value, allowed in (
        ("sex", sex, ("male", "female")),
        ("stage", stage, ("pregnant", "lactating")),
    ):
        if value is not None:
            if value not in (*allowed, "none"):
                raise UsageError(f"--{key} must be one of: {', '.join(allowed)}, none")
            changes[key] = None if value == "none" else value
    if authority is not None:
        changes["authority"] = doses.find_authority(_catalogue(), authority).authority
    if kidney_disease is not None:
        changes["kidney_disease"] = kidney_disease
    meds = () if clear_medications else current.medications
    if medication:
        meds = tuple(
            dict.fromkeys([*meds, *(_text(m, "--medication").strip() for m in medication)])
        )
    if meds != current.medications:
        changes["medications"] = meds
    if changes or reset:
        current = current._replace(**changes)
        profile.save(current)
    _emit(fmt.value, "profile", current, str(profile.path()))


# ---- catalogue files ------------------------------------------------------------------------


@app.command(epilog=EXIT_CODES)
@_guarded
def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Catalogue files (default: the bundled catalogue and the user files magref "
            "loads).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check catalogue files; every problem is reported as file:line: field: message.

    A file that sets catalogue_version is checked as a complete catalogue (like
    data/forms.yaml); any other as a user catalogue on top of the bundled one, each file on
    top of the ones before it. Exits 1 when any file has a problem.

    Example: magref validate ~/.local/share/magref/forms.yaml
    """
    from magref import views

    for path in paths or []:
        _path(path, "a path to validate")
    if paths:
        files = [("file", Path(p)) for p in paths]
    else:
        files = [("bundled catalogue", catalogue.bundled_path())]
        files += [("user catalogue", p) for p in catalogue.files_to_load(_user_files())]
    problems: list[str] = []
    for report in views.check_files(files):
        problems += report.problems
        if not report.problems:
            typer.echo(f"{report.path}: {report.status}")
    if problems:
        raise CatalogueError(problems)


@app.command(epilog=EXIT_CODES)
@_guarded
def schema(
    complete: Annotated[
        bool,
        typer.Option(
            "--complete", help="The schema of a complete catalogue (data/forms.yaml) instead."
        ),
    ] = False,
) -> None:
    """Print a JSON Schema of user catalogue files, for editors to check and complete them.

    For editors that use yaml-language-server, start the file with:

    \b
    # yaml-language-server: $schema=magref-schema.json

    Example: magref schema > magref-schema.json
    """
    import json

    from magref.schema import json_schema

    _write(json.dumps(json_schema(complete), indent=2) + "\n")


@app.command(epilog=EXIT_CODES)
@_guarded
def paths(fmt: SimpleFormat = HumanOrJson.table) -> None:
    """Every file magref reads or writes, whether it exists, and which user files loaded;
    and where the parse cache is.

    Exits 1 when a user catalogue is broken (magref validate shows every problem).

    Example: magref paths
    """
    from magref import cache, profile, views

    report = views.paths_report(_user_files(), profile.path(), cache.directory())
    _emit(fmt.value, "paths", report)
    broken = [p for p in report if p.problems]
    if broken:
        raise MagrefError(
            "; ".join(
                f"{p.path} is broken ({p.status}); run: magref validate {p.path}" for p in broken
            )
        )


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command(epilog=EXIT_CODES)
@_guarded
def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell to complete in.", case_sensitive=False)],
) -> None:
    """Print the shell completion script: commands, options, forms, variants, drugs.

    \b
    bash: magref completion bash > ~/.local/share/bash-completion/completions/magref
    zsh:  magref completion zsh > ~/.zfunc/_magref  (fpath+=~/.zfunc before compinit)
    fish: magref completion fish > ~/.config/fish/completions/magref.fish

    Example: magref completion bash
    """
    typer_completion = importlib.import_module("typer.completion")  # typed loosely upstream
    typer.echo(
        typer_completion.get_completion_script(
            prog_name="magref", complete_var="_MAGREF_COMPLETE", shell=shell.value
        )
    )
