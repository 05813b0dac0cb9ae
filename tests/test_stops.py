"""Stops Python reports as ignored (ikixl.stops): kept by the command, raised before a file is
replaced."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from ikixl import stops
from ikixl.files import atomic_write


def _unraisable(kind: type[BaseException]) -> SimpleNamespace:
    """What the interpreter hands sys.unraisablehook for an exception it cannot raise."""
    return SimpleNamespace(exc_type=kind, exc_value=kind(), exc_traceback=None, err_msg=None, object=None)


@pytest.fixture(autouse=True)
def _nothing_kept() -> Iterator[None]:
    stops.reset()
    yield
    stops.reset()


def test_a_stop_reported_as_ignored_is_kept_and_raised_once(capsys: pytest.CaptureFixture[str]) -> None:
    stops.raise_if_stopped()  # nothing kept: nothing raised
    stops.unraisable_hook(_unraisable(KeyboardInterrupt))
    assert capsys.readouterr().err == ""  # not printed
    with pytest.raises(KeyboardInterrupt):
        stops.raise_if_stopped()
    stops.raise_if_stopped()  # raised once


def test_other_unraisable_errors_are_reported_as_python_does(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    monkeypatch.setattr(sys, "__unraisablehook__", seen.append)
    error = _unraisable(ValueError)
    stops.unraisable_hook(error)
    assert seen == [error]
    stops.raise_if_stopped()  # nothing kept


def test_a_kept_stop_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    """A stop reported as ignored while the new file was written: the file is not replaced, the
    temporary file is removed, the stop is raised."""
    target = tmp_path / "iki.xlsx"
    target.write_bytes(b"original")
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(target) as tmp:
            tmp.write_bytes(b"new")
            stops.unraisable_hook(_unraisable(KeyboardInterrupt))  # as in a finalizer, mid-write
    assert target.read_bytes() == b"original"
    assert [p.name for p in tmp_path.iterdir()] == ["iki.xlsx"]


def test_compute_stopped_in_a_finalizer_exits_130_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ikixl command keeps such a stop: compute then ends as stopped (exit 130, the message)
    instead of writing and exiting 0 after "Exception ignored in: <Finalize object, dead> …
    KeyboardInterrupt"."""
    from click.testing import CliRunner

    from ikixl import writeback
    from ikixl.cli import main

    example = Path(__file__).resolve().parents[1] / "examples" / "dinsos_kukar_2023.xlsx"
    real_plan = writeback._plan

    def plan_then_stop(*args: object, **kwargs: object) -> object:
        planned = real_plan(*args, **kwargs)
        sys.unraisablehook(_unraisable(KeyboardInterrupt))  # what the interpreter does there
        return planned

    monkeypatch.setattr(writeback, "_plan", plan_then_stop)
    out = tmp_path / "hasil.xlsx"
    result = CliRunner().invoke(main, ["compute", str(example), "--month", "3", "--output", str(out)])
    assert result.exit_code == 130, result.output
    assert result.stderr.splitlines()[-1].startswith("Dihentikan.")
    assert list(tmp_path.iterdir()) == []
