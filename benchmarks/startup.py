"""Start-up benchmark: magref against a bare Typer app, whole processes, interleaved A/B.

    python benchmarks/startup.py            # about a minute; --rounds N for more or fewer

Floor A is a Typer app that echoes a word; floor B the same printing a 17-row rich table.
Each round runs every command and its floor back to back, in a shuffled order, after warm-up
rounds; the medians and their ratio are printed with the target from issue 5, and the peak
memory (max RSS) of each. Then user catalogues of 1,000 and 10,000 generated forms are timed
with `list` and `export --format json`.

magref runs with private, empty config, data and cache directories, so no profile, user
catalogue or cache of yours is read. The warm-up rounds fill magref's parse cache, as a user's
first run does; the first run of each scaling case, which parses the YAML and writes the
cache, is reported on its own line beside the median of the runs after it. PYTHONDONTWRITEBYTECODE
is removed from the environment of the timed processes so that magref's modules run from
bytecode, as they do after `pip install`. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLOOR_A = """\
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    typer.echo("magnesium")


app()
"""

FLOOR_B = """\
import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def main() -> None:
    table = Table("Form", "Mg %", "Absorption")
    for i in range(17):
        table.add_row(f"form {i}", f"{i * 3.5:.2f}", "human-absorption")
    Console().print(table)


app()
"""

# (label, magref arguments, floor, target ratio)
COMMANDS = [
    ("show glycinate", ["show", "glycinate"], "B", 1.10),
    ("compare (all forms)", ["compare"], "B", 1.15),
    ("dose oxide 500", ["dose", "oxide", "500"], "B", 1.10),
    ("export --format json", ["export", "--format", "json"], "A", 1.10),
    ("export --format markdown", ["export", "--format", "markdown"], "A", 1.10),
    ("show glycinate --format json", ["show", "glycinate", "--format", "json"], "A", 1.10),
]
MEMORY_TARGET = 1.2  # x floor B
SCALE_TARGETS = {"list": 1.5, "export --format json": 1.5}  # seconds, 10,000 forms, warm
SCALE_MEMORY_MB = 200  # peak memory of a warm run with 10,000 forms (issue 15)
SCALE_COLD = 4.0  # seconds: the first run with 10,000 forms, which parses and fills the cache


@dataclass
class Samples:
    seconds: list[float] = field(default_factory=list)
    max_rss_kb: int = 0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000


def run_once(argv: list[str], env: dict[str, str], samples: Samples) -> None:
    """One whole process: wall time from start to exit, and its own peak RSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {stderr}")
    samples.seconds.append(elapsed)
    samples.max_rss_kb = max(samples.max_rss_kb, int(usage.ru_maxrss))


def magref_argv() -> list[str]:
    """The installed `magref` command next to this Python, else `python -m magref`."""
    script = Path(sys.executable).with_name("magref")
    return [str(script)] if script.exists() else [sys.executable, "-m", "magref"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )


