"""Checking many workbooks at once: which files to check, and checking them on every core.

A Sub Bagian Program collects one workbook per bidang or per person every
month and wants one answer: which files are fine, which are not, and where.

* :func:`workbook_paths` turns the files and folders a clerk names into the
  list of workbooks to check (a folder gives its direct children that are
  ``.xlsx``/``.xlsm`` workbooks; lock files, ikixl's backups and temporary
  files and other hidden files are skipped).
* :func:`check_file` checks one file and always returns a
  :class:`~ikixl.report.Report`: a file that cannot be read is a report with
  its file-level issue, as ``ikixl check`` prints it.
* :func:`check_many` checks a list of files, spread over the machine's cores,
  and returns one report per file in the order given; no file stops the
  others, not even a fault in ikixl (a report with an ``ikixl-gagal`` issue).
* :func:`total` adds the reports up: files, files with errors, errors, warnings.

Example::

    from ikixl.batch import check_many, total, workbook_paths

    reports = check_many(workbook_paths(["kiriman/2024-03"]))
    print(total(reports))   # {'files': 12, 'files_with_errors': 2, 'errors': 5, 'warnings': 40}
"""

from __future__ import annotations

import html
import os
import re
import traceback
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ikixl import layout
from ikixl.beside import as_worker, fork_context
from ikixl.catalogue import Text
from ikixl.errors import WorkbookError
from ikixl.files import RECAP_NAME
from ikixl.report import ERROR, Issue, Report

__all__ = [
    "CODE_INTERNAL",
    "CODE_NO_WORKBOOK",
    "WORKBOOK_SUFFIXES",
    "check_file",
    "check_many",
    "is_internal_failure",
    "total",
    "workbook_paths",
]

#: Suffixes of the files a folder contributes (compared case-insensitively: ``IKI.XLSX`` counts).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Code of the error raised when there is nothing to check (category *file*).
CODE_NO_WORKBOOK = "tidak-ada-buku-kerja"
#: Code of the issue that stands for a fault of ikixl met while checking one file (category *internal*).
CODE_INTERNAL = "ikixl-gagal"

#: ``NAME.backup-YYYYMMDD-HHMMSS.xlsx`` and ``…-N.xlsx``, as :func:`ikixl.files.backup_path` names them.
_BACKUP = re.compile(r"\.backup-\d{8}-\d{6}(?:-\d+)?\.xls[xm]\Z", re.IGNORECASE)
#: ``.NAME.ikixl-<random>.xlsx``, as :func:`ikixl.files.atomic_write` names its temporary file.
_TEMPORARY = re.compile(r"\A\..*\.ikixl-[^.]*\.xls[xm]\Z", re.IGNORECASE)


def _is_lock_name(name: str) -> bool:
    """An Office/WPS owner file ``~$NAME`` or a LibreOffice ``.~lock.NAME#``: never a workbook."""
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def _is_workbook_name(name: str) -> bool:
    """True for a name a folder contributes: an ``.xlsx``/``.xlsm`` that is not a lock file, an ikixl
    backup or temporary file, or otherwise hidden (a leading dot)."""
    if not name.lower().endswith(WORKBOOK_SUFFIXES):
        return False
    return not (_is_lock_name(name) or _BACKUP.search(name) or _TEMPORARY.match(name) or name.startswith(".")
                or RECAP_NAME.search(name))


_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"')


