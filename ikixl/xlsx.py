"""Reading an ``.xlsx`` package's parts directly: sheets, cells, number formats.

One streaming pass per part, no spreadsheet library: the guarded package layer
of :mod:`ikixl.safezip` (zip limits, DTD/entity refusal, a safe expat parser)
and the C ``TreeBuilder`` of :mod:`xml.etree`.  :func:`read_cells` returns every
worksheet's *non-empty* cells (a value, a formula or an inline string) with
their type, the exact text Excel stored, the formula and the number format;
empty styled cells are never stored, so a sheet whose formatting reaches row
1,048,576 costs nothing extra.  It also returns what a clerk may not see:
sheet states (hidden, veryHidden), hidden rows and columns, and the Excel
2010+ extensions (``extLst``) of each sheet.

Files refused (each a :class:`~ikixl.errors.WorkbookError` whose ``code`` is a
catalogue entry; the limits are :class:`~ikixl.safezip.Limits`, defaults in
brackets): more than 10,000 zip members (``berkas-terlalu-banyak-bagian``);
more than 1 GiB uncompressed in all or 512 MiB in one member
(``berkas-terlalu-besar``); a member over 1 MiB that inflates more than 100
times (``berkas-rasio-kompresi-berlebihan``); an encrypted member
(``berkas-berkata-sandi``); any XML part with a DTD, an entity declaration or
an external entity, or more than 64 KiB before its root element
(``berkas-xml-berbahaya``); a damaged zip, malformed XML or a cell that cannot
be typed (``berkas-rusak``, with the sheet and cell when known); a zip that is
not a workbook (``berkas-bukan-xlsx``).

Example:
    >>> wb = read_cells("iki.xlsx")                        # doctest: +SKIP
    >>> sheet = wb["Realisasi"]                            # doctest: +SKIP
    >>> sheet.value(4, 7), sheet.cell(4, 7).number_format  # doctest: +SKIP
    (0.75, '0.00%')
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from ikixl.catalogue import Text
from ikixl.cells import (
    BUILTIN_FORMATS,
    GENERAL,
    Cell,
    SheetCells,
    WorkbookCells,
    is_date_format,
    is_percent_format,
    is_text_format,
)
from ikixl.collector import collector_paused
from ikixl.errors import WorkbookError
from ikixl.safezip import (
    CODE_COMPRESSION,
    CODE_CORRUPT,
    CODE_MISSING,
    CODE_NOT_XLSX,
    CODE_PASSWORD,
    CODE_TOO_LARGE,
    CODE_TOO_MANY_PARTS,
    CODE_UNREADABLE,
    CODE_UNSAFE_XML,
    Limits,
    Package,
    corrupt,
    open_package,
)

__all__ = [
    "BUILTIN_FORMATS",
    "CODE_COMPRESSION",
    "CODE_CORRUPT",
    "CODE_MISSING",
    "CODE_NOT_XLSX",
    "CODE_PASSWORD",
    "CODE_TOO_LARGE",
    "CODE_TOO_MANY_PARTS",
    "CODE_UNREADABLE",
    "CODE_UNSAFE_XML",
    "Cell",
    "Limits",
    "Package",
    "SheetCells",
    "WORKBOOK_SUFFIXES",
    "WorkbookCells",
    "content_suffix",
    "is_date_format",
    "is_percent_format",
    "is_text_format",
    "open_package",
    "read_cells",
]

# --------------------------------------------------------------------------- workbook parts
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships}"
_SHEET_KINDS = {"worksheet": "worksheet", "chartsheet": "chartsheet", "dialogsheet": "dialogsheet",
                "xlMacrosheet": "macrosheet", "xlIntlMacrosheet": "macrosheet"}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(elem: Element, name: str) -> Iterator[Element]:
    return (child for child in elem if _local(child.tag) == name)


def _first(elem: Element, name: str) -> Element | None:
    return next(_children(elem, name), None)


def _rels(package: Package, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type's last segment, target member) of a part (empty when none)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if package.find(rels_name) is None:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for rel in _children(package.parse_xml(rels_name), "Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            continue
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out[rel.get("Id") or ""] = ((rel.get("Type") or "").rsplit("/", 1)[-1], member)
    return out


def _workbook_part(package: Package) -> str:
    for kind, target in _rels(package, "").values():
        if kind == "officeDocument":
            return target
    return "xl/workbook.xml"


def _text_of(elem: Element, t_tag: str, r_tag: str) -> str:
    """A string item's text: ``<t>`` or the ``<t>`` of each rich-text run; phonetic runs excluded."""
    parts = []
    for child in elem:
        tag = child.tag
        if tag == t_tag:
            parts.append(child.text or "")
        elif tag == r_tag:
            for grand in child:
                if grand.tag == t_tag:
                    parts.append(grand.text or "")
    text = "".join(parts)
    return _unescape(text) if "_x" in text else text


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML's ``_xHHHH_`` escapes of control characters (``_x000D_`` is a carriage return)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _shared_strings(package: Package, part: str | None) -> list[str]:
    if part is None or package.find(part) is None:
        return []
    strings: list[str] = []
    ns: list[str] = []

    def handle(batch: list[Element]) -> None:
        if not ns:
            ns.append(batch[0].tag.rpartition("}")[0] + "}" if "}" in batch[0].tag else "")
        t_tag, r_tag = ns[0] + "t", ns[0] + "r"
        strings.extend(_text_of(si, t_tag, r_tag) for si in batch)

    package.stream_children(part, "sst", handle)
    return strings


