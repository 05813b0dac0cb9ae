"""Tests for :mod:`ikixl.beside`: the forked copy is only an accelerator, the parent's answer rules."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ikixl.beside import beside, fork_context

#: Whether beside forks on this system (not on Windows nor macOS): the tests assert the copy where
#: it is made, and the same answer from the process itself where it is not.
FORKS = fork_context() is not None

#: Calls of :func:`_count_then_fail` made in this process (a copy's calls change only the copy's list).
CALLS: list[int] = []


class CopyFailure(ValueError):
    """An error only :func:`_count_then_fail` raises, to check the type the parent sees."""


def _read_inherited(big: list[int], scale: Callable[[int], int], lock: threading.Lock) -> tuple[int, int]:
    """The pid this runs in, and a value computed from (unpicklable) inherited arguments."""
    with lock:
        return os.getpid(), scale(sum(big))


def _count_then_fail() -> None:
    CALLS.append(os.getpid())
    raise CopyFailure("raised wherever it runs")


def _unpicklable_result() -> Callable[[], int]:
    pid = os.getpid()
    return lambda: pid


def _die_in_copy(parent_pid: int) -> int:
    if os.getpid() != parent_pid:
        os._exit(3)
    return os.getpid()


def _sleep_long(pid_file: Path) -> int:
    pid_file.write_text(str(os.getpid()))
    time.sleep(30)
    return os.getpid()


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_value_from_inherited_arguments_comes_back_from_another_process() -> None:
    """Arguments are inherited, not pickled; only the (picklable) return value is sent back."""
    lock = threading.Lock()
    with pytest.raises(TypeError):
        pickle.dumps(lock)  # so it could not have been sent to the copy
    big = list(range(100_000))
    with beside(_read_inherited, big, lambda n: n * 2, lock=lock) as running:
        assert running.forked == FORKS
        pid, value = running.result()
    assert value == 2 * sum(big)
    assert (pid != os.getpid()) == FORKS


def test_error_in_copy_is_raised_again_by_the_parent_with_its_type() -> None:
    """A function raising in the copy is run again in the parent, whose own error propagates."""
    CALLS.clear()
    with beside(_count_then_fail) as running:
        assert running.forked == FORKS
        with pytest.raises(CopyFailure, match="raised wherever it runs") as raised:
            running.result()
    assert type(raised.value) is CopyFailure
    assert CALLS == [os.getpid()]  # exactly one call made here: the re-run in the parent


def test_unpicklable_result_is_computed_again_in_the_parent() -> None:
    """A value that cannot be sent back is computed by the parent on result()."""
    with beside(_unpicklable_result) as running:
        assert running.forked == FORKS
        func = running.result()
    assert callable(func)
    assert func() == os.getpid()


def test_other_thread_running_means_no_fork() -> None:
    """With another thread alive, forking is unsafe: no copy, the parent computes the value."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert fork_context() is None
        running = beside(_read_inherited, [1, 2, 3], lambda n: n + 1, threading.Lock())
        assert not running.forked
        assert running.result() == (os.getpid(), 7)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_leaving_block_early_stops_the_copy(tmp_path: Path) -> None:
    """Leaving the with-block without asking for the result terminates and reaps the copy (without
    a copy nothing has run: the function runs when its result is asked)."""
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    child_pid = 0
    with beside(_sleep_long, pid_file) as running:
        assert running.forked == FORKS
        if FORKS:
            deadline = time.monotonic() + 10
            while not pid_file.exists() or not pid_file.read_text():
                assert time.monotonic() < deadline, "the copy never started"
                time.sleep(0.01)
            child_pid = int(pid_file.read_text())
            assert child_pid != os.getpid()
            assert _is_running(child_pid)
    assert time.monotonic() - started < 20
    if FORKS:
        assert not _is_running(child_pid)
    else:
        assert not pid_file.exists()


def test_copy_that_dies_falls_back_to_the_parent() -> None:
    """A copy that exits without answering: the parent computes the value itself."""
    parent_pid = os.getpid()
    with beside(_die_in_copy, parent_pid) as running:
        assert running.forked == FORKS
        assert running.result() == parent_pid


