"""The cells of a workbook as :func:`ikixl.xlsx.read_cells` returns them, and number-format kinds.

Plain data, no parsing: :class:`WorkbookCells` holds every sheet in tab order
(:class:`SheetCells`: state, hidden rows and columns, merged ranges, Excel
2010+ extensions, and the non-empty :class:`Cell` objects by row and column).
The format predicates (:func:`is_percent_format`, :func:`is_text_format`,
:func:`is_date_format`) say what a number format does to the number it shows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BUILTIN_FORMATS",
    "GENERAL",
    "Cell",
    "SheetCells",
    "WorkbookCells",
    "is_date_format",
    "is_percent_format",
    "is_text_format",
]


# --------------------------------------------------------------------------- number formats
#: Built-in number formats by ``numFmtId`` (ECMA-376 §18.8.30, en-US codes as
#: openpyxl names them).  Ids 50–81 are East-Asian locale dates; unknown ids
#: read as ``General``.
BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
GENERAL = "General"

# Quoted literals, backslash escapes and bracketed parts ([Red], [$Rp-421]) say nothing
# about the kind of a format; elapsed-time brackets ([h], [mm]) do.
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _format_core(code: str) -> str:
    return _FORMAT_NOISE.sub("", code.split(";", 1)[0])


@functools.lru_cache(maxsize=1024)
def is_percent_format(code: str | None) -> bool:
    """Whether a number format shows its number multiplied by 100 (``0%``, ``0.00%``).

    Only the positive section counts; a ``%`` inside quotes (``0.00" %"``) is a
    literal and does not scale.
    """
    return bool(code) and "%" in _format_core(code)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=1024)
def is_text_format(code: str | None) -> bool:
    """Whether a number format is Excel's Text format (``@``): typed digits stay text."""
    return bool(code) and _format_core(code).strip() == "@"  # type: ignore[arg-type]


@functools.lru_cache(maxsize=1024)
def is_date_format(code: str | None) -> bool:
    """Whether a number format shows a date or time (``d``, ``m``, ``y``, ``h``, ``s``).

    The same rule as openpyxl's ``is_date_format``: a serial number in such a
    cell is a date (days since 1899-12-30, or 1904-01-01 when
    :attr:`WorkbookCells.date1904`).
    """
    if not code or code == GENERAL:
        return False
    return re.search(r"[dmhysDMHYS]", _format_core(code)) is not None