def _number_formats(package: Package, part: str | None) -> list[str]:
    """Format code of each ``cellXfs`` entry, by style index (a cell's ``s``)."""
    if part is None or package.find(part) is None:
        return [GENERAL]
    root = package.parse_xml(part)
    custom: dict[int, str] = {}
    fmts = _first(root, "numFmts")
    if fmts is not None:
        for fmt in _children(fmts, "numFmt"):
            try:
                custom[int(fmt.get("numFmtId") or "")] = fmt.get("formatCode") or GENERAL
            except ValueError:
                continue
    out: list[str] = []
    xfs = _first(root, "cellXfs")
    for xf in _children(xfs, "xf") if xfs is not None else ():
        try:
            fid = int(xf.get("numFmtId") or 0)
        except ValueError:
            fid = 0
        out.append(custom.get(fid) or BUILTIN_FORMATS.get(fid, GENERAL))
    return out or [GENERAL]


# --------------------------------------------------------------------------- worksheets
_DIGITS = "0123456789"


def _col_number(letters: str) -> int:
    """1-based column of column letters (``"A"`` → 1, ``"XFD"`` → 16384).

    Raises:
        ValueError: not column letters, or beyond XFD.
    """
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    if not letters or not 1 <= n <= 16384 or not letters.isascii() or not letters.isalpha():
        raise ValueError(letters)
    if len(_KNOWN_COLS) < 20000:
        _KNOWN_COLS[letters] = n
    return n


_KNOWN_COLS: dict[str, int] = {}


def _col_letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


# A1 references (and whole rows/columns) outside string literals and quoted sheet names,
# not part of a function name, defined name or structured reference.
_REF = re.compile(
    r"""("(?:[^"]|"")*"|'(?:[^']|'')*')
    |(?<![\w.$])(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?![\w(\[!])
    |(?<![\w.$:])(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![\w(\[!:])
    |(?<![\w.$:])(\$?)([0-9]{1,7}):(\$?)([0-9]{1,7})(?![\w(\[!:.])""",
    re.VERBOSE,
)


