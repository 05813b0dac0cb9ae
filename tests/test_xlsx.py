"""The direct package reader (ikixl.xlsx): what it reads equals what openpyxl reads, it is
fast on inflated sheets, and it refuses hostile packages with stable codes."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import time
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from ikixl import xlsx
from ikixl.errors import WorkbookError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "dinsos_kukar_2023.xlsx"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --------------------------------------------------------------------------- builders
def _package(path: Path, sheets: dict[str, str], *, strings: str | None = None,
             styles: str | None = None, extra: dict[str, bytes] | None = None,
             states: dict[str, str] | None = None) -> Path:
    """A minimal hand-written package: ``sheets`` maps name → worksheet XML (whole part)."""
    states = states or {}
    rels = [f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)]
    if strings is not None:
        rels.append(f'<Relationship Id="rS" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>')
    if styles is not None:
        rels.append(f'<Relationship Id="rT" Type="{REL_NS}/styles" Target="styles.xml"/>')
    entries = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"'
        + (f' state="{states[name]}"' if name in states else "") + "/>"
        for i, name in enumerate(sheets, start=1))
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      for i in range(1, len(sheets) + 1))
            + "</Types>"),
        "_rels/.rels": f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       f'<Relationship Id="r1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
                       "</Relationships>",
        "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{entries}</sheets>'
                           "</workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                      f'relationships">{"".join(rels)}</Relationships>',
    }
    for i, xml in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    if styles is not None:
        parts["xl/styles.xml"] = styles
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _sheet(data: str, *, before: str = "", after: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}" '
            f'xmlns:r="{REL_NS}">{before}<sheetData>{data}</sheetData>{after}</worksheet>')


def _refused(path: Path, code: str, **kwargs) -> WorkbookError:
    with pytest.raises(WorkbookError) as info:
        xlsx.read_cells(path, **kwargs)
    assert info.value.code == code, info.value.message
    assert info.value.path == path
    return info.value


def _openpyxl_cells(path: Path, *, data_only: bool) -> dict[str, dict[tuple[int, int], object]]:
    wb = openpyxl.load_workbook(path, data_only=data_only)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {(c.row, c.column): c for row in ws.iter_rows() for c in row
                         if c.value is not None}
    return out


# --------------------------------------------------------------------------- agreement with openpyxl
@pytest.fixture
def openpyxl_book(tmp_path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Teks", 0.1, 1234567.89, 2**40, True, False, "#DIV/0!", -7, 1e-7])
    ws["A2"] = 0.755
    ws["A2"].number_format = "0.00%"
    ws["B2"] = "198001012000011001"
    ws["B2"].number_format = "@"
    ws["C2"] = dt.datetime(2023, 3, 31)
    ws["D2"] = 75
    ws["D2"].number_format = '0.00" %"'
    ws["A3"] = "=SUM(B1:C1)"
    ws["B3"] = "  "
    ws["C3"] = "baris\nkedua"
    ws["A5"] = "tersembunyi"
    ws.row_dimensions[5].hidden = True
    ws.column_dimensions["F"].hidden = True
    ws["A10"] = "gabung"
    ws.merge_cells("A10:C11")
    ws["E20"].number_format = "0.00"  # styled, empty: not a cell
    hidden = wb.create_sheet("Tersembunyi")
    hidden["A1"] = 1
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("Sangat")
    very["B2"] = "x"
    very.sheet_state = "veryHidden"
    wb.create_sheet("Kosong")
    path = tmp_path / "openpyxl.xlsx"
    wb.save(path)
    return path


def test_values_formats_and_formulas_equal_openpyxl(openpyxl_book):
    ours = xlsx.read_cells(openpyxl_book)
    values = _openpyxl_cells(openpyxl_book, data_only=True)
    formulas = _openpyxl_cells(openpyxl_book, data_only=False)
    assert ours.sheet_names == ["Data", "Tersembunyi", "Sangat", "Kosong"]
    for sheet in ours:
        theirs = formulas[sheet.name]
        mine = {(r, c): cell for r, cells in sheet.rows.items() for c, cell in cells.items()}
        assert set(mine) == set(theirs), sheet.name
        for key, cell in mine.items():
            other = theirs[key]
            assert cell.number_format == other.number_format, key
            if cell.formula is not None:
                assert cell.formula == other.value
                assert cell.value == values[sheet.name].get(key, other).value if cell.has_cached else True
            elif other.is_date:
                assert cell.is_date and cell.value == 45016  # 2023-03-31 as a serial number
            else:
                assert cell.value == other.value and type(cell.value) is type(other.value), key


def test_cells_keep_their_exact_text_and_kind(openpyxl_book):
    data = xlsx.read_cells(openpyxl_book)["Data"]
    assert data.cell(1, 2).raw == "0.1" and Decimal(data.cell(1, 2).raw) == Decimal("0.1")
    assert data.cell(1, 3).raw == "1234567.89"
    assert data.value(1, 4) == 2**40 and isinstance(data.value(1, 4), int)
    assert data.cell(1, 5).kind == "b" and data.value(1, 5) is True and data.value(1, 6) is False
    assert data.cell(1, 7).kind == "e" and data.value(1, 7) == "#DIV/0!"
    assert data.value(1, 8) == -7 and data.value(1, 9) == 1e-7
    assert data.cell(1, 1).kind == "inlineStr" and data.value(1, 1) == "Teks"  # openpyxl writes inline
    assert data.cell(2, 1).is_percent and not data.cell(2, 1).is_text_formatted
    assert data.cell(2, 2).is_text_formatted and data.value(2, 2) == "198001012000011001"
    assert data.cell(2, 3).is_date and not data.cell(2, 3).is_percent
    assert not data.cell(2, 4).is_percent  # 0.00" %" shows a literal sign; 75 means 75
    assert data.value(3, 2) == "  "  # never stripped
    assert data.value(3, 3) == "baris\nkedua"


def test_openpyxl_formula_has_no_cached_value(openpyxl_book):
    cell = xlsx.read_cells(openpyxl_book)["Data"].cell(3, 1)
    assert cell.formula == "=SUM(B1:C1)"
    assert not cell.has_cached and cell.value is None and cell.raw is None


def test_sheet_states_hidden_rows_merged_and_dimension(openpyxl_book):
    wb = xlsx.read_cells(openpyxl_book)
    assert [(s.name, s.state) for s in wb] == [
        ("Data", "visible"), ("Tersembunyi", "hidden"), ("Sangat", "veryHidden"), ("Kosong", "visible")]
    data = wb["Data"]
    assert data.hidden_rows == {5} and data.value(5, 1) == "tersembunyi"
    assert data.hidden_cols == {6}
    assert data.merged == ["A10:C11"]
    assert data.dimension is not None and data.last_row == 10
    assert data.cell(20, 5) is None and 20 not in data.rows
    assert wb["Sangat"].value(2, 2) == "x"
    assert wb["Kosong"].rows == {} and wb["Kosong"].last_row == 0
    assert wb.get("Tidak ada") is None
    with pytest.raises(KeyError):
        wb["Tidak ada"]


def test_only_the_requested_sheets_are_read(openpyxl_book):
    wb = xlsx.read_cells(openpyxl_book, sheets=["Sangat"])
    assert wb.sheet_names == ["Data", "Tersembunyi", "Sangat", "Kosong"]
    assert wb["Data"].rows == {} and wb["Sangat"].value(2, 2) == "x"


def _xlsxwriter_book(path: Path, *, far_format: bool) -> Path:
    wb = xlsxwriter.Workbook(path)
    bold = wb.add_format({"bold": True})
    pct = wb.add_format({"num_format": "0.00%"})
    text = wb.add_format({"num_format": "@"})
    ws = wb.add_worksheet("Realisasi")
    ws.write_string(0, 0, "Target")
    ws.write_number(0, 1, 0.1)
    ws.write_number(0, 2, 1234567.89)
    ws.write_number(0, 3, 2**53)
    ws.write_boolean(0, 4, True)
    ws.write_rich_string(1, 0, "Capaian ", bold, "tahunan", " (%)")
    ws.write_number(1, 1, 0.875, pct)
    ws.write_string(1, 2, "0012", text)
    ws.write_formula(2, 0, "=(2-B2/A2)*100", None, 0)
    ws.write_formula(2, 1, '=IF(A1="","kosong","isi")', None, "isi")
    ws.write_formula(2, 2, "=1/0", None, "#DIV/0!")
    ws.write_formula(2, 3, "=B1>0", None, True)
    ws.write_blank(4, 0, None, pct)  # styled blank: not a cell
    if far_format:  # openpyxl (normal mode) would create a million cells: not for comparisons
        ws.set_row(1048575, None, bold)
        ws.write_blank(1048575, 7, None, bold)
    wb.add_worksheet("Kedua").hide()
    wb.close()
    return path


@pytest.fixture
def xlsxwriter_book(tmp_path) -> Path:
    return _xlsxwriter_book(tmp_path / "xlsxwriter.xlsx", far_format=False)


def test_xlsxwriter_book_equals_openpyxl(xlsxwriter_book):
    ours = xlsx.read_cells(xlsxwriter_book)
    values = _openpyxl_cells(xlsxwriter_book, data_only=True)["Realisasi"]
    formulas = _openpyxl_cells(xlsxwriter_book, data_only=False)["Realisasi"]
    sheet = ours["Realisasi"]
    mine = {(r, c): cell for r, cells in sheet.rows.items() for c, cell in cells.items()}
    assert set(mine) == set(formulas)
    for key, cell in mine.items():
        assert cell.value == values[key].value, key
        assert cell.number_format == formulas[key].number_format, key
        if cell.formula is not None:
            assert cell.formula == formulas[key].value
    assert ours.sheet_names == ["Realisasi", "Kedua"] and ours["Kedua"].state == "hidden"


def test_xlsxwriter_cached_values_and_rich_text(xlsxwriter_book):
    sheet = xlsx.read_cells(xlsxwriter_book)["Realisasi"]
    assert (sheet.cell(1, 1).kind, sheet.value(1, 1)) == ("s", "Target")  # XlsxWriter shares strings
    assert sheet.value(2, 1) == "Capaian tahunan (%)"
    assert sheet.cell(2, 2).is_percent and sheet.cell(2, 2).raw == "0.875"
    assert sheet.cell(2, 3).is_text_formatted and sheet.value(2, 3) == "0012"
    cached_zero = sheet.cell(3, 1)
    assert cached_zero.formula == "=(2-B2/A2)*100" and cached_zero.has_cached and cached_zero.value == 0
    assert (sheet.cell(3, 2).kind, sheet.value(3, 2)) == ("str", "isi")
    assert (sheet.cell(3, 3).kind, sheet.value(3, 3)) == ("e", "#DIV/0!")
    assert (sheet.cell(3, 4).kind, sheet.value(3, 4)) == ("b", True)
    assert sheet.value(1, 4) == 2**53 and isinstance(sheet.value(1, 4), int)


def test_formatting_down_to_the_last_row_costs_nothing(tmp_path):
    path = _xlsxwriter_book(tmp_path / "far.xlsx", far_format=True)
    started = time.perf_counter()
    sheet = xlsx.read_cells(path)["Realisasi"]
    assert time.perf_counter() - started < 0.5
    assert sheet.last_row == 3 and 1048576 not in sheet.rows and 5 not in sheet.rows


def test_inflated_dimension_is_not_trusted(tmp_path):
    """B04: a styled empty cell at H1048576 makes the sheet claim a million rows."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>baris {r}</t></is></c>'
                   f'<c r="B{r}" t="n"><v>{r}</v></c><c r="H{r}" t="inlineStr"/></row>' for r in range(1, 5))
    rows += "".join(f'<row r="{r}" s="1" customFormat="1"><c r="H{r}" s="1"/></row>'
                    for r in range(5, 20000)) + '<row r="1048576"><c r="H1048576" s="1"/></row>'
    path = _package(tmp_path / "b04.xlsx", {"Data": _sheet(rows, before='<dimension ref="A1:H1048576"/>')})
    started = time.perf_counter()
    sheet = xlsx.read_cells(path)["Data"]
    assert time.perf_counter() - started < 0.5
    assert sheet.dimension == "A1:H1048576"
    assert sheet.last_row == 4 and sheet.values(4) == ["baris 4", 4]


