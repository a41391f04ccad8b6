"""Shared fixtures: the bundled catalogue, a CLI runner with a fixed, colourless terminal, and a
home of the suite's own, so that no test reads or writes the real one."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.testing
from typer.testing import CliRunner, Result

from magref import catalogue
from magref.cli import app
from magref.model import Catalogue

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 100
ENV = {"COLUMNS": str(WIDTH), "NO_COLOR": "1", "TERM": "dumb", "FORCE_COLOR": None}
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="magref-tests-"))
# Typer rebuilds the click command from the app's functions on every invoke (about two thirds of
# an in-process run); the app never changes during the suite, so build it once.
typer.testing._get_command = functools.cache(typer.testing._get_command)  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    """Before any test module is collected (some load the catalogue at import), point HOME and
    every XDG directory at a private temporary home: the parse cache, a profile or a user
    catalogue can then never be read from, or written to, the real one."""
    for name, sub in (
        ("HOME", "home"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        os.environ[name] = str(_SESSION_HOME / sub)
    os.environ.pop("MAGREF_CATALOGUE", None)
    os.environ.pop("MAGREF_DATA", None)
    # Hypothesis keeps its example database and caches in ./.hypothesis unless told otherwise.
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(_SESSION_HOME / "hypothesis")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def cat() -> Catalogue:
    return catalogue.load()


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """Invoke the CLI as a user would, stdout and stderr kept apart (`env` adds variables)."""
    return CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty config, data and cache directories, so no profile, user
    catalogue or cached catalogue leaks from one test into another."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MAGREF_CATALOGUE", raising=False)
    yield config


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    """Where magref looks for the user's catalogue in this test (not created)."""
    return tmp_path / "data" / "magref" / "forms.yaml"
