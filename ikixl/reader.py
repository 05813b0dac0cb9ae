"""Reading an IKI workbook (format v1, :mod:`ikixl.layout`) into :class:`~ikixl.model.IkiWorkbook`.

The reader is forgiving about *where* things are and strict about *what* they
are: tables are found by their header labels (synonyms, NBSP, line breaks,
title rows, extra columns and a ``(1) (2) (3)`` column-number row are all
tolerated), values are typed by :mod:`ikixl.values`, and every value keeps the
Excel address it came from.  Structural problems inside a readable workbook
(a missing sheet, a header not found) never raise: the reader reads what it
can and :mod:`ikixl.check` reports the rest.  Only a file that is not a
readable ``.xlsx`` at all raises :class:`~ikixl.errors.WorkbookError`.

The spreadsheet engine (openpyxl, read-only, cached values) is confined to
:func:`_load_openpyxl`, which returns plain grids; a faster engine can replace
it without touching the rest.
"""

from __future__ import annotations

import functools
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ikixl import layout, values
from ikixl.catalogue import Text
from ikixl.errors import WorkbookError
from ikixl.model import IkiWorkbook, ReadNote

#: Rows searched for a table's header row.
HEADER_SEARCH_ROWS = 30
#: A run of this many blank rows ends a table inside a sheet (blank rows inside
#: a table are skipped; the template's formatted-but-empty rows are blank).
TABLE_GAP_ROWS = 5
#: A run of this many blank rows ends the reading of a sheet: a sheet whose
#: formatting reaches row 1,048,576 is not walked to the end.
SHEET_END_BLANK_ROWS = 200
#: Larger XML parts are refused (entity expansion and zip bombs).
MAX_PART_BYTES = 512 * 1024 * 1024

NOTE_IGNORED_FEATURE = "fitur-diabaikan"


# --------------------------------------------------------------------------- grids
@dataclass
class _Grid:
    """One sheet's non-blank rows: Excel row → (values, number formats), column A at index 0.

    Number formats are kept only for numeric cells (they decide percent scaling).
    """

    title: str
    rows: dict[int, tuple[list[Any], list[str | None]]] = field(default_factory=dict)

    def value(self, row: int, col: int) -> Any:
        entry = self.rows.get(row)
        if entry is None or col - 1 >= len(entry[0]):
            return None
        return entry[0][col - 1]

    def number_format(self, row: int, col: int) -> str | None:
        entry = self.rows.get(row)
        if entry is None or col - 1 >= len(entry[1]):
            return None
        return entry[1][col - 1]

    @property
    def last_row(self) -> int:
        return max(self.rows, default=0)


def _sniff(path: Path) -> None:
    """Refuse, by its bytes, a file that cannot be an .xlsx (with a message saying what it is)."""
    if not path.exists() or path.is_dir():
        raise WorkbookError.from_code("berkas-tidak-ada", path=path, berkas=str(path))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            fh.seek(0)
            sample = fh.read(1 << 20)
    except OSError as exc:
        raise WorkbookError.from_code(
            "berkas-tidak-terbaca", path=path, berkas=path.name, rincian=exc.strerror or str(exc)
        ) from exc
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptionInfo".encode("utf-16-le") in sample or "EncryptedPackage".encode("utf-16-le") in sample:
            raise WorkbookError.from_code("berkas-berkata-sandi", path=path, berkas=path.name)
        raise WorkbookError.from_code("berkas-format-xls", path=path, berkas=path.name)
    stripped = sample.lstrip()[:512].lower()
    if stripped.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table", b"\xef\xbb\xbf<")):
        raise WorkbookError.from_code("berkas-bukan-xlsx", path=path, berkas=path.name, jenis=_WEB_PAGE)
    if not head.startswith(b"PK"):
        raise WorkbookError.from_code("berkas-bukan-xlsx", path=path, berkas=path.name, jenis=_OTHER_DATA)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
                raise WorkbookError.from_code("berkas-bukan-xlsx", path=path, berkas=path.name, jenis=_ZIP)
            for info in zf.infolist():
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                if info.file_size > MAX_PART_BYTES:
                    raise WorkbookError.from_code(
                        "berkas-xml-berbahaya", path=path, berkas=path.name, bagian=info.filename,
                        alasan=_TOO_LARGE,
                    )
                with zf.open(info) as part:
                    prolog = part.read(4096)
                if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                    raise WorkbookError.from_code(
                        "berkas-xml-berbahaya", path=path, berkas=path.name, bagian=info.filename,
                        alasan=_DOCTYPE,
                    )
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise WorkbookError.from_code("berkas-rusak", path=path, berkas=path.name, rincian=str(exc)) from exc