def generated_catalogue(count: int) -> str:
    """A user catalogue of `count` distinct forms, each a copy of the bundled lactate entry's
    YAML (about 1.5 kB: variants, absorption, a finding, side effects) under its own id, name,
    alias and trade name, so that the scaling runs time realistic entries. Built as text, so
    that this process stays small: a child's peak memory, as the kernel reports it, starts
    from the size of the process that started it."""
    text = (Path(__file__).resolve().parents[1] / "data" / "forms.yaml").read_text("utf-8")
    start = text.index("\n  - id: lactate\n") + 1
    block = text[start : text.index("\n  - id: ", start) + 1]
    for old, new in (
        ("  - id: lactate\n", "  - id: user-form-@N@\n"),
        ("    name: Magnesium lactate\n", "    name: User magnesium @N@\n"
         "    trade_names: [UserBrand@N@]\n"),
        ("    aliases: [magnesium l-lactate]\n", "    aliases: [user alias @N@]\n"),
    ):  # fmt: skip
        if old not in block:
            raise SystemExit(f"the bundled lactate entry changed: no {old.strip()!r}; update me")
        block = block.replace(old, new, 1)
    return "forms:\n" + "".join(block.replace("@N@", str(i)) for i in range(count))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=21, help="timed rounds (default 21)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first")
    parser.add_argument("--scale-rounds", type=int, default=5, help="rounds per scaling run")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="magref-bench-"))
    try:
        env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(work / "config"),
            "XDG_DATA_HOME": str(work / "data"),
            "XDG_CACHE_HOME": str(work / "cache"),
            "COLUMNS": "100",
        }
        for name in ("MAGREF_CATALOGUE", "NO_COLOR", "FORCE_COLOR", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        (work / "floor_a.py").write_text(FLOOR_A)
        (work / "floor_b.py").write_text(FLOOR_B)
        floors = {f: [sys.executable, str(work / f"floor_{f.lower()}.py")] for f in "AB"}
        magref = magref_argv()

        print(f"machine: {machine()}")
        print(f"magref:  {' '.join(magref)}")
        print(f"rounds:  {options.rounds} timed after {options.warmup} warm-up, interleaved A/B\n")

        floor_samples = {f: Samples() for f in floors}
        samples = {label: Samples() for label, *_ in COMMANDS}
        for round_no in range(options.warmup + options.rounds):
            order = list(COMMANDS)
            random.shuffle(order)
            for label, args, floor, _ in order:
                pair = [("floor", floor), ("magref", label)]
                random.shuffle(pair)
                for kind, key in pair:
                    target = Samples() if round_no < options.warmup else None
                    if kind == "floor":
                        run_once(floors[key], env, target or floor_samples[key])
                    else:
                        run_once([*magref, *args], env, target or samples[key])

        failed = False
        for f in "AB":
            s = floor_samples[f]
            memory = s.max_rss_kb / 1024
            print(f"floor {f}: median {s.median_ms:6.1f} ms, peak memory {memory:5.1f} MB")
        print()
        header = f"{'command':<32}{'median':>9}{'floor':>9}{'ratio':>8}{'target':>8}"
        print(header + f"{'memory':>10}{'x B':>6}  result")
        for label, _, floor, target in COMMANDS:
            s, base = samples[label], floor_samples[floor]
            ratio = s.median_ms / base.median_ms
            memory = s.max_rss_kb / floor_samples["B"].max_rss_kb
            ok = ratio <= target and memory <= MEMORY_TARGET
            failed |= not ok
            print(
                f"{label:<32}{s.median_ms:7.1f}ms{base.median_ms:7.1f}ms{ratio:7.2f}x"
                f"{'<=' + format(target, '.2f'):>8}{s.max_rss_kb / 1024:8.1f}MB{memory:5.2f}x"
                f"  {'ok' if ok else 'MISSED'} (floor {floor})"
            )

        print("\nuser catalogues of generated forms (first run: parse and fill the cache;")
        print("median: the runs after it, from the cache):")
        scale: dict[tuple[int, str], float] = {}
        peak: dict[tuple[int, str], float] = {}
        first: dict[tuple[int, str], float] = {}
        for count in (1_000, 10_000):
            path = work / f"forms-{count}.yaml"
            path.write_text(generated_catalogue(count))
            for label, args in (
                ("list", ["list"]),
                ("export --format json", ["export", "--format", "json"]),
            ):
                shutil.rmtree(work / "cache", ignore_errors=True)
                cold = Samples()
                run_once([*magref, "--catalogue", str(path), *args], env, cold)
                s = Samples()
                for _ in range(options.scale_rounds):
                    run_once([*magref, "--catalogue", str(path), *args], env, s)
                first[(count, label)] = cold.seconds[0]
                scale[(count, label)] = s.median_ms / 1000
                peak[(count, label)] = s.max_rss_kb / 1024
        for label, limit in SCALE_TARGETS.items():
            small, big = scale[(1_000, label)], scale[(10_000, label)]
            cold_small, cold_big = first[(1_000, label)], first[(10_000, label)]
            growth = big / small
            memory = peak[(10_000, label)]
            # linear: ten times the forms, at most ten times the time
            ok = big < limit and growth <= 10.5 and memory < SCALE_MEMORY_MB
            cold_ok = cold_big < SCALE_COLD
            failed |= not (ok and cold_ok)
            print(
                f"  {label:<22} median  1,000: {small:5.2f} s   10,000: {big:5.2f} s"
                f" (target < {limit} s)   10,000/1,000: {growth:4.1f}x"
                f"   peak {memory:5.0f} MB (< {SCALE_MEMORY_MB})  {'ok' if ok else 'MISSED'}"
            )
            print(
                f"  {'':<22} first   1,000: {cold_small:5.2f} s   10,000: {cold_big:5.2f} s"
                f" (target < {SCALE_COLD} s)   10,000/1,000: {cold_big / cold_small:4.1f}x"
                f"  {'ok' if cold_ok else 'MISSED'}"
            )
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
