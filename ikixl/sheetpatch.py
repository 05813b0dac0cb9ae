"""Rewrite some columns of a worksheet part and its conditional formats, keeping every other byte.

:class:`SheetPatch` reads a worksheet part's rows and cells as byte spans
(:mod:`ikixl.xmlbytes`), and writes a new part in which:

* the cells of the columns it was given are replaced (:meth:`SheetPatch.set_cells`),
  each other cell, row attribute and element kept byte for byte;
* conditional-format rules carrying :data:`ikixl.formatting.RULE_MARKER` are
  replaced by new ones (:meth:`SheetPatch.set_rules`), the clerk's own rules
  kept;
* ``<col>`` entries are added for new columns, and ``<dimension>`` and row
  ``spans`` widened to cover them.

Cell values are written as numbers (``<v>``) or inline strings (``t="inlineStr"``),
so that the shared-string table — a part ikixl does not own — is never touched.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ikixl import layout
from ikixl.formatting import RULE_MARKER
from ikixl.xmlbytes import (
    XmlShapeError,
    attributes,
    element_span,
    escape_text,
    iter_elements,
    root_prefix,
    set_attribute,
    start_tag,
)

__all__ = ["CfRule", "Cell", "SheetPatch", "cell_xml", "col_letters", "col_number", "number_text"]

#: Worksheet children that follow conditionalFormatting (CT_Worksheet order).
_AFTER_CF = (
    b"dataValidations",
    b"hyperlinks",
    b"printOptions",
    b"pageMargins",
    b"pageSetup",
    b"headerFooter",
    b"rowBreaks",
    b"colBreaks",
    b"customProperties",
    b"cellWatches",
    b"ignoredErrors",
    b"smartTags",
    b"drawing",
    b"legacyDrawing",
    b"legacyDrawingHF",
    b"drawingHF",
    b"picture",
    b"oleObjects",
    b"controls",
    b"webPublishItems",
    b"tableParts",
    b"extLst",
)
_MARKERS = (RULE_MARKER.encode(), RULE_MARKER.replace('"', "&quot;").encode())
_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]+)")
_ROW_NUMBER = re.compile(rb'\sr\s*=\s*["\']([0-9]+)')
_STYLE = re.compile(rb'\ss\s*=\s*["\']([0-9]+)')
_TYPE = re.compile(rb'\st\s*=\s*["\'](\w+)')


def col_number(letters: bytes | str) -> int:
    """``A`` → 1 … ``XFD`` → 16384."""
    text = letters.decode() if isinstance(letters, bytes) else letters
    n = 0
    for ch in text.upper():
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(col: int) -> str:
    """1 → ``A`` … 16384 → ``XFD`` (:func:`ikixl.layout.column_letter`)."""
    return layout.column_letter(col)


@dataclass(frozen=True)
class Cell:
    """One cell as found in the part: column, byte span, attributes (raw)."""

    col: int
    start: int
    end: int
    attrs: Mapping[bytes, bytes]


@dataclass(frozen=True)
class CfRule:
    """One conditional-format rule ikixl writes: an expression and its ``dxfs`` index."""

    sqref: str
    formula: str
    dxf: int


def number_text(value: float | int) -> bytes:
    """A number as a cell's ``<v>`` holds it: whole numbers without a decimal point (as Excel
    writes them), others by their shortest repr."""
    if isinstance(value, bool):
        return b"1" if value else b"0"
    if isinstance(value, int):
        return str(value).encode()
    if value == int(value) and abs(value) < 1e15:
        return str(int(value)).encode()
    return repr(value).encode()


def cell_xml(prefix: bytes, ref: str, style: int, value: object) -> bytes:
    """A ``<c>`` element: a number, a text (inline string, never a formula even when it
    starts with ``=``), a boolean, or an empty styled cell for None.  ``style`` 0 writes no
    ``s`` attribute.

    Raises:
        ValueError: ``value`` is a non-finite float or of another type.
    """
    head = b"<" + prefix + b'c r="' + ref.encode() + b'"' + (b' s="%d"' % style if style else b"")
    if value is None:
        return head + b"/>"
    if isinstance(value, bool):
        return (
            head
            + b' t="b"><'
            + prefix
            + b"v>"
            + (b"1" if value else b"0")
            + b"</"
            + prefix
            + b"v></"
            + prefix
            + b"c>"
        )
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return head + b"><" + prefix + b"v>" + number_text(value) + b"</" + prefix + b"v></" + prefix + b"c>"
    if isinstance(value, str):
        space = b' xml:space="preserve"' if value != value.strip() or "\n" in value else b""
        return (
            head
            + b' t="inlineStr"><'
            + prefix
            + b"is><"
            + prefix
            + b"t"
            + space
            + b">"
            + escape_text(value)
            + b"</"
            + prefix
            + b"t></"
            + prefix
            + b"is></"
            + prefix
            + b"c>"
        )
    raise ValueError(f"cannot write {type(value).__name__} to a cell")


class SheetPatch:
    """Byte-level edits of one worksheet part.

    Args:
        data: the part's bytes (checked by :func:`ikixl.xmlbytes.check_plain`).
        part: its name, for messages.
        rows: what :meth:`rows` gives for the same ``data``, when already known.

    Raises:
        XmlShapeError: no ``sheetData``, or an element is not closed.
    """

    def __init__(self, data: bytes, part: str, rows: list[tuple[int, int, int, int]] | None = None) -> None:
        self.data = data
        self.part = part
        self.prefix = root_prefix(data)
        span = element_span(data, self.prefix, b"sheetData")
        if span is None:
            raise XmlShapeError(f"{part} has no sheetData")
        self.sheet_data = span
        self._row_tag = start_tag(self.prefix, b"row")
        self._cell_tag = start_tag(self.prefix, b"c")
        self._row_close = b"</" + self.prefix + b"row>"
        self._cell_close = b"</" + self.prefix + b"c>"
        p = re.escape(self.prefix)
        self._cell_open = b"<" + self.prefix + b"c"
        self._addressed = b"<" + self.prefix + b'c r="'
        self._v = re.compile(b"<" + p + rb"v>(.*?)</" + p + rb"v>|<" + p + rb"v/>", re.DOTALL)
        self._is = re.compile(b"<" + p + rb"is>(.*?)</" + p + rb"is>", re.DOTALL)
        self._f = re.compile(b"<" + p + rb"f[\s/>]")
        self._rows: list[tuple[int, int, int, int]] | None = rows
        self._new_rows: dict[int, bytes] = {}
        self._splices: list[tuple[int, int, bytes]] = []
        self._rules: list[CfRule] | None = None
        self._cols: list[tuple[int, float, bool]] = []
        self._max_col = 0

    # ------------------------------------------------------------------ reading
    def rows(self) -> list[tuple[int, int, int, int]]:
        """Every ``<row>`` as ``(row number, start, end of start tag, end)``, in order."""
        if self._rows is None:
            _start, body, end = self.sheet_data
            data = self.data
            close = self._row_close
            # Rows do not nest: the k-th row that is not empty ends at the k-th </row>.
            ends = (m.end() for m in re.compile(re.escape(close)).finditer(data, body, end))
            out: list[tuple[int, int, int, int]] = []
            last = 0
            number = _ROW_NUMBER.search
            previous_end = body
            for m in self._row_tag.finditer(data, body, end):
                a, b = m.span()
                if a < previous_end:
                    raise XmlShapeError(f"{self.part}: a row is not closed")
                row = number(data, a, b)
                last = int(row.group(1)) if row else last + 1
                c = b if m.group(1) else next(ends, -1)
                if c < b:
                    raise XmlShapeError(f"{self.part}: {close.decode()} missing")
                out.append((last, a, b, c))
                previous_end = c
            self._rows = out
        return self._rows

    def first_row(self) -> tuple[int, int, int, int] | None:
        """The first ``<row>`` as :meth:`rows` gives it, found without finding all of them."""
        if self._rows is not None:
            return self._rows[0] if self._rows else None
        _start, body, end = self.sheet_data
        m = self._row_tag.search(self.data, body, end)
        if m is None:
            return None
        a, b = m.span()
        row = _ROW_NUMBER.search(self.data, a, b)
        if m.group(1):
            return (int(row.group(1)) if row else 1), a, b, b
        close = self.data.find(self._row_close, b, end)
        if close < 0:
            raise XmlShapeError(f"{self.part}: {self._row_close.decode()} missing")
        return (int(row.group(1)) if row else 1), a, b, close + len(self._row_close)

    def content_end(self, row: tuple[int, int, int, int]) -> int:
        """Where a row's content ends (its end tag, or its end for an empty ``<row/>``)."""
        _, _, body, end = row
        return end - len(self._row_close) if body != end else body

    def locate(self, body: int, close: int, refs: Mapping[int, bytes]) -> dict[int, tuple[int, int]] | None:
        """The spans of the cells ``refs`` (column → address such as ``b"H12"``) found in a
        row's content, by their addresses; None when some cell of the row has no address (then
        :meth:`cells` must be used)."""
        data = self.data
        if data.count(self._cell_open, body, close) != data.count(self._addressed, body, close):
            return None
        found: dict[int, tuple[int, int]] = {}
        head = self._addressed
        for col, ref in refs.items():
            at = data.find(head + ref + b'"', body, close)
            if at >= 0:
                found[col] = (at, self.cell_end(at))
        return found

    def cell_end(self, start: int) -> int:
        """The end of the cell starting at ``start`` (its attributes hold no ``>``)."""
        tag_end = self.data.find(b">", start)
        if self.data[tag_end - 1 : tag_end] == b"/":
            return tag_end + 1
        close = self.data.find(self._cell_close, tag_end)
        if close < 0:
            raise XmlShapeError(f"{self.part}: a cell is not closed")
        return close + len(self._cell_close)

    def last_cell_col(self, body: int, close: int) -> int:
        """The column of a row's last addressed cell (0 when it has none)."""
        at = self.data.rfind(self._addressed, body, close)
        if at < 0:
            return 0
        m = _REF.match(self.data, at + len(self._addressed))
        return col_number(m.group(1)) if m else 0

    def style_at(self, start: int) -> int:
        """The ``s`` of the cell starting at ``start`` (0 when none)."""
        tag = self.data[start : self.data.find(b">", start)]
        m = _STYLE.search(tag)
        return int(m.group(1)) if m else 0

    def value_at(self, start: int, end: int) -> tuple[bytes, bytes | None, bytes | None, bool]:
        """``(type, <v> text, <is> content, has formula)`` of the cell at ``start:end``, raw."""
        tag_end = self.data.find(b">", start)
        m = _TYPE.search(self.data, start, tag_end)
        kind = m.group(1) if m else b"n"
        if tag_end + 1 >= end:
            return kind, None, None, False
        inner = self.data[tag_end + 1 : end]
        v = self._v.search(inner)
        i = self._is.search(inner)
        return (
            kind,
            v.group(1) if v is not None and v.group(1) is not None else None,
            i.group(1) if i is not None else None,
            self._f.search(inner) is not None,
        )

    def cells(self, body: int, end: int) -> list[Cell]:
        """The cells between ``body`` and ``end`` (a row's content), columns resolved
        (a cell without ``r`` follows the previous one)."""
        out: list[Cell] = []
        col = 0
        data = self.data
        for a, b, c in iter_elements(data, self._cell_tag, self._cell_close, body, end):
            attrs = attributes(data[a:b])
            ref = attrs.get(b"r")
            if ref:
                m = _REF.fullmatch(ref)
                if m is None:
                    raise XmlShapeError(f"{self.part}: cell address {ref!r}")
                col = col_number(m.group(1))
            else:
                col += 1
            out.append(Cell(col, a, c, attrs))
        return out

    def value_parts(self, cell: Cell) -> tuple[bytes, bytes | None, bytes | None, bool]:
        """``(type, <v> text, <is> content, has formula)`` of a cell, raw."""
        return self.value_at(cell.start, cell.end)

    def formula_ref(self, start: int, end: int) -> bytes | None:
        """The ``ref`` of a shared or array formula whose master is the cell at ``start:end``,
        else None."""
        inner = self.data[start:end]
        f = element_span(inner, self.prefix, b"f")
        if f is None:
            return None
        attrs = attributes(inner[f[0] : f[1]])
        return attrs.get(b"ref") if attrs.get(b"t") in (b"shared", b"array") else None

    def element_spans(self, local: bytes) -> list[tuple[int, int, int]]:
        """Every ``local`` element after ``sheetData``."""
        close = b"</" + self.prefix + local + b">"
        return list(
            iter_elements(self.data, start_tag(self.prefix, local), close, self.sheet_data[2], len(self.data))
        )

    def column_styles(self) -> dict[int, int]:
        """Column → default style (``<col style>``) for the columns that declare one."""
        span = element_span(self.data, self.prefix, b"cols", 0, self.sheet_data[0])
        out: dict[int, int] = {}
        if span is None:
            return out
        close = b"</" + self.prefix + b"col>"
        for a, b, _ in iter_elements(self.data, start_tag(self.prefix, b"col"), close, span[1], span[2]):
            attrs = attributes(self.data[a:b])
            style = attrs.get(b"style")
            if not style:
                continue
            lo, hi = int(attrs.get(b"min", b"0")), int(attrs.get(b"max", b"0"))
            for c in range(lo, min(hi, 16384) + 1):
                out[c] = int(style)
            if hi - lo > 1024:  # "every column": the rest follows the same style
                break
        return out

    @property
    def row_close(self) -> bytes:
        """A row's end tag (``</row>``, with the part's prefix)."""
        return self._row_close

    # ------------------------------------------------------------------ edits
    def set_row(self, row: int, content: bytes) -> None:
        """Replace the content (between the tags) of existing row ``row``."""
        self._new_rows[row] = content

    def splice(self, edits: Iterable[tuple[int, int, bytes]]) -> None:
        """Replace each span ``start:end`` of the part, a run of whole cells inside one row's
        content, by new cells; a row edited so must not also be given to :meth:`set_row`
        (:meth:`result` raises XmlShapeError for overlapping edits)."""
        self._splices.extend(edits)

    def rebuild_row(
        self, row_span: tuple[int, int, int, int], cells: Sequence[Cell], replaced: Mapping[int, bytes]
    ) -> bytes:
        """A row's new content: its cells in column order, each replaced by ``replaced[col]``
        when given (``b""`` removes it), new cells inserted in place."""
        data = self.data
        _, _, body, end = row_span
        close_at = end - len(self._row_close) if body != end else body
        parts: list[bytes] = []
        pending = sorted(c for c in replaced if c not in {cell.col for cell in cells})
        pos = body
        for cell in cells:
            while pending and pending[0] < cell.col:
                parts.append(replaced[pending.pop(0)])
            parts.append(data[pos : cell.start])
            parts.append(replaced[cell.col] if cell.col in replaced else data[cell.start : cell.end])
            pos = cell.end
        parts.append(data[pos:close_at])
        parts.extend(replaced[c] for c in pending)
        return b"".join(parts)

    def widen(self, max_col: int, cols: Iterable[tuple[int, float, bool]]) -> None:
        """Cover columns up to ``max_col`` in ``<dimension>`` and row spans, and add a
        ``<col>`` (width, hidden) for each of ``cols`` no existing entry covers."""
        self._max_col = max(self._max_col, max_col)
        self._cols.extend(cols)

    def set_rules(self, rules: Sequence[CfRule]) -> None:
        """Replace ikixl's conditional-format rules (those carrying RULE_MARKER) with ``rules``."""
        self._rules = list(rules)

    # ------------------------------------------------------------------ output
    def result(self) -> bytes:
        """The new part."""
        data = self.data
        edits: list[tuple[int, int, bytes]] = []
        row_spans = {r: (r, a, b, c) for r, a, b, c in self.rows()} if self._new_rows else {}
        close_len = len(self._row_close)
        for row, content in self._new_rows.items():
            _, a, b, c = row_spans[row]
            if b != c and not self._max_col:  # the row's own tags stay as they are
                edits.append((b, c - close_len, content))
                continue
            tag = data[a:b]
            if tag.endswith(b"/>"):
                tag = tag[:-2].rstrip() + b">"
            tag = self._widen_spans(tag)
            edits.append((a, c, tag + content + self._row_close))
        edits.extend(self._splices)
        if self._rules is not None:
            edits.extend(self._rule_edits())
        if self._cols:
            edits.extend(self._col_edits())
        if self._max_col:
            dim = element_span(data, self.prefix, b"dimension", 0, self.sheet_data[0])
            if dim is not None:
                tag = data[dim[0] : dim[1]]
                ref = attributes(tag).get(b"ref", b"")
                new_ref = _widen_ref(ref, self._max_col)
                if new_ref != ref:
                    edits.append((dim[0], dim[1], set_attribute(tag, b"ref", new_ref)))
        return _apply(data, edits)

    def _widen_spans(self, tag: bytes) -> bytes:
        spans = attributes(tag).get(b"spans")
        if not spans or not self._max_col or b":" not in spans:
            return tag
        lo, _, hi = spans.partition(b":")
        try:
            if int(hi) >= self._max_col:
                return tag
        except ValueError:
            return set_attribute(tag, b"spans", None)
        return set_attribute(tag, b"spans", lo + b":" + str(self._max_col).encode())

    def _rule_edits(self) -> list[tuple[int, int, bytes]]:
        data = self.data
        p = self.prefix
        edits: list[tuple[int, int, bytes]] = []
        kept_priorities: list[int] = []
        last_kept_end = None
        rule_tag = start_tag(p, b"cfRule")
        rule_close = b"</" + p + b"cfRule>"
        for a, b, c in self.element_spans(b"conditionalFormatting"):
            rules = list(iter_elements(data, rule_tag, rule_close, b, c))
            ours = [r for r in rules if any(m in data[r[0] : r[2]] for m in _MARKERS)]
            theirs = [r for r in rules if r not in ours]
            for r in theirs:
                priority = attributes(data[r[0] : r[1]]).get(b"priority")
                if priority and priority.isdigit():
                    kept_priorities.append(int(priority))
            if not ours:
                last_kept_end = c
                continue
            if not theirs:
                edits.append((a, c, b""))
                continue
            edits.extend((r[0], r[2], b"") for r in ours)
            last_kept_end = c
        blocks = self._rule_blocks(max(kept_priorities, default=0) + 1)
        if blocks:
            at = last_kept_end if last_kept_end is not None else self._cf_insert_point()
            edits.append((at, at, blocks))
        return edits

    def _rule_blocks(self, first_priority: int) -> bytes:
        p = self.prefix
        by_range: dict[str, list[CfRule]] = {}
        for rule in self._rules or ():
            by_range.setdefault(rule.sqref, []).append(rule)
        out: list[bytes] = []
        priority = first_priority
        for sqref, rules in by_range.items():
            out.append(b"<" + p + b'conditionalFormatting sqref="' + sqref.encode() + b'">')
            for rule in rules:
                out.append(
                    b"<"
                    + p
                    + b'cfRule type="expression" dxfId="%d" priority="%d" stopIfTrue="1"><'
                    % (rule.dxf, priority)
                    + p
                    + b"formula>"
                    + escape_text(rule.formula)
                    + b"</"
                    + p
                    + b"formula></"
                    + p
                    + b"cfRule>"
                )
                priority += 1
            out.append(b"</" + p + b"conditionalFormatting>")
        return b"".join(out)

    def _cf_insert_point(self) -> int:
        for local in _AFTER_CF:
            spans = self.element_spans(local)
            if spans:
                return spans[0][0]
        close = self.data.rfind(b"</" + self.prefix + b"worksheet>")
        if close < 0:
            raise XmlShapeError(f"{self.part} has no </worksheet>")
        return close

    def _col_edits(self) -> list[tuple[int, int, bytes]]:
        data = self.data
        p = self.prefix
        span = element_span(data, p, b"cols", 0, self.sheet_data[0])
        covered: list[tuple[int, int, int]] = []  # (min, max, end offset)
        if span is not None:
            close = b"</" + p + b"col>"
            for a, b, c in iter_elements(data, start_tag(p, b"col"), close, span[1], span[2]):
                attrs = attributes(data[a:b])
                covered.append((int(attrs.get(b"min", b"0")), int(attrs.get(b"max", b"0")), c))
        new = []
        for col, width, hidden in sorted(set(self._cols)):
            if any(lo <= col <= hi for lo, hi, _ in covered):
                continue
            new.append(
                (
                    col,
                    b"<"
                    + p
                    + b'col min="%d" max="%d" width="%s" customWidth="1"%s/>'
                    % (col, col, number_text(width), b' hidden="1"' if hidden else b""),
                )
            )
        if not new:
            return []
        if span is None:
            at = self.sheet_data[0]
            return [(at, at, b"<" + p + b"cols>" + b"".join(x for _, x in new) + b"</" + p + b"cols>")]
        edits = []
        for col, xml in new:
            before = [c for lo, _, c in covered if lo < col]
            at = max(before) if before else span[1]
            edits.append((at, at, xml))
        return edits


def _widen_ref(ref: bytes, max_col: int) -> bytes:
    first, _, last = ref.partition(b":")
    if not last:
        last = first
    m1, m2 = _REF.fullmatch(first), _REF.fullmatch(last)
    if m1 is None or m2 is None or col_number(m2.group(1)) >= max_col:
        return ref
    return first + b":" + col_letters(max_col).encode() + m2.group(2)


def _apply(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``data`` with each ``(start, end, new)`` span replaced; spans must not overlap."""
    if not edits:
        return data
    edits.sort(key=lambda e: (e[0], e[1]))
    out: list[bytes] = []
    pos = 0
    for start, end, new in edits:
        if start < pos:
            raise XmlShapeError("overlapping edits")
        out.append(data[pos:start])
        out.append(new)
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def rows_by_number(patch: SheetPatch) -> Callable[[int], tuple[int, int, int, int] | None]:
    """A lookup of a row's span by its number."""
    table = {r[0]: r for r in patch.rows()}
    return table.get
