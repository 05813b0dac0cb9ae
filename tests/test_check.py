"""check_workbook: a clean workbook passes; every planted fault is reported with its code,
severity, sheet and exact cell; several faults are all reported, in sheet/row/column order."""

from __future__ import annotations

import re
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
from ikixl.catalogue import CATALOGUE, make_issue
from ikixl.check import check_workbook
from ikixl.errors import WorkbookError
from ikixl.reader import read_workbook
from ikixl.report import ERROR, WARNING


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


# Each case: cells to plant (or a hook), settings, the issue that must be found, and every error expected.
def _only_sek1_reports_december(book):
    """Every indicator but SEK.1 leaves December blank."""
    for kode in ("KADIS.1", "KADIS.2", "SEK.2", "SK-PPK.1", "SK-PPK.2"):
        for key in ("realisasi", "penyebut"):
            book[R][_rc(kode, 12, key)] = None


CASES = {
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
    "penyebut-dash": dict(
        cells={(R, _rc("KADIS.1", 1, "penyebut")): "-"}, issue=("angka-tidak-valid", ERROR, R, "F4")
    ),
    "bobot-words": dict(
        cells={("SEK", indikator_cell(1, "bobot")): "satu"}, issue=("angka-tidak-valid", ERROR, "SEK", "K17")
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
    ),
    "indikator-atasan-not-atasan": dict(
        cells={("SK-PPK", indikator_cell(0, "indikator_atasan")): "KADIS.1"},
        issue=("indikator-atasan-salah-jabatan", ERROR, "SK-PPK", "L16"),
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


def test_ignored_spreadsheet_features_are_a_whole_file_warning(tmp_path):
    import zipfile

    source = build_workbook(tmp_path / "iki.xlsx")
    path = tmp_path / "ext.xlsx"
    ext = (
        b'<extLst><ext uri="{00000000-0000-0000-0000-000000000000}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:foo/></ext></extLst>'
    )
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet3.xml":
                data = data.replace(b"</worksheet>", ext + b"</worksheet>")
            dst.writestr(item, data)
    report = check_workbook(path)
    assert [(i.code, i.severity, i.sheet, i.cell) for i in report.issues] == [
        ("fitur-diabaikan", WARNING, None, None)
    ]


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
        "fitur-diabaikan",
    }
    structural |= {"isian-jabatan-tidak-ada", "predikat-tidak-ada"}
    # Each structural code has its own test in this file; files that cannot be
    # read and refused writes are tested in test_reader.py and the writers' tests.
    elsewhere = {code for code, info in CATALOGUE.items() if info.category in ("file", "write")}
    assert set(CATALOGUE) - planted - structural - elsewhere == set()


@pytest.mark.parametrize("lock", ["~$iki.xlsx", ".~lock.iki.xlsx#"])
def test_a_lock_file_beside_the_workbook_is_a_warning(tmp_path, lock):
    path = build_workbook(tmp_path / "iki.xlsx")
    (tmp_path / lock).write_bytes(b"")
    report = check_workbook(path)
    assert _found(report) == {("berkas-sedang-terbuka", WARNING, None, None)}
    assert lock in report.issues[0].message
    assert report.ok
