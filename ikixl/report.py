"""Problems found in a workbook, as data.

A :class:`Report` is what ``ikixl check`` prints, and exactly what
``--format json`` serialises (``Report.to_dict``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem at one place.

    Attributes:
        code: stable kebab-case code, e.g. ``nip-bukan-teks``.
        severity: ``"error"`` or ``"warning"``.
        sheet: sheet name as the clerk sees it, or None for the whole file.
        cell: Excel address (``H12``; 1-based row, column letter), or None.
        value: the value found, as text (None when the cell is blank).
        message: what is wrong and how to fix it, in Bahasa Indonesia (or in
            English: :meth:`in_language`).
        params: the catalogue template's parameters, to render the message in
            another language; None for an issue not made from the catalogue.
            Not part of equality, ``repr`` or :meth:`to_dict`.
    """

    code: str
    severity: str
    sheet: str | None
    cell: str | None
    value: str | None
    message: str
    params: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """``{"code", "severity", "sheet", "cell", "value", "message"}``."""
        return {
            "code": self.code,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "value": self.value,
            "message": self.message,
        }

    @property
    def location(self) -> str:
        """``'SK-PPK'!H12``, ``'Realisasi'``, or ``""`` for the whole file."""
        if self.sheet is None:
            return ""
        quoted = "'" + self.sheet.replace("'", "''") + "'"
        return f"{quoted}!{self.cell}" if self.cell else quoted


@dataclass
class Report:
    """Everything check found in one file.

    Attributes:
        file: the path as given.
        jabatan: number of jabatan sheets read.
        indikator: number of indicators read.
        issues: every problem, in sheet order then row order.
    """

    file: str
    jabatan: int = 0
    indikator: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    @property
    def summary(self) -> dict[str, int]:
        return {
            "jabatan": self.jabatan,
            "indikator": self.indikator,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }

    def to_dict(self) -> dict[str, Any]:
        """``{"file", "summary": {...}, "issues": [{"code", "severity", "sheet", "cell", "value", "message"}]}``."""
        return {"file": self.file, "summary": self.summary, "issues": [i.to_dict() for i in self.issues]}
