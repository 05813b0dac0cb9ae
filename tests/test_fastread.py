"""The hybrid engine (python-calamine values + byte scan, :mod:`ikixl.fastread`) reads every
workbook exactly as the expat reference engine (:func:`ikixl.xlsx.read_cells`) does."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from workbook_factory import build_workbook, indikator_cell, jabatan_cell, realisasi_cell, setting_cell

from ikixl import fastread, layout, reader
from ikixl.errors import WorkbookError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dinsos_kukar_2023.xlsx"
TEMPLATE = Path(__file__).resolve().parents[1] / "workbook_templates" / "ikixl_template_v1.xlsx"


def _typed_column(frame, col):
    return [(type(v), v) for v in frame[col]]


def assert_same_workbook(path: Path) -> None:
    fast = reader._read_workbook(path, "hybrid")  # raises Fallback rather than hiding behind it
    ref = reader._read_workbook(path, "expat")
    for attr in ("sheet_names", "jabatan_sheets", "missing_columns", "notes", "sheets"):
        assert getattr(fast, attr) == getattr(ref, attr), attr
    for attr in ("pengaturan", "predikat", "jabatan", "indikator", "realisasi"):
        a, b = getattr(fast, attr), getattr(ref, attr)
        assert list(a.columns) == list(b.columns) and list(a.index) == list(b.index), attr
        for col in a.columns:
            assert _typed_column(a, col) == _typed_column(b, col), (attr, col)
    assert fast.cells.keys() == ref.cells.keys()
    # Addresses answered without building the cells frames (both engines) are the frames' own.
    for wb in (fast, ref):
        for table in ("predikat", "jabatan", "indikator", "realisasi"):
            frame = getattr(wb, table)
            keys = [*ref.cells[table].columns, "sheet", "no-such-column"]
            looked_up = {(i, k): wb.cell(table, i, k) for i in frame.index for k in keys}
            assert looked_up == {(i, k): ref.cell(table, i, k) for i in frame.index for k in keys}, table
            built = wb.cells[table]
            assert all(looked_up[i, k][1] == (built.at[i, k] if k in built.columns else None)
                       for i in frame.index for k in keys), table
            with pytest.raises(KeyError):
                wb.cell(table, len(frame), keys[0])
    for key in ref.cells:
        assert fast.cells[key].equals(ref.cells[key]), key


def _hook_everything(book):
    ws = book["Realisasi"]
    ws[realisasi_cell("SEK.1", 1, "keterangan")] = "  \u00a0 "
    ws[realisasi_cell("SEK.1", 2, "bulan")] = dt.datetime(2023, 2, 1)
    ws[realisasi_cell("SEK.2", 1, "realisasi")] = 0.75
    ws[realisasi_cell("SEK.2", 1, "realisasi")].number_format = "0.00%"
    ws[realisasi_cell("SEK.2", 2, "realisasi")] = "75%"
    ws[realisasi_cell("SEK.2", 2, "realisasi")].number_format = "0%"
    ws[realisasi_cell("SEK.2", 3, "realisasi")] = 75
    ws[realisasi_cell("SEK.2", 3, "realisasi")].number_format = layout.PCT_FORMAT
    ws[realisasi_cell("SEK.1", 3, "target_bulan")] = "=1+1"
    ws[realisasi_cell("SEK.1", 4, "indikator_kinerja")] = "=SEK!D16"
    ws[realisasi_cell("SEK.1", 5, "realisasi")] = "7,5"
    ws[realisasi_cell("SEK.1", 6, "realisasi")] = 1.5
    ws[realisasi_cell("SEK.1", 7, "realisasi")] = "-"
    ws[realisasi_cell("SEK.1", 8, "realisasi")] = True
    ws.row_dimensions[5].hidden = True
    ws.row_dimensions[500].hidden = True
    ws.column_dimensions["F"].hidden = True
    book["SEK"][indikator_cell(1, "no")] = "=A16+1"
    book["SEK"][indikator_cell(1, "target")] = 123456789012345678
    book["SEK"].sheet_state = "veryHidden"
    book["Pengaturan"][setting_cell("tahun")] = "=2020+3"
    return None


@pytest.mark.parametrize("hook", [None, _hook_everything], ids=["factory", "variants"])
def test_factory_workbooks_read_the_same(tmp_path, hook):
    assert_same_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook))


def test_example_and_template_read_the_same():
    assert_same_workbook(EXAMPLE)
    assert_same_workbook(TEMPLATE)


def test_cached_formula_values_and_extensions_read_the_same(tmp_path):
    path = build_workbook(tmp_path / "iki.xlsx", hook=_hook_everything)
    patched = tmp_path / "patched.xlsx"
    ext = ('<extLst><ext uri="{78C0D931-6437-407D-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.'
           'microsoft.com/office/spreadsheetml/2009/9/main"><x14:foo/></ext></extLst>')
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                # give every formula a cached value, one of them an error
                data = data.replace(b"<v></v>", b"<v>2</v>").replace(b"<v/>", b"<v>2</v>")
                data = data.replace(b"</worksheet>", ext.encode() + b"</worksheet>")
            dst.writestr(item, data)
    assert_same_workbook(patched)


def test_the_hybrid_engine_is_used_and_falls_back(tmp_path, monkeypatch):
    path = build_workbook(tmp_path / "iki.xlsx")
    used = []
    original = reader._read_workbook
    monkeypatch.setattr(reader, "_read_workbook",
                        lambda p, engine, *rest: used.append(engine) or original(p, engine, *rest))
    reader.read_workbook(path)
    assert used == ["hybrid"]

    def refuse(*args, **kwargs):
        raise fastread.Fallback("test")

    monkeypatch.setattr(reader, "read_hybrid", refuse)
    used.clear()
    assert reader.read_workbook(path).sheet_names == openpyxl.load_workbook(path).sheetnames
    assert used == ["hybrid", "expat"]


# --------------------------------------------------------------------------- the second thread
@pytest.fixture
def every_sheet_large(monkeypatch):
    """Every worksheet part counts as large: checked and parsed in the second thread."""
    monkeypatch.setattr(fastread, "PARALLEL_MIN_BYTES", 1)


@pytest.mark.parametrize("hook", [None, _hook_everything], ids=["factory", "variants"])
def test_sheets_parsed_in_the_second_thread_read_the_same(tmp_path, every_sheet_large, hook):
    path = build_workbook(tmp_path / "iki.xlsx", hook=hook)
    with fastread.read_hybrid(path) as book:
        assert book._in_background == {s.name for s in book.sheets if s.kind == "worksheet"}
    assert_same_workbook(path)
    assert_same_workbook(EXAMPLE)


@pytest.mark.parametrize("threshold", [1, 1 << 40], ids=["second-thread", "one-thread"])
def test_each_large_part_is_handed_over_as_read(tmp_path, monkeypatch, threshold):
    """``on_large_part`` gets every part parsed in the second thread, once, by its zip member and
    with the bytes the member inflates to (compute's survey takes the Realisasi part from it)."""
    monkeypatch.setattr(fastread, "PARALLEL_MIN_BYTES", threshold)
    path = build_workbook(tmp_path / "iki.xlsx")
    handed: list[tuple[str, bytes]] = []
    wb = reader.read_workbook(path, on_large_part=lambda member, data: handed.append((member, data)))
    with zipfile.ZipFile(path) as archive:
        worksheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        inflated = {name: archive.read(name) for name in worksheets}
    if threshold == 1:
        assert sorted(member for member, _ in handed) == worksheets
        assert dict(handed) == inflated
    else:
        assert handed == []
    assert len(wb.realisasi) > 0


def _rewrite_member(path: Path, member: str, change) -> None:
    with zipfile.ZipFile(path) as src:
        items = [(item, src.read(item)) for item in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item, data in items:
            dst.writestr(item, change(data) if item.filename == member else data)


def _realisasi_member(path: Path) -> str:
    with fastread.read_hybrid(path) as book:
        return next(s.part for s in book.sheets if s.name == "Realisasi")


@pytest.mark.parametrize("threshold", [1, 1 << 40], ids=["second-thread", "one-thread"])
def test_a_large_part_is_refused_before_calamine_sees_it(tmp_path, monkeypatch, threshold):
    monkeypatch.setattr(fastread, "PARALLEL_MIN_BYTES", threshold)
    path = build_workbook(tmp_path / "iki.xlsx")
    member = _realisasi_member(path)
    doctype = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>'

    def add_dtd(xml: bytes) -> bytes:
        head, sep, rest = xml.partition(b"?>")
        return head + sep + doctype + rest if sep else doctype + xml

    _rewrite_member(path, member, add_dtd)
    seen = []

    class Calamine:  # (imported before the second thread starts; never asked to open the file)
        @staticmethod
        def from_path(path: str) -> None:
            seen.append(path)
            pytest.fail("parsed")

    monkeypatch.setattr(fastread, "_calamine", lambda: Calamine)
    with pytest.raises(WorkbookError) as info:
        fastread.read_hybrid(path)
    assert info.value.code == "berkas-xml-berbahaya" and not seen
    with pytest.raises(WorkbookError) as info:
        reader.read_workbook(path)
    assert info.value.code == "berkas-xml-berbahaya"


def test_a_damaged_large_part_is_refused(tmp_path, every_sheet_large):
    path = build_workbook(tmp_path / "iki.xlsx")
    member = _realisasi_member(path)
    data = bytearray(path.read_bytes())
    # Flip a byte of the member's compressed data: its CRC no longer matches.
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(WorkbookError) as raised:
        reader.read_workbook(path)
    assert raised.value.code == "berkas-rusak"


def test_calamine_failing_in_the_second_thread_falls_back(tmp_path, monkeypatch, every_sheet_large):
    path = build_workbook(tmp_path / "iki.xlsx")

    class Broken:
        @staticmethod
        def from_path(_path):
            raise RuntimeError("calamine broke")

    monkeypatch.setattr(fastread, "_calamine", lambda: Broken)
    used = []
    original = reader._read_workbook
    monkeypatch.setattr(reader, "_read_workbook",
                        lambda p, engine, *rest: used.append(engine) or original(p, engine, *rest))
    wb = reader.read_workbook(path)
    assert used == ["hybrid", "expat"]
    assert wb.sheet_names == openpyxl.load_workbook(path).sheetnames


@pytest.mark.parametrize("engine", ["hybrid", "expat"])
def test_notes_come_sheet_by_sheet_fields_then_indicators(tmp_path, engine):
    # The indicator tables of all jabatan sheets are typed together; their notes still come in
    # reading order: each sheet's field notes, then its indicators' notes, then the next sheet.
    def hook(book):
        for name in ("KADIS", "SEK", "SK-PPK"):
            book[name][jabatan_cell("nip")] = "=1+1"
            book[name][indikator_cell(1, "target")] = "7,5"
            book[name][indikator_cell(2, "kode_indikator")] = 42

    wb = reader._read_workbook(build_workbook(tmp_path / "iki.xlsx", hook=hook), engine)
    assert [(n.table, n.index, n.key, n.code) for n in wb.notes] == [
        entry
        for j, first in enumerate((0, 3, 6))
        for entry in (("jabatan", j, "nip", "rumus-belum-dihitung"),
                      ("indikator", first + 1, "target", "angka-teks-dibaca"),
                      ("indikator", first + 2, "kode_indikator", "kode-angka-dibaca"))
    ]


def test_the_second_thread_imports_nothing(tmp_path: Path) -> None:
    """A Ctrl+C that lands in one of the import system's own callbacks can leave the interpreter's
    import lock held by the main thread, the interrupt reported as ignored (a CPython behaviour:
    the callback's ``finally`` never runs).  The main thread goes on, since the lock is re-entrant
    for it; a second thread that imports waits for ever, and so does the read that waits for that
    thread.  The second thread must therefore import nothing: calamine is imported before it
    starts.  Simulated here by holding the lock in the main thread, in a fresh interpreter with a
    time limit (the hang makes it time out)."""
    import subprocess
    import sys

    script = f"""
import _imp, sys
from ikixl import fastread
from ikixl.reader import read_workbook
assert "python_calamine" not in sys.modules
fastread.PARALLEL_MIN_BYTES = 1  # every worksheet part is parsed in the second thread
_imp.acquire_lock()
wb = read_workbook({str(EXAMPLE)!r})
print(len(wb.indikator))
"""
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the read waited for ever on a second thread blocked on the import lock")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(reader.read_workbook(EXAMPLE).indikator) > 0
