"""Reading an IKI workbook (format v1, :mod:`ikixl.layout`) into :class:`~ikixl.model.IkiWorkbook`.

The reader is forgiving about *where* things are and strict about *what* they
are: tables are found by their header labels (synonyms, NBSP, line breaks,
title rows, extra columns and a ``(1) (2) (3)`` column-number row are all
tolerated), values are typed by :mod:`ikixl.values`, and every value keeps the
Excel address it came from.  Structural problems inside a readable workbook
(a missing sheet, a header not found) never raise: the reader reads what it
can and :mod:`ikixl.check` reports the rest.  Only a file that is not a
readable ``.xlsx`` at all raises :class:`~ikixl.errors.WorkbookError`.

The package is read by the hybrid engine of :mod:`ikixl.fastread` (python-calamine's
values, a large sheet parsed in a second thread, plus a byte scan for the exceptional
cells), or, for what that engine cannot read exactly, by :func:`ikixl.xlsx.read_cells`
(one guarded streaming pass, no spreadsheet library), after :func:`ikixl.safezip.sniff`
has recognised by its bytes a file that is no ``.xlsx`` at all.  Both go through the same
guarded package layer and give the same model.  What is stored
counts, not only what the cell shows: a number in a real percent format
(``0%``, ``0.00%``) is read ×100 in percent points, ikixl's own ``0.00" %"``
is not; a formula in an input cell is noted, with the cached value used, or
as not calculated when the file has no cached value (:data:`ikixl.grids.FORMULA_CHECKED_KINDS`).
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ikixl import layout, values
from ikixl.collector import collector_paused
from ikixl.fastread import Fallback, read_hybrid
from ikixl.files import package_members
from ikixl.grids import (
    SETTING_KINDS_CHECKED,
    EngineFallback,
    FastGrid,
    Grid,
    formula_checked,
    plain_value,
    sheet_info,
    typed,
)
from ikixl.model import IkiWorkbook, LazyFrames, ReadNote, address_letters
from ikixl.safezip import sniff
from ikixl.xlsx import read_cells

#: Calamine value types of plain cells (:func:`ikixl.grids.plain_value`), and the numeric ones.
_PLAIN_KINDS = frozenset({str, float, int, bool})
_NUMBER_KINDS = frozenset({float, int, bool})
#: Column kind → what a text value of that kind reads as, for the kinds where text is never
#: noted (``values.parse_cell``'s value of a ``str``, without building a ``Parsed``).
_TEXT_VALUE = {"code": values.clean_text, "text": values.text_value}
#: Rows searched for a table's header row.
HEADER_SEARCH_ROWS = 30
#: A run of this many blank rows ends a table inside a sheet (blank rows inside
#: a table are skipped; the template's formatted-but-empty rows are blank).
TABLE_GAP_ROWS = 5


# --------------------------------------------------------------------------- matching
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


def match_column(columns: tuple[layout.Column, ...], header: object) -> layout.Column | None:
    """The column whose label or synonym ``header`` is, after
    :func:`~ikixl.layout.normalize_label` (the same rule as ``Column.matches``).

    Also accepts a leading enumerator (``1. Jabatan``), a trailing dot (``No.``),
    a trailing parenthetical the layout does not name (``Target (Jumlah)``) and a
    trailing year (``Target 2024``): :func:`ikixl.layout.header_forms`.
    """
    if not isinstance(header, str) or len(header) > 120:
        return None
    return _match_memo(columns)[header] if header.__class__ is str else _match(columns, header)


def _match(columns: tuple[layout.Column, ...], header: str) -> layout.Column | None:
    index = _label_index(columns)
    for form in layout.header_forms(header):
        column = index.get(form)
        if column is not None:
            return column
    return None


class _MatchMemo(dict):  # type: ignore[type-arg]
    """header text → matched column (or None) for one column tuple."""

    def __init__(self, columns: tuple[layout.Column, ...]) -> None:
        super().__init__()
        self.columns = columns

    def __missing__(self, header: str) -> layout.Column | None:
        column = _match(self.columns, header)
        if len(self) < 1 << 16:
            self[header] = column
        return column


def _match_memo(columns: tuple[layout.Column, ...]) -> _MatchMemo:
    cached = _MATCH_MEMOS.get(id(columns))
    if cached is not None and cached.columns is columns:
        return cached
    if len(_MATCH_MEMOS) > 64:
        _MATCH_MEMOS.clear()
    memo = _MATCH_MEMOS[id(columns)] = _MatchMemo(columns)
    return memo


_MATCH_MEMOS: dict[int, _MatchMemo] = {}


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


def _row_matches(grid: Grid, row: int, columns: tuple[layout.Column, ...]) -> list[tuple[int, layout.Column]]:
    """(1-based column, layout column) of every cell of ``row`` whose text :func:`match_column` matches."""
    memo = _match_memo(columns)  # what match_column looks up, once per row rather than per cell
    found = [(col, memo[v]) for col, v in enumerate(grid.row_texts(row), start=1)
             if isinstance(v, str) and len(v) <= 120]
    return [(col, column) for col, column in found if column is not None]


def _find_header(
    grid: Grid,
    columns: tuple[layout.Column, ...],
    *,
    first_row: int = 1,
    search_rows: int = HEADER_SEARCH_ROWS,
    min_matches: int = 2,
) -> tuple[int, dict[str, int]] | None:
    """The header row of a table (best-matching row) and key → 1-based column."""
    best: tuple[int, dict[str, int]] | None = None
    every = len({c.key for c in columns})
    for row in range(first_row, first_row + search_rows):
        if row not in grid.rows:
            continue
        found: dict[str, int] = {}
        for col, column in _row_matches(grid, row, columns):
            if column.key not in found:
                found[column.key] = col
        if len(found) >= min_matches and (best is None or len(found) > len(best[1])):
            best = (row, found)
            if len(found) == every:  # no later row can match more
                break
    return best


def _table_rows(
    grid: Grid, header_row: int, colmap: dict[str, int], significant: set[str], gap: int | None
) -> list[int]:
    """Excel rows of a table's data: after the header, skipping a column-number row
    and blank rows; a run of ``gap`` blank rows ends the table (None: read to the end)."""
    sig_cols = [c for k, c in colmap.items() if k in significant]
    rows: list[int] = []
    blank = 0
    previous = header_row
    # Only rows holding a cell are visited; the rows between are blank (a sheet
    # formatted down to row 1,048,576 costs nothing).
    candidates = sorted(grid.rows)
    candidates = candidates[bisect.bisect_right(candidates, header_row):]
    # A table read to the end (Realisasi: 240,000 rows in a large office) is judged column-wise.
    filled = grid.any_values(candidates, sig_cols) if gap is None else None
    if filled is not None and None not in filled and False not in filled:
        # Every row holds a value: the table is every row but a leading column-number row.
        first = 0
        while first < len(candidates) and _is_column_number_row(grid.row_values(candidates[first])):
            first += 1
        return candidates[first:]
    for i, row in enumerate(candidates):
        for _ in range(row - previous - 1):
            blank += 1
            if gap is not None and ((rows and blank >= gap) or (not rows and blank >= gap * 4)):
                return rows
        previous = row
        has = filled[i] if filled is not None else None
        if has is None:
            has = grid.any_value(row, sig_cols)
        if has:
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
    """Accumulates typed rows, their addresses and ReadNotes for one model table, column by column.

    Hot path (a Realisasi sheet has 240,000 rows in a large office): with the
    hybrid engine, :meth:`add_rows` types a whole table column by column
    straight from calamine's row lists, once per distinct (type, value) per
    column, since the parsers are pure and a column repeats few distinct values
    (months, choices, small numbers); only the exceptional cells (formulas,
    percent and date formats…) are typed one by one.  Addresses are kept as
    (rows, column letters) runs and built into a frame only when asked for
    (:class:`~ikixl.model.LazyFrames`).
    """

    def __init__(self, name: str, keys: list[str], extra: list[str]) -> None:
        self.name = name
        self.keys = keys
        self.extra = extra
        self.columns: dict[str, list[Any]] = {k: [] for k in keys + extra}
        self.length = 0
        #: address runs: (rows, key → column letters or None) or (None, key → address or None)
        self._addresses: list[tuple[list[int] | None, dict[str, str | None]]] = []
        self._plan_of: tuple[dict[str, int], tuple[layout.Column, ...], list[Any]] | None = None
        self._typed_cache: dict[tuple[Any, ...], tuple[Any, values.Parsed]] = {}
        self._column_cache: dict[str, dict[tuple[type, Any], tuple[Any, values.Parsed]]] = {}
        self._starts: list[int] = []

    def _plan(self, colmap: dict[str, int], columns: tuple[layout.Column, ...]) -> list[Any]:
        """Per column: (key, 1-based column or None, column letters, layout column, formula-checked)."""
        cached = self._plan_of
        if cached is not None and cached[0] is colmap and cached[1] is columns:
            return cached[2]
        plan = []
        for column in columns:
            col = colmap.get(column.key)
            plan.append((column.key, col, layout.column_letter(col) if col else None, column,
                         formula_checked(column)))
        self._plan_of = (colmap, columns, plan)
        return plan

    def append(self, record: dict[str, Any], address: dict[str, str | None]) -> None:
        """One row given whole (a label/value block): values and explicit addresses."""
        for k, out in self.columns.items():
            out.append(record.get(k))
        self._addresses.append((None, address))
        self.length += 1

    def _add_letters(self, rows: list[int], letters: dict[str, str | None]) -> None:
        last = self._addresses[-1] if self._addresses else None
        if last is not None and last[0] is not None and last[1] is letters:
            last[0].extend(rows)
        else:
            self._addresses.append((list(rows), letters))

    def _cell(self, grid: Grid, row: int, col: int, c: Any, key: str, column: layout.Column,
              checked: bool, index: int, notes: list[ReadNote]) -> Any:
        """One cell typed one by one (the reference engine, or an exceptional cell)."""
        cache = self._typed_cache
        if c is not None and checked and c.formula is not None:
            fmt = c.number_format
            raw, parsed, formula_notes = typed(
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
        if parsed.note:
            notes.append(ReadNote(self.name, index, key, parsed.note, raw, parsed.reading or ""))
        return parsed.value

    def add_rows(
        self,
        grid: Grid,
        rows: list[int],
        colmap: dict[str, int],
        columns: tuple[layout.Column, ...],
        notes: list[ReadNote],
        extra: dict[str, Any],
    ) -> None:
        """The table rows ``rows`` (ascending) of ``grid``; ``extra``: constant columns (``row``
        is the Excel row)."""
        self.add_sheets([(grid, rows, colmap, extra)], columns, notes)

    def add_sheets(
        self,
        parts: list[tuple[Grid, list[int], dict[str, int], dict[str, Any]]],
        columns: tuple[layout.Column, ...],
        notes: list[ReadNote],
    ) -> list[int]:
        """:meth:`add_rows` of each ``(grid, rows, colmap, extra)`` in turn, with the same rows,
        values and notes (in the same order); the table position where each part starts.

        Consecutive parts read by the hybrid engine with the same columns (the indicator tables
        of a thousand jabatan sheets) are typed together, column by column.
        """
        starts: list[int] = []
        i = 0
        while i < len(parts):
            grid, rows, colmap, _ = parts[i]
            group = [parts[i]]
            if isinstance(grid, FastGrid):
                while i + len(group) < len(parts) and isinstance(parts[i + len(group)][0], FastGrid) \
                        and parts[i + len(group)][2] == colmap:
                    group.append(parts[i + len(group)])
            i += len(group)
            plan = self._plan(colmap, columns)
            letters = self._letters_of(plan)
            start = self.length
            if isinstance(grid, FastGrid):
                self._add_fast([(g, r) for g, r, _, _ in group if r and isinstance(g, FastGrid)], plan, notes,
                               start)
            else:
                for pos, row in enumerate(rows):
                    cells = grid.rows.get(row) or {}
                    for key, col, _, column, checked in plan:
                        if col is None:
                            self.columns[key].append(None)
                            continue
                        self.columns[key].append(self._cell(grid, row, col, cells.get(col), key, column,
                                                            checked, start + pos, notes))
            for _, part_rows, _, extra in group:
                starts.append(self.length)
                if not part_rows:
                    continue
                n = len(part_rows)
                for k in self.extra:
                    if k == "row" and k not in extra:
                        self.columns[k].extend(part_rows)
                    else:
                        self.columns[k].extend([extra.get(k)] * n)
                self._add_letters(part_rows, letters)
                self.length += n
        return starts

    def _letters_of(self, plan: list[Any]) -> dict[str, str | None]:
        cached = getattr(self, "_letters_cache", None)
        if cached is not None and cached[0] is plan:
            return cached[1]
        letters = {key: letter for key, _, letter, _, _ in plan}
        self._letters_cache = (plan, letters)
        return letters

    def _add_fast(self, segments: list[tuple[FastGrid, list[int]]], plan: list[Any], notes: list[ReadNote],
                  start: int) -> None:
        """Type the rows of each ``(grid, rows)`` in turn (rows ascending, same columns)."""
        rowlists: list[Any] = []
        exc_rows: list[tuple[int, FastGrid, int, dict[int, Any]]] = []
        for grid, rows in segments:
            data, exc = grid.data, grid.exc
            height, offset, n = len(data), len(rowlists), len(rows)
            if rows[-1] - rows[0] + 1 == n and rows[-1] <= height:  # a table without gaps: a slice
                part = data[rows[0] - 1:rows[-1]]
            else:
                part = [data[r - 1] if r <= height else [] for r in rows]
            if len(segments) == 1:
                rowlists = part
            else:
                rowlists.extend(part)
            # Exceptional cells are few: find their rows in the (ascending) table rows.
            for r in sorted(exc):
                i = bisect.bisect_left(rows, r)
                if i < n and rows[i] == r and exc[r]:
                    exc_rows.append((offset + i, grid, r, exc[r]))
        n = len(rowlists)
        sheet_notes: list[tuple[int, int, ReadNote]] = []
        for pos, (key, col, _, column, checked) in enumerate(plan):
            out = self.columns[key]
            if col is None:
                out.extend([None] * n)
                continue
            j = col - 1
            try:
                raw_values = list(map(operator.itemgetter(j), rowlists))
            except IndexError:
                raw_values = [r[j] if j < len(r) else "" for r in rowlists]
            excepted: dict[int, tuple[FastGrid, int, Any]] = {}
            for i, grid, row, cells in exc_rows:
                c = cells.get(col)
                if c is not None:
                    excepted[i] = (grid, row, c)
                    raw_values[i] = ""  # calamine's value of an exceptional cell is not used
            typed_of = self._column_cache.setdefault(key, {})
            lookup: dict[Any, Any] = {}
            noted: set[Any] = set()
            by_value = True
            text_value = _TEXT_VALUE.get(column.kind)
            blank = typed_of.get((str, ""))
            if blank is None:
                blank = typed_of[(str, "")] = (None, values.parse_cell(column, None, None))
            if not blank[1].note and raw_values.count("") == len(raw_values):
                # A column left empty (computed columns before compute, Penyebut…): one value.
                memo_keys: list[Any] = raw_values
                lookup[""] = blank[1].value
            elif text_value is not None and set(map(type, raw_values)) == {str}:
                # Text in a text or code column: typed without a note, distinct values once.
                memo_keys = raw_values
                lookup = {v: text_value(v) for v in dict.fromkeys(raw_values)}
            else:
                # Each distinct value is typed once.  Values are told apart by (type, value): 1,
                # 1.0 and True are equal in Python.  When the column holds text and at most one
                # kind of number, no two distinct values are equal, so the value alone is the
                # key (no tuple per cell).
                kinds = set(map(type, raw_values))
                by_value = kinds <= _PLAIN_KINDS and len(kinds & _NUMBER_KINDS) <= 1
                memo_keys = (raw_values if by_value
                             else list(zip(map(type, raw_values), raw_values, strict=True)))
                for k in dict.fromkeys(memo_keys):
                    memo = (k.__class__, k) if by_value else k
                    hit = typed_of.get(memo)
                    if hit is None:
                        v = memo[1]
                        raw = None if v == "" else plain_value(v)
                        hit = typed_of[memo] = (raw, values.parse_cell(column, raw,
                                                                       None if v == "" else "General"))
                    lookup[k] = hit[1].value
                    if hit[1].note:
                        noted.add(k)
            parsed_values = ([lookup[""]] * len(memo_keys) if len(lookup) == 1 and "" in lookup
                             else list(map(lookup.__getitem__, memo_keys)))
            for i, (grid, row, c) in excepted.items():
                cell_notes: list[ReadNote] = []
                parsed_values[i] = self._cell(grid, row, col, c, key, column, checked, start + i, cell_notes)
                sheet_notes.extend((i, pos, note) for note in cell_notes)
            if noted:
                for i, m in enumerate(memo_keys):
                    if m in noted and i not in excepted:
                        raw, parsed = typed_of[(m.__class__, m) if by_value else m]
                        sheet_notes.append((i, pos, ReadNote(self.name, start + i, key, parsed.note, raw,
                                                             parsed.reading or "")))
            out.extend(parsed_values)
        sheet_notes.sort(key=lambda t: (t[0], t[1]))  # row by row, as the cells are read
        notes.extend(note for _, _, note in sheet_notes)

    def address(self, index: Any, key: str) -> str | None:
        """The address of row ``index`` (0-based position), column ``key``, without a frame."""
        if key not in self.columns or key in self.extra:
            return None
        if not 0 <= index < self.length:
            raise KeyError(index)
        starts = self._starts
        if len(starts) != len(self._addresses):
            starts.clear()
            at = 0
            for run_rows, _ in self._addresses:
                starts.append(at)
                at += 1 if run_rows is None else len(run_rows)
        run = bisect.bisect_right(starts, index) - 1
        run_rows, letters = self._addresses[run]
        if run_rows is None:
            return letters.get(key)
        letter = letters.get(key)
        return letter + str(run_rows[index - starts[run]]) if letter else None

    def letters(self, key: str) -> list[str | None] | None:
        """The column letters of column ``key``'s address in every row (None where it has none),
        without building an address per row; None when the cells frame has no column ``key``."""
        if key not in self.keys:
            return None
        out: list[str | None] = []
        for run_rows, letters in self._addresses:
            if run_rows is None:
                out.append(address_letters(letters.get(key)))
            else:
                out.extend([letters.get(key) or None] * len(run_rows))
        return out

    def frames(self, index: list[Any] | None = None) -> tuple[Any, Any]:
        """(data frame, a callable building the cells frame)."""
        import numpy as np
        import pandas as pd

        idx = index if index is not None else pd.RangeIndex(self.length)
        names = self.keys + self.extra
        # One object array per column, taken as they are (a dict of lists would be converted
        # and then copied into one block: twice the time for 240,000 Realisasi rows).
        data = pd.DataFrame({k: np.fromiter(self.columns[k], dtype=object, count=self.length) for k in names},
                            index=idx, columns=names, dtype=object, copy=False)
        keys, runs = self.keys, self._addresses

        def cells() -> Any:
            columns: dict[str, list[Any]] = {k: [] for k in keys}
            for run_rows, letters in runs:
                if run_rows is None:
                    for k in keys:
                        columns[k].append(letters.get(k))
                    continue
                texts = [str(r) for r in run_rows]
                for k in keys:
                    letter = letters.get(k)
                    columns[k].extend([letter + t for t in texts] if letter else [None] * len(texts))
            return pd.DataFrame(columns, index=idx, columns=keys, dtype=object)

        return data, cells


@functools.lru_cache(maxsize=4096)
def _has_pengaturan_header(grid: Grid) -> bool:
    """Whether the sheet has the Pengaturan sheet's header row (``Pengaturan | Nilai | Keterangan``,
    :data:`layout.PENGATURAN_HEADERS`, where the template writes it): a Pengaturan sheet renamed."""
    row, first = layout.PENGATURAN_HEADER_ROW, layout.PENGATURAN_LABEL_COL
    if row not in grid.rows:
        return False
    return all(
        layout.normalize_label(grid.value(row, first + i)) == layout.normalize_label(label)
        for i, label in enumerate(layout.PENGATURAN_HEADERS)
    )


def _is_reserved(title: str) -> str | None:
    folded = layout.normalize_label(title)
    for name in layout.RESERVED_SHEETS:
        if layout.normalize_label(name) == folded:
            return name
    return None


def _label_values(
    grid: Grid, columns: tuple[layout.Column, ...], last_row: int
) -> dict[str, tuple[int, int]]:
    """Label/value block: key → (row, value column) for every label found above ``last_row``.

    The value is in the cell right of the label, or one further when that cell is a lone ``:``.
    """
    found: dict[str, tuple[int, int]] = {}
    for row in range(1, last_row + 1):
        if row not in grid.rows:
            continue
        for col, column in _row_matches(grid, row, columns):
            if column.key in found:
                continue
            value_col = col + 1
            if isinstance(grid.value(row, value_col), str) and grid.value(row, value_col).strip() == ":":
                value_col += 1
            found[column.key] = (row, value_col)
    return found


def read_workbook(
    path: str | Path,
    *,
    check_here: bool = True,
    on_large_part: Callable[[str, bytes], object] | None = None,
) -> IkiWorkbook:
    """Read an IKI workbook (format v1) into the typed model.

    Args:
        path: an ``.xlsx`` (or ``.xlsm``) file.
        check_here: this process checks the model next, so the structure checks' library
            (pandera, 0.3 s to import) is imported while a large sheet is still being parsed;
            False when the check runs elsewhere (``ikixl compute`` checks in a copy of the
            process, :mod:`ikixl.beside`), which then imports it there.
        on_large_part: called with each worksheet part large enough to be parsed in a second
            thread (:data:`ikixl.fastread.PARALLEL_MIN_BYTES`) as ``(zip member, its bytes)``,
            inflated and checked, so that a caller that needs the part too (``ikixl compute``'s
            write) does not inflate it again; not called when the expat engine reads the file.

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
    members = package_members(path)  # before reading: a save while it reads shows as a change
    # Millions of values, hundreds of thousands of row lists, none in a reference cycle: the
    # cyclic collector waits until the model is built (ikixl.collector).
    with collector_paused():
        try:
            wb = _read_workbook(path, "hybrid", check_here, on_large_part)
        except (Fallback, EngineFallback):
            wb = _read_workbook(path, "expat", check_here)
    wb.source_members = members
    return wb


