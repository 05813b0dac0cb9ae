"""Compute capaian and predikat for a whole workbook (DOMAIN.md arithmetic and policies).

Shapes are fixed here; the arithmetic lives in :mod:`ikixl.capaian`, the
pohon kinerja in :mod:`ikixl.cascade`.

Columns of the workbook model read (``ikixl.model.IkiWorkbook``):

* ``pengaturan``: ``key`` (or the index) and ``value``;
* ``predikat``: ``batas_bawah_pct``, ``predikat``, ``warna``, ``warna_teks``;
* ``jabatan``: ``kode_jabatan``, ``nama_jabatan``, ``kode_atasan``, ``unit_kerja``;
* ``indikator``: ``kode_indikator``, ``kode_jabatan``, ``indikator_kinerja``,
  ``jenis``, ``satuan``, ``target``, ``arah``, ``agregasi``, ``bobot``,
  ``indikator_atasan``;
* ``realisasi``: ``kode_indikator``, ``bulan``, ``target_bulan``,
  ``realisasi``, ``penyebut``, ``row``.

A missing column reads as blank.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING, Any, cast

from ikixl import capaian as cp
from ikixl import layout
from ikixl.collector import collector_paused
from ikixl.model import Settings, TargetRange, frame_rows
from ikixl.provenance import FIGURE_KEYS, figures_digest
from ikixl.settings import month_value, settings_from, text_value

if TYPE_CHECKING:
    import pandas as pd

    from ikixl.model import IkiWorkbook


@dataclass
class Computation:
    """Everything compute produces for one reporting month.

    All capaian are percent points (87.5, not 0.875), exact ``Decimal``, not
    rounded; None means undefined and the matching ``keterangan_capaian`` says why.

    Attributes:
        month: reporting month N (1–12).
        settings: the settings used.
        realisasi: index = ``IkiWorkbook.realisasi`` index. Columns (the keys of
            ``layout.REALISASI_COMPUTED_COLUMNS``): ``realisasi_sd``,
            ``capaian_bulan_pct``, ``capaian_tahunan_pct``,
            ``capaian_rencana_pct``, ``predikat``, ``keterangan_capaian``,
            ``realisasi_dihitung`` (the Realisasi as read), ``sidik_data``
            (``"<16 hex>-<8 hex>"``: the inputs' fingerprint from
            :func:`ikixl.provenance.fingerprints` and the digest of the row's
            figures, :func:`ikixl.provenance.figures_digest`; None where the
            figures are), plus ``row`` (the Excel row of that Realisasi row, int) and
            ``kode_indikator``, ``bulan`` (int 1–12 or None). Each row holds the
            figures *as of that row's month*; rows after N hold None throughout.
            ``realisasi_sd`` of a Persentase with Penyebut is the aggregated
            percent (Σ numerators / Σ denominators × 100 for kumulatif).
        indikator: index = ``IkiWorkbook.indikator`` index, figures as of month N.
            Columns: ``kode_indikator``, ``kode_jabatan``, ``indikator_kinerja``,
            ``jenis``, ``arah``, ``agregasi`` (effective, after defaults),
            ``satuan``, ``target`` (as written: Decimal, TargetRange, str, None),
            ``indikator_atasan``, ``bobot``, ``realisasi_bulan`` (month N),
            ``realisasi_sd``, ``capaian_bulan_pct``, ``capaian_tahunan_pct``,
            ``capaian_rencana_pct``, ``capaian_pct`` (of record: Rencana when
            defined, else Tahunan; uncapped), ``predikat``, ``keterangan_capaian``.
            The plan of a Persentase with Agregasi kumulatif is the *mean* of
            its Target Bulan (percents do not add up). ``keterangan_capaian``
            groups the undefined figures by reason, e.g. ``"Bulan ini, Rencana:
            Target Bulan belum diisi"``, or gives the reason alone when all
            three share it; unreadable cells are named after it.
        jabatan: index = ``IkiWorkbook.jabatan`` index. Columns:
            ``kode_jabatan``, ``nama_jabatan``, ``kode_atasan``, ``unit_kerja``,
            ``capaian_pct`` (mean of the indicators' capaian of record, weighted
            by bobot when every one has it, cap applied; None without any),
            ``jumlah_indikator``, ``tanpa_capaian`` (count without capaian),
            ``predikat``.
        cascade: the Cascading sheet's rows in display order. Columns: the keys
            of ``layout.CASCADING_COLUMNS`` plus ``jenis_baris`` (``jabatan`` |
            ``indikator`` | ``pendukung``) and ``ditandai`` (bool: the row needs
            a reviewer's attention, said in ``catatan``).
    """

    month: int
    settings: Settings
    realisasi: pd.DataFrame
    indikator: pd.DataFrame
    jabatan: pd.DataFrame
    cascade: pd.DataFrame


REALISASI_RESULT_COLUMNS: tuple[str, ...] = (
    *(c.key for c in layout.REALISASI_COMPUTED_COLUMNS),
    "row",
    "kode_indikator",
    "bulan",
)
INDIKATOR_RESULT_COLUMNS: tuple[str, ...] = (
    "kode_indikator", "kode_jabatan", "indikator_kinerja", "jenis", "arah", "agregasi", "satuan",
    "target", "indikator_atasan", "bobot", "realisasi_bulan", "realisasi_sd", "capaian_bulan_pct",
    "capaian_tahunan_pct", "capaian_rencana_pct", "capaian_pct", "predikat", "keterangan_capaian",
)  # fmt: skip
JABATAN_RESULT_COLUMNS: tuple[str, ...] = (
    "kode_jabatan", "nama_jabatan", "kode_atasan", "unit_kerja", "capaian_pct", "jumlah_indikator",
    "tanpa_capaian", "predikat",
)  # fmt: skip

#: The computed figures of a Realisasi row (the provenance columns follow them).
_FIGURE_KEYS = FIGURE_KEYS  # what a computed Realisasi row shows

# Short names of the three figures in keterangan_capaian.
#: The largest number a cell holds (Excel's limit, 9.99999999999999E+307; a double's is 1.8E+308).
EXCEL_LARGEST = Decimal("9.99999999999999E+307")
#: Why a figure beyond it is left blank.
ALASAN_DI_LUAR_EXCEL = "angka terlalu besar untuk disimpan di Excel (periksa Realisasi dan Target)"

_LABEL_BULAN = "Bulan ini"
_LABEL_TAHUNAN = "Tahunan"
_LABEL_RENCANA = "Rencana"


# --------------------------------------------------------------------------- per indicator
@dataclass
class _Indikator:
    """One indicator, its inputs parsed once."""

    jenis: object
    arah: object
    agregasi: str
    target: Decimal | TargetRange | None
    target_reason: str | None
    dengan_penyebut: bool = False
    entries: list[cp.RealisasiBulan] = field(default_factory=list)
    target_bulan: dict[int, Decimal | TargetRange | None] = field(default_factory=dict)
    notes: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


def _read_number(raw: object, jenis: object, nilai_huruf: bool) -> Decimal | None:
    """A Realisasi (or a bound): a number, or a SAKIP letter for a Nilai when
    the setting is on.  Raises ValueError for junk."""
    if jenis == "Nilai" and nilai_huruf and isinstance(raw, str):
        letter = raw.strip().upper()
        if letter in layout.NILAI_HURUF_DEFAULT:
            return cp.nilai_value(letter)
    return cp.as_decimal(raw)


def _read_target(raw: object, jenis: object, nilai_huruf: bool) -> Decimal | TargetRange | None:
    """A Target or Target Bulan: as :func:`_read_number`, or a range."""
    if isinstance(raw, TargetRange):
        return raw
    return _read_number(raw, jenis, nilai_huruf)


def _prepare(
    record: dict[str, Any], rows: Iterable[tuple[int, object, object, object]], settings: Settings
) -> _Indikator:
    """One indicator and its Realisasi rows, each ``(month, Realisasi, Penyebut, Target Bulan)`` as read.

    Only the months up to Bulan Pelaporan are read whole: no figure as of those months looks at a
    later one, except that a Penyebut in any month makes the indicator one entered with Penyebut
    (:func:`ikixl.capaian.uses_penyebut`, over the whole year)."""
    jenis = text_value(record.get("jenis"))
    nilai_huruf = settings.nilai_huruf_sakip
    try:
        target = _read_target(record.get("target"), jenis, nilai_huruf)
        target_reason = None if target is not None else cp.ALASAN_TARGET_KOSONG
    except ValueError:
        target, target_reason = None, f"Target tidak terbaca: {record.get('target')}"
    arah = text_value(record.get("arah"))
    try:
        arah = cp.read_arah(arah)  # once per indicator, not once per figure
    except ValueError:
        pass  # kept as written: each figure says "Arah tidak dikenal"
    ind = _Indikator(jenis=jenis, arah=arah, agregasi="", target=target, target_reason=target_reason)
    last = settings.bulan_pelaporan
    penyebut_later = False
    for month, raw_realisasi, raw_penyebut, raw_target_bulan in rows:
        if month > last:
            if jenis == "Persentase" and not penyebut_later:
                try:
                    penyebut_later = cp.as_decimal(raw_penyebut) is not None
                except ValueError:
                    pass  # (unreadable: no Penyebut, as in the months read whole)
            continue
        try:
            value = _read_number(raw_realisasi, jenis, nilai_huruf)
        except ValueError:
            value = None
            ind.notes[month].append(
                f"Realisasi {layout.BULAN[month - 1]} tidak terbaca ({raw_realisasi}), dianggap kosong"
            )
        try:
            penyebut = cp.as_decimal(raw_penyebut) if jenis == "Persentase" else None
        except ValueError:
            penyebut = None
            ind.notes[month].append(
                f"Penyebut {layout.BULAN[month - 1]} tidak terbaca ({raw_penyebut}), dianggap kosong"
            )
        ind.entries.append(cp.RealisasiBulan(month, value, penyebut))
        try:
            tb = _read_target(raw_target_bulan, jenis, nilai_huruf)
        except ValueError:
            tb = None
            ind.notes[month].append(
                f"Target Bulan {layout.BULAN[month - 1]} tidak terbaca ({raw_target_bulan}), dianggap kosong"
            )
        if tb is not None or month not in ind.target_bulan:
            ind.target_bulan[month] = tb
    agregasi = text_value(record.get("agregasi"))
    agregasi = agregasi.lower() if agregasi else None
    ind.dengan_penyebut = penyebut_later or cp.uses_penyebut(ind.entries)
    default = cp.default_agregasi(jenis, ind.dengan_penyebut)
    ind.agregasi = agregasi if agregasi in layout.AGREGASI else default
    return ind


def _capaian(
    realisasi: Decimal | None,
    why_realisasi: str | None,
    target: object,
    why_target: str | None,
    arah: object,
    floor_zero: bool,
) -> tuple[Decimal | None, str | None]:
    # Target first: a missing target is permanent, a missing realisasi is not yet.
    if why_target is not None:
        return None, why_target
    if realisasi is None:
        return None, why_realisasi
    return cp.explain_capaian(realisasi, target, arah, floor_zero=floor_zero)


def _within_excel(value: Decimal | None, reason: str | None) -> tuple[Decimal | None, str | None]:
    """``(value, reason)``, or ``(None, ALASAN_DI_LUAR_EXCEL)`` for a value beyond
    :data:`EXCEL_LARGEST` either way."""
    if value is not None and abs(value) > EXCEL_LARGEST:
        return None, ALASAN_DI_LUAR_EXCEL
    return value, reason


def _keterangan(reasons: Sequence[tuple[str, str | None]], notes: Sequence[str]) -> str | None:
    """``"Bulan ini, Rencana: Target Bulan belum diisi; Tahunan: Target belum diisi"``;
    one reason alone when all three share it."""
    groups: dict[str, list[str]] = {}
    for label, reason in reasons:
        if reason is not None:
            groups.setdefault(reason, []).append(label)
    if len(groups) == 1 and len(next(iter(groups.values()))) == len(reasons):
        parts = list(groups)
    else:
        parts = [f"{', '.join(labels)}: {reason}" for reason, labels in groups.items()]
    parts.extend(notes)
    return "; ".join(parts) or None


def _reported(ind: _Indikator, month: int) -> bool:
    """True when the Realisasi of ``month`` is filled (0 counts as filled)."""
    return any(e.bulan == month and e.realisasi is not None for e in ind.entries)


def _figures(
    ind: _Indikator, month: int, settings: Settings, rate: Callable[[object], str | None]
) -> dict[str, Any]:
    """The three capaian figures and the predikat of one indicator as of ``month``; ``rate``:
    :func:`ikixl.capaian.predikat_scale` of the settings' table and cap."""
    floor = settings.capaian_minimal_nol
    sd = range(1, month + 1)
    real_m, why_real_m = cp.explain_aggregate(
        ind.entries, ind.agregasi, (month,), jenis=ind.jenis, dengan_penyebut=ind.dengan_penyebut
    )
    real_sd, why_real_sd = cp.explain_aggregate(
        ind.entries, ind.agregasi, sd, jenis=ind.jenis, dengan_penyebut=ind.dengan_penyebut
    )

    tb_m = ind.target_bulan.get(month)
    why_tb = None if tb_m is not None else cp.ALASAN_TARGET_BULAN_KOSONG
    bulan, why_bulan = _capaian(real_m, why_real_m, tb_m, why_tb, ind.arah, floor)
    if why_bulan == cp.ALASAN_TARGET_NOL:
        why_bulan = "Target Bulan 0: capaian tidak dapat dihitung"

    # Policy (ikixl): a kumulatif or rata-rata figure s.d. month N needs month N
    # itself; with its Realisasi still blank the partial sum or mean would pass
    # for poor performance ("Sangat Rendah") instead of missing data.  A posisi
    # akhir figure is the last reported value by definition (DOMAIN.md).
    if ind.agregasi != cp.POSISI_AKHIR and not _reported(ind, month):
        why_real_sd = f"Realisasi {layout.BULAN[month - 1]} belum diisi"
        real_sd_for_capaian = None
    else:
        real_sd_for_capaian = real_sd

    tahunan, why_tahunan = _capaian(
        real_sd_for_capaian, why_real_sd, ind.target, ind.target_reason, ind.arah, floor
    )

    # A Persentase's Target Bulan are percents, which do not add up: its plan
    # s.d. is their mean (decision for ikixl; DOMAIN.md "Two capaian figures").
    plan_agregasi = (
        cp.RATA_RATA if ind.jenis == "Persentase" and ind.agregasi == cp.KUMULATIF else ind.agregasi
    )
    plan, why_plan = cp.explain_rencana(ind.target_bulan, plan_agregasi, sd)
    rencana, why_rencana = _capaian(real_sd_for_capaian, why_real_sd, plan, why_plan, ind.arah, floor)
    if why_rencana == cp.ALASAN_TARGET_NOL:
        why_rencana = "Rencana s.d. bulan ini 0: capaian tidak dapat dihitung"

    # Policy (ikixl): a figure no cell can hold (a Realisasi of 1E+300 summed or divided by a small
    # Target) is left blank with its reason, as an undefined one, rather than fail the write.
    bulan, why_bulan = _within_excel(bulan, why_bulan)
    tahunan, why_tahunan = _within_excel(tahunan, why_tahunan)
    rencana, why_rencana = _within_excel(rencana, why_rencana)
    too_large = [
        label
        for label, value in (("Realisasi bulan ini", real_m), ("Realisasi s.d. bulan ini", real_sd))
        if value is not None and abs(value) > EXCEL_LARGEST
    ]
    if too_large:
        real_m = None if real_m is not None and abs(real_m) > EXCEL_LARGEST else real_m
        real_sd = None if real_sd is not None and abs(real_sd) > EXCEL_LARGEST else real_sd

    of_record = rencana if rencana is not None else tahunan
    notes = [f"{label}: {ALASAN_DI_LUAR_EXCEL}" for label in too_large]
    notes += [note for m in sd for note in ind.notes.get(m, ())]
    return {
        "realisasi_bulan": real_m,
        "realisasi_sd": real_sd,
        "capaian_bulan_pct": bulan,
        "capaian_tahunan_pct": tahunan,
        "capaian_rencana_pct": rencana,
        "capaian_pct": of_record,
        "predikat": rate(of_record),
        "keterangan_capaian": _keterangan(
            [(_LABEL_BULAN, why_bulan), (_LABEL_TAHUNAN, why_tahunan), (_LABEL_RENCANA, why_rencana)], notes
        ),
    }


# --------------------------------------------------------------------------- jabatan
def jabatan_capaian(
    capaian: Sequence[Decimal | None],
    bobot: Sequence[object] | None = None,
    cap: Decimal | None = None,
) -> Decimal | None:
    """A jabatan's capaian: the mean of its indicators' capaian (DOMAIN.md).

    Only indicators with a capaian count.  The mean is weighted by bobot when
    *every* counted indicator has a numeric bobot ``>= 0`` and their sum is
    positive; otherwise (some bobot blank or unreadable) the plain mean is
    used, so one forgotten bobot never silently gives an indicator weight 0
    (decision for ikixl).  The cap, when set, applies to each capaian before
    averaging (policy, DOMAIN.md "Cap").

    Args:
        capaian: each indicator's capaian of record, percent points or None.
        bobot: the matching Bobot values (any number form), or None.
        cap: optional cap in percent points.

    Returns:
        Percent points, unrounded; None when no indicator has a capaian.
    """
    weights = list(bobot) if bobot is not None else [None] * len(capaian)
    values: list[Decimal] = []
    parsed: list[Decimal] = []
    weighted = True
    for c, w in zip(capaian, weights, strict=True):
        capped = cp.apply_cap(c, cap)
        if capped is None:
            continue
        values.append(capped)
        try:
            weight = cp.as_decimal(w)
        except ValueError:
            weight = None
        if weight is None or weight < 0:
            weighted = False
        else:
            parsed.append(weight)
    if not values:
        return None
    with localcontext(cp.CONTEXT):
        if weighted and sum(parsed, Decimal(0)) > 0:
            total = sum((c * w for c, w in zip(values, parsed, strict=True)), Decimal(0))
            return total / sum(parsed, Decimal(0))
        return sum(values, Decimal(0)) / len(values)


# --------------------------------------------------------------------------- frames
def _records(frame: pd.DataFrame | None) -> list[tuple[Any, dict[str, Any]]]:
    if frame is None or not len(frame):
        return []
    return frame_rows(frame)


def _columns(frame: pd.DataFrame | None, keys: Sequence[str]) -> list[list[Any]]:
    """The values of ``keys`` in ``frame`` as lists (a missing column reads as blank)."""
    n = 0 if frame is None else len(frame)
    return [frame[k].tolist() if frame is not None and k in frame.columns else [None] * n for k in keys]


def _frame(
    records: list[dict[str, Any]] | dict[str, list[Any]],
    index: list[Any],
    columns: Sequence[str],
    int_columns: Sequence[str] = (),
) -> pd.DataFrame:
    """A frame of object columns from row records or from whole columns."""
    import pandas as pd

    # dtype=object keeps Decimal and None as they are (pandas 3 would turn a
    # column of str/None into a string column holding NaN).
    frame = pd.DataFrame(records, index=pd.Index(index, dtype=object), columns=list(columns), dtype=object)
    for key in int_columns:
        if frame[key].notna().all():
            frame[key] = frame[key].astype("int64")
    return frame



def compute(
    wb: IkiWorkbook,
    month: int | None = None,
    *,
    sidik: Callable[[], Sequence[str | None] | None] | None = None,
) -> Computation:
    """Compute every capaian and predikat of a workbook as of month N.

    Rules (DOMAIN.md): capaian by PermenPAN-RB 8/2021 (:func:`ikixl.capaian.capaian_pct`);
    months aggregated by each indicator's Agregasi (blank → default by Jenis);
    three figures per indicator: *Capaian Bulan Ini* (month m alone vs Target
    Bulan m), *Capaian Tahunan* (realisasi s.d. m vs the annual Target),
    *Capaian Rencana* (s.d. m vs the plan s.d. m from Target Bulan); the
    capaian of record and the predikat use Rencana when defined, else Tahunan
    (policy); the cap applies to predikat and averages only (policy).

    Penyebut is read for Persentase indicators only.

    Assumes ``check`` has passed but does not crash on leftover junk: a value
    that is not a number reads as blank and the keterangan says so; an unknown
    Agregasi takes the default; a Realisasi row with an unknown indicator
    code or month gets None figures and a keterangan.

    Args:
        wb: the workbook as read.
        month: reporting month N (1–12); default: Bulan Pelaporan of Pengaturan.
        sidik: gives the Sidik Data of ``wb.realisasi``'s rows, one per row in order, when
            they are made elsewhere (:func:`ikixl.provenance.fingerprints`, which do not depend
            on the month: ``ikixl compute`` makes them beside the check, which compares them
            too).  Asked for once, after every figure is made; made here when it is None or
            gives None.

    Returns:
        The :class:`Computation` (shapes documented there).

    Raises:
        ValueError: ``month`` is not an int 1–12.
    """
    with collector_paused():  # tens of thousands of rows of figures, none in a cycle
        return _compute(wb, settings_from(wb, month), sidik)


def _read_texts(values: list[Any], read: Callable[[Any], Any]) -> list[Any]:
    """``[read(v) for v in values]``, read once per distinct text: a Realisasi column of 240,000
    rows repeats a few thousand codes and twelve month names.  Only text is remembered (a
    Decimal 1.0 equals 1 but does not read the same)."""
    memo: dict[str, Any] = {}
    out: list[Any] = []
    append = out.append
    for v in values:
        if type(v) is str:
            found = memo.get(v, memo)
            if found is memo:
                found = memo[v] = read(v)
            append(found)
        else:
            append(read(v))
    return out


def _compute(
    wb: IkiWorkbook, settings: Settings, sidik_made: Callable[[], Sequence[str | None] | None] | None
) -> Computation:
    n = settings.bulan_pelaporan

    frame = wb.realisasi
    labels: list[Any] = frame.index.tolist() if frame is not None else []
    raw_kode, raw_bulan, raw_realisasi, raw_penyebut, raw_target_bulan, raw_row = _columns(
        frame, ("kode_indikator", "bulan", "realisasi", "penyebut", "target_bulan", "row")
    )
    kodes = _read_texts(raw_kode, text_value)
    bulans = _read_texts(raw_bulan, month_value)
    by_kode: dict[str, list[tuple[int, object, object, object]]] = defaultdict(list)
    for kode, bulan, *raw in zip(kodes, bulans, raw_realisasi, raw_penyebut, raw_target_bulan, strict=True):
        if kode is not None and bulan is not None:
            by_kode[kode].append((bulan, *raw))

    indikator_rows = _records(wb.indikator)
    prepared: dict[Any, _Indikator] = {}
    first_of: dict[str, Any] = {}
    figures: dict[Any, dict[int, dict[str, Any]]] = {}
    rate = cp.predikat_scale(settings.predikat or None, settings.batas_atas_capaian_pct)
    for idx, record in indikator_rows:
        kode = text_value(record.get("kode_indikator"))
        ind = _prepare(record, by_kode.get(kode, ()) if kode else (), settings)
        prepared[idx] = ind
        if kode is not None:
            first_of.setdefault(kode, idx)
        needed = {e.bulan for e in ind.entries if e.bulan <= n} | {n}
        figures[idx] = {m: _figures(ind, m, settings, rate) for m in sorted(needed)}

    # ---- indicators
    ind_out: list[dict[str, Any]] = []
    for idx, record in indikator_rows:
        ind = prepared[idx]
        result = {key: record.get(key) for key in INDIKATOR_RESULT_COLUMNS}
        for key in ("kode_indikator", "kode_jabatan", "indikator_atasan", "jenis", "satuan"):
            result[key] = text_value(record.get(key))
        if cp.is_blank(result["target"]):
            result["target"] = None
        if cp.is_blank(result["bobot"]):
            result["bobot"] = None
        result["arah"] = (ind.arah or cp.NAIK).lower() if isinstance(ind.arah, str) else cp.NAIK
        result["agregasi"] = ind.agregasi
        result.update(figures[idx][n])
        ind_out.append(result)
    indikator_frame = _frame(ind_out, [i for i, _ in indikator_rows], INDIKATOR_RESULT_COLUMNS)

    # ---- jabatan
    by_jabatan: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in ind_out:
        if result["kode_jabatan"] is not None:
            by_jabatan[result["kode_jabatan"]].append(result)
    jab_out: list[dict[str, Any]] = []
    jabatan_rows = _records(wb.jabatan)
    cap = settings.batas_atas_capaian_pct
    for _, record in jabatan_rows:
        kode = text_value(record.get("kode_jabatan"))
        own = by_jabatan.get(kode, []) if kode else []
        mean = jabatan_capaian([r["capaian_pct"] for r in own], [r["bobot"] for r in own], cap)
        jab_out.append(
            {
                "kode_jabatan": kode,
                "nama_jabatan": text_value(record.get("nama_jabatan")),
                "kode_atasan": text_value(record.get("kode_atasan")),
                "unit_kerja": text_value(record.get("unit_kerja")),
                "capaian_pct": mean,
                "jumlah_indikator": len(own),
                "tanpa_capaian": sum(1 for r in own if r["capaian_pct"] is None),
                "predikat": rate(mean),
            }
        )
    jabatan_frame = _frame(
        jab_out, [i for i, _ in jabatan_rows], JABATAN_RESULT_COLUMNS, ("jumlah_indikator", "tanpa_capaian")
    )

    from ikixl.cascade import cascade_rows

    cascade = cascade_rows(jabatan_frame, indikator_frame, settings)

    # ---- realisasi rows, column by column
    out: dict[str, list[Any]] = {key: [None] * len(labels) for key in REALISASI_RESULT_COLUMNS}
    # (type checks first: the reader gives ints and finite Decimals, is_blank the rest)
    out["row"] = [r if type(r) is int else None if cp.is_blank(r) else int(cast("int", r)) for r in raw_row]
    out["kode_indikator"], out["bulan"] = kodes, bulans
    # Provenance: the realisasi as read, so that an edit made afterwards shows.
    out["realisasi_dihitung"] = [
        v if type(v) is Decimal and v.is_finite() else None if cp.is_blank(v) else v for v in raw_realisasi
    ]
    keterangan = out["keterangan_capaian"]
    figure_columns = [(key, out[key]) for key in _FIGURE_KEYS]
    computed: list[tuple[int, str]] = []  # the rows given figures: (position, their digest)
    digests: dict[tuple[Any, int], str] = {}
    for pos, (kode, bulan) in enumerate(zip(kodes, bulans, strict=True)):
        idx = first_of.get(kode) if kode is not None else None
        if bulan is None:
            keterangan[pos] = f"Bulan tidak dikenal: {raw_bulan[pos]}"
        elif idx is None:
            keterangan[pos] = f"Kode indikator tidak dikenal: {raw_kode[pos]}"
        elif bulan <= n:
            row_figures = figures[idx][bulan]
            for key, column in figure_columns:
                column[pos] = row_figures[key]
            digest = digests.get((idx, bulan))
            if digest is None:
                digest = digests[idx, bulan] = figures_digest([row_figures[key] for key in _FIGURE_KEYS])
            computed.append((pos, digest))
    # Provenance: what these figures came from, for check to find them stale later.  Asked for
    # last, so that Sidik Data made elsewhere has the most time to come.
    sidik = sidik_made() if sidik_made is not None else None
    if sidik is None or len(sidik) != len(labels):
        from ikixl.provenance import fingerprints

        sidik = fingerprints(wb, settings)
    sidik_out = out["sidik_data"]
    for pos, digest in computed:
        if sidik[pos] is not None:  # ("-": the figures as written, for check to find them typed over)
            sidik_out[pos] = f"{sidik[pos]}-{digest}"
    realisasi_frame = _frame(out, labels, REALISASI_RESULT_COLUMNS, ("row",))

    return Computation(
        month=n,
        settings=settings,
        realisasi=realisasi_frame,
        indikator=indikator_frame,
        jabatan=jabatan_frame,
        cascade=cascade,
    )
