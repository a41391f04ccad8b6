"""`magref diff OLD NEW` end to end: two copies of a catalogue (directories or single files)
compared, output on stdout, problems on stderr."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .conftest import ROOT, run

FIXTURE = ROOT / "tests" / "fixtures" / "catalogue"


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURE, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_identical_copies_hold_the_same_data(tmp_path: Path) -> None:
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"`{old}` and `{new}` hold the same data.\n"
    assert result.stderr == ""


def test_a_one_word_change_is_one_line_with_the_old_and_new_text(tmp_path: Path) -> None:
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    _edit(new / "forms.yaml", "Widely sold as ge", "Often sold as ge")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("- changed `forms.glycinate.summary`: ")
    before, after = lines[0].split(" → ")
    assert "Widely sold" in before and "Often sold" not in before
    assert "Often sold" in after and "Widely sold" not in after


def test_a_figure_change_in_json(tmp_path: Path) -> None:
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    _edit(new / "reference-values.yaml", "mg: 65\n", "mg: 60\n")
    result = run("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["kind"] == "diff"
    assert doc["changes"] == [
        {
            "kind": "changed",
            "path": "authorities.us.limit.bands.1-3 years.mg",
            "old": 65.0,
            "new": 60.0,
        }
    ]


def test_a_directory_against_the_same_data_in_one_file(tmp_path: Path) -> None:
    single = tmp_path / "all.yaml"
    single.write_text(
        "\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURE.glob("*.yaml"))),
        encoding="utf-8",
    )
    result = run("diff", str(single), str(FIXTURE))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("hold the same data.\n")


def test_a_broken_catalogue_is_reported_in_its_file(tmp_path: Path) -> None:
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    _edit(new / "topics.yaml", "- id: sleep\n", "- id: sleep\n  id: nap\n")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"magref: error: {new / 'topics.yaml'}:")
    assert "duplicate key" in result.stderr


def test_a_missing_catalogue_is_an_error(tmp_path: Path) -> None:
    result = run("diff", str(tmp_path / "nowhere"), str(FIXTURE))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "cannot read" in result.stderr


def test_a_directory_without_catalogue_files_is_named_as_itself(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in (["diff", str(empty), str(FIXTURE)], ["validate", str(empty)]):
        result = run(*args)
        assert result.exit_code == 1, args
        assert result.stdout == ""
        assert result.stderr == (
            f"magref: error: {empty}:1: (file): holds no catalogue (*.yaml) files\n"
        ), args


def test_a_schema_2_catalogue_is_upgraded_for_the_comparison() -> None:
    old = FIXTURE.parent / "catalogue-schema2.yaml"
    result = run("diff", str(old), str(FIXTURE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    paths = {c["path"]: c for c in json.loads(result.stdout)["changes"]}
    assert paths["authorities.us.region"]["old"] == "not recorded before schema 3"
    assert paths["authorities.eu.limit.bands.under 4 years.note"]["kind"] == "changed"
    assert paths["authorities.jp"]["kind"] == "added"
    assert "authorities.us.intakes.bands.1-3 years.female" not in paths  # carried over as is
