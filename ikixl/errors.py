"""The exception tree of ikixl.

Every error the library raises on purpose derives from :class:`IkixlError`.
The CLI maps them to exit codes: input problems (:class:`WorkbookError` and
its children, :class:`CheckFailed`) exit 1; anything else is a bug and exits 3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ikixl.report import Report


class IkixlError(Exception):
    """Base of every error ikixl raises on purpose."""


class WorkbookError(IkixlError):
    """The file cannot be used as an IKI workbook.

    Attributes:
        path: the file concerned.
        code: a stable kebab-case code (as in a :class:`~ikixl.report.Issue`).
        sheet, cell: where, when known.
    """

    def __init__(self, message: str, *, path: object = None, code: str = "berkas-tidak-terbaca",
                 sheet: str | None = None, cell: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code
        self.sheet = sheet
        self.cell = cell


class CheckFailed(IkixlError):
    """The workbook has errors that stop the requested work (compute, recap).

    Attributes:
        report: the full :class:`~ikixl.report.Report`.
    """

    def __init__(self, report: Report, message: str | None = None) -> None:
        super().__init__(message or f"{report.summary['errors']} kesalahan ditemukan di {report.file}")
        self.report = report


class WriteError(IkixlError):
    """Writing a workbook failed or was refused; the input is untouched.

    Attributes:
        path: the file that was to be written.
    """

    def __init__(self, message: str, *, path: object = None, code: str = "gagal-menulis") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code
