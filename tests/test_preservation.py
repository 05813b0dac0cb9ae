"""``ikixl compute`` writes only what it owns: every other part of a clerk's workbook stays as saved.

The rules, and the comparison that enforces them member by member, are in
``preservation_fixtures.compare_packages``; the workbooks carry one feature
each (comments, merged cells, validations, names, pictures, charts, shapes,
print settings, hidden sheets and rows, widths, number formats, an Excel 2010+
data bar, the clerk's own conditional formats), all of them together, the same
re-saved by LibreOffice, and two handed-over real files with ikixl sheets
grafted in.  The first tests prove the comparison itself: it accepts what the
writer may change and names the part of any other change.
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import os
import re
import shutil
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from libreoffice import convert
from preservation_fixtures import (
    CALC_CHAIN,
    CASCADING,
    CASE,
    CASES,
    R,
    build_case,
    cascading_values,
    compare_packages,
    ikixl_rule_count,
    load,
    mutate_one_byte,
    package_map,
    patch_package,
    read_members,
    realisasi_table,
    realisasi_value,
    rels_name,
    set_cell_number,
    sheet_names,
    simulate_allowed_write,
    verify_case,
    write_members,
)
from workbook_factory import realisasi_cell

from ikixl import files, layout
from ikixl.check import check_workbook
from ikixl.cli import main
from ikixl.compute import compute
from ikixl.errors import WriteError
from ikixl.reader import read_workbook
from ikixl.writeback import WriteResult, write_computed

NOW = datetime(2024, 4, 5, 10, 0, 0)
MONTH = 3
CAPAIAN_TAHUNAN = "Capaian Tahunan (%)"
CORE = "docProps/core.xml"
#: The session's fixture builder: case id → the built workbook (never modified by a test).
Built = Callable[[str], Path]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Builds each fixture once per session (LibreOffice with a profile of its own there)."""
    folder = tmp_path_factory.mktemp("preservation")
    cache: dict[str, Path] = {}

    def get(case_id: str) -> Path:
        if case_id not in cache:
            cache[case_id] = build_case(CASE[case_id], folder)
        return cache[case_id]

    return get


def fresh(built: Built, case_id: str, tmp_path: Path) -> Path:
    """A copy of a fixture, alone in a folder of its own: the workbook a test computes."""
    path = tmp_path / "work" / f"iki{CASE[case_id].suffix}"
    path.parent.mkdir()
    shutil.copyfile(built(case_id), path)
    return path


def keep_copy(path: Path, name: str) -> Path:
    """A copy of ``path`` outside its folder (the folder's listing is asserted)."""
    copy = path.parent.parent / f"{name}{path.suffix}"
    shutil.copyfile(path, copy)
    return copy


def compute_in_place(path: Path, now: datetime = NOW) -> WriteResult:
    return write_computed(path, compute(read_workbook(path), month=MONTH), now=now)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ============================================================================ the comparison itself
@pytest.mark.parametrize("case_id", [c.id for c in CASES])
def test_harness_every_fixture_is_an_ikixl_workbook_equal_to_its_copy(
        case_id: str, built: Built, tmp_path: Path) -> None:
    book = fresh(built, case_id, tmp_path)
    assert check_workbook(book).errors == []
    assert compare_packages(built(case_id), book) == []


def test_harness_accepts_everything_the_writer_may_change(built: Built, tmp_path: Path) -> None:
    before = built("all-xlsm")
    after = simulate_allowed_write(before, tmp_path / "after.xlsm")
    assert CASCADING in sheet_names(after) and CASCADING not in sheet_names(before)
    assert compare_packages(before, after) == []


