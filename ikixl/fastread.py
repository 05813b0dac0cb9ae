"""The hybrid reading engine: values from python-calamine, the exceptions from a byte scan.

:func:`ikixl.xlsx.read_cells` builds one Python :class:`~ikixl.cells.Cell` per
non-empty cell (≈3 million for a large office).  The reader needs a full cell
only where something is exceptional; everywhere else the value is enough.  So:

1. the package is opened through :mod:`ikixl.safezip` (directory limits), and
   *every* XML member is read whole through
   :meth:`~ikixl.safezip.Package.read_xml` (the prolog DTD/entity refusal, the
   declared sizes, the CRC; each member inflated once) **before**
   python-calamine touches the file, so calamine (which parses the XML itself)
   only ever sees parts that passed the same checks as the expat path;
2. python-calamine gives every worksheet's values as Python rows: a large
   worksheet (the Realisasi sheet of a large office) in a second thread, since
   calamine releases the interpreter lock while it parses, the others in this
   thread when the reader asks for them;
3. meanwhile a byte-level scan of each worksheet part finds only the
   exceptional cells — a style whose number format is percent or date, a
   formula, an error / ISO date / inline string, a number too long for a
   float — and those few cells are typed by the expat reader's own code
   (:class:`ikixl.xlsx._SheetReader`); the part minus its ``sheetData`` gives
   dimension, merged ranges, hidden columns and extensions the same way;
   hidden rows come from one regex.

Anything this engine does not handle exactly (UTF-16 parts, prefixed
namespaces, cells without addresses, escaped shared strings, a surprise from
calamine) raises :class:`Fallback`, and the caller reads the file with
:func:`ikixl.xlsx.read_cells` instead.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
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


#: A worksheet part at least this large (uncompressed bytes) is checked and parsed by
#: python-calamine in a second thread while this one checks, scans and types the other sheets.
PARALLEL_MIN_BYTES = 4 << 20


class _Background:
    """The second thread: reads whole (:meth:`~ikixl.safezip.Package.read_xml`) the large
    worksheet parts ``members`` through its own guarded package, then — once told which sheets
    to parse (:meth:`parse`), every other part having passed the same checks in the reading
    thread — gives their values with python-calamine, which releases the interpreter lock
    while it parses."""

    def __init__(self, path: Path, limits: Limits, members: list[str]) -> None:
        self.path = path
        self.limits = limits
        self.members = members
        self._parts: dict[str, bytes] = {}
        self._checked = threading.Event()
        self._go = threading.Event()
        self._names: list[str] = []
        self.failure: BaseException | None = None  # a part refused (raised by :meth:`part`)
        self.values: dict[str, list[list[Any]]] = {}
        self.parse_failure: BaseException | None = None
        # Imported here, never in the thread: a Ctrl+C landing in one of the import system's own
        # callbacks can leave the import lock held by this thread (reported as an ignored
        # exception, its release skipped), and a thread that imports would then wait for ever.
        self._workbook_class = _calamine()
        self._thread = threading.Thread(target=self._run, name="ikixl-calamine", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with open_package(self.path, limits=self.limits) as package:
                for name in self.members:
                    self._parts[name] = package.read_xml(name)
        except BaseException as exc:  # raised in the reading thread by part()
            self.failure = exc
            return
        finally:
            self._checked.set()
        self._go.wait()
        if not self._names:
            return
        try:
            book = self._workbook_class.from_path(str(self.path))
            try:
                for name in self._names:
                    self.values[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            finally:
                book.close()
        except BaseException as exc:  # reported to the reading thread by HybridBook.values()
            self.parse_failure = exc

    def part(self, name: str) -> bytes:
        """The checked bytes of the large part ``name`` (each given once).

        Raises:
            WorkbookError: a large part was refused (as :meth:`~ikixl.safezip.Package.read_xml`).
        """
        self.check()
        return self._parts.pop(name)

    def check(self) -> None:
        """Wait until every large part is checked.

        Raises:
            WorkbookError: a large part was refused (as :meth:`~ikixl.safezip.Package.read_xml`).
        """
        self._checked.wait()
        if self.failure is not None:
            raise self.failure

    def parse(self, names: list[str]) -> None:
        """Parse the worksheets ``names`` (all other parts checked)."""
        self._names = list(names)
        self._go.set()

    @property
    def busy(self) -> bool:
        return self._thread.is_alive()

    def join(self) -> None:
        """Wait for the thread (telling it to parse nothing when not told yet)."""
        self._go.set()
        self._thread.join()


class HybridBook:
    """Every sheet in tab order (``rows`` of a worksheet holds only its exceptional cells), and
    each worksheet's values as calamine gives them (:meth:`values`).

    Close it (or use ``with``): a large sheet may still be parsed in a second thread.
    """

    def __init__(self, path: Path, sheets: list[SheetCells], date1904: bool,
                 background: _Background | None = None, in_background: list[str] | None = None) -> None:
        self.path = path
        self.sheets = sheets
        self.date1904 = date1904
        self._by_name = {s.name: s for s in sheets}
        self._values: dict[str, list[list[Any]]] = {}
        self._here: Any = None
        self._background = background
        self._in_background = set(in_background or ())
        #: Called (once, in order) when :meth:`values` must wait for the second thread: work
        #: this thread would otherwise do later, done while it would sit idle.
        self.while_waiting: list[Callable[[], object]] = []

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheet(self, name: str) -> SheetCells:
        """The sheet called ``name`` (its exceptional cells are complete once :meth:`values` gave
        its values)."""
        return self._by_name[name]

    def values(self, name: str) -> list[list[Any]]:
        """Worksheet ``name``'s values, row 1 at index 0 (``''`` for an empty cell); its shared
        string cells among the exceptional ones take calamine's string.

        Raises:
            Fallback: calamine failed, or gave a value the engine does not expect.
        """
        rows = self._values.get(name)
        if rows is not None:
            return rows
        background = self._background
        if background is not None and name in self._in_background:
            if background.busy:
                while self.while_waiting:
                    self.while_waiting.pop(0)()
            background.join()
            if background.parse_failure is not None:
                raise Fallback(f"calamine: {background.parse_failure}") from background.parse_failure
            rows = background.values.pop(name)
        else:
            try:
                if self._here is None:
                    self._here = _calamine().from_path(str(self.path))
                rows = self._here.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Fallback:
                raise
            except Exception as exc:  # whatever calamine dislikes, the expat path explains
                raise Fallback(f"calamine: {exc}") from exc
        _take_strings(self._by_name[name], rows)
        self._values[name] = rows
        return rows

    def close(self) -> None:
        """Wait for the second thread, close calamine's workbook."""
        if self._background is not None:
            self._background.join()
        if self._here is not None:
            self._here.close()
            self._here = None

    def __enter__(self) -> HybridBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _calamine() -> Any:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError as exc:  # pragma: no cover - a dependency
        raise Fallback("python-calamine missing") from exc
    return CalamineWorkbook


