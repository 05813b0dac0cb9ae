"""Workbooks that carry a clerk's Excel features, and the part-by-part comparison
that says whether ``ikixl compute`` kept them.

:func:`compare_packages` is the specification of the write-back, member by
member (decompressed bytes), between a workbook and the same workbook after an
in-place compute:

1. the members are the same, except that ``xl/calcChain.xml`` may go and one
   worksheet part may come, for a ``Cascading`` sheet the input did not have;
   no member is stored twice;
2. the ``Cascading`` sheet's worksheet part is ikixl's: anything may change;
3. ``xl/styles.xml`` is append-only: each collection (numFmts, fonts, fills,
   borders, cellStyleXfs, cellXfs, cellStyles, dxfs) starts with the input's
   children, unchanged and in order; only ``count`` and new trailing children
   differ; every other top-level element is identical, and the top-level
   elements stay in schema order (a new ``<dxfs>`` goes before ``<tableStyles>``);
4. ``xl/workbook.xml``: the input's ``<sheet>`` entries are a prefix of the
   output's, followed by at most one new ``Cascading`` entry; every input
   ``<definedName>`` is still there; ``calcPr`` may change; every other
   element is identical;
5. the workbook's relationships and ``[Content_Types].xml`` keep every input
   entry (calcChain's may go); new relationships and ``Override`` entries may
   come (no new ``Default``), pointing to members that exist, with no
   relationship id used twice; nothing still refers to a dropped member;
6. the ``Realisasi`` worksheet part is identical once both versions lose what
   ikixl owns there: the cells of the computed columns from the header row
   down (columns whose header is a computed label of
   ``layout.REALISASI_COMPUTED_COLUMNS``, plus computed columns appended where
   the input's header row was blank), conditional formats whose every rule
   carries :data:`ikixl.formatting.RULE_MARKER`, the ``<col>`` elements (the
   width, style and hidden state of every input column must still be the
   same), ``<dimension>`` and the ``spans`` of rows;
7. every other member is byte-identical (docProps, sharedStrings, themes,
   other sheets, drawings, media, charts, comments, VML, vbaProject.bin…).

XML is parsed with the standard library only after the bytes are seen to hold
no DOCTYPE; the root's namespace declarations of every part compared as XML
must all still be there (Excel reads ``mc:Ignorable`` prefixes through them).

The fixtures are format-v1 workbooks of :mod:`workbook_factory` plus one
feature each (:data:`FEATURES`), built with openpyxl where it can write the
feature and at zip level where it cannot (pictures, shapes, Excel 2010+
extensions, macros).  Each fixture also names what must still be seen in it
after a compute (``verify``), read back with openpyxl.
"""

from __future__ import annotations

import copy
import posixpath
import re
import shutil
import struct
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

import openpyxl
import pytest
from libreoffice import convert
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from workbook_factory import (
    JABATAN,
    MONTHS,
    build_workbook,
    col_of,
    indikator_cell,
    jabatan_cell,
    realisasi_cell,
    realisasi_row,
)

from ikixl import layout
from ikixl.formatting import RULE_MARKER

ROOT = Path(__file__).resolve().parent.parent
#: Real workbooks of the kinds that hurt a writer.  Copies of two handed failing inputs (shared/cases/bugs), kept here so the tests need nothing outside
#: the repository.
BUGS = ROOT / "tests" / "data"
B01 = BUGS / "B01_x14_extensions.xlsx"
B03 = BUGS / "B03_template.xlsm"
#: The shipped example (XlsxWriter's XML, shared strings, 21 jabatan sheets, computed headers present).
EXAMPLE = ROOT / "examples" / "dinsos_kukar_2023.xlsx"

R = layout.SHEET_REALISASI
CASCADING = layout.SHEET_CASCADING
CALC_CHAIN = "xl/calcChain.xml"
#: The last Realisasi row of the factory workbook (12 months of 6 indicators).
LAST_ROW = layout.REALISASI_HEADER_ROW + sum(len(j["indikator"]) for j in JABATAN) * len(MONTHS)

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
NS_XM = "http://schemas.microsoft.com/office/excel/2006/main"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CT_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_WORKBOOK_MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"
#: Extension URIs of Excel 2010+ worksheet extensions.
EXT_X14_CF = "{78C0D931-6437-407d-A8EE-F0AAD7539E65}"
EXT_X14_DV = "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"
EXT_X14_RULE_ID = "{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"

# ============================================================================ zip members


def read_members(path: Path) -> dict[str, bytes]:
    """Every member of a zip package, name → decompressed bytes, in the archive's order."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def member_names(path: Path) -> list[str]:
    """The archive's member names as stored (a name twice shows up twice)."""
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def write_members(path: Path, members: Mapping[str, bytes]) -> Path:
    """Write ``members`` as a deflated zip package at ``path``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def patch_package(source: Path, target: Path, changes: Mapping[str, bytes | None]) -> Path:
    """Copy ``source`` to ``target`` with ``changes`` applied: new bytes for a member (added
    at the end when new), None to remove it; every other member is copied as it is."""
    members = read_members(source)
    for name, data in changes.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    return write_members(target, members)


def replace_once(data: bytes, old: str | bytes, new: str | bytes) -> bytes:
    """``data`` with the single occurrence of ``old`` replaced (an assertion when not exactly one)."""
    old_b = old.encode() if isinstance(old, str) else old
    new_b = new.encode() if isinstance(new, str) else new
    assert data.count(old_b) == 1, f"expected one {old_b[:80]!r}, found {data.count(old_b)}"
    return data.replace(old_b, new_b)


# ============================================================================ XML basics


def local(tag: object) -> str:
    """``{namespace}name`` → ``name``."""
    return str(tag).rsplit("}", 1)[-1]


def parse_xml(data: bytes, name: str = "part") -> ET.Element:
    """Parse one part's XML, refusing a DOCTYPE (the standard library would expand entities).

    Raises:
        ValueError: the part holds a DOCTYPE or an entity declaration.
        ET.ParseError: the part is not well-formed.
    """
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ValueError(f"{name}: holds a DOCTYPE or an entity declaration")
    return ET.fromstring(data)


_XMLNS = re.compile(rb"""\sxmlns(?::([\w.-]+))?\s*=\s*(["'])(.*?)\2""", re.DOTALL)


def root_namespaces(data: bytes) -> set[tuple[str, str]]:
    """(prefix, uri) of every namespace declared on the root element of an XML part."""
    start = re.search(rb"<(?![?!])[^>]*>", data)
    if start is None:
        return set()
    return {((m.group(1) or b"").decode(), m.group(3).decode()) for m in _XMLNS.finditer(start.group(0))}


def _text_of(el: ET.Element) -> str:
    # Whitespace between child elements is indentation, not content; a leaf's text always counts.
    if el.text is None or (len(el) and not el.text.strip()):
        return ""
    return el.text


def canon(el: ET.Element) -> str:
    """A canonical serialisation: namespaces as URIs, attributes sorted, indentation dropped."""
    attrs = "".join(f' {k}="{escape(v, {chr(34): "&quot;"})}"' for k, v in sorted(el.attrib.items()))
    inner = "".join(canon(child) + escape(_tail_of(child)) for child in el)
    return f"<{el.tag}{attrs}>{escape(_text_of(el))}{inner}</{el.tag}>"


def _tail_of(el: ET.Element) -> str:
    return el.tail if el.tail and el.tail.strip() else ""


_LABEL_KEYS = ("r", "ref", "sqref", "name", "Id", "PartName", "Extension", "uri", "id", "min")


def label(el: ET.Element) -> str:
    """An element as a person finds it: ``c[r=E30]``, ``sheet[name=SEK]``, ``font``."""
    for key in _LABEL_KEYS:
        if key in el.attrib:
            return f"{local(el.tag)}[{key}={el.attrib[key]}]"
    return local(el.tag)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def first_difference(old: ET.Element, new: ET.Element, where: str = "") -> str:
    """Where two elements first differ, as a path of :func:`label` s and what differs there."""
    here = f"{where}/{label(old)}"
    if old.tag != new.tag:
        return f"{where}: <{label(old)}> became <{label(new)}>"
    if old.attrib != new.attrib:
        keys = sorted(set(old.attrib) | set(new.attrib))
        changed = [f"{local(k)}: {old.attrib.get(k)!r} → {new.attrib.get(k)!r}"
                   for k in keys if old.attrib.get(k) != new.attrib.get(k)]
        return f"{here}: attributes changed ({'; '.join(changed)})"
    if _text_of(old) != _text_of(new):
        return f"{here}: text {_short(_text_of(old))!r} → {_short(_text_of(new))!r}"
    for o, n in zip(old, new, strict=False):
        if canon(o) != canon(n):
            return first_difference(o, n, here)
    if len(old) > len(new):
        return f"{here}: child <{label(old[len(new)])}> removed (and {len(old) - len(new) - 1} more)"
    if len(new) > len(old):
        return f"{here}: child <{label(new[len(old)])}> added (and {len(new) - len(old) - 1} more)"
    return f"{here}: differs in tails"


# ============================================================================ the package's map


def rels_name(part: str) -> str:
    """The relationships part of ``part``: ``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(source: str, target: str) -> str:
    """A relationship's target as a member name (targets are relative to the source's folder,
    or absolute from the package root when they start with ``/``)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relationships(members: Mapping[str, bytes], part: str) -> list[ET.Element]:
    """The ``<Relationship>`` elements of ``part`` (none when it has no relationships part)."""
    data = members.get(rels_name(part))
    return [] if data is None else list(parse_xml(data, rels_name(part)))


