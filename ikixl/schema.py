"""pandera schemas of the model's tables, derived from :mod:`ikixl.layout`.

One schema per table of :class:`~ikixl.model.IkiWorkbook`: ``pengaturan``
(validated as one wide row, a column per setting), ``predikat``, ``jabatan``,
``indikator`` and ``realisasi`` (input columns only).  Every check carries
the issue code of :data:`ikixl.catalogue.CATALOGUE` as its ``error``, so a failure
case maps straight to an :class:`~ikixl.report.Issue`; validation is lazy and
every failure is reported at the Excel cell it came from, never at a
DataFrame index.

The checks follow the column kinds of the layout:

* ``number``: Decimal (a SAKIP letter is also accepted in Realisasi, where
  check decides whether the indicator's Jenis allows it) → ``angka-tidak-valid``;
* ``target``: Decimal, TargetRange or a SAKIP letter → ``target-tidak-valid``;
* ``month``: 1–12 → ``bulan-tidak-valid``; ``choice``: the closed list →
  ``pilihan-tidak-valid``;
* ``nip``: text (``nip-bukan-teks``) of 18 digits once spaces are removed
  (``nip-tidak-valid``) whose date parts are plausible (``nip-tanggal-tidak-valid``);
* required columns not blank → ``isian-wajib-kosong``; Kode Jabatan and Kode
  Indikator unique in the workbook → ``kode-jabatan-ganda``, ``kode-indikator-ganda``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pandas as pd
import pandera.pandas as pa

from ikixl import layout, values
from ikixl.catalogue import Text, make_issue
from ikixl.model import IkiWorkbook, TargetRange
from ikixl.report import Issue

#: Numeric columns that may hold a SAKIP letter (only for Jenis Nilai: check decides).
LETTER_COLUMNS = {("realisasi", "realisasi"), ("realisasi", "target_bulan"), ("indikator", "target")}

NOT_NULLABLE = "not_nullable"
REQUIRED_CODE = "isian-wajib-kosong"
_COLOUR = re.compile(r"^#?[0-9A-Fa-f]{6}$")


# Every check lets blank cells pass itself (``ignore_na=False``): pandera's own handling of
# them scans and copies each column once more per check (a fifth of the schema's time on a
# 240,000-row Realisasi table).  Blank is what pandas calls missing: None, and NaN from a
# broken cache.


def _elementwise(code: str, ok: Callable[[Any], bool], accept: tuple[type, ...] = ()) -> pa.Check:
    """An element-wise check whose failure cases carry ``code`` (blank cells pass).

    Run over the column as one list, not ``Series.map``: blank cells (None) and values
    of a class in ``accept`` (every one of which ``ok`` accepts) pass without calling
    ``ok``, which then sees only the few other values.
    """
    accepted = frozenset(accept)

    def run(series: pd.Series) -> pd.Series:
        passed = [v is None or v.__class__ in accepted or _missing(v) or bool(ok(v)) for v in series.tolist()]
        return pd.Series(passed, index=series.index, dtype=bool)

    return pa.Check(run, name=code, error=code, ignore_na=False)


def _month_check(code: str) -> pa.Check:
    """Months 1–12 (:func:`_is_month`), over the column as one list; blank cells pass."""

    def run(series: pd.Series) -> pd.Series:
        passed = [v is None or (v.__class__ is int and 1 <= v <= 12) or _missing(v) or _is_month(v)
                  for v in series.tolist()]
        return pd.Series(passed, index=series.index, dtype=bool)

    return pa.Check(run, name=code, error=code, ignore_na=False)


def _missing(v: Any) -> bool:
    """Whether pandas counts the value as missing (NaN, NaT…; None is tested before)."""
    return False if isinstance(v, (str, int)) else bool(pd.isna(v))


def _choice(code: str, allowed: set[Any]) -> pa.Check:
    """A closed list, vectorised (``Series.isin``); blank cells pass."""
    choices = list(allowed)
    return pa.Check(lambda s: s.isin(choices) | s.isna(), name=code, error=code, ignore_na=False)


def _is_number(v: Any) -> bool:
    return isinstance(v, Decimal)


def _is_number_or_letter(v: Any) -> bool:
    return isinstance(v, Decimal) or values.sakip_letter(v) is not None


def _is_target(v: Any) -> bool:
    return isinstance(v, (Decimal, TargetRange)) or values.sakip_letter(v) is not None


def _is_month(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 12


def _nip_is_text(v: Any) -> bool:
    return isinstance(v, str)


def _nip_digits_ok(v: Any) -> bool:
    digits = values.nip_digits(v)
    return digits is None or (len(digits) == 18 and digits.isascii() and digits.isdigit())


def _nip_date_ok(v: Any) -> bool:
    digits = values.nip_digits(v)
    if digits is None or len(digits) != 18 or not digits.isdigit():
        return True  # reported by the checks above
    return values.nip_date_ok(digits)


def _unique(code: str) -> pa.Check:
    """No value twice (blank cells pass)."""
    return pa.Check(lambda s: ~s.duplicated(keep=False) | s.isna(), name=code, error=code, ignore_na=False)


def _column_checks(table: str, column: layout.Column) -> list[pa.Check]:
    kind = column.kind
    if kind == "number":
        ok = _is_number_or_letter if (table, column.key) in LETTER_COLUMNS else _is_number
        return [_elementwise("angka-tidak-valid", ok, (Decimal,))]
    if kind == "target":
        return [_elementwise("target-tidak-valid", _is_target, (Decimal, TargetRange))]
    if kind == "month":
        return [_month_check("bulan-tidak-valid")]
    if kind == "choice":
        return [_choice("pilihan-tidak-valid", set(column.choices))]
    if kind == "nip":
        return [
            _elementwise("nip-bukan-teks", _nip_is_text),
            _elementwise("nip-tidak-valid", _nip_digits_ok),
            _elementwise("nip-tanggal-tidak-valid", _nip_date_ok),
        ]
    return []


def _table_schema(
    table: str,
    columns: tuple[layout.Column, ...],
    unique: dict[str, str],
    extra: dict[str, list[pa.Check]] | None = None,
) -> pa.DataFrameSchema:
    spec: dict[str, pa.Column] = {}
    for column in columns:
        checks = _column_checks(table, column) + list((extra or {}).get(column.key, []))
        if column.key in unique:
            checks.append(_unique(unique[column.key]))
        spec[column.key] = pa.Column(
            None, checks=checks, nullable=not column.required, required=False, title=column.label
        )
    return pa.DataFrameSchema(spec, strict=False, coerce=False, name=table)


def _setting_ok(setting: layout.Setting) -> Callable[[Any], bool]:
    if setting.kind == "int":
        return lambda v: isinstance(v, int) and not isinstance(v, bool)
    if setting.kind == "month":
        return _is_month
    if setting.kind == "number":
        return _is_number
    if setting.kind == "yesno":
        allowed = set(setting.choices or layout.YA_TIDAK)
        return lambda v: v in allowed
    return lambda v: isinstance(v, str)


@functools.cache
def schemas() -> dict[str, pa.DataFrameSchema]:
    """The schemas by table name (``pengaturan`` validates the wide one-row frame
    of :func:`pengaturan_frame`)."""
    pengaturan = pa.DataFrameSchema(
        {
            s.key: pa.Column(
                None,
                checks=[_elementwise("pengaturan-tidak-valid", _setting_ok(s))],
                nullable=True,
                required=False,
                title=s.label,
            )
            for s in layout.SETTINGS
        },
        strict=False,
        name="pengaturan",
    )
    colour = _elementwise("warna-tidak-valid", lambda v: isinstance(v, str) and bool(_COLOUR.match(v)))
    predikat = _table_schema(
        "predikat", layout.PREDIKAT_COLUMNS, {}, {"warna": [colour], "warna_teks": [colour]}
    )
    return {
        "pengaturan": pengaturan,
        "predikat": predikat,
        "jabatan": _table_schema("jabatan", layout.JABATAN_FIELDS, {"kode_jabatan": "kode-jabatan-ganda"}),
        "indikator": _table_schema(
            "indikator", layout.INDIKATOR_COLUMNS, {"kode_indikator": "kode-indikator-ganda"}
        ),
        "realisasi": _table_schema("realisasi", layout.REALISASI_INPUT_COLUMNS, {}),
    }


def pengaturan_frame(wb: IkiWorkbook) -> pd.DataFrame:
    """Pengaturan as one row (index ``0``) with a column per setting found."""
    frame = wb.pengaturan
    data = {key: [frame.at[key, "value"]] for key in frame.index}
    return pd.DataFrame(data, index=[0], dtype=object)


def failure_cases(wb: IkiWorkbook) -> list[tuple[str, Any, str, str, Any]]:
    """Validate every table lazily.

    Returns:
        ``(table, index, key, code, value)`` per failing cell, where ``index``
        is the row's label in ``wb.<table>`` (the setting key for pengaturan)
        and ``code`` a :data:`ikixl.catalogue.CATALOGUE` code.
    """
    out: list[tuple[str, Any, str, str, Any]] = []
    frames = {
        "pengaturan": pengaturan_frame(wb) if len(wb.pengaturan) else None,
        "predikat": wb.predikat,
        "jabatan": wb.jabatan,
        "indikator": wb.indikator,
        "realisasi": wb.realisasi,
    }
    for table, schema in schemas().items():
        frame = frames[table]
        if frame is None or frame.empty:
            continue
        try:
            schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            for case in exc.failure_cases.itertuples(index=False):
                key, check, index = case.column, case.check, case.index
                if key is None or index is None or (isinstance(index, float) and index != index):
                    continue
                code = REQUIRED_CODE if check == NOT_NULLABLE else str(check)
                if table == "pengaturan":
                    table_index, column_key = key, "value"
                else:
                    table_index, column_key = index, key
                out.append((table, table_index, column_key, code, case.failure_case))
    return out


def _location(wb: IkiWorkbook, table: str, index: Any, key: str) -> tuple[str | None, str | None]:
    return wb.cell(table, index, key)


def schema_issues(wb: IkiWorkbook) -> list[Issue]:
    """Every schema failure as an :class:`~ikixl.report.Issue` at its sheet and cell.

    Failures at cells that do not exist (a column whose header was not found:
    check reports the column once) and number failures at cells the reader
    already flagged as ambiguous (``angka-ambigu``) are left out.
    """
    ambiguous = {(n.table, n.index, n.key) for n in wb.notes if n.code == values.NOTE_AMBIGUOUS}
    labels = _labels()
    issues: list[Issue] = []
    for table, index, key, code, value in failure_cases(wb):
        sheet, cell = _location(wb, table, index, key)
        if cell is None:
            continue
        if (table, index, key) in ambiguous and code in ("angka-tidak-valid", "target-tidak-valid"):
            continue
        params: dict[str, Any] = {"kolom": labels.get((table, index if table == "pengaturan" else key), key)}
        if code in ("kode-jabatan-ganda", "kode-indikator-ganda"):
            frame = getattr(wb, table)
            others = [i for i in frame.index[frame[key] == value] if i != index]
            params["lain"] = ", ".join(_quote(*_location(wb, table, i, key)) for i in others) or "-"
        if code == "nip-tidak-valid":
            digits = values.nip_digits(value) or ""
            params["jumlah"] = sum(ch.isdigit() for ch in digits)
        if code == "pilihan-tidak-valid":
            column = _column(table, key)
            params["pilihan"] = ", ".join(column.choices) if column else ""
        if code == "pengaturan-tidak-valid":
            params["contoh"] = _setting_example(index)
        issues.append(make_issue(code, sheet=sheet, cell=cell, value=value, **params))
    return issues


def _quote(sheet: str | None, cell: str | None) -> str:
    if sheet is None:
        return "-"
    quoted = "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{cell}" if cell else quoted


@functools.cache
def _labels() -> dict[tuple[str, str], str]:
    labels = {("pengaturan", s.key): s.label for s in layout.SETTINGS}
    for table, columns in (
        ("predikat", layout.PREDIKAT_COLUMNS),
        ("jabatan", layout.JABATAN_FIELDS),
        ("indikator", layout.INDIKATOR_COLUMNS),
        ("realisasi", layout.REALISASI_COLUMNS),
    ):
        labels.update({(table, c.key): c.label for c in columns})
    return labels


def _column(table: str, key: str) -> layout.Column | None:
    columns = {
        "predikat": layout.PREDIKAT_COLUMNS,
        "jabatan": layout.JABATAN_FIELDS,
        "indikator": layout.INDIKATOR_COLUMNS,
        "realisasi": layout.REALISASI_COLUMNS,
    }[table]
    return next((c for c in columns if c.key == key), None)


def _setting_example(key: str) -> Text:
    setting = next(s for s in layout.SETTINGS if s.key == key)
    return {
        "int": Text("bilangan bulat, misalnya 2023", "a whole number, e.g. 2023"),
        "month": Text(
            "nama bulan (Januari–Desember) atau angka 1–12", "a month name (Januari–Desember) or 1–12"
        ),
        "number": Text("angka, misalnya 100", "a number, e.g. 100"),
        "yesno": Text("Ya atau Tidak", "Ya or Tidak"),
        "text": Text("teks", "text"),
    }[setting.kind]
