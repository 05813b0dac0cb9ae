"""How computed values look in cells: what every writer of computed results shares.

The write-back into the clerk's workbook (:mod:`ikixl.writeback`, openpyxl)
and the monthly recap (:mod:`ikixl.recap`, XlsxWriter) both use:

* :func:`excel_value`: a model value (Decimal, numpy scalar, pandas blank,
  :class:`~ikixl.model.TargetRange`) as a plain cell value;
* :func:`predikat_bands`: the predikat table to colour by, highest band first;
* the conditional-format formulas (:func:`capaian_rule_formulas`,
  :func:`predikat_rule_formulas`, :func:`blank_realisasi_formula`), each
  carrying :data:`RULE_MARKER` so that :func:`is_ikixl_rule` can tell ikixl's
  rules from the clerk's own;
* :func:`hex_colour`: a predikat colour as the ``RRGGBB`` a style needs.

Nothing here imports openpyxl, XlsxWriter or pandas.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ikixl import layout
from ikixl.capaian import default_bands

if TYPE_CHECKING:
    from ikixl.model import PredikatBand, Settings

__all__ = [
    "RULE_MARKER",
    "blank_realisasi_formula",
    "capaian_rule_formulas",
    "excel_value",
    "hex_colour",
    "is_ikixl_rule",
    "predikat_bands",
    "predikat_rule_formulas",
    "stale_formula",
]

#: Present in the formula of every conditional-format rule ikixl writes: ``N("ikixl")`` is 0 in
#: Excel and LibreOffice, so the condition is unchanged, and a re-run can find its own rules.
RULE_MARKER = 'N("ikixl")=0'


def excel_value(value: Any) -> Any:
    """A model value as a cell value: Decimal → float (only here, at the very end),
    numpy scalars → Python, blank (None, NaN, ``pd.NA``, ``NaT``) → None, any other
    object (a :class:`~ikixl.model.TargetRange`) → its text."""
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, Decimal):
        return None if not value.is_finite() else float(value)
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if type(value).__name__ in {"NAType", "NaTType"}:
        return None
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        return excel_value(value.item())
    return str(value)


def predikat_bands(settings: Settings | None) -> tuple[PredikatBand, ...]:
    """The predikat table of ``settings``, highest lower bound first; the default table
    (:func:`ikixl.capaian.default_bands`) when the workbook gives none.

    A colour that is not ``#RRGGBB`` (check warns ``warna-tidak-valid``: "the default colour is
    used") is replaced by the default band's colour — the band of the same label, else of the
    same rank — so that no writer meets it; without such a band: white fill, black text.
    """
    bands = tuple(settings.predikat) if settings is not None else ()
    if not bands:
        bands = default_bands()
    ordered = sorted(bands, key=lambda b: Decimal(b.lower_pct), reverse=True)
    defaults = default_bands()
    by_label = {layout.normalize_label(b.label): b for b in defaults}
    out = []
    for rank, band in enumerate(ordered):
        fallback = by_label.get(layout.normalize_label(band.label)) or (
            defaults[rank] if rank < len(defaults) else None)
        fill = _valid_colour(band.fill, fallback.fill if fallback else "#FFFFFF")
        font = _valid_colour(band.font, fallback.font if fallback else "#000000")
        out.append(band if (fill, font) == (band.fill, band.font) else replace(band, fill=fill, font=font))
    return tuple(out)


def _valid_colour(colour: str | None, default: str | None) -> str | None:
    if colour is None or hex_colour(colour) is not None:
        return colour
    return default


def _formula_number(value: object) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def _formula_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def capaian_rule_formulas(cell: str, bands: Sequence[PredikatBand]) -> list[tuple[str, PredikatBand]]:
    """Conditional-format formulas colouring a capaian cell by predikat band.

    One formula per band, highest first, each to be used with *stop if true*: the
    cell is a number ``>=`` the band's lower bound (percent points).  The bottom
    band takes every other number (a negative capaian too), as
    :func:`ikixl.capaian.predikat` does; a blank or text cell matches none.

    Args:
        cell: the top-left cell of the range, relative (``H4``).
        bands: :func:`predikat_bands` output.

    Returns:
        ``(formula without "=", band)`` pairs, each carrying :data:`RULE_MARKER`.
    """
    out = []
    for i, band in enumerate(bands):
        if i == len(bands) - 1:
            formula = f"AND(ISNUMBER({cell}),{RULE_MARKER})"
        else:
            formula = f"AND(ISNUMBER({cell}),{cell}>={_formula_number(band.lower_pct)},{RULE_MARKER})"
        out.append((formula, band))
    return out


def predikat_rule_formulas(cell: str, bands: Sequence[PredikatBand]) -> list[tuple[str, PredikatBand]]:
    """Conditional-format formulas colouring a Predikat cell whose text equals a band label
    (case-insensitive, as Excel's ``=``).  Same shape as :func:`capaian_rule_formulas`."""
    return [(f"AND({cell}={_formula_text(band.label)},{RULE_MARKER})", band) for band in bands]


def blank_realisasi_formula(cell: str, kode_cell: str, bulan_cell: str, month: int) -> str:
    """Conditional-format formula marking a Realisasi cell still blank for a month up to ``month``.

    True when ``cell`` is blank, the row has a Kode Indikator and its Bulan (a
    month name of ``layout.BULAN``, or a number 1–12, as text or number) is at
    most ``month``; a Bulan that is neither counts as month 13 (never due).

    Args:
        cell: the Realisasi cell, relative (``E4``).
        kode_cell, bulan_cell: the row's Kode Indikator and Bulan cells, column
            absolute (``$A4``).
        month: the reporting month, 1–12.

    Returns:
        The formula without ``=``, carrying :data:`RULE_MARKER`.
    """
    months = ",".join(_formula_text(name) for name in layout.BULAN)
    month_of_row = f"IFERROR(MATCH({bulan_cell},{{{months}}},0),IFERROR(VALUE({bulan_cell}),13))"
    return f'AND(ISBLANK({cell}),LEN({kode_cell})>0,{month_of_row}<={month},{RULE_MARKER})'


def stale_formula(kode_cell: str, realisasi_cell: str, recorded_cell: str) -> str:
    """Conditional-format formula marking a computed Realisasi row whose Realisasi was edited
    after the computation (docs/workbook-format.md, *Numbers that go stale*).

    True when the row has a Kode Indikator and its Realisasi differs from *Realisasi Saat
    Dihitung*, compared as text (``&""``) so that a blank and a 0 differ and a number equals
    its copy whatever the spreadsheet's locale.

    Args:
        kode_cell, realisasi_cell, recorded_cell: the row's cells, column absolute (``$A4``).

    Returns:
        The formula without ``=``, carrying :data:`RULE_MARKER`.
    """
    return f'AND(LEN({kode_cell})>0,{realisasi_cell}&""<>{recorded_cell}&"",{RULE_MARKER})'


def hex_colour(colour: str | None) -> str | None:
    """``RRGGBB`` in upper case from a ``#RRGGBB`` or ``RRGGBB`` text (as in the predikat
    table), or None when ``colour`` is blank or not a six-digit hex colour."""
    text = (colour or "").strip().lstrip("#")
    return text.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", text) else None


def is_ikixl_rule(rule: Any) -> bool:
    """True when a conditional-format rule was written by ikixl (carries :data:`RULE_MARKER`)."""
    return any(RULE_MARKER in str(f) for f in (getattr(rule, "formula", None) or ()))


# ============================================================================ row heights
#: Points per line of 11-pt Calibri, and Excel's largest row height.
LINE_HEIGHT = 15.0
MAX_ROW_HEIGHT = 409.0


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped ``text`` takes in a cell ``width`` characters wide (an estimate
    on the safe side)."""
    import textwrap

    per_line = max(1, int(width))
    return sum(1 if len(part) <= per_line else max(1, len(textwrap.wrap(part, per_line)))
               for part in text.split("\n"))


def row_height(cells: Sequence[tuple[str, float]]) -> float | None:
    """Height in points for a row whose wrapped cells are ``(text, width)``, or None
    when one line is enough.

    Heights are written, not left to the spreadsheet: Excel fits wrapped rows of
    default height when it opens a file, but never merged cells, and LibreOffice
    (7.4) fits neither.
    """
    lines = max((wrapped_lines(t, w) for t, w in cells), default=1)
    return min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT) if lines > 1 else None
