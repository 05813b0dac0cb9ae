"""The table schemas (ikixl/schema.py): blank cells pass every check, as pandas sees blank."""

from __future__ import annotations

from decimal import Decimal

from model_builders import ind, jab, real, workbook

from ikixl.schema import failure_cases


def _failures(wb):
    return sorted((table, index, key, code) for table, index, key, code, _ in failure_cases(wb))


def test_blank_cells_pass_and_wrong_values_fail():
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=100), ind("I2", "J1", target=100)],
        realisasi=[
            real("I1", 1, 10),
            real("I1", 2, None),  # blank: passes
            real("I1", 3, float("nan")),  # NaN from a broken cache is blank to pandas: passes
            real("I1", 4, "sepuluh"),  # not a number
            real("I2", 13, 5),  # not a month
            real("I2", float("nan"), 5),  # a blank month is not a wrong month, but Bulan is required
        ],
    )
    assert _failures(wb) == [
        ("realisasi", 3, "realisasi", "angka-tidak-valid"),
        ("realisasi", 4, "bulan", "bulan-tidak-valid"),
        ("realisasi", 5, "bulan", "isian-wajib-kosong"),
    ]


def test_duplicate_codes_fail_duplicate_blanks_pass():
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=100), ind("I1", "J1", target=100),
                   ind("I2", "J1", target=100)],
        realisasi=[real("I1", 1, Decimal(1))],
    )
    wb.indikator.loc[2, "kode_indikator"] = None  # a blank code is reported as required, not as a twin
    assert [f for f in _failures(wb) if f[0] == "indikator"] == [
        ("indikator", 0, "kode_indikator", "kode-indikator-ganda"),
        ("indikator", 1, "kode_indikator", "kode-indikator-ganda"),
        ("indikator", 2, "kode_indikator", "isian-wajib-kosong"),
    ]
