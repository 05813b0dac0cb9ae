"""The in-memory model of an IKI workbook (format v1, :mod:`ikixl.layout`).

:func:`ikixl.reader.read_workbook` builds it; :mod:`ikixl.check` validates it;
:mod:`ikixl.compute` computes from it.  The model keeps the values *as read*,
lightly typed, so that check can report what it found at the cell it found it:

* ``number`` columns hold :class:`decimal.Decimal` (floats from the file are
  converted through their shortest repr, so 6.5 stays ``Decimal("6.5")``), None
  for a blank cell, or the original text when it is not a number.
* ``target`` columns hold a Decimal, a :class:`TargetRange` (``80-90``), None,
  or the original text (a SAKIP letter such as ``BB``, or something invalid).
* ``month`` columns hold an int 1–12, None, or the original value.
* ``code`` and ``text`` columns hold ``str`` (stripped) or None; a ``nip``
  column holds the value exactly as stored (``str``, or int/float when the
  clerk typed it as a number, which check reports).
* ``choice`` columns hold the canonical spelling from :mod:`ikixl.layout`
  when the text matches one case-insensitively, else the original text.

Every table has a parallel ``cells`` frame (same index and columns) holding the
Excel address of each value (``H15``), and a ``sheet`` column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikixl import layout

if TYPE_CHECKING:
    import pandas as pd


class LazyFrames(MutableMapping):  # type: ignore[type-arg]
    """``IkiWorkbook.cells``: table name → DataFrame of addresses, each built on first access.

    The reader knows every address as (Excel row, column letters) runs; a frame of
    3 million address strings for a large office is built only when something
    (an issue, a caller) asks for that table's addresses.
    """

    def __init__(self, frames: dict[str, Any] | None = None) -> None:
        self._data: dict[str, Any] = dict(frames or {})
        #: The cheap answers of frames already built (they stay cheaper than the frame).
        self._built: dict[str, _Pending] = {}

    def lazy(self, key: str, build: Callable[[], Any],
             address: Callable[[Any, str], str | None] | None = None,
             letters: Callable[[str], list[str | None] | None] | None = None) -> None:
        """Register ``build()`` (no arguments, returns the frame) for ``key``; ``address(index,
        column)``, when given, answers one address as the frame would without building it
        (KeyError for an index the frame does not have); ``letters(column)``, when given,
        answers :meth:`column_letters` without building it."""
        self._built.pop(key, None)
        self._data[key] = _Pending(build, address, letters)

    def address(self, key: str, index: Any, column: str) -> Any:
        """The address at (index, column) of table ``key``, as ``self[key].at[index, column]``
        (None when the frame has no such column); built only when no cheaper way is known."""
        value = self._built.get(key) or self._data[key]
        if isinstance(value, _Pending) and value.address is not None and index.__class__ is int:
            return value.address(index, column)
        frame = self[key]
        return frame.at[index, column] if column in frame.columns else None

    def column_letters(self, key: str, column: str) -> list[str | None] | None:
        """The column letters of every address of ``column`` in table ``key``, in row order
        (None where a row has no address); None when the frame has no such column.  Built
        from the frame only when no cheaper way is known."""
        value = self._built.get(key) or self._data[key]
        if isinstance(value, _Pending) and value.letters is not None:
            return value.letters(column)
        frame = self[key]
        if column not in frame.columns:
            return None
        return [address_letters(a) for a in frame[column].tolist()]

    def __getitem__(self, key: str) -> Any:
        value = self._data[key]
        if isinstance(value, _Pending):
            self._built[key] = value
            value = self._data[key] = value.build()
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._data  # without building the frame (Mapping's default would)

    def __setitem__(self, key: str, value: Any) -> None:
        self._built.pop(key, None)
        self._data[key] = value

    def __delitem__(self, key: str) -> None:
        self._built.pop(key, None)
        del self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"LazyFrames({list(self._data)})"


@dataclass(frozen=True)
class _Pending:
    build: Callable[[], Any]
    address: Callable[[Any, str], str | None] | None = None
    letters: Callable[[str], list[str | None] | None] | None = None


def address_letters(address: object) -> str | None:
    """The column letters of an Excel address (``"H15"`` → ``"H"``); None when not one."""
    if not isinstance(address, str):
        return None
    letters = address.rstrip("0123456789")
    return letters if letters and letters != address and letters.isalpha() and letters.isupper() else None


@dataclass(frozen=True)
class TargetRange:
    """A range target such as ``80-90`` (DOMAIN.md, "Range targets").

    Attributes:
        low, high: bounds, in the indicator's unit, ``low <= high``.
    """

    low: Decimal
    high: Decimal

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"


@dataclass(frozen=True)
class PredikatBand:
    """One row of the predikat table.

    Attributes:
        lower_pct: lower bound in percent points (a capaian ``>= lower_pct``
            falls in this band unless a higher band takes it).
        label: e.g. ``Sangat Tinggi``.
        fill: background colour ``#RRGGBB``.
        font: text colour ``#RRGGBB``.
    """

    lower_pct: Decimal
    label: str
    fill: str
    font: str = "#000000"


@dataclass(frozen=True)
class Settings:
    """The Pengaturan sheet, parsed (blank cells take the layout defaults).

    Attributes:
        versi_format: workbook format version (1).
        perangkat_daerah, tempat: text.
        tahun: the performance year, or None.
        bulan_pelaporan: reporting month 1–12.
        batas_atas_capaian_pct: optional cap in percent points for predikat and
            averages (policy, default None).
        capaian_minimal_nol: floor negative capaian at 0 (policy, default False).
        nilai_huruf_sakip: read SAKIP letters as numbers (policy, default True).
        ambang_selisih_cascading: cascade disagreement threshold in percent
            points (policy, default 20).
        predikat: bands sorted from the highest lower bound down.
    """

    versi_format: int = 1
    perangkat_daerah: str = ""
    tahun: int | None = None
    tempat: str = ""
    bulan_pelaporan: int = 1
    batas_atas_capaian_pct: Decimal | None = None
    capaian_minimal_nol: bool = False
    nilai_huruf_sakip: bool = True
    ambang_selisih_cascading: Decimal = Decimal(20)
    predikat: tuple[PredikatBand, ...] = ()


@dataclass(frozen=True)
class ReadNote:
    """Something the reader interpreted and check should mention.

    Attributes:
        table: ``jabatan`` | ``indikator`` | ``realisasi`` | ``pengaturan`` | ``predikat``.
        index: the row's index label in that table.
        key: the column key.
        code: issue code, e.g. ``angka-teks-dibaca``.
        raw: the cell's value as stored.
        reading: what the reader took it to mean (as text).
    """

    table: str
    index: Any
    key: str
    code: str
    raw: Any
    reading: str


@dataclass(frozen=True)
class SheetInfo:
    """What the model keeps of one sheet besides its tables (for :mod:`ikixl.sheetcheck`).

    Attributes:
        name: the sheet name as the tab shows it.
        state: ``visible``, ``hidden`` or ``veryHidden`` (unhidden only through VBA).
        kind: ``worksheet``, ``chartsheet``, ``dialogsheet`` or ``macrosheet``.
        has_cells: the sheet holds at least one non-empty cell (worksheets only).
        hidden_rows: hidden rows that hold a value or formula → the address of
            the row's first non-empty cell (``A40``).
        hidden_cols: 1-based hidden columns.
        extensions: the ``uri`` of each Excel 2010+ extension in the sheet's
            ``extLst`` (x14 data validations, conditional formats…).
    """

    name: str
    state: str = "visible"
    kind: str = "worksheet"
    has_cells: bool = False
    hidden_rows: dict[int, str] = field(default_factory=dict)
    hidden_cols: frozenset[int] = frozenset()
    extensions: tuple[str, ...] = ()


@dataclass
class IkiWorkbook:
    """One IKI workbook, as read.

    Attributes:
        path: the file read.
        sheet_names: every sheet, in workbook order.
        jabatan_sheets: the sheets read as jabatan forms, in workbook order.
        pengaturan: one row per setting. Columns: ``key`` (layout key),
            ``label``, ``value`` (typed as the setting's kind, else raw),
            ``sheet``. Index: the setting key.
        predikat: one row per predikat band as written. Columns:
            ``batas_bawah_pct``, ``predikat``, ``warna``, ``warna_teks``,
            ``sheet``. Index: 0..n-1.
        jabatan: one row per jabatan sheet. Columns: the keys of
            ``layout.JABATAN_FIELDS`` plus ``sheet``. Index: 0..n-1.
        indikator: one row per indicator row. Columns: the keys of
            ``layout.INDIKATOR_COLUMNS`` plus ``kode_jabatan`` (from its sheet's
            header), ``sheet`` and ``row`` (Excel row, int). Index: 0..n-1.
        realisasi: one row per Realisasi row. Columns: the keys of
            ``layout.REALISASI_COLUMNS`` (computed ones as read) plus ``sheet`` and
            ``row``. Index: 0..n-1.
        cells: table name → DataFrame of Excel addresses (``H15``), same index
            and value columns as the table; None where the column is absent.
        missing_columns: table name → layout keys whose header was not found
            (per sheet for indikator: ``indikator:<sheet>``).
        notes: interpretations made while reading (see :class:`ReadNote`).
        sheets: every sheet in tab order, with its state, hidden rows and
            columns and extensions (see :class:`SheetInfo`); empty for a model
            built by hand.
        source_members: the file's zip members ``(name, CRC-32, size)`` as they were when
            reading began (:func:`ikixl.files.package_members`), for a write to tell whether the
            file was saved again since; None for a model built by hand.
    """

    path: Path
    sheet_names: list[str]
    jabatan_sheets: list[str]
    pengaturan: pd.DataFrame
    predikat: pd.DataFrame
    jabatan: pd.DataFrame
    indikator: pd.DataFrame
    realisasi: pd.DataFrame
    cells: MutableMapping[str, pd.DataFrame]
    missing_columns: dict[str, list[str]] = field(default_factory=dict)
    notes: list[ReadNote] = field(default_factory=list)
    sheets: list[SheetInfo] = field(default_factory=list)
    source_members: tuple[tuple[str, int, int], ...] | None = None

    def setting(self, key: str) -> Any:
        """A Pengaturan value as read (``layout.SETTINGS`` key), or the layout default
        when the cell is blank or the row is missing."""
        if key in self.pengaturan.index:
            value = self.pengaturan.at[key, "value"]
            if value is not None:
                return value
        return next(s.default for s in layout.SETTINGS if s.key == key)

    def sheet_named(self, name: str) -> str | None:
        """The sheet whose name matches ``name`` once normalised (case, spaces), or None."""
        folded = layout.normalize_label(name)
        return next((s for s in self.sheet_names if layout.normalize_label(s) == folded), None)

    def pengaturan_sheet(self) -> str | None:
        """The sheet the settings were read from: Pengaturan, or a sheet renamed from it that the
        reader took by its header row when none is named so (:data:`layout.PENGATURAN_HEADERS`);
        None when there is none."""
        frame = self.pengaturan
        if frame is None or frame.empty or "sheet" not in frame.columns:
            return None
        return next((t for t in frame["sheet"].tolist() if isinstance(t, str)), None)

    def cell(self, table: str, index: Any, key: str) -> tuple[str | None, str | None]:
        """(sheet, Excel address) of one value; (sheet, None) when the column is absent."""
        frame = getattr(self, table)
        sheet = frame.at[index, "sheet"] if "sheet" in frame.columns else None
        if isinstance(self.cells, LazyFrames):
            if table not in self.cells:
                return sheet, None
            return sheet, self.cells.address(table, index, key)
        cells = self.cells.get(table)
        if cells is None or key not in cells.columns:
            return sheet, None
        return sheet, cells.at[index, key]


def frame_rows(frame: pd.DataFrame) -> list[tuple[Any, dict[str, Any]]]:
    """``(index label, {column: value})`` for every row of ``frame``, in order.

    The values are those of ``frame.to_dict("index")`` (Python scalars), built
    column by column: ``iterrows`` and ``to_dict`` box every value of a
    240,000-row Realisasi table one at a time and cost seconds.
    """
    keys = list(frame.columns)
    columns = [frame[k].tolist() for k in keys]
    return [(label, dict(zip(keys, row, strict=True)))
            for label, row in zip(frame.index.tolist(), zip(*columns, strict=True), strict=True)] \
        if keys else [(label, {}) for label in frame.index.tolist()]
