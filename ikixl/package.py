"""What an openpyxl rewrite of a workbook would lose, found before writing.

openpyxl rewrites the whole package and silently drops what it does not model
(drawings, pivot tables, Excel 2010+ extensions…).  :func:`find_losses`
inspects the zip package without loading the workbook — through the same
guarded layer the reader uses (:mod:`ikixl.safezip`) — and describes, in
Bahasa Indonesia, every kind of content a rewrite would drop;
:func:`ensure_lossless` and :func:`load_for_rewrite` turn a loss into
:class:`LossyWriteRefused`, so that a writer refuses rather than lose a
clerk's work.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from ikixl.catalogue import Text, render
from ikixl.errors import WorkbookError, WriteError
from ikixl.safezip import Package, open_package

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = [
    "CODE_LOSSY",
    "LossyWriteRefused",
    "ensure_lossless",
    "find_losses",
    "load_for_rewrite",
    "load_noting_losses",
]

CODE_LOSSY = "penulisan-akan-menghilangkan-data"
_CODE_UNREADABLE = "gagal-menulis"


class LossyWriteRefused(WriteError):
    """Writing was refused because the workbook holds parts the writer would drop.

    Attributes:
        losses: what would be lost, in Bahasa Indonesia, one item per kind.
    """

    def __init__(self, message: str, *, path: object = None, losses: Sequence[str] = (),
                 code: str = CODE_LOSSY, params: Mapping[str, Any] | None = None) -> None:
        super().__init__(message, path=path, code=code, params=params)
        self.losses = tuple(losses)

    @classmethod
    def for_losses(cls, path: Path, losses: Sequence[str]) -> LossyWriteRefused:
        """The refusal of a write to ``path``, its message listing ``losses``."""
        params = {"berkas": path.name, "rincian": "; ".join(losses)}
        return cls(render(CODE_LOSSY, params), path=path, losses=losses, params=params)



_WORKSHEET_OK = frozenset({
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "scenarios", "autoFilter", "sortState", "mergeCells", "phoneticPr",
    "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "ignoredErrors", "tableParts",
    "legacyDrawing",  # comments; their VML is checked for form controls separately
})
_WORKSHEET_LOSSES = {
    "drawing": "gambar, bagan atau bentuk (drawing)",
    "legacyDrawingHF": "gambar pada header/footer",
    "drawingHF": "gambar pada header/footer",
    "picture": "gambar latar lembar",
    "oleObjects": "objek tersemat (OLE)",
    "controls": "kontrol formulir atau ActiveX",
    "AlternateContent": "kontrol formulir atau objek tersemat",
    "protectedRanges": "rentang yang boleh diedit (Allow Edit Ranges)",
    "customSheetViews": "tampilan kustom (Custom Views)",
    "dataConsolidate": "pengaturan konsolidasi data",
    "customProperties": "properti kustom lembar",
    "cellWatches": "jendela pengawasan sel (Watch Window)",
    "smartTags": "smart tag",
    "webPublishItems": "pengaturan publikasi web",
}
_EXT_LOSSES = {
    "{78C0D931-6437-407D-A8EE-F0AAD7539E65}":
        "format bersyarat Excel 2010+ (mis. data bar atau ikon lanjutan)",
    "{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF}":
        "validasi data Excel 2010+ (mis. daftar pilihan dari lembar lain)",
    "{05C60535-1F16-4FD2-B633-F4F36F0B64E0}": "sparkline",
    "{A8765BA9-456A-4DAB-B4F3-ACF838C121DE}": "slicer",
    "{3A4CF648-6AED-40F4-86FF-DC5316D8AED3}": "slicer",
    "{BBE1A952-AA13-448E-AADC-164F8A28A991}": "slicer",
    "{46BE6895-7355-4A93-B00E-2C351335B9C9}": "slicer",
    "{7E03D99C-DC04-49D9-9315-930204A7B6E9}": "timeline",
    "{D0CA8CA8-9F24-4464-BF8E-62219DCF47F9}": "timeline",
    "{A2CB5862-8E78-49C6-8D9D-AF26E26ADB89}": "timeline",
    "{FC87AEE6-9EDD-4A0A-B7FB-166176984837}": "rentang yang boleh diedit (Allow Edit Ranges)",
    "{01252117-D84E-4E92-8308-4BE1C098FCBB}": "pengabaian kesalahan Excel 2010+",
    "{F7C9EE02-42E1-4005-9D12-6889AFFD525C}": "add-in web",
    "{876F7934-8845-4945-9796-88D515C7AA90}": "tabel pivot",
    "{FCE2AD5D-F65C-4FA6-A056-5C36A1767C68}": "model data (Power Pivot)",
}
#: Workbook-level extensions that only carry settings openpyxl can drop without loss.
_WORKBOOK_EXT_OK = frozenset({
    "{140A7094-0E35-4892-8432-C4D2E57EDEB5}",  # x15:workbookPr chartTrackingRefBase
    "{B58B0392-4F1F-4190-BB64-5DF3571DCE5F}",  # calcFeatures
    "{79F54976-1DA5-4618-B147-4CDE4B953A38}",  # x14:workbookPr
    "{7626C862-2A13-11E5-B345-FEFF819CDC9F}",  # LibreOffice extCalcPr
})
_WORKBOOK_LOSSES = {
    "customWorkbookViews": "tampilan kustom (Custom Views)",
    "pivotCaches": "tabel pivot",
    "externalReferences": "tautan ke buku kerja lain (external link)",
    "webPublishing": "pengaturan publikasi web",
    "webPublishObjects": "pengaturan publikasi web",
}
#: Package parts openpyxl would drop, by name prefix (lower case).
_PART_LOSSES: tuple[tuple[str, str], ...] = (
    ("xl/drawings/drawing", "gambar, bagan atau bentuk (drawing)"),
    ("xl/charts/", "bagan (chart)"),
    ("xl/chartsheets/", "lembar bagan (chart sheet)"),
    ("xl/media/", "gambar atau media tersemat"),
    ("xl/diagrams/", "SmartArt"),
    ("xl/pivottables/", "tabel pivot"),
    ("xl/pivotcache/", "tabel pivot"),
    ("xl/slicers/", "slicer"),
    ("xl/slicercaches/", "slicer"),
    ("xl/timelines/", "timeline"),
    ("xl/timelinecaches/", "timeline"),
    ("xl/externallinks/", "tautan ke buku kerja lain (external link)"),
    ("xl/activex/", "kontrol ActiveX"),
    ("xl/ctrlprops/", "kontrol formulir atau ActiveX"),
    ("xl/threadedcomments/", "komentar berutas (threaded comment)"),
    ("xl/persons/", "komentar berutas (threaded comment)"),
    ("xl/embeddings/", "objek tersemat (OLE)"),
    ("xl/model/", "model data (Power Pivot)"),
    ("xl/querytables/", "tabel kueri (Power Query)"),
    ("xl/connections.xml", "koneksi data eksternal"),
    ("customxml/", "data XML kustom (customXml)"),
    ("xl/richdata/", "gambar atau tipe data di dalam sel"),
    ("xl/metadata.xml", "rumus array dinamis (metadata sel)"),
    ("xl/featurepropertybag/", "kotak centang di dalam sel"),
    ("xl/webextensions/", "add-in web"),
    ("xl/macrosheets/", "lembar makro Excel 4.0"),
    ("xl/dialogsheets/", "lembar dialog Excel 5.0"),
    ("customui/", "kustomisasi ribbon (customUI)"),
    ("_xmlsignatures/", "tanda tangan digital"),
)
#: Parts openpyxl rewrites, or whose loss costs nothing a clerk would miss (printer-driver
#: settings, calculation chain, thumbnail).  Anything else is reported as an unknown part.
_PART_OK = re.compile(
    r"""^(\[content_types\]\.xml|_rels/\.rels|docprops/(app|core|custom)\.xml|docprops/thumbnail\.\w+
    |xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|xl/styles\.xml|xl/sharedstrings\.xml
    |xl/theme/theme\d*\.xml|xl/calcchain\.xml|xl/worksheets/[^/]+\.xml|xl/worksheets/_rels/[^/]+\.rels
    |xl/comments[^/]*\.xml|xl/comments/[^/]+\.xml|xl/drawings/[^/]+\.vml|xl/tables/[^/]+\.xml
    |xl/printersettings/[^/]+\.bin)$""",
    re.VERBOSE,
)
_VBA = re.compile(r"^xl/vba[^/]*\.bin$")
#: openpyxl warnings that announce no loss.
_HARMLESS_WARNINGS = ("contains no default style", "contains no stylesheet")


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _xml_losses(root: Element, *, workbook: bool) -> list[str]:
    """Top-level elements and extensions of one worksheet (or workbook) part that
    openpyxl drops, from the part's root (a worksheet's rows already streamed away)."""
    found: list[str] = []
    for child in root:
        name = _local(child.tag)
        if name == "extLst":
            for ext in child:
                if _local(ext.tag) != "ext":
                    continue
                uri = (ext.get("uri") or "").upper()
                if workbook and uri in _WORKBOOK_EXT_OK:
                    continue
                where = "buku kerja" if workbook else "lembar"
                fallback = f"ekstensi Excel 2010+ pada {where} ({uri or 'tanpa uri'})"
                found.append(_EXT_LOSSES.get(uri, fallback))
        elif workbook:
            if name in _WORKBOOK_LOSSES:
                found.append(_WORKBOOK_LOSSES[name])
        elif name in _WORKSHEET_LOSSES:
            found.append(_WORKSHEET_LOSSES[name])
        elif name not in _WORKSHEET_OK:
            found.append(f"elemen lembar yang tidak dikenal ikixl ({name})")
    return found


def _worksheet_root(package: Package, name: str) -> Element:
    """A worksheet part's root with its rows streamed away (a Realisasi sheet can hold 240k rows)."""
    return package.stream_children(name, "sheetData", lambda batch: None)