def _shift_formula(text: str, drow: int, dcol: int) -> str:
    """A shared formula's text moved ``drow`` rows and ``dcol`` columns (relative refs only)."""

    def col(dollar: str, letters: str) -> str:
        if dollar:
            return "$" + letters
        n = _col_number(letters) + dcol
        return _col_letters(n) if 1 <= n <= 16384 else "#REF!"

    def row(dollar: str, digits: str) -> str:
        if dollar:
            return "$" + digits
        n = int(digits) + drow
        return str(n) if 1 <= n <= 1048576 else "#REF!"

    def sub(m: re.Match[str]) -> str:
        g = m.groups()
        if g[0] is not None:
            return g[0]
        try:
            if g[2] is not None:
                ref = col(g[1], g[2]) + row(g[3], g[4])
                return "#REF!" if "#REF!" in ref else ref
            if g[6] is not None:
                return col(g[5], g[6]) + ":" + col(g[7], g[8])
            return row(g[9], g[10]) + ":" + row(g[11], g[12])
        except ValueError:  # not a column after all (e.g. a name like "ABCD1")
            return m.group(0)

    return _REF.sub(sub, text)


class _SheetReader:
    """Turns batches of ``<row>`` elements into :class:`Cell` rows (one sheet)."""

    def __init__(self, path: Path, sheet: SheetCells, strings: list[str], formats: list[str]) -> None:
        self.path = path
        self.sheet = sheet
        self.strings = strings
        self.fmt_by_s = {str(i): f for i, f in enumerate(formats)}
        self.general = formats[0]
        self.ns = ""
        self.last_row = 0
        self.shared: dict[str, tuple[str, int, int]] = {}

    def handle(self, batch: list[Element]) -> None:
        """Store the cells of a batch of complete ``<row>`` elements (hot loop: ~3 million cells
        for a large Realisasi sheet, so the common kinds are typed inline)."""
        if not self.ns:
            tag = batch[0].tag
            self.ns = tag[: tag.rindex("}") + 1] if "}" in tag else ""
        ns = self.ns
        row_tag, v_tag, f_tag, is_tag, t_tag = ns + "row", ns + "v", ns + "f", ns + "is", ns + "t"
        rows = self.sheet.rows
        strings = self.strings
        fmt_by_s = self.fmt_by_s
        general = self.general
        col_number = _col_number
        known_col = _KNOWN_COLS.get
        for row_el in batch:
            if row_el.tag != row_tag:
                continue
            r_attr = row_el.get("r")
            try:
                rnum = int(r_attr) if r_attr is not None else self.last_row + 1
            except ValueError:
                raise self._bad(Text(f"nomor baris {r_attr!r}", f"row number {r_attr!r}")) from None
            self.last_row = rnum
            if row_el.get("hidden") in ("1", "true"):
                self.sheet.hidden_rows.add(rnum)
            cells = None
            col = 0
            pending: str | None = None  # ref of a skipped cell, parsed only when a later cell has none
            for c in row_el:
                v = f = inline = None
                for child in c:
                    tag = child.tag
                    if tag == v_tag:
                        v = child
                    elif tag == f_tag:
                        f = child
                    elif tag == is_tag:
                        inline = child
                ref = c.get("r")
                raw = None if v is None else (v.text or "")  # <v></v>: a formula's empty-text result
                if f is None and not raw and inline is None:
                    # An empty (possibly styled) cell: never stored, costs nothing.
                    if ref is None:
                        col += 1
                    else:
                        pending = ref
                    continue
                rn = rnum
                if ref is not None:
                    pending = None
                    letters = ref.rstrip(_DIGITS)
                    try:
                        col = known_col(letters) or col_number(letters)
                        digits = ref[len(letters):]
                        if digits != r_attr:
                            rn = int(digits)
                    except ValueError:
                        raise self._bad(Text(f"alamat sel {ref!r}", f"cell address {ref!r}")) from None
                else:
                    if pending is not None:
                        col = self._ref_col(pending)
                        pending = None
                    col += 1
                kind = c.get("t") or "n"
                formula = None if f is None else self._formula(f, rn, col)
                try:
                    if kind == "n":
                        if raw:
                            value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
                        else:  # openpyxl writes <v/> for a formula never calculated
                            value = raw = None
                    elif kind == "s" and raw:
                        value = raw = strings[int(raw)]
                    elif kind == "inlineStr" and inline is not None and len(inline) == 1 \
                            and inline[0].tag == t_tag and "_x" not in (inline[0].text or ""):
                        value = raw = inline[0].text or ""
                    else:
                        value, raw = self._typed(kind, raw, inline)
                except (ValueError, IndexError):
                    raise self._bad(Text(f"nilai {raw!r} bertipe {kind!r}",
                                         f"value {raw!r} of type {kind!r}"),
                                rn, col) from None
                if value is None and formula is None:
                    continue
                if rn != rnum:
                    target = rows.setdefault(rn, {})
                else:
                    if cells is None:
                        cells = rows.setdefault(rn, {})
                    target = cells
                target[col] = Cell(value, raw, kind, formula, fmt_by_s.get(c.get("s"), general))

    def _typed(self, kind: str, raw: str | None, inline: Element | None) -> tuple[Any, str | None]:
        """(value, raw) of the less common kinds; (None, None) when nothing is stored."""
        if kind == "str" or (kind == "inlineStr" and inline is None):
            if raw is None:
                return None, None
            text = _unescape(raw) if "_x" in raw else raw
            return text, text
        if kind == "inlineStr":
            text = _text_of(inline, self.ns + "t", self.ns + "r")  # type: ignore[arg-type]
            return text, text
        if not raw:
            return None, None
        if kind == "b":
            return raw.strip() in ("1", "true"), raw
        if kind in ("e", "d"):
            return raw, raw
        if kind == "s":
            text = self.strings[int(raw)]
            return text, text
        raise ValueError(kind)

    def _formula(self, f: Element, row: int, col: int) -> str:
        text = f.text or ""
        if f.get("t") == "shared":
            si = f.get("si") or ""
            if text:
                self.shared[si] = (text, row, col)
            else:
                master = self.shared.get(si)
                if master is not None:
                    text = _shift_formula(master[0], row - master[1], col - master[2])
        return "=" + text

    def _ref_col(self, ref: str) -> int:
        letters = ref.rstrip(_DIGITS)
        try:
            return _col_number(letters)
        except ValueError:
            raise self._bad(Text(f"alamat sel {ref!r}", f"cell address {ref!r}")) from None

    def _bad(self, what: Text, row: int | None = None, col: int | None = None) -> WorkbookError:
        cell = f"{_col_letters(col)}{row}" if row and col else None
        where_id = f" lembar {self.sheet.name!r}" + (f" sel {cell}" if cell else "")
        where_en = f" sheet {self.sheet.name!r}" + (f" cell {cell}" if cell else "")
        return corrupt(self.path, Text(f"{what.indonesian} tidak valid di{where_id}",
                                       f"{what.english} is not valid on{where_en}"),
                       sheet=self.sheet.name, cell=cell)

    def finish(self, root: Element) -> None:
        """Dimension, merged ranges, hidden columns and extensions, from the part's other elements."""
        for child in root:
            name = _local(child.tag)
            if name == "dimension":
                self.sheet.dimension = child.get("ref")
            elif name == "extLst":
                self.sheet.extensions.extend(ext.get("uri") or "" for ext in _children(child, "ext"))
            elif name == "mergeCells":
                self.sheet.merged.extend(m.get("ref") or "" for m in _children(child, "mergeCell"))
            elif name == "cols":
                for col in _children(child, "col"):
                    if col.get("hidden") not in ("1", "true"):
                        continue
                    try:
                        lo, hi = int(col.get("min") or 0), int(col.get("max") or 0)
                    except ValueError:
                        continue
                    self.sheet.hidden_cols.update(range(max(lo, 1), min(hi, 16384) + 1))