# What a refused file is, in words for the message (both languages).
_WEB_PAGE = Text(
    "adalah halaman web (HTML/XML) yang diberi nama Excel",
    "is a web page (HTML/XML) named like an Excel file",
)
_ZIP = Text("adalah arsip ZIP", "is a ZIP archive")
_OTHER_DATA = Text(
    "kosong atau berisi data lain (mis. teks atau CSV)", "is empty or holds other data (e.g. text or CSV)"
)
_TOO_LARGE = Text("terlalu besar", "is too large")
_DOCTYPE = Text("berisi deklarasi XML DOCTYPE/ENTITY", "holds an XML DOCTYPE/ENTITY declaration")


def _load_openpyxl(path: Path) -> tuple[list[str], dict[str, _Grid], list[str]]:
    """Read every worksheet's cached values with openpyxl (read-only).

    Returns:
        (every sheet name in workbook order, grids of worksheets by name, the
        messages of warnings openpyxl raised, deduplicated).

    Raises:
        WorkbookError: openpyxl cannot read the workbook.
    """
    import openpyxl

    grids: dict[str, _Grid] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - whatever openpyxl trips on, the file is unreadable
            raise WorkbookError.from_code(
                "berkas-tidak-terbaca", path=path, berkas=path.name, rincian=str(exc)
            ) from exc
        try:
            names = list(wb.sheetnames)
            for ws in wb.worksheets:
                grids[ws.title] = _read_sheet(ws)
        except Exception as exc:  # noqa: BLE001 - a sheet openpyxl cannot parse is a damaged file
            raise WorkbookError.from_code(
                "berkas-rusak", path=path, berkas=path.name,
                rincian=Text(f"sebuah sheet tidak dapat dibaca: {exc}", f"a sheet cannot be read: {exc}"),
            ) from exc
        finally:
            wb.close()
    messages = list(dict.fromkeys(str(w.message) for w in caught))
    return names, grids, messages


def _read_sheet(ws: Any) -> _Grid:
    grid = _Grid(ws.title)
    blank_run = 0
    for row_number, row in enumerate(ws.iter_rows(), start=1):
        vals: list[Any] = []
        fmts: list[str | None] = []
        last = -1
        for i, cell in enumerate(row):
            v = cell.value
            if isinstance(v, str) and not v.strip():
                v = None
            vals.append(v)
            fmts.append(
                cell.number_format if isinstance(v, (int, float)) and not isinstance(v, bool) else None
            )
            if v is not None:
                last = i
        if last < 0:
            blank_run += 1
            if blank_run >= SHEET_END_BLANK_ROWS:
                break
            continue
        blank_run = 0
        grid.rows[row_number] = (vals[: last + 1], fmts[: last + 1])
    return grid


# --------------------------------------------------------------------------- matching
_ENUM_PREFIX = re.compile(r"^\s*(?:\d+|[a-zA-Z])[.)]\s+")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


@functools.cache
def _label_index(columns: tuple[layout.Column, ...]) -> dict[str, layout.Column]:
    """Normalised label or synonym → column (the first column wins a shared wording)."""
    index: dict[str, layout.Column] = {}
    for column in columns:
        for text in (column.label, *column.synonyms):
            index.setdefault(layout.normalize_label(text), column)
    return index


@functools.lru_cache(maxsize=4096)
def _header_forms(header: str) -> tuple[str, ...]:
    base = re.sub(r"\.\s*$", "", _ENUM_PREFIX.sub("", header).strip())
    forms = (header, base, _TRAILING_PAREN.sub("", base))
    return tuple(dict.fromkeys(layout.normalize_label(f) for f in forms if f))


def match_column(columns: tuple[layout.Column, ...], header: object) -> layout.Column | None:
    """The column whose label or synonym ``header`` is, after
    :func:`~ikixl.layout.normalize_label` (the same rule as ``Column.matches``).

    Also accepts a leading enumerator (``1. Jabatan``), a trailing dot (``No.``)
    and a trailing parenthetical the layout does not name (``Target (Jumlah)``).
    """
    if not isinstance(header, str) or len(header) > 120:
        return None
    index = _label_index(columns)
    for form in _header_forms(header):
        column = index.get(form)
        if column is not None:
            return column
    return None


_COLNUM_CELL = re.compile(r"^\(?\s*(\d+)\s*\)?$")


