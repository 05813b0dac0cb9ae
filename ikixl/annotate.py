"""A marked copy of a checked workbook, for the clerk who fixes it (``ikixl check --annotate``).

The clerk opens the copy in Excel or LibreOffice and sees each problem where it
is, instead of reading a terminal:

* every cell an issue names gets a fill — light red for an error, light yellow
  for a warning (red wins when a cell has both) — and one note (comment)
  listing its issues, one line each: ``KESALAHAN [nip-bukan-teks]: …``.  The
  cell's value, number format, font and borders are kept.  A cell that already
  had a comment keeps its text; ikixl's lines follow it under the marker
  ``[ikixl]``.
* a sheet ``Hasil Pemeriksaan`` (a reserved name, :data:`ikixl.layout.SHEET_HASIL_PEMERIKSAAN`,
  so the reader ignores it; its name is the same in both languages) is put
  first and opened first: a summary (file, time of the check, counts, the
  colour legend), then one row per issue — No, Tingkat, Kode, Lembar, Sel,
  Nilai, Pesan — with a frozen header and an autofilter.  The Sel cell is an
  internal hyperlink (a ``<hyperlink location="'SK-PPK'!H16">`` element, not a
  ``HYPERLINK()`` formula: it needs no calculation, so the address shows and
  works in Excel, LibreOffice and any viewer).  Issues about a whole sheet
  link to its A1; issues about the whole file (no sheet) are listed here only.

Re-annotating a copy that ikixl annotated before replaces its Hasil Pemeriksaan
sheet (never a second one) and first removes ikixl's earlier notes and fills,
so a fixed cell does not stay red.

The input is never written: the copy goes to another file through
:func:`ikixl.files.atomic_write`, an existing copy is kept as a backup
(:func:`ikixl.files.make_backup`).  The copy is an openpyxl rewrite, so when the
input holds parts openpyxl drops (:func:`ikixl.package.find_losses`: charts,
pictures, Excel 2010+ extensions…) the copy is still written — it is only for
reading the problems, and the original stays whole — but the result lists what
the copy lacks (:attr:`AnnotateResult.losses`), and so does the summary of the
Hasil Pemeriksaan sheet.
"""

from __future__ import annotations

import os
import re
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikixl import layout
from ikixl.catalogue import DEFAULT_LANGUAGE, LANGUAGES, Text, issue_in_language
from ikixl.errors import WriteError
from ikixl.files import (
    WriteResult,
    atomic_write,
    ensure_not_open,
    make_backup,
    same_file,
    why_not_written,
)
from ikixl.formatting import row_height, wrapped_lines
from ikixl.package import find_losses, has_vba, load_noting_losses, verify_rewritten
from ikixl.report import ERROR, Issue, Report

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["ERROR_FILL", "MARKER", "SHEET", "WARNING_FILL", "AnnotateResult", "write_annotated"]

SHEET = layout.SHEET_HASIL_PEMERIKSAAN
ERROR_FILL = "FFC7CE"  #: Excel's "Light Red Fill"
WARNING_FILL = "FFEB9C"  #: Excel's "Neutral" yellow
#: Starts ikixl's part of a note; what comes before it is the clerk's own comment.
MARKER = "[ikixl]"
AUTHOR = "ikixl"

CODE_FORMAT = "format-berkas-tidak-didukung"
CODE_MISSING = "berkas-tidak-ditemukan"
CODE_SAME = "salinan-sama-dengan-asli"
CODE_FAILED = "gagal-menulis"

_SUFFIXES = (".xlsx", ".xlsm")
_HEADER_FILL = "D9E1F2"
_LINK_FONT = "0563C1"  # Excel's hyperlink blue
_ALERT_FONT = "9C0006"
_COMMENT_WIDTH_PT = 320.0
_COMMENT_CHARS = 52  # characters per line at that width, on the safe side

#: (key, width in characters) of the issue table, in column order.
_COLUMNS: tuple[tuple[str, float], ...] = (
    ("no", 6), ("tingkat", 14), ("kode", 30), ("lembar", 18), ("sel", 12), ("nilai", 24), ("pesan", 90),
)