def test_constant_memory_inline_strings(tmp_path):
    path = tmp_path / "cm.xlsx"
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("Data")
    for r in range(50):
        ws.write_row(r, 0, [f"baris {r}", r, r / 10, ""])
    wb.close()
    sheet = xlsx.read_cells(path)["Data"]
    assert sheet.cell(1, 1).kind == "inlineStr"
    assert sheet.values(50) == ["baris 49", 49, 4.9] or sheet.values(50) == ["baris 49", 49, 4.9, ""]
    assert sheet.last_row == 50


def test_the_example_workbook_equals_openpyxl():
    ours = xlsx.read_cells(EXAMPLE)
    wb = openpyxl.load_workbook(EXAMPLE, read_only=True, data_only=True)
    try:
        assert ours.sheet_names == wb.sheetnames
        for ws in wb.worksheets:
            sheet = ours[ws.title]
            seen = set()
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None:
                        continue
                    seen.add((c.row, c.column))
                    assert sheet.value(c.row, c.column) == c.value, (ws.title, c.coordinate)
                    assert sheet.number_format(c.row, c.column) == c.number_format
            assert seen == {(r, col) for r, cells in sheet.rows.items() for col in cells}
    finally:
        wb.close()


# --------------------------------------------------------------------------- hand-written parts
def test_hand_written_parts(tmp_path):
    """Rich text with phonetic runs, escapes, prefixed namespaces, rows and cells without r."""
    strings = (f'<sst xmlns="{MAIN_NS}"><si><t>Nama</t></si>'
               '<si><r><t>Ca</t></r><r><rPr><b/></rPr><t xml:space="preserve">paian </t></r>'
               '<rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>'
               '<si><t>satu_x000D_\ndua &amp; tiga</t></si></sst>')
    styles = (f'<styleSheet xmlns="{MAIN_NS}"><numFmts count="1"><numFmt numFmtId="164" '
              'formatCode="0.0%"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/>'
              '<xf numFmtId="49"/><xf numFmtId="14"/></cellXfs></styleSheet>')
    data = ('<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c><c><v>5</v></c></row>'
            '<row><c s="1"><v>0.5</v></c><c s="2" t="s"><v>0</v></c><c s="3"><v>45016</v></c>'
            '<c s="9"><v>1</v></c></row>'
            '<row r="4"><c r="A4"><f>SUM(A1:A2)</f><v>5.5</v></c><c r="B4" t="str"><f>A1&amp;"x"</f>'
            '<v></v></c><c r="C4" t="d"><v>2023-03-31T00:00:00</v></c></row>')
    path = _package(tmp_path / "hand.xlsx", {"Data": _sheet(data)}, strings=strings, styles=styles)
    sheet = xlsx.read_cells(path)["Data"]
    assert sheet.values(1) == ["Nama", "Capaian ", None, "satu\r\ndua & tiga", 5]
    assert sheet.cell(2, 1).number_format == "0.0%" and sheet.cell(2, 1).is_percent
    assert sheet.cell(2, 2).number_format == "@" and sheet.value(2, 2) == "Nama"
    assert sheet.cell(2, 3).number_format == "mm-dd-yy" and sheet.cell(2, 3).is_date
    assert sheet.cell(2, 4).number_format == "General"  # unknown style index
    assert sheet.cell(4, 1).formula == "=SUM(A1:A2)" and sheet.value(4, 1) == 5.5
    assert sheet.cell(4, 2).has_cached and sheet.value(4, 2) == ""  # a formula that returned ""
    assert (sheet.cell(4, 3).kind, sheet.value(4, 3)) == ("d", "2023-03-31T00:00:00")


