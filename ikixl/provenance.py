"""Sidik Data: a fingerprint of every input a computed Realisasi row came from.

``ikixl compute`` writes figures into the Realisasi sheet; staff may edit an
input afterwards.  Rather than live formulas (docs/workbook-format.md,
"Numbers that go stale"), each computed row records the fingerprint of its
inputs in the hidden column *Sidik Data*, and ``ikixl check`` recomputes it to
find rows computed from data that has since changed (code ``capaian-usang``).

What a row of indicator K and month m depends on (read from
:func:`ikixl.compute.compute`; keep the two in step):

* the settings that change figures or predikat: Nilai Huruf SAKIP (reading
  letters), Capaian Minimal Nol (floor), Batas Atas Capaian (cap, for
  predikat) and the predikat table's lower bounds and labels, all as parsed by
  :func:`ikixl.settings.settings_from`.  Not the colours, the cascade threshold,
  the office's name or year, and not Bulan Pelaporan: a row of month m is
  computed as of its own month whatever the reporting month;
* the definition of K on its jabatan sheet (the first row with that code, as
  compute uses it): Kode Indikator, Jenis, Target, Arah, Agregasi, as read.
  Bobot, Satuan and Indikator Atasan only feed the jabatan and cascade figures;
* whether K is entered with Penyebut (a Persentase with a Penyebut in *any*
  month, later ones included): it decides the default Agregasi and Σ/Σ;
* every Realisasi row of K whose month is ≤ m: Bulan (as a month number),
  Target Bulan, Realisasi and Penyebut as read.  Not its position on the
  sheet, Indikator Kinerja or Keterangan.

Canonical text (format tag ``ikixl-sidik-data 1``), one line per item, each
ending in ``\\n``, fields separated by a tab::

    ikixl-sidik-data 1
    pengaturan  <nilai huruf: 1|0>  <minimal nol: 1|0>  <batas atas>
    predikat    <batas bawah>  <label>          (one line per band, highest first)
    indikator   <kode>  <jenis>  <target>  <arah>  <agregasi>  <dengan penyebut: 1|0>
    realisasi   <bulan 1-12>  <target bulan>  <realisasi>  <penyebut>   (months ≤ m)

Realisasi lines are sorted by month, rows of one month kept in sheet order
(the last of duplicated months wins in compute, so their order matters).
Values are written as: blank (None) → empty; a number → ``#`` and its exact
decimal text with trailing zeros dropped (``#6.5`` for 6.5 and 6.50, ``#100``,
``#0``); a range → ``#80..#90``; text → a JSON string, as read (``"BB"``);
anything else → ``!`` + type name + ``:`` + a JSON string of its ``str``.
The fingerprint is the first 16 hex digits of the SHA-256 of the UTF-8 text.
Both reader engines give the same model, hence the same fingerprints; change
the format tag whenever the inputs or their writing change.

**The figures as written.**  After the fingerprint, separated by ``-``, Sidik Data
holds 8 hex digits of what the row shows (:func:`figures_digest`): its Realisasi
s.d. Bulan Ini, the three capaian, Predikat and Keterangan Capaian.  ``check``
compares them with the cells as they are (code ``capaian-diubah``), so that a
figure typed over or cleared by hand is not taken for ikixl's.  Canonical text
(format tag ``ikixl-angka 1``), one line, fields separated by a tab: the tag,
then each value — blank → empty; a number → ``#`` and its value rounded to 6
significant digits (``{:.6g}``: a spreadsheet program saving the file again keeps
15 digits, LibreOffice 7.4 writes 83.3333333333333 for 83.33333333333333, which
is no edit); text → a JSON string of it stripped; anything else → ``!`` + type
name + ``:`` + a JSON string of its ``str``.  The digest is the first 8 hex
digits of the SHA-256 of the UTF-8 text.  A Sidik Data of 16 digits alone (from
an earlier ikixl) compares the inputs only.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ikixl import capaian as cp
from ikixl.model import TargetRange
from ikixl.settings import month_value as _bulan
from ikixl.settings import settings_from
from ikixl.settings import text_value as _text

if TYPE_CHECKING:
    from ikixl.model import IkiWorkbook, Settings

#: The first line of the canonical text; names its format.
FORMAT_TAG = "ikixl-sidik-data 1"
#: Hex digits kept of the SHA-256.
DIGEST_LENGTH = 16
#: The figures a computed Realisasi row shows, in the order :func:`figures_digest` reads them.
FIGURE_KEYS = (
    "realisasi_sd",
    "capaian_bulan_pct",
    "capaian_tahunan_pct",
    "capaian_rencana_pct",
    "predikat",
    "keterangan_capaian",
)
#: The first field of the figures' canonical text; names its format.
FIGURES_TAG = "ikixl-angka 1"
#: Hex digits kept of the figures' SHA-256.
FIGURES_DIGEST_LENGTH = 8

_REAL_KEYS = ("kode_indikator", "bulan", "target_bulan", "realisasi", "penyebut")
_IND_KEYS = ("kode_indikator", "jenis", "target", "arah", "agregasi")


# --------------------------------------------------------------------------- values
def _number(value: Decimal) -> str:
    """Exact decimal text of a finite Decimal without trailing zeros (no context rounding)."""
    sign, digits, exponent = value.as_tuple()
    if not any(digits):
        return "#0"
    kept = list(digits)
    exp = int(exponent)
    while kept[-1] == 0:
        kept.pop()
        exp += 1
    return "#" + format(Decimal((sign, tuple(kept), exp)), "f")


def _token(value: Any, numbers: dict[Decimal, str]) -> str:
    """One value of the canonical text (see the module docstring); ``numbers`` caches Decimals."""
    if value is None:
        return ""
    kind = type(value)
    if kind is Decimal:
        if not value.is_finite():  # (never from the reader; a signalling NaN cannot be a dict key)
            return f"!Decimal:{json.dumps(str(value))}"
        text = numbers.get(value)
        if text is None:
            text = numbers[value] = _number(value)
        return text
    if kind is str:
        return json.dumps(value, ensure_ascii=False)
    if kind is int:
        return _number(Decimal(value))
    if kind is TargetRange:
        return f"{_token(value.low, numbers)}..{_token(value.high, numbers)}"
    return f"!{kind.__name__}:{json.dumps(str(value), ensure_ascii=False)}"


def _line(*fields: str) -> str:
    return "\t".join(fields) + "\n"


def _settings_lines(settings: Settings, numbers: dict[Decimal, str]) -> bytes:
    lines = [
        _line(FORMAT_TAG),
        _line(
            "pengaturan",
            "1" if settings.nilai_huruf_sakip else "0",
            "1" if settings.capaian_minimal_nol else "0",
            _token(settings.batas_atas_capaian_pct, numbers),
        ),
    ]
    # An empty table means the default one (compute does the same).
    for band in settings.predikat or cp.default_bands():
        lines.append(_line("predikat", _token(band.lower_pct, numbers), _token(band.label, numbers)))
    return "".join(lines).encode("utf-8")


def _has_penyebut(value: Any) -> bool:
    """The Penyebut reads as a number (compute's reading; junk reads as blank)."""
    if value is None:
        return False
    try:
        return cp.as_decimal(value) is not None
    except ValueError:
        return False


# --------------------------------------------------------------------------- grouping
def _column_tokens(values: list[Any], numbers: dict[Decimal, str]) -> list[str]:
    """:func:`_token` of every value of a column; most are None or a Decimal seen before."""
    get = numbers.get
    out: list[str] = []
    append = out.append
    for value in values:
        if value is None:
            append("")
        elif type(value) is Decimal and value.is_finite() and (text := get(value)) is not None:
            append(text)
        else:
            append(_token(value, numbers))
    return out


def _kode(value: Any) -> str | None:
    """Kode Indikator as compute reads it (:func:`ikixl.settings.text_value`), str first."""
    if type(value) is str:
        return value.strip() or None
    return _text(value)


@dataclass
class _Groups:
    """The Realisasi rows of every known indicator, with the text they are hashed from.

    Attributes:
        head: the format tag, settings and predikat lines.
        indikator: kode → its indikator line.
        rows_of: kode → positions in ``wb.realisasi``, sorted by month (stable).
        months: the month of every row (None outside ``rows_of``).
        target_bulan, realisasi, penyebut: every row's tokens.
    """

    head: bytes
    indikator: dict[str, bytes]
    rows_of: dict[str, list[int]]
    months: list[int | None]
    target_bulan: list[str]
    realisasi: list[str]
    penyebut: list[str]

    def line(self, pos: int) -> str:
        """The realisasi line of the row at ``pos`` (a row of ``rows_of``)."""
        return (
            f"realisasi\t{self.months[pos]}\t{self.target_bulan[pos]}\t{self.realisasi[pos]}"
            f"\t{self.penyebut[pos]}\n"
        )


def _groups(wb: IkiWorkbook, settings: Settings | None) -> _Groups:
    settings = settings_from(wb) if settings is None else settings
    numbers: dict[Decimal, str] = {}
    head = _settings_lines(settings, numbers)

    ind = wb.indikator
    definitions: dict[str, dict[str, Any]] = {}
    if len(ind):
        spec = {k: ind[k].tolist() if k in ind.columns else [None] * len(ind) for k in _IND_KEYS}
        for pos in range(len(ind)):
            kode = _kode(spec["kode_indikator"][pos])
            if kode is not None and kode not in definitions:  # the first row wins, as in compute
                definitions[kode] = {k: spec[k][pos] for k in _IND_KEYS}

    real = wb.realisasi
    n = len(real)
    col = {k: real[k].tolist() if k in real.columns else [None] * n for k in _REAL_KEYS}
    months: list[int | None] = [None] * n
    rows_of: dict[str, list[int]] = defaultdict(list)
    for pos, (kode, bulan) in enumerate(zip(col["kode_indikator"], col["bulan"], strict=True)):
        if type(kode) is not str or kode not in definitions:
            kode = _kode(kode)  # (the model's codes are stripped text: this is rare)
            if kode is None or kode not in definitions:
                continue
        month = bulan if type(bulan) is int and 1 <= bulan <= 12 else _bulan(bulan)
        if month is None:
            continue
        months[pos] = month
        rows_of[kode].append(pos)

    indikator: dict[str, bytes] = {}
    penyebut_of = col["penyebut"]
    for kode, positions in rows_of.items():
        positions.sort(key=lambda p: months[p] or 0)  # stable: rows of one month keep their order
        record = definitions[kode]
        with_penyebut = _text(record["jenis"]) == "Persentase" and any(
            _has_penyebut(penyebut_of[p]) for p in positions
        )
        indikator[kode] = _line(
            "indikator",
            _token(kode, numbers),
            *(_token(record[k], numbers) for k in _IND_KEYS[1:]),
            "1" if with_penyebut else "0",
        ).encode("utf-8")
    return _Groups(
        head,
        indikator,
        rows_of,
        months,
        _column_tokens(col["target_bulan"], numbers),
        _column_tokens(col["realisasi"], numbers),
        _column_tokens(penyebut_of, numbers),
    )


# --------------------------------------------------------------------------- the figures
@functools.lru_cache(maxsize=4096)
def _text_token(value: str) -> str:
    """(Predikat and Keterangan Capaian repeat a few texts over thousands of rows.)"""
    text = value.strip()
    return json.dumps(text, ensure_ascii=False) if text else ""


def _figure_token(value: Any) -> str:
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return _text_token(value)
    if kind is Decimal or kind is float or kind is int:
        number = float(value)
        if number != number:  # NaN: a blank cell
            return ""
        return f"#{number:.6g}"
    if cp.is_blank(value):
        return ""
    return f"!{kind.__name__}:{json.dumps(str(value), ensure_ascii=False)}"


def figures_digest(values: Sequence[Any]) -> str:
    """The digest of what a computed Realisasi row shows (module docstring, *The figures as written*).

    Args:
        values: the row's values of :data:`FIGURE_KEYS`, in that order, as compute made them
            (Decimal capaian in percent points, text, None) or as the reader read the cells.

    Returns:
        :data:`FIGURES_DIGEST_LENGTH` lower-case hex digits.
    """
    text = "\t".join([FIGURES_TAG, *map(_figure_token, values)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FIGURES_DIGEST_LENGTH]


def split_sidik(recorded: Any) -> tuple[str, str | None] | None:
    """A Sidik Data cell as ``(inputs' fingerprint, figures' digest or None)``, lower case; None
    for a blank cell.  (A cell of 16 digits alone, from an earlier ikixl, has no figures' digest.)"""
    if recorded is None:
        return None
    text = str(recorded).strip().lower()
    if not text:
        return None
    inputs, _, figures = text.partition("-")
    return inputs, (figures or None)


# --------------------------------------------------------------------------- public
def fingerprints(wb: IkiWorkbook, settings: Settings | None = None) -> list[str | None]:
    """The Sidik Data of every Realisasi row: a fingerprint of the inputs its figures depend on.

    The inputs and their canonical text are listed in the module docstring.
    Linear in the number of rows: one grouping pass, one SHA-256 per indicator
    fed month by month, one digest per indicator and month.  Independent of
    Bulan Pelaporan, so the row of a month after it gets a fingerprint too
    (compute records only those up to it).

    Args:
        wb: the workbook as read (``wb.realisasi``: ``kode_indikator``,
            ``bulan``, ``target_bulan``, ``realisasi``, ``penyebut``;
            ``wb.indikator``: ``kode_indikator``, ``jenis``, ``target``,
            ``arah``, ``agregasi``; a missing column reads as blank).
        settings: the parsed settings; default :func:`ikixl.settings.settings_from`
            of ``wb``.

    Returns:
        One entry per row of ``wb.realisasi``, in its order: 16 lower-case hex
        digits, or None for a row whose Kode Indikator is blank or on no
        jabatan sheet, or whose Bulan is no month.
    """
    groups = _groups(wb, settings)
    months, line = groups.months, groups.line
    out: list[str | None] = [None] * len(months)
    for kode, positions in groups.rows_of.items():
        digest = hashlib.sha256(groups.head)
        digest.update(groups.indikator[kode])
        update = digest.update
        pending: list[int] = []
        previous = months[positions[0]]
        for pos in positions:
            month = months[pos]
            if month != previous:
                # hexdigest() leaves the hash open: later months go on feeding it.
                value = digest.hexdigest()[:DIGEST_LENGTH]
                for done in pending:
                    out[done] = value
                pending.clear()
                previous = month
            update(line(pos).encode())
            pending.append(pos)
        value = digest.hexdigest()[:DIGEST_LENGTH]
        for done in pending:
            out[done] = value
    return out


def provenance_text(wb: IkiWorkbook, position: int, settings: Settings | None = None) -> str | None:
    """The canonical text whose SHA-256 gives the Sidik Data of one Realisasi row.

    For reading and testing (``ikixl`` itself uses :func:`fingerprints`):
    ``hashlib.sha256(text.encode()).hexdigest()[:16]`` is that row's fingerprint.

    Args:
        wb: the workbook as read.
        position: 0-based position of the row in ``wb.realisasi``.
        settings: as :func:`fingerprints`.

    Returns:
        The text (format in the module docstring), or None where
        :func:`fingerprints` gives None.

    Raises:
        IndexError: ``position`` is outside ``wb.realisasi``.
    """
    groups = _groups(wb, settings)
    month = groups.months[position]
    if month is None:
        return None
    kode = _kode(wb.realisasi["kode_indikator"].iloc[position])
    assert kode is not None  # a row with a month is in a group
    body = [groups.line(p) for p in groups.rows_of[kode] if (groups.months[p] or 13) <= month]
    return (groups.head + groups.indikator[kode]).decode("utf-8") + "".join(body)
