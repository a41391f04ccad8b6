"""Packaging and code quality: the wheel ships the catalogue; ruff and mypy are clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


QUALITY = {  # the lint and type checks, run once per suite, here
    "ruff-check": ["ruff", "check", "src", "tests", "scripts", "benchmarks"],
    "ruff-format": ["ruff", "format", "--check", "src", "tests", "scripts", "benchmarks"],
    "mypy": ["mypy"],
}


@pytest.mark.parametrize("name", list(QUALITY))
def test_code_quality(name: str) -> None:
    done = _run(sys.executable, "-m", *QUALITY[name])
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


def test_wheel_and_sdist_are_release_ready(tmp_path: Path) -> None:
    """`pip wheel .` builds; both archives hold the catalogue, licence and README; the metadata
    is complete; and `twine check` passes on both (issue 6)."""
    import tarfile

    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv*", "*cache*", "dist"))
    dist = tmp_path / "dist"
    wheel_built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "-w", str(dist), str(src),
    )  # fmt: skip
    assert wheel_built.returncode == 0, wheel_built.stderr
    sdist_built = _run(
        sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(dist), cwd=src
    )
    assert sdist_built.returncode == 0, sdist_built.stderr
    (wheel,) = dist.glob("magref-*.whl")
    (sdist,) = dist.glob("magref-*.tar.gz")

    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        data_files = sorted(p for p in (ROOT / "data").rglob("*") if p.is_file())
        assert {p.name for p in data_files} >= {"forms.yaml", "sources.yaml", "topics.yaml"}
        for path in data_files:  # every data file and schema, byte for byte
            shipped_as = "magref/data/" + path.relative_to(ROOT / "data").as_posix()
            assert zf.read(shipped_as) == path.read_bytes(), shipped_as
        assert "magref/data/schemas/magref-forms-3.schema.json" in names  # the export's $schema
        licence = next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))
        assert zf.read(licence) == (ROOT / "LICENSE").read_bytes()
    for field in (
        "Summary: Offline command-line reference",
        "License-Expression: MIT",
        "Keywords: ",
        "Classifier: Environment :: Console",
        "Classifier: Topic :: Scientific/Engineering :: Medical Science Apps.",
        "Project-URL: ",
        "Requires-Python: >=3.11",
        "Description-Content-Type: text/markdown",
    ):
        assert field in metadata, field
    assert "**Not medical advice.**" in metadata  # the README is the long description

    with tarfile.open(sdist) as tf:
        top = tf.getnames()[0].split("/")[0]
        shipped = {n.removeprefix(top + "/") for n in tf.getnames()}
    for needed in (
        *(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()),
        "LICENSE", "README.md", "CHANGELOG.md", "CONTRIBUTING.md", "docs/commands.md",
        "docs/images/compare.svg", "pyproject.toml", "src/magref/cli/__init__.py",
        "tests/fixtures/catalogue/forms.yaml",
    ):  # fmt: skip
        assert needed in shipped, needed

    checked = _run(sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("PASSED") == 2, checked.stdout


def test_pre_commit_hooks_run_the_projects_checks() -> None:
    """Each hook in .pre-commit-config.yaml is one of the project's checks: the ruff hooks are
    the very commands test_code_quality runs (so lint runs once per suite, there), and the
    catalogue hook, which nothing else runs as a command, passes on the repository."""
    import yaml

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert set(hooks) == {"ruff-check", "ruff-format", "magref-validate"}
    assert hooks["ruff-check"]["entry"].split() == QUALITY["ruff-check"][:2]
    assert hooks["ruff-format"]["entry"].split() == QUALITY["ruff-format"][:3]
    assert hooks["magref-validate"]["entry"] == "magref validate data"
    program, *args = hooks["magref-validate"]["entry"].split()
    done = _run(str(Path(sys.executable).parent / program), *args)
    assert done.returncode == 0, (done.stdout, done.stderr)


def test_citation_file_matches_the_package_version() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["version"] == project["version"]
    assert cff["license"] == project["license"]
    assert cff["cff-version"] == "1.2.0"
    assert {"message", "title", "authors", "type"} <= set(cff)
    assert [a["name"] for a in cff["authors"]] == [a["name"] for a in project["authors"]]


def test_the_package_version_is_said_once_everywhere() -> None:
    import magref

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert magref.__version__ == project["version"]
