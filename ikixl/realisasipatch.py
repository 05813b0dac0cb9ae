"""Write the computed columns and the rules of the Realisasi sheet into its worksheet part.

:func:`plan_realisasi` finds the header (by label, in the first 30 rows), adds missing computed
headers after the last one, writes every computed cell of every data row (numbers as numbers,
text as inline strings, a copy of the row's Realisasi as stored into *Realisasi Saat Dihitung*),
empties the computed cells of rows no longer computed, and replaces ikixl's conditional-format
rules — all as byte-level edits of the part (:class:`ikixl.sheetpatch.SheetPatch`), so that every
input cell, row attribute and element stays as it was.  What it cannot write without damaging
something of the clerk's (merged computed cells, a shared formula reaching input columns, data
under a new computed header, a table it would cut) is refused before anything is written.
"""

from __future__ import annotations

import zipfile
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from ikixl import layout
from ikixl.catalogue import Text
from ikixl.collector import collector_paused
from ikixl.errors import WriteError
from ikixl.files import Members
from ikixl.formatting import (
    blank_realisasi_formula,
    capaian_rule_formulas,
    excel_value,
    hex_colour,
    predikat_rule_formulas,
    stale_formula,
)
from ikixl.realisasirows import (
    COMPUTED_KEYS,
    RECORDED,
    RECORDED_INDEX,
    ComputedRows,
    RealisasiRows,
    Survey,
    cell_text,
    range_box,
    recorded_copy,
)
from ikixl.sheetpatch import CfRule, SheetPatch, cell_xml, col_letters
from ikixl.stylepatch import StylesPatch
from ikixl.values import clean_text
from ikixl.workbookparts import SheetEntry, WorkbookParts, refuse, refuse_xml
from ikixl.xmlbytes import XmlShapeError, attributes, iter_elements, start_tag

if TYPE_CHECKING:
    from ikixl.compute import Computation
    from ikixl.model import PredikatBand

__all__ = [
    "RECORDED",
    "RealisasiPlan",
    "OpenedRealisasi",
    "RealisasiSurvey",
    "first_cell_text",
    "open_realisasi",
    "plan_realisasi",
    "survey_realisasi",
]

CODE_NO_HEADER = "judul-kolom-realisasi-tidak-ditemukan"
CODE_CHANGED = "berkas-berubah-sejak-dihitung"

_HEADER_SCAN_ROWS = 30
_BLANK_FILL, _BLANK_FONT = "FFC7CE", "9C0006"  # Excel's "Light Red Fill with Dark Red Text"
_STALE_FILL, _STALE_FONT = "D9D9D9", "7F7F7F"
_CAPAIAN_KEYS = ("capaian_bulan_pct", "capaian_tahunan_pct", "capaian_rencana_pct")


@dataclass
class RealisasiPlan:
    """The edits of the Realisasi part and where its columns are.

    Attributes:
        patch: the part's edits (``patch.result()`` gives the new part); None once taken.
        header_row: the header's row; ``columns``: layout key → 1-based column.
        first, last: the data rows.
    """

    patch: SheetPatch | None
    header_row: int
    columns: dict[str, int]
    first: int
    last: int


@dataclass(frozen=True)
class RealisasiSurvey:
    """What :func:`open_realisasi` and :func:`plan_realisasi` would find in the Realisasi part
    before the computed values are known, found beforehand by :func:`survey_realisasi`.

    Attributes:
        members: the Realisasi part and the shared strings as the zip directory described them;
            the survey is used only while both are still so (:meth:`fits`).
        data: the Realisasi part (checked as :meth:`WorkbookParts.read_xml` checks it); None when
            left out (``survey_realisasi(…, with_data=False)``): the write then reads it, or it is
            taken from bytes read elsewhere (:meth:`with_data`).
        strings: the shared strings.
        header: ``(header row, layout key → column of the columns found, last header column)``.
        rows: every ``<row>``'s ``(number, start, end of start tag, end)``, flattened.
        surveyed: :meth:`RealisasiRows.survey`.
    """

    members: Members
    data: bytes | None
    strings: list[str]
    header: tuple[int, dict[str, int], int]
    rows: array[int]
    surveyed: Survey

    def fits(self, members: Members) -> bool:
        """Whether the survey is of the parts ``members`` describes."""
        return members == self.members

    def with_data(self, parts: Iterable[tuple[str, bytes]]) -> RealisasiSurvey:
        """The survey with its :attr:`data` taken from ``parts`` (``(zip member, its bytes)``, as
        the reader read and checked them: :func:`ikixl.reader.read_workbook`'s ``on_large_part``),
        when one of them is the Realisasi part with the CRC-32 and size surveyed; else itself."""
        if self.data is not None:
            return self
        name, crc, size = self.members[0]
        for member, data in parts:
            if member == name and len(data) == size and zlib.crc32(data) == crc:
                return replace(self, data=data)
        return self

    def row_spans(self) -> list[tuple[int, int, int, int]]:
        """:meth:`SheetPatch.rows` of :attr:`data`."""
        spans = iter(self.rows)
        return list(zip(spans, spans, spans, spans, strict=True))


