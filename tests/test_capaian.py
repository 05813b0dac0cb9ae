"""The arithmetic of ikixl.capaian.

Every expected number is computed by hand from the rule cited beside it
(PermenPAN-RB 8/2021 for the formulas, DOMAIN.md for the policies), never
copied from program output.
"""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ikixl import capaian as cp
from ikixl.capaian import (
    RealisasiBulan,
    aggregate,
    apply_cap,
    as_decimal,
    capaian_pct,
    default_agregasi,
    explain_aggregate,
    explain_capaian,
    explain_rencana,
    months_sd,
    nilai_value,
    period_months,
    predikat,
    rencana_sd,
)
from ikixl.model import PredikatBand, TargetRange

D = Decimal


# --------------------------------------------------------------------------- capaian formulas
def test_naik_is_realisasi_over_target():
    # PermenPAN-RB 8/2021 naik: 45 / 50 * 100 = 90
    assert capaian_pct(45, 50) == D(90)
    assert capaian_pct(45, 50, "naik") == D(90)


def test_turun_regulation_example_target_7_realisasi_6_5():
    # PermenPAN-RB 8/2021 turun: (2 - 6.5/7) * 100 = (14 - 6.5) / 7 * 100 = 750/7 = 107.142857142857...
    value = capaian_pct(D("6.5"), 7, "turun")
    assert str(value).startswith("107.142857142857142857")
    assert abs(value - D(750) / D(7)) < D("1e-24")


def test_turun_regulation_example_target_8_realisasi_9():
    # PermenPAN-RB 8/2021 turun: (2 - 9/8) * 100 = 0.875 * 100 = 87.5
    assert capaian_pct(9, 8, "turun") == D("87.5")


def test_turun_band_edge_is_exact_with_floats_given():
    # DOMAIN.md "Exact arithmetic": (2 - 109/100) * 100 = 91 exactly, even from binary floats
    assert capaian_pct(109.0, 100.0, "turun") == D(91)
    assert capaian_pct("109", "100", "TURUN") == D(91)
    assert predikat(capaian_pct(109.0, 100.0, "turun")) == "Sangat Tinggi"


def test_float_input_goes_through_its_repr():
    # 0.1 typed in a cell is the decimal 0.1: 0.1 / 0.4 * 100 = 25
    assert as_decimal(0.1) == D("0.1")
    assert capaian_pct(0.1, 0.4) == D(25)


def test_arah_blank_is_naik():
    # naik is the normal case (PermenPAN-RB 8/2021): 30 / 40 * 100 = 75
    assert capaian_pct(30, 40, None) == D(75)
    assert capaian_pct(30, 40, "") == D(75)


@pytest.mark.parametrize(
    ("realisasi", "arah", "expected"),
    [
        (70, "naik", D("87.5")),  # below the range, naik against the lower bound: 70/80*100
        (80, "naik", D(100)),  # on the lower bound: inside the range
        (85, "naik", D(100)),  # inside the range
        (90, "naik", D(100)),  # on the upper bound: inside the range
        (99, "naik", D(110)),  # above, naik against the upper bound: 99/90*100
        (72, "turun", D(110)),  # below, turun against the lower bound: (2 - 72/80)*100
        (99, "turun", D(90)),  # above, turun against the upper bound: (2 - 99/90)*100
    ],
)
def test_range_target(realisasi, arah, expected):
    # DOMAIN.md policy "Range targets": inside 100, outside the Arah formula against the nearer bound
    assert capaian_pct(realisasi, TargetRange(D(80), D(90)), arah) == expected


def test_range_target_turun_above_non_terminating():
    # (2 - 95/90) * 100 = 85/90 * 100 = 850/9 = 94.444...
    value = capaian_pct(95, TargetRange(D(80), D(90)), "turun")
    assert abs(value - D(850) / D(9)) < D("1e-24")


@pytest.mark.parametrize("arah", ["naik", "turun"])
def test_target_missing_or_zero_is_undefined_with_reason(arah):
    # DOMAIN.md: target 0 or missing → undefined, never divide by zero or print 0
    assert capaian_pct(5, None, arah) is None
    assert capaian_pct(5, 0, arah) is None
    assert capaian_pct(0, 0, arah) is None
    assert explain_capaian(5, None, arah) == (None, "Target belum diisi")
    assert explain_capaian(5, 0, arah) == (None, "Target 0: capaian tidak dapat dihitung")
    assert explain_capaian(5, "", arah) == (None, "Target belum diisi")