def _is_recap(path: Path) -> bool:
    """True for a recap written by ``ikixl recap`` (its two sheets, no Realisasi), whatever its name.

    Only the sheet names of ``xl/workbook.xml`` are looked at, by a pattern over at most 1 MiB of
    its bytes: nothing is parsed, and a file that is no zip is left for check to report.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > 1 << 20:
                return False
            names = {html.unescape(m.decode("utf-8", "replace"))
                     for m in _SHEET_NAME.findall(archive.read(info))}
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError):
        return False
    return set(layout.RECAP_SHEETS) <= names and layout.SHEET_REALISASI not in names


def workbook_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The workbooks to check among ``paths``, in order, each once.

    * A folder gives its direct children (subfolders are not entered) whose
      name ends in ``.xlsx`` or ``.xlsm`` in any case, sorted by name
      (case-insensitively), skipping Office/WPS lock files ``~$NAME``,
      LibreOffice lock files ``.~lock.NAME#``, ikixl's backups
      ``NAME.backup-YYYYMMDD-HHMMSS[-N].xlsx`` (``.xlsm``), ikixl's temporary
      files ``.NAME.ikixl-<random>.xlsx``, the recaps ``ikixl recap`` writes
      (named ``NAME_rekap_MM.xlsx``, or any name: recognised by their two
      sheets) and every other hidden file (a name starting with a dot).
    * A file is kept as given, whatever its name (``a.xls`` is checked, and
      reported as the old format; a missing file is reported as missing),
      except a lock file ``~$NAME`` or ``.~lock.NAME#``, which is never a
      workbook (a shell pattern ``*.xlsx`` matches ``~$iki.xlsx``).
    * A file named twice (or named and inside a folder named) is kept at its
      first place; paths are compared once resolved.

    Args:
        paths: files and folders, as the clerk named them (a single path is taken as one).

    Returns:
        The paths to check: children of a folder are ``folder / name``, so a
        report names them as the clerk would.

    Raises:
        WorkbookError: (code ``tidak-ada-buku-kerja``) nothing is left to
            check, e.g. an empty folder.  A folder without workbooks among
            other paths that have some is not an error.
        ValueError: ``paths`` is empty (a programming error).
    """
    given = [Path(paths)] if isinstance(paths, str | os.PathLike) else [Path(p) for p in paths]
    if not given:
        raise ValueError("workbook_paths needs at least one path")
    found: list[Path] = []
    seen: set[Path] = set()
    for path in given:
        if path.is_dir():
            children = [c for c in path.iterdir()
                        if _is_workbook_name(c.name) and c.is_file() and not _is_recap(c)]
            candidates = sorted(children, key=lambda c: (c.name.casefold(), c.name))
        elif _is_lock_name(path.name):
            candidates = []
        else:
            candidates = [path]
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    if not found:
        where = ", ".join(str(p) for p in given)
        raise WorkbookError.from_code(CODE_NO_WORKBOOK, path=where, tempat=where)
    return found


def check_file(path: str | os.PathLike[str], *, lang: str = "id") -> Report:
    """Check one file; a file that cannot be read is a report, not an exception.

    Args:
        path: the workbook (``.xlsx``/``.xlsm``).
        lang: language of the messages, ``"id"`` (default) or ``"en"``.

    Returns:
        :func:`ikixl.check.check_workbook`'s report, or, when the file cannot
        be read as an IKI workbook (missing, not an ``.xlsx``, damaged,
        password-protected …), a report with 0 jabatan, 0 indikator and that
        one file-level error (the code of the :class:`WorkbookError`).

    Raises:
        ValueError: ``lang`` is neither ``"id"`` nor ``"en"``.
        Exception: anything else the check raises is a fault of ikixl and
            propagates (:func:`check_many` turns it into a report).
    """
    from ikixl.check import check_workbook

    try:
        return check_workbook(path, lang=lang)
    except WorkbookError as exc:
        issue = Issue(exc.code or "berkas-tidak-terbaca", ERROR, exc.sheet, exc.cell, None,
                      exc.message_in(lang), params=exc.params)
        return Report(file=str(path), issues=[issue])


def _internal_failure(path: str, lang: str, rincian: Any, trace: str) -> Report:
    """The report that stands for a fault of ikixl met while checking ``path``: one ``ikixl-gagal``
    error, ``rincian`` the exception (``Type: message``), the traceback kept in its params."""
    from ikixl.catalogue import make_issue

    issue = make_issue(CODE_INTERNAL, sheet=None, cell=None, lang=lang, berkas=Path(path).name,
                       rincian=rincian, traceback=trace)
    return Report(file=path, issues=[issue])


_WORKER_DIED = Text("proses yang memeriksa berkas ini berhenti mendadak",
                    "the process checking this file died")


def _check_guarded(path: str, lang: str) -> Report:
    """:func:`check_file`, with any exception turned into an ``ikixl-gagal`` report (runs in a worker)."""
    try:
        return check_file(path, lang=lang)
    except Exception as exc:  # noqa: BLE001 - one file's fault must not stop the others
        return _internal_failure(path, lang, f"{type(exc).__name__}: {exc}", traceback.format_exc())


def is_internal_failure(report: Report) -> bool:
    """True when ``report`` stands for a fault of ikixl (an ``ikixl-gagal`` issue), not for the file."""
    return any(issue.code == CODE_INTERNAL for issue in report.issues)