def read_cells(path: str | Path, *, sheets: Iterable[str] | None = None,
               limits: Limits = Limits()) -> WorkbookCells:
    """Read every sheet's non-empty cells in one streaming pass per part.

    Args:
        path: an ``.xlsx`` or ``.xlsm`` file.
        sheets: names of the worksheets whose cells to read (all when ``None``);
            the others are listed with empty ``rows``.
        limits: the package bounds (:class:`Limits`).

    Returns:
        The :class:`WorkbookCells`: every sheet in tab order with its state, and
        for worksheets their cells (see :class:`Cell`: value, exact stored
        text, type, formula, number format), hidden rows and columns, merged
        ranges and claimed dimension.  Empty cells — styled or not — are
        absent; strings are never stripped (``"  "`` is a value).

    Raises:
        WorkbookError: ``code`` is ``berkas-tidak-ada``, ``berkas-tidak-terbaca``,
            ``berkas-rusak`` (not a zip, truncated, malformed XML, a cell that
            cannot be typed: ``sheet`` and ``cell`` say where),
            ``berkas-bukan-xlsx``, ``berkas-xml-berbahaya`` (DTD/entities),
            ``berkas-terlalu-banyak-bagian``, ``berkas-terlalu-besar`` or
            ``berkas-rasio-kompresi-berlebihan`` (see :class:`Limits`).
    """
    wanted = None if sheets is None else set(sheets)
    # Millions of cells and elements, none in a reference cycle: the cyclic collector would
    # rescan them over and over (measured: it doubles the reading time of a large sheet).
    with collector_paused():
        return _read_cells(Path(path), wanted, limits)