@dataclass(frozen=True)
class PackageMap:
    """Where a workbook's parts are: ``sheets`` maps a sheet name to its worksheet part."""

    workbook: str
    sheets: dict[str, str]
    styles: str | None
    shared_strings: str | None

    def sheet(self, name: str) -> str | None:
        """The part of sheet ``name`` (matched as ikixl matches labels)."""
        wanted = layout.normalize_label(name)
        for title, part in self.sheets.items():
            if layout.normalize_label(title) == wanted:
                return part
        return None


def package_map(members: Mapping[str, bytes]) -> PackageMap:
    """Find the workbook, its sheets, styles and shared strings through the relationships."""
    [workbook] = [resolve("", r.get("Target", "")) for r in relationships(members, "")
                  if r.get("Type", "").endswith("/officeDocument")]
    rels = {r.get("Id"): r for r in relationships(members, workbook)}
    by_type = {r.get("Type", "").rsplit("/", 1)[-1]: resolve(workbook, r.get("Target", ""))
               for r in rels.values()}
    root = parse_xml(members[workbook], workbook)
    sheets: dict[str, str] = {}
    for sheet in root.iter(f"{{{NS_MAIN}}}sheet"):
        rel = rels.get(sheet.get(f"{{{NS_R}}}id"))
        if rel is not None:
            sheets[sheet.get("name", "")] = resolve(workbook, rel.get("Target", ""))
    return PackageMap(workbook, sheets, by_type.get("styles"), by_type.get("sharedStrings"))


def shared_strings(members: Mapping[str, bytes], where: PackageMap) -> list[str]:
    """The shared strings' texts (phonetic runs left out)."""
    if where.shared_strings is None or where.shared_strings not in members:
        return []
    texts = []
    for si in parse_xml(members[where.shared_strings], where.shared_strings):
        parts = []
        for child in si:
            if local(child.tag) == "t":
                parts.append(child.text or "")
            elif local(child.tag) == "r":
                parts.extend(t.text or "" for t in child if local(t.tag) == "t")
        texts.append("".join(parts))
    return texts


_REF = re.compile(r"([A-Z]+)(\d+)")


def column_index(letters: str) -> int:
    """``A`` → 1, ``AA`` → 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def iter_cells(row: ET.Element) -> Iterable[tuple[int, ET.Element]]:
    """(column, ``<c>``) of a ``<row>``; a cell without ``r`` follows the one before it."""
    col = 0
    for c in row:
        if local(c.tag) != "c":
            continue
        ref = c.get("r")
        col = column_index(_REF.match(ref).group(1)) if ref else col + 1  # type: ignore[union-attr]
        yield col, c


def iter_rows(sheet_data: ET.Element) -> Iterable[tuple[int, ET.Element]]:
    """(row number, ``<row>``) of a ``<sheetData>``; a row without ``r`` follows the one before it."""
    number = 0
    for row in sheet_data:
        number = int(row.get("r") or number + 1)
        yield number, row


def cell_text(c: ET.Element, strings: Sequence[str]) -> str | None:
    """What a cell shows as text (shared, inline or plain value)."""
    kind = c.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(f"{{{NS_MAIN}}}t"))
    v = c.find(f"{{{NS_MAIN}}}v")
    if v is None or v.text is None:
        return None
    if kind == "s":
        index = int(v.text)
        return strings[index] if 0 <= index < len(strings) else None
    return v.text


def realisasi_header(root: ET.Element, strings: Sequence[str]) -> tuple[int, dict[int, str]] | None:
    """(header row, column → header text) of a Realisasi worksheet: the first of its first 30
    rows holding the Kode Indikator and Bulan headers (as the writer finds it)."""
    sheet_data = root.find(f"{{{NS_MAIN}}}sheetData")
    if sheet_data is None:
        return None
    anchors = [c for c in layout.REALISASI_INPUT_COLUMNS if c.key in ("kode_indikator", "bulan")]
    for number, row in iter_rows(sheet_data):
        if number > 30:
            break
        texts = {col: text for col, c in iter_cells(row) if (text := cell_text(c, strings))}
        if all(any(a.matches(t) for t in texts.values()) for a in anchors):
            return number, texts
    return None


def computed_columns(texts: Mapping[int, str]) -> set[int]:
    """Columns whose header is a computed label (the first layout column a header matches decides)."""
    found = set()
    for col, text in texts.items():
        column = next((c for c in layout.REALISASI_COLUMNS if c.matches(text)), None)
        if column is not None and column.kind == "computed":
            found.add(col)
    return found


def is_ikixl_conditional_format(cf: ET.Element) -> bool:
    """A ``<conditionalFormatting>`` every rule of which carries ikixl's marker."""
    rules = [r for r in cf if local(r.tag) == "cfRule"]
    return bool(rules) and all(
        any(RULE_MARKER in (f.text or "") for f in rule if local(f.tag) == "formula") for rule in rules
    )


def column_properties(root: ET.Element) -> dict[int, dict[str, str]]:
    """Column → attributes of the ``<col>`` covering it (min/max left out)."""
    found: dict[int, dict[str, str]] = {}
    for cols in root.findall(f"{{{NS_MAIN}}}cols"):
        for col in cols:
            attrs = {k: v for k, v in col.attrib.items() if k not in ("min", "max")}
            for index in range(int(col.get("min", "0")), int(col.get("max", "0")) + 1):
                found[index] = attrs
    return found


def strip_owned(root: ET.Element, owned: set[int], header_row: int) -> ET.Element:
    """A copy of a Realisasi worksheet without what ikixl owns there (see the module docstring)."""
    root = copy.deepcopy(root)
    for child in list(root):
        name = local(child.tag)
        if name in ("dimension", "cols") or (name == "conditionalFormatting"
                                              and is_ikixl_conditional_format(child)):
            root.remove(child)
        elif name == "sheetData":
            for number, row in iter_rows(child):
                row.attrib.pop("spans", None)
                if number >= header_row:
                    for col, c in list(iter_cells(row)):
                        if col in owned:
                            row.remove(c)
    return root


# ============================================================================ the comparison


def compare_packages(before: Path, after: Path) -> list[str]:
    """How ``after`` (a workbook after an in-place compute) differs from ``before`` in what the
    writer does not own (the rules are in the module docstring).

    Returns:
        Human-readable differences, each naming the member; empty when everything the
        writer does not own was preserved.
    """
    problems = [f"{name}: stored {count} times in the output archive"
                for name, count in Counter(member_names(after)).items() if count > 1]
    old, new = read_members(before), read_members(after)
    old_map = package_map(old)  # an unreadable input is a broken test, not a difference
    new_map: PackageMap | None
    try:
        new_map = package_map(new)
    except Exception as exc:  # noqa: BLE001 - a broken output is a difference, not a crash
        new_map = None
        problems.append(f"the output's sheets cannot be found through its relationships: {exc!r}")

    old_cascading = old_map.sheet(CASCADING)
    new_cascading = new_map.sheet(CASCADING) if new_map is not None else None
    owned = {p for p in (old_cascading, new_cascading) if p is not None}
    problems += [f"{name}: member removed" for name in old if name not in new and name != CALC_CHAIN]
    problems += [f"{name}: member added" for name in new
                 if name not in old and not (old_cascading is None and name == new_cascading)]

    realisasi = old_map.sheet(R)
    if realisasi is None:
        problems.append(f"the input has no {R} sheet")
    structured: dict[str, Callable[..., list[str]]] = {
        "[Content_Types].xml": _compare_content_types,
        old_map.workbook: _compare_workbook,
        rels_name(old_map.workbook): _compare_workbook_rels,
    }
    if old_map.styles is not None:
        structured[old_map.styles] = _compare_styles
    for name in old:
        if name not in new or name in owned or old[name] == new[name]:
            continue
        if name == realisasi:
            problems += _compare_realisasi(name, old, new, old_map, new_map)
        elif name in structured:
            problems += _compare_xml(name, old[name], new[name], structured[name],
                                     members=new, workbook=old_map.workbook)
        else:
            problems.append(f"{name}: bytes differ ({_where_bytes_differ(old[name], new[name])})")
    return problems + _dangling(old, new, old_map.workbook)


