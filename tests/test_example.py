"""The real example: examples/build_example.py builds examples/dinsos_kukar_2023.xlsx from the yaml."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest
import yaml

from ikixl import layout

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCRIPT = EXAMPLES / "build_example.py"
SHIPPED = EXAMPLES / "dinsos_kukar_2023.xlsx"
YAML = EXAMPLES / "iki_dinsos_2023.yaml"

IND_COL = {c.key: i for i, c in enumerate(layout.INDIKATOR_COLUMNS, start=1)}
REAL_COL = {c.key: i for i, c in enumerate(layout.REALISASI_INPUT_COLUMNS, start=1)}
FIELD_ROW = {c.key: layout.JABATAN_FIELDS_FIRST_ROW + i for i, c in enumerate(layout.JABATAN_FIELDS)}
SETTING_ROW = {s.key: layout.PENGATURAN_FIRST_ROW + i for i, s in enumerate(layout.SETTINGS)}
NAIK, TURUN = layout.ARAH
KUMULATIF, POSISI_AKHIR, RATA_RATA = layout.AGREGASI


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_example", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve string annotations through sys.modules
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "dinsos.xlsx"
    subprocess.run([sys.executable, str(SCRIPT), str(out)], check=True, cwd=tmp_path_factory.getbasetemp())
    return out


@pytest.fixture(scope="module")
def wb(built: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(built)


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return yaml.safe_load(YAML.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def indikator(wb: openpyxl.Workbook, doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Kode Indikator → row values (plus ``kode_jabatan``), read back from every jabatan sheet."""
    out: dict[str, dict[str, Any]] = {}
    for jab in doc["jabatan"]:
        ws = wb[jab["kode"]]
        row = layout.INDIKATOR_HEADER_ROW + 1
        while ws.cell(row, IND_COL["kode_indikator"]).value is not None:
            values = {key: ws.cell(row, col).value for key, col in IND_COL.items()}
            values["kode_jabatan"] = jab["kode"]
            values["kode_cell"] = ws.cell(row, IND_COL["kode_indikator"])
            assert values["kode_indikator"] not in out
            out[values["kode_indikator"]] = values
            row += 1
    return out


@pytest.fixture(scope="module")
def realisasi(wb: openpyxl.Workbook) -> dict[str, dict[int, dict[str, Any]]]:
    """Kode Indikator → month → row values."""
    ws = wb[layout.SHEET_REALISASI]
    out: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in range(layout.REALISASI_HEADER_ROW + 1, ws.max_row + 1):
        values = {key: ws.cell(row, col).value for key, col in REAL_COL.items()}
        if values["kode_indikator"] is None:
            continue
        month = layout.month_number(values["bulan"])
        assert month is not None and values["bulan"] == layout.BULAN[month - 1]
        assert month not in out[values["kode_indikator"]]
        out[values["kode_indikator"]][month] = values
    return out


# --------------------------------------------------------------------------- the files
def test_yaml_is_the_untouched_transcription(doc: dict[str, Any]) -> None:
    # The seed transcription has 18 forms, 3 supervisors without a form, 89 indicators
    # and no target anywhere (shared/seed/README.md); the illustrative numbers live
    # in build_example.py, never in the copied data.
    jabatan = doc["jabatan"]
    assert len(jabatan) == 21
    assert sum(1 for j in jabatan if j["indikator"]) == 18
    indikator = [i for j in jabatan for i in j["indikator"]]
    assert len(indikator) == 89
    assert all(i["target"] is None for i in indikator)


def test_shipped_example_equals_a_fresh_build(built: Path) -> None:
    assert built.read_bytes() == SHIPPED.read_bytes(), (
        "examples/dinsos_kukar_2023.xlsx is stale: run `python examples/build_example.py`")


