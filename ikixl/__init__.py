"""ikixl: trustworthy IKI workbooks for Indonesian local-government offices.

The public API is re-exported lazily so that ``ikixl --help`` does not pay for
pandas, pandera or openpyxl::

    import ikixl
    wb = ikixl.read_workbook("examples/dinsos_kukar_2023.xlsx")
    report = ikixl.check_workbook(wb)
    result = ikixl.compute(wb, month=3)
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "read_workbook": "ikixl.reader",
    "check_workbook": "ikixl.check",
    "check_many": "ikixl.batch",
    "workbook_paths": "ikixl.batch",
    "compute": "ikixl.compute",
    "Computation": "ikixl.compute",
    "write_computed": "ikixl.writeback",
    "write_annotated": "ikixl.annotate",
    "write_recap": "ikixl.recap",
    "write_template": "ikixl.template",
    "capaian_pct": "ikixl.capaian",
    "predikat": "ikixl.capaian",
    "IkiWorkbook": "ikixl.model",
    "Report": "ikixl.report",
    "Issue": "ikixl.report",
    "IkixlError": "ikixl.errors",
    "WorkbookError": "ikixl.errors",
    "CheckFailed": "ikixl.errors",
    "WriteError": "ikixl.errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ikixl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
