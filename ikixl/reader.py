"""Reading an IKI workbook (format v1, :mod:`ikixl.layout`) into :class:`~ikixl.model.IkiWorkbook`.

The reader is forgiving about *where* things are and strict about *what* they
are: tables are found by their header labels (synonyms, NBSP, line breaks,
title rows, extra columns and a ``(1) (2) (3)`` column-number row are all
tolerated), values are typed by :mod:`ikixl.values`, and every value keeps the
Excel address it came from.  Structural problems inside a readable workbook
(a missing sheet, a header not found) never raise: the reader reads what it
can and :mod:`ikixl.check` reports the rest.  Only a file that is not a
readable ``.xlsx`` at all raises :class:`~ikixl.errors.WorkbookError`.

The package is read by :func:`ikixl.xlsx.read_cells` (one guarded streaming
pass, no spreadsheet library), after :func:`ikixl.safezip.sniff` has
recognised by its bytes a file that is no ``.xlsx`` at all.  What is stored
counts, not only what the cell shows: a number in a real percent format
(``0%``, ``0.00%``) is read ×100 in percent points, ikixl's own ``0.00" %"``
is not; a formula in an input cell is noted, with the cached value used, or
as not calculated when the file has no cached value (``FORMULA_CHECKED_KINDS``).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from pathlib import Path
from typing import Any

from ikixl import layout, values
from ikixl.cells import Cell, SheetCells
from ikixl.model import IkiWorkbook, ReadNote, SheetInfo
from ikixl.fastread import Fallback, read_hybrid
from ikixl.safezip import sniff
from ikixl.xlsx import read_cells

#: Rows searched for a table's header row.
HEADER_SEARCH_ROWS = 30
#: A run of this many blank rows ends a table inside a sheet (blank rows inside
#: a table are skipped; the template's formatted-but-empty rows are blank).
TABLE_GAP_ROWS = 5
#: ReadNote codes of a formula in an input cell (messages in ikixl.catalogue.CATALOGUE).
NOTE_FORMULA_IN_INPUT = "rumus-di-sel-isian"
NOTE_FORMULA_NOT_CALCULATED = "rumus-belum-dihitung"


# --------------------------------------------------------------------------- grids
#: Column kinds whose cells are typed by the clerk and feed the computation or the
#: identification of a row: a formula there is reported (``rumus-di-sel-isian``,
#: ``rumus-belum-dihitung``).  Text columns (names, Sasaran, Keterangan) may link
#: to other cells freely, and the ``No`` column is often ``=A16+1``.
FORMULA_CHECKED_KINDS = frozenset({"number", "target", "month", "choice", "code", "nip"})
_NOT_FORMULA_CHECKED = frozenset({"no"})
_SETTING_KINDS_CHECKED = frozenset({"int", "month", "number", "yesno"})


class _Grid:
    """One worksheet's non-empty cells as the reader sees them.

    Blank text (spaces only) is no value; a number in a date format is a
    :class:`datetime.datetime` (as openpyxl gives it); a formula's value is its
    cached result, None when it was never calculated.
    """

    def __init__(self, sheet: SheetCells, date1904: bool) -> None:
        self.sheet = sheet
        self.title = sheet.name
        self.rows = sheet.rows
        self._epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
        self._date1904 = date1904

    def cell(self, row: int, col: int) -> Cell | None:
        cells = self.rows.get(row)
        return None if cells is None else cells.get(col)

    def value(self, row: int, col: int) -> Any:
        cells = self.rows.get(row)
        if cells is None:
            return None
        c = cells.get(col)
        return None if c is None else self._value(c)

    def _value(self, c: Cell) -> Any:
        v = c.value
        if isinstance(v, str):
            if not v.strip():
                return None
            if c.kind == "d":
                try:
                    return _dt.datetime.fromisoformat(v)
                except ValueError:
                    return v
            return v
        if isinstance(v, (int, float)) and not isinstance(v, bool) and c.is_date:
            return self._from_serial(v)
        return v

    def _from_serial(self, serial: float) -> Any:
        """An Excel date serial as a datetime (a time for a serial below 1), as openpyxl reads it."""
        day, fraction = divmod(serial, 1)
        if not -1e6 < day < 3e6:
            return serial
        diff = _dt.timedelta(milliseconds=round(fraction * 86_400_000))
        if 0 <= serial < 1 and diff.days == 0:
            return (_dt.datetime.min + diff).time()
        if 0 < serial < 60 and not self._date1904:
            day += 1  # Excel's phantom 29 February 1900
        try:
            return self._epoch + _dt.timedelta(days=day) + diff
        except OverflowError:
            return serial

    def number_format(self, row: int, col: int) -> str | None:
        c = self.cell(row, col)
        return None if c is None else c.number_format

    def row_values(self, row: int) -> list[Any]:
        """Row ``row``'s values, column A at index 0, up to its last non-empty cell."""
        cells = self.rows.get(row)
        if not cells:
            return []
        out: list[Any] = [None] * max(cells)
        for col, c in cells.items():
            out[col - 1] = self._value(c)
        return out

    @property
    def last_row(self) -> int:
        return self.sheet.last_row

    def row_view(self, row: int) -> tuple[dict[int, Cell], list[Any] | None]:
        """(full cells of the row by column, plain calamine values or None): see :class:`_FastGrid`."""
        return self.rows.get(row) or {}, None

    def filled_cols(self, row: int) -> list[int]:
        """Columns of the row holding a value or a formula (blank text is no value)."""
        cells = self.rows.get(row)
        if not cells:
            return []
        return [col for col, c in cells.items() if not (isinstance(c.value, str) and not c.value.strip())
                and (c.value is not None or c.formula is not None)]

    @property
    def has_cells(self) -> bool:
        return bool(self.rows)


