"""Bad input of every kind, files and pipes, colour, widths, exit codes and completion."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from magref import cli
from magref.cli import app

from .conftest import ENV, ROOT, run
from .test_cli import _table_shapes

SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colour codes rich itself writes
EXIT_CODES = {0, 1, 2, 3}


class _Slot:
    """Where the generated text goes in an argument template (TEXT in test ids)."""

    def __str__(self) -> str:
        return "TEXT"


X = _Slot()


def template_id(template: list[object]) -> str:
    return " ".join(map(str, template))


def fill(template: list[object], text: str) -> list[str]:
    return [text if part is X else str(part) for part in template]


def args_id(args: list[str]) -> str:
    """A test id that reads like the command line: blank or spaced words quoted."""
    return " ".join(a if a.strip() and " " not in a else repr(a) for a in args)


def check_clean(result: Result, args: list[str]) -> None:
    """What every run must satisfy, whatever it was given."""
    assert result.exit_code in EXIT_CODES, (args, result.exit_code)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert "\x1b" not in result.stdout + result.stderr, args
    if result.exit_code in (1, 2):
        assert result.stdout == "", args
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith("magref: error: ") for line in lines), lines
    if result.exit_code == 0 and "json" in args:
        json.loads(result.stdout)
    if result.exit_code == 0 and "markdown" in args:
        assert all(len(set(rows)) == 1 for rows in _table_shapes(result.stdout))


# ---- arbitrary text in every argument -------------------------------------------------------

ARGUMENTS = [
    ["show", X],
    ["show", X, "-f", "json"],
    ["show", X, "-f", "markdown"],
    ["show", "oxide", "-f", X],
    ["compare", "oxide", X],
    ["compare", X, "-f", "markdown"],
    ["list", "--use", X],
    ["list", "--use", X, "-f", "json"],
    ["search", X, "-f", "markdown"],
    ["search", X, "-f", "json"],
    ["export", X, "-f", "json"],
    ["export", "-f", X],
    ["dose", X],
    ["dose", "oxide", X, "-f", "json"],
    ["dose", X, "500mg", "-f", "json"],
    ["dose", "oxide", "500mg", "--variant", X],
    ["dose", "oxide", "500mg", "--authority", X],
    ["dose", "oxide", "500mg", "--age", X],
    ["dose", "oxide", "500mg", "--units", X],
    ["dose", "oxide", "500mg", "--sex", X],
    ["dose", "oxide", "500mg", "--stage", X],
    ["rda", "--age", X, "-f", "json"],
    ["interactions", X],
    ["interactions", X, "-f", "json"],
    ["label", X],
    ["label", X, "-f", "json"],
    ["profile", "--age", X],
    ["profile", "--sex", X],
    ["profile", "--stage", X],
    ["profile", "--authority", X],
    ["profile", "--medication", X, "-f", "json"],
    ["--catalogue", X, "list"],
    ["--color", X, "compare"],
    ["validate", X],
    ["completion", X],
    [X],
    ["show", "glycinate", X],
]


# Generated text: a few examples per argument position. The fixed values below cover the
# classes of hostile text (escapes, odd numbers, blanks) in every position, so Hypothesis adds
# variety rather than coverage, and each example costs a whole CLI run.
@pytest.mark.parametrize("template", ARGUMENTS, ids=template_id)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=40))
def test_any_text_in_any_argument_exits_cleanly(template: list[object], text: str) -> None:
    args = fill(template, text)
    check_clean(run(*args), args)


ESCAPES = ["\x1b[31mred", "\x1b]0;title\x07", "\x9b31m", "\u202eevil", "a\x00b", "\r\n"]
SPECIAL_NUMBERS = ["nan", "inf", "-inf", "Infinity", "1e400", "0", "-5", "1e-400", "0x10", "½"]
BLANKS = ["", " ", "\t"]
FIXED_TEMPLATES = [t for t in ARGUMENTS if "completion" not in t]


def _takes_a_number(template: list[object]) -> bool:
    """An amount, an age or a count: where the special numbers are most likely to matter."""
    at = template.index(X)
    return template[at - 1] in ("--age", "--units") or template[:3] == ["dose", "oxide", X]


def fixed_values(position: int, template: list[object]) -> list[str]:
    """The hostile values tried in one argument position: one of each class, rotating through
    the class with the position, so that every value is tried in several positions and every
    position gets every class; where a number is read, every special number."""
    numbers = (
        SPECIAL_NUMBERS
        if _takes_a_number(template)
        else [SPECIAL_NUMBERS[position % len(SPECIAL_NUMBERS)]]
    )
    return [ESCAPES[position % len(ESCAPES)], *numbers, BLANKS[position % len(BLANKS)]]


def test_every_fixed_value_is_tried_somewhere() -> None:
    tried = [v for i, t in enumerate(FIXED_TEMPLATES) for v in fixed_values(i, t)]
    assert set(tried) == set(ESCAPES + SPECIAL_NUMBERS + BLANKS)
    assert sum(map(_takes_a_number, FIXED_TEMPLATES)) == 5  # amount, --age (x3), --units


@pytest.mark.parametrize(
    ("position", "template"),
    [pytest.param(i, t, id=template_id(t)) for i, t in enumerate(FIXED_TEMPLATES)],
)
def test_escapes_special_numbers_and_empty_text(position: int, template: list[object]) -> None:
    for text in fixed_values(position, template):
        args = fill(template, text)
        check_clean(run(*args), args)


BAD_INPUTS = [
    (["show", ""], 2, "a form name is empty"),
    (["search", " "], 2, "the search text is empty"),
    (["label", ""], 2, "the label line is empty"),
    (["interactions", ""], 2, "a drug name is empty"),
    (["list", "--use", ""], 2, "--use is empty"),
    (["dose", "oxide", "500mg", "--authority", ""], 2, "--authority is empty"),
    (["profile", "--medication", " "], 2, "--medication is empty"),
    (["export", "-o", ""], 2, "the --output path (use - for stdout) is empty"),
    (["dose", "oxide", "nan"], 2, "cannot find a form and an amount in 'oxide nan'"),
    (["dose", "oxide", "1e400mg"], 2, "cannot find a form and an amount"),
    (["dose", "oxide", "5 furlongs"], 2, "unknown unit 'furlongs'"),
    (["rda", "--age", "200"], 2, "an age of 200 is not possible"),
    (["show", "glycinate", "-f", "yaml"], 2, "Invalid value for '--format' / '-f': 'yaml'"),
    (["shw"], 2, "No such command 'shw'. Did you mean 'show'?"),
    (["show", "\x1b[31mred"], 1, "unknown form '\\x1b[31mred'"),
    (["dose", "oxide", "500mg", "--units", "1e3"], 2, "Invalid value for '--units'"),
]


@pytest.mark.parametrize(
    ("args", "code", "message"), BAD_INPUTS, ids=[args_id(args) for args, _, _ in BAD_INPUTS]
)
def test_each_bad_input_is_one_clear_line(args: list[str], code: int, message: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (code, "")
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("magref: error: " + message), lines


def test_arguments_that_are_not_utf8_become_replacement_characters() -> None:
    bad = b"Magnesium oxide 500 mg \xff".decode("utf-8", "surrogateescape")
    result = run("label", bad, "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == "Magnesium oxide 500 mg \ufffd"


# ---- arbitrary text in every string field of a user catalogue -------------------------------


def user_catalogue(texts: list[str]) -> dict[str, object]:
    """A user catalogue with a form, source, topic, limit and interaction, every free-text
    field filled from `texts` in turn."""
    it = iter(texts)
    t = lambda: next(it)  # noqa: E731
    return {
        "sources": {
            "my-source": {
                "citation": t(),
                "kind": "study",
                "status": "primary-read",
                "year": 2020,
                "identifier": t(),
                "note": t(),
            }
        },
        "topics": [
            {
                "id": "my-topic",
                "name": t(),
                "summary": t(),
                "words": [t()],
                "findings": [
                    {
                        "statement": t(),
                        "direction": "mixed",
                        "certainty": "no-human-trials",
                        "design": "animal",
                        "forms_studied": [t()],
                        "note": t(),
                        "sources": ["my-source"],
                    }
                ],
                "guidelines": [
                    {"body": t(), "rating": t(), "meaning": t(), "sources": ["my-source"]}
                ],
            }
        ],
        "forms": [
            {
                "id": "my-form",
                "name": t(),
                "summary": t(),
                "aliases": [t()],
                "trade_names": [t()],
                "variants": [
                    {
                        "id": "anhydrous",
                        "name": t(),
                        "formula": t(),
                        "hydrate": t(),
                        "stoichiometry": t(),
                        "molar_mass": 138.36,
                        "elemental_mg_percent": 17.57,
                        "default": True,
                        "note": t(),
                        "sources": ["my-source"],
                    }
                ],
                "label_figures": [{"label": t(), "elemental_mg_percent": 10.0, "why": t()}],
                "measures": [{"unit": "ml", "volume": 5.0, "label": t(), "compound_mg": 400.0}],
                "solubility": {"summary": t()},
                "absorption": {"summary": t(), "design": "animal", "sources": ["my-source"]},
                "uses": [
                    {
                        "topic": "my-topic",
                        "statement": t(),
                        "direction": "mixed",
                        "certainty": "no-human-trials",
                        "design": "animal",
                        "forms_studied": [t()],
                        "dose": t(),
                        "population": t(),
                        "duration": t(),
                        "note": t(),
                        "sources": ["my-source"],
                    }
                ],
                "side_effects": {"laxative": "mild", "summary": t()},
                "cautions": [{"text": t(), "sources": ["my-source"]}],
                "marketing": [
                    {
                        "claim": t(),
                        "evidence": t(),
                        "verdict": "misleading",
                        "sources": ["my-source"],
                    }
                ],
            }
        ],
        "authorities": [
            {
                "id": "mine",
                "name": t(),
                "region": t(),
                "note": t(),
                "limit": {
                    "document": t(),
                    "scope": t(),
                    "sources": ["my-source"],
                    "bands": [
                        {
                            "label": t(),
                            "from_months": 0,
                            "to_months": 216,
                            "no_figure": "not-derived",
                            "note": t(),
                        },
                        {"label": t(), "from_months": 216, "mg": 300.0},
                    ],
                },
                "intakes": {
                    "document": t(),
                    "note": t(),
                    "adult_band": "adults",
                    "sources": ["my-source"],
                    "bands": [
                        {
                            "label": t(),
                            "from_months": 0,
                            "to_months": 216,
                            "no_figure": "not-recorded",
                            "note": t(),
                        },
                        {
                            "label": "adults",
                            "from_months": 216,
                            "kind": "AI",
                            "male": 300.0,
                            "female": 250.0,
                        },
                    ],
                },
            }
        ],
        "interactions": [
            {
                "id": "my-drug-class",
                "name": t(),
                "kind": "spacing",
                "effect": t(),
                "mechanism": t(),
                "action": t(),
                "severity": "minor",
                "severity_reason": t(),
                "medicines": [
                    {
                        "name": t(),
                        "effect": t(),
                        "spacing": [
                            {
                                "rule": "apart",
                                "before_hours": 1,
                                "after_hours": 2,
                                "note": t(),
                                "sources": ["my-source"],
                            }
                        ],
                    }
                ],
                "sources": ["my-source"],
            }
        ],
    }


FIELDS = 56  # free-text fields in user_catalogue()
VIEWS = [
    ["show", "my-form"],
    ["show", "my-form", "-f", "markdown"],
    ["show", "my-form", "-f", "json"],
    ["compare", "my-form", "oxide"],
    ["compare", "my-form", "oxide", "-f", "markdown"],
    ["list"],
    ["list", "--use", "my-topic", "-f", "markdown"],
    ["search", "my"],
    ["export", "-f", "markdown"],
    ["export", "-f", "json"],
    ["export", "my-form", "-f", "csv"],
    ["dose", "my-form", "5mL", "--authority", "mine"],
    ["limits", "-f", "json"],
    ["limits", "--authority", "mine"],
    ["rda", "--authority", "mine"],
    ["rda", "--age", "2", "--authority", "all"],
    ["rda", "--age", "30", "--authority", "mine", "-f", "json"],
    ["interactions", "my-drug-class"],
]


def test_the_generated_catalogue_fills_every_field() -> None:
    texts = [f"<{i}>" for i in range(FIELDS)]
    dumped = json.dumps(user_catalogue(texts))
    assert all(t in dumped for t in texts) and dumped.count("<") == FIELDS


# Printable text (any script, Markdown and markup characters, no control characters) is what
# a catalogue holds and must be shown; any text at all must be shown or refused cleanly. Each
# example runs every view (some twice), so a few examples each: the fixed NASTY text below
# covers markup, tables, formulas, scripts and direction overrides on every run.
PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1)
PRINTABLE_TEXTS = st.lists(PRINTABLE.filter(str.strip), min_size=FIELDS, max_size=FIELDS)
ANY_TEXTS = st.lists(st.text(max_size=25), min_size=FIELDS, max_size=FIELDS)


def show_every_view(texts: list[str]) -> bool:
    """Run every view on a user catalogue holding `texts`: True if they were all shown, False
    if the catalogue was refused (cleanly, naming the file and a line in it)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mine.yaml"
        path.write_text(yaml.safe_dump(user_catalogue(texts), allow_unicode=True), "utf-8")
        for view in VIEWS:
            args = ["--catalogue", str(path), *view]
            result = run(*args)
            check_clean(result, args)
            if result.exit_code == 1:  # refused: every line names the file and a line in it
                assert all(
                    line.startswith(f"magref: error: {path}:")
                    for line in result.stderr.splitlines()
                )
                return False
            assert result.exit_code == 0, (args, result.stderr)
            if "csv" in view:
                rows = list(csv.reader(io.StringIO(result.stdout)))
                assert len({len(r) for r in rows}) == 1 and len(rows) == 2
            if view[0] in ("show", "compare", "list") and len(view) < 4:
                coloured = run("--catalogue", str(path), "--color", "always", *view)
                assert "\x1b" not in SGR.sub("", coloured.stdout), "an escape came from data"
    return True


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=ANY_TEXTS)
def test_any_text_in_a_user_catalogue_is_shown_safely_or_refused(texts: list[str]) -> None:
    show_every_view(texts)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=PRINTABLE_TEXTS)
