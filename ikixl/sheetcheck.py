"""Checks of the spreadsheet around the IKI tables: what Excel hides, adds or formats.

A clerk sees a workbook through Excel, and Excel can hide what ikixl still
reads, carry features ikixl cannot write back, or show a number other than
the one stored.  These checks report each at the sheet and cell concerned
(codes and messages in :data:`ikixl.catalogue.CATALOGUE`):

* ``sheet-tersembunyi``: a hidden or veryHidden sheet (any kind);
* ``sheet-tidak-dikenal``: a worksheet holding data that is neither reserved
  (``Petunjuk``, ``Pengaturan``, ``Realisasi``, ``Cascading``, ``Hasil
  Pemeriksaan``) nor read as a jabatan form.  Chart sheets hold no data and
  are not reported; dialog and Excel 4.0 macro sheets are, as
  ``fitur-diabaikan`` (their cells are not read);
* ``baris-tersembunyi``: a hidden row holding data that a table reads, at the
  row's first non-empty cell; ``kolom-tersembunyi``: a hidden column of the
  Indikator Kinerja or Realisasi table holding input data, at its first
  filled cell;
* ``fitur-excel-2010``: Excel 2010+ extensions (``extLst``) in a sheet: read
  fine, but ``ikixl compute`` refuses to write because saving would drop them
  (:mod:`ikixl.package`).  Found while the sheet is read, at no extra cost;
* ``persen-ambigu`` (policy): in a real percent format (``0%``) a stored 1.2
  shows 120 %.  For a Persentase indicator's Target, Target Bulan or Realisasi
  (without Penyebut) a reading above 100 % is reported as ambiguous — 120 %
  or 1.2 %? — in place of the reader's ``persen-format-dibaca``.  Readings
  above 1000 % are the reader's error ``persen-tidak-wajar``
  (:data:`ikixl.values.PERCENT_IMPLAUSIBLE_PCT`), whatever the indicator;
* ``persen-bukan-persentase`` (error, policy): a figure that is no percentage —
  a Jumlah's or a Nilai's Target, Target Bulan or Realisasi, and the Realisasi
  and Penyebut of a Persentase entered with Penyebut (counts) — stored above 1
  in a real percent format: 2 shows 200 % and would be read as 200, a count
  multiplied by 100.  Up to 1 (12 % or 100 % typed, stored 0.12 or 1) the
  reader's reading stands, with its ``persen-format-dibaca``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ikixl import layout, values
from ikixl.catalogue import Text, make_issue
from ikixl.model import LazyFrames, address_letters
from ikixl.report import Issue

if TYPE_CHECKING:
    from ikixl.model import IkiWorkbook, ReadNote

__all__ = ["ambiguous_percents", "sheet_issues"]

_HIDDEN = {
    "hidden": (
        Text("disembunyikan", "is hidden"),
        Text("klik kanan tab sheet mana pun > Unhide", "right-click any sheet tab > Unhide"),
    ),
    "veryHidden": (
        Text(
            "disembunyikan sepenuhnya (veryHidden, tidak muncul di daftar Unhide)",
            "is very hidden (veryHidden: it does not appear in the Unhide list)",
        ),
        Text(
            "di Excel buka Developer > Visual Basic, pilih sheet itu, ubah Visible menjadi "
            "-1 - xlSheetVisible",
            "in Excel open Developer > Visual Basic, select the sheet, set Visible to -1 - xlSheetVisible",
        ),
    ),
}
_IGNORED_KINDS = {
    "macrosheet": Text("lembar makro Excel 4.0", "an Excel 4.0 macro sheet"),
    "dialogsheet": Text("lembar dialog Excel 5.0", "an Excel 5.0 dialog sheet"),
}
#: Excel 2010+ extensions by ``<ext uri>`` (upper case), in words for the clerk.
_EXTENSIONS = {
    "{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF}": Text(
        "validasi data (mis. daftar pilihan yang mengambil isi dari sheet lain)",
        "data validation (e.g. a dropdown list taken from another sheet)",
    ),
    "{78C0D931-6437-407D-A8EE-F0AAD7539E65}": Text(
        "format bersyarat lanjutan (mis. data bar atau set ikon)",
        "extended conditional formatting (e.g. data bars or icon sets)",
    ),
    "{05C60535-1F16-4FD2-B633-F4F36F0B64E0}": Text("sparkline", "sparklines"),
}
_OTHER_EXTENSION = Text("ekstensi lain", "other extensions")
_ROW = re.compile(r"^([A-Z]+)(\d+)$")


def _is_reserved(name: str) -> bool:
    folded = layout.normalize_label(name)
    return any(layout.normalize_label(r) == folded for r in layout.RESERVED_SHEETS)


def _join(texts: list[Text]) -> Text:
    return Text("; ".join(t.indonesian for t in texts), "; ".join(t.english for t in texts))


def sheet_issues(wb: IkiWorkbook) -> list[Issue]:
    """Hidden and unknown sheets, ignored sheet kinds, extensions, hidden rows and columns.

    Returns:
        Warnings, each at its sheet (and cell for rows and columns); nothing
        for a model without :attr:`~ikixl.model.IkiWorkbook.sheets`.
    """
    issues: list[Issue] = []
    jabatan = set(wb.jabatan_sheets)
    jabatan.add(wb.pengaturan_sheet() or "")  # (a Pengaturan renamed: pengaturan-bernama-lain says so)
    cadangan = ", ".join(layout.RESERVED_SHEETS)
    for info in wb.sheets:
        if info.state in _HIDDEN:
            keadaan, cara = _HIDDEN[info.state]
            issues.append(make_issue("sheet-tersembunyi", sheet=info.name, cell=None, keadaan=keadaan,
                                     cara=cara))
        if info.kind in _IGNORED_KINDS:
            issues.append(make_issue("fitur-diabaikan", sheet=info.name, cell=None,
                                     reading=_IGNORED_KINDS[info.kind]))
        elif info.kind == "worksheet" and info.has_cells and not _is_reserved(info.name) \
                and info.name not in jabatan:
            issues.append(make_issue("sheet-tidak-dikenal", sheet=info.name, cell=None, cadangan=cadangan))
        if info.extensions:
            kinds = list(dict.fromkeys(_EXTENSIONS.get(uri.upper(), _OTHER_EXTENSION)
                                       for uri in info.extensions))
            issues.append(make_issue("fitur-excel-2010", sheet=info.name, cell=None, fitur=_join(kinds)))
    issues += _hidden_row_issues(wb)
    issues += _hidden_column_issues(wb)
    return issues


def _hidden_row_issues(wb: IkiWorkbook) -> list[Issue]:
    """A hidden row holding data that one of the tables reads, once per row."""
    hidden = {info.name: info.hidden_rows for info in wb.sheets if info.hidden_rows}
    if not hidden:
        return []
    read: set[tuple[str, int]] = set()
    for table, frame in wb.cells.items():
        data = getattr(wb, table)
        if frame.empty or "sheet" not in data.columns:
            continue
        if "row" in data.columns:  # one record per Excel row
            read.update((s, int(r)) for s, r in zip(data["sheet"], data["row"], strict=True) if s in hidden)
            continue
        for idx in frame.index:  # label/value blocks: one row per field
            sheet = data.at[idx, "sheet"]
            if sheet not in hidden:
                continue
            for address in frame.loc[idx]:
                m = _ROW.match(address) if isinstance(address, str) else None
                if m:
                    read.add((sheet, int(m.group(2))))
    issues = []
    for sheet, row in sorted(read):
        first = hidden[sheet].get(row)
        if first is not None:
            issues.append(make_issue("baris-tersembunyi", sheet=sheet, cell=first, baris=row))
    return issues


def _hidden_column_issues(wb: IkiWorkbook) -> list[Issue]:
    """A hidden input column of the Indikator Kinerja or Realisasi table holding data."""
    hidden = {info.name: info.hidden_cols for info in wb.sheets if info.hidden_cols}
    if not hidden:
        return []
    issues = []
    for table, columns in (("indikator", layout.INDIKATOR_COLUMNS), ("realisasi", layout.REALISASI_COLUMNS)):
        data = getattr(wb, table)
        if data.empty or table not in wb.cells:
            continue
        sheets = data["sheet"].tolist()
        sheet_set = set(sheets)
        if hidden.keys().isdisjoint(sheet_set):
            continue
        for column in columns:
            if column.kind == "computed":
                continue
            # Column letters, not addresses: the template hides ikixl's own columns on every
            # Realisasi sheet, and a 240,000-row table must not cost an address per cell.
            letters = _column_letters(wb, table, column.key)
            if letters is None:
                continue
            pairs = ({(sheets[0], letter) for letter in set(letters)} if len(sheet_set) == 1
                     else set(zip(sheets, letters, strict=True)))
            suspects = {(sheet, letter) for sheet, letter in pairs
                        if letter is not None and sheet in hidden and _col_number(letter) in hidden[sheet]}
            if not suspects:
                continue
            reported: set[str] = set()
            for i, (sheet, letter, value) in enumerate(zip(sheets, letters, data[column.key].tolist(),
                                                           strict=True)):
                if (sheet, letter) not in suspects or sheet in reported or value is None:
                    continue
                reported.add(sheet)
                _, address = wb.cell(table, data.index[i], column.key)
                issues.append(make_issue("kolom-tersembunyi", sheet=sheet, cell=address, huruf=letter,
                                         kolom=column.label, value=value))
    return issues


def _column_letters(wb: IkiWorkbook, table: str, key: str) -> list[str | None] | None:
    """Column letters of ``key``'s address in each row of ``table`` (None: no such column)."""
    if isinstance(wb.cells, LazyFrames):
        return wb.cells.column_letters(table, key)
    frame = wb.cells.get(table)
    if frame is None or key not in frame.columns:
        return None
    return [address_letters(a) for a in frame[key].tolist()]