_FORMULA = re.compile(rb"<f[\s>/]")
_ODD_TYPE = re.compile(rb' t="(?:e|d|inlineStr)"')
_LONG_NUMBER = re.compile(rb"<v>\s*-?\d{16,}")
# A hidden row is ``<row … hidden="1" …>``: found by its attribute (a literal, fast to search),
# then its tag.
_HIDDEN_ATTR = re.compile(rb'hidden="(?:1|true)"')
_ROW_TAG = re.compile(rb"<row\b")
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


def _check_members(package: Package, skip: set[str]) -> dict[str, bytes]:
    """Every XML member (what calamine may parse) but ``skip`` read whole, prolog- and
    CRC-checked; the bytes by name."""
    out: dict[str, bytes] = {}
    for name in package.names:
        if name.endswith("/") or not name.lower().endswith((".xml", ".rels", ".vml")) or name in skip:
            continue
        out[name] = package.read_xml(name)  # refuses a DTD/entity prolog; whole, CRC-checked
    return out


def read_hybrid(
    path: str | Path,
    *,
    limits: Limits = Limits(),
    on_large_part: Callable[[str, bytes], object] | None = None,
) -> HybridBook:
    """Read a workbook with the hybrid engine.

    The large worksheet parts (:data:`PARALLEL_MIN_BYTES`) are checked, then parsed, in a second
    thread; whatever is refused there is raised here, after the other parts' own refusals.
    ``on_large_part(member, data)`` is called with each of them once it is scanned (the zip
    member's name and its bytes, inflated and checked).

    Raises:
        WorkbookError: as :func:`ikixl.xlsx.read_cells`, for what the guarded
            layer refuses (limits, unsafe XML, damaged zip).
        Fallback: the file needs the expat reader.
    """
    path = Path(path)
    background: _Background | None = None
    try:
        with open_package(path, limits=limits) as package:
            large = [n for n in package.names if n.lower().startswith("xl/worksheets/")
                     and n.lower().endswith(".xml") and package.size(n) >= PARALLEL_MIN_BYTES]
            if large:
                background = _Background(path, limits, large)
            members = _check_members(package, set(large))
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
            parts: dict[str, bytes | str] = {}  # sheet name → bytes, or the large member to ask for
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
                if stored is not None and stored in members:
                    parts[sheet.name] = members[stored]
                elif stored is not None and stored in large and stored not in parts.values():
                    parts[sheet.name] = stored
                else:
                    raise Fallback(f"sheet {sheet.name!r} missing")
            del members
            names = [s.name for s in sheets]
            if len(set(names)) != len(names):
                raise Fallback("duplicate sheet names")

        in_background = [name for name, part in parts.items() if isinstance(part, str)]
        if background is not None:
            background.parse(in_background)
        book = HybridBook(path, sheets, date1904, background, in_background)
        for sheet in sheets:
            if sheet.kind == "worksheet":
                part = parts.pop(sheet.name)
                member = part if isinstance(part, str) else None
                if member is not None:
                    part = background.part(member)  # type: ignore[union-attr]
                _scan_sheet(path, sheet, part, formats, styles)  # type: ignore[arg-type]
                if member is not None and on_large_part is not None:
                    on_large_part(member, part)  # type: ignore[arg-type]
        if background is not None:
            background.check()  # a large part no sheet refers to was checked too
        return book
    except BaseException:
        if background is not None:
            background.join()
        raise


