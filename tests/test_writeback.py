"""Write-back of computed capaian into an IKI workbook (ikixl.writeback)."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
import zlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from computation_builders import (
    FIRST_ROW,
    MONTH,
    REALISASI_COMPUTED,
    REALISASI_INPUT,
    input_cells,
    make_computation,
    make_workbook,
)
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from preservation_fixtures import package_map, read_members

from ikixl import layout, writeback
from ikixl.errors import WriteError
from ikixl.formatting import RULE_MARKER
from ikixl.model import PredikatBand
from ikixl.package import LossyWriteRefused, find_losses
from ikixl.writeback import WriteResult, write_computed

NOW = datetime(2023, 4, 5, 14, 30, 15)
N_INPUT = len(layout.REALISASI_INPUT_COLUMNS)
COMPUTED_KEYS = [c.key for c in layout.REALISASI_COMPUTED_COLUMNS]
FIGURE_KEYS = [k for k in COMPUTED_KEYS if k not in ("realisasi_dihitung", "sidik_data")]


def computed_col(key: str) -> int:
    """Column of a computed key when the workbook has the layout's headers (input columns, then computed)."""
    return N_INPUT + 1 + COMPUTED_KEYS.index(key)


def load(path: Path, **kw) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path, **kw)


def rules_of(ws) -> list[tuple[str, object]]:
    """(sqref, rule) for every conditional-format rule of a sheet."""
    return [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return make_workbook(tmp_path / "iki.xlsx")


# ============================================================================ values
def test_computed_values_written_at_their_rows(book: Path) -> None:
    before = input_cells(book)
    result = write_computed(book, make_computation(), now=NOW)
    assert isinstance(result, WriteResult)
    assert result.path == book

    ws = load(book, data_only=True)[layout.SHEET_REALISASI]
    for i, computed in enumerate(REALISASI_COMPUTED):
        row = FIRST_ROW + i
        for key, expected in zip(FIGURE_KEYS, computed, strict=True):
            cell = ws.cell(row, computed_col(key))
            if expected is None:
                assert cell.value is None, (cell.coordinate, cell.value)
            elif isinstance(expected, Decimal):
                assert isinstance(cell.value, float | int), cell.coordinate
                assert cell.value == pytest.approx(float(expected), rel=1e-12), cell.coordinate
            else:
                assert cell.value == expected, cell.coordinate
    # capaian in percent points (133.33), not a fraction, printed with the % format
    cap = ws.cell(FIRST_ROW + 2, computed_col("capaian_rencana_pct"))
    assert cap.value == pytest.approx(133.3333333333)
    for key in ("capaian_bulan_pct", "capaian_tahunan_pct", "capaian_rencana_pct"):
        assert ws.cell(FIRST_ROW, computed_col(key)).number_format == layout.PCT_FORMAT
    assert ws.cell(FIRST_ROW, computed_col("realisasi_sd")).number_format == layout.COMPUTED_NUMBER_FORMAT
    # a computed text starting with "=" stays text, never becomes a formula
    plain = load(book)[layout.SHEET_REALISASI].cell(FIRST_ROW + 2, computed_col("keterangan_capaian"))
    assert plain.value == "=bukan rumus" and plain.data_type == "s"
    assert input_cells(book) == before


def test_stale_computed_values_are_overwritten_or_cleared(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "iki.xlsx", stale_values=True)
    write_computed(book, make_computation(), now=NOW)
    ws = load(book, data_only=True)[layout.SHEET_REALISASI]
    april = FIRST_ROW + 3  # month 4 > N: every computed cell must be empty, not "lama"
    assert [ws.cell(april, computed_col(k)).value for k in COMPUTED_KEYS] == [None] * len(COMPUTED_KEYS)
    assert ws.cell(FIRST_ROW, computed_col("predikat")).value == "Sangat Tinggi"


def test_missing_computed_headers_are_appended_after_the_last_header(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "iki.xlsx", computed_headers=False)
    write_computed(book, make_computation(), now=NOW)
    ws = load(book, data_only=True)[layout.SHEET_REALISASI]
    labels = [ws.cell(layout.REALISASI_HEADER_ROW, c).value for c in range(1, ws.max_column + 1)]
    assert labels == [c.label for c in layout.REALISASI_COLUMNS]
    assert ws.cell(FIRST_ROW + 4, computed_col("predikat")).value == "Tinggi"
    assert ws.column_dimensions[layout.column_letter(computed_col("keterangan_capaian"))].width == 40


def test_headers_found_by_label_wherever_they_are(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "iki.xlsx")
    wb = load(book)
    ws = wb[layout.SHEET_REALISASI]
    # swap two computed headers and change their wording within the normalisation rules
    a, b = computed_col("predikat"), computed_col("capaian_tahunan_pct")
    ws.cell(layout.REALISASI_HEADER_ROW, a).value = "CAPAIAN  TAHUNAN\n(%)"
    ws.cell(layout.REALISASI_HEADER_ROW, b).value = "predikat"
    wb.save(book)
    write_computed(book, make_computation(), now=NOW)
    ws = load(book, data_only=True)[layout.SHEET_REALISASI]
    assert ws.cell(FIRST_ROW + 4, b).value == "Tinggi"
    assert ws.cell(FIRST_ROW + 4, a).value == pytest.approx(80)
    assert ws.cell(FIRST_ROW + 4, a).number_format == layout.PCT_FORMAT
    assert ws.max_column == N_INPUT + len(COMPUTED_KEYS)  # nothing appended


def test_file_changed_since_computed_is_refused(book: Path) -> None:
    wb = load(book)
    wb[layout.SHEET_REALISASI].cell(FIRST_ROW + 1, 1).value = "IK-99"
    wb.save(book)
    original = book.read_bytes()
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), now=NOW)
    assert info.value.code == "berkas-berubah-sejak-dihitung"
    assert f"A{FIRST_ROW + 1}" in info.value.message
    assert book.read_bytes() == original


def test_missing_realisasi_sheet_is_refused(book: Path) -> None:
    wb = load(book)
    del wb[layout.SHEET_REALISASI]
    wb.save(book)
    original = book.read_bytes()
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), now=NOW)
    assert info.value.code == "lembar-realisasi-tidak-ada"
    assert book.read_bytes() == original
    assert folder_listing(book.parent) == [book.name]