def _read_workbook(
    path: Path,
    engine: str,
    check_here: bool = True,
    on_large_part: Callable[[str, bytes], object] | None = None,
) -> IkiWorkbook:
    """:func:`read_workbook` with one engine: ``hybrid`` (:mod:`ikixl.fastread`; raises
    :class:`~ikixl.fastread.Fallback` or :class:`EngineFallback` when it cannot read the
    file exactly) or ``expat`` (:func:`ikixl.xlsx.read_cells`, the reference)."""
    if engine == "hybrid":
        with read_hybrid(path, on_large_part=on_large_part) as hybrid:
            if check_here:
                hybrid.while_waiting.append(_import_schema)
            # Each grid is built when first read: a large sheet's values may still be on their way.
            return _read_grids(path, hybrid, _LazyGrids(
                [s.name for s in hybrid.sheets if s.kind == "worksheet"],
                lambda name: FastGrid(hybrid.sheet(name), hybrid.values(name), hybrid.date1904)))
    book = read_cells(path)
    return _read_grids(path, book,
                       {s.name: Grid(s, book.date1904) for s in book.sheets if s.kind == "worksheet"})


def _import_schema() -> None:
    """Import :mod:`ikixl.schema` (pandera: 0.3 s), which checking the model read needs next, while
    a large sheet is still being parsed in the second thread and this one would wait idle."""
    try:
        import ikixl.schema  # noqa: F401
    except ImportError:  # pragma: no cover - a dependency; check reports it when it imports it
        pass