#: The sheet's own words: key → (Bahasa Indonesia, English); ``str.format`` fields.
_TEXTS: dict[str, tuple[str, str]] = {
    "no": ("No", "No"),
    "tingkat": ("Tingkat", "Severity"),
    "kode": ("Kode", "Code"),
    "lembar": ("Lembar", "Sheet"),
    "sel": ("Sel", "Cell"),
    "nilai": ("Nilai", "Value"),
    "pesan": ("Pesan", "Message"),
    "error": ("KESALAHAN", "ERROR"),
    "warning": ("PERINGATAN", "WARNING"),
    "title": ("Hasil Pemeriksaan ikixl", "ikixl check results"),
    "file": ("Berkas: {file}", "File: {file}"),
    "checked": ("Diperiksa: {moment:%d-%m-%Y %H:%M} (ikixl {version})",
                "Checked: {moment:%Y-%m-%d %H:%M} (ikixl {version})"),
    "counts": ("{jabatan} jabatan, {indikator} indikator: {errors} kesalahan, {warnings} peringatan.",
               "{jabatan} jabatan, {indikator} indicators: {errors} errors, {warnings} warnings."),
    "legend-error": ("Kesalahan: sel diwarnai seperti ini dan diberi catatan berisi pesannya. Perbaiki "
                     "sebelum menghitung capaian.",
                     "Error: the cell is coloured like this and carries a note with the message. Fix it "
                     "before computing capaian."),
    "legend-warning": ("Peringatan: sel diwarnai seperti ini dan diberi catatan. Periksa apakah memang "
                       "dimaksudkan demikian.",
                       "Warning: the cell is coloured like this and carries a note. Check that it is meant "
                       "so."),
    "legend-link": ("Klik alamat di kolom Sel untuk menuju selnya. Perbaiki berkas aslinya; salinan ini "
                    "hanya penanda.",
                    "Click an address in the Cell column to go to the cell. Fix the original file; this copy "
                    "only marks the problems."),
    "losses": ("Perhatian: salinan ini tidak memuat {losses}. Berkas asli tidak diubah dan tetap lengkap.",
               "Note: this copy lacks {losses}. The original file is unchanged and complete."),
    "none": ("Tidak ada masalah.", "No problems found."),
    "whole-file": ("(seluruh berkas)", "(whole file)"),
    "whole-sheet": ("(lembar)", "(sheet)"),
    "note-head": ("{marker} {count} masalah:", "{marker} {count} problem(s):"),
}

_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")  # control characters XML cannot hold


def _text(key: str, lang: str, **fields: Any) -> str:
    indonesian, english = _TEXTS[key]
    return (english if lang == "en" else indonesian).format(**fields)


@dataclass(frozen=True)
class AnnotateResult(WriteResult):
    """What :func:`write_annotated` wrote.

    Attributes:
        path: the annotated copy.
        backup: the copy kept of an earlier file at ``path``, or None.
        losses: what the copy lacks compared with the input (descriptions in
            Bahasa Indonesia, :func:`ikixl.package.find_losses`); empty when the
            copy is faithful.  The input itself is never changed.
        marked: number of cells given a fill and a note.
    """

    losses: tuple[str, ...] = ()
    marked: int = 0


# ============================================================================ openpyxl work
def _find_sheet(wb: Workbook, name: str) -> Any:
    """The sheet titled ``name`` (exactly, else as the reader matches reserved names)."""
    if name in wb.sheetnames:
        return wb[name]
    wanted = layout.normalize_label(name)
    for title in wb.sheetnames:
        if layout.normalize_label(title) == wanted:
            return wb[title]
    return None


def _is_results_sheet(name: str) -> bool:
    """An earlier Hasil Pemeriksaan sheet, which is replaced: nothing on it can be marked."""
    return layout.normalize_label(name) == layout.normalize_label(SHEET)


def _fill(colour: str | None) -> Any:
    from openpyxl.styles import PatternFill

    if colour is None:
        return PatternFill(fill_type=None)
    return PatternFill(fill_type="solid", start_color="FF" + colour, end_color="FF" + colour)


def _clean(text: str) -> str:
    return _ILLEGAL.sub(" ", text)


def _set_text(cell: Any, text: str | None) -> None:
    """A text cell that stays text even when it starts with ``=``."""
    cell.value = None if text is None else _clean(text)
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"