def _is_column_number_row(cells: list[Any]) -> bool:
    """``(1) (2) (3) …`` or ``1 2 3 …`` under a header: numbering, not data."""
    nums = []
    for v in cells:
        if v is None:
            continue
        if isinstance(v, int) and not isinstance(v, bool):
            nums.append(v)
            continue
        if isinstance(v, float) and v.is_integer():
            nums.append(int(v))
            continue
        m = _COLNUM_CELL.match(str(v).strip())
        if not m:
            return False
        nums.append(int(m.group(1)))
    return len(nums) >= 3 and all(b == a + 1 for a, b in zip(nums, nums[1:], strict=False))


def _find_header(
    grid: _Grid,
    columns: tuple[layout.Column, ...],
    *,
    first_row: int = 1,
    search_rows: int = HEADER_SEARCH_ROWS,
    min_matches: int = 2,
) -> tuple[int, dict[str, int]] | None:
    """The header row of a table (best-matching row) and key → 1-based column."""
    best: tuple[int, dict[str, int]] | None = None
    for row in range(first_row, first_row + search_rows):
        entry = grid.rows.get(row)
        if entry is None:
            continue
        found: dict[str, int] = {}
        for col, v in enumerate(entry[0], start=1):
            column = match_column(columns, v)
            if column is not None and column.key not in found:
                found[column.key] = col
        if len(found) >= min_matches and (best is None or len(found) > len(best[1])):
            best = (row, found)
    return best


def _table_rows(
    grid: _Grid, header_row: int, colmap: dict[str, int], significant: set[str], gap: int | None
) -> list[int]:
    """Excel rows of a table's data: after the header, skipping a column-number row
    and blank rows; a run of ``gap`` blank rows ends the table (None: read to the end)."""
    sig_cols = [c for k, c in colmap.items() if k in significant]
    rows: list[int] = []
    blank = 0
    for row in range(header_row + 1, grid.last_row + 1):
        entry = grid.rows.get(row)
        cells = entry[0] if entry else []
        if any(c - 1 < len(cells) and cells[c - 1] is not None for c in sig_cols):
            if not rows and _is_column_number_row(cells):
                continue
            rows.append(row)
            blank = 0
        else:
            blank += 1
            if gap is not None and rows and blank >= gap:
                break
            if gap is not None and not rows and blank >= gap * 4:
                break
    return rows


# --------------------------------------------------------------------------- tables
class _TableBuilder:
    """Accumulates typed rows, their addresses and ReadNotes for one model table."""

    def __init__(self, name: str, keys: list[str], extra: list[str]) -> None:
        self.name = name
        self.keys = keys
        self.extra = extra
        self.records: list[dict[str, Any]] = []
        self.addresses: list[dict[str, str | None]] = []

    def add(
        self,
        grid: _Grid,
        row: int,
        colmap: dict[str, int],
        columns: tuple[layout.Column, ...],
        notes: list[ReadNote],
        extra: dict[str, Any],
    ) -> dict[str, Any]:
        index = len(self.records)
        record: dict[str, Any] = {}
        address: dict[str, str | None] = {}
        for column in columns:
            col = colmap.get(column.key)
            if col is None:
                record[column.key] = None
                address[column.key] = None
                continue
            raw = grid.value(row, col)
            parsed = values.parse_cell(column, raw, grid.number_format(row, col))
            record[column.key] = parsed.value
            address[column.key] = layout.cell_ref(row, col)
            if parsed.note:
                notes.append(ReadNote(self.name, index, column.key, parsed.note, raw, parsed.reading or ""))
        record.update(extra)
        self.records.append(record)
        self.addresses.append(address)
        return record

    def frames(self, index: list[Any] | None = None) -> tuple[Any, Any]:
        import pandas as pd

        idx = index if index is not None else list(range(len(self.records)))
        data = pd.DataFrame(self.records, columns=self.keys + self.extra, index=idx, dtype=object)
        cells = pd.DataFrame(self.addresses, columns=self.keys, index=idx, dtype=object)
        return data, cells


def _is_reserved(title: str) -> str | None:
    folded = layout.normalize_label(title)
    for name in layout.RESERVED_SHEETS:
        if layout.normalize_label(name) == folded:
            return name
    return None


def _label_values(
    grid: _Grid, columns: tuple[layout.Column, ...], last_row: int
) -> dict[str, tuple[int, int]]:
    """Label/value block: key → (row, value column) for every label found above ``last_row``.

    The value is in the cell right of the label, or one further when that cell is a lone ``:``.
    """
    found: dict[str, tuple[int, int]] = {}
    for row in range(1, last_row + 1):
        entry = grid.rows.get(row)
        if entry is None:
            continue
        for col, v in enumerate(entry[0], start=1):
            column = match_column(columns, v)
            if column is None or column.key in found:
                continue
            value_col = col + 1
            if isinstance(grid.value(row, value_col), str) and grid.value(row, value_col).strip() == ":":
                value_col += 1
            found[column.key] = (row, value_col)
    return found


