"""Safe file handling shared by every writer: lock files, backups, atomic replacement.

A writer of ikixl never leaves a half-written file and never overwrites a
clerk's file without a copy:

* :func:`ensure_not_open` refuses a target that a spreadsheet program holds
  open (its lock file, :func:`lock_files`, lies beside it);
* :func:`make_backup` keeps the original as ``NAME.backup-YYYYMMDD-HHMMSS.ext``
  before an in-place write, never overwriting an earlier backup;
* :func:`atomic_write` gives a temporary file in the target's folder and only
  moves it over the target (:func:`os.replace`) once the caller has written
  and verified it; on any failure the temporary file is removed and the
  target is untouched.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ikixl.catalogue import Text
from ikixl.errors import WriteError
from ikixl.stops import raise_if_stopped

__all__ = [
    "CODE_CHANGED_SINCE_READ",
    "CODE_OPEN",
    "CODE_READ_ONLY",
    "Members",
    "archive_members",
    "atomic_write",
    "backup_path",
    "ensure_not_open",
    "ensure_unchanged",
    "lock_files",
    "make_backup",
    "package_members",
    "same_file",
]

CODE_CHANGED_SINCE_READ = "berkas-berubah-sejak-dibaca"
CODE_OPEN = "berkas-sedang-dibuka"
CODE_READ_ONLY = "berkas-hanya-baca"
#: Permission bits of a new file (``tempfile.mkstemp`` creates it 0600).
_NEW_FILE_MODE = 0o644


#: A package's members as its zip directory describes them: (name, CRC-32, size) each, in order.
Members = tuple[tuple[str, int, int], ...]


def archive_members(archive: zipfile.ZipFile) -> Members:
    """The members of an open zip package (:data:`Members`), from its directory."""
    return tuple((i.filename, i.CRC, i.file_size) for i in archive.infolist())


def package_members(path: str | os.PathLike[str]) -> Members | None:
    """The members of the zip package at ``path`` (:data:`Members`, read from its directory only:
    nothing is inflated), or None when it is not one that can be opened.  Two readings differ when
    the file was saved again with other content in between."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive_members(archive)
    except (OSError, zipfile.BadZipFile, ValueError):
        return None


def ensure_unchanged(path: Path, members: Members | None) -> None:
    """Raise WriteError ``berkas-berubah-sejak-dibaca`` when the package at ``path`` no longer has
    ``members`` (None: nothing to compare)."""
    if members is not None and package_members(path) != members:
        raise WriteError.from_code(CODE_CHANGED_SINCE_READ, path=path, berkas=path.name)


