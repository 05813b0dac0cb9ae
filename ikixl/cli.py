"""The ``ikixl`` command line: a thin layer over the public API.

Exit codes, for every command:
    0  no errors (warnings allowed);
    1  the input has errors, including a file that cannot be read as an IKI
       workbook at all, or a write that was refused to protect data;
    2  usage error (unknown option, missing argument);
    3  ikixl itself failed unexpectedly (traceback only with ``--verbose``).

Language: messages are in Bahasa Indonesia unless ``--lang en`` is given
(before the command, ``ikixl --lang en check …``, or after it, ``ikixl check …
--lang en``) or the environment variable ``IKIXL_LANG`` is ``en``.  This module
is the only place that reads the environment.

Heavy libraries (pandas, pandera, openpyxl) are imported inside the commands,
so ``ikixl --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import string
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from ikixl import __version__

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_STOPPED = 130  # 128 + SIGINT, as shells report a program stopped by Ctrl+C

LANGUAGES = ("id", "en")  # as ikixl.catalogue.LANGUAGES, which is not imported here to keep --help fast

#: The CLI's own texts: key → (Bahasa Indonesia, English); ``str.format`` fields.
_TEXTS: dict[str, tuple[str, str]] = {
    "error": ("KESALAHAN", "ERROR"),
    "warning": ("PERINGATAN", "WARNING"),
    "value": (" [nilai: {value}]", " [value: {value}]"),
    "summary": (
        "{file}: {jabatan} jabatan, {indikator} indikator, {errors} kesalahan, {warnings} peringatan",
        "{file}: {jabatan} jabatan, {indikator:~indicator~indicators}, {errors:~error~errors}, "
        "{warnings:~warning~warnings}",
    ),
    "failed": ("Kesalahan{where}: {message}", "Error{where}: {message}"),
    "cancelled": ("Dibatalkan: {message}", "Cancelled: {message}"),
    "stopped": (
        "Dihentikan. Tidak ada berkas yang rusak: berkas yang belum selesai ditulis tetap seperti semula.",
        "Stopped. No file is damaged: a file not fully written is left as it was.",
    ),
    "bug": (
        "ikixl gagal secara tak terduga (ini kesalahan ikixl, bukan kesalahan Anda). "
        "Jalankan lagi dengan --verbose untuk melihat rinciannya.",
        "ikixl failed unexpectedly (a fault in ikixl, not yours). Run again with --verbose to see the "
        "details.",
    ),
    "check-failed": (
        "{errors} kesalahan di {file}; perbaiki dahulu (lihat `ikixl check {file}`). Tidak ada berkas yang "
        "diubah.",
        "{errors:~error~errors} in {file}; fix them first (see `ikixl check {file}`). No file was changed.",
    ),
    "check-failed-cascade": (
        " Selain itu {errors} kesalahan cascading, yang tidak menghentikan perhitungan.",
        " Besides, {errors:~cascade error~cascade errors}, which do not stop the computation.",
    ),
    "computed": (
        "{path}: capaian bulan {month} ditulis ({indikator} indikator, {jabatan} jabatan).",
        "{path}: capaian of month {month} written ({indikator:~indicator~indicators}, {jabatan} jabatan).",
    ),
    "backup": ("Salinan asli disimpan sebagai {path}", "The original was kept as {path}"),
    "recap": ("{path}: rekap bulan {month}, {indikator} indikator.", "{path}: recap of month {month}, "
              "{indikator:~indicator~indicators}."),
    "template": ("{path}: templat kosong ditulis.", "{path}: blank template written."),
    "exists": (
        "{path} sudah ada; pilih nama lain agar berkas itu tidak tertimpa.",
        "{path} already exists; choose another name so that file is not overwritten.",
    ),
    "no-workbook": (
        "Argumen WORKBOOK wajib diisi (kecuali dengan --list-codes).",
        "Missing argument 'WORKBOOK' (needed unless --list-codes is given).",
    ),
    "codes-and-workbook": (
        "--list-codes tidak memerlukan WORKBOOK; jalankan tanpa WORKBOOK.",
        "--list-codes takes no WORKBOOK; run it without one.",
    ),
    "codes-total": ("{count} kode", "{count:~code~codes}"),
    "total": (
        "Jumlah: {files} berkas, {files_with_errors} berkas dengan kesalahan, {errors} kesalahan, "
        "{warnings} peringatan",
        "Total: {files:~file~files}, {files_with_errors:~file~files} with errors, {errors:~error~errors}, "
        "{warnings:~warning~warnings}",
    ),
    "progress": ("Memeriksa {count} berkas", "Checking {count:~file~files}"),
    "details-hint": (
        "Letak setiap masalah: jalankan lagi dengan --details, atau `ikixl check BERKAS` untuk satu berkas.",
        "Where each problem is: run again with --details, or `ikixl check FILE` for one file.",
    ),
    "same-as-input": (
        "--output tidak boleh sama dengan WORKBOOK: rekap akan menimpa buku kerja IKI.",
        "--output must not be WORKBOOK itself: the recap would replace the IKI workbook.",
    ),
    "month-differs": (
        "Catatan: dihitung untuk bulan {month}, sedangkan Bulan Pelaporan di Pengaturan masih {setting}.",
        "Note: computed for month {month}, while Bulan Pelaporan in Pengaturan is still {setting}.",
    ),
    "cascade-errors": (
        "{errors} kesalahan cascading tidak menghentikan perhitungan; bagian yang terkena ditandai di "
        "lembar Cascading.",
        "{errors:~cascade error does~cascade errors do} not stop the computation; the affected part is "
        "marked on the Cascading sheet.",
    ),
    "bad-month": (
        "'{value}' bukan bulan: tulis 1-12 atau nama bulan (Januari ... Desember).",
        "'{value}' is not a month: give 1-12 or an Indonesian month name (Januari ... Desember).",
    ),
    "annotate-one": (
        "--annotate menandai satu buku kerja; sebutkan tepat satu WORKBOOK (bukan folder).",
        "--annotate marks one workbook; give exactly one WORKBOOK (not a folder).",
    ),
    "annotate-codes": ("--list-codes tidak dapat dipakai bersama --annotate.",
                       "--list-codes cannot be used with --annotate."),
    "annotate-same": (
        "--annotate tidak boleh sama dengan WORKBOOK: ikixl tidak pernah mengubah berkas yang diperiksa.",
        "--annotate must not be WORKBOOK itself: ikixl never changes the file it checks.",
    ),
    "annotate-suffix": (
        "--annotate harus berakhiran {suffix}, seperti WORKBOOK.",
        "--annotate must end in {suffix}, like WORKBOOK.",
    ),
    "annotated": (
        "{path}: salinan bertanda ditulis ({marked} sel ditandai, daftar lengkap di lembar Hasil "
        "Pemeriksaan). Berkas asli tidak diubah.",
        "{path}: annotated copy written ({marked:~cell~cells} marked, the full list on the Hasil Pemeriksaan "
        "sheet). The original file is unchanged.",
    ),
    "annotate-losses": (
        "Perhatian: salinan bertanda {path} tidak memuat {losses}; berkas asli tidak diubah dan tetap lengkap.",
        "Note: the annotated copy {path} lacks {losses}; the original file is unchanged and complete.",
    ),
    "annotate-backup": ("Salinan bertanda sebelumnya disimpan sebagai {path}",
                        "The earlier annotated copy was kept as {path}"),
    "other-warnings": (
        "{count} peringatan lain: lihat `ikixl check {file}`.",
        "{count:~other warning~other warnings}: see `ikixl check {file}`.",
    ),
    "usage": ("Cara pakai:{usage}", "Usage:{usage}"),
    "usage-help": ("Ketik '{command} --help' untuk bantuan.", "Try '{command} --help' for help."),
    "usage-error": ("Kesalahan: {message}", "Error: {message}"),
    # (In English, click's own messages are shown; these are their counterparts.)
    "missing-argument": ("Argumen {name} belum diberikan.", "Missing argument {name}."),
    "missing-option": ("Opsi {name} belum diberikan.", "Missing option {name}."),
    "no-such-option": ("Opsi {name} tidak dikenal.", "No such option: {name}."),
    "no-such-command": ("Perintah '{name}' tidak dikenal; perintah ikixl: {commands}.",
                        "No such command '{name}'; ikixl's commands: {commands}."),
    "did-you-mean": (" Maksud Anda {names}?", " Did you mean {names}?"),
    "needs-value": ("Opsi {name} memerlukan nilai.", "Option {name} requires an argument."),
    "takes-no-value": ("Opsi {name} tidak menerima nilai.", "Option {name} does not take a value."),
    "bad-value": ("Nilai {name} tidak sah: {message}", "Invalid value for {name}: {message}"),
    "not-one-of": ("'{value}' bukan salah satu dari {choices}.", "'{value}' is not one of {choices}."),
    "is-a-folder": ("{path} adalah folder, bukan berkas.", "{path} is a folder, not a file."),
    "extra-arguments": ("Argumen berlebih: {args}.", "Got unexpected extra arguments ({args})."),
    "or": (" atau ", " or "),
    "annotate-unreadable": (
        "Tidak ada salinan bertanda: {file} tidak dapat dibaca, jadi tidak ada yang dapat ditandai.",
        "No annotated copy: {file} cannot be read, so there is nothing to mark.",
    ),
}


class _CountFormatter(string.Formatter):
    """``{n:~error~errors}`` gives ``1 error`` or ``2 errors`` (English texts; Indonesian nouns do
    not change with the number)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("~"):
            one, _, many = format_spec[1:].partition("~")
            return f"{value} {one if value == 1 else many}"
        return super().format_field(value, format_spec)


