"""Checking an IKI workbook: every problem, as data, at the cell a clerk must fix.

:func:`check_workbook` runs the table schemas (:mod:`ikixl.schema`) and the
rules that span sheets: required sheets, unique codes, the atasan chain, the
indicator cascade, Realisasi rows against indicators, the DOMAIN.md
policies on Persentase, targets and Target Bulan, and capaian computed from
data changed since (Sidik Data, :mod:`ikixl.provenance`).  It never stops at
the first problem and never raises for a problem *in* the workbook; only an
unreadable file raises (:class:`~ikixl.errors.WorkbookError`, from the reader).

Issue codes are defined once, in :data:`ikixl.catalogue.CATALOGUE`, with their
severity, category and a message template in Bahasa Indonesia and in English
that says what was found and how to fix it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikixl import layout, values
from ikixl.catalogue import DEFAULT_LANGUAGE, Text, issue_in_language, make_issue, sort_issues
from ikixl.files import lock_files
from ikixl.model import frame_rows
from ikixl.realisasi_rules import (
    COUNTS,
    letter_issues,
    negative_target,
    realisasi_issues,
    stale_capaian_issues,
)
from ikixl.report import Issue, Report
from ikixl.sheetcheck import ambiguous_percents, sheet_issues

if TYPE_CHECKING:
    from ikixl.model import IkiWorkbook


# --------------------------------------------------------------------------- entry point
def check_workbook(
    source: str | Path | IkiWorkbook,
    *,
    lang: str = DEFAULT_LANGUAGE,
    sidik: Sequence[str | None] | None = None,
) -> Report:
    """Check an IKI workbook and report every problem found.

    Args:
        source: a path to an ``.xlsx`` file, or a workbook already read by
            :func:`ikixl.reader.read_workbook`.
        lang: the language of the messages: ``"id"`` (Bahasa Indonesia, the
            default) or ``"en"`` (English).  Codes and everything else are the
            same in both.
        sidik: the Sidik Data of the workbook's Realisasi rows as they are now
            (:func:`ikixl.provenance.fingerprints`), when already made; made here when
            needed (some Sidik Data cell is filled) and not given.

    Returns:
        A :class:`~ikixl.report.Report`: ``jabatan`` = number of jabatan
        sheets, ``indikator`` = number of indicator rows, ``issues`` sorted by
        sheet order, then row, then column (whole-file issues first).  Codes
        and severities are those of :data:`ikixl.catalogue.CATALOGUE`.

    Raises:
        WorkbookError: the file is not a readable ``.xlsx`` (from the reader);
            ``exc.message_in(lang)`` gives its message in ``lang``.
        ValueError: ``lang`` is neither ``"id"`` nor ``"en"``.
    """
    from ikixl.catalogue import LANGUAGES
    from ikixl.model import IkiWorkbook

    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    from ikixl.reader import read_workbook

    wb = source if isinstance(source, IkiWorkbook) else read_workbook(source)
    # pandera (and pandas) only once the file is known to be a workbook: a file refused
    # by its bytes or its zip directory is reported without importing either.
    from ikixl.schema import schema_issues

    issues: list[Issue] = []
    for lock in lock_files(wb.path):
        issues.append(make_issue("berkas-sedang-terbuka", sheet=None, cell=None, berkas=wb.path.name,
                                 kunci=lock.name))
    issues += _extension_issues(wb.path)
    issues += _structure_issues(wb)
    issues += sheet_issues(wb)
    issues += schema_issues(wb)
    issues += _note_issues(wb)
    issues += _jabatan_issues(wb)
    issues += _indikator_issues(wb)
    issues += _bobot_issues(wb)
    issues += _predikat_issues(wb)
    issues += _cascade_support_issues(wb)
    issues += realisasi_issues(wb)
    issues += stale_capaian_issues(wb, sidik)
    if lang != DEFAULT_LANGUAGE:
        issues = [issue_in_language(issue, lang) for issue in issues]
    file = str(source if not isinstance(source, IkiWorkbook) else wb.path)
    return Report(
        file=file,
        jabatan=len(wb.jabatan_sheets),
        indikator=len(wb.indikator),
        issues=sort_issues(issues, wb.sheet_names),
    )


# --------------------------------------------------------------------------- structure
_JABATAN_FIELDS = Text("isian jabatan", "jabatan fields")
_TABLE_NAMES = {"indikator": "Indikator Kinerja", "realisasi": "Realisasi", "predikat": "Predikat"}
_TABLE_COLUMNS = {
    "indikator": layout.INDIKATOR_COLUMNS,
    "realisasi": layout.REALISASI_INPUT_COLUMNS,
    "predikat": layout.PREDIKAT_COLUMNS,
}
#: Columns whose cells may be blank but whose header must be there: without the
#: Realisasi column nothing can be computed, and a renamed header would silently
#: turn every number below it into "not filled".
_HEADER_REQUIRED = {("realisasi", "realisasi")}
#: Optional columns whose absence changes what can be computed (warned about).
_USEFUL = {
    "target",
    "arah",
    "agregasi",
    "bobot",
    "indikator_atasan",
    "target_bulan",
    "realisasi",
    "penyebut",
    "warna_teks",
}


#: What a file holds, by the extension Excel wants for it (:func:`ikixl.xlsx.content_suffix`).
_HOLDS = {
    ".xlsx": Text("buku kerja tanpa makro (Excel Workbook)", "a workbook without macros (Excel Workbook)"),
    ".xlsm": Text("buku kerja bermakro (Excel Macro-Enabled Workbook)", "a macro-enabled workbook"),
}


_REPLACED = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".xltx", ".xltm", ".ods", ".zip"})


def _extension_issues(path: Path) -> list[Issue]:
    """``ekstensi-tidak-sesuai-isi`` when a file's extension is not the one Excel wants for what
    it holds: an ``.xlsx`` holding a macro-enabled workbook, an ``.xlsm`` a plain one (a file
    renamed by hand), or a workbook named without ``.xlsx``/``.xlsm`` at all (``.xls``, none):
    Excel refuses to open it, and ikixl's output keeps the name.  Nothing when what it holds
    cannot be told."""
    from ikixl.xlsx import content_suffix

    wanted = content_suffix(path)
    suffix = path.suffix.lower()
    if wanted is None or wanted == suffix:
        return []
    # An extension of another spreadsheet or package is replaced; anything else after a dot is
    # part of the name ("IKI 2023.final" becomes "IKI 2023.final.xlsx").
    name = path.with_suffix(wanted).name if suffix in _REPLACED else path.name + wanted
    return [make_issue("ekstensi-tidak-sesuai-isi", sheet=None, cell=None, berkas=path.name,
                       ekstensi=path.suffix or Text("(tanpa ekstensi)", "(none)"), isi=_HOLDS[wanted],
                       nama=name)]


def _computed_header_issues(sheet: str | None, missing: list[str]) -> list[Issue]:
    """``kolom-hitung-tidak-ada`` for each computed column whose header is not found while another
    computed column's is (a header renamed past recognition or deleted: compute would add the
    column again at the end and leave the old figures under no header).  None before the first
    compute has placed any."""
    absent = [c for c in layout.REALISASI_COMPUTED_COLUMNS if c.key in missing]
    if not absent or len(absent) == len(layout.REALISASI_COMPUTED_COLUMNS):
        return []
    return [make_issue("kolom-hitung-tidak-ada", sheet=sheet, cell=None, kolom=c.label) for c in absent]


def _structure_issues(wb: IkiWorkbook) -> list[Issue]:
    issues: list[Issue] = []
    pengaturan_sheet = wb.sheet_named(layout.SHEET_PENGATURAN)
    realisasi_sheet = wb.sheet_named(layout.SHEET_REALISASI)
    renamed = wb.pengaturan_sheet() if pengaturan_sheet is None else None
    if renamed is not None:
        issues.append(make_issue("pengaturan-bernama-lain", sheet=renamed, cell=None,
                                 nama=layout.SHEET_PENGATURAN, judul=" | ".join(layout.PENGATURAN_HEADERS)))
        pengaturan_sheet = renamed  # its settings are checked as Pengaturan's, every one
    for name, present in (
        (layout.SHEET_PENGATURAN, pengaturan_sheet),
        (layout.SHEET_REALISASI, realisasi_sheet),
    ):
        if present is None:
            issues.append(make_issue("sheet-wajib-tidak-ada", sheet=None, cell=None, nama=name))
    if not wb.jabatan_sheets:
        issues.append(make_issue("sheet-jabatan-tidak-ada", sheet=None, cell=None))

    for table_key, keys in wb.missing_columns.items():
        table, _, sheet_name = table_key.partition(":")
        sheet: str | None = sheet_name or None
        if table == "pengaturan":
            for key in keys:
                setting = next(s for s in layout.SETTINGS if s.key == key)
                if setting.default in (None, ""):
                    bawaan: Text | str = Text("kosong", "blank")
                elif setting.kind == "month" and isinstance(setting.default, int):
                    bawaan = layout.BULAN[setting.default - 1]  # (as bulan-pelaporan-kosong: Januari, not 1)
                else:
                    bawaan = str(setting.default)
                issues.append(
                    make_issue(
                        "pengaturan-tidak-ada",
                        sheet=pengaturan_sheet,
                        cell=None,
                        kolom=setting.label,
                        bawaan=bawaan,
                    )
                )
            continue
        if table == "jabatan":
            for key in keys:
                column = next(c for c in layout.JABATAN_FIELDS if c.key == key)
                if column.required or key in ("kode_atasan",):
                    code = "isian-jabatan-tidak-ada" if column.required else "kolom-tidak-ada"
                    issues.append(
                        make_issue(code, sheet=sheet, cell=None, kolom=column.label, tabel=_JABATAN_FIELDS)
                    )
            continue
        columns = _TABLE_COLUMNS[table]
        sheet = sheet or (realisasi_sheet if table == "realisasi" else pengaturan_sheet)
        if table == "realisasi":
            issues += _computed_header_issues(sheet, keys)
        if table == "predikat":
            continue  # reported below with the table itself
        all_keys = layout.INDIKATOR_COLUMNS if table == "indikator" else layout.REALISASI_COLUMNS
        if set(keys) >= {c.key for c in all_keys}:
            from ikixl.reader import HEADER_SEARCH_ROWS

            contoh = ", ".join(f"'{c.label}'" for c in columns[:4])
            issues.append(
                make_issue(
                    "header-tidak-ditemukan",
                    sheet=sheet,
                    cell=None,
                    tabel=_TABLE_NAMES[table],
                    baris=HEADER_SEARCH_ROWS,
                    contoh=contoh,
                )
            )
            continue
        for column in columns:
            if column.key not in keys:
                continue
            if column.required or (table, column.key) in _HEADER_REQUIRED:
                issues.append(
                    make_issue(
                        "kolom-wajib-tidak-ada",
                        sheet=sheet,
                        cell=None,
                        kolom=column.label,
                        tabel=_TABLE_NAMES[table],
                    )
                )
            elif column.key in _USEFUL:
                issues.append(
                    make_issue(
                        "kolom-tidak-ada",
                        sheet=sheet,
                        cell=None,
                        kolom=column.label,
                        tabel=_TABLE_NAMES[table],
                    )
                )

    if pengaturan_sheet is not None:
        if wb.predikat.empty:
            issues.append(make_issue("predikat-tidak-ada", sheet=pengaturan_sheet, cell=None))
        if "bulan_pelaporan" in wb.pengaturan.index and wb.pengaturan.at["bulan_pelaporan", "value"] is None:
            bulan_sheet, cell = wb.cell("pengaturan", "bulan_pelaporan", "value")
            default = next(s.default for s in layout.SETTINGS if s.key == "bulan_pelaporan")
            issues.append(make_issue("bulan-pelaporan-kosong", sheet=bulan_sheet, cell=cell,
                                     bawaan=layout.BULAN[default - 1]))
        if "versi_format" in wb.pengaturan.index:
            versi = wb.pengaturan.at["versi_format", "value"]
            if isinstance(versi, int) and versi != layout.FORMAT_VERSION:
                versi_sheet, cell = wb.cell("pengaturan", "versi_format", "value")
                issues.append(
                    make_issue(
                        "versi-format-tidak-dikenal",
                        sheet=versi_sheet,
                        cell=cell,
                        value=versi,
                        versi=layout.FORMAT_VERSION,
                    )
                )
    return issues


def _note_issues(wb: IkiWorkbook) -> list[Issue]:
    """The reader's notes, at their cells; a percent reading that is ambiguous for its
    indicator replaces the plain percent note (:func:`ikixl.sheetcheck.ambiguous_percents`)."""
    issues: list[Issue] = []
    ambiguous = ambiguous_percents(wb)
    for note in wb.notes:
        replaced = ambiguous.get((note.table, note.index, note.key))
        if replaced is not None and note.code == values.NOTE_PERCENT_FORMAT:
            issues.append(replaced)
            continue
        sheet, cell = wb.cell(note.table, note.index, note.key)
        issues.append(make_issue(note.code, sheet=sheet, cell=cell, value=note.raw, reading=note.reading))
    return issues


# --------------------------------------------------------------------------- jabatan
def _jabatan_issues(wb: IkiWorkbook) -> list[Issue]:
    issues: list[Issue] = []
    jab = wb.jabatan
    codes = {k for k in jab["kode_jabatan"] if isinstance(k, str)} if not jab.empty else set()
    atasan_of: dict[str, str] = {}
    jab_rows = frame_rows(jab)
    for idx, row in jab_rows:
        kode, atasan, sheet = row["kode_jabatan"], row["kode_atasan"], row["sheet"]
        if isinstance(kode, str) and kode.casefold() != str(sheet).strip().casefold():
            _, cell = wb.cell("jabatan", idx, "kode_jabatan")
            issues.append(make_issue("nama-sheet-beda-kode", sheet=sheet, cell=cell, value=kode))
        if isinstance(atasan, str):
            if atasan not in codes:
                _, cell = wb.cell("jabatan", idx, "kode_atasan")
                issues.append(make_issue("atasan-tidak-dikenal", sheet=sheet, cell=cell, value=atasan))
            elif isinstance(kode, str):
                atasan_of.setdefault(kode, atasan)
    # cycles in the atasan chain
    for idx, row in jab_rows:
        kode = row["kode_jabatan"]
        if not isinstance(kode, str) or kode not in atasan_of:
            continue
        chain = [kode]
        current = atasan_of[kode]
        while current in atasan_of and current not in chain:
            chain.append(current)
            current = atasan_of[current]
        if current == kode:
            sheet, cell = wb.cell("jabatan", idx, "kode_atasan")
            issues.append(
                make_issue(
                    "atasan-siklus",
                    sheet=sheet,
                    cell=cell,
                    value=row["kode_atasan"],
                    rantai=" → ".join([*chain, kode]),
                )
            )
    # jabatan sheets without indicators
    has_indicators = set(wb.indikator["sheet"]) if not wb.indikator.empty else set()
    for sheet in wb.jabatan_sheets:
        if sheet not in has_indicators and f"indikator:{sheet}" not in wb.missing_columns:
            issues.append(make_issue("jabatan-tanpa-indikator", sheet=sheet, cell=None))
    return issues


# --------------------------------------------------------------------------- indikator
def _indikator_issues(wb: IkiWorkbook) -> list[Issue]:
    issues: list[Issue] = []
    ind = wb.indikator
    if ind.empty:
        return issues
    letters_on = wb.setting("nilai_huruf_sakip") == "Ya"
    owner: dict[str, Any] = {}
    ind_rows = frame_rows(ind)
    for _, row in ind_rows:
        if isinstance(row["kode_indikator"], str):
            owner.setdefault(row["kode_indikator"], row["kode_jabatan"])
    atasan_of = {}
    if not wb.jabatan.empty:
        atasan_of = {
            r["kode_jabatan"]: r["kode_atasan"]
            for _, r in frame_rows(wb.jabatan)
            if isinstance(r["kode_jabatan"], str)
        }
    for idx, row in ind_rows:
        sheet = row["sheet"]
        kode = row["kode_indikator"] or Text(f"baris {row['row']}", f"row {row['row']}")
        missing = wb.missing_columns.get(f"indikator:{sheet}", ())
        target = row["target"]
        if "target" not in missing:
            if target is None:
                _, cell = wb.cell("indikator", idx, "target")
                issues.append(make_issue("target-kosong", sheet=sheet, cell=cell, kode=kode))
            elif isinstance(target, Decimal) and target == 0:
                _, cell = wb.cell("indikator", idx, "target")
                issues.append(make_issue("target-nol", sheet=sheet, cell=cell, value=target, kode=kode))
            elif row["jenis"] in COUNTS and (negative := negative_target(target)) is not None:
                _, cell = wb.cell("indikator", idx, "target")
                issues.append(make_issue("target-negatif", sheet=sheet, cell=cell, value=negative,
                                         kolom="Target", kode=kode, jenis=row["jenis"]))
        issues += letter_issues(wb, "indikator", idx, "target", target, kode, row["jenis"], letters_on)
        link = row["indikator_atasan"]
        if isinstance(link, str):
            if link not in owner:
                _, cell = wb.cell("indikator", idx, "indikator_atasan")
                issues.append(
                    make_issue("indikator-atasan-tidak-dikenal", sheet=sheet, cell=cell, value=link)
                )
            elif isinstance(row["kode_jabatan"], str) and owner[link] is not None:
                # (a blank Kode Jabatan, here or at the owner, is reported already)
                atasan = atasan_of.get(row["kode_jabatan"])
                if owner[link] != atasan or atasan is None:
                    _, cell = wb.cell("indikator", idx, "indikator_atasan")
                    issues.append(
                        make_issue(
                            "indikator-atasan-salah-jabatan",
                            sheet=sheet,
                            cell=cell,
                            value=link,
                            pemilik=owner[link],
                            atasan=atasan if atasan else _NO_ATASAN,
                        )
                    )
    return issues


_NO_ATASAN = Text("jabatan ini tidak memiliki Kode Atasan", "this jabatan has no Kode Atasan")


# --------------------------------------------------------------------------- weights and bands
def _bobot_issues(wb: IkiWorkbook) -> list[Issue]:
    """Bobot that silently turn a jabatan's weighted mean into the plain mean
    (:func:`ikixl.compute.jabatan_capaian`: weights apply only when every indicator has a Bobot
    of 0 or more and they add up to more than 0): a negative Bobot, a Bobot left blank beside
    filled ones (once per jabatan, at its first blank Bobot), every Bobot 0 (at the first)."""
    issues: list[Issue] = []
    ind = wb.indikator
    if ind.empty or "bobot" not in ind.columns:
        return issues
    # A Bobot the reader could not take (a formula never calculated…) has its own issue already.
    noted = {n.index for n in wb.notes if n.table == "indikator" and n.key == "bobot"}
    by_jabatan: dict[str, list[tuple[Any, Any, Any, str]]] = defaultdict(list)
    columns = [ind[k].tolist() for k in ("kode_jabatan", "kode_indikator", "bobot", "sheet")]
    for idx, jabatan, kode, bobot, sheet in zip(ind.index.tolist(), *columns, strict=True):
        if isinstance(jabatan, str) and isinstance(kode, str) and "bobot" not in wb.missing_columns.get(
            f"indikator:{sheet}", ()
        ):
            by_jabatan[jabatan].append((idx, kode, bobot, sheet))
    for jabatan, rows in by_jabatan.items():
        for idx, kode, bobot, sheet in rows:
            if isinstance(bobot, Decimal) and bobot < 0:
                _, cell = wb.cell("indikator", idx, "bobot")
                issues.append(make_issue("bobot-negatif", sheet=sheet, cell=cell, value=bobot, kode=kode,
                                         jabatan=jabatan))
        blank = [row for row in rows if row[2] is None and row[0] not in noted]
        if blank and len(blank) < len(rows):
            idx, kode, _, sheet = blank[0]
            _, cell = wb.cell("indikator", idx, "bobot")
            issues.append(make_issue("bobot-tidak-lengkap", sheet=sheet, cell=cell, kode=kode,
                                     jabatan=jabatan, terisi=len(rows) - len(blank), jumlah=len(rows)))
        elif all(isinstance(row[2], Decimal) and row[2] == 0 for row in rows):
            idx, _, _, sheet = rows[0]
            _, cell = wb.cell("indikator", idx, "bobot")
            issues.append(make_issue("bobot-jumlah-nol", sheet=sheet, cell=cell, jabatan=jabatan))
    return issues


def _predikat_issues(wb: IkiWorkbook) -> list[Issue]:
    """Two predikat with one Batas Bawah: the lower row is never given (:func:`ikixl.capaian.predikat`
    takes the first band of the table among equal bounds)."""
    issues: list[Issue] = []
    table = wb.predikat
    if table.empty or not {"batas_bawah_pct", "predikat"} <= set(table.columns):
        return issues
    first: dict[Decimal, Any] = {}
    for idx, bound, label in zip(
        table.index.tolist(), table["batas_bawah_pct"].tolist(), table["predikat"].tolist(), strict=True
    ):
        if not isinstance(bound, Decimal):
            continue
        if bound in first:
            sheet, cell = wb.cell("predikat", idx, "batas_bawah_pct")
            issues.append(make_issue("batas-predikat-ganda", sheet=sheet, cell=cell, value=bound,
                                     pertama=first[bound], kedua=label))
        else:
            first[bound] = label
    return issues


# --------------------------------------------------------------------------- cascade support
def _cascade_support_issues(wb: IkiWorkbook) -> list[Issue]:
    """Gaps in the pohon kinerja that reviewers look for (DOMAIN.md, Cascading; PermenPAN-RB 89/2021).

    * ``indikator-atasan-tidak-didukung``: an indicator of an atasan that no
      indicator of a direct subordinate names as its Indikator Atasan, at the
      indicator's Kode Indikator cell.  Only for an atasan with at least one
      direct subordinate that has indicators (a jabatan without subordinates
      has nobody to be supported by).
    * ``indikator-tidak-mendukung``: an indicator whose Indikator Atasan is
      blank although its jabatan has an atasan with indicators, at the blank
      cell.  A root jabatan, or one whose atasan has no indicators (a Kepala
      Dinas whose IKI is kept elsewhere), has nothing to support.

    Both are warnings: the workbook can still be computed.  Left out, because
    they are reported already and their support cannot be judged: jabatan in
    an atasan cycle or with an unknown Kode Atasan, and jabatan sheets without
    an Indikator Atasan column.
    """
    issues: list[Issue] = []
    jab, ind = wb.jabatan, wb.indikator
    if jab.empty or ind.empty:
        return issues
    codes = {k for k in jab["kode_jabatan"] if isinstance(k, str)}
    atasan_of: dict[str, str] = {}
    for _, row in frame_rows(jab):
        kode, atasan = row["kode_jabatan"], row["kode_atasan"]
        if isinstance(kode, str) and isinstance(atasan, str) and atasan in codes:
            atasan_of.setdefault(kode, atasan)
    in_cycle: set[str] = set()
    for kode in atasan_of:
        seen = [kode]
        current = atasan_of[kode]
        while current in atasan_of and current not in seen:
            seen.append(current)
            current = atasan_of[current]
        if current == kode:
            in_cycle.add(kode)
    rows_of: dict[str, list[Any]] = defaultdict(list)
    ind_rec = dict(frame_rows(ind))
    for idx, row in ind_rec.items():
        if isinstance(row["kode_jabatan"], str):
            rows_of[row["kode_jabatan"]].append(idx)

    def linked(kode_jabatan: str) -> bool:
        """The jabatan's indicator sheets all have the Indikator Atasan column."""
        sheets = {ind_rec[i]["sheet"] for i in rows_of[kode_jabatan]}
        return not any("indikator_atasan" in wb.missing_columns.get(f"indikator:{s}", ()) for s in sheets)

    subordinates: dict[str, list[str]] = defaultdict(list)
    for kode, atasan in atasan_of.items():
        if kode not in in_cycle and atasan not in in_cycle and rows_of.get(kode) and rows_of.get(atasan):
            subordinates[atasan].append(kode)

    # an atasan indicator no subordinate indicator names
    for atasan, bawahan in subordinates.items():
        if not all(linked(k) for k in bawahan):
            continue
        supported = {ind_rec[i]["indikator_atasan"] for k in bawahan for i in rows_of[k]}
        for idx in rows_of[atasan]:
            kode = ind_rec[idx]["kode_indikator"]
            if isinstance(kode, str) and kode not in supported:
                sheet, cell = wb.cell("indikator", idx, "kode_indikator")
                issues.append(make_issue("indikator-atasan-tidak-didukung", sheet=sheet, cell=cell,
                                         value=kode, kode=kode, bawahan=", ".join(bawahan)))
    # a subordinate indicator that names no atasan indicator
    for atasan, bawahan in subordinates.items():
        for kode_jabatan in bawahan:
            if not linked(kode_jabatan):
                continue
            for idx in rows_of[kode_jabatan]:
                if ind_rec[idx]["indikator_atasan"] is not None:
                    continue
                row_no = ind_rec[idx]["row"]
                kode = ind_rec[idx]["kode_indikator"] or Text(f"baris {row_no}", f"row {row_no}")
                sheet, cell = wb.cell("indikator", idx, "indikator_atasan")
                issues.append(make_issue("indikator-tidak-mendukung", sheet=sheet, cell=cell, kode=kode,
                                         atasan=atasan))
    return issues
