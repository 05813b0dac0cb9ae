"""The one guarded way ikixl opens an ``.xlsx``/``.xlsm`` package and parses its XML parts.

Every part ikixl reads — cells for :mod:`ikixl.xlsx`, the parts python-calamine
parses for :mod:`ikixl.fastread`, the loss inspection of :mod:`ikixl.package`
before a write — goes through :func:`open_package` and
:meth:`Package.stream_children` or :meth:`Package.read_xml`.  The safeguards, in
the order they apply (each refusal is a :class:`~ikixl.errors.WorkbookError`
whose ``code`` is a catalogue entry):

1. the zip's central directory is checked before any member is inflated
   against :class:`Limits` — by default at most 10,000 members
   (``berkas-terlalu-banyak-bagian``), 1 GiB uncompressed in all and 512 MiB
   per member (``berkas-terlalu-besar``), and no member larger than 1 MiB that
   inflates more than 100 times (``berkas-rasio-kompresi-berlebihan``, a zip
   bomb); an encrypted member is ``berkas-berkata-sandi``;
2. every XML part's prolog (the bytes before its root element, at most 64 KiB)
   is scanned and a part carrying ``<!DOCTYPE`` or ``<!ENTITY`` is refused
   before a parser sees it (``berkas-xml-berbahaya``) — Excel never writes
   either, and without a DTD no entity can be declared, so entity bombs and
   external entities cannot exist;
3. the expat parser itself refuses a DTD, entity declaration or external
   entity reference (the same handlers defusedxml installs), never loads an
   external DTD, and never reads more than the per-member limit.

Nothing here imports a spreadsheet or dataframe library.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from ikixl.catalogue import Text
from ikixl.errors import WorkbookError

__all__ = [
    "CODE_COMPRESSION",
    "CODE_CORRUPT",
    "CODE_MISSING",
    "CODE_NOT_XLSX",
    "CODE_PASSWORD",
    "CODE_TOO_LARGE",
    "CODE_TOO_MANY_PARTS",
    "CODE_UNREADABLE",
    "CODE_UNSAFE_XML",
    "Limits",
    "Package",
    "ZIP_ARCHIVE",
    "corrupt",
    "open_package",
    "sniff",
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

#: What a zip without a workbook part is, for ``berkas-bukan-xlsx``'s ``{jenis}``.
ZIP_ARCHIVE = Text("adalah arsip ZIP", "is a ZIP archive")


@dataclass(frozen=True)
class Limits:
    """Bounds a package must respect before any of it is inflated.

    The defaults pass any real IKI workbook by a wide margin: a 240,000-row
    Realisasi sheet is about 160 MB of XML compressed about 10:1.  Excel's
    deflate rarely exceeds 30:1 even on repetitive sheets; deflate's ceiling is
    about 1,030:1, which is what a zip bomb uses.

    Attributes:
        max_members: zip members (files and folders); default 10,000.
        max_total_bytes: declared uncompressed size of all members, in bytes
            (default 1 GiB).
        max_part_bytes: declared uncompressed size of one member, in bytes
            (default 512 MiB); also the most ever inflated from one member.
        max_ratio: uncompressed ÷ compressed size of one member, checked for
            members larger than ``ratio_min_bytes`` (default 100).
        ratio_min_bytes: members at most this large (uncompressed, bytes) are
            not ratio-checked: small repetitive parts compress very well and
            cannot hurt (default 1 MiB).
        max_prolog_bytes: bytes scanned for the root element of an XML part;
            a longer prolog is refused (Excel writes about 60 bytes; default
            64 KiB).
    """

    max_members: int = 10_000
    max_total_bytes: int = 1 << 30
    max_part_bytes: int = 512 << 20
    max_ratio: float = 100.0
    ratio_min_bytes: int = 1 << 20
    max_prolog_bytes: int = 64 << 10


# --------------------------------------------------------------------------- errors
def corrupt(path: Path, detail: Text | None = None, *, sheet: str | None = None,
            cell: str | None = None) -> WorkbookError:
    """``berkas-rusak`` for ``path``, ``detail`` saying what is damaged (both languages)."""
    return WorkbookError.from_code(
        CODE_CORRUPT, path=path, sheet=sheet, cell=cell, berkas=path.name,
        rincian=detail or Text("bukan arsip ZIP yang utuh", "not a complete ZIP archive"),
    )


def _unreadable_part(path: Path, part: str) -> WorkbookError:
    return corrupt(path, Text(f"bagian {part} tidak dapat dibaca", f"its part {part} cannot be read"))


def _unsafe(path: Path, part: str, alasan: Text) -> WorkbookError:
    return WorkbookError.from_code(CODE_UNSAFE_XML, path=path, berkas=path.name, bagian=part, alasan=alasan)


def _too_large(path: Path, limits: Limits) -> WorkbookError:
    return WorkbookError.from_code(
        CODE_TOO_LARGE, path=path, berkas=path.name, batas_total=limits.max_total_bytes >> 20,
        batas_bagian=limits.max_part_bytes >> 20,
    )


_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)
_CHUNK = 256 << 10
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# What may precede the root element: declaration, comments, processing instructions, space.
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DECLARATION = Text("berisi deklarasi XML DOCTYPE/ENTITY", "holds an XML DOCTYPE/ENTITY declaration")


# --------------------------------------------------------------------------- the package
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

    def size(self, name: str) -> int:
        """A member's declared uncompressed size in bytes (0 when there is no such member)."""
        stored = self.find(name)
        return 0 if stored is None else self._zip.getinfo(stored).file_size

    def read(self, name: str) -> bytes:
        """A member's bytes (at most its declared size, which :class:`Limits` bounds).

        Raises:
            WorkbookError: ``berkas-rusak`` (missing or damaged member).
        """
        stored = self.find(name)
        if stored is None:
            raise corrupt(self.path, Text(f"bagian {name} tidak ada", f"its part {name} is missing"))
        try:
            return self._zip.read(stored)
        except _READ_ERRORS as exc:
            raise _unreadable_part(self.path, stored) from exc

    def read_xml(self, name: str) -> bytes:
        """A whole XML member whose prolog passed the DTD/entity scan of :meth:`open_xml`,
        inflated once (at most its declared size, which :class:`Limits` bounds; CRC-checked).

        Raises:
            WorkbookError: as :meth:`open_xml` and :meth:`read`; a refused prolog
                outranks damage further in the member, as with :meth:`open_xml`.
        """
        stored = self.find(name)
        if stored is None:
            raise corrupt(self.path, Text(f"bagian {name} tidak ada", f"its part {name} is missing"))
        try:
            data = self._zip.read(stored)
        except _READ_ERRORS as exc:
            self.open_xml(stored).close()  # raises for a refused prolog or damage at its start
            raise _unreadable_part(self.path, stored) from exc
        self._check_prolog(stored, data[:min(self.limits.max_prolog_bytes, _CHUNK)])
        return data

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
            raise corrupt(self.path, Text(f"bagian {name} tidak ada", f"its part {name} is missing"))
        try:
            stream = self._zip.open(stored)
        except _READ_ERRORS as exc:
            raise _unreadable_part(self.path, stored) from exc
        try:
            head = stream.read(min(self.limits.max_prolog_bytes, _CHUNK))
            self._check_prolog(stored, head)
        except BaseException as exc:
            stream.close()
            if isinstance(exc, _READ_ERRORS):
                raise _unreadable_part(self.path, stored) from exc
            raise
        return _Prefixed(head, stream)  # type: ignore[return-value]

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
            raise _unsafe(self.path, name, _DECLARATION)
        if not rest.startswith(b"<") and len(head) >= self.limits.max_prolog_bytes:
            n = self.limits.max_prolog_bytes
            raise _unsafe(self.path, name, Text(
                f"diawali lebih dari {n} bita sebelum elemen pertamanya",
                f"has more than {n} bytes before its first element",
            ))

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
                (the member inflates beyond :attr:`Limits.max_part_bytes`).
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
            raise corrupt(self.path, Text(f"XML {name} tidak valid: {exc}", f"XML {name} is not valid: {exc}")
                          ) from exc
        except _Refused as exc:
            raise _unsafe(self.path, name, exc.what) from exc
        except _READ_ERRORS as exc:
            raise _unreadable_part(self.path, name) from exc

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

    def __init__(self, what: Text) -> None:
        super().__init__(what.english)
        self.what = what


