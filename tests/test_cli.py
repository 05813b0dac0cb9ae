"""The command line, run in-process: exact exit codes and the lines a clerk reads."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ikixl import layout
from ikixl.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dinsos_kukar_2023.xlsx"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="ikixl")
    return result.exit_code, result.stdout, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("computed") / "out.xlsx"
    before = digest(EXAMPLE)
    code, stdout, stderr = run("compute", str(EXAMPLE), "--month", "3", "--output", str(out))
    assert code == 0, stdout + stderr
    assert digest(EXAMPLE) == before
    return out


def _faulty_copy(tmp_path: Path) -> tuple[Path, str, str]:
    """The example with one NIP typed as a number and one Target typed as `sepuluh`."""
    path = tmp_path / "salah.xlsx"
    shutil.copyfile(EXAMPLE, path)
    wb = openpyxl.load_workbook(path)
    nip_row = layout.JABATAN_FIELDS_FIRST_ROW + [c.key for c in layout.JABATAN_FIELDS].index("nip")
    nip_cell = layout.cell_ref(nip_row, layout.JABATAN_VALUE_COL)
    wb["SK-PPK"][nip_cell] = 198501012010011001
    target_col = 1 + [c.key for c in layout.INDIKATOR_COLUMNS].index("target")
    target_cell = layout.cell_ref(layout.INDIKATOR_HEADER_ROW + 2, target_col)
    wb["SEK"][target_cell] = "sepuluh"
    wb.save(path)
    return path, nip_cell, target_cell


def test_version_and_help() -> None:
    code, stdout, _ = run("--version")
    assert code == 0 and stdout.startswith("ikixl, version ")
    for command in ("check", "compute", "recap", "template"):
        code, stdout, _ = run(command, "--help")
        assert code == 0 and f"Usage: ikixl {command}" in stdout


def test_usage_error_exits_2() -> None:
    assert run("compute", str(EXAMPLE), "--month", "13")[0] == 2
    assert run("frobnicate")[0] == 2
    assert run("check")[0] == 2


def test_check_example_json() -> None:
    code, stdout, _ = run("check", str(EXAMPLE), "--format", "json")
    assert code == 0
    report = json.loads(stdout)
    assert report["summary"]["jabatan"] == 21
    assert report["summary"]["indikator"] == 89
    assert report["summary"]["errors"] == 0
    assert set(report) == {"file", "summary", "issues"}
    for issue in report["issues"]:
        assert set(issue) == {"code", "severity", "sheet", "cell", "value", "message"}


def test_check_text_summary_line() -> None:
    code, stdout, _ = run("check", str(EXAMPLE))
    assert code == 0
    assert stdout.splitlines()[-1].startswith(f"{EXAMPLE}: 21 jabatan, 89 indikator, 0 kesalahan")


def test_check_names_both_planted_faults(tmp_path: Path) -> None:
    path, nip_cell, target_cell = _faulty_copy(tmp_path)
    code, stdout, _ = run("check", str(path), "--format", "json")
    assert code == 1
    errors = {(i["sheet"], i["cell"]) for i in json.loads(stdout)["issues"] if i["severity"] == "error"}
    assert ("SK-PPK", nip_cell) in errors
    assert ("SEK", target_cell) in errors


def test_compute_refuses_a_workbook_with_errors(tmp_path: Path) -> None:
    path, _, _ = _faulty_copy(tmp_path)
    before = digest(path)
    code, stdout, stderr = run("compute", str(path))
    assert code == 1
    assert "Traceback" not in stdout + stderr
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["salah.xlsx"]


def test_unreadable_and_missing_files_exit_1(tmp_path: Path) -> None:
    junk = tmp_path / "bukan.xlsx"
    junk.write_text("ini bukan buku kerja", encoding="utf-8")
    for path in (junk, tmp_path / "tidak-ada.xlsx"):
        for command in ("check", "compute", "recap"):
            code, stdout, stderr = run(command, str(path))
            assert code == 1, (command, path)
            assert "Traceback" not in stdout + stderr
            assert str(path) in stdout + stderr


def test_internal_failure_exits_3_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import ikixl.check

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(ikixl.check, "check_workbook", boom)
    code, stdout, stderr = run("check", str(EXAMPLE))
    assert code == 3
    assert "Traceback" not in stdout + stderr and "--verbose" in stderr
    code, _, stderr = run("--verbose", "check", str(EXAMPLE))
    assert code == 3
    assert "simulated bug" in stderr


def test_compute_output_is_read_by_openpyxl(computed: Path) -> None:
    wb = openpyxl.load_workbook(computed, data_only=True)
    assert layout.SHEET_CASCADING in wb.sheetnames
    ws = wb[layout.SHEET_REALISASI]
    labels = [c.value for c in ws[layout.REALISASI_HEADER_ROW]]
    col = labels.index("Capaian Tahunan (%)") + 1
    values = [ws.cell(r, col).value for r in range(layout.REALISASI_HEADER_ROW + 1, ws.max_row + 1)]
    numbers = [v for v in values if v is not None]
    assert numbers and all(isinstance(v, (int, float)) for v in numbers)
    assert len(ws.conditional_formatting) > 0


def test_compute_in_place_keeps_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "iki.xlsx"
    shutil.copyfile(EXAMPLE, path)
    original = path.read_bytes()
    code, stdout, stderr = run("compute", str(path))
    assert code == 0, stdout + stderr
    backups = list(tmp_path.glob("iki.backup-*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert path.read_bytes() != original


def test_compute_refuses_an_open_workbook(tmp_path: Path) -> None:
    path = tmp_path / "iki.xlsx"
    shutil.copyfile(EXAMPLE, path)
    (tmp_path / "~$iki.xlsx").write_bytes(b"lock")
    before = digest(path)
    code, _, stderr = run("compute", str(path))
    assert code == 1
    assert digest(path) == before


def test_recap_names_every_indicator(computed: Path, tmp_path: Path) -> None:
    rekap = tmp_path / "rekap.xlsx"
    code, stdout, stderr = run("recap", str(computed), "--month", "3", "--output", str(rekap))
    assert code == 0, stdout + stderr
    wb = openpyxl.load_workbook(rekap, read_only=True)
    seen = {v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
            if isinstance(v, str)}
    wb.close()
    source = openpyxl.load_workbook(EXAMPLE, read_only=True)
    codes = {row[0] for row in source[layout.SHEET_REALISASI].iter_rows(
        min_row=layout.REALISASI_HEADER_ROW + 1, values_only=True) if row[0]}
    source.close()
    assert len(codes) == 89
    assert codes <= seen


def test_template_command(tmp_path: Path) -> None:
    out = tmp_path / "kosong.xlsx"
    assert run("template", str(out))[0] == 0
    assert out.read_bytes() == (ROOT / "workbook_templates" / "ikixl_template_v1.xlsx").read_bytes()
    assert run("template", str(out))[0] == 2  # never overwrites


def test_month_by_name_and_bad_month(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    code, stdout, stderr = run("compute", str(EXAMPLE), "--month", "Maret", "--output", str(out))
    assert code == 0, stdout + stderr
    code, _, stderr = run("compute", str(EXAMPLE), "--month", "Maretan", "--output", str(out))
    assert code == 2
    assert "'Maretan' bukan bulan" in stderr


def test_month_other_than_bulan_pelaporan_is_said(tmp_path: Path) -> None:
    code, _, stderr = run("compute", str(EXAMPLE), "--month", "2", "--output", str(tmp_path / "o.xlsx"))
    assert code == 0
    assert "Bulan Pelaporan di Pengaturan masih Maret" in stderr


def test_folder_given_as_workbook_exits_1(tmp_path: Path) -> None:
    code, stdout, stderr = run("check", str(tmp_path))
    assert code == 1
    assert "folder" in stdout + stderr


def test_recap_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    path = tmp_path / "iki.xlsx"
    shutil.copyfile(EXAMPLE, path)
    before = digest(path)
    code, _, stderr = run("recap", str(path), "--output", str(tmp_path / "." / "iki.xlsx"))
    assert code == 2
    assert "--output" in stderr
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["iki.xlsx"]


def test_verbose_after_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import ikixl.check

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(ikixl.check, "check_workbook", boom)
    code, _, stderr = run("check", str(EXAMPLE), "--verbose")
    assert code == 3 and "simulated bug" in stderr


def test_cascade_errors_do_not_stop_compute(tmp_path: Path) -> None:
    # SK-PPK.1 names an Indikator Atasan of a jabatan that is not SK-PPK's atasan (KADIS has no
    # indicators, so use another sheet's code): a cascade error, marked but not blocking.
    path = tmp_path / "iki.xlsx"
    shutil.copyfile(EXAMPLE, path)
    wb = openpyxl.load_workbook(path)
    link_col = 1 + [c.key for c in layout.INDIKATOR_COLUMNS].index("indikator_atasan")
    cell = layout.cell_ref(layout.INDIKATOR_HEADER_ROW + 1, link_col)
    wb["BEND-PENG"][cell] = "SK-KEP.1"
    wb.save(path)
    code, stdout, _ = run("check", str(path), "--format", "json")
    assert code == 1
    errors = [i for i in json.loads(stdout)["issues"] if i["severity"] == "error"]
    assert [(i["code"], i["sheet"], i["cell"]) for i in errors] == [
        ("indikator-atasan-salah-jabatan", "BEND-PENG", cell)]
    out = tmp_path / "out.xlsx"
    code, stdout, stderr = run("compute", str(path), "--output", str(out))
    assert code == 0, stdout + stderr
    assert "indikator-atasan-salah-jabatan" in stdout
    cascading = openpyxl.load_workbook(out, data_only=True)[layout.SHEET_CASCADING]
    notes = [row[-1] for row in cascading.iter_rows(values_only=True) if row and "BEND-PENG.1" in row]
    assert any(note for note in notes)
