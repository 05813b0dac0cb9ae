"""The ``ikixl`` command's entry point: :func:`ikixl.cli.main`, with a Ctrl+C that comes while the
command is still being loaded told as every other stop is (exit 130, no traceback)."""

from __future__ import annotations

import os
import sys

__all__ = ["run"]


def run() -> None:
    """Load and run the ``ikixl`` command.

    Raises:
        SystemExit: the command's exit code; 130 when stopped before it was loaded.
    """
    try:
        from ikixl.cli import main
    except KeyboardInterrupt:
        english = os.environ.get("IKIXL_LANG", "").strip().lower() == "en" or "en" in _lang_args()
        sys.stderr.write("Stopped.\n" if english else "Dihentikan.\n")
        raise SystemExit(130) from None
    main()


def _lang_args() -> list[str]:
    """The values of ``--lang`` on the command line (``--lang en`` or ``--lang=en``)."""
    argv = sys.argv[1:]
    found = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--lang"]
    found += [a.partition("=")[2] for a in argv if a.startswith("--lang=")]
    return [value.strip().lower() for value in found]
