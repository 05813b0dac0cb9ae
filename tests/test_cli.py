"""The command line, run in-process: exact exit codes and the lines a clerk reads."""

from __future__ import annotations

import hashlib
import json
import re
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
    from ikixl.cli import MONTH

    names = ("March", " may ", "AUGUST", "Agustus", "12")
    assert [MONTH.convert(v, None, None) for v in names] == [3, 5, 8, 8, 12]


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


# --------------------------------------------------------------------------- several files, a folder
# Expected figures: the example has 21 jabatan, 89 indicators, no error and 19 warnings; a lock file
# beside a workbook adds the warning berkas-sedang-terbuka; each planted fault is one error.
from test_batch import nip_as_number, truncated  # noqa: E402

VERDICT = re.compile(r".+: \d+ jabatan, \d+ indikator, \d+ kesalahan, \d+ peringatan")


def test_check_a_folder_gives_one_verdict_per_workbook_and_the_worst_exit_code(tmp_path: Path) -> None:
    folder = tmp_path / "maret"
    folder.mkdir()
    shutil.copyfile(EXAMPLE, folder / "contoh.xlsx")
    truncated(folder / "potong.xlsx")
    nip_as_number(folder / "nip.xlsx")
    (folder / "~$nip.xlsx").write_bytes(b"\x07operator")  # nip.xlsx is open in Excel
    code, stdout, stderr = run("check", str(folder))
    assert code == 1
    lines = stdout.splitlines()
    assert [line for line in lines if VERDICT.fullmatch(line)] == [
        f"{folder / 'contoh.xlsx'}: 21 jabatan, 89 indikator, 0 kesalahan, 19 peringatan",
        f"{folder / 'nip.xlsx'}: 21 jabatan, 89 indikator, 1 kesalahan, 20 peringatan",
        f"{folder / 'potong.xlsx'}: 0 jabatan, 0 indikator, 1 kesalahan, 0 peringatan",
    ]
    # why potong.xlsx could not be checked is said (its counts say nothing); the rest needs --details
    assert lines[2].startswith(f"KESALAHAN {folder / 'potong.xlsx'} (berkas-rusak): ")
    assert lines[-1] == "Jumlah: 3 berkas, 2 berkas dengan kesalahan, 2 kesalahan, 39 peringatan"
    assert len(lines) == 5
    assert "--details" in stderr and "Traceback" not in stderr


def test_check_several_files_as_json(tmp_path: Path) -> None:
    potong = truncated(tmp_path / "potong.xlsx")
    code, stdout, _ = run("check", str(potong), str(EXAMPLE), "--format", "json")
    assert code == 1
    data = json.loads(stdout)
    assert set(data) == {"files", "total"}
    assert [f["file"] for f in data["files"]] == [str(potong), str(EXAMPLE)]
    assert data["total"] == {"files": 2, "files_with_errors": 1, "errors": 1, "warnings": 19}
    # each entry is exactly what `ikixl check FILE --format json` prints
    for entry, path in zip(data["files"], (potong, EXAMPLE), strict=True):
        assert entry == json.loads(run("check", str(path), "--format", "json")[1])


def test_a_folder_is_always_the_batch_shape(tmp_path: Path) -> None:
    shutil.copyfile(EXAMPLE, tmp_path / "contoh.xlsx")
    code, stdout, _ = run("check", str(tmp_path), "--format", "json")
    assert code == 0
    data = json.loads(stdout)
    summaries = [f["summary"] for f in data["files"]]
    assert summaries == [{"jabatan": 21, "indikator": 89, "errors": 0, "warnings": 19}]
    assert data["total"] == {"files": 1, "files_with_errors": 0, "errors": 0, "warnings": 19}