def find_losses(path: str | os.PathLike[str]) -> list[str]:
    """What openpyxl would drop if it rewrote this workbook.

    Inspects the zip package without loading the workbook: parts openpyxl does not
    write back (drawings, charts, images, SmartArt, pivot tables and caches,
    slicers, timelines, external links, ActiveX and form controls, threaded
    comments, OLE objects, Power Pivot/Power Query parts, customXml, in-cell
    pictures, dynamic-array metadata, macro sheets, ribbon customisation, digital
    signatures, any unknown part), worksheet elements it ignores (protected
    ranges, custom views, background pictures, header/footer pictures…),
    every ``extLst`` extension in a worksheet (x14 data validations and
    conditional formats, sparklines…) and the non-trivial ones in
    ``workbook.xml``, VML shapes that are not comments, and macros in a file
    named ``.xlsx``.  Tolerated losses: printer-driver settings, the calculation
    chain (Excel rebuilds it), the thumbnail, ignored-error marks.

    Args:
        path: an ``.xlsx`` or ``.xlsm`` file.

    Returns:
        Descriptions in Bahasa Indonesia, one per kind, in the order found; empty
        when nothing would be lost.

    Raises:
        WriteError: the file is not a readable zip package, exceeds the package
            limits or holds unsafe XML (code ``gagal-menulis``).
    """
    path = Path(path)
    found: list[str] = []
    try:
        with open_package(path) as package:
            names = package.names
            for name in names:
                lower = name.lower()
                if name.endswith("/"):
                    continue
                described = [text for prefix, text in _PART_LOSSES if lower.startswith(prefix)]
                if described:
                    found.extend(described)
                elif _VBA.match(lower):
                    if path.suffix.lower() != ".xlsm":
                        found.append("makro VBA (berkas berakhiran .xlsx berisi makro; ganti menjadi .xlsm)")
                elif not _PART_OK.match(lower):
                    found.append(f"bagian berkas yang tidak dikenal ikixl ({name})")
            for name in names:
                lower = name.lower()
                if lower == "xl/workbook.xml":
                    found.extend(_xml_losses(package.parse_xml(name), workbook=True))
                elif re.fullmatch(r"xl/worksheets/[^/]+\.xml", lower):
                    found.extend(_xml_losses(_worksheet_root(package, name), workbook=False))
                elif lower.startswith("xl/drawings/") and lower.endswith(".vml"):
                    text = package.read(name).decode("utf-8", errors="replace")
                    kinds = set(re.findall(r'ObjectType\s*=\s*"(\w+)"', text))
                    if kinds - {"Note"}:
                        found.append("kontrol formulir atau ActiveX")
    except WorkbookError as exc:  # not a zip, damaged, over the limits, or unsafe XML
        raise WriteError.from_code(
            _CODE_UNREADABLE, path=path, berkas=path.name,
            rincian=Text(
                f"berkas tidak dapat dibaca dengan aman sebagai buku kerja Excel ({exc.message_in('id')})",
                f"the file cannot be read safely as an Excel workbook ({exc.message_in('en')})",
            ),
        ) from exc
    return list(dict.fromkeys(found))