def test_prefixed_namespace_and_bom(tmp_path):
    xml = ('\ufeff<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="' + MAIN_NS + '"><x:sheetData>'
           '<x:row r="2" hidden="1"><x:c r="B2" t="inlineStr"><x:is><x:t>ok</x:t></x:is></x:c></x:row>'
           '</x:sheetData><x:mergeCells><x:mergeCell ref="B2:C2"/></x:mergeCells></x:worksheet>')
    sheet = xlsx.read_cells(_package(tmp_path / "ns.xlsx", {"Data": xml.encode("utf-8")}))["Data"]
    assert sheet.value(2, 2) == "ok" and sheet.hidden_rows == {2} and sheet.merged == ["B2:C2"]


def test_shared_formulas_are_translated_like_openpyxl(tmp_path):
    data = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}">'
        + (f'<f t="shared" ref="B1:C5" si="0">A1*2+$A$1+SUM(A$1:A1)+Sheet2!A1+"A1"</f>' if r == 1
           else '<f t="shared" si="0"/>') + f'<v>{r * 2}</v></c><c r="C{r}"><f t="shared" si="0"/></c></row>'
        for r in range(1, 6))
    path = _package(tmp_path / "shared.xlsx", {"Data": _sheet(data)})
    sheet = xlsx.read_cells(path)["Data"]
    theirs = openpyxl.load_workbook(path)["Data"]
    for r in range(1, 6):
        for col in (2, 3):
            assert sheet.cell(r, col).formula == theirs.cell(r, col).value, (r, col)
    assert sheet.cell(3, 2).formula == '=A3*2+$A$1+SUM(A$1:A3)+Sheet2!A3+"A1"'
    assert not sheet.cell(3, 3).has_cached