_COUNTS = _CountFormatter()


def _text(key: str, lang: str, **fields: Any) -> str:
    indonesian, english = _TEXTS[key]
    return _COUNTS.format(english if lang == "en" else indonesian, **fields)


def _lang(ctx: click.Context) -> str:
    """The language asked for: the command's --lang, else the group's (--lang or IKIXL_LANG), else id."""
    return ctx.params.get("lang") or ctx.find_root().params.get("lang") or "id"


_LANG_HELP = "Language of the messages: id (Bahasa Indonesia) or en (English)."


class _Language(click.Choice):
    """``id`` or ``en``, also written as a locale (``id_ID``, ``en-GB``, ``en_US.UTF-8``: the form
    a system's language settings give, e.g. in IKIXL_LANG)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        language = _language_of(value) if isinstance(value, str) else None
        return language if language is not None else super().convert(value, param, ctx)


def _language_of(value: str) -> str | None:
    """``id`` or ``en`` from a language or locale name (``en_US.UTF-8`` → ``en``); None for others."""
    language = value.split(".")[0].replace("-", "_").split("_")[0].strip().lower()
    return language if language in LANGUAGES else None


LANGUAGE = _Language(LANGUAGES, case_sensitive=False)


def _lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--lang`` and ``--verbose`` on a command, as on the group (either place works)."""
    func = click.option("--verbose", is_flag=True, help=_VERBOSE_HELP)(func)
    return click.option("--lang", type=LANGUAGE, default=None,
                        help=_LANG_HELP + " [default: ikixl --lang]")(func)


