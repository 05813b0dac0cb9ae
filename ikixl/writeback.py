"""Write computed capaian back into an IKI workbook (format v1, :mod:`ikixl.layout`).

This is the first writer, built on openpyxl.  openpyxl rewrites the whole
package and silently drops what it does not model (drawings, pivot tables,
Excel 2010+ extensions…), so :func:`write_computed` first inspects the zip
package (:func:`find_losses`) and refuses rather than lose a clerk's work.
A later writer will patch the zip parts directly; :func:`write_computed` keeps
its signature.

What is written:

* ``Realisasi``: the computed columns (``layout.REALISASI_COMPUTED_COLUMNS``)
  of every row of :attr:`Computation.realisasi <ikixl.compute.Computation>`,
  found by header label (appended after the last header when absent).  Input
  columns are never touched.
* ``Cascading``: deleted and rebuilt at the same position (at the end when new).
* Conditional formats from the workbook's predikat table on the capaian and
  predikat columns of both sheets, plus a rule marking Realisasi cells still
  blank for months up to the reporting month.  Every rule ikixl writes carries
  :data:`RULE_MARKER` in its formula, so a re-run replaces ikixl's rules and
  keeps the clerk's own.

Safety: the result goes to a temporary file beside the target, is reopened to
verify it, and only then replaces the target atomically (:func:`os.replace`);
an in-place write first keeps the original as ``NAME.backup-YYYYMMDD-HHMMSS.xlsx``.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from defusedxml import ElementTree as SafeElementTree

from ikixl import layout
from ikixl.errors import WriteError
from ikixl.model import PredikatBand

if TYPE_CHECKING:
    from openpyxl.formatting.rule import Rule
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ikixl.compute import Computation
    from ikixl.model import Settings

__all__ = [
    "CODE_LOSSY",
    "RULE_MARKER",
    "LossyWriteRefused",
    "WriteResult",
    "capaian_rule_formulas",
    "ensure_not_open",
    "excel_value",
    "find_losses",
    "is_ikixl_rule",
    "lock_files",
    "predikat_bands",
    "predikat_rule_formulas",
    "write_computed",
]

#: Present in the formula of every conditional-format rule ikixl writes: ``N("ikixl")`` is 0 in
#: Excel and LibreOffice, so the condition is unchanged, and a re-run can find its own rules.
RULE_MARKER = 'N("ikixl")=0'

CODE_LOSSY = "penulisan-akan-menghilangkan-data"
CODE_OPEN = "berkas-sedang-dibuka"
CODE_FORMAT = "format-berkas-tidak-didukung"
CODE_MISSING = "berkas-tidak-ditemukan"
CODE_NO_REALISASI = "lembar-realisasi-tidak-ada"
CODE_NO_HEADER = "judul-kolom-realisasi-tidak-ditemukan"
CODE_CHANGED = "berkas-berubah-sejak-dihitung"
CODE_VERIFY = "hasil-tulis-tidak-valid"
CODE_FAILED = "gagal-menulis"

_SUFFIXES = (".xlsx", ".xlsm")
_HEADER_SCAN_ROWS = 30
_BLANK_FILL = "FFC7CE"  # Excel's "Light Red Fill with Dark Red Text"
_BLANK_FONT = "9C0006"
_FLAG_FILL = "FFF2CC"
_HEADER_FILL = "D9E1F2"
_JABATAN_FILL = "F2F2F2"


@dataclass(frozen=True)
class WriteResult:
    """What :func:`write_computed` wrote.

    Attributes:
        path: the workbook written (the input for an in-place write, else ``output``).
        backup: the copy of the original kept by an in-place write, or None.
    """

    path: Path
    backup: Path | None


class LossyWriteRefused(WriteError):
    """Writing was refused because the workbook holds parts the writer would drop.

    Attributes:
        losses: what would be lost, in Bahasa Indonesia, one item per kind.
    """

    def __init__(self, message: str, *, path: object = None, losses: Sequence[str] = ()) -> None:
        super().__init__(message, path=path, code=CODE_LOSSY)
        self.losses = tuple(losses)


# ============================================================================ values
def excel_value(value: Any) -> Any:
    """A model value as a cell value: Decimal → float (only here, at the very end),
    numpy scalars → Python, blank (None, NaN, ``pd.NA``, ``NaT``) → None, any other
    object (a :class:`~ikixl.model.TargetRange`) → its text."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, Decimal):
        return None if not value.is_finite() else float(value)
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        return excel_value(value.item())
    return str(value)


