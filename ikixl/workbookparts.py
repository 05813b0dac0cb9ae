"""The workbook-level parts a writer touches: the sheet list, relationships, content types.

:class:`WorkbookParts` finds the workbook part, its relationships and its sheets in a package
opened through :mod:`ikixl.safezip`; :func:`add_sheet` registers a new worksheet part (an entry in
``xl/workbook.xml``, a relationship, a content-type override), :func:`ensure_print_titles` gives
a sheet print titles, and :func:`drop_calc_chain` removes ``xl/calcChain.xml`` with its references.
Each edit is a byte-level insertion (:mod:`ikixl.xmlbytes`): everything else in those parts stays
as it was.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ikixl import layout
from ikixl.package import LossyWriteRefused
from ikixl.xmlbytes import XmlShapeError, check_plain, element_span, escape_attr, root_prefix

if TYPE_CHECKING:
    from ikixl.safezip import Package
    from ikixl.zippatch import PackagePatch

__all__ = [
    "SheetEntry",
    "WorkbookParts",
    "add_sheet",
    "drop_calc_chain",
    "ensure_print_titles",
    "refuse",
    "refuse_xml",
]

_WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_REL_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def refuse(path: Path, *losses: str) -> LossyWriteRefused:
    """The refusal of a write to ``path`` that would damage each of ``losses`` (Bahasa Indonesia)."""
    return LossyWriteRefused.for_losses(path, list(losses))


def refuse_xml(path: Path, what: str, exc: Exception) -> LossyWriteRefused:
    """The refusal of a write to ``path`` because ``what`` (``"bagian xl/styles.xml"``, ``"lembar
    Realisasi"``) is XML the byte-level patcher does not handle (``exc`` says how)."""
    return refuse(path, f"{what} berbentuk XML yang tidak dapat disunting ikixl ({exc})")


@dataclass
class SheetEntry:
    name: str
    part: str
    rid: str


class WorkbookParts:
    """The workbook part, its relationships and its sheets, as found in the package."""

    def __init__(self, package: Package, path: Path) -> None:
        from ikixl.xlsx import part_relationships, workbook_part

        self.package = package
        self.path = path
        self.workbook = workbook_part(package)
        self.rels_name = posixpath.join(
            posixpath.dirname(self.workbook), "_rels", posixpath.basename(self.workbook) + ".rels"
        )
        self.rels = part_relationships(package, self.workbook)
        root = package.parse_xml(self.workbook)
        if root.tag.startswith(_STRICT.decode()):
            raise refuse(path, "format Strict Open XML (simpan ulang sebagai Excel Workbook biasa)")
        self.sheets: list[SheetEntry] = []
        for el in root.iter():
            if el.tag.rpartition("}")[2] != "sheet":
                continue
            rid = next((v for k, v in el.attrib.items() if k.rpartition("}")[2] == "id"), "")
            kind, target = self.rels.get(rid, ("", ""))
            if kind == "worksheet":
                self.sheets.append(SheetEntry(el.get("name") or "", target, rid))
            else:
                self.sheets.append(SheetEntry(el.get("name") or "", "", rid))
        self.by_kind = {kind: target for kind, target in self.rels.values()}

    def read_xml(self, name: str) -> bytes:
        """A part's bytes, refused when it holds XML the byte patcher does not handle."""
        data = self.package.read_xml(name)  # the prolog checked for DTDs and entities
        try:
            check_plain(data, name)
        except XmlShapeError as exc:
            raise refuse_xml(self.path, f"bagian {name}", exc) from exc
        return data

    def sheet(self, name: str) -> SheetEntry | None:
        exact = [s for s in self.sheets if s.name == name]
        if exact:
            return exact[0]
        wanted = layout.normalize_label(name)
        return next((s for s in self.sheets if layout.normalize_label(s.name) == wanted), None)


# ============================================================================ workbook parts
def _next_id(existing: Sequence[str], prefix: str) -> str:
    numbers = [int(m.group(1)) for e in existing if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", e))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _insert_before_close(data: bytes, prefix: bytes, local: bytes, new: bytes) -> bytes:
    span = element_span(data, prefix, local)
    if span is None:
        raise XmlShapeError(f"no <{local.decode()}>")
    start, body, end = span
    if body == end:  # <sheets/>
        tag = data[start:body][:-2].rstrip() + b">"
        return data[:start] + tag + new + b"</" + prefix + local + b">" + data[end:]
    close = end - len(b"</" + prefix + local + b">")
    return data[:close] + new + data[close:]


def add_sheet(parts: WorkbookParts, patch: PackagePatch, name: str, content: bytes) -> tuple[str, int]:
    """Register a new worksheet part at the end of the workbook; returns (part, sheet index)."""
    taken = {n.lower() for n in parts.package.names}
    number = 1
    while f"xl/worksheets/sheet{number}.xml" in taken:
        number += 1
    part = f"xl/worksheets/sheet{number}.xml"
    patch.add(part, content)

    rels = parts.read_xml(parts.rels_name)
    ids = re.findall(rb'\bId="([^"]*)"', rels)
    rid = _next_id([i.decode() for i in ids], "rId")
    target = posixpath.relpath(part, posixpath.dirname(parts.workbook) or ".")
    rels_prefix = root_prefix(rels)
    rels = _insert_before_close(
        rels,
        rels_prefix,
        b"Relationships",
        b"<"
        + rels_prefix
        + b'Relationship Id="'
        + rid.encode()
        + b'" Type="'
        + _WORKSHEET_TYPE.encode()
        + b'" Target="'
        + escape_attr(target)
        + b'"/>',
    )
    patch.replace(parts.package.find(parts.rels_name) or parts.rels_name, rels)

    types_name = parts.package.find("[Content_Types].xml") or "[Content_Types].xml"
    types = patch.content(types_name) or parts.read_xml(types_name)
    types = _insert_before_close(
        types,
        root_prefix(types),
        b"Types",
        b"<"
        + root_prefix(types)
        + b'Override PartName="/'
        + part.encode()
        + b'" ContentType="'
        + _WORKSHEET_CONTENT.encode()
        + b'"/>',
    )
    patch.replace(types_name, types)

    workbook = patch.content(parts.workbook) or parts.read_xml(parts.workbook)
    p = root_prefix(workbook)
    sheet_ids = [int(x) for x in re.findall(rb'\bsheetId="(\d+)"', workbook)]
    rel_prefix = re.search(rb'xmlns:([\w.-]+)="' + re.escape(_REL_NS) + b'"', workbook)
    if rel_prefix is not None:
        id_attr = rel_prefix.group(1) + b':id="' + rid.encode() + b'"'
    else:
        id_attr = b'r:id="' + rid.encode() + b'" xmlns:r="' + _REL_NS + b'"'
    entry = (
        b"<"
        + p
        + b'sheet name="'
        + escape_attr(name)
        + b'" sheetId="'
        + str(max(sheet_ids, default=0) + 1).encode()
        + b'" '
        + id_attr
        + b"/>"
    )
    workbook = _insert_before_close(workbook, p, b"sheets", entry)
    patch.replace(parts.workbook, workbook)
    return part, len(parts.sheets)


def ensure_print_titles(parts: WorkbookParts, patch: PackagePatch, index: int, sheet_name: str) -> None:
    """Give sheet ``index`` print titles (the Cascading header row) unless it has some."""
    workbook = patch.content(parts.workbook) or parts.read_xml(parts.workbook)
    p = root_prefix(workbook)
    hdr = layout.CASCADING_HEADER_ROW
    if re.search(
        rb'name="_xlnm\.Print_Titles"[^>]*localSheetId="' + str(index).encode() + b'"', workbook
    ) or re.search(rb'localSheetId="' + str(index).encode() + rb'"[^>]*name="_xlnm\.Print_Titles"', workbook):
        return
    quoted = "'" + sheet_name.replace("'", "''") + "'"
    entry = (
        b"<"
        + p
        + b'definedName name="_xlnm.Print_Titles" localSheetId="'
        + str(index).encode()
        + b'">'
        + escape_attr(f"{quoted}!${hdr}:${hdr}")
        + b"</"
        + p
        + b"definedName>"
    )
    if element_span(workbook, p, b"definedNames") is not None:
        workbook = _insert_before_close(workbook, p, b"definedNames", entry)
    else:
        at = None
        for local in (b"externalReferences", b"functionGroups", b"sheets"):
            span = element_span(workbook, p, local)
            if span is not None:
                at = span[2]
                break
        if at is None:
            raise XmlShapeError("no <sheets>")
        workbook = (
            workbook[:at] + b"<" + p + b"definedNames>" + entry + b"</" + p + b"definedNames>" + workbook[at:]
        )
    patch.replace(parts.workbook, workbook)


def drop_calc_chain(parts: WorkbookParts, patch: PackagePatch) -> None:
    chain = parts.by_kind.get("calcChain")
    stored = parts.package.find(chain) if chain else None
    if stored is None:
        return
    patch.remove(stored)
    rels_name = parts.package.find(parts.rels_name) or parts.rels_name
    rels = patch.content(rels_name) or parts.read_xml(rels_name)
    rels = re.sub(rb"<(?:[\w.-]+:)?Relationship\b[^>]*?/calcChain\"[^>]*?/>", b"", rels)
    patch.replace(rels_name, rels)
    types_name = parts.package.find("[Content_Types].xml") or "[Content_Types].xml"
    types = patch.content(types_name) or parts.read_xml(types_name)
    types = re.sub(
        rb'<(?:[\w.-]+:)?Override\b[^>]*?PartName="/' + re.escape(stored.encode()) + rb'"[^>]*?/>',
        b"",
        types,
        flags=re.IGNORECASE,
    )
    patch.replace(types_name, types)
