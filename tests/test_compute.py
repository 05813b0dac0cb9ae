"""compute(): the three capaian figures, predikat, settings and jabatan means.

Expected numbers are computed by hand from the rule cited beside them
(PermenPAN-RB 8/2021; DOMAIN.md policies), never copied from program output.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from model_builders import ind, jab, real, rng, workbook

from ikixl import layout
from ikixl.capaian import default_bands
from ikixl.compute import Computation, compute, jabatan_capaian, settings_from
from ikixl.model import TargetRange

D = Decimal


def _kumulatif_wb(target_bulan=10, **pengaturan):
    """Annual target 120, 10 per month planned, 10 realised in January–March."""
    tb = [target_bulan] * 3
    return workbook(
        jabatan=[jab("J1", "Kepala Dinas")],
        indikator=[ind("I1", "J1", target=120, jenis="Jumlah")],
        realisasi=[real("I1", m, 10, target_bulan=tb[m - 1]) for m in (1, 2, 3)]
        + [real("I1", 4, 10, target_bulan=target_bulan)],
        pengaturan={"bulan_pelaporan": 3, **pengaturan},
    )


# --------------------------------------------------------------------------- shapes
def test_result_shapes():
    result = compute(_kumulatif_wb())
    assert isinstance(result, Computation)
    assert result.month == 3
    assert list(result.realisasi.columns) == [
        *(c.key for c in layout.REALISASI_COMPUTED_COLUMNS),
        "row",
        "kode_indikator",
        "bulan",
    ]
    assert list(result.realisasi["row"]) == [4, 5, 6, 7]
    assert list(result.realisasi["bulan"]) == [1, 2, 3, 4]
    assert {"capaian_pct", "predikat", "keterangan_capaian", "realisasi_bulan"} <= set(
        result.indikator.columns
    )
    assert list(result.cascade.columns) == [
        *(c.key for c in layout.CASCADING_COLUMNS),
        "jenis_baris",
        "ditandai",
    ]


# --------------------------------------------------------------------------- the three figures
def test_kumulatif_in_march_is_on_plan():
    ind_ = compute(_kumulatif_wb()).indikator.iloc[0]
    # s.d. March: 10+10+10 = 30 (kumulatif)
    assert ind_["realisasi_sd"] == D(30)
    assert ind_["realisasi_bulan"] == D(10)
    # Capaian Tahunan: 30 / 120 * 100 = 25 (would be Sangat Rendah)
    assert ind_["capaian_tahunan_pct"] == D(25)
    # Capaian Rencana: 30 / (10+10+10) * 100 = 100
    assert ind_["capaian_rencana_pct"] == D(100)
    # Capaian Bulan Ini: 10 / 10 * 100 = 100
    assert ind_["capaian_bulan_pct"] == D(100)
    # DOMAIN.md policy: predikat from Rencana when it exists → 100 → Sangat Tinggi
    assert ind_["capaian_pct"] == D(100)
    assert ind_["predikat"] == "Sangat Tinggi"
    assert ind_["keterangan_capaian"] is None


def test_without_target_bulan_predikat_falls_back_to_tahunan():
    ind_ = compute(_kumulatif_wb(target_bulan=None)).indikator.iloc[0]
    assert ind_["capaian_rencana_pct"] is None
    assert ind_["capaian_bulan_pct"] is None
    # Tahunan 30/120*100 = 25 → < 51 → Sangat Rendah
    assert ind_["capaian_pct"] == D(25)
    assert ind_["predikat"] == "Sangat Rendah"
    assert "Target Bulan belum diisi" in ind_["keterangan_capaian"]
    assert "Bulan ini" in ind_["keterangan_capaian"] and "Rencana" in ind_["keterangan_capaian"]


def test_rows_hold_figures_as_of_their_month_and_none_after_n():
    rows = compute(_kumulatif_wb()).realisasi
    jan, feb, mar, apr = (rows.iloc[i] for i in range(4))
    # January: s.d. 10; tahunan 10/120*100 = 8.333...; rencana 10/10*100 = 100
    assert jan["realisasi_sd"] == D(10)
    assert abs(jan["capaian_tahunan_pct"] - D(25) / D(3)) < D("1e-24")
    assert jan["capaian_rencana_pct"] == D(100)
    # February: s.d. 20; tahunan 20/120*100 = 16.666...
    assert feb["realisasi_sd"] == D(20)
    assert abs(feb["capaian_tahunan_pct"] - D(50) / D(3)) < D("1e-24")
    assert mar["capaian_tahunan_pct"] == D(25)
    # April is after the reporting month N = 3: None throughout
    for key in (
        "realisasi_sd",
        "capaian_bulan_pct",
        "capaian_tahunan_pct",
        "capaian_rencana_pct",
        "predikat",
        "keterangan_capaian",
    ):
        assert apr[key] is None
    assert apr["row"] == 7 and apr["kode_indikator"] == "I1" and apr["bulan"] == 4


def test_month_argument_overrides_bulan_pelaporan():
    result = compute(_kumulatif_wb(), month=4)
    assert result.month == 4
    assert result.settings.bulan_pelaporan == 4
    # s.d. April: 40; tahunan 40/120*100 = 33.333...
    assert result.indikator.iloc[0]["realisasi_sd"] == D(40)
    assert result.realisasi.iloc[3]["realisasi_sd"] == D(40)
    with pytest.raises(ValueError):
        compute(_kumulatif_wb(), month=13)


def test_behind_plan():
    # plan s.d. Feb 10+10 = 20, realised 10+5 = 15 → 15/20*100 = 75 → Sedang (>= 66, < 76)
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=120)],
        realisasi=[real("I1", 1, 10, target_bulan=10), real("I1", 2, 5, target_bulan=10)],
        pengaturan={"bulan_pelaporan": 2},
    )
    ind_ = compute(wb).indikator.iloc[0]
    assert ind_["capaian_rencana_pct"] == D(75)
    # Bulan Ini: 5/10*100 = 50
    assert ind_["capaian_bulan_pct"] == D(50)
    assert ind_["predikat"] == "Sedang"


def test_turun_indicator_regulation_example():
    # PermenPAN-RB 8/2021 turun, posisi akhir: target 8, realisasi 9 → (2 - 9/8)*100 = 87.5 → Tinggi
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=8, arah="turun", agregasi="posisi akhir")],
        realisasi=[real("I1", 1, 12), real("I1", 2, 9)],
        pengaturan={"bulan_pelaporan": 2},
    )
    ind_ = compute(wb).indikator.iloc[0]
    assert ind_["realisasi_sd"] == D(9)
    assert ind_["capaian_tahunan_pct"] == D("87.5")
    assert ind_["predikat"] == "Tinggi"
    assert ind_["arah"] == "turun"


def test_range_target_in_compute():
    # DOMAIN.md range 80-90, posisi akhir 70 naik → 70/80*100 = 87.5
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=rng(80, 90), jenis="Persentase")],
        realisasi=[real("I1", 1, 70)],
    )
    ind_ = compute(wb).indikator.iloc[0]
    assert ind_["agregasi"] == "posisi akhir"  # default for Persentase without Penyebut
    assert ind_["target"] == TargetRange(D(80), D(90))
    assert ind_["capaian_tahunan_pct"] == D("87.5")


def test_target_zero_and_missing_explained():
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=0), ind("I2", "J1")],
        realisasi=[real("I1", 1, 5), real("I2", 1, 5)],
    )
    result = compute(wb).indikator
    assert result.iloc[0]["capaian_tahunan_pct"] is None
    assert "Target 0" in result.iloc[0]["keterangan_capaian"]
    assert result.iloc[1]["capaian_pct"] is None
    assert result.iloc[1]["predikat"] is None
    assert "Target belum diisi" in result.iloc[1]["keterangan_capaian"]


def test_no_realisasi_yet():
    wb = workbook(jabatan=[jab("J1")], indikator=[ind("I1", "J1", target=10)])
    ind_ = compute(wb).indikator.iloc[0]
    assert ind_["capaian_pct"] is None
    assert ind_["realisasi_sd"] is None
    assert "Realisasi Januari belum diisi" in ind_["keterangan_capaian"]


# --------------------------------------------------------------------------- agregasi in compute
def test_persentase_with_penyebut_realisasi_sd_is_aggregated_percent():
    # DOMAIN.md "Persentase with Penyebut": Jan 45/50, Feb 5/150 → Σ/Σ = 50/200*100 = 25
    # (the mean of the monthly percents 90 and 3.33 would be 46.67)
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=50, jenis="Persentase")],
        realisasi=[
            real("I1", 1, 45, penyebut=50, target_bulan=90),
            real("I1", 2, 5, penyebut=150, target_bulan=80),
        ],
        pengaturan={"bulan_pelaporan": 2},
    )
    result = compute(wb)
    ind_ = result.indikator.iloc[0]
    assert ind_["agregasi"] == "kumulatif"  # default for Persentase with Penyebut
    assert ind_["realisasi_sd"] == D(25)
    # Tahunan: 25/50*100 = 50
    assert ind_["capaian_tahunan_pct"] == D(50)
    # plan of percents is their mean (decision documented in compute): (90+80)/2 = 85; 25/85*100
    assert abs(ind_["capaian_rencana_pct"] - D(2500) / D(85)) < D("1e-24")
    # January row: 45/50*100 = 90, against Target Bulan 90 → 100
    assert result.realisasi.iloc[0]["realisasi_sd"] == D(90)
    assert result.realisasi.iloc[0]["capaian_bulan_pct"] == D(100)


def test_a_penyebut_after_the_reporting_month_still_makes_it_a_penyebut_indicator():
    # capaian.uses_penyebut is over the whole year (DOMAIN.md "Persentase with Penyebut"): May's
    # 10/20 makes the indicator one entered with Penyebut, so its default Agregasi is kumulatif and
    # January and February, without Penyebut, are not reported: no Realisasi s.d. Februari
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=90, jenis="Persentase")],
        realisasi=[real("I1", 1, 80), real("I1", 2, 90), real("I1", 5, 10, penyebut=20)],
        pengaturan={"bulan_pelaporan": 2},
    )
    ind_ = compute(wb).indikator.iloc[0]
    assert ind_["agregasi"] == "kumulatif"
    assert ind_["realisasi_sd"] is None
    assert ind_["capaian_pct"] is None
    # without May the same two months are a posisi akhir Persentase: Februari's 90 of 90 → 100
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=90, jenis="Persentase")],
        realisasi=[real("I1", 1, 80), real("I1", 2, 90)],
        pengaturan={"bulan_pelaporan": 2},
    )
    ind_ = compute(wb).indikator.iloc[0]
    assert ind_["agregasi"] == "posisi akhir"
    assert ind_["capaian_tahunan_pct"] == D(100)


def test_months_after_the_reporting_month_do_not_change_its_figures():
    # every figure as of month N covers months 1..N only (DOMAIN.md "Periods"): a later Realisasi,
    # Target Bulan, or an unreadable one, changes nothing and adds no note
    rows = [real("I1", m, 10 * m, target_bulan=10 * m) for m in (1, 2, 3)]
    later = [real("I1", 4, "xx", target_bulan="yy"), real("I1", 7, 1000, target_bulan=1)]
    frames = []
    for realisasi in (rows, rows + later):
        wb = workbook(
            jabatan=[jab("J1")],
            indikator=[ind("I1", "J1", target=120)],
            realisasi=realisasi,
            pengaturan={"bulan_pelaporan": 3},
        )
        result = compute(wb)
        frames.append((result.indikator, result.realisasi.iloc[:3]))
    assert frames[0][0].equals(frames[1][0])
    assert frames[0][1].equals(frames[1][1])
    # (10+20+30)/120*100 = 50: the s.d. sum of the three months only
    assert frames[1][0].iloc[0]["capaian_tahunan_pct"] == D(50)


def test_persentase_without_penyebut_kumulatif_is_refused():
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=90, jenis="Persentase", agregasi="kumulatif")],
        realisasi=[real("I1", 1, 80), real("I1", 2, 90)],
        pengaturan={"bulan_pelaporan": 2},
    )
    ind_ = compute(wb).indikator.iloc[0]
    assert ind_["realisasi_sd"] is None
    assert ind_["capaian_pct"] is None
    assert "tidak dapat dijumlahkan" in ind_["keterangan_capaian"]


def test_rata_rata_indicator():
    # rata-rata of 60, 80, 100 = 80; target 80 → 100; plan = mean of TB 70, 80, 90 = 80 → 100
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=80, jenis="Nilai", agregasi="Rata-rata")],
        realisasi=[real("I1", m, v, target_bulan=t) for m, v, t in ((1, 60, 70), (2, 80, 80), (3, 100, 90))],
        pengaturan={"bulan_pelaporan": "Maret"},
    )
    ind_ = compute(wb).indikator.iloc[0]
    assert ind_["agregasi"] == "rata-rata"
    assert ind_["realisasi_sd"] == D(80)
    assert ind_["capaian_tahunan_pct"] == D(100)
    assert ind_["capaian_rencana_pct"] == D(100)
    # Bulan Ini: 100/90*100 = 111.11...
    assert abs(ind_["capaian_bulan_pct"] - D(1000) / D(9)) < D("1e-24")


def test_sakip_letters_for_nilai():
    # DOMAIN.md: realisasi A (85) against target BB (75): 85/75*100 = 113.33... → Sangat Tinggi
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target="BB", jenis="Nilai")],
        realisasi=[real("I1", 1, "A")],
    )
    ind_ = compute(wb).indikator.iloc[0]
    assert abs(ind_["capaian_pct"] - D(340) / D(3)) < D("1e-24")
    assert ind_["predikat"] == "Sangat Tinggi"
    # setting off: letters are not numbers
    off = compute(
        workbook(
            jabatan=[jab("J1")],
            indikator=[ind("I1", "J1", target="BB", jenis="Nilai")],
            realisasi=[real("I1", 1, "A")],
            pengaturan={"nilai_huruf_sakip": "Tidak"},
        )
    ).indikator.iloc[0]
    assert off["capaian_pct"] is None
    assert "Target tidak terbaca" in off["keterangan_capaian"]


# --------------------------------------------------------------------------- settings
def test_settings_defaults():
    settings = settings_from(workbook())
    assert settings.bulan_pelaporan == 1
    assert settings.batas_atas_capaian_pct is None
    assert settings.capaian_minimal_nol is False
    assert settings.nilai_huruf_sakip is True
    assert settings.ambang_selisih_cascading == D(20)
    assert settings.predikat == default_bands()


def test_settings_parsed():
    wb = workbook(
        pengaturan={
            "bulan_pelaporan": "Juni",
            "batas_atas_capaian_pct": D(120),
            "capaian_minimal_nol": "Ya",
            "ambang_selisih_cascading": D(15),
            "tahun": D(2023),
            "perangkat_daerah": "Dinas Sosial",
        },
        predikat=[(D(50), "Baik"), (D(80), "Sangat Baik"), (D(0), "Kurang")],
    )
    settings = settings_from(wb)
    assert settings.bulan_pelaporan == 6
    assert settings.batas_atas_capaian_pct == D(120)
    assert settings.capaian_minimal_nol is True
    assert settings.ambang_selisih_cascading == D(15)
    assert settings.tahun == 2023
    assert settings.perangkat_daerah == "Dinas Sosial"
    assert [b.label for b in settings.predikat] == ["Sangat Baik", "Baik", "Kurang"]
    assert settings_from(wb, month=2).bulan_pelaporan == 2


def test_workbook_predikat_table_is_used():
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=100)],
        realisasi=[real("I1", 1, 60)],
        predikat=[(D(80), "Sangat Baik"), (D(50), "Baik"), (D(0), "Kurang")],
    )
    # 60/100*100 = 60 >= 50 → Baik
    assert compute(wb).indikator.iloc[0]["predikat"] == "Baik"


def test_cap_applies_to_predikat_and_jabatan_mean_only():
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=100), ind("I2", "J1", target=100)],
        realisasi=[real("I1", 1, 150), real("I2", 1, 50)],
        pengaturan={"batas_atas_capaian_pct": D(100)},
        predikat=[(D(101), "Melampaui"), (D(91), "Sangat Tinggi"), (D(0), "Di bawah")],
    )
    result = compute(wb)
    first = result.indikator.iloc[0]
    # stored uncapped: 150/100*100 = 150; predikat of min(150, 100) = 100 → Sangat Tinggi, not Melampaui
    assert first["capaian_pct"] == D(150)
    assert first["predikat"] == "Sangat Tinggi"
    # jabatan mean with cap: (100 + 50) / 2 = 75 (uncapped it would be 100)
    assert result.jabatan.iloc[0]["capaian_pct"] == D(75)


def test_floor_zero_setting():
    def run(setting):
        return compute(
            workbook(
                jabatan=[jab("J1")],
                indikator=[ind("I1", "J1", target=10, arah="turun", agregasi="posisi akhir")],
                realisasi=[real("I1", 1, 25)],
                pengaturan={"capaian_minimal_nol": setting},
            )
        ).indikator.iloc[0]["capaian_pct"]

    # turun: (2 - 25/10)*100 = -50, kept by default (DOMAIN.md); floored to 0 with the setting
    assert run(None) == D(-50)
    assert run("Ya") == D(0)


# --------------------------------------------------------------------------- jabatan
def _jabatan_wb(bobot1=None, bobot2=None):
    return workbook(
        jabatan=[jab("J1")],
        indikator=[
            ind("I1", "J1", target=100, bobot=bobot1),
            ind("I2", "J1", target=100, bobot=bobot2),
            ind("I3", "J1"),  # no target: no capaian
        ],
        realisasi=[real("I1", 1, 80), real("I2", 1, 100), real("I3", 1, 5)],
    )


def test_jabatan_mean_without_bobot():
    row = compute(_jabatan_wb()).jabatan.iloc[0]
    # DOMAIN.md: mean over indicators with a capaian: (80 + 100) / 2 = 90
    assert row["capaian_pct"] == D(90)
    assert row["jumlah_indikator"] == 3
    assert row["tanpa_capaian"] == 1
    assert row["predikat"] == "Tinggi"  # 90 < 91


def test_jabatan_mean_weighted_by_bobot():
    # weighted: (80*3 + 100*1) / (3+1) = 340/4 = 85
    assert compute(_jabatan_wb(3, 1)).jabatan.iloc[0]["capaian_pct"] == D(85)


def test_jabatan_mean_with_partial_bobot_is_plain_mean():
    # decision (compute.jabatan_capaian): some bobot missing → plain mean (80 + 100)/2 = 90
    assert compute(_jabatan_wb(3, None)).jabatan.iloc[0]["capaian_pct"] == D(90)


def test_jabatan_capaian_function():
    assert jabatan_capaian([None, None]) is None
    # (60*1 + 90*2)/3 = 80
    assert jabatan_capaian([D(60), D(90)], [D(1), D(2)]) == D(80)
    # all bobot 0 cannot weight: plain mean 75
    assert jabatan_capaian([D(60), D(90)], [D(0), D(0)]) == D(75)


# --------------------------------------------------------------------------- junk
def test_leftover_junk_does_not_crash():
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=30, agregasi="entahlah")],
        realisasi=[
            real("I1", 1, 10),
            real("I1", 2, "sepuluh"),
            real("I1", "Bulan ke-13", 5),
            real("IX", 1, 5),
        ],
        pengaturan={"bulan_pelaporan": 2},
    )
    result = compute(wb)
    ind_ = result.indikator.iloc[0]
    # unknown agregasi → default for Jumlah (kumulatif); the unreadable February adds nothing,
    # and as the reporting month is then unreported, no capaian s.d. February (policy in compute)
    assert ind_["agregasi"] == "kumulatif"
    assert ind_["realisasi_sd"] == D(10)
    assert ind_["capaian_tahunan_pct"] is None
    assert "Realisasi Februari belum diisi" in ind_["keterangan_capaian"]
    assert "tidak terbaca" in ind_["keterangan_capaian"]
    rows = result.realisasi
    # January itself: 10/30*100
    assert abs(rows.iloc[0]["capaian_tahunan_pct"] - D(100) / D(3)) < D("1e-24")
    assert "tidak terbaca" in rows.iloc[1]["keterangan_capaian"]
    assert rows.iloc[2]["bulan"] is None and "Bulan tidak dikenal" in rows.iloc[2]["keterangan_capaian"]
    assert "Kode indikator tidak dikenal" in rows.iloc[3]["keterangan_capaian"]
    assert rows.iloc[3]["capaian_tahunan_pct"] is None


@pytest.mark.parametrize("agregasi", ["kumulatif", "rata-rata"])
def test_unreported_reporting_month_is_missing_data_not_poor_performance(agregasi):
    # Policy (compute._figures): Jan 10 against a plan of 10 a month; February blank.
    # Summing only January against a two-month plan would give 10/20*100 = 50 (Sangat
    # Rendah); the figure s.d. February is withheld instead, with its reason.
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=120, agregasi=agregasi)],
        realisasi=[real("I1", 1, 10, target_bulan=10), real("I1", 2, None, target_bulan=10)],
        pengaturan={"bulan_pelaporan": 2},
    )
    result = compute(wb)
    ind_ = result.indikator.iloc[0]
    assert ind_["capaian_tahunan_pct"] is None and ind_["capaian_rencana_pct"] is None
    assert ind_["predikat"] is None
    assert "Realisasi Februari belum diisi" in ind_["keterangan_capaian"]
    assert result.jabatan.iloc[0]["tanpa_capaian"] == 1
    # January's own row stays: 10/10*100 = 100 against its plan
    assert result.realisasi.iloc[0]["capaian_rencana_pct"] == D(100)


def test_posisi_akhir_keeps_the_last_reported_value():
    # DOMAIN.md "posisi akhir (last reported value)": Jan 80 against target 100 → 80/100*100 = 80,
    # still the figure in February when February is blank.
    wb = workbook(
        jabatan=[jab("J1")],
        indikator=[ind("I1", "J1", target=100, agregasi="posisi akhir")],
        realisasi=[real("I1", 1, 80), real("I1", 2, None)],
        pengaturan={"bulan_pelaporan": 2},
    )
    assert compute(wb).indikator.iloc[0]["capaian_tahunan_pct"] == D(80)


# --------------------------------------------------------------------------- numbers no cell holds
def test_a_figure_beyond_excel_is_blank_with_its_reason():
    """Policy (ikixl, compute.EXCEL_LARGEST): Excel's largest number is 9.99999999999999E+307.
    I1: Realisasi 1E+307 a month against Target (and Target Bulan) 0.01 gives capaian
    1E+307 × 100 / 0.01 = 1E+311 for the month, 2E+307 × 100 / 0.01 s.d. February: all beyond
    it, left blank with the reason and no predikat (a capaian that cannot be written does not pass
    for Sangat Tinggi); the Realisasi figures themselves (1E+307, 2E+307) fit and are kept."""
    from ikixl.compute import ALASAN_DI_LUAR_EXCEL

    wb = workbook(
        jabatan=[jab("J1", "Kepala Dinas")],
        indikator=[ind("I1", "J1", target=D("0.01"), jenis="Jumlah"),
                   ind("I2", "J1", target=D("1E+308"), jenis="Jumlah")],
        realisasi=[real("I1", m, D("1E+307"), target_bulan=D("0.01")) for m in (1, 2, 3)]
        + [real("I2", m, D("6E+307")) for m in (1, 2)],
        pengaturan={"bulan_pelaporan": 2},
    )
    result = compute(wb)
    first, second = result.indikator.iloc[0], result.indikator.iloc[1]
    for key in ("capaian_bulan_pct", "capaian_tahunan_pct", "capaian_rencana_pct", "capaian_pct", "predikat"):
        assert first[key] is None, key
    assert first["realisasi_bulan"] == D("1E+307") and first["realisasi_sd"] == D("2E+307")
    assert first["keterangan_capaian"] == ALASAN_DI_LUAR_EXCEL
    # I2: 6E+307 + 6E+307 = 1.2E+308 s.d. February (kumulatif): beyond, left blank; the capaian
    # against the Target 1E+308, 1.2E+308 / 1E+308 × 100 = 120, fits and is kept.
    assert second["realisasi_bulan"] == D("6E+307") and second["realisasi_sd"] is None
    assert "Realisasi s.d. bulan ini: " + ALASAN_DI_LUAR_EXCEL in second["keterangan_capaian"]
    assert second["capaian_tahunan_pct"] == D(120) and second["capaian_pct"] == D(120)
    # the jabatan's mean counts I2 only (DOMAIN.md: indicators without capaian are left out)
    assert result.jabatan.iloc[0]["capaian_pct"] == D(120)