def realisasi_members(parts: WorkbookParts, archive: zipfile.ZipFile, part: str) -> Members:
    """The Realisasi part ``part`` and the shared strings as ``archive``'s directory describes
    them (what a :class:`RealisasiSurvey` was made from).

    Raises:
        KeyError: ``part`` is not in the archive.
    """
    names = [part]
    strings = parts.by_kind.get("sharedStrings")
    found = parts.package.find(strings) if strings else None
    if found is not None:
        names.append(found)
    return tuple((name, info.CRC, info.file_size) for name in names for info in [archive.getinfo(name)])


def survey_realisasi(path: Path, *, with_data: bool = True) -> RealisasiSurvey | None:
    """Survey the Realisasi part of the workbook at ``path`` (:class:`RealisasiSurvey`), or None
    when anything stands in the way: the write itself then finds and reports it.  Made to run
    in a copy of the process while the workbook is read for computing (``ikixl compute``); it
    takes half of the writing of a large Realisasi sheet off the time the clerk waits.
    ``with_data=False`` leaves the part's bytes out of the survey (``ikixl compute`` has them from
    its reading: 24 MB for 48,000 rows, not sent back from the copy)."""
    from ikixl.safezip import open_package
    from ikixl.xlsx import shared_strings

    try:
        # (tens of thousands of row tuples, none in a cycle: ikixl.collector)
        with collector_paused(), open_package(path) as package, zipfile.ZipFile(path) as archive:
            parts = WorkbookParts(package, path)
            sheet = parts.sheet(layout.SHEET_REALISASI)
            member = package.find(sheet.part) if sheet is not None and sheet.part else None
            if sheet is None or member is None:
                return None
            members = realisasi_members(parts, archive, member)
            strings = shared_strings(package, parts.by_kind.get("sharedStrings"))
            data = parts.read_xml(member)
            patch = SheetPatch(data, member)
            header_row, columns, last_header = _find_header(patch, strings, sheet.name)
            owned_columns = dict(columns)
            owned, _ = _computed_columns(owned_columns, last_header)
            surveyed = RealisasiRows.survey(
                patch, owned, owned_columns.get("kode_indikator"), owned_columns.get("realisasi")
            )
            rows = array("q", chain.from_iterable(patch.rows()))
            return RealisasiSurvey(
                members, data if with_data else None, list(strings), (header_row, columns, last_header),
                rows, surveyed,
            )
    except Exception:  # noqa: BLE001 - only an accelerator: the write reports what is wrong
        return None


def _computed_columns(
    columns: dict[str, int], last_header: int
) -> tuple[dict[int, layout.Column], list[tuple[int, float, bool]]]:
    """``(column → computed column, the computed columns to append as (column, width, hidden))``:
    a computed column whose header is missing goes after the last header (added to ``columns``)."""
    appended: list[tuple[int, float, bool]] = []
    for column in layout.REALISASI_COMPUTED_COLUMNS:
        if column.key not in columns:
            last_header += 1
            columns[column.key] = last_header
            appended.append((last_header, column.width, column.hidden))
    return {columns[c.key]: c for c in layout.REALISASI_COMPUTED_COLUMNS}, appended


def first_cell_text(data: bytes, part: str, strings: Sequence[str]) -> str | None:
    """The text of cell A1 of a worksheet part (None when empty or absent).

    Raises:
        XmlShapeError: the part has no sheetData.
    """
    patch = SheetPatch(data, part)
    first = patch.first_row()  # (a Cascading sheet of 240,000 rows need not be split into rows)
    if first is None or first[0] > 1:
        return None
    for cell in patch.cells(first[2], patch.content_end(first)):
        if cell.col == 1:
            return cell_text(patch, cell.start, cell.end, strings)
    return None


