"""Capaian, predikat and the aggregation of months: the arithmetic, exactly.

Every value here is a :class:`decimal.Decimal` computed in a 28-digit decimal
context and never rounded (rounding is for display only, DOMAIN.md).  Inputs
may be ``int``, ``Decimal``, numeric ``str`` or ``float``; a float is taken
through its shortest repr (``6.5`` → ``Decimal("6.5")``), so band edges fall
where a person computing by hand puts them.

Units: every ``*_pct`` value and every capaian is in percent points
(``87.5`` means 87.5 %), never a 0–1 fraction.

None always means *undefined* (no target, target 0, no realisasi yet…); the
``explain_*`` variants return the reason beside the value, in Bahasa Indonesia.

Sources: the capaian formulas are PermenPAN-RB 8/2021; range targets, the
aggregation of months, the plan ("rencana"), the cap, the floor at 0, the
predikat table and the SAKIP letters are policies (DOMAIN.md), each a setting
of the workbook.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import lru_cache
from typing import NamedTuple

from ikixl import layout
from ikixl.model import PredikatBand, TargetRange

#: Decimal context of every computation: 28 significant digits, no rounding
#: beyond that, errors trapped.
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])

_HUNDRED = Decimal(100)
_TWO = Decimal(2)
_ZERO = Decimal(0)

#: Values the ``Arah`` argument accepts (layout.ARAH).
NAIK, TURUN = layout.ARAH
#: Values the ``agregasi`` argument accepts (layout.AGREGASI).
KUMULATIF, POSISI_AKHIR, RATA_RATA = layout.AGREGASI

# Reasons (Bahasa Indonesia), shared with compute so the texts stay one.
ALASAN_TARGET_KOSONG = "Target belum diisi"
ALASAN_TARGET_NOL = "Target 0: capaian tidak dapat dihitung"
ALASAN_REALISASI_KOSONG = "Realisasi belum diisi"
ALASAN_TARGET_BULAN_KOSONG = "Target Bulan belum diisi"
ALASAN_PENYEBUT_NOL = "Penyebut 0: persentase tidak dapat dihitung"
ALASAN_PERSEN_KUMULATIF = (
    "Agregasi kumulatif tidak berlaku untuk Persentase tanpa Penyebut (persen tidak dapat dijumlahkan)"
)


# --------------------------------------------------------------------------- numbers
def is_blank(value: object) -> bool:
    """True for a blank cell value: None, whitespace-only text, NaN (float,
    Decimal, numpy) and ``pandas.NA``."""
    if value is None:
        return True
    if type(value) is Decimal:
        return value.is_nan()
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()
    # pandas.NA / NaT and numpy NaN without importing pandas.
    try:
        return bool(value != value)  # noqa: PLR0124 - NaN-like objects are unequal to themselves
    except (TypeError, ValueError):
        return type(value).__name__ in {"NAType", "NaTType"}


def as_decimal(value: object) -> Decimal | None:
    """Turn a typed number into an exact Decimal.

    Args:
        value: ``int``, ``Decimal``, ``float`` (taken through its shortest
            repr, so ``0.1`` is ``Decimal("0.1")``), or a ``str`` Python's
            Decimal reads (``"6.5"``; Indonesian ``"6,5"`` is the reader's job).

    Returns:
        The Decimal, or None for a blank (None, ``""``, NaN).

    Raises:
        ValueError: the value is not a finite number (text such as ``"BB"``,
            a bool, infinity).
    """
    if type(value) is Decimal and value.is_finite():
        return value
    if value is None:
        return None
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"bukan angka: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, numbers.Integral):
        result = Decimal(int(value))
    elif isinstance(value, numbers.Real):
        # float(...) first: repr of a numpy float is "np.float64(6.5)".
        result = Decimal(repr(float(value)))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"bukan angka: {value!r}") from exc
    else:
        raise ValueError(f"bukan angka: {value!r}")
    if not result.is_finite():
        raise ValueError(f"bukan angka: {value!r}")
    return result


def nilai_value(value: object, table: Mapping[str, object] | None = None) -> Decimal | None:
    """Read a *Nilai*: a SAKIP letter grade or a number.

    Policy, DOMAIN.md "Nilai as SAKIP letters" (setting ``nilai_huruf_sakip``):
    AA 95, A 85, BB 75, B 65, CC 55, C 40, D 15 (band midpoints of
    PermenPAN-RB 88/2021), then the ordinary capaian formula.

    Args:
        value: a letter (case and surrounding spaces ignored), or a number in
            any form :func:`as_decimal` takes.
        table: letter → value; default ``layout.NILAI_HURUF_DEFAULT``.

    Returns:
        The value as a Decimal; None when blank or neither a letter nor a number.
    """
    table = layout.NILAI_HURUF_DEFAULT if table is None else table
    if isinstance(value, str):
        letter = value.strip().upper()
        if letter in table:
            return as_decimal(table[letter])
    try:
        return as_decimal(value)
    except ValueError:
        return None


# --------------------------------------------------------------------------- capaian
def read_arah(arah: object) -> str:
    """The Arah of an indicator: :data:`NAIK` or :data:`TURUN` (case and spaces ignored; None or
    blank is naik).

    Raises:
        ValueError: any other value.
    """
    if arah is NAIK or arah is TURUN:  # already read (compute passes it so)
        return arah
    if arah is None or (isinstance(arah, str) and arah.strip() == ""):
        return NAIK
    text = str(arah).strip().lower()
    if text not in (NAIK, TURUN):
        raise ValueError(f"arah tidak dikenal: {arah!r}")
    return NAIK if text == NAIK else TURUN


def _formula(realisasi: Decimal, target: Decimal, arah: str) -> Decimal:
    # One division only, so the sole rounding is at the 28th digit:
    # naik r/t×100 = 100r/t; turun (2 − r/t)×100 = 100(2t − r)/t.
    # The context's own operations: the same arithmetic as the operators under localcontext(CONTEXT).
    if arah == NAIK:
        return CONTEXT.divide(CONTEXT.multiply(realisasi, _HUNDRED), target)
    difference = CONTEXT.subtract(CONTEXT.multiply(_TWO, target), realisasi)
    return CONTEXT.divide(CONTEXT.multiply(difference, _HUNDRED), target)


def explain_capaian(
    realisasi: object,
    target: object,
    arah: object = NAIK,
    *,
    floor_zero: bool = False,
) -> tuple[Decimal | None, str | None]:
    """Capaian with the reason it is undefined.

    Same rules as :func:`capaian_pct`; never raises for bad input, which
    becomes a reason instead.

    Returns:
        ``(capaian in percent points, None)`` when defined, else
        ``(None, reason)`` with an Indonesian reason such as
        ``"Target belum diisi"`` or ``"Target 0: capaian tidak dapat dihitung"``.
    """
    try:
        if isinstance(target, TargetRange):
            first, second = as_decimal(target.low), as_decimal(target.high)
        else:
            first = second = as_decimal(target)
    except ValueError:
        return None, f"Target bukan angka: {target}"
    if first is None or second is None:
        return None, ALASAN_TARGET_KOSONG
    low, high = min(first, second), max(first, second)
    try:
        r = as_decimal(realisasi)
    except ValueError:
        return None, f"Realisasi bukan angka: {realisasi}"
    if r is None:
        return None, ALASAN_REALISASI_KOSONG
    try:
        direction = read_arah(arah)
    except ValueError:
        return None, f"Arah tidak dikenal: {arah}"
    if low <= r <= high and low != high:
        # Policy, DOMAIN.md "Range targets": inside the range capaian is 100.
        value = _HUNDRED
    else:
        # Plain target, or outside a range: the Arah formula against the nearer bound.
        bound = low if r < low else high
        if bound == 0:
            return None, ALASAN_TARGET_NOL
        value = _formula(r, bound, direction)
    if floor_zero and value < 0:
        value = _ZERO
    return value, None


def capaian_pct(
    realisasi: object,
    target: object,
    arah: object = NAIK,
    *,
    floor_zero: bool = False,
) -> Decimal | None:
    """Capaian (achievement) in percent points.

    PermenPAN-RB 8/2021:

    * ``naik`` (higher is better): ``realisasi / target × 100``;
    * ``turun`` (lower is better): ``(2 − realisasi / target) × 100``.

    A :class:`~ikixl.model.TargetRange` target (policy, DOMAIN.md "Range
    targets"): inside the range capaian is 100; outside, the arah formula is
    applied against the nearer bound (range 80–90, realisasi 70, naik →
    70 / 80 × 100 = 87.5).

    Exact: target 100, realisasi 109, turun → exactly 91 (not 90.999…).
    Negative results of the turun formula are kept unless ``floor_zero``
    (policy, setting ``capaian_minimal_nol``, default off).

    Args:
        realisasi: the realised value (int, Decimal, numeric str, float).
        target: a number, a TargetRange, or None.
        arah: ``"naik"`` or ``"turun"`` (case-insensitive); None or blank is naik.
        floor_zero: floor a negative capaian at 0.

    Returns:
        Percent points, unrounded; None when undefined: target blank, target
        (or the nearer range bound) 0, or realisasi blank.

    Raises:
        ValueError: realisasi or target is not a number, or arah is unknown.

    Examples:
        >>> capaian_pct(9, 8, "turun")
        Decimal('87.5')
    """
    value, reason = explain_capaian(realisasi, target, arah, floor_zero=floor_zero)
    if value is None and reason not in (ALASAN_TARGET_KOSONG, ALASAN_TARGET_NOL, ALASAN_REALISASI_KOSONG):
        raise ValueError(reason)
    return value


# --------------------------------------------------------------------------- predikat
def default_bands() -> tuple[PredikatBand, ...]:
    """The default predikat table (policy, DOMAIN.md "Predikat";
    ``layout.PREDIKAT_DEFAULT``), from the top band down."""
    return tuple(
        PredikatBand(Decimal(lower), label, fill, font)
        for lower, label, fill, font in layout.PREDIKAT_DEFAULT
    )


def apply_cap(value: Decimal | None, cap: object = None) -> Decimal | None:
    """``min(value, cap)``; the value itself when either is None.

    Policy, DOMAIN.md "Cap" (setting ``batas_atas_capaian_pct``): applies to
    predikat and averages only; stored capaian stay uncapped.
    """
    limit = as_decimal(cap)
    if value is None or limit is None:
        return value
    return min(value, limit)


def predikat(
    capaian_pct: object,
    bands: Sequence[PredikatBand] | None = None,
    cap: object = None,
) -> str | None:
    """The predikat label of a capaian.

    Policy, DOMAIN.md "Predikat": the highest band whose lower bound is
    ``<=`` the capaian (gaps in a published table are closed by the lower
    bounds as written; above 100 falls in the top band; below every bound,
    e.g. a negative capaian, falls in the bottom band).

    Args:
        capaian_pct: percent points, or None.
        bands: the table, any order; default :func:`default_bands`.
        cap: optional cap in percent points applied before banding.

    Returns:
        The band's label, or None when capaian is None or the table is empty.

    Raises:
        ValueError: capaian_pct or cap is not a number.
    """
    return predikat_scale(bands, cap)(capaian_pct)


def predikat_scale(
    bands: Sequence[PredikatBand] | None = None, cap: object = None
) -> Callable[[object], str | None]:
    """:func:`predikat` with the table sorted and the cap read once, for the many capaian of
    one workbook: ``predikat_scale(bands, cap)(capaian_pct) == predikat(capaian_pct, bands, cap)``.

    Raises:
        ValueError: cap is not a number (the returned function: capaian_pct is not a number).
    """
    table = _highest_first(default_bands() if bands is None else tuple(bands))
    limit = as_decimal(cap)
    bottom = table[-1].label if table else None

    def rate(capaian_pct: object) -> str | None:
        value = as_decimal(capaian_pct)
        if value is None or not table:
            return None
        if limit is not None and limit < value:  # (apply_cap)
            value = limit
        for band in table:
            if value >= band.lower_pct:
                return band.label
        return bottom

    return rate


@lru_cache(maxsize=64)
def _highest_first(bands: tuple[PredikatBand, ...]) -> tuple[PredikatBand, ...]:
    return tuple(sorted(bands, key=lambda b: b.lower_pct, reverse=True))


# --------------------------------------------------------------------------- periods
_PERIOD_LENGTH = {"bulan": 1, "triwulan": 3, "semester": 6, "tahun": 12}


def period_months(kind: str, number: int = 1) -> tuple[int, ...]:
    """The months a period covers, its own months only (policy, DOMAIN.md "Periods").

    Args:
        kind: ``"bulan"`` (1–12), ``"triwulan"`` (1–4), ``"semester"`` (1–2)
            or ``"tahun"`` (1).
        number: which one, 1-based.

    Returns:
        Month numbers 1–12, ascending; e.g. ``period_months("triwulan", 2)``
        is ``(4, 5, 6)``.

    Raises:
        ValueError: unknown kind or number out of range.
    """
    length = _PERIOD_LENGTH.get(kind)
    if length is None:
        raise ValueError(f"jenis periode tidak dikenal: {kind!r}")
    count = 12 // length
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= count:
        raise ValueError(f"{kind} harus 1–{count}, bukan {number!r}")
    end = number * length
    return tuple(range(end - length + 1, end + 1))


def months_sd(kind: str, number: int = 1) -> tuple[int, ...]:
    """The months of an "s.d." (sampai dengan) value: month 1 to the period's end.

    ``months_sd("bulan", 3)`` and ``months_sd("triwulan", 1)`` are ``(1, 2, 3)``.

    Raises:
        ValueError: as :func:`period_months`.
    """
    return tuple(range(1, period_months(kind, number)[-1] + 1))


# --------------------------------------------------------------------------- aggregation
class RealisasiBulan(NamedTuple):
    """One month's realisasi of one indicator.

    Attributes:
        bulan: month 1–12.
        realisasi: the value in the indicator's unit, or None (not reported).
            For a Persentase with Penyebut, the numerator.
        penyebut: the denominator of a Persentase with Penyebut, else None.
    """

    bulan: int
    realisasi: Decimal | None
    penyebut: Decimal | None = None


def default_agregasi(jenis: object, dengan_penyebut: bool = False) -> str:
    """The Agregasi used when the cell is blank (policy, DOMAIN.md "Default Agregasi").

    Jumlah → kumulatif; Persentase → kumulatif with Penyebut, posisi akhir
    without; Nilai → posisi akhir.  An unknown jenis is treated as Jumlah.
    """
    if jenis == "Nilai":
        return POSISI_AKHIR
    if jenis == "Persentase":
        return KUMULATIF if dengan_penyebut else POSISI_AKHIR
    return KUMULATIF


def uses_penyebut(entries: Iterable[RealisasiBulan]) -> bool:
    """True when any month carries a Penyebut: the indicator is entered as
    numerator and denominator."""
    return any(e.penyebut is not None for e in entries)


def explain_aggregate(
    entries: Iterable[RealisasiBulan],
    agregasi: str,
    months: Iterable[int],
    *,
    jenis: object = None,
    dengan_penyebut: bool | None = None,
) -> tuple[Decimal | None, str | None]:
    """Aggregate the realisasi of a set of months; the one code path for a
    month alone, an "s.d." value, a triwulan and a semester.

    Policy, DOMAIN.md "Aggregating months" and "Persentase with Penyebut":

    * kumulatif: the sum of the months that have a realisasi;
    * posisi akhir: the realisasi of the last month (in ``months``) that has one;
      among several rows of that month, the last given;
    * rata-rata: the mean of the months that have a realisasi.

    When any entry has a Penyebut (numerator/denominator entry, see
    :func:`uses_penyebut`), the result is a percent: kumulatif and rata-rata
    give ``Σ numerators / Σ denominators × 100`` (never the mean of monthly
    percentages); posisi akhir gives the last month's
    ``numerator / denominator × 100``.  A 0/0 month adds nothing (and is not a
    "last reported" month); a month missing either part is not reported.

    Args:
        entries: the indicator's months, any order (see :class:`RealisasiBulan`).
        agregasi: ``"kumulatif"``, ``"posisi akhir"`` or ``"rata-rata"``.
        months: the months to cover (e.g. :func:`period_months`, :func:`months_sd`).
        jenis: the indicator's Jenis; a ``"Persentase"`` without Penyebut
            cannot be summed, so kumulatif over more than one month is undefined.
        dengan_penyebut: whether the indicator is entered with Penyebut; None
            (default) decides from ``entries`` (:func:`uses_penyebut`).

    Returns:
        ``(value, None)`` — in the indicator's unit (percent points for a
        Persentase) — or ``(None, reason)`` when no month in the range was
        reported, the denominators sum to 0, or the aggregation does not apply.
    """
    entries = entries if type(entries) is list else list(entries)
    wanted = months if type(months) is range else set(months)  # (a range holds no month twice)
    ratio = uses_penyebut(entries) if dengan_penyebut is None else dengan_penyebut
    chosen = [e for e in entries if e.bulan in wanted]
    if agregasi not in layout.AGREGASI:
        return None, f"Agregasi tidak dikenal: {agregasi}"
    if ratio:
        pairs = [
            (e.bulan, e.realisasi, e.penyebut)
            for e in chosen
            if e.realisasi is not None and e.penyebut is not None and (e.realisasi != 0 or e.penyebut != 0)
        ]
        reported = any(e.realisasi is not None and e.penyebut is not None for e in chosen)
        if not pairs:
            return (None, ALASAN_PENYEBUT_NOL) if reported else (None, ALASAN_REALISASI_KOSONG)
        if agregasi == POSISI_AKHIR:
            last = max(range(len(pairs)), key=lambda i: (pairs[i][0], i))
            numerator, denominator = pairs[last][1], pairs[last][2]
        else:
            with localcontext(CONTEXT):
                numerator = sum((p[1] for p in pairs), _ZERO)
                denominator = sum((p[2] for p in pairs), _ZERO)
        if denominator == 0:
            return None, ALASAN_PENYEBUT_NOL
        with localcontext(CONTEXT):
            return (numerator * _HUNDRED) / denominator, None
    values = [(e.bulan, e.realisasi) for e in chosen if e.realisasi is not None]
    if not values:
        return None, ALASAN_REALISASI_KOSONG
    if agregasi == KUMULATIF and jenis == "Persentase" and len(wanted) > 1:
        return None, ALASAN_PERSEN_KUMULATIF
    if agregasi == POSISI_AKHIR:
        last = max(range(len(values)), key=lambda i: (values[i][0], i))
        return values[last][1], None
    total = _ZERO
    for _, v in values:  # the context's own additions: sum() under localcontext(CONTEXT), faster
        total = CONTEXT.add(total, v)
    if agregasi == KUMULATIF:
        return total, None
    return CONTEXT.divide(total, Decimal(len(values))), None


def aggregate(
    entries: Iterable[RealisasiBulan],
    agregasi: str,
    months: Iterable[int],
    *,
    jenis: object = None,
    dengan_penyebut: bool | None = None,
) -> Decimal | None:
    """:func:`explain_aggregate` without the reason: the value or None."""
    return explain_aggregate(entries, agregasi, months, jenis=jenis, dengan_penyebut=dengan_penyebut)[0]


# --------------------------------------------------------------------------- plan
def _as_range(value: Decimal | TargetRange) -> TargetRange:
    return value if isinstance(value, TargetRange) else TargetRange(value, value)


def explain_rencana(
    target_bulan: Mapping[int, Decimal | TargetRange | None],
    agregasi: str,
    months: Iterable[int],
) -> tuple[Decimal | TargetRange | None, str | None]:
    """The plan ("rencana") of a set of months, built from Target Bulan.

    Policy, DOMAIN.md "Two capaian figures": Σ Target Bulan for kumulatif,
    the Target Bulan of the last month for posisi akhir, the mean of Target
    Bulan for rata-rata.  For kumulatif and rata-rata a blank month among
    filled ones adds nothing (kumulatif) or is left out of the mean
    (rata-rata); range Target Bulan add bound by bound.

    Args:
        target_bulan: month → Target Bulan (Decimal, TargetRange, or None).
        agregasi: as :func:`explain_aggregate`.
        months: e.g. ``months_sd("bulan", n)`` for the plan up to month n.

    Returns:
        ``(plan, None)``, in the indicator's unit, or ``(None, reason)`` when
        no Target Bulan of those months is filled (posisi akhir: the last
        month's).
    """
    wanted = months if type(months) is range and months.step > 0 else sorted(set(months))
    if agregasi not in layout.AGREGASI:
        return None, f"Agregasi tidak dikenal: {agregasi}"
    if not wanted:
        return None, ALASAN_TARGET_BULAN_KOSONG
    if agregasi == POSISI_AKHIR:
        value = target_bulan.get(wanted[-1])
        return (value, None) if value is not None else (None, ALASAN_TARGET_BULAN_KOSONG)
    filled: list[Decimal | TargetRange] = [v for m in wanted if (v := target_bulan.get(m)) is not None]
    if not filled:
        return None, ALASAN_TARGET_BULAN_KOSONG
    if any(isinstance(v, TargetRange) for v in filled):
        with localcontext(CONTEXT):
            ranges = [_as_range(v) for v in filled]
            low = sum((r.low for r in ranges), _ZERO)
            high = sum((r.high for r in ranges), _ZERO)
            if agregasi == RATA_RATA:
                low, high = low / len(ranges), high / len(ranges)
            return TargetRange(low, high), None
    plain = [v for v in filled if isinstance(v, Decimal)]
    total = _ZERO
    for v in plain:  # the context's own additions: sum() under localcontext(CONTEXT), faster
        total = CONTEXT.add(total, v)
    return (total if agregasi == KUMULATIF else CONTEXT.divide(total, Decimal(len(plain)))), None


def rencana_sd(
    target_bulan: Mapping[int, Decimal | TargetRange | None],
    agregasi: str,
    month: int,
) -> Decimal | TargetRange | None:
    """The plan up to month ``month`` (s.d.), from Target Bulan 1..month; None
    when not filled.  See :func:`explain_rencana`."""
    return explain_rencana(target_bulan, agregasi, range(1, month + 1))[0]
