"""The parse cache (issue 5): hits skip PyYAML entirely, any change is a miss, a broken or
hostile entry is only a miss, nothing but a valid catalogue is stored, and a cache that
cannot be written changes nothing but speed."""

from __future__ import annotations

import ast
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from magref import cache, catalogue, parse, profile
from magref.model import Catalogue

from .conftest import run
from .test_user_catalogue import FUMARATE

USER = FUMARATE  # a form the bundled catalogue lacks

# Loads the catalogue the way a command does, then reports how many times YAML was parsed and
# whether PyYAML and the parser were imported at all.
PROBE = """\
import json, sys
from pathlib import Path
from magref import catalogue
calls = []
def count(frame, event, arg):
    code = frame.f_code
    if event == "call" and code.co_name in ("parse", "parse_user"):
        if code.co_filename.endswith("parse.py"):
            calls.append(code.co_name)
sys.setprofile(count)
files = tuple(Path(p) for p in sys.argv[1:])
for _ in range(3):
    cat = catalogue.load(files)
sys.setprofile(None)
print(json.dumps({
    "parsed": len(calls),
    "yaml": "yaml" in sys.modules,
    "forms": [f.id for f in cat.forms],
}))
"""


def _probe(*files: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, files)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _entries() -> list[Path]:
    return sorted(cache.directory().glob("parsed-*.pickle"))


def test_bundled_catalogue_is_parsed_once_per_process_then_never_while_unchanged() -> None:
    first = _probe()
    assert first["parsed"] == 1 and first["yaml"] is True
    assert len(_entries()) == 1
    second = _probe()
    assert second == {**first, "parsed": 0, "yaml": False}


