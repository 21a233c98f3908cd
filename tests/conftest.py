"""Fixtures shared by every test: building sites into temp folders and reading them back."""

from __future__ import annotations

import contextlib
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


def process_state() -> tuple[str, int]:
    """Return what a build may change for the whole process: the locale, the recursion limit."""
    return locale.setlocale(locale.LC_ALL), sys.getrecursionlimit()


@pytest.fixture(scope="session", autouse=True)
def session_state() -> tuple[str, int]:
    """Start from the locale Pelican's default `LOCALE` sets, as every build of the suite does."""
    # If LANG names a locale this machine lacks, Pelican keeps the current one: so do we.
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_ALL, "")
    return process_state()


@pytest.fixture(autouse=True)
def process_state_kept(session_state: tuple[str, int]) -> Iterator[None]:
    """Fail a test that leaves the locale or the recursion limit changed for the tests after it.

    Both are the process's, not a build's: a site's `LOCALE = "C"` left set made later tests read
    and write text as ASCII; a raised recursion limit let a parser's depth guard pass. Compared
    with the session's start, so that a module's or a session's fixture that leaks is caught too.
    """
    yield
    after = process_state()
    assert after == session_state, f"(locale, recursion limit) left {after}, not {session_state}"


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