def _col_number(letters: str) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


# --------------------------------------------------------------------------- percent cells
_PERCENT_KEYS = {"indikator": ("target",), "realisasi": ("target_bulan", "realisasi", "penyebut")}


def ambiguous_percents(wb: IkiWorkbook) -> dict[tuple[str, Any, str], Issue]:
    """``persen-ambigu`` issues, by the (table, index, key) of the note they replace.

    A Persentase indicator's Target, Target Bulan or Realisasi (a Realisasi
    with a Penyebut is a count, not a percentage) read from a real percent
    format above 100 percent points: 1.2 in a ``0%`` cell shows 120 %, and
    whether 120 % or 1.2 % was meant cannot be told (policy, DOMAIN.md
    "Periods and words": flag what stays ambiguous).
    """
    notes = [n for n in wb.notes
             if n.code == values.NOTE_PERCENT_FORMAT and n.key in _PERCENT_KEYS.get(n.table, ())]
    if not notes:
        return {}
    jenis_of: dict[str, Any] = {}
    if not wb.indikator.empty:
        for kode, jenis in zip(wb.indikator["kode_indikator"], wb.indikator["jenis"], strict=True):
            if isinstance(kode, str):
                jenis_of.setdefault(kode, jenis)
    out: dict[tuple[str, Any, str], Issue] = {}
    for note in notes:
        issue = _ambiguous(wb, note, jenis_of)
        if issue is not None:
            out[(note.table, note.index, note.key)] = issue
    return out


