"""Workbook format v1: the one definition of sheet names, labels and columns.

Everything that touches a workbook derives from this module: the template and
example writer (:mod:`ikixl.template`), the reader (:mod:`ikixl.reader`), the
schemas (:mod:`ikixl.schema`), compute's write-back and the tests.  Change a
label here and every part follows; a test fails if the shipped template drifts.

Conventions:
    * Rows and columns are 1-based, as a clerk sees them in Excel.
    * Labels are Bahasa Indonesia.  Headers are matched after
      :func:`normalize_label`, so case, repeated spaces, NBSP, zero-width
      characters and line breaks do not matter.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

FORMAT_VERSION = 1

# --------------------------------------------------------------------------- sheets
SHEET_PETUNJUK = "Petunjuk"
SHEET_PENGATURAN = "Pengaturan"
SHEET_REALISASI = "Realisasi"
SHEET_CASCADING = "Cascading"
SHEET_HASIL_PEMERIKSAAN = "Hasil Pemeriksaan"
#: The sheets of the recap workbook ``ikixl recap`` writes (a separate file, not an IKI workbook).
RECAP_SHEETS = ("Rekap Indikator", "Rekap Jabatan")
RESERVED_SHEETS = (
    SHEET_PETUNJUK,
    SHEET_PENGATURAN,
    SHEET_REALISASI,
    SHEET_CASCADING,
    SHEET_HASIL_PEMERIKSAAN,
)

# --------------------------------------------------------------------------- closed lists
JENIS = ("Jumlah", "Persentase", "Nilai")
ARAH = ("naik", "turun")
AGREGASI = ("kumulatif", "posisi akhir", "rata-rata")
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
YA_TIDAK = ("Ya", "Tidak")

#: Default predikat table (policy, DOMAIN.md "Predikat"): lower bound in percent
#: points, label, fill colour, font colour.  Sorted from the top band down.
PREDIKAT_DEFAULT: tuple[tuple[int, str, str, str], ...] = (
    (91, "Sangat Tinggi", "#006100", "#FFFFFF"),
    (76, "Tinggi", "#63BE7B", "#000000"),
    (66, "Sedang", "#FFEB84", "#000000"),
    (51, "Rendah", "#F4B183", "#000000"),
    (0, "Sangat Rendah", "#C00000", "#FFFFFF"),
)

#: SAKIP letter grades as values (policy, DOMAIN.md: band midpoints).
NILAI_HURUF_DEFAULT: dict[str, int] = {
    "AA": 95,
    "A": 85,
    "BB": 75,
    "B": 65,
    "CC": 55,
    "C": 40,
    "D": 15,
}


# --------------------------------------------------------------------------- helpers
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def normalize_label(text: object) -> str:
    """Fold a header or label for matching: NFKC, no zero-width characters,
    all whitespace (NBSP, line breaks) collapsed to one space, lower case,
    spaces around ``/`` and ``(`` removed, trailing ``:`` dropped.

    >>> normalize_label("  Cara\\nPerhitungan /  Penjelasan\\u00a0")
    'cara perhitungan/penjelasan'
    """
    if text is None:
        return ""
    return _normalize_text(text if isinstance(text, str) else str(text))


_SPACE_RUN = re.compile(r"\s+")
_AROUND_SLASH = re.compile(r"\s*/\s*")
_TRAILING_COLON = re.compile(r"\s*:\s*$")


@functools.lru_cache(maxsize=1 << 16)
def _normalize_text(s: str) -> str:
    # Memoised: the same labels, choices and indicator names recur on every row and sheet.
    if not s.isascii():  # ASCII is already NFKC and holds no zero-width characters
        s = unicodedata.normalize("NFKC", s).translate(_ZERO_WIDTH)
    s = _SPACE_RUN.sub(" ", s).strip().lower()
    if "/" in s:
        s = _AROUND_SLASH.sub("/", s)
    if ":" in s:
        s = _TRAILING_COLON.sub("", s)
    return s


_ENUM_PREFIX = re.compile(r"^\s*(?:\d+|[a-zA-Z])[.)]\s+")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_TRAILING_YEAR = re.compile(r"\s+(?:tahun\s+)?(?:19|20)\d\d$", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 15)
def header_forms(header: str) -> tuple[str, ...]:
    """The normalised forms (:func:`normalize_label`) under which a header is looked up: as
    written; without a leading enumerator (``1. Jabatan``) or a trailing dot (``No.``); without a
    trailing parenthetical the layout does not name (``Target (Jumlah)``); without a trailing year
    (``Target 2024``, ``Target Tahun 2024``).  The reader and the writer find headers alike."""
    base = re.sub(r"\.\s*$", "", _ENUM_PREFIX.sub("", header).strip())
    no_paren = _TRAILING_PAREN.sub("", base)
    forms = (header, base, no_paren, _TRAILING_YEAR.sub("", no_paren))
    return tuple(dict.fromkeys(normalize_label(f) for f in forms if f))


def column_letter(col: int) -> str:
    """1 → ``A``, 27 → ``AA``."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """1-based row and column → ``H12``."""
    return f"{column_letter(col)}{row}"


# --------------------------------------------------------------------------- columns
@dataclass(frozen=True)
class Column:
    """One column of a table (or one field of a label/value block).

    Attributes:
        key: the model's column name (snake_case, field terms).
        label: the header written by the template.
        kind: ``text`` | ``code`` | ``number`` | ``target`` | ``month`` |
            ``choice`` | ``nip`` | ``computed``; decides parsing and checks.
        required: a blank cell is an error.
        width: column width written by the template.
        synonyms: other header wordings accepted by the reader.
        choices: the closed list for ``choice`` columns.
        list_name: the defined name holding that list (dropdown source).
        number_format: Excel number format the template applies.
        hidden: the template and compute hide the column (ikixl's own bookkeeping).
    """

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    width: float = 14
    synonyms: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    list_name: str | None = None
    number_format: str | None = None
    hidden: bool = False

    def matches(self, header: object) -> bool:
        """Whether ``header`` is this column's label or a synonym, under :func:`header_forms`."""
        if header is None:
            return False
        labels = {normalize_label(s) for s in (self.label, *self.synonyms)}
        return any(h != "" and h in labels for h in header_forms(str(header)))


#: Capaian cells hold percent points (87.5) and print a % sign without scaling.
PCT_FORMAT = '0.00" %"'
NUMBER_FORMAT = "General"
#: Computed aggregates (a sum, a mean, Σ/Σ percent) can have endless decimals:
#: shown with two, stored exact.
COMPUTED_NUMBER_FORMAT = "#,##0.00"

# ---- jabatan sheet: header block (label in column A, value in column B)
JABATAN_TITLE = "INDIKATOR KINERJA INDIVIDU (IKI)"
JABATAN_TITLE_ROW = 1
JABATAN_SUBTITLE_ROW = 2  # "<Perangkat Daerah> Tahun <Tahun>"
JABATAN_FIELDS_FIRST_ROW = 4
JABATAN_FIELDS: tuple[Column, ...] = (
    Column("kode_jabatan", "Kode Jabatan", "code", required=True),
    Column("nama_jabatan", "Nama Jabatan", "text", required=True, synonyms=("Jabatan",)),
    Column("unit_kerja", "Unit Kerja", "text"),
    Column("kode_atasan", "Kode Atasan", "code", synonyms=("Kode Atasan Langsung",)),
    Column("nama_pemangku", "Nama Pemangku", "text", synonyms=("Nama", "Nama Pejabat")),
    Column("nip", "NIP", "nip"),
    Column("pangkat_golongan", "Pangkat / Golongan", "text", synonyms=("Pangkat / Gol", "Pangkat/Gol. Ruang")),
    Column("tugas", "Tugas", "text"),
    Column("fungsi", "Fungsi", "text"),
)
JABATAN_LABEL_COL = 1
JABATAN_VALUE_COL = 2

# ---- jabatan sheet: indicator table
INDIKATOR_SECTION_ROW = JABATAN_FIELDS_FIRST_ROW + len(JABATAN_FIELDS) + 1  # "Indikator Kinerja" caption
INDIKATOR_CAPTION = "Indikator Kinerja"
INDIKATOR_HEADER_ROW = INDIKATOR_SECTION_ROW + 1
INDIKATOR_COLUMNS: tuple[Column, ...] = (
    Column("no", "No", "number", width=5),
    Column("kode_indikator", "Kode Indikator", "code", required=True, width=14),
    Column("sasaran", "Sasaran", "text", width=30,
           synonyms=("Sasaran Program", "Sasaran Kegiatan", "Sasaran Sub Kegiatan", "Sasaran Aktivitas",
                     "Sasaran Kinerja", "Sasaran Kegiatan/Sub Kegiatan")),
    Column("indikator_kinerja", "Indikator Kinerja", "text", required=True, width=34,
           synonyms=("Indikator", "Kinerja", "Indikator Kinerja Individu")),
    Column("cara_perhitungan", "Cara Perhitungan / Penjelasan", "text", width=40,
           synonyms=("Penjelasan/Formulasi Perhitungan", "Formulasi Perhitungan", "Cara Perhitungan",
                     "Penjelasan", "Cara Perhitungan/Penjelasan (Formulasi)")),
    Column("jenis", "Jenis", "choice", required=True, width=12, choices=JENIS, list_name="DaftarJenis"),
    Column("satuan", "Satuan", "text", width=11, synonyms=("Satuan Ukuran",)),
    Column("target", "Target", "target", width=10, number_format=NUMBER_FORMAT,
           synonyms=("Target Tahunan", "Target Kinerja", "Target Tahun")),
    Column("arah", "Arah", "choice", width=9, choices=ARAH, list_name="DaftarArah",
           synonyms=("Polaritas", "Arah Kinerja", "Polaritas Indikator", "Arah Indikator")),
    Column("agregasi", "Agregasi", "choice", width=13, choices=AGREGASI, list_name="DaftarAgregasi"),
    Column("bobot", "Bobot", "number", width=8, number_format=NUMBER_FORMAT),
    Column("indikator_atasan", "Indikator Atasan", "code", width=14,
           synonyms=("Kode Indikator Atasan", "Rencana Hasil Kerja Atasan yang Diintervensi")),
    Column("sumber_data", "Sumber Data", "text", width=34),
)
#: Empty formatted rows the template offers below the indicator table.
TEMPLATE_INDIKATOR_ROWS = 20

# ---- Realisasi sheet
REALISASI_TITLE = "REALISASI BULANAN INDIKATOR KINERJA INDIVIDU"
REALISASI_HEADER_ROW = 3
REALISASI_INPUT_COLUMNS: tuple[Column, ...] = (
    Column("kode_indikator", "Kode Indikator", "code", required=True, width=14),
    Column("indikator_kinerja", "Indikator Kinerja", "text", width=40, synonyms=("Indikator", "Nama Indikator")),
    Column("bulan", "Bulan", "month", required=True, width=11, choices=BULAN, list_name="DaftarBulan"),
    Column("target_bulan", "Target Bulan", "target", width=10, number_format=NUMBER_FORMAT,
           synonyms=("Target Bulanan", "Target per Bulan", "Target Bulan Ini")),
    Column("realisasi", "Realisasi", "number", width=11, number_format=NUMBER_FORMAT,
           synonyms=("Realisasi Bulan Ini", "Realisasi Bulanan")),
    Column("penyebut", "Penyebut", "number", width=10, number_format=NUMBER_FORMAT, synonyms=("Pembagi",)),
    Column("keterangan", "Keterangan / Bukti", "text", width=28, synonyms=("Keterangan", "Bukti")),
)
REALISASI_COMPUTED_COLUMNS: tuple[Column, ...] = (
    # A clerk who shortens a computed header ("Capaian Tahunan") keeps its column: under a header not
    # found, compute would add the column again and leave the old figures in place.
    Column("realisasi_sd", "Realisasi s.d. Bulan Ini", "computed", width=12,
           number_format=COMPUTED_NUMBER_FORMAT,
           synonyms=("Realisasi sd Bulan Ini", "Realisasi s/d Bulan Ini")),
    Column("capaian_bulan_pct", "Capaian Bulan Ini (%)", "computed", width=11, number_format=PCT_FORMAT,
           synonyms=("Capaian Bulan Ini", "Capaian Bulan Ini %")),
    Column("capaian_tahunan_pct", "Capaian Tahunan (%)", "computed", width=11, number_format=PCT_FORMAT,
           synonyms=("Capaian Tahunan", "Capaian Tahunan %")),
    Column("capaian_rencana_pct", "Capaian Rencana (%)", "computed", width=11, number_format=PCT_FORMAT,
           synonyms=("Capaian Rencana", "Capaian Rencana %")),
    Column("predikat", "Predikat", "computed", width=13),
    Column("keterangan_capaian", "Keterangan Capaian", "computed", width=40),
    # Provenance (docs/workbook-format.md, "Numbers that go stale"): what the row was computed from.
    Column("realisasi_dihitung", "Realisasi Saat Dihitung", "computed", width=12, hidden=True),
    Column("sidik_data", "Sidik Data", "computed", width=14, hidden=True),
)
REALISASI_COLUMNS = REALISASI_INPUT_COLUMNS + REALISASI_COMPUTED_COLUMNS


# --------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class Setting:
    """One row of the Pengaturan key/value block.

    ``kind``: ``int`` | ``text`` | ``month`` | ``number`` | ``yesno``.
    ``default``: what the template writes (and what a blank cell means).
    """

    key: str
    label: str
    kind: str
    default: object
    note: str
    choices: tuple[str, ...] = ()
    list_name: str | None = None


PENGATURAN_TITLE = "PENGATURAN"
PENGATURAN_HEADER_ROW = 3  # "Pengaturan | Nilai | Keterangan"
PENGATURAN_HEADERS = ("Pengaturan", "Nilai", "Keterangan")  # label, value, note columns
PENGATURAN_LABEL_COL = 1
PENGATURAN_VALUE_COL = 2
PENGATURAN_NOTE_COL = 3
SETTINGS: tuple[Setting, ...] = (
    Setting("versi_format", "Versi Format", "int", FORMAT_VERSION,
            "Jangan diubah: versi format buku kerja ikixl."),
    Setting("perangkat_daerah", "Perangkat Daerah", "text", "", "Nama Perangkat Daerah (OPD)."),
    Setting("tahun", "Tahun", "int", None, "Tahun kinerja, misalnya 2023."),
    Setting("tempat", "Tempat", "text", "", "Tempat penandatanganan, misalnya Tenggarong."),
    Setting("bulan_pelaporan", "Bulan Pelaporan", "month", 1,
            "Bulan terakhir yang dilaporkan (Januari–Desember atau 1–12).",
            choices=BULAN, list_name="DaftarBulan"),
    Setting("batas_atas_capaian_pct", "Batas Atas Capaian (%)", "number", None,
            "Kosong = tanpa batas. Jika diisi (mis. 100 atau 120), hanya berlaku untuk predikat dan rata-rata."),
    Setting("capaian_minimal_nol", "Capaian Minimal Nol", "yesno", "Tidak",
            "Ya = capaian negatif (arah turun) dicatat 0.", choices=YA_TIDAK, list_name="DaftarYaTidak"),
    Setting("nilai_huruf_sakip", "Nilai Huruf SAKIP", "yesno", "Ya",
            "Ya = nilai huruf AA, A, BB, B, CC, C, D dibaca sebagai 95, 85, 75, 65, 55, 40, 15.",
            choices=YA_TIDAK, list_name="DaftarYaTidak"),
    Setting("ambang_selisih_cascading", "Ambang Selisih Cascading (poin)", "number", 20,
            "Indikator atasan ditandai bila capaiannya berbeda lebih dari sekian poin "
            "dari rata-rata capaian indikator pendukungnya."),
)
PENGATURAN_FIRST_ROW = PENGATURAN_HEADER_ROW + 1
PREDIKAT_CAPTION = "Tabel Predikat"
PREDIKAT_CAPTION_ROW = PENGATURAN_FIRST_ROW + len(SETTINGS) + 1
PREDIKAT_HEADER_ROW = PREDIKAT_CAPTION_ROW + 1
PREDIKAT_COLUMNS: tuple[Column, ...] = (
    Column("batas_bawah_pct", "Batas Bawah (%)", "number", required=True, width=16),
    Column("predikat", "Predikat", "text", required=True, width=18),
    Column("warna", "Warna", "text", required=True, width=12),
    Column("warna_teks", "Warna Teks", "text", width=12),
)
#: Rows reserved for the predikat table (5 used by default; offices may add bands).
PREDIKAT_MAX_ROWS = 8

# Lists for dropdowns live on Pengaturan, to the right, each under a defined name.
DAFTAR_CAPTION = "Daftar Pilihan (jangan diubah)"
DAFTAR_FIRST_COL = 7  # G
DAFTAR_HEADER_ROW = PENGATURAN_HEADER_ROW
DAFTAR: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("DaftarJenis", "Jenis", JENIS),
    ("DaftarArah", "Arah", ARAH),
    ("DaftarAgregasi", "Agregasi", AGREGASI),
    ("DaftarBulan", "Bulan", BULAN),
    ("DaftarYaTidak", "Ya/Tidak", YA_TIDAK),
)

# --------------------------------------------------------------------------- cascading sheet
CASCADING_TITLE = "CASCADING KINERJA (POHON KINERJA)"
CASCADING_HEADER_ROW = 3
CASCADING_COLUMNS: tuple[Column, ...] = (
    Column("tingkat", "Tingkat", "computed", width=8),
    Column("kode_jabatan", "Kode Jabatan", "computed", width=14),
    Column("uraian", "Jabatan / Indikator", "computed", width=60),
    Column("kode_indikator", "Kode Indikator", "computed", width=14),
    Column("mendukung", "Mendukung Indikator", "computed", width=14),
    Column("capaian_pct", "Capaian (%)", "computed", width=12, number_format=PCT_FORMAT),
    Column("predikat", "Predikat", "computed", width=14),
    Column("capaian_pendukung_pct", "Rata-rata Capaian Pendukung (%)", "computed", width=16,
           number_format=PCT_FORMAT),
    Column("catatan", "Catatan", "computed", width=48),
)


def month_number(value: object) -> int | None:
    """Read a month: ``3``, ``3.0``, ``"3"``, ``"Maret"``, ``"maret "``, ``"Mar"``,
    old spellings ``Pebruari``/``Nopember``.  Returns 1–12, or None when the value
    is not a month."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        n = int(value)
        return n if n == value and 1 <= n <= 12 else None
    text = normalize_label(value)
    if text.isdigit():
        n = int(text)
        return n if 1 <= n <= 12 else None
    aliases = {"pebruari": 2, "nopember": 11, "agt": 8, "agu": 8, "ags": 8, "okt": 10, "nop": 11, "des": 12}
    if text in aliases:
        return aliases[text]
    for i, name in enumerate(BULAN, start=1):
        month_name = name.lower()
        if text == month_name or (len(text) >= 3 and month_name.startswith(text)):
            return i
    return None
