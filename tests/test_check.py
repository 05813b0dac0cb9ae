"""check_workbook: a clean workbook passes; every planted fault is reported with its code,
severity, sheet and exact cell; several faults are all reported, in sheet/row/column order."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from workbook_factory import (
    build_workbook,
    col_of,
    default_jabatan,
    indikator_cell,
    realisasi_cell,
    realisasi_row,
    setting_cell,
)

import ikixl
from ikixl import layout
from ikixl.catalogue import CATALOGUE, issue_in_language, make_issue
from ikixl.check import check_workbook
from ikixl.errors import WorkbookError
from ikixl.reader import read_workbook
from ikixl.report import ERROR, WARNING
from ikixl.xlsx import read_cells


def _found(report):
    return {(i.code, i.severity, i.sheet, i.cell) for i in report.issues}


def _errors(report):
    return {(i.code, i.sheet, i.cell) for i in report.errors}


# --------------------------------------------------------------------------- clean
def test_clean_workbook_has_no_issue_at_all(tmp_path):
    path = build_workbook(tmp_path / "iki.xlsx")
    report = check_workbook(path)
    assert report.issues == []
    assert report.ok
    assert (report.jabatan, report.indikator) == (3, 6)
    assert report.file == str(path)
    assert report.summary == {"jabatan": 3, "indikator": 6, "errors": 0, "warnings": 0}


def test_check_accepts_a_read_workbook_and_a_str(tmp_path):
    path = build_workbook(tmp_path / "iki.xlsx", cells={("SK-PPK", "B9"): 196807061994031013})
    from_model = check_workbook(read_workbook(path))
    from_str = check_workbook(str(path))
    assert from_model.issues == from_str.issues
    assert [i.code for i in from_str.issues] == ["nip-bukan-teks"]


def test_unreadable_file_propagates_workbook_error(tmp_path):
    path = tmp_path / "bukan.xlsx"
    path.write_text("ini bukan excel")
    with pytest.raises(WorkbookError):
        check_workbook(path)


# --------------------------------------------------------------------------- planted faults
R = layout.SHEET_REALISASI


def _rc(kode, month, key):
    return realisasi_cell(kode, month, key)


def _delete_realisasi_row(kode, month):
    def hook(book):
        book[R].delete_rows(realisasi_row(kode, month))

    return hook


def _rename_sheet(old, new):
    def hook(book):
        book[old].title = new

    return hook


def _percent_cell(address, value):
    def hook(book):
        book[R][address] = value
        book[R][address].number_format = "0%"

    return hook


def _hooks(*hooks):
    def hook(book):
        for each in hooks:
            each(book)

    return hook


def _edit_sheet_xml(sheet, edit):
    """A hook whose after-save step rewrites the part of ``sheet`` with ``edit(xml) -> xml``."""

    def post(path):
        part = read_cells(path)[sheet].part
        rewritten = path.with_suffix(".tmp")
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item)
                if item.filename == part:
                    new = edit(data.decode("utf-8")).encode("utf-8")
                    assert new != data, "the edit changed nothing"
                    data = new
                dst.writestr(item, data)
        rewritten.replace(path)

    return lambda book: post


def _cached_formula(sheet, address, formula, cached, *, text=False):
    """A formula with a cached value, as Excel saves it (openpyxl writes none):
    the cell ``address`` is replaced by ``<c><f>formula</f><v>cached</v></c>``."""
    kind = ' t="str"' if text else ""
    cell = f'<c r="{address}"{kind}><f>{formula}</f><v>{cached}</v></c>'
    pattern = re.compile(rf'<c r="{address}"(?:[^>]*/>|[^>]*>.*?</c>)', re.DOTALL)
    return _edit_sheet_xml(sheet, lambda xml: pattern.sub(cell, xml, count=1))


X14_VALIDATION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list"><x14:formula1><xm:f>Pengaturan!$G$4:$G$15</xm:f></x14:formula1>'
    "<xm:sqref>C4:C75</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
)


def _hide_rows(sheet, *rows):
    def hook(book):
        for row in rows:
            book[sheet].row_dimensions[row].hidden = True

    return hook


def _sheet_state(sheet, state):
    def hook(book):
        book[sheet].sheet_state = state

    return hook


def _notes_sheet(name, state="visible"):
    def hook(book):
        ws = book.create_sheet(name)
        ws["A1"] = "Catatan rapat evaluasi"
        ws["B3"] = 12
        ws.sheet_state = state

    return hook


# Each case: cells to plant (or a hook), settings, the issue that must be found, and every error expected.
def _only_sek1_reports_december(book):
    """Every indicator but SEK.1 leaves December blank."""
    for kode in ("KADIS.1", "KADIS.2", "SEK.2", "SK-PPK.1", "SK-PPK.2"):
        for key in ("realisasi", "penyebut"):
            book[R][_rc(kode, 12, key)] = None


def _computed_then(cells):
    """A hook whose after-save step computes the workbook (write-back into a copy), then sets ``cells``
    ``{(sheet, address): value}`` in that copy with openpyxl and saves it over the built file."""

    def post(path):
        import openpyxl

        from ikixl.compute import compute
        from ikixl.writeback import write_computed

        computed = path.with_name(path.stem + "-dihitung.xlsx")
        write_computed(path, compute(read_workbook(path)), computed)
        book = openpyxl.load_workbook(computed)
        for (sheet, address), value in cells.items():
            book[sheet][address] = value
        book.save(path)
        computed.unlink()

    return lambda book: post


#: The header cell of Capaian Tahunan (%).
_TAHUNAN_HEADER = layout.cell_ref(
    layout.REALISASI_HEADER_ROW, col_of(layout.REALISASI_COLUMNS, "capaian_tahunan_pct")
)

CASES = {
    "capaian-stale": dict(
        # SEK.1 Februari edited after compute: Februari to Desember are stale, said once at Februari
        hook=_computed_then({(R, _rc("SEK.1", 2, "realisasi")): 3}),
        issue=("capaian-usang", WARNING, R, _rc("SEK.1", 2, "capaian_bulan_pct")),
        errors=set(),
    ),
    "computed-header-deleted": dict(
        # After compute, the header Capaian Tahunan (%) is deleted: the next compute would append it
        hook=_computed_then({(R, _TAHUNAN_HEADER): None}),
        issue=("kolom-hitung-tidak-ada", WARNING, R, None),
        errors=set(),
    ),
    "capaian-typed-over": dict(
        # A clerk types 95 over the computed Capaian Bulan Ini of SEK.1 Maret (100): that row, once
        hook=_computed_then({(R, _rc("SEK.1", 3, "capaian_bulan_pct")): 95}),
        issue=("capaian-diubah", WARNING, R, _rc("SEK.1", 3, "capaian_bulan_pct")),
        errors=set(),
    ),
    "nip-number": dict(
        cells={("SK-PPK", "B9"): 196807061994031013}, issue=("nip-bukan-teks", ERROR, "SK-PPK", "B9")
    ),
    "nip-17-digits": dict(
        cells={("SEK", "B9"): "19750312 200003 2 00"}, issue=("nip-tidak-valid", ERROR, "SEK", "B9")
    ),
    "nip-letter-o": dict(
        cells={("SEK", "B9"): "197503I2 200003 2 004"}, issue=("nip-tidak-valid", ERROR, "SEK", "B9")
    ),
    "nip-bad-date": dict(
        cells={("KADIS", "B9"): "19681306 199403 1 013"},
        issue=("nip-tanggal-tidak-valid", WARNING, "KADIS", "B9"),
        errors=set(),
    ),
    "target-words": dict(
        cells={("SK-PPK", "H16"): "sepuluh"}, issue=("target-tidak-valid", ERROR, "SK-PPK", "H16")
    ),
    "realisasi-words": dict(
        cells={(R, _rc("SEK.1", 2, "realisasi")): "satu"}, issue=("angka-tidak-valid", ERROR, R, "E29")
    ),
    "realisasi-dash": dict(
        # "-" is nil in Indonesian tables: read as 0, and said so
        cells={(R, _rc("SEK.1", 2, "realisasi")): "-"}, issue=("strip-dibaca-nol", WARNING, R, "E29"),
        errors=set(),
    ),
    "bobot-words": dict(
        cells={("SEK", indikator_cell(1, "bobot")): "satu"}, issue=("angka-tidak-valid", ERROR, "SEK", "K17")
    ),
    "bulan-pelaporan-blank": dict(
        settings={"bulan_pelaporan": None},
        issue=("bulan-pelaporan-kosong", WARNING, "Pengaturan", setting_cell("bulan_pelaporan")),
        errors=set(),
    ),
    "realisasi-negative": dict(
        cells={(R, _rc("SEK.1", 2, "realisasi")): -5},
        issue=("realisasi-negatif", ERROR, R, _rc("SEK.1", 2, "realisasi")),
    ),
    "realisasi-blank-up-to-reporting-month": dict(
        cells={(R, _rc("SK-PPK.2", 5, "realisasi")): None, (R, _rc("SK-PPK.2", 7, "realisasi")): None},
        issue=("realisasi-belum-diisi", WARNING, R, _rc("SK-PPK.2", 5, "realisasi")),
        errors=set(),
    ),
    "realisasi-after-reporting-month": dict(
        settings={"bulan_pelaporan": "November"},
        hook=_only_sek1_reports_december,
        issue=("realisasi-setelah-bulan-pelaporan", WARNING, R, _rc("SEK.1", 12, "realisasi")),
        errors=set(),
    ),
    "bulan-unknown": dict(
        cells={(R, _rc("SEK.1", 3, "bulan")): "Maretan"},
        issue=("bulan-tidak-valid", ERROR, R, "C30"),
        also={("realisasi-bulan-kurang", WARNING, R, "A28")},
    ),
    "jenis-unknown": dict(
        cells={("SEK", indikator_cell(0, "jenis")): "Jumlahan"},
        issue=("pilihan-tidak-valid", ERROR, "SEK", "F16"),
    ),
    "arah-unknown": dict(
        cells={("SK-PPK", indikator_cell(0, "arah")): "menurun"},
        issue=("pilihan-tidak-valid", ERROR, "SK-PPK", "I16"),
    ),
    "indikator-blank": dict(
        cells={("SEK", indikator_cell(1, "indikator_kinerja")): " "},
        issue=("isian-wajib-kosong", ERROR, "SEK", "D17"),
    ),
    "kode-jabatan-blank": dict(
        cells={("SK-PPK", "B4"): None}, issue=("isian-wajib-kosong", ERROR, "SK-PPK", "B4")
    ),
    "kode-indikator-duplicate": dict(
        cells={("SK-PPK", indikator_cell(1, "kode_indikator")): "SEK.1"},
        issue=("kode-indikator-ganda", ERROR, "SK-PPK", "B17"),
        also={("kode-indikator-ganda", ERROR, "SEK", "B16")}
        | {
            ("realisasi-indikator-tidak-dikenal", ERROR, R, _rc("SK-PPK.2", m, "kode_indikator"))
            for m in range(1, 13)
        },
    ),
    "pengaturan-renamed": dict(
        # The Pengaturan sheet renamed: read by its header row, told once (it used to be read as a
        # jabatan form, with four errors and four warnings, and its settings lost)
        hook=_rename_sheet(layout.SHEET_PENGATURAN, "Setelan"),
        issue=("pengaturan-bernama-lain", WARNING, "Setelan", None),
        errors=set(),
    ),
    "sheet-name-differs": dict(
        hook=_rename_sheet("SEK", "Sekretariat"),
        issue=("nama-sheet-beda-kode", WARNING, "Sekretariat", "B4"),
        errors=set(),
    ),
    "atasan-unknown": dict(
        cells={("SK-PPK", "B7"): "SEKRETARIS"},
        issue=("atasan-tidak-dikenal", ERROR, "SK-PPK", "B7"),
        also={
            ("indikator-atasan-salah-jabatan", ERROR, "SK-PPK", "L16"),
            ("indikator-atasan-salah-jabatan", ERROR, "SK-PPK", "L17"),
        },
    ),
    "atasan-cycle": dict(
        cells={("KADIS", "B7"): "SK-PPK"},
        issue=("atasan-siklus", ERROR, "KADIS", "B7"),
        also={("atasan-siklus", ERROR, "SEK", "B7"), ("atasan-siklus", ERROR, "SK-PPK", "B7")},
    ),
    "atasan-self": dict(cells={("KADIS", "B7"): "KADIS"}, issue=("atasan-siklus", ERROR, "KADIS", "B7")),
    "indikator-atasan-unknown": dict(
        cells={("SEK", indikator_cell(0, "indikator_atasan")): "KADIS.9"},
        issue=("indikator-atasan-tidak-dikenal", ERROR, "SEK", "L16"),
        also={("indikator-atasan-tidak-didukung", WARNING, "KADIS", "B16")},  # KADIS.1 lost its support
    ),
    "indikator-atasan-not-atasan": dict(
        cells={("SK-PPK", indikator_cell(0, "indikator_atasan")): "KADIS.1"},
        issue=("indikator-atasan-salah-jabatan", ERROR, "SK-PPK", "L16"),
        also={("indikator-atasan-tidak-didukung", WARNING, "SEK", "B16")},  # SEK.1 lost its support
    ),
    "indikator-atasan-without-atasan": dict(
        cells={("KADIS", indikator_cell(0, "indikator_atasan")): "SEK.1"},
        issue=("indikator-atasan-salah-jabatan", ERROR, "KADIS", "L16"),
    ),
    "realisasi-unknown-indicator": dict(
        cells={(R, _rc("SEK.1", 5, "kode_indikator")): "SEK.9"},
        issue=("realisasi-indikator-tidak-dikenal", ERROR, R, "A32"),
        also={("realisasi-bulan-kurang", WARNING, R, "A28")},
    ),
    "realisasi-duplicate": dict(
        cells={(R, _rc("SEK.1", 2, "bulan")): "Januari"},
        issue=("realisasi-ganda", ERROR, R, "C29"),
        also={("realisasi-bulan-kurang", WARNING, R, "A28")},
    ),
    "realisasi-month-missing": dict(
        hook=_delete_realisasi_row("SK-PPK.2", 7),
        issue=("realisasi-bulan-kurang", WARNING, R, "A64"),
        errors=set(),
    ),
    "penyebut-mixed": dict(
        cells={(R, _rc("KADIS.1", 3, "penyebut")): None}, issue=("penyebut-campur", ERROR, R, "F6")
    ),
    "persentase-kumulatif-without-penyebut": dict(
        cells={("SEK", indikator_cell(1, "agregasi")): "kumulatif"},
        issue=("persentase-kumulatif-tanpa-penyebut", ERROR, "SEK", "J17"),
        also={("target-bulan-kosong", WARNING, R, _rc("SEK.2", 1, "target_bulan"))},
    ),
    "penyebut-zero": dict(
        cells={(R, _rc("KADIS.1", 4, "penyebut")): 0}, issue=("penyebut-nol", ERROR, R, "F7")
    ),
    "penyebut-on-jumlah": dict(
        cells={(R, _rc("SEK.1", 6, "penyebut")): 5},
        issue=("penyebut-bukan-persentase", WARNING, R, "F33"),
        errors=set(),
    ),
    "target-missing": dict(
        cells={("SEK", indikator_cell(0, "target")): None},
        issue=("target-kosong", WARNING, "SEK", "H16"),
        errors=set(),
    ),
    "target-zero": dict(
        cells={("SEK", indikator_cell(0, "target")): 0},
        issue=("target-nol", WARNING, "SEK", "H16"),
        errors=set(),
    ),
    "percent-as-fraction": dict(  # 0.85 for 85 % against a Target of 80-90 (percent points)
        cells={(R, _rc("SEK.2", 2, "realisasi")): 0.85},
        issue=("persen-sebagai-pecahan", WARNING, R, _rc("SEK.2", 2, "realisasi")),
        errors=set(),
    ),
    "target-as-fraction": dict(  # 0.9 typed for 90 % against realisations of 85 %
        cells={("SEK", indikator_cell(1, "target")): 0.9},
        issue=("target-sebagai-pecahan", WARNING, "SEK", indikator_cell(1, "target")),
        errors=set(),
    ),
    "target-negative": dict(  # a count's target below 0: capaian against it means nothing
        cells={("SEK", indikator_cell(0, "target")): -100},
        issue=("target-negatif", ERROR, "SEK", "H16"),
    ),
    "target-bulan-negative": dict(
        cells={(R, _rc("SEK.1", 2, "target_bulan")): -5},
        issue=("target-negatif", ERROR, R, _rc("SEK.1", 2, "target_bulan")),
    ),
    "bobot-negative": dict(
        cells={("SEK", indikator_cell(0, "bobot")): -1},
        issue=("bobot-negatif", WARNING, "SEK", indikator_cell(0, "bobot")),
        errors=set(),
    ),
    "bobot-partly-filled": dict(
        cells={("SEK", indikator_cell(1, "bobot")): None},
        issue=("bobot-tidak-lengkap", WARNING, "SEK", indikator_cell(1, "bobot")),
        errors=set(),
    ),
    "bobot-all-zero": dict(
        cells={("SEK", indikator_cell(0, "bobot")): 0, ("SEK", indikator_cell(1, "bobot")): 0},
        issue=("bobot-jumlah-nol", WARNING, "SEK", indikator_cell(0, "bobot")),
        errors=set(),
    ),
    "predikat-bound-twice": dict(
        # the default table: 91 Sangat Tinggi, 76 Tinggi, 66 Sedang…; Sedang's bound made Tinggi's
        cells={("Pengaturan", f"A{layout.PREDIKAT_HEADER_ROW + 3}"): 76},
        issue=("batas-predikat-ganda", WARNING, "Pengaturan", f"A{layout.PREDIKAT_HEADER_ROW + 3}"),
        errors=set(),
    ),
    "kumulatif-without-target-bulan": dict(
        cells={(R, _rc("SK-PPK.2", m, "target_bulan")): None for m in range(1, 13)},
        issue=("target-bulan-kosong", WARNING, R, "D64"),
        errors=set(),
    ),
    "letter-target-on-jumlah": dict(
        cells={("SEK", indikator_cell(0, "target")): "BB"},
        issue=("nilai-huruf-bukan-jenis-nilai", ERROR, "SEK", "H16"),
    ),
    "letter-realisasi-on-jumlah": dict(
        cells={(R, _rc("SEK.1", 1, "realisasi")): "A"},
        issue=("nilai-huruf-bukan-jenis-nilai", ERROR, R, "E28"),
    ),
    "letters-switched-off": dict(
        settings={"nilai_huruf_sakip": "Tidak"},
        issue=("nilai-huruf-tidak-aktif", ERROR, "KADIS", "H17"),
        also={("nilai-huruf-tidak-aktif", ERROR, R, _rc("KADIS.2", 12, "realisasi"))},
    ),
    "text-number": dict(
        cells={(R, _rc("SEK.2", 3, "realisasi")): "85,5"},
        issue=("angka-teks-dibaca", WARNING, R, "E42"),
        errors=set(),
    ),
    "ambiguous-number": dict(
        cells={(R, _rc("KADIS.1", 2, "realisasi")): "1,234"}, issue=("angka-ambigu", ERROR, R, "E5")
    ),
    "percent-format": dict(
        hook=_percent_cell(_rc("SEK.2", 1, "realisasi"), 0.85),
        issue=("persen-format-dibaca", WARNING, R, "E40"),
        errors=set(),
    ),
    "percent-typed-into-percent-cell": dict(  # 85 typed, then formatted 0%: shows 8500 %
        hook=_percent_cell(_rc("SEK.2", 1, "realisasi"), 85),
        issue=("persen-tidak-wajar", ERROR, R, _rc("SEK.2", 1, "realisasi")),
    ),
    "percent-ambiguous-above-100": dict(  # 1.2 in a 0% cell shows 120 %: 120 % or 1.2 %?
        cells={("SEK", indikator_cell(1, "target")): 100},
        hook=_percent_cell(_rc("SEK.2", 2, "realisasi"), 1.2),
        issue=("persen-ambigu", WARNING, R, _rc("SEK.2", 2, "realisasi")),
        errors=set(),
    ),
    "percent-on-a-count": dict(  # a Jumlah of 2 reports formatted 0% afterwards: shows 200 %
        hook=_percent_cell(_rc("SEK.1", 2, "realisasi"), 2),
        issue=("persen-bukan-persentase", ERROR, R, _rc("SEK.1", 2, "realisasi")),
    ),
    "formula-with-cached-value": dict(
        hook=_cached_formula(R, _rc("SEK.1", 2, "realisasi"), "SUM(0,1)", 1),
        issue=("rumus-di-sel-isian", WARNING, R, _rc("SEK.1", 2, "realisasi")),
        errors=set(),
    ),
    "formula-with-cached-text-in-nip": dict(
        hook=_cached_formula("SEK", "B9", '"19750312 200003 2 004"', "19750312 200003 2 004", text=True),
        issue=("rumus-di-sel-isian", WARNING, "SEK", "B9"),
        errors=set(),
    ),
    "formula-with-misleading-cached-zero": dict(
        hook=_cached_formula("SK-PPK", indikator_cell(1, "target"), "Pengaturan!Z99", 0),
        issue=("rumus-di-sel-isian", WARNING, "SK-PPK", indikator_cell(1, "target")),
        also={("target-nol", WARNING, "SK-PPK", indikator_cell(1, "target"))},
        errors=set(),
    ),
    "formula-never-calculated": dict(  # written by a script, never opened in Excel (B05)
        cells={(R, _rc("SEK.1", 3, "target_bulan")): "=1+1"},
        issue=("rumus-belum-dihitung", ERROR, R, _rc("SEK.1", 3, "target_bulan")),
    ),
    "formula-never-calculated-in-bobot": dict(
        cells={("SEK", indikator_cell(0, "bobot")): "=SUM(K17:K18)/2"},
        issue=("rumus-belum-dihitung", ERROR, "SEK", indikator_cell(0, "bobot")),
    ),
    "sheet-hidden": dict(
        hook=_sheet_state("SEK", "hidden"), issue=("sheet-tersembunyi", WARNING, "SEK", None), errors=set()
    ),
    "sheet-very-hidden-with-notes": dict(
        hook=_notes_sheet("Daftar", "veryHidden"),
        issue=("sheet-tersembunyi", WARNING, "Daftar", None),
        also={("sheet-tidak-dikenal", WARNING, "Daftar", None)},
        errors=set(),
    ),
    "sheet-unknown": dict(
        hook=_notes_sheet("Sheet1"), issue=("sheet-tidak-dikenal", WARNING, "Sheet1", None), errors=set()
    ),
    "row-hidden-in-realisasi": dict(
        hook=_hide_rows(R, realisasi_row("SEK.1", 2)),
        issue=("baris-tersembunyi", WARNING, R, f"A{realisasi_row('SEK.1', 2)}"),
        errors=set(),
    ),
    "row-hidden-in-indicator-table": dict(
        hook=_hide_rows("SK-PPK", layout.INDIKATOR_HEADER_ROW + 2),
        issue=("baris-tersembunyi", WARNING, "SK-PPK", f"A{layout.INDIKATOR_HEADER_ROW + 2}"),
        errors=set(),
    ),
    "column-hidden-with-input": dict(
        hook=lambda book: setattr(book[R].column_dimensions["F"], "hidden", True),
        issue=("kolom-tersembunyi", WARNING, R, _rc("KADIS.1", 1, "penyebut")),
        errors=set(),
    ),
    "realisasi-above-penyebut": dict(
        cells={(R, _rc("KADIS.1", 2, "realisasi")): 60},
        issue=("realisasi-melebihi-penyebut", WARNING, R, _rc("KADIS.1", 2, "realisasi")),
        errors=set(),
    ),
    "excel-2010-extension": dict(
        hook=_edit_sheet_xml(R, lambda xml: xml.replace("</worksheet>", X14_VALIDATION + "</worksheet>")),
        issue=("fitur-excel-2010", WARNING, R, None),
        errors=set(),
    ),
    "code-as-number": dict(
        cells={(R, _rc("SEK.1", 1, "kode_indikator")): 101},
        issue=("kode-angka-dibaca", WARNING, R, "A28"),
        also={
            ("realisasi-indikator-tidak-dikenal", ERROR, R, "A28"),
            ("realisasi-bulan-kurang", WARNING, R, "A29"),
        },
    ),
    "indicator-name-differs": dict(
        cells={(R, _rc("SK-PPK.1", 4, "indikator_kinerja")): "Jumlah berkas"},
        issue=("nama-indikator-beda", WARNING, R, "B55"),
        errors=set(),
    ),
    "versi-format": dict(
        settings={"versi_format": 2}, issue=("versi-format-tidak-dikenal", ERROR, "Pengaturan", "B4")
    ),
    "setting-invalid": dict(
        settings={"bulan_pelaporan": "Maretan"},
        issue=("pengaturan-tidak-valid", ERROR, "Pengaturan", setting_cell("bulan_pelaporan")),
    ),
    "setting-yesno-invalid": dict(
        settings={"capaian_minimal_nol": "mungkin"},
        issue=("pengaturan-tidak-valid", ERROR, "Pengaturan", "B10"),
    ),
    "predikat-colour": dict(
        cells={("Pengaturan", f"C{layout.PREDIKAT_HEADER_ROW + 2}"): "hijau"},
        issue=("warna-tidak-valid", WARNING, "Pengaturan", f"C{layout.PREDIKAT_HEADER_ROW + 2}"),
        errors=set(),
    ),
    "predikat-bound-words": dict(
        cells={("Pengaturan", f"A{layout.PREDIKAT_HEADER_ROW + 3}"): "enam puluh enam"},
        issue=("angka-tidak-valid", ERROR, "Pengaturan", f"A{layout.PREDIKAT_HEADER_ROW + 3}"),
    ),
    "atasan-indicator-unsupported": dict(
        cells={("SK-PPK", indikator_cell(1, "indikator_atasan")): "SEK.1"},
        issue=("indikator-atasan-tidak-didukung", WARNING, "SEK", indikator_cell(1, "kode_indikator")),
        errors=set(),
    ),
    "indicator-supports-nothing": dict(
        cells={("SK-PPK", indikator_cell(1, "indikator_atasan")): None},
        issue=("indikator-tidak-mendukung", WARNING, "SK-PPK", indikator_cell(1, "indikator_atasan")),
        also={("indikator-atasan-tidak-didukung", WARNING, "SEK", "B17")},  # SEK.2 was SK-PPK.2's
        errors=set(),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_planted_fault_is_reported_at_its_cell(tmp_path, name):
    case = CASES[name]
    path = build_workbook(
        tmp_path / f"{name}.xlsx",
        cells=case.get("cells"),
        hook=case.get("hook"),
        settings=case.get("settings"),
    )
    report = check_workbook(path)
    found = _found(report)
    expected = {case["issue"], *case.get("also", set())}
    assert expected <= found, report.issues
    # nothing else is an error, and no unexpected warning either
    assert found == expected, sorted(found - expected)
    if "errors" in case:
        assert _errors(report) == case["errors"]
    code = case["issue"][0]
    [issue] = [i for i in report.issues if (i.code, i.severity, i.sheet, i.cell) == case["issue"]]
    assert issue.message and "{" not in issue.message
    assert issue.severity == CATALOGUE[code].severity


def test_nip_number_and_target_words_are_both_reported(tmp_path):
    path = build_workbook(
        tmp_path / "iki.xlsx", cells={("SK-PPK", "B9"): 196807061994031013, ("SK-PPK", "H16"): "sepuluh"}
    )
    report = check_workbook(path)
    assert [(i.code, i.severity, i.sheet, i.cell) for i in report.issues] == [
        ("nip-bukan-teks", ERROR, "SK-PPK", "B9"),
        ("target-tidak-valid", ERROR, "SK-PPK", "H16"),
    ]
    nip, target = report.issues
    assert "teks" in nip.message and "'" in nip.message
    assert target.value == "sepuluh"
    assert nip.location == "'SK-PPK'!B9"
    assert not report.ok


def test_many_faults_are_all_reported_in_sheet_row_column_order(tmp_path):
    cells = {
        (R, _rc("SEK.1", 2, "realisasi")): "satu",  # Realisasi E29
        ("SEK", indikator_cell(0, "jenis")): "Jumlahan",  # SEK F16
        ("SEK", "B9"): 197503122000032004,  # SEK B9
        ("KADIS", indikator_cell(1, "target")): "sangat baik",  # KADIS H17
        (R, _rc("KADIS.1", 4, "penyebut")): 0,  # Realisasi F7
        ("Pengaturan", setting_cell("tahun")): "dua ribu",  # Pengaturan B6
        ("SK-PPK", indikator_cell(0, "indikator_atasan")): "KADIS.1",  # SK-PPK L16
    }
    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", cells=cells))
    assert [(i.sheet, i.cell, i.code) for i in report.issues] == [
        ("Pengaturan", "B6", "pengaturan-tidak-valid"),
        ("KADIS", "H17", "target-tidak-valid"),
        ("SEK", "B9", "nip-bukan-teks"),
        ("SEK", "B16", "indikator-atasan-tidak-didukung"),  # SK-PPK.1 no longer supports SEK.1
        ("SEK", "F16", "pilihan-tidak-valid"),
        ("SK-PPK", "L16", "indikator-atasan-salah-jabatan"),
        ("Realisasi", "F7", "penyebut-nol"),
        ("Realisasi", "E29", "angka-tidak-valid"),
    ]
    assert report.summary["errors"] == 7


def test_duplicate_kode_jabatan_is_reported_on_both_sheets(tmp_path):
    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", cells={("SK-PPK", "B4"): "SEK"}))
    dupes = [i for i in report.issues if i.code == "kode-jabatan-ganda"]
    assert [(i.sheet, i.cell) for i in dupes] == [("SEK", "B4"), ("SK-PPK", "B4")]
    assert "'SK-PPK'!B4" in dupes[0].message and "'SEK'!B4" in dupes[1].message
    assert all(i.severity == ERROR for i in dupes)


# --------------------------------------------------------------------------- structure
def _delete_sheet(name):
    def hook(book):
        del book[name]

    return hook


@pytest.mark.parametrize("sheet", [layout.SHEET_PENGATURAN, layout.SHEET_REALISASI])
def test_missing_required_sheet_is_an_error(tmp_path, sheet):
    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=_delete_sheet(sheet)))
    [issue] = [i for i in report.issues if i.code == "sheet-wajib-tidak-ada"]
    assert (issue.severity, issue.sheet, issue.cell) == (ERROR, None, None)
    assert f"'{sheet}'" in issue.message
    assert _errors(report) == {("sheet-wajib-tidak-ada", None, None)}
    assert report.issues[0] is issue  # whole-file issues first


_MONTH_WINDOW = {"realisasi-belum-diisi", "realisasi-setelah-bulan-pelaporan"}


@pytest.mark.parametrize("case", ["no-pengaturan-sheet", "blank-bulan-pelaporan"])
def test_month_window_is_not_judged_from_the_default_month(tmp_path, case):
    # Months filled after January would all be "late" against the default month: without a
    # Bulan Pelaporan actually written, no month-window warning is produced at all.
    if case == "no-pengaturan-sheet":
        path = build_workbook(tmp_path / "iki.xlsx", hook=_delete_sheet(layout.SHEET_PENGATURAN))
    else:
        path = build_workbook(tmp_path / "iki.xlsx", settings={"bulan_pelaporan": None})
    report = check_workbook(path)
    assert not [i for i in report.issues if i.code in _MONTH_WINDOW]
    if case != "no-pengaturan-sheet":  # the blank setting itself is said, at its cell
        assert [(i.code, i.severity, i.sheet, i.cell) for i in report.issues] == [
            ("bulan-pelaporan-kosong", WARNING, "Pengaturan", setting_cell("bulan_pelaporan"))]
    if case == "no-pengaturan-sheet":
        assert [(i.code, i.severity) for i in report.issues] == [("sheet-wajib-tidak-ada", ERROR)]
    # the same workbook with Bulan Pelaporan written still gets the warnings
    written = build_workbook(tmp_path / "written.xlsx", settings={"bulan_pelaporan": "Januari"})
    assert {i.code for i in check_workbook(written).issues} == {"realisasi-setelah-bulan-pelaporan"}


def test_no_jabatan_sheet_is_an_error(tmp_path):
    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", jabatan=[]))
    assert _errors(report) == {("sheet-jabatan-tidak-ada", None, None)}
    assert (report.jabatan, report.indikator) == (0, 0)


def test_missing_required_column_is_named_once(tmp_path):
    def hook(book):
        book["SEK"].cell(layout.INDIKATOR_HEADER_ROW, col_of(layout.INDIKATOR_COLUMNS, "jenis")).value = None

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert [(i.code, i.severity, i.sheet, i.cell) for i in report.issues] == [
        ("kolom-wajib-tidak-ada", ERROR, "SEK", None)
    ]
    assert "'Jenis'" in report.issues[0].message


def test_a_missing_realisasi_column_is_one_error_not_a_blank_month_per_indicator(tmp_path):
    """Without the Realisasi column every month reads as blank: the missing column is the one
    finding, not a realisasi-belum-diisi (or -setelah-bulan-pelaporan) for every indicator."""
    def hook(book):
        ws = book[R]
        ws.cell(layout.REALISASI_HEADER_ROW, col_of(layout.REALISASI_COLUMNS, "realisasi")).value = None

    month_codes = {"realisasi-belum-diisi", "realisasi-setelah-bulan-pelaporan"}
    march = {"bulan_pelaporan": "Maret"}  # (the factory fills all twelve months: nine are late)
    with_column = check_workbook(build_workbook(tmp_path / "with.xlsx", settings=march))
    assert "realisasi-setelah-bulan-pelaporan" in {i.code for i in with_column.issues}
    for name, settings in (("december.xlsx", None), ("march.xlsx", march)):
        report = check_workbook(build_workbook(tmp_path / name, settings=settings, hook=hook))
        codes = [i.code for i in report.issues]
        assert codes.count("kolom-wajib-tidak-ada") == 1, name
        assert not month_codes & set(codes), name


def test_a_renamed_pengaturan_keeps_its_settings(tmp_path):
    """Its settings are the workbook's (Bulan Pelaporan Maret here, not the default), and a sheet
    that merely resembles it is not taken when one is named Pengaturan."""
    from ikixl.reader import read_workbook

    renamed = build_workbook(tmp_path / "renamed.xlsx", settings={"bulan_pelaporan": "Maret"},
                             hook=_rename_sheet(layout.SHEET_PENGATURAN, "Setelan"))
    wb = read_workbook(renamed)
    assert wb.pengaturan_sheet() == "Setelan" and "Setelan" not in wb.jabatan_sheets
    assert wb.setting("bulan_pelaporan") == 3  # (Maret, read as its number; the default is Januari, 1)

    def copy_too(book):  # a copy of Pengaturan beside it (a clerk's draft)
        book.copy_worksheet(book[layout.SHEET_PENGATURAN]).title = "Setelan lama"

    both = read_workbook(build_workbook(tmp_path / "both.xlsx", hook=copy_too))
    assert both.pengaturan_sheet() == layout.SHEET_PENGATURAN


@pytest.mark.parametrize(("settings", "expected"), [
    ({"versi_format": 2}, ("versi-format-tidak-dikenal", ERROR, "Setelan", setting_cell("versi_format"))),
    ({"bulan_pelaporan": None},
     ("bulan-pelaporan-kosong", WARNING, "Setelan", setting_cell("bulan_pelaporan"))),
], ids=["version", "blank-month"])
def test_a_renamed_pengaturan_is_checked_as_pengaturan(tmp_path, settings, expected):
    """Every check of the settings holds for a renamed Pengaturan: a format version ikixl does not
    know still refuses the workbook (renamed, it passed when the sheet was first read by its
    header)."""
    path = build_workbook(tmp_path / "iki.xlsx", settings=settings,
                          hook=_rename_sheet(layout.SHEET_PENGATURAN, "Setelan"))
    assert {expected, ("pengaturan-bernama-lain", WARNING, "Setelan", None)} <= _found(check_workbook(path))


def test_a_copy_of_pengaturan_is_no_jabatan_form(tmp_path):
    """A copy of Pengaturan beside it ("Pengaturan (2)", as Excel names a copied sheet) is a sheet
    ikixl does not read, said once: not a jabatan form with four errors and three indicators made
    from its list of Jenis."""
    def copy(book):
        book.copy_worksheet(book[layout.SHEET_PENGATURAN]).title = "Pengaturan (2)"

    clean = check_workbook(build_workbook(tmp_path / "clean.xlsx"))
    report = check_workbook(build_workbook(tmp_path / "copy.xlsx", hook=copy))
    assert (report.jabatan, report.indikator) == (clean.jabatan, clean.indikator)
    assert _found(report) == _found(clean) | {("sheet-tidak-dikenal", WARNING, "Pengaturan (2)", None)}


def test_a_missing_kode_indikator_column_in_realisasi_is_one_error(tmp_path):
    """Without Kode Indikator no Realisasi row is any indicator's: one missing-column error, not a
    month missing and a Target Bulan blank for every indicator."""
    def hook(book):
        column = col_of(layout.REALISASI_COLUMNS, "kode_indikator")
        book[R].cell(layout.REALISASI_HEADER_ROW, column).value = None

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    codes = [i.code for i in report.issues]
    assert codes.count("kolom-wajib-tidak-ada") == 1
    assert not {"realisasi-bulan-kurang", "target-bulan-kosong", "realisasi-belum-diisi"} & set(codes)


def test_missing_optional_column_is_a_warning(tmp_path):
    def hook(book):
        ws = book[R]
        ws.cell(layout.REALISASI_HEADER_ROW, col_of(layout.REALISASI_COLUMNS, "penyebut")).value = None

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert ("kolom-tidak-ada", WARNING, R, None) in _found(report)
    assert report.ok is False  # KADIS.1 is now kumulatif Persentase without Penyebut
    assert _errors(report) == {("persentase-kumulatif-tanpa-penyebut", "KADIS", "J16")}


def test_realisasi_header_not_found(tmp_path):
    def hook(book):
        for col in range(1, len(layout.REALISASI_COLUMNS) + 1):
            book[R].cell(layout.REALISASI_HEADER_ROW, col).value = None

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert [(i.code, i.sheet) for i in report.issues] == [("header-tidak-ditemukan", R)]


def test_missing_setting_label_uses_default_with_warning(tmp_path):
    def hook(book):
        book["Pengaturan"][f"A{layout.PENGATURAN_FIRST_ROW + 2}"].value = None  # "Tahun"

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert [(i.code, i.severity, i.sheet) for i in report.issues] == [
        ("pengaturan-tidak-ada", WARNING, "Pengaturan")
    ]
    assert "'Tahun'" in report.issues[0].message


def test_a_missing_month_setting_names_its_default_month(tmp_path):
    """The default of a month setting is told by its name, as bulan-pelaporan-kosong tells it."""
    row = layout.PENGATURAN_FIRST_ROW + [s.key for s in layout.SETTINGS].index("bulan_pelaporan")
    default = next(s.default for s in layout.SETTINGS if s.key == "bulan_pelaporan")

    def hook(book):
        book["Pengaturan"][f"A{row}"].value = None  # the label "Bulan Pelaporan"

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    [issue] = [i for i in report.issues if i.code == "pengaturan-tidak-ada"]
    assert f"({layout.BULAN[default - 1]})" in issue.message and f"({default})" not in issue.message


def test_jabatan_sheet_without_indicators_is_a_warning(tmp_path):
    jabatan = default_jabatan()
    jabatan.insert(0, {"kode_jabatan": "BUPATI", "nama_jabatan": "Bupati", "nip": None, "indikator": []})
    jabatan[1]["kode_atasan"] = "BUPATI"
    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", jabatan=jabatan))
    assert _found(report) == {("jabatan-tanpa-indikator", WARNING, "BUPATI", None)}
    assert report.jabatan == 4


def test_missing_kode_jabatan_label_is_an_error(tmp_path):
    def hook(book):
        book["SEK"]["A4"].value = None  # the "Kode Jabatan" label

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert _found(report) >= {("isian-jabatan-tidak-ada", ERROR, "SEK", None)}
    assert "'Kode Jabatan'" in next(i.message for i in report.issues if i.code == "isian-jabatan-tidak-ada")


def test_missing_predikat_table_falls_back_with_a_warning(tmp_path):
    def hook(book):
        book["Pengaturan"].delete_rows(layout.PREDIKAT_CAPTION_ROW, 2 + len(layout.PREDIKAT_DEFAULT))

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert _found(report) == {("predikat-tidak-ada", WARNING, "Pengaturan", None)}


def _add_parts(path, add, edits):
    """Rewrite a saved package: members ``add`` added, ``edits`` = {member: (old, new)} applied."""
    rewritten = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename in edits:
                old, new = edits[item.filename]
                assert old in data
                data = data.replace(old, new, 1)
            dst.writestr(item, data)
        for name, data in add.items():
            dst.writestr(name, data)
    rewritten.replace(path)


def test_a_macro_sheet_is_reported_as_ignored_and_a_chart_sheet_not_at_all(tmp_path):
    from openpyxl.chart import BarChart, Reference

    def chart_sheet(book):
        chart = BarChart()
        chart.add_data(Reference(book[R], min_col=5, min_row=4, max_row=10))
        book.create_chartsheet("Grafik").add_chart(chart)

    path = build_workbook(tmp_path / "iki.xlsx", hook=chart_sheet)
    macro = (b'<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1">'
             b'<c r="A1"><f>HALT()</f></c></row></sheetData></xm:macrosheet>')
    rel = (b'<Relationship Id="rIdM1" Type="http://schemas.microsoft.com/office/2006/relationships/'
           b'xlMacrosheet" Target="/xl/macrosheets/sheet1.xml" /></Relationships>')
    _add_parts(path, {"xl/macrosheets/sheet1.xml": macro}, {
        "xl/workbook.xml": (b"</sheets>", b'<sheet name="Makro1" sheetId="99" r:id="rIdM1" /></sheets>'),
        "xl/_rels/workbook.xml.rels": (b"</Relationships>", rel),
    })
    report = check_workbook(path)
    assert "Grafik" in read_workbook(path).sheet_names
    assert _found(report) == {("fitur-diabaikan", WARNING, "Makro1", None)}
    assert "makro Excel 4.0" in report.issues[0].message
    assert "Excel 4.0 macro sheet" in issue_in_language(report.issues[0], "en").message


def test_extension_warning_names_the_feature_and_says_compute_keeps_it(tmp_path):
    path = build_workbook(tmp_path / "iki.xlsx", hook=CASES["excel-2010-extension"]["hook"])
    [issue] = check_workbook(path, lang="en").issues
    assert "data validation" in issue.message and "compute keeps those features whole" in issue.message
    assert "--annotate" in issue.message  # the marked copy is an openpyxl rewrite that drops them


def test_formula_warning_names_the_formula_and_the_value_used(tmp_path):
    path = build_workbook(tmp_path / "iki.xlsx", hook=CASES["formula-with-misleading-cached-zero"]["hook"])
    formula = next(i for i in check_workbook(path).issues if i.code == "rumus-di-sel-isian")
    assert formula.value == "=Pengaturan!Z99"
    assert "'0'" in formula.message and "=Pengaturan!Z99" in formula.message


def test_a_formula_never_calculated_is_blank_and_blocks_compute(tmp_path):
    path = build_workbook(tmp_path / "iki.xlsx", cells={(R, _rc("SEK.1", 3, "target_bulan")): "=1+1"})
    wb = read_workbook(path)
    row = wb.realisasi[(wb.realisasi["kode_indikator"] == "SEK.1") & (wb.realisasi["bulan"] == 3)].index[0]
    assert wb.realisasi.at[row, "target_bulan"] is None  # never the empty cache read as a value
    [issue] = check_workbook(path).issues
    assert issue.value == "=1+1" and "Excel" in issue.message and not check_workbook(path).ok


def test_percent_readings_by_indicator_kind(tmp_path):
    """Above 100 % is ambiguous for a Persentase; for a Jumlah a stored value above 1 (shown above
    100 %) is a count multiplied by 100, an error, while 0.12 or 1 (12 % or 100 % typed) keeps the
    plain percent note; ikixl's own quoted-percent format does not scale at all."""

    def hook(book):
        _percent_cell(_rc("SEK.1", 4, "realisasi"), 1.5)(book)  # Jumlah: shows 150 %
        _percent_cell(_rc("SEK.1", 5, "realisasi"), 0.12)(book)  # Jumlah: 12 % typed, read 12
        _percent_cell(_rc("SEK.1", 6, "realisasi"), 1)(book)  # Jumlah: 100 % typed, read 100
        book[R][_rc("SEK.2", 4, "realisasi")] = 95
        book[R][_rc("SEK.2", 4, "realisasi")].number_format = layout.PCT_FORMAT

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert _found(report) == {("persen-bukan-persentase", ERROR, R, _rc("SEK.1", 4, "realisasi")),
                              ("persen-format-dibaca", WARNING, R, _rc("SEK.1", 5, "realisasi")),
                              ("persen-format-dibaca", WARNING, R, _rc("SEK.1", 6, "realisasi"))}
    [count] = [i for i in report.issues if i.code == "persen-bukan-persentase"]
    assert count.params["reading"] == "150" and count.params["alternatif"] == "1,5"
    assert "berjenis Jumlah" in count.message and "seratus kali 1,5" in count.message