def test_printable_catalogue_text_is_shown(texts: list[str]) -> None:
    assert show_every_view(texts), "printable text was refused"


NASTY = [
    "[bold red]markup[/] [link=http://x]l[/link]",
    "| a | b |\n|---|",
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script> & &amp;",
    "**bold** _it_ `code` # heading",
    "שלום مرحبا 你好 🙂",
    "\u202eevil\u202c",
    "x" * 300,
]


def test_nasty_printable_catalogue_text_is_shown_literally(tmp_path: Path) -> None:
    texts = [NASTY[i % len(NASTY)] + f" {i}" for i in range(FIELDS)]
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(user_catalogue(texts), allow_unicode=True), "utf-8")
    for view in VIEWS:
        args = ["--catalogue", str(path), *view]
        result = run(*args)
        check_clean(result, args)
        assert result.exit_code == 0, (view, result.stderr)
    shown = run("--catalogue", str(path), "show", "my-form", "--color", "always")
    assert shown.exit_code == 2  # --color belongs before the command
    shown = run("--catalogue", str(path), "show", "my-form").stdout
    assert "[bold red]markup[/]" in shown  # printed, not interpreted
    assert "\u202e" not in shown  # a direction override would reorder what the reader sees


# ---- files ----------------------------------------------------------------------------------