class _LazyGrids(Mapping[str, Grid]):
    """Worksheet name → :class:`Grid`, in tab order, each built on first access."""

    def __init__(self, names: list[str], build: Callable[[str], Grid]) -> None:
        self._names = dict.fromkeys(names)
        self._build = build
        self._grids: dict[str, Grid] = {}

    def __getitem__(self, name: str) -> Grid:
        grid = self._grids.get(name)
        if grid is None:
            if name not in self._names:
                raise KeyError(name)
            grid = self._grids[name] = self._build(name)
        return grid

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _read_grids(path: Path, book: Any, grids: Mapping[str, Grid]) -> IkiWorkbook:
    """The model from every worksheet's grid (``book``: the engine's sheets, in tab order)."""
    sheet_names = book.sheet_names
    notes: list[ReadNote] = []
    missing: dict[str, list[str]] = {}
    cells = LazyFrames()

    # ---- Pengaturan (or, when no sheet is so named, one renamed that still has its header row)
    pengaturan_title = next((t for t in grids if _is_reserved(t) == layout.SHEET_PENGATURAN), None)
    if pengaturan_title is None:
        pengaturan_title = next(
            (t for t in grids if not _is_reserved(t) and _has_pengaturan_header(grids[t])), None
        )
    pengaturan, pengaturan_cells, predikat, predikat_cells = _read_pengaturan(
        grids.get(pengaturan_title) if pengaturan_title else None, notes, missing
    )
    cells["pengaturan"] = pengaturan_cells
    cells.lazy("predikat", *predikat_cells)

    # ---- jabatan sheets
    jab = _TableBuilder("jabatan", [c.key for c in layout.JABATAN_FIELDS], ["sheet"])
    ind = _TableBuilder(
        "indikator", [c.key for c in layout.INDIKATOR_COLUMNS], ["kode_jabatan", "sheet", "row"]
    )
    jabatan_sheets: list[str] = []
    significant = {c.key for c in layout.INDIKATOR_COLUMNS if c.key != "no"}
    # The indicator tables are typed together after the loop; their notes go where each
    # sheet's would have been appended (at these positions of ``notes``).
    tables: list[tuple[Grid, list[int], dict[str, int], dict[str, Any]]] = []
    marks: list[int] = []
    for title in sheet_names:
        if title not in grids or _is_reserved(title):  # the Realisasi grid may still be on its way
            continue
        grid = grids[title]
        if _has_pengaturan_header(grid):  # Pengaturan renamed, or a copy ("Pengaturan (2)"): no jabatan form
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
        jab_index = jab.length
        for column in layout.JABATAN_FIELDS:
            if column.key not in fields:
                record[column.key] = None
                address[column.key] = None
                continue
            row, col = fields[column.key]
            fmt = grid.number_format(row, col)
            raw, parsed, formula_notes = typed(
                grid, row, col, lambda v, c=column, f=fmt: values.parse_cell(c, v, f),
                formula_checked(column),
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
        jab.append(record, address)
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
        tables.append((grid, _table_rows(grid, header_row, colmap, significant, TABLE_GAP_ROWS), colmap,
                       {"kode_jabatan": record["kode_jabatan"], "sheet": title}))
        marks.append(len(notes))
    table_notes: list[ReadNote] = []
    starts = ind.add_sheets(tables, layout.INDIKATOR_COLUMNS, table_notes)
    notes[:] = _spliced(notes, marks, starts, table_notes)
    jabatan, jabatan_cells = jab.frames()
    cells.lazy("jabatan", jabatan_cells, jab.address, jab.letters)
    indikator, indikator_cells = ind.frames()
    cells.lazy("indikator", indikator_cells, ind.address, ind.letters)

    # ---- what the model keeps of every sheet: the Realisasi sheet's last (it may still be on its way)
    realisasi_title = next((t for t in grids if _is_reserved(t) == layout.SHEET_REALISASI), None)
    infos = [None if s.name == realisasi_title
             else sheet_info(s, grids.get(s.name) if s.kind == "worksheet" else None)
             for s in book.sheets]

    # ---- Realisasi
    real = _TableBuilder("realisasi", [c.key for c in layout.REALISASI_COLUMNS], ["sheet", "row"])
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
            real.add_rows(grid, _table_rows(grid, header_row, colmap, significant, None), colmap,
                          layout.REALISASI_COLUMNS, notes, {"sheet": realisasi_title})
    realisasi, realisasi_cells = real.frames()
    cells.lazy("realisasi", realisasi_cells, real.address, real.letters)

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
        sheets=[info or sheet_info(s, grids.get(s.name)) for s, info in zip(book.sheets, infos, strict=True)],
    )


