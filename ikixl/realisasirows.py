"""Find and rewrite the computed cells of the Realisasi sheet's rows, as byte edits.

:class:`RealisasiRows` serves :func:`ikixl.realisasipatch.plan_realisasi` row by row.  A large
Realisasi sheet has 240,000 rows, so it has three ways of handling a row, fastest first:

* **scanned** (:meth:`RealisasiRows.scan`, :meth:`RealisasiRows.write_scanned`): three
  regular-expression passes over the whole ``sheetData`` find, for every row at once, the run of
  computed cells in its plain shape (every computed cell present and addressed, holding nothing
  but a value or an inline string: no formula, no rich text), the Kode Indikator cell holding a
  shared string and the Realisasi cell holding a number or nothing.  Such a row needs no search
  of its own, and is found by the addresses of its cells, as the reader found its values;
* **by address** (:meth:`RealisasiRows.locate` + :meth:`RealisasiRows.rebuild`): when the row's
  cells all carry addresses, the cells ikixl needs are found with substring searches and the
  computed cells (contiguous columns) replaced in one splice;
* **cell by cell**: any other row is parsed cell by cell.

All three write the same bytes for the same row (tests/test_write_paths.py holds them to it).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from ikixl import layout
from ikixl.formatting import excel_value
from ikixl.sheetpatch import SheetPatch, cell_xml, col_letters, col_number, number_text
from ikixl.stylepatch import StylesPatch
from ikixl.values import clean_text
from ikixl.xmlbytes import text_of, unescape

__all__ = [
    "COMPUTED_KEYS",
    "RECORDED",
    "RECORDED_INDEX",
    "Raw",
    "PackedScan",
    "RealisasiRows",
    "Survey",
    "cell_text",
    "range_box",
    "recorded_copy",
]

#: The computed column that keeps a copy of the row's Realisasi.
RECORDED = "realisasi_dihitung"
#: The computed columns' keys, in layout order (the order of a row's values).
COMPUTED_KEYS = [c.key for c in layout.REALISASI_COMPUTED_COLUMNS]
RECORDED_INDEX = COMPUTED_KEYS.index(RECORDED)

_INF = float("inf")
#: The style of a computed cell the row does not have (beside None or b"": a cell without s).
_ABSENT = b"absent"
#: Text that needs no escaping in XML nor in OOXML (no & < >, no control characters, no "_x").
_PLAIN_TEXT = re.compile(r"[&<>\x00-\x1f\ufffe\uffff]|_x")


def cell_text(patch: SheetPatch, start: int, end: int, strings: Sequence[str]) -> str | None:
    """A cell's value as text (shared and inline strings resolved), or None when empty."""
    kind, value, inline, _ = patch.value_at(start, end)
    if kind == b"s" and value:
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            return None
    if kind == b"inlineStr":
        return text_of(inline) if inline is not None else None
    return unescape(value) if value is not None else None


@dataclass(frozen=True)
class Raw:
    """A number written exactly as it was stored (no float round trip)."""

    text: bytes


def recorded_copy(patch: SheetPatch, span: tuple[int, int] | None, strings: Sequence[str]) -> Any:
    """The value to keep in *Realisasi Saat Dihitung*: the Realisasi cell's value as stored
    (its cached value for a formula), so that Excel can compare the two exactly."""
    if span is None:
        return None
    kind, value, inline, _ = patch.value_at(*span)
    if kind == b"n":
        return Raw(value) if value else None
    if kind in (b"s", b"inlineStr", b"str"):
        return cell_text(patch, span[0], span[1], strings)
    if kind == b"b" and value:
        return value.strip() in (b"1", b"true")
    return None  # an error value or a date: nothing comparable


def computed_cell(prefix: bytes, ref: str, style: int, value: Any) -> bytes:
    """A computed cell from a model value (Decimal, numpy scalar, blank…: :func:`excel_value`),
    or from a number copied as it was stored (:class:`Raw`)."""
    if isinstance(value, Raw):
        head = b"<" + prefix + b'c r="' + ref.encode() + b'"' + (b' s="%d"' % style if style else b"")
        return head + b"><" + prefix + b"v>" + value.text + b"</" + prefix + b"v></" + prefix + b"c>"
    return cell_xml(prefix, ref, style, excel_value(value))