def test_no_fork_start_method_runs_in_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fork is missing (Windows), no copy is made and result() computes in the parent."""
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert fork_context() is None
    with beside(_read_inherited, [4, 5], lambda n: -n, threading.Lock()) as running:
        assert not running.forked
        assert running.result() == (os.getpid(), -9)


def test_process_that_cannot_start_runs_in_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    """When starting the copy fails with OSError, result() computes in the parent."""

    def refuse(self: object) -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    with beside(_read_inherited, [10], lambda n: n, threading.Lock()) as running:
        assert not running.forked
        assert running.result() == (os.getpid(), 10)


class _Pair(Exception):
    """Pickles, but does not unpickle (its __init__ needs two arguments, args holds one)."""

    def __init__(self, first: int, second: int) -> None:
        super().__init__(first)
        self.second = second


def _make_pair() -> tuple[int, _Pair]:
    return os.getpid(), _Pair(1, 2)


def test_result_that_does_not_unpickle_is_computed_again_in_the_parent() -> None:
    """An answer the parent cannot unpickle counts as no answer: the parent computes the value."""
    with pytest.raises(TypeError):
        pickle.loads(pickle.dumps(_Pair(1, 2)))
    with beside(_make_pair) as running:
        assert running.forked == FORKS
        pid, pair = running.result()
    assert pid == os.getpid()
    assert pair.second == 2


def _nested_pid() -> tuple[int, int]:
    """In a daemonic process (which may not start children): (this pid, the pid the value came from)."""
    return os.getpid(), beside(os.getpid).result()


def test_inside_a_daemonic_process_it_runs_in_that_process() -> None:
    """multiprocessing refuses children to a daemonic process (AssertionError): no copy, same answer."""
    with multiprocessing.get_context("fork" if FORKS else None).Pool(1) as pool:
        own, computed = pool.apply(_nested_pid)
    assert own == computed


def test_no_fork_on_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    """macOS has fork but Python deems it unsafe there: no copy, the value computed in the parent."""
    import ikixl.beside

    monkeypatch.setattr(ikixl.beside.sys, "platform", "darwin")
    assert fork_context() is None
    with beside(os.getpid) as running:
        assert not running.forked
        assert running.result() == os.getpid()


def _count_calls() -> int:
    CALLS.append(os.getpid())
    return len(CALLS)


@pytest.mark.parametrize("fork", [True, False])
def test_result_asked_twice_is_computed_once(fork: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """result() gives the same value again without running the function again (forked or not)."""
    import ikixl.beside

    if not fork:
        monkeypatch.setattr(ikixl.beside, "fork_context", lambda: None)
    CALLS.clear()
    with beside(_count_calls) as running:
        forked = running.forked
        first = running.result()
        assert running.result() == first == 1
    assert len(CALLS) == (0 if forked else 1)  # a copy's call is counted in the copy only


def _frozen_here() -> tuple[int, int]:
    return os.getpid(), gc.get_freeze_count()


def test_the_copy_leaves_what_it_inherited_to_the_collector_untouched() -> None:
    # A copy's cyclic collector would write into every object it inherited (and so copy every
    # page the two processes share); they are frozen in the copy, and only there.
    inherited = [[i] for i in range(1000)]  # container objects the copy's collector would visit
    before = gc.get_freeze_count()
    with beside(_frozen_here) as copy:
        pid, frozen_there = copy.result()
    if FORKS:
        assert pid != os.getpid()
        assert frozen_there >= len(inherited)
    else:  # (run here: nothing is frozen)
        assert (pid, frozen_there) == (os.getpid(), 0)
    assert gc.get_freeze_count() == before == 0


def _niceness() -> tuple[int, int]:
    return os.getpid(), os.nice(0)


def test_a_copy_in_the_background_gives_way() -> None:
    # (what it is for: the copy takes only what this process's own work leaves of the processors;
    # where no copy is made the function runs here, and this process keeps its priority)
    from ikixl.beside import LOWERED_BY, in_background

    here = os.nice(0)
    with in_background(_niceness) as lowered, beside(_niceness) as alike:
        (pid, niceness), (_, same) = lowered.result(), alike.result()
    assert same == here == os.nice(0)
    if FORKS:
        assert pid != os.getpid()
        assert niceness == min(here + LOWERED_BY, 19)
    else:
        assert (pid, niceness) == (os.getpid(), here)


def _fd_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _large_result() -> bytes:
    return b"x" * (8 << 20)  # more than a pipe holds: sending it waits for the reader


def test_a_copy_closes_the_pipes_of_the_other_copies() -> None:
    """A copy holds no reading end of another copy's pipe, so that a pipe this process stops
    reading has no reader left: the copy writing into it is told (BrokenPipeError) and ends,
    instead of waiting for ever with its result (it used to, when a Ctrl+C stopped compute
    between two copies: the later copy had inherited the earlier one's reader).  Without fork
    there is no copy and no pipe: the result is made here."""
    if not FORKS:
        with beside(_large_result) as first:
            assert not first.forked and first.result() == _large_result()
        return
    with beside(_large_result) as first:
        reader = first._conn.fileno()
        with beside(_fd_open, reader) as second:
            assert second.result() is False  # the reading end is closed in the second copy
        with beside(time.sleep, 30):  # a copy alive, forked while the first copy's pipe is open
            first._conn.close()  # stop listening without stopping the copy
            first._process.join(timeout=20)
            assert not first._process.is_alive(), "the copy waited for a reader that never came"
            assert first._process.exitcode == 0  # ended quietly (no traceback from the copy)


def test_a_stop_while_the_copy_is_made_comes_once_it_is_known(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl+C (or SIGTERM, SIGHUP) that comes while the copy is being made waits until the copy
    exists and is known here, then stops this process as usual, and the copy with it.  Landing in
    the fork's own handlers it used to be reported as ignored and lost: compute went on, or a copy
    that had not set its own handlers yet ran this process's ones."""
    import signal

    context = fork_context()
    if context is None:  # no copy is made: nothing to wait for
        with beside(os.getpid) as running:
            assert not running.forked and running.result() == os.getpid()
        return
    started: list[multiprocessing.process.BaseProcess] = []

    class Interrupted(context.Process):  # type: ignore[name-defined,misc]
        def start(self) -> None:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C, right as the copy is made
            super().start()
            started.append(self)

    monkeypatch.setattr(context, "Process", Interrupted)
    with pytest.raises(KeyboardInterrupt):
        beside(time.sleep, 30)
    assert len(started) == 1, "the interrupt came before the copy was made"
    started[0].join(timeout=20)
    assert not started[0].is_alive()  # stopped with this process's stop
    # the held signals are let through again here
    assert not set(signal.pthread_sigmask(signal.SIG_BLOCK, [])) & {signal.SIGINT, signal.SIGTERM}
