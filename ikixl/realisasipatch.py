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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikixl import layout
from ikixl.catalogue import Text
from ikixl.errors import WriteError
from ikixl.formatting import (
    blank_realisasi_formula,
    capaian_rule_formulas,
    excel_value,
    hex_colour,
    predikat_rule_formulas,
    stale_formula,
)
from ikixl.sheetpatch import CfRule, SheetPatch, cell_xml, col_letters, col_number
from ikixl.stylepatch import StylesPatch
from ikixl.workbookparts import SheetEntry, WorkbookParts, refuse
from ikixl.xmlbytes import XmlShapeError, attributes, iter_elements, start_tag, text_of, unescape

if TYPE_CHECKING:
    from ikixl.compute import Computation
    from ikixl.model import PredikatBand

__all__ = ["RECORDED", "RealisasiPlan", "first_cell_text", "plan_realisasi"]

CODE_NO_HEADER = "judul-kolom-realisasi-tidak-ditemukan"
CODE_CHANGED = "berkas-berubah-sejak-dihitung"

_HEADER_SCAN_ROWS = 30
_BLANK_FILL, _BLANK_FONT = "FFC7CE", "9C0006"  # Excel's "Light Red Fill with Dark Red Text"
_STALE_FILL, _STALE_FONT = "D9D9D9", "7F7F7F"
_CAPAIAN_KEYS = ("capaian_bulan_pct", "capaian_tahunan_pct", "capaian_rencana_pct")
#: The computed column that keeps a copy of the row's Realisasi.
RECORDED = "realisasi_dihitung"


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


def _text_at(patch: SheetPatch, start: int, end: int, strings: Sequence[str]) -> str | None:
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


def first_cell_text(data: bytes, part: str, strings: Sequence[str]) -> str | None:
    """The text of cell A1 of a worksheet part (None when empty or absent).

    Raises:
        XmlShapeError: the part has no sheetData.
    """
    patch = SheetPatch(data, part)
    for number, _start, body, end in patch.rows():
        if number > 1:
            return None
        for cell in patch.cells(body, end):
            if cell.col == 1:
                return _text_at(patch, cell.start, cell.end, strings)
        return None
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
            text = _text_at(patch, cell.start, cell.end, strings)
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


@dataclass(frozen=True)
class _Raw:
    """A number written exactly as it was stored (no float round trip)."""

    text: bytes


def _recorded_copy(patch: SheetPatch, span: tuple[int, int] | None, strings: Sequence[str]) -> Any:
    """The value to keep in *Realisasi Saat Dihitung*: the Realisasi cell's value as stored
    (its cached value for a formula), so that Excel can compare the two exactly."""
    if span is None:
        return None
    kind, value, inline, _ = patch.value_at(*span)
    if kind == b"n":
        return _Raw(value) if value else None
    if kind in (b"s", b"inlineStr", b"str"):
        return _text_at(patch, span[0], span[1], strings)
    if kind == b"b" and value:
        return value.strip() in (b"1", b"true")
    return None  # an error value or a date: nothing comparable


def _computed_cell(prefix: bytes, ref: str, style: int, value: Any) -> bytes:
    """A computed cell from a model value (Decimal, numpy scalar, blank…: :func:`excel_value`),
    or from a number copied as it was stored (:class:`_Raw`)."""
    if isinstance(value, _Raw):
        head = b"<" + prefix + b'c r="' + ref.encode() + b'"' + (b' s="%d"' % style if style else b"")
        return head + b"><" + prefix + b"v>" + value.text + b"</" + prefix + b"v></" + prefix + b"c>"
    return cell_xml(prefix, ref, style, excel_value(value))


