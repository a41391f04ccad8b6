"""User catalogues: adding and replacing entries, every way a file can be broken, and the
validate, schema and paths commands."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner, Result

import magref
from magref import catalogue
from magref.cli import app
from tests.conftest import ENV, ROOT, run

FUMARATE = """\
# a form the bundled catalogue lacks
forms:
  - id: fumarate
    name: Magnesium fumarate
    summary: The magnesium salt of fumaric acid.
    variants:
      - id: anhydrous
        name: Magnesium fumarate, anhydrous
        formula: MgC4H2O4
        hydrate: anhydrous
        stoichiometry: "1:1"
        molar_mass: 138.36
        elemental_mg_percent: 17.57
        default: true
    solubility: {summary: Not recorded.}
    absorption: {summary: No absorption study recorded., design: none}
    side_effects: {laxative: unknown, summary: Not recorded.}
"""


# A topic's summary and its one finding, "nothing studied", as flow-mapping entries.
NO_FINDING = (
    "summary: s, findings: [{statement: s, direction: not-studied, certainty: none, design: none}]"
)


def run_wide(*args: str) -> Result:
    """As run(), on a terminal wide enough that no file path in the output is wrapped: how
    long a temporary path is, and so where 100 columns would break it, varies from machine to
    machine (TMPDIR), and these tests look for whole paths."""
    return CliRunner().invoke(app, list(args), env={**ENV, "COLUMNS": "1000"})


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def oxide_replacement() -> str:
    """The bundled oxide entry with a different summary, as a user would copy and edit it."""
    text = (ROOT / "data" / "forms.yaml").read_text(encoding="utf-8")
    bundled = yaml.safe_load(text)
    oxide = next(f for f in bundled["forms"] if f["id"] == "oxide")
    oxide["summary"] = "My own note on oxide."
    return yaml.safe_dump({"forms": [oxide]}, sort_keys=False)


# ---- adding and replacing -------------------------------------------------------------------


def test_a_form_in_the_user_file_appears_in_every_view(user_file: Path) -> None:
    write(user_file, FUMARATE)
    compare = run_wide("compare", "glycinate", "fumarate")
    assert compare.exit_code == 0, compare.stderr
    assert "fumarate (user)" in compare.stdout
    note = f"(user) marks entries from the user catalogue {user_file}"
    assert note in " ".join(compare.stdout.split())
    show = run_wide("show", "fumarate")
    assert f"From the user catalogue {user_file} (a new entry)." in " ".join(show.stdout.split())
    assert "17.57" in show.stdout
    assert "fumarate" in run("list").stdout
    doc = json.loads(run("export", "--format", "json").stdout)
    (fum,) = [f for f in doc["forms"] if f["id"] == "fumarate"]
    assert fum["origin"] == {"user_file": str(user_file), "replaces": False}
    assert {f["origin"]["user_file"] for f in doc["forms"] if f["id"] != "fumarate"} == {None}
    rows = list(csv.DictReader(io.StringIO(run("export", "-f", "csv", "fumarate").stdout)))
    assert [r["origin"] for r in rows] == [str(user_file)]
    markdown = run("export", "fumarate").stdout
    assert "Magnesium fumarate (user)" in markdown and "(a new entry)" in markdown
    # a document to share: the file's name, never the user's own directories
    assert f"From the user catalogue {user_file.name} (a new entry)." in markdown
    assert str(user_file.parent) not in markdown
    dose = json.loads(run("dose", "fumarate", "100mg", "-f", "json").stdout)
    assert dose["products"][0]["elemental_mg"] == 17.6


def test_an_entry_with_a_bundled_id_replaces_it(user_file: Path) -> None:
    write(user_file, oxide_replacement())
    doc = json.loads(run("show", "oxide", "-f", "json").stdout)
    assert doc["forms"][0]["summary"] == "My own note on oxide."
    assert doc["forms"][0]["origin"] == {"user_file": str(user_file), "replaces": True}
    assert "(replacing the entry with the same id)" in " ".join(run("show", "oxide").stdout.split())
    listing = json.loads(run("list", "-f", "json").stdout)
    assert [f["id"] for f in listing["forms"]].count("oxide") == 1
    assert len(listing["forms"]) == len(catalogue.load().forms)


def test_files_merge_in_order_default_then_environment_then_option(
    user_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(user_file, FUMARATE)
    env_file = write(tmp_path / "env.yaml", FUMARATE.replace("fumaric acid.", "from env."))
    opt_file = write(tmp_path / "opt.yaml", FUMARATE.replace("fumaric acid.", "from option."))
    monkeypatch.setenv("MAGREF_CATALOGUE", str(env_file))
    assert "from env." in run("show", "fumarate").stdout
    result = run("--catalogue", str(opt_file), "show", "fumarate", "-f", "json")
    (form,) = json.loads(result.stdout)["forms"]
    assert (
        form["summary"] == "The magnesium salt of from option."
        and form["origin"]["replaces"] is True
    )


def test_a_user_limit_and_interaction(tmp_path: Path) -> None:
    extra = write(
        tmp_path / "local.yaml",
        """\
