"""Reading an ``.xlsx`` package's parts directly: sheets, cells, number formats.

One streaming pass per part, no spreadsheet library: :mod:`zipfile` for the
package and expat (through the C ``TreeBuilder`` of :mod:`xml.etree`) for the
XML.  :func:`read_cells` returns every worksheet's *non-empty* cells (a value,
a formula or an inline string) with their type, the exact text Excel stored,
the formula and the number format; empty styled cells are never stored, so a
sheet whose formatting reaches row 1,048,576 costs nothing extra.

Safety, in the order it is applied (each refusal is a
:class:`~ikixl.errors.WorkbookError` with a stable ``code``):

1. the zip's central directory is checked before any member is inflated:
   member count, total and per-part uncompressed size, compression ratio
   (:class:`Limits`);
2. every XML part's prolog (the bytes before its root element) is scanned and a
   part carrying ``<!DOCTYPE`` or ``<!ENTITY`` is refused before a parser sees
   it — Excel never writes either, and without a DTD no entity can be declared,
   so entity bombs and external entities cannot exist;
3. the expat parser itself refuses a DTD, entity declaration or external
   entity reference (the same handlers defusedxml installs), never loads an
   external DTD, and reads at most the declared size of each member.

Example:
    >>> wb = read_cells("iki.xlsx")                        # doctest: +SKIP
    >>> sheet = wb["Realisasi"]                            # doctest: +SKIP
    >>> sheet.value(4, 7), sheet.cell(4, 7).number_format  # doctest: +SKIP
    (0.75, '0.00%')
"""

from __future__ import annotations

import functools
import gc
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from ikixl.errors import WorkbookError

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
    "WorkbookCells",
    "is_date_format",
    "is_percent_format",
    "is_text_format",
    "open_package",
    "read_cells",
]

#: The zip or one of its XML parts is damaged or truncated.
CODE_CORRUPT = "berkas-rusak"
#: A readable zip that is not a spreadsheet package.
CODE_NOT_XLSX = "berkas-bukan-xlsx"
#: An XML part carries a DTD, entity declaration or external entity.
CODE_UNSAFE_XML = "berkas-xml-berbahaya"
#: More zip members than :attr:`Limits.max_members`.
CODE_TOO_MANY_PARTS = "berkas-terlalu-banyak-bagian"
#: Uncompressed size over :attr:`Limits.max_total_bytes` or :attr:`Limits.max_part_bytes`.
CODE_TOO_LARGE = "berkas-terlalu-besar"
#: A member inflates more than :attr:`Limits.max_ratio` times (a zip bomb).
CODE_COMPRESSION = "berkas-rasio-kompresi-berlebihan"
#: A zip member is encrypted (zip-level password).
CODE_PASSWORD = "berkas-berkata-sandi"
#: The path does not exist or is a folder.
CODE_MISSING = "berkas-tidak-ada"
#: The operating system could not read the file.
CODE_UNREADABLE = "berkas-tidak-terbaca"


@dataclass(frozen=True)
class Limits:
    """Bounds a package must respect before any of it is inflated.

    The defaults pass any real IKI workbook by a wide margin: a 240,000-row
    Realisasi sheet is about 160 MB of XML compressed about 10:1.  Excel's
    deflate rarely exceeds 30:1 even on repetitive sheets; deflate's ceiling is
    about 1,030:1, which is what a zip bomb uses.

    Attributes:
        max_members: zip members (files and folders).
        max_total_bytes: declared uncompressed size of all members, in bytes
            (1 GiB).
        max_part_bytes: declared uncompressed size of one member, in bytes
            (512 MiB).
        max_ratio: uncompressed ÷ compressed size of one member, checked for
            members larger than ``ratio_min_bytes``.
        ratio_min_bytes: members at most this large (uncompressed, bytes) are
            not ratio-checked: small repetitive parts compress very well and
            cannot hurt.
        max_prolog_bytes: bytes scanned for the root element of an XML part;
            a longer prolog is refused (Excel writes about 60 bytes).
    """

    max_members: int = 10_000
    max_total_bytes: int = 1 << 30
    max_part_bytes: int = 512 << 20
    max_ratio: float = 100.0
    ratio_min_bytes: int = 1 << 20
    max_prolog_bytes: int = 64 << 10


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


# --------------------------------------------------------------------------- the package
def _error(path: Path, code: str, message: str, *, sheet: str | None = None,
           cell: str | None = None) -> WorkbookError:
    return WorkbookError(message, path=path, code=code, sheet=sheet, cell=cell)


