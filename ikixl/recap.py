"""The monthly recap workbook: a new file, written with XlsxWriter.

Two sheets, both printable (landscape, fit to page width, header rows repeated)
with a frozen header and an autofilter:

* ``Rekap Indikator``: one row per indicator, grouped by jabatan (in the
  workbook's jabatan order), with realisasi for month N and up to N, the three
  capaian (percent points, ``layout.PCT_FORMAT``), predikat and its keterangan.
* ``Rekap Jabatan``: one row per jabatan: atasan, number of indicators, how many
  have no capaian, mean capaian and predikat.

Capaian cells are coloured by live conditional formats from the workbook's
predikat table (the same rules as :mod:`ikixl.writeback`, from
:mod:`ikixl.formatting`); Predikat cells carry their band's colours directly.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikixl import layout
from ikixl.catalogue import Text
from ikixl.errors import WriteError
from ikixl.files import WriteResult, atomic_write, ensure_not_open, make_backup, why_not_written
from ikixl.formatting import capaian_rule_formulas, excel_value, predikat_bands, row_height

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

    from ikixl.compute import Computation
    from ikixl.model import PredikatBand

__all__ = ["SHEET_REKAP_INDIKATOR", "SHEET_REKAP_JABATAN", "DEFAULT_TITLE", "write_recap"]

SHEET_REKAP_INDIKATOR, SHEET_REKAP_JABATAN = layout.RECAP_SHEETS
DEFAULT_TITLE = "REKAP CAPAIAN INDIKATOR KINERJA INDIVIDU (IKI)"
HEADER_ROW = 5  # 1-based, as in Excel; rows 1-3 hold the title block

_COMPUTED = {c.key: c for c in layout.REALISASI_COMPUTED_COLUMNS}
_HEADER_FILL = "#D9E1F2"
_BORDER_COLOUR = "#BFBFBF"


class _Formats:
    """XlsxWriter formats built on demand and shared (one Format per property set)."""

    def __init__(self, wb: Workbook) -> None:
        self._wb = wb
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, **props: Any) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]


def _month_name(month: int) -> str:
    return layout.BULAN[month - 1] if 1 <= month <= 12 else str(month)


def _title_block(ws: Worksheet, fmt: _Formats, computation: Computation, title: str) -> None:
    settings = computation.settings
    ws.write_string(0, 0, title, fmt.get(bold=True, font_size=14))
    if settings.perangkat_daerah:
        ws.write_string(1, 0, settings.perangkat_daerah, fmt.get(bold=True, font_size=12))
    period = f"Rekap Bulan {_month_name(computation.month)}"
    if settings.tahun:
        period += f" {settings.tahun}"
    ws.write_string(2, 0, period, fmt.get(italic=True))


def _write_cell(ws: Worksheet, row: int, col: int, value: Any, number: Format, text: Format) -> None:
    value = excel_value(value)
    if value is None:
        ws.write_blank(row, col, None, text)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Ya" if value else "Tidak", text)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, number)
    else:
        ws.write_string(row, col, str(value), text)


def _page_setup(ws: Worksheet, header_row0: int, last_row0: int, last_col0: int) -> None:
    ws.freeze_panes(header_row0 + 1, 0)
    ws.autofilter(header_row0, 0, max(last_row0, header_row0 + 1), last_col0)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&LDibuat dengan ikixl&RHalaman &P dari &N")


def _band_formats(fmt: _Formats, bands: Sequence[PredikatBand], base: dict[str, Any]) -> dict[str, Format]:
    out = {}
    for band in bands:
        out[layout.normalize_label(band.label)] = fmt.get(**base, bg_color=band.fill, font_color=band.font)
    return out


def _capaian_rules(wb: Workbook, ws: Worksheet, col0: int, first0: int, last0: int,
                   bands: Sequence[PredikatBand]) -> None:
    if last0 < first0:
        return
    top_left = layout.cell_ref(first0 + 1, col0 + 1)
    for formula, band in capaian_rule_formulas(top_left, bands):
        ws.conditional_format(first0, col0, last0, col0, {
            "type": "formula",
            "criteria": "=" + formula,
            "format": wb.add_format({"bg_color": band.fill, "font_color": band.font}),
            "stop_if_true": True,
        })


def _ordered_indikator(computation: Computation) -> list[dict[str, Any]]:
    """Indicator records grouped by jabatan in the jabatan table's order (stable within a jabatan);
    indicators of a jabatan absent from that table come last."""
    order: dict[str, int] = {}
    jabatan = computation.jabatan
    for record in (jabatan.to_dict("records") if len(jabatan) else []):
        kode = excel_value(record.get("kode_jabatan"))
        if kode is not None and str(kode) not in order:
            order[str(kode)] = len(order)
    records = computation.indikator.to_dict("records") if len(computation.indikator) else []
    keyed = []
    for i, record in enumerate(records):
        kode = excel_value(record.get("kode_jabatan"))
        keyed.append((order.get(str(kode), len(order)), i, record))
    return [record for _, _, record in sorted(keyed, key=lambda t: (t[0], t[1]))]


def _jabatan_names(computation: Computation) -> dict[str, str]:
    jabatan = computation.jabatan
    names = {}
    for record in (jabatan.to_dict("records") if len(jabatan) else []):
        kode, nama = excel_value(record.get("kode_jabatan")), excel_value(record.get("nama_jabatan"))
        if kode is not None:
            names[str(kode)] = "" if nama is None else str(nama)
    return names


#: (label, key, width, kind); kind: text | wrap | number | computed | pct | count | no | predikat.
_Columns = list[tuple[str, str, float, str]]


def _header(wb: Workbook, ws: Worksheet, fmt: _Formats, computation: Computation, title: str,
            columns: _Columns) -> int:
    """Title block and header row; returns the 0-based header row."""
    _title_block(ws, fmt, computation, title)
    header0 = HEADER_ROW - 1
    header_fmt = fmt.get(bold=True, text_wrap=True, align="center", valign="vcenter", bg_color=_HEADER_FILL,
                         border=1, border_color=_BORDER_COLOUR)
    for col, (label, _key, width, _kind) in enumerate(columns):
        ws.write_string(header0, col, label, header_fmt)
        ws.set_column(col, col, width)
    ws.set_row(header0, 32)
    return header0


def _write_row(ws: Worksheet, fmt: _Formats, row0: int, columns: _Columns, values: list[Any],
               base: dict[str, Any], bands: Sequence[PredikatBand]) -> None:
    """One data row: numbers as numbers in their format, text as text, the predikat in its
    band's colours, and the row as tall as its wrapped text (LibreOffice does not fit heights)."""
    band_fmt = _band_formats(fmt, bands, {**base, "align": "center"})
    for col, ((_label, _key, _width, kind), value) in enumerate(zip(columns, values, strict=True)):
        text_fmt = fmt.get(**base, text_wrap=True) if kind == "wrap" else fmt.get(**base)
        if kind == "pct":
            number_fmt = fmt.get(**base, num_format=layout.PCT_FORMAT)
        elif kind in {"no", "count"}:
            number_fmt = fmt.get(**base, num_format="0", align="center")
        elif kind == "computed":
            # a count shows as 4, an aggregate with decimals as 83,33: never "4.00 Laporan"
            plain = excel_value(value)
            whole = isinstance(plain, int | float) and float(plain).is_integer()
            number_fmt = fmt.get(**base, num_format="#,##0" if whole else layout.COMPUTED_NUMBER_FORMAT)
        else:
            number_fmt = fmt.get(**base, num_format=layout.NUMBER_FORMAT)
        if kind == "predikat":
            label = layout.normalize_label(excel_value(value))
            text_fmt = band_fmt.get(label, fmt.get(**base, align="center"))
        _write_cell(ws, row0, col, value, number_fmt, text_fmt)
    height = row_height([(str(excel_value(v) or ""), c[2]) for c, v in zip(columns, values, strict=True)
                         if c[3] == "wrap"])
    if height is not None:
        ws.set_row(row0, height)