class _FastGrid(_Grid):
    """A worksheet read by the hybrid engine (:mod:`ikixl.fastread`): the values as
    python-calamine gives them (``''`` for empty, floats for numbers), and full
    :class:`Cell` objects only for the exceptional cells (formulas, percent and
    date formats, errors…), which take precedence.  Reads exactly like
    :class:`_Grid` over :func:`ikixl.xlsx.read_cells`."""

    def __init__(self, sheet: SheetCells, data: list[list[Any]], date1904: bool) -> None:
        super().__init__(sheet, date1904)
        self.data = data
        self.exc = sheet.rows
        present = {i for i, r in enumerate(data, start=1) if r.count("") != len(r)}
        present.update(r for r, cells in sheet.rows.items() if cells)
        self.rows = present  # type: ignore[assignment]

    def _plain(self, row: int, col: int) -> Any:
        data = self.data
        if row <= len(data):
            cells = data[row - 1]
            if col <= len(cells):
                return cells[col - 1]
        return ""

    def cell(self, row: int, col: int) -> Cell | None:
        cells = self.exc.get(row)
        return None if cells is None else cells.get(col)

    def value(self, row: int, col: int) -> Any:
        cells = self.exc.get(row)
        if cells is not None:
            c = cells.get(col)
            if c is not None:
                return self._value(c)
        return _plain_value(self._plain(row, col))

    def number_format(self, row: int, col: int) -> str | None:
        c = self.cell(row, col)
        if c is not None:
            return c.number_format
        return None if self._plain(row, col) == "" else "General"

    def row_values(self, row: int) -> list[Any]:
        plain = self.data[row - 1] if row <= len(self.data) else []
        exc = self.exc.get(row) or {}
        out = [None if col in exc else _plain_value(v) for col, v in enumerate(plain, start=1)]
        for col, c in exc.items():
            if col > len(out):
                out.extend([None] * (col - len(out)))
            out[col - 1] = self._value(c)
        return out

    def row_view(self, row: int) -> tuple[dict[int, Cell], list[Any] | None]:
        return self.exc.get(row) or {}, (self.data[row - 1] if row <= len(self.data) else [])

    def filled_cols(self, row: int) -> list[int]:
        plain = self.data[row - 1] if row <= len(self.data) else []
        exc = self.exc.get(row) or {}
        filled = {col for col, v in enumerate(plain, start=1) if col not in exc and _plain_value(v) is not None}
        filled.update(col for col, c in exc.items()
                      if not (isinstance(c.value, str) and not c.value.strip())
                      and (c.value is not None or c.formula is not None))
        return sorted(filled)

    @property
    def last_row(self) -> int:
        return max(self.rows, default=0)

    @property
    def has_cells(self) -> bool:
        return bool(self.rows)