def ensure_lossless(path: Path) -> None:
    """Refuse a workbook that an openpyxl rewrite would damage.

    Raises:
        LossyWriteRefused: :func:`find_losses` found something; the message
            lists it and says how to proceed.
        WriteError: the file is not a readable zip package (from :func:`find_losses`).
    """
    losses = find_losses(path)
    if losses:
        raise LossyWriteRefused.for_losses(path, losses)


def load_noting_losses(path: Path, *, keep_vba: bool) -> tuple[Workbook, list[str]]:
    """Open ``path`` with openpyxl, returning what openpyxl said it could not read.

    openpyxl announces the parts it skips while reading only as warnings; every
    warning other than a harmless one (a package without a default style or
    stylesheet) is a part a rewrite would lose.

    Args:
        path: an ``.xlsx`` or ``.xlsm`` file.
        keep_vba: keep the VBA project (for an ``.xlsm``).

    Returns:
        The openpyxl workbook (rich text kept) and the losses, in Bahasa
        Indonesia, one per distinct warning (empty when nothing was skipped).

    Raises:
        Exception: whatever openpyxl raises for a file it cannot read (the
            caller wraps it).
    """
    from openpyxl import load_workbook

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wb = load_workbook(path, keep_vba=keep_vba, rich_text=True)
    notes = [str(w.message) for w in caught
             if not any(h in str(w.message) for h in _HARMLESS_WARNINGS)]
    return wb, [f"bagian yang tidak dapat dibaca ulang ({note})" for note in dict.fromkeys(notes)]