def _find_header(patch: SheetPatch, strings: Sequence[str], sheet: str) -> tuple[int, dict[str, int], int]:
    """(header row, key → column of every layout column found, last non-blank header column)."""
    anchors = {"kode_indikator", "bulan"}
    for number, _start, body, end in patch.rows():
        if number > _HEADER_SCAN_ROWS:
            break
        found: dict[str, int] = {}
        last = 0
        for cell in patch.cells(body, end):
            text = cell_text(patch, cell.start, cell.end, strings)
            if text is None or not text.strip():
                continue
            last = max(last, cell.col)
            for column in layout.REALISASI_COLUMNS:
                if column.key not in found and column.matches(text):
                    found[column.key] = cell.col
                    break
        if anchors <= found.keys():
            return number, found, last
    raise WriteError.from_code(CODE_NO_HEADER, lembar=sheet, baris=_HEADER_SCAN_ROWS)


def _realisasi_values(computation: Computation, target: Path, header_row: int) -> ComputedRows:
    """The computation's Realisasi rows by Excel row (:class:`ComputedRows`).

    Raises:
        WriteError: ``berkas-berubah-sejak-dihitung``, a row that is not a data row.
    """
    frame = computation.realisasi
    n = len(frame)
    columns = [(frame[k].tolist() if k in frame.columns else [None] * n) for k in COMPUTED_KEYS]
    position: dict[int, int] = {}
    kodes: list[str] = []
    rows, kode_values = frame["row"].tolist(), frame["kode_indikator"].tolist()
    cleaned: dict[str, str] = {}
    for pos, (row, kode) in enumerate(zip(rows, kode_values, strict=True)):
        if type(row) is not int:
            row = excel_value(row)
            if not isinstance(row, int | float) or row != int(row):
                row = None
        if row is None or int(row) <= header_row:
            raise _changed_since(
                target,
                layout.SHEET_REALISASI,
                Text(
                    f"baris Realisasi tidak sah pada hasil hitung: {row!r}",
                    f"invalid Realisasi row in the computed result: {row!r}",
                ),
            )
        if type(kode) is str:  # (a code repeats on each of its months: cleaned once)
            text = cleaned.get(kode)
            if text is None:
                text = cleaned[kode] = clean_text(kode) or ""
            kodes.append(text)
        else:
            kodes.append("" if excel_value(kode) is None else str(excel_value(kode)))
        position[int(row)] = pos
    return ComputedRows(position, kodes, columns)


@dataclass
class OpenedRealisasi:
    """The Realisasi part with its header found and the computation's rows placed
    (:func:`open_realisasi`), before anything is written.

    Attributes:
        patch: the part's edits to be; header_row: its header's row.
        columns: layout key → 1-based column, the computed columns to be appended included.
        owned: column → computed column; appended: the computed columns to append, as
            ``(column, width, hidden)``; last_header: the last header column before them.
        values: the computation's rows (:class:`ComputedRows`).
        first, last: the data rows (``last`` < ``first``: none).
        surveyed: :attr:`RealisasiSurvey.surveyed` when a survey was used.
    """

    patch: SheetPatch
    header_row: int
    columns: dict[str, int]
    owned: dict[int, layout.Column]
    appended: list[tuple[int, float, bool]]
    values: ComputedRows
    first: int
    last: int
    surveyed: Survey | None


def open_realisasi(
    parts: WorkbookParts,
    sheet: SheetEntry,
    computation: Computation,
    strings: Sequence[str],
    target: Path,
    survey: RealisasiSurvey | None = None,
) -> OpenedRealisasi:
    """Find the header of the Realisasi part ``sheet`` and place the computation's rows.

    ``survey``: what :func:`survey_realisasi` found in this very part (the caller has checked
    :meth:`RealisasiSurvey.fits`); None: it is found here.

    Raises:
        LossyWriteRefused: the part holds XML the patcher does not handle.
        WriteError: ``judul-kolom-realisasi-tidak-ditemukan``, ``berkas-berubah-sejak-dihitung``
            (a computed row that is not a data row).
    """
    if survey is not None:
        # (the part's bytes are those surveyed: the caller found its CRC-32 and size unchanged)
        data = survey.data if survey.data is not None else parts.read_xml(sheet.part)
        patch = SheetPatch(data, sheet.part, survey.row_spans())
        header_row, found_columns, last_header = survey.header
        columns = dict(found_columns)
    else:
        data = parts.read_xml(sheet.part)
        try:
            patch = SheetPatch(data, sheet.part)
            header_row, columns, last_header = _find_header(patch, strings, sheet.name)
        except XmlShapeError as exc:
            raise refuse_xml(parts.path, f"lembar {sheet.name}", exc) from exc
    owned, appended = _computed_columns(columns, last_header)
    values = _realisasi_values(computation, target, header_row)
    return OpenedRealisasi(
        patch, header_row, columns, owned, appended, values, header_row + 1,
        max(values.position, default=header_row), survey.surveyed if survey is not None else None,
    )