class _EngineFallback(Exception):
    """A calamine value the hybrid engine does not type exactly: read with the expat engine."""


def _plain_value(v: Any) -> Any:
    """A calamine value as :class:`_Grid` types the same stored cell."""
    cls = v.__class__
    if cls is str:
        return v if v.strip() else None
    if cls is float:
        return int(v) if v.is_integer() else v
    if cls is bool or cls is int:
        return v
    raise _EngineFallback(repr(v))


_EPOCH_1900 = _dt.datetime(1899, 12, 30)
_EPOCH_1904 = _dt.datetime(1904, 1, 1)


def _formula_checked(column: layout.Column) -> bool:
    return column.kind in FORMULA_CHECKED_KINDS and column.key not in _NOT_FORMULA_CHECKED


def _typed(
    grid: _Grid, row: int, col: int, parse: Any, checked: bool
) -> tuple[Any, values.Parsed, list[tuple[str, str, str]]]:
    """(raw value, typed value, extra notes) of one cell; ``checked``: a formula there is noted.

    A formula never calculated (no cached value: the file was written by a
    program and never opened in Excel) types as blank with ``rumus-belum-dihitung``;
    a formula with a cached value types that value, noted ``rumus-di-sel-isian``
    with the value used.  Extra notes are ``(code, formula, reading)``.
    """
    raw = grid.value(row, col)
    c = grid.cell(row, col) if checked else None
    if c is None or c.formula is None:
        return raw, parse(raw), []
    if not c.has_cached:
        return None, values.Parsed(None), [(NOTE_FORMULA_NOT_CALCULATED, c.formula, "")]
    parsed = parse(raw)
    used = values.display(parsed.value)
    return raw, parsed, [(NOTE_FORMULA_IN_INPUT, c.formula, used if used is not None else "")]


def _sheet_info(sheet: SheetCells, grid: _Grid | None) -> SheetInfo:
    """What the model keeps of a sheet besides its tables: state, kind, hidden rows
    holding data (→ their first non-empty cell), hidden columns, extensions."""
    hidden_rows: dict[int, str] = {}
    for row in sheet.hidden_rows if grid is not None else ():
        filled = grid.filled_cols(row)
        if filled:
            hidden_rows[row] = layout.cell_ref(row, min(filled))
    return SheetInfo(
        name=sheet.name,
        state=sheet.state,
        kind=sheet.kind,
        has_cells=grid.has_cells if grid is not None else bool(sheet.rows),
        hidden_rows=hidden_rows,
        hidden_cols=frozenset(sheet.hidden_cols),
        extensions=tuple(sheet.extensions),
    )


# --------------------------------------------------------------------------- matching
_ENUM_PREFIX = re.compile(r"^\s*(?:\d+|[a-zA-Z])[.)]\s+")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def _label_index(columns: tuple[layout.Column, ...]) -> dict[str, layout.Column]:
    """Normalised label or synonym → column (the first column wins a shared wording)."""
    # Keyed by identity: hashing a tuple of frozen dataclasses on every call costs more
    # than the lookup itself (the tuple is kept alive beside its index).
    cached = _LABEL_INDEXES.get(id(columns))
    if cached is not None and cached[0] is columns:
        return cached[1]
    index: dict[str, layout.Column] = {}
    for column in columns:
        for text in (column.label, *column.synonyms):
            index.setdefault(layout.normalize_label(text), column)
    if len(_LABEL_INDEXES) > 64:  # column tuples built on the fly (Pengaturan) come and go
        _LABEL_INDEXES.clear()
    _LABEL_INDEXES[id(columns)] = (columns, index)
    return index