def test_harness_allows_the_calculation_chain_to_go(built: Built, tmp_path: Path) -> None:
    plain = built("plain-xlsx")
    members = read_members(plain)
    where = package_map(members)
    members[CALC_CHAIN] = b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.calcChain+xml"/></Types>')
    rels = rels_name(where.workbook)
    members[rels] = members[rels].replace(
        b"</Relationships>", b'<Relationship Id="rIdChain" Type="http://schemas.openxmlformats.org/'
                             b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                             b"</Relationships>")
    before = write_members(tmp_path / "before.xlsx", members)
    after = simulate_allowed_write(before, tmp_path / "after.xlsx")
    assert compare_packages(before, after) == []  # kept as it was

    dropped = read_members(after)
    del dropped[CALC_CHAIN]
    half = write_members(tmp_path / "half.xlsx", dropped)  # the member alone: its references dangle
    problems = compare_packages(before, half)
    assert len(problems) == 2 and all("still" in p and CALC_CHAIN in p for p in problems), problems

    dropped["[Content_Types].xml"] = re.sub(rb'<Override PartName="/xl/calcChain.xml"[^>]*/>', b"",
                                            dropped["[Content_Types].xml"])
    dropped[rels] = re.sub(rb'<Relationship Id="rIdChain"[^>]*/>', b"", dropped[rels])
    assert compare_packages(before, write_members(tmp_path / "dropped.xlsx", dropped)) == []


def test_harness_names_any_other_part_changed_by_one_byte(built: Built, tmp_path: Path) -> None:
    before = built("all-xlsm")
    members = read_members(before)
    where = package_map(members)
    structured = {"[Content_Types].xml", where.workbook, rels_name(where.workbook), where.styles,
                  where.sheet(R)}
    others = [name for name in members if name not in structured]
    assert {"xl/vbaProject.bin", "xl/media/image1.png", "docProps/core.xml", "docProps/app.xml",
            "xl/charts/chart1.xml", "xl/theme/theme1.xml"} <= set(others)
    for name in others:
        after = patch_package(before, tmp_path / "after.xlsm", {name: mutate_one_byte(name, members[name])})
        problems = compare_packages(before, after)
        assert problems and all(p.startswith(f"{name}: bytes differ") for p in problems), (name, problems)


def test_harness_reports_what_an_openpyxl_resave_loses(built: Built, tmp_path: Path) -> None:
    """Load and save with openpyxl (the first writer's way): the comparison must object."""
    before = built("all-xlsm")
    after = tmp_path / "resaved.xlsm"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl announces the extensions it drops
        openpyxl.load_workbook(before, keep_vba=True).save(after)
    problems = compare_packages(before, after)
    assert "xl/media/image1.png: member removed" in problems
    where = package_map(read_members(before))
    assert any(p.startswith(f"{where.sheet('SEK')}: bytes differ") for p in problems), problems
    assert any(p.startswith(f"{where.sheet(R)}: outside what ikixl owns") for p in problems), problems


def _row(number: int) -> str:
    return rf'(<row r="{number}"[^>]*>)'