def _realisasi_values(
    computation: Computation, target: Path, header_row: int
) -> dict[int, tuple[str, list[Any]]]:
    """Excel row → (Kode Indikator computed for, values of the computed columns in layout order,
    as the model holds them: :meth:`_RealisasiRows._cell` turns them into cell values)."""
    frame = computation.realisasi
    n = len(frame)
    columns = [(frame[k].tolist() if k in frame.columns else [None] * n) for k in _COMPUTED_KEYS]
    rows = frame["row"].tolist()
    kodes = frame["kode_indikator"].tolist()
    out: dict[int, tuple[str, list[Any]]] = {}
    for row, kode, values in zip(rows, kodes, zip(*columns, strict=True), strict=True):
        if type(row) is not int:
            row = excel_value(row)
            if not isinstance(row, int | float) or row != int(row):
                row = None
        if row is None or int(row) <= header_row:
            raise WriteError.from_code(
                CODE_CHANGED,
                path=target,
                lembar=layout.SHEET_REALISASI,
                rincian=Text(
                    f"baris Realisasi tidak sah pada hasil hitung: {row!r}",
                    f"invalid Realisasi row in the computed result: {row!r}",
                ),
            )
        text = (
            kode.strip()
            if type(kode) is str
            else ("" if excel_value(kode) is None else str(excel_value(kode)))
        )
        out[int(row)] = (text, list(values))
    return out