def _fill_colour(cell: Any) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    rgb = getattr(fill.start_color, "rgb", None)
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def _strip_old_marks(ws: Worksheet) -> None:
    """Remove the notes (and their fills) an earlier annotate left, keeping the clerk's own text."""
    from openpyxl.comments import Comment

    # ws._cells holds only the cells the sheet has; iter_rows would create every blank one.
    for cell in list(ws._cells.values()):
        comment = getattr(cell, "comment", None)
        if comment is None or MARKER not in (comment.text or ""):
            continue
        own = comment.text.split(MARKER, 1)[0].rstrip()
        if own:
            cell.comment = Comment(own, comment.author or "", height=comment.height, width=comment.width)
        else:
            cell.comment = None
        if _fill_colour(cell) in (ERROR_FILL, WARNING_FILL):
            cell.fill = _fill(None)


def _target_cell(ws: Worksheet, address: str) -> Any:
    """The cell to mark for ``address`` (``H16``, or a range's top-left); the top-left cell of
    a merged range holds what the clerk sees.  None when ``address`` is not a cell address."""
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, _, _ = range_boundaries(address.replace("$", ""))
    except (ValueError, TypeError):
        return None
    if min_col is None or min_row is None:
        return None
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= min_row <= merged.max_row and merged.min_col <= min_col <= merged.max_col:
            return ws.cell(merged.min_row, merged.min_col)
    return ws.cell(min_row, min_col)


def _note_lines(issues: list[Issue], lang: str) -> list[str]:
    return [f"{_text(i.severity if i.severity == ERROR else 'warning', lang)} [{i.code}]: {i.message}"
            for i in issues]


def _mark_cells(wb: Workbook, issues: list[Issue], lang: str) -> int:
    """Fill and note every cell an issue names; returns the number of cells marked."""
    from openpyxl.comments import Comment
    from openpyxl.worksheet.worksheet import Worksheet

    by_cell: dict[tuple[str, int, int], list[Issue]] = defaultdict(list)
    cells: dict[tuple[str, int, int], Any] = {}
    for issue in issues:
        if issue.sheet is None or not issue.cell or _is_results_sheet(issue.sheet):
            continue
        ws = _find_sheet(wb, issue.sheet)
        if not isinstance(ws, Worksheet):
            continue
        cell = _target_cell(ws, issue.cell)
        if cell is None:
            continue
        key = (ws.title, cell.row, cell.column)
        by_cell[key].append(issue)
        cells[key] = cell
    for key, found in by_cell.items():
        cell = cells[key]
        # The copy shows what it marks: a hidden row or sheet holding a problem is shown again
        # (the clerk's original keeps its hidden parts).
        ws = cell.parent
        if ws.row_dimensions[cell.row].hidden:
            ws.row_dimensions[cell.row].hidden = False
        if ws.sheet_state != "visible":
            ws.sheet_state = "visible"
        errors = any(i.severity == ERROR for i in found)
        cell.fill = _fill(ERROR_FILL if errors else WARNING_FILL)
        lines = [_text("note-head", lang, marker=MARKER, count=len(found)), *_note_lines(found, lang)]
        old = getattr(cell, "comment", None)
        own = old.text.rstrip() if old is not None and old.text else ""
        text = _clean("\n".join([own, "", *lines] if own else lines))
        lines_shown = sum(wrapped_lines(line, _COMMENT_CHARS) for line in text.split("\n"))
        height = min(600.0, 20.0 + 15.0 * lines_shown)
        cell.comment = Comment(text, (old.author if own and old.author else AUTHOR),
                               height=int(height), width=int(_COMMENT_WIDTH_PT))
    return len(by_cell)


def _link_location(issue: Issue) -> str | None:
    """``'SK-PPK'!H16`` for a cell, ``'SK-PPK'!A1`` for a whole sheet, None for the whole file."""
    if issue.sheet is None or _is_results_sheet(issue.sheet):
        return None
    return issue.location if issue.cell else f"{issue.location}!A1"


