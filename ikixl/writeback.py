"""Write computed capaian back into an IKI workbook (format v1, :mod:`ikixl.layout`).

This is the first writer, built on openpyxl.  openpyxl rewrites the whole
package and silently drops what it does not model (drawings, pivot tables,
Excel 2010+ extensions…), so :func:`write_computed` first inspects the zip
package (:func:`ikixl.package.find_losses`) and refuses rather than lose a
clerk's work.  A later writer will patch the zip parts directly;
:func:`write_computed` keeps its signature.

What is written:

* ``Realisasi``: the computed columns (``layout.REALISASI_COMPUTED_COLUMNS``)
  of every row of :attr:`Computation.realisasi <ikixl.compute.Computation>`,
  found by header label (appended after the last header when absent).  Input
  columns are never touched.
* ``Cascading``: deleted and rebuilt at the same position (at the end when new).
* Conditional formats from the workbook's predikat table on the capaian and
  predikat columns of both sheets, plus a rule marking Realisasi cells still
  blank for months up to the reporting month (formulas of
  :mod:`ikixl.formatting`).  Every rule ikixl writes carries
  :data:`~ikixl.formatting.RULE_MARKER` in its formula, so a re-run replaces
  ikixl's rules and keeps the clerk's own.

Safety (:mod:`ikixl.files`): the result goes to a temporary file beside the
target, is reopened to verify it, and only then replaces the target atomically
(:func:`os.replace`); an in-place write first keeps the original as
``NAME.backup-YYYYMMDD-HHMMSS.xlsx``.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikixl import layout
from ikixl.catalogue import Text
from ikixl.errors import WriteError
from ikixl.files import WriteResult, atomic_write, ensure_not_open, make_backup, same_file
from ikixl.formatting import (
    blank_realisasi_formula,
    capaian_rule_formulas,
    excel_value,
    hex_colour,
    is_ikixl_rule,
    predikat_bands,
    predikat_rule_formulas,
    row_height,
)
from ikixl.package import ensure_lossless, has_vba, load_for_rewrite, verify_rewritten

if TYPE_CHECKING:
    from openpyxl.formatting.rule import Rule
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ikixl.compute import Computation
    from ikixl.model import PredikatBand

__all__ = ["WriteResult", "write_computed"]

CODE_FORMAT = "format-berkas-tidak-didukung"
CODE_MISSING = "berkas-tidak-ditemukan"
CODE_NO_REALISASI = "lembar-realisasi-tidak-ada"
CODE_NO_HEADER = "judul-kolom-realisasi-tidak-ditemukan"
CODE_CHANGED = "berkas-berubah-sejak-dihitung"
CODE_FAILED = "gagal-menulis"

_SUFFIXES = (".xlsx", ".xlsm")
_HEADER_SCAN_ROWS = 30
_BLANK_FILL = "FFC7CE"  # Excel's "Light Red Fill with Dark Red Text"
_BLANK_FONT = "9C0006"
_FLAG_FILL = "FFF2CC"
_HEADER_FILL = "D9E1F2"
_JABATAN_FILL = "F2F2F2"


# ============================================================================ openpyxl work

def _find_sheet(wb: Workbook, name: str) -> Worksheet | None:
    if name in wb.sheetnames:
        return wb[name]
    wanted = layout.normalize_label(name)
    for title in wb.sheetnames:
        if layout.normalize_label(title) == wanted:
            return wb[title]
    return None


def _realisasi_header(ws: Worksheet) -> tuple[int, dict[str, int], int]:
    """(header row, key → column for every layout column found, last used header column)."""
    anchors = [c for c in layout.REALISASI_INPUT_COLUMNS if c.key in {"kode_indikator", "bulan"}]
    for row in ws.iter_rows(min_row=1, max_row=min(_HEADER_SCAN_ROWS, ws.max_row)):
        found: dict[str, int] = {}
        last = 0
        for cell in row:
            if cell.value is None or str(cell.value).strip() == "":
                continue
            last = max(last, cell.column)
            for column in layout.REALISASI_COLUMNS:
                if column.key not in found and column.matches(cell.value):
                    found[column.key] = cell.column
                    break
        if all(c.key in found for c in anchors):
            return row[0].row, found, last
    raise WriteError.from_code(CODE_NO_HEADER, lembar=ws.title, baris=_HEADER_SCAN_ROWS)


def _set_value(cell: Any, value: Any) -> None:
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"  # a staff text starting with "=" stays text


def _write_realisasi(ws: Worksheet, computation: Computation) -> tuple[int, dict[str, int], int]:
    """Write the computed columns; returns (header row, key → column, last data row)."""
    from copy import copy

    header_row, columns, last_header = _realisasi_header(ws)
    template = ws.cell(header_row, last_header)
    for column in layout.REALISASI_COMPUTED_COLUMNS:
        if column.key in columns:
            continue
        last_header += 1
        cell = ws.cell(header_row, last_header, column.label)
        if template.has_style:
            cell._style = copy(template._style)
        ws.column_dimensions[layout.column_letter(last_header)].width = column.width
        columns[column.key] = last_header

    frame = computation.realisasi
    records = frame.to_dict("records") if len(frame) else []
    kode_col = columns.get("kode_indikator")
    changed: list[Text] = []
    last_row = header_row
    for record in records:
        row = excel_value(record.get("row"))
        if not isinstance(row, int | float) or row != int(row) or int(row) <= header_row:
            found_row = record.get("row")
            raise WriteError.from_code(
                CODE_CHANGED, lembar=ws.title,
                rincian=Text(f"baris Realisasi tidak sah pada hasil hitung: {found_row!r}",
                             f"invalid Realisasi row in the computed result: {found_row!r}"),
            )
        row = int(row)
        last_row = max(last_row, row)
        expected = excel_value(record.get("kode_indikator"))
        if kode_col is not None and expected is not None:
            found = ws.cell(row, kode_col).value
            found_text = "" if found is None else str(found).strip()
            if found_text != str(expected).strip():
                where = layout.cell_ref(row, kode_col)
                changed.append(Text(
                    f"{where} berisi {found_text or '(kosong)'!r}, saat dihitung {expected!r}",
                    f"{where} holds {found_text or '(blank)'!r}, computed as {expected!r}",
                ))
        if changed:
            continue
        for column in layout.REALISASI_COMPUTED_COLUMNS:
            cell = ws.cell(row, columns[column.key])
            _set_value(cell, excel_value(record.get(column.key)))
            if column.number_format:
                cell.number_format = column.number_format
    if changed:
        more = "; …" if len(changed) > 3 else ""
        rincian = Text("; ".join(t.indonesian for t in changed[:3]) + more,
                       "; ".join(t.english for t in changed[:3]) + more)
        raise WriteError.from_code(CODE_CHANGED, lembar=ws.title, rincian=rincian)
    return header_row, columns, last_row


def _rule(formula: str, fill: str | None, font: str | None) -> Rule:
    from openpyxl.formatting.rule import Rule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.styles.differential import DifferentialStyle

    dxf = DifferentialStyle(
        font=Font(color="FF" + font) if font else None,
        fill=PatternFill(fill_type="solid", start_color="FF" + fill, end_color="FF" + fill) if fill else None,
    )
    return Rule(type="expression", formula=[formula], dxf=dxf, stopIfTrue=True)



def _strip_ikixl_rules(ws: Worksheet) -> None:
    from openpyxl.formatting.formatting import ConditionalFormattingList

    kept = ConditionalFormattingList()
    top = 0
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            if is_ikixl_rule(rule):
                continue
            kept.add(str(cf.sqref), rule)
            top = max(top, rule.priority or 0)
    kept.max_priority = max(top, kept.max_priority)
    ws.conditional_formatting = kept


def _add_band_rules(ws: Worksheet, col: int, first: int, last: int, bands: Sequence[PredikatBand],
                    *, text: bool) -> None:
    top_left = layout.cell_ref(first, col)
    rng = f"{top_left}:{layout.cell_ref(last, col)}"
    build = predikat_rule_formulas if text else capaian_rule_formulas
    for formula, band in build(top_left, bands):
        ws.conditional_formatting.add(rng, _rule(formula, hex_colour(band.fill), hex_colour(band.font)))


def _format_realisasi(ws: Worksheet, columns: dict[str, int], header_row: int, last_row: int,
                      computation: Computation, bands: Sequence[PredikatBand]) -> None:
    _strip_ikixl_rules(ws)
    first = header_row + 1
    if last_row < first:
        return
    for key in ("capaian_bulan_pct", "capaian_tahunan_pct", "capaian_rencana_pct"):
        _add_band_rules(ws, columns[key], first, last_row, bands, text=False)
    _add_band_rules(ws, columns["predikat"], first, last_row, bands, text=True)
    if {"realisasi", "kode_indikator", "bulan"} <= columns.keys():
        col = columns["realisasi"]
        kode = f"${layout.column_letter(columns['kode_indikator'])}{first}"
        bulan = f"${layout.column_letter(columns['bulan'])}{first}"
        top_left = layout.cell_ref(first, col)
        formula = blank_realisasi_formula(top_left, kode, bulan, computation.month)
        ws.conditional_formatting.add(f"{top_left}:{layout.cell_ref(last_row, col)}",
                                      _rule(formula, _BLANK_FILL, _BLANK_FONT))


def _month_title(computation: Computation) -> str:
    settings = computation.settings
    month = layout.BULAN[computation.month - 1] if 1 <= computation.month <= 12 else str(computation.month)
    parts = [settings.perangkat_daerah.strip() if settings.perangkat_daerah else "",
             f"Bulan {month}" + (f" {settings.tahun}" if settings.tahun else "")]
    return " — ".join(p for p in parts if p)


def _write_cascading(wb: Workbook, computation: Computation, bands: Sequence[PredikatBand]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    old = _find_sheet(wb, layout.SHEET_CASCADING)
    if old is not None:
        index = wb.sheetnames.index(old.title)
        wb.remove(old)
        ws = wb.create_sheet(layout.SHEET_CASCADING, index)
    else:
        ws = wb.create_sheet(layout.SHEET_CASCADING)

    columns = layout.CASCADING_COLUMNS
    position = {c.key: i for i, c in enumerate(columns, start=1)}
    hdr = layout.CASCADING_HEADER_ROW
    ws.cell(1, 1, layout.CASCADING_TITLE).font = Font(bold=True, size=14)
    _set_value(ws.cell(2, 1), _month_title(computation))
    ws.cell(2, 1).font = Font(italic=True)

    thin = Side(style="thin", color="FFBFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill(fill_type="solid", start_color="FF" + _HEADER_FILL,
                              end_color="FF" + _HEADER_FILL)
    for column in columns:
        cell = ws.cell(hdr, position[column.key], column.label)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[layout.column_letter(position[column.key])].width = column.width

    flag_fill = PatternFill(fill_type="solid", start_color="FF" + _FLAG_FILL, end_color="FF" + _FLAG_FILL)
    jabatan_fill = PatternFill(fill_type="solid", start_color="FF" + _JABATAN_FILL,
                               end_color="FF" + _JABATAN_FILL)
    frame = computation.cascade
    records = frame.to_dict("records") if len(frame) else []
    row = hdr
    for record in records:
        row += 1
        kind = excel_value(record.get("jenis_baris")) or "indikator"
        flagged = bool(excel_value(record.get("ditandai")) or False)
        tingkat = excel_value(record.get("tingkat"))
        level = int(tingkat) if isinstance(tingkat, int | float) else 0
        for column in columns:
            cell = ws.cell(row, position[column.key])
            _set_value(cell, excel_value(record.get(column.key)))
            cell.border = border
            if column.number_format:
                cell.number_format = column.number_format
            if flagged:
                cell.fill = flag_fill
            elif kind == "jabatan":
                cell.fill = jabatan_fill
            if kind == "jabatan":
                cell.font = Font(bold=True)
            if column.key == "uraian":
                indent = max(0, level) * 2 + {"jabatan": 0, "pendukung": 2}.get(kind, 1)
                cell.alignment = Alignment(indent=min(indent, 250), wrap_text=True, vertical="top")
            elif column.key == "catatan":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if flagged:
                    cell.font = Font(bold=True, color="FF" + _BLANK_FONT)
        height = row_height([(str(excel_value(record.get(c.key)) or ""), c.width)
                             for c in columns if c.key in ("uraian", "catatan")])
        if height is not None:
            ws.row_dimensions[row].height = height
    last = row
    ws.freeze_panes = ws.cell(hdr + 1, 1)
    last_letter = layout.column_letter(len(columns))
    ws.auto_filter.ref = f"A{hdr}:{last_letter}{max(last, hdr + 1)}"
    ws.print_title_rows = f"{hdr}:{hdr}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if last > hdr:
        first = hdr + 1
        for key in ("capaian_pct", "capaian_pendukung_pct"):
            _add_band_rules(ws, position[key], first, last, bands, text=False)
        _add_band_rules(ws, position["predikat"], first, last, bands, text=True)


def _check_shapes(computation: Computation, target: Path) -> None:
    """Refuse a Computation whose frames lack documented columns: a missing column would
    otherwise silently clear cells."""
    wanted = {
        "realisasi": ["row", "kode_indikator", *(c.key for c in layout.REALISASI_COMPUTED_COLUMNS)],
        "cascade": [*(c.key for c in layout.CASCADING_COLUMNS), "jenis_baris", "ditandai"],
    }
    for name, keys in wanted.items():
        missing = [k for k in keys if k not in getattr(computation, name).columns]
        if missing:
            names = ", ".join(missing)
            raise WriteError.from_code(
                CODE_FAILED, path=target, berkas=target.name,
                rincian=Text(f"hasil hitung tidak lengkap: tabel {name} tidak memiliki kolom {names}",
                             f"incomplete computation: table {name} has no column {names}"),
            )



def _realisasi_problems(realisasi_title: str, header_row: int,
                        columns: dict[str, int]) -> Callable[[Any], list[str]]:
    """The write-back's own check of the reopened workbook: Realisasi and its computed headers."""

    def problems(wb: Any) -> list[str]:
        if realisasi_title not in wb.sheetnames:
            return [f"lembar {realisasi_title} hilang"]
        values = next(wb[realisasi_title].iter_rows(min_row=header_row, max_row=header_row,
                                                    values_only=True), ())
        found = []
        for column in layout.REALISASI_COMPUTED_COLUMNS:
            col = columns[column.key]
            value = values[col - 1] if col <= len(values) else None
            if not column.matches(value):
                found.append(f"judul {column.label!r} tidak ada di {layout.cell_ref(header_row, col)}")
        return found

    return problems


