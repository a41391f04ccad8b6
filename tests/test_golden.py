"""Rendered views compared with golden files (100 columns, no colour), on the frozen fixture
catalogue in tests/fixtures/catalogue, so that edits to the real data never churn them.

Regenerate after an intended change with: MAGREF_UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import re

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


# The terminal views at the widths people use, each drawn from the same data: a golden file per
# view and width, and a check that no word, formula, number or identifier that fits on a line
# is broken inside at that width.
WIDTH_CASES = {
    "show-citrate": ["show", "citrate"],
    "show-glycinate": ["show", "glycinate"],
    "compare": ["compare"],
    "list": ["list"],
    "list-sleep": ["list", "--use", "sleep"],
    "search-epsom": ["search", "epsom"],
    "dose-stack-child": CASES["dose-stack-child.txt"],
    "rda": ["rda"],
    "limits": ["limits"],
    "interactions-cipro": ["interactions", "cipro", "alendronate"],
    "label": CASES["label.txt"],
}
WIDTHS = (60, 80, 120)
_BOX = re.compile("[│┃─━┌┐└┘├┤┬┴┼╭╮╯╰═║]")


def _view(args: list[str], width: int) -> str:
    result = CliRunner().invoke(app, args, env={**FIXTURE_ENV, "COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w} columns")
@pytest.mark.parametrize("name", sorted(WIDTH_CASES))
def test_view_at_width_matches_golden_file(name: str, width: int) -> None:
    out = _view(WIDTH_CASES[name], width)
    path = GOLDEN / "widths" / f"{name}-{width}.txt"
    if os.environ.get("MAGREF_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
    assert max(len(line) for line in out.splitlines()) <= width


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w} columns")
@pytest.mark.parametrize("name", sorted(WIDTH_CASES))
def test_no_word_that_fits_is_broken(name: str, width: int) -> None:
    """A broken word: the end of one line and the start of the next (or, in a table, two
    pieces one above the other in a column) that join into a word of the same view drawn 500
    columns wide, a word short enough to have fitted on a line whole."""
    wide = set(_BOX.sub(" ", _view(WIDTH_CASES[name], 500)).split())
    fits = {word for word in wide if len(word) <= width}
    lines = [_BOX.sub(" ", line) for line in _view(WIDTH_CASES[name], width).splitlines()]
    broken = []
    for above, below in zip(lines, lines[1:], strict=False):
        upper = {m.start(): m.group() for m in re.finditer(r"\S+", above)}
        lower = [(m.start(), m.group()) for m in re.finditer(r"\S+", below)]
        pairs = [(list(upper.values())[-1], lower[0][1])] if upper and lower else []
        pairs += [(upper[start], piece) for start, piece in lower if start in upper]
        broken += [a + b for a, b in pairs if a + b in fits and not a.endswith("…")]
        if upper and lower and re.search(r"\d$", above.rstrip()) and _UNIT.match(lower[0][1]):
            broken.append(f"{above.split()[-1]} | {lower[0][1]}")  # a number parted from its unit
    assert not broken, broken


_UNIT = re.compile(r"(?:mg|g|mcg|mmol|mEq|mL|kg|%|hours?|days?|weeks?|months?|years?)(?![\w/])")
