"""The hybrid reading engine: values from python-calamine, the exceptions from a byte scan.

:func:`ikixl.xlsx.read_cells` builds one Python :class:`~ikixl.cells.Cell` per
non-empty cell (≈3 million for a large office).  The reader needs a full cell
only where something is exceptional; everywhere else the value is enough.  So:

1. the package is opened through :mod:`ikixl.safezip` (directory limits), and
   *every* XML member is opened through :meth:`~ikixl.safezip.Package.open_xml`
   (the prolog DTD/entity refusal) and read whole through the guarded zip layer
   (declared sizes, CRC) **before** python-calamine touches the file, so
   calamine (which parses the XML itself) only ever sees parts that passed the
   same checks as the expat path;
2. python-calamine gives every worksheet's values as Python rows;
3. a byte-level scan of each worksheet part finds only the exceptional cells —
   a style whose number format is percent or date, a formula, an error / ISO
   date / inline string, a number too long for a float — and those few cells
   are typed by the expat reader's own code (:class:`ikixl.xlsx._SheetReader`);
   the part minus its ``sheetData`` gives dimension, merged ranges, hidden
   columns and extensions the same way; hidden rows come from one regex.

Anything this engine does not handle exactly (UTF-16 parts, prefixed
namespaces, cells without addresses, escaped shared strings, a surprise from
calamine) raises :class:`Fallback`, and the caller reads the file with
:func:`ikixl.xlsx.read_cells` instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import TreeBuilder

from ikixl import xlsx
from ikixl.cells import SheetCells, is_date_format, is_percent_format
from ikixl.errors import WorkbookError
from ikixl.safezip import Limits, Package, _safe_expat, open_package

__all__ = ["Fallback", "HybridBook", "read_hybrid"]


class Fallback(Exception):
    """The hybrid engine cannot read this file exactly; use the expat reader."""


@dataclass
class HybridBook:
    """Every sheet in tab order (``rows`` of a worksheet holds only its exceptional cells),
    and each worksheet's values as calamine gives them (row 1 at index 0)."""

    path: Path
    sheets: list[SheetCells]
    date1904: bool
    data: dict[str, list[list[Any]]]

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]


_FORMULA = re.compile(rb"<f[\s>/]")
_ODD_TYPE = re.compile(rb' t="(?:e|d|inlineStr)"')
_LONG_NUMBER = re.compile(rb"<v>\s*-?\d{16,}")
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\shidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_CELL_REF = re.compile(rb'\sr="([A-Za-z]{1,3})(\d+)"')
_STRING_KIND = re.compile(rb'\st="s"')


def _styles_pattern(ids: list[int]) -> re.Pattern[bytes] | None:
    if not ids:
        return None
    alternation = b"|".join(str(i).encode() for i in sorted(ids, reverse=True))
    return re.compile(rb' s="(?:' + alternation + rb')"')


def _parse(path: Path, name: str, data: bytes) -> Any:
    """Parse a (small) XML document with safezip's guarded expat parser."""
    builder = TreeBuilder()
    parser = _safe_expat()
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except Exception as exc:  # malformed, unbound prefix, refused declaration: the expat path decides
        raise Fallback(f"{name}: {exc}") from exc
    return builder.close()


def _check_members(package: Package) -> dict[str, bytes]:
    """Prolog-check and read whole every XML member (what calamine may parse); the bytes by name."""
    out: dict[str, bytes] = {}
    for name in package.names:
        if name.endswith("/") or not name.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with package.open_xml(name) as stream:  # refuses a DTD/entity prolog
            stream.read(0)
        out[name] = package.read(name)  # whole, CRC- and size-checked by the zip layer
    return out


def read_hybrid(path: str | Path, *, limits: Limits = Limits()) -> HybridBook:
    """Read a workbook with the hybrid engine.

    Raises:
        WorkbookError: as :func:`ikixl.xlsx.read_cells`, for what the guarded
            layer refuses (limits, unsafe XML, damaged zip).
        Fallback: the file needs the expat reader.
    """
    path = Path(path)
    with open_package(path, limits=limits) as package:
        members = _check_members(package)
        wb_part = xlsx._workbook_part(package)
        if package.find(wb_part) is None:
            raise Fallback("no workbook part")
        rels = xlsx._rels(package, wb_part)
        root = package.parse_xml(wb_part)
        by_kind = {kind: target for kind, target in rels.values()}
        strings_part = by_kind.get("sharedStrings")
        if strings_part is not None:
            stored = package.find(strings_part)
            sst = members.get(stored or "", b"")
            if b"_x" in sst or b"<rPh" in sst or _odd_encoding(sst):
                raise Fallback("escaped or phonetic shared strings")
        formats = xlsx._number_formats(package, by_kind.get("styles"))
        pr = xlsx._first(root, "workbookPr")
        date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        special = [i for i, code in enumerate(formats) if is_percent_format(code) or is_date_format(code)]
        styles = _styles_pattern(special)
        sheets: list[SheetCells] = []
        parts: dict[str, bytes] = {}
        sheets_el = xlsx._first(root, "sheets")
        for el in xlsx._children(sheets_el, "sheet") if sheets_el is not None else ():
            rid = el.get(xlsx._REL_NS + "id") or el.get(xlsx._STRICT_REL_NS + "id") or ""
            kind, target = rels.get(rid, ("", None))
            sheet = SheetCells(el.get("name") or "", el.get("state") or "visible",
                               xlsx._SHEET_KINDS.get(kind, kind or "worksheet"), target)
            sheets.append(sheet)
            if sheet.kind != "worksheet":
                continue
            stored = package.find(target) if target is not None else None
            if stored is None or stored not in members:
                raise Fallback(f"sheet {sheet.name!r} missing")
            parts[sheet.name] = members[stored]
        del members
        names = [s.name for s in sheets]
        if len(set(names)) != len(names):
            raise Fallback("duplicate sheet names")

    try:
        from python_calamine import CalamineWorkbook
    except ImportError as exc:  # pragma: no cover - a dependency
        raise Fallback("python-calamine missing") from exc
    data: dict[str, list[list[Any]]] = {}
    try:
        book = CalamineWorkbook.from_path(str(path))
        for sheet in sheets:
            if sheet.kind == "worksheet":
                data[sheet.name] = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
        book.close()
    except Exception as exc:  # whatever calamine dislikes, the expat path explains
        raise Fallback(f"calamine: {exc}") from exc

    for sheet in sheets:
        if sheet.kind == "worksheet":
            _scan_sheet(path, sheet, parts.pop(sheet.name), formats, styles, data[sheet.name])
    return HybridBook(path, sheets, date1904, data)


