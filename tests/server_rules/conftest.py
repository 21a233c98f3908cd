"""Fixtures of the server-rule tests: the demo site built with every host's rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pelican.log import LimitFilter

from pelican_prospects.questionnaire.model import Questionnaire
from pelican_prospects.questionnaire.parse import parse_questionnaire
from pelican_prospects.server_rules import glue

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
    # The plugin's register() does not call it yet; connecting twice is harmless.
    glue.connect()
    output = tmp_path_factory.mktemp("rules") / "output"
    settings = demo_settings(publish=True)
    build_site(
        ROOT / "content", output, **settings, PROSPECTS_SERVER_RULES=["nginx", "apache", "netlify"]
    )
    text = (ROOT / "content" / "pages" / "votre-projet.md").read_text(encoding="utf-8")
    questionnaire, problems = parse_questionnaire(text, "votre-projet.md")
    assert problems == []
    return Demo(output, questionnaire)


@pytest.fixture
def with_glue() -> None:
    """Connect the server-rule handlers to Pelican's signals."""
    glue.connect()


@pytest.fixture(autouse=True)
def pelican_log_forgets() -> Iterator[None]:
    """Let each test see its own warnings: Pelican's log filter drops one already logged."""
    LimitFilter._raised_messages.clear()
    yield
    LimitFilter._raised_messages.clear()
