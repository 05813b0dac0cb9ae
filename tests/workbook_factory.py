"""Small format-v1 IKI workbooks for tests, built with openpyxl straight from :mod:`ikixl.layout`.

The default workbook is clean (check finds nothing): Pengaturan with every
setting and the default predikat table, three jabatan sheets in a chain
``KADIS`` ← ``SEK`` ← ``SK-PPK`` with two indicators each (Jumlah, Persentase
with and without Penyebut, Nilai with a SAKIP letter target, a range target,
an arah turun indicator), and a Realisasi sheet with 12 months per indicator.
The cascade is complete: every indicator below KADIS names an indicator of its
atasan, and every atasan indicator is supported (SEK.1 ← SK-PPK.1,
SEK.2 ← SK-PPK.2).

Plant faults with ``cells={(sheet, "B9"): value}`` or a ``hook(workbook)``
that edits the openpyxl workbook before it is saved (insert rows, rename
sheets, delete a sheet…).  The address helpers compute where the clean
workbook puts each value, from the layout, so tests can name exact cells.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from ikixl import layout

MONTHS = range(1, 13)

# One indicator: (kode, sasaran, indikator, cara, jenis, satuan, target, arah, agregasi, bobot,
# indikator_atasan, sumber_data) and its 12 months of (target_bulan, realisasi, penyebut).
JABATAN: list[dict[str, Any]] = [
    {
        "kode_jabatan": "KADIS",
        "nama_jabatan": "Kepala Dinas Sosial",
        "unit_kerja": "Dinas Sosial",
        "kode_atasan": None,
        "nama_pemangku": "[NAMA]",
        "nip": "19680706 199403 1 013",
        "pangkat_golongan": "Pembina Utama Muda (IV/c)",
        "tugas": "Memimpin pelaksanaan urusan pemerintahan bidang sosial.",
        "fungsi": "1. Perumusan kebijakan;\n2. Pelaksanaan kebijakan.",
        "indikator": [
            {
                "kode_indikator": "KADIS.1",
                "sasaran": "Meningkatnya kualitas pelayanan sosial",
                "indikator_kinerja": "Persentase layanan sosial yang diselesaikan",
                "cara_perhitungan": "Jumlah layanan selesai / Jumlah layanan masuk x 100%",
                "jenis": "Persentase",
                "satuan": "%",
                "target": 90,
                "arah": "naik",
                "agregasi": "kumulatif",
                "bobot": None,
                "indikator_atasan": None,
                "sumber_data": "Laporan layanan",
                "bulan": [(90, 45, 50)] * 12,
            },
            {
                "kode_indikator": "KADIS.2",
                "sasaran": "Meningkatnya akuntabilitas kinerja",
                "indikator_kinerja": "Nilai Akuntabilitas Kinerja",
                "cara_perhitungan": "Perhitungan dari Tim Evaluasi LKjIP Inspektorat",
                "jenis": "Nilai",
                "satuan": "Nilai",
                "target": "BB",
                "arah": "naik",
                "agregasi": "posisi akhir",
                "bobot": None,
                "indikator_atasan": None,
                "sumber_data": "LHE SAKIP",
                "bulan": [(None, None, None)] * 11 + [(None, "BB", None)],
            },
        ],
    },
    {
        "kode_jabatan": "SEK",
        "nama_jabatan": "Sekretaris",
        "unit_kerja": "Sekretariat",
        "kode_atasan": "KADIS",
        "nama_pemangku": "[NAMA]",
        "nip": "19750312 200003 2 004",
        "pangkat_golongan": "Pembina Tk. I (IV/b)",
        "tugas": "Membantu pimpinan dalam urusan kesekretariatan.",
        "fungsi": "1. Koordinasi perencanaan;\n2. Pengelolaan keuangan.",
        "indikator": [
            {
                "kode_indikator": "SEK.1",
                "sasaran": "Tersusunnya dokumen perencanaan",
                "indikator_kinerja": "Jumlah dokumen perencanaan yang disusun",
                "cara_perhitungan": "Jumlah dokumen",
                "jenis": "Jumlah",
                "satuan": "Dokumen",
                "target": 12,
                "arah": "naik",
                "agregasi": "kumulatif",
                "bobot": 1,
                "indikator_atasan": "KADIS.1",
                "sumber_data": "Dokumen Renja",
                "bulan": [(1, 1, None)] * 12,
            },
            {
                "kode_indikator": "SEK.2",
                "sasaran": "Meningkatnya kualitas laporan kinerja",
                "indikator_kinerja": "Persentase laporan kinerja tepat waktu",
                "cara_perhitungan": "Laporan tepat waktu / seluruh laporan x 100%",
                "jenis": "Persentase",
                "satuan": "%",
                "target": "80-90",
                "arah": "naik",
                "agregasi": "posisi akhir",
                "bobot": 1,
                "indikator_atasan": "KADIS.2",
                "sumber_data": "LKjIP",
                "bulan": [(None, 85, None)] * 12,
            },
        ],
    },
    {
        "kode_jabatan": "SK-PPK",
        "nama_jabatan": "Sub Koordinator Perencanaan, Pelaporan dan Keuangan",
        "unit_kerja": "Sekretariat",
        "kode_atasan": "SEK",
        "nama_pemangku": "[NAMA]",
        "nip": "19800101 200501 1 002",
        "pangkat_golongan": "Penata Tk. I (III/d)",
        "tugas": "Menyiapkan bahan perencanaan, pelaporan dan keuangan.",
        "fungsi": "1. Penyusunan rencana;\n2. Penyusunan laporan.",
        "indikator": [
            {
                "kode_indikator": "SK-PPK.1",
                "sasaran": "Cepatnya penyelesaian berkas keuangan",
                "indikator_kinerja": "Rata-rata waktu penyelesaian berkas (hari)",
                "cara_perhitungan": "Jumlah hari / jumlah berkas",
                "jenis": "Jumlah",
                "satuan": "Hari",
                "target": 5,
                "arah": "turun",
                "agregasi": "rata-rata",
                "bobot": None,
                "indikator_atasan": "SEK.1",
                "sumber_data": "Register SPM",
                "bulan": [(5, 4.5, None)] * 12,
            },
            {
                "kode_indikator": "SK-PPK.2",
                "sasaran": "Tersusunnya laporan keuangan",
                "indikator_kinerja": "Jumlah laporan keuangan bulanan",
                "cara_perhitungan": "Jumlah laporan",
                "jenis": "Jumlah",
                "satuan": "Laporan",
                "target": 24,
                "arah": "naik",
                "agregasi": "kumulatif",
                "bobot": None,
                "indikator_atasan": "SEK.2",
                "sumber_data": "Laporan keuangan",
                "bulan": [(2, 2, None)] * 12,
            },
        ],
    },
]

SETTINGS: dict[str, Any] = {
    "versi_format": layout.FORMAT_VERSION,
    "perangkat_daerah": "Dinas Sosial Kabupaten Kutai Kartanegara",
    "tahun": 2023,
    "tempat": "Tenggarong",
    "bulan_pelaporan": "Desember",  # every month of the fixture is reported
    "batas_atas_capaian_pct": None,
    "capaian_minimal_nol": "Tidak",
    "nilai_huruf_sakip": "Ya",
    "ambang_selisih_cascading": 20,
}


def default_jabatan() -> list[dict[str, Any]]:
    """A deep copy of :data:`JABATAN`, safe to edit before building."""
    return copy.deepcopy(JABATAN)


# --------------------------------------------------------------------------- addresses
def col_of(columns: tuple[layout.Column, ...], key: str) -> int:
    """1-based column of ``key`` in a layout table."""
    return [c.key for c in columns].index(key) + 1


def jabatan_cell(key: str) -> str:
    """Address of a header-block value (``nip`` → ``B9``)."""
    row = layout.JABATAN_FIELDS_FIRST_ROW + [c.key for c in layout.JABATAN_FIELDS].index(key)
    return layout.cell_ref(row, layout.JABATAN_VALUE_COL)


def indikator_cell(position: int, key: str) -> str:
    """Address of a value of the ``position``-th (0-based) indicator row of a jabatan sheet."""
    return layout.cell_ref(layout.INDIKATOR_HEADER_ROW + 1 + position, col_of(layout.INDIKATOR_COLUMNS, key))


def realisasi_row(kode_indikator: str, month: int, jabatan: list[dict[str, Any]] | None = None) -> int:
    """Excel row of an indicator-month on the Realisasi sheet of the built workbook."""
    position = 0
    for jab in jabatan or JABATAN:
        for ind in jab["indikator"]:
            for m in MONTHS:
                if ind["kode_indikator"] == kode_indikator and m == month:
                    return layout.REALISASI_HEADER_ROW + 1 + position
                position += 1
    raise KeyError((kode_indikator, month))


def realisasi_cell(
    kode_indikator: str, month: int, key: str, jabatan: list[dict[str, Any]] | None = None
) -> str:
    """Address of a Realisasi value of an indicator-month."""
    return layout.cell_ref(
        realisasi_row(kode_indikator, month, jabatan), col_of(layout.REALISASI_COLUMNS, key)
    )


def setting_cell(key: str) -> str:
    """Address of a Pengaturan value."""
    row = layout.PENGATURAN_FIRST_ROW + [s.key for s in layout.SETTINGS].index(key)
    return layout.cell_ref(row, layout.PENGATURAN_VALUE_COL)


# --------------------------------------------------------------------------- building
def _write_pengaturan(ws: Any, settings: dict[str, Any]) -> None:
    ws.cell(1, 1, layout.PENGATURAN_TITLE)
    for col, label in enumerate(("Pengaturan", "Nilai", "Keterangan"), start=1):
        ws.cell(layout.PENGATURAN_HEADER_ROW, col, label)
    for i, setting in enumerate(layout.SETTINGS):
        row = layout.PENGATURAN_FIRST_ROW + i
        ws.cell(row, layout.PENGATURAN_LABEL_COL, setting.label)
        ws.cell(row, layout.PENGATURAN_VALUE_COL, settings.get(setting.key))
        ws.cell(row, layout.PENGATURAN_NOTE_COL, setting.note)
    ws.cell(layout.PREDIKAT_CAPTION_ROW, 1, layout.PREDIKAT_CAPTION)
    for col, column in enumerate(layout.PREDIKAT_COLUMNS, start=1):
        ws.cell(layout.PREDIKAT_HEADER_ROW, col, column.label)
    for i, (lower, label, fill, font) in enumerate(layout.PREDIKAT_DEFAULT):
        for col, value in enumerate((lower, label, fill, font), start=1):
            ws.cell(layout.PREDIKAT_HEADER_ROW + 1 + i, col, value)
    ws.cell(layout.DAFTAR_HEADER_ROW - 1, layout.DAFTAR_FIRST_COL, layout.DAFTAR_CAPTION)
    for j, (_name, caption, items) in enumerate(layout.DAFTAR):
        ws.cell(layout.DAFTAR_HEADER_ROW, layout.DAFTAR_FIRST_COL + j, caption)
        for k, item in enumerate(items, start=1):
            ws.cell(layout.DAFTAR_HEADER_ROW + k, layout.DAFTAR_FIRST_COL + j, item)


def _write_jabatan(ws: Any, jab: dict[str, Any], settings: dict[str, Any]) -> None:
    ws.cell(layout.JABATAN_TITLE_ROW, 1, layout.JABATAN_TITLE)
    ws.cell(layout.JABATAN_SUBTITLE_ROW, 1, f"{settings['perangkat_daerah']} Tahun {settings['tahun']}")
    for i, column in enumerate(layout.JABATAN_FIELDS):
        row = layout.JABATAN_FIELDS_FIRST_ROW + i
        ws.cell(row, layout.JABATAN_LABEL_COL, column.label)
        ws.cell(row, layout.JABATAN_VALUE_COL, jab.get(column.key))
    ws.cell(layout.INDIKATOR_SECTION_ROW, 1, "Indikator Kinerja")
    for col, column in enumerate(layout.INDIKATOR_COLUMNS, start=1):
        ws.cell(layout.INDIKATOR_HEADER_ROW, col, column.label)
    for n, ind in enumerate(jab["indikator"]):
        row = layout.INDIKATOR_HEADER_ROW + 1 + n
        for col, column in enumerate(layout.INDIKATOR_COLUMNS, start=1):
            value = n + 1 if column.key == "no" else ind.get(column.key)
            ws.cell(row, col, value)


def _write_realisasi(ws: Any, jabatan: list[dict[str, Any]]) -> None:
    ws.cell(1, 1, layout.REALISASI_TITLE)
    for col, column in enumerate(layout.REALISASI_COLUMNS, start=1):
        ws.cell(layout.REALISASI_HEADER_ROW, col, column.label)
    row = layout.REALISASI_HEADER_ROW + 1
    for jab in jabatan:
        for ind in jab["indikator"]:
            for month, (target_bulan, realisasi, penyebut) in zip(MONTHS, ind["bulan"], strict=True):
                values = {
                    "kode_indikator": ind["kode_indikator"],
                    "indikator_kinerja": ind["indikator_kinerja"],
                    "bulan": layout.BULAN[month - 1],
                    "target_bulan": target_bulan,
                    "realisasi": realisasi,
                    "penyebut": penyebut,
                }
                for col, column in enumerate(layout.REALISASI_INPUT_COLUMNS, start=1):
                    ws.cell(row, col, values.get(column.key))
                row += 1


def build_workbook(
    path: str | Path,
    *,
    jabatan: list[dict[str, Any]] | None = None,
    settings: dict[str, Any] | None = None,
    cells: dict[tuple[str, str], Any] | None = None,
    hook: Callable[[openpyxl.Workbook], Callable[[Path], None] | None] | None = None,
) -> Path:
    """Write a format-v1 workbook and return its path.

    Args:
        path: where to save (``.xlsx``).
        jabatan: jabatan specs (default :data:`JABATAN`); each sheet is named
            after its ``kode_jabatan`` unless the spec has ``sheet``.
        settings: Pengaturan values by setting key (merged over :data:`SETTINGS`).
        cells: faults to plant after building: ``{(sheet, "H16"): value}``.
        hook: called with the openpyxl workbook last, before saving; when it
            returns a callable, that is called with the saved path, to edit the
            package where openpyxl cannot (a formula's cached value, an
            Excel 2010+ extension).
    """
    jabatan = JABATAN if jabatan is None else jabatan
    merged = {**SETTINGS, **(settings or {})}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = layout.SHEET_PENGATURAN
    _write_pengaturan(ws, merged)
    for jab in jabatan:
        _write_jabatan(wb.create_sheet(jab.get("sheet", jab["kode_jabatan"])), jab, merged)
    _write_realisasi(wb.create_sheet(layout.SHEET_REALISASI), jabatan)
    for (sheet, address), value in (cells or {}).items():
        wb[sheet][address] = value
    after = hook(wb) if hook is not None else None
    path = Path(path)
    wb.save(path)
    if callable(after):
        after(path)
    return path
