"""Time ``ikixl check`` against the floor, and ``ikixl compute`` against check, on generated workbooks.

For each size (S, M, L), in the same run and interleaved: the wall-clock time
of whole processes (median of N runs) of

* **check**: ``python -m ikixl.cli check FILE`` (what a clerk runs);
* **floor**: a Python process that imports pandas and pandera
  (``import pandera.pandas``) and reads every sheet of the same file to Python
  rows with python-calamine (``CalamineWorkbook.from_path``, ``to_python()``
  per sheet) — the least any checker built on those libraries must spend;
* **compute** (S and M unless told otherwise, ``--compute``): ``python -m
  ikixl.cli compute COPY --month 3 --output OUT`` on a fresh copy of the same
  file, writing into a temporary folder (the copy is made before the clock
  starts; both are deleted after each run); a run longer than
  ``--compute-timeout`` seconds is stopped and recorded as timed out;

and the ratios check ÷ floor (``ratio``) and compute ÷ check
(``compute_vs_check``).  For L it also records the peak memory (maximum
resident set size) of the check process.  Results are written as JSON to
``benchmarks/results.json`` (or ``--output PATH``; ``--output -`` prints them).

It also times a folder of 20 copies of S checked at once (``ikixl check
FOLDER``, spread over the cores) against the same 20 files checked one after
another (20 processes), and records that speed-up.

Targets: ratio ≤ 1.3 on S, ≤ 1.5 on L; peak memory of check on L ≤ 1 GB; the
folder of 20 copies of S ≥ 1.7 × faster than one after another; compute on M
≤ 2 × check on M.

Usage::

    python benchmarks/run.py                    # S, M, L; 3 runs (2 for L); compute on S and M
    python benchmarks/run.py --sizes S M --runs 5
    python benchmarks/run.py --compute S M L --compute-timeout 600   # compute on L too
    python benchmarks/run.py --compute          # no compute timing
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
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
#: compute ÷ check, by size.
COMPUTE_TARGETS = {"M": 2.0}
#: The month compute is asked for (the generated workbooks report every month).
COMPUTE_MONTH = 3
DEFAULT_COMPUTE_SIZES = ("S", "M")
DEFAULT_COMPUTE_TIMEOUT_S = 180.0
FOLDER_COPIES = 20
FOLDER_TARGET_SPEEDUP = 1.7
MEMORY_TARGET_BYTES = 1 << 30
_RESULTS = Path(__file__).resolve().parent / "results.json"


def _run(argv: list[str], timeout: float | None = None) -> tuple[float, int]:
    """(wall seconds, exit code) of one child process, its output discarded.

    Raises:
        subprocess.TimeoutExpired: it ran longer than ``timeout`` seconds (it is killed).
    """
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
    return time.perf_counter() - start, proc.returncode


def _run_compute(path: Path, timeout: float | None) -> tuple[float, int]:
    """(wall seconds, exit code) of ``ikixl compute`` on a fresh copy of ``path``, writing into a
    temporary folder; the copy is made before the clock starts and the folder deleted after.

    Raises:
        subprocess.TimeoutExpired: it ran longer than ``timeout`` seconds (it is killed).
    """
    folder = Path(tempfile.mkdtemp(prefix="ikixl-bench-compute-"))
    try:
        copy = folder / path.name
        shutil.copyfile(path, copy)
        argv = [sys.executable, "-m", "ikixl.cli", "compute", str(copy), "--month", str(COMPUTE_MONTH),
                "--output", str(folder / f"{path.stem}_computed.xlsx")]
        return _run(argv, timeout)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _peak_rss(argv: list[str]) -> int:
    """Peak RSS in bytes of ``argv``: ``RUSAGE_CHILDREN`` of a fresh wrapper whose only child it is
    (the same figure as ``/usr/bin/time -v``'s maximum resident set size)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) * 1024


def measure(size: str, runs: int, folder: Path, *, compute: bool = False,
            compute_timeout: float | None = DEFAULT_COMPUTE_TIMEOUT_S) -> dict[str, Any]:
    """Time check and the floor (and compute, when ``compute``) on the workbook of ``size``."""
    path = generate(size, folder)
    check = [sys.executable, "-m", "ikixl.cli", "check", str(path)]
    floor = [sys.executable, "-c", FLOOR, str(path)]
    times: dict[str, list[float]] = {"check": [], "floor": [], "compute": []}
    exit_code = compute_exit = None
    timed_out = False
    for _ in range(runs):  # interleaved, so machine noise hits all alike
        for name, argv in (("floor", floor), ("check", check)):
            wall, code = _run(argv)
            times[name].append(wall)
            if name == "check":
                exit_code = code
        if compute and not timed_out:
            try:
                wall, compute_exit = _run_compute(path, compute_timeout)
                times["compute"].append(wall)
            except subprocess.TimeoutExpired:
                timed_out = True
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
    if compute:
        result.update(_compute_result(size, times["check"], times["compute"], compute_exit, timed_out,
                                      compute_timeout))
    if size == "L":
        peak = _peak_rss(check)
        result["check_peak_rss_bytes"] = peak
        result["check_peak_rss_mib"] = round(peak / (1 << 20), 1)
        result["memory_target_bytes"] = MEMORY_TARGET_BYTES
        result["meets_memory_target"] = peak <= MEMORY_TARGET_BYTES
    return result


def _compute_result(size: str, check_runs_s: list[float], runs_s: list[float], exit_code: int | None,
                    timed_out: bool, timeout: float | None) -> dict[str, Any]:
    """The compute fields of a size's results: times, exit code, ``compute_vs_check`` (the median
    compute ÷ the median check; None when no run finished, or compute failed) and, run by run,
    each compute ÷ the check just before it (``compute_vs_check_runs``: how far machine noise
    spreads the ratio; with a target, ``runs_over_target`` counts those above it)."""
    out: dict[str, Any] = {
        "compute_runs_s": [round(t, 3) for t in runs_s],
        "compute_exit_code": exit_code,
        "compute_timed_out": timed_out,
        "compute_timeout_s": timeout,
        "compute_s": None,
        "compute_vs_check": None,
        "compute_vs_check_runs": [],
    }
    if runs_s and exit_code == 0:
        compute_s = statistics.median(runs_s)
        out["compute_s"] = round(compute_s, 3)
        out["compute_vs_check"] = round(compute_s / statistics.median(check_runs_s), 3)
        # (fewer computes than checks when one timed out: the runs before it)
        pairs = zip(check_runs_s, runs_s, strict=False)
        out["compute_vs_check_runs"] = [round(c / k, 3) for k, c in pairs]
    if size in COMPUTE_TARGETS:
        target = COMPUTE_TARGETS[size]
        out["target_compute_vs_check"] = target
        ratio = out["compute_vs_check"]
        out["meets_compute_target"] = ratio is not None and ratio <= target
        out["runs_over_target"] = sum(r > target for r in out["compute_vs_check_runs"])
    return out


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


def _load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (None where the system does not say)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time ikixl check against the calamine+pandera floor.")
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=["S", "M", "L"])
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per size (default 3 for S and M, 2 for L)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="folder of generated workbooks")
    parser.add_argument("--no-folder", action="store_true", help="skip the 20-copies-of-S folder timing")
    parser.add_argument("--output", default=str(_RESULTS),
                        help="JSON file to write, or - for stdout (default benchmarks/results.json)")
    parser.add_argument("--compute", nargs="*", choices=sorted(SIZES), default=list(DEFAULT_COMPUTE_SIZES),
                        metavar="SIZE",
                        help="sizes on which to time compute too (default S M; L takes minutes with a "
                             "slow write-back; none when given without a size)")
    parser.add_argument("--compute-timeout", type=float, default=DEFAULT_COMPUTE_TIMEOUT_S, metavar="SECONDS",
                        help="stop a compute run after this long and record it as timed out "
                             f"(default {DEFAULT_COMPUTE_TIMEOUT_S:.0f}; 0: no limit)")
    args = parser.parse_args(argv)
    timeout = args.compute_timeout or None
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform(), "load_average_before": _load_average()},
        "sizes": {},
    }
    for size in args.sizes:
        runs = args.runs or (2 if size == "L" else 3)
        with_compute = size in args.compute
        print(f"{size}: generating / timing ({runs} runs{', with compute' if with_compute else ''})…",
              file=sys.stderr, flush=True)
        results["sizes"][size] = r = measure(size, runs, args.cache, compute=with_compute,
                                             compute_timeout=timeout)
        line = f"{size}: check {r['check_s']:.2f} s, floor {r['floor_s']:.2f} s, ratio {r['ratio']:.2f}"
        if "check_peak_rss_mib" in r:
            line += f", peak RSS {r['check_peak_rss_mib']:.0f} MiB"
        if with_compute:
            if r["compute_vs_check"] is not None:
                line += f"; compute {r['compute_s']:.2f} s, compute/check {r['compute_vs_check']:.2f}"
                each = r["compute_vs_check_runs"]
                if len(each) > 1:
                    line += f" (run by run {min(each):.2f}–{max(each):.2f}"
                    if "runs_over_target" in r:
                        over, target = r["runs_over_target"], r["target_compute_vs_check"]
                        line += f", {over} of {len(each)} over {target:g}"
                    line += ")"
            elif r["compute_timed_out"] and not r["compute_runs_s"]:
                line += f"; compute timed out after {timeout:g} s"
            else:
                line += f"; compute exit code {r['compute_exit_code']}"
            if r["compute_timed_out"] and r["compute_runs_s"]:
                line += f" (a later run timed out after {timeout:g} s)"
        print(line, file=sys.stderr, flush=True)
    results["compute_vs_check"] = {size: r["compute_vs_check"] for size, r in results["sizes"].items()
                                   if "compute_vs_check" in r}
    if not args.no_folder:
        print(f"folder of {FOLDER_COPIES} copies of S…", file=sys.stderr, flush=True)
        results["folder"] = f = measure_folder(args.runs or 1, args.cache)
        print(f"folder: {f['one_after_another_s']:.1f} s one after another, {f['folder_s']:.1f} s at once, "
              f"speed-up {f['speedup']:.2f}", file=sys.stderr, flush=True)
    # Other people's work on a shared machine moves every ratio: say how busy it was.
    results["machine"]["load_average_after"] = _load_average()
    text = json.dumps(results, indent=2)
    if args.output == "-":
        print(text)
    else:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