def _where_bytes_differ(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return (f"{len(a)} → {len(b)} bytes, first difference at offset {at}: "
            f"{a[at:at + 40]!r} → {b[at:at + 40]!r}")


def _compare_xml(name: str, old: bytes, new: bytes, compare: Callable[..., list[str]],
                 **context: Any) -> list[str]:
    try:
        old_root, new_root = parse_xml(old, name), parse_xml(new, name)
    except (ET.ParseError, ValueError) as exc:
        return [f"{name}: cannot be parsed ({exc})"]
    problems = _lost_namespaces(name, old, new)
    if old_root.tag != new_root.tag or old_root.attrib != new_root.attrib:
        problems.append(f"{name}: root element changed: {label(old_root)} {old_root.attrib} → "
                        f"{label(new_root)} {new_root.attrib}")
    return problems + [f"{name}: {p}" for p in compare(old_root, new_root, **context)]


def _lost_namespaces(name: str, old: bytes, new: bytes) -> list[str]:
    lost = root_namespaces(old) - root_namespaces(new)
    return [f"{name}: namespace declarations removed from the root: {sorted(lost)}"] if lost else []


def _children(root: ET.Element, names: Iterable[str]) -> list[ET.Element]:
    wanted = set(names)
    return [c for c in root if local(c.tag) in wanted]


def _others(root: ET.Element, skip: Iterable[str]) -> list[ET.Element]:
    skipped = set(skip)
    return [c for c in root if local(c.tag) not in skipped]


def _same_sequence(old: Sequence[ET.Element], new: Sequence[ET.Element], what: str) -> list[str]:
    """Problems when two element sequences differ (canonically)."""
    if [canon(e) for e in old] == [canon(e) for e in new]:
        return []
    for o, n in zip(old, new, strict=False):
        if canon(o) != canon(n):
            return [f"{what}: {first_difference(o, n)}"]
    if len(old) > len(new):
        return [f"{what}: <{label(old[len(new)])}> removed"]
    return [f"{what}: <{label(new[len(old)])}> added"]


_STYLE_COLLECTIONS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs")
_STYLE_ORDER = (*_STYLE_COLLECTIONS, "tableStyles", "colors", "extLst")


def _compare_styles(old: ET.Element, new: ET.Element, **_: Any) -> list[str]:
    problems = []
    for name in _STYLE_COLLECTIONS:
        old_el = old.find(f"{{{NS_MAIN}}}{name}")
        new_el = new.find(f"{{{NS_MAIN}}}{name}")
        if old_el is None:
            continue
        if new_el is None:
            problems.append(f"<{name}> removed")
            continue
        old_attrs = {k: v for k, v in old_el.attrib.items() if k != "count"}
        new_attrs = {k: v for k, v in new_el.attrib.items() if k != "count"}
        if old_attrs != new_attrs:
            problems.append(f"<{name}> attributes changed: {old_attrs} → {new_attrs}")
        kept = list(new_el)[: len(old_el)]
        if len(kept) < len(old_el):
            problems.append(f"<{name}> lost children: {len(old_el)} → {len(new_el)}")
        problems += _same_sequence(list(old_el)[: len(kept)], kept, f"<{name}> (existing entries)")
    problems += _same_sequence(_others(old, _STYLE_COLLECTIONS), _others(new, _STYLE_COLLECTIONS),
                               "top-level elements other than the collections")
    ranks = [_STYLE_ORDER.index(local(c.tag)) for c in new if local(c.tag) in _STYLE_ORDER]
    if ranks != sorted(ranks):
        problems.append(f"top-level elements out of schema order: {[local(c.tag) for c in new]}")
    return problems


def _compare_workbook(old: ET.Element, new: ET.Element, **_: Any) -> list[str]:
    problems = []
    old_sheets = [s for el in _children(old, ["sheets"]) for s in el]
    new_sheets = [s for el in _children(new, ["sheets"]) for s in el]
    problems += _same_sequence(old_sheets, new_sheets[: len(old_sheets)], "<sheets> (the input's entries)")
    extra = [layout.normalize_label(s.get("name")) for s in new_sheets[len(old_sheets):]]
    cascading = layout.normalize_label(CASCADING)
    had_cascading = any(layout.normalize_label(s.get("name")) == cascading for s in old_sheets)
    if extra not in ([], [] if had_cascading else [cascading]):
        problems.append(f"<sheets>: sheets added other than one new {CASCADING}: "
                        f"{[s.get('name') for s in new_sheets[len(old_sheets):]]}")
    new_names = Counter(canon(d) for el in _children(new, ["definedNames"]) for d in el)
    for name in (d for el in _children(old, ["definedNames"]) for d in el):
        if new_names[canon(name)] == 0:
            problems.append(f"<definedNames>: {label(name)} {name.attrib} {name.text!r} removed or changed")
        new_names[canon(name)] -= 1
    skip = ("sheets", "definedNames", "calcPr")
    problems += _same_sequence(_others(old, skip), _others(new, skip), "elements other than sheets, "
                               "definedNames and calcPr")
    return problems


def _compare_workbook_rels(old: ET.Element, new: ET.Element, *, members: Mapping[str, bytes],
                           workbook: str) -> list[str]:
    problems = []
    kept = {canon(r) for r in new}
    old_ids = {r.get("Id") for r in old}
    for rel in old:
        if not rel.get("Type", "").endswith("/calcChain") and canon(rel) not in kept:
            problems.append(f"{label(rel)} {rel.attrib} removed or changed")
    ids = Counter(r.get("Id") for r in new)
    problems += [f"relationship id {i} used {n} times" for i, n in ids.items() if n > 1]
    for rel in new:
        if rel.get("Id") not in old_ids and rel.get("TargetMode") != "External":
            target = resolve(workbook, rel.get("Target", ""))
            if target not in members:
                problems.append(f"new {label(rel)} points to a missing member {target}")
    return problems


def _dangling(old: Mapping[str, bytes], new: Mapping[str, bytes], workbook: str) -> list[str]:
    """References the output's workbook relationships and content types still make to a member
    the input had and the output dropped (calcChain's, typically)."""
    problems = []
    try:
        rels = relationships(new, workbook)
        types = list(parse_xml(new["[Content_Types].xml"], "[Content_Types].xml"))
    except (ET.ParseError, ValueError, KeyError):
        return []  # reported with the part itself
    for rel in rels:
        target = resolve(workbook, rel.get("Target", ""))
        if rel.get("TargetMode") != "External" and target in old and target not in new:
            problems.append(f"{rels_name(workbook)}: {label(rel)} still points to the dropped "
                            f"member {target}")
    for entry in types:
        part = entry.get("PartName", "").lstrip("/")
        if part in old and part not in new:
            problems.append(f"[Content_Types].xml: {label(entry)} still names the dropped member {part}")
    return problems


def _compare_content_types(old: ET.Element, new: ET.Element, *, members: Mapping[str, bytes],
                           **_: Any) -> list[str]:
    problems = []
    kept = {canon(e) for e in new}
    old_entries = {canon(e) for e in old}
    for entry in old:
        if entry.get("PartName") == "/" + CALC_CHAIN:
            continue
        if canon(entry) not in kept:
            problems.append(f"{label(entry)} {entry.attrib} removed or changed")
    for entry in new:
        if canon(entry) in old_entries:
            continue
        if local(entry.tag) != "Override":
            problems.append(f"{label(entry)} {entry.attrib} added (only Overrides may be added)")
        elif entry.get("PartName", "").lstrip("/") not in members:
            problems.append(f"new {label(entry)} names a missing member")
    return problems


def _compare_realisasi(name: str, old: Mapping[str, bytes], new: Mapping[str, bytes],
                       old_map: PackageMap, new_map: PackageMap | None) -> list[str]:
    if new_map is not None and new_map.sheet(R) != name:
        return [f"{name}: the {R} sheet now lives in {new_map.sheet(R)}"]
    try:
        old_root, new_root = parse_xml(old[name], name), parse_xml(new[name], name)
        # The shared strings must be byte-identical (checked on their own): read both by the input's map.
        old_strings, new_strings = shared_strings(old, old_map), shared_strings(new, old_map)
    except (ET.ParseError, ValueError) as exc:
        return [f"{name}: cannot be parsed ({exc})"]
    problems = _lost_namespaces(name, old[name], new[name])
    old_header = realisasi_header(old_root, old_strings)
    new_header = realisasi_header(new_root, new_strings)
    if old_header is None or new_header is None:
        return [*problems, f"{name}: the {R} header row is not found (before: {old_header is not None}, "
                           f"after: {new_header is not None})"]
    header_row, old_texts = old_header
    if new_header[0] != header_row:
        problems.append(f"{name}: the {R} header row moved from {header_row} to {new_header[0]}")
    owned = computed_columns(old_texts) | {c for c in computed_columns(new_header[1]) if c not in old_texts}

    old_cols, new_cols = column_properties(old_root), column_properties(new_root)
    for col in sorted((set(old_cols) | set(new_cols)) - owned):
        if old_cols.get(col) != new_cols.get(col):
            problems.append(f"{name}: column {layout.column_letter(col)} (not computed) changed its "
                            f"<col> properties: {old_cols.get(col)} → {new_cols.get(col)}")
            break
    old_rest, new_rest = strip_owned(old_root, owned, header_row), strip_owned(new_root, owned, header_row)
    if canon(old_rest) != canon(new_rest):
        problems.append(f"{name}: outside what ikixl owns: {first_difference(old_rest, new_rest)}")
    return problems


# ============================================================================ zip-level editing


#: CT_Worksheet's children in schema order (ECMA-376 Part 1, 18.3.1.99).
WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
    "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
    "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
    "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
    "extLst",
)
_TAG = re.compile(r"<(/?)([\w.-]+:)?([\w.-]+)[^>]*?(/?)>")


