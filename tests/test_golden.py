"""The golden table: capaian worked out by hand, each row citing its rule.

``tests/golden/capaian.csv`` holds one indicator per row: its Jenis, Arah,
Agregasi and Target, its monthly Realisasi / Penyebut / Target Bulan from
January (``|``-separated, blank = a blank cell), the reporting month, and the
figures expected as of that month.  Expected values are exact: a decimal is
compared with ``==``; a fraction ``p/q`` with no finite decimal (750/7) is
compared with the exact rational number, to 25 significant digits (the
computation runs in a 28-digit decimal context).  A blank expected cell means
the figure is undefined (None), never 0.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from model_builders import ind, jab, num, real, rng, workbook

from ikixl.compute import compute

GOLDEN = Path(__file__).resolve().parent / "golden" / "capaian.csv"
with GOLDEN.open(encoding="utf-8", newline="") as _handle:
    ROWS = list(csv.DictReader(_handle))
FIGURES = ("realisasi_sd", "capaian_bulan_pct", "capaian_tahunan_pct", "capaian_rencana_pct")


def _target(text: str) -> Any:
    if not text:
        return None
    if "-" in text.strip("-"):
        low, high = text.split("-")
        return rng(low, high)
    return num(text)


def _series(text: str, months: int) -> list[Any]:
    parts = text.split("|") if text else []
    parts += [""] * (months - len(parts))
    return [num(p) if p else None for p in parts]


def _expected(text: str) -> Fraction | None:
    return None if text == "" else Fraction(text)


def _matches(value: Decimal | None, expected: Fraction | None) -> bool:
    if expected is None or value is None:
        return value is None and expected is None
    if expected.denominator == 1 or Fraction(str(Decimal(expected.numerator) / expected.denominator)) == expected:
        return Fraction(value) == expected  # a finite decimal: exactly equal
    return abs(Fraction(value) - expected) <= abs(expected) * Fraction(1, 10**25)


def test_the_table_is_large_and_cites_its_rules() -> None:
    assert len(ROWS) >= 40
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    assert all(row["rule"].strip() for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_golden_capaian(row: dict[str, str]) -> None:
    month = int(row["bulan"])
    settings = dict(item.split("=") for item in row["settings"].split(";") if item)
    realisasi = _series(row["realisasi"], month)
    penyebut = _series(row["penyebut"], month)
    target_bulan = _series(row["target_bulan"], month)
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("J1.1", "J1", target=_target(row["target"]), jenis=row["jenis"], arah=row["arah"],
                       agregasi=row["agregasi"])],
        realisasi=[real("J1.1", m, realisasi[m - 1], penyebut=penyebut[m - 1], target_bulan=target_bulan[m - 1])
                   for m in range(1, month + 1)],
        pengaturan={"bulan_pelaporan": month, **settings},
    )
    result = compute(wb).indikator.iloc[0]
    for figure in FIGURES:
        assert _matches(result[figure], _expected(row[figure])), (figure, result[figure], row[figure])
    assert result["predikat"] == (row["predikat"] or None)
