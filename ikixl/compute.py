"""Compute capaian and predikat for a whole workbook (DOMAIN.md arithmetic and policies).

Shapes are fixed here; the arithmetic lives in :mod:`ikixl.capaian`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from ikixl.model import Settings


@dataclass
class Computation:
    """Everything compute produces for one reporting month.

    All capaian are percent points (87.5, not 0.875), exact ``Decimal``, not
    rounded; None means undefined and the matching ``keterangan_capaian`` says why.

    Attributes:
        month: reporting month N (1–12).
        settings: the settings used.
        realisasi: index = ``IkiWorkbook.realisasi`` index. Columns (the keys of
            ``layout.REALISASI_COMPUTED_COLUMNS``): ``realisasi_sd``,
            ``capaian_bulan_pct``, ``capaian_tahunan_pct``,
            ``capaian_rencana_pct``, ``predikat``, ``keterangan_capaian``, plus
            ``row`` (the Excel row of that Realisasi row, int) and
            ``kode_indikator``, ``bulan`` (int 1–12 or None). Each row holds the
            figures *as of that row's month*; rows after N hold None throughout.
        indikator: index = ``IkiWorkbook.indikator`` index, figures as of month N.
            Columns: ``kode_indikator``, ``kode_jabatan``, ``indikator_kinerja``,
            ``jenis``, ``arah``, ``agregasi`` (effective, after defaults),
            ``satuan``, ``target`` (as written: Decimal, TargetRange, str, None),
            ``indikator_atasan``, ``bobot``, ``realisasi_bulan`` (month N),
            ``realisasi_sd``, ``capaian_bulan_pct``, ``capaian_tahunan_pct``,
            ``capaian_rencana_pct``, ``capaian_pct`` (of record: Rencana when
            defined, else Tahunan; uncapped), ``predikat``, ``keterangan_capaian``.
        jabatan: index = ``IkiWorkbook.jabatan`` index. Columns:
            ``kode_jabatan``, ``nama_jabatan``, ``kode_atasan``, ``unit_kerja``,
            ``capaian_pct`` (mean of the indicators' capaian of record, weighted
            by bobot when every one has it, cap applied; None without any),
            ``jumlah_indikator``, ``tanpa_capaian`` (count without capaian),
            ``predikat``.
        cascade: the Cascading sheet's rows in display order. Columns: the keys
            of ``layout.CASCADING_COLUMNS`` plus ``jenis_baris`` (``jabatan`` |
            ``indikator`` | ``pendukung``) and ``ditandai`` (bool: the row needs
            a reviewer's attention, said in ``catatan``).
    """

    month: int
    settings: Settings
    realisasi: pd.DataFrame
    indikator: pd.DataFrame
    jabatan: pd.DataFrame
    cascade: pd.DataFrame