#: Edits of the Realisasi part of the all-xlsx fixture: (id, pattern, replacement, reported?).
REALISASI_EDITS = [
    ("computed-cell-written", rf"{_row(30)}", r'\1<c r="J30"><v>25</v></c>', False),
    ("computed-header-restyled", r'<c r="J3"', '<c r="J3" s="1"', False),
    ("computed-column-appended", rf"{_row(3)}(.*?)</row>",
     r'\1\2<c r="P3" t="inlineStr"><is><t>Predikat</t></is></c></row>', False),
    ("ikixl-rule-added", r"<dataValidations", '<conditionalFormatting sqref="J4:J75">'
     '<cfRule type="expression" priority="99" dxfId="0"><formula>AND(N("ikixl")=0,J4&gt;=91)</formula>'
     "</cfRule></conditionalFormatting><dataValidations", False),
    ("dimension-and-spans", r'<dimension ref="A1:O75"\s*/>(.*?)<row r="4"',
     r'<dimension ref="A1:P75"/>\1<row r="4" spans="1:16"', False),
    ("input-value-changed", r'(<c r="E30"[^>]*>)<v>1</v>', r"\1<v>2</v>", True),
    ("input-cell-restyled", r'<c r="A30"', '<c r="A30" s="0"', True),
    ("input-cell-emptied", r'<c r="B30"[^>]*>.*?</c>', "", True),
    ("caption-above-computed-columns", r"Diisi oleh ikixl", "Dihitung ikixl", True),
    ("clerk-rule-changed", r"<formula>0</formula>", "<formula>1</formula>", True),
    ("clerk-rule-removed", r'<conditionalFormatting sqref="A4:G75">.*?</conditionalFormatting>', "", True),
    ("ikixl-rule-inside-clerk-format", r"(<conditionalFormatting sqref=\"A4:G75\">)",
     r'\1<cfRule type="expression" priority="98" dxfId="0"><formula>N("ikixl")=0</formula></cfRule>', True),
    ("x14-extensions-dropped", r"<extLst><ext uri=\"\{CCE6.*</extLst>", "", True),
    ("hidden-row-shown", r'(<row r="7"[^>]*?) hidden="1"', r"\1", True),
    ("input-column-width", r'<col width="15.5"', '<col width="16"', True),
    ("hidden-input-column-shown", r"<col hidden=\"1\" ", "<col ", True),
    ("merged-range-dropped", r'<mergeCell ref="A1:G1"\s*/>', "", True),
    ("drawing-dropped", r'<drawing r:id="[^"]+"/>', "", True),
    ("print-setup-changed", r'orientation="landscape"', 'orientation="portrait"', True),
]


@pytest.mark.parametrize(("pattern", "replacement", "reported"), [e[1:] for e in REALISASI_EDITS],
                         ids=[e[0] for e in REALISASI_EDITS])
def test_harness_realisasi_owned_and_kept(pattern: str, replacement: str, reported: bool,
                                         built: Built, tmp_path: Path) -> None:
    before = built("all-xlsx")
    members = read_members(before)
    part = package_map(members).sheet(R)
    assert part is not None
    xml = members[part].decode()
    edited, n = re.subn(pattern, replacement, xml, count=1, flags=re.DOTALL)
    assert n == 1, f"the fixture's {R} XML no longer matches {pattern!r}"
    after = patch_package(before, tmp_path / "after.xlsx", {part: edited.encode()})
    problems = compare_packages(before, after)
    if reported:
        assert problems and all(p.startswith(f"{part}:") for p in problems), problems
    else:
        assert problems == []


#: Edits of other structured parts: (id, part key, pattern, replacement, reported?).
STRUCTURE_EDITS = [
    ("font-changed", "styles", r"<sz val=\"11\" />", '<sz val="12" />', True),
    ("font-inserted-first", "styles", r'<fonts count="1">', '<fonts count="2"><font><b val="1"/></font>',
     True),
    ("dxf-removed", "styles", r"<dxf>.*?</dxf>", "", True),
    ("table-styles-changed", "styles", r'defaultTableStyle="TableStyleMedium9"',
     'defaultTableStyle="TableStyleLight1"', True),
    ("collection-attribute-changed", "styles", r'<fonts count="1"', '<fonts count="1" knownFonts="1"', True),
    ("dxfs-after-colors", "styles", r"(<dxfs.*?</dxfs>)(.*?)(</styleSheet>)", r"\2\1\3", True),
    ("count-raised", "styles", r'<fonts count="1"', '<fonts count="3"', False),
    ("sheet-renamed", "workbook", r'name="SEK"', 'name="Sekretaris"', True),
    ("sheet-reordered", "workbook", r'(<sheet name="KADIS"[^>]*/>)(<sheet name="SEK"[^>]*/>)', r"\2\1", True),
    ("sheet-hidden", "workbook", r'(<sheet name="SEK"[^>]*?)state="visible"', r'\1state="hidden"', True),
    ("other-sheet-added", "workbook", r"</sheets>", '<sheet name="Lain" sheetId="99" r:id="rId1"/></sheets>',
     True),
    ("defined-name-changed", "workbook", r"\$A\$3:\$G\$75", "$A$3:$G$80", True),
    ("defined-name-added", "workbook", r"</definedNames>",
     '<definedName name="Baru">1</definedName></definedNames>', False),
    ("calc-settings-changed", "workbook", r"<calcPr[^>]*/>", '<calcPr calcId="191029"/>', False),
    ("book-view-changed", "workbook", r'activeTab="0"', 'activeTab="2"', True),
    ("relationship-dropped", "rels", r'<Relationship [^>]*?sheet2.xml"[^>]*/>', "", True),
    ("relationship-retargeted", "rels", r'Target="([^"]*)sheet2.xml"', r'Target="\1sheet9.xml"', True),
    ("content-type-dropped", "types", r'<Override PartName="/xl/charts/chart1.xml"[^>]*/>', "", True),
    ("default-content-type-added", "types", r"</Types>",
     '<Default Extension="jpeg" ContentType="image/jpeg"/></Types>', True),
]