# ============================================================================ cascading
def test_cascading_sheet_is_built_from_the_cascade(book: Path) -> None:
    write_computed(book, make_computation(), now=NOW)
    wb = load(book, data_only=True)
    assert wb.sheetnames[-1] == layout.SHEET_CASCADING
    ws = wb[layout.SHEET_CASCADING]
    hdr = layout.CASCADING_HEADER_ROW
    assert ws["A1"].value == layout.CASCADING_TITLE
    assert "Bulan Maret 2023" in ws["A2"].value
    assert [ws.cell(hdr, c).value for c in range(1, len(layout.CASCADING_COLUMNS) + 1)] == [
        c.label for c in layout.CASCADING_COLUMNS]
    col = {c.key: i for i, c in enumerate(layout.CASCADING_COLUMNS, start=1)}
    cascade = make_computation().cascade
    assert ws.max_row == hdr + len(cascade)
    for i, kode in enumerate(cascade["kode_indikator"], start=hdr + 1):
        assert ws.cell(i, col["kode_indikator"]).value == (None if pd.isna(kode) else kode)
    row_ik02 = hdr + 4
    assert ws.cell(row_ik02, col["capaian_pct"]).value == pytest.approx(133.3333333333)
    assert ws.cell(row_ik02, col["capaian_pct"]).number_format == layout.PCT_FORMAT
    assert ws.cell(row_ik02, col["predikat"]).value == "Sangat Tinggi"
    assert ws.cell(hdr + 2, col["capaian_pendukung_pct"]).number_format == layout.PCT_FORMAT
    # deeper tingkat and support rows are indented further than their jabatan
    indents = [ws.cell(r, col["uraian"]).alignment.indent for r in range(hdr + 1, hdr + 6)]
    assert indents[0] < indents[1] and indents[2] < indents[3] and indents[0] < indents[2]
    # the flagged row (ditandai) is highlighted; an ordinary row is not
    flagged = ws.cell(hdr + 2, col["catatan"])
    assert flagged.fill.fill_type == "solid" and flagged.fill.start_color.rgb.endswith("FFF2CC")
    assert ws.cell(hdr + 4, col["catatan"]).fill.fill_type is None
    # wrapped text gets its height written (LibreOffice does not fit rows on load): the 59-character
    # catatan in a 48-character column takes 2 lines of 15 points; a one-line row keeps the default
    assert ws.row_dimensions[hdr + 2].height == 30
    assert ws.row_dimensions[hdr + 4].height is None
    assert ws.freeze_panes == f"A{hdr + 1}"
    assert ws.column_dimensions["C"].width == layout.CASCADING_COLUMNS[2].width
    assert ws.page_setup.orientation == "landscape"


def test_cascading_sheet_replaced_at_the_same_position(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "iki.xlsx", cascading_at=2)
    names_before = load(book).sheetnames
    assert names_before.index(layout.SHEET_CASCADING) == 2
    write_computed(book, make_computation(), now=NOW)
    wb = load(book)
    assert wb.sheetnames == names_before
    ws = wb[layout.SHEET_CASCADING]
    assert ws["A1"].value == layout.CASCADING_TITLE
    assert not any(str(c.value).startswith("sampah") for row in ws.iter_rows() for c in row if c.value)


def test_second_run_changes_nothing_more(book: Path) -> None:
    wb = load(book)
    ws = wb[layout.SHEET_REALISASI]
    own = CellIsRule(operator="greaterThan", formula=["100"],
                     fill=PatternFill("solid", start_color="FF0000FF"))
    ws.conditional_formatting.add(f"E{FIRST_ROW}:E20", own)  # the clerk's own rule: kept
    wb.save(book)

    computation = make_computation()
    write_computed(book, computation, now=NOW)
    first = load(book)
    first_rules = {name: rules_of(first[name]) for name in (layout.SHEET_REALISASI, layout.SHEET_CASCADING)}
    write_computed(book, computation, now=datetime(2023, 4, 5, 15, 0, 0))
    second = load(book)

    assert second.sheetnames.count(layout.SHEET_CASCADING) == 1
    assert second.sheetnames == first.sheetnames
    for name, rules in first_rules.items():
        again = rules_of(second[name])
        assert len(again) == len(rules) > 0, name
        assert sorted((s, r.formula[0]) for s, r in again) == sorted((s, r.formula[0]) for s, r in rules)
    realisasi_rules = rules_of(second[layout.SHEET_REALISASI])
    assert sum(1 for _, r in realisasi_rules if r.formula == ["100"]) == 1
    assert second[layout.SHEET_REALISASI].data_validations.dataValidation  # kept through two runs
    assert "DaftarBulan" in second.defined_names


# ============================================================================ conditional formats
def test_predikat_rules_follow_the_workbooks_table(book: Path) -> None:
    bands = (
        PredikatBand(Decimal("90.5"), "Sangat Baik", "#112233", "#FFFFFF"),
        PredikatBand(Decimal(70), "Baik", "#445566", "#000000"),
        PredikatBand(Decimal(0), "Kurang", "#778899", "#000000"),
    )
    write_computed(book, make_computation(predikat=bands), now=NOW)
    ws = load(book)[layout.SHEET_REALISASI]
    rules = rules_of(ws)
    last = FIRST_ROW + len(REALISASI_INPUT) - 1
    for key in ("capaian_bulan_pct", "capaian_tahunan_pct", "capaian_rencana_pct"):
        letter = layout.column_letter(computed_col(key))
        mine = [r for s, r in rules
                if s == f"{letter}{FIRST_ROW}:{letter}{last}" and "ISNUMBER" in r.formula[0]]
        assert len(mine) == len(bands)
        assert all(r.type == "expression" and r.stopIfTrue for r in mine)
        ordered = sorted(mine, key=lambda r: r.priority)
        assert ">=90.5" in ordered[0].formula[0] and f"ISNUMBER({letter}{FIRST_ROW})" in ordered[0].formula[0]
        assert ">=70" in ordered[1].formula[0]
        assert ">=" not in ordered[2].formula[0]  # the bottom band takes every other number
        assert [r.dxf.fill.fgColor.rgb[-6:] for r in ordered] == ["112233", "445566", "778899"]
        assert ordered[0].dxf.font.color.rgb[-6:] == "FFFFFF"
    letter = layout.column_letter(computed_col("predikat"))
    texts = sorted(r.formula[0] for s, r in rules
                   if s.startswith(f"{letter}{FIRST_ROW}:") and "<>" not in r.formula[0])  # not "stale"
    assert texts == sorted(f'AND({letter}{FIRST_ROW}="{b.label}",{RULE_MARKER})' for b in bands)


