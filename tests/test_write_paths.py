"""The three ways of writing a Realisasi row (ikixl.realisasirows: scanned, by address, cell by
cell) write the same bytes for the same row."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest
from preservation_fixtures import package_map, read_members, replace_once, write_members
from workbook_factory import MONTHS, SETTINGS, default_jabatan, realisasi_cell, realisasi_row

from ikixl import layout
from ikixl.compute import compute
from ikixl.reader import read_workbook
from ikixl.realisasirows import RealisasiRows
from ikixl.template import JabatanForm, Pengaturan, WorkbookContent, write_workbook
from ikixl.writeback import write_computed

Mode = Literal["normal", "address", "cells"]
INDIKATOR_KEYS = {c.key for c in layout.INDIKATOR_COLUMNS}


@dataclass
class Paths:
    """The rows each way wrote in one run (``rows``: the rows computed)."""

    rows: set[int] = field(default_factory=set)
    scanned: set[int] = field(default_factory=set)
    located: set[int] = field(default_factory=set)  # found by address (maybe then cell by cell)
    cells: set[int] = field(default_factory=set)

    @property
    def addressed(self) -> set[int]:
        """Computed rows written by address (not fallen back to cell by cell)."""
        return (self.located & self.rows) - self.cells


def jabatan_spec() -> list[dict[str, Any]]:
    """workbook_factory's jabatan with a blank, a SAKIP letter and a text realisasi early on."""
    jabatan = default_jabatan()
    by_kode = {i["kode_indikator"]: i for j in jabatan for i in j["indikator"]}
    by_kode["SEK.1"]["bulan"] = [(1, 1, None), (1, None, None)] + [(1, 1, None)] * 10
    by_kode["KADIS.2"]["bulan"] = [(None, "B", None), (None, "BB", None)] + [(None, None, None)] * 10
    by_kode["SK-PPK.2"]["bulan"] = [(2, "dua", None)] + [(2, 2, None)] * 11
    return jabatan


def build(path: Path) -> Path:
    """workbook_factory's office, written by ikixl's own template writer (computed cells present,
    empty and styled, as in a workbook staff start from)."""
    forms: list[JabatanForm] = []
    rows: list[dict[str, Any]] = []
    for jab in jabatan_spec():
        indikator = [{k: v for k, v in i.items() if k in INDIKATOR_KEYS} | {"no": n + 1}
                     for n, i in enumerate(jab["indikator"])]
        forms.append(JabatanForm({k: v for k, v in jab.items() if k != "indikator"}, indikator))
        for i in jab["indikator"]:
            for month, (target_bulan, realisasi, penyebut) in zip(MONTHS, i["bulan"], strict=True):
                rows.append({"kode_indikator": i["kode_indikator"], "bulan": month,
                             "indikator_kinerja": i["indikator_kinerja"], "target_bulan": target_bulan,
                             "realisasi": realisasi, "penyebut": penyebut})
    content = WorkbookContent(Pengaturan(dict(SETTINGS)), forms, rows, empty_indikator_rows=0,
                              empty_realisasi_rows=3)
    return write_workbook(path, content)


class PathsDisagree(AssertionError):
    """Two ways wrote different bytes (the bug this file guards against)."""



@dataclass
class Written:
    """What a run wrote: the Realisasi part, xl/styles.xml, and the rows each way wrote."""

    realisasi: bytes
    styles: bytes
    seen: Paths


def run(source: Path, output: Path, month: int, mode: Mode) -> Written:
    """Compute ``source`` as of ``month`` and write it to ``output`` the ``mode`` way."""
    seen = Paths()
    write_scanned, locate, rebuild_cells = (
        RealisasiRows.write_scanned, RealisasiRows.locate, RealisasiRows._rebuild_cells)

    def spy_scanned(self: RealisasiRows, spans: Any, computed: Any) -> Any:
        handled, mismatches = write_scanned(self, spans, computed)
        seen.scanned |= handled
        return handled, mismatches

    def spy_locate(self: RealisasiRows, span: tuple[int, int, int, int]) -> Any:
        found, by_address = locate(self, span)
        if by_address:
            seen.located.add(span[0])
        return found, by_address

    def spy_cells(self: RealisasiRows, span: tuple[int, int, int, int], values: list[Any]) -> Any:
        seen.cells.add(span[0])
        return rebuild_cells(self, span, values)

    computation = compute(read_workbook(source), month=month)
    seen.rows = {int(r) for r in computation.realisasi["row"]}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(RealisasiRows, "write_scanned", spy_scanned)
        mp.setattr(RealisasiRows, "locate", spy_locate)
        mp.setattr(RealisasiRows, "_rebuild_cells", spy_cells)
        if mode != "normal":
            mp.setattr(RealisasiRows, "scan", lambda self: None)
        if mode == "cells":  # also leaves _all_addressed False, so locate answers cell by cell
            mp.setattr(RealisasiRows, "_addressed_only", lambda self, body, close: False)
        write_computed(source, computation, output=output)
    members = read_members(output)
    part = package_map(members).sheet(layout.SHEET_REALISASI)
    assert part is not None
    return Written(members[part], members["xl/styles.xml"], seen)


