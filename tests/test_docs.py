"""Documents made from the program (issue 6): the command reference and the README pictures
must match what magref prints now, and the README must show them."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import ROOT

FIX = "run `python scripts/make_docs.py` and commit the result"


def _make_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "scripts" / "make_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE_DOCS = _make_docs()
EXPECTED = MAKE_DOCS.expected()


@pytest.mark.parametrize("path", list(EXPECTED), ids=lambda p: str(p.relative_to(ROOT)))
def test_generated_document_is_current(path: Path) -> None:
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: {FIX}"
    assert path.read_text(encoding="utf-8") == EXPECTED[path], f"stale: {FIX}"


def test_command_reference_covers_every_command_option_and_example() -> None:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    names = MAKE_DOCS.command_names()
    assert len(names) >= 15
    for name in names:
        section = text.split(f"\n## magref {name}\n", 1)[1].split("\n## ", 1)[0]
        assert f"Usage: magref {name}" in section
        assert "Example: magref" in section, name
        assert "Exit codes:" in section, name
    # every option of every command appears in its own section
    import typer

    from magref.cli import app

    group = typer.main.get_command(app)
    for name in names:
        command = group.commands[name]  # type: ignore[attr-defined]
        section = text.split(f"\n## magref {name}\n", 1)[1].split("\n## ", 1)[0]
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("-"):
                    assert opt in section, f"{opt} of {name} missing from docs/commands.md"


def test_pictures_are_terminal_views_of_the_real_output() -> None:
    from typer.testing import CliRunner

    from magref.cli import app

    env = {"COLUMNS": "100", "NO_COLOR": "1"}
    shown = CliRunner().invoke(app, ["compare", "glycinate", "citrate", "oxide"], env=env)
    svg = EXPECTED[ROOT / "docs" / "images" / "compare.svg"]
    # the SVG holds the text of each line (spaces as &#160;); spot-check lines of the real output
    flat = re.sub(r"<[^>]+>", "", svg).replace("&#160;", " ")
    for line in shown.stdout.splitlines()[:6]:
        for word in line.split():
            assert word.replace("&", "&amp;") in flat or word in flat, word


def test_readme_first_screen_has_pitch_warning_quick_start_and_pictures() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("\n## ", 3)
    head = "\n## ".join(first[:3])  # title and pitch, quick start, and what it looks like
    assert "Not medical advice" in head
    assert "pip install . && magref compare glycinate citrate oxide" in head
    assert "pip install '.[test]' && pytest" in head
    for name in MAKE_DOCS.PICTURES:
        assert f"(docs/images/{name})" in head, name
    assert "(docs/commands.md)" in readme


def test_check_mode_reports_nothing_stale() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_docs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stderr


def test_changelog_names_the_release_and_its_data_section_is_generated() -> None:
    """The first release is pyproject's version, under Unreleased; the Unreleased Data section
    is `magref diff` between the last released catalogue and data/ (kept current by
    make_docs.py, as test_generated_document_is_current checks)."""
    import tomllib

    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    releases = re.findall(r"^## \[([^\]]+)\]", text, re.MULTILINE)
    assert releases[:2] == ["Unreleased", version]
    unreleased = text.split("## [Unreleased]", 1)[1].split("\n## [", 1)[0]
    data = unreleased.split("### Data", 1)[1]
    assert f"magref diff docs/releases/catalogue-{version}.yaml data" in data
    assert (ROOT / "docs" / "releases" / f"catalogue-{version}.yaml").is_file()
