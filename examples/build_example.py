"""Build ``examples/dinsos_kukar_2023.xlsx``: the real IKI 2023 of Dinas Sosial Kab. Kutai Kartanegara.

Usage::

    python examples/build_example.py [OUTPUT.xlsx]

What is REAL (from ``iki_dinsos_2023.yaml``, a transcription of the scanned document): the 21
jabatan (18 forms + 3 supervisors without a form), their atasan, unit, tugas, fungsi, and the 89
indicators with their sasaran, wording, cara perhitungan, jenis, satuan and sumber data.  The
Kode Jabatan are the transcription's codes.

What is ILLUSTRATIVE (invented for this example, said so on the Petunjuk sheet): holders' names and
NIPs (fictitious), pangkat, every Target, Target Bulan, Realisasi (Januari–Maret; April–Desember rows
exist but are blank), Penyebut, Arah, Agregasi, Bobot and Indikator Atasan.  Everything is
deterministic: the same yaml gives the same bytes.

The illustrative numbers are chosen so that, with Bulan Pelaporan = Maret, the example exercises every
path of DOMAIN.md.  Hand-worked capaian as of March (``INTENDED`` below; ``tests/test_example.py``
recomputes them from the workbook):

=============  ==========  =====  ============  =======  ====  =======  ====================================
kode           jenis       arah   agregasi      target   plan  real     capaian as of March → predikat
=============  ==========  =====  ============  =======  ====  =======  ====================================
SEK.1          Persen+Pen  naik   kumulatif     100      —     40/45    T 88.89 → Tinggi
SEK.2          Persen+Pen  naik   posisi akhir  95       95    415/452  R 96.65 → Sangat Tinggi
SEK.3          Nilai       naik   posisi akhir  BB (75)  —     72.5     T 96.67 → Sangat Tinggi
SK-PPK.1       Jumlah      naik   kumulatif     12       3     2        R 66.67 → Sedang
SK-PPK.8       Jumlah      naik   posisi akhir  250      250   248      R 99.20 → Sangat Tinggi
SK-PPK.9       Jumlah      naik   kumulatif     19       4     4        R 100 → Sangat Tinggi (T only 21.05)
PADM-KEU.1     Jumlah      naik   kumulatif     1200     300   180      R 60.00 → Rendah
BEND-PENG.3    Jumlah      turun  kumulatif     12       3     5        R 33.33 → Sangat Rendah
BEND-PENG.5    Jumlah      naik   kumulatif     (blank)  —     114      undefined (warning: no target)
SK-PMKS.3      Jumlah      naik   kumulatif     (blank)  —     2        undefined (warning: no target)
SK-PMKS.4      Jumlah      naik   kumulatif     50       10    8        R 80.00 → Tinggi
AN-MASOS.1     Jumlah      turun  posisi akhir  1000     1000  1090     R 91.00 → Sangat Tinggi (exact edge)
AN-MASOS.3     Jumlah      naik   kumulatif     600      150   135      R 90.00 → Tinggi (the 90–91 gap)
PGL-FASOS.3    Persen      naik   posisi akhir  80-90    —     70       T 87.50 → Tinggi (below range)
PGL-FASOS.4    Persen      naik   posisi akhir  80-90    —     85       T 100 → Sangat Tinggi (inside)
PGL-FASOS.5    Persen      naik   posisi akhir  80-90    —     95       T 105.56 → Sangat Tinggi (above)
PGL-KEP.1      Persen+Pen  naik   rata-rata     100      100   106/155  R 68.39 → Sedang (mean of % 56.67)
PGL-DATA-RS.3  Persen      naik   rata-rata     100      100   83       R 83.00 → Tinggi
=============  ==========  =====  ============  =======  ====  =======  ====================================

Persen+Pen = Persentase entered as numerator (Realisasi) and denominator (Penyebut); Persen = percent typed
directly.  plan = plan s.d. Maret from Target Bulan (— = no Target Bulan); real = realisasi s.d. Maret.
(R = Capaian Rencana, used for predikat when Target Bulan is filled; T = Capaian Tahunan.)

Rules for the other indicators (all land in Sangat Tinggi): Jumlah → kumulatif, a monthly plan by
satuan, realisasi on or slightly above plan; Persentase whose cara perhitungan has a denominator
("/" or "dibagi") → entered with Penyebut, rata-rata (Σ numerators / Σ denominators, compared with the
mean of Target Bulan 100); other Persentase → percent typed directly, posisi akhir, Target Bulan 100.
No Persentase without Penyebut is kumulatif, and no indicator mixes months with and without Penyebut.
A Persentase kumulatif with Penyebut (SEK.1) has no Target Bulan: Σ of monthly target percents is not a
plan, so its predikat comes from Capaian Tahunan.

Cascade (``LINKS``): each indicator names an indicator of its DIRECT atasan's sheet.  Indicators of
jabatan whose atasan has no indicators (SEK, SK-PMKS, SK-PPKRS, AN-MASOS) name none.  Left unlinked on
purpose, to show what reviewers look for: PGL-FASOS.7 (supports nothing), and atasan indicators no
subordinate supports (SEK.2, SK-PPK.3, several of SK-PMKS and SK-PPKRS).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ikixl import layout
from ikixl.template import JabatanForm, Pengaturan, WorkbookContent, write_workbook

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "iki_dinsos_2023.yaml"
OUTPUT = HERE / "dinsos_kukar_2023.xlsx"
BULAN_PELAPORAN = 3  # Maret
MONTHS = 12

PETUNJUK_CONTOH = [
    "CONTOH. Jabatan, atasan, unit, tugas, fungsi, sasaran, indikator, cara perhitungan, jenis, satuan "
    "dan sumber data diambil dari dokumen IKI 2023 Dinas Sosial Kabupaten Kutai Kartanegara (Kode Jabatan "
    "dibuat untuk contoh ini).",
    "ILUSTRASI, BUKAN DATA RESMI: nama pemangku dan NIP (fiktif), pangkat, Target, Target Bulan, "
    "Realisasi Januari–Maret, Penyebut, Arah, Agregasi, Bobot dan Indikator Atasan dikarang untuk "
    "menunjukkan semua cara hitung ikixl (arah naik dan turun, tiga agregasi, Persentase dengan dan "
    "tanpa Penyebut, Nilai, target rentang, target kosong, dan kelima predikat pada Bulan Pelaporan "
    "Maret).",
]


# --------------------------------------------------------------------------- illustrative numbers
@dataclass(frozen=True)
class Ilustrasi:
    """Illustrative figures of one indicator.

    Attributes:
        arah, agregasi: layout choices.
        target: annual target (number, "80-90", "BB") or None (left blank).
        target_bulan: 12 monthly plans, or None (column left blank).
        realisasi: Januari, Februari, Maret (None = blank cell).
        penyebut: Januari..Maret denominators, or None (percent typed directly).
        bobot: optional weight.
    """

    arah: str
    agregasi: str
    target: Any
    target_bulan: tuple[Any, ...] | None
    realisasi: tuple[Any, ...]
    penyebut: tuple[Any, ...] | None = None
    bobot: Any = None


def _flat(value: Any) -> tuple[Any, ...]:
    return (value,) * MONTHS


D = Decimal
NAIK, TURUN = layout.ARAH
KUMULATIF, POSISI_AKHIR, RATA_RATA = layout.AGREGASI

#: The hand-worked cases of the module docstring.
OVERRIDES: dict[str, Ilustrasi] = {
    "SEK.1": Ilustrasi(NAIK, KUMULATIF, 100, None, (10, 14, 16), penyebut=(12, 15, 18), bobot=40),
    "SEK.2": Ilustrasi(NAIK, POSISI_AKHIR, 95, _flat(95), (410, 412, 415), penyebut=(450, 450, 452),
                       bobot=30),
    "SEK.3": Ilustrasi(NAIK, POSISI_AKHIR, "BB", None, (None, None, D("72.5")), bobot=30),
    "SK-PPK.1": Ilustrasi(NAIK, KUMULATIF, 12, _flat(1), (1, 0, 1)),
    "SK-PPK.8": Ilustrasi(NAIK, POSISI_AKHIR, 250, _flat(250), (246, 247, 248)),
    "SK-PPK.9": Ilustrasi(NAIK, KUMULATIF, 19, (1, 1, 2, 1, 1, 3, 1, 1, 2, 1, 1, 4), (1, 1, 2)),
    "PADM-KEU.1": Ilustrasi(NAIK, KUMULATIF, 1200, _flat(100), (60, 55, 65)),
    "BEND-PENG.3": Ilustrasi(TURUN, KUMULATIF, 12, _flat(1), (2, 1, 2)),
    "BEND-PENG.5": Ilustrasi(NAIK, KUMULATIF, None, None, (35, 38, 41)),
    "SK-PMKS.1": Ilustrasi(NAIK, KUMULATIF, 10, (0, 0, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0), (0, 0, 2)),
    "SK-PMKS.2": Ilustrasi(NAIK, KUMULATIF, 30, (0, 0, 5, 0, 5, 5, 0, 5, 5, 0, 5, 0), (0, 0, 5)),
    "SK-PMKS.3": Ilustrasi(NAIK, KUMULATIF, None, None, (1, 0, 1)),
    "SK-PMKS.4": Ilustrasi(NAIK, KUMULATIF, 50, (0, 0, 10, 0, 0, 10, 0, 0, 10, 0, 0, 20), (0, 0, 8)),
    "AN-MASOS.1": Ilustrasi(TURUN, POSISI_AKHIR, 1000, _flat(1000), (1040, 1075, 1090)),
    "AN-MASOS.2": Ilustrasi(NAIK, KUMULATIF, 1200, _flat(100), (95, 110, 100)),
    "AN-MASOS.3": Ilustrasi(NAIK, KUMULATIF, 600, _flat(50), (40, 45, 50)),
    "AN-MASOS.4": Ilustrasi(NAIK, KUMULATIF, 2400, _flat(200), (210, 190, 205)),
    "PGL-FASOS.3": Ilustrasi(NAIK, POSISI_AKHIR, "80-90", None, (75, 72, 70)),
    "PGL-FASOS.4": Ilustrasi(NAIK, POSISI_AKHIR, "80-90", None, (82, 84, 85)),
    "PGL-FASOS.5": Ilustrasi(NAIK, POSISI_AKHIR, "80-90", None, (88, 92, 95)),
    "PGL-KEP.1": Ilustrasi(NAIK, RATA_RATA, 100, _flat(100), (45, 1, 60), penyebut=(50, 5, 100)),
    "PGL-DATA-RS.3": Ilustrasi(NAIK, RATA_RATA, 100, _flat(100), (80, 85, 84)),
}

#: Intended capaian of record as of March (percent points, rounded to 2 decimals for display) and
#: predikat; None = undefined.  Checked by tests/test_example.py against its own hand arithmetic.
INTENDED: dict[str, tuple[Decimal | None, str | None]] = {
    "SEK.1": (D("88.89"), "Tinggi"),
    "SEK.2": (D("96.65"), "Sangat Tinggi"),
    "SEK.3": (D("96.67"), "Sangat Tinggi"),
    "SK-PPK.1": (D("66.67"), "Sedang"),
    "SK-PPK.8": (D("99.20"), "Sangat Tinggi"),
    "SK-PPK.9": (D("100.00"), "Sangat Tinggi"),
    "PADM-KEU.1": (D("60.00"), "Rendah"),
    "BEND-PENG.3": (D("33.33"), "Sangat Rendah"),
    "BEND-PENG.5": (None, None),
    "SK-PMKS.3": (None, None),
    "SK-PMKS.4": (D("80.00"), "Tinggi"),
    "AN-MASOS.1": (D("91.00"), "Sangat Tinggi"),
    "AN-MASOS.3": (D("90.00"), "Tinggi"),
    "PGL-FASOS.3": (D("87.50"), "Tinggi"),
    "PGL-FASOS.4": (D("100.00"), "Sangat Tinggi"),
    "PGL-FASOS.5": (D("105.56"), "Sangat Tinggi"),
    "PGL-KEP.1": (D("68.39"), "Sedang"),
    "PGL-DATA-RS.3": (D("83.00"), "Tinggi"),
}

#: Monthly plan of a Jumlah indicator, by satuan (overridden per code below).
PLAN_BY_SATUAN = {"Laporan": 1, "Dokumen": 1, "Berkas": 40, "Surat": 100, "Transaksi": 60, "Lembar": 300,
                  "Kegiatan": 1}
PLAN_BY_KODE = {"BEND-PENG.1": 20, "VERIF-KEU.2": 30, "PADM-KEU.3": 100}
#: Offsets added to the monthly plan for Januari..Maret: on plan or above, never below.
JUMLAH_PATTERNS = ((0, 0, 0), (0, 1, 0), (1, 0, -1), (0, 0, 1))
PERSEN_PATTERNS = ((100, 100, 100), (95, 100, 100), (100, 95, 98), (90, 95, 96))
PENYEBUT_PATTERNS = (((12, 10, 14), (0, 0, 1)), ((20, 20, 25), (1, 0, 1)), ((8, 9, 10), (0, 0, 0)),
                     ((15, 15, 15), (1, 1, 0)))

#: Indikator Atasan: each indicator → an indicator of its DIRECT atasan (illustrative).
LINKS: dict[str, str] = {
    **{f"SK-PPK.{n}": "SEK.3" for n in (1, 2, 3, 4, 7, 9)},
    **{f"SK-PPK.{n}": "SEK.1" for n in (5, 6, 8)},
    **{f"SK-KEP.{n}": "SEK.1" for n in (1, 2, 3)},
    **{f"BEND-PENG.{n}": "SK-PPK.9" for n in range(1, 6)},
    **{f"VERIF-KEU.{n}": "SK-PPK.9" for n in range(1, 5)},
    **{f"PADM-KEU.{n}": "SK-PPK.9" for n in range(1, 6)},
    "PLH-GAJI.1": "SK-PPK.8", "PLH-GAJI.2": "SK-PPK.8", "PLH-GAJI.3": "SK-PPK.9", "PLH-GAJI.4": "SK-PPK.8",
    "PADM-PP.1": "SK-PPK.2", "PADM-PP.2": "SK-PPK.1", "PADM-PP.3": "SK-PPK.5", "PADM-PP.4": "SK-PPK.7",
    "PLH-DATA.1": "SK-PPK.6", "PLH-DATA.2": "SK-PPK.4", "PLH-DATA.3": "SK-PPK.7", "PLH-DATA.4": "SK-PPK.1",
    "PADM-UMUM.1": "SK-KEP.1", "PADM-UMUM.2": "SK-KEP.1", "PADM-UMUM.3": "SK-KEP.3",
    "PGL-KEP.1": "SK-KEP.1", "PGL-KEP.2": "SK-KEP.2", "PGL-KEP.3": "SK-KEP.3",
    "PGL-DATA-KEP.1": "SK-KEP.1", "PGL-DATA-KEP.2": "SK-KEP.2", "PGL-DATA-KEP.3": "SK-KEP.3",
    **{f"AN-PROG.{n}": "SK-PMKS.1" for n in range(1, 7)},
    "PGL-FASOS.1": "SK-PPKRS.1", "PGL-FASOS.2": "SK-PPKRS.1", "PGL-FASOS.3": "SK-PPKRS.4",
    "PGL-FASOS.4": "SK-PPKRS.2", "PGL-FASOS.5": "SK-PPKRS.6", "PGL-FASOS.6": "SK-PPKRS.6",
    "PGL-DATA-RS.1": "SK-PPKRS.1", "PGL-DATA-RS.2": "SK-PPKRS.5", "PGL-DATA-RS.3": "SK-PPKRS.7",
    "PGL-DATA-RS.4": "SK-PPKRS.6", "PGL-DATA-RS.5": "SK-PPKRS.4", "PGL-DATA-RS.6": "SK-PPKRS.2",
    "PGL-DATA-RS.7": "SK-PPKRS.6",
}

#: Illustrative pangkat/golongan by jabatan (plausible for the level; not the real holders').
PANGKAT = {
    "KADIS": "Pembina Utama Muda (IV/c)",
    "SEK": "Pembina Tk. I (IV/b)",
    "KABID-PFM": "Pembina (IV/a)",
    "KABID-PS": "Pembina (IV/a)",
    "SK-PPK": "Penata Tk. I (III/d)",
    "SK-KEP": "Penata Tk. I (III/d)",
    "SK-PMKS": "Penata Tk. I (III/d)",
    "SK-PPKRS": "Penata Tk. I (III/d)",
    "VERIF-KEU": "Penata Tk. I (III/d)",
    "BEND-PENG": "Penata (III/c)",
    "AN-MASOS": "Penata (III/c)",
    "AN-PROG": "Penata (III/c)",
}
PANGKAT_STAF = "Penata Muda Tk. I (III/b)"
PANGKAT_PENGADMINISTRASI = "Pengatur (II/c)"


def nip_contoh(i: int) -> str:
    """A fictitious NIP of a valid shape: born 1990-01-01, appointed January 2020, sex 1/2, sequence i."""
    return f"19900101202001{1 if i % 2 else 2}{i:03d}"


def kode_indikator(kode_jabatan: str, no: int) -> str:
    return f"{kode_jabatan}.{no}"


def _jenis(value: str) -> str:
    return next(j for j in layout.JENIS if j.casefold() == value.casefold())


def _has_penyebut(indikator: dict[str, Any]) -> bool:
    formula = (indikator.get("cara_perhitungan") or "").casefold()
    return "/" in formula or "dibagi" in formula


def ilustrasi(kode: str, index: int, indikator: dict[str, Any]) -> Ilustrasi:
    """The illustrative figures of one indicator (``index`` = its 0-based position in the document)."""
    if kode in OVERRIDES:
        return OVERRIDES[kode]
    jenis = _jenis(indikator["jenis"])
    if jenis == "Jumlah":
        plan = PLAN_BY_KODE.get(kode) or PLAN_BY_SATUAN[indikator["satuan"]]
        offsets = JUMLAH_PATTERNS[index % len(JUMLAH_PATTERNS)]
        return Ilustrasi(NAIK, KUMULATIF, 12 * plan, _flat(plan), tuple(plan + o for o in offsets))
    if jenis == "Persentase" and _has_penyebut(indikator):
        dens, short = PENYEBUT_PATTERNS[index % len(PENYEBUT_PATTERNS)]
        nums = tuple(d - s for d, s in zip(dens, short, strict=True))
        return Ilustrasi(NAIK, RATA_RATA, 100, _flat(100), nums, penyebut=dens)
    if jenis == "Persentase":
        return Ilustrasi(NAIK, POSISI_AKHIR, 100, _flat(100), PERSEN_PATTERNS[index % len(PERSEN_PATTERNS)])
    raise ValueError(f"no illustrative figures for {kode} ({jenis})")


# --------------------------------------------------------------------------- building
def _pangkat(kode: str) -> str:
    if kode in PANGKAT:
        return PANGKAT[kode]
    return PANGKAT_PENGADMINISTRASI if kode.startswith("PADM") else PANGKAT_STAF


def _unit(value: str | None) -> str | None:
    # "(inferred)" is the transcriber's note, not the document's wording.
    return re.sub(r"\s*\(inferred\)", "", value).strip() if value else value


def build_content(source: Path = SOURCE) -> WorkbookContent:
    """Read the yaml transcription and add the illustrative figures."""
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    forms: list[JabatanForm] = []
    realisasi: list[dict[str, Any]] = []
    index = 0
    for i, jab in enumerate(doc["jabatan"], start=1):
        kode = jab["kode"]
        fields = {
            "kode_jabatan": kode,
            "nama_jabatan": jab["nama"],
            "unit_kerja": _unit(jab.get("unit")),
            "kode_atasan": jab.get("atasan"),
            "nama_pemangku": f"Pemangku Contoh {i:02d}",
            "nip": nip_contoh(i),
            "pangkat_golongan": _pangkat(kode),
            "tugas": jab.get("tugas"),
            "fungsi": list(jab.get("fungsi") or []),
        }
        rows: list[dict[str, Any]] = []
        for ind in jab.get("indikator") or []:
            code = kode_indikator(kode, ind["no"])
            ilu = ilustrasi(code, index, ind)
            index += 1
            rows.append({
                "no": ind["no"],
                "kode_indikator": code,
                "sasaran": ind.get("sasaran"),
                "indikator_kinerja": ind["indikator"],
                "cara_perhitungan": ind.get("cara_perhitungan"),
                "jenis": _jenis(ind["jenis"]),
                "satuan": ind.get("satuan"),
                "target": ilu.target,
                "arah": ilu.arah,
                "agregasi": ilu.agregasi,
                "bobot": ilu.bobot,
                "indikator_atasan": LINKS.get(code),
                "sumber_data": list(ind.get("sumber_data") or []),
            })
            for month in range(1, MONTHS + 1):
                reported = month <= BULAN_PELAPORAN
                realisasi.append({
                    "kode_indikator": code,
                    "indikator_kinerja": ind["indikator"],
                    "bulan": month,
                    "target_bulan": ilu.target_bulan[month - 1] if ilu.target_bulan else None,
                    "realisasi": ilu.realisasi[month - 1] if reported else None,
                    "penyebut": ilu.penyebut[month - 1] if reported and ilu.penyebut else None,
                    "keterangan": "Ilustrasi" if reported and ilu.realisasi[month - 1] is not None else None,
                })
        forms.append(JabatanForm(fields, rows))
    pengaturan = Pengaturan({
        "perangkat_daerah": doc["perangkat_daerah"],
        "tahun": doc["tahun"],
        "tempat": doc["tempat"],
        "bulan_pelaporan": BULAN_PELAPORAN,
    })
    return WorkbookContent(pengaturan, forms, realisasi, petunjuk_tambahan=list(PETUNJUK_CONTOH))


def main(argv: list[str]) -> Path:
    output = Path(argv[0]) if argv else OUTPUT
    return write_workbook(output, build_content())


if __name__ == "__main__":
    main(sys.argv[1:])
