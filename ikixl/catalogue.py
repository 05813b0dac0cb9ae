"""Every issue code ikixl can report: severity and Indonesian message template, defined once.

:data:`CATALOGUE` maps each stable kebab-case code to its severity (error or
warning) and a message template in Bahasa Indonesia that says what was found
and how to fix it.  :func:`make_issue` turns a code and its fields into an
:class:`~ikixl.report.Issue`; :func:`sort_issues` puts issues in the order a
clerk reads the workbook.  The cross-sheet rules (:mod:`ikixl.check`), the
table schemas (:mod:`ikixl.schema`) and the reader's notes
(:mod:`ikixl.values`) all report through this catalogue.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ikixl import values
from ikixl.report import ERROR, WARNING, Issue

E, W = ERROR, WARNING

#: code → (severity, message template).  Templates use ``str.format`` fields;
#: ``{value}`` is the value found, ``{kolom}`` the column label.
CATALOGUE: dict[str, tuple[str, str]] = {
    # ---- structure
    "sheet-wajib-tidak-ada": (
        E,
        "Sheet '{nama}' tidak ditemukan. Tambahkan sheet '{nama}' dari templat ikixl (perintah: ikixl "
        "template) dan jangan mengganti namanya.",
    ),
    "sheet-jabatan-tidak-ada": (
        E,
        "Tidak ada sheet jabatan (formulir IKI) di buku kerja ini. Setiap jabatan membutuhkan satu sheet "
        "dengan isian Kode Jabatan dan tabel Indikator Kinerja seperti pada templat ikixl.",
    ),
    "header-tidak-ditemukan": (
        E,
        "Baris judul tabel {tabel} tidak ditemukan di sheet '{sheet}' (dicari di {baris} baris pertama). "
        "Pastikan judul kolom seperti {contoh} ada dalam satu baris.",
    ),
    "kolom-wajib-tidak-ada": (
        E,
        "Kolom '{kolom}' tidak ditemukan di tabel {tabel} sheet '{sheet}'. Tambahkan kolom dengan judul "
        "'{kolom}' pada baris judul tabel.",
    ),
    "kolom-tidak-ada": (
        W,
        "Kolom '{kolom}' tidak ditemukan di tabel {tabel} sheet '{sheet}'; isian kolom itu dianggap "
        "kosong. Tambahkan kolom '{kolom}' bila diperlukan.",
    ),
    "isian-jabatan-tidak-ada": (
        E,
        "Isian '{kolom}' tidak ditemukan di bagian atas sheet '{sheet}'. Tulis label '{kolom}' di kolom A"
        " dan isinya di kolom B, seperti pada templat.",
    ),
    "pengaturan-tidak-ada": (
        W,
        "Pengaturan '{kolom}' tidak ditemukan di sheet Pengaturan; dipakai nilai bawaan ({bawaan}). "
        "Tambahkan baris '{kolom}' bila ingin mengubahnya.",
    ),
    "predikat-tidak-ada": (
        W,
        "Tabel Predikat tidak ditemukan atau kosong di sheet Pengaturan; dipakai tabel bawaan (Sangat "
        "Tinggi ≥ 91, Tinggi ≥ 76, Sedang ≥ 66, Rendah ≥ 51, Sangat Rendah).",
    ),
    "versi-format-tidak-dikenal": (
        E,
        "Versi Format '{value}' tidak dikenal; ikixl ini membaca versi {versi}. Gunakan templat ikixl "
        "yang sesuai, atau kembalikan nilainya ke {versi}.",
    ),
    "jabatan-tanpa-indikator": (
        W,
        "Sheet '{sheet}' belum berisi indikator. Isi tabel Indikator Kinerja (minimal Kode Indikator, "
        "Indikator Kinerja dan Jenis).",
    ),
    # ---- cells (schema)
    "isian-wajib-kosong": (E, "Kolom '{kolom}' wajib diisi tetapi kosong. Isi sel ini."),
    "angka-tidak-valid": (
        E,
        "Kolom '{kolom}' harus berisi angka, ditemukan '{value}'. Ketik angka saja (desimal dengan koma, "
        "misalnya 75,5), atau kosongkan bila belum ada.",
    ),
    "target-tidak-valid": (
        E,
        "Target '{value}' tidak dapat dibaca. Ketik angka (misalnya 10 atau 75,5), rentang (misalnya "
        "80-90), atau nilai huruf SAKIP (AA, A, BB, B, CC, C, D) untuk Jenis Nilai.",
    ),
    "bulan-tidak-valid": (
        E,
        "Bulan '{value}' tidak dikenal. Isi nama bulan (Januari–Desember) atau angka 1–12.",
    ),
    "pilihan-tidak-valid": (
        E,
        "Isian '{value}' tidak ada dalam daftar pilihan kolom '{kolom}'. Pilih salah satu: {pilihan}.",
    ),
    "nip-bukan-teks": (
        E,
        "NIP diketik sebagai angka ({value}) sehingga digit terakhirnya hilang (Excel hanya menyimpan 15 "
        "digit angka); ketik ulang NIP sebagai teks (awali dengan tanda ').",
    ),
    "nip-tidak-valid": (
        E,
        "NIP '{value}' tidak valid: NIP terdiri atas 18 angka (ditemukan {jumlah} angka, atau ada huruf)."
        " Periksa dan ketik ulang NIP, misalnya 19680706 199403 1 013.",
    ),
    "nip-tanggal-tidak-valid": (
        W,
        "NIP '{value}' tidak memuat tanggal lahir, TMT pengangkatan atau kode jenis kelamin yang masuk "
        "akal (format: tanggal lahir 8 angka, tahun-bulan pengangkatan 6 angka, 1/2, nomor urut 3 angka)."
        " Periksa NIP ini.",
    ),
    "kode-jabatan-ganda": (
        E,
        "Kode Jabatan '{value}' dipakai lebih dari satu sheet (juga di {lain}). Setiap jabatan harus "
        "memiliki kode yang berbeda.",
    ),
    "kode-indikator-ganda": (
        E,
        "Kode Indikator '{value}' dipakai lebih dari sekali (juga di {lain}). Beri setiap indikator kode "
        "yang berbeda.",
    ),
    "pengaturan-tidak-valid": (
        E,
        "Pengaturan '{kolom}' berisi '{value}' yang tidak dapat dibaca. Isi dengan {contoh}, atau "
        "kosongkan untuk memakai nilai bawaan.",
    ),
    "warna-tidak-valid": (
        W,
        "Warna '{value}' tidak dikenal di kolom '{kolom}'. Tulis kode warna #RRGGBB, misalnya #63BE7B; "
        "sementara dipakai warna bawaan.",
    ),
    # ---- sheets and cascade
    "nama-sheet-beda-kode": (
        W,
        "Nama sheet '{sheet}' berbeda dengan Kode Jabatan '{value}'. Samakan nama sheet dengan Kode "
        "Jabatan agar mudah dicari.",
    ),
    "atasan-tidak-dikenal": (
        E,
        "Kode Atasan '{value}' tidak ada di buku kerja ini (tidak ada sheet jabatan dengan Kode Jabatan "
        "itu). Perbaiki kodenya, atau tambahkan sheet jabatan atasan.",
    ),
    "atasan-siklus": (
        E,
        "Rantai atasan berputar: {rantai}. Jabatan tidak dapat menjadi atasan dirinya sendiri; perbaiki "
        "Kode Atasan.",
    ),
    "indikator-atasan-tidak-dikenal": (
        E,
        "Indikator Atasan '{value}' tidak ditemukan di sheet jabatan mana pun. Isi dengan Kode Indikator "
        "milik atasan langsung, atau kosongkan.",
    ),
    "indikator-atasan-salah-jabatan": (
        E,
        "Indikator Atasan '{value}' milik jabatan {pemilik}, bukan milik atasan langsung jabatan ini "
        "({atasan}). Pilih indikator dari sheet atasan langsung, atau perbaiki Kode Atasan.",
    ),
    # ---- Realisasi
    "realisasi-indikator-tidak-dikenal": (
        E,
        "Kode Indikator '{value}' di sheet Realisasi tidak ada di sheet jabatan mana pun. Perbaiki "
        "kodenya sesuai tabel indikator.",
    ),
    "realisasi-ganda": (
        E,
        "Realisasi indikator {kode} bulan {bulan} diisi lebih dari sekali (juga di baris "
        "{baris_pertama}). Hapus salah satu baris.",
    ),
    "realisasi-bulan-kurang": (
        W,
        "Indikator {kode} tidak memiliki baris Realisasi untuk bulan: {bulan}. Tambahkan barisnya di "
        "sheet Realisasi (kosongkan Realisasi bila belum ada).",
    ),
    "nama-indikator-beda": (
        W,
        "Nama indikator '{value}' di sheet Realisasi berbeda dengan nama di sheet {sheet_jabatan} "
        "('{nama}'). Periksa apakah Kode Indikator {kode} sudah benar.",
    ),
    "penyebut-campur": (
        E,
        "Indikator {kode} (Persentase) memakai Penyebut pada sebagian bulan saja. Isi Penyebut untuk "
        "setiap bulan yang ada realisasinya, atau kosongkan semuanya dan isi Realisasi sebagai persen.",
    ),
    "persentase-kumulatif-tanpa-penyebut": (
        E,
        "Indikator {kode} berjenis Persentase tanpa Penyebut tidak dapat dijumlahkan (Agregasi "
        "kumulatif). Isi Penyebut tiap bulan di sheet Realisasi, atau ganti Agregasi menjadi posisi akhir"
        " atau rata-rata.",
    ),
    "penyebut-nol": (
        E,
        "Penyebut 0 padahal Realisasi {realisasi}: persentase tidak dapat dihitung. Isi Penyebut dengan "
        "jumlah seluruhnya (lebih dari 0).",
    ),
    "penyebut-bukan-persentase": (
        W,
        "Indikator {kode} berjenis {jenis}, tetapi kolom Penyebut diisi; Penyebut hanya dipakai untuk "
        "Jenis Persentase dan diabaikan di sini.",
    ),
    "target-kosong": (
        W,
        "Target indikator {kode} kosong: capaian tidak dapat dihitung. Isi Target dari Perjanjian Kinerja"
        " atau SKP.",
    ),
    "target-nol": (W, "Target indikator {kode} bernilai 0: capaian tidak dapat dihitung. Periksa Target."),
    "target-bulan-kosong": (
        W,
        "Indikator {kode} dengan Agregasi kumulatif belum memiliki Target Bulan, sehingga Capaian Rencana"
        " dan predikat bulanan dihitung terhadap target tahunan. Isi Target Bulan di sheet Realisasi.",
    ),
    "nilai-huruf-bukan-jenis-nilai": (
        E,
        "Nilai huruf '{value}' di kolom '{kolom}' hanya berlaku untuk indikator Jenis Nilai, sedangkan "
        "indikator {kode} berjenis {jenis}. Ketik angka.",
    ),
    "nilai-huruf-tidak-aktif": (
        E,
        "Nilai huruf '{value}' dipakai, tetapi pengaturan Nilai Huruf SAKIP = Tidak. Ketik angka, atau "
        "ubah pengaturan Nilai Huruf SAKIP menjadi Ya.",
    ),
    # ---- reader's interpretations
    "angka-teks-dibaca": (
        W,
        "Sel berisi teks '{value}', dibaca sebagai angka {reading}. Bila benar, ketik ulang sebagai angka"
        " agar tidak ragu (desimal dengan koma).",
    ),
    "angka-ambigu": (
        E,
        "Teks '{value}' dapat dibaca dua cara (mis. 1,234 = satu koma dua tiga empat, atau seribu dua "
        "ratus tiga puluh empat). Ketik ulang sebagai angka: ribuan tanpa titik atau koma, desimal dengan"
        " koma.",
    ),
    "persen-format-dibaca": (
        W,
        "Sel berformat persen: tampil {reading}%, tersimpan {value}; dibaca sebagai {reading}. Bila "
        "maksudnya lain, ubah format sel menjadi angka biasa dan ketik ulang nilainya.",
    ),
    "kode-angka-dibaca": (
        W,
        "Kode '{value}' tersimpan sebagai angka, dibaca sebagai '{reading}'. Angka nol di depan mungkin "
        "sudah hilang; format sel sebagai Teks dan ketik ulang kodenya.",
    ),
    "fitur-diabaikan": (
        W,
        "Sebagian isi buku kerja diabaikan saat dibaca ({reading}). Pemeriksaan tetap berjalan; fitur ini"
        " mungkin tidak terbawa bila berkas ditulis ulang oleh ikixl.",
    ),
}


def make_issue(code: str, *, sheet: str | None, cell: str | None, value: Any = None, **params: Any) -> Issue:
    """An :class:`~ikixl.report.Issue` from the catalogue.

    Args:
        code: a key of :data:`CATALOGUE`.
        sheet, cell: where (cell as ``H12``), None when unknown.
        value: the value found (shown as text; None for a blank cell).
        **params: the template's other fields.

    Raises:
        KeyError: ``code`` is not in the catalogue (a programming error).
    """
    severity, template = CATALOGUE[code]
    shown = values.display(value)
    fields = defaultdict(str, {"value": shown if shown is not None else "", "sheet": sheet or "", **params})
    return Issue(
        code=code, severity=severity, sheet=sheet, cell=cell, value=shown, message=template.format_map(fields)
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