def _write_indikator_sheet(wb: Workbook, fmt: _Formats, computation: Computation, title: str,
                           bands: Sequence[PredikatBand]) -> None:
    ws = wb.add_worksheet(SHEET_REKAP_INDIKATOR)
    bulan = _month_name(computation.month)
    columns: _Columns = [
        ("No", "_no", 5, "no"),
        ("Kode Jabatan", "kode_jabatan", 14, "text"),
        ("Nama Jabatan", "_nama_jabatan", 28, "wrap"),
        ("Kode Indikator", "kode_indikator", 14, "text"),
        ("Indikator Kinerja", "indikator_kinerja", 44, "wrap"),
        ("Satuan", "satuan", 11, "text"),
        ("Target", "target", 11, "number"),
        (f"Realisasi Bulan {bulan}", "realisasi_bulan", 13, "computed"),
        (f"Realisasi s.d. {bulan}", "realisasi_sd", 13, "computed"),
        (_COMPUTED["capaian_bulan_pct"].label, "capaian_bulan_pct", 12, "pct"),
        (_COMPUTED["capaian_tahunan_pct"].label, "capaian_tahunan_pct", 12, "pct"),
        (_COMPUTED["capaian_rencana_pct"].label, "capaian_rencana_pct", 12, "pct"),
        ("Predikat", "predikat", 14, "predikat"),
        ("Keterangan", "keterangan_capaian", 42, "wrap"),
    ]
    header0 = _header(wb, ws, fmt, computation, title, columns)
    border = {"border": 1, "border_color": _BORDER_COLOUR, "valign": "top"}
    names = _jabatan_names(computation)
    row0 = header0
    previous_jabatan: object = object()
    for number, record in enumerate(_ordered_indikator(computation), start=1):
        row0 += 1
        kode_jabatan = excel_value(record.get("kode_jabatan"))
        group_start = kode_jabatan != previous_jabatan and number > 1
        previous_jabatan = kode_jabatan
        special = {"_no": number,
                   "_nama_jabatan": excel_value(record.get("nama_jabatan")) or names.get(str(kode_jabatan))}
        values = [special[key] if key in special else record.get(key) for _l, key, _w, _k in columns]
        _write_row(ws, fmt, row0, columns, values, dict(border, top=2) if group_start else dict(border), bands)
    # Only the capaian the predikat stands on is coloured by band: in March a kumulatif indicator at
    # 25 % of its annual target is on plan, and a red Capaian Tahunan would say otherwise.
    col0 = next(i for i, c in enumerate(columns) if c[1] == "capaian_rencana_pct")
    _capaian_rules(wb, ws, col0, header0 + 1, row0, bands)
    _page_setup(ws, header0, row0, len(columns) - 1)


