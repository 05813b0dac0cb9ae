"""The failing inputs handed to ikixl, each fault built into an ikixl workbook with its outcome.

``tests/cases_manifest.yaml`` is the repository's record of the handed files (they are
not in the repository): what each is, what ``ikixl check`` does on it as it is, and
the tests that build the same fault into an ikixl-format workbook.  The first tests
keep the manifest honest (every handed file listed, every named test existing); the
rest are the value-level faults of B06–B08, B11 and B14 that no other test covers
(B05's formulas are cases of ``tests/test_check.py``).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from workbook_factory import build_workbook, col_of, realisasi_cell

from ikixl import layout
from ikixl.catalogue import CATALOGUE
from ikixl.check import check_workbook
from ikixl.reader import read_workbook
from ikixl.report import ERROR, WARNING

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = Path(__file__).resolve().parent / "cases_manifest.yaml"
R = layout.SHEET_REALISASI

#: The files handed over in shared/cases/bugs (README.md there lists the kinds).
HANDED_FILES = [
    "B01_x14_extensions.xlsx",
    "B03_template.xlsm",
    "B04_inflated_dimensions.xlsx",
    "B05_formulas_cached_zero_xlsxwriter.xlsx",
    "B05_formulas_no_cache_openpyxl.xlsx",
    "B06_nip_variants.xlsx",
    "B07_percent_variants.xlsx",
    "B08_decimal_comma_text.xlsx",
    "B11_header_whitespace.xlsx",
    "B14_text_looks_like_formula.xlsx",
    "B17_billion_laughs.xlsx",
    "B17_quadratic_blowup.xlsx",
    "B17_xxe_external_entity.xlsx",
    "B18_html_export.xls",
    "B18_legacy.xls",
    "B18_legacy_renamed.xlsx",
    "B18_password_protected.xlsx",
    "B18_truncated_download.xlsx",
]
#: The kinds whose fault is a value in a cell: each needs a test in an ikixl workbook.
VALUE_LEVEL = ("B05", "B06", "B07", "B08", "B11", "B14")


# --------------------------------------------------------------------------- the manifest
@pytest.fixture(scope="module")
def manifest() -> list[dict[str, Any]]:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["files"]


def test_the_manifest_lists_exactly_the_handed_files(manifest: list[dict[str, Any]]) -> None:
    assert [entry["file"] for entry in manifest] == HANDED_FILES


def test_every_entry_says_what_check_does(manifest: list[dict[str, Any]]) -> None:
    for entry in manifest:
        assert entry["what"].strip(), entry["file"]
        for record in ("check", "observed"):
            assert entry[record]["exit"] in (0, 1), (entry["file"], record)
            assert entry[record]["codes"], (entry["file"], record)
            assert set(entry[record]["codes"]) <= set(CATALOGUE), (entry["file"], record)
        if entry["check"] != entry["observed"]:
            assert entry.get("difference", "").strip(), f"{entry['file']}: say why observed differs"


def test_value_level_faults_name_their_tests(manifest: list[dict[str, Any]]) -> None:
    for entry in manifest:
        tests = entry.get("tests", [])
        if entry["file"].startswith(VALUE_LEVEL):
            assert tests, f"{entry['file']} needs a test in an ikixl workbook"
        for test in tests:
            assert test["test"].startswith("tests/test_") and "::" in test["test"], test
            assert test["outcome"].strip(), test


def test_every_test_named_in_the_manifest_exists(manifest: list[dict[str, Any]]) -> None:
    named = {test["test"] for entry in manifest for test in entry.get("tests", [])}
    files = sorted({name.split("::", 1)[0] for name in named})
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    node_ids = set(collected.stdout.splitlines())
    assert sorted(named - node_ids) == [], collected.stdout[-2000:] + collected.stderr[-2000:]


# --------------------------------------------------------------------------- helpers
def _found(path: Path) -> set[tuple[str, str, str | None, str | None, str | None]]:
    """(code, severity, sheet, cell, reading) of every issue of check."""
    return {
        (i.code, i.severity, i.sheet, i.cell, (i.params or {}).get("reading") or None)
        for i in check_workbook(path).issues
    }


def _realisasi_of(path: Path, kode: str, month: int) -> Any:
    wb = read_workbook(path)
    frame = wb.realisasi
    [value] = frame.loc[(frame["kode_indikator"] == kode) & (frame["bulan"] == month), "realisasi"]
    return value


# --------------------------------------------------------------------------- B06 NIP
NIP = layout.cell_ref(layout.JABATAN_FIELDS_FIRST_ROW
                      + [c.key for c in layout.JABATAN_FIELDS].index("nip"), layout.JABATAN_VALUE_COL)


@pytest.mark.parametrize(("typed", "expected"), [
    ("19750312 2000O3 2 004", "nip-tidak-valid"),  # letter O for zero
    ("197503122000032004", None),  # text, 18 digits
    ("19750312 200003 2 004", None),  # the official spacing
    ("19750312\u00a0200003\u00a02\u00a0004", None),  # NBSP, pasted from the web
    (" 197503122000032004\u00a0", None),  # stray spaces around it
], ids=["letter-o", "text", "spaced", "nbsp", "padded"])
def test_b06_nip_variants(tmp_path: Path, typed: Any, expected: str | None) -> None:
    found = _found(build_workbook(tmp_path / "iki.xlsx", cells={("SEK", NIP): typed}))
    if expected is None:
        assert found == set()
    else:
        assert found == {(expected, ERROR, "SEK", NIP, None)}


# --------------------------------------------------------------------------- B07 percents
def _percent_cells(values: dict[int, tuple[Any, str | None]]) -> Callable[[openpyxl.Workbook], None]:
    """SEK.2 (Persentase entered as percent points, no Penyebut) month → (value, number format)."""

    def hook(book: openpyxl.Workbook) -> None:
        for month, (value, number_format) in values.items():
            cell = book[R][realisasi_cell("SEK.2", month, "realisasi")]
            cell.value = value
            if number_format:
                cell.number_format = number_format

    return hook


@pytest.mark.parametrize(("value", "number_format", "reading", "code"), [
    (0.75, "0%", Decimal(75), "persen-format-dibaca"),  # 75% typed: Excel stores 0.75
    (75, None, Decimal(75), None),  # 75 in a General cell: percent points as they are
    ("75%", None, Decimal(75), "angka-teks-dibaca"),  # text
    ("75,5%", None, Decimal("75.5"), "angka-teks-dibaca"),  # text with a decimal comma
    (0.755, "0.0%", Decimal("75.5"), "persen-format-dibaca"),  # 75,5% typed in id-ID Excel
    (" 75 ", None, Decimal(75), "angka-teks-dibaca"),  # text with spaces
    (1.2, None, Decimal("1.2"), None),  # a General cell holds percent points: 1.2 is 1.2 %
], ids=["fraction-with-format", "points", "text", "text-comma", "fraction-decimal", "text-spaces",
        "small-number-general"])
def test_b07_percent_variants(tmp_path: Path, value: Any, number_format: str | None, reading: Decimal,
                              code: str | None) -> None:
    path = build_workbook(tmp_path / "iki.xlsx", hook=_percent_cells({1: (value, number_format)}))
    cell = realisasi_cell("SEK.2", 1, "realisasi")
    found = {(c, severity, sheet, where) for c, severity, sheet, where, _ in _found(path)}
    if code is None:
        assert found == set()
    else:
        assert found == {(code, CATALOGUE[code].severity, R, cell)}
    assert _realisasi_of(path, "SEK.2", 1) == reading


# --------------------------------------------------------------------------- B08 Indonesian number text
@pytest.mark.parametrize(("text", "reading", "noted"), [
    ("1.234", Decimal(1234), "1234"),  # thousands dot: never 1.234
    ("75,5", Decimal("75.5"), "75,5"),
    ("1.234.567,89", Decimal("1234567.89"), "1234567,89"),
    ("Rp 1.500.000", Decimal(1500000), "1500000"),
    ("12 ", Decimal(12), "12"),
], ids=["thousands-dot", "decimal-comma", "both", "rupiah", "trailing-space"])
def test_b08_number_text_is_read_the_indonesian_way_and_named(tmp_path: Path, text: str, reading: Decimal,
                                                              noted: str) -> None:
    cell = realisasi_cell("SEK.1", 1, "realisasi")
    path = build_workbook(tmp_path / "iki.xlsx", cells={(R, cell): text})
    assert _found(path) == {("angka-teks-dibaca", WARNING, R, cell, noted)}
    assert _realisasi_of(path, "SEK.1", 1) == reading
    [issue] = check_workbook(path).issues
    assert f"dibaca sebagai angka {noted}" in issue.message


def test_b08_a_dash_for_nil_is_read_as_zero_and_named(tmp_path: Path) -> None:
    """"-" (nihil) is read as 0, with a warning naming that reading; never a silent 0."""
    cell = realisasi_cell("SEK.1", 1, "realisasi")
    path = build_workbook(tmp_path / "iki.xlsx", cells={(R, cell): "-"})
    assert _found(path) == {("strip-dibaca-nol", WARNING, R, cell, "0")}
    assert _realisasi_of(path, "SEK.1", 1) == Decimal(0)


# --------------------------------------------------------------------------- B11 header whitespace
def _whitespace_headers(book: openpyxl.Workbook) -> None:
    """Every header and label of the workbook with the variants of B11."""
    variants = [lambda s: s + " ", lambda s: s.replace(" ", "\u00a0"), lambda s: s.replace(" ", "\n", 1),
                lambda s: "\u200b" + s, str.upper, lambda s: s.replace(" ", "  ")]
    for sheet in ("KADIS", "SEK", "SK-PPK"):
        ws = book[sheet]
        for i, column in enumerate(layout.INDIKATOR_COLUMNS):
            ws.cell(layout.INDIKATOR_HEADER_ROW, i + 1, variants[i % len(variants)](column.label))
        for i, column in enumerate(layout.JABATAN_FIELDS):
            row = layout.JABATAN_FIELDS_FIRST_ROW + i
            ws.cell(row, layout.JABATAN_LABEL_COL, variants[(i + 1) % len(variants)](column.label))
    for i, column in enumerate(layout.REALISASI_INPUT_COLUMNS):
        book[R].cell(layout.REALISASI_HEADER_ROW, i + 1, variants[(i + 2) % len(variants)](column.label))


def test_b11_headers_with_whitespace_variants_are_accepted(tmp_path: Path) -> None:
    path = build_workbook(tmp_path / "iki.xlsx", hook=_whitespace_headers)
    assert _found(path) == set()
    wb = read_workbook(path)
    assert wb.missing_columns == {}
    assert len(wb.indikator) == 6 and len(wb.realisasi) == 72


def test_b11_a_header_that_is_really_missing_is_named(tmp_path: Path) -> None:
    def hook(book: openpyxl.Workbook) -> None:
        _whitespace_headers(book)
        book["SEK"].cell(layout.INDIKATOR_HEADER_ROW, col_of(layout.INDIKATOR_COLUMNS, "jenis"), "Jenis Data")

    report = check_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))
    [issue] = report.errors
    assert (issue.code, issue.sheet, issue.cell) == ("kolom-wajib-tidak-ada", "SEK", None)
    assert "'Jenis'" in issue.message


# --------------------------------------------------------------------------- B14 text like a formula
#: Staff text from B14: formulas, a phone number, a dash, an at-sign, links.
TRICKY = [
    "=== revisi ===",
    '=HYPERLINK("http://contoh.invalid/x","Klik bukti")',
    "=1+1",
    "@SUM(1+1)",
    "+62 812-3456-7890",
    "- dalam proses",
    "http://sipd.contoh.go.id/laporan/123",
    "https://drive.contoh/bukti.pdf",
    "mailto:kasubag@contoh.go.id",
    "=+ target tercapai",
]


def _as_text(ws: Any, address: str, text: str) -> None:
    """Put ``text`` in a cell as a string, the way Excel stores what a clerk typed after an apostrophe."""
    cell = ws[address]
    cell.value = text
    cell.data_type = "s"


def _staff_text(book: openpyxl.Workbook) -> None:
    """Indicator names (jabatan sheets and Realisasi), a nama jabatan and the Keterangan of Realisasi."""
    names = iter(TRICKY)
    position = 0
    for sheet in ("KADIS", "SEK", "SK-PPK"):
        for i in range(2):
            name = next(names)
            column = col_of(layout.INDIKATOR_COLUMNS, "indikator_kinerja")
            _as_text(book[sheet], layout.cell_ref(layout.INDIKATOR_HEADER_ROW + 1 + i, column), name)
            for _month in range(12):
                row = layout.REALISASI_HEADER_ROW + 1 + position
                _as_text(book[R], f"B{row}", name)
                position += 1
    _as_text(book["SEK"], layout.cell_ref(layout.JABATAN_FIELDS_FIRST_ROW + 1, layout.JABATAN_VALUE_COL),
             TRICKY[6])  # Nama Jabatan
    keterangan = col_of(layout.REALISASI_COLUMNS, "keterangan")
    for i, text in enumerate(TRICKY):
        _as_text(book[R], layout.cell_ref(layout.REALISASI_HEADER_ROW + 1 + i, keterangan), text)


def _strings_and_formulas(path: Path) -> tuple[set[str], list[str]]:
    """(every string value of the workbook, the addresses of formula or hyperlink cells)."""
    wb = openpyxl.load_workbook(path)
    strings: set[str] = set()
    bad: list[str] = []
    for ws in wb.worksheets:
        if ws._hyperlinks:  # noqa: SLF001 - openpyxl keeps sheet hyperlinks only here
            bad.append(f"{ws.title}: hyperlinks")
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or cell.hyperlink is not None:
                    bad.append(f"{ws.title}!{cell.coordinate}")
                elif isinstance(cell.value, str):
                    strings.add(cell.value)
    return strings, bad


@pytest.fixture
def staff_text_workbook(tmp_path: Path) -> Path:
    path = build_workbook(tmp_path / "iki.xlsx", hook=_staff_text)
    strings, bad = _strings_and_formulas(path)
    assert bad == [] and set(TRICKY) <= strings  # the input holds them as text
    assert not check_workbook(path).errors
    return path


def _computation(path: Path) -> Any:
    from ikixl.compute import compute

    return compute(read_workbook(path))


def test_b14_staff_text_stays_text_in_the_compute_output(staff_text_workbook: Path, tmp_path: Path) -> None:
    from ikixl.writeback import write_computed

    out = write_computed(staff_text_workbook, _computation(staff_text_workbook), tmp_path / "hasil.xlsx").path
    strings, bad = _strings_and_formulas(out)
    # The one formula ikixl writes on purpose: the stale-data banner of the Cascading sheet
    # (docs/workbook-format.md, "Numbers that go stale"); no staff text became a formula.
    from ikixl.cascadesheet import BANNER_CELL

    assert bad == [f"{layout.SHEET_CASCADING}!{BANNER_CELL}"]
    sheet = openpyxl.load_workbook(out)[layout.SHEET_CASCADING]
    assert sheet[BANNER_CELL].value.startswith("=IF(SUMPRODUCT(")
    assert set(TRICKY) <= strings
    cascading = {cell.value for row in sheet.iter_rows() for cell in row}
    assert set(TRICKY[:6]) <= cascading  # the indicator names, copied onto the Cascading sheet


def test_b14_staff_text_stays_text_in_the_recap(staff_text_workbook: Path, tmp_path: Path) -> None:
    from ikixl.recap import write_recap

    out = write_recap(_computation(staff_text_workbook), tmp_path / "rekap.xlsx").path
    strings, bad = _strings_and_formulas(out)
    assert bad == []
    assert set(TRICKY[:6]) <= strings  # every indicator name
    assert TRICKY[6] in strings  # the nama jabatan


def test_b14_staff_text_stays_text_in_a_written_template(tmp_path: Path) -> None:
    from ikixl.template import JabatanForm, Pengaturan, WorkbookContent, write_workbook

    form = JabatanForm(
        {"kode_jabatan": "SEK", "nama_jabatan": TRICKY[6], "kode_atasan": "KADIS", "tugas": TRICKY[0]},
        [{"no": i + 1, "kode_indikator": f"SEK.{i + 1}", "indikator_kinerja": text, "sasaran": text}
         for i, text in enumerate(TRICKY)],
    )
    content = WorkbookContent(
        Pengaturan({"perangkat_daerah": TRICKY[1], "tahun": 2023}),
        [form],
        [{"kode_indikator": "SEK.1", "bulan": 1, "realisasi": 5, "keterangan": text} for text in TRICKY],
        empty_indikator_rows=0, empty_realisasi_rows=0,
    )
    strings, bad = _strings_and_formulas(write_workbook(tmp_path / "baru.xlsx", content))
    assert bad == []
    assert set(TRICKY) <= strings