def test_check_a_folder_skips_backups_temporaries_and_lock_files(tmp_path: Path) -> None:
    shutil.copyfile(EXAMPLE, tmp_path / "contoh.xlsx")
    # damaged copies under names ikixl must skip: checked, any of them would be an error
    for name in ("contoh.backup-20240131-101500.xlsx", "contoh.backup-20240131-101500-2.xlsx",
                 ".contoh.ikixl-a1b2c3d4.xlsx", "~$contoh.xlsx", ".tersembunyi.xlsx"):
        truncated(tmp_path / name)
    (tmp_path / ".~lock.contoh.xlsx#").write_text(",operator,pc,01.03.2024 10:00,", encoding="utf-8")
    code, stdout, _ = run("check", str(tmp_path), str(EXAMPLE))
    assert code == 0
    assert stdout.splitlines() == [
        # open in Excel and in LibreOffice: check warns once per lock file (ikixl.check)
        f"{tmp_path / 'contoh.xlsx'}: 21 jabatan, 89 indikator, 0 kesalahan, 21 peringatan",
        f"{EXAMPLE}: 21 jabatan, 89 indikator, 0 kesalahan, 19 peringatan",
        "Jumlah: 2 berkas, 0 berkas dengan kesalahan, 0 kesalahan, 40 peringatan",
    ]


def test_check_details_prints_every_issue_in_english_too(tmp_path: Path) -> None:
    nip = nip_as_number(tmp_path / "nip.xlsx")
    code, stdout, stderr = run("--lang", "en", "check", str(EXAMPLE), str(nip), "--details")
    assert code == 1
    lines = stdout.splitlines()
    issues = [line for line in lines if line.startswith(("ERROR ", "WARNING "))]
    assert len(issues) == 19 + 19 + 1
    assert "ERROR 'SK-PPK'!B9 (nip-bukan-teks)" in "\n".join(issues)
    assert lines[-1] == "Total: 2 files, 1 file with errors, 1 error, 38 warnings"
    assert len(lines) == len(issues) + 3 and "--details" not in stderr


def test_a_fault_of_ikixl_in_one_of_several_files_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ikixl.check

    real = ikixl.check.check_workbook

    def flaky(source: object, **kwargs: object) -> object:
        if Path(str(source)).name == "bug.xlsx":
            raise RuntimeError("simulated bug")
        return real(source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ikixl.check, "check_workbook", flaky)
    bug = tmp_path / "bug.xlsx"
    shutil.copyfile(EXAMPLE, bug)
    code, stdout, stderr = run("check", str(bug), str(EXAMPLE))
    assert code == 3
    lines = stdout.splitlines()
    assert lines[0].startswith(f"KESALAHAN {bug} (ikixl-gagal): ") and "simulated bug" in lines[0]
    assert lines[1:] == [
        f"{bug}: 0 jabatan, 0 indikator, 1 kesalahan, 0 peringatan",
        f"{EXAMPLE}: 21 jabatan, 89 indikator, 0 kesalahan, 19 peringatan",
        "Jumlah: 2 berkas, 1 berkas dengan kesalahan, 1 kesalahan, 19 peringatan",
    ]
    assert "--verbose" in stderr and "Traceback" not in stderr
    code, _, stderr = run("check", str(bug), str(EXAMPLE), "--verbose")
    assert code == 3 and "Traceback" in stderr and "RuntimeError: simulated bug" in stderr


def test_a_folder_without_workbooks_exits_1_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "~$iki.xlsx").write_bytes(b"")
    for fmt in ("text", "json"):
        code, stdout, stderr = run("check", str(tmp_path), "--format", fmt)
        assert code == 1 and stdout == ""
        assert f"Tidak ada buku kerja Excel (.xlsx atau .xlsm) untuk diperiksa di {tmp_path}" in stderr
    assert run("check", "--list-codes", str(tmp_path))[0] == 2


def test_progress_bar_only_for_several_files_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from ikixl import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli._progress(3, "id") as advance:
        assert advance is not None
        for index in range(3):
            advance(index, None)
    assert "Memeriksa 3 berkas" in terminal.getvalue() and "100%" in terminal.getvalue()
    with cli._progress(1, "id") as advance:
        assert advance is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe or a log: no bar
    with cli._progress(3, "id") as advance:
        assert advance is None


