"""Commands about catalogue files and magref itself: validate, schema, paths, completion and
diff."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from magref import catalogue, output
from magref.cli.app import HumanOrJson, SimpleFormat, app, path, user_files
from magref.cli.internals import MagrefCommand, command_help, completion_script
from magref.errors import CatalogueError, MagrefError


@app.command(cls=MagrefCommand)
def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Catalogue files or directories (default: the bundled catalogue and the user "
            "files magref loads).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check catalogue files, reporting each problem with its line.

    Every problem is reported as file:line: field: message.

    A directory is checked as a complete catalogue split across its files (like data/), and
    a file of such a directory with the rest of it; a file that sets catalogue_version as a
    complete catalogue on its own; any other file as a user catalogue on top of the bundled
    one, each file on top of the ones before it. Exits 1 when any file has a problem.

    Example: magref validate ~/.local/share/magref/forms.yaml
    """
    from magref import views

    for given in paths or []:
        path(given, "a path to validate")
    if paths:
        files = [("file", Path(p)) for p in paths]
    else:
        files = [("bundled catalogue", catalogue.bundled_location())]
        files += [("user catalogue", p) for p in catalogue.files_to_load(user_files())]
    problems: list[str] = []
    for report in views.check_files(files):
        problems += report.problems
        if not report.problems:
            typer.echo(f"{report.path}: {report.status}")
    if problems:
        raise CatalogueError(problems)


@app.command(cls=MagrefCommand)
def schema(
    complete: Annotated[
        bool,
        typer.Option(
            "--complete",
            help="The schema of a complete catalogue (every section, as data/ holds them) instead.",
        ),
    ] = False,
    forms: Annotated[
        bool,
        typer.Option(
            "--forms",
            help="The schema of the JSON that show, compare and export write (its $schema).",
        ),
    ] = False,
) -> None:
    """Print a JSON Schema of user catalogue files, for editors.

    Editors use it to check and complete the files.

    For editors that use yaml-language-server, start the file with:

    \b
    # yaml-language-server: $schema=magref-schema.json

    Example: magref schema > magref-schema.json
    """
    import json

    from magref.schema import json_schema

    if forms:
        from magref.files import read_text
        from magref.render_json import FORMS_SCHEMA

        output.write(read_text(catalogue.bundled_location() / "schemas" / FORMS_SCHEMA))
        return
    output.write(json.dumps(json_schema(complete), indent=2) + "\n")


@app.command(cls=MagrefCommand)
def paths(fmt: SimpleFormat = HumanOrJson.table) -> None:
    """Every file magref reads or writes, and whether it exists.

    Also which user files loaded, and where the parse cache is.

    Exits 1 when a user catalogue is broken (magref validate shows every problem).

    Example: magref paths
    """
    from magref import cache, profile, views

    report = views.paths_report(user_files(), profile.path(), cache.directory())
    output.report_view(fmt.value, lambda v: v.paths(report))
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


@app.command(cls=MagrefCommand)
def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell to complete in.", case_sensitive=False)],
) -> None:
    """Print the shell completion script (bash, zsh or fish).

    It completes commands, options, forms, variants and drugs.

    \b
    bash: magref completion bash > ~/.local/share/bash-completion/completions/magref
    zsh:  magref completion zsh > ~/.zfunc/_magref  (fpath+=~/.zfunc before compinit)
    fish: magref completion fish > ~/.config/fish/completions/magref.fish

    Example: magref completion bash
    """
    typer.echo(completion_script(shell.value))


class DiffFormat(StrEnum):
    markdown = "markdown"
    json = "json"


@app.command(cls=MagrefCommand)
def diff(
    old: Annotated[str, typer.Argument(help="The old catalogue: a data directory or a file.")],
    new: Annotated[str, typer.Argument(help="The new catalogue: a data directory or a file.")],
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = DiffFormat.markdown,
) -> None:
    """What changed between two complete catalogues.

    Forms, variants, figures, interactions, limits, topics and sources added, removed or
    changed, with the old and the new value.

    Each catalogue is a data directory (like data/) or one file that holds every section. The
    Markdown list is the Data section of a CHANGELOG entry.

    Example: magref diff old/data data
    """
    from magref import diff as changes

    path(old, "the OLD catalogue path")
    path(new, "the NEW catalogue path")
    before = catalogue.load_path(Path(old))
    after = catalogue.load_path(Path(new))
    found = changes.compare(before, after)
    render = changes.render_json if fmt is DiffFormat.json else changes.render_markdown
    output.write(render(found, old, new))


@app.command("help", cls=MagrefCommand)
def help_(
    ctx: typer.Context,
    command: Annotated[
        str | None, typer.Argument(help="The command to explain (magref's own help if none).")
    ] = None,
) -> None:
    """The help of one command, as COMMAND --help prints it.

    Example: magref help dose
    """
    output.write(command_help(ctx, command) + "\n")