# --------------------------------------------------------------------------- real content
def test_sheets_are_the_21_jabatan(wb: openpyxl.Workbook, doc: dict[str, Any]) -> None:
    codes = [j["kode"] for j in doc["jabatan"]]
    assert len(codes) == 21
    assert wb.sheetnames == [layout.SHEET_PETUNJUK, layout.SHEET_PENGATURAN, *codes, layout.SHEET_REALISASI]
    for jab in doc["jabatan"]:
        ws = wb[jab["kode"]]
        value = {key: ws.cell(row, layout.JABATAN_VALUE_COL).value for key, row in FIELD_ROW.items()}
        assert value["kode_jabatan"] == jab["kode"]
        assert value["nama_jabatan"] == jab["nama"]
        assert value["kode_atasan"] == jab["atasan"]
        assert value["tugas"] == jab["tugas"]
        assert value["fungsi"] == ("\n".join(f"{i}. {f}" for i, f in enumerate(jab["fungsi"], 1)) or None)
        assert "inferred" not in (value["unit_kerja"] or "")
        nip = ws.cell(FIELD_ROW["nip"], layout.JABATAN_VALUE_COL)
        assert nip.data_type == "s" and nip.number_format == "@"
        assert re.fullmatch(r"(19|20)\d{6}(19|20)\d{2}(0[1-9]|1[0-2])[12]\d{3}", nip.value)
        assert value["nama_pemangku"].startswith("Pemangku Contoh ")
        assert re.search(r"\((I|II|III|IV)/[a-e]\)$", value["pangkat_golongan"])


def test_89_indicators_with_their_real_wording(indikator: dict[str, dict[str, Any]],
                                               doc: dict[str, Any]) -> None:
    assert len(indikator) == 89
    for jab in doc["jabatan"]:
        for ind in jab["indikator"]:
            got = indikator[f"{jab['kode']}.{ind['no']}"]
            assert got["no"] == ind["no"]
            assert got["kode_jabatan"] == jab["kode"]
            assert got["sasaran"] == ind["sasaran"]
            assert got["indikator_kinerja"] == ind["indikator"]
            assert got["cara_perhitungan"] == ind["cara_perhitungan"]
            assert got["satuan"] == ind["satuan"]
            assert got["jenis"].casefold() == ind["jenis"]
            assert got["sumber_data"] == ("\n".join(ind["sumber_data"]) or None)
            assert got["kode_cell"].data_type == "s" and got["kode_cell"].number_format == "@"


def test_spot_checked_wording(indikator: dict[str, dict[str, Any]]) -> None:
    sek3 = indikator["SEK.3"]
    assert sek3["indikator_kinerja"] == "Nilai Akuntabilitas Kinerja"
    assert sek3["cara_perhitungan"] == "Perhitungan dari Tim Evaluasi dan Penilaian LKjIP Inspektorat"
    assert sek3["jenis"] == "Nilai"
    assert indikator["SEK.1"]["cara_perhitungan"] == (
        "Jumlah Kegiatan Yang Terealisasi / Jumlah Kegiatan Yang Harus Dilaksanakan x 100%")
    assert indikator["SEK.1"]["sumber_data"].splitlines()[0] == "Dokumen RENSTRA dan RENJA"
    assert indikator["SK-PPK.8"]["indikator_kinerja"] == "Jumlah Orang Yang Menerima Gaji dan Tunjangan ASN"
    assert indikator["BEND-PENG.1"]["indikator_kinerja"] == "Pembuatan SPP UP/GU, LS, TUP"
    assert indikator["PGL-FASOS.3"]["indikator_kinerja"] == "Presentase pengelolaan fasilitas sosial dan umum"
    assert indikator["AN-MASOS.4"]["cara_perhitungan"] == (
        "Jumlah Fakir Miskin Cakupan Daerah Kabupaten/Kota yang didata / Tahun")


def test_supervisors_have_no_indicators(wb: openpyxl.Workbook) -> None:
    for kode in ("KADIS", "KABID-PFM", "KABID-PS"):
        ws = wb[kode]
        assert ws.cell(layout.INDIKATOR_HEADER_ROW + 1, IND_COL["kode_indikator"]).value is None
        assert ws.freeze_panes == f"A{layout.INDIKATOR_HEADER_ROW + 1}"


