"""Write IKI workbooks in format v1: the blank template and filled workbooks.

Everything about *where* things go (sheet names, labels, rows, columns, closed
lists, defined names, number formats) comes from :mod:`ikixl.layout`; this
module only decides how it looks (fills, borders, widths of label columns,
row heights) and writes the Petunjuk text for clerks.

Output is byte-reproducible: the same content gives the same bytes.  XlsxWriter
stamps every zip member with 1980-01-01 when it builds the package in memory
(on disk it uses ``time.mktime`` of 1980-01-31, which depends on the local time
zone, so we always build in memory), and the document's created date would be
"now" unless set, so it is fixed to :data:`DOCUMENT_CREATED`.

Example::

    from ikixl.template import JabatanForm, WorkbookContent, write_workbook
    content = WorkbookContent(jabatan=[JabatanForm({"kode_jabatan": "SEK", "nama_jabatan": "Sekretaris"})])
    write_workbook("iki.xlsx", content)
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ikixl import layout, petunjuk
from ikixl.catalogue import Text
from ikixl.errors import WriteError
from ikixl.files import atomic_write, why_not_written
from ikixl.formatting import row_height

__all__ = [
    "DOCUMENT_CREATED",
    "TEMPLATE_KODE_JABATAN",
    "TEMPLATE_REALISASI_ROWS",
    "JabatanForm",
    "Pengaturan",
    "WorkbookContent",
    "write_template",
    "write_workbook",
]

#: Fixed creation date written in the document properties (byte-reproducible output).
DOCUMENT_CREATED = datetime(2023, 1, 1, 0, 0, 0)
#: Placeholder Kode Jabatan of the one jabatan sheet in the blank template.
TEMPLATE_KODE_JABATAN = "JAB-1"
#: Formatted empty Realisasi rows offered after the data: 12 months for each
#: of the template's empty indicator rows.
TEMPLATE_REALISASI_ROWS = 12 * layout.TEMPLATE_INDIKATOR_ROWS

_WORKBOOK_OPTIONS = {
    # Staff text such as "=> lihat SOP", "+62 ...", "- selesai", "@Sekretariat" or
    # "http://..." must stay text, and "001" must not become 1.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,
}
_TEXT_FORMAT = "@"
_TEXT_KINDS = ("code", "nip")
_NOTE_WIDTH = 70
_VALUE_WIDTH = 42  # "Dinas Sosial Kabupaten Kutai Kartanegara" on one line
_PETUNJUK_WIDTH = 80  # characters: one A4 portrait page wide
_HEADER_FILL = "#DDEBF7"
_COMPUTED_FILL = "#D9D9D9"
_COMPUTED_BODY_FILL = "#F2F2F2"
_INVALID_SHEET_CHARS = set("[]:*?/\\")
_COMPUTED_NOTE = "Kolom abu-abu diisi oleh ikixl (perintah ikixl compute). Jangan diisi atau diubah manual."


# --------------------------------------------------------------------------- content
@dataclass
class Pengaturan:
    """The Pengaturan sheet's content.

    Attributes:
        values: setting key (``layout.SETTINGS``) → value; a missing key takes
            the layout default.  Months may be 1–12 or an Indonesian month
            name; yes/no settings may be ``bool`` or ``"Ya"``/``"Tidak"``.
        predikat: bands ``(lower bound in percent points, label, fill #RRGGBB,
            font #RRGGBB)`` from the top band down; at most
            ``layout.PREDIKAT_MAX_ROWS``.
    """

    values: dict[str, Any] = field(default_factory=dict)
    predikat: Sequence[tuple[Any, str, str, str]] = layout.PREDIKAT_DEFAULT

    def value(self, key: str) -> Any:
        """The value of setting ``key``, or its layout default.

        Raises:
            KeyError: ``key`` is not a layout setting.
        """
        default = {s.key: s.default for s in layout.SETTINGS}[key]
        return self.values.get(key, default)


@dataclass
class JabatanForm:
    """One jabatan sheet.

    Attributes:
        fields: header field key (``layout.JABATAN_FIELDS``) → value.
            ``kode_jabatan`` is required and names the sheet.  ``fungsi`` may
            be a list of items (written as a numbered list in one cell).
        indikator: one dict per indicator, keyed by ``layout.INDIKATOR_COLUMNS``
            keys; missing keys are blank.  ``sumber_data`` may be a list
            (one line per item); ``target`` may be a number, a range text
            (``"80-90"``) or a SAKIP letter (``"BB"``).
    """

    fields: dict[str, Any]
    indikator: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kode(self) -> str:
        """The Kode Jabatan, i.e. the sheet name."""
        return str(self.fields.get("kode_jabatan") or "").strip()


@dataclass
class WorkbookContent:
    """Everything a workbook holds.

    Attributes:
        pengaturan: the settings and predikat table.
        jabatan: the jabatan sheets, in workbook order.
        realisasi: one dict per Realisasi row, keyed by
            ``layout.REALISASI_INPUT_COLUMNS`` keys (computed columns are left
            for ``ikixl compute``).  ``bulan`` may be 1–12 or a month name; it
            is written as the Indonesian name.
        petunjuk_tambahan: extra paragraphs put at the top of Petunjuk (e.g.
            "the numbers in this example are illustrative").
        empty_indikator_rows: formatted empty rows with dropdowns below each
            indicator table.
        empty_realisasi_rows: formatted empty rows below the Realisasi rows.
    """

    pengaturan: Pengaturan = field(default_factory=Pengaturan)
    jabatan: list[JabatanForm] = field(default_factory=list)
    realisasi: list[dict[str, Any]] = field(default_factory=list)
    petunjuk_tambahan: list[str] = field(default_factory=list)
    empty_indikator_rows: int = layout.TEMPLATE_INDIKATOR_ROWS
    empty_realisasi_rows: int = TEMPLATE_REALISASI_ROWS


# --------------------------------------------------------------------------- public API
def write_workbook(path: str | os.PathLike[str], content: WorkbookContent) -> Path:
    """Write ``content`` as a format-v1 workbook.

    Sheets, in order: Petunjuk, Pengaturan, one sheet per jabatan (named by its
    Kode Jabatan), Realisasi.  The file is written atomically (a temporary file
    in the same folder, then renamed), so a failure leaves ``path`` untouched.

    Args:
        path: the ``.xlsx`` file to write (its folder must exist).
        content: what to write.

    Returns:
        The path written.

    Raises:
        WriteError: ``isi-tidak-valid`` when the content uses keys unknown to
            the layout, a Kode Jabatan that cannot be a sheet name or is used
            twice, or too many predikat bands; ``gagal-menulis`` when the file
            cannot be written.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":  # a workbook named .csv or .xlsm would not open as one
        raise WriteError.from_code(
            "format-berkas-tidak-didukung", path=target, berkas=target.name, akhiran=".xlsx",
            alasan=Text("templat dan buku kerja baru ditulis sebagai .xlsx",
                        "templates and new workbooks are written as .xlsx"),
        )
    if not target.parent.is_dir():
        raise WriteError.from_code("berkas-tidak-ditemukan", path=target, berkas=str(target.parent),
                                   jenis=Text("Folder tujuan", "Target folder"))
    _validate(content, target)
    data = _render(content, target)
    try:
        with atomic_write(target) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise WriteError.from_code(
            "gagal-menulis", path=target, berkas=str(target), rincian=why_not_written(exc, target)
        ) from exc
    return target


def write_template(path: str | os.PathLike[str]) -> Path:
    """Write the blank workbook staff start from.

    It holds the default settings and predikat table, one jabatan sheet with
    the placeholder code :data:`TEMPLATE_KODE_JABATAN` and
    ``layout.TEMPLATE_INDIKATOR_ROWS`` formatted empty indicator rows, and an
    empty Realisasi sheet with :data:`TEMPLATE_REALISASI_ROWS` formatted rows.
    Two calls give byte-identical files.

    Raises:
        WriteError: when the file cannot be written.
    """
    content = WorkbookContent(jabatan=[JabatanForm({"kode_jabatan": TEMPLATE_KODE_JABATAN})])
    return write_workbook(path, content)


# --------------------------------------------------------------------------- validation
def _validate(content: WorkbookContent, path: Path) -> None:
    problems: list[Text] = []
    known = {
        "pengaturan": {s.key for s in layout.SETTINGS},
        "jabatan": {c.key for c in layout.JABATAN_FIELDS},
        "indikator": {c.key for c in layout.INDIKATOR_COLUMNS},
        "realisasi": {c.key for c in layout.REALISASI_INPUT_COLUMNS},
    }

    def unknown(table: str, keys: Iterable[str]) -> None:
        extra = sorted(set(keys) - known[table])
        if extra:
            names = ", ".join(extra)
            problems.append(Text(f"kolom {table} tidak dikenal: {names}", f"unknown {table} column: {names}"))

    unknown("pengaturan", content.pengaturan.values)
    if len(content.pengaturan.predikat) > layout.PREDIKAT_MAX_ROWS:
        most = layout.PREDIKAT_MAX_ROWS
        problems.append(
            Text(f"tabel predikat lebih dari {most} baris", f"predikat table longer than {most} rows")
        )
    seen: set[str] = {name.casefold() for name in layout.RESERVED_SHEETS}
    for form in content.jabatan:
        unknown("jabatan", form.fields)
        for row in form.indikator:
            unknown("indikator", row)
        kode = form.kode
        if not kode or len(kode) > 31 or set(kode) & _INVALID_SHEET_CHARS or "'" in (kode[0], kode[-1]):
            problems.append(Text(f"Kode Jabatan {kode!r} tidak dapat menjadi nama lembar",
                                 f"Kode Jabatan {kode!r} cannot be a sheet name"))
        elif kode.casefold() in seen:
            problems.append(Text(f"Kode Jabatan {kode!r} dipakai dua kali atau sama dengan nama lembar lain",
                                 f"Kode Jabatan {kode!r} is used twice or equals another sheet's name"))
        seen.add(kode.casefold())
    for row in content.realisasi:
        unknown("realisasi", row)
    if problems:
        rincian = Text("; ".join(p.indonesian for p in problems), "; ".join(p.english for p in problems))
        raise WriteError.from_code("isi-tidak-valid", path=path, berkas=str(path), rincian=rincian)


# --------------------------------------------------------------------------- rendering
class _Styles:
    """Formats created once per workbook, keyed by their properties."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(props)
        return self._cache[key]

    def title(self) -> Any:
        return self.get(bold=True, font_size=14)

    def header(self, computed: bool = False) -> Any:
        return self.get(bold=True, text_wrap=True, border=1, align="center", valign="vcenter",
                        bg_color=_COMPUTED_FILL if computed else _HEADER_FILL)

    def cell(self, column: layout.Column | None = None, computed: bool = False, wrap: bool = True) -> Any:
        props: dict[str, Any] = {"border": 1, "valign": "top"}
        if computed:
            props["bg_color"] = _COMPUTED_BODY_FILL
        if column is not None:
            if column.kind in _TEXT_KINDS:
                props["num_format"] = _TEXT_FORMAT
            elif column.number_format:
                props["num_format"] = column.number_format
            if column.kind in ("choice", "month") or column.key == "no":
                props["align"] = "center"
            if wrap and column.kind in ("text", "computed") and not column.number_format:
                props["text_wrap"] = True
        return self.get(**props)


def _render(content: WorkbookContent, path: Path) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS)
    pd_name = content.pengaturan.value("perangkat_daerah") or ""
    tahun = content.pengaturan.value("tahun")
    workbook.set_properties({
        "title": " ".join(str(p) for p in ("Indikator Kinerja Individu", pd_name, tahun or "") if p),
        "comments": f"Buku kerja IKI format v{layout.FORMAT_VERSION} (ikixl)",
        "created": DOCUMENT_CREATED,
    })
    styles = _Styles(workbook)
    _write_petunjuk(workbook.add_worksheet(layout.SHEET_PETUNJUK), styles, content)
    _write_pengaturan(workbook, workbook.add_worksheet(layout.SHEET_PENGATURAN), styles, content.pengaturan)
    subtitle = " Tahun ".join(str(p) for p in (pd_name, tahun) if p not in (None, ""))
    for form in content.jabatan:
        ws = workbook.add_worksheet(form.kode)
        _write_jabatan(ws, styles, form, subtitle, content.empty_indikator_rows)
    _write_realisasi(workbook.add_worksheet(layout.SHEET_REALISASI), styles, content)
    workbook.get_worksheet_by_name(layout.SHEET_PETUNJUK).activate()
    try:
        workbook.close()
    except Exception as exc:  # XlsxWriter raises its own exception types
        raise WriteError.from_code(
            "gagal-menulis", path=path, berkas=str(path),
            rincian=Text(f"buku kerja tidak dapat disusun ({exc})", f"the workbook cannot be built ({exc})"),
        ) from exc
    return buffer.getvalue()


def _put(ws: Worksheet, row: int, col: int, value: Any, fmt: Any, as_text: bool = False) -> None:
    """Write one cell at 1-based ``row``/``col``: text stays text, numbers stay numbers."""
    r, c = row - 1, col - 1
    if value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    elif as_text or isinstance(value, str):
        ws.write_string(r, c, str(value), fmt)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def _fit_height(ws: Worksheet, row: int, text: str | Sequence[tuple[str, float]], width: float = 0) -> None:
    """Set the height of a row holding wrapped text (``text`` in a cell ``width``
    wide, or several ``(text, width)`` cells); see :func:`ikixl.formatting.row_height`."""
    height = row_height([(text, width)] if isinstance(text, str) else text)
    if height is not None:
        ws.set_row(row - 1, height)


def _as_lines(value: Any, numbered: bool = False) -> Any:
    if isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value if v is not None and str(v).strip()]
        if numbered:
            items = [f"{i}. {item}" for i, item in enumerate(items, start=1)]
        return "\n".join(items)
    return value


def _month_name(value: Any) -> Any:
    n = layout.month_number(value)
    return layout.BULAN[n - 1] if n else value


def _list_validation(ws: Worksheet, first_row: int, col: int, last_row: int, list_name: str) -> None:
    # The source is the workbook-level defined name, never a direct reference to
    # Pengaturan: Excel 2007 refuses list sources on other sheets, and a name survives
    # moving the list.
    if last_row < first_row:
        return
    ws.data_validation(first_row - 1, col - 1, last_row - 1, col - 1, {
        "validate": "list",
        "source": f"={list_name}",
        "error_title": "Pilihan tidak dikenal",
        "error_message": "Pilih salah satu isi daftar (klik panah di kanan sel).",
    })


def _print_setup(ws: Worksheet, repeat_row: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(repeat_row - 1)


# --------------------------------------------------------------------------- Pengaturan
def _setting_cell_value(setting: layout.Setting, value: Any) -> Any:
    if setting.kind == "month":
        return _month_name(value)
    if setting.kind == "yesno" and isinstance(value, bool):
        return layout.YA_TIDAK[0] if value else layout.YA_TIDAK[1]
    return value


def _write_pengaturan(workbook: xlsxwriter.Workbook, ws: Worksheet, styles: _Styles,
                      pengaturan: Pengaturan) -> None:
    label_col, value_col, note_col = (layout.PENGATURAN_LABEL_COL, layout.PENGATURAN_VALUE_COL,
                                      layout.PENGATURAN_NOTE_COL)
    widths: dict[int, float] = {}
    for i, column in enumerate(layout.PREDIKAT_COLUMNS, start=1):
        widths[i] = column.width
    widths[label_col] = max(widths.get(label_col, 0), *(len(s.label) + 2 for s in layout.SETTINGS))
    widths[value_col] = max(widths.get(value_col, 0), _VALUE_WIDTH)
    widths[note_col] = max(widths.get(note_col, 0), _NOTE_WIDTH)
    for col, width in sorted(widths.items()):
        ws.set_column(col - 1, col - 1, width)

    _put(ws, 1, 1, layout.PENGATURAN_TITLE, styles.title())
    for col, label in zip((label_col, value_col, note_col), layout.PENGATURAN_HEADERS, strict=True):
        _put(ws, layout.PENGATURAN_HEADER_ROW, col, label, styles.header())
    label_fmt = styles.get(border=1, bold=True, valign="top", text_wrap=True)
    note_fmt = styles.get(border=1, valign="top", text_wrap=True, italic=True, font_color="#595959")
    for row, setting in enumerate(layout.SETTINGS, start=layout.PENGATURAN_FIRST_ROW):
        _put(ws, row, label_col, setting.label, label_fmt)
        value_props: dict[str, Any] = {"border": 1, "valign": "top", "align": "left", "bg_color": "#FFF2CC"}
        if setting.kind == "text":
            value_props.update(num_format=_TEXT_FORMAT, text_wrap=True)
        _put(ws, row, value_col, _setting_cell_value(setting, pengaturan.value(setting.key)),
             styles.get(**value_props))
        _put(ws, row, note_col, setting.note, note_fmt)
        value = pengaturan.value(setting.key)
        _fit_height(ws, row, [(setting.note, widths[note_col]),
                              (value if isinstance(value, str) else "", widths[value_col])])
        if setting.list_name:
            _list_validation(ws, row, value_col, row, setting.list_name)

    _put(ws, layout.PREDIKAT_CAPTION_ROW, 1, layout.PREDIKAT_CAPTION, styles.get(bold=True, font_size=12))
    for col, column in enumerate(layout.PREDIKAT_COLUMNS, start=1):
        _put(ws, layout.PREDIKAT_HEADER_ROW, col, column.label, styles.header())
    bands = list(pengaturan.predikat)
    for i in range(layout.PREDIKAT_MAX_ROWS):
        row = layout.PREDIKAT_HEADER_ROW + 1 + i
        if i < len(bands):
            lower, label, fill, font = bands[i]
            coloured = styles.get(border=1, bg_color=fill, font_color=font, bold=True)
            _put(ws, row, 1, lower, styles.get(border=1, align="center"))
            _put(ws, row, 2, label, coloured)
            _put(ws, row, 3, fill, coloured)
            _put(ws, row, 4, font, styles.get(border=1))
        else:
            for col in range(1, len(layout.PREDIKAT_COLUMNS) + 1):
                _put(ws, row, col, None, styles.get(border=1))

    _put(ws, layout.DAFTAR_HEADER_ROW - 1, layout.DAFTAR_FIRST_COL, layout.DAFTAR_CAPTION,
         styles.get(bold=True, italic=True))
    for i, (name, header, values) in enumerate(layout.DAFTAR):
        col = layout.DAFTAR_FIRST_COL + i
        ws.set_column(col - 1, col - 1, max(12, len(header) + 2, *(len(v) + 2 for v in values)))
        _put(ws, layout.DAFTAR_HEADER_ROW, col, header, styles.header())
        first = layout.DAFTAR_HEADER_ROW + 1
        for row, item in enumerate(values, start=first):
            _put(ws, row, col, item, styles.get(border=1, num_format=_TEXT_FORMAT))
        letter = layout.column_letter(col)
        last = first + len(values) - 1
        workbook.define_name(name, f"='{layout.SHEET_PENGATURAN}'!${letter}${first}:${letter}${last}")
    ws.freeze_panes(layout.PENGATURAN_HEADER_ROW, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


# --------------------------------------------------------------------------- jabatan sheets
def _write_jabatan(ws: Worksheet, styles: _Styles, form: JabatanForm, subtitle: str, empty_rows: int) -> None:
    columns = layout.INDIKATOR_COLUMNS
    last_col = len(columns)
    for col, column in enumerate(columns, start=1):
        width = column.width
        if col == layout.JABATAN_LABEL_COL:  # also holds the header block's labels
            width = max(width, *(len(f.label) + 2 for f in layout.JABATAN_FIELDS))
        ws.set_column(col - 1, col - 1, width)
    value_width = sum(c.width for c in columns[layout.JABATAN_VALUE_COL - 1:])

    ws.merge_range(layout.JABATAN_TITLE_ROW - 1, 0, layout.JABATAN_TITLE_ROW - 1, last_col - 1,
                   layout.JABATAN_TITLE, styles.get(bold=True, font_size=14, align="center"))
    ws.merge_range(layout.JABATAN_SUBTITLE_ROW - 1, 0, layout.JABATAN_SUBTITLE_ROW - 1, last_col - 1,
                   "", styles.get(bold=True, font_size=12, align="center"))
    _put(ws, layout.JABATAN_SUBTITLE_ROW, 1, subtitle, styles.get(bold=True, font_size=12, align="center"))

    label_fmt = styles.get(bold=True, border=1, valign="top", bg_color=_HEADER_FILL)
    for row, column in enumerate(layout.JABATAN_FIELDS, start=layout.JABATAN_FIELDS_FIRST_ROW):
        value = _as_lines(form.fields.get(column.key), numbered=column.key == "fungsi")
        props: dict[str, Any] = {"border": 1, "valign": "top", "text_wrap": True, "align": "left"}
        if column.kind in _TEXT_KINDS:
            props["num_format"] = _TEXT_FORMAT
        fmt = styles.get(**props)
        _put(ws, row, layout.JABATAN_LABEL_COL, column.label, label_fmt)
        ws.merge_range(row - 1, layout.JABATAN_VALUE_COL - 1, row - 1, last_col - 1, "", fmt)
        _put(ws, row, layout.JABATAN_VALUE_COL, value, fmt, as_text=column.kind in _TEXT_KINDS)
        if isinstance(value, str):
            _fit_height(ws, row, value, value_width)

    _put(ws, layout.INDIKATOR_SECTION_ROW, 1, layout.INDIKATOR_CAPTION, styles.get(bold=True, font_size=12))
    for col, column in enumerate(columns, start=1):
        _put(ws, layout.INDIKATOR_HEADER_ROW, col, column.label, styles.header())
    _fit_height(ws, layout.INDIKATOR_HEADER_ROW, [(c.label, c.width - 2) for c in columns])  # bold
    first = layout.INDIKATOR_HEADER_ROW + 1
    rows = [*form.indikator, *({} for _ in range(empty_rows))]
    for row, indikator in enumerate(rows, start=first):
        values = {c.key: _as_lines(indikator.get(c.key)) for c in columns}
        for col, column in enumerate(columns, start=1):
            _put(ws, row, col, values[column.key], styles.cell(column), as_text=column.kind in _TEXT_KINDS)
        _fit_height(ws, row, [(values[c.key], c.width) for c in columns
                              if c.kind == "text" and isinstance(values[c.key], str)])
    last = first + len(rows) - 1
    for col, column in enumerate(columns, start=1):
        if column.list_name:
            _list_validation(ws, first, col, last, column.list_name)
    ws.freeze_panes(layout.INDIKATOR_HEADER_ROW, 0)
    _print_setup(ws, layout.INDIKATOR_HEADER_ROW)


# --------------------------------------------------------------------------- Realisasi
def _write_realisasi(ws: Worksheet, styles: _Styles, content: WorkbookContent) -> None:
    # One line per row (no wrapping): a data table of 12 rows per indicator is easier
    # to scan, and the full indicator wording lives on the jabatan sheet.
    header_row = layout.REALISASI_HEADER_ROW
    inputs, computed = layout.REALISASI_INPUT_COLUMNS, layout.REALISASI_COMPUTED_COLUMNS
    all_columns = layout.REALISASI_COLUMNS
    for col, column in enumerate(all_columns, start=1):
        ws.set_column(col - 1, col - 1, column.width, None, {"hidden": column.hidden})
    _put(ws, 1, 1, layout.REALISASI_TITLE, styles.title())
    first_computed = len(inputs) + 1
    note_fmt = styles.get(italic=True, font_color="#595959", bg_color=_COMPUTED_FILL, text_wrap=True,
                          valign="top")
    ws.merge_range(header_row - 2, first_computed - 1, header_row - 2, len(all_columns) - 1, "", note_fmt)
    _put(ws, header_row - 1, first_computed, _COMPUTED_NOTE, note_fmt)
    _fit_height(ws, header_row - 1, _COMPUTED_NOTE, sum(c.width for c in computed))
    for col, column in enumerate(all_columns, start=1):
        _put(ws, header_row, col, column.label, styles.header(computed=col >= first_computed))
    _fit_height(ws, header_row, [(c.label, c.width - 2) for c in all_columns])  # bold

    first = header_row + 1
    rows = [*content.realisasi, *({} for _ in range(content.empty_realisasi_rows))]
    for row, data in enumerate(rows, start=first):
        for col, column in enumerate(inputs, start=1):
            value = data.get(column.key)
            if column.kind == "month" and value is not None:
                value = _month_name(value)
            _put(ws, row, col, value, styles.cell(column, wrap=False), as_text=column.kind in _TEXT_KINDS)
        for col, column in enumerate(computed, start=first_computed):
            _put(ws, row, col, None, styles.cell(column, computed=True, wrap=False))
    last = first + len(rows) - 1
    for col, column in enumerate(inputs, start=1):
        if column.list_name:
            _list_validation(ws, first, col, last, column.list_name)
    ws.autofilter(header_row - 1, 0, max(last, header_row) - 1, len(all_columns) - 1)
    ws.freeze_panes(header_row, 0)
    _print_setup(ws, header_row)


# --------------------------------------------------------------------------- Petunjuk
def _write_petunjuk(ws: Worksheet, styles: _Styles, content: WorkbookContent) -> None:
    ws.set_column(0, 0, _PETUNJUK_WIDTH)
    formats = {
        "t": styles.get(bold=True, font_size=14, text_wrap=True),
        "h": styles.get(bold=True, font_size=12, text_wrap=True, top=1),
        "p": styles.get(text_wrap=True, valign="top"),
        "n": styles.get(text_wrap=True, valign="top", bold=True, bg_color="#FFF2CC", border=1),
    }
    row = 1
    for style, text in petunjuk.paragraphs(content.petunjuk_tambahan, content.pengaturan.predikat):
        if style == "h":
            row += 1
        _put(ws, row, 1, text, formats[style])
        _fit_height(ws, row, text, _PETUNJUK_WIDTH)
        row += 1
    ws.hide_gridlines(2)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


if __name__ == "__main__":
    import sys

    write_template(sys.argv[1] if len(sys.argv) > 1 else "workbook_templates/ikixl_template_v1.xlsx")