def _spliced(notes: list[ReadNote], marks: list[int], starts: list[int],
             table_notes: list[ReadNote]) -> list[ReadNote]:
    """``notes`` with ``table_notes`` (sorted by table index) inserted: the notes of the part
    starting at table index ``starts[k]`` at position ``marks[k]``."""
    if not table_notes:
        return notes
    out: list[ReadNote] = []
    done = taken = 0
    for k, mark in enumerate(marks):
        out.extend(notes[done:mark])
        done = mark
        end = starts[k + 1] if k + 1 < len(starts) else None
        while taken < len(table_notes) and (end is None or table_notes[taken].index < end):
            out.append(table_notes[taken])
            taken += 1
    out.extend(notes[done:])
    out.extend(table_notes[taken:])
    return out


def _read_pengaturan(
    grid: Grid | None, notes: list[ReadNote], missing: dict[str, list[str]]
) -> tuple[Any, Any, Any, Any]:
    """The settings block and the predikat table (empty frames when the sheet is absent)."""
    import pandas as pd

    keys = [s.key for s in layout.SETTINGS]
    pred = _TableBuilder("predikat", [c.key for c in layout.PREDIKAT_COLUMNS], ["sheet"])
    if grid is None:
        settings_frame = pd.DataFrame(columns=["key", "label", "value", "sheet"], dtype=object)
        settings_cells = pd.DataFrame(columns=["value"], dtype=object)
        predikat, predikat_cells = pred.frames()
        return settings_frame, settings_cells, predikat, (predikat_cells, pred.address)

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
        raw, parsed, formula_notes = typed(
            grid, row, col, lambda v, st=setting, f=fmt: values.parse_setting(st, v, f),
            setting.kind in SETTING_KINDS_CHECKED,
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
        pred.add_rows(grid, _table_rows(grid, header_row, colmap, significant, 1), colmap,
                      layout.PREDIKAT_COLUMNS, notes, {"sheet": grid.title})
    predikat, predikat_cells = pred.frames()
    return settings_frame, settings_cells, predikat, (predikat_cells, pred.address)
