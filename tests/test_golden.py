"""Rendered views compared with golden files (100 columns, no colour), on the frozen fixture
catalogue in tests/fixtures/catalogue, so that edits to the real data never churn them.

Regenerate after an intended change with: MAGREF_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from magref.cli import app

from .conftest import ENV, ROOT

GOLDEN = ROOT / "tests" / "golden"
FIXTURE_ENV = {**ENV, "MAGREF_DATA": str(ROOT / "tests" / "fixtures" / "catalogue")}
CASES = {
    "show-glycinate.txt": ["show", "glycinate"],
    "show-glycinate.md": ["show", "glycinate", "--format", "markdown"],
    "show-glycinate.json": ["show", "glycinate", "--format", "json"],
    "show-citrate.txt": ["show", "citrate"],
    "compare.txt": ["compare"],
    "compare-three.md": ["compare", "glycinate", "citrate", "oxide", "--format", "markdown"],
    "compare-three.json": ["compare", "glycinate", "citrate", "oxide", "--format", "json"],
    "list.txt": ["list"],
    "list-sleep.txt": ["list", "--use", "sleep"],
    "list.md": ["list", "--format", "markdown"],
    "list.json": ["list", "--format", "json"],
    "search-epsom.txt": ["search", "epsom"],
    "export.md": ["export", "--format", "markdown"],
    "export.json": ["export", "--format", "json"],
    "export.csv": ["export", "--format", "csv"],
    "dose-oxide.txt": ["dose", "oxide", "500"],
    "dose-stack-child.txt": [
        "dose",
        "glycinate",
        "2",
        "x",
        "500mg",
        "+",
        "milk",
        "of",
        "magnesia",
        "15",
        "mL",
        "--age",
        "10",
    ],
    "dose-oxide.json": ["dose", "oxide", "500", "--format", "json"],
    "rda.txt": ["rda"],
    "limits.txt": ["limits"],
    "interactions-cipro.txt": ["interactions", "cipro", "alendronate"],
    "label.txt": ["label", "Magnesium (as magnesium bisglycinate chelate) 200 mg"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_view_matches_golden_file(name: str) -> None:
    result = CliRunner().invoke(app, CASES[name], env=FIXTURE_ENV)
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / name
    if os.environ.get("MAGREF_UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