_LABEL_INDEXES: dict[int, tuple[tuple[layout.Column, ...], dict[str, layout.Column]]] = {}


@functools.lru_cache(maxsize=1 << 15)
def _header_forms(header: str) -> tuple[str, ...]:
    base = re.sub(r"\.\s*$", "", _ENUM_PREFIX.sub("", header).strip())
    forms = (header, base, _TRAILING_PAREN.sub("", base))
    return tuple(dict.fromkeys(layout.normalize_label(f) for f in forms if f))


def match_column(columns: tuple[layout.Column, ...], header: object) -> layout.Column | None:
    """The column whose label or synonym ``header`` is, after
    :func:`~ikixl.layout.normalize_label` (the same rule as ``Column.matches``).

    Also accepts a leading enumerator (``1. Jabatan``), a trailing dot (``No.``)
    and a trailing parenthetical the layout does not name (``Target (Jumlah)``).
    """
    if not isinstance(header, str) or len(header) > 120:
        return None
    index = _label_index(columns)
    for form in _header_forms(header):
        column = index.get(form)
        if column is not None:
            return column
    return None


_COLNUM_CELL = re.compile(r"^\(?\s*(\d+)\s*\)?$")


def _is_column_number_row(cells: list[Any]) -> bool:
    """``(1) (2) (3) …`` or ``1 2 3 …`` under a header: numbering, not data."""
    nums = []
    for v in cells:
        if v is None:
            continue
        if isinstance(v, int) and not isinstance(v, bool):
            nums.append(v)
            continue
        if isinstance(v, float) and v.is_integer():
            nums.append(int(v))
            continue
        m = _COLNUM_CELL.match(str(v).strip())
        if not m:
            return False
        nums.append(int(m.group(1)))
    return len(nums) >= 3 and all(b == a + 1 for a, b in zip(nums, nums[1:], strict=False))


def _find_header(
    grid: _Grid,
    columns: tuple[layout.Column, ...],
    *,
    first_row: int = 1,
    search_rows: int = HEADER_SEARCH_ROWS,
    min_matches: int = 2,
) -> tuple[int, dict[str, int]] | None:
    """The header row of a table (best-matching row) and key → 1-based column."""
    best: tuple[int, dict[str, int]] | None = None
    for row in range(first_row, first_row + search_rows):
        if row not in grid.rows:
            continue
        found: dict[str, int] = {}
        for col, v in enumerate(grid.row_values(row), start=1):
            column = match_column(columns, v)
            if column is not None and column.key not in found:
                found[column.key] = col
        if len(found) >= min_matches and (best is None or len(found) > len(best[1])):
            best = (row, found)
    return best


def _table_rows(
    grid: _Grid, header_row: int, colmap: dict[str, int], significant: set[str], gap: int | None
) -> list[int]:
    """Excel rows of a table's data: after the header, skipping a column-number row
    and blank rows; a run of ``gap`` blank rows ends the table (None: read to the end)."""
    sig_cols = [c for k, c in colmap.items() if k in significant]
    rows: list[int] = []
    blank = 0
    previous = header_row
    # Only rows holding a cell are visited; the rows between are blank (a sheet
    # formatted down to row 1,048,576 costs nothing).
    for row in sorted(r for r in grid.rows if r > header_row):
        for _ in range(row - previous - 1):
            blank += 1
            if gap is not None and ((rows and blank >= gap) or (not rows and blank >= gap * 4)):
                return rows
        previous = row
        if any(grid.value(row, c) is not None for c in sig_cols):
            if not rows and _is_column_number_row(grid.row_values(row)):
                continue
            rows.append(row)
            blank = 0
        else:
            blank += 1
            if gap is not None and rows and blank >= gap:
                break
            if gap is not None and not rows and blank >= gap * 4:
                break
    return rows