def test_realisasi_missing_is_undefined_with_reason():
    assert capaian_pct(None, 10) is None
    assert explain_capaian(None, 10) == (None, "Realisasi belum diisi")
    assert explain_capaian(float("nan"), 10) == (None, "Realisasi belum diisi")


def test_range_with_zero_bound_below_is_undefined():
    # realisasi below a range 0-10 compares with bound 0: a ratio to 0 is undefined
    assert explain_capaian(-1, TargetRange(D(0), D(10))) == (None, "Target 0: capaian tidak dapat dihitung")


def test_junk_raises_in_capaian_pct_and_is_a_reason_in_explain():
    with pytest.raises(ValueError):
        capaian_pct("abc", 5)
    with pytest.raises(ValueError):
        capaian_pct(5, "BB")
    with pytest.raises(ValueError):
        capaian_pct(5, 10, "sideways")
    value, reason = explain_capaian("abc", 5)
    assert value is None and reason.startswith("Realisasi bukan angka")
    value, reason = explain_capaian(5, 10, "sideways")
    assert value is None and reason.startswith("Arah tidak dikenal")


def test_negative_turun_kept_unless_floor_zero():
    # turun: (2 - 25/10) * 100 = -50; DOMAIN.md policy: kept, floor at 0 is a setting
    assert capaian_pct(25, 10, "turun") == D(-50)
    assert capaian_pct(25, 10, "turun", floor_zero=True) == D(0)
    # the floor does not touch positive values: (2 - 5/10) * 100 = 150
    assert capaian_pct(5, 10, "turun", floor_zero=True) == D(150)


# --------------------------------------------------------------------------- SAKIP letters
def test_nilai_value_letters_and_numbers():
    # DOMAIN.md policy "Nilai as SAKIP letters": AA 95, A 85, BB 75, B 65, CC 55, C 40, D 15
    expected = {"AA": 95, "A": 85, "BB": 75, "B": 65, "CC": 55, "C": 40, "D": 15}
    for letter, points in expected.items():
        assert nilai_value(letter) == D(points)
    assert nilai_value(" bb ") == D(75)
    assert nilai_value(80) == D(80)
    assert nilai_value("82.5") == D("82.5")
    assert nilai_value("X") is None
    assert nilai_value(None) is None


def test_capaian_of_letters():
    # realisasi A (85) against target BB (75), naik: 85/75*100 = 113.333...
    value = capaian_pct(nilai_value("A"), nilai_value("BB"))
    assert abs(value - D(340) / D(3)) < D("1e-24")


# --------------------------------------------------------------------------- predikat
@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("90.99", "Tinggi"),  # below 91
        ("91", "Sangat Tinggi"),  # >= 91
        ("100", "Sangat Tinggi"),
        ("135.5", "Sangat Tinggi"),  # > 100 falls in the top band
        ("76", "Tinggi"),  # >= 76
        ("75.99", "Sedang"),
        ("66", "Sedang"),  # >= 66
        ("65.99", "Rendah"),
        ("51", "Rendah"),  # >= 51
        ("50.99", "Sangat Rendah"),
        ("0", "Sangat Rendah"),
        ("-40", "Sangat Rendah"),  # below every bound: the bottom band
    ],
)
def test_default_predikat_band_edges(value, label):
    # DOMAIN.md policy "Predikat": >= 91 Sangat Tinggi, >= 76 Tinggi, >= 66 Sedang, >= 51 Rendah,
    # else Sangat Rendah
    assert predikat(D(value)) == label


def test_predikat_of_none_is_none():
    assert predikat(None) is None
    assert predikat(D(80), bands=()) is None


def test_predikat_custom_labels_any_order():
    # offices label the same bands Sangat Baik .. Sangat Kurang (DOMAIN.md): labels are part of the table
    bands = [
        PredikatBand(D(51), "Kurang", "#F4B183"),
        PredikatBand(D(0), "Sangat Kurang", "#C00000"),
        PredikatBand(D(91), "Sangat Baik", "#006100"),
        PredikatBand(D(76), "Baik", "#63BE7B"),
        PredikatBand(D(66), "Cukup", "#FFEB84"),
    ]
    assert predikat(D(91), bands) == "Sangat Baik"
    assert predikat(D(70), bands) == "Cukup"
    assert predikat(D(50), bands) == "Sangat Kurang"


