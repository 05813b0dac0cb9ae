"""Time ``ikixl check`` against the floor, on generated S, M and L workbooks.

For each size, in the same run: the wall-clock time of whole processes (median
of N runs) of

* **check**: ``python -m ikixl.cli check FILE`` (what a clerk runs);
* **floor**: a Python process that imports pandas and pandera
  (``import pandera.pandas``) and reads every sheet of the same file to Python
  rows with python-calamine (``CalamineWorkbook.from_path``, ``to_python()``
  per sheet) — the least any checker built on those libraries must spend;

and the ratio check ÷ floor.  For L it also records the peak memory (maximum
resident set size) of the check process.  Results are written as JSON to
``benchmarks/results.json`` (or ``--output PATH``; ``--output -`` prints them).

It also times a folder of 20 copies of S checked at once (``ikixl check
FOLDER``, spread over the cores) against the same 20 files checked one after
another (20 processes), and records that speed-up.

Targets: ratio ≤ 1.3 on S, ≤ 1.5 on L; peak memory of check on L ≤ 1 GB; the
folder of 20 copies of S ≥ 1.7 × faster than one after another.

Usage::

    python benchmarks/run.py                    # S, M, L; 3 runs (2 for L)
    python benchmarks/run.py --sizes S M --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import DEFAULT_CACHE, SIZES, generate  # noqa: E402

FLOOR = """
import sys
import pandas, pandera.pandas
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
rows = [wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names]
"""
TARGETS = {"S": 1.3, "L": 1.5}
FOLDER_COPIES = 20
FOLDER_TARGET_SPEEDUP = 1.7
MEMORY_TARGET_BYTES = 1 << 30
_RESULTS = Path(__file__).resolve().parent / "results.json"


def _run(argv: list[str]) -> tuple[float, int]:
    """(wall seconds, exit code) of one child process, its output discarded."""
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, proc.returncode


def _peak_rss(argv: list[str]) -> int:
    """Peak RSS in bytes of ``argv``: ``RUSAGE_CHILDREN`` of a fresh wrapper whose only child it is
    (the same figure as ``/usr/bin/time -v``'s maximum resident set size)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) * 1024


def measure(size: str, runs: int, folder: Path) -> dict[str, Any]:
    path = generate(size, folder)
    check = [sys.executable, "-m", "ikixl.cli", "check", str(path)]
    floor = [sys.executable, "-c", FLOOR, str(path)]
    times: dict[str, list[float]] = {"check": [], "floor": []}
    exit_code = None
    for _ in range(runs):  # interleaved, so machine noise hits both alike
        for name, argv in (("floor", floor), ("check", check)):
            wall, code = _run(argv)
            times[name].append(wall)
            if name == "check":
                exit_code = code
    check_s, floor_s = statistics.median(times["check"]), statistics.median(times["floor"])
    result: dict[str, Any] = {
        "file": str(path),
        "jabatan": SIZES[size][0],
        "indikator": SIZES[size][1],
        "realisasi_rows": SIZES[size][1] * 12,
        "runs": runs,
        "check_s": round(check_s, 3),
        "floor_s": round(floor_s, 3),
        "ratio": round(check_s / floor_s, 3),
        "check_runs_s": [round(t, 3) for t in times["check"]],
        "floor_runs_s": [round(t, 3) for t in times["floor"]],
        "check_exit_code": exit_code,
    }
    if size in TARGETS:
        result["target_ratio"] = TARGETS[size]
        result["meets_target"] = result["ratio"] <= TARGETS[size]
    if size == "L":
        peak = _peak_rss(check)
        result["check_peak_rss_bytes"] = peak
        result["check_peak_rss_mib"] = round(peak / (1 << 20), 1)
        result["memory_target_bytes"] = MEMORY_TARGET_BYTES
        result["meets_memory_target"] = peak <= MEMORY_TARGET_BYTES
    return result


def measure_folder(runs: int, cache: Path) -> dict[str, Any]:
    """20 copies of S: one ``ikixl check FOLDER`` against 20 ``ikixl check FILE`` one after another."""
    source = generate("S", cache)
    folder = cache / f"folder_{FOLDER_COPIES}xS"
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for i in range(1, FOLDER_COPIES + 1):
        copy = folder / f"s{i:02d}.xlsx"
        if not copy.exists() or copy.stat().st_size != source.stat().st_size:
            copy.write_bytes(source.read_bytes())
        copies.append(copy)
    one_by_one, at_once = [], []
    for _ in range(runs):
        one_by_one.append(sum(_run([sys.executable, "-m", "ikixl.cli", "check", str(c)])[0] for c in copies))
        at_once.append(_run([sys.executable, "-m", "ikixl.cli", "check", str(folder)])[0])
    sequential, parallel = statistics.median(one_by_one), statistics.median(at_once)
    return {
        "copies": FOLDER_COPIES,
        "runs": runs,
        "one_after_another_s": round(sequential, 3),
        "folder_s": round(parallel, 3),
        "speedup": round(sequential / parallel, 2),
        "target_speedup": FOLDER_TARGET_SPEEDUP,
        "meets_target": sequential / parallel >= FOLDER_TARGET_SPEEDUP,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time ikixl check against the calamine+pandera floor.")
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=["S", "M", "L"])
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per size (default 3 for S and M, 2 for L)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="folder of generated workbooks")
    parser.add_argument("--no-folder", action="store_true", help="skip the 20-copies-of-S folder timing")
    parser.add_argument("--output", default=str(_RESULTS),
                        help="JSON file to write, or - for stdout (default benchmarks/results.json)")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "sizes": {},
    }
    for size in args.sizes:
        runs = args.runs or (2 if size == "L" else 3)
        print(f"{size}: generating / timing ({runs} runs)…", file=sys.stderr, flush=True)
        results["sizes"][size] = r = measure(size, runs, args.cache)
        line = f"{size}: check {r['check_s']:.2f} s, floor {r['floor_s']:.2f} s, ratio {r['ratio']:.2f}"
        if "check_peak_rss_mib" in r:
            line += f", peak RSS {r['check_peak_rss_mib']:.0f} MiB"
        print(line, file=sys.stderr, flush=True)
    if not args.no_folder:
        print(f"folder of {FOLDER_COPIES} copies of S…", file=sys.stderr, flush=True)
        results["folder"] = f = measure_folder(args.runs or 1, args.cache)
        print(f"folder: {f['one_after_another_s']:.1f} s one after another, {f['folder_s']:.1f} s at once, "
              f"speed-up {f['speedup']:.2f}", file=sys.stderr, flush=True)
    text = json.dumps(results, indent=2)
    if args.output == "-":
        print(text)
    else:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
