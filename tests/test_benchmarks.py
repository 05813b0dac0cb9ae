"""The benchmark workbook generator (benchmarks/generate.py) and the fast refusal path.

No timings here: benchmarks/run.py measures; these tests only keep the
generator honest (its workbooks are clean IKI workbooks that compute accepts),
keep run.py's compute timing on a copy of its own, and keep a refused file
from paying for pandas and pandera.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from ikixl.check import check_workbook

_GENERATE = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
_RUN = _GENERATE.parent / "run.py"


def _generator():
    spec = importlib.util.spec_from_file_location("ikixl_bench_generate", _GENERATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_workbook_is_clean(tmp_path):
    # 3 jabatan (KADIS ← JAB-0001, JAB-0002), 5 indicators each: every indicator kind the
    # generator rotates through, the cascade complete, 12 Realisasi rows per indicator.
    path = _generator().generate((3, 15), tmp_path)
    report = check_workbook(path)
    assert report.summary["errors"] == 0, [i.code for i in report.issues]
    assert report.summary["warnings"] == 0, [i.code for i in report.issues]
    assert report.summary["jabatan"] == 3
    assert report.summary["indikator"] == 15


def test_generated_sizes_are_those_of_the_issue():
    sizes = _generator().SIZES
    assert sizes == {"S": (20, 100), "M": (200, 4_000), "L": (1_000, 20_000)}


def test_a_file_refused_by_its_bytes_imports_neither_pandas_nor_pandera(tmp_path):
    bad = tmp_path / "catatan.xlsx"
    bad.write_text("bukan buku kerja", encoding="utf-8")
    script = (
        "import sys; from ikixl.cli import main\n"
        "try:\n    main(['check', sys.argv[1]])\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print(code, 'pandas' in sys.modules, 'pandera' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script, str(bad)], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-3:] == ["1", "False", "False"]


def _runner():
    spec = importlib.util.spec_from_file_location("ikixl_bench_run", _RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_workbook_is_computed(tmp_path):
    from ikixl.compute import compute
    from ikixl.reader import read_workbook

    result = compute(read_workbook(_generator().generate((3, 15), tmp_path)), month=3)
    assert result.month == 3
    assert len(result.indikator) == 15 and len(result.jabatan) == 3
    assert result.indikator["capaian_tahunan_pct"].notna().all()


def test_compute_is_timed_on_a_fresh_copy_in_a_folder_of_its_own(tmp_path, monkeypatch):
    import tempfile

    run = _runner()
    path = _generator().generate((3, 15), tmp_path)
    before = path.read_bytes()
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    wall, code = run._run_compute(path, timeout=300)
    assert code == 0 and wall > 0
    assert path.read_bytes() == before  # the copy was written, never the cached workbook
    assert list(scratch.iterdir()) == []  # nothing left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, "scratch"])


def test_compute_ratio_and_target_in_the_results():
    run = _runner()
    # checks of 1.8, 2.0, 2.4 s (median 2.0), computes of 3.0, 5.0, 3.5 s (median 3.5): 3.5 / 2.0 = 1.75;
    # run by run 3.0/1.8 = 1.667, 5.0/2.0 = 2.5, 3.5/2.4 = 1.458, one of them over the target of 2
    done = run._compute_result("M", [1.8, 2.0, 2.4], [3.0, 5.0, 3.5], 0, False, 180.0)
    assert done["compute_s"] == 3.5 and done["compute_vs_check"] == 1.75
    assert done["target_compute_vs_check"] == 2.0 and done["meets_compute_target"] is True
    assert done["compute_vs_check_runs"] == [1.667, 2.5, 1.458] and done["runs_over_target"] == 1
    timed_out = run._compute_result("M", [2.0], [], None, True, 180.0)
    assert timed_out["compute_vs_check"] is None and timed_out["meets_compute_target"] is False
    assert timed_out["compute_vs_check_runs"] == [] and timed_out["runs_over_target"] == 0
    failed = run._compute_result("S", [1.0], [1.5], 1, False, None)
    assert failed["compute_vs_check"] is None and "target_compute_vs_check" not in failed
