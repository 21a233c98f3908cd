"""Fixtures of the journey tests: the demo site served (Chromium fixtures: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def site(demo_preview: Path, serve: Callable[[Path], str]) -> str:
    """Serve the demo site, built with relative links, and return its base URL."""
    return serve(demo_preview)
