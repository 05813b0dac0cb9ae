"""The benchmark workbook generator (benchmarks/generate.py) and the fast refusal path.

No timings here: benchmarks/run.py measures; these tests only keep the
generator honest (its workbooks are clean IKI workbooks) and keep a refused
file from paying for pandas and pandera.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from ikixl.check import check_workbook

_GENERATE = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"


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
