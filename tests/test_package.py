"""Packaging and code quality: the wheel ships the catalogue; ruff and mypy are clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def test_wheel_contains_the_catalogue(tmp_path: Path) -> None:
    # Build from a copy so the repository stays clean, without network (hatchling is a test extra).
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv*", "*cache*", "dist"))
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "-w", str(tmp_path / "dist"), str(src),
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("magref-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        shipped = zf.read("magref/data/forms.yaml")
        assert any(n.endswith("entry_points.txt") for n in zf.namelist())
    assert shipped == (ROOT / "data" / "forms.yaml").read_bytes()


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src", "tests", "scripts", "benchmarks"],
        ["ruff", "format", "--check", "src", "tests", "scripts", "benchmarks"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_code_quality(command: list[str]) -> None:
    done = _run(sys.executable, "-m", *command)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "args", [["export", "--format", "json"], ["show", "oxide", "-f", "json"], ["export"]]
)
def test_machine_formats_do_not_import_rich(args: list[str]) -> None:
    """Only terminal views may pay for rich (issue 5); and once the catalogue is in the parse
    cache, no command pays for PyYAML either."""
    code = (
        "import sys, contextlib, io\n"
        f"sys.argv = ['magref', *{args!r}]\n"
        "from magref.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None), exc.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'yaml')))\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (first.returncode, first.stderr) == (0, "")
    assert "rich" not in first.stdout and "yaml" in first.stdout  # parsed: the cache was empty
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (again.returncode, again.stdout, again.stderr) == (0, "[]\n", "")
