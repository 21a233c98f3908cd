"""Fixtures of the questionnaire tests: sample pages, offers, and the questionnaire glue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pelican.log import LimitFilter

from pelican_prospects.questionnaire import glue
from pelican_prospects.questionnaire.model import Offer, Questionnaire
from pelican_prospects.questionnaire.parse import parse_questionnaire

SAMPLES = Path(__file__).parent / "samples"
OFFERS = {
    slug: Offer(slug, kind, f"pages/{slug}.html", f"content/pages/{slug}.md", "fr")
    for slug, kind in [
        ("devis", "quote"),
        ("proposition", "proposal"),
        ("rendez-vous", "contact"),
        ("quote", "quote"),
        ("proposal", "proposal"),
        ("contact", "contact"),
    ]
}


def sample(name: str) -> str:
    """Return the text of a sample page."""
    return (SAMPLES / name).read_text(encoding="utf-8")


def parsed(text: str) -> Questionnaire:
    """Return a questionnaire that must parse without problems."""
    questionnaire, problems = parse_questionnaire(text, "q.md")
    assert problems == []
    return questionnaire


@pytest.fixture
def with_glue() -> None:
    """Connect the questionnaire handlers to Pelican's signals."""
    # The plugin's register() does not call it yet; connecting twice is harmless.
    glue.connect()


@pytest.fixture(autouse=True)
def pelican_log_forgets() -> Iterator[None]:
    """Let each test see its own warnings: Pelican's log filter drops one already logged."""
    LimitFilter._raised_messages.clear()
    yield
    LimitFilter._raised_messages.clear()
