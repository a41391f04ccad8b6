"""End-to-end CLI tests: exit codes, stdout and stderr checked separately."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from magref import catalogue
from magref.cli import app
from magref.model import Catalogue

from .conftest import run

ANSI = re.compile(r"\x1b\[")
SAFETY = ("Kidney disease", "not medical advice")


def assert_safety(text: str) -> None:
    folded = " ".join(text.split())
    for phrase in SAFETY:
        assert phrase.lower() in folded.lower(), phrase


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    cat = catalogue.load_bundled()
    assert result.stdout == (
        f"magref {version('magref')}\n"
        f"catalogue {cat.catalogue_version}, reviewed {cat.reviewed}\n"
        f"catalogue schema {cat.schema_version}\n"
    )
    assert re.match(r"magref \d+\.\d+\.\d+\n", result.stdout)


def test_help_command_and_global_options_after_the_command() -> None:
    assert run("help", "dose").stdout == run("dose", "--help").stdout
    assert run("help").stdout == run("--help").stdout
    unknown = run("help", "shwo")
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert "no command 'shwo'; did you mean 'show'?" in unknown.stderr
    late = run("list", "--catalogue", "mine.yaml")
    assert late.exit_code == 2 and late.stdout == ""
    assert "--catalogue goes before the command: magref --catalogue ... list" in late.stderr


def test_a_form_name_of_several_words_needs_no_quotes() -> None:
    assert run("show", "magnesium", "glycinate").stdout == run("show", "glycinate").stdout
    assert run("show", "Magnesium", "glycinate", "-f", "json").exit_code == 0


def test_each_command_lists_only_the_exit_codes_it_can_return() -> None:
    import typer

    group = typer.main.get_command(app)
    for name in group.list_commands(None):  # type: ignore[arg-type]
        help_text = " ".join(run(name, "--help").stdout.split())
        assert "Exit codes: 0 ok, 1 data or lookup error, 2 usage error" in help_text, name
        assert ("3 warnings" in help_text) == ("--fail-on-warning" in help_text), name
    top = " ".join(run("--help").stdout.split())
    assert "3 warnings raised under --fail-on-warning (dose)" in top
    assert "Examples: magref show glycinate" in top


def test_top_level_help_gives_each_command_one_whole_line() -> None:
    lines = run("--help").stdout.split("Commands:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert all(line.startswith("  ") and not line.startswith("   ") for line in lines), lines
    assert not any(line.rstrip().endswith("...") for line in lines)


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "magref", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("magref ")


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
@pytest.mark.parametrize(
    "view", [["show", "glycinate"], ["compare"], ["list"], ["search", "sleep"]], ids=" ".join
)
def test_views_carry_the_safety_notes(view: list[str], fmt: str) -> None:
    result = run(*view, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert not ANSI.search(result.stdout)
    assert_safety(result.stdout)


def test_show_has_every_section() -> None:
    out = run("show", "Magtein").stdout
    for heading in ("Composition", "Absorption (animal)", "Uses", "Side effects"):
        assert heading in out
    assert "Cautions" in out and "Marketing claims and the evidence" in out and "Sources" in out
    assert "[slutsky2010] Slutsky I" in out and "PMID 20152124" in out
    assert "Funded by the maker or run with its staff." in out
    assert "certainty: very low (magref's judgement)" in out


def test_unknown_form_suggests_and_prints_nothing_on_stdout() -> None:
    result = run("show", "glicinate")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown form 'glicinate'; did you mean glycinate" in result.stderr


def test_compare_named_forms_and_all(cat: Catalogue) -> None:
    result = run("compare", "glycinate", "citrate", "oxide", "--format", "json")
    assert [f["id"] for f in json.loads(result.stdout)["forms"]] == [
        "glycinate",
        "citrate",
        "oxide",
    ]
    everything = json.loads(run("compare", "--format", "json").stdout)["forms"]
    assert len(everything) == len(cat.forms)
    table = run("compare", "oxide").stdout
    assert "60.30" in table and "███████" in table


def test_list_by_use() -> None:
    result = run("list", "--use", "migraine", "--format", "json")
    doc = json.loads(result.stdout)
    assert [f["id"] for f in doc["forms"]] == ["citrate"]
    assert doc["topic"]["ranked"][0]["finding"]["certainty"] == "low"
    assert "glycinate" in doc["topic"]["forms_without_evidence"]
    cramps = run("list", "--use", "cramps")
    said = " ".join(cramps.stdout.split())
    assert cramps.exit_code == 0 and "probably makes little or no difference" in said


def test_list_unknown_use() -> None:
    result = run("list", "--use", "hair-growth")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "unknown use 'hair-growth'; known uses: deficiency" in result.stderr


def test_search() -> None:
    doc = json.loads(run("search", "milk of magnesia", "--format", "json").stdout)
    assert [h["id"] for h in doc["hits"]] == ["hydroxide"]
    assert {
        h["id"] for h in json.loads(run("search", "migraine", "-f", "json").stdout)["hits"]
    } >= {"citrate"}
    empty = run("search", "  ")
    assert (empty.exit_code, empty.stdout) == (2, "")
    assert empty.stderr == "magref: error: the search text is empty\n"


def test_bad_format_is_a_usage_error() -> None:
    result = run("show", "oxide", "--format", "yaml")
    assert result.exit_code == 2 and result.stdout == ""
    assert "yaml" in result.stderr


def test_export_json_stands_alone(cat: Catalogue) -> None:
    doc = json.loads(run("export", "--format", "json").stdout)
    assert doc["magref_json"] == 3 and doc["kind"] == "forms"
    assert "kidney" in doc["kidney_caution"]["text"].lower() and doc["disclaimer"]
    for form in doc["forms"]:
        assert form["id"] and form["name"]
        for variant in form["variants"]:
            assert variant["formula"] and 0 < variant["elemental_mg_percent"] <= 100
        cited = {k for part in ("absorption", "side_effects") for k in form[part]["sources"]}
        cited |= {k for u in form["uses"] for k in u["sources"]}
        assert cited <= set(form["sources"])
        for src in form["sources"].values():
            assert src["pmid"] or src["doi"] or src["pmcid"] or src["identifier"]


def test_export_csv(cat: Catalogue) -> None:
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert len(rows) == sum(len(f.variants) for f in cat.forms)
    oxide = next(r for r in rows if r["form_id"] == "oxide")
    assert oxide["formula"] == "MgO" and oxide["elemental_mg_percent"] == "60.30"
    assert all("kidney" in r["kidney_caution"].lower() and r["disclaimer"] for r in rows)


def _table_shapes(markdown: str) -> list[list[int]]:
    """Cell counts of each row, per table, as a Markdown parser sees them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[int]] = []
    cells = 0
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            tables[-1].append(cells)
    return tables