def _write_results(wb: Workbook, report: Report, issues: list[Issue], losses: list[str], lang: str,
                   moment: datetime) -> Worksheet:
    """Replace (or add) the Hasil Pemeriksaan sheet, first in the workbook, and make it the open one."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.hyperlink import Hyperlink
    from openpyxl.worksheet.worksheet import Worksheet as OpenpyxlWorksheet

    from ikixl import __version__

    old = _find_sheet(wb, SHEET)
    if old is not None:
        wb.remove(old)
    ws = wb.create_sheet(SHEET, 0)
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    wb.active = 0
    ws.sheet_view.tabSelected = True

    ws.cell(1, 1, _text("title", lang)).font = Font(bold=True, size=14)
    _set_text(ws.cell(2, 1), _text("file", lang, file=Path(report.file).name))
    _set_text(ws.cell(3, 1), _text("checked", lang, moment=moment, version=__version__))
    ws.cell(4, 1, _text("counts", lang, **report.summary)).font = Font(bold=True)
    ws.cell(5, 1).fill = _fill(ERROR_FILL)
    ws.cell(5, 2, _text("legend-error", lang))
    ws.cell(6, 1).fill = _fill(WARNING_FILL)
    ws.cell(6, 2, _text("legend-warning", lang))
    ws.cell(7, 1, _text("legend-link", lang))
    row = 7
    if losses:
        row += 1
        _set_text(ws.cell(row, 1), _text("losses", lang, losses="; ".join(losses)))
        ws.cell(row, 1).font = Font(bold=True, color="FF" + _ALERT_FONT)
    hdr = row + 2

    thin = Side(style="thin", color="FFBFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    top = Alignment(vertical="top", wrap_text=True)
    for col, (key, width) in enumerate(_COLUMNS, start=1):
        cell = ws.cell(hdr, col, _text(key, lang))
        cell.font = Font(bold=True)
        cell.fill = _fill(_HEADER_FILL)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[layout.column_letter(col)].width = width

    sheets = {s.title for s in wb.worksheets if isinstance(s, OpenpyxlWorksheet)}
    row = hdr
    for number, issue in enumerate(issues, start=1):
        row += 1
        values: dict[str, Any] = {
            "no": number,
            "tingkat": _text("error" if issue.severity == ERROR else "warning", lang),
            "kode": issue.code,
            "lembar": issue.sheet if issue.sheet is not None else _text("whole-file", lang),
            "sel": issue.cell or (_text("whole-sheet", lang) if issue.sheet is not None else None),
            "nilai": issue.value,
            "pesan": issue.message,
        }
        for col, (key, _) in enumerate(_COLUMNS, start=1):
            cell = ws.cell(row, col)
            value = values[key]
            if isinstance(value, str) or value is None:
                _set_text(cell, value)
            else:
                cell.value = value
            cell.border = border
            cell.alignment = top
        ws.cell(row, 2).fill = _fill(ERROR_FILL if issue.severity == ERROR else WARNING_FILL)
        location = _link_location(issue)
        if location is not None and issue.sheet in sheets:
            link = ws.cell(row, 5)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=location)
            link.font = Font(color="FF" + _LINK_FONT, underline="single")
        wrapped = [(str(values[k] or ""), w) for k, w in _COLUMNS if k in ("pesan", "nilai", "kode")]
        height = row_height(wrapped)
        if height is not None:
            ws.row_dimensions[row].height = height
    if not issues:
        row += 1
        ws.cell(row, 1, _text("none", lang))

    last = layout.column_letter(len(_COLUMNS))
    ws.freeze_panes = ws.cell(hdr + 1, 1)
    ws.auto_filter.ref = f"A{hdr}:{last}{max(row, hdr + 1)}"
    ws.print_title_rows = f"{hdr}:{hdr}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _results_problems(rows: int) -> Callable[[Any], list[str]]:
    """Annotate's own check of the reopened copy: Hasil Pemeriksaan lists every issue."""

    def problems(wb: Any) -> list[str]:
        if len(list(wb[SHEET].iter_rows(values_only=True))) < rows:
            return [f"lembar {SHEET} tidak lengkap"]
        return []

    return problems


