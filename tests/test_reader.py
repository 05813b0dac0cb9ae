"""Reading format-v1 workbooks: typed values, Excel addresses, forgiving headers, refused files."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Border, PatternFill, Side
from workbook_factory import (
    build_workbook,
    col_of,
    default_jabatan,
    indikator_cell,
    jabatan_cell,
    realisasi_cell,
    realisasi_row,
    setting_cell,
)

from ikixl import layout
from ikixl.errors import WorkbookError
from ikixl.model import TargetRange
from ikixl.reader import read_workbook
from ikixl.values import parse_number, parse_target, text_to_decimal


def _row(wb, table, **match):
    frame = getattr(wb, table)
    mask = True
    for key, value in match.items():
        mask = mask & (frame[key] == value)
    rows = frame[mask]
    assert len(rows) == 1, rows
    return rows.index[0]


# --------------------------------------------------------------------------- typed values
def test_values_are_typed_as_the_model_says(tmp_path):
    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx"))

    assert wb.sheet_names == ["Pengaturan", "KADIS", "SEK", "SK-PPK", "Realisasi"]
    assert wb.jabatan_sheets == ["KADIS", "SEK", "SK-PPK"]
    assert list(wb.jabatan["kode_jabatan"]) == ["KADIS", "SEK", "SK-PPK"]
    assert list(wb.jabatan["kode_atasan"]) == [None, "KADIS", "SEK"]
    assert wb.jabatan.at[0, "nip"] == "19680706 199403 1 013"
    assert wb.jabatan.at[0, "fungsi"] == "1. Perumusan kebijakan;\n2. Pelaksanaan kebijakan."

    ind = wb.indikator
    assert list(ind["kode_indikator"]) == ["KADIS.1", "KADIS.2", "SEK.1", "SEK.2", "SK-PPK.1", "SK-PPK.2"]
    assert list(ind["kode_jabatan"]) == ["KADIS", "KADIS", "SEK", "SEK", "SK-PPK", "SK-PPK"]
    assert list(ind["row"]) == [16, 17, 16, 17, 16, 17]
    target = dict(zip(ind["kode_indikator"], ind["target"], strict=True))
    assert target["KADIS.1"] == Decimal(90) and isinstance(target["KADIS.1"], Decimal)
    assert target["KADIS.2"] == "BB"
    assert target["SEK.2"] == TargetRange(Decimal(80), Decimal(90))
    assert ind.at[_row(wb, "indikator", kode_indikator="SEK.1"), "bobot"] == Decimal(1)
    assert ind.at[_row(wb, "indikator", kode_indikator="SK-PPK.1"), "arah"] == "turun"
    assert ind.at[_row(wb, "indikator", kode_indikator="SK-PPK.1"), "agregasi"] == "rata-rata"
    assert ind.at[_row(wb, "indikator", kode_indikator="SK-PPK.2"), "bobot"] is None

    real = wb.realisasi
    assert len(real) == 6 * 12
    first = _row(wb, "realisasi", kode_indikator="SK-PPK.1", bulan=1)
    value = real.at[first, "realisasi"]
    assert isinstance(value, Decimal) and str(value) == "4.5"
    assert real.at[first, "target_bulan"] == Decimal(5)
    assert real.at[first, "penyebut"] is None
    assert real.at[first, "row"] == realisasi_row("SK-PPK.1", 1) == 52
    assert sorted(real[real["kode_indikator"] == "SEK.1"]["bulan"]) == list(range(1, 13))
    assert real.at[_row(wb, "realisasi", kode_indikator="KADIS.2", bulan=12), "realisasi"] == "BB"

    assert wb.pengaturan.at["tahun", "value"] == 2023
    assert wb.pengaturan.at["bulan_pelaporan", "value"] == 12
    assert wb.pengaturan.at["nilai_huruf_sakip", "value"] == "Ya"
    assert wb.pengaturan.at["ambang_selisih_cascading", "value"] == Decimal(20)
    assert wb.pengaturan.at["batas_atas_capaian_pct", "value"] is None
    assert list(wb.predikat["predikat"]) == [band[1] for band in layout.PREDIKAT_DEFAULT]
    assert list(wb.predikat["batas_bawah_pct"]) == [Decimal(b[0]) for b in layout.PREDIKAT_DEFAULT]
    assert wb.notes == []
    assert wb.missing_columns == {}


def test_cell_addresses_point_at_the_value(tmp_path):
    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx"))
    sk = _row(wb, "jabatan", kode_jabatan="SK-PPK")
    assert wb.cell("jabatan", sk, "nip") == ("SK-PPK", "B9")
    assert jabatan_cell("nip") == "B9"
    i = _row(wb, "indikator", kode_indikator="SK-PPK.1")
    assert wb.cell("indikator", i, "target") == ("SK-PPK", "H16") == ("SK-PPK", indikator_cell(0, "target"))
    assert wb.cell("indikator", i, "indikator_atasan") == ("SK-PPK", "L16")
    r = _row(wb, "realisasi", kode_indikator="SEK.1", bulan=2)
    assert (
        wb.cell("realisasi", r, "realisasi")
        == ("Realisasi", "E29")
        == ("Realisasi", realisasi_cell("SEK.1", 2, "realisasi"))
    )
    assert (
        wb.cell("pengaturan", "tahun", "value")
        == ("Pengaturan", "B6")
        == ("Pengaturan", setting_cell("tahun"))
    )
    assert wb.cells["predikat"].at[0, "warna"] == f"C{layout.PREDIKAT_HEADER_ROW + 1}"


def test_choices_are_canonical_and_months_read_from_words(tmp_path):
    row = realisasi_row("SEK.1", 3)
    path = build_workbook(
        tmp_path / "iki.xlsx",
        cells={
            ("SEK", indikator_cell(0, "jenis")): "JUMLAH",
            ("SEK", indikator_cell(0, "agregasi")): " Kumulatif ",
            ("SEK", indikator_cell(0, "arah")): "Naik",
            ("Realisasi", f"C{row}"): "mar",
            ("Realisasi", f"C{row + 1}"): 4,
            ("Pengaturan", setting_cell("bulan_pelaporan")): "nopember",
        },
    )
    wb = read_workbook(path)
    i = _row(wb, "indikator", kode_indikator="SEK.1")
    assert (wb.indikator.at[i, "jenis"], wb.indikator.at[i, "agregasi"], wb.indikator.at[i, "arah"]) == (
        "Jumlah",
        "kumulatif",
        "naik",
    )
    assert wb.realisasi.loc[wb.realisasi["row"] == row, "bulan"].item() == 3
    assert wb.realisasi.loc[wb.realisasi["row"] == row + 1, "bulan"].item() == 4
    assert wb.pengaturan.at["bulan_pelaporan", "value"] == 11


def test_text_numbers_are_read_the_indonesian_way_and_noted(tmp_path):
    cells = {
        ("Realisasi", realisasi_cell("SEK.1", 1, "realisasi")): "75,5",
        ("Realisasi", realisasi_cell("SEK.1", 2, "realisasi")): "1.234",
        ("Realisasi", realisasi_cell("SEK.1", 3, "realisasi")): "1.234.567,89",
        ("Realisasi", realisasi_cell("SEK.1", 4, "realisasi")): "1,234",
        ("Realisasi", realisasi_cell("SEK.1", 5, "realisasi")): "sepuluh",
    }
    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx", cells=cells))
    got = {
        m: wb.realisasi.at[_row(wb, "realisasi", kode_indikator="SEK.1", bulan=m), "realisasi"]
        for m in range(1, 6)
    }
    assert got == {1: Decimal("75.5"), 2: Decimal(1234), 3: Decimal("1234567.89"), 4: "1,234", 5: "sepuluh"}
    notes = {(wb.cell(n.table, n.index, n.key)[1], n.code, n.reading) for n in wb.notes}
    assert notes == {
        (realisasi_cell("SEK.1", 1, "realisasi"), "angka-teks-dibaca", "75,5"),
        (realisasi_cell("SEK.1", 2, "realisasi"), "angka-teks-dibaca", "1234"),
        (realisasi_cell("SEK.1", 3, "realisasi"), "angka-teks-dibaca", "1234567,89"),
        (realisasi_cell("SEK.1", 4, "realisasi"), "angka-ambigu", "1,234"),
    }


def test_percent_formatted_cell_is_read_in_percent_points(tmp_path):
    address = realisasi_cell("SEK.2", 1, "realisasi")

    def hook(book):
        book["Realisasi"][address] = 0.855
        book["Realisasi"][address].number_format = "0.0%"

    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert wb.realisasi.at[_row(wb, "realisasi", kode_indikator="SEK.2", bulan=1), "realisasi"] == Decimal(
        "85.5"
    )
    assert [(n.code, n.raw, n.reading) for n in wb.notes] == [("persen-format-dibaca", 0.855, "85,5")]


def test_code_stored_as_number_becomes_text_with_a_note(tmp_path):
    path = build_workbook(tmp_path / "iki.xlsx", cells={("SEK", indikator_cell(0, "kode_indikator")): 12})
    wb = read_workbook(path)
    assert "12" in list(wb.indikator["kode_indikator"])
    [note] = wb.notes
    assert (note.table, note.key, note.code, note.raw, note.reading) == (
        "indikator",
        "kode_indikator",
        "kode-angka-dibaca",
        12,
        "12",
    )
    assert wb.cell(note.table, note.index, note.key) == ("SEK", "B16")


def test_nip_is_kept_exactly_as_stored(tmp_path):
    path = build_workbook(
        tmp_path / "iki.xlsx",
        cells={("SEK", "B9"): 196807061994031013, ("SK-PPK", "B9"): "19800101\u00a0200501 1 002 "},
    )
    wb = read_workbook(path)
    nip = wb.jabatan.at[_row(wb, "jabatan", kode_jabatan="SEK"), "nip"]
    assert isinstance(nip, (int, float)) and int(nip) // 1000 == 196807061994031  # a number, as stored
    assert wb.jabatan.at[_row(wb, "jabatan", kode_jabatan="SK-PPK"), "nip"] == "19800101\u00a0200501 1 002 "


# --------------------------------------------------------------------------- parsing rules
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("75", Decimal(75)),
        ("75,5", Decimal("75.5")),
        ("1.234", Decimal(1234)),
        ("1.234.567,89", Decimal("1234567.89")),
        ("Rp 1.500.000", Decimal(1500000)),
        ("75%", Decimal(75)),
        ("0,5", Decimal("0.5")),
        ("75.5", Decimal("75.5")),
        ("-3,5", Decimal("-3.5")),
    ],
)
def test_text_to_decimal_readings(text, expected):
    assert text_to_decimal(text)[0] == expected


@pytest.mark.parametrize("text", ["1,234", "1,234,567"])
def test_text_with_two_readings_is_ambiguous(text):
    assert text_to_decimal(text) == (None, "angka-ambigu")
    parsed = parse_number(text)
    assert (parsed.value, parsed.note) == (text, "angka-ambigu")


@pytest.mark.parametrize("text", ["-", "sepuluh", "12 dokumen", ""])
def test_text_that_is_not_a_number_stays_text(text):
    assert text_to_decimal(text) == (None, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("80-90", TargetRange(Decimal(80), Decimal(90))),
        ("80–90", TargetRange(Decimal(80), Decimal(90))),
        ("80 - 90", TargetRange(Decimal(80), Decimal(90))),
        ("80 s.d. 90", TargetRange(Decimal(80), Decimal(90))),
        ("75,5-80%", TargetRange(Decimal("75.5"), Decimal(80))),
        ("bb", "BB"),
        ("90-80", "90-80"),
        ("sepuluh", "sepuluh"),
        (7, Decimal(7)),
        (6.5, Decimal("6.5")),
        (None, None),
    ],
)
def test_target_readings(raw, expected):
    assert parse_target(raw).value == expected


def test_floats_become_decimals_through_their_repr():
    assert parse_number(0.1).value == Decimal("0.1")
    assert parse_number(6.5).value == Decimal("6.5")
    assert parse_number(12.0).value == Decimal(12)
    assert parse_number(0.75, '0.00" %"').note is None  # ikixl's own capaian format does not scale


# --------------------------------------------------------------------------- forgiving headers
def _variant_headers(book):
    """Synonyms, NBSP, line breaks, zero-width spaces, case, an extra column, a title row,
    a column-number row and a blank row inside each indicator table."""
    variants = {
        "no": "No.",
        "kode_indikator": "Kode\nIndikator",
        "sasaran": "SASARAN\u00a0PROGRAM",
        "indikator_kinerja": "\u200bIndikator  Kinerja ",
        "cara_perhitungan": "Cara Perhitungan / Penjelasan (Formulasi)",
        "jenis": "jenis",
        "target": "Target\n(Jumlah)",
        "indikator_atasan": "Rencana Hasil Kerja Atasan yang Diintervensi",
    }
    for sheet in ("KADIS", "SEK", "SK-PPK"):
        ws = book[sheet]
        for key, label in variants.items():
            ws.cell(layout.INDIKATOR_HEADER_ROW, col_of(layout.INDIKATOR_COLUMNS, key), label)
        ws["A5"] = "Jabatan :"  # label with a colon
        ws.insert_rows(layout.INDIKATOR_HEADER_ROW + 2)  # a blank row between the two indicators
        ws.insert_rows(layout.INDIKATOR_HEADER_ROW + 1)  # the column-number row
        for col in range(1, len(layout.INDIKATOR_COLUMNS) + 1):
            ws.cell(layout.INDIKATOR_HEADER_ROW + 1, col, f"({col})")
        ws.insert_cols(3)  # a column the layout does not know
        ws.cell(layout.INDIKATOR_HEADER_ROW, 3, "Catatan Pribadi")
        ws.cell(layout.INDIKATOR_HEADER_ROW + 2, 3, "bukan kolom ikixl")
        ws.insert_rows(1)  # a title row above everything
        ws["A1"] = "PEMERINTAH KABUPATEN KUTAI KARTANEGARA"
    real = book["Realisasi"]
    real.cell(layout.REALISASI_HEADER_ROW, col_of(layout.REALISASI_COLUMNS, "realisasi"), "REALISASI ")
    real.cell(layout.REALISASI_HEADER_ROW, col_of(layout.REALISASI_COLUMNS, "keterangan"), "Bukti")
    real.insert_rows(layout.REALISASI_HEADER_ROW + 13)  # a blank row between two indicators
    real.insert_rows(1, 2)  # two more title rows


def test_headers_are_found_with_variant_wordings_and_shifts(tmp_path):
    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx", hook=_variant_headers))
    assert wb.missing_columns == {}
    assert list(wb.indikator["kode_indikator"]) == [
        "KADIS.1",
        "KADIS.2",
        "SEK.1",
        "SEK.2",
        "SK-PPK.1",
        "SK-PPK.2",
    ]
    # header row 15 → 16 (title row); data: +1 column-number row; 2nd indicator after a blank row.
    assert list(wb.indikator["row"]) == [18, 20] * 3
    i = _row(wb, "indikator", kode_indikator="SK-PPK.1")
    assert wb.cell("indikator", i, "target") == ("SK-PPK", "I18")  # shifted right by the extra column
    assert wb.indikator.at[i, "target"] == Decimal(5)
    assert wb.indikator.at[i, "jenis"] == "Jumlah"
    assert wb.indikator.at[i, "indikator_atasan"] == "SEK.1"
    assert wb.jabatan.at[_row(wb, "jabatan", kode_jabatan="SK-PPK"), "nama_jabatan"].startswith(
        "Sub Koordinator"
    )
    assert wb.cell("jabatan", _row(wb, "jabatan", kode_jabatan="SK-PPK"), "nip") == ("SK-PPK", "B10")
    assert len(wb.realisasi) == 72
    r = _row(wb, "realisasi", kode_indikator="KADIS.2", bulan=12)
    assert wb.realisasi.at[r, "realisasi"] == "BB"
    assert wb.cell("realisasi", r, "realisasi") == ("Realisasi", f"E{realisasi_row('KADIS.2', 12) + 3}")


def test_formatted_empty_rows_and_a_signature_gap_end_the_table(tmp_path):
    def hook(book):
        ws = book["SEK"]
        thin = Side(style="thin")
        for row in range(18, 400):
            for col in range(1, 14):
                cell = ws.cell(row, col)
                cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
                cell.fill = PatternFill("solid", fgColor="FFFFCC")
        ws.cell(400, 10, "Tenggarong, 31 Januari 2023")  # a signature block far below
        book["Realisasi"].cell(5000, 1).fill = PatternFill("solid", fgColor="FFFFCC")

    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert list(wb.indikator.loc[wb.indikator["sheet"] == "SEK", "kode_indikator"]) == ["SEK.1", "SEK.2"]
    assert len(wb.realisasi) == 72


def test_structural_gaps_do_not_raise(tmp_path):
    def hook(book):
        del book["Pengaturan"]
        book["SEK"].cell(layout.INDIKATOR_HEADER_ROW, col_of(layout.INDIKATOR_COLUMNS, "jenis")).value = None
        ws = book["Realisasi"]
        for col in range(1, len(layout.REALISASI_COLUMNS) + 1):
            ws.cell(layout.REALISASI_HEADER_ROW, col).value = None

    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert wb.pengaturan.empty and wb.predikat.empty
    assert wb.missing_columns["indikator:SEK"] == ["jenis"]
    assert set(wb.missing_columns["realisasi"]) == {c.key for c in layout.REALISASI_COLUMNS}
    assert wb.realisasi.empty
    assert wb.indikator.loc[wb.indikator["sheet"] == "SEK", "jenis"].tolist() == [None, None]


def test_sheet_without_ikixl_labels_is_not_a_jabatan_sheet(tmp_path):
    def hook(book):
        ws = book.create_sheet("Catatan")
        ws["A1"] = "Catatan rapat"
        ws["B3"] = "bukan formulir"
        for col, label in enumerate(("No", "NIP", "Nama"), start=1):  # a staff list, not a form
            ws.cell(5, col, label)
            ws.cell(6, col, [1, "19680706 199403 1 013", "Budi"][col - 1])

    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    assert wb.jabatan_sheets == ["KADIS", "SEK", "SK-PPK"]
    assert "Catatan" in wb.sheet_names


def test_settings_are_typed_by_their_kind(tmp_path):
    path = build_workbook(
        tmp_path / "iki.xlsx",
        settings={"capaian_minimal_nol": "ya", "batas_atas_capaian_pct": 120, "tahun": "2024"},
    )
    wb = read_workbook(path)
    value = wb.pengaturan["value"]
    assert value["capaian_minimal_nol"] == "Ya"
    assert value["batas_atas_capaian_pct"] == Decimal(120)
    assert value["tahun"] == 2024 and isinstance(value["tahun"], int)
    assert value["bulan_pelaporan"] == 12
    assert wb.notes == []  # "2024" typed as text needs no confirmation


def test_sheet_states_hidden_rows_columns_and_extensions_are_kept(tmp_path):
    path = build_workbook(tmp_path / "iki.xlsx")
    patched = tmp_path / "ext.xlsx"
    ext = (
        '<extLst><ext uri="{78C0D931-6437-407D-A8EE-F0AAD7539E65}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:foo/></ext></extLst>'
    )
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</worksheet>", ext.encode() + b"</worksheet>")
            dst.writestr(item, data)
    book = openpyxl.load_workbook(path)
    book["SEK"].sheet_state = "veryHidden"
    book["Realisasi"].row_dimensions[5].hidden = True
    book["Realisasi"].row_dimensions[500].hidden = True  # hidden but empty: not kept
    book["Realisasi"].column_dimensions["F"].hidden = True
    book.save(tmp_path / "hidden.xlsx")
    wb = read_workbook(patched)
    assert wb.notes == []
    info = {s.name: s for s in wb.sheets}
    assert list(info) == wb.sheet_names
    assert info["KADIS"].extensions == ("{78C0D931-6437-407D-A8EE-F0AAD7539E65}",)
    hidden = {s.name: s for s in read_workbook(tmp_path / "hidden.xlsx").sheets}
    assert (hidden["SEK"].state, hidden["KADIS"].state) == ("veryHidden", "visible")
    assert hidden["Realisasi"].hidden_rows == {5: "A5"}
    assert hidden["Realisasi"].hidden_cols == frozenset({6})
    assert hidden["SEK"].kind == "worksheet" and hidden["SEK"].has_cells


def test_formulas_in_input_cells_are_noted_with_or_without_a_cached_value(tmp_path):
    no_cache = realisasi_cell("SEK.1", 3, "target_bulan")
    name_link = realisasi_cell("SEK.1", 4, "indikator_kinerja")
    path = build_workbook(
        tmp_path / "iki.xlsx",
        cells={
            ("Realisasi", no_cache): "=1+1",
            ("Realisasi", name_link): "=SEK!D16",  # a text column may link freely
            ("SEK", indikator_cell(1, "no")): "=A16+1",  # and so may the No column
        },
    )
    wb = read_workbook(path)
    notes = [(wb.cell(n.table, n.index, n.key)[1], n.code, n.raw, n.reading) for n in wb.notes]
    assert notes == [(no_cache, "rumus-belum-dihitung", "=1+1", "")]
    row = _row(wb, "realisasi", kode_indikator="SEK.1", bulan=3)
    assert wb.realisasi.at[row, "target_bulan"] is None


def test_blank_text_dates_and_quoted_percent_formats(tmp_path):
    import datetime as dt

    def hook(book):
        ws = book["Realisasi"]
        ws[realisasi_cell("SEK.1", 1, "keterangan")] = "  \u00a0 "
        ws[realisasi_cell("SEK.1", 2, "bulan")] = dt.datetime(2023, 2, 1)  # a date typed into Bulan
        ws[realisasi_cell("SEK.2", 1, "realisasi")] = 75
        ws[realisasi_cell("SEK.2", 1, "realisasi")].number_format = layout.PCT_FORMAT

    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    real = wb.realisasi
    blank_row = _row(wb, "realisasi", kode_indikator="SEK.1", row=realisasi_row("SEK.1", 1))
    assert real.at[blank_row, "keterangan"] is None
    date_row = _row(wb, "realisasi", kode_indikator="SEK.1", row=realisasi_row("SEK.1", 2))
    assert real.at[date_row, "bulan"] == dt.datetime(2023, 2, 1)  # a date, as openpyxl read it: not a month
    assert real.at[_row(wb, "realisasi", kode_indikator="SEK.2", bulan=1), "realisasi"] == Decimal(75)
    assert wb.notes == []


@pytest.mark.parametrize(("stored", "reading", "code"), [
    (0.75, Decimal(75), "persen-format-dibaca"),
    (1.2, Decimal(120), "persen-format-dibaca"),  # ambiguous only in context (check: persen-ambigu)
    (10, Decimal(1000), "persen-format-dibaca"),
    (75, Decimal(7500), "persen-tidak-wajar"),
    (-12, Decimal(-1200), "persen-tidak-wajar"),
])
def test_real_percent_formats_scale_and_flag_impossible_readings(stored, reading, code):
    for fmt in ("0%", "0.00%", "[Red]0.0%"):
        parsed = parse_number(stored, fmt)
        assert (parsed.value, parsed.note) == (reading, code)
    assert parse_number(stored, '0.00" %"') == parse_number(stored, "0.00")  # layout.PCT_FORMAT


def test_reading_and_checking_never_import_openpyxl(tmp_path):
    import subprocess
    import sys

    path = build_workbook(tmp_path / "iki.xlsx")
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import ikixl.reader"],
                         capture_output=True, text=True, check=True)
    modules = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in out.stderr.splitlines()}
    assert "ikixl" in modules and "openpyxl" not in modules and "defusedxml" not in modules
    script = ("import sys; from ikixl.check import check_workbook; r = check_workbook(sys.argv[1]); "
              "assert r.ok and not r.issues, r.issues; "
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))")
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("check_here", [True, False])
def test_the_check_library_is_imported_while_waiting_only_when_checking_here(tmp_path, monkeypatch,
                                                                              check_here):
    """pandera (0.3 s to import) is imported during the reading's idle wait by a process that
    checks next, not by one whose check runs in a copy of it (ikixl compute)."""
    import contextlib

    from ikixl import reader

    appended: list[object] = []

    class Recorded(list):  # type: ignore[type-arg]
        def append(self, item: object) -> None:
            appended.append(item)
            super().append(item)

    real = reader.read_hybrid

    @contextlib.contextmanager
    def spy(path, **options):  # type: ignore[no-untyped-def]
        with real(path, **options) as hybrid:
            hybrid.while_waiting = Recorded()
            yield hybrid

    monkeypatch.setattr(reader, "read_hybrid", spy)
    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx"), check_here=check_here)
    assert len(wb.indikator) > 0
    assert appended == ([reader._import_schema] if check_here else [])


# --------------------------------------------------------------------------- refused files
def _zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_missing_file_raises(tmp_path):
    with pytest.raises(WorkbookError) as err:
        read_workbook(tmp_path / "tidak-ada.xlsx")
    assert err.value.code == "berkas-tidak-ada"
    assert err.value.path == tmp_path / "tidak-ada.xlsx"


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"No;NIP;Nama\n1;19680706;Budi\n", "berkas-bukan-xlsx", "bukan buku kerja"),
        (
            b"<html><head></head><body><table><tr><td>75%</td></tr></table></body></html>",
            "berkas-bukan-xlsx",
            "halaman web",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le"),
            "berkas-format-xls",
            ".xls",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le"),
            "berkas-berkata-sandi",
            "kata sandi",
        ),
        (b"", "berkas-bukan-xlsx", "bukan buku kerja"),
    ],
)
def test_not_an_xlsx_raises_workbook_error(tmp_path, content, code, words):
    path = tmp_path / "masukan.xlsx"
    path.write_bytes(content)
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert err.value.code == code
    assert err.value.path == path
    assert words in err.value.message


def test_truncated_download_raises(tmp_path):
    full = build_workbook(tmp_path / "iki.xlsx").read_bytes()
    path = tmp_path / "terputus.xlsx"
    path.write_bytes(full[: len(full) // 2])
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert err.value.code == "berkas-rusak"
    assert "Unduh" in err.value.message


def test_zip_that_is_not_a_workbook_raises(tmp_path):
    path = _zip_with(tmp_path / "arsip.xlsx", {"catatan.txt": b"halo"})
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert err.value.code == "berkas-bukan-xlsx"


def test_workbook_with_broken_parts_raises(tmp_path):
    source = build_workbook(tmp_path / "iki.xlsx")
    path = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(source) as src:
        members = {n: src.read(n) for n in src.namelist() if n != "xl/workbook.xml"}
    members["xl/workbook.xml"] = b"<workbook><sheets><sheet"
    _zip_with(path, members)
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert err.value.code in {"berkas-tidak-terbaca", "berkas-rusak"}
    assert str(path.name) in err.value.message


def test_xml_entity_declarations_are_refused(tmp_path):
    source = build_workbook(tmp_path / "iki.xlsx")
    path = tmp_path / "entitas.xlsx"
    with zipfile.ZipFile(source) as src:
        members = {n: src.read(n) for n in src.namelist()}
    name = "xl/worksheets/sheet2.xml"
    doctype = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
    if members[name].startswith(b"<?xml"):
        members[name] = re.sub(rb"^(<\?xml[^>]*\?>)", rb"\1" + doctype, members[name])
    else:
        members[name] = doctype + members[name]
    _zip_with(path, members)
    with pytest.raises(WorkbookError) as err:
        read_workbook(path)
    assert err.value.code == "berkas-xml-berbahaya"


def test_jabatan_with_a_differently_named_sheet(tmp_path):
    jabatan = default_jabatan()
    jabatan[1]["sheet"] = "Sekretaris"
    wb = read_workbook(build_workbook(tmp_path / "iki.xlsx", jabatan=jabatan))
    assert wb.jabatan_sheets == ["KADIS", "Sekretaris", "SK-PPK"]
    assert wb.jabatan.at[1, "kode_jabatan"] == "SEK"
    assert set(wb.indikator.loc[wb.indikator["sheet"] == "Sekretaris", "kode_jabatan"]) == {"SEK"}


def test_openpyxl_itself_can_reopen_what_the_factory_wrote(tmp_path):
    # Guard for the factory: the layout's header row holds the layout's labels.
    book = openpyxl.load_workbook(build_workbook(tmp_path / "iki.xlsx"))
    labels = [c.value for c in book["SEK"][layout.INDIKATOR_HEADER_ROW]][: len(layout.INDIKATOR_COLUMNS)]
    assert labels == [c.label for c in layout.INDIKATOR_COLUMNS]


# --------------------------------------------------------------------------- numbers of any size
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("75.00"), "75"),
        (Decimal("1234.5"), "1234,5"),
        (Decimal("123456789012345678901234567890"), "123456789012345678901234567890"),  # 30 digits
        (Decimal("1E+308"), "1E+308"),  # quantize refused it (more than 28 digits): a crash
        (Decimal("9.5E+307"), "9,5E+307"),
        (Decimal("-1E+31"), "-1E+31"),
        (Decimal("1E-300"), "1E-300"),
        (1e308, "1E+308"),
    ],
)
def test_any_number_is_shown_as_a_clerk_or_excel_writes_it(value, shown):
    from ikixl.values import format_id

    assert format_id(value) == shown


def test_a_whole_float_from_1e15_on_reads_by_its_shortest_repr():
    """1E+308 read as a float is Decimal("1E+308"), not the 309 digits of the double nearest to
    it; the same from the expat reader (a float) and from python-calamine (plain_value)."""
    from ikixl.grids import plain_value
    from ikixl.values import decimal_from_number

    assert decimal_from_number(1e308) == Decimal("1E+308") and str(decimal_from_number(1e308)) == "1E+308"
    assert decimal_from_number(75.0) == Decimal(75) and str(decimal_from_number(75.0)) == "75"
    assert type(plain_value(75.0)) is int and type(plain_value(1e308)) is float
    assert decimal_from_number(plain_value(1e308)) == decimal_from_number(1e308)


def test_cascade_points_of_any_size():
    """The Cascading sheet's two-decimal text of a mean: half-even as before, and for a number of
    more digits than the context's 28 too (it was a crash)."""
    from ikixl.cascade import _points

    assert _points(Decimal("87.125")) == "87,12" and _points(Decimal("87.135")) == "87,14"
    assert _points(Decimal("1E+40")) == "1" + "0" * 40 + ",00"


