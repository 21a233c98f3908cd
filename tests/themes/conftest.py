"""Fixtures of the theme tests: the demo built once per theme (Chromium fixtures: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .hosts import build_demo


@pytest.fixture(scope="session")
def themed(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Return a function giving the demo's output built with a theme, built once per session."""
    built: dict[str, Path] = {}

    def output(theme: str) -> Path:
        if theme not in built:
            folder = tmp_path_factory.mktemp(f"theme-{theme}")
            built[theme] = build_demo(theme, folder / "output")
        return built[theme]

    return output