def test_settings(wb: openpyxl.Workbook) -> None:
    ws = wb[layout.SHEET_PENGATURAN]
    value = {key: ws.cell(row, layout.PENGATURAN_VALUE_COL).value for key, row in SETTING_ROW.items()}
    assert layout.month_number(value["bulan_pelaporan"]) == 3
    assert value["tahun"] == 2023
    assert value["tempat"] == "Tenggarong"
    assert value["perangkat_daerah"] == "Dinas Sosial Kabupaten Kutai Kartanegara"


def test_petunjuk_says_the_numbers_are_illustrative(wb: openpyxl.Workbook) -> None:
    text = " ".join(str(c.value) for (c,) in wb[layout.SHEET_PETUNJUK].iter_rows(max_col=1) if c.value)
    assert "ILUSTRASI" in text and "fiktif" in text


# --------------------------------------------------------------------------- illustrative data
def test_realisasi_rows_for_12_months_of_every_indicator(
        realisasi: dict[str, dict[int, dict[str, Any]]], indikator: dict[str, dict[str, Any]]) -> None:
    assert set(realisasi) == set(indikator)
    assert sum(len(months) for months in realisasi.values()) == 89 * 12
    for kode, months in realisasi.items():
        assert set(months) == set(range(1, 13))
        for month, row in months.items():
            assert row["indikator_kinerja"] == indikator[kode]["indikator_kinerja"]
            if month > 3:
                assert row["realisasi"] is None and row["penyebut"] is None, (kode, month)
        assert any(months[m]["realisasi"] is not None for m in (1, 2, 3)), kode


def test_every_choice_is_exercised(indikator: dict[str, dict[str, Any]]) -> None:
    assert {i["jenis"] for i in indikator.values()} == set(layout.JENIS)
    assert {i["arah"] for i in indikator.values()} == set(layout.ARAH)
    assert {i["agregasi"] for i in indikator.values()} == set(layout.AGREGASI)
    targets = [i["target"] for i in indikator.values()]
    assert None in targets
    assert any(isinstance(t, str) and re.fullmatch(r"\d+-\d+", t) for t in targets)
    assert any(t in layout.NILAI_HURUF_DEFAULT for t in targets)
    assert any(i["bobot"] is not None for i in indikator.values())


def test_persentase_rules(indikator: dict[str, dict[str, Any]],
                          realisasi: dict[str, dict[int, dict[str, Any]]]) -> None:
    with_penyebut = without = 0
    for kode, ind in indikator.items():
        filled = [r for r in realisasi[kode].values() if r["realisasi"] is not None]
        has = {r["penyebut"] is not None for r in filled}
        assert len(has) == 1, f"{kode} mixes months with and without Penyebut"
        if ind["jenis"] != "Persentase":
            assert has == {False}, kode
        elif has == {True}:
            with_penyebut += 1
        else:
            without += 1
            assert ind["agregasi"] != KUMULATIF, f"{kode}: kumulatif without Penyebut"
    assert with_penyebut and without


def test_cascade_links_point_to_the_direct_atasan(indikator: dict[str, dict[str, Any]],
                                                  doc: dict[str, Any]) -> None:
    atasan = {j["kode"]: j["atasan"] for j in doc["jabatan"]}
    with_indicators = {i["kode_jabatan"] for i in indikator.values()}
    linked = 0
    for kode, ind in indikator.items():
        boss = atasan[ind["kode_jabatan"]]
        if ind["indikator_atasan"] is None:
            continue
        linked += 1
        assert ind["indikator_atasan"] in indikator, kode
        assert indikator[ind["indikator_atasan"]]["kode_jabatan"] == boss, kode
    for kode, ind in indikator.items():
        if atasan[ind["kode_jabatan"]] not in with_indicators:
            assert ind["indikator_atasan"] is None, kode
    assert linked >= 60
    assert indikator["PGL-FASOS.7"]["indikator_atasan"] is None  # on purpose: supports nothing


# --------------------------------------------------------------------------- hand arithmetic
D = Decimal


def _num(value: Any) -> Decimal:
    return D(str(value))


