"""Run a function in a forked copy of this process while this one goes on, on another core.

``ikixl compute`` must not write into a workbook that ``check`` finds wrong, but computing only
reads the workbook model, as checking does: the two can run side by side.  :func:`beside` starts
the check in a copy of the process made by ``fork`` (which shares the model already read, so
nothing is copied or sent but the result) and returns at once; :meth:`Beside.result` waits for
the result.

The copy is only an accelerator: where ``fork`` is missing (Windows) or unsafe (macOS; this
process already runs other threads, which a fork would copy half-way), where a process cannot be started,
or when the copy fails in any way (it raised, it was killed, its result cannot be sent back), the
function runs again in this process when its result is asked for — so the result, or the error
with its traceback, is always the one this process would have had.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.context import BaseContext
from types import TracebackType
from typing import Any, Generic, TypeVar

__all__ = ["LOWERED_BY", "Beside", "as_worker", "beside", "fork_context", "in_background"]

T = TypeVar("T")


def fork_context() -> BaseContext | None:
    """The ``fork`` start method's context when forking this process is safe, else None: the
    system has ``fork``, it is not macOS (where a forked copy of a process that loaded system
    frameworks, as numpy's Accelerate, may crash: Python itself defaults to ``spawn`` there), and
    this process runs no other thread."""
    if (
        "fork" not in multiprocessing.get_all_start_methods()
        or sys.platform == "darwin"
        or threading.active_count() != 1
    ):
        return None
    return multiprocessing.get_context("fork")


class Beside(Generic[T]):
    """A function running beside this process (see :func:`beside`); use as a context manager so
    that the copy is stopped when the block is left early."""

    def __init__(
        self, func: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any], *, lowered: bool = False
    ) -> None:
        self._call = (func, args, kwargs)
        self._answered = False  # result() asked and given: later calls give the same value
        self._value: Any = None
        self._process: Any = None
        self._conn: Any = None
        context = fork_context()
        if context is None:
            return
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(writer, func, args, kwargs, lowered), daemon=True)
        _READERS.add(reader)  # (closed in the copy, as every other copy's: see _child)
        # Ctrl+C, SIGTERM and SIGHUP wait until the copy exists and is known here: one that landed
        # in the fork's own handlers would be reported as ignored and lost (the command going on
        # as if never stopped), and one that reached the copy before it set its own handlers
        # (as_worker, which lets them through) would run this process's handlers there.
        held = _hold_stops()
        try:
            # The objects this process holds now are frozen in the copy: its cyclic collector
            # never visits them, so it does not write into (and copy) every page the two share.
            gc.freeze()
            try:
                process.start()
            except Exception:  # noqa: BLE001 - no process (OSError; in a daemonic process, AssertionError)
                _READERS.discard(reader)
                reader.close()
                return
            finally:
                gc.unfreeze()
                writer.close()
            self._process, self._conn = process, reader
        finally:
            try:
                _release_stops(held)  # (a stop that came meanwhile is raised here)
            except BaseException:
                self.close()
                raise

    @property
    def forked(self) -> bool:
        """Whether the function runs in a copy of this process (False: it runs on :meth:`result`)."""
        return self._process is not None

    def result(self) -> T:
        """The function's return value (the same value on every call).

        Raises:
            Exception: whatever the function raises when run in this process.
        """
        if self._answered:
            return self._value
        if self._process is not None:
            try:
                ok, value = self._conn.recv()
            except Exception:  # noqa: BLE001 - the copy died before answering, or its answer does not unpickle
                ok, value = False, None
            finally:
                self.close()
            if ok:
                self._answered, self._value = True, value
                return self._value
        func, args, kwargs = self._call
        self._value = func(*args, **kwargs)
        self._answered = True
        return self._value

    def close(self) -> None:
        """Stop the copy if it still runs (its result is then no longer available)."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is None:
            return
        _READERS.discard(conn)
        conn.close()
        if process.is_alive():
            process.terminate()
        process.join()

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def as_worker() -> None:
    """In a process ikixl started: Ctrl+C is the parent's to handle (ignored here), and SIGTERM or
    SIGHUP end the process at once, whatever handler it inherited from the parent (which turns them
    into an orderly stop, :mod:`ikixl.cli`); then the signals held while it was started are let
    through (a SIGTERM that came meanwhile ends it now)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)
    _release_stops(set(_STOPS))


#: The signals that stop ikixl (:func:`as_worker`; :mod:`ikixl.cli`).
_STOPS = tuple(
    number for number in (getattr(signal, name, None) for name in ("SIGINT", "SIGTERM", "SIGHUP"))
    if number is not None
)
#: The reading ends of the pipes of the copies still running: a copy closes its own (inherited)
#: copies of them, so that a pipe whose reader this process closes has no reader left, and a copy
#: writing into it is told so (BrokenPipeError) instead of waiting for ever.
_READERS: set[Any] = set()


def _hold_stops() -> set[int]:
    """Hold back :data:`_STOPS` in this thread (not on systems without ``pthread_sigmask``);
    returns those that were not held already, for :func:`_release_stops`."""
    if not hasattr(signal, "pthread_sigmask") or not _STOPS:
        return set()
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    return set(_STOPS) - set(before)


def _release_stops(held: set[int]) -> None:
    """Let the signals :func:`_hold_stops` held through again."""
    if held and hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def beside(func: Callable[..., T], *args: Any, **kwargs: Any) -> Beside[T]:
    """Start ``func(*args, **kwargs)`` in a forked copy of this process (module docstring).

    ``func`` and its arguments are not pickled (the copy inherits them); its return value is, so it
    must be picklable.  ``func`` must only read what it shares with this process: changes it makes
    stay in the copy.

    Returns:
        A :class:`Beside`; its :meth:`~Beside.result` returns ``func``'s value.
    """
    return Beside(func, args, kwargs)


def in_background(func: Callable[..., T], *args: Any, **kwargs: Any) -> Beside[T]:
    """As :func:`beside`, but the copy runs at a lower priority (:data:`LOWERED_BY` steps of
    ``nice``): it takes what this process's own work leaves of the processors, for a result
    wanted later rather than next (what ``ikixl compute`` finds in the Realisasi part while it
    reads and computes).  Asked for before it is done, it gets the processor this process waits
    with."""
    return Beside(func, args, kwargs, lowered=True)


#: How many steps of ``nice`` a copy started by :func:`in_background` runs below this process.
LOWERED_BY = 15


def _child(
    conn: Any, func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], lowered: bool = False
) -> None:
    """In the copy: run ``func`` and send ``(True, value)``, or ``(False, None)`` when it failed
    (the parent then runs it itself, for the real error and traceback).  Nothing is sent, and
    nothing said, when the parent no longer listens (it was stopped, or stopped waiting)."""
    for other in list(_READERS):  # (this copy writes; it reads from no pipe)
        other.close()
    as_worker()
    if lowered:
        try:
            os.nice(LOWERED_BY)
        except OSError:  # (not allowed here: run at the same priority)
            pass
    try:
        outcome = (True, func(*args, **kwargs))
    except BaseException:  # noqa: BLE001 - any failure: the parent runs func itself
        outcome = (False, None)
    try:
        conn.send(outcome)
    except OSError:  # (no reader left: BrokenPipeError)
        pass
    except Exception:  # noqa: BLE001 - an unpicklable result: the parent runs func itself
        with contextlib.suppress(OSError):
            conn.send((False, None))
    finally:
        conn.close()