sources:
  my-regulator:
    citation: My regulator, supplement limits (example)
    kind: report
    status: primary-read
    identifier: https://example.org/limits
    read: "2026-11-20"
authorities:
  - id: local
    name: Local regulator
    region: Localland
    names: [localland]
    limit:
      document: Local supplement rules (example)
      scope: Supplements only.
      sources: [my-regulator]
      bands:
        - {label: 0-17 years, from_months: 0, to_months: 216, no_figure: not-derived, note: None.}
        - {label: 18+ years, from_months: 216, mg: 300}
""",
    )
    result = run("--catalogue", str(extra), "dose", "oxide", "1000mg", "--authority", "localland")
    assert result.exit_code == 0, result.stderr
    assert "300" in result.stdout
    limits = run_wide("--catalogue", str(extra), "limits").stdout
    assert (
        "Local regulator (local), Localland" in limits
        and f"From the user catalogue {extra}" in limits
    )


# ---- broken files ---------------------------------------------------------------------------


BROKEN = {
    "syntax": ("forms: [1, 2\n", ["broken.yaml:2: (syntax): "]),
    "duplicate key": (
        "forms: []\nforms: []\n",
        ["broken.yaml:2: forms: duplicate key (first at line 1)"],
    ),
    "wrong type": (
        FUMARATE.replace("molar_mass: 138.36", "molar_mass: heavy"),
        ["broken.yaml:12: forms[0].variants[0].molar_mass: expected a number, got text"],
    ),
    "unknown field": (
        FUMARATE.replace("    summary: The", "    sumary: The"),
        [
            "broken.yaml:5: forms[0].sumary: unknown field; did you mean 'summary'?",
            "broken.yaml:3: forms[0]: missing required field 'summary'",
        ],
    ),
    "not a mapping": ("- just\n- a list\n", ["broken.yaml:1: (top level): expected a mapping"]),
    "not UTF-8": (b"forms: []\n# caf\xe9\n", ["broken.yaml:2: (file): not valid UTF-8 text"]),
    "empty": ("", ["broken.yaml:1: (top level): the file is empty"]),
    "only a comment": ("# nothing yet\n", ["broken.yaml:1: (top level): the file is empty"]),
    "object tag": (
        "forms: !!python/object/apply:os.system ['echo pwned']\n",
        ["broken.yaml:1: forms: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'"],
    ),
    "bundled-only section": (
        "disclaimer: none of this applies\n",
        ["broken.yaml:1: disclaimer: only the bundled catalogue sets this"],
    ),
    "name taken by a bundled form": (
        FUMARATE.replace("    summary: The", "    aliases: [Epsom salt]\n    summary: The"),
        ["broken.yaml:3: forms[0]: name 'epsom salt' is also used by form 'sulfate'"],
    ),
    "unknown source": (
        FUMARATE.replace("design: none}", "design: animal, sources: [ods-factshet]}"),
        [
            "broken.yaml:16: forms[0].absorption.sources[0]: unknown source 'ods-factshet'; "
            "did you mean 'ods-factsheet'?"
        ],
    ),
    "percent does not match the molar mass": (
        FUMARATE.replace("17.57", "15.57"),
        [
            "broken.yaml:13: forms[0].variants[0].elemental_mg_percent: 15.57 does not match "
            "molar_mass 138.36 (1 Mg would be 17.57 %)"
        ],
    ),
    "ids that are not lower-case or not unique": (
        "topics:\n"
        f"  - {{id: Bad, name: x, {NO_FINDING}}}\n"
        f"  - {{id: mine, name: y, {NO_FINDING}}}\n"
        f"  - {{id: mine, name: z, {NO_FINDING}}}\n",
        [
            "broken.yaml:2: topics[0].id: must be a unique lower-case id",
            "broken.yaml:4: topics[2].id: must be a unique lower-case id",
        ],
    ),
    "several problems at once": (
        FUMARATE.replace("molar_mass: 138.36", "molar_mass: heavy").replace(
            "laxative: unknown", "laxative: very"
        ),
        [
            "broken.yaml:12: forms[0].variants[0].molar_mass: expected a number",
            "broken.yaml:17: forms[0].side_effects.laxative: 'very' is not one of",
        ],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_user_file_stops_every_command(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, expected = BROKEN[case]
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "broken.yaml", text)
    for args in (["compare"], ["export", "-f", "json"], ["dose", "oxide", "500mg"]):
        result = run("--catalogue", "broken.yaml", *args)
        assert (result.exit_code, result.stdout) == (1, ""), (case, args)
        lines = result.stderr.splitlines()
        assert len(lines) == len(expected), lines
        for line, start in zip(lines, expected, strict=True):
            assert line.startswith("magref: error: " + start), line
    validate = run("validate", "broken.yaml")
    assert validate.exit_code == 1 and validate.stderr == result.stderr


def test_the_default_user_file_is_never_skipped_when_broken(user_file: Path) -> None:
    write(user_file, "forms: [1, 2\n")
    result = run("list")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"magref: error: {user_file}:2: (syntax): ")


def test_a_directory_in_place_of_the_user_file(user_file: Path) -> None:
    user_file.mkdir(parents=True)
    result = run("list")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"magref: error: {user_file}:1: (file): cannot read: a directory\n"


def test_an_unreadable_user_file(user_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(user_file, FUMARATE)
    real = os.open

    def refuse(path: Any, flags: int, *args: Any) -> int:
        if Path(path) == user_file:
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)  # tests may run as root, which reads all
    result = run("list")
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr == f"magref: error: {user_file}:1: (file): cannot read: Permission denied\n"
    )


def test_a_missing_named_file_is_an_error_but_a_missing_default_is_not(tmp_path: Path) -> None:
    assert run("list").exit_code == 0
    result = run("--catalogue", str(tmp_path / "nope.yaml"), "list")
    assert result.exit_code == 1
    assert result.stderr.endswith("nope.yaml:1: (file): cannot read: No such file or directory\n")


def test_problems_in_several_files_are_reported_together(tmp_path: Path) -> None:
    one = write(tmp_path / "one.yaml", "forms: [1, 2\n")
    two = write(tmp_path / "two.yaml", "sources: []\n")
    result = run("--catalogue", str(one), "--catalogue", str(two), "list")
    assert result.exit_code == 1
    assert [line.split(":")[2].strip() for line in result.stderr.splitlines()] == [
        str(one),
        str(two),
    ]


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """A form with 5,000 aliases, then referred to 5,000 times: 50 kB of text that would
    expand to 25 million values. The loader stops at a budget tied to the file's length."""
    form = yaml.safe_load(FUMARATE)["forms"][0]
    aliases = ", ".join(f"a{i}" for i in range(5000))
    first = json.dumps(form)[:-1] + f', "aliases": [{aliases}]}}'
    bomb = write(tmp_path / "bomb.yaml", f"forms: [&f {first}" + ", *f" * 5000 + "]\n")
    started = time.perf_counter()
    result = run("--catalogue", str(bomb), "list")
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1 and result.stdout == ""
    assert "document expands to too many values (alias bomb?)" in result.stderr
    assert len(result.stderr.splitlines()) < 20