class _RealisasiRows:
    """Finds and rewrites the computed cells of Realisasi rows.

    Rows whose cells all carry addresses (what Excel, LibreOffice and every library write) are
    handled by address: the cells ikixl needs are found with substring searches and the block
    of computed cells (the computed columns are contiguous) is replaced in one splice.  Any
    other row is parsed cell by cell.  A large Realisasi sheet has 240,000 rows, so the common
    path does a few searches per row and no per-cell parsing.
    """

    def __init__(
        self,
        patch: SheetPatch,
        owned: dict[int, layout.Column],
        kode_col: int | None,
        realisasi_col: int | None,
        styles: StylesPatch,
        strings: Sequence[str],
        sheet: str,
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
        self.index = [(col, _COMPUTED_KEYS.index(c.key), c.number_format) for col, c in self.owned.items()]
        self.problems: list[str] = []
        p = patch.prefix
        self._addressed = b"<" + p + b'c r="'
        self._heads = {col: self._addressed + letters.encode() for col, letters in self.letters.items()}
        self._owned_heads = [self._heads[col] for col in self.owned]
        self._cell_starts = (b"<" + p + b"c ", b"<" + p + b"c>", b"<" + p + b"c/")
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
        self._cell_heads = {col: self._addressed + letters.encode() for col, letters in self.letters.items()}
        self._plan = [
            (col, index, number_format, self._cell_heads[col], self.letters[col].encode())
            for col, index, number_format in self.index
        ]
        self._attrs: dict[tuple[int, bytes | None], tuple[bytes, bytes, int]] = {}
        start, body, end = patch.sheet_data
        self._all_addressed = self._addressed_only(body, end)  # one pass: then no row needs checking
        self._v = p + b"v>"
        self._v_end = b"</" + p + b"v></" + p + b"c>"

    # ------------------------------------------------------------------ finding
    def _addressed_only(self, body: int, close: int) -> bool:
        data = self.patch.data
        cells = sum(data.count(start, body, close) for start in self._cell_starts)
        return cells == data.count(self._addressed, body, close)

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
        return _text_at(self.patch, span[0], span[1], self.strings)

    def has_computed(
        self, span: tuple[int, int, int, int], found: dict[int, tuple[int, int]], by_address: bool
    ) -> bool:
        if not by_address:
            return any(col in found for col in self.owned)
        data, close = self.patch.data, self.patch.content_end(span)
        tail = str(span[0]).encode() + b'"'
        return any(data.find(head + tail, span[2], close) >= 0 for head in self._owned_heads)

    # ------------------------------------------------------------------ writing
    def _style_attrs(
        self, col: int, had: bytes | None, number_format: str | None
    ) -> tuple[bytes, bytes, int]:
        """``(what follows the address of a cell with a value, … of an empty cell, the style of a
        cell with a value)`` in column ``col`` whose existing cell had style ``had`` (None: no
        cell; ``b""``: no s attribute)."""
        existing = int(had) if had else (self.column_styles.get(col, 0) if had is None else 0)
        with_value = self._style(col, existing, number_format, True)
        return (
            b'" s="%d"><' % with_value if with_value else b'"><',
            b'" s="%d"' % existing if existing else b'"',
            with_value,
        )

    def _style(self, col: int, existing: int, number_format: str | None, value: Any) -> int:
        if not number_format or value is None:
            return existing
        key = (col, existing, number_format)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.styles.with_format(existing, number_format)
        return style

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
            existing: dict[bytes, bytes] = {}
        else:
            return self._rebuild_cells(span, row_values)
        parts: list[bytes] = []
        attrs = self._attrs
        num = str(number).encode()
        v_open, v_end = self._v, self._v_end
        for col, index, number_format, head, letters in self._plan:
            value = row_values[index]
            had = existing.get(letters)
            key = (col, had)
            pair = attrs.get(key)
            if pair is None:
                pair = attrs[key] = self._style_attrs(col, had, number_format)
            if value is None:  # an empty cell keeps its style; none is written where none was
                if had is not None:
                    parts += (head, num, pair[1], b"/>")
                continue
            kind = type(value)
            if kind is Decimal and value.is_finite():
                value, kind = float(value), float
            if kind is float and value == value and value not in (_INF, -_INF):
                parts += (head, num, pair[0], v_open, b"%r" % value, v_end)
            else:
                parts.append(self._cell(col, num, pair[2], value))
        block = b"".join(parts)
        if b - a == len(block) and data[a:b] == block:
            return None
        return data[body:a] + block + data[b:close]

    def _cell(self, col: int, num: bytes, style: int, value: Any) -> bytes:
        """One computed cell (the common kinds built inline: this runs for every computed cell)."""
        p = self.patch.prefix
        head = self._cell_heads[col] + num + (b'" s="%d"' % style if style else b'"')
        kind = type(value)
        if value is None:
            return head + b"/>"
        if kind is Decimal and value.is_finite():
            value, kind = float(value), float
        if kind is float and value == value and value not in (_INF, -_INF):
            return head + b"><" + p + b"v>" + repr(value).encode() + b"</" + p + b"v></" + p + b"c>"
        if kind is str and value == value.strip() and "\n" not in value and not _PLAIN_TEXT.search(value):
            return (
                head
                + b' t="inlineStr"><'
                + p
                + b"is><"
                + p
                + b"t>"
                + value.encode()
                + b"</"
                + p
                + b"t></"
                + p
                + b"is></"
                + p
                + b"c>"
            )
        return _computed_cell(p, f"{self.letters[col]}{num.decode()}", style, value)

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
                box = _box(ref) if ref else None
                if box is not None and not (
                    self.first <= box[0][1] and box[1][1] <= self.last and self.contiguous
                ):
                    self.problems.append(
                        f"rumus bersama {ref.decode()} berawal di kolom hitung lembar "
                        f"{self.sheet} ({col_letters(col)}{number})"
                    )
            if cell is None and value is None:
                continue
            existing = patch.style_at(cell.start) if cell is not None else self.column_styles.get(col, 0)
            style = self._style(col, existing, number_format, value)
            replaced[col] = _computed_cell(patch.prefix, f"{self.letters[col]}{number}", style, value)
        if not replaced:
            return None
        content = patch.rebuild_row(span, cells, replaced)
        return None if content == patch.data[body:close] else content


_INF = float("inf")
#: Text that needs no escaping in XML nor in OOXML (no & < >, no control characters, no "_x").
_PLAIN_TEXT = re.compile(r"[&<>\x00-\x1f\ufffe\uffff]|_x")


def plan_realisasi(
    parts: WorkbookParts,
    sheet: SheetEntry,
    computation: Computation,
    styles: StylesPatch,
    strings: Sequence[str],
    bands: Sequence[PredikatBand],
    target: Path,
) -> RealisasiPlan:
    path = parts.path
    data = parts.read_xml(sheet.part)
    try:
        patch = SheetPatch(data, sheet.part)
        header_row, columns, last_header = _find_header(patch, strings, sheet.name)
    except XmlShapeError as exc:
        raise refuse(
            path, f"lembar {sheet.name} berbentuk XML yang tidak dapat disunting ikixl ({exc})"
        ) from exc
    computed = layout.REALISASI_COMPUTED_COLUMNS
    appended: list[tuple[int, float, bool]] = []
    for column in computed:
        if column.key not in columns:
            last_header += 1
            columns[column.key] = last_header
            appended.append((last_header, column.width, column.hidden))
    owned = {columns[c.key]: c for c in computed}
    values = _realisasi_values(computation, target, header_row)
    kode_col, realisasi_col = columns.get("kode_indikator"), columns.get("realisasi")
    prefix = patch.prefix
    rows = _RealisasiRows(patch, owned, kode_col, realisasi_col, styles, strings, sheet.name)
    problems = _layout_problems(patch, sheet, header_row, owned, appended, strings)

    changed: list[Text] = []
    seen: set[int] = set()
    last_row = header_row
    for span in patch.rows():
        number = span[0]
        if number < header_row:
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
        entry = values.get(number)
        if entry is not None:
            seen.add(number)
            last_row = max(last_row, number)
            expected, row_values = entry
            if kode_col is not None and expected:
                text = rows.text(found.get(kode_col))
                found_text = "" if text is None else text.strip()
                if found_text != expected:
                    where = f"{col_letters(kode_col)}{number}"
                    changed.append(
                        Text(
                            f"{where} berisi {found_text or '(kosong)'!r}, saat dihitung {expected!r}",
                            f"{where} holds {found_text or '(blank)'!r}, computed as {expected!r}",
                        )
                    )
                    continue
            row_values = list(row_values)
            row_values[_RECORDED_INDEX] = _recorded_copy(patch, found.get(realisasi_col or 0), strings)
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
    if changed:
        more = "; …" if len(changed) > 3 else ""
        raise WriteError.from_code(
            CODE_CHANGED,
            path=target,
            lembar=sheet.name,
            rincian=Text(
                "; ".join(t.indonesian for t in changed[:3]) + more,
                "; ".join(t.english for t in changed[:3]) + more,
            ),
        )
    missing = sorted(set(values) - seen)
    if missing:
        raise WriteError.from_code(
            CODE_CHANGED,
            path=target,
            lembar=sheet.name,
            rincian=Text(
                f"baris {missing[0]} tidak ada lagi di lembar {sheet.name}",
                f"row {missing[0]} no longer exists on sheet {sheet.name}",
            ),
        )
    if appended:
        patch.widen(max(col for col, _, _ in appended), appended)
    first = header_row + 1
    patch.set_rules(
        _realisasi_rules(columns, first, last_row, bands, styles, computation.month)
        if last_row >= first
        else []
    )
    return RealisasiPlan(patch, header_row, columns, first, last_row)


_COMPUTED_KEYS = [c.key for c in layout.REALISASI_COMPUTED_COLUMNS]
_RECORDED_INDEX = _COMPUTED_KEYS.index(RECORDED)


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
        box = _box(ref)
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
                if cell.col in appended_cols and _text_at(patch, cell.start, cell.end, strings) not in (
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


def _box(ref: bytes) -> tuple[tuple[int, int], tuple[int, int]] | None:
    m = re.fullmatch(rb"\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?", ref.strip())
    if m is None:
        return None
    c1, r1 = col_number(m.group(1)), int(m.group(2))
    c2, r2 = (col_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    return (min(r1, r2), min(c1, c2)), (max(r1, r2), max(c1, c2))


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
