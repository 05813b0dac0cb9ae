"""Build an :class:`ikixl.model.IkiWorkbook` in memory, for tests of compute and cascade.

Values follow the model's typing (``ikixl/model.py``): numbers become
``Decimal`` (ints and numeric strings are converted; floats through their
repr), ``TargetRange`` and text (a SAKIP letter, junk) are kept as given,
months are ints.  Frames are ``dtype=object`` so None stays None.

Example::

    wb = workbook(
        jabatan=[jab("J1", "Kepala Dinas"), jab("J2", "Sekretaris", atasan="J1")],
        indikator=[ind("I1", "J1", target=100)],
        realisasi=[real("I1", 1, 30, target_bulan=25)],
        pengaturan={"bulan_pelaporan": 3},
    )
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from ikixl import layout
from ikixl.model import IkiWorkbook, TargetRange


def num(value: Any) -> Any:
    """int/float/numeric str → Decimal; TargetRange, None and other text unchanged."""
    if value is None or isinstance(value, (Decimal, TargetRange, bool)):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def rng(low: Any, high: Any) -> TargetRange:
    """A range target ``low-high``."""
    return TargetRange(num(low), num(high))


def jab(kode: str, nama: str | None = None, atasan: str | None = None, **extra: Any) -> dict[str, Any]:
    """One jabatan (header block of a jabatan sheet)."""
    return {"kode_jabatan": kode, "nama_jabatan": nama or f"Jabatan {kode}", "kode_atasan": atasan, **extra}


def ind(
    kode: str,
    jabatan: str,
    *,
    target: Any = None,
    jenis: str = "Jumlah",
    arah: str | None = None,
    agregasi: str | None = None,
    bobot: Any = None,
    atasan: str | None = None,
    nama: str | None = None,
    satuan: str | None = None,
) -> dict[str, Any]:
    """One indicator row of jabatan ``jabatan``."""
    return {
        "kode_indikator": kode,
        "kode_jabatan": jabatan,
        "indikator_kinerja": nama or f"Indikator {kode}",
        "jenis": jenis,
        "target": num(target),
        "arah": arah,
        "agregasi": agregasi,
        "bobot": num(bobot),
        "indikator_atasan": atasan,
        "satuan": satuan,
    }


def real(
    kode: str,
    bulan: Any,
    realisasi: Any = None,
    *,
    target_bulan: Any = None,
    penyebut: Any = None,
) -> dict[str, Any]:
    """One Realisasi row."""
    return {
        "kode_indikator": kode,
        "bulan": bulan,
        "target_bulan": num(target_bulan),
        "realisasi": num(realisasi),
        "penyebut": num(penyebut),
    }


def _table(rows: list[dict[str, Any]], keys: list[str], sheet: Any, first_row: int) -> pd.DataFrame:
    columns = [*keys, "sheet", "row"]
    records = []
    for i, row in enumerate(rows):
        unknown = set(row) - set(columns)
        assert not unknown, f"unknown columns {unknown}"
        record = dict.fromkeys(columns)
        record.update(row)
        record["sheet"] = sheet(row) if callable(sheet) else sheet
        record["row"] = first_row + i
        records.append(record)
    return pd.DataFrame(records, columns=columns, dtype=object)


def workbook(
    jabatan: list[dict[str, Any]] = (),  # type: ignore[assignment]
    indikator: list[dict[str, Any]] = (),  # type: ignore[assignment]
    realisasi: list[dict[str, Any]] = (),  # type: ignore[assignment]
    pengaturan: dict[str, Any] | None = None,
    predikat: list[tuple[Any, str]] | None = None,
) -> IkiWorkbook:
    """An IkiWorkbook with these rows.

    Args:
        jabatan, indikator, realisasi: dicts from :func:`jab`, :func:`ind`, :func:`real`.
        pengaturan: setting key → value (as the reader would type it); others blank.
        predikat: ``(lower bound, label)`` pairs; None = an empty table (defaults apply).
    """
    jabatan, indikator, realisasi = list(jabatan), list(indikator), list(realisasi)
    jab_frame = _table(jabatan, [c.key for c in layout.JABATAN_FIELDS], lambda r: r["kode_jabatan"], 4)
    jab_frame = jab_frame.drop(columns="row")
    ind_frame = _table(
        indikator,
        [c.key for c in layout.INDIKATOR_COLUMNS] + ["kode_jabatan"],
        lambda r: r["kode_jabatan"],
        layout.INDIKATOR_HEADER_ROW + 1,
    )
    real_frame = _table(
        realisasi,
        [c.key for c in layout.REALISASI_COLUMNS],
        layout.SHEET_REALISASI,
        layout.REALISASI_HEADER_ROW + 1,
    )
    values = pengaturan or {}
    pengaturan_frame = pd.DataFrame(
        [
            {"key": s.key, "label": s.label, "value": values.get(s.key), "sheet": layout.SHEET_PENGATURAN}
            for s in layout.SETTINGS
        ],
        index=[s.key for s in layout.SETTINGS],
        dtype=object,
    )
    assert not set(values) - set(pengaturan_frame.index), "unknown setting"
    predikat_frame = pd.DataFrame(
        [
            {
                "batas_bawah_pct": num(lower),
                "predikat": label,
                "warna": "#FFFFFF",
                "warna_teks": "#000000",
                "sheet": layout.SHEET_PENGATURAN,
            }
            for lower, label in (predikat or [])
        ],
        columns=["batas_bawah_pct", "predikat", "warna", "warna_teks", "sheet"],
        dtype=object,
    )
    return IkiWorkbook(
        path=Path("test.xlsx"),
        sheet_names=[*layout.RESERVED_SHEETS[:3], *(j["kode_jabatan"] for j in jabatan)],
        jabatan_sheets=[j["kode_jabatan"] for j in jabatan],
        pengaturan=pengaturan_frame,
        predikat=predikat_frame,
        jabatan=jab_frame,
        indikator=ind_frame,
        realisasi=real_frame,
        cells={},
    )