def _write_jabatan_sheet(wb: Workbook, fmt: _Formats, computation: Computation, title: str,
                         bands: Sequence[PredikatBand]) -> None:
    ws = wb.add_worksheet(SHEET_REKAP_JABATAN)
    columns: _Columns = [
        ("No", "_no", 5, "no"),
        ("Kode Jabatan", "kode_jabatan", 14, "text"),
        ("Nama Jabatan", "nama_jabatan", 34, "wrap"),
        ("Unit Kerja", "unit_kerja", 24, "wrap"),
        ("Kode Atasan", "kode_atasan", 14, "text"),
        ("Nama Atasan", "_nama_atasan", 30, "wrap"),
        ("Jumlah Indikator", "jumlah_indikator", 11, "count"),
        ("Tanpa Capaian", "tanpa_capaian", 11, "count"),
        ("Rata-rata Capaian (%)", "capaian_pct", 13, "pct"),
        ("Predikat", "predikat", 14, "predikat"),
    ]
    header0 = _header(wb, ws, fmt, computation, title, columns)
    base = {"border": 1, "border_color": _BORDER_COLOUR, "valign": "top"}
    names = _jabatan_names(computation)
    jabatan = computation.jabatan
    row0 = header0
    for number, record in enumerate(jabatan.to_dict("records") if len(jabatan) else [], start=1):
        row0 += 1
        atasan = excel_value(record.get("kode_atasan"))
        special = {"_no": number, "_nama_atasan": names.get(str(atasan)) if atasan is not None else None}
        values = [special[key] if key in special else record.get(key) for _l, key, _w, _k in columns]
        _write_row(ws, fmt, row0, columns, values, base, bands)
    col0 = next(i for i, c in enumerate(columns) if c[1] == "capaian_pct")
    _capaian_rules(wb, ws, col0, header0 + 1, row0, bands)
    _page_setup(ws, header0, row0, len(columns) - 1)


