"""Shared fixtures: the bundled catalogue, a CLI runner with a fixed, colourless terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from magref import catalog
from magref.cli import app
from magref.model import Catalogue

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 100
ENV = {"COLUMNS": str(WIDTH), "NO_COLOR": "1", "TERM": "dumb", "FORCE_COLOR": None}


@pytest.fixture(scope="session")
def cat() -> Catalogue:
    return catalog.load()


def run(*args: str) -> Result:
    """Invoke the CLI as a user would, stdout and stderr kept apart."""
    return CliRunner().invoke(app, list(args), env=ENV)


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty config, data and cache directories, so no real profile,
    user catalogue or cached catalogue leaks in."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MAGREF_CATALOGUE", raising=False)
    return config


@pytest.fixture
def user_file(tmp_path: Path) -> Path:
    """Where magref looks for the user's catalogue in this test (not created)."""
    return tmp_path / "data" / "magref" / "forms.yaml"
