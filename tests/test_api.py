"""The public API: every name re-exported by ``ikixl`` resolves, lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ikixl


@pytest.mark.parametrize("name", [n for n in ikixl.__all__ if n != "__version__"])
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(ikixl, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        getattr(ikixl, "no_such_name")


def test_importing_the_package_and_cli_loads_no_heavy_library() -> None:
    # STYLE.md: `ikixl --help` must not pay for pandas, pandera or openpyxl.
    code = ("import sys, ikixl, ikixl.cli; "
            "print(sorted(m for m in ('pandas', 'pandera', 'openpyxl', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