def test_blank_realisasi_rule_covers_months_up_to_the_reporting_month(book: Path) -> None:
    write_computed(book, make_computation(), now=NOW)
    ws = load(book)[layout.SHEET_REALISASI]
    col = layout.column_letter(1 + [c.key for c in layout.REALISASI_INPUT_COLUMNS].index("realisasi"))
    blank = [r for s, r in rules_of(ws) if s.startswith(f"{col}{FIRST_ROW}:")]
    assert len(blank) == 1
    formula = blank[0].formula[0]
    assert formula.startswith(f"AND(ISBLANK({col}{FIRST_ROW}),LEN($A{FIRST_ROW})>0,")
    assert f"<={MONTH}," in formula and '"Desember"' in formula and RULE_MARKER in formula


def test_cascading_rules_on_capaian_and_predikat(book: Path) -> None:
    write_computed(book, make_computation(), now=NOW)
    ws = load(book)[layout.SHEET_CASCADING]
    col = {c.key: layout.column_letter(i) for i, c in enumerate(layout.CASCADING_COLUMNS, start=1)}
    first = layout.CASCADING_HEADER_ROW + 1
    ranges = {s for s, _ in rules_of(ws)}
    last = first + len(make_computation().cascade) - 1
    assert ranges == {f"{col[k]}{first}:{col[k]}{last}" for k in ("capaian_pct", "capaian_pendukung_pct",
                                                                     "predikat")}
    assert len(rules_of(ws)) == 3 * len(layout.PREDIKAT_DEFAULT)


def test_libreoffice_opens_the_result_and_keeps_the_rules(book: Path, tmp_path: Path) -> None:
    from libreoffice import convert

    write_computed(book, make_computation(), now=NOW)
    out = convert(book, "xlsx", tmp_path / "lo")
    wb = load(out, data_only=True)
    ws = wb[layout.SHEET_REALISASI]
    assert ws.cell(FIRST_ROW + 4, computed_col("predikat")).value == "Tinggi"
    formulas = [r.formula[0] for _, r in rules_of(ws) if r.formula]
    assert any("ISBLANK" in f and "Desember" in f for f in formulas)  # the array constant survived parsing
    assert sum(1 for f in formulas if "ISNUMBER" in f) == 3 * len(layout.PREDIKAT_DEFAULT)


# ============================================================================ files and safety
def test_in_place_keeps_a_backup_of_the_original(book: Path) -> None:
    original = book.read_bytes()
    result = write_computed(book, make_computation(), now=NOW)
    assert result.backup == book.with_name("iki.backup-20230405-143015.xlsx")
    assert result.backup.read_bytes() == original
    assert book.read_bytes() != original
    # same second again: a counter, never an overwrite of the earlier backup
    second = write_computed(book, make_computation(), now=NOW)
    assert second.backup == book.with_name("iki.backup-20230405-143015-2.xlsx")
    assert result.backup.read_bytes() == original
    assert folder_listing(book.parent) == sorted(["iki.xlsx", result.backup.name, second.backup.name])


def test_output_leaves_the_input_byte_identical(book: Path, tmp_path: Path) -> None:
    original = book.read_bytes()
    out = tmp_path / "hasil.xlsx"
    result = write_computed(book, make_computation(), out, now=NOW)
    assert result == WriteResult(path=out, backup=None)
    assert book.read_bytes() == original
    ws = load(out, data_only=True)[layout.SHEET_REALISASI]
    assert ws.cell(FIRST_ROW, computed_col("predikat")).value == "Sangat Tinggi"
    assert folder_listing(tmp_path) == ["hasil.xlsx", "iki.xlsx"]


def test_an_existing_output_is_kept_as_a_backup(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "hasil.xlsx"
    out.write_bytes(b"an earlier result, or any file the clerk named")
    result = write_computed(book, make_computation(), out, now=NOW)
    assert result.path == out and result.backup is not None
    assert result.backup.name == f"hasil.backup-{NOW:%Y%m%d-%H%M%S}.xlsx"
    assert result.backup.read_bytes() == b"an earlier result, or any file the clerk named"
    assert load(out, data_only=True)[layout.SHEET_REALISASI].cell(FIRST_ROW, computed_col("predikat")).value


def test_output_equal_to_input_is_in_place(book: Path) -> None:
    result = write_computed(book, make_computation(), str(book.parent / "." / book.name), now=NOW)
    assert result.backup is not None and result.backup.exists()


def test_output_suffix_must_match(book: Path, tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), tmp_path / "hasil.xlsm", now=NOW)
    assert info.value.code == "format-berkas-tidak-didukung"
    assert not (tmp_path / "hasil.xlsm").exists()


@pytest.mark.parametrize("lock", ["~$iki.xlsx", ".~lock.iki.xlsx#"])
def test_open_workbook_is_refused(book: Path, lock: str) -> None:
    (book.parent / lock).write_text("user", encoding="utf-8")
    original = book.read_bytes()
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), now=NOW)
    assert info.value.code == "berkas-sedang-dibuka"
    assert lock in info.value.message
    assert book.read_bytes() == original
    assert folder_listing(book.parent) == sorted([book.name, lock])


def test_failure_while_saving_leaves_the_original_intact(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ikixl.zippatch import PackagePatch

    original = book.read_bytes()

    def broken_write(self, target):
        Path(target).write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(PackagePatch, "write", broken_write)
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), now=NOW)
    assert info.value.code == "gagal-menulis"
    assert isinstance(info.value.__cause__, OSError)
    assert book.read_bytes() == original
    assert folder_listing(book.parent) == [book.name]


