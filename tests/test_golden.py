"""Rendered views compared with golden files (100 columns, no colour).

Regenerate after an intended change with: MAGREF_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os

import pytest

from .conftest import ROOT, run

GOLDEN = ROOT / "tests" / "golden"
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
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_view_matches_golden_file(name: str) -> None:
    result = run(*CASES[name])
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / name
    if os.environ.get("MAGREF_UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