def test_export_output_dash_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "oxide", "-f", "json", "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["forms"][0]["id"] == "oxide"
    assert list(tmp_path.iterdir()) == []


def test_export_failures_leave_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.md"
    target.write_text("keep me")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)  # tests may run as root, which writes anywhere
    result = run("export", "-o", str(target), "--force")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"magref: error: cannot write {target}: Permission denied\n"
    assert target.read_text() == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left


def test_export_into_a_missing_directory(tmp_path: Path) -> None:
    result = run("export", "-o", str(tmp_path / "nope" / "out.md"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"magref: error: cannot write {tmp_path}/nope/out.md: "
        f"directory {tmp_path}/nope does not exist\n"
    )


def test_export_onto_a_directory(tmp_path: Path) -> None:
    result = run("export", "-o", str(tmp_path), "--force")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"magref: error: cannot write {tmp_path}: ")
    assert list(tmp_path.iterdir()) == []


# ---- pipes ----------------------------------------------------------------------------------


def magref_process(*args: str) -> list[str]:
    return [sys.executable, "-m", "magref", *args]


@pytest.mark.parametrize(
    "args",
    [["export"], ["export", "-f", "json"], ["export", "-f", "csv"], ["compare"], ["show", "oxide"]],
    ids=args_id,
)
def test_a_closed_pipe_ends_quietly(args: list[str]) -> None:
    """As in `magref export | head -1`: the reader goes away before magref has written."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            magref_process(*args), stdout=write, stderr=subprocess.PIPE, text=True, timeout=60
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, "")


def test_head_reads_the_first_line() -> None:
    done = subprocess.run(
        f"'{sys.executable}' -m magref export | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.stdout, done.stderr) == ("# magref: magnesium forms compared\n", "")


# ---- colour ---------------------------------------------------------------------------------


COLOUR_CASES = [
    ([], {}, False),  # not a terminal
    ([], {"NO_COLOR": "1"}, False),
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (["--color", "always"], {}, True),
    (["--color", "always"], {"NO_COLOR": "1"}, True),
    (["--colour", "never"], {"FORCE_COLOR": "1"}, False),
    (["--color", "auto"], {"FORCE_COLOR": "1"}, True),
]


@pytest.mark.parametrize(
    ("options", "env", "coloured"),
    COLOUR_CASES,
    ids=[
        " ".join([*options, *(f"{k}={v}" for k, v in env.items())]) or "not a terminal"
        for options, env, _ in COLOUR_CASES
    ],
)
def test_colour_choice(options: list[str], env: dict[str, str], coloured: bool) -> None:
    environ = {**ENV, "NO_COLOR": None, "FORCE_COLOR": None, "TERM": "xterm", **env}
    for view in (["compare"], ["dose", "oxide", "1000mg"]):
        result = CliRunner().invoke(app, [*options, *view], env=environ)
        assert result.exit_code == 0
        assert ("\x1b[" in result.stdout) is coloured, (options, env, view)


def test_machine_formats_never_carry_colour() -> None:
    for fmt in ("json", "markdown", "csv"):
        result = run("--color", "always", "export", "-f", fmt)
        assert result.exit_code == 0 and "\x1b" not in result.stdout


def test_severity_is_in_words_not_only_colour() -> None:
    dose = run("dose", "oxide", "1000mg").stdout
    assert "! over-upper-limit" in dose and "WARNING" in dose
    assert "[MAJOR]" in run("interactions", "ciprofloxacin").stdout


# ---- widths ---------------------------------------------------------------------------------

WIDE_VIEWS = [
    (["show", "glycinate"], ["14.10", "172.42", "Kidney disease"]),
    (["compare"], ["14.10", "60.30", "glycinate", "gluconate", "ascorbate"]),
    (["list"], ["glycinate", "14.10 %", "ascorbate"]),
    (["list", "--use", "sleep"], ["threonate", "magref's judgement"]),
    (["search", "oxide"], ["oxide", "id"]),
    (["dose", "oxide", "1000mg"], ["603.0", "24.81", "49.6", "over-upper-limit"]),
    (["rda"], ["420", "320"]),
    (["limits"], ["350", "250"]),
    (["interactions", "ciprofloxacin"], ["MAJOR", "ciprofloxacin"]),
    (["label", "Magnesium (as oxide) 250 mg"], ["250"]),
    (["paths"], ["bundled catalogue", "profile"]),
]


@pytest.mark.parametrize("width", [60, 80, 120, 200], ids=lambda width: f"{width} columns")
@pytest.mark.parametrize(("args", "expected"), WIDE_VIEWS, ids=[args_id(a) for a, _ in WIDE_VIEWS])
def test_views_are_readable_from_60_to_200_columns(
    width: int, args: list[str], expected: list[str]
) -> None:
    result = CliRunner().invoke(app, args, env={**ENV, "COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    for text in expected:
        assert text in result.stdout, (width, text)
    if args[0] in ("compare", "show", "dose", "rda", "limits"):
        assert "…" not in result.stdout  # nothing cut short in these views


# ---- exit codes, help, completion -----------------------------------------------------------


def test_exit_codes_are_documented_in_help_and_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for code, meaning in [
        ("0", "ok"),
        ("1", "data or lookup error"),
        ("2", "usage error"),
        ("3", "warnings raised under `--fail-on-warning`"),
    ]:
        assert f"| {code} | {meaning}" in readme, code
    assert cli.EXIT_CODES in " ".join(run("--help").stdout.split())
    for command in _commands():  # each lists the codes it can return (test_cli.py)
        assert "Exit codes: 0 ok" in " ".join(run(command, "--help").stdout.split()), command


def _commands() -> list[str]:
    import typer

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return list(group.commands)


def complete(shell: str, line: str, user_file: Path | None = None) -> list[str]:
    """Ask magref for completions the way the shell scripts from `magref completion` do."""
    env = {**ENV, "_MAGREF_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split() + ([""] if line.endswith(" ") else [])
        env |= {"COMP_WORDS": " ".join(words), "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = CliRunner().invoke(app, [], env=env, prog_name="magref")
    assert result.exit_code == 0, result.stderr
    if shell == "bash":
        return result.stdout.split()
    if shell == "fish":
        return [line.split("\t")[0] for line in result.stdout.splitlines()]
    return [w.replace("\\\\:", ":") for w in re.findall(r'"((?:[^"\\]|\\.)+)":', result.stdout)]


COMPLETIONS = [
    ("magref sh", {"show"}),
    ("magref show --fo", {"--format"}),
    ("magref show gly", {"glycinate", "glycinate-chelate"}),
    ("magref show milk", {"milk-of-magnesia"}),
    ("magref compare Mag", {"Magtein", "Magnesium-glycinate-bisglycinate"}),
    ("magref dose chloride:", {"chloride:hexahydrate", "chloride:anhydrous"}),
    ("magref dose chloride 200mg --variant ", {"hexahydrate", "anhydrous"}),
    ("magref interactions cipro", {"ciprofloxacin"}),
    ("magref profile --medication alen", {"alendronate"}),
    ("magref list --use sl", {"sleep"}),
    ("magref dose oxide 500mg --authority e", {"eu"}),
]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize(
    ("line", "expected"),
    COMPLETIONS,
    ids=[args_id(shlex.split(line) + [""] * line.endswith(" ")) for line, _ in COMPLETIONS],
)
def test_completion(shell: str, line: str, expected: set[str]) -> None:
    found = set(complete(shell, line))
    assert expected <= found, (line, found)
    if "--variant" in line:
        assert found == expected  # only the variants of the form on the line


def test_completion_includes_user_forms(user_file: Path) -> None:
    from .test_user_catalogue import FUMARATE, write

    write(user_file, FUMARATE)
    assert complete("bash", "magref show fum") == ["fumarate"]
    write(user_file, "forms: [1, 2\n")  # broken: completion still works from the bundled data
    assert "glycinate" in complete("bash", "magref show gly")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell: str) -> None:
    result = run("completion", shell)
    assert result.exit_code == 0
    assert "_MAGREF_COMPLETE=complete_" + shell in result.stdout


def test_bash_completion_end_to_end(tmp_path: Path) -> None:
    """The real bash, the real script, the installed command."""
    script = run("completion", "bash").stdout
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "magref").exists():
        pytest.skip("magref is not installed as a command next to this python")
    program = (
        f"source {tmp_path / 'magref.bash'}\n"
        "COMP_WORDS=(magref dose milk); COMP_CWORD=2; _magref_completion magref\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    (tmp_path / "magref.bash").write_text(script)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, env=env)
    assert done.stdout.split() == ["milk-of-magnesia"], done.stderr