def test_markdown_export_tables_keep_their_shape(cat: Catalogue) -> None:
    text = run("export", "--format", "markdown").stdout
    shapes = _table_shapes(text)
    assert len(shapes) > len(cat.forms)  # the comparison plus tables in every section
    for rows in shapes:
        assert len(rows) > 1 and len(set(rows)) == 1, rows
    assert "[^peikert1996]: Peikert A" in text and "PMID 8792038" in text
    assert_safety(text)


def test_export_to_file_is_atomic_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert run("export", "-f", "json", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text())["kind"] == "forms"
    again = run("export", "-f", "csv", "-o", str(target))
    assert again.exit_code == 1 and "exists; use --force" in again.stderr
    assert json.loads(target.read_text())["kind"] == "forms"
    assert run("export", "-f", "csv", "-o", str(target), "--force").exit_code == 0
    assert target.read_text().startswith("form_id,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    missing = run("export", "-o", str(tmp_path / "nope" / "x.md"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr


def test_every_command_has_help_with_an_example() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    for name in group.commands:
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Example: magref " + name in result.stdout, name


# Each example is a whole CLI run; tests/test_hardening.py adds hostile text in every argument.
@settings(max_examples=25, deadline=None)
@given(st.text(max_size=30))
def test_any_form_name_is_found_or_refused_cleanly(name: str) -> None:
    result = run("show", "--format", "json", "--", name)
    assert result.exit_code in (0, 1, 2)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert (result.exit_code == 2) == (not name.strip())  # an empty name is a usage error
    if result.exit_code:
        assert result.stdout == "" and result.stderr.startswith("magref: error: ")
        assert not ANSI.search(result.stderr) and "\x1b" not in result.stderr
    else:
        json.loads(result.stdout)


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_any_search_text_is_safe(text: str) -> None:
    result = run("search", "--format", "markdown", "--", text)
    assert result.exit_code == (2 if not text.strip() else 0)
    assert "\x1b" not in result.stdout + result.stderr
    if result.exit_code == 0:
        assert all(len(set(rows)) == 1 for rows in _table_shapes(result.stdout))


def test_no_escape_codes_when_piped() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    for args in (["compare"], ["show", "oxide"], ["dose", "oxide", "1000"]):
        done = subprocess.run(
            [sys.executable, "-m", "magref", *args], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0 and done.stdout and "\x1b" not in done.stdout, args


def test_profile_checks_its_options_in_order_before_saving() -> None:
    """With an unreadable age and an unknown authority, the age is reported (it comes first)
    and nothing is saved."""
    result = run("profile", "--age", "abc", "--authority", "xx")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("magref: error: cannot read the age 'abc'")
    assert run("profile", "--format", "json").stdout.count('"age": null') == 1


def test_markdown_names_the_kidney_caution_once() -> None:
    markdown = run("export", "glycinate").stdout
    assert "> **Warning.** Kidney disease: the kidneys" in markdown
    assert "Kidney disease.** Kidney disease" not in markdown


@pytest.mark.parametrize(
    "args", [["interactions", "levothyroxine"], ["rda", "--age", "30"], ["limits"]], ids=str
)
def test_a_view_that_opens_with_a_heading_starts_on_its_first_line(args: list[str]) -> None:
    out = run(*args).stdout
    assert out.strip() and not out.startswith("\n")
    assert "\n\n\n" not in out


def _search_ids(query: str) -> list[str]:
    return [f["id"] for f in json.loads(run("search", query, "-f", "json").stdout)["hits"]]


def test_search_ranks_exact_names_first_and_a_trade_name_finds_its_form_alone() -> None:
    assert _search_ids("oxide")[0] == "oxide"
    assert "hydroxide" not in _search_ids("oxide")[:1]
    assert _search_ids("Mag-Ox") == ["oxide"]
    assert _search_ids("epsom salt") == ["sulfate"]
    assert _search_ids("magnesium glycinate")[0] == "glycinate"
    sleep = json.loads(run("search", "insomnia", "-f", "json").stdout)
    assert sleep["hits"] and {f["matched"] for f in sleep["hits"]} == {"use"}
    assert _search_ids("no-such-word-anywhere") == []


def test_search_words_match_word_starts_not_the_middle_of_words() -> None:
    assert "hydroxide" not in _search_ids("xide")
    assert "glycinate" in _search_ids("gly")


def test_cite_a_source_as_bibtex_and_csl_json() -> None:
    bib = run("cite", "mori2019")
    assert bib.exit_code == 0 and bib.stderr == ""
    assert bib.stdout.startswith("@article{mori2019,\n")
    assert "  doi = {10.5056/jnm18194}," in bib.stdout
    assert "  eprint = {31587548}," in bib.stdout and "eprinttype = {pubmed}" in bib.stdout
    assert bib.stdout.count("{") == bib.stdout.count("}")
    (item,) = json.loads(run("cite", "PMID: 31587548", "-f", "csl-json").stdout)
    assert item["id"] == "mori2019" and item["type"] == "article-journal"
    assert (item["DOI"], item["PMID"], item["PMCID"]) == (
        "10.5056/jnm18194",
        "31587548",
        "PMC6786451",
    )
    assert item["issued"] == {"date-parts": [[2019]]}
    label = run("cite", "otc-oxide-tablet-label").stdout
    assert label.startswith("@misc{otc-oxide-tablet-label,")


def test_cite_escapes_bibtex_and_refuses_what_is_not_a_source(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "sources:\n  odd-one:\n    citation: 'A & B: 50% of {x}_y #1 $2 ~ ^ \\'\n"
        "    kind: report\n    status: secondary-only\n    year: 2020\n    identifier: report 7\n",
        encoding="utf-8",
    )
    bib = run("--catalogue", str(user), "cite", "odd-one")
    assert bib.exit_code == 0, bib.stderr
    title = bib.stdout.split("title = ", 1)[1].split(",\n", 1)[0]
    assert title == (
        r"{{A \& B: 50\% of \{x\}\_y \#1 \$2 \textasciitilde{} \textasciicircum{} "
        r"\textbackslash{}}}"
    )
    assert bib.stdout.startswith("@techreport{odd-one,")
    only_checked = run("cite", "35458631")
    assert only_checked.exit_code == 1 and only_checked.stdout == ""
    assert "only in a citation check" in only_checked.stderr
    unknown = run("cite", "no-such-source")
    assert unknown.exit_code == 1 and "does not know the source" in unknown.stderr
