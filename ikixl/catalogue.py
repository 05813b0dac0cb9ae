"""Every code ikixl reports, defined once: severity, category and a message in two languages.

Each entry of :data:`CATALOGUE` is a :class:`CodeInfo`::

    CodeInfo(
        "target-nol",                 # stable kebab-case code; never rename one
        W,                            # severity: E (error) or W (warning)
        MEANING,                      # category: FILE, STRUCTURE, VALUE, MEANING,
                                      #   CASCADE, CONSISTENCY, WRITE or INTERNAL
        "Target indikator {kode} bernilai 0: …",   # Bahasa Indonesia
        "The Target of indicator {kode} is 0: …",  # English
    )

Both templates use ``str.format`` fields and must use the same set of fields
(a test checks it); each says what was found, where, and how to fix it.
Fields every issue has: ``{value}`` (the value found, as text) and ``{sheet}``;
the rest are passed by the code that reports (``make_issue(code, …, kode=…)``).
A field left out renders as an empty string.  A parameter that is itself words
(not a value from the workbook) is passed as :class:`Text`, which holds both
languages, so the whole message switches language.

To add a code: append a ``CodeInfo`` to :data:`_ENTRIES` in the section of its
category, report it with :func:`make_issue` (problems in a workbook) or
``WorkbookError.from_code`` / ``WriteError.from_code`` (a file that cannot be
read, a write that is refused), then regenerate the documentation table::

    python -m ikixl.catalogue docs/issue-codes.md

Issues and exceptions keep their code's parameters, so their message can be
rendered again in the other language (:meth:`ikixl.report.Issue.message_in`,
:meth:`ikixl.errors.IkixlError.message_in`).  :func:`sort_issues` puts issues in
the order a clerk reads the workbook.  The cross-sheet rules
(:mod:`ikixl.check`), the table schemas (:mod:`ikixl.schema`), the reader's
notes (:mod:`ikixl.values`) and the writers all report through this catalogue.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ikixl.report import ERROR, WARNING, Issue

E, W = ERROR, WARNING

#: Languages a message can be rendered in: Bahasa Indonesia (the default) and English.
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

FILE = "file"  #: the file itself cannot be read as an .xlsx
STRUCTURE = "structure"  #: sheets, header rows, columns, settings
VALUE = "value"  #: one cell's content (a number, a NIP, a choice)
MEANING = "meaning"  #: values that are well-formed but cannot be computed as meant
CASCADE = "cascade"  #: the atasan chain and indicators supporting the atasan's
CONSISTENCY = "consistency"  #: codes, names and months that must agree across rows and sheets
WRITE = "write"  #: a write that is refused or fails; the input is left untouched
INTERNAL = "internal"  #: ikixl itself failed on one file (a fault in ikixl, not in the file)
CATEGORIES = (FILE, STRUCTURE, VALUE, MEANING, CASCADE, CONSISTENCY, WRITE, INTERNAL)


@dataclass(frozen=True)
class Text:
    """A template parameter written in both languages (words, not a value from the workbook).

    Example: ``make_issue("pengaturan-tidak-ada", …, bawaan=Text("kosong", "blank"))``.
    """

    indonesian: str
    english: str

    def in_language(self, lang: str) -> str:
        return self.english if lang == "en" else self.indonesian

    def __str__(self) -> str:
        return self.indonesian


@dataclass(frozen=True)
class CodeInfo:
    """One catalogue entry.

    Attributes:
        code: stable kebab-case code, e.g. ``nip-bukan-teks``.
        severity: ``"error"`` or ``"warning"``.
        category: one of :data:`CATEGORIES`.
        message_id: the message template in Bahasa Indonesia.
        message_en: the same message in English (same ``{fields}``).
    """

    code: str
    severity: str
    category: str
    message_id: str
    message_en: str

    def template(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The template in ``lang`` (``"id"`` or ``"en"``; anything else gives Indonesian)."""
        return self.message_en if lang == "en" else self.message_id

    def fields(self, lang: str = DEFAULT_LANGUAGE) -> frozenset[str]:
        """The ``{fields}`` the template in ``lang`` uses."""
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.template(lang)) if name)