def lock_files(path: str | os.PathLike[str]) -> list[Path]:
    """Lock files beside ``path`` showing it is open: Office/WPS ``~$NAME``, LibreOffice ``.~lock.NAME#``."""
    path = Path(path)
    candidates = (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#"))
    return [p for p in candidates if p.exists()]


def ensure_not_open(path: Path) -> None:
    """Raise WriteError when ``path`` may not be replaced: code ``berkas-sedang-dibuka`` when a lock
    file shows it open, ``berkas-hanya-baca`` when it is marked read-only (no owner write
    permission; on Windows the read-only attribute), as Excel refuses to save over it."""
    locks = lock_files(path)
    if locks:
        raise WriteError.from_code(CODE_OPEN, path=path, berkas=path.name, kunci=locks[0].name)
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # not there (yet): nothing to protect
    if not mode & stat.S_IWUSR:
        raise WriteError.from_code(CODE_READ_ONLY, path=path, berkas=path.name)


def backup_path(path: Path, now: datetime) -> Path:
    """The first free backup name for ``path``: ``NAME.backup-YYYYMMDD-HHMMSS.ext``, then
    ``…-2.ext``, ``…-3.ext`` when taken (``now`` gives the time)."""
    base = f"{path.stem}.backup-{now:%Y%m%d-%H%M%S}"
    candidate = path.with_name(base + path.suffix)
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{base}-{counter}{path.suffix}")
        counter += 1
    return candidate


def make_backup(path: Path, now: datetime) -> Path:
    """Copy ``path`` to a backup name that did not exist (exclusive create: never overwrite).

    Args:
        path: the file to keep a copy of.
        now: the time in the backup's name (:func:`backup_path`).

    Returns:
        The backup written (contents, permission bits and times of ``path``).

    Raises:
        OSError: the copy could not be made.
    """
    while True:
        backup = backup_path(path, now)
        try:
            dst = open(backup, "xb")  # noqa: SIM115 - closed below, removed when the copy fails
        except FileExistsError:
            continue
        try:
            with dst, open(path, "rb") as src:
                shutil.copyfileobj(src, dst)
            shutil.copystat(path, backup)
        except BaseException:
            backup.unlink(missing_ok=True)  # a half-written backup must not pass for a good one
            raise
        return backup


def same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are the same file (the same path once resolved, when
    either does not exist yet)."""
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


#: The recap ``ikixl recap`` writes beside a workbook when no --output is given.
RECAP_NAME = re.compile(r"_rekap_(0[1-9]|1[0-2])\.xlsx\Z", re.IGNORECASE)


def default_recap_path(workbook: Path, month: int) -> Path:
    """``NAME_rekap_MM.xlsx`` beside ``workbook`` (month 1–12, two digits)."""
    return workbook.with_name(f"{workbook.stem}_rekap_{month:02d}.xlsx")


@dataclass(frozen=True)
class WriteResult:
    """What a writer wrote.

    Attributes:
        path: the workbook written.
        backup: the copy kept of the file it replaced (the original of an
            in-place write, or an existing output file), or None when nothing
            was replaced.
    """

    path: Path
    backup: Path | None


#: The system's reasons for a failed write that a clerk can act on, as ``(Indonesian, English)``
#: templates of the target's folder.
_NO_PERMISSION = (
    "tidak ada izin menulis di folder {folder}", "there is no permission to write in the folder {folder}"
)
_WRITE_REASONS: dict[int, tuple[str, str]] = {
    errno.EACCES: _NO_PERMISSION,
    errno.EPERM: _NO_PERMISSION,
    errno.ENOSPC: ("ruang disk untuk folder {folder} habis", "the disk holding the folder {folder} is full"),
    errno.EROFS: (
        "folder {folder} berada di media yang hanya dapat dibaca", "the folder {folder} is on read-only media"
    ),
    errno.EDQUOT: (
        "kuota disk untuk folder {folder} habis", "the disk quota for the folder {folder} is used up"
    ),
    errno.ENAMETOOLONG: ("nama berkas atau folder terlalu panjang", "the file or folder name is too long"),
}


def why_not_written(exc: BaseException, target: Path) -> Text | str:
    """Why writing ``target`` failed, as the clerk reads it: the usual system errors (no
    permission, a full disk, read-only media, a quota, a name too long) in words, naming the
    target's folder rather than ikixl's temporary file in it (``[Errno 13] Permission denied:
    '/…/.NAME.ikixl-x1y2.xlsx'``); any other error as its own text."""
    if not isinstance(exc, OSError) or not exc.strerror:
        return str(exc)
    name = exc.filename
    # (the temporary file, a backup or the target itself: a failure in the target's folder)
    in_folder = name is None or Path(os.fsdecode(name)).parent == target.parent
    if in_folder and exc.errno in _WRITE_REASONS:
        indonesian, english = _WRITE_REASONS[exc.errno]
        folder = str(target.parent)
        return Text(indonesian.format(folder=folder), english.format(folder=folder))
    shown = os.fsdecode(name) if name is not None else ""
    where = str(target.parent) if not shown or ".ikixl-" in shown else shown
    reason = exc.strerror
    return Text(f"kesalahan sistem ({reason}) pada {where}", f"system error ({reason}) at {where}")


@contextmanager
def atomic_write(target: Path, *, mode_like: Path | None = None) -> Iterator[Path]:
    """Write ``target`` through a temporary file in its folder, replaced atomically.

    Yields the path of an empty temporary file beside ``target`` (hidden:
    ``.NAME.ikixl-<random>.ext``, so the replace stays on one file system).  The
    caller writes and verifies it inside the ``with`` block.  When the block
    ends normally the temporary file takes the permission bits of ``target``
    (when it exists), else of ``mode_like`` with the owner's write permission
    added (a copy of a file marked read-only is not: nobody marked the copy), else
    0644, and then replaces
    ``target`` with :func:`os.replace`.  When the block or the replace raises,
    the temporary file is removed and the exception propagates: ``target`` is
    untouched.  So it is when the command was stopped meanwhile and the
    interpreter reported the stop as ignored (:mod:`ikixl.stops`).

    Example::

        with atomic_write(Path("rekap.xlsx")) as tmp:
            tmp.write_bytes(data)

    Args:
        target: the file to write (its folder must exist).
        mode_like: the file whose permission bits a new ``target`` takes (made writable
            by its owner).

    Raises:
        OSError: the temporary file cannot be created, or the replace fails
            (anything the block raises propagates unchanged).
        KeyboardInterrupt: a stop kept by :mod:`ikixl.stops`, before the replace.
    """
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.ikixl-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if target.exists():
            shutil.copymode(target, tmp)
        elif mode_like is not None:
            os.chmod(tmp, stat.S_IMODE(mode_like.stat().st_mode) | stat.S_IWUSR)
        else:
            os.chmod(tmp, _NEW_FILE_MODE)
        raise_if_stopped()  # (a Ctrl+C reported as ignored: stopped before the point of no return)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