def read_workbook(path: str | Path) -> IkiWorkbook:
    """Read an IKI workbook (format v1) into the typed model.

    Args:
        path: an ``.xlsx`` (or ``.xlsm``) file.

    Returns:
        The :class:`~ikixl.model.IkiWorkbook`: tables typed as :mod:`ikixl.model`
        describes, every value's Excel address in ``cells``, the columns and
        settings whose labels were not found in ``missing_columns``
        (``pengaturan``, ``predikat``, ``jabatan:<sheet>``, ``indikator:<sheet>``,
        ``realisasi``), and the reader's interpretations in ``notes``
        (text read as a number, a percent-formatted cell, a code stored as a
        number, spreadsheet features the reader ignored: ``table="workbook"``).

    Raises:
        WorkbookError: the file does not exist or is not a readable ``.xlsx``
            (legacy ``.xls``, password-protected, HTML, truncated, corrupt,
            XML with entity declarations).  ``code`` says which.
    """
    path = Path(path)
    _sniff(path)
    sheet_names, grids, warning_messages = _load_openpyxl(path)
    notes: list[ReadNote] = [
        ReadNote("workbook", None, "", NOTE_IGNORED_FEATURE, msg, msg) for msg in warning_messages
    ]
    missing: dict[str, list[str]] = {}
    cells: dict[str, Any] = {}

    # ---- Pengaturan
    pengaturan_title = next((t for t in grids if _is_reserved(t) == layout.SHEET_PENGATURAN), None)
    pengaturan, pengaturan_cells, predikat, predikat_cells = _read_pengaturan(
        grids.get(pengaturan_title) if pengaturan_title else None, notes, missing
    )
    cells["pengaturan"] = pengaturan_cells
    cells["predikat"] = predikat_cells

    # ---- jabatan sheets
    jab = _TableBuilder("jabatan", [c.key for c in layout.JABATAN_FIELDS], ["sheet"])
    ind = _TableBuilder(
        "indikator", [c.key for c in layout.INDIKATOR_COLUMNS], ["kode_jabatan", "sheet", "row"]
    )
    jabatan_sheets: list[str] = []
    significant = {c.key for c in layout.INDIKATOR_COLUMNS if c.key != "no"}
    for title in sheet_names:
        grid = grids.get(title)
        if grid is None or _is_reserved(title):
            continue
        header = _find_header(grid, layout.INDIKATOR_COLUMNS, min_matches=3)
        block_end = header[0] - 1 if header else HEADER_SEARCH_ROWS
        fields = _label_values(grid, layout.JABATAN_FIELDS, block_end)
        # A jabatan form: the indicator header, or the block's own labels (Kode Jabatan, or
        # three fields); a "No | NIP | Nama" list elsewhere in the file is not one.
        if header is None and "kode_jabatan" not in fields and len(fields) < 3:
            continue
        jabatan_sheets.append(title)
        field_cols = {k: c for k, (_, c) in fields.items()}
        # A label/value block has one row per field: read it as a one-row table per field.
        record: dict[str, Any] = {}
        address: dict[str, str | None] = {}
        jab_index = len(jab.records)
        for column in layout.JABATAN_FIELDS:
            if column.key not in fields:
                record[column.key] = None
                address[column.key] = None
                continue
            row, col = fields[column.key]
            raw = grid.value(row, col)
            parsed = values.parse_cell(column, raw, grid.number_format(row, col))
            record[column.key] = parsed.value
            address[column.key] = layout.cell_ref(row, col)
            if parsed.note:
                notes.append(
                    ReadNote("jabatan", jab_index, column.key, parsed.note, raw, parsed.reading or "")
                )
        record["sheet"] = title
        jab.records.append(record)
        jab.addresses.append(address)
        absent = [c.key for c in layout.JABATAN_FIELDS if c.key not in field_cols]
        if absent:
            missing[f"jabatan:{title}"] = absent

        if header is None:
            missing[f"indikator:{title}"] = [c.key for c in layout.INDIKATOR_COLUMNS]
            continue
        header_row, colmap = header
        absent = [c.key for c in layout.INDIKATOR_COLUMNS if c.key not in colmap]
        if absent:
            missing[f"indikator:{title}"] = absent
        for row in _table_rows(grid, header_row, colmap, significant, TABLE_GAP_ROWS):
            ind.add(
                grid,
                row,
                colmap,
                layout.INDIKATOR_COLUMNS,
                notes,
                {"kode_jabatan": record["kode_jabatan"], "sheet": title, "row": row},
            )
    jabatan, cells["jabatan"] = jab.frames()
    indikator, cells["indikator"] = ind.frames()

    # ---- Realisasi
    real = _TableBuilder("realisasi", [c.key for c in layout.REALISASI_COLUMNS], ["sheet", "row"])
    realisasi_title = next((t for t in grids if _is_reserved(t) == layout.SHEET_REALISASI), None)
    if realisasi_title is not None:
        grid = grids[realisasi_title]
        header = _find_header(grid, layout.REALISASI_COLUMNS, min_matches=2)
        if header is None:
            missing["realisasi"] = [c.key for c in layout.REALISASI_COLUMNS]
        else:
            header_row, colmap = header
            absent = [c.key for c in layout.REALISASI_COLUMNS if c.key not in colmap]
            if absent:
                missing["realisasi"] = absent
            significant = {c.key for c in layout.REALISASI_INPUT_COLUMNS}
            for row in _table_rows(grid, header_row, colmap, significant, None):
                real.add(
                    grid, row, colmap, layout.REALISASI_COLUMNS, notes, {"sheet": realisasi_title, "row": row}
                )
    realisasi, cells["realisasi"] = real.frames()

    return IkiWorkbook(
        path=path,
        sheet_names=sheet_names,
        jabatan_sheets=jabatan_sheets,
        pengaturan=pengaturan,
        predikat=predikat,
        jabatan=jabatan,
        indikator=indikator,
        realisasi=realisasi,
        cells=cells,
        missing_columns=missing,
        notes=notes,
    )