#: The same readers for the writers, which find their way through the same parts.
workbook_part = _workbook_part
part_relationships = _rels
shared_strings = _shared_strings

#: The workbook part's content type → the extension Excel wants for a file holding it.
WORKBOOK_SUFFIXES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": ".xlsm",
}


def content_suffix(path: str | Path) -> str | None:
    """The extension Excel wants for the workbook at ``path`` by what it holds, whatever its
    name: ``".xlsm"`` for a macro-enabled workbook, ``".xlsx"`` for a plain one (the content type
    ``[Content_Types].xml`` gives its workbook part, ECMA-376 Part 2 §10.1.2.1); None when that
    cannot be told (no such part or type, or the package cannot be read)."""
    try:
        with open_package(Path(path)) as package:
            part = "/" + _workbook_part(package).lstrip("/")
            types = package.parse_xml("[Content_Types].xml")
    except Exception:  # noqa: BLE001 - what cannot be told is None; reading reports the rest
        return None
    content_type = next(
        (el.get("ContentType", "") for el in types.iter()
         if el.tag.rpartition("}")[2] == "Override" and el.get("PartName", "").lower() == part.lower()),
        "",
    )
    return WORKBOOK_SUFFIXES.get(content_type.strip().lower())


def _read_cells(path: Path, wanted: set[str] | None, limits: Limits) -> WorkbookCells:
    with open_package(path, limits=limits) as package:
        wb_part = _workbook_part(package)
        if package.find(wb_part) is None:
            raise WorkbookError.from_code(
                CODE_NOT_XLSX, path=package.path, berkas=package.path.name,
                jenis=Text(f"adalah paket tanpa bagian {wb_part}", f"is a package without a {wb_part} part"))
        rels = _rels(package, wb_part)
        root = package.parse_xml(wb_part)
        by_kind = {kind: target for kind, target in rels.values()}
        strings = _shared_strings(package, by_kind.get("sharedStrings"))
        formats = _number_formats(package, by_kind.get("styles"))
        pr = _first(root, "workbookPr")
        date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        out = WorkbookCells(package.path, [], date1904)
        sheets_el = _first(root, "sheets")
        for el in _children(sheets_el, "sheet") if sheets_el is not None else ():
            rid = el.get(_REL_NS + "id") or el.get(_STRICT_REL_NS + "id") or ""
            kind, target = rels.get(rid, ("", None))
            sheet = SheetCells(el.get("name") or "", el.get("state") or "visible",
                               _SHEET_KINDS.get(kind, kind or "worksheet"), target)
            out.sheets.append(sheet)
            if sheet.kind != "worksheet" or (wanted is not None and sheet.name not in wanted):
                continue
            if target is None or package.find(target) is None:
                raise corrupt(package.path, Text(f"lembar {sheet.name!r} tidak ada di dalam berkas",
                                                 f"sheet {sheet.name!r} is missing from the file"))
            reader = _SheetReader(package.path, sheet, strings, formats)
            reader.finish(package.stream_children(target, "sheetData", reader.handle))
        return out