@pytest.mark.parametrize(("text", "drow", "dcol", "expected"), [
    ("A1+B$2+$C3+$D$4", 2, 1, "B3+C$2+$C5+$D$4"),
    ("SUM(A:A)+SUM(1:1)", 1, 1, "SUM(B:B)+SUM(2:2)"),
    ("LOG10(A1)+'My Sheet'!A1", 1, 0, "LOG10(A2)+'My Sheet'!A2"),
    ("A1", -1, 0, "#REF!"),
    ('IF(A1="B2",Table1[Col],A1)', 0, 1, 'IF(B1="B2",Table1[Col],B1)'),
])
def test_shift_formula(text, drow, dcol, expected):
    assert xlsx._shift_formula(text, drow, dcol) == expected


@pytest.mark.parametrize(("code", "percent", "text", "date"), [
    ("General", False, False, False),
    ("0%", True, False, False),
    ("0.00%", True, False, False),
    ('0.00" %"', False, False, False),
    ('0.00\\%', False, False, False),
    ("@", False, True, False),
    ("mm-dd-yy", False, False, True),
    ("[$-421]dd mmmm yyyy", False, False, True),
    ('#,##0;[Red]-#,##0', False, False, False),
    ("[h]:mm:ss", False, False, True),
    (None, False, False, False),
])
def test_format_kinds(code, percent, text, date):
    assert xlsx.is_percent_format(code) is percent
    assert xlsx.is_text_format(code) is text
    assert xlsx.is_date_format(code) is date