def test_letter_values_are_valid_for_jenis_nilai(tmp_path):
    report = check_workbook(
        build_workbook(
            tmp_path / "iki.xlsx",
            cells={
                ("KADIS", indikator_cell(1, "target")): "a",
                (R, _rc("KADIS.2", 11, "realisasi")): 82.5,
            },
        )
    )
    assert report.issues == []


def test_range_target_and_decimal_comma_target_are_valid(tmp_path):
    report = check_workbook(
        build_workbook(
            tmp_path / "iki.xlsx",
            cells={
                ("SEK", indikator_cell(1, "target")): "80 – 90",
                ("SK-PPK", indikator_cell(0, "target")): 4.5,
            },
        )
    )
    assert report.issues == []


# --------------------------------------------------------------------------- catalogue
def test_catalogue_codes_are_stable_kebab_case_with_known_severity():
    for code, info in CATALOGUE.items():
        assert info.code == code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", code), code
        assert info.severity in (ERROR, WARNING)
        assert info.message_id.strip() and info.message_en.strip()


def test_make_issue_formats_value_and_fields():
    issue = make_issue("penyebut-nol", sheet="Realisasi", cell="F7", value=Decimal(0), realisasi="45")
    assert (issue.code, issue.severity, issue.value) == ("penyebut-nol", ERROR, "0")
    assert "Realisasi 45" in issue.message
    with pytest.raises(KeyError):
        make_issue("tidak-ada-kode-ini", sheet=None, cell=None)


