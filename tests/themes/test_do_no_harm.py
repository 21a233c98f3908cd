"""Do no harm: a site that uses none of the plugin's features comes out as Pelican alone writes it."""

from __future__ import annotations

import locale
import sys
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from ..support import build_site, write_files

# Pelican's sample site, fetched from its source distribution by `make samples`.
SAMPLES = Path(sys.prefix) / "pelican-samples"


def files(output: Path) -> dict[str, bytes]:
    """Return every file under `output` by relative path."""
    return {str(p.relative_to(output)): p.read_bytes() for p in output.rglob("*") if p.is_file()}


def build_sample(conf: str, output: Path, plugins: list[str]) -> dict[str, bytes]:
    """Build Pelican's sample site with one of its settings files; return what was written."""
    override = {
        "PATH": str(SAMPLES / "content"),
        "OUTPUT_PATH": str(output),
        "PLUGINS": plugins,
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "CACHE_PATH": str(output.parent / "cache"),
    }
    saved = locale.setlocale(locale.LC_ALL)  # the samples' LOCALE = "C" is set process-wide
    try:
        Pelican(read_settings(str(SAMPLES / conf), override=override)).run()
    finally:
        locale.setlocale(locale.LC_ALL, saved)
    return files(output)


@pytest.mark.parametrize("conf", ["pelican.conf.py", "pelican.conf_FR.py"])
def test_pelican_sample_site_is_byte_identical_with_the_plugin(tmp_path: Path, conf: str) -> None:
    if not (SAMPLES / conf).is_file():
        pytest.fail(f"{SAMPLES} is missing: `make samples` fetches Pelican's sample site")
    alone = build_sample(conf, tmp_path / "alone", [])
    with_plugin = build_sample(conf, tmp_path / "plugin", ["pelican_prospects"])
    assert sorted(with_plugin) == sorted(alone)
    assert [name for name in alone if alone[name] != with_plugin[name]] == []


def test_unused_features_write_nothing(tmp_path: Path) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "articles/one.md": "Title: One\nDate: 2024-01-02\n\nText.\n",
            "pages/about.md": "Title: About\n\nA page.\n",
        },
    )
    build_site(content, tmp_path / "output", THEME="notmyidea")
    written = files(tmp_path / "output")
    assert [name for name in written if "prospects" in name or "comments" in name] == []
    article = written["one.html"].decode()
    assert 'id="comments"' not in article and "prospects" not in article