def test_the_field_words_for_target_arah_and_penyebut_are_headers_too(tmp_path: Path) -> None:
    """Forms in the field say Polaritas for Arah, Target Tahunan for Target, Target Bulanan for
    Target Bulan and Pembagi for Penyebut: read as the same columns (a header not found would
    read the column as empty — every turun indicator computed as naik)."""
    from ikixl.compute import compute

    plain = build_workbook(tmp_path / "baku.xlsx")
    renamed = tmp_path / "lapangan.xlsx"
    book = openpyxl.load_workbook(plain)
    for sheet in ("KADIS", "SEK", "SK-PPK"):
        ws = book[sheet]
        ws.cell(layout.INDIKATOR_HEADER_ROW, col_of(layout.INDIKATOR_COLUMNS, "arah"), "Polaritas")
        ws.cell(layout.INDIKATOR_HEADER_ROW, col_of(layout.INDIKATOR_COLUMNS, "target"), "TARGET  tahunan")
    ws = book[layout.SHEET_REALISASI]
    ws.cell(layout.REALISASI_HEADER_ROW, col_of(layout.REALISASI_COLUMNS, "target_bulan"), "Target Bulanan")
    ws.cell(layout.REALISASI_HEADER_ROW, col_of(layout.REALISASI_COLUMNS, "penyebut"), "Pembagi")
    book.save(renamed)
    expected, got = read_workbook(plain), read_workbook(renamed)
    assert not got.missing_columns, got.missing_columns
    assert got.indikator[["arah", "target"]].equals(expected.indikator[["arah", "target"]])
    columns = ["target_bulan", "penyebut"]
    assert got.realisasi[columns].equals(expected.realisasi[columns])
    assert "turun" in {str(a).lower() for a in got.indikator["arah"]}  # the fixture has one to get wrong
    capaian = compute(got, 3).indikator["capaian_pct"].tolist()
    assert capaian == compute(expected, 3).indikator["capaian_pct"].tolist()