# ============================================================================ public
def write_annotated(
    path: str | os.PathLike[str],
    report: Report,
    output: str | os.PathLike[str],
    *,
    lang: str = DEFAULT_LANGUAGE,
    now: datetime | None = None,
) -> AnnotateResult:
    """Write a copy of ``path`` with every problem of ``report`` marked, and a Hasil Pemeriksaan sheet.

    Each cell an issue names gets a fill (:data:`ERROR_FILL` for an error,
    :data:`WARNING_FILL` for a warning only) and one note listing its issues
    (``KESALAHAN [code]: message``), its value and number format kept.  The
    sheet ``Hasil Pemeriksaan`` (replacing one already there) comes first:
    a summary, then one row per issue in report order — No, Tingkat, Kode,
    Lembar, Sel (an internal hyperlink to the cell, or to A1 for a whole sheet),
    Nilai, Pesan.  Issues without a sheet are listed there only.

    Example::

        report = check_workbook("iki.xlsx")
        write_annotated("iki.xlsx", report, "iki_diperiksa.xlsx")

    Args:
        path: the checked ``.xlsx`` or ``.xlsm`` workbook; never written.
        report: the :class:`~ikixl.report.Report` of ``path``
            (:func:`ikixl.check.check_workbook`).
        output: the copy to write: another file with the same suffix as
            ``path`` (an ``.xlsm`` keeps its macros).  An existing file there
            is kept as ``NAME.backup-YYYYMMDD-HHMMSS.xlsx`` before it is replaced.
        lang: language of the sheet, the notes and the messages, ``"id"``
            (default) or ``"en"``; messages are rendered again in ``lang``.
            The sheet keeps its reserved name in both.
        now: the time shown as the check's time and used in a backup's name
            (default: now).

    Returns:
        :class:`AnnotateResult`: the copy, the backup of what it replaced,
        what the copy lacks compared with ``path`` (``losses``; the copy is
        written anyway, the input staying whole) and the number of cells marked.

    Raises:
        ValueError: ``lang`` is neither ``"id"`` nor ``"en"``.
        WriteError: with code ``salinan-sama-dengan-asli`` (``output`` is
            ``path``), ``format-berkas-tidak-didukung`` (not .xlsx/.xlsm, or
            the suffixes differ), ``berkas-tidak-ditemukan`` (no ``path`` or no
            target folder), ``berkas-sedang-dibuka`` (a lock file shows
            ``output`` open), ``hasil-tulis-tidak-valid`` (the copy failed
            verification) or ``gagal-menulis`` (``path`` is not a readable
            workbook, or anything else, chained with ``from``).  Nothing is
            written then.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    source, target = Path(path), Path(output)
    if not source.is_file():
        raise WriteError.from_code(CODE_MISSING, path=source, berkas=str(source),
                                   jenis=Text("Berkas", "File"))
    suffix = source.suffix.lower()
    if suffix not in _SUFFIXES:
        raise WriteError.from_code(
            CODE_FORMAT, path=source, berkas=source.name, akhiran=".xlsx",
            alasan=Text("ikixl hanya dapat menandai buku kerja .xlsx atau .xlsm",
                        "ikixl can only annotate .xlsx or .xlsm workbooks"),
        )
    if same_file(source, target):
        raise WriteError.from_code(CODE_SAME, path=target, berkas=target.name,
                                   saran=source.with_name(f"{source.stem}_diperiksa{source.suffix}").name)
    if target.suffix.lower() != suffix:
        raise WriteError.from_code(
            CODE_FORMAT, path=target, berkas=target.name, akhiran=source.suffix,
            alasan=Text("salinan bertanda harus berakhiran sama dengan berkas yang diperiksa",
                        "the annotated copy must end like the checked file"),
        )
    if not target.parent.is_dir():
        raise WriteError.from_code(CODE_MISSING, path=target, berkas=str(target.parent),
                                   jenis=Text("Folder tujuan", "Target folder"))
    ensure_not_open(target)
    losses = find_losses(source)

    # Errors first (they stop compute and must be fixed), each group in the report's sheet order.
    issues = sorted((issue_in_language(issue, lang) for issue in report.issues),
                    key=lambda issue: issue.severity != ERROR)
    moment = now or datetime.now()
    backup: Path | None = None
    try:
        keep_vba = suffix == ".xlsm"
        wb, unread = load_noting_losses(source, keep_vba=keep_vba)
        losses = list(dict.fromkeys([*losses, *unread]))
        had_vba = keep_vba and has_vba(source)
        for ws in wb.worksheets:
            _strip_old_marks(ws)
        marked = _mark_cells(wb, issues, lang)
        _write_results(wb, report, issues, losses, lang, moment)
        sheetnames = list(wb.sheetnames)
        with atomic_write(target, mode_like=source) as tmp:
            with warnings.catch_warnings(record=True):
                warnings.simplefilter("always")
                wb.save(tmp)
            verify_rewritten(tmp, target, sheetnames, had_vba, _results_problems(len(issues)))
            if target.exists():  # an earlier copy: never lost
                backup = make_backup(target, moment)
        return AnnotateResult(path=target, backup=backup, losses=tuple(losses), marked=marked)
    except Exception as exc:
        if backup is not None:
            backup.unlink(missing_ok=True)
        if isinstance(exc, WriteError):
            if exc.path is None:
                exc.path = target
            raise
        raise WriteError.from_code(
            CODE_FAILED, path=target, berkas=target.name, rincian=why_not_written(exc, target)
        ) from exc