def assert_same(normal: bytes, other: bytes, what: str) -> None:
    """Byte-identical parts; else :class:`PathsDisagree` showing both from the first differing row."""
    if normal == other:
        return
    pairs = enumerate(zip(normal, other, strict=False))
    at = next((i for i, (a, b) in pairs if a != b), min(len(normal), len(other)))
    start = max(normal.rfind(b"<row ", 0, at), at - 200, 0)
    raise PathsDisagree(f"{what} differ at byte {at}:\n{normal[start:at + 300]!r}\n{other[start:at + 300]!r}")


def assert_written_alike(normal: Written, other: Written, mode: Mode) -> None:
    assert_same(normal.styles, other.styles, f"xl/styles.xml, normal vs {mode}")
    assert_same(normal.realisasi, other.realisasi, f"Realisasi part, normal vs {mode}")


def assert_paths(seen: Paths, mode: Mode) -> None:
    """Each run went the way it was meant to (so that the comparison is not vacuous)."""
    if mode == "normal":
        assert len(seen.scanned) > len(seen.rows) / 2, (len(seen.scanned), len(seen.rows))
    elif mode == "address":
        assert not seen.scanned and len(seen.addressed) > len(seen.rows) / 2
    else:
        assert not seen.scanned and not seen.located and seen.rows <= seen.cells


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build(tmp_path / "iki.xlsx")


def test_scan_off_writes_every_row_by_address_with_the_same_bytes(book: Path, tmp_path: Path) -> None:
    """With the scan off, every row written by address gives the bytes the scan gave."""
    normal = run(book, tmp_path / "normal.xlsx", 2, "normal")
    other = run(book, tmp_path / "address.xlsx", 2, "address")
    assert_paths(normal.seen, "normal")
    assert normal.seen.rows - normal.seen.scanned  # the letter and text realisasi: a slower way
    assert other.seen.addressed == other.seen.rows and not other.seen.cells
    assert_written_alike(normal, other, "address")


def test_cell_by_cell_writes_the_same_bytes(book: Path, tmp_path: Path) -> None:
    """Forced cell by cell for every row, the Realisasi part is byte for byte the scanned one."""
    normal = run(book, tmp_path / "normal.xlsx", 2, "normal")
    other = run(book, tmp_path / "cells.xlsx", 2, "cells")
    assert_paths(other.seen, "cells")
    assert_written_alike(normal, other, "cells")


@pytest.mark.parametrize("mode", ["address", "cells"])
def test_recompute_of_a_computed_output_agrees(book: Path, tmp_path: Path, mode: Mode) -> None:
    """Recomputing an output whose computed cells hold numbers and inline strings agrees every way."""
    written: dict[str, Written] = {}
    ways: tuple[Mode, Mode] = ("normal", mode)
    for way in ways:
        first = tmp_path / f"{way}-2.xlsx"
        run(book, first, 2, way)
        written[way] = run(first, tmp_path / f"{way}-3.xlsx", 3, way)
        assert_paths(written[way].seen, way)
    assert b't="inlineStr"' in written["normal"].realisasi
    assert_written_alike(written["normal"], written[mode], mode)


def _edit_realisasi(path: Path, edits: dict[str, Callable[[bytes, bytes], bytes]]) -> Path:
    """Replace cells of the Realisasi part at zip level: address → new cell from its address and
    its `` s="…"`` attribute."""
    members = read_members(path)
    name = package_map(members).sheet(layout.SHEET_REALISASI)
    assert name is not None
    xml = members[name]
    for ref, new in edits.items():
        m = re.search(rb'<c r="%s"( s="\d+")?[^>]*?(?:/>|>.*?</c>)' % ref.encode(), xml)
        assert m is not None, ref
        xml = replace_once(xml, m.group(0), new(ref.encode(), m.group(1) or b""))
    members[name] = xml
    return write_members(path, members)


def computed_ref(kode: str, month: int, index: int) -> str:
    """Address of the ``index``-th computed cell of an indicator-month."""
    return layout.cell_ref(realisasi_row(kode, month), len(layout.REALISASI_INPUT_COLUMNS) + 1 + index)


DEVIANT = [("KADIS.1", 1), ("SEK.1", 1), ("SK-PPK.1", 2), ("SEK.2", 1), ("SK-PPK.2", 3)]