def load_for_rewrite(path: Path, *, keep_vba: bool) -> Workbook:
    """Open ``path`` with openpyxl for a rewrite, refusing when openpyxl cannot read all of it.

    Args:
        path: an ``.xlsx`` or ``.xlsm`` file that :func:`find_losses` passed.
        keep_vba: keep the VBA project (for an ``.xlsm``).

    Returns:
        The openpyxl workbook (rich text kept).

    Raises:
        LossyWriteRefused: openpyxl warned while reading
            (:func:`load_noting_losses`).
        Exception: whatever openpyxl raises for a file it cannot read (the
            caller wraps it).
    """
    wb, losses = load_noting_losses(path, keep_vba=keep_vba)
    if losses:
        raise LossyWriteRefused.for_losses(path, losses)
    return wb


def has_vba(path: str | os.PathLike[str]) -> bool:
    """True when the package at ``path`` holds a VBA project (``xl/vbaProject.bin``): only
    macros that were there can go missing from a rewritten ``.xlsm``."""
    with zipfile.ZipFile(path) as archive:
        return "xl/vbaProject.bin" in archive.namelist()


#: A rewritten package that reopens differently from what was saved.
CODE_VERIFY = "hasil-tulis-tidak-valid"


def verify_rewritten(tmp: Path, target: Path, sheetnames: list[str], want_vba: bool,
                     sheet_problems: Callable[[Any], list[str]]) -> None:
    """Reopen a workbook just written to ``tmp`` (before it replaces ``target``) and refuse it
    unless it has ``sheetnames`` in that order, still holds its macros when ``want_vba``, and
    ``sheet_problems(workbook)`` (the writer's own checks on the reopened, read-only
    workbook) finds nothing.

    Raises:
        WriteError: code ``hasil-tulis-tidak-valid``, naming every problem found.
    """
    from openpyxl import load_workbook

    problems: list[str] = []
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        wb = load_workbook(tmp, read_only=True)
        try:
            if wb.sheetnames != sheetnames:
                problems.append(f"urutan lembar berubah: {wb.sheetnames}")
            else:
                problems += sheet_problems(wb)
        finally:
            wb.close()
    if want_vba and not has_vba(tmp):
        problems.append("makro VBA (xl/vbaProject.bin) hilang")
    if problems:
        raise WriteError.from_code(CODE_VERIFY, path=target, berkas=target.name, rincian="; ".join(problems))