def test_cap_applies_before_banding():
    bands = [
        PredikatBand(D(101), "Melampaui", "#000000"),
        PredikatBand(D(91), "Sangat Tinggi", "#006100"),
        PredikatBand(D(0), "Lainnya", "#C00000"),
    ]
    # 130 >= 101 → Melampaui; with a cap of 100 it bands as 100 → Sangat Tinggi (DOMAIN.md "Cap")
    assert predikat(D(130), bands) == "Melampaui"
    assert predikat(D(130), bands, cap=100) == "Sangat Tinggi"
    assert predikat(D(130), bands, cap=D(120)) == "Melampaui"
    assert apply_cap(D(130), 100) == D(100)
    assert apply_cap(D(80), 100) == D(80)
    assert apply_cap(None, 100) is None
    assert apply_cap(D(130), None) == D(130)


def test_predikat_scale_reads_the_table_and_cap_once():
    # compute rates thousands of capaian with one scale: the same answers as predikat, the cap
    # read when the scale is made (DOMAIN.md "Predikat", "Cap")
    bands = [
        PredikatBand(D(0), "Lainnya", "#C00000"),
        PredikatBand(D(101), "Melampaui", "#000000"),
        PredikatBand(D(91), "Sangat Tinggi", "#006100"),
    ]
    capped = cp.predikat_scale(bands, cap="100")
    assert capped(D(130)) == "Sangat Tinggi"  # 130 capped to 100: 100 >= 91, < 101
    assert capped(D(100)) == "Sangat Tinggi"
    assert capped(D("90.99")) == "Lainnya"
    assert capped(D(-5)) == "Lainnya"  # below every bound: the bottom band
    assert capped(None) is None
    assert cp.predikat_scale(bands)(D(130)) == "Melampaui"
    assert cp.predikat_scale((), cap=100)(D(80)) is None
    assert cp.predikat_scale()(D(91)) == "Sangat Tinggi"  # the default table's edge
    with pytest.raises(ValueError):
        cp.predikat_scale(bands, cap="seratus")
    with pytest.raises(ValueError):
        capped("BB")


# --------------------------------------------------------------------------- periods
def test_period_months():
    # DOMAIN.md "Periods": a triwulan or semester covers only its own months
    assert period_months("bulan", 5) == (5,)
    assert period_months("triwulan", 1) == (1, 2, 3)
    assert period_months("triwulan", 2) == (4, 5, 6)
    assert period_months("triwulan", 4) == (10, 11, 12)
    assert period_months("semester", 2) == (7, 8, 9, 10, 11, 12)
    assert period_months("tahun") == tuple(range(1, 13))


def test_months_sd():
    # "s.d." covers month 1 to the period's end
    assert months_sd("bulan", 3) == (1, 2, 3)
    assert months_sd("triwulan", 3) == tuple(range(1, 10))
    assert months_sd("semester", 1) == tuple(range(1, 7))


@pytest.mark.parametrize(("kind", "number"), [("triwulan", 5), ("semester", 0), ("minggu", 1), ("bulan", 13)])
def test_period_months_rejects_bad_input(kind, number):
    with pytest.raises(ValueError):
        period_months(kind, number)


# --------------------------------------------------------------------------- aggregation
def _months(*values, penyebut=None):
    penyebut = penyebut or [None] * len(values)
    return [
        RealisasiBulan(m, None if v is None else D(str(v)), None if p is None else D(str(p)))
        for m, (v, p) in enumerate(zip(values, penyebut, strict=True), start=1)
    ]


def test_each_agregasi_over_months_1_to_3():
    entries = _months(2, 6, 1)
    # DOMAIN.md "Aggregating months": kumulatif 2+6+1 = 9, posisi akhir = March's 1, rata-rata 9/3 = 3
    assert aggregate(entries, "kumulatif", months_sd("bulan", 3)) == D(9)
    assert aggregate(entries, "posisi akhir", months_sd("bulan", 3)) == D(1)
    assert aggregate(entries, "rata-rata", months_sd("bulan", 3)) == D(3)
    # s.d. February: 2+6 = 8, last 6, mean 4
    assert aggregate(entries, "kumulatif", months_sd("bulan", 2)) == D(8)
    assert aggregate(entries, "posisi akhir", months_sd("bulan", 2)) == D(6)
    assert aggregate(entries, "rata-rata", months_sd("bulan", 2)) == D(4)