def predikat_bands(settings: Settings | None) -> tuple[PredikatBand, ...]:
    """The predikat table of ``settings``, highest lower bound first; the layout default
    (``layout.PREDIKAT_DEFAULT``) when the workbook gives none."""
    bands = tuple(settings.predikat) if settings is not None else ()
    if not bands:
        bands = tuple(PredikatBand(Decimal(lo), label, fill, font) for lo, label, fill, font in
                      layout.PREDIKAT_DEFAULT)
    return tuple(sorted(bands, key=lambda b: Decimal(b.lower_pct), reverse=True))


def _formula_number(value: object) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def _formula_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def capaian_rule_formulas(cell: str, bands: Sequence[PredikatBand]) -> list[tuple[str, PredikatBand]]:
    """Conditional-format formulas colouring a capaian cell by predikat band.

    One formula per band, highest first, each to be used with *stop if true*: the
    cell is a number ``>=`` the band's lower bound (percent points).  The bottom
    band takes every other number (a negative capaian too), as
    :func:`ikixl.capaian.predikat` does; a blank or text cell matches none.

    Args:
        cell: the top-left cell of the range, relative (``H4``).
        bands: :func:`predikat_bands` output.

    Returns:
        ``(formula without "=", band)`` pairs, each carrying :data:`RULE_MARKER`.
    """
    out = []
    for i, band in enumerate(bands):
        if i == len(bands) - 1:
            formula = f"AND(ISNUMBER({cell}),{RULE_MARKER})"
        else:
            formula = f"AND(ISNUMBER({cell}),{cell}>={_formula_number(band.lower_pct)},{RULE_MARKER})"
        out.append((formula, band))
    return out


def predikat_rule_formulas(cell: str, bands: Sequence[PredikatBand]) -> list[tuple[str, PredikatBand]]:
    """Conditional-format formulas colouring a Predikat cell whose text equals a band label
    (case-insensitive, as Excel's ``=``).  Same shape as :func:`capaian_rule_formulas`."""
    return [(f"AND({cell}={_formula_text(band.label)},{RULE_MARKER})", band) for band in bands]


def _blank_realisasi_formula(cell: str, kode_cell: str, bulan_cell: str, month: int) -> str:
    months = ",".join(_formula_text(name) for name in layout.BULAN)
    month_of_row = f"IFERROR(MATCH({bulan_cell},{{{months}}},0),IFERROR(VALUE({bulan_cell}),13))"
    return f'AND(ISBLANK({cell}),LEN({kode_cell})>0,{month_of_row}<={month},{RULE_MARKER})'


def _hex(colour: str | None) -> str | None:
    text = (colour or "").strip().lstrip("#")
    return text.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", text) else None


# ============================================================================ loss detection
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