# --------------------------------------------------------------------------- tables
class _TableBuilder:
    """Accumulates typed rows, their addresses and ReadNotes for one model table.

    Hot path (a Realisasi sheet has 240,000 rows in a large office): each
    column's plan is worked out once per table, and the typing of a value is
    memoised by (column, value, number format), since the parsers are pure and
    a column repeats few distinct values (months, choices, small numbers).
    """

    def __init__(self, name: str, keys: list[str], extra: list[str]) -> None:
        self.name = name
        self.keys = keys
        self.extra = extra
        self.records: list[dict[str, Any]] = []
        self.addresses: list[dict[str, str | None]] = []
        self._plan_of: tuple[dict[str, int], tuple[layout.Column, ...], list[Any]] | None = None
        self._typed_cache: dict[tuple[Any, ...], tuple[Any, values.Parsed]] = {}

    def _plan(self, colmap: dict[str, int], columns: tuple[layout.Column, ...]) -> list[Any]:
        """Per column: (key, 1-based column or None, column letters, layout column, formula-checked)."""
        cached = self._plan_of
        if cached is not None and cached[0] is colmap and cached[1] is columns:
            return cached[2]
        plan = []
        for column in columns:
            col = colmap.get(column.key)
            plan.append((column.key, col, layout.column_letter(col) if col else None, column,
                         _formula_checked(column)))
        self._plan_of = (colmap, columns, plan)
        return plan

    def add(
        self,
        grid: _Grid,
        row: int,
        colmap: dict[str, int],
        columns: tuple[layout.Column, ...],
        notes: list[ReadNote],
        extra: dict[str, Any],
    ) -> dict[str, Any]:
        index = len(self.records)
        record: dict[str, Any] = {}
        address: dict[str, str | None] = {}
        cells, plain = grid.row_view(row)
        width = 0 if plain is None else len(plain)
        cache = self._typed_cache
        row_text = str(row)
        for key, col, letters, column, checked in self._plan(colmap, columns):
            if col is None:
                record[key] = None
                address[key] = None
                continue
            address[key] = letters + row_text
            c = cells.get(col)
            if c is None and plain is not None:
                # Hybrid engine: a plain calamine value (no formula, no percent/date format).
                v = plain[col - 1] if col <= width else ""
                memo = (key,) if v == "" else (key, v.__class__, v)
                hit = cache.get(memo)
                if hit is None:
                    raw = None if v == "" else _plain_value(v)
                    parsed = values.parse_cell(column, raw, None if v == "" else "General")
                    cache[memo] = (raw, parsed)
                else:
                    raw, parsed = hit
            elif c is not None and checked and c.formula is not None:
                fmt = c.number_format
                raw, parsed, formula_notes = _typed(
                    grid, row, col, lambda v, c=column, f=fmt: values.parse_cell(c, v, f), True)
                for code, formula, reading in formula_notes:
                    notes.append(ReadNote(self.name, index, key, code, formula, reading))
            else:
                # What the value reads as depends only on the stored value, its type and
                # kind, and the number format (a date format turns a number into a date).
                if c is None:
                    memo: tuple[Any, ...] = (key,)
                else:
                    v = c.value
                    memo = (key, c.kind, v.__class__, v, c.number_format)
                hit = cache.get(memo)
                if hit is None:
                    raw = None if c is None else grid._value(c)
                    parsed = values.parse_cell(column, raw, None if c is None else c.number_format)
                    cache[memo] = (raw, parsed)
                else:
                    raw, parsed = hit
            record[key] = parsed.value
            if parsed.note:
                notes.append(ReadNote(self.name, index, key, parsed.note, raw, parsed.reading or ""))
        record.update(extra)
        self.records.append(record)
        self.addresses.append(address)
        return record

    def frames(self, index: list[Any] | None = None) -> tuple[Any, Any]:
        import pandas as pd

        idx = index if index is not None else list(range(len(self.records)))
        records, addresses = self.records, self.addresses
        # Column by column: several times faster than a DataFrame from a list of dicts.
        data = pd.DataFrame({k: [r.get(k) for r in records] for k in self.keys + self.extra},
                            index=idx, columns=self.keys + self.extra, dtype=object)
        cells = pd.DataFrame({k: [a.get(k) for a in addresses] for k in self.keys},
                             index=idx, columns=self.keys, dtype=object)
        return data, cells


