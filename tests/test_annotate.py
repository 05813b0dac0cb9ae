"""`ikixl check --annotate`: a marked copy for the clerk, the input never touched.

Faults planted in a factory workbook (tests/workbook_factory.py): the NIP of SK-PPK typed as a
number at 'SK-PPK'!B9 (error nip-bukan-teks), the first Target of SK-PPK typed as "sepuluh" at
'SK-PPK'!H16 (error), the second Target of SK-PPK left blank at 'SK-PPK'!H17 (warning
target-kosong), and a lock file beside the input, the whole-file warning berkas-sedang-terbuka.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from libreoffice import convert
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet
from workbook_factory import build_workbook, indikator_cell, jabatan_cell

from ikixl import __version__, layout
from ikixl.annotate import ERROR_FILL, MARKER, SHEET, WARNING_FILL, write_annotated
from ikixl.catalogue import make_issue
from ikixl.check import check_workbook
from ikixl.cli import main
from ikixl.errors import WriteError
from ikixl.report import Report

NOW = datetime(2024, 4, 5, 9, 30)
NIP = jabatan_cell("nip")  # B9
TARGET = indikator_cell(0, "target")  # H16
BLANK_TARGET = indikator_cell(1, "target")  # H17
FAULTS = {
    ("SK-PPK", NIP): 198001012005011002,
    ("SK-PPK", TARGET): "sepuluh",
    ("SK-PPK", BLANK_TARGET): None,
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="ikixl")
    return result.exit_code, result.stdout, result.stderr


def fill_of(cell: Cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return str(cell.fill.start_color.rgb)[-6:]


def comments(wb: openpyxl.Workbook) -> dict[tuple[str, str], str]:
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None:
                    found[(ws.title, cell.coordinate)] = cell.comment.text
    return found


def table(ws: Worksheet) -> tuple[int, list[tuple[Cell, ...]]]:
    """(header row, the issue rows) of a Hasil Pemeriksaan sheet."""
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "No")
    rows = [row for row in ws.iter_rows(min_row=header + 1) if row[0].value is not None]
    return header, rows


@pytest.fixture
def faulty(tmp_path: Path) -> Path:
    path = build_workbook(tmp_path / "iki.xlsx", cells=FAULTS)
    (tmp_path / "~$iki.xlsx").write_bytes(b"lock")  # Excel's lock file: the whole-file warning
    return path


@pytest.fixture
def report(faulty: Path) -> Report:
    report = check_workbook(faulty)
    found = {(i.code, i.location) for i in report.issues}
    assert found == {
        ("berkas-sedang-terbuka", ""),
        ("nip-bukan-teks", f"'SK-PPK'!{NIP}"),
        ("target-tidak-valid", f"'SK-PPK'!{TARGET}"),
        ("target-kosong", f"'SK-PPK'!{BLANK_TARGET}"),
    }, found
    return report


# --------------------------------------------------------------------------- the marked cells
def test_every_problem_cell_is_filled_and_noted_and_keeps_its_value(
        faulty: Path, report: Report, tmp_path: Path) -> None:
    before = digest(faulty)
    out = tmp_path / "iki_diperiksa.xlsx"
    result = write_annotated(faulty, report, out, now=NOW)
    assert result.path == out and result.backup is None and result.losses == () and result.marked == 3
    assert digest(faulty) == before

    original, copy = openpyxl.load_workbook(faulty), openpyxl.load_workbook(out)
    notes = comments(copy)
    assert set(notes) == {("SK-PPK", NIP), ("SK-PPK", TARGET), ("SK-PPK", BLANK_TARGET)}
    assert notes[("SK-PPK", NIP)].startswith(f"{MARKER} 1 masalah:\nKESALAHAN [nip-bukan-teks]: NIP ")
    assert "KESALAHAN [target-tidak-valid]: Target 'sepuluh'" in notes[("SK-PPK", TARGET)]
    assert "PERINGATAN [target-kosong]: " in notes[("SK-PPK", BLANK_TARGET)]
    ws = copy["SK-PPK"]
    assert fill_of(ws[NIP]) == ERROR_FILL and fill_of(ws[TARGET]) == ERROR_FILL
    assert fill_of(ws[BLANK_TARGET]) == WARNING_FILL
    assert ERROR_FILL != WARNING_FILL
    assert fill_of(ws["A9"]) is None and fill_of(ws["H15"]) is None  # only the problem cells
    # every value and number format of every input sheet is unchanged
    assert copy.sheetnames == [SHEET, *original.sheetnames]
    for name in original.sheetnames:
        for old_row, new_row in zip(original[name].iter_rows(), copy[name].iter_rows(), strict=True):
            for old, new in zip(old_row, new_row, strict=True):
                assert (new.value, new.number_format) == (old.value, old.number_format), \
                    (name, new.coordinate)


def test_several_issues_on_one_cell_make_one_note(faulty: Path, report: Report, tmp_path: Path) -> None:
    extra = make_issue("rumus-di-sel-isian", sheet="SK-PPK", cell=NIP, value="=1+1", reading="2")
    report.issues.append(extra)
    out = write_annotated(faulty, report, tmp_path / "out.xlsx", now=NOW).path
    note = openpyxl.load_workbook(out)["SK-PPK"][NIP].comment.text
    lines = note.splitlines()
    assert lines[0] == f"{MARKER} 2 masalah:"
    assert [re.match(r"(\w+) \[([\w-]+)\]", line).groups() for line in lines[1:]] == [
        ("KESALAHAN", "nip-bukan-teks"), ("PERINGATAN", "rumus-di-sel-isian")]
    assert fill_of(openpyxl.load_workbook(out)["SK-PPK"][NIP]) == ERROR_FILL  # an error wins


# --------------------------------------------------------------------------- the Hasil Pemeriksaan sheet
def test_results_sheet_lists_every_issue_with_a_working_link(
        faulty: Path, report: Report, tmp_path: Path) -> None:
    out = write_annotated(faulty, report, tmp_path / "out.xlsx", now=NOW).path
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == SHEET and wb.active.title == SHEET
    ws = wb[SHEET]
    summary = [ws.cell(r, 1).value for r in range(1, 5)]
    assert summary == ["Hasil Pemeriksaan ikixl", "Berkas: iki.xlsx",
                       f"Diperiksa: 05-04-2024 09:30 (ikixl {__version__})",
                       "3 jabatan, 6 indikator: 2 kesalahan, 2 peringatan."]
    header, rows = table(ws)
    assert [c.value for c in ws[header]] == ["No", "Tingkat", "Kode", "Lembar", "Sel", "Nilai", "Pesan"]
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.auto_filter.ref == f"A{header}:G{header + len(rows)}"
    assert ws.column_dimensions["G"].width >= 60
    assert len(rows) == len(report.issues)
    # errors first (they must be fixed before compute), each group in the report's order
    expected = [i for i in report.issues if i.severity == "error"] + [
        i for i in report.issues if i.severity != "error"]
    assert [i.severity for i in report.issues] != [i.severity for i in expected]  # the order changes
    for number, (row, issue) in enumerate(zip(rows, expected, strict=True), start=1):
        no, tingkat, kode, lembar, sel, nilai, pesan = (c.value for c in row)
        assert (no, kode, nilai, pesan) == (number, issue.code, issue.value, issue.message)
        assert tingkat == {"error": "KESALAHAN", "warning": "PERINGATAN"}[issue.severity]
        link = row[4].hyperlink
        if issue.sheet is None:  # whole file: listed here only, no link
            assert (lembar, sel, link) == ("(seluruh berkas)", None, None)
            continue
        assert (lembar, sel) == (issue.sheet, issue.cell)
        assert link.target is None and link.location == f"'{issue.sheet}'!{issue.cell}"
        target_sheet, _, address = link.location.rpartition("!")
        target = wb[target_sheet.strip("'")]
        min_col, min_row, _, _ = range_boundaries(address)
        assert target.cell(min_row, min_col).comment is not None


def test_results_sheet_in_english(faulty: Path, report: Report, tmp_path: Path) -> None:
    out = write_annotated(faulty, report, tmp_path / "out.xlsx", lang="en", now=NOW).path
    wb = openpyxl.load_workbook(out)
    ws = wb[SHEET]  # the reserved name stays, so that reading the copy ignores the sheet
    header, rows = table(ws)
    assert [c.value for c in ws[header]] == ["No", "Severity", "Code", "Sheet", "Cell", "Value", "Message"]
    assert {r[1].value for r in rows} == {"ERROR", "WARNING"}
    nip_row = next(r for r in rows if r[2].value == "nip-bukan-teks")
    assert nip_row[6].value.startswith("The NIP was typed as a number")
    note = wb["SK-PPK"][NIP].comment.text
    assert note.startswith(f"{MARKER} 1 problem(s):\nERROR [nip-bukan-teks]: The NIP")


def test_a_clean_workbook_gets_an_empty_list(tmp_path: Path) -> None:
    book = build_workbook(tmp_path / "iki.xlsx")
    report = check_workbook(book)
    assert report.issues == []
    out = write_annotated(book, report, tmp_path / "out.xlsx", now=NOW).path
    wb = openpyxl.load_workbook(out)
    assert comments(wb) == {}
    header, rows = table(wb[SHEET])
    assert [c.value for c in rows[0]][:1] == ["Tidak ada masalah."]
    assert check_workbook(out).issues == []  # the reserved sheet is not read as anything


# --------------------------------------------------------------------------- writing safely
def test_annotating_twice_keeps_one_results_sheet_and_a_backup(
        faulty: Path, report: Report, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    first = write_annotated(faulty, report, out, now=NOW)
    second = write_annotated(faulty, report, out, now=NOW)
    assert first.backup is None
    assert second.backup is not None and second.backup.name == "out.backup-20240405-093000.xlsx"
    assert openpyxl.load_workbook(second.backup).sheetnames.count(SHEET) == 1
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames.count(SHEET) == 1 and wb.sheetnames[0] == SHEET
    assert len(table(wb[SHEET])[1]) == len(report.issues)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("~$")) == [
        "iki.xlsx", "out.backup-20240405-093000.xlsx", "out.xlsx"]


def test_reannotating_an_annotated_copy_replaces_old_marks_and_keeps_clerk_notes(tmp_path: Path) -> None:
    def clerk_note(book: openpyxl.Workbook) -> None:
        book["SK-PPK"][TARGET].comment = Comment("Menunggu angka dari Bappeda", "Operator")

    book = build_workbook(tmp_path / "iki.xlsx", cells=FAULTS, hook=clerk_note)
    first = write_annotated(book, check_workbook(book), tmp_path / "ditandai.xlsx", now=NOW).path
    note = openpyxl.load_workbook(first)["SK-PPK"][TARGET].comment
    assert note.text.startswith("Menunggu angka dari Bappeda\n\n" + MARKER) and note.author == "Operator"

    # the clerk fixes the NIP in the marked copy and annotates it again
    wb = openpyxl.load_workbook(first)
    wb["SK-PPK"][NIP] = "19800101 200501 1 002"
    wb.save(first)
    report = check_workbook(first)
    assert {i.code for i in report.issues} == {"target-tidak-valid", "target-kosong"}
    again = write_annotated(first, report, tmp_path / "ditandai2.xlsx", now=NOW).path
    wb = openpyxl.load_workbook(again)
    ws = wb["SK-PPK"]
    assert ws[NIP].comment is None and fill_of(ws[NIP]) is None
    assert ws[TARGET].comment.text.count(MARKER) == 1
    assert ws[TARGET].comment.text.startswith("Menunggu angka dari Bappeda\n\n" + MARKER)
    assert wb.sheetnames.count(SHEET) == 1 and len(table(wb[SHEET])[1]) == 2


def test_output_may_not_be_the_input_or_change_its_kind(faulty: Path, report: Report, tmp_path: Path) -> None:
    before = digest(faulty)
    with pytest.raises(WriteError) as info:
        write_annotated(faulty, report, tmp_path / "." / "iki.xlsx", now=NOW)
    assert info.value.code == "salinan-sama-dengan-asli" and "iki_diperiksa.xlsx" in str(info.value)
    for name in ("out.xlsm", "out.csv"):
        with pytest.raises(WriteError) as info:
            write_annotated(faulty, report, tmp_path / name, now=NOW)
        assert info.value.code == "format-berkas-tidak-didukung"
    assert digest(faulty) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["iki.xlsx", "~$iki.xlsx"]


def test_an_open_output_is_not_replaced(faulty: Path, report: Report, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"earlier")
    (tmp_path / ".~lock.out.xlsx#").write_text("lock")
    with pytest.raises(WriteError) as info:
        write_annotated(faulty, report, out, now=NOW)
    assert info.value.code == "berkas-sedang-dibuka"
    assert out.read_bytes() == b"earlier"


def test_an_unreadable_file_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(WriteError) as info:
        write_annotated(bad, Report(file=str(bad)), tmp_path / "out.xlsx", now=NOW)
    assert info.value.code == "gagal-menulis"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rusak.xlsx"]


def _add_chart(book: openpyxl.Workbook) -> None:
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.add_data(Reference(book[layout.SHEET_REALISASI], min_col=5, min_row=4, max_row=10))
    book["SK-PPK"].add_chart(chart, "O2")


def test_a_lossy_copy_is_written_and_says_what_it_lacks(tmp_path: Path) -> None:
    book = build_workbook(tmp_path / "iki.xlsx", cells=FAULTS, hook=_add_chart)
    before = digest(book)
    result = write_annotated(book, check_workbook(book), tmp_path / "out.xlsx", now=NOW)
    assert digest(book) == before
    assert any("bagan" in loss for loss in result.losses), result.losses
    ws = openpyxl.load_workbook(result.path)[SHEET]
    alert = next(ws.cell(r, 1).value for r in range(1, 12)
                 if str(ws.cell(r, 1).value or "").startswith("Perhatian"))
    assert "bagan" in alert and "Berkas asli tidak diubah" in alert

    code, stdout, stderr = run("check", str(book), "--annotate", str(tmp_path / "out2.xlsx"))
    assert code == 1
    assert "Perhatian: salinan bertanda" in stderr and "bagan" in stderr
    assert (tmp_path / "out2.xlsx").exists() and digest(book) == before


def _with_macros(path: Path, vba: bytes) -> Path:
    """``path`` (an .xlsx) repackaged as an .xlsm holding the VBA project ``vba``."""
    target = path.with_suffix(".xlsm")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"TEMP").replace(
                    b"application/vnd.openxmlformats-officedocument.TEMP",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
                          b'vbaProject"/><Default ', 1)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                vba_rel = (b'<Relationship Id="rIdVba" Target="vbaProject.bin" Type="http://schemas.'
                           b'microsoft.com/office/2006/relationships/vbaProject"/>')
                data = data.replace(b"</Relationships>", vba_rel + b"</Relationships>")
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", vba)
    path.unlink()
    return target


def test_an_xlsm_keeps_its_macros(tmp_path: Path) -> None:
    vba = b"\xd0\xcf\x11\xe0 fake vba project bytes"
    book = _with_macros(build_workbook(tmp_path / "iki.xlsx", cells=FAULTS), vba)
    report = check_workbook(book)
    with pytest.raises(WriteError):
        write_annotated(book, report, tmp_path / "out.xlsx", now=NOW)
    result = write_annotated(book, report, tmp_path / "out.xlsm", now=NOW)
    assert result.losses == ()
    with zipfile.ZipFile(result.path) as archive:
        assert archive.read("xl/vbaProject.bin") == vba
        assert b"macroEnabled" in archive.read("[Content_Types].xml")
    assert openpyxl.load_workbook(result.path, keep_vba=True)["SK-PPK"][NIP].comment is not None


# --------------------------------------------------------------------------- a real spreadsheet engine
def test_libreoffice_opens_the_copy_with_its_notes_and_links(
        faulty: Path, report: Report, tmp_path: Path) -> None:
    out = write_annotated(faulty, report, tmp_path / "ditandai.xlsx", now=NOW).path
    pdf = convert(out, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000

    # Saved again by LibreOffice, the notes, fills and internal links are still there: Calc read them.
    resaved = openpyxl.load_workbook(convert(out, "xlsx", tmp_path / "lo"))
    assert resaved.sheetnames[0] == SHEET
    assert set(comments(resaved)) == {("SK-PPK", NIP), ("SK-PPK", TARGET), ("SK-PPK", BLANK_TARGET)}
    assert fill_of(resaved["SK-PPK"][NIP]) == ERROR_FILL
    _, rows = table(resaved[SHEET])
    links = [r[4].hyperlink.location for r in rows if r[4].hyperlink is not None]
    assert sorted(links) == sorted(f"'SK-PPK'!{c}" for c in (NIP, TARGET, BLANK_TARGET))


# --------------------------------------------------------------------------- the command line
def test_cli_exit_codes_follow_the_check(faulty: Path, tmp_path: Path) -> None:
    before = digest(faulty)
    out = tmp_path / "out.xlsx"
    code, stdout, stderr = run("check", str(faulty), "--annotate", str(out))
    assert code == 1, stdout + stderr
    assert f"{out}: salinan bertanda ditulis (3 sel ditandai" in stdout
    assert out.exists() and digest(faulty) == before

    clean = build_workbook(tmp_path / "bersih.xlsx")
    clean_out = tmp_path / "bersih_out.xlsx"
    code, stdout, _ = run("check", str(clean), "--annotate", str(clean_out), "--lang", "en")
    assert code == 0
    assert "annotated copy written (0 cells marked" in stdout

    code, stdout, stderr = run("check", str(faulty), "--annotate", str(out), "--format", "json")
    assert code == 1
    assert json.loads(stdout)["summary"]["errors"] == 2  # stdout stays exactly the report
    assert "salinan bertanda ditulis" in stderr and "Salinan bertanda sebelumnya disimpan" in stderr


def test_cli_usage_errors_exit_2_and_write_nothing(faulty: Path, tmp_path: Path) -> None:
    other = build_workbook(tmp_path / "lain.xlsx")
    before = sorted(p.name for p in tmp_path.iterdir())
    cases = [
        (("check", str(faulty), "--annotate", str(faulty)), "tidak boleh sama dengan WORKBOOK"),
        (("check", str(faulty), "--annotate", str(tmp_path / "out.xlsm")), "harus berakhiran .xlsx"),
        (("check", str(faulty), str(other), "--annotate", str(tmp_path / "out.xlsx")), "satu buku kerja"),
        (("check", str(tmp_path), "--annotate", str(tmp_path / "out.xlsx")), "satu buku kerja"),
        (("check", "--list-codes", "--annotate", str(tmp_path / "out.xlsx")), "--list-codes"),
    ]
    for args, words in cases:
        code, _, stderr = run(*args)
        assert code == 2, args
        assert words in stderr, (args, stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_cli_unreadable_file_exits_1_without_a_copy(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.xlsx"
    shutil.copyfile(build_workbook(tmp_path / "iki.xlsx"), bad)
    bad.write_bytes(bad.read_bytes()[:300])  # truncated
    code, stdout, stderr = run("check", str(bad), "--annotate", str(tmp_path / "out.xlsx"))
    assert code == 1
    assert "berkas-rusak" in stdout or "berkas-tidak-terbaca" in stdout, stdout
    assert "Tidak ada salinan bertanda" in stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_a_hidden_row_with_a_problem_is_shown_in_the_copy(tmp_path: Path) -> None:
    from ikixl.check import check_workbook

    row = layout.INDIKATOR_HEADER_ROW + 2

    def hide(book: openpyxl.Workbook) -> None:
        book["SK-PPK"].row_dimensions[row].hidden = True

    source = build_workbook(tmp_path / "iki.xlsx", hook=hide)
    report = check_workbook(source)
    assert ("baris-tersembunyi", "SK-PPK", f"A{row}") in {(i.code, i.sheet, i.cell) for i in report.issues}
    before = source.read_bytes()
    out = write_annotated(source, report, tmp_path / "out.xlsx", now=NOW).path
    assert not openpyxl.load_workbook(out)["SK-PPK"].row_dimensions[row].hidden
    assert source.read_bytes() == before
    assert openpyxl.load_workbook(source)["SK-PPK"].row_dimensions[row].hidden
