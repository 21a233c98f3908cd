"""The built wheel carries what the plugin needs at run time, not only its Python modules."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .support import ROOT


def test_wheel_carries_templates_catalogs_and_command(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("pelican_prospects-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        str(p.relative_to(ROOT))
        for p in (ROOT / "pelican_prospects").rglob("*")
        if p.is_file() and p.suffix in {".html", ".po", ".js", ".css", ".svg"}
    }
    assert "pelican_prospects/locale/fr/LC_MESSAGES/messages.po" in shipped
    assert shipped <= names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "pelican-prospects = pelican_prospects.cli:main" in text
