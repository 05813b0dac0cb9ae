"""Checking many workbooks at once (ikixl.batch): which files, in which order, on how many cores.

Expected reports are worked out from the example's known figures (21 jabatan, 89 indicators, no
error, 19 warnings: tests/test_cli.py, README) and from the one fault planted in each copy.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import ikixl.batch
import ikixl.check
from ikixl import layout
from ikixl.batch import (
    CODE_INTERNAL,
    CODE_NO_WORKBOOK,
    check_file,
    check_many,
    is_internal_failure,
    total,
    workbook_paths,
)
from ikixl.errors import WorkbookError
from ikixl.report import ERROR, WARNING, Issue, Report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dinsos_kukar_2023.xlsx"
EXAMPLE_SUMMARY = {"jabatan": 21, "indikator": 89, "errors": 0, "warnings": 19}


def nip_cell() -> str:
    """Where the NIP of a jabatan sheet is typed (layout: one field per row from JABATAN_FIELDS_FIRST_ROW)."""
    row = layout.JABATAN_FIELDS_FIRST_ROW + [c.key for c in layout.JABATAN_FIELDS].index("nip")
    return layout.cell_ref(row, layout.JABATAN_VALUE_COL)


def nip_as_number(path: Path) -> Path:
    """The example with the NIP of SK-PPK typed as a number: exactly one error, nip-bukan-teks."""
    shutil.copyfile(EXAMPLE, path)
    wb = openpyxl.load_workbook(path)
    wb["SK-PPK"][nip_cell()] = 198501012010011001
    wb.save(path)
    return path


def truncated(path: Path) -> Path:
    """The example cut off halfway, as an interrupted download: not a complete zip archive."""
    data = EXAMPLE.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_bytes(b"")


# --------------------------------------------------------------------------- workbook_paths
def test_a_folder_gives_its_workbooks_by_name_skipping_locks_backups_temporaries_and_hidden(
    tmp_path: Path,
) -> None:
    touch(
        tmp_path,
        "b.xlsx",
        "A.XLSX",  # the suffix in any case
        "c.xlsm",
        "b.backup-2024.xlsx",  # not ikixl's backup pattern (no time): a workbook like any other
        "~$b.xlsx",  # Excel/WPS lock file
        ".~lock.b.xlsx#",  # LibreOffice lock file
        "b.backup-20240131-101500.xlsx",  # ikixl's backups
        "b.backup-20240131-101500-2.XLSM",
        ".b.ikixl-k3j9x_ab.xlsx",  # ikixl's temporary file
        ".tersembunyi.xlsx",  # hidden
        "b_rekap_03.xlsx",  # the recap ikixl recap writes beside b.xlsx
        "b_rekap_13.xlsx",  # not a month: a workbook like any other
        "catatan.txt",
        "lama.xls",  # a folder gives .xlsx/.xlsm only
    )
    (tmp_path / "sub").mkdir()
    touch(tmp_path / "sub", "d.xlsx")  # subfolders are not entered
    (tmp_path / "e.xlsx").mkdir()  # a folder named like a workbook is not a file
    # sorted case-insensitively: "a.xlsx" < "b.backup-2024.xlsx" < "b.xlsx" < "b_rekap_13.xlsx" < "c.xlsm"
    assert workbook_paths([tmp_path]) == [
        tmp_path / "A.XLSX",
        tmp_path / "b.backup-2024.xlsx",
        tmp_path / "b.xlsx",
        tmp_path / "b_rekap_13.xlsx",
        tmp_path / "c.xlsm",
    ]


def test_a_recap_in_the_folder_is_skipped_whatever_its_name(tmp_path: Path) -> None:
    from computation_builders import make_computation

    from ikixl.recap import write_recap

    write_recap(make_computation(), tmp_path / "rekap_maret.xlsx")
    touch(tmp_path, "iki.xlsx")
    (tmp_path / "Rekap Indikator.xlsx").write_bytes(b"not a zip: left for check to report")
    assert workbook_paths([tmp_path]) == [tmp_path / "iki.xlsx", tmp_path / "Rekap Indikator.xlsx"]


def test_named_files_are_kept_in_order_once_and_lock_files_never(tmp_path: Path) -> None:
    folder = tmp_path / "kiriman"
    folder.mkdir()
    touch(folder, "x.xlsx", "y.xlsx")
    touch(tmp_path, "z.xlsx", "~$z.xlsx", "z.backup-20240131-101500.xlsx")
    given = [
        tmp_path / "z.xlsx",
        tmp_path / "~$z.xlsx",  # what a shell's *.xlsx hands over: never a workbook
        tmp_path / "z.backup-20240131-101500.xlsx",  # named on purpose: checked
        folder / "y.xlsx",
        folder,  # y.xlsx again, at its first place only
        tmp_path / "tidak-ada.xls",  # missing or old format: kept, check_file reports it
        tmp_path / "." / "z.xlsx",  # the same file spelled differently
    ]
    assert workbook_paths(given) == [
        tmp_path / "z.xlsx",
        tmp_path / "z.backup-20240131-101500.xlsx",
        folder / "y.xlsx",
        folder / "x.xlsx",
        tmp_path / "tidak-ada.xls",
    ]
    assert workbook_paths([str(folder)]) == [folder / "x.xlsx", folder / "y.xlsx"]
    assert workbook_paths(str(folder)) == [folder / "x.xlsx", folder / "y.xlsx"]  # one path, not its letters


def test_nothing_to_check_is_a_workbook_error(tmp_path: Path) -> None:
    empty = tmp_path / "kosong"
    empty.mkdir()
    with pytest.raises(WorkbookError) as info:
        workbook_paths([empty])
    assert info.value.code == CODE_NO_WORKBOOK and str(empty) in str(info.value)
    with pytest.raises(WorkbookError):
        workbook_paths([tmp_path / "~$iki.xlsx"])
    # an empty folder among others that hold workbooks is not an error
    touch(tmp_path, "iki.xlsx")
    assert workbook_paths([empty, tmp_path]) == [tmp_path / "iki.xlsx"]
    with pytest.raises(ValueError):
        workbook_paths([])


# --------------------------------------------------------------------------- check_file, check_many
def test_check_file_turns_an_unreadable_file_into_a_report(tmp_path: Path) -> None:
    report = check_file(truncated(tmp_path / "potong.xlsx"))
    assert report.file == str(tmp_path / "potong.xlsx")
    assert report.summary == {"jabatan": 0, "indikator": 0, "errors": 1, "warnings": 0}
    found = [(i.code, i.severity, i.sheet, i.cell) for i in report.issues]
    assert found == [("berkas-rusak", ERROR, None, None)]
    assert "damaged" in check_file(tmp_path / "potong.xlsx", lang="en").issues[0].message


@pytest.fixture(scope="module")
def four_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The example, a copy with a NIP typed as a number, a truncated copy and a missing file."""
    folder = tmp_path_factory.mktemp("kiriman")
    example = folder / "contoh.xlsx"
    shutil.copyfile(EXAMPLE, example)
    nip, potong = nip_as_number(folder / "nip.xlsx"), truncated(folder / "potong.xlsx")
    return [example, nip, potong, folder / "hilang.xlsx"]


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "two-workers"])
def test_check_many_keeps_the_order_given(
    workers: int, four_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    pools: list[int] = []
    real_pool = ikixl.batch._pool

    def spy(count: int) -> Any:
        pools.append(count)
        return real_pool(count)

    monkeypatch.setattr(ikixl.batch, "_pool", spy)
    finished: list[int] = []
    reports = check_many(four_files, workers=workers, on_done=lambda index, _report: finished.append(index))
    assert pools == ([] if workers == 1 else [2])  # in this process, or in a pool of two
    assert sorted(finished) == [0, 1, 2, 3]
    assert [r.file for r in reports] == [str(p) for p in four_files]
    example, nip, potong, hilang = reports
    assert example.summary == EXAMPLE_SUMMARY
    # one planted fault, one error; the warnings are the example's
    assert nip.summary == {**EXAMPLE_SUMMARY, "errors": 1}
    assert [(i.code, i.sheet, i.cell) for i in nip.errors] == [("nip-bukan-teks", "SK-PPK", nip_cell())]
    assert [(i.code, i.sheet) for i in potong.issues] == [("berkas-rusak", None)]
    assert [(i.code, i.sheet) for i in hilang.issues] == [("berkas-tidak-ada", None)]
    assert not any(is_internal_failure(r) for r in reports)
    assert total(reports) == {"files": 4, "files_with_errors": 3, "errors": 3, "warnings": 2 * 19}


def test_a_single_file_is_checked_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(_count: int) -> Any:
        raise AssertionError("no pool for one file")

    monkeypatch.setattr(ikixl.batch, "_pool", no_pool)
    [report] = check_many([EXAMPLE])
    assert report.summary == EXAMPLE_SUMMARY


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "two-workers"])
def test_a_fault_of_ikixl_in_one_file_does_not_stop_the_others(
    workers: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the workers are forked from this process (ikixl.batch._pool), so they inherit the patch
    real = ikixl.check.check_workbook

    def flaky(source: Any, **kwargs: Any) -> Any:
        if Path(source).name == "bug.xlsx":
            raise RuntimeError("simulated bug")
        return real(source, **kwargs)

    monkeypatch.setattr(ikixl.check, "check_workbook", flaky)
    paths = [tmp_path / "bug.xlsx", EXAMPLE, truncated(tmp_path / "potong.xlsx")]
    shutil.copyfile(EXAMPLE, paths[0])
    bug, example, potong = check_many(paths, workers=workers, lang="en")
    assert is_internal_failure(bug) and not is_internal_failure(example) and not is_internal_failure(potong)
    [issue] = bug.issues
    assert (issue.code, issue.severity, issue.sheet, issue.cell) == (CODE_INTERNAL, ERROR, None, None)
    assert "RuntimeError: simulated bug" in issue.message and "fault in ikixl" in issue.message
    assert issue.params is not None and "Traceback" in issue.params["traceback"]
    assert "traceback" not in str(bug.to_dict())  # kept for --verbose, not in the JSON
    assert example.summary == EXAMPLE_SUMMARY
    assert [i.code for i in potong.issues] == ["berkas-rusak"]


def test_a_worker_that_dies_takes_only_its_own_file_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ikixl.check.check_workbook

    def deadly(source: Any, **kwargs: Any) -> Any:
        if Path(source).name == "mati.xlsx":
            os._exit(70)  # as a worker killed for memory: no exception, no report
        return real(source, **kwargs)

    monkeypatch.setattr(ikixl.check, "check_workbook", deadly)
    paths = [tmp_path / "mati.xlsx", EXAMPLE, EXAMPLE.with_name("nope.xlsx")]
    shutil.copyfile(EXAMPLE, paths[0])
    dead, example, missing = check_many(paths, workers=2)
    assert is_internal_failure(dead)
    assert "berhenti mendadak" in dead.issues[0].message
    assert example.summary == EXAMPLE_SUMMARY
    assert [i.code for i in missing.issues] == ["berkas-tidak-ada"]


def test_on_done_may_stop_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stop(Exception):
        pass

    def stop(_index: int, _report: Report) -> None:
        raise Stop

    for workers in (1, 2):
        with pytest.raises(Stop):
            check_many([EXAMPLE, EXAMPLE.with_name("nope.xlsx")], workers=workers, on_done=stop)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="lang"):
        check_many([EXAMPLE], lang="fr")
    with pytest.raises(ValueError, match="workers"):
        check_many([EXAMPLE], workers=0)
    assert check_many([]) == []


# --------------------------------------------------------------------------- total
def test_total_counts_files_with_errors_errors_and_warnings() -> None:
    def issue(severity: str) -> Issue:
        return Issue("kode", severity, "S", "A1", None, "pesan")

    reports = [
        Report("a.xlsx", issues=[issue(ERROR), issue(WARNING), issue(WARNING)]),
        Report("b.xlsx", issues=[issue(WARNING)]),  # warnings only: not a file with errors
        Report("c.xlsx", issues=[issue(ERROR), issue(ERROR)]),
        Report("d.xlsx"),
    ]
    assert total(reports) == {"files": 4, "files_with_errors": 2, "errors": 3, "warnings": 3}
    assert total([]) == {"files": 0, "files_with_errors": 0, "errors": 0, "warnings": 0}