@pytest.mark.parametrize(("key", "pattern", "replacement", "reported"), [e[1:] for e in STRUCTURE_EDITS],
                         ids=[e[0] for e in STRUCTURE_EDITS])
def test_harness_structured_parts(key: str, pattern: str, replacement: str, reported: bool,
                                  built: Built, tmp_path: Path) -> None:
    before = built("all-xlsx")
    members = read_members(before)
    where = package_map(members)
    part = {"styles": where.styles, "workbook": where.workbook, "rels": rels_name(where.workbook),
            "types": "[Content_Types].xml"}[key]
    assert part is not None
    edited, n = re.subn(pattern, replacement, members[part].decode(), count=1, flags=re.DOTALL)
    assert n == 1, f"the fixture's {part} no longer matches {pattern!r}"
    after = patch_package(before, tmp_path / "after.xlsx", {part: edited.encode()})
    problems = compare_packages(before, after)
    if reported:
        assert any(p.startswith(f"{part}:") for p in problems), problems
    else:
        assert problems == []


def test_harness_member_set(built: Built, tmp_path: Path) -> None:
    before = built("all-xlsx")
    dropped = patch_package(before, tmp_path / "dropped.xlsx", {"xl/media/image1.png": None})
    assert "xl/media/image1.png: member removed" in compare_packages(before, dropped)
    added = patch_package(before, tmp_path / "added.xlsx", {"xl/worksheets/sheet99.xml": b"<worksheet/>"})
    assert compare_packages(before, added) == ["xl/worksheets/sheet99.xml: member added"]
    twice = tmp_path / "twice.xlsx"
    shutil.copyfile(before, twice)
    with zipfile.ZipFile(twice, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("docProps/app.xml", read_members(before)["docProps/app.xml"])
    assert any("stored 2 times" in p for p in compare_packages(before, twice))


def test_harness_second_cascading_part_is_not_new(built: Built, tmp_path: Path) -> None:
    """Once the input has a Cascading sheet, its part is rewritten in place, never joined by another."""
    once = simulate_allowed_write(built("all-xlsx"), tmp_path / "once.xlsx")
    again = simulate_allowed_write(once, tmp_path / "again.xlsx")
    problems = compare_packages(once, again)
    assert any(p.endswith("member added") for p in problems)
    assert any(f"sheets added other than one new {CASCADING}" in p for p in problems)


# ============================================================================ each feature survives a compute
@pytest.mark.parametrize("case_id", [c.id for c in CASES])
def test_compute_keeps_what_it_does_not_own(case_id: str, built: Built, tmp_path: Path) -> None:
    case = CASE[case_id]
    book = fresh(built, case_id, tmp_path)
    before = keep_copy(book, "before")
    compute_in_place(book)
    assert compare_packages(before, book) == []
    verify_case(case, before, book)
    reported = [row for row in realisasi_table(book) if isinstance(row["realisasi"], int | float)
                and (layout.month_number(row["bulan"]) or 13) <= MONTH]
    assert any(isinstance(row[layout.normalize_label(CAPAIAN_TAHUNAN)], int | float) for row in reported)
    if case.factory_data:
        # SEK.1: Jumlah, arah naik, kumulatif, Target 12, realisasi 1 each month.  Realisasi s.d.
        # Maret = 1 + 1 + 1 = 3; capaian = realisasi / target × 100 = 3 / 12 × 100 = 25
        # (PermenPAN-RB 8/2021, DOMAIN.md "Capaian", higher is better; Capaian Tahunan compares
        # with the annual Target).
        assert realisasi_value(book, "SEK.1", MONTH, "Realisasi s.d. Bulan Ini") == 3
        assert realisasi_value(book, "SEK.1", MONTH, CAPAIAN_TAHUNAN) == 25


def test_libreoffice_opens_a_computed_workbook(built: Built, tmp_path: Path) -> None:
    book = fresh(built, "all-xlsx", tmp_path)
    compute_in_place(book)
    pdf = convert(book, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_libreoffice_sees_the_stale_banner_only_after_a_realisasi_edit(built: Built, tmp_path: Path) -> None:
    """The live half of "Numbers that go stale" (docs/workbook-format.md), in a real engine.

    LibreOffice recalculates every formula on load (tests/libreoffice.py).  Right after compute
    every Realisasi equals its copy in Realisasi Saat Dihitung, numbers, blanks and text alike,
    so the Cascading banner formula evaluates to empty text; after one Realisasi is edited it
    evaluates to the banner.
    """
    from ikixl.cascadesheet import BANNER_CELL, STALE_BANNER

    book = fresh(built, "plain-xlsx", tmp_path)
    compute_in_place(book)
    fresh_result = convert(book, "xlsx", tmp_path / "lo-fresh")
    assert load(fresh_result, data_only=True)[layout.SHEET_CASCADING][BANNER_CELL].value in (None, "")

    set_cell_number(book, R, realisasi_cell("SEK.2", MONTH, "realisasi"), 70)
    edited = convert(book, "xlsx", tmp_path / "lo-edited")
    assert load(edited, data_only=True)[layout.SHEET_CASCADING][BANNER_CELL].value == STALE_BANNER


# ============================================================================ a workbook open elsewhere
@pytest.mark.parametrize("lock", ["~${name}", ".~lock.{name}#"], ids=["office", "libreoffice"])
def test_open_workbook_is_left_alone(lock: str, built: Built, tmp_path: Path) -> None:
    book = fresh(built, "all-xlsx", tmp_path)
    lock_file = book.with_name(lock.format(name=book.name))
    lock_file.write_bytes(b"")
    before = digest(book)
    result = CliRunner().invoke(main, ["compute", str(book), "--month", str(MONTH)], prog_name="ikixl")
    assert result.exit_code == 1, result.output
    assert lock_file.name in result.stdout + result.stderr
    assert digest(book) == before
    assert sorted(p.name for p in book.parent.iterdir()) == sorted([book.name, lock_file.name])


# ============================================================================ computing again
@pytest.mark.parametrize("case_id", ["plain-xlsx", "all-xlsm", "libreoffice-all-xlsx", "b01-x14-grafted"])
def test_second_compute_changes_nothing(case_id: str, built: Built, tmp_path: Path) -> None:
    book = fresh(built, case_id, tmp_path)
    compute_in_place(book)
    first = keep_copy(book, "first")
    rules = ikixl_rule_count(first)
    compute_in_place(book, now=NOW + timedelta(seconds=1))
    # The one member a second run may change is docProps/core.xml (a modification time).
    assert [p for p in compare_packages(first, book) if not p.startswith(f"{CORE}:")] == []
    old, new = read_members(first), read_members(book)
    assert list(new) == list(old)
    assert [name for name in old if name != CORE and new[name] != old[name]] == []
    cascading = layout.normalize_label(CASCADING)
    assert [layout.normalize_label(name) for name in sheet_names(book)].count(cascading) == 1
    assert ikixl_rule_count(book) == rules > 0


@pytest.mark.parametrize("case_id", ["plain-xlsx", "all-xlsx", "libreoffice-all-xlsx"])
def test_compute_after_a_clerk_edits_realisasi(case_id: str, built: Built, tmp_path: Path) -> None:
    book = fresh(built, case_id, tmp_path)
    compute_in_place(book)
    # SEK.2: Persentase, posisi akhir, range target 80-90, realisasi 85 every month, no Target
    # Bulan.  85 lies inside 80-90, so capaian = 100 (DOMAIN.md "Range targets": inside the range 100).
    assert realisasi_value(book, "SEK.2", MONTH, CAPAIAN_TAHUNAN) == 100
    assert set(cascading_values(book, "SEK.2", "Capaian (%)")) == {100}

    set_cell_number(book, R, realisasi_cell("SEK.2", MONTH, "realisasi"), 70)
    edited = keep_copy(book, "edited")
    compute_in_place(book, now=NOW + timedelta(seconds=1))
    assert compare_packages(edited, book) == []
    # Posisi akhir: realisasi s.d. Maret is March's own 70.  70 is below 80-90, so it is compared
    # with the lower bound, arah naik: 70 / 80 × 100 = 87.5 (DOMAIN.md "Capaian": "70 against
    # 80–90 → 87.5 %"; PermenPAN-RB 8/2021).  No Target Bulan, so no Capaian Rencana and the
    # predikat follows Capaian Tahunan: 76 ≤ 87.5 < 91 → Tinggi (DOMAIN.md "Predikat", default table).
    assert realisasi_value(book, "SEK.2", MONTH, "Realisasi s.d. Bulan Ini") == 70
    assert realisasi_value(book, "SEK.2", MONTH, CAPAIAN_TAHUNAN) == 87.5
    assert realisasi_value(book, "SEK.2", MONTH, "Predikat") == "Tinggi"
    assert set(cascading_values(book, "SEK.2", "Capaian (%)")) == {87.5}
    assert set(cascading_values(book, "SEK.2", "Predikat")) == {"Tinggi"}
    # February still ends at 85, inside the range.
    assert realisasi_value(book, "SEK.2", 2, CAPAIAN_TAHUNAN) == 100


# ============================================================================ failures on the way
def _tmp_prefix(book: Path) -> str:
    return f".{book.stem}.ikixl-"


def _patch_files(monkeypatch: pytest.MonkeyPatch, name: str, replacement: Any) -> None:
    """Replace ``ikixl.files.<name>``, and the writer's own reference when it imported it by name."""
    import ikixl.writeback

    monkeypatch.setattr(files, name, replacement)
    if hasattr(ikixl.writeback, name):
        monkeypatch.setattr(ikixl.writeback, name, replacement)


def _is_temporary(book: Path, file: Any) -> bool:
    """Whether ``file`` (a path or an open file) is the writer's temporary file beside ``book``."""
    name = getattr(file, "name", file)
    if not isinstance(name, str | os.PathLike):
        return False
    return os.path.basename(os.fspath(name)).startswith(_tmp_prefix(book))


def _fail_replace(monkeypatch: pytest.MonkeyPatch, book: Path, fired: list[str]) -> None:
    real = os.replace

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if _is_temporary(book, src):
            fired.append("replace")
            raise OSError("injected: the replace failed")
        real(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "replace", replace)


def _fail_backup(monkeypatch: pytest.MonkeyPatch, book: Path, fired: list[str]) -> None:
    def make_backup(path: Path, now: datetime) -> Path:
        fired.append("backup")
        raise OSError("injected: no room for the backup")
    _patch_files(monkeypatch, "make_backup", make_backup)


def _fail_temporary_file(monkeypatch: pytest.MonkeyPatch, book: Path, fired: list[str]) -> None:
    @contextmanager
    def atomic_write(target: Path, **kwargs: Any) -> Iterator[Path]:
        fired.append("atomic_write")
        raise OSError("injected: the folder is read-only")
        yield target  # pragma: no cover - a generator that never yields
    _patch_files(monkeypatch, "atomic_write", atomic_write)


def _fail_verification(monkeypatch: pytest.MonkeyPatch, book: Path, fired: list[str]) -> None:
    """Reading the temporary file back as a zip (to verify it) fails, whichever library reads it."""
    real = zipfile.ZipFile.__init__

    def init(self: zipfile.ZipFile, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> None:
        if mode == "r" and _is_temporary(book, file):
            fired.append("verification")
            raise zipfile.BadZipFile("injected: the written file does not read back")
        real(self, file, mode, *args, **kwargs)
    monkeypatch.setattr(zipfile.ZipFile, "__init__", init)


class _FullDisk:
    """A file opened for writing that fails, as a full disk does, once 1 KiB has been written."""

    def __init__(self, handle: Any, fired: list[str]) -> None:
        self._handle, self._fired, self._written = handle, fired, 0

    def write(self, data: Any) -> int:
        self._written += len(data)
        if self._written > 1024:
            self._fired.append("zip-writing")
            raise OSError(errno.ENOSPC, "injected: no space left on device")
        return self._handle.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


def _fail_zip_writing(monkeypatch: pytest.MonkeyPatch, book: Path, fired: list[str]) -> None:
    """Writing the temporary file fails part-way (whether through zipfile or raw writes)."""
    real = io.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real(file, mode, *args, **kwargs)
        if _is_temporary(book, file) and any(m in mode for m in "wax+"):
            return _FullDisk(handle, fired)
        return handle
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(builtins, "open", guarded_open)


FAILURES = {
    "replace": _fail_replace,
    "backup": _fail_backup,
    "temporary-file": _fail_temporary_file,
    "verification": _fail_verification,
    "zip-writing": _fail_zip_writing,
}


@pytest.mark.parametrize("case_id", ["plain-xlsx", "all-xlsm"])
@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failure_leaves_the_original(failure: str, case_id: str, built: Built,
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = fresh(built, case_id, tmp_path)
    original = book.read_bytes()
    computation = compute(read_workbook(book), month=MONTH)
    fired: list[str] = []
    with monkeypatch.context() as patched, pytest.raises(WriteError):
        FAILURES[failure](patched, book, fired)
        write_computed(book, computation, now=NOW)
    assert fired, "the injected failure was never reached"
    assert book.read_bytes() == original
    left = sorted(p.name for p in book.parent.iterdir())
    assert [name for name in left if name.startswith(_tmp_prefix(book))] == []
    for name in left:  # a backup may stay behind only as an exact copy of the original
        assert (book.parent / name).read_bytes() == original, name


# ============================================================================ backups
@pytest.mark.parametrize("case_id", ["plain-xlsx", "all-xlsm"])
def test_in_place_compute_keeps_the_original_as_a_backup(case_id: str, built: Built,
                                                         tmp_path: Path) -> None:
    book = fresh(built, case_id, tmp_path)
    original = book.read_bytes()
    first = compute_in_place(book)
    backup = book.with_name(f"{book.stem}.backup-20240405-100000{book.suffix}")
    assert first.backup == backup and backup.read_bytes() == original
    computed_once = book.read_bytes()
    second = compute_in_place(book)  # the same second: the name is taken
    backup_2 = book.with_name(f"{book.stem}.backup-20240405-100000-2{book.suffix}")
    assert second.backup == backup_2 and backup_2.read_bytes() == computed_once
    assert backup.read_bytes() == original
    assert sorted(p.name for p in book.parent.iterdir()) == sorted([book.name, backup.name, backup_2.name])