def check_many(
    paths: Sequence[str | os.PathLike[str]],
    *,
    lang: str = "id",
    workers: int | None = None,
    on_done: Callable[[int, Report], Any] | None = None,
) -> list[Report]:
    """Check every file of ``paths``, spread over the machine's cores; one report per file, in order.

    Each file is checked by :func:`check_file` in a worker process
    (:class:`concurrent.futures.ProcessPoolExecutor`); with one file, or
    ``workers=1``, everything runs in this process.  Folders are not expanded
    here: pass them through :func:`workbook_paths` first.

    No file stops the others.  A file that cannot be read is a report with
    its file-level error (as :func:`check_file`).  A fault of ikixl met while
    checking a file (an unexpected exception, or a worker process that died)
    is a report with one ``ikixl-gagal`` error naming the exception; the full
    traceback is kept in that issue's ``params["traceback"]`` (not in the
    JSON).  :func:`is_internal_failure` tells such a report apart: the CLI
    exits 3 for it, as for any fault of ikixl.  A worker that dies takes the
    files it had not finished with it; those are checked again one by one, each
    in a fresh process, so that only the file that kills its worker fails.
    When this system cannot start processes at all, the files are checked
    in this process.

    Args:
        paths: the files to check (``.xlsx``/``.xlsm``).
        lang: language of the messages, ``"id"`` (default) or ``"en"``.
        workers: the number of worker processes; default ``os.cpu_count()``,
            never more than the number of files.
        on_done: called in this process as ``on_done(index, report)`` when the
            file ``paths[index]`` is done, in the order files finish (to drive
            a progress bar).  What it raises stops the work and propagates.

    Returns:
        One :class:`~ikixl.report.Report` per path, in the order of ``paths``.

    Raises:
        ValueError: ``lang`` is neither ``"id"`` nor ``"en"``, or ``workers``
            is less than 1.
    """
    from ikixl.catalogue import LANGUAGES

    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    files = [str(p) for p in paths]
    count = min(workers or os.cpu_count() or 1, len(files))
    reports: list[Report | None] = [None] * len(files)

    def done(index: int, report: Report) -> None:
        reports[index] = report
        if on_done is not None:
            on_done(index, report)

    pool = _pool(count) if count > 1 else None
    if pool is None:
        for index, path in enumerate(files):
            done(index, _check_guarded(path, lang))
        return [r for r in reports if r is not None]
    for index in _check_in_pool(pool, files, lang, done):
        # A worker died (killed for memory, a crash in a C extension) and took unfinished files with it:
        # check each again in a process of its own, so that only the file that kills its worker fails.
        def done_again(_: int, report: Report, index: int = index) -> None:
            done(index, report)

        alone = _pool(1)
        if alone is None or _check_in_pool(alone, [files[index]], lang, done_again):
            done(index, _internal_failure(files[index], lang, _WORKER_DIED, ""))
    return [r for r in reports if r is not None]


def _pool(workers: int) -> ProcessPoolExecutor | None:
    """A pool of ``workers`` processes, or None when this system cannot start one (no working
    semaphores, as on some sandboxes): then the files are checked in this process."""
    # fork copies this process, which has ikixl.check (and pandas) imported already: a worker starts in
    # milliseconds instead of a second.  Forking a process that runs other threads can deadlock, so
    # then (a threaded program using the library) the platform's default start method is used.
    import ikixl.check  # noqa: F401 - imported before forking, so that workers inherit it

    context = fork_context()
    try:
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_interrupt)
    except (OSError, NotImplementedError, ImportError):
        return None


def _ignore_interrupt() -> None:
    """In a worker: leave Ctrl+C to the parent, which cancels what has not started and waits for the
    rest, instead of every worker printing its own traceback (:func:`ikixl.beside.as_worker`)."""
    as_worker()


def _check_in_pool(pool: ProcessPoolExecutor, files: list[str], lang: str,
                   done: Callable[[int, Report], None]) -> list[int]:
    """Check ``files`` in ``pool`` (then shut it down), calling ``done(index, report)`` as each
    finishes; return the indexes of the files lost because a worker died, in order."""
    lost: list[int] = []
    try:
        futures: dict[Future[Report], int] = {
            pool.submit(_check_guarded, path, lang): index for index, path in enumerate(files)
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                report = future.result()
            except BrokenProcessPool:
                lost.append(index)
                continue
            except Exception as exc:  # noqa: BLE001 - e.g. a report that could not be sent back
                report = _internal_failure(files[index], lang, f"{type(exc).__name__}: {exc}",
                                           "".join(traceback.format_exception(exc)))
            done(index, report)
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return sorted(lost)


def total(reports: Iterable[Report]) -> dict[str, int]:
    """``{"files", "files_with_errors", "errors", "warnings"}``: the counts over ``reports``.

    A file with errors is one whose report has at least one error (an
    unreadable file and an ``ikixl-gagal`` report included).
    """
    reports = list(reports)
    return {
        "files": len(reports),
        "files_with_errors": sum(1 for r in reports if not r.ok),
        "errors": sum(len(r.errors) for r in reports),
        "warnings": sum(len(r.warnings) for r in reports),
    }