def test_every_catalogue_code_is_emitted_somewhere_in_the_package():
    source = "".join(
        p.read_text(encoding="utf-8")
        for p in Path(ikixl.__file__).parent.glob("*.py")
        if p.name != "catalogue.py"
    )
    check_source = (Path(ikixl.__file__).parent / "catalogue.py").read_text(encoding="utf-8")
    body = check_source.split("def make_issue", 1)[1]
    dead = [code for code in CATALOGUE if f'"{code}"' not in source and f'"{code}"' not in body]
    assert dead == []


def test_planted_cases_cover_the_catalogue():
    planted = {case["issue"][0] for case in CASES.values()}
    planted |= {code for case in CASES.values() for code, *_ in case.get("also", set())}
    structural = {
        "sheet-wajib-tidak-ada",
        "sheet-jabatan-tidak-ada",
        "header-tidak-ditemukan",
        "kolom-wajib-tidak-ada",
        "kolom-tidak-ada",
        "pengaturan-tidak-ada",
        "jabatan-tanpa-indikator",
        "kode-jabatan-ganda",
        "fitur-diabaikan",  # a macro sheet: its own test below the cases
    }
    structural |= {"isian-jabatan-tidak-ada", "predikat-tidak-ada"}
    # Each structural code has its own test in this file; files that cannot be
    # read and refused writes are tested in test_reader.py and the writers' tests, faults of ikixl
    # itself (category internal) in test_batch.py.
    elsewhere = {code for code, info in CATALOGUE.items() if info.category in ("file", "write", "internal")}
    assert set(CATALOGUE) - planted - structural - elsewhere == set()


