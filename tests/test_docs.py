"""The documents say what the code does."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from ikixl import layout
from ikixl.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMAT_DOC = (ROOT / "docs" / "workbook-format.md").read_text(encoding="utf-8")


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)


def test_readme_first_block_has_install_run_and_test_commands() -> None:
    first = _code_blocks(README)[0].strip().splitlines()
    assert len(first) == 2
    run, test = first
    assert "ikixl compute examples/dinsos_kukar_2023.xlsx" in run and "--output" in run
    assert "pytest" in test and "[test]" in test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = _code_blocks(README)[0].strip().splitlines()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def test_readme_usage_matches_help() -> None:
    result = CliRunner().invoke(main, ["--help"], prog_name="ikixl", terminal_width=80)
    assert result.exit_code == 0
    usage = next(b for b in _code_blocks(README) if b.startswith("Usage: ikixl"))
    assert usage.strip() == result.output.strip()


def test_format_doc_names_every_label_of_the_layout() -> None:
    labels = [c.label for c in layout.JABATAN_FIELDS + layout.INDIKATOR_COLUMNS + layout.REALISASI_COLUMNS]
    labels += [c.label for c in layout.PREDIKAT_COLUMNS + layout.CASCADING_COLUMNS]
    labels += [s.label for s in layout.SETTINGS]
    labels += list(layout.RESERVED_SHEETS) + [name for name, _, _ in layout.DAFTAR]
    missing = [label for label in labels if label not in FORMAT_DOC]
    assert missing == []


def test_format_doc_rows_and_columns_match_the_layout() -> None:
    assert f"header is row {layout.INDIKATOR_HEADER_ROW}" in FORMAT_DOC
    assert f"header in row {layout.REALISASI_HEADER_ROW}" in FORMAT_DOC
    for offset, column in enumerate(layout.JABATAN_FIELDS):
        assert f"| {layout.JABATAN_FIELDS_FIRST_ROW + offset} | {column.label} |" in FORMAT_DOC
    for columns in (layout.INDIKATOR_COLUMNS, layout.REALISASI_COLUMNS):
        for number, column in enumerate(columns, start=1):
            assert f"| {layout.column_letter(number)} | {column.label} |" in FORMAT_DOC
