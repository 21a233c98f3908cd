"""Fixtures of the server-rule tests: the demo site built with every host's rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pelican_prospects.questionnaire.model import Questionnaire
from pelican_prospects.questionnaire.parse import parse_questionnaire

from ..support import ROOT, build_site, demo_settings

OFFERS = {
    "devis": "/pages/devis.html",
    "proposition": "/pages/proposition.html",
    "rendez-vous": "/pages/rendez-vous.html",
}
FORM = "/pages/votre-projet.html"
ROUTE = "/pages/votre-projet/route.html"


@dataclass(frozen=True)
class Demo:
    """The demo site's output folder and its questionnaire."""

    output: Path
    questionnaire: Questionnaire


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """Build the demo site once with nginx, Apache and Netlify rules."""
    output = tmp_path_factory.mktemp("rules") / "output"
    settings = demo_settings(publish=True)
    assert settings["PROSPECTS_SERVER_RULES"] == ["nginx", "apache", "netlify"]
    build_site(ROOT / "content", output, **settings)
    text = (ROOT / "content" / "pages" / "votre-projet.md").read_text(encoding="utf-8")
    questionnaire, problems = parse_questionnaire(text, "votre-projet.md")
    assert problems == []
    return Demo(output, questionnaire)
