"""Fixtures of the questionnaire tests: sample pages, offers, and the questionnaire glue."""

from __future__ import annotations

from pathlib import Path

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
