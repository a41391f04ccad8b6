"""Completion suggestions are valid shell input: each one, typed or inserted as it is, is read
by bash, zsh and fish as exactly one word, itself. The suggestions come from bash running
magref's own completion script; zsh and fish are tested where they are installed (bash always
is where magref is developed and tested)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from magref import catalogue
from magref.model import Form

MAGREF = Path(sys.executable).with_name("magref")
# Names a user catalogue may hold that a shell would otherwise read as something else.
HOSTILE = """\
forms:
  - id: hostile
    name: Magnesium "quoted" (it's $HOME & `date`; <x> | y * ? ~ {a,b} [c] !z #w
    aliases: [-leading dash, =equals, магний цитрат, 镁 甘氨酸, tab\there]
    trade_names: ["Brand®™ (2x) 50% off; rm -rf /"]
    summary: A form whose names are hard on shells.
    variants:
      - id: anhydrous
        name: Hostile, anhydrous
        formula: MgO
        hydrate: anhydrous
        stoichiometry: "1:1"
        molar_mass: 40.30
        elemental_mg_percent: 60.30
        default: true
    solubility: {summary: Not recorded.}
    absorption: {summary: Not studied., design: none}
    side_effects: {laxative: unknown, summary: Not recorded.}
"""

pytestmark = pytest.mark.skipif(
    not MAGREF.exists() or shutil.which("bash") is None, reason="needs bash and magref installed"
)


def _bash_suggestions(line: str, env: dict[str, str]) -> list[str]:
    """What bash's completion offers for a command line (the cursor at its end), run through
    the script `magref completion bash` prints."""
    words = line.split(" ")
    script = (
        f'eval "$("{MAGREF}" completion bash)"\n'
        f"COMP_WORDS=({' '.join(_bash_quote(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        f'_magref_completion "{MAGREF}"\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return [s for s in done.stdout.split("\n") if s]


def _bash_quote(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


def _read_back(shell: str, words: list[str]) -> list[str]:
    """Each word inserted unquoted into a command, as the shell reads it: count:value."""
    if shell == "fish":
        lines = [f"set -l a {w}; echo (count $a):$a" for w in words]
        argv = ["fish", "--no-config", "-c", "\n".join(lines)]
    else:
        lines = [f'set -- {w}; printf "%s\\n" "$#:$1"' for w in words]
        argv = ["zsh", "-f", "-c", "\n".join(lines)] if shell == "zsh" else ["bash", "-c"]
        if shell == "bash":
            argv.append("\n".join(lines))
    home = {"HOME": "/nonexistent", "PATH": os.environ.get("PATH", "")}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=home)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("completion")
    user = home / "hostile.yaml"
    user.write_text(HOSTILE, encoding="utf-8")
    return {
        **os.environ,
        "MAGREF_CATALOGUE": str(user),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
    }


@pytest.fixture(scope="module")
def suggestions(env: dict[str, str]) -> list[str]:
    found: list[str] = []
    for line in ["magref show ", "magref compare glycinate ", "magref dose oxide:", "magref "]:
        found += _bash_suggestions(line, env)
    found += _bash_suggestions("magref interactions ", env)
    return found


def test_every_form_suggestion_finds_its_form(env: dict[str, str]) -> None:
    """A name made shell-safe (hyphens for what a shell reads specially) still names its form."""
    cat = catalogue.load((Path(env["MAGREF_CATALOGUE"]),))
    offered = _bash_suggestions("magref show ", env)
    assert len(offered) > 50
    for word in offered:
        form = catalogue.find_form(cat, word)
        assert _word_of(form, word), (word, form.id)


def _word_of(form: Form, word: str) -> bool:
    from magref.completion import _word

    return word in {_word(name) for name in form.names()}


def test_bash_offers_the_names_including_hostile_ones(suggestions: list[str]) -> None:
    assert "glycinate" in suggestions and "oxide:anhydrous" in suggestions
    assert "Magnesium-glycinate-bisglycinate" in suggestions
    assert "магний-цитрат" in suggestions and "镁-甘氨酸" in suggestions
    assert "leading-dash" in suggestions and "equals" in suggestions
    assert any(s.startswith("Magnesium-quoted-it-s-HOME") for s in suggestions)
    assert "levothyroxine" in suggestions


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_suggestion_is_one_word_as_typed(shell: str, suggestions: list[str]) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    assert _read_back(shell, suggestions) == [f"1:{s}" for s in suggestions]