_VERBOSE_HELP = "Show the full traceback when ikixl itself fails."


_ENGLISH_MONTHS = {
    name: number
    for number, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"),
        start=1,
    )
}


class MonthType(click.ParamType):
    """A month as 1-12, an Indonesian name (``Maret``, ``mar``, old spellings; via
    :func:`ikixl.layout.month_number`) or an English one (``March``)."""

    name = "BULAN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from ikixl.layout import month_number

        number = month_number(value)
        if number is None and isinstance(value, str):  # (--lang en users write March)
            number = _ENGLISH_MONTHS.get(value.strip().lower())
        if number is None:
            self.fail(_text("bad-month", _lang(ctx) if ctx else "id", value=value), param, ctx)
        return number


def _fail_safely(func: Callable[..., int | None]) -> Callable[..., None]:
    """Map library errors to exit codes and keep tracebacks away from clerks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        from ikixl.errors import CheckFailed, IkixlError

        ctx = click.get_current_context()
        verbose = bool(ctx.params.get("verbose") or ctx.find_root().params.get("verbose"))
        lang = _lang(ctx)
        try:
            code = func(*args, **kwargs)
        except BrokenPipeError:
            # The reader stopped listening (`ikixl check … | head`): not a failure.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
            ctx.exit(EXIT_OK)
        except CheckFailed as exc:
            _print_refused(exc.report, lang)
            click.echo(_text("cancelled", lang, message=exc), err=True)
            ctx.exit(EXIT_INPUT)
        except IkixlError as exc:
            click.echo(_text("failed", lang, where=_where(exc), message=exc.message_in(lang)), err=True)
            if verbose:
                traceback.print_exc()
            ctx.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            click.echo(_text("stopped", lang), err=True)
            ctx.exit(EXIT_STOPPED)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except Exception:  # noqa: BLE001 - the last line of defence
            if verbose:
                traceback.print_exc()
            else:
                click.echo(_text("bug", lang), err=True)
            ctx.exit(EXIT_INTERNAL)
        ctx.exit(code or EXIT_OK)

    return wrapper


def _where(exc: Exception) -> str:
    parts = [str(p) for p in (getattr(exc, "path", None),) if p]
    sheet, cell = getattr(exc, "sheet", None), getattr(exc, "cell", None)
    if sheet:
        parts.append(f"'{sheet}'!{cell}" if cell else f"'{sheet}'")
    return f" ({', '.join(parts)})" if parts else ""


def _print_report(report: Any, fmt: str, lang: str) -> None:
    """Print ``report`` (its messages already in ``lang``) as JSON or as lines and a summary."""
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    for issue in report.issues:
        click.echo(_issue_line(report, issue, lang))
    click.echo(_text("summary", lang, file=report.file, **report.summary))


def _print_refused(report: Any, lang: str) -> None:
    """The report of a workbook compute or recap refuses: its errors, the warnings that change
    every figure (:data:`_WARNINGS_FOR_WRITERS`), a count of the other warnings and the summary,
    so that what must be fixed is not lost among them (``ikixl check`` prints them all)."""
    shown = [i for i in report.issues if i.severity == "error" or i.code in _WARNINGS_FOR_WRITERS]
    for issue in shown:
        click.echo(_issue_line(report, issue, lang))
    others = len(report.issues) - len(shown)
    if others:
        click.echo(_text("other-warnings", lang, count=others, file=report.file))
    click.echo(_text("summary", lang, file=report.file, **report.summary))


def _issue_line(report: Any, issue: Any, lang: str) -> str:
    """``KESALAHAN 'SK-PPK'!H16 (nip-bukan-teks): … [nilai: …]``; the file's path for a whole-file issue."""
    location = issue.location or report.file
    label = _text(issue.severity, lang) if issue.severity in ("error", "warning") else issue.severity
    value = _text("value", lang, value=issue.value) if issue.value not in (None, "") else ""
    return f"{label} {location} ({issue.code}): {issue.message}{value}"