def _refuse(what: Text) -> Callable[..., None]:
    def handler(*args: object) -> None:
        raise _Refused(what)
    return handler


def _safe_expat() -> Any:
    """An expat parser that refuses what defusedxml refuses: DTDs, entity declarations,
    external entities; it never reads an external DTD."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.StartDoctypeDeclHandler = _refuse(Text("berisi deklarasi DOCTYPE", "holds a DOCTYPE declaration"))
    entity = _refuse(Text("berisi deklarasi ENTITY", "holds an ENTITY declaration"))
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = _refuse(
        Text("merujuk entitas eksternal (ENTITY)", "refers to an external ENTITY"))
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


# --------------------------------------------------------------------------- opening
#: A guarded expat parser for a writer that checks the parts it produced (no tree is built when
#: no handler is set, so a 100 MB part parses in well under a second).
safe_expat = _safe_expat


def sniff(path: Path) -> None:
    """Refuse, by its bytes, a file that cannot be an .xlsx (with a message saying what it is).

    Only what the zip layer cannot tell: a legacy ``.xls`` (with or without a
    password), a web page named ``.xls``/``.xlsx``, other data.  Run it before
    :func:`open_package`, whose checks (limits, unsafe XML, damage) follow.

    Raises:
        WorkbookError: ``berkas-tidak-ada``, ``berkas-tidak-terbaca``,
            ``berkas-format-xls``, ``berkas-berkata-sandi`` or ``berkas-bukan-xlsx``.
    """
    if not path.exists() or path.is_dir():
        raise WorkbookError.from_code(CODE_MISSING, path=path, berkas=str(path))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            fh.seek(0)
            sample = fh.read(1 << 20)
    except OSError as exc:
        raise WorkbookError.from_code(
            CODE_UNREADABLE, path=path, berkas=path.name, rincian=exc.strerror or str(exc)
        ) from exc
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptionInfo".encode("utf-16-le") in sample or "EncryptedPackage".encode("utf-16-le") in sample:
            raise WorkbookError.from_code(CODE_PASSWORD, path=path, berkas=path.name)
        raise WorkbookError.from_code("berkas-format-xls", path=path, berkas=path.name)
    stripped = sample.lstrip()[:512].lower()
    if stripped.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table", b"\xef\xbb\xbf<")):
        raise WorkbookError.from_code(CODE_NOT_XLSX, path=path, berkas=path.name, jenis=_WEB_PAGE)
    if not head.startswith(b"PK"):
        raise WorkbookError.from_code(CODE_NOT_XLSX, path=path, berkas=path.name, jenis=_OTHER_DATA)


# What a refused file is, in words for the message (both languages).
_WEB_PAGE = Text(
    "adalah halaman web (HTML/XML) yang diberi nama Excel",
    "is a web page (HTML/XML) named like an Excel file",
)
_OTHER_DATA = Text(
    "kosong atau berisi data lain (mis. teks atau CSV)", "is empty or holds other data (e.g. text or CSV)"
)


def open_package(path: str | Path, *, limits: Limits = Limits()) -> Package:
    """Open a zip package after checking its central directory against ``limits``.

    Nothing is inflated here: sizes and ratios come from the zip's directory
    (and :meth:`Package.stream_children` never reads past the per-member
    limit).  Detecting *what* a non-zip file is (legacy ``.xls``, password,
    HTML) is left to :func:`sniff`, which runs first.

    Args:
        path: an ``.xlsx`` or ``.xlsm`` file.
        limits: the bounds to apply.

    Returns:
        The open :class:`Package` (close it, or use ``with``).

    Raises:
        WorkbookError: ``code`` is one of ``berkas-tidak-ada``,
            ``berkas-tidak-terbaca``, ``berkas-rusak`` (not a zip, truncated,
            damaged directory), ``berkas-bukan-xlsx`` (a zip without a
            workbook part), ``berkas-berkata-sandi`` (an encrypted member),
            ``berkas-terlalu-banyak-bagian``, ``berkas-terlalu-besar``,
            ``berkas-rasio-kompresi-berlebihan``.
    """
    path = Path(path)
    if not path.exists() or path.is_dir():
        raise WorkbookError.from_code(CODE_MISSING, path=path, berkas=str(path))
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise corrupt(path) from exc
    except OSError as exc:
        raise WorkbookError.from_code(CODE_UNREADABLE, path=path, berkas=path.name,
                                      rincian=exc.strerror or str(exc)) from exc
    except _READ_ERRORS as exc:
        raise corrupt(path) from exc
    try:
        _check_directory(path, archive, limits)
    except BaseException:
        archive.close()
        raise
    return Package(path, archive, limits)


def _check_directory(path: Path, archive: zipfile.ZipFile, limits: Limits) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise WorkbookError.from_code(CODE_TOO_MANY_PARTS, path=path, berkas=path.name, jumlah=len(infos),
                                      batas=limits.max_members)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookError.from_code(CODE_PASSWORD, path=path, berkas=path.name)
        size = info.file_size
        total += size
        if size > limits.max_part_bytes or total > limits.max_total_bytes:
            raise _too_large(path, limits)
        if size > limits.ratio_min_bytes and size > limits.max_ratio * max(info.compress_size, 1):
            raise WorkbookError.from_code(
                CODE_COMPRESSION, path=path, berkas=path.name, bagian=info.filename,
                rasio=f"{size / max(info.compress_size, 1):.0f}", batas=f"{limits.max_ratio:.0f}",
            )
    lower = {i.filename.lower() for i in infos}
    if "[content_types].xml" not in lower and "xl/workbook.xml" not in lower:
        raise WorkbookError.from_code(CODE_NOT_XLSX, path=path, berkas=path.name, jenis=ZIP_ARCHIVE)