def _corrupt(path: Path, detail: str = "") -> WorkbookError:
    extra = f" ({detail})" if detail else ""
    return _error(
        path, CODE_CORRUPT,
        f"Berkas {path.name} rusak atau tidak lengkap{extra} (mungkin unduhan terputus). Unduh atau salin "
        "ulang berkasnya, atau buka di Excel dan simpan ulang sebagai Excel Workbook (.xlsx), lalu coba "
        "lagi.",
    )


_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)
_CHUNK = 256 << 10
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# What may precede the root element: declaration, comments, processing instructions, space.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)


class Package:
    """An opened ``.xlsx``/``.xlsm`` zip whose central directory passed :class:`Limits`.

    Use as a context manager; open with :func:`open_package`.  Member names are
    matched case-insensitively (some producers write ``xl/SharedStrings.xml``).

    Attributes:
        path: the file.
        limits: the bounds applied.
        names: every member name, as stored.
    """

    def __init__(self, path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self._zip = archive
        self.names = archive.namelist()
        self._by_lower = {n.lower(): n for n in self.names}

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the zip file."""
        self._zip.close()

    def find(self, name: str) -> str | None:
        """The stored member name matching ``name`` case-insensitively (leading ``/`` ignored)."""
        return self._by_lower.get(name.lstrip("/").lower())

    def open_xml(self, name: str) -> IO[bytes]:
        """A binary stream of an XML member whose prolog passed the DTD/entity scan.

        Args:
            name: the member (case-insensitive).

        Raises:
            WorkbookError: ``berkas-rusak`` (missing or damaged member),
                ``berkas-xml-berbahaya`` (``<!DOCTYPE``/``<!ENTITY`` before the root
                element, or a prolog over :attr:`Limits.max_prolog_bytes`).
        """
        stored = self.find(name)
        if stored is None:
            raise _corrupt(self.path, f"bagian {name} tidak ada")
        try:
            stream = self._zip.open(stored)
        except _READ_ERRORS as exc:
            raise _corrupt(self.path, f"bagian {stored} tidak dapat dibaca") from exc
        try:
            head = stream.read(min(self.limits.max_prolog_bytes, _CHUNK))
            self._check_prolog(stored, head)
        except BaseException as exc:
            stream.close()
            if isinstance(exc, _READ_ERRORS):
                raise _corrupt(self.path, f"bagian {stored} tidak dapat dibaca") from exc
            raise
        return _Prefixed(head, stream)

    def _check_prolog(self, name: str, head: bytes) -> None:
        text = _decode_prolog(head)
        pos = 0
        while True:
            m = _PROLOG_ITEM.match(text, pos)
            if m is None or m.end() == pos:
                break
            pos = m.end()
        rest = text[pos:pos + 16]
        if _DOCTYPE.search(text[:pos + 16]) or rest.startswith(b"<!"):
            raise _error(
                self.path, CODE_UNSAFE_XML,
                f"Berkas {self.path.name} berisi deklarasi XML (DOCTYPE/ENTITY) di {name} yang tidak pernah "
                "dibuat oleh Excel; berkas ini ditolak demi keamanan. Buka di Excel, salin isinya ke buku "
                "kerja baru, lalu simpan.",
            )
        if not rest.startswith(b"<") and len(head) >= self.limits.max_prolog_bytes:
            raise _error(
                self.path, CODE_UNSAFE_XML,
                f"Berkas {self.path.name} berisi bagian XML yang tidak wajar ({name}: pembuka lebih dari "
                f"{self.limits.max_prolog_bytes} bita); berkas ini ditolak demi keamanan.",
            )

    def stream_children(self, name: str, container: str,
                        handle: Callable[[list[Element]], None]) -> Element:
        """Parse an XML member in one streaming pass, handing over the children of
        ``container`` in batches as they complete, then dropping them.

        Memory stays bounded by one chunk's worth of children plus the part's
        other elements (which are kept and returned in the root).

        Args:
            name: the member (case-insensitive).
            container: local name of the element whose children are streamed
                (``sheetData``, or the root's own name such as ``sst``).
            handle: called with each batch, in document order.

        Returns:
            The root element, without the streamed children.  Tags are
            ``"namespace}local"`` (no leading ``{``).

        Raises:
            WorkbookError: ``berkas-rusak`` (damaged zip or malformed XML),
                ``berkas-xml-berbahaya`` (DTD or entities), ``berkas-terlalu-besar``
                (the member inflates beyond its declared size limit).
        """
        stream = self.open_xml(name)
        builder = TreeBuilder()
        parser = _safe_expat()
        state: dict[str, Element] = {}
        suffix = "}" + container

        def start(tag: str, attrs: dict[str, str]) -> Element:
            elem = builder.start(tag, attrs)
            if "root" not in state:
                state["root"] = elem
            if tag.endswith(suffix) or tag == container:
                state["box"] = elem
                # From here on the C builder is called directly: no Python per element.
                parser.StartElementHandler = builder.start
            return elem

        parser.StartElementHandler = start
        parser.EndElementHandler = builder.end
        parser.CharacterDataHandler = builder.data
        done = 0
        try:
            with stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    done += len(chunk)
                    if done > self.limits.max_part_bytes:
                        raise _too_large(self.path, self.limits)
                    parser.Parse(chunk, False)
                    box = state.get("box")
                    if box is not None and len(box) > 1:
                        # The last child may still be open; the others are complete.
                        batch = box[:-1]
                        del box[:-1]
                        handle(batch)
                parser.Parse(b"", True)
            box = state.get("box")
            if box is not None and len(box):
                batch = box[:]
                del box[:]
                handle(batch)
            return builder.close()
        except expat.ExpatError as exc:
            raise _corrupt(self.path, f"XML {name} tidak valid: {exc}") from exc
        except _Refused as exc:
            raise _error(
                self.path, CODE_UNSAFE_XML,
                f"Berkas {self.path.name} berisi {exc} di {name}, yang tidak pernah dibuat oleh Excel; "
                "berkas ini ditolak demi keamanan. Buka di Excel, salin isinya ke buku kerja baru, lalu "
                "simpan.",
            ) from exc
        except _READ_ERRORS as exc:
            raise _corrupt(self.path, f"bagian {name} tidak dapat dibaca") from exc

    def parse_xml(self, name: str) -> Element:
        """Parse a small XML member whole (workbook, relationships, styles)."""
        return self.stream_children(name, "\0none", lambda batch: None)


class _Prefixed:
    """A stream that replays the already-read prolog before the rest."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def read(self, n: int = -1) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            return head
        return self._stream.read(n)

    def __enter__(self) -> _Prefixed:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()

    def close(self) -> None:
        self._stream.close()


def _decode_prolog(head: bytes) -> bytes:
    """The prolog as ASCII-compatible bytes, whatever UTF-16 encoding the part uses."""
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
                       (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be")):
        if head.startswith(bom):
            body = head[len(bom):] if bom[0] in (0xFF, 0xFE) else head
            return body[: len(body) // 2 * 2].decode(codec, errors="replace").encode("utf-8", "replace")
    return head


class _Refused(Exception):
    """Raised inside expat handlers; turned into ``berkas-xml-berbahaya``."""


def _refuse(what: str) -> Callable[..., None]:
    def handler(*args: object) -> None:
        raise _Refused(what)
    return handler


def _safe_expat() -> Any:
    """An expat parser that refuses what defusedxml refuses: DTDs, entity declarations,
    external entities; it never reads an external DTD."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.StartDoctypeDeclHandler = _refuse("deklarasi DOCTYPE")
    parser.EntityDeclHandler = _refuse("deklarasi ENTITY")
    parser.UnparsedEntityDeclHandler = _refuse("deklarasi ENTITY")
    parser.ExternalEntityRefHandler = _refuse("entitas eksternal")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _too_large(path: Path, limits: Limits) -> WorkbookError:
    return _error(
        path, CODE_TOO_LARGE,
        f"Berkas {path.name} terlalu besar setelah dibuka (batas {limits.max_total_bytes >> 20} MiB "
        f"seluruhnya, {limits.max_part_bytes >> 20} MiB per bagian); berkas ini ditolak demi keamanan. "
        "Pisahkan datanya ke beberapa buku kerja.",
    )


def open_package(path: str | Path, *, limits: Limits = Limits()) -> Package:
    """Open a zip package after checking its central directory against ``limits``.

    Nothing is inflated here: sizes and ratios come from the zip's directory
    (and :meth:`Package.stream_children` never reads past a member's declared
    size).  Detecting *what* a non-zip file is (legacy ``.xls``, password,
    HTML) is left to ``reader._sniff``, which runs first.

    Args:
        path: an ``.xlsx`` or ``.xlsm`` file.
        limits: the bounds to apply.

    Returns:
        The open :class:`Package` (close it, or use ``with``).

    Raises:
        WorkbookError: ``code`` is one of ``berkas-tidak-ada``,
            ``berkas-tidak-terbaca``, ``berkas-rusak`` (not a zip, truncated,
            damaged directory), ``berkas-bukan-xlsx`` (a zip without a
            workbook part), ``berkas-terlalu-banyak-bagian``,
            ``berkas-terlalu-besar``, ``berkas-rasio-kompresi-berlebihan``.
    """
    path = Path(path)
    if not path.exists() or path.is_dir():
        raise _error(path, CODE_MISSING, f"Berkas tidak ditemukan: {path}")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise _corrupt(path) from exc
    except OSError as exc:
        raise _error(path, CODE_UNREADABLE,
                     f"Berkas {path} tidak dapat dibuka: {exc.strerror or exc}") from exc
    except _READ_ERRORS as exc:
        raise _corrupt(path) from exc
    try:
        _check_directory(path, archive, limits)
    except BaseException:
        archive.close()
        raise
    return Package(path, archive, limits)


def _check_directory(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise _error(
            path, CODE_TOO_MANY_PARTS,
            f"Berkas {path.name} berisi {len(infos)} bagian (batas {limits.max_members}); buku kerja Excel "
            "biasa tidak sebanyak itu. Berkas ini ditolak demi keamanan.",
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _error(path, CODE_PASSWORD,
                         f"Berkas {path.name} berisi bagian terenkripsi ({info.filename}). Buka di Excel, "
                         "hapus kata sandinya, simpan, lalu coba lagi.")
        size = info.file_size
        total += size
        if size > limits.max_part_bytes or total > limits.max_total_bytes:
            raise _too_large(path, limits)
        if size > limits.ratio_min_bytes and size > limits.max_ratio * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            raise _error(
                path, CODE_COMPRESSION,
                f"Berkas {path.name} berisi bagian {info.filename} yang mengembang {ratio:.0f} kali saat "
                f"dibuka (batas {limits.max_ratio:.0f} kali), ciri bom zip; berkas ini ditolak demi "
                "keamanan.",
            )
    lower = {i.filename.lower() for i in infos}
    if "[content_types].xml" not in lower and "xl/workbook.xml" not in lower:
        raise _error(path, CODE_NOT_XLSX,
                     f"Berkas {path.name} adalah arsip ZIP, bukan buku kerja Excel (.xlsx).")


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
                raise self._bad(f"nomor baris {r_attr!r}") from None
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
                        raise self._bad(f"alamat sel {ref!r}") from None
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
                    raise self._bad(f"nilai {raw!r} bertipe {kind!r}", rn, col) from None
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
            raise self._bad(f"alamat sel {ref!r}") from None

    def _bad(self, what: str, row: int | None = None, col: int | None = None) -> WorkbookError:
        cell = f"{_col_letters(col)}{row}" if row and col else None
        return _error(
            self.path, CODE_CORRUPT,
            f"Berkas {self.path.name} rusak: {what} tidak valid di lembar {self.sheet.name!r}"
            + (f" sel {cell}" if cell else "") + ". Buka di Excel, simpan ulang sebagai Excel Workbook "
            "(.xlsx), lalu coba lagi.",
            sheet=self.sheet.name, cell=cell,
        )

    def finish(self, root: Element) -> None:
        """Dimension, merged ranges and hidden columns, from the part's other elements."""
        for child in root:
            name = _local(child.tag)
            if name == "dimension":
                self.sheet.dimension = child.get("ref")
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
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_cells(Path(path), wanted, limits)
    finally:
        if collecting:
            gc.enable()


def _read_cells(path: Path, wanted: set[str] | None, limits: Limits) -> WorkbookCells:
    with open_package(path, limits=limits) as package:
        wb_part = _workbook_part(package)
        if package.find(wb_part) is None:
            raise _error(package.path, CODE_NOT_XLSX,
                         f"Berkas {package.path.name} tidak berisi buku kerja Excel ({wb_part} tidak ada).")
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
                raise _corrupt(package.path, f"lembar {sheet.name!r} tidak ada di dalam berkas")
            reader = _SheetReader(package.path, sheet, strings, formats)
            reader.finish(package.stream_children(target, "sheetData", reader.handle))
        return out