def _print_codes(fmt: str, lang: str) -> None:
    """Print the catalogue: JSON with both languages, or text in ``lang``."""
    from ikixl.catalogue import CATALOGUE, catalogue_dict

    if fmt == "json":
        click.echo(json.dumps(catalogue_dict(), ensure_ascii=False, indent=2))
        return
    for info in CATALOGUE.values():
        click.echo(f"{info.code} ({info.severity}, {info.category})")
        click.echo(f"    {info.template(lang)}")
    click.echo(_text("codes-total", lang, count=len(CATALOGUE)))


def _check_batch(paths: tuple[Path, ...], fmt: str, details: bool, lang: str) -> int:
    """``ikixl check`` of several files or a folder (:mod:`ikixl.batch`); returns the worst file's exit code.

    Text: per file its verdict line (the summary line of a single check), after
    every issue with ``details``, else after only the errors that say why the
    file could not be checked at all (a count says nothing there); then the
    total line.  JSON: ``{"files": [report, ...], "total": {...}}``.  Exit 3
    when ikixl itself failed on a file, else 1 when a file has errors.
    """
    from ikixl.batch import check_many, is_internal_failure, total, workbook_paths
    from ikixl.catalogue import CATALOGUE, FILE, INTERNAL

    ctx = click.get_current_context()
    verbose = bool(ctx.params.get("verbose") or ctx.find_root().params.get("verbose"))
    files = workbook_paths(paths)
    with _progress(len(files), lang) as advance:
        reports = check_many(files, lang=lang, on_done=advance)
    totals = total(reports)
    if fmt == "json":
        click.echo(json.dumps({"files": [r.to_dict() for r in reports], "total": totals}, ensure_ascii=False,
                              indent=2))
    else:
        errors_left_out = False
        for report in reports:
            for issue in report.issues:
                info = CATALOGUE.get(issue.code)
                unchecked = issue.severity == "error" and info is not None and info.category in (FILE, INTERNAL)
                if details or unchecked:
                    click.echo(_issue_line(report, issue, lang))
                elif issue.severity == "error":
                    errors_left_out = True
            click.echo(_text("summary", lang, file=report.file, **report.summary))
        click.echo(_text("total", lang, **totals))
        if errors_left_out:
            click.echo(_text("details-hint", lang), err=True)
    failed = [r for r in reports if is_internal_failure(r)]
    if failed:
        if verbose:
            for report in failed:
                for issue in report.issues:
                    click.echo(f"{report.file}:\n{(issue.params or {}).get('traceback', '')}", err=True)
        else:
            click.echo(_text("bug", lang), err=True)
        return EXIT_INTERNAL
    return EXIT_INPUT if totals["files_with_errors"] else EXIT_OK