def test_failure_while_replacing_leaves_the_original_intact(book: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    original = book.read_bytes()

    def broken_replace(src, dst):
        raise PermissionError("file in use")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), now=NOW)
    assert isinstance(info.value.__cause__, PermissionError)
    assert book.read_bytes() == original
    assert folder_listing(book.parent) == [book.name]  # no temp file, no orphan backup


@pytest.mark.parametrize("forked", [True, False])
def test_a_malformed_new_realisasi_part_is_caught_before_writing(
    book: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    """The new Realisasi part is parsed again in two pieces (the second and the deflating in a
    forked copy where possible, as the Cascading part's rendering); a malformed Realisasi part
    stops the write before any file is touched."""
    import ikixl.beside
    from ikixl.sheetpatch import SheetPatch

    real_result = SheetPatch.result

    def broken_result(self: SheetPatch) -> bytes:
        return real_result(self).replace(b"</sheetData>", b"</sheetData></row>", 1)

    monkeypatch.setattr(SheetPatch, "result", broken_result)
    can_fork = ikixl.beside.fork_context() is not None
    if not forked:
        monkeypatch.setattr(ikixl.beside, "fork_context", lambda: None)
    started: list[bool] = []
    real_init = ikixl.beside.Beside.__init__

    def spy(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        real_init(self, *args, **kwargs)
        started.append(self.forked)

    monkeypatch.setattr(ikixl.beside.Beside, "__init__", spy)
    original = book.read_bytes()
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), now=NOW)
    assert info.value.code == "hasil-tulis-tidak-valid"
    assert "tidak valid" in info.value.message_in("id")
    assert started == [forked and can_fork] * 2  # Cascading; Realisasi's second piece and deflating
    assert book.read_bytes() == original
    assert folder_listing(book.parent) == [book.name]


def test_the_work_beside_is_done_in_the_copies(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where this process can fork, rendering the Cascading sheet, and parsing the second piece
    of the new Realisasi part and deflating it, happen in copies of the process (a copy stopped
    before it answers leaves its work to this process: right, but silently slower); the first
    piece is parsed here, once, before the Cascading part is waited for; and the result is the
    same as made here alone."""
    import ikixl.beside
    from ikixl import writeback

    log = tmp_path / "pids.log"

    def logged(name: str, func):  # type: ignore[no-untyped-def]
        def run(*args):  # type: ignore[no-untyped-def]
            with log.open("a") as out:
                out.write(f"{name} {os.getpid()}\n")
            return func(*args)
        return run

    for name in ("_rendered_cascading", "_piece_error", "deflate", "_put_cascading"):
        monkeypatch.setattr(writeback, name, logged(name, getattr(writeback, name)))
    write_computed(book, make_computation(), output=tmp_path / "beside.xlsx", now=NOW)
    runs = [line.split() for line in log.read_text().splitlines()]
    assert sorted(name for name, _ in runs) == [  # Cascading's deflate is in its rendering's copy
        "_piece_error", "_piece_error", "_put_cascading", "_rendered_cascading", "deflate", "deflate"]
    forks = ikixl.beside.fork_context() is not None
    here = [name for name, pid in runs if int(pid) == os.getpid()]
    if forks:  # (_put_cascading comes once the rendered part is in)
        assert here == ["_piece_error", "_put_cascading"], runs
    else:
        assert sorted(here) == sorted(name for name, _ in runs), runs
    log.unlink()
    monkeypatch.setattr(ikixl.beside, "fork_context", lambda: None)
    write_computed(book, make_computation(), output=tmp_path / "here.xlsx", now=NOW)
    assert all(int(pid) == os.getpid() for _, pid in (line.split() for line in log.read_text().splitlines()))
    assert read_members(tmp_path / "beside.xlsx") == read_members(tmp_path / "here.xlsx")


def test_a_part_parsed_in_pieces_is_well_formed_exactly_when_whole(book: Path) -> None:
    """Cut at a row (writeback._pieces), a worksheet part's pieces all parse exactly when the
    whole does: tried with the part as it is and broken in many ways at many places (before,
    at and after the cut, in the head and the tail)."""
    from ikixl.writeback import _piece_error, _pieces, _xml_error

    members = read_members(book)
    part = package_map(members).sheet(layout.SHEET_REALISASI)
    assert part is not None
    content = members[part]
    pieces = _pieces(content)
    assert len(pieces) == 2
    cut = pieces[0][2]
    assert content[cut:cut + 5] == b"<row "
    breaks = [
        lambda at: content[:at] + b"</row>" + content[at:],
        lambda at: content[:at] + b"<row>" + content[at:],
        lambda at: content[:at] + b"<x y='1' y='2'/>" + content[at:],
        lambda at: content[:at] + b"&bogus;" + content[at:],
        lambda at: content[:at] + content[at + 1:],
        lambda at: content[:at] + b"<" + content[at:],
    ]
    head = content.index(b"<sheetData")
    places = sorted({0, 60, len(content) // 4, cut - 1, cut, cut + 1, cut + 7, len(content) * 3 // 4,
                     len(content) - 20, *range(head, head + 40, 7)})
    tried = 0
    for make in breaks:
        for at in places:
            broken = make(at)
            whole_error = _xml_error(broken) is not None
            piece_error = any(_piece_error(broken, piece) is not None for piece in _pieces(broken))
            assert piece_error == whole_error, (at, broken[max(at - 40, 0):at + 40])
            tried += whole_error
    assert tried > len(places) * 3  # most breaks do break it
    assert all(_piece_error(content, piece) is None for piece in pieces)


def test_failure_while_verifying_leaves_the_output_unwritten(book: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from ikixl.zippatch import PackagePatch

    real_write = PackagePatch.write

    def damaged_write(self, target):  # written without error, but the Realisasi part is cut short
        real_write(self, target)
        data = Path(target).read_bytes()
        with zipfile.ZipFile(target) as archive:
            members = {i.filename: archive.read(i) for i in archive.infolist()}
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in members.items():
                archive.writestr(name, content[: len(content) // 2] if name in self.changed[:1] else content)
        assert Path(target).read_bytes() != data

    monkeypatch.setattr(PackagePatch, "write", damaged_write)
    original = book.read_bytes()
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), tmp_path / "hasil.xlsx", now=NOW)
    assert info.value.code == "hasil-tulis-tidak-valid"
    assert book.read_bytes() == original
    assert folder_listing(tmp_path) == [book.name]


def test_a_source_saved_while_its_parts_are_copied_is_told_as_saved(book: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Another compute (or Excel) replaced the workbook while this one copied its unchanged parts
    from it: the copy fails on the other file's bytes, and the clerk is told the file was saved
    meanwhile (berkas-berubah-sejak-dibaca), not that the disk may be full; nothing is written."""
    from ikixl.files import package_members
    from ikixl.zippatch import PackagePatch

    other = tmp_path / "other.xlsx"  # the same workbook saved again by another program
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(other, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info) + (b" " if info.filename.endswith(".rels") else b""))
    real_write = PackagePatch.write

    def saved_meanwhile(self, target):  # type: ignore[no-untyped-def]
        shutil.copyfile(other, book)
        real_write(self, target)

    monkeypatch.setattr(PackagePatch, "write", saved_meanwhile)
    read_as = package_members(book)
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), tmp_path / "hasil.xlsx", now=NOW, read_as=read_as)
    assert info.value.code == "berkas-berubah-sejak-dibaca"
    assert book.read_bytes() == other.read_bytes()  # the other program's save stays
    assert not (tmp_path / "hasil.xlsx").exists()


