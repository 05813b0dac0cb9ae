"""Settings as compute uses them, read from the workbook model (DOMAIN.md policies).

:func:`settings_from` turns the Pengaturan rows and the predikat table of an
:class:`~ikixl.model.IkiWorkbook` into :class:`~ikixl.model.Settings` (blank or
unreadable values take the layout's defaults); :func:`text_value` and
:func:`month_value` read a cell the way compute and the provenance fingerprint
both must, so the two cannot disagree.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ikixl import capaian as cp
from ikixl import layout
from ikixl.model import PredikatBand, Settings

if TYPE_CHECKING:
    import pandas as pd

    from ikixl.model import IkiWorkbook

__all__ = ["month_value", "settings_from", "text_value"]


def text_value(value: object) -> str | None:
    """A cell's value as stripped text; None when blank."""
    if cp.is_blank(value):
        return None
    return str(value).strip()


def _setting_value(setting: layout.Setting, raw: object) -> Any:
    """A Pengaturan value typed as its setting's kind; the default when blank or unreadable."""
    if cp.is_blank(raw):
        raw = setting.default
    kind = setting.kind
    try:
        if kind == "text":
            return "" if cp.is_blank(raw) else str(raw).strip()
        if kind == "int":
            number = cp.as_decimal(raw)
            if number is None or number != number.to_integral_value():
                return setting.default
            return int(number)
        if kind == "month":
            if isinstance(raw, Decimal) and raw == raw.to_integral_value():
                raw = int(raw)
            found = layout.month_number(raw)
            return found if found is not None else layout.month_number(setting.default)
        if kind == "number":
            return cp.as_decimal(raw)
        if kind == "yesno":
            if isinstance(raw, bool):
                return raw
            text = layout.normalize_label(raw)
            if text in {"ya", "y", "yes", "true", "1"}:
                return True
            if text in {"tidak", "t", "no", "false", "0"}:
                return False
            return layout.normalize_label(setting.default) == "ya"
    except ValueError:
        # Unreadable: the default, which always reads.
        return None if raw is setting.default else _setting_value(setting, None)
    return raw


def _bands_from(frame: pd.DataFrame | None) -> tuple[PredikatBand, ...]:
    defaults = {b.label: b for b in cp.default_bands()}
    bands: list[PredikatBand] = []
    if frame is not None and len(frame):
        for record in frame.to_dict("records"):
            label = text_value(record.get("predikat"))
            try:
                lower = cp.as_decimal(record.get("batas_bawah_pct"))
            except ValueError:
                lower = None
            if label is None or lower is None:
                continue
            known = defaults.get(label)
            fill = text_value(record.get("warna")) or (known.fill if known else "#FFFFFF")
            font = text_value(record.get("warna_teks")) or (known.font if known else "#000000")
            bands.append(PredikatBand(lower, label, fill, font))
    if not bands:
        return cp.default_bands()
    return tuple(sorted(bands, key=lambda b: b.lower_pct, reverse=True))


def settings_from(wb: IkiWorkbook, month: int | None = None) -> Settings:
    """Parse the Pengaturan sheet and the predikat table of a workbook.

    Blank or unreadable values take the defaults of ``layout.SETTINGS``; an
    empty or unreadable predikat table takes ``layout.PREDIKAT_DEFAULT``
    (policy, DOMAIN.md "Predikat").  Bands are sorted from the highest lower
    bound down.

    Args:
        wb: the workbook as read.
        month: overrides Bulan Pelaporan when given.

    Returns:
        The :class:`~ikixl.model.Settings`.

    Raises:
        ValueError: ``month`` is given and is not an int 1–12.
    """
    if month is not None and (isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12):
        raise ValueError(f"bulan harus 1–12, bukan {month!r}")
    raw: dict[str, object] = {}
    frame = wb.pengaturan
    if frame is not None and len(frame) and "value" in frame.columns:
        keys = frame["key"] if "key" in frame.columns else frame.index.to_series()
        for key, value in zip(keys, frame["value"], strict=True):
            raw[str(key)] = value
    values = {s.key: _setting_value(s, raw.get(s.key)) for s in layout.SETTINGS}
    ambang = values["ambang_selisih_cascading"]
    settings = Settings(
        versi_format=values["versi_format"] if values["versi_format"] is not None else layout.FORMAT_VERSION,
        perangkat_daerah=values["perangkat_daerah"],
        tahun=values["tahun"],
        tempat=values["tempat"],
        bulan_pelaporan=values["bulan_pelaporan"],
        batas_atas_capaian_pct=values["batas_atas_capaian_pct"],
        capaian_minimal_nol=values["capaian_minimal_nol"],
        nilai_huruf_sakip=values["nilai_huruf_sakip"],
        ambang_selisih_cascading=ambang if ambang is not None else Decimal(20),
        predikat=_bands_from(wb.predikat),
    )
    if month is not None:
        settings = dataclasses.replace(settings, bulan_pelaporan=month)
    return settings


def month_value(value: object) -> int | None:
    """A Bulan cell as a month 1–12 (an integral Decimal too); None when it is not one."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    return layout.month_number(value)