@contextlib.contextmanager
def _progress(count: int, lang: str) -> Iterator[Callable[[int, Any], None] | None]:
    """A progress bar on stderr while ``count`` files are checked: only for several files and only when
    stderr is a terminal (never in a pipe, a log or a test), so stdout stays clean in every format."""
    if count < 2 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=count, label=_text("progress", lang, count=count), file=sys.stderr) as bar:
        yield lambda _index, _report: bar.update(1)


MONTH = MonthType()


class _Ikixl(click.Group):
    """The ``ikixl`` command group, whose usage errors (a missing WORKBOOK, an unknown command or
    option, a bad value) are told in the clerk's language like every other message: Bahasa
    Indonesia unless ``--lang en`` or ``IKIXL_LANG=en`` (then click's own English).  Exit code 2."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            from ikixl.collector import not_collected_at_exit

            not_collected_at_exit()  # (the command's process ends with it)
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            _show_usage_error(exc)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except (click.Abort, KeyboardInterrupt):  # (the latter: before click took over)
            click.echo(_text("stopped", _usage_lang(None)), err=True)
            sys.exit(EXIT_STOPPED)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def _show_usage_error(exc: click.UsageError) -> None:
    """Print a usage error as click does (usage line, help hint, message), in Bahasa Indonesia
    unless English is asked for."""
    ctx = exc.ctx
    lang = _usage_lang(ctx)
    if lang == "en" or type(exc).__name__ == "NoArgsIsHelpError":
        exc.show()
        return
    if ctx is not None:
        usage = ctx.get_usage()
        if usage.startswith("Usage:"):
            usage = _text("usage", lang, usage=usage.partition(":")[2])
        click.echo(usage, err=True)
        if ctx.command.get_help_option(ctx) is not None:
            click.echo(_text("usage-help", lang, command=ctx.command_path), err=True)
        click.echo(err=True)
    click.echo(_text("usage-error", lang, message=_usage_message(exc, lang)), err=True)


def _usage_lang(ctx: click.Context | None) -> str:
    """The language of a usage error: ``--lang`` as far as it was read, else IKIXL_LANG, else id
    (the error may come before either option was read)."""
    if ctx is not None:
        found = ctx.params.get("lang") or ctx.find_root().params.get("lang")
        if found:
            return str(found)
    return _language_of(os.environ.get("IKIXL_LANG", "")) or "id"


def _usage_message(exc: click.UsageError, lang: str) -> str:
    """The message of a click usage error in Bahasa Indonesia, from what the error carries (its
    parameter, option or command name); click's own text where it carries nothing to go by."""
    ctx = exc.ctx
    if isinstance(exc, click.MissingParameter):
        hint = exc.param_hint or (exc.param.get_error_hint(ctx) if exc.param and ctx else "")
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "")
        return _text("missing-argument" if kind == "argument" else "missing-option", lang, name=hint)
    if isinstance(exc, click.NoSuchOption):
        name = repr(exc.option_name)
        return _text("no-such-option", lang, name=name) + _did_you_mean(exc.possibilities, lang)
    if isinstance(exc, click.BadOptionUsage):
        english = exc.format_message()
        if "requires" in english:
            return _text("needs-value", lang, name=repr(exc.option_name))
        if "does not take a value" in english:
            return _text("takes-no-value", lang, name=repr(exc.option_name))
        return english
    if isinstance(exc, click.BadParameter):
        hint = exc.param_hint or (exc.param.get_error_hint(ctx) if exc.param and ctx else "")
        message = exc.message
        if isinstance(exc.param, click.Option) and isinstance(exc.param.type, click.Choice):
            value = next(iter(re.findall(r"'([^']*)' is not", message)), None)
            if value is not None:
                choices = ", ".join(repr(str(c)) for c in exc.param.type.choices)
                message = _text("not-one-of", lang, value=value, choices=choices)
        folder = re.fullmatch(r"\w+ (.+) is a directory\.", message)  # (click.Path with dir_okay=False)
        if folder is not None:
            message = _text("is-a-folder", lang, path=folder.group(1))
        name = hint if isinstance(hint, str) else " / ".join(hint)
        return _text("bad-value", lang, name=name, message=message)
    text = exc.format_message()
    command = getattr(exc, "command_name", None)
    if command is None:
        found = re.match(r"No such command '(.*)'\.", exc.message)
        command = found.group(1) if found else None
    if command is not None:
        commands = sorted(getattr(ctx.command, "commands", {})) if ctx is not None else []
        from difflib import get_close_matches

        close = get_close_matches(command, commands)
        listed = ", ".join(commands)
        return _text("no-such-command", lang, name=command, commands=listed) + _did_you_mean(close, lang)
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)$", exc.message)
    if extra:
        return _text("extra-arguments", lang, args=extra.group(1))
    return text