def _read_pengaturan(
    grid: _Grid | None, notes: list[ReadNote], missing: dict[str, list[str]]
) -> tuple[Any, Any, Any, Any]:
    """The settings block and the predikat table (empty frames when the sheet is absent)."""
    import pandas as pd

    keys = [s.key for s in layout.SETTINGS]
    pred = _TableBuilder("predikat", [c.key for c in layout.PREDIKAT_COLUMNS], ["sheet"])
    if grid is None:
        settings_frame = pd.DataFrame(columns=["key", "label", "value", "sheet"], dtype=object)
        settings_cells = pd.DataFrame(columns=["value"], dtype=object)
        predikat, predikat_cells = pred.frames()
        return settings_frame, settings_cells, predikat, predikat_cells

    header = _find_header(grid, layout.PREDIKAT_COLUMNS, search_rows=60, min_matches=2)
    block_end = header[0] - 1 if header else 60
    as_columns = tuple(layout.Column(s.key, s.label) for s in layout.SETTINGS)
    found = _label_values(grid, as_columns, block_end)
    records: list[dict[str, Any]] = []
    addresses: list[dict[str, str | None]] = []
    for setting in layout.SETTINGS:
        if setting.key not in found:
            records.append({"key": setting.key, "label": setting.label, "value": None, "sheet": grid.title})
            addresses.append({"value": None})
            continue
        row, col = found[setting.key]
        raw = grid.value(row, col)
        parsed = values.parse_setting(setting, raw, grid.number_format(row, col))
        records.append(
            {"key": setting.key, "label": setting.label, "value": parsed.value, "sheet": grid.title}
        )
        addresses.append({"value": layout.cell_ref(row, col)})
        if parsed.note:
            notes.append(ReadNote("pengaturan", setting.key, "value", parsed.note, raw, parsed.reading or ""))
    absent = [k for k in keys if k not in found]
    if absent:
        missing["pengaturan"] = absent
    settings_frame = pd.DataFrame(records, index=keys, dtype=object)
    settings_cells = pd.DataFrame(addresses, index=keys, dtype=object)

    if header is None:
        missing["predikat"] = [c.key for c in layout.PREDIKAT_COLUMNS]
    else:
        header_row, colmap = header
        absent = [c.key for c in layout.PREDIKAT_COLUMNS if c.key not in colmap]
        if absent:
            missing["predikat"] = absent
        significant = {c.key for c in layout.PREDIKAT_COLUMNS}
        for row in _table_rows(grid, header_row, colmap, significant, 1):
            pred.add(grid, row, colmap, layout.PREDIKAT_COLUMNS, notes, {"sheet": grid.title})
    predikat, predikat_cells = pred.frames()
    return settings_frame, settings_cells, predikat, predikat_cells
