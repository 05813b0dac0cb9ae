"""Write a zip package that differs from another only in the members asked for.

A workbook is a zip of XML parts.  To change three parts of a 1,000-part
workbook without touching the others, :class:`PackagePatch` copies every
unchanged member's *compressed* bytes as they are (no inflate, no deflate: the
part cannot change, and copying is fast), replaces or adds the members it was
given, and drops the ones it was told to drop.  Members keep their order,
names, timestamps and compression method; new members go at the end.

The output is deterministic: the same input and the same changes give the same
bytes (new members get a fixed timestamp), so computing a workbook twice gives
identical parts.

The zip format written is the plain one of PKWARE's APPNOTE (no Zip64, no
encryption, no data descriptors); a package needing Zip64 is over ikixl's
package limits (:class:`ikixl.safezip.Limits`) long before.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import BinaryIO, NamedTuple

_deflater: ModuleType
try:  # Intel's ISA-L: the same raw deflate and CRC-32 as zlib's, about four times faster
    from isal import isal_zlib as _deflater
except ImportError:  # pragma: no cover - a dependency; zlib gives a valid, larger, slower member
    _deflater = zlib

__all__ = ["PackagePatch", "Packed", "deflate"]

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_DATA_DESCRIPTOR = 0x08
_UTF8 = 0x800
_LIMIT = 0xFFFFFFFF
#: Deflate level of the members written anew: with ISA-L, level 1 deflates a 24 MB Realisasi
#: sheet in 0.03 s to 3.4 MB (zlib: level 1 0.11 s to 3.8 MB, level 6 0.6 s to 2.8 MB).
_LEVEL = 1
#: A member's deflated bytes, CRC-32 and uncompressed size (:func:`deflate`).
Packed = tuple[bytes, int, int]
#: The timestamp of a member the package did not have (the zip epoch): no clock in the output.
NEW_MEMBER_TIME = (1980, 1, 1, 0, 0, 0)


def _dos_time(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


class PackagePatch:
    """Changes to a zip package, written as a new package by :meth:`write`.

    Example::

        with zipfile.ZipFile(src) as archive:
            patch = PackagePatch(src, archive)
            patch.replace("xl/worksheets/sheet3.xml", new_bytes)
            patch.add("xl/worksheets/sheet9.xml", sheet_bytes)
            patch.remove("xl/calcChain.xml")
            patch.write(tmp)

    Args:
        path: the package file (read again for the raw copies).
        archive: the same file opened with :class:`zipfile.ZipFile` (its directory).
    """

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path = path
        self._infos = archive.infolist()
        self._names = {info.filename for info in self._infos}
        self._replaced: dict[str, bytes] = {}
        self._added: dict[str, bytes] = {}
        self._removed: set[str] = set()
        self._packed: dict[str, tuple[bytes, int, int]] = {}
        self._inflated: set[str] = set()  # members whose packed bytes were inflated back and compared

    @property
    def changed(self) -> list[str]:
        """Members replaced or added, in the order they will be written."""
        order = [i.filename for i in self._infos if i.filename in self._replaced]
        return order + list(self._added)

    def content(self, name: str) -> bytes | None:
        """The new content given to member ``name`` so far (replaced or added), or None."""
        return self._replaced.get(name, self._added.get(name))

    def replace(self, name: str, data: bytes) -> None:
        """Give member ``name`` (stored name, exact) new content.

        Raises:
            KeyError: the package has no such member.
        """
        if name not in self._names:
            raise KeyError(name)
        self._replaced[name] = data
        self._packed.pop(name, None)
        self._inflated.discard(name)

    def add(self, name: str, data: bytes) -> None:
        """Add a member at the end of the package.

        Raises:
            ValueError: the package already has a member of that name (case-insensitively).
        """
        if name.lower() in {n.lower() for n in self._names} | {n.lower() for n in self._added}:
            raise ValueError(f"member exists: {name}")
        self._added[name] = data

    def remove(self, name: str) -> None:
        """Leave member ``name`` out of the output (no error when it does not exist)."""
        self._removed.add(name)

    def compress(self, skip: Iterable[str] = ()) -> None:
        """Deflate every new or replaced member not deflated yet, but those in ``skip`` (deflated
        elsewhere, :meth:`use_packed`); :meth:`write` then only copies bytes."""
        skipped = set(skip)
        for name, content in [*self._replaced.items(), *self._added.items()]:
            if name not in self._packed and name not in skipped:
                self._packed[name] = deflate(content)

    def use_packed(self, name: str, packed: Packed, *, inflated: bool = False) -> None:
        """Use ``packed`` (what :func:`deflate` gave for the content of member ``name``, deflated
        elsewhere) when writing ``name``; ``inflated``: it was found to inflate to that content
        (:func:`inflates_to`) where it was made.

        Raises:
            KeyError: ``name`` has no new content.
        """
        if self.content(name) is None:
            raise KeyError(name)
        self._packed[name] = packed
        if inflated:
            self._inflated.add(name)
        else:
            self._inflated.discard(name)

    def inflated(self, name: str) -> Packed | None:
        """The deflated bytes member ``name`` is written with when they were found to inflate to
        its content (:meth:`use_packed`), else None."""
        return self._packed.get(name) if name in self._inflated else None

    def write(self, target: Path) -> None:
        """Write the patched package to ``target`` (created or truncated).

        Raises:
            OSError: reading the source or writing the target failed.
            ValueError: the source member's local header is damaged, or the
                package would need Zip64.
        """
        entries: list[_Entry] = []
        with self.path.open("rb") as src, target.open("wb") as out:
            for info in self._infos:
                name = info.filename
                if name in self._removed:
                    continue
                time, date = _dos_time(info.date_time)
                if name in self._replaced:
                    method = (
                        info.compress_type
                        if info.compress_type == zipfile.ZIP_STORED
                        else zipfile.ZIP_DEFLATED
                    )
                    packed = self._packed.get(name) if method == zipfile.ZIP_DEFLATED else None
                    data, crc, size = packed or _compress(self._replaced[name], method)
                else:
                    data, crc, size, method = (
                        _raw_member(src, info),
                        info.CRC,
                        info.file_size,
                        info.compress_type,
                    )
                flags = info.flag_bits & ~_DATA_DESCRIPTOR
                entries.append(
                    _write_member(
                        out,
                        name,
                        data,
                        crc,
                        size,
                        method,
                        flags,
                        time,
                        date,
                        info.extract_version,
                        info.create_version,
                        info.create_system,
                        info.internal_attr,
                        info.external_attr,
                    )
                )
            for name, content in self._added.items():
                time, date = _dos_time(NEW_MEMBER_TIME)
                data, crc, size = self._packed.get(name) or _compress(content, zipfile.ZIP_DEFLATED)
                flags = _UTF8 if not name.isascii() else 0
                entries.append(
                    _write_member(
                        out, name, data, crc, size, zipfile.ZIP_DEFLATED, flags, time, date, 20, 20, 0, 0, 0
                    )
                )
            _write_directory(out, entries)


def deflate(content: bytes) -> Packed:
    """``content`` deflated as a zip member (raw deflate, :data:`_LEVEL`), its CRC-32 and size."""
    return _compress(content, zipfile.ZIP_DEFLATED)


def inflates_to(packed: Packed, content: bytes) -> bool:
    """Whether ``packed`` (:func:`deflate`'s) inflates to ``content``, with its CRC-32 and size."""
    data, crc, size = packed
    return size == len(content) and crc == zlib.crc32(content) and zlib.decompress(data, -15) == content


def stored_member(path: Path, name: str) -> tuple[bytes, int, int] | None:
    """Member ``name`` of the package at ``path`` as stored: ``(its deflated bytes, the CRC-32 and
    size its directory entry records)``, or None when it is missing or not deflated.

    Raises:
        OSError, zipfile.BadZipFile: the package cannot be read.
        ValueError: the member's local header is damaged.
    """
    with zipfile.ZipFile(path) as archive, path.open("rb") as fh:
        try:
            info = archive.getinfo(name)
        except KeyError:
            return None
        if info.compress_type != zipfile.ZIP_DEFLATED:
            return None
        return _raw_member(fh, info), info.CRC, info.file_size


def _compress(content: bytes, method: int) -> Packed:
    crc = _deflater.crc32(content)
    if method == zipfile.ZIP_STORED:
        return content, crc, len(content)
    packer = _deflater.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush(), crc, len(content)


def _raw_member(fh: BinaryIO, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of ``info`` as stored in the source package."""
    fh.seek(info.header_offset)
    header = fh.read(_LOCAL.size)
    if len(header) != _LOCAL.size or header[:4] != _LOCAL_SIG:
        raise ValueError(f"damaged local header: {info.filename}")
    fields = _LOCAL.unpack(header)
    name_len, extra_len = fields[-2], fields[-1]
    fh.seek(info.header_offset + _LOCAL.size + name_len + extra_len)
    data = fh.read(info.compress_size)
    if len(data) != info.compress_size:
        raise ValueError(f"truncated member: {info.filename}")
    return data


class _Entry(NamedTuple):
    """What the central directory records of one member written."""

    name: bytes
    extract_version: int
    create_version: int
    create_system: int
    flags: int
    method: int
    time: int
    date: int
    crc: int
    compressed: int
    size: int
    internal_attr: int
    external_attr: int
    offset: int


def _write_member(
    out: BinaryIO,
    name: str,
    data: bytes,
    crc: int,
    size: int,
    method: int,
    flags: int,
    time: int,
    date: int,
    extract_version: int,
    create_version: int,
    create_system: int,
    internal_attr: int,
    external_attr: int,
) -> _Entry:
    encoded = name.encode("utf-8" if flags & _UTF8 else "cp437")
    offset = out.tell()
    if max(offset, len(data), size) >= _LIMIT:
        raise ValueError("package too large for a plain zip")
    out.write(
        _LOCAL.pack(
            _LOCAL_SIG,
            max(extract_version, 20),
            0,
            flags,
            method,
            time,
            date,
            crc,
            len(data),
            size,
            len(encoded),
            0,
        )
    )
    out.write(encoded)
    out.write(data)
    return _Entry(
        encoded,
        max(extract_version, 20),
        create_version,
        create_system,
        flags,
        method,
        time,
        date,
        crc,
        len(data),
        size,
        internal_attr,
        external_attr,
        offset,
    )


def _write_directory(out: BinaryIO, entries: Iterable[_Entry]) -> None:
    start = out.tell()
    count = 0
    for e in entries:
        out.write(
            _CENTRAL.pack(
                _CENTRAL_SIG,
                e.create_version,
                e.create_system,
                e.extract_version,
                0,
                e.flags,
                e.method,
                e.time,
                e.date,
                e.crc,
                e.compressed,
                e.size,
                len(e.name),
                0,
                0,
                0,
                e.internal_attr,
                e.external_attr,
                e.offset,
            )
        )
        out.write(e.name)
        count += 1
    size = out.tell() - start
    if count >= 0xFFFF or start >= _LIMIT:
        raise ValueError("package too large for a plain zip")
    out.write(_END.pack(_END_SIG, 0, 0, count, count, size, start, 0))