def test_a_large_part_that_does_not_inflate_back_is_not_written(book: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The large parts are deflated and inflated back beside the rest (the written file is then
    compared with those deflated bytes, not inflated again): a round trip that fails refuses the
    write, in a copy of the process or here."""
    calls: list[int] = []

    def never(packed, content):  # type: ignore[no-untyped-def]
        calls.append(os.getpid())
        return False

    monkeypatch.setattr(writeback, "inflates_to", never)
    original = book.read_bytes()
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), tmp_path / "hasil.xlsx", now=NOW)
    assert info.value.code == "hasil-tulis-tidak-valid"
    assert "kompresi" in info.value.message_in("id")
    assert book.read_bytes() == original
    assert folder_listing(tmp_path) == [book.name]


def test_the_large_parts_are_stored_as_inflated_beside(book: Path, tmp_path: Path) -> None:
    """What the verification relies on: each part deflated beside is stored as exactly the bytes
    that were inflated back there, and those inflate to the part meant."""
    from ikixl.zippatch import PackagePatch, stored_member

    seen: dict[str, object] = {}
    real = PackagePatch.write

    def spy(self, target):  # type: ignore[no-untyped-def]
        real(self, target)
        for name in self.changed:
            seen[name] = (self.inflated(name), self.content(name), stored_member(Path(target), name))

    with pytest.MonkeyPatch.context() as m:
        m.setattr(PackagePatch, "write", spy)
        write_computed(book, make_computation(), tmp_path / "hasil.xlsx", now=NOW)
    inflated = {name: value for name, value in seen.items() if value[0] is not None}  # type: ignore[index]
    with zipfile.ZipFile(book) as before:
        realisasi = _realisasi_part_of(before)
    assert realisasi in inflated and any("sheet" in name and name != realisasi for name in inflated)
    with zipfile.ZipFile(tmp_path / "hasil.xlsx") as after:
        for name, (packed, content, stored) in inflated.items():  # type: ignore[misc]
            assert stored == packed
            assert after.read(name) == content == zlib.decompress(packed[0], -15)


# ============================================================================ loss detection
def test_plain_workbook_loses_nothing(book: Path) -> None:
    assert find_losses(book) == []


# Parts a write-back owns (test_preservation.py states the whole contract); every other part is
# compared byte for byte below.
def _owned(before: zipfile.ZipFile) -> set[str]:
    return {"xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
            _realisasi_part_of(before)}


def _realisasi_part_of(archive: zipfile.ZipFile) -> str:
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', archive.read("xl/workbook.xml").decode())
    return f"xl/worksheets/sheet{names.index(layout.SHEET_REALISASI) + 1}.xml"


def assert_kept(before: bytes, after: Path) -> None:
    """Every member of ``before`` that the write-back does not own is in ``after``, byte for byte."""
    import io

    with zipfile.ZipFile(io.BytesIO(before)) as old, zipfile.ZipFile(after) as new:
        owned = _owned(old)
        for name in old.namelist():
            if name in owned:
                continue
            assert new.read(name) == old.read(name), name


def test_chart_is_kept_in_place_and_in_a_copy(book: Path, tmp_path: Path) -> None:
    wb = load(book)
    ws = wb[layout.SHEET_REALISASI]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=5, min_row=FIRST_ROW, max_row=FIRST_ROW + 3))
    ws.add_chart(chart, "P2")
    wb.save(book)
    assert "bagan (chart)" in find_losses(book)  # what an openpyxl rewrite would drop
    original = book.read_bytes()
    copy = tmp_path / "salinan.xlsx"
    write_computed(book, make_computation(), copy, now=NOW)
    assert book.read_bytes() == original
    write_computed(book, make_computation(), now=NOW)
    for written in (copy, book):
        assert_kept(original, written)
        assert any(n.startswith("xl/charts/") for n in zipfile.ZipFile(written).namelist())
        sheet = load(written, data_only=True)[layout.SHEET_REALISASI]
        assert sheet.cell(FIRST_ROW, computed_col("predikat")).value == "Sangat Tinggi"


def _rewrite(path: Path, *, add: dict[str, bytes] | None = None,
             edit: tuple[str, str, str] | None = None) -> None:
    """Rewrite a package adding members, or replacing text ``old`` with ``new`` in one member."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if edit and item.filename == edit[0]:
                text = data.decode("utf-8")
                assert edit[1] in text
                data = text.replace(edit[1], edit[2], 1).encode("utf-8")
            dst.writestr(item, data)
        for name, data in (add or {}).items():
            dst.writestr(name, data)
    tmp.replace(path)


def _realisasi_part(path: Path) -> str:
    wb = load(path)
    index = wb.sheetnames.index(layout.SHEET_REALISASI) + 1
    return f"xl/worksheets/sheet{index}.xml"


X14_DV = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="0" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>'
    "</ext></extLst></worksheet>"
)
CHECKBOX_VML = (
    b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel">'
    b'<v:shape id="_x0000_s1025"><x:ClientData ObjectType="Checkbox"><x:Checked>1</x:Checked>'
    b"</x:ClientData></v:shape></xml>"
)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("x14-data-validation", "validasi data Excel 2010+"),
        ("pivot", "tabel pivot"),
        ("image", "gambar atau media tersemat"),
        ("threaded-comments", "komentar berutas"),
        ("external-link", "tautan ke buku kerja lain"),
        ("checkbox", "kontrol formulir atau ActiveX"),
        ("protected-ranges", "rentang yang boleh diedit"),
        ("unknown-part", "bagian berkas yang tidak dikenal ikixl (xl/sesuatu/baru.xml)"),
        ("vba-in-xlsx", "makro VBA"),
    ],
)
def test_parts_openpyxl_would_drop_are_kept(book: Path, change: str, expected: str) -> None:
    part = _realisasi_part(book)
    if change == "x14-data-validation":
        _rewrite(book, edit=(part, "</worksheet>", X14_DV))
    elif change == "protected-ranges":
        _rewrite(book, edit=(part, "<pageMargins", '<protectedRanges><protectedRange sqref="A1" name="r"/>'
                                                   "</protectedRanges><pageMargins"))
    else:
        members = {
            "pivot": "xl/pivotCache/pivotCacheDefinition1.xml",
            "image": "xl/media/image1.png",
            "threaded-comments": "xl/threadedComments/threadedComment1.xml",
            "external-link": "xl/externalLinks/externalLink1.xml",
            "checkbox": "xl/drawings/vmlDrawing9.vml",
            "unknown-part": "xl/sesuatu/baru.xml",
            "vba-in-xlsx": "xl/vbaProject.bin",
        }
        data = CHECKBOX_VML if change == "checkbox" else b"<x/>"
        _rewrite(book, add={members[change]: data})
    original = book.read_bytes()
    losses = find_losses(book)
    assert any(expected in loss for loss in losses), losses  # an openpyxl rewrite would lose it
    write_computed(book, make_computation(), now=NOW)
    assert_kept(original, book)
    with zipfile.ZipFile(book) as archive:
        sheet = archive.read(part).decode()
    if change == "x14-data-validation":
        assert X14_DV.removesuffix("</worksheet>") in sheet
    elif change == "protected-ranges":
        assert '<protectedRanges><protectedRange sqref="A1" name="r"/></protectedRanges>' in sheet