# --------------------------------------------------------------------------- refusals
BILLION_LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1 if i > 1 else "") + ";") * 10}">'
                            for i in range(1, 10))
                  + f']><worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
                  "<t>&lol9;</t></is></c></row></sheetData></worksheet>")
EXTERNAL_ENTITY = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
                   "<t>&xxe;</t></is></c></row></sheetData></worksheet>")


@pytest.mark.parametrize("xml", [
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    '<?xml version="1.0"?><!-- komentar --><?pi x?>\n<!DOCTYPE worksheet SYSTEM "http://x/y.dtd">'
    "<worksheet/>",
    ("<?xml version='1.0' encoding='UTF-16'?><!DOCTYPE w [<!ENTITY a 'b'>]><worksheet/>").encode("utf-16"),
    "<!--" + " " * 70_000 + "--><worksheet/>",  # a prolog longer than anything Excel writes
], ids=["billion-laughs", "external-entity", "after-comment", "utf-16", "long-prolog"])
def test_dtd_and_entities_are_refused_before_parsing(tmp_path, xml):
    path = _package(tmp_path / "evil.xlsx", {"Data": xml})
    tracemalloc.start()
    try:
        _refused(path, xlsx.CODE_UNSAFE_XML)
        assert tracemalloc.get_traced_memory()[1] < 10 << 20
    finally:
        tracemalloc.stop()