def _ambiguous(wb: IkiWorkbook, note: ReadNote, jenis_of: dict[str, Any]) -> Issue | None:
    data = getattr(wb, note.table)
    kode = data.at[note.index, "kode_indikator"]
    value = data.at[note.index, note.key]
    jenis = jenis_of.get(kode)
    if jenis not in layout.JENIS or not isinstance(value, Decimal):
        return None
    counted = note.table == "realisasi" and note.key in ("realisasi", "penyebut") and (
        note.key == "penyebut" or data.at[note.index, "penyebut"] is not None
    )
    percent = jenis == "Persentase" and not counted
    if value <= 100:  # (a stored 1, "100%" typed, may well mean 100: only above is told)
        return None
    sheet, cell = wb.cell(note.table, note.index, note.key)
    raw = note.raw
    if isinstance(raw, (int, float)):
        alternatif = values.format_id(values.decimal_from_number(raw))
    else:
        alternatif = str(raw)
    if not percent:
        return make_issue("persen-bukan-persentase", sheet=sheet, cell=cell, value=raw, reading=note.reading,
                          kode=kode, jenis=jenis, alternatif=alternatif)
    return make_issue("persen-ambigu", sheet=sheet, cell=cell, value=raw, reading=note.reading, kode=kode,
                      alternatif=alternatif)