def plan_realisasi(
    opened: OpenedRealisasi,
    parts: WorkbookParts,
    sheet: SheetEntry,
    computation: Computation,
    styles: StylesPatch,
    strings: Sequence[str],
    bands: Sequence[PredikatBand],
    target: Path,
) -> RealisasiPlan:
    """The edits of the Realisasi part ``sheet`` (module docstring), opened by
    :func:`open_realisasi`.

    Raises:
        LossyWriteRefused: the part holds something ikixl cannot write around.
        WriteError: ``berkas-berubah-sejak-dihitung`` (a row no longer holds the indicator it
            was computed for, or is gone).
    """
    path = parts.path
    patch, header_row, columns = opened.patch, opened.header_row, opened.columns
    owned, appended, values = opened.owned, opened.appended, opened.values
    computed = layout.REALISASI_COMPUTED_COLUMNS
    kode_col, realisasi_col = columns.get("kode_indikator"), columns.get("realisasi")
    prefix = patch.prefix
    rows = RealisasiRows(patch, owned, kode_col, realisasi_col, styles, strings, sheet.name, opened.surveyed)
    problems = _layout_problems(patch, sheet, header_row, owned, appended, strings)

    rows.scan()
    seen, mismatches = rows.write_scanned(patch.rows(), values)  # the common rows, all at once
    changed = list(mismatches)  # (row, Kode Indikator found, expected)
    for span in patch.rows():
        number = span[0]
        if number < header_row or number in seen:
            continue
        if number == header_row:
            if appended:
                cells = patch.cells(span[2], patch.content_end(span))
                header_style = patch.style_at(cells[-1].start) if cells else 0
                replaced = {
                    col: cell_xml(prefix, f"{col_letters(col)}{number}", header_style, owned[col].label)
                    for col, _, _ in appended
                }
                patch.set_row(number, patch.rebuild_row(span, cells, replaced))
            continue
        found, by_address = rows.locate(span)
        pos = values.position.get(number)
        if pos is not None:
            seen.add(number)
            expected = values.kodes[pos]
            if kode_col is not None and expected:
                text = rows.text(found.get(kode_col))
                found_text = clean_text(text) or ""  # as the reader reads a code: "SK\u200b.1" is "SK.1"
                if found_text != expected:
                    changed.append((number, found_text, expected))
                    continue
            row_values = values.row_values(pos)
            row_values[RECORDED_INDEX] = recorded_copy(patch, found.get(realisasi_col or 0), strings)
        elif not rows.has_computed(span, found, by_address):
            continue
        else:
            row_values = [None] * len(computed)  # a row no longer computed: its old figures go
        content = rows.rebuild(span, found, by_address, row_values)
        if content is not None:
            patch.set_row(number, content)
    problems += rows.problems
    if problems:
        raise refuse(path, *dict.fromkeys(problems))
    if changed and kode_col is not None:
        letters = col_letters(kode_col)
        first = [_changed(f"{letters}{row}", found, expected) for row, found, expected in sorted(changed)[:3]]
        more = "; …" if len(changed) > 3 else ""
        raise _changed_since(
            target,
            sheet.name,
            Text("; ".join(t.indonesian for t in first) + more, "; ".join(t.english for t in first) + more),
        )
    missing = sorted(set(values.position) - seen)
    if missing:
        raise _changed_since(
            target,
            sheet.name,
            Text(
                f"baris {missing[0]} tidak ada lagi di lembar {sheet.name}",
                f"row {missing[0]} no longer exists on sheet {sheet.name}",
            ),
        )
    if appended:
        patch.widen(max(col for col, _, _ in appended), appended)
    first, last_row = opened.first, opened.last  # every computed row was found (else refused)
    patch.set_rules(
        _realisasi_rules(columns, first, last_row, bands, styles, computation.month)
        if last_row >= first
        else []
    )
    return RealisasiPlan(patch, header_row, columns, first, last_row)


