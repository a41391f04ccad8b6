"""magref export --format datapackage: an open data package of the whole catalogue, checked
with the frictionless library (types, primary keys, foreign keys) and written as a directory
the way files are: atomically, never over what it did not write, nothing left behind."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from frictionless import validate

from magref import catalogue

from .conftest import run

TABLES = {
    "forms", "variants", "variant_identifiers", "topics", "findings", "finding_sources",
    "form_sources",
    "interactions", "medicines", "interaction_sources", "reference_values",
    "authority_sources", "reference_values_authorities", "sources",
}  # fmt: skip


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("package") / "magref-data"
    result = run("export", "--format", "datapackage", "-o", str(where))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return where


def _rows(package: Path, name: str) -> list[dict[str, str]]:
    with open(package / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_package_is_valid_frictionless_data(package: Path) -> None:
    report = validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["name", "type", "message"])[:5]
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in descriptor["resources"]} == TABLES
    assert sorted(os.listdir(package)) == sorted(
        [f"{t}.csv" for t in TABLES] + ["datapackage.json"]
    )


def test_the_descriptor_carries_version_licence_keys_units_and_the_safety_notes(
    package: Path,
) -> None:
    cat = catalogue.load_bundled()
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == cat.catalogue_version
    assert descriptor["licenses"][0]["name"] == "MIT"
    assert cat.kidney_caution.text in descriptor["description"]
    assert cat.disclaimer in descriptor["description"]
    resources = {r["name"]: r["schema"] for r in descriptor["resources"]}
    assert resources["variants"]["primaryKey"] == ["form_id", "variant_id"]
    assert {"fields": ["form_id"], "reference": {"resource": "forms", "fields": ["form_id"]}} in (
        resources["variants"]["foreignKeys"]
    )
    names = {f["name"]: f["type"] for f in resources["variants"]["fields"]}
    assert names["elemental_mg_percent"] == "number" and names["molar_mass_g_per_mol"] == "number"
    assert {f["name"] for f in resources["findings"]["fields"]} >= {"dose_mg_per_day", "certainty"}


def test_the_tables_are_tidy_and_complete(package: Path) -> None:
    cat = catalogue.load_bundled()
    assert [r["form_id"] for r in _rows(package, "forms")] == [f.id for f in cat.forms]
    variants = _rows(package, "variants")
    assert len(variants) == sum(len(f.variants) for f in cat.forms)
    oxide = next(v for v in variants if v["form_id"] == "oxide")
    assert (oxide["formula"], oxide["elemental_mg_percent"]) == ("MgO", "60.3")
    findings = _rows(package, "findings")
    form_findings = [f for f in findings if f["form_id"]]
    assert len(form_findings) == sum(len(f.uses) for f in cat.forms)
    assert len(findings) - len(form_findings) == sum(len(t.findings) for t in cat.topics)
    assert {r["source_key"] for r in _rows(package, "sources")} == set(cat.sources)
    limits = [r for r in _rows(package, "reference_values") if r["value"] == "ul"]
    assert {"authority_id": "us", "band": "9 years and over", "mg_per_day": "350.0"}.items() <= (
        next(r for r in limits if r["authority_id"] == "us" and r["from_months"] == "108").items()
    )


def test_a_broken_reference_is_caught(package: Path, tmp_path: Path) -> None:
    """The validation has teeth: a link to a source that is not in the package fails it."""
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in os.listdir(package):
        (broken / name).write_bytes((package / name).read_bytes())
    with open(broken / "finding_sources.csv", "a", encoding="utf-8") as handle:
        handle.write("glycinate/sleep/1,no-such-source\n")
    report = validate(str(broken / "datapackage.json"))
    assert not report.valid
    assert any("foreign-key" in kind for (kind,) in report.flatten(["type"]))


def test_the_directory_is_written_safely(tmp_path: Path) -> None:
    target = tmp_path / "pkg"
    assert run("export", "-f", "datapackage", "-o", str(target)).exit_code == 0
    again = run("export", "-f", "datapackage", "-o", str(target))
    assert again.exit_code == 1 and "exists and is not empty; use --force" in again.stderr
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    forced = run("export", "-f", "datapackage", "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"  # left alone
    other = tmp_path / "other"
    other.mkdir()
    (other / "thesis.tex").write_text("x", encoding="utf-8")
    refused = run("export", "-f", "datapackage", "-o", str(other), "--force")
    assert refused.exit_code == 1 and "no datapackage.json" in refused.stderr
    assert os.listdir(other) == ["thesis.tex"]
    a_file = tmp_path / "file.csv"
    a_file.write_text("x", encoding="utf-8")
    assert run("export", "-f", "datapackage", "-o", str(a_file), "--force").exit_code == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("export", "-f", "datapackage", "-o", str(empty)).exit_code == 0
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".")]  # no temporary left


def test_new_files_get_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        assert run("export", "-f", "datapackage", "-o", str(tmp_path / "p")).exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "p").stat().st_mode & 0o777 == 0o750
    assert (tmp_path / "p" / "forms.csv").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "-"], "give it with -o DIR"),
        (["glycinate", "-o", "x"], "name no forms"),
    ],
    ids=["stdout", "forms named"],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = run("export", "-f", "datapackage", *args)
    assert result.exit_code == 2 and result.stdout == "" and message in result.stderr


def test_identifiers_join_other_datasets(package: Path) -> None:
    rows = _rows(package, "variant_identifiers")
    found = {(r["form_id"], r["variant_id"], r["scheme"], r["value"]) for r in rows}
    assert ("oxide", "anhydrous", "unii", "3A3U0GI71G") in found
    assert ("sulfate", "heptahydrate", "pubchem-cid", "24843") in found
    shown = " ".join(run("show", "oxide").stdout.split())
    assert "Identifier of Magnesium oxide: UNII 3A3U0GI71G [otc-oxide-tablet-label]" in shown


def test_medicines_carry_their_rxcui_where_a_source_gives_it(package: Path) -> None:
    medicines = {r["medicine"]: r["rxcui"] for r in _rows(package, "medicines")}
    assert medicines["ciprofloxacin"] == "2551" and medicines["omeprazole"] == "7646"
    assert medicines["levothyroxine"] == ""  # no source read gives it: none recorded
    links = _rows(package, "interaction_sources")
    assert {"interaction_id": "fluoroquinolones", "source_key": "cpic-drug-table"} in links
