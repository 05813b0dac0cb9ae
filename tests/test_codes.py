"""Every code of the catalogue, planted in an ikixl workbook: its code, severity and place.

One parametrized test, one case per code, the test id is the code.  A case
plants the fault a clerk (or a download, or another program) makes and returns
what ikixl reported as ``(code, severity, sheet, cell)`` tuples:

* problems *in* a workbook: the issues of :func:`ikixl.check.check_workbook`.
  Codes that have a planted case in ``tests/test_check.py`` (``CASES``) are
  derived from it, so a case added there is tested here too; the rest (whole
  sheets and columns missing, a lock file, ignored features) are planted below.
* files that cannot be read: the :class:`~ikixl.errors.WorkbookError` raised.
* refused writes: the :class:`~ikixl.errors.WriteError` raised by
  :func:`ikixl.writeback.write_computed`, :func:`ikixl.recap.write_recap` or
  :func:`ikixl.template.write_workbook`.

A raised error stops the work, so its severity is *error*; the catalogue must
agree.  Whole-file codes have neither sheet nor cell.  The meta-test fails when
a catalogue code has no planted case (or a case names a code that is gone).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_check import CASES
from workbook_factory import build_workbook, col_of, default_jabatan, realisasi_cell

from ikixl import layout
from ikixl.catalogue import CATALOGUE
from ikixl.check import check_workbook
from ikixl.errors import WorkbookError, WriteError
from ikixl.report import ERROR, WARNING
from ikixl.safezip import Limits

R = layout.SHEET_REALISASI
Found = tuple[str, str, str | None, str | None]
#: A planted case: (tmp_path, monkeypatch) → (what ikixl reported, the report expected among it).
Planter = Callable[[Path, pytest.MonkeyPatch], tuple[set[Found], Found]]


# --------------------------------------------------------------------------- issues of check_workbook
def _checked(path: Path) -> set[Found]:
    report = check_workbook(path)
    for issue in report.issues:
        assert issue.message and "{" not in issue.message, issue
    return {(i.code, i.severity, i.sheet, i.cell) for i in report.issues}


#: What a case of ``CASES`` may hold; a new kind of key must be taught to :func:`_from_check_case`.
_CASE_KEYS = {"cells", "hook", "settings", "post", "issue", "also", "errors"}


def _from_check_case(name: str, expected: Found) -> Planter:
    """Plant the case as ``test_check.test_planted_fault_is_reported_at_its_cell`` does."""

    def plant(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> tuple[set[Found], Found]:
        case = CASES[name]
        assert set(case) <= _CASE_KEYS, f"case {name}: unknown keys {sorted(set(case) - _CASE_KEYS)}"
        path = build_workbook(tmp_path / f"{name}.xlsx", cells=case.get("cells"), hook=case.get("hook"),
                              settings=case.get("settings"))
        if "post" in case:
            case["post"](path)
        return _checked(path), expected

    return plant


def _derived_from_check_cases() -> dict[str, Planter]:
    """One planter per code found in ``CASES``: the first case (by name) whose issue has that code,
    else the first one that expects it among its other issues."""
    planted: dict[str, Planter] = {}
    for name in sorted(CASES):
        issue = CASES[name]["issue"]
        planted.setdefault(issue[0], _from_check_case(name, issue))
    for name in sorted(CASES):
        for also in sorted(CASES[name].get("also", ())):
            planted.setdefault(also[0], _from_check_case(name, also))
    return planted


def _workbook_case(expected: Found, *, after: Callable[[Path], None] | None = None,
                   **build: Any) -> Planter:
    """A factory workbook built with ``build`` (``cells``, ``hook``, ``jabatan``…), then ``after(path)``."""

    def plant(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> tuple[set[Found], Found]:
        path = build_workbook(tmp_path / "iki.xlsx", **build)
        if after is not None:
            after(path)
        return _checked(path), expected

    return plant


def _delete_sheet(name: str) -> Callable[[openpyxl.Workbook], None]:
    def hook(book: openpyxl.Workbook) -> None:
        del book[name]

    return hook


def _blank_header(sheet: str, row: int, columns: tuple[layout.Column, ...],
                  *keys: str) -> Callable[[openpyxl.Workbook], None]:
    def hook(book: openpyxl.Workbook) -> None:
        for key in keys:
            book[sheet].cell(row, col_of(columns, key)).value = None

    return hook


def _blank_predikat_table(book: openpyxl.Workbook) -> None:
    book[layout.SHEET_PENGATURAN].delete_rows(layout.PREDIKAT_CAPTION_ROW, 2 + len(layout.PREDIKAT_DEFAULT))


def _blank_setting_label(book: openpyxl.Workbook) -> None:
    book[layout.SHEET_PENGATURAN][f"A{layout.PENGATURAN_FIRST_ROW + 2}"].value = None  # "Tahun"


def _with_bupati_without_indicators() -> list[dict[str, Any]]:
    jabatan = default_jabatan()
    jabatan.insert(0, {"kode_jabatan": "BUPATI", "nama_jabatan": "Bupati", "nip": None, "indikator": []})
    jabatan[1]["kode_atasan"] = "BUPATI"
    return jabatan


def _rewrite_parts(path: Path, edits: dict[str, Callable[[bytes], bytes]],
                   add: dict[str, bytes] | None = None) -> None:
    """Rewrite members of the package at ``path`` (``edits``: member → change) and ``add`` members."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        assert set(edits) <= set(src.namelist()), sorted(edits)
        for item in src.infolist():
            content = src.read(item)
            dst.writestr(item, edits[item.filename](content) if item.filename in edits else content)
        for name, content in (add or {}).items():
            dst.writestr(name, content)