def _changed_since(target: Path, sheet: str, rincian: Text) -> WriteError:
    """The refusal of a write whose Realisasi sheet is no longer the one computed (``rincian``)."""
    return WriteError.from_code(CODE_CHANGED, path=target, lembar=sheet, rincian=rincian)


def _changed(where: str, found: str, expected: str) -> Text:
    """A row that no longer holds the indicator it was computed for."""
    return Text(
        f"{where} berisi {found or '(kosong)'!r}, saat dihitung {expected!r}",
        f"{where} holds {found or '(blank)'!r}, computed as {expected!r}",
    )


def _layout_problems(
    patch: SheetPatch,
    sheet: SheetEntry,
    header_row: int,
    owned: dict[int, layout.Column],
    appended: list[tuple[int, float, bool]],
    strings: Sequence[str],
) -> list[str]:
    """What in the Realisasi sheet ikixl cannot write around: merged ranges over computed cells,
    data under columns about to receive a computed header, a table those columns would cut."""
    data = patch.data
    owned_cols = set(owned)
    problems: list[str] = []
    for a, b, _ in iter_elements(
        data,
        start_tag(patch.prefix, b"mergeCell"),
        b"</" + patch.prefix + b"mergeCell>",
        patch.sheet_data[2],
        len(data),
    ):
        ref = attributes(data[a:b]).get(b"ref", b"")
        box = range_box(ref)
        if box is None:
            continue
        (r1, c1), (r2, c2) = box
        if r2 > header_row and any(c1 <= c <= c2 for c in owned_cols) and (r1, c1) != (r2, c2):
            problems.append(
                f"sel gabungan {ref.decode()} di kolom hitung lembar {sheet.name} "
                "(pisahkan sel gabungan itu dulu)"
            )
    appended_cols = {col for col, _, _ in appended}
    if appended_cols:
        for number, _start, body, end in patch.rows():
            if number <= header_row:
                continue
            for cell in patch.cells(body, end):
                if cell.col in appended_cols and cell_text(patch, cell.start, cell.end, strings) not in (
                    None,
                    "",
                ):
                    problems.append(
                        f"kolom {col_letters(cell.col)} lembar {sheet.name} berisi data tanpa judul "
                        f"(mis. {col_letters(cell.col)}{number}); ikixl akan menulis kolom hitung di "
                        "sana — beri judul kolom hitung yang hilang atau pindahkan data itu"
                    )
                    appended_cols.discard(cell.col)
        if patch.element_spans(b"tableParts"):
            problems.append(
                f"lembar {sheet.name} berupa Tabel Excel tanpa kolom hitung; tambahkan judul kolom "
                "hitung ke tabel itu dulu"
            )
    return problems


def _realisasi_rules(
    columns: dict[str, int],
    first: int,
    last: int,
    bands: Sequence[PredikatBand],
    styles: StylesPatch,
    month: int,
) -> list[CfRule]:
    """Realisasi's rules: stale rows grey (first, stops the others), capaian and predikat by
    band, blank realisasi of months up to the reporting month red."""
    rules: list[CfRule] = []
    stale_dxf = styles.dxf(_STALE_FONT, _STALE_FILL)
    stale = None
    if {"kode_indikator", "realisasi", RECORDED} <= columns.keys():
        stale = stale_formula(
            f"${col_letters(columns['kode_indikator'])}{first}",
            f"${col_letters(columns['realisasi'])}{first}",
            f"${col_letters(columns[RECORDED])}{first}",
        )
    for key in (*_CAPAIAN_KEYS, "predikat"):
        letters = col_letters(columns[key])
        top_left = f"{letters}{first}"
        sqref = f"{top_left}:{letters}{last}"
        if stale is not None:
            rules.append(CfRule(sqref, stale, stale_dxf))
        build = predikat_rule_formulas if key == "predikat" else capaian_rule_formulas
        for formula, band in build(top_left, bands):
            rules.append(CfRule(sqref, formula, styles.dxf(hex_colour(band.font), hex_colour(band.fill))))
    if {"realisasi", "kode_indikator", "bulan"} <= columns.keys():
        letters = col_letters(columns["realisasi"])
        top_left = f"{letters}{first}"
        formula = blank_realisasi_formula(
            top_left,
            f"${col_letters(columns['kode_indikator'])}{first}",
            f"${col_letters(columns['bulan'])}{first}",
            month,
        )
        rules.append(CfRule(f"{top_left}:{letters}{last}", formula, styles.dxf(_BLANK_FONT, _BLANK_FILL)))
    return rules