def _is_reserved(title: str) -> str | None:
    folded = layout.normalize_label(title)
    for name in layout.RESERVED_SHEETS:
        if layout.normalize_label(name) == folded:
            return name
    return None


def _label_values(
    grid: _Grid, columns: tuple[layout.Column, ...], last_row: int
) -> dict[str, tuple[int, int]]:
    """Label/value block: key → (row, value column) for every label found above ``last_row``.

    The value is in the cell right of the label, or one further when that cell is a lone ``:``.
    """
    found: dict[str, tuple[int, int]] = {}
    for row in range(1, last_row + 1):
        if row not in grid.rows:
            continue
        for col, v in enumerate(grid.row_values(row), start=1):
            column = match_column(columns, v)
            if column is None or column.key in found:
                continue
            value_col = col + 1
            if isinstance(grid.value(row, value_col), str) and grid.value(row, value_col).strip() == ":":
                value_col += 1
            found[column.key] = (row, value_col)
    return found


def read_workbook(path: str | Path) -> IkiWorkbook:
    """Read an IKI workbook (format v1) into the typed model.

    Args:
        path: an ``.xlsx`` (or ``.xlsm``) file.

    Returns:
        The :class:`~ikixl.model.IkiWorkbook`: tables typed as :mod:`ikixl.model`
        describes, every value's Excel address in ``cells``, the columns and
        settings whose labels were not found in ``missing_columns``
        (``pengaturan``, ``predikat``, ``jabatan:<sheet>``, ``indikator:<sheet>``,
        ``realisasi``), the reader's interpretations in ``notes`` (text read
        as a number, a percent-formatted cell, a code stored as a number, a
        formula in an input cell with or without a cached value), and every
        sheet's state, hidden rows and columns and extensions in ``sheets``.

    Raises:
        WorkbookError: the file does not exist or is not a readable ``.xlsx``
            (legacy ``.xls``, password-protected, HTML, truncated, corrupt,
            XML with entity declarations, over the package limits of
            :class:`ikixl.safezip.Limits`).  ``code`` says which.
    """
    path = Path(path)
    sniff(path)
    try:
        return _read_workbook(path, "hybrid")
    except (Fallback, _EngineFallback):
        return _read_workbook(path, "expat")