def test_an_empty_catalogue_option_is_a_usage_error() -> None:
    result = run("--catalogue", " ", "list")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "magref: error: --catalogue is empty\n",
    )


# ---- validate, schema, paths ----------------------------------------------------------------


def test_validate_with_no_path_checks_the_bundled_and_user_files(user_file: Path) -> None:
    write(user_file, FUMARATE)
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    bundled = catalogue.catalogue_files(catalogue.bundled_location())
    assert len(bundled) >= 5 and len(lines) == len(bundled) + 1  # each bundled file, then mine
    for path, line in zip(bundled, lines, strict=False):
        assert line.startswith(f"{path}: ok: "), line
    assert f"{bundled[0].parent / 'forms.yaml'}: ok: 20 forms, unverified_forms" in lines
    assert lines[-1] == f"{user_file}: ok: 1 form"


def test_validate_a_complete_catalogue_and_a_user_file(tmp_path: Path) -> None:
    mine = write(tmp_path / "mine.yaml", oxide_replacement())
    result = run("validate", str(ROOT / "data" / "forms.yaml"), str(mine))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == f"{mine}: ok: 1 form (1 replacing)"
    broken = write(tmp_path / "forms.yaml", (ROOT / "data" / "forms.yaml").read_text() + "x: 1\n")
    result = run("validate", str(broken))
    assert result.exit_code == 1
    assert (
        result.stderr.startswith(f"magref: error: {broken}:")
        and "x: unknown field" in result.stderr
    )