# One entry per code, grouped by category; kept compact (code, severity, category on one line).
# fmt: off
_ENTRIES: tuple[CodeInfo, ...] = (
    # ------------------------------------------------------------------ file (raised as WorkbookError)
    CodeInfo(
        "berkas-tidak-ada", E, FILE,
        "Berkas {berkas} tidak ditemukan (atau berupa folder, bukan berkas Excel). Periksa nama dan letak "
        "berkasnya, lalu coba lagi.",
        "File {berkas} was not found (or it is a folder, not an Excel file). Check the file's name and "
        "location, then try again.",
    ),
    CodeInfo(
        "berkas-tidak-terbaca", E, FILE,
        "Berkas {berkas} tidak dapat dibuka atau dibaca sebagai buku kerja Excel (.xlsx): {rincian}. Buka di "
        "Excel, simpan ulang sebagai Excel Workbook (.xlsx), lalu coba lagi.",
        "File {berkas} cannot be opened or read as an Excel workbook (.xlsx): {rincian}. Open it in Excel, "
        "save it again as Excel Workbook (.xlsx), then try again.",
    ),
    CodeInfo(
        "berkas-format-xls", E, FILE,
        "Berkas {berkas} berformat Excel lama (.xls). Buka di Excel atau LibreOffice, lalu simpan sebagai "
        "Excel Workbook (.xlsx).",
        "File {berkas} is in the old Excel format (.xls). Open it in Excel or LibreOffice and save it as "
        "Excel Workbook (.xlsx).",
    ),
    CodeInfo(
        "berkas-berkata-sandi", E, FILE,
        "Berkas {berkas} dilindungi kata sandi. Buka di Excel, hapus kata sandinya (File > Info > Protect "
        "Workbook > Encrypt with Password, kosongkan), simpan, lalu coba lagi.",
        "File {berkas} is protected by a password. Open it in Excel, remove the password (File > Info > "
        "Protect Workbook > Encrypt with Password, leave it empty), save, then try again.",
    ),
    CodeInfo(
        "berkas-bukan-xlsx", E, FILE,
        "Berkas {berkas} {jenis}, bukan buku kerja Excel (.xlsx). Buka di Excel, lalu simpan ulang sebagai "
        "Excel Workbook (.xlsx).",
        "File {berkas} {jenis}, not an Excel workbook (.xlsx). Open it in Excel and save it again as Excel "
        "Workbook (.xlsx).",
    ),
    CodeInfo(
        "berkas-sedang-terbuka", W, FILE,
        "{berkas} sedang dibuka di program lembar kerja (ada berkas kunci {kunci}): yang diperiksa adalah "
        "isi yang terakhir disimpan. Simpan dulu bila ada perubahan yang belum disimpan.",
        "{berkas} is open in a spreadsheet program (there is a lock file {kunci}): what was checked is the "
        "last saved content. Save first if there are unsaved changes.",
    ),
    CodeInfo(
        "ekstensi-tidak-sesuai-isi", W, FILE,
        "{berkas} berekstensi {ekstensi}, padahal isinya {isi}: Excel menolak membuka berkas seperti ini "
        "(ikixl tetap dapat membacanya). Ganti nama berkasnya menjadi {nama}.",
        "{berkas} has the extension {ekstensi} but holds {isi}: Excel refuses to open such a file (ikixl "
        "can still read it). Rename the file to {nama}.",
    ),
    CodeInfo(
        "berkas-xml-berbahaya", E, FILE,
        "Berkas {berkas} ditolak demi keamanan: bagian {bagian} {alasan}, hal yang tidak pernah dibuat oleh "
        "Excel. Buka di Excel, salin isinya ke buku kerja baru, lalu simpan.",
        "File {berkas} was refused for safety: its part {bagian} {alasan}, which Excel never writes. Open "
        "it in Excel, copy its content into a new workbook, then save that.",
    ),
    CodeInfo(
        "berkas-rusak", E, FILE,
        "Berkas {berkas} rusak atau tidak lengkap ({rincian}); mungkin unduhan atau salinannya terputus. "
        "Unduh atau salin ulang berkasnya (atau buka di Excel dan simpan ulang sebagai Excel Workbook "
        ".xlsx), lalu coba lagi.",
        "File {berkas} is damaged or incomplete ({rincian}); perhaps the download or copy was cut short. "
        "Download or copy the file again (or open it in Excel and save it again as Excel Workbook .xlsx), "
        "then try again.",
    ),
    CodeInfo(
        "berkas-terlalu-banyak-bagian", E, FILE,
        "Berkas {berkas} berisi {jumlah} bagian (batas {batas}); buku kerja Excel biasa tidak sebanyak itu, "
        "jadi berkas ini ditolak demi keamanan. Buka di Excel, salin isinya ke buku kerja baru, lalu simpan.",
        "File {berkas} holds {jumlah} parts (limit {batas}); an ordinary Excel workbook has far fewer, so "
        "the file was refused for safety. Open it in Excel, copy its content into a new workbook, then save "
        "that.",
    ),
    CodeInfo(
        "berkas-terlalu-besar", E, FILE,
        "Berkas {berkas} terlalu besar setelah dibuka (batas {batas_total} MiB seluruhnya, {batas_bagian} "
        "MiB per bagian); berkas ini ditolak demi keamanan. Pisahkan datanya ke beberapa buku kerja.",
        "File {berkas} is too large once unpacked (limits {batas_total} MiB in all, {batas_bagian} MiB per "
        "part); it was refused for safety. Split its data into several workbooks.",
    ),
    CodeInfo(
        "berkas-rasio-kompresi-berlebihan", E, FILE,
        "Berkas {berkas} berisi bagian {bagian} yang mengembang {rasio} kali saat dibuka (batas {batas} "
        "kali), ciri bom zip; berkas ini ditolak demi keamanan. Minta berkas aslinya dari pengirim.",
        "File {berkas} holds a part {bagian} that expands {rasio} times when unpacked (limit {batas} "
        "times), the mark of a zip bomb; it was refused for safety. Ask the sender for the original file.",
    ),
    CodeInfo(
        "fitur-diabaikan", W, FILE,
        "Sebagian isi buku kerja diabaikan saat dibaca ({reading}). Pemeriksaan tetap berjalan; fitur ini"
        " mungkin tidak terbawa bila berkas ditulis ulang oleh ikixl.",
        "Part of the workbook was ignored while reading ({reading}). The check still ran; this feature may "
        "not survive if ikixl rewrites the file.",
    ),
    CodeInfo(
        "tidak-ada-buku-kerja", E, FILE,
        "Tidak ada buku kerja Excel (.xlsx atau .xlsm) untuk diperiksa di {tempat}. Isi subfolder tidak "
        "ikut diperiksa; berkas kunci (~$…, .~lock.…#), cadangan ikixl (….backup-…), berkas sementara dan "
        "berkas tersembunyi dilewati. Periksa letak foldernya, atau sebutkan berkasnya satu per satu.",
        "There is no Excel workbook (.xlsx or .xlsm) to check in {tempat}. Subfolders are not entered; "
        "lock files (~$…, .~lock.…#), ikixl backups (….backup-…), temporary and hidden files are skipped. "
        "Check the folder's location, or name the files one by one.",
    ),
    # ------------------------------------------------------------------ structure
    CodeInfo(
        "sheet-wajib-tidak-ada", E, STRUCTURE,
        "Sheet '{nama}' tidak ditemukan. Tambahkan sheet '{nama}' dari templat ikixl (perintah: ikixl "
        "template) dan jangan mengganti namanya.",
        "Sheet '{nama}' was not found. Add the sheet '{nama}' from the ikixl template (command: ikixl "
        "template) and do not rename it.",
    ),
    CodeInfo(
        "pengaturan-bernama-lain", W, STRUCTURE,
        "Sheet '{sheet}' dibaca sebagai sheet '{nama}' (judul kolomnya {judul}), karena tidak ada sheet "
        "bernama '{nama}'. Kembalikan namanya menjadi '{nama}'.",
        "Sheet '{sheet}' is read as the '{nama}' sheet (its column headers are {judul}), since no sheet is "
        "named '{nama}'. Rename it back to '{nama}'.",
    ),
    CodeInfo(
        "sheet-jabatan-tidak-ada", E, STRUCTURE,
        "Tidak ada sheet jabatan (formulir IKI) di buku kerja ini. Setiap jabatan membutuhkan satu sheet "
        "dengan isian Kode Jabatan dan tabel Indikator Kinerja seperti pada templat ikixl.",
        "This workbook has no jabatan sheet (IKI form). Each jabatan needs one sheet with a Kode Jabatan "
        "field and an Indikator Kinerja table, as in the ikixl template.",
    ),
    CodeInfo(
        "header-tidak-ditemukan", E, STRUCTURE,
        "Baris judul tabel {tabel} tidak ditemukan di sheet '{sheet}' (dicari di {baris} baris pertama). "
        "Pastikan judul kolom seperti {contoh} ada dalam satu baris.",
        "The header row of the {tabel} table was not found on sheet '{sheet}' (searched the first {baris} "
        "rows). Make sure column headers such as {contoh} are in one row.",
    ),
    CodeInfo(
        "kolom-wajib-tidak-ada", E, STRUCTURE,
        "Kolom '{kolom}' tidak ditemukan di tabel {tabel} sheet '{sheet}'. Tambahkan kolom dengan judul "
        "'{kolom}' pada baris judul tabel.",
        "Column '{kolom}' was not found in the {tabel} table on sheet '{sheet}'. Add a column headed "
        "'{kolom}' to the table's header row.",
    ),
    CodeInfo(
        "kolom-tidak-ada", W, STRUCTURE,
        "Kolom '{kolom}' tidak ditemukan di tabel {tabel} sheet '{sheet}'; isian kolom itu dianggap "
        "kosong. Tambahkan kolom '{kolom}' bila diperlukan.",
        "Column '{kolom}' was not found in the {tabel} table on sheet '{sheet}'; its entries are taken as "
        "blank. Add the column '{kolom}' if it is needed.",
    ),
    CodeInfo(
        "kolom-hitung-tidak-ada", W, STRUCTURE,
        "Judul kolom hitungan '{kolom}' tidak ditemukan di sheet '{sheet}', padahal kolom hitungan lain "
        "ada: judulnya terhapus atau diganti. ikixl compute akan menambahkan kolom itu lagi di ujung "
        "tabel, dan angka lama di bawah judul yang hilang tertinggal tanpa diperbarui. Tulis kembali "
        "judul '{kolom}' di kolomnya.",
        "The header of the computed column '{kolom}' was not found on sheet '{sheet}', though the other "
        "computed columns are there: it was deleted or reworded. ikixl compute would add that column "
        "again at the end of the table and leave the old figures under the lost header, never updated. "
        "Write the header '{kolom}' back over its column.",
    ),
    CodeInfo(
        "isian-jabatan-tidak-ada", E, STRUCTURE,
        "Isian '{kolom}' tidak ditemukan di bagian atas sheet '{sheet}'. Tulis label '{kolom}' di kolom A"
        " dan isinya di kolom B, seperti pada templat.",
        "The field '{kolom}' was not found at the top of sheet '{sheet}'. Write the label '{kolom}' in "
        "column A and its value in column B, as in the template.",
    ),
    CodeInfo(
        "pengaturan-tidak-ada", W, STRUCTURE,
        "Pengaturan '{kolom}' tidak ditemukan di sheet Pengaturan; dipakai nilai bawaan ({bawaan}). "
        "Tambahkan baris '{kolom}' bila ingin mengubahnya.",
        "The setting '{kolom}' was not found on the Pengaturan sheet; the default ({bawaan}) is used. Add "
        "a row '{kolom}' to change it.",
    ),
    CodeInfo(
        "bulan-pelaporan-kosong", W, MEANING,
        "Bulan Pelaporan belum diisi: capaian dihitung untuk bulan {bawaan} dan realisasi per bulan tidak "
        "dapat dinilai terlambat atau belum diisi. Isi bulan terakhir yang dilaporkan (Januari–Desember).",
        "Bulan Pelaporan is blank: capaian is computed for {bawaan} and the monthly realisasi cannot be "
        "judged late or missing. Fill in the last month reported (Januari–Desember).",
    ),
    CodeInfo(
        "predikat-tidak-ada", W, STRUCTURE,
        "Tabel Predikat tidak ditemukan atau kosong di sheet Pengaturan; dipakai tabel bawaan (Sangat "
        "Tinggi ≥ 91, Tinggi ≥ 76, Sedang ≥ 66, Rendah ≥ 51, Sangat Rendah).",
        "The Predikat table is missing or empty on the Pengaturan sheet; the default table is used (Sangat "
        "Tinggi ≥ 91, Tinggi ≥ 76, Sedang ≥ 66, Rendah ≥ 51, Sangat Rendah). Fill in the table to "
        "change it.",
    ),
    CodeInfo(
        "versi-format-tidak-dikenal", E, STRUCTURE,
        "Versi Format '{value}' tidak dikenal; ikixl ini membaca versi {versi}. Gunakan templat ikixl "
        "yang sesuai, atau kembalikan nilainya ke {versi}.",
        "Versi Format '{value}' is unknown; this ikixl reads version {versi}. Use the matching ikixl "
        "template, or set the value back to {versi}.",
    ),
    CodeInfo(
        "jabatan-tanpa-indikator", W, STRUCTURE,
        "Sheet '{sheet}' belum berisi indikator. Isi tabel Indikator Kinerja (minimal Kode Indikator, "
        "Indikator Kinerja dan Jenis).",
        "Sheet '{sheet}' has no indicator yet. Fill in the Indikator Kinerja table (at least Kode "
        "Indikator, Indikator Kinerja and Jenis).",
    ),
    CodeInfo(
        "sheet-tidak-dikenal", W, STRUCTURE,
        "Sheet '{sheet}' bukan sheet ikixl ({cadangan}) dan bukan formulir jabatan (tidak ada isian Kode "
        "Jabatan atau tabel Indikator Kinerja), jadi isinya tidak ikut diperiksa atau dihitung. Bila ini "
        "formulir jabatan, lengkapi isian dan tabelnya seperti pada templat; bila hanya catatan, pindahkan "
        "ke berkas lain atau abaikan peringatan ini.",
        "Sheet '{sheet}' is neither an ikixl sheet ({cadangan}) nor a jabatan form (no Kode Jabatan field "
        "or Indikator Kinerja table), so its content is neither checked nor computed. If it is a jabatan "
        "form, complete its fields and table as in the template; if it only holds notes, move them to "
        "another file or ignore this warning.",
    ),
    CodeInfo(
        "sheet-tersembunyi", W, STRUCTURE,
        "Sheet '{sheet}' {keadaan}: isinya tidak terlihat oleh pengisi, tetapi tetap dibaca oleh ikixl. "
        "Tampilkan sheet itu ({cara}) dan periksa isinya, atau hapus bila tidak dipakai.",
        "Sheet '{sheet}' {keadaan}: whoever fills the workbook cannot see it, but ikixl still reads it. "
        "Unhide the sheet ({cara}) and check its content, or delete it if it is not used.",
    ),
    CodeInfo(
        "baris-tersembunyi", W, STRUCTURE,
        "Baris {baris} di sheet '{sheet}' disembunyikan, padahal berisi data yang ikut dibaca dan dihitung "
        "ikixl. Tampilkan barisnya (pilih baris di atas dan di bawahnya, klik kanan > Unhide) dan periksa "
        "isinya, atau hapus baris itu bila tidak dipakai.",
        "Row {baris} of sheet '{sheet}' is hidden, yet it holds data that ikixl reads and computes. Unhide "
        "the row (select the rows above and below it, right-click > Unhide) and check it, or delete the row "
        "if it is not used.",
    ),
    CodeInfo(
        "kolom-tersembunyi", W, STRUCTURE,
        "Kolom {huruf} ('{kolom}') di sheet '{sheet}' disembunyikan, padahal berisi isian yang ikut dibaca "
        "ikixl. Tampilkan kolomnya (pilih kolom di kiri dan kanannya, klik kanan > Unhide) dan periksa "
        "isinya.",
        "Column {huruf} ('{kolom}') of sheet '{sheet}' is hidden, yet it holds entries that ikixl reads. "
        "Unhide the column (select the columns left and right of it, right-click > Unhide) and check it.",
    ),
    CodeInfo(
        "fitur-excel-2010", W, STRUCTURE,
        "Sheet '{sheet}' memuat fitur Excel 2010 ke atas: {fitur}. ikixl membaca nilai-nilainya seperti "
        "biasa dan ikixl compute menyimpan fitur itu utuh, tetapi program lain yang menyimpan ulang berkas "
        "ini (termasuk salinan bertanda dari ikixl check --annotate) dapat menghilangkannya. Simpan berkas "
        "ini hanya dengan Excel, dan jangan memakai salinan bertanda sebagai berkas kerja.",
        "Sheet '{sheet}' holds Excel 2010+ features: {fitur}. ikixl reads its values as usual and ikixl "
        "compute keeps those features whole, but other programs that save this file again (including the "
        "marked copy of ikixl check --annotate) may drop them. Save this file with Excel only, and do not "
        "use a marked copy as the working file.",
    ),
    # ------------------------------------------------------------------ value (one cell)
    CodeInfo(
        "isian-wajib-kosong", E, VALUE,
        "Kolom '{kolom}' wajib diisi tetapi kosong. Isi sel ini.",
        "Column '{kolom}' is required but blank. Fill in this cell.",
    ),
    CodeInfo(
        "angka-tidak-valid", E, VALUE,
        "Kolom '{kolom}' harus berisi angka, ditemukan '{value}'. Ketik angka saja (desimal dengan koma, "
        "misalnya 75,5), atau kosongkan bila belum ada.",
        "Column '{kolom}' must hold a number, found '{value}'. Type a number only (decimal comma, e.g. "
        "75,5), or leave it blank if there is none yet.",
    ),
    CodeInfo(
        "target-tidak-valid", E, VALUE,
        "Target '{value}' tidak dapat dibaca. Ketik angka (misalnya 10 atau 75,5), rentang (misalnya "
        "80-90), atau nilai huruf SAKIP (AA, A, BB, B, CC, C, D) untuk Jenis Nilai.",
        "Target '{value}' cannot be read. Type a number (e.g. 10 or 75,5), a range (e.g. 80-90), or a "
        "SAKIP letter grade (AA, A, BB, B, CC, C, D) for Jenis Nilai.",
    ),
    CodeInfo(
        "bulan-tidak-valid", E, VALUE,
        "Bulan '{value}' tidak dikenal. Isi nama bulan (Januari–Desember) atau angka 1–12.",
        "Month '{value}' is not recognised. Enter a month name (Januari–Desember) or a number 1–12.",
    ),
    CodeInfo(
        "pilihan-tidak-valid", E, VALUE,
        "Isian '{value}' tidak ada dalam daftar pilihan kolom '{kolom}'. Pilih salah satu: {pilihan}.",
        "'{value}' is not one of the choices of column '{kolom}'. Choose one of: {pilihan}.",
    ),
    CodeInfo(
        "nip-bukan-teks", E, VALUE,
        "NIP diketik sebagai angka ({value}) sehingga digit terakhirnya hilang (Excel hanya menyimpan 15 "
        "digit angka); ketik ulang NIP sebagai teks (awali dengan tanda ').",
        "The NIP was typed as a number ({value}), so its last digits are lost (Excel keeps only 15 digits "
        "of a number); type the NIP again as text (start with a ').",
    ),
    CodeInfo(
        "nip-tidak-valid", E, VALUE,
        "NIP '{value}' tidak valid: NIP terdiri atas 18 angka (ditemukan {jumlah} angka, atau ada huruf)."
        " Periksa dan ketik ulang NIP, misalnya 19680706 199403 1 013.",
        "NIP '{value}' is not valid: a NIP has 18 digits (found {jumlah} digits, or letters). Check it and "
        "type it again, e.g. 19680706 199403 1 013.",
    ),
    CodeInfo(
        "nip-tanggal-tidak-valid", W, VALUE,
        "NIP '{value}' tidak memuat tanggal lahir, TMT pengangkatan atau kode jenis kelamin yang masuk "
        "akal (format: tanggal lahir 8 angka, tahun-bulan pengangkatan 6 angka, 1/2, nomor urut 3 angka)."
        " Periksa NIP ini.",
        "NIP '{value}' does not hold a plausible birth date, appointment month or sex code (format: birth "
        "date 8 digits, appointment year-month 6 digits, 1/2, serial number 3 digits). Check this NIP.",
    ),
    CodeInfo(
        "pengaturan-tidak-valid", E, VALUE,
        "Pengaturan '{kolom}' berisi '{value}' yang tidak dapat dibaca. Isi dengan {contoh}, atau "
        "kosongkan untuk memakai nilai bawaan.",
        "The setting '{kolom}' holds '{value}', which cannot be read. Enter {contoh}, or leave it blank to "
        "use the default.",
    ),
    CodeInfo(
        "warna-tidak-valid", W, VALUE,
        "Warna '{value}' tidak dikenal di kolom '{kolom}'. Tulis kode warna #RRGGBB, misalnya #63BE7B; "
        "sementara dipakai warna bawaan.",
        "Colour '{value}' in column '{kolom}' is not recognised. Write a colour code #RRGGBB, e.g. "
        "#63BE7B; the default colour is used meanwhile.",
    ),
    CodeInfo(
        "angka-teks-dibaca", W, VALUE,
        "Sel berisi teks '{value}', dibaca sebagai angka {reading}. Bila benar, ketik ulang sebagai angka"
        " agar tidak ragu (desimal dengan koma).",
        "The cell holds the text '{value}', read as the number {reading}. If that is right, type it again "
        "as a number to remove the doubt (decimal comma).",
    ),
    CodeInfo(
        "strip-dibaca-nol", W, VALUE,
        "Sel berisi '{value}', dibaca sebagai 0 (nihil). Bila maksudnya data belum ada, kosongkan selnya; "
        "bila memang nihil, ketik 0.",
        "The cell holds '{value}', read as 0 (nil). If the data is not there yet, leave the cell blank; if it "
        "really is nil, type 0.",
    ),
    CodeInfo(
        "angka-ambigu", E, VALUE,
        "Teks '{value}' dapat dibaca dua cara (mis. 1,234 = satu koma dua tiga empat, atau seribu dua "
        "ratus tiga puluh empat). Ketik ulang sebagai angka: ribuan tanpa titik atau koma, desimal dengan"
        " koma.",
        "The text '{value}' can be read two ways (e.g. 1,234 = one point two three four, or one thousand "
        "two hundred thirty-four). Type it again as a number: thousands without dot or comma, decimal "
        "comma.",
    ),
    CodeInfo(
        "persen-format-dibaca", W, VALUE,
        "Sel berformat persen: tampil {reading}%, tersimpan {value}; dibaca sebagai {reading}. Bila "
        "maksudnya lain, ubah format sel menjadi angka biasa dan ketik ulang nilainya.",
        "The cell has a percent format: it shows {reading}%, stores {value}; read as {reading}. If another "
        "value was meant, change the cell format to a plain number and type the value again.",
    ),
    CodeInfo(
        "kode-angka-dibaca", W, VALUE,
        "Kode '{value}' tersimpan sebagai angka, dibaca sebagai '{reading}'. Angka nol di depan mungkin "
        "sudah hilang; format sel sebagai Teks dan ketik ulang kodenya.",
        "Code '{value}' is stored as a number, read as '{reading}'. Leading zeros may have been lost; "
        "format the cell as Text and type the code again.",
    ),
    CodeInfo(
        "persen-tidak-wajar", E, VALUE,
        "Sel berformat persen menampilkan {reading}% (tersimpan {value}): persentase sebesar itu tidak "
        "wajar. Biasanya angka 75 diketik lalu selnya diberi format persen, sehingga tampil 7500%. Ketik "
        "ulang nilainya (mis. 75%), atau ubah format sel menjadi angka biasa lalu ketik angkanya.",
        "The cell has a percent format and shows {reading}% (it stores {value}): a percentage that large "
        "is not plausible. Usually 75 was typed and the cell formatted as percent afterwards, so it shows "
        "7500%. Type the value again (e.g. 75%), or change the cell format to a plain number and type the "
        "number.",
    ),
    CodeInfo(
        "rumus-di-sel-isian", W, VALUE,
        "Sel isian berisi rumus {value}; ikixl tidak menghitung rumus dan memakai hasil yang tersimpan saat "
        "berkas terakhir dihitung di Excel: '{reading}'. Pastikan hasil itu benar, atau ketik nilainya "
        "langsung.",
        "This input cell holds the formula {value}; ikixl does not calculate formulas and uses the result "
        "stored when the file was last calculated in Excel: '{reading}'. Make sure that result is right, "
        "or type the value itself.",
    ),
    CodeInfo(
        "rumus-belum-dihitung", E, VALUE,
        "Sel isian berisi rumus {value} yang belum pernah dihitung (berkas dibuat oleh program dan belum "
        "dibuka di Excel), sehingga nilainya tidak diketahui. Buka dan simpan berkas ini di Excel, atau "
        "ketik angkanya.",
        "This input cell holds the formula {value}, which has never been calculated (the file was written "
        "by a program and never opened in Excel), so its value is unknown. Open and save the file in "
        "Excel, or type the number.",
    ),
    # ------------------------------------------------------------------ meaning (Persentase, targets)
    CodeInfo(
        "penyebut-campur", E, MEANING,
        "Indikator {kode} (Persentase) memakai Penyebut pada sebagian bulan saja. Isi Penyebut untuk "
        "setiap bulan yang ada realisasinya, atau kosongkan semuanya dan isi Realisasi sebagai persen.",
        "Indicator {kode} (Persentase) has a Penyebut in some months only. Fill in the Penyebut for every "
        "month with a realisasi, or clear them all and enter Realisasi as a percentage.",
    ),
    CodeInfo(
        "persentase-kumulatif-tanpa-penyebut", E, MEANING,
        "Indikator {kode} berjenis Persentase tanpa Penyebut tidak dapat dijumlahkan (Agregasi "
        "kumulatif). Isi Penyebut tiap bulan di sheet Realisasi, atau ganti Agregasi menjadi posisi akhir"
        " atau rata-rata.",
        "Indicator {kode} is a Persentase without Penyebut and cannot be summed (Agregasi kumulatif). Fill "
        "in the Penyebut of each month on the Realisasi sheet, or change Agregasi to posisi akhir or "
        "rata-rata.",
    ),
    CodeInfo(
        "penyebut-nol", E, MEANING,
        "Penyebut 0 padahal Realisasi {realisasi}: persentase tidak dapat dihitung. Isi Penyebut dengan "
        "jumlah seluruhnya (lebih dari 0).",
        "Penyebut is 0 while Realisasi is {realisasi}: the percentage cannot be computed. Enter the whole "
        "count as Penyebut (more than 0).",
    ),
    CodeInfo(
        "penyebut-bukan-persentase", W, MEANING,
        "Indikator {kode} berjenis {jenis}, tetapi kolom Penyebut diisi; Penyebut hanya dipakai untuk "
        "Jenis Persentase dan diabaikan di sini.",
        "Indicator {kode} is of Jenis {jenis}, but the Penyebut column is filled; Penyebut is used only for "
        "Jenis Persentase and is ignored here. Clear it, or correct the Jenis.",
    ),
    CodeInfo(
        "target-kosong", W, MEANING,
        "Target indikator {kode} kosong: capaian tidak dapat dihitung. Isi Target dari Perjanjian Kinerja"
        " atau SKP.",
        "The Target of indicator {kode} is blank: capaian cannot be computed. Enter the Target from the "
        "Perjanjian Kinerja or SKP.",
    ),
    CodeInfo(
        "target-nol", W, MEANING,
        "Target indikator {kode} bernilai 0: capaian tidak dapat dihitung. Periksa Target.",
        "The Target of indicator {kode} is 0: capaian cannot be computed. Check the Target.",
    ),
    CodeInfo(
        "bobot-negatif", W, MEANING,
        "Bobot indikator {kode} bernilai negatif ({value}); dengan bobot negatif capaian jabatan {jabatan} "
        "dihitung sebagai rata-rata biasa, tanpa bobot. Isi Bobot dengan angka 0 atau lebih.",
        "The Bobot of indicator {kode} is negative ({value}); with a negative weight the capaian of jabatan "
        "{jabatan} is the plain mean, without weights. Enter a Bobot of 0 or more.",
    ),
    CodeInfo(
        "bobot-tidak-lengkap", W, MEANING,
        "Bobot diisi untuk {terisi} dari {jumlah} indikator jabatan {jabatan}, tetapi kosong untuk {kode}; "
        "selama ada Bobot yang kosong, capaian jabatan dihitung sebagai rata-rata biasa, tanpa bobot. Isi "
        "Bobot semua indikator jabatan ini, atau kosongkan semuanya.",
        "Bobot is filled for {terisi} of the {jumlah} indicators of jabatan {jabatan} but blank for {kode}; "
        "while any Bobot is blank, the capaian of the jabatan is the plain mean, without weights. Fill "
        "in the Bobot of every indicator of this jabatan, or of none.",
    ),
    CodeInfo(
        "bobot-jumlah-nol", W, MEANING,
        "Semua Bobot indikator jabatan {jabatan} bernilai 0; capaian jabatan dihitung sebagai rata-rata "
        "biasa, tanpa bobot. Isi Bobot yang sebenarnya, atau kosongkan semuanya.",
        "Every Bobot of the indicators of jabatan {jabatan} is 0; the capaian of the jabatan is the plain "
        "mean, without weights. Enter the real weights, or leave them all blank.",
    ),
    CodeInfo(
        "batas-predikat-ganda", W, MEANING,
        "Batas Bawah {value} dipakai dua predikat, '{pertama}' dan '{kedua}'; hanya '{pertama}' (baris "
        "yang lebih atas) yang berlaku, '{kedua}' tidak pernah diberikan. Beri setiap predikat batas bawah "
        "yang berbeda.",
        "Batas Bawah {value} is used by two predikat, '{pertama}' and '{kedua}'; only '{pertama}' (the "
        "upper row) applies, '{kedua}' is never given. Give every predikat its own lower bound.",
    ),
    CodeInfo(
        "realisasi-negatif", E, MEANING,
        "{kolom} indikator {kode} bernilai negatif ({value}), padahal Jenis {jenis} adalah hitungan. "
        "Perbaiki angkanya; koreksi bulan lalu ditulis di bulan itu, bukan sebagai angka negatif.",
        "{kolom} of indicator {kode} is negative ({value}), but Jenis {jenis} is a count. Correct the "
        "number; a correction of an earlier month belongs in that month, not as a negative number.",
    ),
    CodeInfo(
        "target-negatif", E, MEANING,
        "{kolom} indikator {kode} bernilai negatif ({value}), padahal Jenis {jenis} adalah hitungan: "
        "capaian terhadap target negatif tidak bermakna (rumus PermenPAN-RB 8/2021 mengandaikan target "
        "positif). Perbaiki angkanya.",
        "{kolom} of indicator {kode} is negative ({value}), but Jenis {jenis} is a count: a capaian "
        "against a negative target means nothing (the PermenPAN-RB 8/2021 formulas assume a positive "
        "target). Correct the number.",
    ),
    CodeInfo(
        "realisasi-belum-diisi", W, MEANING,
        "Realisasi indikator {kode} belum diisi untuk bulan {bulan} (s.d. Bulan Pelaporan {pelaporan}). "
        "Capaian s.d. bulan itu dibiarkan kosong, bukan dianggap 0. Isi Realisasinya (0 bila memang nihil).",
        "Realisasi of indicator {kode} is blank for {bulan} (up to the reporting month {pelaporan}). "
        "Capaian up to that month is left blank, not taken as 0. Fill in the Realisasi (0 if truly nil).",
    ),
    CodeInfo(
        "realisasi-setelah-bulan-pelaporan", W, MEANING,
        "Realisasi indikator {kode} sudah diisi untuk bulan {bulan}, sesudah Bulan Pelaporan {pelaporan}; "
        "angka itu belum dihitung. Periksa Bulan Pelaporan di sheet Pengaturan, atau bulan pada baris ini.",
        "Realisasi of indicator {kode} is filled for {bulan}, after the reporting month {pelaporan}; it is "
        "not computed yet. Check Bulan Pelaporan on the Pengaturan sheet, or the month of this row.",
    ),
    CodeInfo(
        "target-bulan-kosong", W, MEANING,
        "Indikator {kode} dengan Agregasi kumulatif belum memiliki Target Bulan, sehingga Capaian Rencana"
        " dan predikat bulanan dihitung terhadap target tahunan. Isi Target Bulan di sheet Realisasi.",
        "Indicator {kode} (Agregasi kumulatif) has no Target Bulan, so Capaian Rencana and the monthly "
        "predikat are computed against the annual target. Fill in Target Bulan on the Realisasi sheet.",
    ),
    CodeInfo(
        "nilai-huruf-bukan-jenis-nilai", E, MEANING,
        "Nilai huruf '{value}' di kolom '{kolom}' hanya berlaku untuk indikator Jenis Nilai, sedangkan "
        "indikator {kode} berjenis {jenis}. Ketik angka.",
        "The letter grade '{value}' in column '{kolom}' is valid only for indicators of Jenis Nilai, but "
        "indicator {kode} is of Jenis {jenis}. Type a number.",
    ),
    CodeInfo(
        "nilai-huruf-tidak-aktif", E, MEANING,
        "Nilai huruf '{value}' dipakai, tetapi pengaturan Nilai Huruf SAKIP = Tidak. Ketik angka, atau "
        "ubah pengaturan Nilai Huruf SAKIP menjadi Ya.",
        "The letter grade '{value}' is used, but the setting Nilai Huruf SAKIP is Tidak. Type a number, or "
        "change the setting Nilai Huruf SAKIP to Ya.",
    ),
    CodeInfo(
        "persen-sebagai-pecahan", W, MEANING,
        "Realisasi {value} indikator Persentase {kode} tampak ditulis sebagai pecahan (0,91 untuk 91%), "
        "padahal targetnya dalam persen: dibaca sebagai {value}%, bukan {persen}% ({jumlah} sel Realisasi "
        "indikator ini begitu). Bila yang dimaksud {persen}%, ketik {persen}.",
        "Realisasi {value} of the Persentase indicator {kode} looks like a fraction (0.91 for 91%), "
        "while its target is in percent: read as {value}%, not {persen}% ({jumlah} Realisasi cells of "
        "this indicator are like that). If {persen}% was meant, type {persen}.",
    ),
    CodeInfo(
        "target-sebagai-pecahan", W, MEANING,
        "Target {value} indikator Persentase {kode} tampak ditulis sebagai pecahan (0,95 untuk 95%), "
        "padahal realisasinya dalam persen: capaian dihitung terhadap {value}%, bukan {persen}%, jadi "
        "sekitar seratus kali terlalu besar. Bila yang dimaksud {persen}%, ketik {persen}.",
        "Target {value} of the Persentase indicator {kode} looks like a fraction (0.95 for 95%), while its "
        "Realisasi is in percent: capaian is computed against {value}%, not {persen}%, about a hundred "
        "times too high. If {persen}% was meant, type {persen}.",
    ),
    CodeInfo(
        "persen-ambigu", W, MEANING,
        "Sel berformat persen menampilkan {reading}% (tersimpan {value}) untuk indikator Persentase {kode}, "
        "padahal persentase biasanya tidak melebihi 100%; dibaca sebagai {reading}. Bila yang dimaksud "
        "{alternatif}%, ketik {alternatif}% (atau ubah format sel menjadi angka biasa dan ketik "
        "{alternatif}).",
        "The cell has a percent format and shows {reading}% (it stores {value}) for the Persentase "
        "indicator {kode}, though a percentage rarely exceeds 100%; read as {reading}. If {alternatif}% "
        "was meant, type {alternatif}% (or change the cell format to a plain number and type "
        "{alternatif}).",
    ),
    CodeInfo(
        "persen-bukan-persentase", E, MEANING,
        "Sel berformat persen menampilkan {reading}% (tersimpan {value}), padahal indikator {kode} "
        "berjenis {jenis} dan angka ini bukan persentase: ikixl akan membacanya {reading}, seratus kali "
        "{alternatif}. Ubah format sel menjadi angka biasa dan ketik angkanya ({alternatif} bila itu yang "
        "dimaksud).",
        "The cell has a percent format and shows {reading}% (it stores {value}), but indicator {kode} is "
        "a {jenis} and this figure is no percentage: ikixl would read {reading}, a hundred times "
        "{alternatif}. Change the cell format to a plain number and type the figure ({alternatif} if that "
        "was meant).",
    ),
    CodeInfo(
        "realisasi-melebihi-penyebut", W, MEANING,
        "Realisasi {value} lebih besar daripada Penyebut {penyebut} pada indikator Persentase {kode}, "
        "sehingga persentasenya di atas 100%. Periksa apakah kedua angka tertukar atau Penyebut belum "
        "lengkap.",
        "Realisasi {value} is larger than the Penyebut {penyebut} of the Persentase indicator {kode}, so "
        "its percentage is above 100%. Check whether the two numbers are swapped or the Penyebut is "
        "incomplete.",
    ),
    # ------------------------------------------------------------------ cascade
    CodeInfo(
        "atasan-tidak-dikenal", E, CASCADE,
        "Kode Atasan '{value}' tidak ada di buku kerja ini (tidak ada sheet jabatan dengan Kode Jabatan "
        "itu). Perbaiki kodenya, atau tambahkan sheet jabatan atasan.",
        "Kode Atasan '{value}' is not in this workbook (no jabatan sheet has that Kode Jabatan). Correct "
        "the code, or add the atasan's jabatan sheet.",
    ),
    CodeInfo(
        "atasan-siklus", E, CASCADE,
        "Rantai atasan berputar: {rantai}. Jabatan tidak dapat menjadi atasan dirinya sendiri; perbaiki "
        "Kode Atasan.",
        "The atasan chain loops: {rantai}. A jabatan cannot be its own atasan; correct the Kode Atasan.",
    ),
    CodeInfo(
        "indikator-atasan-tidak-dikenal", E, CASCADE,
        "Indikator Atasan '{value}' tidak ditemukan di sheet jabatan mana pun. Isi dengan Kode Indikator "
        "milik atasan langsung, atau kosongkan.",
        "Indikator Atasan '{value}' was not found on any jabatan sheet. Enter a Kode Indikator of the "
        "direct atasan, or leave it blank.",
    ),
    CodeInfo(
        "indikator-atasan-salah-jabatan", E, CASCADE,
        "Indikator Atasan '{value}' milik jabatan {pemilik}, bukan milik atasan langsung jabatan ini "
        "({atasan}). Pilih indikator dari sheet atasan langsung, atau perbaiki Kode Atasan.",
        "Indikator Atasan '{value}' belongs to jabatan {pemilik}, not to this jabatan's direct atasan "
        "({atasan}). Choose an indicator from the direct atasan's sheet, or correct the Kode Atasan.",
    ),
    CodeInfo(
        "indikator-atasan-tidak-didukung", W, CASCADE,
        "Indikator {kode} tidak didukung oleh indikator bawahan mana pun: tidak ada indikator di sheet "
        "bawahan langsung ({bawahan}) yang menulis {kode} sebagai Indikator Atasan. Isi Indikator Atasan "
        "pada indikator bawahan yang mendukungnya.",
        "Indicator {kode} is supported by no subordinate indicator: no indicator on the sheets of the direct "
        "subordinates ({bawahan}) names {kode} as its Indikator Atasan. Fill in the Indikator Atasan of the "
        "subordinate indicators that support it.",
    ),
    CodeInfo(
        "indikator-tidak-mendukung", W, CASCADE,
        "Indikator {kode} tidak mendukung indikator atasan mana pun: Indikator Atasan kosong. Isi dengan "
        "Kode Indikator atasan langsung ({atasan}) yang didukungnya.",
        "Indicator {kode} supports no atasan indicator: its Indikator Atasan is blank. Enter the Kode "
        "Indikator of the direct atasan ({atasan}) that it supports.",
    ),
    # ------------------------------------------------------------------ consistency (across rows and sheets)
    CodeInfo(
        "kode-jabatan-ganda", E, CONSISTENCY,
        "Kode Jabatan '{value}' dipakai lebih dari satu sheet (juga di {lain}). Setiap jabatan harus "
        "memiliki kode yang berbeda.",
        "Kode Jabatan '{value}' is used on more than one sheet (also at {lain}). Give every jabatan a "
        "different code.",
    ),
    CodeInfo(
        "kode-indikator-ganda", E, CONSISTENCY,
        "Kode Indikator '{value}' dipakai lebih dari sekali (juga di {lain}). Beri setiap indikator kode "
        "yang berbeda.",
        "Kode Indikator '{value}' is used more than once (also at {lain}). Give every indicator a "
        "different code.",
    ),
    CodeInfo(
        "nama-sheet-beda-kode", W, CONSISTENCY,
        "Nama sheet '{sheet}' berbeda dengan Kode Jabatan '{value}'. Samakan nama sheet dengan Kode "
        "Jabatan agar mudah dicari.",
        "The sheet name '{sheet}' differs from its Kode Jabatan '{value}'. Rename the sheet to the Kode "
        "Jabatan so it is easy to find.",
    ),
    CodeInfo(
        "realisasi-indikator-tidak-dikenal", E, CONSISTENCY,
        "Kode Indikator '{value}' di sheet Realisasi tidak ada di sheet jabatan mana pun. Perbaiki "
        "kodenya sesuai tabel indikator.",
        "Kode Indikator '{value}' on the Realisasi sheet is not on any jabatan sheet. Correct the code to "
        "match the indicator table.",
    ),
    CodeInfo(
        "realisasi-ganda", E, CONSISTENCY,
        "Realisasi indikator {kode} bulan {bulan} diisi lebih dari sekali (juga di baris "
        "{baris_pertama}). Hapus salah satu baris.",
        "The realisasi of indicator {kode} for {bulan} is entered more than once (also in row "
        "{baris_pertama}). Delete one of the rows.",
    ),
    CodeInfo(
        "realisasi-bulan-kurang", W, CONSISTENCY,
        "Indikator {kode} tidak memiliki baris Realisasi untuk bulan: {bulan}. Tambahkan barisnya di "
        "sheet Realisasi (kosongkan Realisasi bila belum ada).",
        "Indicator {kode} has no Realisasi row for the months: {bulan}. Add those rows on the Realisasi "
        "sheet (leave Realisasi blank if there is none yet).",
    ),
    CodeInfo(
        "nama-indikator-beda", W, CONSISTENCY,
        "Nama indikator '{value}' di sheet Realisasi berbeda dengan nama di sheet {sheet_jabatan} "
        "('{nama}'). Periksa apakah Kode Indikator {kode} sudah benar.",
        "The indicator name '{value}' on the Realisasi sheet differs from the name on sheet "
        "{sheet_jabatan} ('{nama}'). Check that Kode Indikator {kode} is right.",
    ),
    CodeInfo(
        "capaian-usang", W, CONSISTENCY,
        "Capaian baris {baris} ({kode}, {bulan}) dihitung dari data yang sudah berubah sejak itu "
        "(Realisasi, Target Bulan, isian indikator atau Pengaturan); capaian indikator ini usang di "
        "{jumlah} baris ({daftar_bulan}). Jalankan ikixl compute lagi.",
        "The capaian of row {baris} ({kode}, {bulan}) was computed from data that has changed since "
        "(Realisasi, Target Bulan, the indicator's fields or Pengaturan); this indicator's capaian is "
        "stale in {jumlah} row(s) ({daftar_bulan}). Run ikixl compute again.",
    ),
    CodeInfo(
        "capaian-diubah", W, CONSISTENCY,
        "Nilai hitungan baris {baris} ({kode}, {bulan}) tidak sama dengan yang ditulis ikixl compute: "
        "Realisasi s.d. Bulan Ini, Capaian, Predikat atau Keterangan Capaian diubah atau dihapus dengan "
        "tangan, di {jumlah} baris indikator ini ({daftar_bulan}). Kolom-kolom itu diisi ikixl; jalankan "
        "ikixl compute untuk menuliskannya kembali.",
        "The computed values of row {baris} ({kode}, {bulan}) are not what ikixl compute wrote: "
        "Realisasi s.d. Bulan Ini, a capaian, Predikat or Keterangan Capaian was edited or cleared by "
        "hand, in {jumlah} row(s) of this indicator ({daftar_bulan}). ikixl fills those columns; run "
        "ikixl compute to write them again.",
    ),
    # ------------------------------------------------------------------ write (raised as WriteError)
    CodeInfo(
        "berkas-hanya-baca", E, WRITE,
        "{berkas} ditandai hanya-baca (read-only), jadi ikixl tidak menimpanya. Bila berkas itu memang "
        "boleh diubah, hilangkan tanda hanya-baca (Properties berkas); bila tidak, tulis hasilnya ke "
        "berkas lain dengan --output.",
        "{berkas} is marked read-only, so ikixl does not replace it. If the file may be changed, clear "
        "its read-only mark (the file's Properties); if not, write the result to another file with "
        "--output.",
    ),
    CodeInfo(
        "berkas-sedang-dibuka", E, WRITE,
        "{berkas} sedang dibuka di program lembar kerja (Excel, WPS atau LibreOffice) — ada berkas kunci "
        "{kunci}. Simpan dan tutup berkas itu dulu, lalu jalankan lagi. Jika berkas sudah ditutup, hapus "
        "berkas kuncinya.",
        "{berkas} is open in a spreadsheet program (Excel, WPS or LibreOffice) — there is a lock file "
        "{kunci}. Save and close that file first, then run again. If it is already closed, delete the "
        "lock file.",
    ),
    CodeInfo(
        "penulisan-akan-menghilangkan-data", E, WRITE,
        "ikixl tidak menulis ke {berkas}, karena penulisan akan merusak bagian buku kerja yang bukan "
        "milik ikixl: {rincian}. Berkas asli tidak diubah. Menulis ke salinan dengan --output juga "
        "ditolak, karena salinan itu akan rusak dengan cara yang sama. Perbaiki hal di atas pada buku "
        "kerja, lalu jalankan ikixl compute lagi.",
        "ikixl does not write to {berkas}, because writing would damage parts of the workbook that ikixl "
        "does not own: {rincian}. The original file is unchanged. Writing a copy with --output is refused "
        "too, since the copy would be damaged the same way. Fix the above in the workbook, then run "
        "ikixl compute again.",
    ),
    CodeInfo(
        "gagal-menulis", E, WRITE,
        "Gagal menulis {berkas}: {rincian}. Berkas asli tidak diubah. Periksa ruang disk, izin menulis di "
        "folder tujuan dan berkas masukannya, lalu coba lagi.",
        "Writing {berkas} failed: {rincian}. The original file is unchanged. Check the free disk space, "
        "the permission to write in the target folder and the input file, then try again.",
    ),
    CodeInfo(
        "format-berkas-tidak-didukung", E, WRITE,
        "ikixl tidak dapat menulis {berkas}: {alasan}. Gunakan nama berkas berakhiran {akhiran} (bila "
        "perlu, simpan dulu buku kerjanya sebagai Excel Workbook .xlsx).",
        "ikixl cannot write {berkas}: {alasan}. Use a file name ending in {akhiran} (if needed, first save "
        "the workbook as Excel Workbook .xlsx).",
    ),
    CodeInfo(
        "berkas-tidak-ditemukan", E, WRITE,
        "{jenis} {berkas} tidak ditemukan. Periksa nama dan letaknya, lalu coba lagi.",
        "{jenis} {berkas} was not found. Check its name and location, then try again.",
    ),
    CodeInfo(
        "lembar-realisasi-tidak-ada", E, WRITE,
        "Lembar {lembar} tidak ada di {berkas}, sehingga hasil hitung tidak dapat ditulis. Tambahkan "
        "lembar {lembar} dari templat ikixl (perintah: ikixl template), lalu jalankan lagi.",
        "Sheet {lembar} is missing from {berkas}, so the computed values cannot be written. Add the sheet "
        "{lembar} from the ikixl template (command: ikixl template), then run again.",
    ),
    CodeInfo(
        "judul-kolom-realisasi-tidak-ditemukan", E, WRITE,
        "Judul kolom lembar {lembar} (Kode Indikator, Bulan, …) tidak ditemukan di {baris} baris "
        "pertama. Kembalikan baris judul seperti pada templat ikixl, lalu jalankan lagi.",
        "The column headers of sheet {lembar} (Kode Indikator, Bulan, …) were not found in the first "
        "{baris} rows. Restore the header row as in the ikixl template, then run again.",
    ),
    CodeInfo(
        "berkas-berubah-sejak-dibaca", E, WRITE,
        "{berkas} disimpan lagi sesudah ikixl membacanya untuk dihitung (mungkin dari Excel, sementara "
        "ikixl bekerja): angka yang dihitung tidak lagi sesuai isinya, jadi tidak ditulis. Berkas itu "
        "dibiarkan apa adanya; jalankan ikixl compute lagi.",
        "{berkas} was saved again after ikixl read it for computing (perhaps from Excel while ikixl "
        "worked): the figures computed no longer match its content, so they were not written. The file "
        "was left as it is; run ikixl compute again.",
    ),
    CodeInfo(
        "berkas-berubah-sejak-dihitung", E, WRITE,
        "Lembar {lembar} berubah sejak dihitung ({rincian}). Baca dan hitung ulang berkasnya, lalu tulis "
        "lagi.",
        "Sheet {lembar} changed since it was computed ({rincian}). Read and compute the file again, then "
        "write again.",
    ),
    CodeInfo(
        "hasil-tulis-tidak-valid", E, WRITE,
        "Hasil tulis {berkas} tidak lolos pemeriksaan: {rincian}. Berkas asli tidak diubah; laporkan "
        "masalah ini kepada pengelola ikixl beserta berkasnya.",
        "The written {berkas} failed verification: {rincian}. The original file is unchanged; report this "
        "problem, with the file, to the ikixl maintainers.",
    ),
    CodeInfo(
        "isi-tidak-valid", E, WRITE,
        "Isi buku kerja {berkas} tidak valid: {rincian}. Perbaiki isinya, lalu tulis lagi.",
        "The content for workbook {berkas} is not valid: {rincian}. Correct the content, then write again.",
    ),
    CodeInfo(
        "salinan-sama-dengan-asli", E, WRITE,
        "Salinan bertanda {berkas} tidak boleh berkas yang diperiksa itu sendiri: ikixl tidak pernah mengubah "
        "berkas yang diperiksa. Pilih nama lain, misalnya {saran}.",
        "The annotated copy {berkas} must not be the checked file itself: ikixl never changes the file it "
        "checks. Choose another name, for example {saran}.",
    ),
    # ------------------------------------------------------------------ internal (ikixl's own fault)
    CodeInfo(
        "ikixl-gagal", E, INTERNAL,
        "ikixl gagal secara tak terduga saat memeriksa {berkas} ({rincian}). Ini kesalahan ikixl, bukan "
        "kesalahan berkas Anda; berkas lain tetap diperiksa. Laporkan masalah ini kepada pengelola ikixl "
        "beserta berkasnya.",
        "ikixl failed unexpectedly while checking {berkas} ({rincian}). This is a fault in ikixl, not in "
        "your file; the other files were still checked. Report this problem, with the file, to the ikixl "
        "maintainers.",
    ),
)

