"""Sidik Data (ikixl.provenance) and the ``capaian-usang`` rule of check.

The fixture of ``workbook_factory`` has six indicators with twelve Realisasi rows
each, in this order: KADIS.1 (Persentase kumulatif with Penyebut), KADIS.2 (Nilai,
target BB), SEK.1 (Jumlah kumulatif), SEK.2 (Persentase posisi akhir, range target,
no Penyebut), SK-PPK.1 (Jumlah rata-rata, turun), SK-PPK.2 (Jumlah kumulatif).
Every expectation below follows from the rule "a row of indicator K and month m
depends on the settings, K's definition, whether K uses Penyebut, and K's rows of
months ≤ m".
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workbook_factory import build_workbook, indikator_cell, realisasi_cell, setting_cell

from ikixl import layout, provenance, reader
from ikixl.check import check_workbook
from ikixl.compute import compute, settings_from
from ikixl.model import PredikatBand, TargetRange
from ikixl.provenance import FORMAT_TAG, fingerprints, provenance_text
from ikixl.reader import read_workbook
from ikixl.report import WARNING
from ikixl.writeback import write_computed

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dinsos_kukar_2023.xlsx"
R = layout.SHEET_REALISASI
KODES = ("KADIS.1", "KADIS.2", "SEK.1", "SEK.2", "SK-PPK.1", "SK-PPK.2")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return read_workbook(build_workbook(tmp_path_factory.mktemp("prov") / "iki.xlsx"))


def _pos(kode: str, month: int) -> int:
    return KODES.index(kode) * 12 + month - 1


def _edited(
    wb,
    table: str = "realisasi",
    where: tuple[str, int] | str | None = None,
    key: str | None = None,
    value=None,
):
    """A copy of ``wb`` with one value replaced: a Realisasi row (kode, month) or an indicator (kode)."""
    frames = {
        name: getattr(wb, name).copy()
        for name in ("pengaturan", "predikat", "jabatan", "indikator", "realisasi")
    }
    if where is not None:
        frame = frames[table]
        if table == "realisasi":
            kode, month = where
            label = frame.index[_pos(kode, month)]
            assert frame.at[label, "kode_indikator"] == kode and frame.at[label, "bulan"] == month
        else:
            label = frame.index[list(frame["kode_indikator"]).index(where)]
        frame.at[label, key] = value
    return dataclasses.replace(wb, **frames)


def _changed(before: list, after: list) -> set[tuple[str, int]]:
    pairs = enumerate(zip(before, after, strict=True))
    return {(KODES[p // 12], p % 12 + 1) for p, (a, b) in pairs if a != b}


def _from(kode: str, first: int) -> set[tuple[str, int]]:
    return {(kode, m) for m in range(first, 13)}


# --------------------------------------------------------------------------- the digest
def test_every_row_gets_16_hex_digits_the_sha256_of_its_documented_text(base):
    found = fingerprints(base)
    assert len(found) == 72 and all(re.fullmatch(r"[0-9a-f]{16}", f or "") for f in found)
    for position, digest in enumerate(found):
        text = provenance_text(base, position)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] == digest
    # rows of the same indicator differ month by month; the same row read twice gives the same digest
    assert len(set(found)) == 72
    assert fingerprints(base) == found


def test_the_text_lists_settings_definition_and_months_up_to_the_row(base):
    text = provenance_text(base, _pos("SEK.2", 3))
    assert text.splitlines() == [
        FORMAT_TAG,
        "pengaturan\t1\t0\t",
        'predikat\t#91\t"Sangat Tinggi"',
        'predikat\t#76\t"Tinggi"',
        'predikat\t#66\t"Sedang"',
        'predikat\t#51\t"Rendah"',
        'predikat\t#0\t"Sangat Rendah"',
        'indikator\t"SEK.2"\t"Persentase"\t#80..#90\t"naik"\t"posisi akhir"\t0',
        "realisasi\t1\t\t#85\t",
        "realisasi\t2\t\t#85\t",
        "realisasi\t3\t\t#85\t",
    ]
    assert 'indikator\t"KADIS.2"\t"Nilai"\t"BB"' in provenance_text(base, _pos("KADIS.2", 1))
    assert "realisasi\t1\t#90\t#45\t#50" in provenance_text(base, _pos("KADIS.1", 1))


def test_numbers_are_normalised_so_equal_values_give_equal_text():
    numbers: dict = {}
    assert [
        provenance._token(v, numbers)
        for v in (
            Decimal("6.50"),
            Decimal("6.5"),
            Decimal("1E+2"),
            Decimal("100.000"),
            Decimal("-0.0"),
            7,
            None,
            "BB",
            'a"\tb',
            TargetRange(Decimal("80"), Decimal("90.0")),
        )
    ] == ["#6.5", "#6.5", "#100", "#100", "#0", "#7", "", '"BB"', '"a\\"\\tb"', "#80..#90"]
    # no context rounding: 30 significant digits stay 30
    assert (
        provenance._token(Decimal("1.23456789012345678901234567891"), numbers)
        == "#1.23456789012345678901234567891"
    )


# --------------------------------------------------------------------------- what feeds a row
@pytest.mark.parametrize(
    ("table", "where", "key", "value", "expected"),
    [
        # a month's own values: that month and the later ones of the indicator
        ("realisasi", ("SEK.1", 5), "realisasi", Decimal(3), _from("SEK.1", 5)),
        ("realisasi", ("SEK.1", 5), "realisasi", None, _from("SEK.1", 5)),
        ("realisasi", ("SEK.1", 5), "target_bulan", Decimal(2), _from("SEK.1", 5)),
        ("realisasi", ("KADIS.1", 7), "penyebut", Decimal(60), _from("KADIS.1", 7)),
        ("realisasi", ("KADIS.2", 12), "realisasi", "A", _from("KADIS.2", 12)),
        ("realisasi", ("SEK.1", 1), "realisasi", "satu", _from("SEK.1", 1)),  # junk, read as blank
        # the row moved to another month: from the earlier of the two months on
        ("realisasi", ("SEK.1", 5), "bulan", 9, _from("SEK.1", 5)),
        # a first Penyebut, even in December, makes SEK.2 a Σ/Σ indicator from January on
        ("realisasi", ("SEK.2", 12), "penyebut", Decimal(100), _from("SEK.2", 1)),
        # the indicator's definition: every month of that indicator
        ("indikator", "SEK.1", "target", Decimal(13), _from("SEK.1", 1)),
        ("indikator", "SEK.2", "target", TargetRange(Decimal(80), Decimal(95)), _from("SEK.2", 1)),
        ("indikator", "SEK.1", "jenis", "Nilai", _from("SEK.1", 1)),
        ("indikator", "SK-PPK.1", "arah", "naik", _from("SK-PPK.1", 1)),
        ("indikator", "SK-PPK.2", "agregasi", "posisi akhir", _from("SK-PPK.2", 1)),
        ("indikator", "SK-PPK.2", "agregasi", None, _from("SK-PPK.2", 1)),
    ],
)
def test_an_input_changes_its_rows_and_no_other(base, table, where, key, value, expected):
    before = fingerprints(base)
    assert _changed(before, fingerprints(_edited(base, table, where, key, value))) == expected


@pytest.mark.parametrize(
    ("table", "where", "key", "value"),
    [
        ("realisasi", ("SEK.1", 5), "keterangan", "Bukti: surat 12/2023"),
        ("realisasi", ("SEK.1", 5), "indikator_kinerja", "Nama lain"),
        ("realisasi", ("SEK.1", 5), "realisasi", Decimal("1.000")),  # the same number
        ("realisasi", ("SEK.1", 5), "realisasi_sd", Decimal(99)),  # a computed cell
        ("realisasi", ("SEK.1", 5), "sidik_data", "0000000000000000"),
        ("realisasi", ("KADIS.1", 12), "penyebut", Decimal("50.0")),
        ("indikator", "SEK.1", "bobot", Decimal(3)),
        ("indikator", "SEK.1", "satuan", "Berkas"),
        ("indikator", "SEK.1", "indikator_atasan", "KADIS.2"),
        ("indikator", "SEK.1", "sumber_data", "Arsip"),
        ("indikator", "SEK.1", "indikator_kinerja", "Nama lain"),
    ],
)
def test_what_does_not_feed_the_figures_changes_nothing(base, table, where, key, value):
    assert fingerprints(_edited(base, table, where, key, value)) == fingerprints(base)


@pytest.mark.parametrize(
    ("change", "changes"),
    [
        (dict(nilai_huruf_sakip=False), True),
        (dict(capaian_minimal_nol=True), True),
        (dict(batas_atas_capaian_pct=Decimal(120)), True),
        (dict(bulan_pelaporan=3), False),
        (dict(tahun=2024, tempat="Samarinda", perangkat_daerah="Dinas Lain"), False),
        (dict(ambang_selisih_cascading=Decimal(10)), False),
    ],
)
def test_settings_that_change_figures_or_predikat_change_every_row(base, change, changes):
    before = fingerprints(base, settings_from(base))
    after = fingerprints(base, dataclasses.replace(settings_from(base), **change))
    assert _changed(before, after) == ({(k, m) for k in KODES for m in range(1, 13)} if changes else set())


def test_predikat_bounds_and_labels_count_and_colours_do_not(base):
    bands = settings_from(base).predikat
    before = fingerprints(base)

    def with_band(band: PredikatBand):
        return fingerprints(base, dataclasses.replace(settings_from(base), predikat=(band, *bands[1:])))

    assert before == with_band(dataclasses.replace(bands[0], fill="#000000", font="#FFFFFF"))
    assert all(
        a != b
        for a, b in zip(before, with_band(dataclasses.replace(bands[0], lower_pct=Decimal(90))), strict=True)
    )
    assert all(
        a != b
        for a, b in zip(before, with_band(dataclasses.replace(bands[0], label="Sangat Baik")), strict=True)
    )


def test_the_reporting_month_and_the_row_order_do_not_matter(base):
    assert fingerprints(base, settings_from(base, month=2)) == fingerprints(base)
    # rows sorted by month instead of by indicator: each row keeps its fingerprint
    shuffled = _edited(base)
    order = sorted(range(72), key=lambda p: (p % 12, p // 12))
    shuffled.realisasi = base.realisasi.iloc[order]
    assert fingerprints(shuffled) == [fingerprints(base)[p] for p in order]


def test_a_month_written_as_text_or_a_duplicated_month(base):
    same = _edited(base, "realisasi", ("SEK.1", 5), "bulan", Decimal(5))
    assert fingerprints(same) == fingerprints(base)
    # a second row for March: both March rows share a fingerprint, and April on depends on it
    twice = _edited(base, "realisasi", ("SEK.1", 4), "bulan", 3)
    after = fingerprints(twice)
    assert after[_pos("SEK.1", 3)] == after[_pos("SEK.1", 4)] != fingerprints(base)[_pos("SEK.1", 3)]
    assert _changed(fingerprints(base), after) == _from("SEK.1", 3)


def test_rows_with_an_unknown_indicator_or_month_get_none(base):
    unknown = _edited(base, "realisasi", ("SEK.1", 5), "kode_indikator", "SEK.9")
    unknown.realisasi.at[unknown.realisasi.index[_pos("SEK.1", 6)], "bulan"] = "Maretan"
    found = fingerprints(unknown)
    assert found[_pos("SEK.1", 5)] is None and found[_pos("SEK.1", 6)] is None
    assert provenance_text(unknown, _pos("SEK.1", 5)) is None
    # the other rows of SEK.1 lost a month 5 and a month 6 from month 5 on
    assert _changed(fingerprints(base), found) == _from("SEK.1", 5)


def test_both_reader_engines_give_the_same_fingerprints(tmp_path):
    def odd_values(book):
        ws = book[R]
        ws[realisasi_cell("SEK.1", 5, "realisasi")] = "7,5"
        ws[realisasi_cell("SEK.1", 6, "realisasi")] = 1.1
        ws[realisasi_cell("SEK.2", 2, "realisasi")] = 0.855
        ws[realisasi_cell("SEK.2", 2, "realisasi")].number_format = "0.0%"
        ws[realisasi_cell("SK-PPK.1", 3, "target_bulan")] = "4-6"
        ws[realisasi_cell("KADIS.2", 12, "realisasi")] = " bb "
        ws[realisasi_cell("SK-PPK.2", 4, "realisasi")] = "dua"

    for path in (build_workbook(tmp_path / "iki.xlsx", hook=odd_values), EXAMPLE):
        fast, ref = reader._read_workbook(path, "hybrid"), reader._read_workbook(path, "expat")
        assert fingerprints(fast) == fingerprints(ref)
        assert fingerprints(read_workbook(path)) == fingerprints(ref)


# --------------------------------------------------------------------------- compute records them
def test_compute_records_the_fingerprint_up_to_the_reporting_month(base):
    unknown = _edited(base, "realisasi", ("SEK.1", 2), "kode_indikator", "SEK.9")
    for wb, month in ((base, 12), (base, 3), (unknown, 3)):
        expected = fingerprints(wb)
        result = compute(wb, month).realisasi
        for position, (sidik, bulan, kode) in enumerate(
            zip(result["sidik_data"], result["bulan"], result["kode_indikator"], strict=True)
        ):
            known = kode in KODES
            if not (known and bulan <= month):
                assert sidik is None, (position, month)
                continue
            inputs, figures = sidik.split("-")
            assert inputs == expected[position], (position, month)
            row = result.iloc[position]
            assert figures == _documented_digest([row[k] for k in provenance.FIGURE_KEYS]), (position, month)


def _documented_digest(values: list) -> str:
    """The figures' digest as the provenance module docstring documents it, written out here."""
    def token(value):
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if isinstance(value, str):
            return json.dumps(value.strip(), ensure_ascii=False) if value.strip() else ""
        return f"#{float(value):.6g}"

    text = "\t".join(["ikixl-angka 1", *(token(v) for v in values)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def test_the_figures_digest_is_the_documented_text():
    """Numbers at 6 significant digits (so 15 or 17 digits of the same number agree), text
    stripped, blank empty: worked by hand."""
    values = [Decimal("6.5"), Decimal("107.142857142857142857"), None, Decimal(91), " Sangat Tinggi ", ""]
    text = 'ikixl-angka 1\t#6.5\t#107.143\t\t#91\t"Sangat Tinggi"\t'
    assert provenance.figures_digest(values) == hashlib.sha256(text.encode()).hexdigest()[:8]
    # As a spreadsheet program saves it again (LibreOffice 7.4 keeps 15 significant digits):
    resaved = [Decimal("6.5"), Decimal("107.142857142857"), None, Decimal("91.0"), "Sangat Tinggi", None]
    assert provenance.figures_digest(resaved) == provenance.figures_digest(values)
    for edited in ([Decimal("6.6"), *values[1:]], [*values[:4], "Tinggi", ""], [None, *values[1:]]):
        assert provenance.figures_digest(edited) != provenance.figures_digest(values)
    assert provenance.split_sidik(" ABCDEF0123456789-89ABCDEF ") == ("abcdef0123456789", "89abcdef")
    assert provenance.split_sidik("abcdef0123456789") == ("abcdef0123456789", None)
    assert provenance.split_sidik("  ") is None and provenance.split_sidik(None) is None


def test_compute_records_sidik_data_made_elsewhere_asked_for_once(base):
    """``ikixl compute`` makes the fingerprints beside the check (they do not depend on the
    month): compute records what it is given, and makes them itself when given nothing usable."""
    n = len(base.realisasi)
    given = [f"{i:016x}" for i in range(n)]  # not real fingerprints: they show where they came from
    asked: list[int] = []

    def made():
        asked.append(1)
        return given

    result = compute(base, 3, sidik=made).realisasi
    assert asked == [1]
    for position, (sidik, bulan) in enumerate(zip(result["sidik_data"], result["bulan"], strict=True)):
        assert (sidik.split("-")[0] if sidik else None) == (given[position] if bulan <= 3 else None)
    expected = compute(base, 3)
    for unusable in (None, given[:-1]):  # not made there, or not one per row: made here
        assert compute(base, 3, sidik=lambda u=unusable: u).realisasi["sidik_data"].tolist() == (
            expected.realisasi["sidik_data"].tolist()
        )


# Figures that must move with the fingerprint: a changed figure with an unchanged fingerprint
# would be a stale number check cannot see.
_FIGURES = (
    "realisasi_sd",
    "capaian_bulan_pct",
    "capaian_tahunan_pct",
    "capaian_rencana_pct",
    "predikat",
    "keterangan_capaian",
)
_VALUES = st.sampled_from(
    [
        None,
        Decimal(0),
        Decimal(1),
        Decimal("2.5"),
        Decimal(50),
        Decimal(90),
        Decimal(200),
        "BB",
        "AA",
        "x",
        TargetRange(Decimal(1), Decimal(3)),
    ]
)
_EDIT = st.one_of(
    st.tuples(
        st.just("realisasi"),
        st.integers(0, 71),
        st.sampled_from(["target_bulan", "realisasi", "penyebut"]),
        _VALUES,
    ),
    st.tuples(st.just("realisasi"), st.integers(0, 71), st.just("bulan"), st.integers(1, 12)),
    st.tuples(st.just("indikator"), st.integers(0, 5), st.sampled_from(["target"]), _VALUES),
    st.tuples(st.just("indikator"), st.integers(0, 5), st.just("jenis"), st.sampled_from(layout.JENIS)),
    st.tuples(st.just("indikator"), st.integers(0, 5), st.just("arah"), st.sampled_from(layout.ARAH)),
    st.tuples(
        st.just("indikator"),
        st.integers(0, 5),
        st.just("agregasi"),
        st.sampled_from([None, *layout.AGREGASI]),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(_EDIT, min_size=1, max_size=4))
def test_figures_never_change_under_an_unchanged_fingerprint(base, edits):
    wb = _edited(base)
    for table, position, key, value in edits:
        frame = getattr(wb, table)
        frame.at[frame.index[position], key] = value
    before, after = compute(base, 12).realisasi, compute(wb, 12).realisasi
    old, new = fingerprints(base), fingerprints(wb)
    for position in range(72):
        if old[position] == new[position]:
            for key in _FIGURES:
                a, b = before.iloc[position][key], after.iloc[position][key]
                assert a == b, (position, key, a, b)


# --------------------------------------------------------------------------- check
def _computed(tmp_path: Path, name: str = "iki.xlsx", **build) -> Path:
    source = build_workbook(tmp_path / f"bahan-{name}", **build)
    out = tmp_path / name
    write_computed(source, compute(read_workbook(source)), out)
    return out


def _edit(path: Path, cells: dict[tuple[str, str], object]) -> Path:
    book = openpyxl.load_workbook(path)
    for (sheet, address), value in cells.items():
        book[sheet][address] = value
    book.save(path)
    return path


def _stale(path: Path, lang: str = "id"):
    return [i for i in check_workbook(path, lang=lang).issues if i.code == "capaian-usang"]


def test_end_to_end_an_edit_after_compute_is_warned_until_computed_again(tmp_path):
    path = _computed(tmp_path)
    assert check_workbook(path).issues == []
    _edit(path, {(R, realisasi_cell("SEK.1", 3, "realisasi")): 4})
    [issue] = _stale(path)
    assert (issue.severity, issue.sheet, issue.cell) == (
        WARNING,
        R,
        realisasi_cell("SEK.1", 3, "capaian_bulan_pct"),
    )
    row = realisasi_cell("SEK.1", 3, "realisasi")[1:]
    assert issue.message.startswith(f"Capaian baris {row} (SEK.1, Maret) dihitung dari data yang sudah")
    assert "10 baris (Maret–Desember)" in issue.message and "ikixl compute" in issue.message
    [english] = _stale(path, "en")
    assert "stale in 10 row(s) (Maret–Desember)" in english.message
    # computed again: gone
    write_computed(path, compute(read_workbook(path)), path)
    assert _stale(path) == []


def test_check_compares_with_sidik_data_it_is_given(tmp_path):
    path = _edit(_computed(tmp_path), {(R, realisasi_cell("SEK.1", 3, "realisasi")): 4})
    wb = read_workbook(path)
    current = fingerprints(wb)
    [made_here] = [i for i in check_workbook(wb).issues if i.code == "capaian-usang"]
    [given] = [i for i in check_workbook(wb, sidik=current).issues if i.code == "capaian-usang"]
    assert given == made_here
    # What it is given is what it compares: the recorded Sidik Data themselves show nothing stale.
    recorded = [provenance.split_sidik(v)[0] for v in wb.realisasi["sidik_data"].tolist()]
    assert [i for i in check_workbook(wb, sidik=recorded).issues if i.code == "capaian-usang"] == []
    # Not one per row: made again.
    assert [i for i in check_workbook(wb, sidik=recorded[:-1]).issues if i.code == "capaian-usang"] == [
        made_here
    ]


def _typed_over(path: Path, lang: str = "id"):
    return [i for i in check_workbook(path, lang=lang).issues if i.code == "capaian-diubah"]


def test_a_figure_typed_over_or_cleared_is_warned_until_computed_again(tmp_path):
    path = _edit(_computed(tmp_path), {
        (R, realisasi_cell("SEK.1", 3, "capaian_tahunan_pct")): 100,  # a nicer number
        (R, realisasi_cell("SEK.1", 5, "predikat")): None,  # cleared
        (R, realisasi_cell("KADIS.2", 7, "keterangan_capaian")): "sudah dicek",
    })
    issues = _typed_over(path)
    assert sorted((i.severity, i.sheet, i.cell) for i in issues) == sorted([
        (WARNING, R, realisasi_cell("SEK.1", 3, "capaian_bulan_pct")),  # the indicator's first such row
        (WARNING, R, realisasi_cell("KADIS.2", 7, "capaian_bulan_pct")),
    ])
    [sek] = [i for i in issues if "SEK.1" in i.message]
    row = realisasi_cell("SEK.1", 3, "realisasi")[1:]
    assert sek.message.startswith(f"Nilai hitungan baris {row} (SEK.1, Maret) tidak sama dengan yang ditulis")
    assert "2 baris indikator ini (Maret, Mei)" in sek.message, sek.message
    assert all("was edited or cleared by hand" in i.message for i in _typed_over(path, "en"))
    assert _stale(path) == []  # the inputs did not change
    write_computed(path, compute(read_workbook(path)), path)
    assert _typed_over(path) == [] and check_workbook(path).issues == []


def test_a_workbook_saved_again_by_a_spreadsheet_program_is_not_edited(tmp_path):
    """LibreOffice keeps 15 significant digits of a figure (83.3333333333333 for 83.33333333333333)
    and turns inline strings into shared ones: neither is an edit nor a change of input."""
    from libreoffice import convert

    path = _computed(tmp_path)
    resaved = convert(path, "xlsx", tmp_path / "disimpan-ulang")
    assert check_workbook(path).issues == []
    issues = [i for i in check_workbook(resaved).issues if i.code in ("capaian-diubah", "capaian-usang")]
    assert issues == []
    edited = _edit(resaved, {(R, realisasi_cell("SEK.2", 2, "realisasi_sd")): 1})
    assert [i.cell for i in _typed_over(edited)] == [realisasi_cell("SEK.2", 2, "capaian_bulan_pct")]


def test_sidik_data_without_the_figures_digest_compares_the_inputs_only(tmp_path):
    """Written by an earlier ikixl: 16 digits alone.  A figure typed over cannot be told; a changed
    input still can."""
    path = _computed(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book[R]
    column = next(c.column for c in ws[layout.REALISASI_HEADER_ROW] if c.value == "Sidik Data")
    for row in range(layout.REALISASI_HEADER_ROW + 1, ws.max_row + 1):
        cell = ws.cell(row, column)
        if cell.value:
            cell.value = str(cell.value).split("-")[0]
    book.save(path)
    path = _edit(path, {(R, realisasi_cell("SEK.1", 3, "capaian_bulan_pct")): 100})
    assert _typed_over(path) == []
    _edit(path, {(R, realisasi_cell("SEK.1", 3, "realisasi")): 4})
    assert [i.code for i in check_workbook(path).issues] == ["capaian-usang"]


def test_a_target_edit_is_one_warning_for_the_whole_indicator(tmp_path):
    path = _edit(_computed(tmp_path), {("SK-PPK", indikator_cell(1, "target")): 30})
    [issue] = _stale(path)
    assert issue.cell == realisasi_cell("SK-PPK.2", 1, "capaian_bulan_pct")
    assert "(SK-PPK.2, Januari)" in issue.message and "12 baris (Januari–Desember)" in issue.message


def test_a_setting_edit_names_every_indicator(tmp_path):
    path = _edit(_computed(tmp_path), {("Pengaturan", setting_cell("batas_atas_capaian_pct")): 100})
    assert sorted(i.cell for i in _stale(path)) == sorted(
        realisasi_cell(k, 1, "capaian_bulan_pct") for k in KODES
    )


def test_keterangan_and_the_reporting_month_are_not_stale_data(tmp_path):
    def reported_up_to_march(book):
        for kode in KODES:
            for month in range(4, 13):
                for key in ("realisasi", "penyebut"):
                    book[R][realisasi_cell(kode, month, key)] = None

    path = _computed(tmp_path, settings={"bulan_pelaporan": "Maret"}, hook=reported_up_to_march)
    assert check_workbook(path).issues == []
    # April to June now due but not computed yet (blank Sidik Data): not stale, and nothing else moved
    _edit(
        path,
        {
            (R, realisasi_cell("SEK.1", 2, "keterangan")): "Bukti terlampir",
            ("Pengaturan", setting_cell("bulan_pelaporan")): "Juni",
        },
    )
    assert _stale(path) == []


def test_a_workbook_never_computed_costs_no_fingerprint(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("fingerprints computed for a workbook with no Sidik Data")

    monkeypatch.setattr(provenance, "fingerprints", refuse)
    assert check_workbook(build_workbook(tmp_path / "iki.xlsx")).issues == []
