"""Hostile conditions (issue 15): every class of failure an outside run found, several instances
each, every case bounded by a timeout. Process-level cases (streams, signals, special files,
races) run `python -m magref` in a subprocess; the rest run in-process. Nothing may crash, hang,
print a traceback, lose a safety note or clobber a file."""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from magref import cache, files
from magref.errors import MagrefError
from magref.model import Profile
from magref.names import normalise

from .conftest import ENV, run

TIMEOUT = 30  # seconds any one magref process may take before the case fails
KIDNEY = "Kidney disease"
ADVICE = "not medical advice"


def magref(
    args: Sequence[str],
    home: Path,
    env: dict[str, str] | None = None,
    **kw: Any,
) -> subprocess.CompletedProcess[str]:
    """`python -m magref ARGS` in its own home, with a timeout; stdout and stderr apart."""
    full = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MAGREF_"))},
        **{k: v for k, v in ENV.items() if v is not None},
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        **(env or {}),
    }
    full.pop("FORCE_COLOR", None)
    streams = {"stdout": kw.pop("stdout", subprocess.PIPE), "stderr": subprocess.PIPE}
    return subprocess.run(
        [sys.executable, "-m", "magref", *args],
        env=full,
        text=True,
        timeout=TIMEOUT,
        **streams,
        **kw,
    )


