"""README's quick start matches CI, and its output blocks are the program's real output."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from .conftest import ROOT, run

TEST_COMMAND = "pip install '.[test]' && pytest"
BLOCK = re.compile(r"<!-- output: magref (?P<args>[^>]*) -->\n```text\n(?P<body>.*?)```", re.S)
WIDTH = "94"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```sh\n{TEST_COMMAND}\n```" in readme
    assert f'"{TEST_COMMAND}"' in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _real(args: str) -> str:
    from typer.testing import CliRunner

    from magref.cli import app

    env = {"COLUMNS": WIDTH, "NO_COLOR": "1", "TERM": "dumb", "FORCE_COLOR": None}
    result = CliRunner().invoke(app, shlex.split(args), env=env)
    assert result.exit_code == 0, result.stderr
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"


def test_readme_output_blocks_are_real() -> None:
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    blocks = list(BLOCK.finditer(readme))
    assert {b["args"] for b in blocks} >= {"compare glycinate citrate oxide", "show glycinate"}
    if os.environ.get("MAGREF_UPDATE_GOLDEN"):
        readme = BLOCK.sub(
            lambda b: f"<!-- output: magref {b['args']} -->\n```text\n{_real(b['args'])}```", readme
        )
        path.write_text(readme, encoding="utf-8")
    for block in BLOCK.finditer(readme):
        assert block["body"] == _real(block["args"]), block["args"]


def test_quick_start_command_runs() -> None:
    assert run("compare", "glycinate", "citrate", "oxide").exit_code == 0


USER_EXAMPLE = re.compile(r"<!-- user-catalogue-example -->\n```yaml\n(.*?)```", re.S)
BROKEN_EXAMPLE = re.compile(r"<!-- broken-user-catalogue-example -->\n```text\n(.*?)```", re.S)
SHELL_OPERATORS = {">", ">>", "|", "&&", ";"}


def test_every_example_command_in_readme_runs(
    user_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each `magref ...` line in README's shell blocks, with README's example user catalogue
    in place (so the walk-through works as written), run in a temporary directory: a command
    that writes files (an export) writes them there."""
    monkeypatch.chdir(tmp_path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = USER_EXAMPLE.findall(readme)
    user_file.parent.mkdir(parents=True)
    user_file.write_text(example, encoding="utf-8")
    lines = [
        line.split("#")[0].strip()
        for block in re.findall(r"```sh\n(.*?)```", readme, re.S)
        for line in block.splitlines()
        if line.startswith("magref ")
    ]
    assert len(lines) >= 5
    for line in lines:
        words = shlex.split(line)[1:]
        cut = next((i for i, w in enumerate(words) if w in SHELL_OPERATORS), len(words))
        result = run(*words[:cut])
        assert result.exit_code == 0, (line, result.stderr)
    compare = run("compare", "glycinate", "fumarate").stdout
    assert "fumarate (user)" in compare and "17.57" in compare


def test_readme_broken_user_catalogue_message_is_real(user_file: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = USER_EXAMPLE.findall(readme)
    broken = example.replace("    summary: The", "    sumary: The")
    broken = broken.replace("laxative: unknown", "laxative: very")
    user_file.parent.mkdir(parents=True)
    user_file.write_text(broken, encoding="utf-8")
    result = run("compare")
    assert result.exit_code == 1 and result.stdout == ""
    (shown,) = BROKEN_EXAMPLE.findall(readme)
    assert result.stderr.replace(str(user_file), "~/.local/share/magref/forms.yaml") == shown