def _read_workbook(path: Path, engine: str) -> IkiWorkbook:
    """:func:`read_workbook` with one engine: ``hybrid`` (:mod:`ikixl.fastread`; raises
    :class:`~ikixl.fastread.Fallback` or :class:`_EngineFallback` when it cannot read the
    file exactly) or ``expat`` (:func:`ikixl.xlsx.read_cells`, the reference)."""
    grids: dict[str, _Grid]
    if engine == "hybrid":
        book: Any = read_hybrid(path)
        grids = {s.name: _FastGrid(s, book.data[s.name], book.date1904)
                 for s in book.sheets if s.kind == "worksheet"}
    else:
        book = read_cells(path)
        grids = {s.name: _Grid(s, book.date1904) for s in book.sheets if s.kind == "worksheet"}
    sheet_names = book.sheet_names
    notes: list[ReadNote] = []
    missing: dict[str, list[str]] = {}
    cells: dict[str, Any] = {}

    # ---- Pengaturan
    pengaturan_title = next((t for t in grids if _is_reserved(t) == layout.SHEET_PENGATURAN), None)
    pengaturan, pengaturan_cells, predikat, predikat_cells = _read_pengaturan(
        grids.get(pengaturan_title) if pengaturan_title else None, notes, missing
    )
    cells["pengaturan"] = pengaturan_cells
    cells["predikat"] = predikat_cells

    # ---- jabatan sheets
    jab = _TableBuilder("jabatan", [c.key for c in layout.JABATAN_FIELDS], ["sheet"])
    ind = _TableBuilder(
        "indikator", [c.key for c in layout.INDIKATOR_COLUMNS], ["kode_jabatan", "sheet", "row"]
    )
    jabatan_sheets: list[str] = []
    significant = {c.key for c in layout.INDIKATOR_COLUMNS if c.key != "no"}
    for title in sheet_names:
        grid = grids.get(title)
        if grid is None or _is_reserved(title):
            continue
        header = _find_header(grid, layout.INDIKATOR_COLUMNS, min_matches=3)
        block_end = header[0] - 1 if header else HEADER_SEARCH_ROWS
        fields = _label_values(grid, layout.JABATAN_FIELDS, block_end)
        # A jabatan form: the indicator header, or the block's own labels (Kode Jabatan, or
        # three fields); a "No | NIP | Nama" list elsewhere in the file is not one.
        if header is None and "kode_jabatan" not in fields and len(fields) < 3:
            continue
        jabatan_sheets.append(title)
        field_cols = {k: c for k, (_, c) in fields.items()}
        # A label/value block has one row per field: read it as a one-row table per field.
        record: dict[str, Any] = {}
        address: dict[str, str | None] = {}
        jab_index = len(jab.records)
        for column in layout.JABATAN_FIELDS:
            if column.key not in fields:
                record[column.key] = None
                address[column.key] = None
                continue
            row, col = fields[column.key]
            fmt = grid.number_format(row, col)
            raw, parsed, formula_notes = _typed(
                grid, row, col, lambda v, c=column, f=fmt: values.parse_cell(c, v, f),
                _formula_checked(column),
            )
            record[column.key] = parsed.value
            address[column.key] = layout.cell_ref(row, col)
            for code, formula, reading in formula_notes:
                notes.append(ReadNote("jabatan", jab_index, column.key, code, formula, reading))
            if parsed.note:
                notes.append(
                    ReadNote("jabatan", jab_index, column.key, parsed.note, raw, parsed.reading or "")
                )
        record["sheet"] = title
        jab.records.append(record)
        jab.addresses.append(address)
        absent = [c.key for c in layout.JABATAN_FIELDS if c.key not in field_cols]
        if absent:
            missing[f"jabatan:{title}"] = absent

        if header is None:
            missing[f"indikator:{title}"] = [c.key for c in layout.INDIKATOR_COLUMNS]
            continue
        header_row, colmap = header
        absent = [c.key for c in layout.INDIKATOR_COLUMNS if c.key not in colmap]
        if absent:
            missing[f"indikator:{title}"] = absent
        for row in _table_rows(grid, header_row, colmap, significant, TABLE_GAP_ROWS):
            ind.add(
                grid,
                row,
                colmap,
                layout.INDIKATOR_COLUMNS,
                notes,
                {"kode_jabatan": record["kode_jabatan"], "sheet": title, "row": row},
            )
    jabatan, cells["jabatan"] = jab.frames()
    indikator, cells["indikator"] = ind.frames()

    # ---- Realisasi
    real = _TableBuilder("realisasi", [c.key for c in layout.REALISASI_COLUMNS], ["sheet", "row"])
    realisasi_title = next((t for t in grids if _is_reserved(t) == layout.SHEET_REALISASI), None)
    if realisasi_title is not None:
        grid = grids[realisasi_title]
        header = _find_header(grid, layout.REALISASI_COLUMNS, min_matches=2)
        if header is None:
            missing["realisasi"] = [c.key for c in layout.REALISASI_COLUMNS]
        else:
            header_row, colmap = header
            absent = [c.key for c in layout.REALISASI_COLUMNS if c.key not in colmap]
            if absent:
                missing["realisasi"] = absent
            significant = {c.key for c in layout.REALISASI_INPUT_COLUMNS}
            for row in _table_rows(grid, header_row, colmap, significant, None):
                real.add(
                    grid, row, colmap, layout.REALISASI_COLUMNS, notes, {"sheet": realisasi_title, "row": row}
                )
    realisasi, cells["realisasi"] = real.frames()

    return IkiWorkbook(
        path=path,
        sheet_names=sheet_names,
        jabatan_sheets=jabatan_sheets,
        pengaturan=pengaturan,
        predikat=predikat,
        jabatan=jabatan,
        indikator=indikator,
        realisasi=realisasi,
        cells=cells,
        missing_columns=missing,
        notes=notes,
        sheets=[_sheet_info(s, grids.get(s.name) if s.kind == "worksheet" else None)
                for s in book.sheets],
    )


