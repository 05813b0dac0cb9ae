"""The Petunjuk (instructions) sheet's text: what clerks read before filling a workbook.

:data:`KETERANGAN_KOLOM` explains every column of the layout, and
:func:`paragraphs` builds the whole sheet's text from it and from
:mod:`ikixl.layout` (sheet names, header rows, closed lists), so the
instructions cannot drift from the format.  All text is in Bahasa Indonesia.
How the text looks (fonts, widths, row heights) is decided by
:mod:`ikixl.template`, which writes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ikixl import layout

__all__ = ["KETERANGAN_KOLOM", "paragraphs"]

#: Pengaturan rows named in the paragraph on the Pengaturan sheet.
_IDENTITAS_SETTINGS = ("perangkat_daerah", "tahun", "tempat", "bulan_pelaporan")

#: What each column means, for clerks.  Keyed by layout keys; a test checks that
#: every layout column has an entry, so a new column cannot go unexplained.
KETERANGAN_KOLOM: dict[str, str] = {
    # jabatan header block
    "kode_jabatan": "kode singkat jabatan, sama dengan nama lembar ini (mis. SEK, SK-PPK). Huruf, angka dan "
                    "tanda hubung; paling banyak 31 karakter; tanpa [ ] : * ? / \\.",
    "nama_jabatan": "nama jabatan seperti pada formulir IKI.",
    "unit_kerja": "Sekretariat, Bidang, Sub Bagian atau Seksi tempat jabatan berada.",
    "kode_atasan": "Kode Jabatan atasan langsung (nama lembar atasan). Kosongkan hanya untuk pimpinan "
                   "tertinggi (mis. Kepala Dinas).",
    "nama_pemangku": "nama pejabat/pegawai pemangku jabatan.",
    "nip": "18 digit, ketik tanpa spasi atau seperti 19680706 199403 1 013. Sel sudah berformat teks; jika "
           "NIP tampil seperti 1,96807E+17, NIP sudah rusak: ketik ulang sebagai teks.",
    "pangkat_golongan": "mis. Pembina Tk. I (IV/b).",
    "tugas": "uraian tugas jabatan (satu paragraf).",
    "fungsi": "daftar fungsi, satu fungsi per baris (Alt+Enter untuk baris baru di Excel).",
    # indicator table
    "no": "nomor urut indikator di lembar ini (1, 2, 3, ...).",
    "kode_indikator": "kode unik indikator: <Kode Jabatan>.<No>, mis. SEK.1. Kode ini dipakai di lembar "
                      "Realisasi dan pada kolom Indikator Atasan bawahan.",
    "sasaran": "sasaran program / kegiatan / sub kegiatan / aktivitas yang didukung indikator.",
    "indikator_kinerja": "rumusan indikator kinerja.",
    "cara_perhitungan": "rumus atau penjelasan cara menghitung, mis. Jumlah kegiatan terealisasi / Jumlah "
                        "kegiatan yang harus dilaksanakan x 100%.",
    "jenis": "pilih Jumlah (hitungan: dokumen, laporan, orang), Persentase, atau Nilai (skor dari pihak "
             "lain, mis. Nilai Akuntabilitas Kinerja; huruf SAKIP AA, A, BB, B, CC, C, D boleh dipakai).",
    "satuan": "satuan target dan realisasi: Dokumen, Laporan, Orang, %, Nilai, ...",
    "target": "target tahunan dalam satuan indikator: angka (12), rentang (80-90) atau huruf SAKIP (BB). "
              "Untuk Persentase tulis angka persen: 95 berarti 95 %. Jika kosong, capaian tidak dapat "
              "dihitung (peringatan).",
    "arah": "naik = makin tinggi makin baik (biasa); turun = makin rendah makin baik (waktu, biaya, "
            "pengaduan). Kosong berarti naik.",
    "agregasi": "cara menggabungkan bulan: kumulatif (dijumlahkan, mis. laporan yang dibuat), posisi akhir "
                "(angka bulan terakhir, mis. jumlah pegawai yang digaji), rata-rata. Jika kosong: Jumlah → "
                "kumulatif; Persentase → kumulatif bila memakai Penyebut, posisi akhir bila tidak; "
                "Nilai → posisi akhir.",
    "bobot": "boleh kosong. Jika diisi, capaian jabatan adalah rata-rata berbobot capaian indikatornya.",
    "indikator_atasan": "Kode Indikator milik atasan langsung yang didukung indikator ini (cascading), "
                        "mis. SEK.1. Harus indikator di lembar atasan langsung.",
    "sumber_data": "dokumen atau sistem sumber data, satu per baris.",
    # Realisasi
    "bulan": "nama bulan (Januari ... Desember) dari daftar, atau angka 1-12. Satu baris per indikator per "
             "bulan.",
    "target_bulan": "rencana bulan itu (boleh kosong). Jika diisi, ikixl menghitung Capaian Rencana: untuk "
                    "kumulatif dibandingkan dengan jumlah Target Bulan s.d. bulan itu, untuk posisi akhir "
                    "dengan Target Bulan bulan itu, untuk rata-rata dengan rata-ratanya.",
    "realisasi": "hasil bulan itu dalam satuan indikator. Persentase dengan Penyebut: isi pembilangnya "
                 "(mis. 16 kegiatan terealisasi). Persentase tanpa Penyebut: isi angka persen langsung "
                 "(75 berarti 75 %).",
    "penyebut": "hanya untuk Persentase, boleh kosong: penyebut rumus (mis. 18 kegiatan yang harus "
                "dilaksanakan). Dengan Penyebut, ikixl menghitung jumlah pembilang / jumlah penyebut x 100, "
                "bukan rata-rata persen bulanan. Dalam satu indikator, isi Penyebut di semua bulan atau "
                "tidak sama sekali. Tanpa Penyebut, Agregasi kumulatif tidak boleh dipakai.",
    "keterangan": "catatan atau bukti (nomor dokumen, tautan).",
    # computed
    "realisasi_sd": "realisasi dari Januari sampai bulan baris itu, digabung menurut Agregasi.",
    "capaian_bulan_pct": "realisasi bulan itu dibandingkan dengan Target Bulan bulan itu.",
    "capaian_tahunan_pct": "realisasi s.d. bulan itu dibandingkan dengan Target tahunan.",
    "capaian_rencana_pct": "realisasi s.d. bulan itu dibandingkan dengan rencana s.d. bulan itu (dari "
                           "Target Bulan); kosong bila Target Bulan tidak diisi.",
    "predikat": "predikat menurut Tabel Predikat di Pengaturan, dari Capaian Rencana bila ada, bila tidak "
                "dari Capaian Tahunan.",
    "keterangan_capaian": "alasan bila capaian kosong (mis. target belum diisi), atau catatan perhitungan.",
    "realisasi_dihitung": "(tersembunyi) salinan Realisasi saat terakhir dihitung; bila Realisasi diubah "
    "sesudahnya, capaian baris itu ditandai abu-abu sampai ikixl compute dijalankan lagi.",
    "sidik_data": "(tersembunyi) sidik data yang dipakai menghitung baris ini; ikixl check memakainya untuk "
    "menandai capaian yang sudah usang.",
}


def paragraphs(
    tambahan: Sequence[str] = (),
    predikat: Sequence[tuple[Any, str, str, str]] = layout.PREDIKAT_DEFAULT,
) -> list[tuple[str, str]]:
    """The Petunjuk sheet's text, top to bottom.

    Args:
        tambahan: extra paragraphs put first, as notes (e.g. "the numbers in
            this example are illustrative").
        predikat: the workbook's predikat bands ``(lower bound in percent
            points, label, fill, font)`` from the top band down, quoted in the
            paragraph on predikat.

    Returns:
        ``(style, text)`` pairs: style ``t`` title, ``h`` heading, ``p``
        paragraph, ``n`` note.
    """
    lay = layout
    settings = {s.key: s for s in lay.SETTINGS}
    jenis, arah, agregasi = lay.JENIS, lay.ARAH, lay.AGREGASI
    out: list[tuple[str, str]] = [("t", f"PETUNJUK PENGISIAN BUKU KERJA {lay.JABATAN_TITLE}")]
    out += [("n", text) for text in tambahan]
    out += [
        ("p", f"Buku kerja ini mengikuti format ikixl versi {lay.FORMAT_VERSION}. Isi sel yang disediakan. "
              "Jangan mengganti nama lembar (sheet), jangan mengubah, memindahkan atau menghapus judul kolom "
              "dan label, dan jangan menyisipkan baris atau kolom di atas atau di kiri tabel: ikixl membaca "
              "isi buku kerja dari letak dan judul tersebut."),
        ("h", "Lembar-lembar"),
        ("p", f"• {lay.SHEET_PETUNJUK}: petunjuk ini."),
        ("p", f"• {lay.SHEET_PENGATURAN}: {', '.join(settings[k].label for k in _IDENTITAS_SETTINGS)} "
              f"dan kebijakan perhitungan (kolom {lay.PENGATURAN_HEADERS[2]} menjelaskan setiap baris), lalu "
              f"{lay.PREDIKAT_CAPTION}. Di kanan ada {lay.DAFTAR_CAPTION}: sumber pilihan (dropdown)."),
        ("p", "• Satu lembar untuk setiap jabatan. Nama lembar = Kode Jabatan. Untuk menambah jabatan, salin "
              "lembar jabatan (klik kanan nama lembar → Pindahkan atau Salin → Buat salinan), ganti nama "
              "lembar dengan Kode Jabatan baru, lalu isi."),
        ("p", f"• {lay.SHEET_REALISASI}: realisasi bulanan, satu baris per indikator per bulan."),
        ("p", f"• {lay.SHEET_CASCADING} dan {lay.SHEET_HASIL_PEMERIKSAAN} dibuat oleh ikixl; jangan memakai "
              "nama itu untuk lembar jabatan."),
        ("h", f"Lembar jabatan: identitas (baris {lay.JABATAN_FIELDS_FIRST_ROW}–"
              f"{lay.JABATAN_FIELDS_FIRST_ROW + len(lay.JABATAN_FIELDS) - 1}, label di kolom "
              f"{lay.column_letter(lay.JABATAN_LABEL_COL)}, isi di kolom "
              f"{lay.column_letter(lay.JABATAN_VALUE_COL)})"),
        *[("p", f"• {c.label}: {KETERANGAN_KOLOM[c.key]}") for c in lay.JABATAN_FIELDS],
        ("h", f"Lembar jabatan: tabel {lay.INDIKATOR_CAPTION} (judul kolom di baris "
              f"{lay.INDIKATOR_HEADER_ROW}, satu indikator per baris di bawahnya)"),
        *[("p", f"• {c.label}: {KETERANGAN_KOLOM[c.key]}") for c in lay.INDIKATOR_COLUMNS],
        ("h", f"Lembar {lay.SHEET_REALISASI} (judul kolom di baris {lay.REALISASI_HEADER_ROW})"),
        *[("p", f"• {c.label}: {KETERANGAN_KOLOM[c.key]}") for c in lay.REALISASI_INPUT_COLUMNS],
        ("h", "Kolom yang diisi ikixl (abu-abu)"),
        ("p", f"Perintah ikixl compute menghitung sampai {settings['bulan_pelaporan'].label} di "
              f"{lay.SHEET_PENGATURAN} dan menulis kolom abu-abu di {lay.SHEET_REALISASI}, serta lembar "
              f"{lay.SHEET_CASCADING}; perintah ikixl check menulis daftar masalah. Isian Anda tidak "
              "diubah."),
        *[("p", f"• {c.label}: {KETERANGAN_KOLOM[c.key]}") for c in lay.REALISASI_COMPUTED_COLUMNS],
        ("h", "Cara menghitung capaian"),
        ("p", "Capaian ditulis dalam poin persen: 87,5 berarti 87,5 % (bukan 0,875)."),
        ("p", f"• Arah {arah[0]}: capaian = realisasi / target x 100. Contoh: target 12, realisasi 9 → "
              "75 %."),
        ("p", f"• Arah {arah[1]}: capaian = (2 − realisasi / target) x 100. Contoh: target 8, realisasi 9 → "
              "87,5 %; target 7, realisasi 6,5 → 107,1 % (PermenPAN-RB 8/2021)."),
        ("p", "• Target rentang (80-90): realisasi di dalam rentang → 100 %; di bawah → dibandingkan dengan "
              "batas bawah (70 terhadap 80-90 → 87,5 %); di atas → dengan batas atas."),
        ("p", "• Target kosong atau 0: capaian tidak dihitung (sel kosong dengan keterangan), bukan 0."),
        ("p", f"• {jenis[1]}: dengan Penyebut, isi pembilang di Realisasi dan penyebut di Penyebut; tanpa "
              "Penyebut, isi angka persen langsung. Jangan mencampur keduanya dalam satu indikator."),
        ("p", f"• {jenis[2]}: angka, atau huruf SAKIP bila {settings['nilai_huruf_sakip'].label} = Ya "
              "(AA 95, A 85, BB 75, B 65, CC 55, C 40, D 15)."),
        ("p", f"• Agregasi {agregasi[0]}: dijumlahkan; {agregasi[1]}: angka bulan terakhir yang diisi; "
              f"{agregasi[2]}: dirata-ratakan. Pada bulan Maret indikator {agregasi[0]} yang baru mencapai "
              "25 % target tahunan bisa saja sesuai rencana: isi Target Bulan agar Capaian Rencana "
              "terhitung."),
        ("p", f"• Predikat memakai {lay.PREDIKAT_CAPTION} di {lay.SHEET_PENGATURAN}: capaian ≥ batas bawah "
              "sebuah baris masuk predikat baris itu (baris tertinggi yang terpenuhi). "
              + "; ".join(f"≥ {b[0]} {b[1]}" for b in predikat) + "."),
        ("p", "• Capaian jabatan = rata-rata capaian indikatornya (berbobot bila Bobot diisi); indikator "
              "tanpa capaian dihitung terpisah."),
        ("h", "Angka dan teks"),
        ("p", "Ketik angka sebagai angka (75 atau 75,5 sesuai pengaturan regional komputer). Kode (Kode "
              "Jabatan, Kode Atasan, Kode Indikator, Indikator Atasan) dan NIP disimpan sebagai teks."),
    ]
    return out
