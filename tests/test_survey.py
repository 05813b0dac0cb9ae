"""The Realisasi survey (ikixl.realisasipatch.survey_realisasi): found before the figures are known
(``ikixl compute`` does it beside the reading), it must change nothing in what is written, and a
survey of a part that has changed since must not be used."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from preservation_fixtures import EXAMPLE, package_map, read_members, replace_once, write_members
from test_write_paths import _deviate, build
from workbook_factory import realisasi_cell, realisasi_row

from ikixl import layout, realisasipatch, writeback
from ikixl.compute import compute
from ikixl.reader import read_workbook
from ikixl.realisasipatch import RealisasiSurvey, survey_realisasi
from ikixl.realisasirows import RealisasiRows, _Scan
from ikixl.writeback import write_computed


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return build(tmp_path / "iki.xlsx")


def written(source: Path, output: Path, survey: RealisasiSurvey | None, monkeypatch: pytest.MonkeyPatch,
            month: int = 3) -> tuple[dict[str, bytes], RealisasiSurvey | None]:
    """Compute ``source`` and write it to ``output`` given ``survey``: (the members written, the
    survey open_realisasi was given)."""
    given: list[RealisasiSurvey | None] = []
    plan = realisasipatch.open_realisasi

    def spy(*args: Any) -> Any:
        given.append(args[-1])
        return plan(*args)

    monkeypatch.setattr(writeback, "open_realisasi", spy)
    write_computed(source, compute(read_workbook(source), month=month), output=output, survey=survey)
    monkeypatch.undo()
    assert len(given) == 1
    return read_members(output), given[0]


def test_a_survey_writes_the_same_package(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written with the survey or without, every member of the result is byte for byte the same."""
    survey = survey_realisasi(book)
    assert survey is not None and survey.surveyed.scan is not None
    with_survey, used = written(book, tmp_path / "with.xlsx", survey, monkeypatch)
    without, none = written(book, tmp_path / "without.xlsx", None, monkeypatch)
    assert used is survey and none is None
    assert with_survey == without


def test_a_survey_of_rows_off_the_plain_shape_writes_the_same(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows that take the slower ways (a formula, an inline Kode Indikator, a missing cell) are
    left to them by the survey too."""
    _deviate(book)
    survey = survey_realisasi(book)
    assert survey is not None and survey.surveyed.scan is not None
    scanned = set(_Scan.unpacked(survey.surveyed.scan).blocks)
    assert realisasi_row("SK-PPK.2", 3) not in scanned  # no computed cell at all
    assert realisasi_row("KADIS.1", 1) not in scanned  # a formula among the computed cells
    assert realisasi_row("SEK.1", 1) in scanned  # plain computed cells, but an inline Kode Indikator:
    assert realisasi_row("SEK.1", 1) not in _Scan.unpacked(survey.surveyed.scan).kodes  # not written so
    with_survey, used = written(book, tmp_path / "with.xlsx", survey, monkeypatch)
    without, _ = written(book, tmp_path / "without.xlsx", None, monkeypatch)
    assert used is survey
    assert with_survey == without


def test_a_recompute_with_a_survey_changes_nothing(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Computing a computed workbook again, surveyed, leaves every part but core.xml as it was."""
    first, _ = written(book, tmp_path / "first.xlsx", survey_realisasi(book), monkeypatch)
    again, used = written(tmp_path / "first.xlsx", tmp_path / "again.xlsx",
                          survey_realisasi(tmp_path / "first.xlsx"), monkeypatch)
    assert used is not None
    assert {k: v for k, v in again.items() if k != "docProps/core.xml"} == {
        k: v for k, v in first.items() if k != "docProps/core.xml"}


def _rewrite(path: Path, name: str, old: bytes, new: bytes) -> None:
    members = read_members(path)
    members[name] = replace_once(members[name], old, new)
    write_members(path, members)


def _edit_a_realisasi(book: Path) -> None:
    """A Realisasi value changed (the clerk saved between the survey and the write)."""
    part = package_map(read_members(book)).sheet(layout.SHEET_REALISASI)
    assert part is not None
    ref = realisasi_cell("KADIS.1", 2, "realisasi")
    xml = read_members(book)[part]
    start = xml.index(b'<c r="%s"' % ref.encode())
    cell = xml[start:xml.index(b"</c>", start) + 4]
    assert b"<v>" in cell
    _rewrite(book, part, cell, cell.replace(b"<v>", b"<v>1", 1))  # 5 → 15


def _add_a_shared_string(book: Path) -> None:
    """The Realisasi part the same but the shared strings not (a header's text is one of them)."""
    name = next(n for n in read_members(book) if n.lower().endswith("sharedstrings.xml"))
    _rewrite(book, name, b"</sst>", b"<si><t>tambahan</t></si></sst>")


@pytest.mark.parametrize("edit", [_edit_a_realisasi, _add_a_shared_string])
def test_a_survey_of_parts_changed_since_is_not_used(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path], None]
) -> None:
    """A part the survey was made from changed before the write: the write finds everything
    again, and writes what it would have written without a survey."""
    survey = survey_realisasi(book)
    assert survey is not None and len(survey.members) == 2  # the Realisasi part, the shared strings
    edit(book)
    with_survey, used = written(book, tmp_path / "with.xlsx", survey, monkeypatch)
    without, _ = written(book, tmp_path / "without.xlsx", None, monkeypatch)
    assert used is None
    assert with_survey == without