def range_box(ref: bytes) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``(top row, left column), (bottom row, right column)`` of a range such as ``b"H5:J9"``."""
    m = re.fullmatch(rb"\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?", ref.strip())
    if m is None:
        return None
    c1, r1 = col_number(m.group(1)), int(m.group(2))
    c2, r2 = (col_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    return (min(r1, r2), min(c1, c2)), (max(r1, r2), max(c1, c2))


class _CellPlan:
    """How one computed cell is written in the rows whose cells share their styles."""

    __slots__ = ("col", "empty", "existing", "filled", "head", "index", "number_format", "present")

    def __init__(
        self, head: bytes, empty: bytes, index: int, present: bool, col: int, existing: int,
        number_format: str | None,
    ) -> None:
        self.head = head  # <c r=" and the column's letters
        self.empty = empty  # what follows the row number of the cell left empty
        self.index = index  # of its value among the row's computed values
        self.present = present  # whether the row has the cell
        self.col, self.existing, self.number_format = col, existing, number_format
        self.filled: tuple[bytes, bytes, int] | None = None  # RealisasiRows._filled


@dataclass
class ComputedRows:
    """The computation's Realisasi rows, as the writer needs them.

    Attributes:
        position: Excel row → position in the lists below.
        kodes: the Kode Indikator each row was computed for (stripped text; ``""`` when none).
        columns: the values of each computed column (layout order, :data:`COMPUTED_KEYS`), as
            the model holds them (Decimal, str, None…).
    """

    position: dict[int, int]
    kodes: list[str]
    columns: list[list[Any]]

    def row_values(self, pos: int) -> list[Any]:
        """The computed values of the row at ``pos``, in layout order."""
        return [column[pos] for column in self.columns]


@dataclass
class _Scan:
    """What the passes over the whole sheetData found, by row number: the run of computed cells
    ``(start, end, the s of each cell or None)``, the shared string index of the Kode Indikator,
    the number in the Realisasi cell (``b""``: empty)."""

    blocks: dict[int, tuple[int, int, tuple[bytes | None, ...]]]
    kodes: dict[int, int]
    realisasi: dict[int, bytes]

    @classmethod
    def unpacked(cls, packed: PackedScan) -> _Scan:
        """The scan from the flat arrays :meth:`RealisasiRows._passes` found (a row number
        found twice: its last)."""
        hads = map(packed.styles.__getitem__, packed.kinds)
        return cls(
            dict(zip(packed.numbers, zip(packed.starts, packed.ends, hads, strict=True), strict=True)),
            dict(zip(packed.kode_rows, packed.kode_strings, strict=True)),
            dict(zip(packed.realisasi_rows, packed.realisasi_values, strict=True)),
        )


class PackedScan(NamedTuple):
    """:class:`_Scan` as flat arrays, as the passes find it (:meth:`RealisasiRows._passes`):
    they pickle and unpickle in milliseconds, where a dict of tuples of 48,000 rows takes a tenth
    of a second each way."""

    numbers: array[int]
    starts: array[int]
    ends: array[int]
    kinds: array[int]
    styles: list[tuple[bytes | None, ...]]
    kode_rows: array[int]
    kode_strings: array[int]
    realisasi_rows: array[int]
    realisasi_values: list[bytes]


class Survey(NamedTuple):
    """What :meth:`RealisasiRows.survey` finds before the computed values are known: whether
    every cell carries its address, and the scan (None: the rows take the slower ways)."""

    all_addressed: bool
    scan: PackedScan | None


class RealisasiRows:
    """Finds and rewrites the computed cells of Realisasi rows (module docstring).

    Args:
        patch: the Realisasi part.
        owned: column → computed column of the layout, for every computed column.
        kode_col, realisasi_col: the columns of Kode Indikator and Realisasi (None: absent).
        styles: the styles part, for the number formats of computed cells (None: only for
            :meth:`survey`).
        strings: the shared strings.
        sheet: the sheet's name, for messages.
        surveyed: what :meth:`survey` found in the same part (then it is not looked for again).
    """

    def __init__(
        self,
        patch: SheetPatch,
        owned: dict[int, layout.Column],
        kode_col: int | None,
        realisasi_col: int | None,
        styles: StylesPatch | None,
        strings: Sequence[str],
        sheet: str,
        surveyed: Survey | None = None,
    ) -> None:
        self.patch = patch
        self.owned = dict(sorted(owned.items()))
        self.kode_col, self.realisasi_col = kode_col, realisasi_col
        self.styles = styles
        self.strings = strings
        self.sheet = sheet
        self.column_styles = patch.column_styles()
        self.letters = {col: col_letters(col) for col in {*owned, kode_col or 0, realisasi_col or 0} if col}
        self.first, self.last = min(owned), max(owned)
        self.contiguous = list(self.owned) == list(range(self.first, self.last + 1))
        self.index = [(col, COMPUTED_KEYS.index(c.key), c.number_format) for col, c in self.owned.items()]
        self.problems: list[str] = []
        p = patch.prefix
        self._addressed = b"<" + p + b'c r="'
        self._heads = {col: self._addressed + letters.encode() for col, letters in self.letters.items()}
        self._owned_heads = [self._heads[col] for col in self.owned]
        self._cell_starts = (b"<" + p + b"c ", b"<" + p + b"c>", b"<" + p + b"c/")
        self._c = b"<" + p + b"c"
        # Excel, LibreOffice, openpyxl and XlsxWriter all write a cell's s right after its r.
        self._block_cell = re.compile(b"<" + re.escape(p) + rb'c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?')
        self._formula = b"<" + p + b"f"
        self._shared = re.compile(
            b"<"
            + re.escape(p)
            + rb'c r="[A-Z]{1,3}[0-9]+"(?: s="[0-9]+")? t="s"><'
            + re.escape(p)
            + rb"v>([0-9]+)<"
        )
        self._styles: dict[tuple[int, int, str | None], int] = {}
        self._plan = [
            (col, index, number_format, self._heads[col], self.letters[col].encode())
            for col, index, number_format in self.index
        ]
        self._row_plans: dict[tuple[bytes | None, ...], list[_CellPlan]] = {}
        self._v = p + b"v>"
        self._v_end = b"</" + p + b"v></" + p + b"c>"
        self._t_end = b"</" + p + b"t></" + p + b"is></" + p + b"c>"
        self._kode_texts: dict[int, str] = {}
        self._scan: _Scan | None = None
        self._surveyed = surveyed is not None
        if surveyed is None:
            _start, body, end = patch.sheet_data
            self._all_addressed = self._addressed_only(body, end)  # one pass: then no row needs checking
        else:
            self._all_addressed = surveyed.all_addressed
            self._scan = None if surveyed.scan is None else _Scan.unpacked(surveyed.scan)

    @classmethod
    def survey(
        cls,
        patch: SheetPatch,
        owned: dict[int, layout.Column],
        kode_col: int | None,
        realisasi_col: int | None,
    ) -> Survey:
        """What can be found in the part before the computed values are known (the arguments
        as for the class): whether every cell carries its address, and the scan (:meth:`scan`)."""
        rows = cls(patch, owned, kode_col, realisasi_col, None, (), "")
        return Survey(rows._all_addressed, rows._passes())

    # ------------------------------------------------------------------ the scan
    def scan(self) -> None:
        """Run the passes over the whole sheetData (module docstring).  Only for a sheet whose
        cells all carry addresses and whose computed columns are contiguous; otherwise every row
        takes a slower way.  Nothing to do when the part was surveyed (then it was done there)."""
        if self._surveyed:
            return
        found = self._passes()
        if found is not None:
            self._scan = _Scan.unpacked(found)

    def _passes(self) -> PackedScan | None:
        """The passes over the whole sheetData, as :class:`PackedScan` (what a survey sends back
        as it is); None where they do not apply (:meth:`scan`)."""
        if not (self._all_addressed and self.contiguous):
            return None
        patch, data = self.patch, self.patch.data
        p = re.escape(patch.prefix)
        _start, body, end = patch.sheet_data
        value = b"<" + p + rb"v>[^<]*</" + p + b"v>"
        inline = b"<" + p + b"is><" + p + rb't(?: xml:space="preserve")?>[^<]*</' + p + b"t></" + p + b"is>"
        cell_rest = (
            rb'(?:/>|(?: t="(?:n|s|b|e|str)")?>' + value + b"</" + p + rb'c>| t="inlineStr">'
            + inline + b"</" + p + b"c>)"
        )
        pattern = b""
        for i, col in enumerate(self.owned):
            address = b"(?P<row>[1-9][0-9]*)" if i == 0 else b"(?P=row)"
            head = b"<" + p + b'c r="' + self.letters[col].encode()
            pattern += head + address + rb'"(?: s="([0-9]+)")?' + cell_rest
        styles: dict[tuple[bytes | None, ...], int] = {}
        numbers, starts, ends, kinds = array("q"), array("q"), array("q"), array("q")
        kind_of = styles.setdefault
        for m in re.compile(pattern).finditer(data, body, end):
            groups = m.groups()
            numbers.append(int(groups[0]))
            starts.append(m.start())
            ends.append(m.end())
            kinds.append(kind_of(groups[1:], len(styles)))
        # Cells are found by their address, as the reader found them (a row number is written
        # without leading zeros: one that is not takes a slower way).
        kode_rows, kode_strings = array("q"), array("q")
        if self.kode_col:
            kode = re.compile(
                b"<" + p + b'c r="' + self.letters[self.kode_col].encode()
                + rb'([1-9][0-9]*)"(?: s="[0-9]+")? t="s"><' + p + rb"v>([0-9]+)</" + p + b"v></" + p + b"c>"
            )
            for row, index in kode.findall(data, body, end):
                kode_rows.append(int(row))
                kode_strings.append(int(index))
        realisasi_rows, realisasi_values = array("q"), []
        if self.realisasi_col:
            number = re.compile(
                b"<" + p + b'c r="' + self.letters[self.realisasi_col].encode()
                + rb'([1-9][0-9]*)"(?: s="[0-9]+")?(?:/>|(?: t="n")?>(?:<' + p + rb"v>([^<]*)</" + p
                + b"v>)?</" + p + b"c>)"
            )
            found = number.findall(data, body, end)
            realisasi_rows.extend(int(row) for row, _ in found)
            realisasi_values = [raw for _, raw in found]  # b"": empty
        return PackedScan(
            numbers, starts, ends, kinds, list(styles),
            kode_rows, kode_strings, realisasi_rows, realisasi_values,
        )

    def write_scanned(
        self, spans: Sequence[tuple[int, int, int, int]], computed: ComputedRows
    ) -> tuple[set[int], list[tuple[int, str, str]]]:
        """Write the computed cells of every computed row the scan found whole (as splices of
        the part, :meth:`SheetPatch.splice`).

        Returns:
            ``(the rows handled, the rows whose Kode Indikator is no longer the one computed for
            as (row, text found, text expected))``; every other row takes a slower way.
        """
        scan = self._scan
        if scan is None:
            return set(), []
        blocks, kodes, found_realisasi = scan.blocks, scan.kodes, scan.realisasi
        position, expected_kodes = computed.position, computed.kodes
        check_kode = self.kode_col is not None
        realisasi_head = self._heads[self.realisasi_col] if self.realisasi_col else None
        strings, texts = self.strings, self._kode_texts
        data = self.patch.data
        close_length = len(self.patch.row_close)
        handled: set[int] = set()
        mismatches: list[tuple[int, str, str]] = []
        splices: list[tuple[int, int, bytes]] = []
        block_of = self._block
        rows_values = list(zip(*computed.columns, strict=True))
        for number, _start, body, end in spans:
            pos = position.get(number)
            if pos is None:
                continue
            block = blocks.get(number)
            if block is None:
                continue
            a, b, hads = block
            close = end - close_length if body != end else body
            if a < body or b > close:
                continue
            expected = expected_kodes[pos]
            if check_kode and expected:
                index = kodes.get(number)
                if index is None:
                    continue
                text = texts.get(index)
                if text is None:
                    if index >= len(strings):
                        continue
                    text = texts[index] = clean_text(strings[index]) or ""  # as the reader reads a code
                if text != expected:
                    mismatches.append((number, text, expected))
                    handled.add(number)
                    continue
            num = b"%d" % number
            recorded: Raw | None = None
            if realisasi_head is not None:
                raw = found_realisasi.get(number)
                if raw is None:
                    if data.find(realisasi_head + num + b'"', body, close) >= 0:
                        continue  # a Realisasi cell of another kind (text, formula…)
                elif raw:
                    recorded = Raw(raw)
            values = list(rows_values[pos])
            values[RECORDED_INDEX] = recorded
            splices.append((a, b, block_of(num, hads, values)))
            handled.add(number)
        self.patch.splice(splices)
        return handled, mismatches

    # ------------------------------------------------------------------ finding
    def _addressed_only(self, body: int, close: int) -> bool:
        """Whether every cell between ``body`` and ``close`` carries its address."""
        data = self.patch.data
        addressed = data.count(self._addressed, body, close)
        # Every element starting with "<c" (cells; rich-text runs hold <charset>, <color>…) addressed:
        # then so is every cell, found in two passes instead of four.
        if data.count(self._c, body, close) == addressed:
            return True
        return sum(data.count(start, body, close) for start in self._cell_starts) == addressed

    def locate(self, span: tuple[int, int, int, int]) -> tuple[dict[int, tuple[int, int]], bool]:
        """(column → span of the kode, realisasi and computed cells present, found by address)."""
        number, _start, body, _end = span
        patch = self.patch
        close = patch.content_end(span)
        if self.contiguous and (self._all_addressed or self._addressed_only(body, close)):
            data = patch.data
            tail = str(number).encode() + b'"'
            found: dict[int, tuple[int, int]] = {}
            for col in (self.kode_col, self.realisasi_col):
                if col:
                    at = data.find(self._heads[col] + tail, body, close)
                    if at >= 0:
                        found[col] = (at, patch.cell_end(at))
            return found, True
        return {c.col: (c.start, c.end) for c in patch.cells(body, close) if c.col in self.letters}, False

    def text(self, span: tuple[int, int] | None) -> str | None:
        """A found cell's text (a shared string read without parsing the cell)."""
        if span is None:
            return None
        m = self._shared.match(self.patch.data, span[0], span[1])
        if m is not None:
            index = int(m.group(1))
            if index < len(self.strings):
                return self.strings[index]
        return cell_text(self.patch, span[0], span[1], self.strings)

    def has_computed(
        self, span: tuple[int, int, int, int], found: dict[int, tuple[int, int]], by_address: bool
    ) -> bool:
        """Whether a row holds any computed cell."""
        if not by_address:
            return any(col in found for col in self.owned)
        data, close = self.patch.data, self.patch.content_end(span)
        tail = str(span[0]).encode() + b'"'
        return any(data.find(head + tail, span[2], close) >= 0 for head in self._owned_heads)

    # ------------------------------------------------------------------ writing
    def _cell_plan(self, col: int, index: int, number_format: str | None, had: bytes | None) -> _CellPlan:
        """How the cell of column ``col`` is written in rows whose existing cell there had style
        ``had`` (:data:`_ABSENT`: no cell; None or ``b""``: no s attribute)."""
        if had is _ABSENT:
            existing = self.column_styles.get(col, 0)
        else:
            existing = int(had) if had else 0
        return _CellPlan(
            self._heads[col], b'" s="%d"' % existing if existing else b'"', index, had is not _ABSENT, col,
            existing, number_format,
        )

    def _filled(self, cell: _CellPlan) -> tuple[bytes, bytes, int]:
        """What follows the row number of ``cell`` holding a value: ``(… with a number, … with an
        inline string up to its text, its style)``; the style for the column's number format is
        added to the workbook the first time a cell needs it (as on the other ways)."""
        style = self._style(cell.col, cell.existing, cell.number_format, True)
        attribute = b'" s="%d"' % style if style else b'"'
        p = self.patch.prefix
        cell.filled = (attribute + b"><", attribute + b' t="inlineStr"><' + p + b"is><" + p + b"t>", style)
        return cell.filled

    def _style(self, col: int, existing: int, number_format: str | None, value: Any) -> int:
        if not number_format or value is None:
            return existing
        key = (col, existing, number_format)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.styles.with_format(existing, number_format)
        return style

    def _block(self, num: bytes, hads: tuple[bytes | None, ...], row_values: Sequence[Any]) -> bytes:
        """The computed cells of row ``num`` set to ``row_values`` (layout order); ``hads``: the
        style each existing cell had, in column order (:data:`_ABSENT`: no cell; None or ``b""``:
        no s attribute)."""
        plan = self._row_plans.get(hads)
        if plan is None:  # rows mostly share their cells' styles: one plan for all of them
            plan = self._row_plans[hads] = [
                self._cell_plan(col, index, number_format, had)
                for (col, index, number_format, _head, _letters), had in zip(self._plan, hads, strict=True)
            ]
        parts: list[bytes] = []
        v_open, v_end, t_end = self._v, self._v_end, self._t_end
        for cell in plan:
            value = row_values[cell.index]
            if value is None:  # an empty cell keeps its style; none is written where none was
                if cell.present:
                    parts += (cell.head, num, cell.empty, b"/>")
                continue
            filled = cell.filled or self._filled(cell)
            kind = type(value)
            if kind is Decimal and value.is_finite():
                value, kind = float(value), float
            if kind is float and value == value and value not in (_INF, -_INF):
                parts += (cell.head, num, filled[0], v_open, number_text(value), v_end)
            elif kind is Raw:
                parts += (cell.head, num, filled[0], v_open, value.text, v_end)
            elif kind is str and value == value.strip() and not _PLAIN_TEXT.search(value):
                parts += (cell.head, num, filled[1], value.encode(), t_end)
            else:
                ref = f"{self.letters[cell.col]}{num.decode()}"
                parts.append(computed_cell(self.patch.prefix, ref, filled[2], value))
        return b"".join(parts)

    def rebuild(
        self,
        span: tuple[int, int, int, int],
        found: dict[int, tuple[int, int]],
        by_address: bool,
        row_values: list[Any],
    ) -> bytes | None:
        """The row's new content with its computed cells set to ``row_values`` (layout order), or
        None when nothing changes."""
        if not by_address:
            return self._rebuild_cells(span, row_values)
        patch = self.patch
        data = patch.data
        number, _, body, _ = span
        close = patch.content_end(span)
        tail = str(number).encode() + b'"'
        a = b = -1
        for head in self._owned_heads:
            a = data.find(head + tail, body, close)
            if a >= 0:
                break
        existing: dict[bytes, bytes]
        if a >= 0:
            for head in reversed(self._owned_heads):
                last = data.find(head + tail, a, close)
                if last >= 0:
                    b = patch.cell_end(last)
                    break
            existing = dict(self._block_cell.findall(data, a, b))  # letters → s (b"" when none)
            if data.find(self._formula, a, b) >= 0:
                return self._rebuild_cells(span, row_values)  # a formula there: check it cell by cell
        elif patch.last_cell_col(body, close) < self.first:
            a = b = close
            existing = {}
        else:
            return self._rebuild_cells(span, row_values)
        block = self._block(
            str(number).encode(),
            tuple(existing.get(letters, _ABSENT) for *_, letters in self._plan),
            row_values,
        )
        if b - a == len(block) and data[a:b] == block:
            return None
        return data[body:a] + block + data[b:close]

    def _rebuild_cells(self, span: tuple[int, int, int, int], row_values: list[Any]) -> bytes | None:
        patch = self.patch
        number, _, body, _ = span
        close = patch.content_end(span)
        cells = patch.cells(body, close)
        by_col = {c.col: c for c in cells}
        replaced: dict[int, bytes] = {}
        for col, index, number_format in self.index:
            value = row_values[index]
            cell = by_col.get(col)
            if cell is not None:
                ref = patch.formula_ref(cell.start, cell.end)
                found = range_box(ref) if ref else None
                if found is not None and not (
                    self.first <= found[0][1] and found[1][1] <= self.last and self.contiguous
                ):
                    self.problems.append(
                        f"rumus bersama {ref.decode()} berawal di kolom hitung lembar "  # type: ignore[union-attr]
                        f"{self.sheet} ({col_letters(col)}{number})"
                    )
            if cell is None and value is None:
                continue
            existing = patch.style_at(cell.start) if cell is not None else self.column_styles.get(col, 0)
            style = self._style(col, existing, number_format, value)
            replaced[col] = computed_cell(patch.prefix, f"{self.letters[col]}{number}", style, value)
        if not replaced:
            return None
        content = patch.rebuild_row(span, cells, replaced)
        return None if content == patch.data[body:close] else content
