"""Backups and locks: the file-safety rules every writer shares."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from ikixl import files
from ikixl.errors import WriteError

NOW = datetime(2023, 3, 31, 16, 5, 9)


def test_backup_never_overwrites_an_earlier_one(tmp_path: Path) -> None:
    book = tmp_path / "iki.xlsx"
    book.write_bytes(b"first")
    first = files.make_backup(book, NOW)
    book.write_bytes(b"second")
    second = files.make_backup(book, NOW)
    assert first.name == "iki.backup-20230331-160509.xlsx"
    assert second != first
    assert first.read_bytes() == b"first" and second.read_bytes() == b"second"


def test_a_failed_backup_leaves_no_half_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "iki.xlsm"
    book.write_bytes(b"PK" + b"x" * 1000)

    def half_copy(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        dst.write(src.read(10))
        raise OSError("disk full")

    monkeypatch.setattr(shutil, "copyfileobj", half_copy)
    with pytest.raises(OSError, match="disk full"):
        files.make_backup(book, NOW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["iki.xlsm"]
    assert book.read_bytes() == b"PK" + b"x" * 1000


@pytest.mark.parametrize("lock", ["~$iki.xlsx", ".~lock.iki.xlsx#"])
def test_lock_file_means_open(tmp_path: Path, lock: str) -> None:
    book = tmp_path / "iki.xlsx"
    book.write_bytes(b"PK")
    files.ensure_not_open(book)  # no lock: fine
    (tmp_path / lock).write_bytes(b"")
    assert files.lock_files(book) == [tmp_path / lock]
    with pytest.raises(WriteError) as caught:
        files.ensure_not_open(book)
    assert caught.value.code == "berkas-sedang-dibuka"


@pytest.mark.parametrize(("source_mode", "expected"), [(0o444, 0o644), (0o640, 0o640), (0o600, 0o600)])
def test_a_new_file_takes_its_source_permissions_but_is_writable_by_its_owner(
    tmp_path: Path, source_mode: int, expected: int
) -> None:
    """A copy (compute --output, --annotate) of a file marked read-only is not read-only: nobody
    marked it, and the next run must be able to replace it; other bits follow the source."""
    import stat

    source = tmp_path / "asli.xlsx"
    source.write_bytes(b"isi")
    source.chmod(source_mode)
    target = tmp_path / "hasil.xlsx"
    try:
        with files.atomic_write(target, mode_like=source) as tmp:
            tmp.write_bytes(b"hasil")
    finally:
        source.chmod(0o644)
    assert stat.S_IMODE(target.stat().st_mode) == expected
    assert target.read_bytes() == b"hasil"


def test_why_not_written_names_the_folder_not_the_temporary_file(tmp_path: Path) -> None:
    """The usual system errors of a write are told in words, naming the target's folder, not
    ikixl's hidden temporary file in it; the English text with --lang en."""
    import errno

    from ikixl.catalogue import Text

    target = tmp_path / "hasil.xlsx"
    temporary = str(tmp_path / ".hasil.ikixl-cectiv9t.xlsx")
    denied = files.why_not_written(PermissionError(errno.EACCES, "Permission denied", temporary), target)
    assert denied == Text(f"tidak ada izin menulis di folder {tmp_path}",
                          f"there is no permission to write in the folder {tmp_path}")
    full = files.why_not_written(OSError(errno.ENOSPC, "No space left on device", temporary), target)
    assert isinstance(full, Text) and full.indonesian == f"ruang disk untuk folder {tmp_path} habis"
    # elsewhere (not the target's folder): the file named, the system's words kept
    source = str(tmp_path / "sub" / "iki.xlsx")
    other = files.why_not_written(PermissionError(errno.EACCES, "Permission denied", source), target)
    assert other == Text(f"kesalahan sistem (Permission denied) pada {source}",
                         f"system error (Permission denied) at {source}")
    broken = files.why_not_written(OSError(errno.EIO, "Input/output error", temporary), target)
    assert isinstance(broken, Text) and ".ikixl-" not in broken.indonesian + broken.english
    assert files.why_not_written(ValueError("not a number"), target) == "not a number"


def test_a_folder_without_write_permission_is_told_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """compute --output into a folder the clerk may not write in (simulated: running as root
    ignores permission bits): the message says so, in Bahasa Indonesia, without the temporary
    file's name; nothing is left behind."""
    import errno
    import tempfile

    from computation_builders import make_computation, make_workbook

    from ikixl.writeback import write_computed

    book = make_workbook(tmp_path / "iki.xlsx")
    target_dir = tmp_path / "ro"
    target_dir.mkdir()

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(target_dir / ".hasil.ikixl-x1y2.xlsx"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(WriteError) as info:
        write_computed(book, make_computation(), output=target_dir / "hasil.xlsx")
    said = info.value.message_in("id")
    assert f"tidak ada izin menulis di folder {target_dir}" in said and ".ikixl-" not in said
    assert f"there is no permission to write in the folder {target_dir}" in info.value.message_in("en")
    assert list(target_dir.iterdir()) == []