def _deviate(path: Path) -> Path:
    """One row each off the plain shape: a formula in a computed cell, a Kode Indikator as an inline
    string, a Realisasi formula with its cached value, a computed cell missing, no computed cell."""
    edits: dict[str, Callable[[bytes, bytes], bytes]] = {
        computed_ref("KADIS.1", 1, 1): lambda r, s: b'<c r="%s"%s><f>1+1</f><v>2</v></c>' % (r, s),
        realisasi_cell("SEK.1", 1, "kode_indikator"):
            lambda r, s: b'<c r="%s"%s t="inlineStr"><is><t>SEK.1</t></is></c>' % (r, s),
        realisasi_cell("SK-PPK.1", 2, "realisasi"):
            lambda r, s: b'<c r="%s"%s><f>4+0.5</f><v>4.5</v></c>' % (r, s),
        computed_ref("SEK.2", 1, 3): lambda r, s: b"",
    }
    for index in range(len(layout.REALISASI_COMPUTED_COLUMNS)):
        edits[computed_ref("SK-PPK.2", 3, index)] = lambda r, s: b""
    return _edit_realisasi(path, edits)


@pytest.mark.parametrize("mode", ["address", "cells"])
@pytest.mark.parametrize("month", [2, 3])
def test_a_mix_of_paths_in_one_run_agrees(book: Path, tmp_path: Path, mode: Mode, month: int) -> None:
    """Rows off the plain shape go slower ways beside scanned rows; the part is the same as one way."""
    _deviate(book)
    normal = run(book, tmp_path / "normal.xlsx", month, "normal")
    other = run(book, tmp_path / f"{mode}.xlsx", month, mode)
    seen, deviant = normal.seen, {realisasi_row(kode, m) for kode, m in DEVIANT}
    assert seen.scanned and not deviant & seen.scanned
    assert realisasi_row("KADIS.1", 1) in seen.cells  # a formula among computed cells: cell by cell
    assert deviant - seen.cells <= seen.addressed
    assert b"<f>4+0.5</f>" in normal.realisasi and b"<f>1+1</f>" not in normal.realisasi
    assert_written_alike(normal, other, mode)


def test_a_missing_computed_cell_left_empty_adds_no_style(book: Path, tmp_path: Path) -> None:
    """A computed cell absent and left empty makes no way add a style to xl/styles.xml."""
    assert layout.REALISASI_COMPUTED_COLUMNS[3].key == "capaian_rencana_pct"  # none: no Target Bulan
    ref = computed_ref("SEK.2", 1, 3)
    _edit_realisasi(book, {ref: lambda r, s: b""})
    normal = run(book, tmp_path / "normal.xlsx", 3, "normal")
    cells = run(book, tmp_path / "cells.xlsx", 3, "cells")
    assert realisasi_row("SEK.2", 1) in normal.seen.addressed
    assert b'<c r="%s"' % ref.encode() not in normal.realisasi + cells.realisasi
    assert_same(normal.styles, cells.styles, "xl/styles.xml, normal vs cells")


@pytest.mark.parametrize("mode", ["normal", "address", "cells"])
def test_a_code_with_invisible_characters_is_the_code_the_reader_read(tmp_path: Path, mode: Mode) -> None:
    """Text pasted from a web page or a chat carries zero-width spaces, a byte-order mark or a
    non-breaking space; the reader reads "SEK\u200b.1" as SEK.1 (ikixl.values.clean_text), and
    every way of writing finds the row still holds the indicator it was computed for (it used to
    refuse with berkas-berubah-sejak-dihitung on every run, the clerk having changed nothing)."""
    clean = build(tmp_path / "bersih.xlsx")
    members = read_members(clean)
    strings = members["xl/sharedStrings.xml"]
    for old, new in ((">SEK.1<", ">SEK\u200b.1<"), (">SEK.2<", ">\ufeffSEK.2<"),
                     (">KADIS.1<", ">\u00a0KADIS.1\u2060<")):
        strings = replace_once(strings, old, new)
    members["xl/sharedStrings.xml"] = strings
    pasted = write_members(tmp_path / "tempel.xlsx", members)
    written = run(pasted, tmp_path / "hasil.xlsx", 3, mode)
    assert_paths(written.seen, mode)
    run(clean, tmp_path / "hasil-bersih.xlsx", 3, mode)
    got, expected = read_workbook(tmp_path / "hasil.xlsx"), read_workbook(tmp_path / "hasil-bersih.xlsx")
    keys = [c.key for c in layout.REALISASI_COMPUTED_COLUMNS]
    assert got.realisasi[keys].equals(expected.realisasi[keys])
    assert got.realisasi["kode_indikator"].tolist() == expected.realisasi["kode_indikator"].tolist()
    assert got.realisasi["capaian_bulan_pct"].notna().sum() > 0