def test_posisi_akhir_is_last_reported_and_rata_rata_skips_blank_months():
    # posisi akhir = last month with a realisasi (Feb's 6, March blank)
    assert aggregate(_months(2, 6, None), "posisi akhir", (1, 2, 3)) == D(6)
    # rata-rata over months with realisasi only: (2 + 6) / 2 = 4, not 8/3
    assert aggregate(_months(2, None, 6), "rata-rata", (1, 2, 3)) == D(4)
    # kumulatif: a blank month adds nothing: 2 + 6 = 8
    assert aggregate(_months(2, None, 6), "kumulatif", (1, 2, 3)) == D(8)


def test_nothing_reported_is_undefined():
    assert explain_aggregate(_months(None, None), "kumulatif", (1, 2)) == (None, "Realisasi belum diisi")
    assert explain_aggregate(_months(5), "kumulatif", (2, 3)) == (None, "Realisasi belum diisi")


def test_triwulan_and_semester_use_their_own_months():
    entries = _months(1, 2, 3, 4, 5, 6)
    # TW II kumulatif: 4+5+6 = 15; s.d. TW II: 1+...+6 = 21; semester I: 21; TW II rata-rata 15/3 = 5
    assert aggregate(entries, "kumulatif", period_months("triwulan", 2)) == D(15)
    assert aggregate(entries, "kumulatif", months_sd("triwulan", 2)) == D(21)
    assert aggregate(entries, "kumulatif", period_months("semester", 1)) == D(21)
    assert aggregate(entries, "rata-rata", period_months("triwulan", 2)) == D(5)
    assert aggregate(entries, "posisi akhir", period_months("triwulan", 1)) == D(3)


def test_persentase_with_penyebut_is_sum_over_sum_not_mean_of_percents():
    # Jan 9/10 (90 %), Feb 1/90 (1.11 %): DOMAIN.md Σ/Σ = (9+1)/(10+90)*100 = 10,
    # while the (forbidden) mean of monthly percents would be (90 + 1.11)/2 = 45.55
    entries = _months(9, 1, penyebut=[10, 90])
    assert aggregate(entries, "kumulatif", (1, 2), jenis="Persentase") == D(10)
    assert aggregate(entries, "rata-rata", (1, 2), jenis="Persentase") == D(10)
    # posisi akhir: the last month's numerator/denominator: 1/90*100 = 1.111...
    value = aggregate(entries, "posisi akhir", (1, 2), jenis="Persentase")
    assert abs(value - D(10) / D(9)) < D("1e-24")
    # a month alone: 9/10*100 = 90
    assert aggregate(entries, "kumulatif", (1,), jenis="Persentase") == D(90)


def test_zero_over_zero_month_adds_nothing():
    # DOMAIN.md "Persentase with Penyebut": a 0/0 month adds nothing
    entries = _months(9, 0, 1, penyebut=[10, 0, 90])
    assert aggregate(entries, "kumulatif", (1, 2, 3)) == D(10)  # (9+0+1)/(10+0+90)*100
    # rata-rata: Σ/Σ as well, the 0/0 month not counted: 10
    assert aggregate(entries, "rata-rata", (1, 2, 3)) == D(10)
    # posisi akhir s.d. February: February 0/0 is not a reported month, so January's 9/10 → 90
    assert aggregate(entries, "posisi akhir", (1, 2)) == D(90)
    # only 0/0: undefined
    assert explain_aggregate(_months(0, penyebut=[0]), "kumulatif", (1,)) == (
        None,
        "Penyebut 0: persentase tidak dapat dihitung",
    )


def test_persentase_without_penyebut_cannot_be_summed():
    entries = _months(80, 90)
    value, reason = explain_aggregate(entries, "kumulatif", (1, 2), jenis="Persentase")
    assert value is None and "tidak dapat dijumlahkan" in reason
    # posisi akhir (its default) gives the last percent; rata-rata the mean (80+90)/2
    assert aggregate(entries, "posisi akhir", (1, 2), jenis="Persentase") == D(90)
    assert aggregate(entries, "rata-rata", (1, 2), jenis="Persentase") == D(85)