@pytest.mark.parametrize(
    ("count", "english"), [(0, "0 errors"), (1, "1 error"), (2, "2 errors")]
)
def test_english_counts_agree_with_their_number(count: int, english: str) -> None:
    """English nouns take the plural except for one; Indonesian ones do not change."""
    from ikixl.cli import _text

    assert _text("check-failed", "en", errors=count, file="a.xlsx").startswith(f"{english} in a.xlsx")
    assert _text("check-failed", "id", errors=count, file="a.xlsx").startswith(f"{count} kesalahan di a.xlsx")


_SLOW_VERIFY = """
import sys, time
import ikixl.writeback as writeback
verify = writeback._verify
def slow_verify(*args):
    time.sleep(60)  # the temporary file is written: the signal arrives here
    return verify(*args)
writeback._verify = slow_verify
from ikixl.cli import main
sys.argv = ["ikixl", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_a_compute_stopped_while_writing_leaves_the_workbook_and_no_temporary_file(
    tmp_path: Path, signal_name: str
) -> None:
    """A kill (or a closed terminal, or Ctrl+C) while the temporary file is written: exit 130, the
    clerk is told, the workbook is byte-identical and the temporary file is gone."""
    import signal
    import subprocess
    import sys
    import time

    book = tmp_path / "iki.xlsx"
    shutil.copy(EXAMPLE, book)
    before = book.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_VERIFY, "compute", str(book)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while not [p for p in tmp_path.iterdir() if p.name.startswith(".iki.ikixl-")]:
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    process.send_signal(getattr(signal, signal_name))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Dihentikan" in stderr and "Traceback" not in stderr
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["iki.xlsx"]


@pytest.mark.parametrize(("setting", "summary"), [
    ("id_ID", "89 indikator, 0 kesalahan"), ("en_US.UTF-8", "89 indicators, 0 errors"), ("EN", "0 errors"),
])
def test_language_may_be_given_as_a_locale(setting: str, summary: str) -> None:
    """IKIXL_LANG as a system's language settings write it (id_ID, en_US.UTF-8) chooses id or en."""
    result = CliRunner().invoke(main, ["check", str(EXAMPLE)], env={"IKIXL_LANG": setting})
    assert result.exit_code == 0, result.output
    assert summary in result.output


def test_an_unknown_language_is_a_usage_error() -> None:
    """IKIXL_LANG=fr: exit 2, naming the two languages."""
    result = CliRunner().invoke(main, ["check", str(EXAMPLE)], env={"IKIXL_LANG": "fr"})
    assert result.exit_code == 2 and "'id', 'en'" in result.output


# --------------------------------------------------------------------------- numbers no cell holds
@pytest.mark.parametrize("stored", [b"1E+308", b"9.5E+307", b"123456789012345678901234567890"])
def test_a_realisasi_beyond_reason_is_read_checked_computed_and_recapped(
    tmp_path: Path, stored: bytes
) -> None:
    """A Realisasi cell holding 1E+308 (or a 30-digit number) made check, compute and recap fail
    unexpectedly (exit 3: a display of the number refused more than 28 digits, the capaian became
    an infinite float). Now: check reports it, compute writes the figures no cell can hold as
    blanks with their reason, recap runs; the number is shown as stored, not as the 309 digits of
    the nearest double."""
    from preservation_fixtures import package_map, read_members, write_members

    book = Path(shutil.copy(EXAMPLE, tmp_path / "iki.xlsx"))
    members = read_members(book)
    part = package_map(members).sheet(layout.SHEET_REALISASI)
    assert part is not None
    cell = re.search(rb'<c r="E5"([^>]*?)(/>|>(<v>[^<]*</v>)?</c>)', members[part])
    assert cell is not None
    attributes = re.sub(rb' t="[^"]*"', b"", cell.group(1))
    new = b'<c r="E5"%s><v>%s</v></c>' % (attributes, stored)
    members[part] = members[part].replace(cell.group(0), new, 1)
    write_members(book, members)

    code, stdout, stderr = run("check", str(book))
    assert code == 0, stdout + stderr
    shown = [line for line in stdout.splitlines() if "'Realisasi'!E5 " in line]
    assert shown and all(len(max(re.findall(r"\d+", line), key=len)) <= 30 for line in shown), shown
    out = tmp_path / "out.xlsx"
    code, stdout, stderr = run("compute", str(book), "--month", "3", "--output", str(out))
    assert code == 0, stdout + stderr
    code, stdout, stderr = run("recap", str(out), "--month", "3", "--output", str(tmp_path / "rekap.xlsx"))
    assert code == 0, stdout + stderr
    sheet = openpyxl.load_workbook(out, read_only=True)[layout.SHEET_REALISASI]
    header = [c.value for c in next(sheet.iter_rows(min_row=layout.REALISASI_HEADER_ROW,
                                                   max_row=layout.REALISASI_HEADER_ROW))]
    row = [c.value for c in next(sheet.iter_rows(min_row=5, max_row=5))]
    values = dict(zip(header, row, strict=False))
    label = next(c.label for c in layout.REALISASI_COMPUTED_COLUMNS if c.key == "keterangan_capaian")
    keterangan = values[label]
    if stored != b"123456789012345678901234567890":  # (that one is 1.2E+29: its figures fit)
        assert "terlalu besar untuk disimpan di Excel" in keterangan