@pytest.mark.parametrize("lock", ["~$iki.xlsx", ".~lock.iki.xlsx#"])
def test_a_lock_file_beside_the_workbook_is_a_warning(tmp_path, lock):
    path = build_workbook(tmp_path / "iki.xlsx")
    (tmp_path / lock).write_bytes(b"")
    report = check_workbook(path)
    assert _found(report) == {("berkas-sedang-terbuka", WARNING, None, None)}
    assert lock in report.issues[0].message
    assert report.ok


def _with_workbook_content_type(path, content_type: bytes):
    """``path`` with its workbook part declared as ``content_type`` (the rest byte for byte)."""
    with zipfile.ZipFile(path) as src:
        items = [(i, src.read(i)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            if info.filename == "[Content_Types].xml":
                declared = rb'(PartName="/xl/workbook.xml" ContentType=")[^"]+"'
                data = re.sub(declared, rb"\g<1>" + content_type + b'"', data)
                assert content_type in data
            dst.writestr(info, data)
    return path


_PLAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


@pytest.mark.parametrize(
    ("name", "content_type", "rename_to"),
    [("iki.xlsm", _PLAIN, "iki.xlsx"), ("iki.xlsx", _MACRO, "iki.xlsm"), ("iki.xlsx", _PLAIN, None),
     ("iki.xlsm", _MACRO, None)],
)
def test_an_extension_that_does_not_match_the_content_is_a_warning(tmp_path, name, content_type, rename_to):
    """A workbook renamed by hand between .xlsx and .xlsm, which Excel refuses to open: a warning
    naming the name to give it; none when name and content agree."""
    path = build_workbook(tmp_path / "build.xlsx").rename(tmp_path / name)
    _with_workbook_content_type(path, content_type)
    report = check_workbook(path)
    if rename_to is None:
        assert not report.issues
        return
    assert _found(report) == {("ekstensi-tidak-sesuai-isi", WARNING, None, None)}
    assert rename_to in report.issues[0].message and report.ok


@pytest.mark.parametrize(
    ("name", "content_type", "rename_to"),
    [("iki", _PLAIN, "iki.xlsx"), ("iki.xls", _PLAIN, "iki.xlsx"), ("iki", _MACRO, "iki.xlsm"),
     ("IKI 2023.final", _PLAIN, "IKI 2023.final.xlsx")],
)
def test_a_workbook_named_without_its_extension_is_a_warning(tmp_path, name, content_type, rename_to):
    """A workbook saved or sent without .xlsx/.xlsm (or as .xls): read all the same, with a warning
    naming the name Excel opens (an unknown extension is kept as part of the name)."""
    path = build_workbook(tmp_path / "build.xlsx").rename(tmp_path / name)
    _with_workbook_content_type(path, content_type)
    report = check_workbook(path)
    assert _found(report) == {("ekstensi-tidak-sesuai-isi", WARNING, None, None)}
    assert f"menjadi {rename_to}." in report.issues[0].message and report.ok


# --------------------------------------------------------------------------- cascade support
def test_an_atasan_whose_subordinates_have_no_indicators_needs_no_support(tmp_path):
    jabatan = default_jabatan()
    jabatan.append({"kode_jabatan": "STAF", "nama_jabatan": "Pelaksana", "kode_atasan": "SK-PPK",
                    "nip": None, "indikator": []})
    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", jabatan=jabatan))
    assert _found(report) == {("jabatan-tanpa-indikator", WARNING, "STAF", None)}


def test_indicators_below_an_atasan_without_indicators_need_no_link(tmp_path):
    jabatan = default_jabatan()
    jabatan[0]["indikator"] = []  # KADIS keeps its IKI elsewhere
    for ind in jabatan[1]["indikator"]:
        ind["indikator_atasan"] = None
    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", jabatan=jabatan))
    assert _found(report) == {("jabatan-tanpa-indikator", WARNING, "KADIS", None)}


def test_a_sheet_without_the_indikator_atasan_column_is_not_judged(tmp_path):
    def hook(book):
        column = col_of(layout.INDIKATOR_COLUMNS, "indikator_atasan")
        book["SK-PPK"].cell(layout.INDIKATOR_HEADER_ROW, column).value = None

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert _found(report) == {("kolom-tidak-ada", WARNING, "SK-PPK", None)}


def test_cascade_warnings_name_the_codes_in_both_languages(tmp_path):
    link = indikator_cell(1, "indikator_atasan")
    path = build_workbook(tmp_path / "iki.xlsx", cells={("SK-PPK", link): None})
    wording = {"id": ("tidak didukung", "tidak mendukung"), "en": ("supported by no", "supports no")}
    for lang, words in wording.items():
        unsupported, unlinked = check_workbook(path, lang=lang).issues
        assert unsupported.code == "indikator-atasan-tidak-didukung" and unsupported.value == "SEK.2"
        assert words[0] in unsupported.message and "SEK.2" in unsupported.message
        assert "(SK-PPK)" in unsupported.message
        assert unlinked.code == "indikator-tidak-mendukung" and unlinked.value is None
        assert words[1] in unlinked.message and "SK-PPK.2" in unlinked.message and "(SEK)" in unlinked.message


def test_partly_filled_bobot_says_how_many_and_that_the_plain_mean_is_used(tmp_path):
    """SEK has two indicators; Bobot left blank for SEK.2 only: 1 of 2 filled, plain mean (DOMAIN.md
    jabatan mean; compute.jabatan_capaian weighs only when every indicator has a Bobot)."""
    path = build_workbook(tmp_path / "bobot.xlsx", cells={("SEK", indikator_cell(1, "bobot")): None})
    [issue] = [i for i in check_workbook(path).issues if i.code == "bobot-tidak-lengkap"]
    assert "Bobot diisi untuk 1 dari 2 indikator jabatan SEK, tetapi kosong untuk SEK.2" in issue.message
    [english] = [i for i in check_workbook(path, lang="en").issues if i.code == "bobot-tidak-lengkap"]
    assert "Bobot is filled for 1 of the 2 indicators of jabatan SEK but blank for SEK.2" in english.message


def test_duplicate_predikat_bound_names_the_band_that_never_applies(tmp_path):
    """Two bands at 76: the upper row (Tinggi) applies, Sedang never does (capaian.predikat keeps the
    table's order among equal bounds)."""
    from ikixl.capaian import predikat
    from ikixl.model import PredikatBand

    path = build_workbook(
        tmp_path / "bands.xlsx", cells={("Pengaturan", f"A{layout.PREDIKAT_HEADER_ROW + 3}"): 76}
    )
    [issue] = [i for i in check_workbook(path).issues if i.code == "batas-predikat-ganda"]
    assert "'Tinggi' dan 'Sedang'" in issue.message and "'Sedang' tidak pernah diberikan" in issue.message
    bands = [PredikatBand(Decimal(76), "Tinggi", "#000000"), PredikatBand(Decimal(76), "Sedang", "#000000")]
    assert predikat(Decimal(80), bands) == "Tinggi"


@pytest.mark.parametrize(("target", "realisasi", "warned"), [("80-90", 0.85, True), (20, 1, True),
                                                             (5, 0.9, False), ("80-90", 1.5, False),
                                                             ("80-90", 0, False)])
def test_a_percent_typed_as_a_fraction_is_told(tmp_path, target, realisasi, warned):
    """Policy (ikixl): a Persentase Realisasi in (0, 1] against a target of at least 10 percent
    points reads as a fraction (0.85 for 85 %); it is read as written and said, with the number
    meant. A target under 10 (1 % unemployment, say) or a value above 1 or 0 is not told."""
    cells = {(R, _rc("SEK.2", 2, "realisasi")): realisasi, ("SEK", indikator_cell(1, "target")): target}
    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", cells=cells))
    told = [i for i in report.issues if i.code == "persen-sebagai-pecahan"]
    assert bool(told) == warned, report.issues
    if warned:
        shown = f"{realisasi * 100:g}".replace(".", ",")
        assert f"bukan {shown}%" in told[0].message and f"ketik {shown}." in told[0].message


@pytest.mark.parametrize(
    ("cells", "where"),
    [({("SEK", indikator_cell(1, "target")): 0.9}, ("SEK", indikator_cell(1, "target"))),
     ({("SEK", indikator_cell(1, "target")): "0,8-0,9"}, ("SEK", indikator_cell(1, "target"))),
     ({(R, _rc("SEK.2", 3, "target_bulan")): 0.85}, (R, _rc("SEK.2", 3, "target_bulan"))),
     ({("SEK", indikator_cell(1, "target")): 0.9,
       **{(R, _rc("SEK.2", m, "realisasi")): 0.85 for m in range(1, 13)}},
      None),  # target and realisasi both fractions: consistent, the capaian is right
     ({("SEK", indikator_cell(1, "target")): 5}, None)],
)
def test_a_target_typed_as_a_fraction_is_told(tmp_path, cells, where):
    """Policy (ikixl), the mirror of persen-sebagai-pecahan: a Persentase Target (or Target Bulan)
    in (0, 1] while its Realisasi is in percent (at least 10) would make the capaian about a hundred
    times the meant one; read as written and said once, with the number meant."""
    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", cells=cells))
    told = [i for i in report.issues if i.code == "target-sebagai-pecahan"]
    assert [(i.sheet, i.cell) for i in told] == ([where] if where else []), report.issues
    if told:
        assert any(f"ketik {meant}." in told[0].message for meant in (90, 85, 80)), told[0].message


@pytest.mark.parametrize(("header", "told"), [("Capaian Tahunan", False), ("CAPAIAN TAHUNAN %", False),
                                               (None, True), ("Tahunan", True)])
def test_a_computed_header_reworded_or_deleted(tmp_path, header, told):
    """A computed header shortened the way clerks do is still its column (compute updates it
    there); one deleted or reworded past recognition is told, since compute would add the column
    again and leave the old figures under no header."""
    path = build_workbook(tmp_path / "iki.xlsx", hook=_computed_then({(R, _TAHUNAN_HEADER): header}))
    report = check_workbook(path)
    found = [i for i in report.issues if i.code == "kolom-hitung-tidak-ada"]
    assert bool(found) == told, report.issues
    if told:
        assert "'Capaian Tahunan (%)'" in found[0].message
    else:
        assert read_workbook(path).missing_columns == {}
