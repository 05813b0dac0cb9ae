"""The ``ikixl`` command line: a thin layer over the public API.

Exit codes, for every command:
    0  no errors (warnings allowed);
    1  the input has errors, including a file that cannot be read as an IKI
       workbook at all, or a write that was refused to protect data;
    2  usage error (unknown option, missing argument);
    3  ikixl itself failed unexpectedly (traceback only with ``--verbose``).

Heavy libraries (pandas, pandera, openpyxl) are imported inside the commands,
so ``ikixl --help`` stays fast.
"""

from __future__ import annotations

import functools
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ikixl import __version__

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def _fail_safely(func: Callable[..., int | None]) -> Callable[..., None]:
    """Map library errors to exit codes and keep tracebacks away from clerks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        from ikixl.errors import CheckFailed, IkixlError

        ctx = click.get_current_context()
        verbose = bool(ctx.find_root().params.get("verbose"))
        try:
            code = func(*args, **kwargs)
        except CheckFailed as exc:
            _print_report(exc.report, "text")
            click.echo(f"Dibatalkan: {exc}", err=True)
            ctx.exit(EXIT_INPUT)
        except IkixlError as exc:
            where = _where(exc)
            click.echo(f"Kesalahan{where}: {exc}", err=True)
            if verbose:
                traceback.print_exc()
            ctx.exit(EXIT_INPUT)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except Exception:  # noqa: BLE001 - the last line of defence
            if verbose:
                traceback.print_exc()
            else:
                click.echo(
                    "ikixl gagal secara tak terduga (ini kesalahan ikixl, bukan kesalahan Anda). "
                    "Jalankan lagi dengan --verbose untuk melihat rinciannya.",
                    err=True,
                )
            ctx.exit(EXIT_INTERNAL)
        ctx.exit(code or EXIT_OK)

    return wrapper


def _where(exc: Exception) -> str:
    parts = [str(p) for p in (getattr(exc, "path", None),) if p]
    sheet, cell = getattr(exc, "sheet", None), getattr(exc, "cell", None)
    if sheet:
        parts.append(f"'{sheet}'!{cell}" if cell else f"'{sheet}'")
    return f" ({', '.join(parts)})" if parts else ""


def _print_report(report: Any, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    labels = {"error": "KESALAHAN", "warning": "PERINGATAN"}
    for issue in report.issues:
        location = issue.location or report.file
        value = f" [nilai: {issue.value}]" if issue.value not in (None, "") else ""
        click.echo(f"{labels.get(issue.severity, issue.severity)} {location} ({issue.code}): {issue.message}{value}")
    s = report.summary
    click.echo(
        f"{report.file}: {s['jabatan']} jabatan, {s['indikator']} indikator, "
        f"{s['errors']} kesalahan, {s['warnings']} peringatan"
    )


MONTH = click.IntRange(1, 12)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ikixl")
@click.option("--verbose", is_flag=True, help="Show the full traceback when ikixl itself fails.")
def main(verbose: bool) -> None:
    """ikixl: check, compute and recap IKI (Indikator Kinerja Individu) workbooks.

    Exit codes: 0 no errors (warnings allowed), 1 the input has errors,
    2 usage error, 3 ikixl itself failed.
    """


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report as readable lines or as JSON.")
@_fail_safely
def check(workbook: Path, fmt: str) -> int:
    """Validate WORKBOOK and report every problem at its cell."""
    from ikixl.check import check_workbook
    from ikixl.errors import WorkbookError
    from ikixl.report import ERROR, Issue, Report

    try:
        report = check_workbook(workbook)
    except WorkbookError as exc:
        # A file that is not an IKI workbook at all is still a report, so that
        # `--format json` always prints the same shape.
        report = Report(file=str(workbook), issues=[
            Issue(exc.code, ERROR, exc.sheet, exc.cell, None, exc.message)])
    _print_report(report, fmt)
    return EXIT_OK if report.ok else EXIT_INPUT


def _read_checked(workbook: Path) -> Any:
    """Read WORKBOOK and refuse (CheckFailed) when check finds errors."""
    from ikixl.check import check_workbook
    from ikixl.errors import CheckFailed
    from ikixl.reader import read_workbook

    wb = read_workbook(workbook)
    report = check_workbook(wb)
    if not report.ok:
        raise CheckFailed(report, f"{len(report.errors)} kesalahan di {workbook}; perbaiki dahulu "
                                  f"(lihat `ikixl check {workbook}`). Tidak ada berkas yang diubah.")
    return wb


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--month", type=MONTH, default=None, help="Reporting month 1-12 (default: Bulan Pelaporan).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the result here and leave WORKBOOK untouched.")
@_fail_safely
def compute(workbook: Path, month: int | None, output: Path | None) -> int:
    """Write capaian, predikat and the Cascading sheet into WORKBOOK.

    Colours follow the workbook's own predikat table (conditional formatting).

    Without --output WORKBOOK is updated in place and the original is kept
    beside it as NAME.backup-YYYYMMDD-HHMMSS.xlsx.
    """
    from ikixl.compute import compute as compute_workbook
    from ikixl.writeback import write_computed

    wb = _read_checked(workbook)
    result = compute_workbook(wb, month=month)
    written = write_computed(workbook, result, output=output)
    click.echo(f"{written.path}: capaian bulan {result.month} ditulis "
               f"({len(result.indikator)} indikator, {len(result.jabatan)} jabatan).")
    if written.backup is not None:
        click.echo(f"Salinan asli disimpan sebagai {written.backup}")
    return EXIT_OK


@main.command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--month", type=MONTH, default=None, help="Month 1-12 to recap (default: Bulan Pelaporan).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Recap file to write (default: NAME_rekap_MM.xlsx beside WORKBOOK).")
@_fail_safely
def recap(workbook: Path, month: int | None, output: Path | None) -> int:
    """Write the monthly recap of WORKBOOK to a new workbook."""
    from ikixl.compute import compute as compute_workbook
    from ikixl.recap import write_recap

    wb = _read_checked(workbook)
    result = compute_workbook(wb, month=month)
    target = output or workbook.with_name(f"{workbook.stem}_rekap_{result.month:02d}.xlsx")
    path = write_recap(result, target)
    click.echo(f"{path}: rekap bulan {result.month}, {len(result.indikator)} indikator.")
    return EXIT_OK


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@_fail_safely
def template(output: Path) -> int:
    """Write the blank IKI workbook (format v1) staff start from."""
    from ikixl.template import write_template

    if output.exists():
        raise click.UsageError(f"{output} sudah ada; pilih nama lain agar berkas itu tidak tertimpa.")
    path = write_template(output)
    click.echo(f"{path}: templat kosong ditulis.")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
