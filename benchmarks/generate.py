"""Synthetic IKI workbooks (format v1) at office scale, for timing ``ikixl check``.

Sizes (jabatan sheets / indicators / Realisasi rows):

* ``S``: 20 / 100 / 1,200
* ``M``: 200 / 4,000 / 48,000
* ``L``: 1,000 / 20,000 / 240,000

Every jabatan has ``indicators / jabatan`` indicators and every indicator 12
Realisasi rows (one per month).  The content is clean: ``ikixl check`` reports
no error and no warning.  Jabatan form a binary tree (jabatan ``i`` reports to
``(i - 1) // 2``); indicator ``k`` of a jabatan supports indicator ``k`` of its
atasan, so the cascade is complete.  Indicators rotate through the kinds a
real office has: Jumlah kumulatif with Target Bulan, Persentase with Penyebut,
Persentase posisi akhir, Nilai with a SAKIP letter target, Jumlah arah turun
rata-rata.

The workbook is written by :func:`ikixl.template.write_workbook` (the same code
that writes the template and the shipped example), with no empty template
rows.

Usage::

    python benchmarks/generate.py S [--out DIR]        # prints the path written
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ikixl.template import JabatanForm, Pengaturan, WorkbookContent, write_workbook

#: size → (jabatan sheets, indicators); Realisasi rows = 12 × indicators.
SIZES: dict[str, tuple[int, int]] = {
    "S": (20, 100),
    "M": (200, 4_000),
    "L": (1_000, 20_000),
}

#: Where generated workbooks go unless told otherwise (never committed).
DEFAULT_CACHE = Path(os.environ.get("IKIXL_BENCH_CACHE", Path(tempfile.gettempdir()) / "ikixl-bench"))

_NIP = "19750312 200003 2 004"


def _kode_jabatan(i: int) -> str:
    return "KADIS" if i == 0 else f"JAB-{i:04d}"


def _indicator(i: int, k: int, atasan: int | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One indicator of jabatan ``i`` (its ``k``-th) and its 12 Realisasi rows."""
    kode = f"{_kode_jabatan(i)}.{k + 1}"
    kind = (i + k) % 5
    base: dict[str, Any] = {
        "no": k + 1,
        "kode_indikator": kode,
        "sasaran": f"Meningkatnya kualitas layanan {k + 1} unit {i}",
        "cara_perhitungan": "Jumlah kegiatan terlaksana / jumlah kegiatan direncanakan x 100%",
        "sumber_data": "Laporan bulanan",
        "bobot": 1,
        "indikator_atasan": None if atasan is None else f"{_kode_jabatan(atasan)}.{k + 1}",
    }
    months: list[tuple[Any, Any, Any]]
    if kind == 0:  # Jumlah, kumulatif, Target Bulan every month
        base.update(indikator_kinerja=f"Jumlah dokumen yang diselesaikan ({kode})", jenis="Jumlah",
                    satuan="Dokumen", target=24, arah="naik", agregasi="kumulatif")
        months = [(2, 2 + (m % 2), None) for m in range(12)]
    elif kind == 1:  # Persentase with Penyebut, kumulatif
        base.update(indikator_kinerja=f"Persentase layanan yang diselesaikan ({kode})", jenis="Persentase",
                    satuan="%", target=90, arah="naik", agregasi="kumulatif")
        months = [(90, 38 + m, 50) for m in range(12)]
    elif kind == 2:  # Persentase posisi akhir, range target
        base.update(indikator_kinerja=f"Persentase laporan tepat waktu ({kode})", jenis="Persentase",
                    satuan="%", target="80-90", arah="naik", agregasi="posisi akhir")
        months = [(None, 85.5, None) for _ in range(12)]
    elif kind == 3:  # Nilai, SAKIP letter target, once a year
        base.update(indikator_kinerja=f"Nilai akuntabilitas kinerja ({kode})", jenis="Nilai", satuan="Nilai",
                    target="BB", arah="naik", agregasi="posisi akhir")
        months = [(None, 70 + m, None) for m in range(12)]
    else:  # Jumlah, arah turun, rata-rata
        base.update(indikator_kinerja=f"Rata-rata hari penyelesaian berkas ({kode})", jenis="Jumlah",
                    satuan="Hari", target=5, arah="turun", agregasi="rata-rata")
        months = [(5, 4.5, None) for _ in range(12)]
    realisasi = [
        {"kode_indikator": kode, "indikator_kinerja": base["indikator_kinerja"], "bulan": m + 1,
         "target_bulan": tb, "realisasi": r, "penyebut": p,
         "keterangan": "Bukti terlampir" if m % 3 == 0 else None}
        for m, (tb, r, p) in enumerate(months)
    ]
    return base, realisasi


def content(jabatan: int, indicators: int) -> WorkbookContent:
    """The clean content of a workbook with ``jabatan`` sheets and ``indicators`` indicators in all."""
    if jabatan < 1 or indicators < jabatan or indicators % jabatan:
        raise ValueError("indicators must be a positive multiple of jabatan")
    per = indicators // jabatan
    forms: list[JabatanForm] = []
    realisasi: list[dict[str, Any]] = []
    for i in range(jabatan):
        atasan = None if i == 0 else (i - 1) // 2
        rows = []
        for k in range(per):
            row, months = _indicator(i, k, atasan)
            rows.append(row)
            realisasi.extend(months)
        forms.append(JabatanForm({
            "kode_jabatan": _kode_jabatan(i),
            "nama_jabatan": "Kepala Dinas" if i == 0 else f"Kepala Seksi {i}",
            "unit_kerja": "Dinas Sosial" if i == 0 else f"Seksi {i}",
            "kode_atasan": None if atasan is None else _kode_jabatan(atasan),
            "nama_pemangku": f"Pegawai {i}",
            "nip": _NIP,
            "pangkat_golongan": "Pembina Tk. I (IV/b)",
            "tugas": "Melaksanakan tugas pelayanan sosial sesuai ketentuan.",
            "fungsi": ["Perencanaan;", "Pelaksanaan;", "Pelaporan."],
        }, rows))
    return WorkbookContent(
        pengaturan=Pengaturan({
            "perangkat_daerah": "Dinas Sosial Kabupaten Contoh", "tahun": 2024, "tempat": "Tenggarong",
            "bulan_pelaporan": "Desember",
        }),
        jabatan=forms,
        realisasi=realisasi,
        empty_indikator_rows=0,
        empty_realisasi_rows=0,
    )


def generate(size: str | tuple[int, int], folder: Path | None = None, *, force: bool = False) -> Path:
    """Write (or reuse) the workbook of ``size`` (``"S"``, ``"M"``, ``"L"`` or ``(jabatan, indicators)``).

    Returns:
        The path of ``iki_<size>.xlsx`` in ``folder`` (default :data:`DEFAULT_CACHE`).
    """
    jabatan, indicators = SIZES[size] if isinstance(size, str) else size
    name = size if isinstance(size, str) else f"{jabatan}x{indicators}"
    folder = Path(folder) if folder is not None else DEFAULT_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"iki_{name}.xlsx"
    if force or not path.exists():
        write_workbook(path, content(jabatan, indicators))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("--out", type=Path, default=None, help=f"folder (default {DEFAULT_CACHE})")
    parser.add_argument("--force", action="store_true", help="rewrite even when the file exists")
    args = parser.parse_args(argv)
    print(generate(args.size, args.out, force=args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
