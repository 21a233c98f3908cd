"""Fixtures shared by every test: building sites into temp folders and reading them back."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import ROOT, build_site, demo_settings


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the demo site once, with the deployment settings (feeds on), and return its output."""
    output = tmp_path_factory.mktemp("demo") / "output"
    build_site(ROOT / "content", output, **demo_settings(publish=True))
    return output


@pytest.fixture(scope="session")
def demo_preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the demo site once with the preview settings (relative links), for the browser."""
    output = tmp_path_factory.mktemp("preview") / "output"
    build_site(ROOT / "content", output, **demo_settings())
    return output