# --------------------------------------------------------------------------- cells
class Cell:
    """One non-empty cell.

    Attributes:
        value: the typed value: ``str`` for ``s``/``str``/``inlineStr``/``e``/``d``,
            ``int`` or ``float`` for ``n`` (``int`` when the stored text has no
            ``.`` or exponent, as openpyxl does), ``bool`` for ``b``.  For a
            formula cell it is the cached result, ``None`` when there is none.
        raw: the text Excel stored: the ``<v>`` text for numbers, booleans
            (``"0"``/``"1"``), errors and ISO dates, the string itself for
            strings — so ``Decimal(cell.raw)`` is exact.  ``None`` only for a
            formula cell without a cached value.
        kind: the ``t`` attribute: ``n`` (default), ``s``, ``str``, ``inlineStr``,
            ``b``, ``e`` or ``d``.
        formula: ``"=…"`` when the cell has ``<f>`` (shared formulas are
            translated to this cell, like Excel shows them), else ``None``.
        number_format: the format code of the cell's style (``"General"``,
            ``"0.00%"``, ``"@"``…).
    """

    __slots__ = ("value", "raw", "kind", "formula", "number_format")

    def __init__(self, value: Any, raw: str | None, kind: str, formula: str | None,
                 number_format: str) -> None:
        self.value = value
        self.raw = raw
        self.kind = kind
        self.formula = formula
        self.number_format = number_format

    @property
    def has_cached(self) -> bool:
        """Whether a value is stored; ``False`` for a formula never calculated."""
        return self.raw is not None

    @property
    def is_date(self) -> bool:
        """A number in a date/time format (``value`` is the serial number)."""
        return self.kind == "n" and is_date_format(self.number_format)

    @property
    def is_percent(self) -> bool:
        """The cell's format shows percent (``value`` 0.75 displays as 75%)."""
        return is_percent_format(self.number_format)

    @property
    def is_text_formatted(self) -> bool:
        """The cell's format is Text (``@``)."""
        return is_text_format(self.number_format)

    def __repr__(self) -> str:
        extra = f", formula={self.formula!r}" if self.formula is not None else ""
        return (f"Cell({self.value!r}, raw={self.raw!r}, kind={self.kind!r}{extra}, "
                f"number_format={self.number_format!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):
            return NotImplemented
        return all(getattr(self, a) == getattr(other, a) for a in self.__slots__)

    __hash__ = None  # type: ignore[assignment]


@dataclass
class SheetCells:
    """One sheet's non-empty cells, sparse.

    Attributes:
        name: the sheet name as the tab shows it.
        state: ``visible``, ``hidden`` or ``veryHidden``.
        kind: ``worksheet``, or ``chartsheet``/``dialogsheet``/``macrosheet``
            (whose cells are not read: ``rows`` is empty).
        part: the zip member holding the sheet (``xl/worksheets/sheet1.xml``).
        rows: Excel row (1-based) → Excel column (1-based) → :class:`Cell`;
            only rows with at least one non-empty cell, in file order.
        hidden_rows: 1-based rows marked hidden (with or without cells).
        hidden_cols: 1-based columns marked hidden.
        merged: merged ranges as written (``"A1:C1"``).
        dimension: the ``<dimension ref>`` the file claims (``"A1:H1048576"``),
            ``None`` when absent.  Not trusted: see :attr:`last_row`.
        extensions: the ``uri`` of each ``<ext>`` in the sheet's ``extLst``
            (Excel 2010+ features such as x14 data validations and
            conditional formats), in file order; empty for most sheets.
    """

    name: str
    state: str = "visible"
    kind: str = "worksheet"
    part: str | None = None
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    merged: list[str] = field(default_factory=list)
    dimension: str | None = None
    extensions: list[str] = field(default_factory=list)

    def cell(self, row: int, col: int) -> Cell | None:
        """The cell at a 1-based row and column, ``None`` when empty."""
        cells = self.rows.get(row)
        return None if cells is None else cells.get(col)

    def value(self, row: int, col: int) -> Any:
        """The value at a 1-based row and column (cached result for a formula); ``None`` when empty."""
        cells = self.rows.get(row)
        if cells is None:
            return None
        c = cells.get(col)
        return None if c is None else c.value

    def number_format(self, row: int, col: int) -> str | None:
        """The number format of a non-empty cell, ``None`` when empty."""
        c = self.cell(row, col)
        return None if c is None else c.number_format

    @property
    def last_row(self) -> int:
        """The last row holding a non-empty cell (0 for an empty sheet), whatever the dimension claims."""
        return max(self.rows, default=0)

    @property
    def last_col(self) -> int:
        """The last column holding a non-empty cell (0 for an empty sheet)."""
        return max((max(cells) for cells in self.rows.values() if cells), default=0)

    def values(self, row: int) -> list[Any]:
        """Row ``row``'s values as a list, column A at index 0, up to its last non-empty cell."""
        cells = self.rows.get(row)
        if not cells:
            return []
        out: list[Any] = [None] * max(cells)
        for col, c in cells.items():
            out[col - 1] = c.value
        return out


@dataclass
class WorkbookCells:
    """Every sheet of a workbook, in tab order.

    Attributes:
        path: the file read.
        sheets: every sheet (worksheets, chart sheets…) in tab order.
        date1904: the workbook counts dates from 1904-01-01 (old Mac Excel)
            instead of 1899-12-30.
    """

    path: Path
    sheets: list[SheetCells]
    date1904: bool = False

    @property
    def sheet_names(self) -> list[str]:
        """Every sheet name in tab order (hidden sheets included)."""
        return [s.name for s in self.sheets]

    def __getitem__(self, name: str) -> SheetCells:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def get(self, name: str) -> SheetCells | None:
        """The sheet called ``name`` (exact), or ``None``."""
        return next((s for s in self.sheets if s.name == name), None)

    def __iter__(self) -> Iterator[SheetCells]:
        return iter(self.sheets)