def _odd_encoding(head: bytes) -> bool:
    return head[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")


def _scan_sheet(path: Path, sheet: SheetCells, part: bytes, formats: list[str],
                styles: re.Pattern[bytes] | None) -> None:
    """Fill ``sheet`` (exceptional cells, hidden rows/cols, merged, extensions, dimension);
    its shared strings wait for calamine's values (:func:`_take_strings`)."""
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

    # ---- hidden rows
    for m in _HIDDEN_ATTR.finditer(part, body_start, body_end):
        at = part.rfind(b"<", body_start, m.start())
        close = part.find(b">", m.end(), body_end)
        if not part[m.start() - 1:m.start()].isspace() or at < 0 or close < 0 \
                or not _ROW_TAG.match(part, at) or part.find(b">", at, m.start()) >= 0:
            continue  # not an attribute of a row tag
        num = _ROW_NUMBER.search(part, at, close + 1)
        if num is None:
            raise Fallback("hidden row without a number")
        sheet.hidden_rows.add(int(num.group(1)))

    # ---- everything but sheetData: dimension, cols, merged ranges, extensions
    rest = part[:start] + b"<sheetData/>" + part[end:]
    reader = xlsx._SheetReader(path, sheet, [], formats)
    reader.finish(_parse(path, sheet.name, rest))


def _take_strings(sheet: SheetCells, values: list[list[Any]]) -> None:
    """Shared strings are calamine's business: an exceptional string cell takes the string it resolved."""
    for r, cells in sheet.rows.items():
        for col, c in cells.items():
            if c.kind == "s":
                v = _at(values, r, col)
                if not isinstance(v, str):
                    raise Fallback("shared string not a string")
                c.value = c.raw = v


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

