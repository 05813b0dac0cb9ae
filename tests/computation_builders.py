"""Small hand-made Computations and matching input workbooks for the writer tests.

The Computation follows the shapes documented on :class:`ikixl.compute.Computation`;
the workbook has a Realisasi sheet laid out per :mod:`ikixl.layout` (header at
``layout.REALISASI_HEADER_ROW``), with rows matching ``Computation.realisasi.row``.

Office: two jabatan, KADIS (root) and SEK (atasan KADIS); three indicators.
Reporting month: March (3).  Realisasi rows 4–11: IK-02 and IK-03, January–April.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.workbook.defined_name import DefinedName

from ikixl import layout
from ikixl.compute import Computation
from ikixl.model import PredikatBand, Settings

D = Decimal
MONTH = 3
FIRST_ROW = layout.REALISASI_HEADER_ROW + 1

#: (kode_indikator, indikator, bulan, target_bulan, realisasi, penyebut, keterangan)
REALISASI_INPUT: list[tuple[Any, ...]] = [
    ("IK-02", "Jumlah laporan keuangan", "Januari", 1, 1, None, "LK Januari"),
    ("IK-02", "Jumlah laporan keuangan", "Februari", 1, 1, None, None),
    ("IK-02", "Jumlah laporan keuangan", "Maret", 1, 2, None, "=bukti di map"),
    ("IK-02", "Jumlah laporan keuangan", "April", 1, None, None, None),
    ("IK-03", "Persentase kegiatan terealisasi", "Januari", None, 8, 10, None),
    ("IK-03", "Persentase kegiatan terealisasi", "Februari", None, 9, 10, None),
    ("IK-03", "Persentase kegiatan terealisasi", "Maret", None, None, None, None),
    ("IK-03", "Persentase kegiatan terealisasi", "April", None, None, None, None),
]

#: Computed figures per Realisasi row, in layout.REALISASI_COMPUTED_COLUMNS order.
REALISASI_COMPUTED: list[tuple[Any, ...]] = [
    (D(1), D(100), D("8.333333333333333333333333333"), D(100), "Sangat Tinggi", None),
    (D(2), D(100), D("16.66666666666666666666666667"), D(100), "Sangat Tinggi", None),
    (D(4), D(200), D("33.33333333333333333333333333"), D("133.3333333333333333333333333"), "Sangat Tinggi",
     "=bukan rumus"),
    (None, None, None, None, None, None),
    (D(80), None, D(80), None, "Tinggi", "Target Bulan kosong: capaian rencana tidak dihitung"),
    (D(85), None, D(85), None, "Tinggi", "Target Bulan kosong: capaian rencana tidak dihitung"),
    (D(85), None, D("70.5"), None, "Sedang", "Realisasi bulan ini kosong"),
    (None, None, None, None, None, None),
]


def default_bands() -> tuple[PredikatBand, ...]:
    return tuple(PredikatBand(D(lo), label, fill, font) for lo, label, fill, font in layout.PREDIKAT_DEFAULT)


def make_settings(**changes: Any) -> Settings:
    values: dict[str, Any] = {
        "perangkat_daerah": "Dinas Sosial Kabupaten Kutai Kartanegara",
        "tahun": 2023,
        "tempat": "Tenggarong",
        "bulan_pelaporan": MONTH,
        "predikat": default_bands(),
    }
    values.update(changes)
    return Settings(**values)


def realisasi_frame() -> pd.DataFrame:
    keys = [c.key for c in layout.REALISASI_COMPUTED_COLUMNS]
    records = []
    for i, (inputs, computed) in enumerate(zip(REALISASI_INPUT, REALISASI_COMPUTED, strict=True)):
        record: dict[str, Any] = dict.fromkeys(keys)
        record.update(zip(keys, computed))  # the figures; provenance columns stay blank
        record["realisasi_dihitung"] = inputs[4]
        record["row"] = FIRST_ROW + i
        record["kode_indikator"] = inputs[0]
        record["bulan"] = layout.month_number(inputs[2])
        records.append(record)
    columns = [*keys, "row", "kode_indikator", "bulan"]
    return pd.DataFrame.from_records(records, columns=columns).astype(object)


def indikator_frame() -> pd.DataFrame:
    columns = ["kode_indikator", "kode_jabatan", "indikator_kinerja", "jenis", "arah", "agregasi", "satuan",
               "target", "indikator_atasan", "bobot", "realisasi_bulan", "realisasi_sd", "capaian_bulan_pct",
               "capaian_tahunan_pct", "capaian_rencana_pct", "capaian_pct", "predikat", "keterangan_capaian"]
    # SEK's indicators come first on purpose: the recap must group by the jabatan table's order.
    rows = [
        ("IK-02", "SEK", "Jumlah laporan keuangan", "Jumlah", "naik", "kumulatif", "laporan", D(12), "IK-01",
         None, D(2), D(4), D(200), D("33.33333333333333333333333333"), D("133.3333333333333333333333333"),
         D("133.3333333333333333333333333"), "Sangat Tinggi", None),
        ("IK-03", "SEK", "Persentase kegiatan terealisasi", "Persentase", "naik", "kumulatif", "%", D(90),
         "IK-01", None, None, D("85"), None, D("94.44444444444444444444444444"), None,
         D("94.44444444444444444444444444"), "Sangat Tinggi", "Target Bulan kosong"),
        ("IK-01", "KADIS", "Nilai Akuntabilitas Kinerja", "Nilai", "naik", "posisi akhir", "nilai", "BB",
         None, None, None, None, None, None, None, None, None, "Belum ada realisasi"),
    ]
    return pd.DataFrame.from_records(rows, columns=columns).astype(object)


def jabatan_frame() -> pd.DataFrame:
    columns = ["kode_jabatan", "nama_jabatan", "kode_atasan", "unit_kerja", "capaian_pct", "jumlah_indikator",
               "tanpa_capaian", "predikat"]
    rows = [
        ("KADIS", "Kepala Dinas Sosial", None, "Dinas Sosial", None, 1, 1, None),
        ("SEK", "Sekretaris", "KADIS", "Sekretariat", D("113.8888888888888888888888889"), 2, 0,
         "Sangat Tinggi"),
    ]
    return pd.DataFrame.from_records(rows, columns=columns).astype(object)


def cascade_frame() -> pd.DataFrame:
    keys = [c.key for c in layout.CASCADING_COLUMNS]
    rows = [
        (1, "KADIS", "Kepala Dinas Sosial", None, None, None, None, None, None, "jabatan", False),
        (1, "KADIS", "Nilai Akuntabilitas Kinerja", "IK-01", None, None, None,
         D("113.8888888888888888888888889"), "Capaian berbeda lebih dari 20 poin dari rata-rata pendukung",
         "indikator", True),
        (2, "SEK", "Sekretaris", None, None, None, None, None, None, "jabatan", False),
        (2, "SEK", "Jumlah laporan keuangan", "IK-02", "IK-01", D("133.3333333333333333333333333"),
         "Sangat Tinggi", None, None, "pendukung", False),
        (2, "SEK", "Persentase kegiatan terealisasi", "IK-03", "IK-01", D("94.44444444444444444444444444"),
         "Sangat Tinggi", None, None, "pendukung", False),
    ]
    return pd.DataFrame.from_records(rows, columns=[*keys, "jenis_baris", "ditandai"]).astype(object)


def make_computation(**settings_changes: Any) -> Computation:
    """The Computation matching :func:`make_workbook` (reporting month March)."""
    return Computation(
        month=MONTH,
        settings=make_settings(**settings_changes),
        realisasi=realisasi_frame(),
        indikator=indikator_frame(),
        jabatan=jabatan_frame(),
        cascade=cascade_frame(),
    )


def make_workbook(path: Path, *, computed_headers: bool = True, cascading_at: int | None = None,
                  stale_values: bool = False) -> Path:
    """An input workbook (openpyxl) whose Realisasi rows match :func:`make_computation`.

    Args:
        path: where to save (``.xlsx`` or ``.xlsm`` name; an ``.xlsm`` needs a VBA part added).
        computed_headers: write the computed headers (else write-back must append them).
        cascading_at: insert an old ``Cascading`` sheet (ikixl's title, then junk) at this sheet index.
        stale_values: fill every computed cell with junk (write-back must overwrite or clear it).
    """
    wb = openpyxl.Workbook()
    wb.active.title = layout.SHEET_PETUNJUK
    wb.active["A1"] = "Petunjuk pengisian"
    pengaturan = wb.create_sheet(layout.SHEET_PENGATURAN)
    pengaturan["A1"] = layout.PENGATURAN_TITLE
    for i, name in enumerate(layout.BULAN, start=4):
        pengaturan.cell(i, layout.DAFTAR_FIRST_COL, name)
    letter = layout.column_letter(layout.DAFTAR_FIRST_COL)
    wb.defined_names["DaftarBulan"] = DefinedName("DaftarBulan",
                                                  attr_text=f"Pengaturan!${letter}$4:${letter}$15")
    for kode in ("KADIS", "SEK"):
        ws = wb.create_sheet(kode)
        ws["A4"], ws["B4"] = "Kode Jabatan", kode

    ws = wb.create_sheet(layout.SHEET_REALISASI)
    ws["A1"] = layout.REALISASI_TITLE
    columns = layout.REALISASI_INPUT_COLUMNS + (layout.REALISASI_COMPUTED_COLUMNS if computed_headers else ())
    for col, column in enumerate(columns, start=1):
        ws.cell(layout.REALISASI_HEADER_ROW, col, column.label).font = openpyxl.styles.Font(bold=True)
    for i, values in enumerate(REALISASI_INPUT):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(FIRST_ROW + i, col)
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
        if stale_values and computed_headers:
            for col in range(len(layout.REALISASI_INPUT_COLUMNS) + 1, len(columns) + 1):
                ws.cell(FIRST_ROW + i, col, "lama")
    dv = DataValidation(type="list", formula1="=DaftarBulan", allow_blank=True)
    dv.add(f"C{FIRST_ROW}:C{FIRST_ROW + 200}")
    ws.add_data_validation(dv)
    ws.freeze_panes = f"A{FIRST_ROW}"

    if cascading_at is not None:  # an earlier compute's sheet, moved by the clerk; its rows outdated
        old = wb.create_sheet(layout.SHEET_CASCADING, cascading_at)
        old["A1"] = layout.CASCADING_TITLE
        for r in range(2, 40):
            old.cell(r, 1, f"sampah {r}")
    wb.save(path)
    return path


def input_cells(path: Path) -> dict[str, Any]:
    """Every input-column value of the Realisasi sheet (address → value), read with openpyxl."""
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_REALISASI]
    out = {}
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=len(layout.REALISASI_INPUT_COLUMNS)):
        for cell in row:
            out[cell.coordinate] = cell.value
    wb.close()
    return out