def write_recap(computation: Computation, output: str | os.PathLike[str], *,
                workbook_title: str | None = None, now: datetime | None = None) -> WriteResult:
    """Write the monthly recap of a computation to a new ``.xlsx`` workbook.

    Sheets (see the module docstring): ``Rekap Indikator`` (header at row 5,
    one row per indicator of ``computation.indikator``, grouped by the order
    of ``computation.jabatan``; columns No, Kode Jabatan, Nama Jabatan, Kode
    Indikator, Indikator Kinerja, Satuan, Target, Realisasi Bulan <bulan>,
    Realisasi s.d. <bulan>, Capaian Bulan Ini (%), Capaian Tahunan (%), Capaian
    Rencana (%), Predikat, Keterangan) and ``Rekap Jabatan`` (header at row 5,
    one row per jabatan).  Capaian are percent points (87.5, shown
    ``87.50 %``); a blank capaian stays blank, never 0.  Staff text is always
    written as text (never as a formula, URL or number).  The file is written
    to a temporary file beside ``output`` and moved into place; an existing
    ``output`` is first kept as ``NAME.backup-YYYYMMDD-HHMMSS.xlsx``.

    Args:
        computation: the result of :func:`ikixl.compute.compute`.
        output: the ``.xlsx`` file to write.
        workbook_title: the title in cell A1 of each sheet and the document
            properties (default ``REKAP CAPAIAN INDIKATOR KINERJA INDIVIDU (IKI)``).
        now: the time in a backup's name (default: now).

    Returns:
        :class:`~ikixl.files.WriteResult`: the path written and the backup of
        the file it replaced, or None.

    Raises:
        WriteError: ``output`` does not end in ``.xlsx`` or its folder is missing
            (code ``format-berkas-tidak-didukung`` / ``berkas-tidak-ditemukan``),
            ``output`` is open in a spreadsheet program (``berkas-sedang-dibuka``),
            or writing failed (``gagal-menulis``, chained with ``from``).
    """
    import xlsxwriter

    target = Path(output)
    if target.suffix.lower() != ".xlsx":
        raise WriteError.from_code(
            "format-berkas-tidak-didukung", path=target, berkas=target.name, akhiran=".xlsx",
            alasan=Text("berkas rekap harus berakhiran .xlsx", "a recap file must end in .xlsx"),
        )
    if not target.parent.is_dir():
        raise WriteError.from_code("berkas-tidak-ditemukan", path=target, berkas=str(target.parent),
                                   jenis=Text("Folder tujuan", "Target folder"))
    ensure_not_open(target)

    title = workbook_title or DEFAULT_TITLE
    bands = predikat_bands(computation.settings)
    backup: Path | None = None
    try:
        with atomic_write(target) as tmp:
            wb = xlsxwriter.Workbook(str(tmp), {
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            })
            settings = computation.settings
            wb.set_properties({
                "title": title,
                "subject": f"Rekap Bulan {_month_name(computation.month)}"
                           + (f" {settings.tahun}" if settings.tahun else ""),
                "company": settings.perangkat_daerah or "",
                "comments": "Dibuat dengan ikixl",
            })
            fmt = _Formats(wb)
            _write_indikator_sheet(wb, fmt, computation, title, bands)
            _write_jabatan_sheet(wb, fmt, computation, title, bands)
            wb.close()
            if target.exists():  # an earlier recap, or any file given as output: never lost
                backup = make_backup(target, now or datetime.now())
    except Exception as exc:
        if backup is not None:
            backup.unlink(missing_ok=True)
        if isinstance(exc, WriteError):
            raise
        raise WriteError.from_code(
            "gagal-menulis", path=target, berkas=target.name, rincian=why_not_written(exc, target)
        ) from exc
    return WriteResult(path=target, backup=backup)
