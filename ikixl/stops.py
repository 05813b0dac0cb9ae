"""Stops (Ctrl+C, SIGTERM, SIGHUP) that the interpreter reported as ignored, kept for the next
safe point.

Python raises a stop as KeyboardInterrupt wherever the main thread happens to be.  When that is a
weakref callback, a finalizer or a fork handler (multiprocessing's ``Finalize`` objects, logging's
and threading's fork handlers), the exception cannot propagate: the interpreter prints "Exception
ignored in: …" and goes on, and the command would finish as if it had never been stopped.  The
``ikixl`` command installs :func:`unraisable_hook`, which keeps such a stop (and says nothing of
it); :func:`raise_if_stopped` raises it again where stopping is safe — :func:`ikixl.files.atomic_write`
calls it just before the file is replaced, so a stopped write leaves the original untouched.
Used as a library, nothing is kept and nothing changes.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["raise_if_stopped", "reset", "unraisable_hook"]

_kept = False


def unraisable_hook(unraisable: Any) -> None:
    """:data:`sys.unraisablehook` of the ``ikixl`` command: a KeyboardInterrupt that could not be
    raised is kept for :func:`raise_if_stopped`; anything else is reported as Python does."""
    global _kept
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        _kept = True
        return
    sys.__unraisablehook__(unraisable)


def raise_if_stopped() -> None:
    """Raise a kept stop (once).

    Raises:
        KeyboardInterrupt: a stop came and was reported as ignored since :func:`reset`.
    """
    global _kept
    if _kept:
        _kept = False
        raise KeyboardInterrupt


def reset() -> None:
    """Forget any kept stop (a command starting)."""
    global _kept
    _kept = False
