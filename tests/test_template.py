"""The template writer: the shipped template is what the code generates, and it follows layout.py."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from ikixl import layout
from ikixl.errors import WriteError
from ikixl.petunjuk import KETERANGAN_KOLOM
from ikixl.template import (
    DOCUMENT_CREATED,
    TEMPLATE_KODE_JABATAN,
    TEMPLATE_REALISASI_ROWS,
    JabatanForm,
    Pengaturan,
    WorkbookContent,
    write_template,
    write_workbook,
)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "workbook_templates" / "ikixl_template_v1.xlsx"
DAFTAR_NAMES = {name for name, _, _ in layout.DAFTAR}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("template") / "template.xlsx")


@pytest.fixture(scope="module")
def wb(generated: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(generated)


def _zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _dv_covers(ws, formula: str, col: int, first_row: int, last_row: int) -> bool:
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list" and dv.formula1 == formula:
            for rng in dv.sqref.ranges:
                if rng.min_col <= col <= rng.max_col and rng.min_row <= first_row and rng.max_row >= last_row:
                    return True
    return False


# --------------------------------------------------------------------------- shipped file
def test_shipped_template_equals_generated(generated: Path) -> None:
    if generated.read_bytes() != SHIPPED.read_bytes():
        shipped, fresh = _zip_members(SHIPPED), _zip_members(generated)
        differing = sorted(n for n in shipped.keys() | fresh.keys() if shipped.get(n) != fresh.get(n))
        pytest.fail("workbook_templates/ikixl_template_v1.xlsx is stale; regenerate it with `python -m "
                    f"ikixl.template workbook_templates/ikixl_template_v1.xlsx`. Differs: {differing}")


def test_write_template_is_byte_reproducible(tmp_path: Path) -> None:
    first = write_template(tmp_path / "a.xlsx").read_bytes()
    second = write_template(tmp_path / "b.xlsx").read_bytes()
    assert first == second


def test_zip_timestamps_and_created_date_are_fixed(generated: Path) -> None:
    with zipfile.ZipFile(generated) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert DOCUMENT_CREATED.strftime("%Y-%m-%dT%H:%M:%SZ") in core


# --------------------------------------------------------------------------- structure
def test_sheet_names_in_order(wb: openpyxl.Workbook) -> None:
    assert wb.sheetnames == [layout.SHEET_PETUNJUK, layout.SHEET_PENGATURAN, TEMPLATE_KODE_JABATAN,
                             layout.SHEET_REALISASI]


def test_jabatan_sheet_labels_at_layout_positions(wb: openpyxl.Workbook) -> None:
    ws = wb[TEMPLATE_KODE_JABATAN]
    assert ws.cell(layout.JABATAN_TITLE_ROW, 1).value == layout.JABATAN_TITLE
    for row, column in enumerate(layout.JABATAN_FIELDS, start=layout.JABATAN_FIELDS_FIRST_ROW):
        assert ws.cell(row, layout.JABATAN_LABEL_COL).value == column.label
    kode_row = layout.JABATAN_FIELDS_FIRST_ROW + [c.key for c in layout.JABATAN_FIELDS].index("kode_jabatan")
    assert ws.cell(kode_row, layout.JABATAN_VALUE_COL).value == TEMPLATE_KODE_JABATAN
    assert ws.cell(layout.INDIKATOR_SECTION_ROW, 1).value == layout.INDIKATOR_CAPTION
    for col, column in enumerate(layout.INDIKATOR_COLUMNS, start=1):
        assert ws.cell(layout.INDIKATOR_HEADER_ROW, col).value == column.label
        assert column.matches(ws.cell(layout.INDIKATOR_HEADER_ROW, col).value)
        assert ws.column_dimensions[layout.column_letter(col)].width >= column.width


def test_jabatan_sheet_offers_formatted_empty_rows_with_dropdowns(wb: openpyxl.Workbook) -> None:
    ws = wb[TEMPLATE_KODE_JABATAN]
    first = layout.INDIKATOR_HEADER_ROW + 1
    last = first + layout.TEMPLATE_INDIKATOR_ROWS - 1
    for col, column in enumerate(layout.INDIKATOR_COLUMNS, start=1):
        for row in (first, last):
            cell = ws.cell(row, col)
            assert cell.value is None
            assert cell.border.left.style == "thin"
            if column.kind in ("code", "nip"):
                assert cell.number_format == "@"
            elif column.number_format:
                assert cell.number_format == column.number_format
        if column.list_name:
            assert _dv_covers(ws, column.list_name, col, first, last), column.key
    assert ws.freeze_panes == f"A{layout.INDIKATOR_HEADER_ROW + 1}"


def test_code_and_nip_cells_are_text(wb: openpyxl.Workbook) -> None:
    ws = wb[TEMPLATE_KODE_JABATAN]
    for row, column in enumerate(layout.JABATAN_FIELDS, start=layout.JABATAN_FIELDS_FIRST_ROW):
        fmt = ws.cell(row, layout.JABATAN_VALUE_COL).number_format
        assert (fmt == "@") == (column.kind in ("code", "nip")), column.key
    kode_col = 1 + [c.key for c in layout.REALISASI_INPUT_COLUMNS].index("kode_indikator")
    assert wb[layout.SHEET_REALISASI].cell(layout.REALISASI_HEADER_ROW + 1, kode_col).number_format == "@"


def test_realisasi_sheet(wb: openpyxl.Workbook) -> None:
    ws = wb[layout.SHEET_REALISASI]
    assert ws.cell(1, 1).value == layout.REALISASI_TITLE
    header = layout.REALISASI_HEADER_ROW
    for col, column in enumerate(layout.REALISASI_COLUMNS, start=1):
        assert ws.cell(header, col).value == column.label
    first, last = header + 1, header + TEMPLATE_REALISASI_ROWS
    input_count = len(layout.REALISASI_INPUT_COLUMNS)
    input_fill = ws.cell(header, 1).fill.fgColor.rgb
    for col, column in enumerate(layout.REALISASI_COLUMNS, start=1):
        computed = col > input_count
        assert (ws.cell(header, col).fill.fgColor.rgb != input_fill) == computed, column.key
        if column.number_format:
            assert ws.cell(last, col).number_format == column.number_format, column.key
        if column.list_name:
            assert _dv_covers(ws, column.list_name, col, first, last)
    pct_cols = [c for c in layout.REALISASI_COMPUTED_COLUMNS if c.key.endswith("_pct")]
    assert pct_cols and all(c.number_format == layout.PCT_FORMAT for c in pct_cols)
    assert ws.max_row == last
    assert ws.freeze_panes == f"A{header + 1}"


def test_pengaturan_settings_and_defaults(wb: openpyxl.Workbook) -> None:
    ws = wb[layout.SHEET_PENGATURAN]
    assert ws.cell(1, 1).value == layout.PENGATURAN_TITLE
    cols = (layout.PENGATURAN_LABEL_COL, layout.PENGATURAN_VALUE_COL, layout.PENGATURAN_NOTE_COL)
    assert [ws.cell(layout.PENGATURAN_HEADER_ROW, c).value for c in cols] == list(layout.PENGATURAN_HEADERS)
    for row, setting in enumerate(layout.SETTINGS, start=layout.PENGATURAN_FIRST_ROW):
        assert ws.cell(row, layout.PENGATURAN_LABEL_COL).value == setting.label
        assert ws.cell(row, layout.PENGATURAN_NOTE_COL).value == setting.note
        value = ws.cell(row, layout.PENGATURAN_VALUE_COL).value
        if setting.kind == "month":
            assert value == layout.BULAN[setting.default - 1]
        else:
            assert value == (setting.default if setting.default != "" else None), setting.key
        if setting.list_name:
            assert _dv_covers(ws, setting.list_name, layout.PENGATURAN_VALUE_COL, row, row)


def test_predikat_table_is_filled_with_its_colours(wb: openpyxl.Workbook) -> None:
    ws = wb[layout.SHEET_PENGATURAN]
    assert ws.cell(layout.PREDIKAT_CAPTION_ROW, 1).value == layout.PREDIKAT_CAPTION
    for col, column in enumerate(layout.PREDIKAT_COLUMNS, start=1):
        assert ws.cell(layout.PREDIKAT_HEADER_ROW, col).value == column.label
    warna_col = 1 + [c.key for c in layout.PREDIKAT_COLUMNS].index("warna")
    for i, (lower, label, fill, font) in enumerate(layout.PREDIKAT_DEFAULT):
        row = layout.PREDIKAT_HEADER_ROW + 1 + i
        assert [ws.cell(row, c).value for c in range(1, 5)] == [lower, label, fill, font]
        cell = ws.cell(row, warna_col)
        assert cell.fill.fgColor.rgb == "FF" + fill.lstrip("#").upper()
        assert cell.font.color.rgb == "FF" + font.lstrip("#").upper()
    assert ws.cell(layout.PREDIKAT_HEADER_ROW + 1 + len(layout.PREDIKAT_DEFAULT), 1).value is None


def test_dropdown_lists_and_defined_names(wb: openpyxl.Workbook) -> None:
    ws = wb[layout.SHEET_PENGATURAN]
    assert ws.cell(layout.DAFTAR_HEADER_ROW - 1, layout.DAFTAR_FIRST_COL).value == layout.DAFTAR_CAPTION
    for i, (name, header, values) in enumerate(layout.DAFTAR):
        col = layout.DAFTAR_FIRST_COL + i
        assert ws.cell(layout.DAFTAR_HEADER_ROW, col).value == header
        defined = wb.defined_names[name]
        ((sheet, ref),) = list(defined.destinations)
        assert sheet == layout.SHEET_PENGATURAN
        assert tuple(c.value for (c,) in ws[ref.replace("$", "")]) == values
        letter = layout.column_letter(col)
        first, last = layout.DAFTAR_HEADER_ROW + 1, layout.DAFTAR_HEADER_ROW + len(values)
        assert ref == f"${letter}${first}:${letter}${last}"


def test_every_validation_uses_a_defined_name(wb: openpyxl.Workbook) -> None:
    count = 0
    for ws in wb.worksheets:
        for dv in ws.data_validations.dataValidation:
            count += 1
            assert dv.type == "list"
            assert dv.formula1 in DAFTAR_NAMES, (ws.title, dv.formula1)
            assert "!" not in dv.formula1
    assert count >= 5


def test_petunjuk_explains_every_column(wb: openpyxl.Workbook) -> None:
    keys = {c.key for c in (*layout.JABATAN_FIELDS, *layout.INDIKATOR_COLUMNS, *layout.REALISASI_COLUMNS)}
    assert keys <= KETERANGAN_KOLOM.keys()
    text = "\n".join(str(c.value) for (c,) in wb[layout.SHEET_PETUNJUK].iter_rows(max_col=1) if c.value)
    for column in (*layout.JABATAN_FIELDS, *layout.INDIKATOR_COLUMNS, *layout.REALISASI_COLUMNS):
        assert f"• {column.label}:" in text
    for word in ("Penyebut", "poin persen", "Kode Atasan", "Indikator Atasan", "ikixl compute", "Januari",
                 "jangan mengganti nama lembar"):
        assert word.lower() in text.lower(), word


# --------------------------------------------------------------------------- write_workbook
def test_staff_text_stays_text(tmp_path: Path) -> None:
    tricky = ["=SUM(A1:A2)", "+62 812 0000", "- selesai", "@Sekretariat", "http://contoh.go.id", "001"]
    form = JabatanForm(
        {"kode_jabatan": "SEK", "nip": "199001012020011001", "kode_atasan": "KADIS",
         "fungsi": ["Satu;", "Dua"]},
        [{"no": 1, "kode_indikator": "SEK.1", "indikator_kinerja": t, "sumber_data": ["A", "B"],
          "target": "80-90", "indikator_atasan": "KADIS.1"} for t in tricky],
    )
    content = WorkbookContent(
        Pengaturan({"perangkat_daerah": "=Dinas", "tahun": 2023, "bulan_pelaporan": 3,
                    "capaian_minimal_nol": True}),
        [form],
        [{"kode_indikator": "SEK.1", "bulan": 3, "realisasi": 5, "keterangan": t} for t in tricky],
        empty_indikator_rows=0, empty_realisasi_rows=0,
    )
    wb = openpyxl.load_workbook(write_workbook(tmp_path / "x.xlsx", content))
    ws = wb["SEK"]
    fields = {c.key: layout.JABATAN_FIELDS_FIRST_ROW + i for i, c in enumerate(layout.JABATAN_FIELDS)}
    nip = ws.cell(fields["nip"], layout.JABATAN_VALUE_COL)
    assert nip.value == "199001012020011001" and nip.data_type == "s"
    assert ws.cell(fields["fungsi"], layout.JABATAN_VALUE_COL).value == "1. Satu;\n2. Dua"
    ind_col = {c.key: i for i, c in enumerate(layout.INDIKATOR_COLUMNS, start=1)}
    for i, text in enumerate(tricky):
        cell = ws.cell(layout.INDIKATOR_HEADER_ROW + 1 + i, ind_col["indikator_kinerja"])
        assert cell.value == text and cell.data_type == "s"
    first = layout.INDIKATOR_HEADER_ROW + 1
    assert ws.cell(first, ind_col["sumber_data"]).value == "A\nB"
    assert ws.cell(first, ind_col["target"]).value == "80-90"
    assert ws.max_row == first + len(tricky) - 1
    real = wb[layout.SHEET_REALISASI]
    real_col = {c.key: i for i, c in enumerate(layout.REALISASI_INPUT_COLUMNS, start=1)}
    row = layout.REALISASI_HEADER_ROW + 1
    assert real.cell(row, real_col["bulan"]).value == "Maret"
    assert [real.cell(row + i, real_col["keterangan"]).value for i in range(len(tricky))] == tricky
    peng = wb[layout.SHEET_PENGATURAN]
    settings = {s.key: layout.PENGATURAN_FIRST_ROW + i for i, s in enumerate(layout.SETTINGS)}
    assert peng.cell(settings["perangkat_daerah"], layout.PENGATURAN_VALUE_COL).value == "=Dinas"
    assert peng.cell(settings["bulan_pelaporan"], layout.PENGATURAN_VALUE_COL).value == "Maret"
    assert peng.cell(settings["capaian_minimal_nol"], layout.PENGATURAN_VALUE_COL).value == "Ya"


@pytest.mark.parametrize("content, fragment", [
    (WorkbookContent(jabatan=[JabatanForm({"kode_jabatan": "A", "warna": 1})]), "warna"),
    (WorkbookContent(jabatan=[JabatanForm({"kode_jabatan": "A"}), JabatanForm({"kode_jabatan": "a"})]),
     "dua kali"),
    (WorkbookContent(jabatan=[JabatanForm({"kode_jabatan": layout.SHEET_REALISASI})]), "dua kali"),
    (WorkbookContent(jabatan=[JabatanForm({"kode_jabatan": "A/B"})]), "nama lembar"),
    (WorkbookContent(jabatan=[JabatanForm({})]), "nama lembar"),
    (WorkbookContent(realisasi=[{"bulan": 1, "capaian_tahunan_pct": 5}]), "capaian_tahunan_pct"),
    (WorkbookContent(Pengaturan({"tahunan": 1})), "tahunan"),
])
def test_invalid_content_is_refused(tmp_path: Path, content: WorkbookContent, fragment: str) -> None:
    target = tmp_path / "x.xlsx"
    with pytest.raises(WriteError, match=fragment) as info:
        write_workbook(target, content)
    assert info.value.code == "isi-tidak-valid"
    assert not target.exists()


def test_unwritable_path_raises_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError):
        write_template(tmp_path / "missing-folder" / "x.xlsx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["templat.csv", "templat.xlsm", "templat"])
def test_a_template_is_only_written_as_xlsx(tmp_path: Path, name: str) -> None:
    # A .csv holding a zip opens nowhere; an .xlsm without its macro content type is refused by Excel.
    with pytest.raises(WriteError) as info:
        write_template(tmp_path / name)
    assert info.value.code == "format-berkas-tidak-didukung"
    assert list(tmp_path.iterdir()) == []


def test_a_template_into_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_template(tmp_path / "tidak-ada" / "templat.xlsx")
    assert info.value.code == "berkas-tidak-ditemukan"
    assert "tidak-ada" in info.value.message