def top_level_spans(xml: str) -> list[tuple[str, int, int]]:
    """(local name, start, end) of every child element of the root, found by scanning tags."""
    spans = []
    depth = 0
    start = 0
    for m in _TAG.finditer(xml):
        closing, name, empty = m.group(1), m.group(3), m.group(4)
        if closing:
            depth -= 1
            if depth == 1:
                spans[-1] = (spans[-1][0], spans[-1][1], m.end())
            continue
        if depth == 1:
            start = m.start()
            spans.append((name, start, m.end()))
        if not empty:
            depth += 1
    return spans


def insert_in_worksheet(xml: str, element: str) -> str:
    """``xml`` (a worksheet part) with ``element`` inserted where the schema puts it."""
    name = re.match(r"<([\w.-]+:)?([\w.-]+)", element).group(2)  # type: ignore[union-attr]
    rank = WORKSHEET_ORDER.index(name)
    for found, start, _end in top_level_spans(xml):
        if found in WORKSHEET_ORDER and WORKSHEET_ORDER.index(found) > rank:
            return xml[:start] + element + xml[start:]
    closing = xml.rindex("</")
    return xml[:closing] + element + xml[closing:]


def add_worksheet_extension(xml: str, ext: str) -> str:
    """``xml`` (a worksheet part) with ``<ext>`` appended to its extension list (made when absent)."""
    for found, _start, end in top_level_spans(xml):
        if found == "extLst":
            closing = xml.rindex("</", 0, end)
            return xml[:closing] + ext + xml[closing:]
    return insert_in_worksheet(xml, f"<extLst>{ext}</extLst>")


def declare_namespace(xml: str, prefix: str, uri: str) -> str:
    """``xml`` with ``xmlns:prefix`` declared on its root (unchanged when already declared)."""
    if (prefix, uri) in root_namespaces(xml.encode()):
        return xml
    start = re.search(r"<(?![?!])[\w:.-]+", xml)
    assert start is not None
    return xml[: start.end()] + f' xmlns:{prefix}="{uri}"' + xml[start.end():]


def add_relationship(members: dict[str, bytes], part: str, kind: str, target: str) -> str:
    """Add a relationship from ``part`` to ``target`` (relative to ``part``'s folder); returns its Id."""
    name = rels_name(part)
    xml = members.get(name, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                            f'<Relationships xmlns="{NS_RELS}"></Relationships>'.encode()).decode()
    used = set(re.findall(r'Id="([^"]+)"', xml))
    n = 1
    while f"rId{n}" in used:
        n += 1
    rel_id = f"rId{n}"
    rel = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"/>'
    xml = xml.replace("</Relationships>", rel + "</Relationships>") if "</Relationships>" in xml \
        else xml.replace("/>", ">" + rel + "</Relationships>", 1)
    members[name] = xml.encode()
    return rel_id


def add_content_type(members: dict[str, bytes], *, override: str | None = None,
                     extension: str | None = None, content_type: str) -> None:
    """Register a part (``override``, a member name) or an extension's default content type."""
    xml = members["[Content_Types].xml"].decode()
    if override is not None:
        entry = f'<Override PartName="/{override}" ContentType="{content_type}"/>'
    else:
        if f'Extension="{extension}"' in xml:
            return
        entry = f'<Default Extension="{extension}" ContentType="{content_type}"/>'
    members["[Content_Types].xml"] = xml.replace("</Types>", entry + "</Types>").encode()


def free_name(members: Mapping[str, bytes], pattern: str) -> str:
    """The first ``pattern.format(n)`` (n = 1, 2…) not yet a member."""
    n = 1
    while pattern.format(n) in members:
        n += 1
    return pattern.format(n)


def edit_sheet(members: dict[str, bytes], sheet: str, edit: Callable[[str], str]) -> str:
    """Apply ``edit`` to the worksheet XML of ``sheet``; returns the part's name."""
    part = package_map(members).sheet(sheet)
    assert part is not None, sheet
    members[part] = edit(members[part].decode()).encode()
    return part


def add_drawing(members: dict[str, bytes], sheet: str, anchors: str,
                media: Mapping[str, bytes] | None = None) -> str:
    """Give ``sheet`` a hand-written drawing part holding ``anchors`` (``xdr:*Anchor`` elements);
    ``media`` (file name → bytes) go to ``xl/media`` and are related as ``rId1``, ``rId2``…
    from the drawing, in order.  Returns the drawing part's name."""
    drawing = free_name(members, "xl/drawings/drawing{}.xml")
    for file_name, data in (media or {}).items():
        members[f"xl/media/{file_name}"] = data
        add_relationship(members, drawing, REL + "image", f"../media/{file_name}")
        add_content_type(members, extension=file_name.rsplit(".", 1)[1], content_type="image/png")
    members[drawing] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<xdr:wsDr xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">{anchors}</xdr:wsDr>'
    ).encode()
    add_content_type(members, override=drawing, content_type=CT_DRAWING)
    part = package_map(members).sheet(sheet)
    assert part is not None, sheet
    rel_id = add_relationship(members, part, REL + "drawing", "../drawings/" + posixpath.basename(drawing))
    edit_sheet(members, sheet, lambda xml: insert_in_worksheet(declare_namespace(xml, "r", NS_R),
                                                               f'<drawing r:id="{rel_id}"/>'))
    return drawing