# ============================================================================ public
def write_computed(
    path: str | os.PathLike[str],
    computation: Computation,
    output: str | os.PathLike[str] | None = None,
    *,
    now: datetime | None = None,
) -> WriteResult:
    """Write computed capaian, predikat and the Cascading sheet into an IKI workbook.

    Realisasi: for every row of ``computation.realisasi`` (its ``row`` column is
    the Excel row), the computed columns of ``layout.REALISASI_COMPUTED_COLUMNS``
    are written under their headers (found by label in the first 30 rows;
    appended after the last header when absent): numbers as numbers, capaian in
    percent points (87.5) with ``layout.PCT_FORMAT``, None as an empty cell.
    Input columns are never written.  The Cascading sheet is rebuilt from
    ``computation.cascade``.  Conditional formats colour capaian and predikat
    cells by ``computation.settings.predikat`` (the layout default when empty)
    and mark Realisasi cells still blank for months up to ``computation.month``;
    ikixl's earlier rules are replaced, the clerk's own are kept.

    The file is written to a temporary file beside the target, reopened to
    verify, then moved into place with :func:`os.replace`.  On any failure the
    original is intact and the temporary file removed.

    Args:
        path: the ``.xlsx`` or ``.xlsm`` workbook the computation was made from.
        computation: the result of :func:`ikixl.compute.compute`.
        output: write here instead and leave ``path`` byte-identical; same suffix
            as ``path`` (an ``.xlsm`` is never written as ``.xlsx``).  Equal to
            ``path`` means in place.  An existing ``output`` is replaced.
        now: the time in the backup's name (default: now).

    Returns:
        :class:`WriteResult`: the file written and the backup
        ``NAME.backup-YYYYMMDD-HHMMSS.xlsx`` (``-2``, ``-3``… when taken) of
        what it replaced: the original in place, or an existing ``output``.

    Raises:
        LossyWriteRefused: (a :class:`WriteError`, code
            ``penulisan-akan-menghilangkan-data``) the workbook holds parts the
            writer would drop (:func:`ikixl.package.find_losses`); refused with
            ``output`` too.
        WriteError: with code ``berkas-sedang-dibuka`` (a lock file shows the
            target open), ``format-berkas-tidak-didukung`` (not .xlsx/.xlsm, or
            the suffixes differ), ``berkas-tidak-ditemukan``,
            ``lembar-realisasi-tidak-ada``, ``judul-kolom-realisasi-tidak-ditemukan``,
            ``berkas-berubah-sejak-dihitung`` (a Realisasi row no longer holds the
            indicator it was computed for), ``hasil-tulis-tidak-valid`` (the
            written file failed verification) or ``gagal-menulis`` (anything
            else, chained with ``from``).
    """
    source = Path(path)
    target = Path(output) if output is not None else source
    if not source.is_file():
        raise WriteError.from_code(CODE_MISSING, path=source, berkas=str(source),
                                   jenis=Text("Berkas", "File"))
    in_place = same_file(source, target)
    suffix = source.suffix.lower()
    if suffix not in _SUFFIXES:
        raise WriteError.from_code(
            CODE_FORMAT, path=source, berkas=source.name, akhiran=".xlsx",
            alasan=Text("ikixl hanya dapat menulis buku kerja .xlsx atau .xlsm",
                        "ikixl can only write .xlsx or .xlsm workbooks"),
        )
    if target.suffix.lower() != suffix:
        macro = suffix == ".xlsm"
        raise WriteError.from_code(
            CODE_FORMAT, path=target, berkas=target.name, akhiran=source.suffix,
            alasan=Text(
                "berkas tujuan harus berakhiran sama dengan berkas asli"
                + (" (berkas .xlsm berisi makro dan tidak boleh disimpan sebagai .xlsx)" if macro else ""),
                "the target must end like the original file"
                + (" (an .xlsm file holds macros and must not be saved as .xlsx)" if macro else ""),
            ),
        )
    if not target.parent.is_dir():
        raise WriteError.from_code(CODE_MISSING, path=target, berkas=str(target.parent),
                                   jenis=Text("Folder tujuan", "Target folder"))
    ensure_not_open(source if in_place else target)
    if in_place:
        target = source

    ensure_lossless(source)

    _check_shapes(computation, target)
    moment = now or datetime.now()
    backup: Path | None = None
    try:
        keep_vba = suffix == ".xlsm"
        wb = load_for_rewrite(source, keep_vba=keep_vba)
        # An .xlsm may hold no macro at all (an .xlsx renamed, or saved so by a script):
        # only macros that were there can go missing.
        had_vba = keep_vba and has_vba(source)
        realisasi = _find_sheet(wb, layout.SHEET_REALISASI)
        if realisasi is None:
            raise WriteError.from_code(CODE_NO_REALISASI, path=source, lembar=layout.SHEET_REALISASI,
                                       berkas=source.name)
        bands = predikat_bands(computation.settings)
        header_row, columns, last_row = _write_realisasi(realisasi, computation)
        _format_realisasi(realisasi, columns, header_row, last_row, computation, bands)
        _write_cascading(wb, computation, bands)
        sheetnames = list(wb.sheetnames)

        with atomic_write(target, mode_like=source) as tmp:
            with warnings.catch_warnings(record=True):
                warnings.simplefilter("always")
                wb.save(tmp)
            verify_rewritten(tmp, target, sheetnames, had_vba,
                             _realisasi_problems(realisasi.title, header_row, columns))
            if target.exists():  # the original in place, or an earlier output: never lost
                backup = make_backup(target, moment)
        return WriteResult(path=target, backup=backup)
    except Exception as exc:
        if backup is not None:
            backup.unlink(missing_ok=True)
        if isinstance(exc, WriteError):
            if exc.path is None:
                exc.path = target
            raise
        raise WriteError.from_code(CODE_FAILED, path=target, berkas=target.name, rincian=str(exc)) from exc

