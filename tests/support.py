"""Helpers for tests: build a site with the plugin, run the CLIs, read pages back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "theme"
BIN = Path(sys.executable).parent


def demo_settings(publish: bool = False) -> dict[str, Any]:
    """Return the demo site's settings file values (pelicanconf.py or publishconf.py)."""
    name = "publishconf.py" if publish else "pelicanconf.py"
    namespace: dict[str, Any] = {"__file__": str(ROOT / name)}
    # publishconf.py imports pelicanconf: make sure it is the demo's, not one a test loaded.
    sys.modules.pop("pelicanconf", None)
    sys.path.insert(0, str(ROOT))
    try:
        exec(compile((ROOT / name).read_text(encoding="utf-8"), name, "exec"), namespace)
    finally:
        sys.path.remove(str(ROOT))
        sys.modules.pop("pelicanconf", None)
    settings = {key: value for key, value in namespace.items() if key.isupper()}
    settings["THEME"] = str(THEME)
    return settings


def build_site(content: Path, output: Path, **overrides: Any) -> Pelican:
    """Build `content` into `output` with our plugin and theme; return the Pelican object."""
    settings = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "THEME": str(THEME),
        "PLUGINS": ["pelican_prospects"],
        "TIMEZONE": "Europe/Paris",
        "DEFAULT_LANG": "fr",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "CACHE_PATH": str(output.parent / "cache"),
        "FEED_ALL_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        "SITEURL": "",
        "RELATIVE_URLS": True,
    }
    settings.update(overrides)
    settings["PATH"], settings["OUTPUT_PATH"] = str(content), str(output)
    pelican = Pelican(read_settings(path=None, override=settings))
    pelican.run()
    return pelican


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write `{relative path: text}` under `root` and return `root`."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def soup(path: Path) -> BeautifulSoup:
    """Parse a built HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run one of the installed commands (`pelican`, `pelican-prospects`) and capture its output."""
    executable = str(BIN / command[0])
    # A wide, plain console so that Pelican's log lines are not wrapped or coloured.
    env = dict(os.environ, COLUMNS="400", NO_COLOR="1", TERM="dumb")
    return subprocess.run(
        [executable, *command[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        encoding="utf-8",
    )
