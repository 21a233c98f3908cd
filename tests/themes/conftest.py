"""Fixtures of the theme tests: the demo built once per theme (Chromium fixtures: tests/conftest.py)."""

from __future__ import annotations

import builtins
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


@pytest.fixture
def opened_for_writing(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count, by real path, the files opened for writing while the test runs."""
    writes: Counter[str] = Counter()
    real_open = builtins.open

    def counting_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode:
            writes[os.path.realpath(file)] += 1
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    return writes