def test_dtd_in_shared_strings_is_refused(tmp_path):
    strings = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "b">]><sst xmlns="' + MAIN_NS
               + '"><si><t>&a;</t></si></sst>')
    _refused(_package(tmp_path / "sst.xlsx", {"Data": _sheet("")}, strings=strings), xlsx.CODE_UNSAFE_XML)


def test_the_parser_refuses_a_dtd_even_if_the_prolog_scan_missed_it(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx.Package, "_check_prolog", lambda self, name, head: None)
    for i, xml in enumerate((BILLION_LAUGHS, EXTERNAL_ENTITY)):
        error = _refused(_package(tmp_path / f"evil{i}.xlsx", {"Data": xml}), xlsx.CODE_UNSAFE_XML)
        assert "DOCTYPE" in error.message or "ENTITY" in error.message


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    path = _package(tmp_path / "bomb.xlsx", {"Data": _sheet("")},
                    extra={"xl/media/padding.bin": b"\0" * (20 << 20)})
    tracemalloc.start()
    try:
        error = _refused(path, xlsx.CODE_COMPRESSION)
        assert tracemalloc.get_traced_memory()[1] < 5 << 20
    finally:
        tracemalloc.stop()
    assert "xl/media/padding.bin" in error.message


def test_a_lying_size_is_not_inflated_beyond_the_part_limit(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 3000))
    path = _package(tmp_path / "big.xlsx", {"Data": _sheet(rows)})
    _refused(path, xlsx.CODE_TOO_LARGE, limits=xlsx.Limits(max_part_bytes=10_000))
    _refused(path, xlsx.CODE_TOO_LARGE, limits=xlsx.Limits(max_total_bytes=20_000))
    _refused(path, xlsx.CODE_TOO_MANY_PARTS, limits=xlsx.Limits(max_members=3))
    _refused(path, xlsx.CODE_COMPRESSION, limits=xlsx.Limits(max_ratio=2, ratio_min_bytes=1000))


def test_real_workbooks_pass_the_default_limits(xlsxwriter_book, openpyxl_book):
    for path in (EXAMPLE, xlsxwriter_book, openpyxl_book):
        with xlsx.open_package(path) as package:
            assert package.find("XL/WORKBOOK.XML") == "xl/workbook.xml"


def test_truncated_and_non_zip_files_are_corrupt(tmp_path):
    half = tmp_path / "half.xlsx"
    half.write_bytes(EXAMPLE.read_bytes()[: EXAMPLE.stat().st_size // 2])
    _refused(half, xlsx.CODE_CORRUPT)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    _refused(junk, xlsx.CODE_CORRUPT)
    _refused(tmp_path / "absent.xlsx", xlsx.CODE_MISSING)


def test_damaged_member_is_corrupt(tmp_path):
    data = bytearray(EXAMPLE.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet24.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 1000
    data[start:start + 200] = bytes(200)
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    _refused(path, xlsx.CODE_CORRUPT)


def test_zip_without_a_workbook_is_not_xlsx(tmp_path):
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "halo")
    _refused(path, xlsx.CODE_NOT_XLSX)


@pytest.mark.parametrize(("data", "cell"), [
    ('<row r="1"><c r="A1" t="s"><v>7</v></c></row>', "A1"),
    ('<row r="2"><c r="B2"><v>tujuh</v></c></row>', "B2"),
    ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></row>', None),
])
def test_malformed_content_is_corrupt_with_its_place(tmp_path, data, cell):
    path = _package(tmp_path / "bad.xlsx", {"Data": _sheet(data)}, strings=f'<sst xmlns="{MAIN_NS}"/>')
    error = _refused(path, xlsx.CODE_CORRUPT)
    assert error.cell == cell
    if cell:
        assert error.sheet == "Data" and cell in error.message


# --------------------------------------------------------------------------- cheap to import
def test_import_pulls_no_spreadsheet_or_dataframe_library():
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import ikixl.xlsx"],
                         capture_output=True, text=True, check=True)
    modules = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in out.stderr.splitlines()}
    assert not modules & {"openpyxl", "pandas", "numpy", "python_calamine", "defusedxml"}
