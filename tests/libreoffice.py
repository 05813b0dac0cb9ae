"""Run LibreOffice Calc headless, the real spreadsheet engine of the tests.

Each call uses a profile of its own (made under the test's tmp folder) that
tells Calc to recalculate every formula when it loads an .xlsx: by default it
keeps the cached values, which would hide a stale number.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """Path of the soffice binary; the test environment installs it (tools/install-libreoffice.sh)."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    assert path, "LibreOffice is not installed: run `sh tools/install-libreoffice.sh`"
    return path


def convert(source: Path, to: str, outdir: Path) -> Path:
    """Convert SOURCE with LibreOffice headless to format TO (``pdf``, ``xlsx``) in OUTDIR."""
    profile = outdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", to, "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    target = outdir / f"{source.stem}.{to.split(':')[0]}"
    assert completed.returncode == 0 and target.exists(), completed.stdout + completed.stderr
    return target