def _xml_losses(stream: Any, *, workbook: bool) -> list[str]:
    """Top-level elements and extensions of one worksheet (or workbook) part that
    openpyxl drops.  Streams the part: a Realisasi sheet can hold 240k rows."""
    found: list[str] = []
    depth = 0
    top = ""
    for event, elem in SafeElementTree.iterparse(stream, events=("start", "end")):
        if event == "start":
            depth += 1
            name = _local(elem.tag)
            if depth == 2:
                top = name
                if workbook:
                    if name in _WORKBOOK_LOSSES:
                        found.append(_WORKBOOK_LOSSES[name])
                elif name in _WORKSHEET_LOSSES:
                    found.append(_WORKSHEET_LOSSES[name])
                elif name not in _WORKSHEET_OK and name != "extLst":
                    found.append(f"elemen lembar yang tidak dikenal ikixl ({name})")
            elif depth == 3 and top == "extLst" and name == "ext":
                uri = (elem.get("uri") or "").upper()
                if workbook and uri in _WORKBOOK_EXT_OK:
                    continue
                where = "buku kerja" if workbook else "lembar"
                fallback = f"ekstensi Excel 2010+ pada {where} ({uri or 'tanpa uri'})"
                found.append(_EXT_LOSSES.get(uri, fallback))
        else:
            depth -= 1
            if depth <= 2:
                elem.clear()  # rows (depth 3) and top-level children: keep memory flat
    return found


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
        WriteError: the file is not a readable zip package (code ``gagal-menulis``).
    """
    path = Path(path)
    found: list[str] = []
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
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
                    with archive.open(name) as stream:
                        found.extend(_xml_losses(stream, workbook=True))
                elif re.fullmatch(r"xl/worksheets/[^/]+\.xml", lower):
                    with archive.open(name) as stream:
                        found.extend(_xml_losses(stream, workbook=False))
                elif lower.startswith("xl/drawings/") and lower.endswith(".vml"):
                    text = archive.read(name).decode("utf-8", errors="replace")
                    kinds = set(re.findall(r'ObjectType\s*=\s*"(\w+)"', text))
                    if kinds - {"Note"}:
                        found.append("kontrol formulir atau ActiveX")
    except (zipfile.BadZipFile, OSError, SafeElementTree.ParseError) as exc:
        raise WriteError(f"Berkas {path.name} tidak dapat dibaca sebagai buku kerja Excel: {exc}",
                         path=path, code=CODE_FAILED) from exc
    except Exception as exc:  # defusedxml refuses entities and DTDs: a hostile or broken package
        raise WriteError(f"Berkas {path.name} berisi XML yang tidak aman atau rusak: {exc}",
                         path=path, code=CODE_FAILED) from exc
    return list(dict.fromkeys(found))


def _lossy_message(path: Path, losses: Sequence[str]) -> str:
    items = "; ".join(losses)
    return (
        f"ikixl tidak menulis ke {path.name} karena penulisan akan menghilangkan: {items}. "
        "Berkas asli tidak diubah. Menulis ke salinan dengan --output juga ditolak, karena salinan itu "
        "akan kehilangan bagian yang sama tanpa terlihat. Sederhanakan dulu buku kerjanya (simpan sebagai "
        "salinan, hapus bagian tersebut dari salinan itu, lalu jalankan ikixl pada salinan itu dengan "
        "--output agar berkas asli tetap utuh), atau tunggu versi ikixl yang menulis tanpa kehilangan data."
    )


# ============================================================================ files
def lock_files(path: str | os.PathLike[str]) -> list[Path]:
    """Lock files beside ``path`` showing it is open: Office/WPS ``~$NAME``, LibreOffice ``.~lock.NAME#``."""
    path = Path(path)
    candidates = (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#"))
    return [p for p in candidates if p.exists()]


def ensure_not_open(path: Path) -> None:
    """Raise WriteError (code ``berkas-sedang-dibuka``) when a lock file shows ``path`` is open."""
    locks = lock_files(path)
    if locks:
        raise WriteError(
            f"{path.name} sedang dibuka di program lengkap (Excel, WPS atau LibreOffice) — ada berkas "
            f"kunci {locks[0].name}. Simpan dan tutup berkas itu dulu, lalu jalankan lagi. Jika berkas "
            "sudah ditutup, hapus berkas kuncinya.",
            path=path, code=CODE_OPEN,
        )


def _backup_path(path: Path, now: datetime) -> Path:
    base = f"{path.stem}.backup-{now:%Y%m%d-%H%M%S}"
    candidate = path.with_name(base + path.suffix)
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{base}-{counter}{path.suffix}")
        counter += 1
    return candidate


def _make_backup(path: Path, now: datetime) -> Path:
    """Copy ``path`` to a backup name that did not exist (exclusive create: never overwrite)."""
    while True:
        backup = _backup_path(path, now)
        try:
            with open(path, "rb") as src, open(backup, "xb") as dst:
                shutil.copyfileobj(src, dst)
        except FileExistsError:
            continue
        shutil.copystat(path, backup)
        return backup


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


# ============================================================================ openpyxl work
def _load(path: Path, keep_vba: bool) -> Workbook:
    from openpyxl import load_workbook

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wb = load_workbook(path, keep_vba=keep_vba, rich_text=True)
    notes = [str(w.message) for w in caught
             if not any(h in str(w.message) for h in _HARMLESS_WARNINGS)]
    if notes:
        losses = [f"bagian yang tidak dapat dibaca ulang ({note})" for note in dict.fromkeys(notes)]
        raise LossyWriteRefused(_lossy_message(path, losses), path=path, losses=losses)
    return wb


def _find_sheet(wb: Workbook, name: str) -> Worksheet | None:
    if name in wb.sheetnames:
        return wb[name]
    wanted = layout.normalize_label(name)
    for title in wb.sheetnames:
        if layout.normalize_label(title) == wanted:
            return wb[title]
    return None


def _realisasi_header(ws: Worksheet) -> tuple[int, dict[str, int], int]:
    """(header row, key → column for every layout column found, last used header column)."""
    anchors = [c for c in layout.REALISASI_INPUT_COLUMNS if c.key in {"kode_indikator", "bulan"}]
    for row in ws.iter_rows(min_row=1, max_row=min(_HEADER_SCAN_ROWS, ws.max_row)):
        found: dict[str, int] = {}
        last = 0
        for cell in row:
            if cell.value is None or str(cell.value).strip() == "":
                continue
            last = max(last, cell.column)
            for column in layout.REALISASI_COLUMNS:
                if column.key not in found and column.matches(cell.value):
                    found[column.key] = cell.column
                    break
        if all(c.key in found for c in anchors):
            return row[0].row, found, last
    raise WriteError(
        f"Judul kolom lembar {ws.title} (Kode Indikator, Bulan, …) tidak ditemukan di "
        f"{_HEADER_SCAN_ROWS} baris pertama.",
        code=CODE_NO_HEADER,
    )


def _set_value(cell: Any, value: Any) -> None:
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"  # a staff text starting with "=" stays text


def _write_realisasi(ws: Worksheet, computation: Computation) -> tuple[int, dict[str, int], int]:
    """Write the computed columns; returns (header row, key → column, last data row)."""
    from copy import copy

    header_row, columns, last_header = _realisasi_header(ws)
    template = ws.cell(header_row, last_header)
    for column in layout.REALISASI_COMPUTED_COLUMNS:
        if column.key in columns:
            continue
        last_header += 1
        cell = ws.cell(header_row, last_header, column.label)
        if template.has_style:
            cell._style = copy(template._style)
        ws.column_dimensions[layout.column_letter(last_header)].width = column.width
        columns[column.key] = last_header

    frame = computation.realisasi
    records = frame.to_dict("records") if len(frame) else []
    kode_col = columns.get("kode_indikator")
    changed: list[str] = []
    last_row = header_row
    for record in records:
        row = excel_value(record.get("row"))
        if not isinstance(row, int | float) or row != int(row) or int(row) <= header_row:
            raise WriteError(f"Baris Realisasi tidak sah pada hasil hitung: {record.get('row')!r}.",
                             code=CODE_CHANGED)
        row = int(row)
        last_row = max(last_row, row)
        expected = excel_value(record.get("kode_indikator"))
        if kode_col is not None and expected is not None:
            found = ws.cell(row, kode_col).value
            found_text = "" if found is None else str(found).strip()
            if found_text != str(expected).strip():
                changed.append(f"{layout.cell_ref(row, kode_col)} berisi {found_text or '(kosong)'!r}, "
                               f"saat dihitung {expected!r}")
        if changed:
            continue
        for column in layout.REALISASI_COMPUTED_COLUMNS:
            cell = ws.cell(row, columns[column.key])
            _set_value(cell, excel_value(record.get(column.key)))
            if column.number_format:
                cell.number_format = column.number_format
    if changed:
        raise WriteError(
            f"Lembar {ws.title} berubah sejak dihitung ({'; '.join(changed[:3])}"
            f"{'; …' if len(changed) > 3 else ''}). Baca dan hitung ulang berkasnya, lalu tulis lagi.",
            code=CODE_CHANGED,
        )
    return header_row, columns, last_row


def _rule(formula: str, fill: str | None, font: str | None) -> Rule:
    from openpyxl.formatting.rule import Rule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.styles.differential import DifferentialStyle

    dxf = DifferentialStyle(
        font=Font(color="FF" + font) if font else None,
        fill=PatternFill(fill_type="solid", start_color="FF" + fill, end_color="FF" + fill) if fill else None,
    )
    return Rule(type="expression", formula=[formula], dxf=dxf, stopIfTrue=True)


def is_ikixl_rule(rule: Any) -> bool:
    """True when a conditional-format rule was written by ikixl (carries :data:`RULE_MARKER`)."""
    return any(RULE_MARKER in str(f) for f in (getattr(rule, "formula", None) or ()))


def _strip_ikixl_rules(ws: Worksheet) -> None:
    from openpyxl.formatting.formatting import ConditionalFormattingList

    kept = ConditionalFormattingList()
    top = 0
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            if is_ikixl_rule(rule):
                continue
            kept.add(str(cf.sqref), rule)
            top = max(top, rule.priority or 0)
    kept.max_priority = max(top, kept.max_priority)
    ws.conditional_formatting = kept


def _add_band_rules(ws: Worksheet, col: int, first: int, last: int, bands: Sequence[PredikatBand],
                    *, text: bool) -> None:
    top_left = layout.cell_ref(first, col)
    rng = f"{top_left}:{layout.cell_ref(last, col)}"
    build = predikat_rule_formulas if text else capaian_rule_formulas
    for formula, band in build(top_left, bands):
        ws.conditional_formatting.add(rng, _rule(formula, _hex(band.fill), _hex(band.font)))


def _format_realisasi(ws: Worksheet, columns: dict[str, int], header_row: int, last_row: int,
                      computation: Computation, bands: Sequence[PredikatBand]) -> None:
    _strip_ikixl_rules(ws)
    first = header_row + 1
    if last_row < first:
        return
    for key in ("capaian_bulan_pct", "capaian_tahunan_pct", "capaian_rencana_pct"):
        _add_band_rules(ws, columns[key], first, last_row, bands, text=False)
    _add_band_rules(ws, columns["predikat"], first, last_row, bands, text=True)
    if {"realisasi", "kode_indikator", "bulan"} <= columns.keys():
        col = columns["realisasi"]
        kode = f"${layout.column_letter(columns['kode_indikator'])}{first}"
        bulan = f"${layout.column_letter(columns['bulan'])}{first}"
        top_left = layout.cell_ref(first, col)
        formula = _blank_realisasi_formula(top_left, kode, bulan, computation.month)
        ws.conditional_formatting.add(f"{top_left}:{layout.cell_ref(last_row, col)}",
                                      _rule(formula, _BLANK_FILL, _BLANK_FONT))


def _month_title(computation: Computation) -> str:
    settings = computation.settings
    month = layout.BULAN[computation.month - 1] if 1 <= computation.month <= 12 else str(computation.month)
    parts = [settings.perangkat_daerah.strip() if settings.perangkat_daerah else "",
             f"Bulan {month}" + (f" {settings.tahun}" if settings.tahun else "")]
    return " — ".join(p for p in parts if p)


def _write_cascading(wb: Workbook, computation: Computation, bands: Sequence[PredikatBand]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    old = _find_sheet(wb, layout.SHEET_CASCADING)
    if old is not None:
        index = wb.sheetnames.index(old.title)
        wb.remove(old)
        ws = wb.create_sheet(layout.SHEET_CASCADING, index)
    else:
        ws = wb.create_sheet(layout.SHEET_CASCADING)

    columns = layout.CASCADING_COLUMNS
    position = {c.key: i for i, c in enumerate(columns, start=1)}
    hdr = layout.CASCADING_HEADER_ROW
    ws.cell(1, 1, layout.CASCADING_TITLE).font = Font(bold=True, size=14)
    _set_value(ws.cell(2, 1), _month_title(computation))
    ws.cell(2, 1).font = Font(italic=True)

    thin = Side(style="thin", color="FFBFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill(fill_type="solid", start_color="FF" + _HEADER_FILL,
                              end_color="FF" + _HEADER_FILL)
    for column in columns:
        cell = ws.cell(hdr, position[column.key], column.label)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[layout.column_letter(position[column.key])].width = column.width

    flag_fill = PatternFill(fill_type="solid", start_color="FF" + _FLAG_FILL, end_color="FF" + _FLAG_FILL)
    jabatan_fill = PatternFill(fill_type="solid", start_color="FF" + _JABATAN_FILL,
                               end_color="FF" + _JABATAN_FILL)
    frame = computation.cascade
    records = frame.to_dict("records") if len(frame) else []
    row = hdr
    for record in records:
        row += 1
        kind = excel_value(record.get("jenis_baris")) or "indikator"
        flagged = bool(excel_value(record.get("ditandai")) or False)
        tingkat = excel_value(record.get("tingkat"))
        level = int(tingkat) if isinstance(tingkat, int | float) else 0
        for column in columns:
            cell = ws.cell(row, position[column.key])
            _set_value(cell, excel_value(record.get(column.key)))
            cell.border = border
            if column.number_format:
                cell.number_format = column.number_format
            if flagged:
                cell.fill = flag_fill
            elif kind == "jabatan":
                cell.fill = jabatan_fill
            if kind == "jabatan":
                cell.font = Font(bold=True)
            if column.key == "uraian":
                indent = max(0, level) * 2 + {"jabatan": 0, "pendukung": 2}.get(kind, 1)
                cell.alignment = Alignment(indent=min(indent, 250), wrap_text=True, vertical="top")
            elif column.key == "catatan":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if flagged:
                    cell.font = Font(bold=True, color="FF" + _BLANK_FONT)
    last = row
    ws.freeze_panes = ws.cell(hdr + 1, 1)
    last_letter = layout.column_letter(len(columns))
    ws.auto_filter.ref = f"A{hdr}:{last_letter}{max(last, hdr + 1)}"
    ws.print_title_rows = f"{hdr}:{hdr}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if last > hdr:
        first = hdr + 1
        for key in ("capaian_pct", "capaian_pendukung_pct"):
            _add_band_rules(ws, position[key], first, last, bands, text=False)
        _add_band_rules(ws, position["predikat"], first, last, bands, text=True)


def _check_shapes(computation: Computation) -> None:
    """Refuse a Computation whose frames lack documented columns: a missing column would
    otherwise silently clear cells."""
    wanted = {
        "realisasi": ["row", "kode_indikator", *(c.key for c in layout.REALISASI_COMPUTED_COLUMNS)],
        "cascade": [*(c.key for c in layout.CASCADING_COLUMNS), "jenis_baris", "ditandai"],
    }
    for name, keys in wanted.items():
        missing = [k for k in keys if k not in getattr(computation, name).columns]
        if missing:
            raise WriteError(f"Hasil hitung tidak lengkap: tabel {name} tidak memiliki kolom "
                             f"{', '.join(missing)}.", code=CODE_FAILED)


def _verify(tmp: Path, sheetnames: list[str], realisasi_title: str, header_row: int,
            columns: dict[str, int], want_vba: bool) -> None:
    from openpyxl import load_workbook

    problems: list[str] = []
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        wb = load_workbook(tmp, read_only=True)
        try:
            if wb.sheetnames != sheetnames:
                problems.append(f"urutan lembar berubah: {wb.sheetnames}")
            if realisasi_title in wb.sheetnames:
                values = next(wb[realisasi_title].iter_rows(min_row=header_row, max_row=header_row,
                                                            values_only=True), ())
                for column in layout.REALISASI_COMPUTED_COLUMNS:
                    col = columns[column.key]
                    value = values[col - 1] if col <= len(values) else None
                    if not column.matches(value):
                        where = layout.cell_ref(header_row, col)
                        problems.append(f"judul {column.label!r} tidak ada di {where}")
            else:
                problems.append(f"lembar {realisasi_title} hilang")
        finally:
            wb.close()
    if want_vba:
        with zipfile.ZipFile(tmp) as archive:
            if "xl/vbaProject.bin" not in archive.namelist():
                problems.append("makro VBA (xl/vbaProject.bin) hilang")
    if problems:
        raise WriteError("Hasil tulis tidak lolos pemeriksaan: " + "; ".join(problems) + ".",
                         code=CODE_VERIFY)


# ============================================================================ public
def write_computed(
    path: str | os.PathLike[str],
    computation: Computation,
    output: str | os.PathLike[str] | None = None,
    *,
    now: datetime | None = None,
) -> WriteResult:
    """Write computed capaian, predikat and the Cascading sheet into an IKI workbook.

    Realisasi: for every row of ``computation.realisasi`` (its ``row`` column is
    the Excel row), the computed columns of ``layout.REALISASI_COMPUTED_COLUMNS``
    are written under their headers (found by label in the first 30 rows;
    appended after the last header when absent): numbers as numbers, capaian in
    percent points (87.5) with ``layout.PCT_FORMAT``, None as an empty cell.
    Input columns are never written.  The Cascading sheet is rebuilt from
    ``computation.cascade``.  Conditional formats colour capaian and predikat
    cells by ``computation.settings.predikat`` (the layout default when empty)
    and mark Realisasi cells still blank for months up to ``computation.month``;
    ikixl's earlier rules are replaced, the clerk's own are kept.

    The file is written to a temporary file beside the target, reopened to
    verify, then moved into place with :func:`os.replace`.  On any failure the
    original is intact and the temporary file removed.

    Args:
        path: the ``.xlsx`` or ``.xlsm`` workbook the computation was made from.
        computation: the result of :func:`ikixl.compute.compute`.
        output: write here instead and leave ``path`` byte-identical; same suffix
            as ``path`` (an ``.xlsm`` is never written as ``.xlsx``).  Equal to
            ``path`` means in place.  An existing ``output`` is replaced.
        now: the time in the backup's name (default: now).

    Returns:
        :class:`WriteResult`: the file written and, in place, the backup
        ``NAME.backup-YYYYMMDD-HHMMSS.xlsx`` (``-2``, ``-3``… when taken).

    Raises:
        LossyWriteRefused: (a :class:`WriteError`, code
            ``penulisan-akan-menghilangkan-data``) the workbook holds parts the
            writer would drop (:func:`find_losses`); refused with ``output`` too.
        WriteError: with code ``berkas-sedang-dibuka`` (a lock file shows the
            target open), ``format-berkas-tidak-didukung`` (not .xlsx/.xlsm, or
            the suffixes differ), ``berkas-tidak-ditemukan``,
            ``lembar-realisasi-tidak-ada``, ``judul-kolom-realisasi-tidak-ditemukan``,
            ``berkas-berubah-sejak-dihitung`` (a Realisasi row no longer holds the
            indicator it was computed for), ``hasil-tulis-tidak-valid`` (the
            written file failed verification) or ``gagal-menulis`` (anything
            else, chained with ``from``).
    """
    source = Path(path)
    target = Path(output) if output is not None else source
    if not source.is_file():
        raise WriteError(f"Berkas {source} tidak ditemukan.", path=source, code=CODE_MISSING)
    in_place = _same_file(source, target)
    suffix = source.suffix.lower()
    if suffix not in _SUFFIXES:
        raise WriteError(
            f"ikixl hanya dapat menulis buku kerja .xlsx atau .xlsm, bukan {source.name}. Simpan dulu "
            "berkasnya sebagai Buku Kerja Excel (.xlsx).", path=source, code=CODE_FORMAT)
    if target.suffix.lower() != suffix:
        raise WriteError(
            f"Berkas tujuan {target.name} harus berakhiran {source.suffix} seperti berkas asli"
            + (" (berkas .xlsm berisi makro dan tidak boleh disimpan sebagai .xlsx)." if suffix == ".xlsm"
               else "."), path=target, code=CODE_FORMAT)
    if not target.parent.is_dir():
        raise WriteError(f"Folder tujuan {target.parent} tidak ada.", path=target, code=CODE_MISSING)
    ensure_not_open(source if in_place else target)
    if in_place:
        target = source

    losses = find_losses(source)
    if losses:
        raise LossyWriteRefused(_lossy_message(source, losses), path=source, losses=losses)

    _check_shapes(computation)
    moment = now or datetime.now()
    tmp: Path | None = None
    backup: Path | None = None
    try:
        keep_vba = suffix == ".xlsm"
        wb = _load(source, keep_vba)
        realisasi = _find_sheet(wb, layout.SHEET_REALISASI)
        if realisasi is None:
            raise WriteError(f"Lembar {layout.SHEET_REALISASI} tidak ada di {source.name}.",
                             path=source, code=CODE_NO_REALISASI)
        bands = predikat_bands(computation.settings)
        header_row, columns, last_row = _write_realisasi(realisasi, computation)
        _format_realisasi(realisasi, columns, header_row, last_row, computation, bands)
        _write_cascading(wb, computation, bands)
        sheetnames = list(wb.sheetnames)

        fd, name = tempfile.mkstemp(prefix=f".{target.stem}.ikixl-", suffix=target.suffix, dir=target.parent)
        os.close(fd)
        tmp = Path(name)
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            wb.save(tmp)
        _verify(tmp, sheetnames, realisasi.title, header_row, columns, keep_vba)
        shutil.copymode(target if target.exists() else source, tmp)

        if in_place:
            backup = _make_backup(source, moment)
        os.replace(tmp, target)
        tmp = None
        return WriteResult(path=target, backup=backup)
    except Exception as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if backup is not None:
            backup.unlink(missing_ok=True)
        if isinstance(exc, WriteError):
            if exc.path is None:
                exc.path = target
            raise
        raise WriteError(f"Gagal menulis {target.name}: {exc}. Berkas asli tidak diubah.",
                         path=target, code=CODE_FAILED) from exc

