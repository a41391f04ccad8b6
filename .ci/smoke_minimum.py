"""CLI smoke tests of an installed magref, run by .ci/run in a second virtual environment that
holds the lowest versions pyproject.toml allows of each runtime dependency.

    python .ci/smoke_minimum.py pins     # print `name==version` for each `name>=version` bound
    python .ci/smoke_minimum.py run      # run the installed `magref` as a user would

Checks exit codes, which stream carries what, and that nothing ends in a traceback. No real
config, data or cache directory is touched."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
Check = Callable[[str, str], bool]


def pins() -> list[str]:
    """`name==version` for each runtime dependency's `name>=version` bound."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    found = []
    for dep in deps:
        match = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*", dep)
        if match is None:
            raise SystemExit(f"smoke_minimum: no plain '>=' lower bound to test in {dep!r}")
        found.append(f"{match[1]}=={match[2]}")
    return found


def _json(out: str, err: str) -> bool:
    return isinstance(json.loads(out), dict)


def _one_error_line(out: str, err: str) -> bool:
    lines = err.splitlines()
    return out == "" and len(lines) == 1 and lines[0].startswith("magref: error: ")


def _help_on_stderr(out: str, err: str) -> bool:
    return out == "" and "Usage:" in err


def _kidney_caution(out: str, err: str) -> bool:
    return "Kidney disease" in out and err == ""


CASES: list[tuple[str, int, Check | None]] = [
    ("magref --version", 0, lambda out, err: out.startswith("magref ")),
    ("magref show glycinate", 0, _kidney_caution),
    ("magref compare glycinate citrate oxide", 0, _kidney_caution),
    ("magref export --format json", 0, _json),
    ("magref dose oxide 500", 0, _kidney_caution),
    ("magref list --help", 0, lambda out, err: "sleep" in out),
    ("magref validate", 0, lambda out, err: "forms.yaml: ok" in out),
    ("magref bogus", 2, _one_error_line),
    ("magref", 2, _help_on_stderr),
    ("magref show", 2, _one_error_line),
    ("magref show nosuch", 1, _one_error_line),
    ("magref dose oxide 500 --format xml", 2, _one_error_line),
    ("magref completion bash", 0, lambda out, err: "_MAGREF_COMPLETE" in out),
    ("magref list | head -1; exit ${PIPESTATUS[0]}", 0, lambda out, err: out.count("\n") == 1),
]


def run() -> int:
    home = tempfile.mkdtemp(prefix="magref-smoke-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAGREF_")}
    env |= {"HOME": home, "XDG_CONFIG_HOME": f"{home}/config", "NO_COLOR": "1"}
    env |= {"XDG_DATA_HOME": f"{home}/data", "XDG_CACHE_HOME": f"{home}/cache", "COLUMNS": "100"}
    failed = 0
    for command, code, check in CASES:
        done = subprocess.run(
            ["bash", "-c", command],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        problems = [f"exit {done.returncode}, expected {code}"] if done.returncode != code else []
        if "Traceback" in done.stdout + done.stderr:
            problems.append("a traceback")
        if check is not None and not problems:
            try:
                if not check(done.stdout, done.stderr):
                    problems.append("unexpected output")
            except ValueError as exc:
                problems.append(repr(exc))
        print(("FAIL " if problems else "ok   ") + command + "".join(f"; {p}" for p in problems))
        if problems:
            failed += 1
            print("  stderr: " + done.stderr[-800:].replace("\n", "\n    "))
    # not "N passed, N failed": CI reads such a line as the test runner's closing count
    print(f"smoke tests with the minimum versions: {failed} of {len(CASES)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["pins"]:
        print(" ".join(pins()))
    elif sys.argv[1:] == ["run"]:
        sys.exit(run())
    else:
        raise SystemExit(__doc__)