def _read_pengaturan(
    grid: _Grid | None, notes: list[ReadNote], missing: dict[str, list[str]]
) -> tuple[Any, Any, Any, Any]:
    """The settings block and the predikat table (empty frames when the sheet is absent)."""
    import pandas as pd

    keys = [s.key for s in layout.SETTINGS]
    pred = _TableBuilder("predikat", [c.key for c in layout.PREDIKAT_COLUMNS], ["sheet"])
    if grid is None:
        settings_frame = pd.DataFrame(columns=["key", "label", "value", "sheet"], dtype=object)
        settings_cells = pd.DataFrame(columns=["value"], dtype=object)
        predikat, predikat_cells = pred.frames()
        return settings_frame, settings_cells, predikat, predikat_cells

    header = _find_header(grid, layout.PREDIKAT_COLUMNS, search_rows=60, min_matches=2)
    block_end = header[0] - 1 if header else 60
    as_columns = tuple(layout.Column(s.key, s.label) for s in layout.SETTINGS)
    found = _label_values(grid, as_columns, block_end)
    records: list[dict[str, Any]] = []
    addresses: list[dict[str, str | None]] = []
    for setting in layout.SETTINGS:
        if setting.key not in found:
            records.append({"key": setting.key, "label": setting.label, "value": None, "sheet": grid.title})
            addresses.append({"value": None})
            continue
        row, col = found[setting.key]
        fmt = grid.number_format(row, col)
        raw, parsed, formula_notes = _typed(
            grid, row, col, lambda v, st=setting, f=fmt: values.parse_setting(st, v, f),
            setting.kind in _SETTING_KINDS_CHECKED,
        )
        for code, formula, reading in formula_notes:
            notes.append(ReadNote("pengaturan", setting.key, "value", code, formula, reading))
        records.append(
            {"key": setting.key, "label": setting.label, "value": parsed.value, "sheet": grid.title}
        )
        addresses.append({"value": layout.cell_ref(row, col)})
        if parsed.note:
            notes.append(ReadNote("pengaturan", setting.key, "value", parsed.note, raw, parsed.reading or ""))
    absent = [k for k in keys if k not in found]
    if absent:
        missing["pengaturan"] = absent
    settings_frame = pd.DataFrame(records, index=keys, dtype=object)
    settings_cells = pd.DataFrame(addresses, index=keys, dtype=object)

    if header is None:
        missing["predikat"] = [c.key for c in layout.PREDIKAT_COLUMNS]
    else:
        header_row, colmap = header
        absent = [c.key for c in layout.PREDIKAT_COLUMNS if c.key not in colmap]
        if absent:
            missing["predikat"] = absent
        significant = {c.key for c in layout.PREDIKAT_COLUMNS}
        for row in _table_rows(grid, header_row, colmap, significant, 1):
            pred.add(grid, row, colmap, layout.PREDIKAT_COLUMNS, notes, {"sheet": grid.title})
    predikat, predikat_cells = pred.frames()
    return settings_frame, settings_cells, predikat, predikat_cells