def _odd_encoding(head: bytes) -> bool:
    return head[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")


def _scan_sheet(path: Path, sheet: SheetCells, part: bytes, formats: list[str],
                styles: re.Pattern[bytes] | None, values: list[list[Any]]) -> None:
    """Fill ``sheet`` (exceptional cells, hidden rows/cols, merged, extensions, dimension)."""
    if _odd_encoding(part):
        raise Fallback("UTF-16 part")
    start = part.find(b"<sheetData")
    if start < 0:
        raise Fallback("no unprefixed sheetData")
    gt = part.find(b">", start)
    if part[gt - 1:gt] == b"/":
        end = gt + 1
        body_start = body_end = gt + 1
    else:
        body_start = gt + 1
        body_end = part.find(b"</sheetData>", body_start)
        if body_end < 0:
            raise Fallback("unterminated sheetData")
        end = body_end + len(b"</sheetData>")
    if part.find(b"<row", body_start, body_end) >= 0 and part.find(b"<c ", body_start, body_end) < 0 \
            and part.find(b":c ", body_start, body_end) >= 0:
        raise Fallback("prefixed cells")

    # ---- exceptional cells: start offsets of their <c elements
    # (literal-prefixed patterns: the regex engine skips to candidates without Python work)
    starts: set[int] = set()
    for pattern in (styles, _ODD_TYPE):
        for m in pattern.finditer(part, body_start, body_end) if pattern is not None else ():
            at = part.rfind(b"<", body_start, m.start())
            if part[at:at + 3] == b"<c ":  # an attribute of a cell, not of a row
                starts.add(at)
            elif part[at:at + 5] != b"<row " or part.find(b">", at, m.start()) >= 0:
                raise Fallback("attribute outside a cell or row tag")
    for pattern in (_FORMULA, _LONG_NUMBER):
        for m in pattern.finditer(part, body_start, body_end):
            at = part.rfind(b"<c ", body_start, m.start())
            if at < 0:
                raise Fallback("formula outside a cell")
            starts.add(at)
    by_row: dict[int, list[bytes]] = {}
    for at in sorted(starts):
        close = part.find(b">", at)
        if part[close - 1:close] == b"/":
            continue  # an empty styled cell: nothing stored
        stop = part.find(b"</c>", close)
        if stop < 0:
            raise Fallback("unterminated cell")
        snippet = part[at:stop + 4]
        ref = _CELL_REF.search(part, at, close)
        if ref is None:
            raise Fallback("cell without an address")
        by_row.setdefault(int(ref.group(2)), []).append(snippet)
    if by_row:
        doc = b"<sheetData>" + b"".join(
            b'<row r="%d">' % row + b"".join(cells) + b"</row>" for row, cells in by_row.items()
        ) + b"</sheetData>"
        rows = list(_parse(path, sheet.name, doc))
        reader = xlsx._SheetReader(path, sheet, _CalamineStrings(), formats)
        try:
            reader.handle(rows)
        except WorkbookError as exc:
            raise Fallback(str(exc)) from exc
        # Shared strings are calamine's business: take the string it resolved.
        for r, cells in sheet.rows.items():
            for col, c in cells.items():
                if c.kind == "s":
                    v = _at(values, r, col)
                    if not isinstance(v, str):
                        raise Fallback("shared string not a string")
                    c.value = c.raw = v

    # ---- hidden rows
    for m in _HIDDEN_ROW.finditer(part, body_start, body_end):
        num = _ROW_NUMBER.search(m.group(0))
        if num is None:
            raise Fallback("hidden row without a number")
        sheet.hidden_rows.add(int(num.group(1)))

    # ---- everything but sheetData: dimension, cols, merged ranges, extensions
    rest = part[:start] + b"<sheetData/>" + part[end:]
    reader = xlsx._SheetReader(path, sheet, [], formats)
    reader.finish(_parse(path, sheet.name, rest))


def _at(values: list[list[Any]], row: int, col: int) -> Any:
    if row <= len(values):
        cells = values[row - 1]
        if col <= len(cells):
            return cells[col - 1]
    return ""


class _CalamineStrings:
    """Shared strings stand-in: an index reads as a placeholder that calamine's string replaces."""

    def __getitem__(self, index: int) -> str:
        if index < 0:
            raise IndexError(index)
        return ""