def test_compute_leaves_a_workbook_saved_again_meanwhile_as_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ikixl compute` in place while the clerk saves the workbook from Excel (here: during the
    write; a first-user trial did it between reading and writing too): exit 1, the clerk's save
    stays as it was, no backup, no temporary file, and the message says to compute again."""
    from ikixl.zippatch import PackagePatch

    book = Path(shutil.copy(EXAMPLE, tmp_path / "iki.xlsx"))
    saved = (ROOT / "workbook_templates" / "ikixl_template_v1.xlsx").read_bytes()
    real_write = PackagePatch.write

    def write_while_saved(self: PackagePatch, target: Path) -> None:
        real_write(self, target)
        book.write_bytes(saved)

    monkeypatch.setattr(PackagePatch, "write", write_while_saved)
    code, stdout, stderr = run("compute", str(book), "--month", "3")
    assert code == 1, stdout + stderr
    assert "berkas-berubah-sejak-dibaca" in stderr or "jalankan ikixl compute lagi" in stderr, stderr
    assert book.read_bytes() == saved
    assert sorted(p.name for p in tmp_path.iterdir()) == ["iki.xlsx"]


def test_compute_repeats_that_excel_refuses_the_name_of_the_workbook(tmp_path: Path) -> None:
    """A plain workbook renamed .xlsm: compute writes it (ikixl reads it) but says, as check does,
    that Excel refuses such a file; a new file is only written under the name its content wants."""
    book = Path(shutil.copy(EXAMPLE, tmp_path / "iki.xlsm"))
    code, stdout, stderr = run("compute", str(book), "--month", "3", "--output", str(tmp_path / "out.xlsm"))
    assert code == 1, stdout + stderr
    assert "tidak dapat menulis out.xlsm" in stderr and "harus berakhiran .xlsx" in stderr, stderr
    assert not (tmp_path / "out.xlsm").exists()
    code, stdout, stderr = run("compute", str(book), "--month", "3", "--output", str(tmp_path / "out.xlsx"))
    assert code == 0, stdout + stderr
    assert "(ekstensi-tidak-sesuai-isi)" in stderr and "iki.xlsx" in stderr
    code, stdout, stderr = run("compute", str(book), "--month", "3")  # in place: the clerk's name stays
    assert code == 0, stdout + stderr
    assert "(ekstensi-tidak-sesuai-isi)" in stderr
    code, stdout, stderr = run("compute", str(EXAMPLE), "--month", "3", "--output", str(tmp_path / "ok.xlsx"))
    assert code == 0 and "ekstensi-tidak-sesuai-isi" not in stdout + stderr


@pytest.mark.parametrize("name", ["iki", "iki.xls"])
def test_a_workbook_named_without_xlsx_is_computed_into_a_proper_name(tmp_path: Path, name: str) -> None:
    """A workbook that came without its extension (or as .xls): check and compute read it and say
    so; compute writes the result under a name Excel opens, never in place (which would keep a
    name Excel cannot open), and says how."""
    book = Path(shutil.copy(EXAMPLE, tmp_path / name))
    before = book.read_bytes()
    code, stdout, stderr = run("check", str(book))
    assert code == 0 and "(ekstensi-tidak-sesuai-isi)" in stdout + stderr and "iki.xlsx" in stdout + stderr
    code, stdout, stderr = run("compute", str(book), "--month", "3")
    assert code == 1 and f"tidak dapat menulis {name}: namanya" in stderr, stderr
    assert "--output iki.xlsx" in stderr, stderr
    code, stdout, stderr = run("compute", str(book), "--month", "3", "--output", str(tmp_path / "iki.xlsm"))
    assert code == 1 and "harus berakhiran .xlsx" in stderr, stderr
    code, stdout, stderr = run("compute", str(book), "--month", "3", "--output", str(tmp_path / "iki.xlsx"))
    assert code == 0, stdout + stderr
    assert "(ekstensi-tidak-sesuai-isi)" in stderr
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "iki.xlsx"])
    code, stdout, stderr = run("check", str(tmp_path / "iki.xlsx"))
    assert code == 0 and "ekstensi-tidak-sesuai-isi" not in stdout + stderr


# --------------------------------------------------------------------------- usage errors
@pytest.mark.parametrize(
    ("args", "usage", "message"),
    [
        (["compute"], "ikixl compute [OPTIONS] WORKBOOK", "Argumen 'WORKBOOK' belum diberikan."),
        (["chek", "iki.xlsx"], "ikixl [OPTIONS] COMMAND",
         "Perintah 'chek' tidak dikenal; perintah ikixl: check, compute, recap, template. "
         "Maksud Anda 'check'?"),
        (["check", "--bogus", "iki.xlsx"], "ikixl check [OPTIONS]",
         "Opsi '--bogus' tidak dikenal. Maksud Anda '--verbose'?"),
        (["compute", "iki.xlsx", "--month", "13"], "ikixl compute [OPTIONS] WORKBOOK",
         "Nilai '--month' tidak sah: '13' bukan bulan: tulis 1-12 atau nama bulan (Januari ... Desember)."),
        (["compute", "a.xlsx", "b.xlsx"], "ikixl compute [OPTIONS] WORKBOOK", "Argumen berlebih: b.xlsx."),
        (["compute", "iki.xlsx", "--month"], None, "Opsi '--month' memerlukan nilai."),
        (["check", "--verbose=ya", "iki.xlsx"], None, "Opsi '--verbose' tidak menerima nilai."),
        (["--lang", "xx", "check", "iki.xlsx"], "ikixl [OPTIONS] COMMAND",
         "'xx' bukan salah satu dari 'id', 'en'."),
        (["compute", "iki.xlsx", "--output", "/"], "ikixl compute [OPTIONS] WORKBOOK",
         "Nilai '--output' tidak sah: '/' adalah folder, bukan berkas."),
    ],
)
def test_usage_errors_are_told_in_bahasa_indonesia(args: list[str], usage: str | None, message: str) -> None:
    """What the clerk typed wrong is said in the clerk's language, as every other message: no
    English "Usage:"/"Error:" frame, exit code 2, nothing on stdout."""
    code, stdout, stderr = run(*args)
    assert code == 2 and stdout == "", (code, stdout, stderr)
    lines = stderr.splitlines()
    assert lines[-1].startswith("Kesalahan: ") and message in lines[-1], stderr
    if usage is not None:
        assert lines[0].startswith(f"Cara pakai: {usage}"), stderr
        assert lines[1].startswith("Ketik 'ikixl") and lines[1].endswith("--help' untuk bantuan."), stderr
    assert "Usage:" not in stderr and "Error:" not in stderr and "Try " not in stderr


@pytest.mark.parametrize("where", ["group", "command", "environment"])
def test_usage_errors_stay_in_english_when_english_is_asked_for(
    where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = {"group": ["--lang", "en", "compute"], "command": ["compute", "--lang", "en"],
            "environment": ["compute"]}[where]
    if where == "environment":
        monkeypatch.setenv("IKIXL_LANG", "en_US.UTF-8")
    code, _, stderr = run(*args)
    assert code == 2
    assert stderr.startswith("Usage: ikixl compute"), stderr
    assert "Error: Missing argument 'WORKBOOK'." in stderr, stderr


def test_help_version_and_results_keep_their_exit_codes(tmp_path: Path) -> None:
    assert run("--help")[0] == 0 and run("check", "--help")[0] == 0 and run("--version")[0] == 0
    code, stdout, stderr = run()  # no command: the help, as a usage error
    assert code == 2 and "Commands:" in stdout + stderr
    assert run("check", str(EXAMPLE))[0] == 0
    assert run("check", str(tmp_path / "tidak-ada.xlsx"))[0] == 1


def test_compute_and_recap_repeat_what_changes_every_figure(tmp_path: Path) -> None:
    """A column whose header is not found reads as empty and a blank Bulan Pelaporan as Januari:
    compute and recap say so in full, as check does; other warnings are counted, pointing to check."""
    book = tmp_path / "iki.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    # Target Bulan's header in a wording ikixl does not know
    wb[layout.SHEET_REALISASI].cell(layout.REALISASI_HEADER_ROW, 4).value = "Target Tahun 2023"
    wb[layout.SHEET_PENGATURAN]["B8"] = None
    wb.save(book)
    code, stdout, stderr = run("check", str(book))
    check_out = stdout + stderr
    assert "(kolom-tidak-ada)" in check_out and "(bulan-pelaporan-kosong)" in check_out
    total = int(re.search(r"(\d+) peringatan", stdout.splitlines()[-1]).group(1))
    for args in (["compute", str(book), "--output", str(tmp_path / "hasil.xlsx")],
                 ["recap", str(book), "--output", str(tmp_path / "rekap.xlsx")]):
        code, stdout, stderr = run(*args)
        assert code == 0, stdout + stderr
        assert "(kolom-tidak-ada): Kolom 'Target Bulan' tidak ditemukan" in stderr, stderr
        assert "'Pengaturan'!B8 (bulan-pelaporan-kosong)" in stderr, stderr
        assert f"{total - 2} peringatan lain: lihat `ikixl check {book}`." in stderr, stderr


def test_a_refusal_counts_the_errors_as_check_does(tmp_path: Path) -> None:
    """A duplicated Kode Indikator: check counts its errors and a cascade error; compute, which is
    refused by the first kind only, says so, so that its count adds up to check's."""
    book = tmp_path / "iki.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    wb["SK-PPK"]["B17"] = "SK-PPK.1"  # was SK-PPK.2
    wb.save(book)
    _, stdout, _ = run("check", str(book))
    errors = int(re.search(r"(\d+) kesalahan", stdout.splitlines()[-1]).group(1))
    code, _, stderr = run("compute", str(book), "--output", str(tmp_path / "hasil.xlsx"))
    assert code == 1 and not (tmp_path / "hasil.xlsx").exists()
    found = re.search(r"Dibatalkan: (\d+) kesalahan .* Selain itu (\d+) kesalahan cascading", stderr)
    assert found is not None, stderr
    assert int(found.group(1)) + int(found.group(2)) == errors and int(found.group(2)) > 0


def test_compute_finds_the_headers_the_reader_finds(tmp_path: Path) -> None:
    """Headers with a trailing parenthetical or year, or an enumerator, are found alike by the
    reader and by the writer: compute writes under them (no column appended, Realisasi Saat
    Dihitung filled) and check of the result finds nothing stale."""
    book = tmp_path / "iki.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb[layout.SHEET_REALISASI]
    row = layout.REALISASI_HEADER_ROW
    headers = {c.value: c.column for c in ws[row] if c.value}
    ws.cell(row, headers["Realisasi"]).value = "Realisasi (angka)"
    ws.cell(row, headers["Target Bulan"]).value = "Target Bulan 2023"
    ws.cell(row, headers["Capaian Tahunan (%)"]).value = "10. Capaian Tahunan (%)"
    wb.save(book)
    out = tmp_path / "hasil.xlsx"
    code, stdout, stderr = run("compute", str(book), "--month", "3", "--output", str(out))
    assert code == 0 and "kolom-tidak-ada" not in stderr and "kolom-hitung-tidak-ada" not in stderr, stderr
    written = openpyxl.load_workbook(out)[layout.SHEET_REALISASI]
    assert [c.value for c in written[row] if c.value] == [c.value for c in ws[row] if c.value]
    recorded = headers["Realisasi Saat Dihitung"]
    first = row + 1
    assert written.cell(first, recorded).value == written.cell(first, headers["Realisasi"]).value is not None
    code, stdout, stderr = run("check", str(out))
    assert code == 0 and "capaian-usang" not in stdout and "capaian-diubah" not in stdout, stdout


def test_the_process_leaves_what_it_read_uncollected_at_exit(tmp_path: Path) -> None:
    """The interpreter's collections while it shuts down would walk the whole model (a tenth to a
    fifth of a second on 48,000 rows): ``ikixl`` freezes what is alive when it exits."""
    import subprocess
    import sys

    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('beku', gc.get_freeze_count() > 0))\n"  # runs last (LIFO)
        "from ikixl.cli import main\n"
        f"sys.argv = ['ikixl', 'check', {str(EXAMPLE)!r}]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("beku True")


def test_a_ctrl_c_before_the_command_starts_is_told_not_traced(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl+C in the moment between ikixl starting and click taking over (here: while ikixl
    readies its exit) is told like any other stop, exit 130, with no traceback."""
    from ikixl import collector

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(collector, "not_collected_at_exit", interrupted)
    with pytest.raises(SystemExit) as exited:
        main.main(["check", str(EXAMPLE)], prog_name="ikixl")
    assert exited.value.code == 130
    err = capsys.readouterr().err
    assert err.startswith("Dihentikan.") and "Traceback" not in err


@pytest.mark.parametrize(("argv", "said"), [(["ikixl", "check", "x.xlsx"], "Dihentikan.\n"),
                                            (["ikixl", "--lang", "en", "check", "x.xlsx"], "Stopped.\n")])
def test_a_ctrl_c_while_the_command_loads_is_told_not_traced(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    """The ``ikixl`` command (ikixl.launch:run) loads ikixl.cli, click and the rest first: a Ctrl+C
    then is told in the clerk's language, exit 130, instead of a traceback from the imports."""
    import builtins
    import sys

    from ikixl import launch

    real_import = builtins.__import__

    def importing(name: str, *args: object, **kwargs: object) -> object:
        if name == "ikixl.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.delenv("IKIXL_LANG", raising=False)
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(builtins, "__import__", importing)
    with pytest.raises(SystemExit) as exited:
        launch.run()
    assert exited.value.code == 130
    assert capsys.readouterr().err == said


def test_the_command_runs_through_its_launcher(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loaded without a stop, the launcher runs the command itself (its exit code unchanged)."""
    import sys

    from ikixl import launch

    monkeypatch.setattr(sys, "argv", ["ikixl", "check", str(EXAMPLE)])
    with pytest.raises(SystemExit) as exited:
        launch.run()
    assert exited.value.code == 0


def test_a_refusal_shows_the_errors_and_counts_the_warnings(tmp_path: Path) -> None:
    """A refused compute prints what must be fixed, not every warning check has: the error lines,
    then the other warnings as a count pointing to check (here all the example's warnings, none of
    them one that changes every figure), then the summary."""
    book = tmp_path / "iki.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    wb[layout.SHEET_REALISASI]["E6"] = "enam belas"
    wb.save(book)
    _, checked, _ = run("check", str(book))
    warnings = [line for line in checked.splitlines() if line.startswith("PERINGATAN ")]
    errors = [line for line in checked.splitlines() if line.startswith("KESALAHAN ")]
    assert len(errors) == 1 and "'Realisasi'!E6 (angka-tidak-valid)" in errors[0] and warnings
    code, stdout, stderr = run("compute", str(book), "--output", str(tmp_path / "hasil.xlsx"))
    assert code == 1 and not (tmp_path / "hasil.xlsx").exists()
    lines = stdout.splitlines()
    others = f"{len(warnings)} peringatan lain: lihat `ikixl check {book}`."
    assert lines == [errors[0], others, checked.splitlines()[-1]]