@contextlib.contextmanager
def within(seconds: float = TIMEOUT) -> Iterator[None]:
    """A timeout for an in-process case: SIGALRM fails the case instead of letting it hang."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def no_traceback(text: str) -> None:
    assert "Traceback" not in text and "Error:" not in text.replace("magref: error:", ""), text


# ---- filesystem: special files, sizes, unusable paths ------------------------------------


def _special(kind: str, tmp: Path) -> Path:
    if kind == "fifo":
        os.mkfifo(tmp / "fifo.yaml")
        return tmp / "fifo.yaml"
    if kind == "device":
        return Path("/dev/zero")
    if kind == "directory":
        (tmp / "dir.yaml").mkdir()
        return tmp / "dir.yaml"
    if kind == "oversized":
        big = tmp / "big.yaml"
        with big.open("wb") as handle:  # sparse: no disk used
            handle.truncate(files.MAX_FILE_BYTES + 1)
        return big
    if kind == "name too long":
        return tmp / ("x" * 300 + ".yaml")
    if kind == "under a file":
        (tmp / "plain").write_text("x")
        return tmp / "plain" / "forms.yaml"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("fifo", r"a FIFO \(named pipe\)"),
        ("device", "a character device"),
        ("directory", "a directory|holds no catalogue"),
        ("oversized", "larger than 64 MB"),
        ("name too long", "File name too long"),
        ("under a file", "Not a directory"),
    ],
)
def test_a_special_or_unusable_catalogue_is_one_clear_line(
    kind: str, reason: str, tmp_path: Path
) -> None:
    target = _special(kind, tmp_path)
    for args in (["--catalogue", str(target), "list"], ["validate", str(target)]):
        with within(10):
            done = run(*args)
        assert done.exit_code == 1 and done.stdout == "", (args, done)
        assert re.search(reason, done.stderr) and str(target)[:40] in done.stderr
        no_traceback(done.stderr)


@pytest.mark.parametrize("variable", ["XDG_CACHE_HOME", "XDG_DATA_HOME"])
def test_an_environment_directory_that_is_a_file_does_not_break_a_view(
    variable: str, tmp_path: Path
) -> None:
    (tmp_path / "plain").write_text("x")
    with within(10):
        done = run("show", "oxide", env={variable: str(tmp_path / "plain")})
    no_traceback(done.stderr)
    assert done.exit_code in (0, 1)
    if done.exit_code == 0:
        assert KIDNEY in done.stdout


def test_a_profile_directory_that_is_a_file_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with within(10):
        done = run("profile", "--age", "40", env={"XDG_CONFIG_HOME": str(tmp_path / "plain")})
    assert done.exit_code == 1 and "profile" in done.stderr
    no_traceback(done.stderr)


# ---- parsing: nesting, sizes, argument length, linear expressions ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 30000,
        "{a: " * 30000,
        "forms:\n" + "- " * 30000 + "x\n",
        "forms:\n" + "-  \t" * 30000 + "x\n",
        "forms:\n" + " " * 5000 + "- x\n",
        "forms:\n" + "\t " * 600 + "- x\n",
    ],
    ids=["flow-list", "flow-map", "block-list", "block-list-wide", "indentation", "tabs"],
)
def test_deep_nesting_is_refused_before_the_c_loader(text: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    for args in (["--catalogue", str(path), "list"],):
        done = magref(args, tmp_path)
        assert done.returncode in (0, 1) and done.returncode != -signal.SIGSEGV, done
        assert "deep.yaml" in done.stderr + done.stdout
        no_traceback(done.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["label", "1" * 4000],
        ["label", "1," * 2000],
        ["label", "Magnesium " + "1 " * 2000 + "mg"],
        ["dose", "oxide", "1 " * 2000],
        ["search", "a" * 4000],
        ["source", "1" * 4000],
        ["list", "--use", "x" * 4000],
    ],
    ids=["digits", "commas", "spaced-digits", "dose-words", "search", "source", "use"],
)
def test_long_arguments_cost_linear_time(args: list[str]) -> None:
    start = time.perf_counter()
    with within(10):
        result = run(*args)
    assert time.perf_counter() - start < 3, args[:1]
    assert result.exit_code in (0, 1, 2) and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["label", "search", "show", "source"])
def test_an_argument_over_the_limit_is_a_usage_error(command: str) -> None:
    result = run(command, "x" * 5000)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "an argument is 5,000 characters long; the most magref reads is 4,096" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["dose", "oxide", "999g", "--units", "1000"],
        ["dose", "chloride", "90000mmol"],
        ["dose", "oxide", "3 x 400g"],
        ["dose", "sulfate", "20000tsp"],
        ["dose", "oxide", "2kg"],
    ],
)
def test_every_way_of_stating_an_amount_has_the_kilogram_limit(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert "kilogram" in result.stderr or "too large" in result.stderr or "unit" in result.stderr


# ---- output: closed, full or non-UTF-8 streams; widths ------------------------------------


def test_a_closed_stdout_is_one_line(tmp_path: Path) -> None:
    done = magref(["list"], tmp_path, stdout=subprocess.DEVNULL)  # a baseline that works
    assert done.returncode == 0
    closed = subprocess.run(
        [sys.executable, "-m", "magref", "list"],
        stdout=None,
        stderr=subprocess.PIPE,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "HOME": str(tmp_path)},
        preexec_fn=lambda: os.close(1),
    )
    assert closed.returncode == 1
    assert "standard output is closed" in closed.stderr
    no_traceback(closed.stderr)


@pytest.mark.parametrize("args", [["export", "-f", "json"]])
def test_a_full_stdout_is_one_line(args: list[str], tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = magref(args, tmp_path, stdout=full)
    assert done.returncode == 1
    assert done.stderr.count("cannot write to standard output: No space left on device") == 1
    no_traceback(done.stderr)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_non_utf8_stdout_falls_back(encoding: str, tmp_path: Path) -> None:
    done = magref(["show", "glycinate"], tmp_path, {"PYTHONIOENCODING": encoding})
    assert done.returncode == 0 and KIDNEY in done.stdout
    no_traceback(done.stderr)


VIEWS = [
    ["show", "oxide"],
    ["compare"],
    ["list"],
    ["list", "--use", "sleep"],
    ["search", "oxide"],
    ["dose", "oxide", "500mg"],
    ["rda", "--age", "30"],
    ["limits", "--age", "2", "--authority", "all"],
    ["interactions", "levothyroxine"],
    ["label", "Magnesium (as oxide) 250 mg"],
    ["convert", "0.8", "mmol/L"],
    ["claims"],
    ["source", "mori2019"],
]


@pytest.mark.parametrize("columns", ["0", "-5", "3", "abc", "99999999"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: " ".join(v))
def test_every_view_keeps_its_safety_notes_at_any_width(view: list[str], columns: str) -> None:
    result = run(*view, env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert KIDNEY in flat and ADVICE in flat
    assert max(len(line) for line in result.stdout.splitlines()) <= 500


# ---- files: no clobbering, links, devices, permissions, leftovers, races ------------------


def test_a_dangling_or_live_symlink_is_not_replaced_without_force(tmp_path: Path) -> None:
    for name, target in (("dangling", tmp_path / "nothing"), ("live", tmp_path / "real.txt")):
        if name == "live":
            target.write_text("keep me")
        link = tmp_path / name
        link.symlink_to(target)
        result = run("export", "-o", str(link))
        assert result.exit_code == 1 and "exists as a symbolic link" in result.stderr
        assert link.is_symlink() and (name == "dangling" or target.read_text() == "keep me")
        assert run("export", "-o", str(link), "--force").exit_code == 0
        assert not link.is_symlink() and (name == "dangling" or target.read_text() == "keep me")


@pytest.mark.parametrize("target", ["/dev/null", "/dev/zero"])
def test_a_device_is_never_replaced(target: str) -> None:
    for force in ([], ["--force"]):
        result = run("export", "-o", target, *force)
        assert result.exit_code == 1 and "a character device" in result.stderr
    assert stat.S_ISCHR(os.stat(target).st_mode)


def test_a_directory_or_a_trailing_slash_is_refused(tmp_path: Path) -> None:
    result = run("export", "-o", str(tmp_path), "--force")
    assert result.exit_code == 1 and "a directory" in result.stderr
    result = run("export", "-o", f"{tmp_path}/new/")
    assert result.exit_code == 1 and "ends in '/'" in result.stderr
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_follow_the_umask(mask: int, mode: int, tmp_path: Path) -> None:
    old = os.umask(mask)
    try:
        assert run("export", "-o", str(tmp_path / "out.md")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "out.md").st_mode) == mode


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_or_interrupted_write_leaves_nothing(
    failure: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any) -> None:
        raise failure

    monkeypatch.setattr(os, "link", fail)
    monkeypatch.setattr(os, "replace", fail)
    for force in (False, True):
        with pytest.raises((MagrefError, KeyboardInterrupt)):
            files.write_new(str(tmp_path / "out.md"), b"x", force)
        with pytest.raises((OSError, KeyboardInterrupt)):
            files.write_atomic(tmp_path / "profile.yaml", b"x")
    assert list(tmp_path.iterdir()) == []


def test_sigterm_during_an_export_leaves_no_temporary_file(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE, str(tmp_path / "out.md")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 143 and "magref: terminated" in err
    assert list(tmp_path.iterdir()) == []


# Runs magref's launcher around a write that stalls after its temporary file is made.
SLOW_WRITE = """
import os, sys, time
from magref import files, launch
real = os.link
def slow(*args):
    print("writing", flush=True)
    time.sleep(20)
    real(*args)
