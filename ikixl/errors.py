"""The exception tree of ikixl.

Every error the library raises on purpose derives from :class:`IkixlError`.
The CLI maps them to exit codes: input problems (:class:`WorkbookError` and
its children, :class:`CheckFailed`) exit 1; anything else is a bug and exits 3.

:class:`WorkbookError` and :class:`WriteError` carry a code of
:data:`ikixl.catalogue.CATALOGUE`; raised with ``from_code`` they also carry the
template's parameters, so :meth:`IkixlError.message_in` can render the message
in English.  ``str(exc)`` is the Indonesian message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ikixl.report import Report

_E = TypeVar("_E", bound="IkixlError")


class IkixlError(Exception):
    """Base of every error ikixl raises on purpose.

    Attributes:
        code: a stable kebab-case code of the catalogue, or None.
        params: the code's template parameters, or None when the message was
            written by hand.
    """

    code: str | None = None
    params: Mapping[str, Any] | None = None

    def message_in(self, lang: str) -> str:
        """The message in ``lang`` (``"id"`` or ``"en"``); ``str(self)`` when there are no params."""
        if self.code is None or self.params is None:
            return str(self)
        from ikixl.catalogue import render

        return render(self.code, self.params, lang)


class WorkbookError(IkixlError):
    """The file cannot be used as an IKI workbook.

    Attributes:
        path: the file concerned.
        code: a stable kebab-case code (as in a :class:`~ikixl.report.Issue`).
        sheet, cell: where, when known.
        params: the code's template parameters (see :meth:`from_code`).
    """

    def __init__(self, message: str, *, path: object = None, code: str = "berkas-tidak-terbaca",
                 sheet: str | None = None, cell: str | None = None,
                 params: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code
        self.sheet = sheet
        self.cell = cell
        self.params = params

    @classmethod
    def from_code(cls: type[_E], code: str, *, path: object = None, sheet: str | None = None,
                  cell: str | None = None, **params: Any) -> _E:
        """The error for catalogue ``code``, its Indonesian message rendered from ``params``.

        Raises:
            KeyError: ``code`` is not in the catalogue (a programming error).
        """
        from ikixl.catalogue import render

        return cls(  # type: ignore[call-arg]
            render(code, params), path=path, code=code, sheet=sheet, cell=cell, params=params
        )


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
        code: a stable kebab-case code of the catalogue (category *write*).
        params: the code's template parameters (see :meth:`from_code`).
    """

    def __init__(self, message: str, *, path: object = None, code: str = "gagal-menulis",
                 params: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code
        self.params = params

    @classmethod
    def from_code(cls: type[_E], code: str, *, path: object = None, **params: Any) -> _E:
        """The error for catalogue ``code``, its Indonesian message rendered from ``params``.

        Raises:
            KeyError: ``code`` is not in the catalogue (a programming error).
        """
        from ikixl.catalogue import render

        return cls(render(code, params), path=path, code=code, params=params)  # type: ignore[call-arg]
