"""Fixtures for the comment tests: the comments glue connected, as `register()` connects it."""

from __future__ import annotations

import pytest

from pelican_prospects.comments import glue


@pytest.fixture(autouse=True, scope="session")
def comments_glue() -> None:
    """Connect the comment handlers once (connecting an already connected handler is harmless)."""
    glue.connect()
