"""Rules of the Realisasi sheet: each indicator's months against its jabatan sheet.

Duplicated and missing months, names that disagree, SAKIP letters where only
Jenis Nilai allows them, the DOMAIN.md policies on Persentase and Penyebut,
kumulatif without Target Bulan, negative counts, months left blank up to
Bulan Pelaporan or filled after it, and computed capaian whose inputs changed
since (:func:`stale_capaian_issues`).  Called by :func:`ikixl.check.check_workbook`;
every problem is an :class:`~ikixl.report.Issue` from the catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ikixl import layout, values
from ikixl.catalogue import make_issue
from ikixl.model import TargetRange
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


def _columns(frame: Any, keys: tuple[str, ...]) -> dict[str, list[Any]]:
    """``frame``'s columns as Python lists (None for a column the frame lacks), built once:
    the rules below work on positions in these lists, never on one dict per row."""
    n = len(frame)
    return {k: frame[k].tolist() if k in frame.columns else [None] * n for k in keys}


def reporting_month(wb: IkiWorkbook) -> int | None:
    """Bulan Pelaporan as written in the Pengaturan sheet, or None when the sheet, its
    label or its value is missing (or the value is no month).

    The month window (months left blank up to it, filled after it) is judged only
    against a month the clerk wrote: the layout default would report every month
    of every indicator against a setting that is not there, where the missing sheet
    or setting is already reported once.
    """
    frame = wb.pengaturan
    if "bulan_pelaporan" not in frame.index or "value" not in frame.columns:
        return None
    value = frame.at["bulan_pelaporan", "value"]
    return value if isinstance(value, int) and 1 <= value <= 12 else None


_REAL_KEYS = ("kode_indikator", "bulan", "indikator_kinerja", "target_bulan", "realisasi", "penyebut", "row")
_IND_KEYS = ("kode_indikator", "jenis", "agregasi", "indikator_kinerja", "sheet", "target")


#: The Jenis whose figures are counts, never negative.
COUNTS = ("Jumlah", "Persentase")


def negative_target(value: Any) -> Decimal | None:
    """The negative number of a Target (a bound of a range too), or None."""
    bounds = (value.low, value.high) if isinstance(value, TargetRange) else (value,)
    return next((b for b in bounds if isinstance(b, Decimal) and b < 0), None)


def _month_issues(wb: IkiWorkbook, col: dict[str, list[Any]], labels: list[Any], kode: str,
                  idxs: list[int], jenis: Any, agregasi: str | None, pelaporan: int | None) -> list[Issue]:
    """Negative counts, months up to Bulan Pelaporan still blank, months after it already filled.

    Blank and late months are reported once per indicator, at the first such
    Realisasi cell, naming every month concerned.  Blank months are not
    reported for posisi akhir, whose value is the last one reported (DOMAIN.md):
    a Nilai given once a year is not missing eleven months.
    """
    issues: list[Issue] = []
    bulan_of, realisasi_of, penyebut_of = col["bulan"], col["realisasi"], col["penyebut"]
    order = sorted(idxs, key=lambda i: (bulan_of[i] if isinstance(bulan_of[i], int) else 13))
    if jenis in COUNTS:
        target_bulan_of = col["target_bulan"]
        for idx in order:
            for key, column, value in (("realisasi", "Realisasi", realisasi_of[idx]),
                                       ("penyebut", "Penyebut", penyebut_of[idx])):
                if isinstance(value, Decimal) and value < 0:
                    sheet, cell = wb.cell("realisasi", labels[idx], key)
                    issues.append(make_issue("realisasi-negatif", sheet=sheet, cell=cell, value=value,
                                             kolom=column, kode=kode, jenis=jenis))
            negative = negative_target(target_bulan_of[idx])
            if negative is not None:
                sheet, cell = wb.cell("realisasi", labels[idx], "target_bulan")
                issues.append(make_issue("target-negatif", sheet=sheet, cell=cell, value=negative,
                                         kolom="Target Bulan", kode=kode, jenis=jenis))
    if pelaporan is None:
        return issues
    blank: list[int] = []
    late: list[int] = []
    for idx in order:
        bulan = bulan_of[idx]
        if not isinstance(bulan, int):
            continue
        if bulan <= pelaporan and realisasi_of[idx] is None:
            if agregasi != "posisi akhir":
                blank.append(idx)
        elif bulan > pelaporan and realisasi_of[idx] is not None:
            late.append(idx)
    for code, found in (("realisasi-belum-diisi", blank), ("realisasi-setelah-bulan-pelaporan", late)):
        if found:
            sheet, cell = wb.cell("realisasi", labels[found[0]], "realisasi")
            months = ", ".join(layout.BULAN[bulan_of[i] - 1] for i in found)
            issues.append(make_issue(code, sheet=sheet, cell=cell, kode=kode, bulan=months,
                                     pelaporan=layout.BULAN[pelaporan - 1]))
    return issues


def realisasi_issues(wb: IkiWorkbook) -> list[Issue]:
    issues: list[Issue] = []
    real, ind = wb.realisasi, wb.indikator
    realisasi_sheet = wb.sheet_named(layout.SHEET_REALISASI)
    if realisasi_sheet is None:
        return issues
    spec = _columns(ind, _IND_KEYS)
    ind_labels = ind.index.tolist()
    indicators: dict[str, int] = {}  # kode → position of its first indicator row
    for pos, kode in enumerate(spec["kode_indikator"]):
        if isinstance(kode, str):
            indicators.setdefault(kode, pos)
    missing = set(wb.missing_columns.get("realisasi", ()))
    letters_on = wb.setting("nilai_huruf_sakip") == "Ya"
    pelaporan = reporting_month(wb)

    col = _columns(real, _REAL_KEYS)
    labels = real.index.tolist()
    rows_of: dict[str, list[int]] = defaultdict(list)  # one grouping pass: kode → positions
    for pos, kode in enumerate(col["kode_indikator"]):
        if not isinstance(kode, str):
            continue
        if kode not in indicators:
            sheet, cell = wb.cell("realisasi", labels[pos], "kode_indikator")
            issues.append(make_issue("realisasi-indikator-tidak-dikenal", sheet=sheet, cell=cell, value=kode))
            continue
        rows_of[kode].append(pos)

    if "kode_indikator" in missing:
        # No row can be matched to its indicator: the one missing-column error says so, not a
        # month missing (or a Target Bulan blank) for every indicator.
        return issues
    bulan_of, nama_of, row_of = col["bulan"], col["indikator_kinerja"], col["row"]
    target_of, realisasi_of, penyebut_of = col["target_bulan"], col["realisasi"], col["penyebut"]
    no_rows: list[int] = []
    for kode, ind_pos in indicators.items():
        ind_idx = ind_labels[ind_pos]
        jenis, agregasi = spec["jenis"][ind_pos], spec["agregasi"][ind_pos]
        idxs = rows_of.get(kode, no_rows)
        # months: duplicates and gaps
        first_of_month: dict[int, int] = {}
        for idx in idxs:
            bulan = bulan_of[idx]
            if not isinstance(bulan, int):
                continue
            if bulan in first_of_month:
                sheet, cell = wb.cell("realisasi", labels[idx], "bulan")
                issues.append(
                    make_issue(
                        "realisasi-ganda",
                        sheet=sheet,
                        cell=cell,
                        value=layout.BULAN[bulan - 1],
                        kode=kode,
                        bulan=layout.BULAN[bulan - 1],
                        baris_pertama=row_of[first_of_month[bulan]],
                    )
                )
            else:
                first_of_month[bulan] = idx
        if "bulan" not in missing and len(first_of_month) < 12:
            absent = [layout.BULAN[m - 1] for m in range(1, 13) if m not in first_of_month]
            if absent:
                if idxs:
                    sheet, cell = wb.cell("realisasi", labels[idxs[0]], "kode_indikator")
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
        spec_nama = spec["indikator_kinerja"][ind_pos]
        if isinstance(spec_nama, str):
            folded_nama = layout.normalize_label(spec_nama)
            for idx in idxs:
                nama = nama_of[idx]
                if isinstance(nama, str) and nama != spec_nama and layout.normalize_label(nama) != folded_nama:
                    sheet, cell = wb.cell("realisasi", labels[idx], "indikator_kinerja")
                    issues.append(
                        make_issue(
                            "nama-indikator-beda",
                            sheet=sheet,
                            cell=cell,
                            value=nama,
                            sheet_jabatan=spec["sheet"][ind_pos],
                            nama=spec_nama,
                            kode=kode,
                        )
                    )
                    break
        # letters where only Jenis Nilai allows them (only text can be a letter)
        if isinstance(jenis, str) and jenis in layout.JENIS and not (jenis == "Nilai" and letters_on):
            for idx in idxs:
                for key, value in (("target_bulan", target_of[idx]), ("realisasi", realisasi_of[idx])):
                    if isinstance(value, str):
                        issues += letter_issues(wb, "realisasi", labels[idx], key, value, kode, jenis,
                                                letters_on)
        issues += _penyebut_issues(wb, col, labels, kode, ind_idx, idxs, jenis, agregasi)
        with_penyebut = any(isinstance(penyebut_of[i], Decimal) for i in idxs)
        if jenis == "Persentase" and not with_penyebut:
            issues += _fraction_issues(wb, col, labels, kode, idxs, spec["target"][ind_pos])
            issues += _fraction_target_issues(wb, col, labels, kode, ind_idx, idxs, spec["target"][ind_pos])
        effective = effective_agregasi(jenis, agregasi, with_penyebut)
        # Without a Realisasi column every month reads as blank: the one missing-column error
        # says so, not a blank-months warning for every indicator.
        months_of = None if "realisasi" in missing else pelaporan
        issues += _month_issues(wb, col, labels, kode, idxs, jenis, effective, months_of)
        # kumulatif without any Target Bulan (DOMAIN.md policy: Capaian Rencana needs it)
        if (
            "target_bulan" not in missing
            and effective == "kumulatif"
            and not any(target_of[i] is not None for i in idxs)
        ):
            if idxs:
                sheet, cell = wb.cell("realisasi", labels[idxs[0]], "target_bulan")
            else:
                sheet, cell = wb.cell("indikator", ind_idx, "agregasi")
            issues.append(make_issue("target-bulan-kosong", sheet=sheet, cell=cell, kode=kode))
    return issues


#: A Persentase Realisasi in (0, 1] against a target of at least this many percent points reads
#: as a fraction typed for a percent (0.91 for 91 %): a capaian of at most a tenth of the plan.
_FRACTION_TARGET_PCT = Decimal(10)


def _fraction_issues(wb: IkiWorkbook, col: dict[str, list[Any]], labels: list[Any], kode: str,
                     idxs: list[int], target: Any) -> list[Issue]:
    """``persen-sebagai-pecahan`` (warning), once per indicator at its first such cell: a
    Persentase without Penyebut whose Realisasi is in (0, 1] while its Target Bulan (else its
    Target; a range's lower bound) is at least :data:`_FRACTION_TARGET_PCT` percent points.
    Policy (ikixl): read as written (0.91 is 0.91 %), but said, since the figure is a hundredth
    of the meant one."""
    def lowest(plan: Any) -> Any:  # a range's lower bound
        return plan.low if isinstance(plan, TargetRange) else plan

    found: list[int] = []
    for idx in idxs:
        value = col["realisasi"][idx]
        plan = lowest(col["target_bulan"][idx])
        plan = plan if isinstance(plan, Decimal) else lowest(target)
        if (isinstance(value, Decimal) and 0 < value <= 1 and isinstance(plan, Decimal)
                and plan >= _FRACTION_TARGET_PCT):
            found.append(idx)
    if not found:
        return []
    first = found[0]
    value = col["realisasi"][first]
    sheet, cell = wb.cell("realisasi", labels[first], "realisasi")
    return [make_issue("persen-sebagai-pecahan", sheet=sheet, cell=cell, value=value, kode=kode,
                       persen=values.format_id(value * 100), jumlah=len(found))]


def _fraction_target_issues(wb: IkiWorkbook, col: dict[str, list[Any]], labels: list[Any], kode: str,
                            ind_idx: Any, idxs: list[int], target: Any) -> list[Issue]:
    """``target-sebagai-pecahan`` (warning), the mirror of ``persen-sebagai-pecahan``: a Persentase
    without Penyebut whose Target (a range's lower bound), else a Target Bulan, is in (0, 1] while
    a Realisasi of the same indicator is at least :data:`_FRACTION_TARGET_PCT` percent points (0.95
    typed for 95 % against realisations of 91): the capaian would be about a hundred times the
    meant one.  Policy (ikixl): read as written, said once per indicator, at the Target when it is
    the one, else at the first such Target Bulan."""
    def lowest(plan: Any) -> Any:
        return plan.low if isinstance(plan, TargetRange) else plan

    def fraction(plan: Any) -> bool:
        plan = lowest(plan)
        return isinstance(plan, Decimal) and 0 < plan <= 1

    percents = [v for v in (col["realisasi"][i] for i in idxs) if isinstance(v, Decimal)]
    if not any(v >= _FRACTION_TARGET_PCT for v in percents):
        return []
    if fraction(target):
        sheet, cell, value = *wb.cell("indikator", ind_idx, "target"), lowest(target)
    else:
        first = next((i for i in idxs if fraction(col["target_bulan"][i])), None)
        if first is None:
            return []
        value = lowest(col["target_bulan"][first])
        sheet, cell = wb.cell("realisasi", labels[first], "target_bulan")
    return [make_issue("target-sebagai-pecahan", sheet=sheet, cell=cell, value=value, kode=kode,
                       persen=values.format_id(value * 100))]


def _penyebut_issues(
    wb: IkiWorkbook,
    col: dict[str, list[Any]],
    labels: list[Any],
    kode: str,
    ind_idx: Any,
    idxs: list[int],
    jenis: Any,
    agregasi: Any,
) -> list[Issue]:
    """Persentase policies (DOMAIN.md): no mixing of months with and without
    Penyebut; no kumulatif without Penyebut; Penyebut 0 with Realisasi > 0;
    Realisasi above its Penyebut (a percentage above 100, warned)."""
    issues: list[Issue] = []
    realisasi_of, penyebut_of = col["realisasi"], col["penyebut"]
    if jenis != "Persentase":
        if jenis in layout.JENIS:
            first = next((i for i in idxs if realisasi_of[i] is not None and penyebut_of[i] is not None), None)
            if first is not None:
                sheet, cell = wb.cell("realisasi", labels[first], "penyebut")
                issues.append(
                    make_issue(
                        "penyebut-bukan-persentase",
                        sheet=sheet,
                        cell=cell,
                        value=penyebut_of[first],
                        kode=kode,
                        jenis=jenis,
                    )
                )
        return issues
    reported = [i for i in idxs if realisasi_of[i] is not None]
    with_p = [i for i in reported if penyebut_of[i] is not None]
    without_p = [i for i in reported if penyebut_of[i] is None]
    if with_p and without_p:
        minority = without_p if len(without_p) <= len(with_p) else with_p
        for i in minority:
            sheet, cell = wb.cell("realisasi", labels[i], "penyebut")
            issues.append(
                make_issue("penyebut-campur", sheet=sheet, cell=cell, value=penyebut_of[i], kode=kode)
            )
    if reported and not with_p and agregasi == "kumulatif":
        sheet, cell = wb.cell("indikator", ind_idx, "agregasi")
        issues.append(
            make_issue(
                "persentase-kumulatif-tanpa-penyebut", sheet=sheet, cell=cell, value=agregasi, kode=kode
            )
        )
    for i in with_p:
        penyebut, realisasi = penyebut_of[i], realisasi_of[i]
        if (
            isinstance(penyebut, Decimal)
            and penyebut == 0
            and isinstance(realisasi, Decimal)
            and realisasi > 0
        ):
            sheet, cell = wb.cell("realisasi", labels[i], "penyebut")
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
            sheet, cell = wb.cell("realisasi", labels[i], "realisasi")
            issues.append(make_issue("realisasi-melebihi-penyebut", sheet=sheet, cell=cell, value=realisasi,
                                     penyebut=values.display(penyebut), kode=kode))
    return issues


# --------------------------------------------------------------------------- stale capaian
def _month_runs(months: list[int]) -> str:
    """``Maret–Juni, Agustus``: consecutive months as one run, Indonesian names."""
    runs: list[list[int]] = []
    for month in sorted(set(months)):
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    names = [[layout.BULAN[run[0] - 1], layout.BULAN[run[-1] - 1]] for run in runs]
    return ", ".join(first if first == last else f"{first}–{last}" for first, last in names)


def stale_capaian_issues(wb: IkiWorkbook, current: Sequence[str | None] | None = None) -> list[Issue]:
    """Computed Realisasi rows not to be trusted as they stand: their inputs changed since compute
    (``capaian-usang``), or their figures were typed over or cleared by hand (``capaian-diubah``);
    both warnings.

    Provenance, not live formulas (docs/workbook-format.md, "Numbers that go
    stale"): compute records in the hidden Sidik Data column the fingerprint of
    every input a row's figures came from (:func:`ikixl.provenance.fingerprints`)
    and, after a ``-``, the digest of the figures it wrote
    (:func:`ikixl.provenance.figures_digest`); a row whose recorded fingerprint
    differs from that of the current inputs shows figures that are no longer
    true, and a row whose figures no longer give the recorded digest shows
    figures ikixl did not write.

    Nothing is computed unless some Sidik Data cell is filled (a workbook never
    computed costs one scan of that column).  One issue per indicator and code,
    at the Capaian Bulan Ini cell (Sidik Data when that column is absent) of its
    first such row by month, naming the number of rows and their months: a
    changed Target makes every computed month of its indicator stale at once.
    Not reported: a row with a blank Sidik Data (never computed for its month,
    e.g. Bulan Pelaporan raised since: it shows no figure to mistrust), and a
    row whose Kode Indikator or Bulan is now unknown (reported as such already;
    once corrected, its fingerprint is compared again).  Figures are compared
    only when every figure column is there (a missing one is reported as such)
    and the Sidik Data carries their digest.

    ``current``: the fingerprints of the rows as they are now, when already made (one per row
    of ``wb.realisasi``); made here otherwise.
    """
    real = wb.realisasi
    if "sidik_data" not in real.columns or not len(real):
        return []
    from ikixl.provenance import FIGURE_KEYS, figures_digest, split_sidik

    column = real["sidik_data"].tolist()
    if not any(v is not None and not (isinstance(v, str) and not v.strip()) for v in column):
        return []  # never computed: one scan of the column
    recorded = [split_sidik(v) for v in column]
    from ikixl.provenance import fingerprints
    from ikixl.settings import month_value as _bulan
    from ikixl.settings import settings_from
    from ikixl.settings import text_value as _text

    if current is None or len(current) != len(real):
        current = fingerprints(wb, settings_from(wb))
    col = _columns(real, ("kode_indikator", "bulan", "row", "capaian_bulan_pct"))
    absent = set(wb.missing_columns.get("realisasi", ())) | {k for k in FIGURE_KEYS if k not in real.columns}
    shown = None if absent & set(FIGURE_KEYS) else [real[k].tolist() for k in FIGURE_KEYS]
    labels = real.index.tolist()
    found: dict[str, dict[str, list[tuple[int, int, int]]]] = {
        "capaian-usang": defaultdict(list), "capaian-diubah": defaultdict(list)
    }  # code → kode → (month, row, position)
    for pos, (was, now) in enumerate(zip(recorded, current, strict=True)):
        if was is None or now is None:
            continue
        inputs, figures = was
        codes = []
        if inputs != now:
            codes.append("capaian-usang")
        if figures is not None and shown is not None and figures != figures_digest([c[pos] for c in shown]):
            codes.append("capaian-diubah")
        if not codes:
            continue
        kode, month = _text(col["kode_indikator"][pos]), _bulan(col["bulan"][pos])
        if kode is not None and month is not None:
            row = col["row"][pos]
            for code in codes:
                found[code][kode].append((month, row if isinstance(row, int) else 0, pos))
    issues: list[Issue] = []
    for code, by_kode in found.items():
        for kode, rows in by_kode.items():
            rows.sort()
            month, _, pos = rows[0]
            key = "capaian_bulan_pct"
            sheet, cell = wb.cell("realisasi", labels[pos], key)
            if cell is None:
                key = "sidik_data"
                sheet, cell = wb.cell("realisasi", labels[pos], key)
            issues.append(
                make_issue(
                    code,
                    sheet=sheet,
                    cell=cell,
                    value=col[key][pos] if key in col else real["sidik_data"].iloc[pos],
                    baris=col["row"][pos],
                    kode=kode,
                    bulan=layout.BULAN[month - 1],
                    jumlah=len(rows),
                    daftar_bulan=_month_runs([m for m, _, _ in rows]),
                )
            )
    return issues