def tiny_png() -> bytes:
    """A valid 2×2 RGBA PNG (the logo of the fixtures), made without an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    pixel = bytes((0x1F, 0x4E, 0x79, 0xFF))
    raw = (b"\x00" + pixel * 2) * 2
    header = struct.pack(">IIBBBBB", 2, 2, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def _anchor(col: int, row: int, to_col: int, to_row: int, body: str) -> str:
    def marker(tag: str, c: int, r: int) -> str:
        return (f"<xdr:{tag}><xdr:col>{c}</xdr:col><xdr:colOff>0</xdr:colOff>"
                f"<xdr:row>{r}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:{tag}>")
    return (f'<xdr:twoCellAnchor editAs="oneCell">{marker("from", col, row)}{marker("to", to_col, to_row)}'
            f"{body}<xdr:clientData/></xdr:twoCellAnchor>")


def macro_members(members: dict[str, bytes], vba: bytes) -> None:
    """Make the package an ``.xlsm`` holding the VBA project ``vba`` (as Excel saves one)."""
    members["xl/vbaProject.bin"] = vba
    xml = members["[Content_Types].xml"].decode()
    members["[Content_Types].xml"] = xml.replace(f'ContentType="{CT_WORKBOOK}"',
                                                 f'ContentType="{CT_WORKBOOK_MACRO}"').encode()
    add_content_type(members, extension="bin", content_type=CT_VBA)
    add_relationship(members, package_map(members).workbook, REL_VBA, "vbaProject.bin")


def vba_project() -> bytes:
    """The VBA project of B03_template.xlsm."""
    with zipfile.ZipFile(B03) as archive:
        return archive.read("xl/vbaProject.bin")


def set_cell_number(path: Path, sheet: str, ref: str, value: float) -> None:
    """Change one number in ``sheet`` at zip level, leaving every other byte of the package as it
    is (a clerk's edit, without the rewrite openpyxl would make)."""
    members = read_members(path)
    part = package_map(members).sheet(sheet)
    assert part is not None, sheet
    xml = members[part].decode()
    cell = re.compile(rf'<c r="{ref}"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', re.DOTALL)
    found = cell.findall(xml)
    assert len(found) == 1, (ref, found)
    attrs = re.sub(r'\s+t="(?!n")[^"]*"', "", cell.search(xml).group("attrs"))  # type: ignore[union-attr]
    members[part] = cell.sub(f'<c r="{ref}"{attrs}><v>{value}</v></c>', xml).encode()
    write_members(path, members)


# ============================================================================ features


def load(path: Path, **options: Any) -> openpyxl.Workbook:
    """Open with openpyxl, silencing its notes about the extensions it cannot read."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, **options)


def sheet_xml(path: Path, sheet: str) -> str:
    """The worksheet XML of ``sheet``."""
    members = read_members(path)
    part = package_map(members).sheet(sheet)
    assert part is not None, sheet
    return members[part].decode()


def _same_members(before: Path, after: Path, names: Iterable[str]) -> None:
    old, new = read_members(before), read_members(after)
    for name in names:
        assert name in old, f"the fixture lacks {name}"
        assert new.get(name) == old[name], f"{name} lost or changed"


# ---- comments
COMMENT_SEK = ("SEK", jabatan_cell("nama_jabatan"), "Nama jabatan sesuai SOTK 2022")
COMMENT_REALISASI = (R, realisasi_cell("SEK.1", 2, "realisasi"), "Angka dari laporan bulanan, dicek Kasubag")


def _add_comments(wb: openpyxl.Workbook) -> None:
    for sheet, ref, text in (COMMENT_SEK, COMMENT_REALISASI):
        wb[sheet][ref].comment = Comment(text, "Operator")


def _verify_comments(before: Path, after: Path) -> None:
    wb = load(after)
    for sheet, ref, text in (COMMENT_SEK, COMMENT_REALISASI):
        comment = wb[sheet][ref].comment
        assert comment is not None and comment.text.startswith(text), (sheet, ref)
    _same_members(before, after, [n for n in read_members(before) if "comments" in n or n.endswith(".vml")])


# ---- merged cells
MERGED = {"KADIS": ["A1:F1", "A2:F2"], R: ["A1:G1", "H2:O2"]}


def _add_merged(wb: openpyxl.Workbook) -> None:
    wb[R]["H2"] = "Diisi oleh ikixl"
    for sheet, ranges in MERGED.items():
        for cells in ranges:
            wb[sheet].merge_cells(cells)


def _verify_merged(before: Path, after: Path) -> None:
    wb = load(after)
    for sheet, ranges in MERGED.items():
        assert set(ranges) <= {str(r) for r in wb[sheet].merged_cells.ranges}, sheet
    assert wb[R]["H2"].value == "Diisi oleh ikixl"


# ---- data validations
DAFTAR_BUKTI = "Daftar Bukti"
BUKTI = ("Laporan bulanan", "Berita acara", "Foto kegiatan", "Daftar hadir")


def _x14_list(sqref: str, source: str) -> str:
    return (f'<ext uri="{EXT_X14_DV}" xmlns:x14="{NS_X14}"><x14:dataValidations count="1" xmlns:xm="{NS_XM}">'
            '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
            f"<x14:formula1><xm:f>{escape(source)}</xm:f></x14:formula1><xm:sqref>{sqref}</xm:sqref>"
            "</x14:dataValidation></x14:dataValidations></ext>")


def _add_validations(wb: openpyxl.Workbook) -> None:
    daftar = wb.create_sheet(DAFTAR_BUKTI)
    daftar["A1"] = "Jenis Bukti"
    for row, text in enumerate(BUKTI, start=2):
        daftar.cell(row, 1, text)
    col = {k: layout.column_letter(col_of(layout.REALISASI_COLUMNS, k)) for k in ("bulan", "realisasi")}
    bulan = DataValidation(type="list", formula1="Pengaturan!$J$4:$J$15", allow_blank=True)
    bulan.add(f"{col['bulan']}4:{col['bulan']}{LAST_ROW}")
    angka = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           error="Realisasi tidak boleh negatif", showErrorMessage=True)
    angka.add(f"{col['realisasi']}4:{col['realisasi']}{LAST_ROW}")
    wb[R].add_data_validation(bulan)
    wb[R].add_data_validation(angka)
    jenis = DataValidation(type="list", formula1='"Jumlah,Persentase,Nilai"')
    jenis.add(f"{indikator_cell(0, 'jenis')}:{indikator_cell(9, 'jenis')}")
    wb["SEK"].add_data_validation(jenis)


def _patch_validations(members: dict[str, bytes]) -> None:
    # Excel 2010+ writes a dropdown fed from another sheet as x14:dataValidation (B01's kind).
    keterangan = layout.column_letter(col_of(layout.REALISASI_COLUMNS, "keterangan"))
    source = f"'{DAFTAR_BUKTI}'!$A$2:$A${len(BUKTI) + 1}"
    edit_sheet(members, R, lambda xml: add_worksheet_extension(
        xml, _x14_list(f"{keterangan}4:{keterangan}{LAST_ROW}", source)))
    sumber = f"{indikator_cell(0, 'sumber_data')}:{indikator_cell(9, 'sumber_data')}"
    edit_sheet(members, "SEK", lambda xml: add_worksheet_extension(xml, _x14_list(sumber, source)))


def _validations(path: Path) -> dict[str, tuple[list[tuple[str, str | None]], int]]:
    """Per sheet: (sqref, formula1) of its plain validations, and how many Excel 2010+ ones it has."""
    wb = load(path)
    return {sheet: (sorted((str(dv.sqref), dv.formula1) for dv in wb[sheet].data_validations.dataValidation),
                    sheet_xml(path, sheet).count("dataValidation "))
            for sheet in (R, "SEK")}


def _verify_validations(before: Path, after: Path) -> None:
    old = _validations(before)
    assert len(old[R][0]) >= 2 and old["SEK"][0]
    assert _validations(after) == old


# ---- defined names
def _add_names(wb: openpyxl.Workbook) -> None:
    target = re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", indikator_cell(0, "target"))
    wb.defined_names["TargetKadis"] = DefinedName("TargetKadis", attr_text=f"KADIS!{target}")
    wb.defined_names["TahunKinerja"] = DefinedName("TahunKinerja", attr_text="2023")
    wb[R].defined_names["DataRealisasi"] = DefinedName("DataRealisasi",
                                                       attr_text=f"Realisasi!$A$3:$G${LAST_ROW}")


def _names(path: Path) -> dict[str, str]:
    wb = load(path)
    found = {name: d.attr_text for name, d in wb.defined_names.items()}
    found.update({f"{ws.title}!{name}": d.attr_text
                  for ws in wb.worksheets for name, d in ws.defined_names.items()})
    return found


def _verify_names(before: Path, after: Path) -> None:
    old, new = _names(before), _names(after)
    assert {"TargetKadis", "TahunKinerja", f"{R}!DataRealisasi"} <= set(old)
    assert {k: new.get(k) for k in old} == old


# ---- pictures
def _patch_image(members: dict[str, bytes]) -> None:
    picture = (
        '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo" descr="Logo Pemerintah Kabupaten"/>'
        '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>'
        '<xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
        '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="720000" cy="720000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>'
    )
    add_drawing(members, R, _anchor(16, 0, 18, 4, picture), {"image1.png": tiny_png()})


def _verify_image(before: Path, after: Path) -> None:
    parts = [n for n in read_members(before) if n.startswith(("xl/media/", "xl/drawings/"))]
    assert any(read_members(before)[n] == tiny_png() for n in parts)
    _same_members(before, after, parts)
    assert "<drawing " in sheet_xml(after, R)


# ---- charts (openpyxl writes them without an imaging library)
def _add_chart(wb: openpyxl.Workbook) -> None:
    chart = BarChart()
    chart.title = "Realisasi KADIS.1"
    realisasi = col_of(layout.REALISASI_COLUMNS, "realisasi")
    first = realisasi_row("KADIS.1", 1)
    chart.add_data(Reference(wb[R], min_col=realisasi, min_row=first, max_row=first + 11))
    wb["KADIS"].add_chart(chart, "P2")


def _verify_chart(before: Path, after: Path) -> None:
    parts = [n for n in read_members(before) if n.startswith(("xl/charts/", "xl/drawings/"))]
    assert any(n.startswith("xl/charts/chart") for n in parts)
    _same_members(before, after, parts)
    assert "<drawing " in sheet_xml(after, "KADIS")


# ---- shapes and text boxes
SHAPE_TEXT = "Isi realisasi paling lambat tanggal 5 bulan berikutnya"


def _patch_shapes(members: dict[str, bytes]) -> None:
    text_box = (
        '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="Kotak Teks 1"/>'
        '<xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="2400000" cy="480000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:srgbClr val="FFF2CC"/></a:solidFill></xdr:spPr><xdr:txBody>'
        '<a:bodyPr wrap="square" rtlCol="0" anchor="t"/><a:lstStyle/>'
        '<a:p><a:r><a:rPr lang="id-ID" sz="1100"/>'
        f"<a:t>{SHAPE_TEXT}</a:t></a:r></a:p></xdr:txBody></xdr:sp>"
    )
    arrow = (
        '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="Panah Kanan 2"/><xdr:cNvSpPr/>'
        '</xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="600000" cy="300000"/></a:xfrm>'
        '<a:prstGeom prst="rightArrow"><a:avLst/></a:prstGeom></xdr:spPr></xdr:sp>'
    )
    add_drawing(members, "SEK", _anchor(15, 1, 20, 4, text_box) + _anchor(15, 5, 17, 7, arrow))


def _verify_shapes(before: Path, after: Path) -> None:
    drawings = [n for n in read_members(before) if n.startswith("xl/drawings/drawing")]
    assert any(SHAPE_TEXT.encode() in read_members(after)[n] for n in drawings)
    _same_members(before, after, drawings)


# ---- print settings
def _add_print(wb: openpyxl.Workbook) -> None:
    ws = wb[R]
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:O{LAST_ROW}"
    ws.print_title_rows = f"{layout.REALISASI_HEADER_ROW}:{layout.REALISASI_HEADER_ROW}"
    ws.print_options.gridLines = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.oddHeader.center.text = "Realisasi IKI &D"
    ws.oddFooter.right.text = "Halaman &P dari &N"
    kadis = wb["KADIS"]
    kadis.page_setup.orientation = "portrait"
    kadis.print_area = "A1:M25"
    kadis.print_title_rows = f"{layout.INDIKATOR_HEADER_ROW}:{layout.INDIKATOR_HEADER_ROW}"
    kadis.oddFooter.left.text = "IKI Kepala Dinas"


def _print_settings(path: Path) -> dict[str, Any]:
    wb = load(path)
    found: dict[str, Any] = {}
    for sheet in (R, "KADIS"):
        ws = wb[sheet]
        found[sheet] = (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth,
                        ws.print_area, ws.print_title_rows, ws.print_options.gridLines,
                        ws.page_margins.left, ws.oddHeader.center.text, ws.oddFooter.right.text,
                        ws.oddFooter.left.text)
    return found


def _verify_print(before: Path, after: Path) -> None:
    old = _print_settings(before)
    assert old[R][0] == "landscape" and old[R][4] and old["KADIS"][3]
    assert _print_settings(after) == old


# ---- hidden sheets, rows and columns
HIDDEN_ROWS = {"SK-PPK": [3, 10], R: [realisasi_row("KADIS.1", m) for m in range(4, 13)]}


def _add_hidden(wb: openpyxl.Workbook) -> None:
    arsip = wb.create_sheet("Arsip 2022")
    arsip["A1"] = "Realisasi 2022 dipindahkan ke berkas arsip"
    arsip.sheet_state = "hidden"
    catatan = wb.create_sheet("Catatan")
    catatan["A1"] = "Catatan operator"
    catatan.sheet_state = "veryHidden"
    for sheet, rows in HIDDEN_ROWS.items():
        for row in rows:
            wb[sheet].row_dimensions[row].hidden = True
    wb["SK-PPK"].column_dimensions["M"].hidden = True
    wb[R].column_dimensions[layout.column_letter(col_of(layout.REALISASI_COLUMNS, "penyebut"))].hidden = True


def _hidden(path: Path) -> dict[str, Any]:
    wb = load(path)
    penyebut = layout.column_letter(col_of(layout.REALISASI_COLUMNS, "penyebut"))
    return {
        "sheets": {ws.title: ws.sheet_state for ws in wb.worksheets},
        "rows": {sheet: [bool(wb[sheet].row_dimensions[row].hidden) for row in rows]
                 for sheet, rows in HIDDEN_ROWS.items()},
        "columns": [bool(wb["SK-PPK"].column_dimensions["M"].hidden),
                    bool(wb[R].column_dimensions[penyebut].hidden)],
    }


def _verify_hidden(before: Path, after: Path) -> None:
    old = _hidden(before)
    assert old["sheets"]["Arsip 2022"] == "hidden" and old["sheets"]["Catatan"] != "visible"
    assert all(all(flags) for flags in old["rows"].values()) and all(old["columns"])
    new = _hidden(after)
    new["sheets"] = {title: state for title, state in new["sheets"].items() if title != CASCADING}
    assert new == old


# ---- column widths
WIDTHS = {"KADIS": [5.5, 16.25, 32, 36, 42, 12, 10, 11, 10, 9, 13, 9, 16, 36],
          R: [15.5, 44, 12.25, 11, 13.5, 10, 30]}


def _add_widths(wb: openpyxl.Workbook) -> None:
    for sheet, widths in WIDTHS.items():
        for col, width in enumerate(widths, start=1):
            wb[sheet].column_dimensions[layout.column_letter(col)].width = width
    for col in range(len(WIDTHS[R]) + 1, len(layout.REALISASI_COLUMNS) + 1):  # computed: ikixl may resize
        wb[R].column_dimensions[layout.column_letter(col)].width = 20


def _widths(path: Path) -> dict[str, list[float | None]]:
    wb = load(path)
    return {sheet: [wb[sheet].column_dimensions[layout.column_letter(c)].width for c in range(1, len(w) + 1)]
            for sheet, w in WIDTHS.items()}


def _verify_widths(before: Path, after: Path) -> None:
    old = _widths(before)
    for sheet, widths in WIDTHS.items():  # LibreOffice rounds widths to its own units
        assert old[sheet] == pytest.approx(widths, abs=0.1), sheet
    assert _widths(after) == old


# ---- custom number formats on input cells
NUMBER_FORMATS = {
    (R, "realisasi"): '#,##0.0" dok"',
    (R, "target_bulan"): "0.0",
    ("SEK", "target"): '#,##0" unit"',
}


def _number_format_cells() -> list[tuple[str, str, str]]:
    cells = []
    for (sheet, key), fmt in NUMBER_FORMATS.items():
        if sheet == R:
            letter = layout.column_letter(col_of(layout.REALISASI_COLUMNS, key))
            rows = range(layout.REALISASI_HEADER_ROW + 1, LAST_ROW + 1)
            cells += [(sheet, f"{letter}{row}", fmt) for row in rows]
        else:
            cells += [(sheet, indikator_cell(i, key), fmt) for i in range(2)]
    return cells


def _add_number_formats(wb: openpyxl.Workbook) -> None:
    for sheet, ref, fmt in _number_format_cells():
        wb[sheet][ref].number_format = fmt


def _verify_number_formats(before: Path, after: Path) -> None:
    old, new = load(before), load(after)
    for sheet, ref, _fmt in _number_format_cells():
        assert new[sheet][ref].number_format == old[sheet][ref].number_format != "General", (sheet, ref)


# ---- an Excel 2010+ data bar on Realisasi (B01's kind)
DATA_BAR_ID = "{3F8B2C1A-0000-4000-8000-0000000000B1}"


def _patch_data_bar(members: dict[str, bytes]) -> None:
    letter = layout.column_letter(col_of(layout.REALISASI_COLUMNS, "realisasi"))
    sqref = f"{letter}4:{letter}{LAST_ROW}"
    rule = (f'<conditionalFormatting sqref="{sqref}"><cfRule type="dataBar" priority="90"><dataBar>'
            '<cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar>'
            f'<extLst><ext uri="{EXT_X14_RULE_ID}" xmlns:x14="{NS_X14}"><x14:id>{DATA_BAR_ID}</x14:id></ext>'
            "</extLst></cfRule></conditionalFormatting>")
    extension = (
        f'<ext uri="{EXT_X14_CF}" xmlns:x14="{NS_X14}"><x14:conditionalFormattings>'
        f'<x14:conditionalFormatting xmlns:xm="{NS_XM}"><x14:cfRule type="dataBar" id="{DATA_BAR_ID}">'
        '<x14:dataBar minLength="0" maxLength="100" gradient="0">'
        '<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/>'
        '<x14:negativeFillColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule>'
        f"<xm:sqref>{sqref}</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>"
    )
    edit_sheet(members, R, lambda xml: add_worksheet_extension(insert_in_worksheet(xml, rule), extension))


def _data_bar_ids(path: Path) -> list[str]:
    return re.findall(r"<x14:id>([^<]*)</x14:id>", sheet_xml(path, R))


def _verify_data_bar(before: Path, after: Path) -> None:
    assert _data_bar_ids(before) and "<x14:dataBar " in sheet_xml(before, R)
    assert _data_bar_ids(after) == _data_bar_ids(before)
    assert "<x14:dataBar " in sheet_xml(after, R)


# ---- the clerk's own conditional formats
def _add_clerk_rules(wb: openpyxl.Workbook) -> None:
    red = PatternFill(fill_type="solid", start_color="FFFFC7CE", end_color="FFFFC7CE")
    letter = layout.column_letter(col_of(layout.REALISASI_COLUMNS, "realisasi"))
    keterangan = layout.column_letter(col_of(layout.REALISASI_COLUMNS, "keterangan"))
    wb[R].conditional_formatting.add(f"{letter}4:{letter}{LAST_ROW}",
                                     CellIsRule(operator="lessThan", formula=["0"], fill=red))
    revisi = FormulaRule(formula=[f'${keterangan}4="revisi"'], font=Font(italic=True))
    wb[R].conditional_formatting.add(f"A4:{keterangan}{LAST_ROW}", revisi)
    target = indikator_cell(0, "target")
    wb["KADIS"].conditional_formatting.add(f"{target}:{indikator_cell(9, 'target')}",
                                           FormulaRule(formula=[f"ISBLANK({target})"], fill=red))


def clerk_rules(path: Path, sheet: str) -> list[tuple[str, tuple[str, ...]]]:
    """(sqref, formulas) of every conditional-format rule of ``sheet`` that is not ikixl's."""
    ws = load(path)[sheet]
    return sorted((str(cf.sqref), tuple(rule.formula or ())) for cf in ws.conditional_formatting
                  for rule in cf.rules if not any(RULE_MARKER in f for f in rule.formula or ()))


def _verify_clerk_rules(before: Path, after: Path) -> None:
    for sheet in (R, "KADIS"):
        assert clerk_rules(before, sheet), sheet
        assert clerk_rules(after, sheet) == clerk_rules(before, sheet), sheet


@dataclass(frozen=True)
class Feature:
    """One thing a clerk puts in a workbook.

    Attributes:
        name: the fixture's id.
        hook: adds it with openpyxl, before the factory saves.
        patch: adds it at zip level, on the members (what openpyxl cannot write).
        verify: ``verify(before, after)`` asserts it is still there after a compute.
    """

    name: str
    hook: Callable[[openpyxl.Workbook], None] | None = None
    patch: Callable[[dict[str, bytes]], None] | None = None
    verify: Callable[[Path, Path], None] | None = None


FEATURES: dict[str, Feature] = {f.name: f for f in (
    Feature("comments", hook=_add_comments, verify=_verify_comments),
    Feature("merged-cells", hook=_add_merged, verify=_verify_merged),
    Feature("data-validations", hook=_add_validations, patch=_patch_validations, verify=_verify_validations),
    Feature("defined-names", hook=_add_names, verify=_verify_names),
    Feature("images", patch=_patch_image, verify=_verify_image),
    Feature("charts", hook=_add_chart, verify=_verify_chart),
    Feature("shapes", patch=_patch_shapes, verify=_verify_shapes),
    Feature("print-settings", hook=_add_print, verify=_verify_print),
    Feature("hidden", hook=_add_hidden, verify=_verify_hidden),
    Feature("column-widths", hook=_add_widths, verify=_verify_widths),
    Feature("number-formats", hook=_add_number_formats, verify=_verify_number_formats),
    Feature("x14-data-bar", patch=_patch_data_bar, verify=_verify_data_bar),
    Feature("clerk-conditional-format", hook=_add_clerk_rules, verify=_verify_clerk_rules),
)}


def verify_macros(before: Path, after: Path) -> None:
    """The VBA project and the macro-enabled content type are still there."""
    old, new = read_members(before), read_members(after)
    assert new.get("xl/vbaProject.bin") == old["xl/vbaProject.bin"]
    assert CT_WORKBOOK_MACRO.encode() in new["[Content_Types].xml"]


def build_fixture(path: Path, features: Sequence[str] = ()) -> Path:
    """The factory workbook with ``features`` (names of :data:`FEATURES`, added in order) at
    ``path``; an ``.xlsm`` also holds B03's VBA project."""
    chosen = [FEATURES[name] for name in features]
    scratch = path.with_name(f"{path.stem}-openpyxl.xlsx")

    def hook(wb: openpyxl.Workbook) -> None:
        for feature in chosen:
            if feature.hook is not None:
                feature.hook(wb)

    build_workbook(scratch, hook=hook)
    members = read_members(scratch)
    scratch.unlink()
    for feature in chosen:
        if feature.patch is not None:
            feature.patch(members)
    if path.suffix == ".xlsm":
        macro_members(members, vba_project())
    return write_members(path, members)


def verify_features(features: Sequence[str], before: Path, after: Path) -> None:
    """Assert every feature of the fixture, and its macros, are still in ``after``."""
    for name in features:
        verify = FEATURES[name].verify
        if verify is not None:
            verify(before, after)
    if "xl/vbaProject.bin" in read_members(before):
        verify_macros(before, after)


# ============================================================================ B01 and B03 grafted


def _inline_sheet(rows: Mapping[int, Mapping[int, Any]]) -> bytes:
    """A minimal worksheet part: numbers as numbers, text as inline strings."""
    parts = [f'<worksheet xmlns="{NS_MAIN}"><sheetData>']
    for r in sorted(rows):
        parts.append(f'<row r="{r}">')
        for c in sorted(rows[r]):
            value, ref = rows[r][c], layout.cell_ref(r, c)
            if isinstance(value, bool):
                parts.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                parts.append(f'<c r="{ref}"><v>{value!r}</v></c>')
            else:
                text = str(value)
                space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
                parts.append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>')
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode()


def graft_ikixl_sheets(host: Path, path: Path) -> Path:
    """``host``'s package, every part kept as it is, plus the factory workbook's sheets
    (Pengaturan, the jabatan sheets, Realisasi) as minimal inline-string worksheets registered
    in its workbook, relationships and content types.  Written to ``path``."""
    scratch = build_workbook(path.with_name(f"{path.stem}-factory.xlsx"))
    factory = load(scratch)
    scratch.unlink()
    members = read_members(host)
    where = package_map(members)
    workbook_xml = members[where.workbook].decode()
    rels_xml = members[rels_name(where.workbook)].decode()
    absolute = 'Target="/' in rels_xml
    sheet_ids = [int(n) for n in re.findall(r'sheetId="(\d+)"', workbook_xml)]
    entries = []
    for n, ws in enumerate(factory.worksheets, start=1):
        rows: dict[int, dict[int, Any]] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    rows.setdefault(cell.row, {})[cell.column] = cell.value
        part = free_name(members, "xl/worksheets/sheet{}.xml")
        members[part] = _inline_sheet(rows)
        add_content_type(members, override=part, content_type=CT_WORKSHEET)
        target = "/" + part if absolute else posixpath.relpath(part, posixpath.dirname(where.workbook))
        rel_id = add_relationship(members, where.workbook, REL + "worksheet", target)
        entries.append(f'<sheet name="{escape(ws.title)}" sheetId="{max(sheet_ids) + n}" r:id="{rel_id}"/>')
    members[where.workbook] = replace_once(members[where.workbook], "</sheets>",
                                           "".join(entries) + "</sheets>")
    return write_members(path, members)


# ============================================================================ fixture cases


@dataclass(frozen=True)
class Case:
    """One parametrized fixture.

    Attributes:
        id: its name.
        suffix: ``.xlsx`` or ``.xlsm`` (an ``.xlsm`` holds B03's VBA project).
        features: names of :data:`FEATURES` it carries, verified after a compute.
        graft: a real workbook that receives the factory's ikixl sheets at zip level.
        copy: a shipped workbook, used as it is (its own data, not the factory's).
        libreoffice: re-saved by LibreOffice headless before use.
    """

    id: str
    suffix: str
    features: tuple[str, ...] = ()
    graft: Path | None = None
    copy: Path | None = None
    libreoffice: bool = False

    @property
    def factory_data(self) -> bool:
        """Whether it holds the data of :mod:`workbook_factory` (so hand-computed values apply)."""
        return self.copy is None


ALL = tuple(FEATURES)
CASES: list[Case] = [
    *(Case(f"plain-{suffix[1:]}", suffix) for suffix in (".xlsx", ".xlsm")),
    *(Case(f"{name}-{suffix[1:]}", suffix, (name,)) for name in FEATURES for suffix in (".xlsx", ".xlsm")),
    Case("all-xlsx", ".xlsx", ALL),
    Case("all-xlsm", ".xlsm", ALL),
    Case("libreoffice-plain-xlsx", ".xlsx", libreoffice=True),
    Case("libreoffice-all-xlsx", ".xlsx", ALL, libreoffice=True),
    Case("b01-x14-grafted", ".xlsx", graft=B01),
    Case("b03-macros-grafted", ".xlsm", graft=B03),
    Case("shipped-example", ".xlsx", copy=EXAMPLE),
]
CASE = {case.id: case for case in CASES}


def build_case(case: Case, folder: Path) -> Path:
    """Build ``case`` in ``folder`` (LibreOffice works in a profile of its own there)."""
    path = folder / f"{case.id}{case.suffix}"
    if case.copy is not None:
        shutil.copyfile(case.copy, path)
        return path
    if case.graft is not None:
        return graft_ikixl_sheets(case.graft, path)
    if not case.libreoffice:
        return build_fixture(path, case.features)
    source = build_fixture(folder / f"{case.id}-source{case.suffix}", case.features)
    converted = convert(source, case.suffix[1:], folder / f"{case.id}-lo")
    shutil.copyfile(converted, path)
    return path


# ============================================================================ reading results


def realisasi_table(path: Path) -> list[dict[str, Any]]:
    """The Realisasi rows below the header, as {normalised header: cached value} (what a
    spreadsheet shows)."""
    rows = list(load(path, data_only=True)[R].iter_rows(values_only=True))
    for index, row in enumerate(rows[:30]):
        headers = [layout.normalize_label(v) for v in row]
        if {"kode indikator", "bulan"} <= set(headers):
            return [dict(zip(headers, data, strict=False)) for data in rows[index + 1:]]
    raise KeyError(f"no {R} header in {path.name}")


def realisasi_value(path: Path, kode: str, month: int, label_text: str) -> Any:
    """The value under header ``label_text`` on the Realisasi row of ``kode`` and ``month``."""
    [row] = [r for r in realisasi_table(path)
             if r["kode indikator"] == kode and layout.month_number(r["bulan"]) == month]
    return row[layout.normalize_label(label_text)]


def cascading_values(path: Path, kode_indikator: str, label_text: str) -> list[Any]:
    """The values under ``label_text`` on every Cascading row of an indicator (its own row and
    the row showing it under the atasan indicator it supports)."""
    ws = load(path, data_only=True)[CASCADING]
    header = layout.CASCADING_HEADER_ROW
    col = {layout.normalize_label(c.value): i for i, c in enumerate(ws[header])}
    kode = col[layout.normalize_label("Kode Indikator")]
    return [row[col[layout.normalize_label(label_text)]]
            for row in ws.iter_rows(min_row=header + 1, values_only=True) if row[kode] == kode_indikator]


def ikixl_rule_count(path: Path) -> int:
    """Conditional-format rules carrying ikixl's marker, over every worksheet part."""
    members = read_members(path)
    total = 0
    for part in package_map(members).sheets.values():
        root = parse_xml(members[part], part)
        for rule in root.iter(f"{{{NS_MAIN}}}cfRule"):
            total += any(RULE_MARKER in (f.text or "") for f in rule if local(f.tag) == "formula")
    return total


def sheet_names(path: Path) -> list[str]:
    """The sheet names in ``xl/workbook.xml``, in order (a name twice shows up twice)."""
    members = read_members(path)
    root = parse_xml(members[package_map(members).workbook])
    return [s.get("name", "") for s in root.iter(f"{{{NS_MAIN}}}sheet")]


def verify_case(case: Case, before: Path, after: Path) -> None:
    """Assert that what ``case`` carries is still in ``after`` (read back with openpyxl and by part)."""
    verify_features(case.features, before, after)
    if case.graft is not None:
        host = read_members(case.graft)
        where = package_map(host)
        patched = {"[Content_Types].xml", where.workbook, rels_name(where.workbook), where.styles}
        _same_members(before, after, [n for n in host if n not in patched])
        if case.graft == B01:
            assert sheet_xml(after, "Data").count("<x14:dataValidation ") == 1
            assert "<x14:dataBar " in sheet_xml(after, "Data")


# ============================================================================ harness checks


def mutate_one_byte(name: str, data: bytes) -> bytes:
    """``data`` with exactly one byte changed, XML kept well-formed: the first character of the
    last attribute value (binary data: the middle byte)."""
    if name.endswith((".xml", ".rels", ".vml")):
        at = data.rindex(b'="') + 2
        while not chr(data[at]).isalnum():
            at += 1
        swapped = b"X" if data[at:at + 1] != b"X" else b"Y"
        return data[:at] + swapped + data[at + 1:]
    at = len(data) // 2
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def _append_child(xml: str, collection: str, child: str) -> str:
    """Append ``child`` to ``<collection count="n">…</collection>`` and raise its count."""
    match = re.search(rf'<{collection}(?: count="(\d+)")?([^>]*)>(.*?)</{collection}>', xml, re.DOTALL)
    assert match is not None, collection
    count = int(match.group(1) or 0) + 1
    return (xml[:match.start()] + f'<{collection} count="{count}"{match.group(2)}>{match.group(3)}{child}'
            f"</{collection}>" + xml[match.end():])


def simulate_allowed_write(source: Path, target: Path) -> Path:
    """What a writer may do to ``source`` (an openpyxl-made fixture), all at once, at ``target``:
    a new Cascading sheet registered with a Print_Titles name and a changed calcPr, appended
    styles, computed values, widths, an ikixl conditional format, dimension and spans on Realisasi."""
    members = read_members(source)
    where = package_map(members)
    assert where.styles is not None
    styles = members[where.styles].decode()
    styles = _append_child(styles, "fonts", '<font><b val="1"/><sz val="11"/><name val="Calibri"/></font>')
    styles = _append_child(styles, "cellXfs",
                           '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>')
    if "<dxfs" not in styles:
        styles = styles.replace("<tableStyles", '<dxfs count="0"></dxfs><tableStyles', 1)
    members[where.styles] = _append_child(styles, "dxfs", '<dxf><font><b val="1"/></font></dxf>').encode()

    cascading = free_name(members, "xl/worksheets/sheet{}.xml")
    members[cascading] = _inline_sheet({1: {1: layout.CASCADING_TITLE}})
    add_content_type(members, override=cascading, content_type=CT_WORKSHEET)
    rel_id = add_relationship(members, where.workbook, REL + "worksheet", posixpath.relpath(cascading, "xl"))
    workbook = members[where.workbook].decode()
    index = len(sheet_names(source))
    entry = f'<sheet name="{CASCADING}" sheetId="{index + 1}" r:id="{rel_id}"/>'
    workbook = workbook.replace("</sheets>", entry + "</sheets>")
    title = f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">{CASCADING}!$3:$3</definedName>'
    if "</definedNames>" in workbook:
        workbook = workbook.replace("</definedNames>", title + "</definedNames>")
    else:
        workbook = workbook.replace("<calcPr", f"<definedNames>{title}</definedNames><calcPr")
    members[where.workbook] = re.sub(r"<calcPr[^>]*/>", '<calcPr calcId="191029" fullCalcOnLoad="1"/>',
                                     workbook).encode()

    kode = layout.column_letter(col_of(layout.REALISASI_COLUMNS, "capaian_tahunan_pct"))
    row = realisasi_row("SEK.1", 3)
    rule = (f'<conditionalFormatting sqref="{kode}4:{kode}{LAST_ROW}">'
            f'<cfRule type="expression" priority="99" dxfId="0">'
            f"<formula>AND({escape(RULE_MARKER)},{kode}4&gt;=91)</formula></cfRule></conditionalFormatting>")

    def realisasi(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:P{LAST_ROW}"/>', xml)
        xml = re.sub(r'<row r="(\d+)"', r'<row r="\1" spans="1:16"', xml)
        xml = re.sub(rf'(<row r="{row}"[^>]*>.*?)(</row>)', rf'\1<c r="{kode}{row}" s="1"><v>25</v></c>\2',
                     xml, count=1, flags=re.DOTALL)
        xml = insert_in_worksheet(xml, rule)
        computed = f'<col min="{column_index(kode)}" max="{column_index(kode)}" width="11" customWidth="1"/>'
        if "<cols>" in xml:
            return xml.replace("</cols>", computed + "</cols>")
        return insert_in_worksheet(xml, f"<cols>{computed}</cols>")

    edit_sheet(members, R, realisasi)
    return write_members(target, members)
