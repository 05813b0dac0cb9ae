"""Grids: one sheet's cells as the reader walks them, whichever engine read them.

:class:`Grid` wraps the reference reader's :class:`~ikixl.cells.SheetCells`;
:class:`FastGrid` wraps python-calamine's rows plus the few exceptional cells
the byte scan of :mod:`ikixl.fastread` found (formulas, percent and date
formats, errors, long integers).  Both answer the same questions — value,
number format, cell, rows with content — so :mod:`ikixl.reader` never knows
which engine ran.  :func:`typed` turns one cell into its typed value and the
notes a clerk should see (a formula in an input cell).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import operator
from typing import Any

from ikixl import layout, values
from ikixl.cells import Cell, SheetCells
from ikixl.model import SheetInfo

#: ReadNote codes of a formula in an input cell (messages in ikixl.catalogue.CATALOGUE).
NOTE_FORMULA_IN_INPUT = "rumus-di-sel-isian"
NOTE_FORMULA_NOT_CALCULATED = "rumus-belum-dihitung"


#: Column kinds whose cells are typed by the clerk and feed the computation or the
#: identification of a row: a formula there is reported (``rumus-di-sel-isian``,
#: ``rumus-belum-dihitung``).  Text columns (names, Sasaran, Keterangan) may link
#: to other cells freely, and the ``No`` column is often ``=A16+1``.
FORMULA_CHECKED_KINDS = frozenset({"number", "target", "month", "choice", "code", "nip"})
_NOT_FORMULA_CHECKED = frozenset({"no"})
SETTING_KINDS_CHECKED = frozenset({"int", "month", "number", "yesno"})


class Grid:
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

    def row_texts(self, row: int) -> list[Any]:
        """Row ``row``'s cells for matching labels, column A at index 0: every ``str`` in the list
        is the cell's text as :meth:`row_values` gives it, or blank-only text where it gives None;
        other values are no text (not necessarily typed as :meth:`row_values` types them)."""
        return self.row_values(row)

    @property
    def last_row(self) -> int:
        return self.sheet.last_row

    def row_view(self, row: int) -> tuple[dict[int, Cell], list[Any] | None]:
        """(full cells of the row by column, plain calamine values or None): see :class:`FastGrid`."""
        return self.rows.get(row) or {}, None

    def any_value(self, row: int, cols: list[int]) -> bool:
        """Whether one of the columns ``cols`` of ``row`` holds a value (as :meth:`value`)."""
        return any(self.value(row, c) is not None for c in cols)

    def any_values(self, rows: list[int], cols: list[int]) -> list[bool | None] | None:
        """:meth:`any_value` of each of ``rows`` (ascending) in bulk, None for a row to ask
        :meth:`any_value` itself; None when no bulk answer is known."""
        return None

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


class FastGrid(Grid):
    """A worksheet read by the hybrid engine (:mod:`ikixl.fastread`): the values as
    python-calamine gives them (``''`` for empty, floats for numbers), and full
    :class:`Cell` objects only for the exceptional cells (formulas, percent and
    date formats, errors…), which take precedence.  Reads exactly like
    :class:`Grid` over :func:`ikixl.xlsx.read_cells`."""

    def __init__(self, sheet: SheetCells, data: list[list[Any]], date1904: bool) -> None:
        super().__init__(sheet, date1904)
        self.data = data
        self.exc = sheet.rows
        widths = set(map(len, data))
        #: The width of every row of ``data`` when they share one (calamine's rectangle), else None.
        self.width = widths.pop() if len(widths) == 1 else None
        if self.width is not None:  # compared row by row in C: an empty row is all ''
            empty = [""] * self.width
            present = set(itertools.compress(range(1, len(data) + 1), map(empty.__ne__, data)))
        else:
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
        return plain_value(self._plain(row, col))

    def number_format(self, row: int, col: int) -> str | None:
        c = self.cell(row, col)
        if c is not None:
            return c.number_format
        return None if self._plain(row, col) == "" else "General"

    def row_values(self, row: int) -> list[Any]:
        plain = self.data[row - 1] if row <= len(self.data) else []
        exc = self.exc.get(row) or {}
        out = [None if col in exc else plain_value(v) for col, v in enumerate(plain, start=1)]
        for col, c in exc.items():
            if col > len(out):
                out.extend([None] * (col - len(out)))
            out[col - 1] = self._value(c)
        return out

    def row_view(self, row: int) -> tuple[dict[int, Cell], list[Any] | None]:
        return self.exc.get(row) or {}, (self.data[row - 1] if row <= len(self.data) else [])

    def row_texts(self, row: int) -> list[Any]:
        if self.exc.get(row):
            return self.row_values(row)
        return self.data[row - 1] if row <= len(self.data) else []  # calamine's text is the cell's

    def any_value(self, row: int, cols: list[int]) -> bool:
        exc = self.exc.get(row)
        plain = self.data[row - 1] if row <= len(self.data) else ()
        width = len(plain)
        if not exc:  # the common row: calamine's values only
            for c in cols:
                if c <= width:
                    v = plain[c - 1]
                    if v.__class__ is str:
                        if v.strip():
                            return True
                    elif plain_value(v) is not None:
                        return True
            return False
        for c in cols:
            if exc:
                cell = exc.get(c)
                if cell is not None:
                    if self._value(cell) is not None:
                        return True
                    continue
            v = plain[c - 1] if c <= width else ""
            if v.__class__ is str:
                if v.strip():
                    return True
            elif plain_value(v) is not None:
                return True
        return False

    def any_values(self, rows: list[int], cols: list[int]) -> list[bool | None] | None:
        """Column-wise over calamine's values when ``rows`` are consecutive: a row whose first
        column ``cols[0]`` holds plain text (not blank-only), a number or a boolean has a value,
        as :meth:`any_value` finds looking there first; the other rows, and rows holding an
        exceptional cell, are left to :meth:`any_value` (None)."""
        width, data = self.width, self.data
        if not rows or not cols or width is None or cols[0] > width or rows[-1] - rows[0] + 1 != len(rows) \
                or rows[-1] > len(data):
            return None
        first = list(map(operator.itemgetter(cols[0] - 1), data[rows[0] - 1:rows[-1]]))
        undecided = {v for v in set(first) if not (v.__class__ is str and v.strip())
                     and v.__class__ is not float and v.__class__ is not int and v.__class__ is not bool}
        flags: list[bool | None] = ([None if v in undecided else True for v in first] if undecided
                                    else [True] * len(first))
        start = rows[0]
        for r, cells in self.exc.items():
            if cells and 0 <= r - start < len(rows):
                flags[r - start] = None
        return flags

    def filled_cols(self, row: int) -> list[int]:
        plain = self.data[row - 1] if row <= len(self.data) else []
        exc = self.exc.get(row) or {}
        filled = {col for col, v in enumerate(plain, start=1)
                  if col not in exc and plain_value(v) is not None}
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


class EngineFallback(Exception):
    """A calamine value the hybrid engine does not type exactly: read with the expat engine."""


def plain_value(v: Any) -> Any:
    """A calamine value as :class:`Grid` types the same stored cell."""
    cls = v.__class__
    if cls is str:
        return v if v.strip() else None
    if cls is float:  # (a whole float from 1E+15 on stays one, as the expat reader reads "1E+308")
        return int(v) if v.is_integer() and -1e15 < v < 1e15 else v
    if cls is bool or cls is int:
        return v
    raise EngineFallback(repr(v))


_EPOCH_1900 = _dt.datetime(1899, 12, 30)
_EPOCH_1904 = _dt.datetime(1904, 1, 1)


def formula_checked(column: layout.Column) -> bool:
    return column.kind in FORMULA_CHECKED_KINDS and column.key not in _NOT_FORMULA_CHECKED


def typed(
    grid: Grid, row: int, col: int, parse: Any, checked: bool
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


def sheet_info(sheet: SheetCells, grid: Grid | None) -> SheetInfo:
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