def test_default_agregasi():
    # DOMAIN.md "Default Agregasi"
    assert default_agregasi("Jumlah") == "kumulatif"
    assert default_agregasi("Persentase", dengan_penyebut=True) == "kumulatif"
    assert default_agregasi("Persentase", dengan_penyebut=False) == "posisi akhir"
    assert default_agregasi("Nilai") == "posisi akhir"


# --------------------------------------------------------------------------- plan
def test_rencana_from_target_bulan():
    tb = {1: D(10), 2: D(20), 3: D(30)}
    # DOMAIN.md "Two capaian figures": Σ 10+20+30 = 60; posisi akhir TB March = 30; mean 60/3 = 20
    assert rencana_sd(tb, "kumulatif", 3) == D(60)
    assert rencana_sd(tb, "posisi akhir", 3) == D(30)
    assert rencana_sd(tb, "rata-rata", 3) == D(20)
    assert rencana_sd(tb, "kumulatif", 2) == D(30)


def test_rencana_blank_when_target_bulan_not_filled():
    assert rencana_sd({}, "kumulatif", 3) is None
    assert explain_rencana({1: None}, "kumulatif", (1,)) == (None, "Target Bulan belum diisi")
    # posisi akhir needs the last month's Target Bulan
    assert rencana_sd({1: D(5), 2: None}, "posisi akhir", 2) is None


def test_rencana_of_ranges_adds_bounds():
    tb = {1: TargetRange(D(1), D(2)), 2: D(3)}
    # Σ bounds: (1+3)-(2+3)
    assert rencana_sd(tb, "kumulatif", 2) == TargetRange(D(4), D(5))


# --------------------------------------------------------------------------- properties
_amount = st.decimals(
    min_value=D("0.01"), max_value=D(100000), places=2, allow_nan=False, allow_infinity=False
)
_scale = st.integers(min_value=1, max_value=1000)


@given(realisasi=_amount, target=_amount, k=_scale, arah=st.sampled_from(["naik", "turun"]))
def test_scaling_target_and_realisasi_together_leaves_capaian_unchanged(realisasi, target, k, arah):
    assert capaian_pct(realisasi * k, target * k, arah) == capaian_pct(realisasi, target, arah)


@given(realisasi=_amount, target=_amount)
def test_naik_and_turun_sum_to_200(realisasi, target):
    # r/t*100 + (2 - r/t)*100 = 200; each side rounded at the 28th digit only
    total = capaian_pct(realisasi, target, "naik") + capaian_pct(realisasi, target, "turun")
    assert abs(total - 200) < D("1e-20")


@given(values=st.lists(st.one_of(st.none(), _amount), min_size=1, max_size=12), seed=st.integers(0, 10**6))
def test_kumulatif_does_not_depend_on_row_order(values, seed):
    entries = [RealisasiBulan(m, v) for m, v in enumerate(values, start=1)]
    shuffled = entries[:]
    random.Random(seed).shuffle(shuffled)
    months = range(1, len(values) + 1)
    assert aggregate(shuffled, "kumulatif", months) == aggregate(entries, "kumulatif", months)
    filled = [v for v in values if v is not None]
    assert aggregate(entries, "kumulatif", months) == (sum(filled, D(0)) if filled else None)


@given(
    pairs=st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(1, 10**6)).map(lambda p: (min(p), p[1])),
        min_size=1,
        max_size=12,
    )
)
def test_sum_over_sum_equals_hand_computation(pairs):
    entries = [RealisasiBulan(m, D(n), D(d)) for m, (n, d) in enumerate(pairs, start=1)]
    expected = Fraction(sum(n for n, _ in pairs) * 100, sum(d for _, d in pairs))
    value = aggregate(entries, "kumulatif", range(1, len(pairs) + 1))
    assert abs(Fraction(value) - expected) < Fraction(1, 10**20)


def test_context_is_28_digits():
    # the documented precision: 1/3 keeps 28 significant digits
    assert len(str(capaian_pct(1, 3)).replace(".", "")) == 28
    assert cp.CONTEXT.prec == 28
