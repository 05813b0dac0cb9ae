"""Append the styles ikixl needs to a workbook's ``xl/styles.xml``, keeping every existing byte.

Cells point at styles by index (``s`` = an entry of ``cellXfs``; a conditional
format's ``dxfId`` = an entry of ``dxfs``), so existing entries must keep their
place: :class:`StylesPatch` only appends.  An entry ikixl needs that the
workbook already holds (byte for byte, as ikixl writes it, or — for a number
format — by format code) is reused, so computing a workbook again appends
nothing.

Style specifications are plain tuples so that equal requests give equal
entries:

* :class:`CellStyle` — font (bold, italic, size, colour), fill colour, thin
  border, alignment, number format; built into a ``<font>``, ``<fill>``,
  ``<border>`` and an ``<xf>`` of ``cellXfs``;
* :meth:`StylesPatch.dxf` — a conditional format's font colour, fill colour,
  strike-through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ikixl.xmlbytes import (
    XmlShapeError,
    attributes,
    element_span,
    escape_attr,
    iter_elements,
    root_prefix,
    set_attribute,
    start_tag,
    unescape,
)

__all__ = ["BUILTIN_FORMATS", "CellStyle", "StylesPatch"]

#: Excel's built-in number formats that ikixl may meet or need (ECMA-376 §18.8.30).
BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss",
    46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}  # fmt: skip
#: Collections of styles.xml in schema order (CT_Stylesheet), with their child element.
_COLLECTIONS: tuple[tuple[bytes, bytes], ...] = (
    (b"numFmts", b"numFmt"),
    (b"fonts", b"font"),
    (b"fills", b"fill"),
    (b"borders", b"border"),
    (b"cellStyleXfs", b"xf"),
    (b"cellXfs", b"xf"),
    (b"cellStyles", b"cellStyle"),
    (b"dxfs", b"dxf"),
    (b"tableStyles", b"tableStyle"),
    (b"colors", b""),
    (b"extLst", b""),
)
_FIRST_CUSTOM_FORMAT = 164


@dataclass(frozen=True)
class CellStyle:
    """A cell style ikixl writes on the sheets it owns.

    Attributes:
        bold, italic: font weight and slant.
        size: font size in points (None: the workbook's default).
        colour: font colour ``RRGGBB`` (None: automatic).
        fill: solid fill colour ``RRGGBB`` (None: no fill).
        border: a thin grey border on all sides.
        horizontal, vertical: alignment (None: general / bottom).
        wrap: wrap text.
        indent: indent level (0–250).
        number_format: format code (None: General).
    """

    bold: bool = False
    italic: bool = False
    size: float | None = None
    colour: str | None = None
    fill: str | None = None
    border: bool = False
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False
    indent: int = 0
    number_format: str | None = None


class _Collection:
    """One collection element of styles.xml: its span, its children's bytes, the additions."""

    def __init__(self, data: bytes, prefix: bytes, name: bytes, child: bytes) -> None:
        self.name, self.child, self.prefix = name, child, prefix
        self.span = element_span(data, prefix, name)
        self.items: list[bytes] = []
        self.added: list[bytes] = []
        self._index: dict[bytes, int] = {}
        if self.span is not None and child:
            start, body, end = self.span
            close = b"</" + prefix + child + b">"
            pattern = start_tag(prefix, child)
            inner_end = end - len(b"</" + prefix + name + b">") if body != end else body
            self.items = [data[a:b] for a, _, b in iter_elements(data, pattern, close, body, inner_end)]
        for i, item in enumerate(self.items):
            self._index.setdefault(item, i)

    def find_or_add(self, item: bytes) -> int:
        """Index of ``item`` (exact bytes) among the entries, appending it when absent."""
        found = self._index.get(item)
        if found is None:
            self.added.append(item)
            found = self._index[item] = len(self.items) + len(self.added) - 1
        return found


class StylesPatch:
    """Additions to one ``styles.xml``; :meth:`result` gives the new bytes.

    Args:
        data: the part's bytes (UTF-8, checked by :func:`ikixl.xmlbytes.check_plain`).

    Raises:
        XmlShapeError: the part has no ``cellXfs``, or elements are not closed.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.prefix = root_prefix(data)
        self._c = {name: _Collection(data, self.prefix, name, child) for name, child in _COLLECTIONS}
        if self._c[b"cellXfs"].span is None:
            raise XmlShapeError("styles.xml has no cellXfs")
        self._formats: dict[int, str] = dict(BUILTIN_FORMATS)
        for item in self._c[b"numFmts"].items:
            attrs = attributes(item[: item.find(b">") + 1])
            try:
                self._formats[int(attrs.get(b"numFmtId", b""))] = unescape(attrs.get(b"formatCode", b""))
            except ValueError:
                continue
        self._memo: dict[tuple[int, str], int] = {}
        self._styles: dict[CellStyle, int] = {}
        self._format_of: dict[int, str] = {}
        self._font0 = self._default_font()

    # ------------------------------------------------------------------ queries
    @property
    def changed(self) -> bool:
        """True when anything was appended."""
        return any(c.added for c in self._c.values())

    def format_of(self, xf_index: int) -> str:
        """The number format code of cell style ``xf_index`` (General when out of range)."""
        known = self._format_of.get(xf_index)
        if known is None:
            xfs = self._c[b"cellXfs"]
            items = xfs.items + xfs.added
            if not 0 <= xf_index < len(items):
                return "General"
            known = self._format_of[xf_index] = self._formats.get(
                _int(attributes(_start(items[xf_index])).get(b"numFmtId")), "General"
            )
        return known

    # ------------------------------------------------------------------ additions
    def number_format_id(self, code: str) -> int:
        """The id of format ``code`` (a built-in, an existing custom one, or a new one)."""
        for fid, existing in self._formats.items():
            if existing == code:
                return fid
        fid = max([_FIRST_CUSTOM_FORMAT - 1, *self._formats]) + 1
        self._formats[fid] = code
        self._c[b"numFmts"].added.append(
            b"<"
            + self.prefix
            + b'numFmt numFmtId="'
            + str(fid).encode()
            + b'" formatCode="'
            + escape_attr(code)
            + b'"/>'
        )
        return fid

    def with_format(self, xf_index: int, code: str) -> int:
        """Cell style ``xf_index`` with number format ``code``: the same index when it already
        has it, else a copy (font, fill, border, alignment kept) appended once."""
        key = (xf_index, code)
        known = self._memo.get(key)
        if known is not None:
            return known
        if self.format_of(xf_index) == code:
            self._memo[key] = xf_index
            return xf_index
        if key not in self._memo:
            xfs = self._c[b"cellXfs"]
            items = xfs.items + xfs.added
            base = items[xf_index] if 0 <= xf_index < len(items) else b"<" + self.prefix + b'xf xfId="0"/>'
            fid = str(self.number_format_id(code)).encode()
            head_end = base.find(b">") + 1
            head = set_attribute(base[:head_end], b"numFmtId", fid)
            head = set_attribute(head, b"applyNumberFormat", b"1")
            self._memo[key] = xfs.find_or_add(head + base[head_end:])
        return self._memo[key]

    def cell_style(self, style: CellStyle) -> int:
        """The ``cellXfs`` index of ``style``, appending its font, fill, border and xf when new."""
        known = self._styles.get(style)
        if known is None:
            known = self._styles[style] = self._cell_style(style)
        return known

    def _cell_style(self, style: CellStyle) -> int:
        p = self.prefix
        font = self._c[b"fonts"].find_or_add(self._font(style))
        fill = 0
        if style.fill:
            fill = self._c[b"fills"].find_or_add(
                _solid_fill(p, b'rgb="FF' + style.fill.encode() + b'"', b'indexed="64"')
            )
        border = 0
        if style.border:
            sides = b"".join(
                b"<" + p + side + b' style="thin"><' + p + b'color rgb="FFBFBFBF"/></' + p + side + b">"
                for side in (b"left", b"right", b"top", b"bottom")
            )
            border = self._c[b"borders"].find_or_add(
                b"<" + p + b"border>" + sides + b"<" + p + b"diagonal/></" + p + b"border>"
            )
        fid = self.number_format_id(style.number_format) if style.number_format else 0
        align = b""
        if style.horizontal or style.vertical or style.wrap or style.indent:
            align = b"<" + p + b"alignment"
            if style.horizontal:
                align += b' horizontal="' + style.horizontal.encode() + b'"'
            if style.vertical:
                align += b' vertical="' + style.vertical.encode() + b'"'
            if style.wrap:
                align += b' wrapText="1"'
            if style.indent:
                align += b' indent="' + str(min(style.indent, 250)).encode() + b'"'
            align += b"/>"
        xf = (
            b"<"
            + p
            + b'xf numFmtId="'
            + str(fid).encode()
            + b'" fontId="'
            + str(font).encode()
            + b'" fillId="'
            + str(fill).encode()
            + b'" borderId="'
            + str(border).encode()
            + b'" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1"'
            + b' applyAlignment="1"'
        )
        xf += (b">" + align + b"</" + p + b"xf>") if align else b"/>"
        return self._c[b"cellXfs"].find_or_add(xf)

    def dxf(self, font: str | None, fill: str | None, *, strike: bool = False) -> int:
        """The ``dxfs`` index of a conditional format: font colour and fill colour (``RRGGBB``
        or None), optionally struck through; appended when new."""
        p = self.prefix
        out = b"<" + p + b"dxf>"
        if font or strike:
            out += b"<" + p + b"font>"
            if strike:
                out += b"<" + p + b"strike/>"
            if font:
                out += b"<" + p + b'color rgb="FF' + font.encode() + b'"/>'
            out += b"</" + p + b"font>"
        if fill:
            # Excel paints a conditional format's solid fill with bgColor, some readers with fgColor.
            colour = b'rgb="FF' + fill.encode() + b'"'
            out += _solid_fill(p, colour, colour)
        out += b"</" + p + b"dxf>"
        return self._c[b"dxfs"].find_or_add(out)

    # ------------------------------------------------------------------ output
    def result(self) -> bytes:
        """The part's bytes with every addition; the input unchanged when nothing was added."""
        if not self.changed:
            return self.data
        edits: list[tuple[int, int, bytes]] = []  # (start, end, replacement), applied from the end
        for name, _child in _COLLECTIONS:
            c = self._c[name]
            if not c.added:
                continue
            count = str(len(c.items) + len(c.added)).encode()
            if c.span is None:
                at = self._insert_point(name)
                edits.append(
                    (
                        at,
                        at,
                        b"<"
                        + self.prefix
                        + name
                        + b' count="'
                        + count
                        + b'">'
                        + b"".join(c.added)
                        + b"</"
                        + self.prefix
                        + name
                        + b">",
                    )
                )
                continue
            start, body, end = c.span
            tag = self.data[start:body]
            if body == end:  # <dxfs count="0"/>
                open_tag = set_attribute(tag[:-2].rstrip() + b">", b"count", count)
                edits.append((start, end, open_tag + b"".join(c.added) + b"</" + self.prefix + name + b">"))
                continue
            close_at = end - len(b"</" + self.prefix + name + b">")
            edits.append((close_at, close_at, b"".join(c.added)))
            if b"count=" in tag:
                edits.append((start, body, set_attribute(tag, b"count", count)))
        out = self.data
        for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            out = out[:start] + new + out[end:]
        return out

    # ------------------------------------------------------------------ internals
    def _insert_point(self, name: bytes) -> int:
        """Where a missing collection goes: after the nearest earlier one present, else right
        after the root's start tag."""
        names = [n for n, _ in _COLLECTIONS]
        for earlier in reversed(names[: names.index(name)]):
            span = self._c[earlier].span
            if span is not None:
                return span[2]
        root = start_tag(self.prefix, b"styleSheet").search(self.data)
        if root is None:
            raise XmlShapeError("styles.xml has no styleSheet")
        return root.end()

    def _default_font(self) -> tuple[bytes, bytes]:
        """The ``<sz>`` and ``<name>`` of the workbook's default font (font 0), so that ikixl's
        fonts look like the rest of the workbook."""
        fonts = self._c[b"fonts"].items
        first = fonts[0] if fonts else b""
        p = re.escape(self.prefix)
        size = re.search(b"<" + p + rb'sz\s+val="([^"]*)"', first)
        name = re.search(b"<" + p + rb'name\s+val="([^"]*)"', first)
        return (size.group(1) if size else b"11", name.group(1) if name else b"Calibri")

    def _font(self, style: CellStyle) -> bytes:
        p = self.prefix
        size, name = self._font0
        out = b"<" + p + b"font>"
        if style.bold:
            out += b"<" + p + b"b/>"
        if style.italic:
            out += b"<" + p + b"i/>"
        out += b"<" + p + b'sz val="' + (_number(style.size) if style.size else size) + b'"/>'
        if style.colour:
            out += b"<" + p + b'color rgb="FF' + style.colour.encode() + b'"/>'
        out += b"<" + p + b'name val="' + name + b'"/></' + p + b"font>"
        return out


def _solid_fill(p: bytes, foreground: bytes, background: bytes) -> bytes:
    """A ``<fill>`` with a solid pattern; colours are attributes such as ``rgb="FFD9E1F2"``."""
    return (
        b"<"
        + p
        + b"fill><"
        + p
        + b'patternFill patternType="solid"><'
        + p
        + b"fgColor "
        + foreground
        + b"/><"
        + p
        + b"bgColor "
        + background
        + b"/></"
        + p
        + b"patternFill></"
        + p
        + b"fill>"
    )


def _start(item: bytes) -> bytes:
    return item[: item.find(b">") + 1]


def _int(raw: bytes | None) -> int:
    try:
        return int(raw or b"0")
    except ValueError:
        return 0


def _number(value: float) -> bytes:
    return (str(int(value)) if value == int(value) else repr(value)).encode()