def test_comments_are_not_a_loss(book: Path) -> None:
    wb = load(book)
    wb[layout.SHEET_REALISASI]["E4"].comment = Comment("Angka dari laporan bulanan", "Operator")
    wb.save(book)
    assert any(".vml" in n for n in zipfile.ZipFile(book).namelist())
    assert find_losses(book) == []
    write_computed(book, make_computation(), now=NOW)
    assert load(book)[layout.SHEET_REALISASI]["E4"].comment.text == "Angka dari laporan bulanan"


def _xlsxwriter_book(path: Path, vba: bytes | None = None) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    if vba is not None:
        bin_path = path.with_name("vbaProject.bin")
        bin_path.write_bytes(vba)
        wb.add_vba_project(str(bin_path))
    pengaturan = wb.add_worksheet(layout.SHEET_PENGATURAN)
    pengaturan.write_column(3, 6, list(layout.BULAN))
    wb.define_name("DaftarBulan", "=Pengaturan!$G$4:$G$15")
    ws = wb.add_worksheet(layout.SHEET_REALISASI)
    ws.write_string(0, 0, layout.REALISASI_TITLE)
    bold = wb.add_format({"bold": True})
    for col, column in enumerate(layout.REALISASI_COLUMNS):
        ws.write_string(layout.REALISASI_HEADER_ROW - 1, col, column.label, bold)
    for i, values in enumerate(REALISASI_INPUT):
        for col, value in enumerate(values):
            if isinstance(value, str):
                ws.write_string(FIRST_ROW - 1 + i, col, value)
            elif value is not None:
                ws.write_number(FIRST_ROW - 1 + i, col, value)
    ws.data_validation(FIRST_ROW - 1, 2, FIRST_ROW + 200, 2, {"validate": "list", "source": "=DaftarBulan"})
    ws.conditional_format(FIRST_ROW - 1, 4, FIRST_ROW + 200, 4, {
        "type": "cell", "criteria": "<", "value": 0, "format": wb.add_format({"bg_color": "#FF0000"})})
    ws.freeze_panes(FIRST_ROW - 1, 0)
    wb.close()
    return path


def test_xlsxwriter_workbook_with_validations_names_and_formats_passes(tmp_path: Path) -> None:
    book = _xlsxwriter_book(tmp_path / "iki.xlsx")
    assert find_losses(book) == []
    write_computed(book, make_computation(), now=NOW)
    wb = load(book)
    ws = wb[layout.SHEET_REALISASI]
    assert ws.cell(FIRST_ROW + 4, computed_col("predikat")).value == "Tinggi"
    assert [dv.formula1 for dv in ws.data_validations.dataValidation] == ["DaftarBulan"]
    assert wb.defined_names["DaftarBulan"].attr_text == "Pengaturan!$G$4:$G$15"
    assert any(r.type == "cellIs" and r.operator == "lessThan" for _, r in rules_of(ws))


def test_xlsm_keeps_its_macros(tmp_path: Path) -> None:
    vba = b"\xd0\xcf\x11\xe0 fake vba project bytes"
    book = _xlsxwriter_book(tmp_path / "iki.xlsm", vba=vba)
    (tmp_path / "vbaProject.bin").unlink()
    assert find_losses(book) == []
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), tmp_path / "iki.xlsx", now=NOW)
    assert info.value.code == "format-berkas-tidak-didukung"

    result = write_computed(book, make_computation(), now=NOW)
    assert result.backup is not None and result.backup.name.endswith(".xlsm")
    assert re.fullmatch(r"iki\.backup-\d{8}-\d{6}\.xlsm", result.backup.name)
    with zipfile.ZipFile(book) as archive:
        assert archive.read("xl/vbaProject.bin") == vba
        assert b"macroEnabled" in archive.read("[Content_Types].xml")
    ws = load(book, keep_vba=True)[layout.SHEET_REALISASI]
    assert ws.cell(FIRST_ROW, computed_col("predikat")).value == "Sangat Tinggi"