def test_schema_accepts_real_files_and_rejects_mistakes() -> None:
    result = run("schema")
    assert result.exit_code == 0
    user_schema = json.loads(result.stdout)
    complete_schema = json.loads(run("schema", "--complete").stdout)
    bundled = {}  # the data files hold disjoint sections of one complete catalogue
    for path in sorted((ROOT / "data").glob("*.yaml")):
        bundled |= yaml.safe_load(path.read_text())
    jsonschema.validate(bundled, complete_schema)
    jsonschema.validate(yaml.safe_load(FUMARATE), user_schema)
    jsonschema.validate(yaml.safe_load(oxide_replacement()), user_schema)
    for mistake in (
        {"forms": [{**yaml.safe_load(FUMARATE)["forms"][0], "sumary": "x"}]},
        {"disclaimer": "x"},
        {"forms": [{**yaml.safe_load(FUMARATE)["forms"][0], "id": "Not An Id"}]},
        {"sources": {"x": {"citation": "c", "kind": "blog", "status": "primary-read"}}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(mistake, user_schema)


def test_paths_lists_every_file_and_its_state(user_file: Path, tmp_path: Path) -> None:
    result = run("paths", "-f", "json")
    assert result.exit_code == 0
    files = json.loads(result.stdout)["files"]
    bundled = catalogue.catalogue_files(catalogue.bundled_location())
    assert [f["path"] for f in files[: len(bundled)]] == [str(p) for p in bundled]
    files = files[len(bundled) - 1 :]  # the last bundled file, then the others
    roles = [f["role"] for f in files]
    assert roles == ["bundled catalogue", "user catalogue", "profile", "parse cache"]
    assert files[3]["path"] == str(tmp_path / "cache" / "magref")
    assert re.fullmatch(r"\d+ parsed files? \(safe to delete\)", files[3]["status"])
    assert files[1] == {
        "role": "user catalogue",
        "path": str(user_file),
        "access": "read",
        "exists": False,
        "status": "not present (optional)",
        "problems": [],
    }
    write(user_file, FUMARATE)
    broken = write(tmp_path / "broken.yaml", "forms: 3\n")
    result = run_wide("--catalogue", str(broken), "paths")
    assert result.exit_code == 1
    assert f"{user_file}\n  ok: 1 form\n" in result.stdout
    assert f"{broken}\n  broken: 1 problem\n" in result.stdout
    assert result.stderr == (
        f"magref: error: {broken} is broken (broken: 1 problem); run: magref validate {broken}\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "json"],
        ["show", "glycinate", "-f", "json"],
        ["compare", "-f", "json"],
    ],
    ids=str,
)
def test_json_documents_name_and_meet_their_schema(args: list[str], user_file: Path) -> None:
    write(user_file, FUMARATE)  # a user's entry is described by the schema too
    doc = json.loads(run(*args).stdout)
    schema = json.loads(run("schema", "--forms").stdout)
    assert doc["$schema"] == schema["$id"] == "magref-forms-3.schema.json"
    assert doc["magref_json"] == 3 and doc["catalogue"]["schema_version"] == 4
    assert doc["magref_version"] == magref.__version__
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
    broken = {**doc, "forms": [{**doc["forms"][0], "variants": []}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)
