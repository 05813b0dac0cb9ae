"""The pohon kinerja: tree order, levels, supporter means, flags and cycle safety."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from model_builders import ind, jab, real, workbook

from ikixl import layout
from ikixl.cascade import CASCADE_COLUMNS, build_tree, cascade_rows
from ikixl.compute import compute
from ikixl.model import Settings

D = Decimal


def _jabatan(*rows):
    """rows: (kode, nama, atasan, capaian_pct)."""
    return pd.DataFrame(
        [
            {"kode_jabatan": k, "nama_jabatan": n, "kode_atasan": a, "capaian_pct": c, "predikat": None}
            for k, n, a, c in rows
        ],
        dtype=object,
    )


def _indikator(*rows):
    """rows: (kode, kode_jabatan, indikator_atasan, capaian_pct)."""
    return pd.DataFrame(
        [
            {
                "kode_indikator": k,
                "kode_jabatan": j,
                "indikator_kinerja": f"Indikator {k}",
                "indikator_atasan": a,
                "capaian_pct": None if c is None else D(c),
                "predikat": None,
            }
            for k, j, a, c in rows
        ],
        dtype=object,
    )


def _office():
    """J1 Kepala Dinas → J2 Sekretaris, J3 Kabid; J2 → J4 Kasubag."""
    jabatan = _jabatan(
        ("J1", "Kepala Dinas", None, None),
        ("J2", "Sekretaris", "J1", None),
        ("J3", "Kepala Bidang", "J1", None),
        ("J4", "Kasubag Umum", "J2", None),
    )
    indikator = _indikator(
        ("K1", "J1", None, 100),
        ("K2", "J1", None, 80),
        ("S1", "J2", "K1", 80),
        ("B1", "J3", "K1", 60),
        ("B2", "J3", "K2", 85),
        ("U1", "J4", "S1", 70),
    )
    return jabatan, indikator


def _row(frame, jenis, kode):
    key = "kode_jabatan" if jenis == "jabatan" else "kode_indikator"
    found = frame[(frame["jenis_baris"] == jenis) & (frame[key] == kode)]
    assert len(found) == 1
    return found.iloc[0]


def test_columns_and_display_order():
    rows = cascade_rows(*_office())
    assert list(rows.columns) == [*(c.key for c in layout.CASCADING_COLUMNS), "jenis_baris", "ditandai"]
    assert tuple(rows.columns) == CASCADE_COLUMNS
    listed = [
        (r.jenis_baris, r.tingkat, r.kode_jabatan, r.kode_indikator) for r in rows.itertuples(index=False)
    ]
    # depth-first: Kadis, its indicators with their supporters, then Sekretaris (and Kasubag
    # below it), then Kabid
    assert listed == [
        ("jabatan", 1, "J1", None),
        ("indikator", 1, "J1", "K1"),
        ("pendukung", 2, "J2", "S1"),
        ("pendukung", 2, "J3", "B1"),
        ("indikator", 1, "J1", "K2"),
        ("pendukung", 2, "J3", "B2"),
        ("jabatan", 2, "J2", None),
        ("indikator", 2, "J2", "S1"),
        ("pendukung", 3, "J4", "U1"),
        ("jabatan", 3, "J4", None),
        ("indikator", 3, "J4", "U1"),
        ("jabatan", 2, "J3", None),
        ("indikator", 2, "J3", "B1"),
        ("indikator", 2, "J3", "B2"),
    ]
    assert rows["tingkat"].dtype == "int64"
    assert rows["ditandai"].dtype == bool


def test_supporter_mean_and_disagreement_flag():
    rows = cascade_rows(*_office())
    k1 = _row(rows, "indikator", "K1")
    # supporters of K1: S1 80 and B1 60 → mean 70; own 100 differs by 30 > 20 (DOMAIN.md policy)
    assert k1["capaian_pendukung_pct"] == D(70)
    assert k1["ditandai"]
    assert "30,00 poin" in k1["catatan"]
    k2 = _row(rows, "indikator", "K2")
    # K2: own 80, one supporter B2 85 → |80 - 85| = 5 <= 20: no flag
    assert k2["capaian_pendukung_pct"] == D(85)
    assert not k2["ditandai"] and k2["catatan"] is None
    pendukung = rows[(rows["jenis_baris"] == "pendukung") & (rows["kode_indikator"] == "S1")].iloc[0]
    assert pendukung["mendukung"] == "K1"
    assert pendukung["capaian_pct"] == D(80)
    assert pendukung["uraian"] == "Sekretaris: Indikator S1"


def test_threshold_is_a_setting_and_strict():
    # with ambang 30, K1's difference of exactly 30 is not "more than" the threshold
    rows = cascade_rows(*_office(), Settings(ambang_selisih_cascading=D(30)))
    assert not _row(rows, "indikator", "K1")["ditandai"]
    rows = cascade_rows(*_office(), Settings(ambang_selisih_cascading=D("29.99")))
    assert _row(rows, "indikator", "K1")["ditandai"]


def test_cap_applies_to_supporter_mean():
    jabatan = _jabatan(("J1", "A", None, None), ("J2", "B", "J1", None))
    indikator = _indikator(("K1", "J1", None, 100), ("S1", "J2", "K1", 150), ("S2", "J2", "K1", 90))
    # uncapped mean (150 + 90)/2 = 120; with cap 100: (100 + 90)/2 = 95 (DOMAIN.md: cap applies to averages)
    assert _row(cascade_rows(jabatan, indikator), "indikator", "K1")["capaian_pendukung_pct"] == D(120)
    capped = cascade_rows(jabatan, indikator, Settings(batas_atas_capaian_pct=D(100)))
    assert _row(capped, "indikator", "K1")["capaian_pendukung_pct"] == D(95)


def test_unsupported_atasan_indicator_is_flagged():
    jabatan = _jabatan(("J1", "A", None, None), ("J2", "B", "J1", None))
    indikator = _indikator(("K1", "J1", None, 90), ("K2", "J1", None, 90), ("S1", "J2", "K1", 90))
    rows = cascade_rows(jabatan, indikator)
    k2 = _row(rows, "indikator", "K2")
    assert k2["ditandai"] and "Tidak didukung indikator bawahan" in k2["catatan"]
    assert k2["capaian_pendukung_pct"] is None
    # a jabatan whose subordinates have no indicators: nothing to say
    lonely = cascade_rows(
        _jabatan(("J1", "A", None, None), ("J2", "B", "J1", None)), _indikator(("K1", "J1", None, 90))
    )
    assert not _row(lonely, "indikator", "K1")["ditandai"]


def test_subordinate_indicators_supporting_nothing_or_the_wrong_atasan():
    jabatan = _jabatan(("J1", "A", None, None), ("J2", "B", "J1", None), ("J3", "C", "J2", None))
    indikator = _indikator(
        ("K1", "J1", None, 90),
        ("S1", "J2", "K1", 90),
        ("S2", "J2", None, 90),  # supports nothing
        ("U1", "J3", "K1", 90),  # names the grand-atasan's indicator
        ("U2", "J3", "ZZ", 90),  # names an unknown indicator
        ("U3", "J3", "S1", 90),  # correct
    )
    rows = cascade_rows(jabatan, indikator)
    s2 = _row(rows, "indikator", "S2")
    assert s2["ditandai"] and "Tidak mendukung" in s2["catatan"]
    u1 = _row(rows, "indikator", "U1")
    assert u1["ditandai"] and "bukan atasan langsung" in u1["catatan"]
    u2 = _row(rows, "indikator", "U2")
    assert u2["ditandai"] and "tidak dikenal" in u2["catatan"]
    assert not _row(rows, "indikator", "U3")["ditandai"]
    # U1 is not listed as a supporter of K1 (not a direct subordinate)
    pendukung_k1 = rows[(rows["jenis_baris"] == "pendukung") & (rows["mendukung"] == "K1")]
    assert list(pendukung_k1["kode_indikator"]) == ["S1"]


def test_supporting_nothing_is_no_fault_when_the_atasan_has_no_indicators():
    # DOMAIN.md: a supervisor shown only for the cascade has nothing to support; check says the
    # same (indikator-tidak-mendukung is not reported there)
    jabatan = _jabatan(("J1", "Kepala", None, None), ("J2", "B", "J1", None))
    indikator = _indikator(("S1", "J2", None, 90))
    s1 = _row(cascade_rows(jabatan, indikator), "indikator", "S1")
    assert not s1["ditandai"] and s1["catatan"] is None


def test_unknown_atasan_is_a_flagged_root():
    rows = cascade_rows(_jabatan(("J1", "A", None, None), ("J2", "B", "JX", None)), _indikator())
    j2 = _row(rows, "jabatan", "J2")
    assert j2["tingkat"] == 1 and j2["ditandai"] and "JX" in j2["catatan"]
    assert not _row(rows, "jabatan", "J1")["ditandai"]


def test_cycle_terminates_and_is_marked():
    jabatan = _jabatan(
        ("J1", "A", "J3", None),
        ("J2", "B", "J1", None),
        ("J3", "C", "J2", None),
        ("J4", "D", "J4", None),  # its own atasan
        ("J5", "E", "J2", None),  # hangs below the cycle
    )
    indikator = _indikator(("K1", "J1", "K3", 90), ("K2", "J2", "K1", 90), ("K3", "J3", "K2", 90))
    rows = cascade_rows(jabatan, indikator)
    jab_rows = rows[rows["jenis_baris"] == "jabatan"]
    # every jabatan exactly once; the cycle is shown from its first member J1 down
    assert sorted(jab_rows["kode_jabatan"]) == ["J1", "J2", "J3", "J4", "J5"]
    assert list(jab_rows["kode_jabatan"]) == ["J4", "J1", "J2", "J3", "J5"]
    for kode in ("J1", "J2", "J3"):
        row = _row(rows, "jabatan", kode)
        assert row["ditandai"] and "Siklus atasan: J1 → J2 → J3 → J1" in row["catatan"]
    assert _row(rows, "jabatan", "J4")["ditandai"]
    assert not _row(rows, "jabatan", "J5")["ditandai"]
    assert [_row(rows, "jabatan", k)["tingkat"] for k in ("J1", "J2", "J3", "J5")] == [1, 2, 3, 3]


def test_build_tree_two_member_cycle():
    tree = build_tree(_jabatan(("A", "A", "B", None), ("B", "B", "A", None)))
    assert tree.order == [0, 1]
    assert tree.depth == {0: 1, 1: 2}
    assert tree.parent == {0: None, 1: 0}
    assert tree.children[1] == []


def test_compute_fills_cascade():
    wb = workbook(
        jabatan=[jab("J1", "Kepala Dinas"), jab("J2", "Sekretaris", atasan="J1")],
        indikator=[ind("K1", "J1", target=100), ind("S1", "J2", target=10, atasan="K1")],
        realisasi=[real("K1", 1, 100), real("S1", 1, 5)],
    )
    result = compute(wb)
    # K1: 100/100*100 = 100; S1: 5/10*100 = 50; |100 - 50| = 50 > 20 → flagged
    k1 = _row(result.cascade, "indikator", "K1")
    assert k1["capaian_pct"] == D(100)
    assert k1["capaian_pendukung_pct"] == D(50)
    assert k1["ditandai"]
    j1 = _row(result.cascade, "jabatan", "J1")
    assert (
        j1["uraian"] == "Kepala Dinas" and j1["capaian_pct"] == D(100) and j1["predikat"] == "Sangat Tinggi"
    )
    pd.testing.assert_frame_equal(
        result.cascade, cascade_rows(result.jabatan, result.indikator, result.settings)
    )


def test_empty_workbook():
    rows = compute(workbook()).cascade
    assert len(rows) == 0
    assert tuple(rows.columns) == CASCADE_COLUMNS