def test_a_new_file_is_named_as_the_workbook_holds(tmp_path: Path) -> None:
    """A macro-enabled workbook renamed .xlsx by hand: its result goes to an .xlsm (macros kept),
    never to an .xlsx Excel would refuse; a plain one renamed .xlsm goes to an .xlsx."""
    vba = b"\xd0\xcf\x11\xe0 fake vba project bytes"
    macro = _xlsxwriter_book(tmp_path / "makro.xlsm", vba=vba).rename(tmp_path / "makro.xlsx")
    before = macro.read_bytes()
    with pytest.raises(WriteError) as info:
        write_computed(macro, make_computation(), tmp_path / "hasil.xlsx", now=NOW)
    assert info.value.code == "format-berkas-tidak-didukung" and ".xlsm" in str(info.value)
    write_computed(macro, make_computation(), tmp_path / "hasil.xlsm", now=NOW)
    with zipfile.ZipFile(tmp_path / "hasil.xlsm") as archive:
        assert archive.read("xl/vbaProject.bin") == vba
    assert macro.read_bytes() == before
    plain = make_workbook(tmp_path / "biasa.xlsx").rename(tmp_path / "biasa.xlsm")
    with pytest.raises(WriteError):
        write_computed(plain, make_computation(), tmp_path / "biasa-hasil.xlsm", now=NOW)
    result = write_computed(plain, make_computation(), tmp_path / "biasa-hasil.xlsx", now=NOW)
    ws = load(result.path)[layout.SHEET_REALISASI]
    assert ws.cell(FIRST_ROW, computed_col("predikat")).value == "Sangat Tinggi"


def test_xlsm_without_macros_is_written(tmp_path: Path) -> None:
    # An .xlsx renamed .xlsm, or saved as .xlsm by a script, holds no vbaProject.bin: nothing
    # can go missing, so it is written like any workbook (it was refused as an ikixl fault).
    book = make_workbook(tmp_path / "iki.xlsx").rename(tmp_path / "iki.xlsm")
    result = write_computed(book, make_computation(), now=NOW)
    assert result.path == book
    ws = load(book, keep_vba=True)[layout.SHEET_REALISASI]
    assert ws.cell(FIRST_ROW, computed_col("predikat")).value == "Sangat Tinggi"


def test_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "iki.xlsx")
    ods = shutil.copy(book, tmp_path / "iki.ods")
    with pytest.raises(WriteError) as info:
        write_computed(ods, make_computation(), now=NOW)
    assert info.value.code == "format-berkas-tidak-didukung"


def test_rule_formulas_evaluate_as_intended_in_libreoffice(tmp_path: Path) -> None:
    """The conditional-format conditions, put in ordinary cells and recalculated by a real engine."""
    from libreoffice import convert

    import ikixl.formatting as wbk

    bands = wbk.predikat_bands(None)
    wb = openpyxl.Workbook()
    ws = wb.active
    # kode, bulan, realisasi → expected "blank-and-due" for month N = 3
    cases = [("IK-1", "Maret", None, True), ("IK-1", "april", None, False), ("IK-1", 2, None, True),
             ("IK-1", "3", None, True), (None, "Januari", None, False), ("IK-1", "Januari", 5, False),
             ("IK-1", "bukan bulan", None, False)]
    for row, (kode, bulan, realisasi, _) in enumerate(cases, start=2):
        ws.cell(row, 1, kode)
        ws.cell(row, 3, bulan)
        ws.cell(row, 5, realisasi)
        ws.cell(row, 6, "=" + wbk.blank_realisasi_formula(f"E{row}", f"$A{row}", f"$C{row}", 3))
    # capaian → index of the first band whose condition holds (stop-if-true order), or None
    capaian = [(91, 0), (90.99, 1), (76, 1), (100000, 0), (-5, 4), (None, None), ("teks", None)]
    for row, (value, _) in enumerate(capaian, start=2):
        ws.cell(row, 8, value)
        for k, (formula, _band) in enumerate(wbk.capaian_rule_formulas(f"H{row}", bands)):
            ws.cell(row, 9 + k, "=" + formula)
    source = tmp_path / "rumus.xlsx"
    wb.save(source)
    ws = load(convert(source, "xlsx", tmp_path / "lo"), data_only=True).active
    assert [ws.cell(r, 6).value for r in range(2, 2 + len(cases))] == [c[3] for c in cases]
    for row, (_, expected) in enumerate(capaian, start=2):
        hits = [ws.cell(row, 9 + k).value for k in range(len(bands))]
        first = next((k for k, hit in enumerate(hits) if hit), None)
        assert first == expected, (row, hits)


def test_incomplete_computation_is_refused(book: Path) -> None:
    computation = make_computation()
    computation.realisasi = computation.realisasi.drop(columns=["predikat"])
    original = book.read_bytes()
    with pytest.raises(WriteError) as info:
        write_computed(book, computation, now=NOW)
    assert "predikat" in info.value.message
    assert book.read_bytes() == original
    assert folder_listing(book.parent) == [book.name]


# ============================================================================ handed by a first user
def _header_cell(ws, label: str):
    return next(c for c in ws[layout.REALISASI_HEADER_ROW] if c.value == label)


def _blank_a_computed_header(wb: openpyxl.Workbook) -> None:
    header = layout.REALISASI_HEADER_ROW
    wb[layout.SHEET_REALISASI].cell(header, computed_col("capaian_tahunan_pct")).value = None


def _formula_in_a_computed_cell(wb: openpyxl.Workbook) -> None:
    wb[layout.SHEET_REALISASI].cell(FIRST_ROW, computed_col("capaian_bulan_pct")).value = "=E4*1"


def _column_between_computed_columns(wb: openpyxl.Workbook) -> None:
    ws = wb[layout.SHEET_REALISASI]
    col = computed_col("capaian_tahunan_pct")
    ws.insert_cols(col)
    ws.cell(layout.REALISASI_HEADER_ROW, col).value = "Catatan Saya"
    ws.cell(FIRST_ROW, col).value = "punya saya"


