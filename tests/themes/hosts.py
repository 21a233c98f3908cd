"""The themes the plugin is tried with: ours, Pelican's two, and a maintained one from PyPI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..support import ROOT, THEME, build_site, demo_settings

# Each theme with the settings it requires (reflex fails without CC_LICENSE; no Google Fonts).
THEMES: dict[str, dict[str, Any]] = {
    "ours": {},
    "notmyidea": {},
    "simple": {},
    "reflex": {
        "USE_GOOGLE_FONTS": False,
        "CC_LICENSE": None,
        "COPYRIGHT_YEAR": 2026,
        "COPYRIGHT_NAME": "Claire Dumas",
    },
}
FOREIGN = ("notmyidea", "simple", "reflex")
ARTICLE = "2025/deux-questions-avant-tout.html"  # the demo's article with replies and a pingback


def theme_path(name: str) -> str:
    """Return the THEME setting of one of the themes."""
    if name == "ours":
        return str(THEME)
    if name == "reflex":
        from pelican.themes import reflex  # installed by the test extra (pelican-theme-reflex)

        return reflex.path()
    return name  # Pelican's own themes go by name


def build_demo(name: str, output: Path, **overrides: Any) -> Path:
    """Build the demo site with one of the themes (preview settings) and return the output."""
    settings = dict(demo_settings(), THEME=theme_path(name), **THEMES[name], **overrides)
    build_site(ROOT / "content", output, **settings)
    return output