os.link = slow
def job():
    files.write_new(sys.argv[1], b"x" * 1000, False)
sys.modules["magref.cli"] = type(sys)("magref.cli")
sys.modules["magref.cli"].main = job
launch.main()
"""


def test_two_exports_racing_to_one_new_file_cannot_both_win(tmp_path: Path) -> None:
    target = tmp_path / "race.json"
    with ThreadPoolExecutor(4) as pool:
        done = list(
            pool.map(
                lambda _: magref(["export", "-f", "json", "-o", str(target)], tmp_path), range(4)
            )
        )
    assert sorted(d.returncode for d in done) == [0, 1, 1, 1]
    assert all("exists" in d.stderr for d in done if d.returncode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_concurrent_profile_updates_lose_nothing(tmp_path: Path) -> None:
    drugs = ["alendronate", "ciprofloxacin", "doxycycline", "levothyroxine", "raltegravir"]
    drugs += ["gabapentin"]
    with ThreadPoolExecutor(len(drugs)) as pool:
        done = list(pool.map(lambda d: magref(["profile", "--medication", d], tmp_path), drugs))
    assert all(d.returncode == 0 for d in done), [d.stderr for d in done]
    saved = yaml.safe_load((tmp_path / "config" / "magref" / "profile.yaml").read_text())
    assert sorted(saved["medications"]) == sorted(drugs)
    assert sorted(p.name for p in (tmp_path / "config" / "magref").iterdir()) == ["profile.yaml"]


# ---- cache -----------------------------------------------------------------------------------


KEY = "0123456789abcdef0123456789abcdef01234567"
RECORD = Profile(age="40", medications=("levothyroxine",))


def _one_entry() -> Path:
    cache.put(KEY, RECORD)
    assert cache.get(KEY, Profile) == RECORD
    return cache.directory() / f"parsed-{KEY}.pickle"


def test_an_entry_of_the_right_type_with_changed_contents_is_a_miss() -> None:
    entry = _one_entry()
    data = entry.read_bytes()
    changed = data.replace(b"levothyroxine", b"levothyroxinX")  # still a Profile, other contents
    assert changed != data
    entry.write_bytes(changed)
    assert cache.get(KEY, Profile) is None
    entry.write_bytes(data[:32] + pickle.dumps(RECORD._replace(age="4")))  # a stale seal
    assert cache.get(KEY, Profile) is None
    result = run("show", "oxide")
    assert result.exit_code == 0 and KIDNEY in result.stdout


def test_a_cache_directory_others_can_write_is_not_trusted() -> None:
    entry = _one_entry()
    os.chmod(entry.parent, 0o777)
    assert not cache.trusted(entry.parent) and cache.get(KEY, Profile) is None
    cache.put(KEY + "x", RECORD)  # nothing is written there either
    assert not (entry.parent / f"parsed-{KEY}x.pickle").exists()
    os.chmod(entry.parent, 0o700)
    assert cache.trusted(entry.parent) and cache.get(KEY, Profile) == RECORD


# ---- names of every script ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Магний цитрат", "магнии цитрат"),
        ("柠檬酸镁", "柠檬酸镁"),
        ("Magnésium glycinate", "glycinate"),
        ("gly\u200bcinate", "glycinate"),
        ("\u202eglycinate\u202c", "glycinate"),
        ("Magnesium®  Oxide™", "oxide"),
    ],
)
def test_names_keep_the_letters_of_every_script(name: str, folded: str) -> None:
    assert normalise(name) == folded


def test_forms_named_in_cyrillic_and_chinese_load_and_are_found(tmp_path: Path) -> None:
    form = {
        "summary": "x",
        "variants": [
            {
                "id": "a",
                "name": "x",
                "formula": "MgO",
                "hydrate": "anhydrous",
                "stoichiometry": "1:1",
                "molar_mass": 40.3,
                "elemental_mg_percent": 60.31,
                "default": True,
            }
        ],
        "solubility": {"summary": "x"},
        "absorption": {"summary": "x", "design": "none"},
        "side_effects": {"laxative": "unknown", "summary": "x"},
    }
    forms = [
        {"id": "cyrillic", "name": "Магний", **form},
        {"id": "chinese", "name": "氧化镁", **form},
    ]
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"forms": forms}, allow_unicode=True), "utf-8")
    for name, form_id in (("Магний", "cyrillic"), ("氧化镁", "chinese")):
        result = run("--catalogue", str(path), "show", name, "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert result.stdout.count(f'"id": "{form_id}"') == 1


# ---- completion and signals --------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"_MAGREF_COMPLETE": "complete_bash", "COMP_WORDS": "magref show 'gl", "COMP_CWORD": "x"},
        {"_MAGREF_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": 'magref show "'},
        {"_MAGREF_COMPLETE": "nonsense"},
    ],
)
def test_malformed_completion_input_is_ignored_quietly(env: dict[str, str], tmp_path: Path) -> None:
    done = magref([], tmp_path, env)
    no_traceback(done.stderr)
    assert done.returncode in (0, 1)


# The console script as installed (else `python -m magref`). A signal in the interpreter's own
# first milliseconds, before any of magref's code runs, cannot be caught by it; from the
# launcher on (imports, loading, rendering, writing) every moment is covered.
SCRIPT = Path(sys.executable).with_name("magref")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "magref"]


@pytest.mark.parametrize("delay", [0.1, 0.2])
def test_ctrl_c_at_any_moment_exits_130_without_a_traceback(delay: float, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [*COMMAND, "export", "-f", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "c")},
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode in (0, 130), err  # 0: it had already finished
    no_traceback(err)
    if proc.returncode == 130:
        assert err.strip().splitlines()[-1] == "magref: interrupted"


def test_the_benchmark_catalogue_loads(tmp_path: Path) -> None:
    """benchmarks/startup.py times 10,000 generated forms; a schema change must not quietly
    turn that into a timing of an error message."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "startup", Path(__file__).resolve().parents[1] / "benchmarks" / "startup.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["startup"] = module  # its dataclasses look themselves up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["startup"]
    path = tmp_path / "generated.yaml"
    path.write_text(module.generated_catalogue(3))
    result = run("--catalogue", str(path), "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    forms = yaml.safe_load(result.stdout)["forms"]
    assert [f["id"] for f in forms if f["id"].startswith("user-form-")] == [
        "user-form-0",
        "user-form-1",
        "user-form-2",
    ]
