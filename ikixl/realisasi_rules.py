"""Rules of the Realisasi sheet: each indicator's months against its jabatan sheet.

Duplicated and missing months, names that disagree, SAKIP letters where only
Jenis Nilai allows them, the DOMAIN.md policies on Persentase and Penyebut,
kumulatif without Target Bulan, negative counts, and months left blank up to
Bulan Pelaporan or filled after it.  Called by :func:`ikixl.check.check_workbook`;
every problem is an :class:`~ikixl.report.Issue` from the catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ikixl import layout, values
from ikixl.catalogue import make_issue
from ikixl.model import frame_rows
from ikixl.report import Issue

if TYPE_CHECKING:
    from ikixl.model import IkiWorkbook


def letter_issues(
    wb: IkiWorkbook, table: str, idx: Any, key: str, value: Any, kode: Any, jenis: Any, letters_on: bool
) -> list[Issue]:
    """A SAKIP letter is valid only for Jenis Nilai with the setting on (DOMAIN.md, policy)."""
    if values.sakip_letter(value) is None or not isinstance(jenis, str) or jenis not in layout.JENIS:
        return []
    if jenis == "Nilai" and letters_on:
        return []
    sheet, cell = wb.cell(table, idx, key)
    if jenis != "Nilai":
        label = next(c.label for c in layout.INDIKATOR_COLUMNS + layout.REALISASI_COLUMNS if c.key == key)
        return [
            make_issue(
                "nilai-huruf-bukan-jenis-nilai",
                sheet=sheet,
                cell=cell,
                value=value,
                kolom=label,
                kode=kode,
                jenis=jenis,
            )
        ]
    if not letters_on:
        return [make_issue("nilai-huruf-tidak-aktif", sheet=sheet, cell=cell, value=value)]
    return []



# --------------------------------------------------------------------------- realisasi
def effective_agregasi(jenis: Any, agregasi: Any, with_penyebut: bool) -> str | None:
    """DOMAIN.md default Agregasi (policy): Jumlah → kumulatif; Persentase →
    kumulatif with Penyebut, posisi akhir without; Nilai → posisi akhir."""
    if agregasi in layout.AGREGASI:
        return agregasi
    if jenis == "Jumlah":
        return "kumulatif"
    if jenis == "Persentase":
        return "kumulatif" if with_penyebut else "posisi akhir"
    if jenis == "Nilai":
        return "posisi akhir"
    return None


def _month_issues(wb: IkiWorkbook, recs: dict[Any, dict[str, Any]], kode: str, idxs: list[Any],
                  jenis: Any, agregasi: str | None, pelaporan: int | None) -> list[Issue]:
    """Negative counts, months up to Bulan Pelaporan still blank, months after it already filled.

    Blank and late months are reported once per indicator, at the first such
    Realisasi cell, naming every month concerned.  Blank months are not
    reported for posisi akhir, whose value is the last one reported (DOMAIN.md):
    a Nilai given once a year is not missing eleven months.
    """
    issues: list[Issue] = []
    blank: list[Any] = []
    late: list[Any] = []
    for idx in sorted(idxs, key=lambda i: (recs[i]["bulan"] if isinstance(recs[i]["bulan"], int) else 13)):
        rec = recs[idx]
        if jenis in ("Jumlah", "Persentase"):
            for key, column in (("realisasi", "Realisasi"), ("penyebut", "Penyebut")):
                value = rec[key]
                if isinstance(value, Decimal) and value < 0:
                    sheet, cell = wb.cell("realisasi", idx, key)
                    issues.append(make_issue("realisasi-negatif", sheet=sheet, cell=cell, value=value,
                                             kolom=column, kode=kode, jenis=jenis))
        bulan = rec["bulan"]
        if pelaporan is None or not isinstance(bulan, int):
            continue
        if bulan <= pelaporan and rec["realisasi"] is None:
            if agregasi != "posisi akhir":
                blank.append(idx)
        elif bulan > pelaporan and rec["realisasi"] is not None:
            late.append(idx)
    for code, found in (("realisasi-belum-diisi", blank), ("realisasi-setelah-bulan-pelaporan", late)):
        if found:
            sheet, cell = wb.cell("realisasi", found[0], "realisasi")
            months = ", ".join(layout.BULAN[recs[i]["bulan"] - 1] for i in found)
            issues.append(make_issue(code, sheet=sheet, cell=cell, kode=kode, bulan=months,
                                     pelaporan=layout.BULAN[pelaporan - 1] if pelaporan else ""))
    return issues


def realisasi_issues(wb: IkiWorkbook) -> list[Issue]:
    issues: list[Issue] = []
    real, ind = wb.realisasi, wb.indikator
    realisasi_sheet = wb.sheet_named(layout.SHEET_REALISASI)
    if realisasi_sheet is None:
        return issues
    indicators: dict[str, Any] = {}
    ind_rec = dict(frame_rows(ind))
    for idx, row in ind_rec.items():
        if isinstance(row["kode_indikator"], str):
            indicators.setdefault(row["kode_indikator"], idx)
    missing = set(wb.missing_columns.get("realisasi", ()))
    letters_on = wb.setting("nilai_huruf_sakip") == "Ya"
    pelaporan = wb.setting("bulan_pelaporan")
    pelaporan = pelaporan if isinstance(pelaporan, int) and 1 <= pelaporan <= 12 else None

    recs: dict[Any, dict[str, Any]] = dict(frame_rows(real))
    rows_of: dict[str, list[Any]] = defaultdict(list)
    for idx, row in recs.items():
        kode = row["kode_indikator"]
        if not isinstance(kode, str):
            continue
        if kode not in indicators:
            sheet, cell = wb.cell("realisasi", idx, "kode_indikator")
            issues.append(make_issue("realisasi-indikator-tidak-dikenal", sheet=sheet, cell=cell, value=kode))
            continue
        rows_of[kode].append(idx)

    for kode, ind_idx in indicators.items():
        spec = ind_rec[ind_idx]
        jenis, agregasi = spec["jenis"], spec["agregasi"]
        idxs = rows_of.get(kode, [])
        # months: duplicates and gaps
        first_of_month: dict[int, Any] = {}
        for idx in idxs:
            bulan = recs[idx]["bulan"]
            if not isinstance(bulan, int):
                continue
            if bulan in first_of_month:
                sheet, cell = wb.cell("realisasi", idx, "bulan")
                issues.append(
                    make_issue(
                        "realisasi-ganda",
                        sheet=sheet,
                        cell=cell,
                        value=layout.BULAN[bulan - 1],
                        kode=kode,
                        bulan=layout.BULAN[bulan - 1],
                        baris_pertama=recs[first_of_month[bulan]]["row"],
                    )
                )
            else:
                first_of_month[bulan] = idx
        if "bulan" not in missing:
            absent = [layout.BULAN[m - 1] for m in range(1, 13) if m not in first_of_month]
            if absent:
                if idxs:
                    sheet, cell = wb.cell("realisasi", idxs[0], "kode_indikator")
                else:
                    sheet, cell = wb.cell("indikator", ind_idx, "kode_indikator")
                issues.append(
                    make_issue(
                        "realisasi-bulan-kurang",
                        sheet=sheet,
                        cell=cell,
                        value=kode,
                        kode=kode,
                        bulan=", ".join(absent),
                    )
                )
        # the name written beside the code
        spec_nama = spec["indikator_kinerja"]
        folded_nama = layout.normalize_label(spec_nama) if isinstance(spec_nama, str) else None
        for idx in idxs:
            nama = recs[idx]["indikator_kinerja"]
            if (
                isinstance(nama, str)
                and folded_nama is not None
                and nama != spec_nama
                and layout.normalize_label(nama) != folded_nama
            ):
                sheet, cell = wb.cell("realisasi", idx, "indikator_kinerja")
                issues.append(
                    make_issue(
                        "nama-indikator-beda",
                        sheet=sheet,
                        cell=cell,
                        value=nama,
                        sheet_jabatan=spec["sheet"],
                        nama=spec["indikator_kinerja"],
                        kode=kode,
                    )
                )
                break
        # letters where only Jenis Nilai allows them
        for idx in idxs:
            for key in ("target_bulan", "realisasi"):
                issues += letter_issues(wb, "realisasi", idx, key, recs[idx][key], kode, jenis, letters_on)
        issues += _penyebut_issues(wb, recs, kode, ind_idx, idxs, jenis, agregasi)
        with_penyebut = any(isinstance(recs[i]["penyebut"], Decimal) for i in idxs)
        issues += _month_issues(wb, recs, kode, idxs, jenis,
                                effective_agregasi(jenis, agregasi, with_penyebut), pelaporan)
        # kumulatif without any Target Bulan (DOMAIN.md policy: Capaian Rencana needs it)
        with_penyebut = any(isinstance(recs[i]["penyebut"], Decimal) for i in idxs)
        if (
            "target_bulan" not in missing
            and effective_agregasi(jenis, agregasi, with_penyebut) == "kumulatif"
            and not any(recs[i]["target_bulan"] is not None for i in idxs)
        ):
            if idxs:
                sheet, cell = wb.cell("realisasi", idxs[0], "target_bulan")
            else:
                sheet, cell = wb.cell("indikator", ind_idx, "agregasi")
            issues.append(make_issue("target-bulan-kosong", sheet=sheet, cell=cell, kode=kode))
    return issues


def _penyebut_issues(
    wb: IkiWorkbook,
    recs: dict[Any, dict[str, Any]],
    kode: str,
    ind_idx: Any,
    idxs: list[Any],
    jenis: Any,
    agregasi: Any,
) -> list[Issue]:
    """Persentase policies (DOMAIN.md): no mixing of months with and without
    Penyebut; no kumulatif without Penyebut; Penyebut 0 with Realisasi > 0;
    Realisasi above its Penyebut (a percentage above 100, warned)."""
    issues: list[Issue] = []
    reported = [i for i in idxs if recs[i]["realisasi"] is not None]
    with_p = [i for i in reported if recs[i]["penyebut"] is not None]
    without_p = [i for i in reported if recs[i]["penyebut"] is None]
    if jenis != "Persentase":
        if with_p and jenis in layout.JENIS:
            sheet, cell = wb.cell("realisasi", with_p[0], "penyebut")
            issues.append(
                make_issue(
                    "penyebut-bukan-persentase",
                    sheet=sheet,
                    cell=cell,
                    value=recs[with_p[0]]["penyebut"],
                    kode=kode,
                    jenis=jenis,
                )
            )
        return issues
    if with_p and without_p:
        minority = without_p if len(without_p) <= len(with_p) else with_p
        for i in minority:
            sheet, cell = wb.cell("realisasi", i, "penyebut")
            issues.append(
                make_issue("penyebut-campur", sheet=sheet, cell=cell, value=recs[i]["penyebut"], kode=kode)
            )
    if reported and not with_p and agregasi == "kumulatif":
        sheet, cell = wb.cell("indikator", ind_idx, "agregasi")
        issues.append(
            make_issue(
                "persentase-kumulatif-tanpa-penyebut", sheet=sheet, cell=cell, value=agregasi, kode=kode
            )
        )
    for i in with_p:
        penyebut, realisasi = recs[i]["penyebut"], recs[i]["realisasi"]
        if (
            isinstance(penyebut, Decimal)
            and penyebut == 0
            and isinstance(realisasi, Decimal)
            and realisasi > 0
        ):
            sheet, cell = wb.cell("realisasi", i, "penyebut")
            issues.append(
                make_issue(
                    "penyebut-nol",
                    sheet=sheet,
                    cell=cell,
                    value=penyebut,
                    realisasi=values.display(realisasi),
                )
            )
        elif isinstance(penyebut, Decimal) and isinstance(realisasi, Decimal) and 0 < penyebut < realisasi:
            sheet, cell = wb.cell("realisasi", i, "realisasi")
            issues.append(make_issue("realisasi-melebihi-penyebut", sheet=sheet, cell=cell, value=realisasi,
                                     penyebut=values.display(penyebut), kode=kode))
    return issues