def _target(value: Any) -> tuple[Decimal, Decimal] | None:
    if value is None:
        return None
    if isinstance(value, str):
        if value in layout.NILAI_HURUF_DEFAULT:
            t = D(layout.NILAI_HURUF_DEFAULT[value])
            return t, t
        low, high = value.split("-")
        return _num(low), _num(high)
    return _num(value), _num(value)


def _capaian(value: Decimal, target: tuple[Decimal, Decimal] | None, arah: str) -> Decimal | None:
    """DOMAIN.md: naik r/t×100, turun (2 − r/t)×100, a range compares with the nearer bound."""
    if target is None:
        return None
    low, high = target
    if low <= value <= high and low != high:
        return D(100)
    bound = low if value < low else high
    if bound == 0:
        return None
    ratio = value / bound
    return ratio * 100 if arah == NAIK else (2 - ratio) * 100


def _capaian_of_record(ind: dict[str, Any], months: dict[int, dict[str, Any]], upto: int) -> Decimal | None:
    rows = [months[m] for m in range(1, upto + 1)]
    filled = [r for r in rows if r["realisasi"] is not None]
    agregasi = ind["agregasi"]
    if filled[0]["penyebut"] is not None:
        if agregasi == POSISI_AKHIR:
            value = _num(filled[-1]["realisasi"]) / _num(filled[-1]["penyebut"]) * 100
        else:  # Σ numerators / Σ denominators, never the mean of monthly percents
            numerators = sum(_num(r["realisasi"]) for r in filled)
            value = numerators / sum(_num(r["penyebut"]) for r in filled) * 100
    else:
        values = [_num(r["realisasi"]) for r in filled]
        value = {KUMULATIF: sum(values), POSISI_AKHIR: values[-1],
                 RATA_RATA: sum(values) / len(values) if values else None}[agregasi]
    plans = [r["target_bulan"] for r in rows]
    if all(p is not None for p in plans):  # Capaian Rencana
        nums = [_num(p) for p in plans]
        plan = {KUMULATIF: sum(nums), POSISI_AKHIR: nums[-1], RATA_RATA: sum(nums) / len(nums)}[agregasi]
        return _capaian(value, (plan, plan), ind["arah"])
    return _capaian(value, _target(ind["target"]), ind["arah"])  # Capaian Tahunan


def _predikat(capaian: Decimal) -> str:
    return next(label for lower, label, _, _ in layout.PREDIKAT_DEFAULT if capaian >= lower)


def test_intended_capaian_as_of_march(script: ModuleType, indikator: dict[str, dict[str, Any]],
                                      realisasi: dict[str, dict[int, dict[str, Any]]]) -> None:
    bands = Counter()
    for kode, (expected, band) in script.INTENDED.items():
        got = _capaian_of_record(indikator[kode], realisasi[kode], script.BULAN_PELAPORAN)
        if expected is None:
            assert got is None, kode
            assert indikator[kode]["target"] is None
            continue
        assert got is not None, kode
        assert got.quantize(D("0.01"), ROUND_HALF_UP) == expected, (kode, got)
        assert _predikat(got) == band, (kode, got)
        bands[band] += 1
    assert set(bands) == {label for _, label, _, _ in layout.PREDIKAT_DEFAULT}
    # the band edge: (2 − 1090/1000) × 100 is exactly 91 in decimal arithmetic
    assert _capaian_of_record(indikator["AN-MASOS.1"], realisasi["AN-MASOS.1"], 3) == 91


def test_mean_of_monthly_percents_would_give_another_band(
        realisasi: dict[str, dict[int, dict[str, Any]]]) -> None:
    rows = [realisasi["PGL-KEP.1"][m] for m in (1, 2, 3)]
    mean = sum(_num(r["realisasi"]) / _num(r["penyebut"]) * 100 for r in rows) / 3
    assert _predikat(mean) == "Rendah"


def test_every_other_indicator_has_a_defined_capaian(indikator: dict[str, dict[str, Any]],
                                                     realisasi: dict[str, dict[int, dict[str, Any]]]) -> None:
    undefined = {k for k, ind in indikator.items() if _capaian_of_record(ind, realisasi[k], 3) is None}
    assert undefined == {"BEND-PENG.5", "SK-PMKS.3"}
