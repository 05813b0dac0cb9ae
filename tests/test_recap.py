"""The monthly recap workbook (ikixl.recap)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from computation_builders import indikator_frame, make_computation

from ikixl import layout
from ikixl.errors import WriteError
from ikixl.recap import DEFAULT_TITLE, HEADER_ROW, SHEET_REKAP_INDIKATOR, SHEET_REKAP_JABATAN, write_recap

FIRST = HEADER_ROW + 1


def headers(ws) -> list[str]:
    return [c.value for c in ws[HEADER_ROW] if c.value is not None]


def column_of(ws, label: str) -> int:
    return headers(ws).index(label) + 1


def data_rows(ws) -> list[int]:
    return [r for r in range(FIRST, ws.max_row + 1) if ws.cell(r, 1).value is not None]


@pytest.fixture
def recap(tmp_path: Path) -> openpyxl.Workbook:
    out = write_recap(make_computation(), tmp_path / "rekap.xlsx").path
    assert out == tmp_path / "rekap.xlsx"
    return openpyxl.load_workbook(out, data_only=True)


def test_sheets_and_title_block(recap: openpyxl.Workbook) -> None:
    assert recap.sheetnames == [SHEET_REKAP_INDIKATOR, SHEET_REKAP_JABATAN]
    for ws in recap.worksheets:
        assert ws["A1"].value == DEFAULT_TITLE
        assert ws["A2"].value == "Dinas Sosial Kabupaten Kutai Kartanegara"
        assert ws["A3"].value == "Rekap Bulan Maret 2023"


def test_indikator_sheet_rows_values_and_formats(recap: openpyxl.Workbook) -> None:
    ws = recap[SHEET_REKAP_INDIKATOR]
    assert headers(ws) == [
        "No", "Kode Jabatan", "Nama Jabatan", "Kode Indikator", "Indikator Kinerja", "Satuan", "Target",
        "Realisasi Bulan Maret", "Realisasi s.d. Maret", "Capaian Bulan Ini (%)", "Capaian Tahunan (%)",
        "Capaian Rencana (%)", "Predikat", "Keterangan",
    ]
    rows = data_rows(ws)
    kode = column_of(ws, "Kode Indikator")
    codes = [ws.cell(r, kode).value for r in rows]
    assert sorted(codes) == sorted(indikator_frame()["kode_indikator"])
    # grouped by the jabatan table's order (KADIS first), indicator order kept within a jabatan
    assert codes == ["IK-01", "IK-02", "IK-03"]
    assert [ws.cell(r, 1).value for r in rows] == [1, 2, 3]
    by_code = {ws.cell(r, kode).value: r for r in rows}
    r2 = by_code["IK-02"]
    assert ws.cell(r2, column_of(ws, "Target")).value == 12
    assert ws.cell(r2, column_of(ws, "Realisasi Bulan Maret")).value == 2
    assert ws.cell(r2, column_of(ws, "Realisasi s.d. Maret")).value == 4
    rencana = ws.cell(r2, column_of(ws, "Capaian Rencana (%)"))
    assert rencana.value == pytest.approx(133.3333333333)  # percent points, not 1.33
    assert rencana.number_format == layout.PCT_FORMAT
    assert ws.cell(r2, column_of(ws, "Capaian Tahunan (%)")).number_format == layout.PCT_FORMAT
    assert ws.cell(r2, column_of(ws, "Target")).number_format == layout.NUMBER_FORMAT
    assert ws.cell(r2, column_of(ws, "Predikat")).value == "Sangat Tinggi"
    r1 = by_code["IK-01"]
    assert ws.cell(r1, column_of(ws, "Target")).value == "BB"  # a SAKIP letter stays text
    assert ws.cell(r1, column_of(ws, "Capaian Tahunan (%)")).value is None  # undefined: blank, never 0
    assert ws.cell(r1, column_of(ws, "Keterangan")).value == "Belum ada realisasi"
    assert ws.cell(r1, column_of(ws, "Nama Jabatan")).value == "Kepala Dinas Sosial"


def test_predikat_cells_coloured_by_the_table(recap: openpyxl.Workbook) -> None:
    ws = recap[SHEET_REKAP_INDIKATOR]
    col = column_of(ws, "Predikat")
    cell = next(ws.cell(r, col) for r in data_rows(ws) if ws.cell(r, col).value == "Sangat Tinggi")
    top = layout.PREDIKAT_DEFAULT[0]
    assert cell.fill.fgColor.rgb[-6:] == top[2].lstrip("#")
    assert cell.font.color.rgb[-6:] == top[3].lstrip("#")


def test_only_the_capaian_the_predikat_stands_on_has_band_rules(recap: openpyxl.Workbook) -> None:
    # In March a kumulatif indicator at 25 % of its annual target is on plan (DOMAIN.md "Two capaian
    # figures"): colouring Capaian Tahunan by band would paint it "Sangat Rendah" red.
    ws = recap[SHEET_REKAP_INDIKATOR]
    rules = [(str(cf.sqref), r) for cf in ws.conditional_formatting for r in cf.rules]
    rows = data_rows(ws)

    def rules_on(label: str) -> list:
        letter = layout.column_letter(column_of(ws, label))
        return [r for s, r in rules if s == f"{letter}{rows[0]}:{letter}{rows[-1]}"]

    mine = rules_on("Capaian Rencana (%)")
    assert len(mine) == len(layout.PREDIKAT_DEFAULT)
    assert all(r.stopIfTrue for r in mine)
    assert ">=91" in min(mine, key=lambda r: r.priority).formula[0]
    assert rules_on("Capaian Tahunan (%)") == [] and rules_on("Capaian Bulan Ini (%)") == []


def test_counts_show_without_decimals_and_wrapped_rows_are_tall(recap: openpyxl.Workbook) -> None:
    ws = recap[SHEET_REKAP_INDIKATOR]
    rows = data_rows(ws)
    sd = column_of(ws, "Realisasi s.d. Maret")
    r2 = next(r for r in rows if ws.cell(r, column_of(ws, "Kode Indikator")).value == "IK-02")
    assert ws.cell(r2, sd).value == 4 and ws.cell(r2, sd).number_format == "#,##0"
    # one-line rows keep the default height
    assert ws.row_dimensions[r2].height is None


def test_wrapped_rows_get_their_height(tmp_path: Path) -> None:
    # LibreOffice does not fit row heights on load: a Keterangan of 100 characters in a 42-character
    # column wraps to 3 lines (textwrap at 42), so its row is 3 × 15 = 45 points tall.
    computation = make_computation()
    long_text = "Rencana: Target Bulan belum diisi; Tahunan: Target belum diisi; catatan tambahan panjang"
    long_text = (long_text + " x" * 10)[:100]
    computation.indikator.loc[computation.indikator["kode_indikator"] == "IK-03", "keterangan_capaian"] = long_text
    ws = openpyxl.load_workbook(write_recap(computation, tmp_path / "rekap.xlsx").path)[SHEET_REKAP_INDIKATOR]
    row = next(r for r in data_rows(ws) if ws.cell(r, column_of(ws, "Kode Indikator")).value == "IK-03")
    assert ws.cell(row, column_of(ws, "Keterangan")).value == long_text
    assert ws.row_dimensions[row].height == 45


def test_jabatan_sheet(recap: openpyxl.Workbook) -> None:
    ws = recap[SHEET_REKAP_JABATAN]
    assert headers(ws) == ["No", "Kode Jabatan", "Nama Jabatan", "Unit Kerja", "Kode Atasan", "Nama Atasan",
                           "Jumlah Indikator", "Tanpa Capaian", "Rata-rata Capaian (%)", "Predikat"]
    rows = data_rows(ws)
    values = [[ws.cell(r, c).value for c in range(2, 11)] for r in rows]
    assert values[0][:7] == ["KADIS", "Kepala Dinas Sosial", "Dinas Sosial", None, None, 1, 1]
    assert values[0][7] is None  # no capaian: blank, never 0
    assert values[1][:7] == ["SEK", "Sekretaris", "Sekretariat", "KADIS", "Kepala Dinas Sosial", 2, 0]
    assert values[1][7] == pytest.approx(113.8888888889)
    assert values[1][8] == "Sangat Tinggi"
    assert ws.cell(rows[1], column_of(ws, "Rata-rata Capaian (%)")).number_format == layout.PCT_FORMAT


def test_print_setup_frozen_header_and_filter(recap: openpyxl.Workbook) -> None:
    for ws in recap.worksheets:
        assert ws.freeze_panes == f"A{FIRST}"
        assert ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth in (1, None) and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_staff_text_stays_text(tmp_path: Path) -> None:
    computation = make_computation(perangkat_daerah="=HYPERLINK(\"x\")")
    frame = computation.indikator
    frame.at[0, "indikator_kinerja"] = "=SUM(A1:A3)"
    frame.at[1, "indikator_kinerja"] = "https://ekinerja.bkn.go.id"
    frame.at[2, "satuan"] = "1.234"
    out = write_recap(computation, tmp_path / "rekap.xlsx", workbook_title="Rekap Triwulan I").path
    wb = openpyxl.load_workbook(out)
    ws = wb[SHEET_REKAP_INDIKATOR]
    assert ws["A1"].value == "Rekap Triwulan I"
    assert ws["A2"].value == '=HYPERLINK("x")' and ws["A2"].data_type == "s"
    cells = {ws.cell(r, column_of(ws, "Kode Indikator")).value: r for r in data_rows(ws)}
    formula_cell = ws.cell(cells["IK-02"], column_of(ws, "Indikator Kinerja"))
    assert formula_cell.value == "=SUM(A1:A3)" and formula_cell.data_type == "s"
    assert ws.cell(cells["IK-03"], column_of(ws, "Indikator Kinerja")).value == "https://ekinerja.bkn.go.id"
    assert not ws._hyperlinks and not ws.cell(cells["IK-03"], 5).hyperlink
    assert ws.cell(cells["IK-01"], column_of(ws, "Satuan")).value == "1.234"


def test_month_name_follows_the_computation(tmp_path: Path) -> None:
    computation = make_computation(tahun=None)
    computation.month = 11
    out = write_recap(computation, tmp_path / "rekap.xlsx").path
    ws = openpyxl.load_workbook(out)[SHEET_REKAP_INDIKATOR]
    assert ws["A3"].value == "Rekap Bulan November"
    assert "Realisasi s.d. November" in headers(ws)


def test_custom_predikat_labels(tmp_path: Path) -> None:
    from ikixl.model import PredikatBand

    bands = (PredikatBand(Decimal(90), "Sangat Tinggi", "#123456", "#FFFFFF"),
             PredikatBand(Decimal(0), "Rendah", "#654321", "#000000"))
    out = write_recap(make_computation(predikat=bands), tmp_path / "rekap.xlsx").path
    ws = openpyxl.load_workbook(out)[SHEET_REKAP_JABATAN]
    assert ws.cell(FIRST + 1, 10).fill.fgColor.rgb[-6:] == "123456"
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert len(rules) == 2 and ">=90" in min(rules, key=lambda r: r.priority).formula[0]


def test_refusals(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_recap(make_computation(), tmp_path / "rekap.xls")
    assert info.value.code == "format-berkas-tidak-didukung"
    (tmp_path / "~$rekap.xlsx").write_text("x", encoding="utf-8")
    (tmp_path / "rekap.xlsx").write_bytes(b"old")
    with pytest.raises(WriteError) as info:
        write_recap(make_computation(), tmp_path / "rekap.xlsx")
    assert info.value.code == "berkas-sedang-dibuka"
    assert (tmp_path / "rekap.xlsx").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rekap.xlsx", "~$rekap.xlsx"]


def test_failure_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import xlsxwriter.workbook

    def broken_close(self):
        raise OSError("disk full")

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "close", broken_close)
    with pytest.raises(WriteError) as info:
        write_recap(make_computation(), tmp_path / "rekap.xlsx")
    assert isinstance(info.value.__cause__, OSError)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_output_is_kept_as_a_backup(tmp_path: Path) -> None:
    target = tmp_path / "rekap.xlsx"
    target.write_bytes(b"the clerk's own file")
    result = write_recap(make_computation(), target, now=datetime(2023, 4, 3, 8, 0, 0))
    assert result.path == target
    assert result.backup == tmp_path / "rekap.backup-20230403-080000.xlsx"
    assert result.backup.read_bytes() == b"the clerk's own file"
    assert openpyxl.load_workbook(target).sheetnames == [SHEET_REKAP_INDIKATOR, SHEET_REKAP_JABATAN]


def test_a_new_output_has_no_backup(tmp_path: Path) -> None:
    assert write_recap(make_computation(), tmp_path / "rekap.xlsx").backup is None