@pytest.mark.parametrize("change", [_blank_a_computed_header, _formula_in_a_computed_cell,
                                    _column_between_computed_columns],
                         ids=["computed-header-blank", "formula-in-computed-cell", "column-between"])
def test_every_layout_path_writes_model_values(tmp_path: Path, change) -> None:
    # Each change sends the rows down the cell-by-cell path, which once wrote a Decimal as is
    # ("cannot write Decimal to a cell").  Expected values: REALISASI_COMPUTED's first row
    # (January of IK-02: 1 of 1 planned, 1 of 12 for the year → 100 % and 8.33 %).
    book = make_workbook(tmp_path / "iki.xlsx")
    wb = load(book)
    change(wb)
    wb.save(book)
    write_computed(book, make_computation(), now=NOW)
    ws = load(book, data_only=True)[layout.SHEET_REALISASI]
    col = _header_cell(ws, "Capaian Bulan Ini (%)").column
    assert ws.cell(FIRST_ROW, col).value == 100
    tahunan = _header_cell(ws, "Capaian Tahunan (%)").column
    assert ws.cell(FIRST_ROW, tahunan).value == pytest.approx(100 / 12)
    if change is _column_between_computed_columns:
        assert ws.cell(FIRST_ROW, _header_cell(ws, "Catatan Saya").column).value == "punya saya"


@pytest.mark.parametrize("name", ["Cascading", "cascading", "Cascading "])
def test_a_clerks_own_sheet_named_cascading_is_refused(tmp_path: Path, name: str) -> None:
    book = make_workbook(tmp_path / "iki.xlsx")
    wb = load(book)
    wb.create_sheet(name)["A1"] = "Catatan rapat evaluasi"
    wb.save(book)
    original = book.read_bytes()
    for output in (None, tmp_path / "salinan.xlsx"):
        with pytest.raises(LossyWriteRefused) as info:
            write_computed(book, make_computation(), output, now=NOW)
        assert repr(name) in info.value.message and "ganti nama" in info.value.message
        assert book.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [book.name]


def test_an_invalid_predikat_colour_falls_back_to_the_default(tmp_path: Path) -> None:
    from ikixl.capaian import default_bands
    from ikixl.recap import write_recap

    # check warns warna-tidak-valid ("the default colour is used"); no writer may fail on it
    default = default_bands()
    bands = (PredikatBand(default[0].lower_pct, default[0].label, "hijau", "#FFFFFF"), *default[1:])
    computation = make_computation(predikat=bands)
    book = make_workbook(tmp_path / "iki.xlsx")
    write_computed(book, computation, now=NOW)
    write_recap(computation, tmp_path / "rekap.xlsx")
    ws = load(book)[layout.SHEET_REALISASI]
    letter = layout.column_letter(computed_col("capaian_rencana_pct"))
    top = min((r for s, r in rules_of(ws) if s.startswith(letter) and ">=" in r.formula[0]),
              key=lambda r: r.priority)
    assert top.dxf.fill.fgColor.rgb[-6:] == default[0].fill.lstrip("#").upper()


def test_a_workbook_reached_through_a_link_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "bersama").mkdir()
    real = make_workbook(tmp_path / "bersama" / "iki.xlsx")
    link = tmp_path / "pintasan.xlsx"
    link.symlink_to(real)
    result = write_computed(link, make_computation(), now=NOW)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert result.backup is not None and result.backup.parent == real.parent
    ws = load(real, data_only=True)[layout.SHEET_REALISASI]
    assert ws.cell(FIRST_ROW, computed_col("predikat")).value == "Sangat Tinggi"


def test_the_subtitle_is_not_cut_off_by_the_banner(book: Path) -> None:
    from ikixl.cascadesheet import BANNER_CELL

    write_computed(book, make_computation(), now=NOW)
    ws = load(book)[layout.SHEET_CASCADING]
    assert ws["A2"].value and ws["B2"].value is None and ws["C2"].value is None  # A2 spills over B and C
    assert BANNER_CELL[0] > "C"


@pytest.mark.parametrize(
    "sheet_data",
    [
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="2"/>',
        b'<row r="3" spans="1:2"/><row r="4"><c r="A4"><v>1</v></c></row>',
        b"<row><c><v>1</v></c></row><row><c><v>2</v></c></row>",
        b'<row r="7" ht="20"></row>',
        b"",
    ],
)
def test_the_first_row_alone_is_the_first_of_all_rows(sheet_data: bytes) -> None:
    """SheetPatch.first_row (which finds A1 of a large Cascading sheet without splitting it into
    rows) gives what rows() gives first."""
    from ikixl.sheetpatch import SheetPatch

    part = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            b'main"><sheetData>' + sheet_data + b"</sheetData></worksheet>")
    alone = SheetPatch(part, "sheet.xml").first_row()
    rows = SheetPatch(part, "sheet.xml").rows()
    assert alone == (rows[0] if rows else None)


def test_a_workbook_saved_again_while_it_is_written_is_left_as_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In place: the clerk saves the workbook from Excel while ikixl writes it (after ikixl read it
    and checked it unchanged). The write is refused just before the file would be replaced: the
    clerk's save stays, no backup and no temporary file are left."""
    from workbook_factory import build_workbook

    from ikixl.compute import compute
    from ikixl.reader import read_workbook
    from ikixl.zippatch import PackagePatch

    path = build_workbook(tmp_path / "iki.xlsx")
    wb = read_workbook(path)
    computation = compute(wb)
    saved = build_workbook(tmp_path / "saved.xlsx", hook=lambda book: setattr(
        book[layout.SHEET_REALISASI]["A1"], "value", "disimpan lagi")).read_bytes()
    real_write = PackagePatch.write

    def write_while_saved(self: PackagePatch, target: Path) -> None:
        real_write(self, target)
        path.write_bytes(saved)  # Excel saves over the workbook meanwhile

    monkeypatch.setattr(PackagePatch, "write", write_while_saved)
    with pytest.raises(WriteError) as info:
        write_computed(path, computation, read_as=wb.source_members, now=NOW)
    assert info.value.code == "berkas-berubah-sejak-dibaca"
    assert path.read_bytes() == saved
    assert folder_listing(tmp_path) == ["iki.xlsx", "saved.xlsx"]