def test_user_catalogue_is_cached_and_an_edit_is_a_miss(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(USER)
    assert _probe(user)["parsed"] == 2  # the bundled file, then the user file
    hit = _probe(user)
    assert (hit["parsed"], hit["yaml"]) == (0, False)
    assert "fumarate" in hit["forms"]  # type: ignore[operator]
    user.write_text(USER.replace("id: fumarate", "id: fumarate-edited"))
    edited = _probe(user)
    assert edited["parsed"] == 1  # the user file again; the bundled one is still cached
    assert "fumarate-edited" in edited["forms"]  # type: ignore[operator]


def test_the_same_file_under_another_name_is_a_miss(tmp_path: Path) -> None:
    """Entries record the file they came from, so the name is part of the key."""
    (tmp_path / "a.yaml").write_text(USER)
    (tmp_path / "b.yaml").write_text(USER)
    a = catalogue.load((tmp_path / "a.yaml",))
    b = catalogue.load((tmp_path / "b.yaml",))
    assert a.forms[-1].origin.endswith("a.yaml") and b.forms[-1].origin.endswith("b.yaml")


def test_a_hit_returns_what_parsing_returns(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(USER)
    parsed = catalogue._load((user,))
    cached = catalogue._load((user,))
    assert cached == parsed and cached is not parsed
    base = catalogue.load_path(catalogue.bundled_location())
    assert cached == catalogue.merge(base, parse.parse_user(USER, str(user), base), str(user))


def test_a_broken_file_is_never_cached(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(USER.replace("design: none", "design: nonsense"))
    for _ in range(2):
        result = run("--catalogue", str(user), "list")
        assert result.exit_code == 1 and result.stdout == ""
        assert "is not one of" in result.stderr
    names = {p.name for p in _entries()}
    assert len(names) <= 1  # at most the bundled catalogue's entry


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle at all",
        pickle.dumps({"forms": []}),  # a plain value, not a catalogue
        pickle.dumps(catalogue.UserFile(Path("x"), "y", False)),  # a record of the wrong kind
    ],
    ids=["empty", "garbage", "wrong-value", "wrong-class"],
)
def test_a_broken_entry_is_only_a_miss(content: bytes) -> None:
    assert _probe()["parsed"] == 1
    (entry,) = _entries()
    entry.write_bytes(content)
    result = _probe()
    assert result["parsed"] == 1 and "glycinate" in result["forms"]  # type: ignore[operator]


def test_a_hostile_entry_runs_nothing(tmp_path: Path) -> None:
    """A pickle that would call a function is refused before anything runs."""
    marker = tmp_path / "ran"

    class Hostile:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    assert _probe()["parsed"] == 1
    (entry,) = _entries()
    entry.write_bytes(pickle.dumps(Hostile()))
    result = _probe()
    assert result["parsed"] == 1 and not marker.exists()


def test_an_unwritable_cache_changes_nothing_but_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    for _ in range(2):
        result = run("export", "--format", "json")
        assert result.exit_code == 0 and result.stderr == ""
        assert json.loads(result.stdout)["kind"] == "forms"
    assert blocked.read_text().startswith("a file")


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    for i in range(cache.MAX_ENTRIES + 3):
        user = tmp_path / f"user-{i}.yaml"
        user.write_text(USER)
        catalogue._load((user,))
    assert len(_entries()) == cache.MAX_ENTRIES
    assert not list(cache.directory().glob(".parsed-*"))  # no temporary file left behind


def test_the_key_covers_code_and_content() -> None:
    base = cache.key([("a", b"x")])
    assert base == cache.key([("a", b"x")])
    assert len({base, cache.key([("a", b"y")]), cache.key([("b", b"x")])}) == 3
    # Length prefixes: moving bytes between a name and its content changes the key.
    assert cache.key([("ab", b"c")]) != cache.key([("a", b"bc")])


def test_the_key_covers_the_pyyaml_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    assert cache._yaml_version() == yaml.__version__  # read without importing PyYAML
    before = cache.key([("a", b"x")])
    monkeypatch.setattr(cache, "_yaml_version", lambda: "0.0.1")
    assert cache.key([("a", b"x")]) != before


# Modules the loader imports that cannot change a stored record: errors (a file with problems
# is never stored), reading files, pausing the collector, the cache itself, and migrate (only
# `magref diff` upgrades old catalogues, and it does not cache).
NOT_BUILDERS = {"errors.py", "files.py", "gcpause.py", "cache.py", "migrate.py"}


def _imported(src: Path, start: str) -> set[str]:
    """The magref modules `start` imports, directly or through each other."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((src / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("magref"):
                parts = (node.module or "").split(".")
                names = [a.name for a in node.names] if len(parts) == 1 else parts[1:2]
                todo += [f"{n}.py" for n in names if (src / f"{n}.py").is_file()]
    return seen


def test_the_key_covers_every_module_that_builds_or_checks_records() -> None:
    """Derived, not listed: every module the loader reaches is in the key, or is one that
    cannot change what is stored (a new parsing module, such as yamldoc.py, was once missed)."""
    src = Path(cache.__file__).parent
    builders = _imported(src, "catalogue.py") - NOT_BUILDERS
    assert set(cache._CODE) == builders
    assert "yamldoc.py" in builders and all((src / name).is_file() for name in builders)


def test_a_saved_profile_is_read_back_through_the_cache() -> None:
    assert run("profile", "--age", "40", "--sex", "female").exit_code == 0
    shown = run("profile", "--format", "json")
    again = run("profile", "--format", "json")
    assert shown.stdout == again.stdout and json.loads(shown.stdout)["profile"]["age"] == "40"
    file = profile.path()
    key = cache.key([(f"profile {file}", file.read_bytes())])
    assert key is not None
    assert cache.get(key, profile.Profile) == profile.Profile(age="40", sex="female")
    assert run("profile", "--age", "41").exit_code == 0  # the edit is a new key
    assert json.loads(run("profile", "--format", "json").stdout)["profile"]["age"] == "41"


def test_cached_catalogue_is_a_catalogue() -> None:
    catalogue._load(())
    files = catalogue.catalogue_files(catalogue.bundled_location())
    key = cache.key([(str(p), p.read_bytes()) for p in files])
    assert key is not None
    assert isinstance(cache.get(key, Catalogue), Catalogue)