def _rewrite_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    _rewrite_parts(path, {part: change})


_MACRO_SHEET = (
    b'<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1">'
    b'<c r="A1"><f>HALT()</f></c></row></sheetData></xm:macrosheet>'
)
_MACRO_RELATIONSHIP = (
    b'<Relationship Id="rIdM1" Type="http://schemas.microsoft.com/office/2006/relationships/'
    b'xlMacrosheet" Target="/xl/macrosheets/sheet1.xml" /></Relationships>'
)


def _excel4_macro_sheet(path: Path) -> None:
    """An Excel 4.0 macro sheet "Makro1", a kind of sheet ikixl does not read."""
    _rewrite_parts(path, {
        "xl/workbook.xml": lambda xml: xml.replace(
            b"</sheets>", b'<sheet name="Makro1" sheetId="99" r:id="rIdM1" /></sheets>', 1),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", _MACRO_RELATIONSHIP, 1),
    }, add={"xl/macrosheets/sheet1.xml": _MACRO_SHEET})


def _lock_file(path: Path) -> None:
    path.with_name("~$" + path.name).write_bytes(b"")


def _renamed_to_xlsm(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> tuple[set[Found], Found]:
    """A plain workbook renamed by hand to .xlsm (Excel refuses to open it)."""
    path = build_workbook(tmp_path / "iki.xlsx").rename(tmp_path / "iki.xlsm")
    return _checked(path), ("ekstensi-tidak-sesuai-isi", WARNING, None, None)


WORKBOOK_CASES: dict[str, Planter] = {
    "berkas-sedang-terbuka": _workbook_case(("berkas-sedang-terbuka", WARNING, None, None), after=_lock_file),
    "ekstensi-tidak-sesuai-isi": _renamed_to_xlsm,
    "fitur-diabaikan": _workbook_case(
        ("fitur-diabaikan", WARNING, "Makro1", None), after=_excel4_macro_sheet
    ),
    "sheet-wajib-tidak-ada": _workbook_case(
        ("sheet-wajib-tidak-ada", ERROR, None, None), hook=_delete_sheet(R)
    ),
    "sheet-jabatan-tidak-ada": _workbook_case(("sheet-jabatan-tidak-ada", ERROR, None, None), jabatan=[]),
    "header-tidak-ditemukan": _workbook_case(
        ("header-tidak-ditemukan", ERROR, R, None),
        hook=_blank_header(R, layout.REALISASI_HEADER_ROW, layout.REALISASI_COLUMNS,
                           *(c.key for c in layout.REALISASI_COLUMNS)),
    ),
    "kolom-wajib-tidak-ada": _workbook_case(
        ("kolom-wajib-tidak-ada", ERROR, "SEK", None),
        hook=_blank_header("SEK", layout.INDIKATOR_HEADER_ROW, layout.INDIKATOR_COLUMNS, "jenis"),
    ),
    "kolom-tidak-ada": _workbook_case(
        ("kolom-tidak-ada", WARNING, "SK-PPK", None),
        hook=_blank_header("SK-PPK", layout.INDIKATOR_HEADER_ROW, layout.INDIKATOR_COLUMNS, "bobot"),
    ),
    "isian-jabatan-tidak-ada": _workbook_case(
        ("isian-jabatan-tidak-ada", ERROR, "SEK", None),
        hook=lambda book: setattr(book["SEK"]["A4"], "value", None),  # the "Kode Jabatan" label
    ),
    "pengaturan-tidak-ada": _workbook_case(
        ("pengaturan-tidak-ada", WARNING, layout.SHEET_PENGATURAN, None), hook=_blank_setting_label
    ),
    "predikat-tidak-ada": _workbook_case(
        ("predikat-tidak-ada", WARNING, layout.SHEET_PENGATURAN, None), hook=_blank_predikat_table
    ),
    "jabatan-tanpa-indikator": _workbook_case(
        ("jabatan-tanpa-indikator", WARNING, "BUPATI", None), jabatan=_with_bupati_without_indicators()
    ),
    "kode-jabatan-ganda": _workbook_case(
        ("kode-jabatan-ganda", ERROR, "SK-PPK", "B4"), cells={("SK-PPK", "B4"): "SEK"}
    ),
}


# --------------------------------------------------------------------------- files that cannot be read
def _raised(err: WorkbookError | WriteError) -> set[Found]:
    """What a raised error reports: an error (it stops the work), at its sheet and cell when it has one."""
    assert err.code is not None
    return {(err.code, ERROR, getattr(err, "sheet", None), getattr(err, "cell", None))}


def _refused_file(code: str, make: Callable[[Path], Path]) -> Planter:
    def plant(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> tuple[set[Found], Found]:
        path = make(tmp_path)
        with pytest.raises(WorkbookError) as info:
            check_workbook(path)
        err = info.value
        assert err.path == path
        assert err.message_in("en") and err.message_in("id") == err.message
        return _raised(err), (code, ERROR, None, None)

    return plant


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole_file(*streams: str) -> Callable[[Path], Path]:
    """A compound (OLE) file whose directory names ``streams``: what Excel 97–2003 and password
    encryption write."""

    def make(tmp_path: Path) -> Path:
        path = tmp_path / "iki.xlsx"
        directory = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in streams)
        path.write_bytes(_OLE_MAGIC + b"\0" * 504 + directory)
        return path

    return make


def _html_saved_as_xls(tmp_path: Path) -> Path:
    path = tmp_path / "iki.xls"
    path.write_bytes(b"<html><head><meta charset='utf-8'></head><body><table><tr><td>Kode Jabatan</td>"
                     b"<td>SEK</td></tr></table></body></html>")
    return path


def _truncated_download(tmp_path: Path) -> Path:
    data = build_workbook(tmp_path / "lengkap.xlsx").read_bytes()
    path = tmp_path / "iki.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _entity_in_a_sheet(tmp_path: Path) -> Path:
    """Entity declarations in a sheet's XML (the start of a billion-laughs bomb)."""
    path = build_workbook(tmp_path / "iki.xlsx")
    doctype = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'

    def add_dtd(xml: bytes) -> bytes:
        head, sep, rest = xml.partition(b"?>")
        return head + sep + doctype + rest if sep else doctype + xml

    _rewrite_part(path, "xl/worksheets/sheet2.xml", add_dtd)
    return path


def _with_members(count: int) -> Callable[[Path], Path]:
    """The factory workbook padded with empty members up to ``count`` members in all."""

    def make(tmp_path: Path) -> Path:
        path = build_workbook(tmp_path / "iki.xlsx")
        with zipfile.ZipFile(path, "a") as zf:
            for i in range(count - len(zf.infolist())):
                zf.writestr(f"customXml/item{i}.xml", b"")
        return path

    return make


def _declared_larger_than(size: int) -> Callable[[Path], Path]:
    """The factory workbook with a member whose central-directory entry declares ``size`` bytes
    (the size is what is checked, before anything is inflated)."""

    def make(tmp_path: Path) -> Path:
        path = build_workbook(tmp_path / "iki.xlsx")
        name = b"xl/media/besar.bin"
        with zipfile.ZipFile(path, "a") as zf:
            zf.writestr(name.decode(), b"\0" * 16)
        data = bytearray(path.read_bytes())
        entry = data.find(b"PK\x01\x02")
        while data[entry + 46: entry + 46 + len(name)] != name:
            entry = data.find(b"PK\x01\x02", entry + 4)
            assert entry >= 0
        struct.pack_into("<I", data, entry + 24, size)
        path.write_bytes(bytes(data))
        return path

    return make


def _zip_bomb(tmp_path: Path) -> Path:
    """A member of 20 MiB of zeros, which deflate packs about a thousand times."""
    path = build_workbook(tmp_path / "iki.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", bytes(20 << 20))
    return path


def _unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[set[Found], Found]:
    """The operating system refuses to read the file (Windows does so while Excel holds it open)."""
    import builtins

    path = build_workbook(tmp_path / "iki.xlsx")
    real_open = io.open

    def locked_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", locked_open)
    monkeypatch.setattr(builtins, "open", locked_open)
    with pytest.raises(WorkbookError) as info:
        check_workbook(path)
    return _raised(info.value), ("berkas-tidak-terbaca", ERROR, None, None)


FILE_CASES: dict[str, Planter] = {
    "berkas-tidak-ada": _refused_file("berkas-tidak-ada", lambda tmp_path: tmp_path / "tidak-ada.xlsx"),
    "berkas-tidak-terbaca": _unreadable,
    "berkas-format-xls": _refused_file("berkas-format-xls", _ole_file("Root Entry", "Workbook")),
    "berkas-berkata-sandi": _refused_file(
        "berkas-berkata-sandi", _ole_file("Root Entry", "EncryptionInfo", "EncryptedPackage")
    ),
    "berkas-bukan-xlsx": _refused_file("berkas-bukan-xlsx", _html_saved_as_xls),
    "berkas-xml-berbahaya": _refused_file("berkas-xml-berbahaya", _entity_in_a_sheet),
    "berkas-terlalu-banyak-bagian": _refused_file(
        "berkas-terlalu-banyak-bagian", _with_members(Limits().max_members + 1)
    ),
    "berkas-terlalu-besar": _refused_file(
        "berkas-terlalu-besar", _declared_larger_than(Limits().max_part_bytes + 1)
    ),
    "berkas-rasio-kompresi-berlebihan": _refused_file("berkas-rasio-kompresi-berlebihan", _zip_bomb),
    "berkas-rusak": _refused_file("berkas-rusak", _truncated_download),
}


# --------------------------------------------------------------------------- refused writes
def _computed(path: Path) -> Any:
    from ikixl.compute import compute
    from ikixl.reader import read_workbook

    return compute(read_workbook(path))


def _refused_write(code: str, write: Callable[[Path, pytest.MonkeyPatch], object]) -> Planter:
    """``write(tmp_path, monkeypatch)`` must raise WriteError; the files it was given stay as they were."""

    def plant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[set[Found], Found]:
        with pytest.raises(WriteError) as info:
            write(tmp_path, monkeypatch)
        err = info.value
        assert err.message_in("en") and err.message_in("id") == err.message
        assert not list(tmp_path.glob(".*.ikixl-*")), "a temporary file was left behind"
        return _raised(err), (code, ERROR, None, None)

    return plant


def _write_back_after(change: Callable[[openpyxl.Workbook], None]) -> Callable[..., object]:
    """Compute the factory workbook, let the clerk ``change`` the file, then write back in place."""

    def write(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> object:
        from ikixl.writeback import write_computed

        path = build_workbook(tmp_path / "iki.xlsx")
        computation = _computed(path)
        book = openpyxl.load_workbook(path)
        change(book)
        book.save(path)
        before = path.read_bytes()
        try:
            return write_computed(path, computation)
        finally:
            assert path.read_bytes() == before

    return write


def _nothing(_book: openpyxl.Workbook) -> None:
    """The clerk changes nothing."""


def _merge_computed_cells(book: openpyxl.Workbook) -> None:
    """Two computed cells of a data row merged: writing one would break the merged range."""
    first = len(layout.REALISASI_INPUT_COLUMNS) + 2
    row = layout.REALISASI_HEADER_ROW + 2
    book[R].merge_cells(start_row=row, start_column=first, end_row=row, end_column=first + 1)


def _realisasi_header_blanked(book: openpyxl.Workbook) -> None:
    for col in range(1, len(layout.REALISASI_COLUMNS) + 1):
        book[R].cell(layout.REALISASI_HEADER_ROW, col).value = None


def _code_changed(book: openpyxl.Workbook) -> None:
    book[R][realisasi_cell("SEK.1", 2, "kode_indikator")] = "SEK.9"


def _saved_again_after_reading(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> object:
    """The clerk saves the workbook (a Realisasi changed) between ikixl's reading and its write."""
    from ikixl.compute import compute
    from ikixl.reader import read_workbook
    from ikixl.writeback import write_computed

    path = build_workbook(tmp_path / "iki.xlsx")
    wb = read_workbook(path)
    computation = compute(wb)
    book = openpyxl.load_workbook(path)
    book[R][realisasi_cell("SEK.1", 2, "realisasi")] = 7
    book.save(path)
    before = path.read_bytes()
    try:
        return write_computed(path, computation, read_as=wb.source_members)
    finally:
        assert path.read_bytes() == before


def _open_in_excel(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> object:
    from ikixl.writeback import write_computed

    path = build_workbook(tmp_path / "iki.xlsx")
    computation = _computed(path)
    (tmp_path / "~$iki.xlsx").write_bytes(b"operator")
    return write_computed(path, computation)


def _read_only(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> object:
    from ikixl.writeback import write_computed

    path = build_workbook(tmp_path / "iki.xlsx")
    computation = _computed(path)
    before = path.read_bytes()
    path.chmod(0o444)  # what Windows' read-only attribute shows as
    try:
        return write_computed(path, computation)
    finally:
        assert path.read_bytes() == before
        path.chmod(0o644)


def _xlsx_as_xlsm(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> object:
    from ikixl.writeback import write_computed

    path = build_workbook(tmp_path / "iki.xlsx")
    return write_computed(path, _computed(path), tmp_path / "hasil.xlsm")


def _recap_into_missing_folder(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> object:
    from ikixl.recap import write_recap

    computation = _computed(build_workbook(tmp_path / "iki.xlsx"))
    return write_recap(computation, tmp_path / "belum-ada" / "rekap.xlsx")


def _recap_over_a_folder(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> object:
    """The recap's name is taken by a folder: the write fails, nothing is replaced."""
    from ikixl.recap import write_recap

    computation = _computed(build_workbook(tmp_path / "iki.xlsx"))
    (tmp_path / "rekap.xlsx").mkdir()
    try:
        return write_recap(computation, tmp_path / "rekap.xlsx")
    finally:
        assert (tmp_path / "rekap.xlsx").is_dir()


def _save_drops_a_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    """A fault in the writer itself: the written package lacks a sheet, which verification catches."""
    import re
    import zipfile

    from ikixl.writeback import write_computed
    from ikixl.zippatch import PackagePatch

    path = build_workbook(tmp_path / "iki.xlsx")
    computation = _computed(path)
    real_write = PackagePatch.write

    def faulty_write(self: PackagePatch, target: Path) -> None:
        real_write(self, target)
        with zipfile.ZipFile(target) as archive:
            members = {i.filename: archive.read(i) for i in archive.infolist()}
        members["xl/workbook.xml"] = re.sub(rb'<sheet name="Pengaturan"[^>]*/>', b"", members["xl/workbook.xml"])
        with zipfile.ZipFile(target, "w") as archive:
            for name, content in members.items():
                archive.writestr(name, content)

    monkeypatch.setattr(PackagePatch, "write", faulty_write)
    before = path.read_bytes()
    try:
        return write_computed(path, computation)
    finally:
        assert path.read_bytes() == before


def _template_with_a_bad_sheet_name(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> object:
    from ikixl.template import JabatanForm, WorkbookContent, write_workbook

    target = tmp_path / "baru.xlsx"
    try:
        return write_workbook(target, WorkbookContent(jabatan=[JabatanForm({"kode_jabatan": "SEK/KEU"})]))
    finally:
        assert not target.exists()


def _annotate_onto_itself(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> object:
    """`check --annotate` aimed at the checked file: refused, the file untouched."""
    from ikixl.annotate import write_annotated
    from ikixl.check import check_workbook

    path = build_workbook(tmp_path / "iki.xlsx")
    before = path.read_bytes()
    try:
        return write_annotated(path, check_workbook(path), tmp_path / "." / "iki.xlsx")
    finally:
        assert path.read_bytes() == before


WRITE_CASES: dict[str, Planter] = {
    "salinan-sama-dengan-asli": _refused_write("salinan-sama-dengan-asli", _annotate_onto_itself),
    "berkas-sedang-dibuka": _refused_write("berkas-sedang-dibuka", _open_in_excel),
    "berkas-hanya-baca": _refused_write("berkas-hanya-baca", _read_only),
    "penulisan-akan-menghilangkan-data": _refused_write(
        "penulisan-akan-menghilangkan-data", _write_back_after(_merge_computed_cells)
    ),
    "gagal-menulis": _refused_write("gagal-menulis", _recap_over_a_folder),
    "format-berkas-tidak-didukung": _refused_write("format-berkas-tidak-didukung", _xlsx_as_xlsm),
    "berkas-tidak-ditemukan": _refused_write("berkas-tidak-ditemukan", _recap_into_missing_folder),
    "lembar-realisasi-tidak-ada": _refused_write(
        "lembar-realisasi-tidak-ada", _write_back_after(_delete_sheet(R))
    ),
    "judul-kolom-realisasi-tidak-ditemukan": _refused_write(
        "judul-kolom-realisasi-tidak-ditemukan", _write_back_after(_realisasi_header_blanked)
    ),
    "berkas-berubah-sejak-dihitung": _refused_write(
        "berkas-berubah-sejak-dihitung", _write_back_after(_code_changed)
    ),
    "berkas-berubah-sejak-dibaca": _refused_write("berkas-berubah-sejak-dibaca", _saved_again_after_reading),
    "hasil-tulis-tidak-valid": _refused_write("hasil-tulis-tidak-valid", _save_drops_a_sheet),
    "isi-tidak-valid": _refused_write("isi-tidak-valid", _template_with_a_bad_sheet_name),
}


# --------------------------------------------------------------------------- checking many files
def _folder_without_workbooks(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> tuple[set[Found], Found]:
    """A folder holding only a lock file, an ikixl backup and a text file: nothing to check."""
    from ikixl.batch import workbook_paths

    for name in ("~$iki.xlsx", "iki.backup-20240131-101500.xlsx", "catatan.txt"):
        (tmp_path / name).write_bytes(b"")
    with pytest.raises(WorkbookError) as info:
        workbook_paths([tmp_path])
    err = info.value
    assert err.message_in("en") and err.message_in("id") == err.message
    assert str(tmp_path) in err.message
    return _raised(err), ("tidak-ada-buku-kerja", ERROR, None, None)


def _fault_of_ikixl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[set[Found], Found]:
    """A bug met while checking one of two files (simulated): that file's report says so, the
    other file is checked as usual."""
    import ikixl.check
    from ikixl.batch import check_many

    good = build_workbook(tmp_path / "baik.xlsx")
    buggy = tmp_path / "bug.xlsx"
    buggy.write_bytes(good.read_bytes())
    real = ikixl.check.check_workbook

    def flaky(source: Any, **kwargs: Any) -> Any:
        if Path(source).name == buggy.name:
            raise RuntimeError("simulated bug")
        return real(source, **kwargs)

    monkeypatch.setattr(ikixl.check, "check_workbook", flaky)
    first, second = check_many([good, buggy], workers=1)
    assert first.issues == []
    assert all("simulated bug" in i.message for i in second.issues)
    return {(i.code, i.severity, i.sheet, i.cell) for i in second.issues}, ("ikixl-gagal", ERROR, None, None)


BATCH_CASES: dict[str, Planter] = {
    "tidak-ada-buku-kerja": _folder_without_workbooks,
    "ikixl-gagal": _fault_of_ikixl,
}


# --------------------------------------------------------------------------- the test
#: code → its planted case: check cases first (derived from ``CASES``), then the ones above.
PLANTED: dict[str, Planter] = {**WORKBOOK_CASES, **FILE_CASES, **WRITE_CASES, **BATCH_CASES,
                               **_derived_from_check_cases()}
CODES = [code for code in CATALOGUE if code in PLANTED] + sorted(set(PLANTED) - set(CATALOGUE))


def test_every_catalogue_code_has_a_planted_case() -> None:
    assert [code for code in CATALOGUE if code not in PLANTED] == []
    assert sorted(set(PLANTED) - set(CATALOGUE)) == []  # a case for a code that no longer exists


def test_the_factory_workbook_has_no_fault(tmp_path: Path) -> None:
    """Without a plant nothing is reported and every writer accepts the workbook: each fault above is
    what makes its code appear."""
    from ikixl.recap import write_recap
    from ikixl.writeback import write_computed

    path = build_workbook(tmp_path / "iki.xlsx")
    assert _checked(path) == set()
    computation = _computed(path)
    assert write_computed(path, computation, tmp_path / "hasil.xlsx").path == tmp_path / "hasil.xlsx"
    assert write_recap(computation, tmp_path / "rekap.xlsx").path == tmp_path / "rekap.xlsx"


@pytest.mark.parametrize("code", CODES, ids=CODES)
def test_planted_fault_reports_its_code(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found, expected = PLANTED[code](tmp_path, monkeypatch)
    assert expected[0] == code
    assert expected[1] == CATALOGUE[code].severity
    assert expected in found, sorted(found)
