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
