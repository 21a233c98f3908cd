"""Fixtures shared by every test: building sites into temp folders and reading them back."""

from __future__ import annotations

import locale
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pelican.log import LimitFilter

from .browser_support import browser, serve, visit  # noqa: F401 (one Chromium for all folders)
from .support import ROOT, build_site, demo_settings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium `browser`, so that `make test-fast` can leave it out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def user_locale() -> None:
    """Start from the locale Pelican's default `LOCALE` sets, as every build of the suite does."""
    locale.setlocale(locale.LC_ALL, "")


@pytest.fixture(autouse=True)
def process_state_kept() -> Iterator[None]:
    """Fail a test that leaves the locale or the recursion limit changed for the tests after it.

    Both are the process's, not a build's: a site's `LOCALE = "C"` left set made later tests read
    and write text as ASCII; a raised recursion limit let a parser's depth guard pass.
    """
    before = locale.setlocale(locale.LC_ALL), sys.getrecursionlimit()
    yield
    after = locale.setlocale(locale.LC_ALL), sys.getrecursionlimit()
    assert after == before, f"the test left (locale, recursion limit) {after}, not {before}"


@pytest.fixture(autouse=True)
def pelican_log_forgets() -> Iterator[None]:
    """Let each test see its own warnings: Pelican's log filter drops one already logged."""
    LimitFilter._raised_messages.clear()
    yield
    LimitFilter._raised_messages.clear()


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