def test_a_survey_without_the_part_takes_it_from_the_reading_or_the_file(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A survey made without the part's bytes (``ikixl compute``'s copy does not send 24 MB back)
    takes them from bytes read elsewhere only when they have the CRC-32 and size surveyed, and
    otherwise the write reads them: the same package is written every way."""
    members = read_members(book)
    part = package_map(members).sheet(layout.SHEET_REALISASI)
    assert part is not None
    survey = survey_realisasi(book, with_data=False)
    assert survey is not None and survey.data is None and survey.surveyed.scan is not None
    other = survey.with_data([(part, members[part].replace(b"<row ", b"<row  ", 1)), ("xl/styles.xml", b"")])
    assert other is survey  # a part that changed since, another member: not taken
    taken = survey.with_data([(part, members[part])])
    assert taken.data == members[part] and survey.data is None
    without, _ = written(book, tmp_path / "without.xlsx", None, monkeypatch)
    for given, name in ((survey, "read.xlsx"), (taken, "taken.xlsx")):
        with_survey, used = written(book, tmp_path / name, given, monkeypatch)
        assert used is given
        assert with_survey == without


def test_no_survey_where_there_is_nothing_to_survey(tmp_path: Path) -> None:
    """A survey never raises: what stands in its way is for the write to find and report."""
    missing = tmp_path / "missing.xlsx"
    not_a_zip = tmp_path / "text.xlsx"
    not_a_zip.write_text("bukan buku kerja")
    no_realisasi = tmp_path / "no-realisasi.xlsx"
    with zipfile.ZipFile(no_realisasi, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert survey_realisasi(missing) is None
    assert survey_realisasi(not_a_zip) is None
    assert survey_realisasi(no_realisasi) is None


def test_the_packed_scan_unpacks_to_the_scan(book: Path) -> None:
    """What is sent back from the copy of the process is the scan itself."""
    from ikixl.sheetpatch import SheetPatch, col_letters

    members = read_members(book)
    part = package_map(members).sheet(layout.SHEET_REALISASI)
    assert part is not None
    survey = survey_realisasi(book)
    assert survey is not None and survey.surveyed.scan is not None
    header_row, columns, last = survey.header
    owned, _ = realisasipatch._computed_columns(dict(columns), last)
    patch = SheetPatch(members[part], part)
    assert survey.row_spans() == patch.rows()
    rows = RealisasiRows(patch, owned, columns["kode_indikator"], columns["realisasi"], None, (), "")
    rows.scan()
    scan = rows._scan
    assert scan is not None and len(scan.blocks) > 10 and scan.kodes and scan.realisasi
    assert _Scan.unpacked(survey.surveyed.scan) == scan
    data, letters = patch.data, [col_letters(col).encode() for col in sorted(owned)]
    for number, (start, end, hads) in scan.blocks.items():  # each run: the computed cells of its row
        cells = re.findall(rb'<c r="([A-Z]+)([0-9]+)"( s="([0-9]+)")?', data[start:end])
        assert [c[0] for c in cells] == letters and {int(c[1]) for c in cells} == {number}
        assert [c[3] or None for c in cells] == list(hads)
        assert data[end - 2 : end] == b"/>" or data[end - 4 : end] == b"</c>"
    for month in (1, 12):  # the Kode Indikator of a row, as a shared string
        assert survey.strings[scan.kodes[realisasi_row("KADIS.1", month)]] == "KADIS.1"
    assert realisasi_row("KADIS.1", 1) > header_row and realisasi_row("KADIS.1", 1) in scan.blocks


@pytest.mark.parametrize("large", [False, True], ids=["small-part", "large-part"])
def test_compute_surveys_beside_the_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, large: bool
) -> None:
    """``ikixl compute`` on the shipped example surveys in a copy of the process where forking is
    safe (and does not where it is not), and writes what the library writes without a survey.
    A large Realisasi part (read in the reader's second thread) is taken from the reading; a
    small one is read by the write."""
    import shutil

    from click.testing import CliRunner

    from ikixl import fastread
    from ikixl.beside import fork_context
    from ikixl.cli import main

    forks = fork_context() is not None
    given: list[RealisasiSurvey | None] = []
    plan = realisasipatch.open_realisasi

    def spy(*args: Any) -> Any:
        given.append(args[-1])
        return plan(*args)

    book = Path(shutil.copy(EXAMPLE, tmp_path / "iki.xlsx"))
    monkeypatch.setattr(writeback, "open_realisasi", spy)
    if large:
        monkeypatch.setattr(fastread, "PARALLEL_MIN_BYTES", 1)
    out = tmp_path / "cli.xlsx"
    result = CliRunner().invoke(main, ["compute", str(book), "--month", "3", "--output", str(out)])
    assert result.exit_code == 0, result.output
    monkeypatch.undo()
    assert len(given) == 1 and (given[0] is not None) == forks
    if given[0] is not None:
        members = read_members(book)
        part = package_map(members).sheet(layout.SHEET_REALISASI)
        assert part is not None
        assert given[0].data == (members[part] if large else None)
    without, _ = written(book, tmp_path / "without.xlsx", None, monkeypatch)
    cli = read_members(out)
    assert cli.keys() == without.keys()
    assert {k: v for k, v in cli.items() if k != "docProps/core.xml"} == {
        k: v for k, v in without.items() if k != "docProps/core.xml"}


def test_a_prefixed_realisasi_part_is_surveyed_and_cut_alike(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Realisasi part whose elements carry a namespace prefix (``<x:row>``, as some generators
    write): surveyed, written the same with or without the survey, and cut into two pieces."""
    import re

    from ikixl.writeback import _piece_error, _pieces

    members = read_members(book)
    part = package_map(members).sheet(layout.SHEET_REALISASI)
    assert part is not None
    xml = members[part].decode().replace(
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
        'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
    members[part] = re.sub(r"<(/?)(\w+)([\s/>])", r"<\1x:\2\3", xml).encode()
    assert b"<x:row " in members[part] and b"<row " not in members[part]
    write_members(book, members)
    survey = survey_realisasi(book)
    assert survey is not None and survey.surveyed.scan is not None
    with_survey, used = written(book, tmp_path / "with.xlsx", survey, monkeypatch)
    without, _ = written(book, tmp_path / "without.xlsx", None, monkeypatch)
    assert used is survey and with_survey == without
    new = with_survey[part]
    pieces = _pieces(new)
    assert len(pieces) == 2 and new[pieces[0][2]:pieces[0][2] + 7] == b"<x:row "
    assert all(_piece_error(new, piece) is None for piece in pieces)
    broken = new.replace(b"</x:row>", b"</x:c></x:row>", 1)
    assert any(_piece_error(broken, piece) is not None for piece in _pieces(broken))