# fmt: on

#: code → :class:`CodeInfo`, in catalogue order.
CATALOGUE: dict[str, CodeInfo] = {info.code: info for info in _ENTRIES}


def render(code: str, params: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """The message of ``code`` in ``lang``, its template filled with ``params``.

    :class:`Text` parameters are rendered in ``lang``; a field missing from
    ``params`` renders as an empty string.

    Raises:
        KeyError: ``code`` is not in the catalogue (a programming error).
    """
    template = CATALOGUE[code].template(lang)
    fields: defaultdict[str, Any] = defaultdict(str)
    for key, param in params.items():
        fields[key] = param.in_language(lang) if isinstance(param, Text) else param
    return template.format_map(fields)


def issue_in_language(issue: Issue, lang: str) -> Issue:
    """``issue`` with its message rendered in ``lang`` (``"id"`` or ``"en"``); unchanged
    when it carries no parameters (an issue not made from the catalogue)."""
    if issue.params is None:
        return issue
    return replace(issue, message=render(issue.code, issue.params, lang))


def make_issue(
    code: str,
    *,
    sheet: str | None,
    cell: str | None,
    value: Any = None,
    lang: str = DEFAULT_LANGUAGE,
    **params: Any,
) -> Issue:
    """An :class:`~ikixl.report.Issue` from the catalogue.

    Args:
        code: a key of :data:`CATALOGUE`.
        sheet, cell: where (cell as ``H12``), None when unknown.
        value: the value found (shown as text; None for a blank cell).
        lang: the language of the message, ``"id"`` (default) or ``"en"``.
        **params: the template's other fields (:class:`Text` for words).

    Raises:
        KeyError: ``code`` is not in the catalogue (a programming error).
    """
    from ikixl import values

    info = CATALOGUE[code]
    shown = values.display(value)
    fields = {"value": shown if shown is not None else "", "sheet": sheet or "", **params}
    return Issue(
        code=code,
        severity=info.severity,
        sheet=sheet,
        cell=cell,
        value=shown,
        message=render(code, fields, lang),
        params=fields,
    )


_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def sort_issues(issues: list[Issue], sheet_names: list[str]) -> list[Issue]:
    """Whole-file issues first, then by sheet order, row, column (stable otherwise)."""
    order = {name: i for i, name in enumerate(sheet_names)}

    def key(issue: Issue) -> tuple[int, int, int, int]:
        if issue.sheet is None:
            return (0, 0, 0, 0)
        row = col = 0
        m = _CELL.match(issue.cell or "")
        if m:
            row = int(m.group(2))
            for ch in m.group(1):
                col = col * 26 + ord(ch) - 64
        return (1, order.get(issue.sheet, len(order)), row, col)

    return sorted(issues, key=key)


# --------------------------------------------------------------------------- listing and documentation
def catalogue_dict() -> dict[str, list[dict[str, str]]]:
    """``{"codes": [{"code", "severity", "category", "message_id", "message_en"}]}``, templates as written.

    This is what ``ikixl check --list-codes --format json`` prints.
    """
    return {
        "codes": [
            {
                "code": info.code,
                "severity": info.severity,
                "category": info.category,
                "message_id": info.message_id,
                "message_en": info.message_en,
            }
            for info in CATALOGUE.values()
        ]
    }


DOCS_PATH = "docs/issue-codes.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def catalogue_markdown() -> str:
    """The documentation table of every code (the text of ``docs/issue-codes.md``)."""
    lines = [
        "# Issue codes",
        "",
        "<!-- Generated from ikixl/catalogue.py by `python -m ikixl.catalogue docs/issue-codes.md`;"
        " do not edit by hand (tests/test_catalogue.py fails when this file is stale). -->",
        "",
        f"Every code ikixl reports ({len(CATALOGUE)} codes): `ikixl check` issues, files that cannot be read,"
        " and refused writes. The same list is printed by `ikixl check --list-codes` (add `--format json`"
        " for data). Messages are shown in Bahasa Indonesia by default and in English with `--lang en` or"
        " `IKIXL_LANG=en`. `{fields}` are filled in with what was found: `{value}` is the value of the cell,"
        " `{sheet}` its sheet.",
        "",
        "Severity: *error* stops `compute` and `recap` (exit code 1); *warning* does not. Categories: "
        + ", ".join(f"*{c}*" for c in CATEGORIES)
        + ".",
        "",
        "| code | severity | category | pesan | message |",
        "| --- | --- | --- | --- | --- |",
    ]
    for info in CATALOGUE.values():
        lines.append(
            f"| `{info.code}` | {info.severity} | {info.category} | {_cell(info.message_id)} |"
            f" {_cell(info.message_en)} |"
        )
    return "\n".join(lines) + "\n"


def write_docs(path: str) -> None:
    """Write :func:`catalogue_markdown` to ``path`` (UTF-8)."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(catalogue_markdown())


if __name__ == "__main__":  # pragma: no cover - regenerate the documentation table
    import sys

    write_docs(sys.argv[1] if len(sys.argv) > 1 else DOCS_PATH)