def _did_you_mean(names: Any, lang: str) -> str:
    names = list(names or ())
    return _text("did-you-mean", lang, names=_text("or", lang).join(repr(n) for n in names)) if names else ""


@click.group(cls=_Ikixl, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ikixl")
@click.option("--verbose", is_flag=True, help=_VERBOSE_HELP)
@click.option("--lang", type=LANGUAGE, default="id", show_default=True,
              envvar="IKIXL_LANG", show_envvar=True, help=_LANG_HELP)
def main(verbose: bool, lang: str) -> None:
    """ikixl: check, compute and recap IKI (Indikator Kinerja Individu) workbooks.

    Exit codes: 0 no errors (warnings allowed), 1 the input has errors,
    2 usage error, 3 ikixl itself failed, 130 stopped (Ctrl+C).
    """
    _stop_on_signals()


def _stop_on_signals() -> None:
    """Let a terminal closed (SIGHUP) or a ``kill`` (SIGTERM) stop ikixl as Ctrl+C does: the write
    under way is abandoned with its temporary file removed, the processes it started are stopped,
    and the clerk reads why (instead of a temporary file and orphaned workers left behind).  A stop
    Python could only report as ignored is kept and raised before the file is replaced
    (:mod:`ikixl.stops`)."""
    import signal

    from ikixl import stops

    stops.reset()
    sys.unraisablehook = stops.unraisable_hook  # (a stop Python could not raise: kept, not printed)

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            try:
                signal.signal(number, stop)
            except (ValueError, OSError):  # not the main thread (ikixl called from a program's thread)
                return


@main.command()
@click.argument("workbooks", metavar="[WORKBOOK|FOLDER]...", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report as readable lines or as JSON.")
@click.option("--details", is_flag=True,
              help="With several files or a folder: print every issue of each file, not only its "
                   "verdict line.")
@click.option("--list-codes", is_flag=True,
              help="Print every code ikixl reports (severity, category, message) instead; no WORKBOOK.")
@click.option("--annotate", "annotate", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="OUT.xlsx",
              help="Also write a copy of WORKBOOK with every problem cell coloured and noted, and a "
                   "'Hasil Pemeriksaan' sheet listing them; WORKBOOK is never changed.")
@_lang_option
@_fail_safely
def check(workbooks: tuple[Path, ...], fmt: str, details: bool, list_codes: bool, lang: str | None,
          verbose: bool, annotate: Path | None = None) -> int:
    """Validate WORKBOOK and report every problem at its cell.

    Several WORKBOOKs, or a FOLDER, are checked at once, on every core: one
    verdict line per file (every issue with --details), then a total line;
    the exit code is that of the worst file. A FOLDER gives its .xlsx and
    .xlsm files, not those of its subfolders; lock files, ikixl's backups and
    temporary files and other hidden files are skipped. With --format json:
    {"files": [report, ...], "total": {...}}.
    """
    lang = _lang(click.get_current_context())
    if list_codes:
        if annotate is not None:
            raise click.UsageError(_text("annotate-codes", lang))
        if workbooks:
            raise click.UsageError(_text("codes-and-workbook", lang))
        _print_codes(fmt, lang)
        return EXIT_OK
    if not workbooks:
        raise click.UsageError(_text("no-workbook", lang))
    if annotate is not None:
        _check_annotate_target(workbooks, annotate, lang)
    if len(workbooks) > 1 or workbooks[0].is_dir():
        return _check_batch(workbooks, fmt, details, lang)
    workbook = workbooks[0]

    from ikixl.check import check_workbook
    from ikixl.errors import WorkbookError
    from ikixl.report import ERROR, Issue, Report

    readable = True
    try:
        report = check_workbook(workbook, lang=lang)
    except WorkbookError as exc:
        # A file that is not an IKI workbook at all is still a report, so that
        # `--format json` always prints the same shape.
        readable = False
        report = Report(file=str(workbook), issues=[
            Issue(exc.code or "berkas-tidak-terbaca", ERROR, exc.sheet, exc.cell, None, exc.message_in(lang),
                  params=exc.params)])
    _print_report(report, fmt, lang)
    if annotate is not None:
        _write_annotated(workbook, report, annotate, readable=readable, fmt=fmt, lang=lang)
    return EXIT_OK if report.ok else EXIT_INPUT


def _check_annotate_target(workbooks: tuple[Path, ...], annotate: Path, lang: str) -> None:
    """Usage errors of ``check --annotate``: one workbook, another file, the same suffix."""
    from ikixl.files import same_file

    if len(workbooks) != 1 or workbooks[0].is_dir():
        raise click.UsageError(_text("annotate-one", lang))
    workbook = workbooks[0]
    if same_file(annotate, workbook):
        raise click.UsageError(_text("annotate-same", lang))
    suffix = ".xlsm" if workbook.suffix.lower() == ".xlsm" else ".xlsx"
    if annotate.suffix.lower() != suffix:
        raise click.UsageError(_text("annotate-suffix", lang, suffix=suffix))


def _write_annotated(workbook: Path, report: Any, annotate: Path, *, readable: bool, fmt: str,
                     lang: str) -> None:
    """Write the annotated copy and say so (on stderr with --format json, whose stdout is the report)."""
    to_stderr = fmt == "json"
    if not readable:
        click.echo(_text("annotate-unreadable", lang, file=workbook), err=True)
        return
    from ikixl.annotate import write_annotated

    written = write_annotated(workbook, report, annotate, lang=lang)
    click.echo(_text("annotated", lang, path=written.path, marked=written.marked), err=to_stderr)
    if written.backup is not None:
        click.echo(_text("annotate-backup", lang, path=written.backup), err=to_stderr)
    if written.losses:
        click.echo(_text("annotate-losses", lang, path=written.path, losses="; ".join(written.losses)),
                   err=True)


def _checked_computation(
    workbook: Path, month: int | None, lang: str, on_large_part: Callable[[str, bytes], object] | None = None
) -> tuple[Any, Any]:
    """Read WORKBOOK, check it and compute it: ``(model, Computation)``; ``on_large_part`` as
    :func:`ikixl.reader.read_workbook`'s.

    The check runs beside the computation, in a copy of this process (:mod:`ikixl.beside`): both
    only read the model.  It also makes the rows' Sidik Data, which it compares and the
    computation records.  Refuses (CheckFailed) when check finds errors other than cascade
    ones, also when the computation failed on the workbook check refuses.
    """
    from ikixl.beside import beside, fork_context
    from ikixl.compute import compute
    from ikixl.reader import read_workbook

    wb = read_workbook(workbook, check_here=fork_context() is None, on_large_part=on_large_part)
    with beside(_check_with_sidik, wb, lang) as checking:
        try:
            result = compute(wb, month=month, sidik=lambda: checking.result()[1])
        except Exception:
            _refuse_unchecked(checking.result()[0], workbook, lang)  # the check's errors say more
            raise
        report, _ = checking.result()
    _refuse_unchecked(report, workbook, lang)
    return wb, result


def _check_with_sidik(wb: Any, lang: str) -> tuple[Any, list[str | None] | None]:
    """``(check's report, the Sidik Data of every Realisasi row)``; None for the second when it
    cannot be made (compute then makes it, and says why it cannot)."""
    from ikixl.check import check_workbook
    from ikixl.provenance import fingerprints

    try:
        sidik = fingerprints(wb)
    except Exception:  # noqa: BLE001 - made again where it is needed, which reports the error
        sidik = None
    return check_workbook(wb, lang=lang, sidik=sidik), sidik


def _refuse_unchecked(report: Any, workbook: Path, lang: str) -> None:
    """Raise CheckFailed when the report has errors other than cascade ones; print those."""
    from ikixl.catalogue import CATALOGUE
    from ikixl.errors import CheckFailed

    # Cascade errors (a wrong Indikator Atasan, a cycle) do not make any capaian
    # wrong: compute goes on and marks them on the Cascading sheet.
    blocking = [i for i in report.errors if CATALOGUE[i.code].category != "cascade"]
    if blocking:
        message = _text("check-failed", lang, errors=len(blocking), file=workbook)
        cascade = len(report.errors) - len(blocking)
        if cascade:  # (check counts them too: say why the numbers differ)
            message += _text("check-failed-cascade", lang, errors=cascade)
        raise CheckFailed(report, message)
    if report.errors:
        _print_report(report, "text", lang)
        click.echo(_text("cascade-errors", lang, errors=len(report.errors)), err=True)
    shown = [issue for issue in report.warnings if issue.code in _WARNINGS_FOR_WRITERS]
    for issue in shown:
        click.echo(_issue_line(report, issue, lang), err=True)
    others = len(report.warnings) - len(shown)
    if others:
        click.echo(_text("other-warnings", lang, count=others, file=workbook), err=True)


#: Warnings that compute and recap repeat in full, since they hold for what they write too: a name
#: Excel refuses for the file's content, and whatever makes every figure of a sheet or of the
#: workbook read something other than the clerk meant (a column not found is read as empty, a blank
#: Bulan Pelaporan as Januari, a missing Pengaturan or predikat table as the defaults).  The others
#: are counted, with a pointer to check.
_WARNINGS_FOR_WRITERS = frozenset({
    "ekstensi-tidak-sesuai-isi",
    "kolom-tidak-ada",
    "kolom-hitung-tidak-ada",
    "bulan-pelaporan-kosong",
    "pengaturan-tidak-ada",
    "predikat-tidak-ada",
})


@main.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--month", type=MONTH, default=None, help="Reporting month, 1-12 or a name (default: Bulan Pelaporan).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the result here and leave WORKBOOK untouched (naming WORKBOOK itself "
                   "writes in place, with a backup).")
@_lang_option
@_fail_safely
def compute(workbook: Path, month: int | None, output: Path | None, lang: str | None, verbose: bool) -> int:
    """Write capaian, predikat and the Cascading sheet into WORKBOOK.

    Colours follow the workbook's own predikat table (conditional formatting).

    Without --output WORKBOOK is updated in place and the original is kept
    beside it as NAME.backup-YYYYMMDD-HHMMSS.xlsx.
    """
    from ikixl.beside import in_background
    from ikixl.realisasipatch import survey_realisasi
    from ikixl.writeback import write_computed

    lang = _lang(click.get_current_context())
    # What the write needs to know of the Realisasi part before the figures are known is found
    # beside the reading and the computing, in a copy of this process that gives way to them
    # (used only if the part is unchanged then).  The part itself is not sent back: the reading
    # here has it too.
    read: list[tuple[str, bytes]] = []
    with in_background(survey_realisasi, workbook, with_data=False) as surveying:
        wb, result = _checked_computation(workbook, month, lang, lambda *part: read.append(part))
        survey = surveying.result() if surveying.forked else None
    if survey is not None:
        survey = survey.with_data(read)
    read.clear()  # (parts the survey did not take: not held through the write)
    written = write_computed(workbook, result, output=output, survey=survey, read_as=wb.source_members)
    click.echo(_text("computed", lang, path=written.path, month=result.month, indikator=len(result.indikator),
                     jabatan=len(result.jabatan)))
    _echo_backup(written, lang)
    _note_month(wb, result, lang)
    return EXIT_OK


def _echo_backup(written: Any, lang: str) -> None:
    if written.backup is not None:
        click.echo(_text("backup", lang, path=written.backup))


def _note_month(wb: Any, result: Any, lang: str) -> None:
    """Say so when --month is not the workbook's Bulan Pelaporan (which compute leaves as the clerk set it)."""
    from ikixl.compute import settings_from
    from ikixl.layout import BULAN

    setting = settings_from(wb).bulan_pelaporan
    if setting != result.month:
        click.echo(_text("month-differs", lang, month=BULAN[result.month - 1], setting=BULAN[setting - 1]),
                   err=True)


@main.command()
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--month", type=MONTH, default=None, help="Month to recap, 1-12 or a name (default: Bulan Pelaporan).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Recap file to write (default: NAME_rekap_MM.xlsx beside WORKBOOK).")
@_lang_option
@_fail_safely
def recap(workbook: Path, month: int | None, output: Path | None, lang: str | None, verbose: bool) -> int:
    """Write the monthly recap of WORKBOOK to a new workbook."""
    from ikixl.recap import write_recap

    lang = _lang(click.get_current_context())
    from ikixl.files import default_recap_path, same_file

    if output is not None and same_file(output, workbook):
        raise click.UsageError(_text("same-as-input", lang))
    _, result = _checked_computation(workbook, month, lang)
    target = output or default_recap_path(workbook, result.month)
    written = write_recap(result, target)
    click.echo(_text("recap", lang, path=written.path, month=result.month, indikator=len(result.indikator)))
    _echo_backup(written, lang)
    return EXIT_OK


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@_lang_option
@_fail_safely
def template(output: Path, lang: str | None, verbose: bool) -> int:
    """Write the blank IKI workbook (format v1) staff start from."""
    from ikixl.template import write_template

    lang = _lang(click.get_current_context())
    if output.exists():
        raise click.UsageError(_text("exists", lang, path=output))
    path = write_template(output)
    click.echo(_text("template", lang, path=path))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
