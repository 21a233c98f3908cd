"""Building sites with questionnaires: forms, offers, summary, warnings, and errors that stop it."""

from __future__ import annotations

import ast
import logging
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pelican
import pytest
from pelican import signals

from pelican_prospects.problems import ProspectsError
from pelican_prospects.questionnaire.compile import Compiled

from ..support import ROOT, THEME, build_site, soup, write_files
from .conftest import SAMPLES

BROKEN = [
    "content/pages/budget.md:13: no rule matches 3 of the 4 answer sets, for example"
    " 'budget=petit': end the routing with a rule such as 'offer-slug: otherwise'",
    "content/pages/doublon.md:7: duplicate question key 'budget' (first used at line 3)",
    "content/pages/mauvaise.md:3: Offer: expected one of quote, proposal, contact,"
    " but received: 'devis'",
    "content/pages/projet.md:10: routing, column 8: 'has' needs a multiple-choice question,"
    " but 'objectifs' is single choice: write 'objectifs = code' or 'objectifs in (a, b)'",
    "content/pages/projet.md:11: routing, column 8: question 'objectifs' has no option 'flou'"
    " (its options: definis, vagues)",
    "content/pages/projet.md:12: routing, column 1: unknown offer 'nulle-part': no page with"
    " this slug has 'Offer: quote', 'Offer: proposal' or 'Offer: contact'",
]


def site(tmp_path: Path, sample: str) -> Path:
    """Copy a sample site's pages into `tmp_path/content/pages` and return the content folder."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLES / sample, content / "pages")
    return content


@pytest.fixture
def pages_seen() -> Iterator[dict[str, Any]]:
    """Collect the built pages by slug once every generator has its context."""
    seen: dict[str, Any] = {}

    def collect(generators: list[Any]) -> None:
        for generator in generators:
            for page in getattr(generator, "hidden_pages", []) + getattr(generator, "pages", []):
                seen[page.slug] = page

    signals.all_generators_finalized.connect(collect)
    yield seen
    signals.all_generators_finalized.disconnect(collect)


def test_a_good_site_builds_with_its_form_and_offers(
    tmp_path: Path, pages_seen: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    build_site(site(tmp_path, "site"), tmp_path / "output")
    page = soup(tmp_path / "output" / "pages" / "votre-projet.html")
    form = page.find("form", class_="prospects-questionnaire")
    assert [f["name"] for f in form.find_all("input")] == ["objectifs"] * 3 + ["supports"] * 2
    assert "rendez-vous: score" not in page.text
    assert form.find("button").text == "Voir l'offre qui me correspond"
    questionnaire = pages_seen["votre-projet"].questionnaire
    assert isinstance(questionnaire, Compiled)
    assert sorted(questionnaire.offers) == ["devis", "proposition", "rendez-vous"]
    kinds = {slug: getattr(p, "offer_kind", None) for slug, p in pages_seen.items()}
    assert kinds == {
        "votre-projet": None,
        "devis": "quote",
        "proposition": "proposal",
        "rendez-vous": "contact",
        "hors-parcours": "contact",
    }
    ours = [r for r in caplog.records if r.name.startswith("pelican_prospects.questionnaire")]
    assert [(r.levelname, r.getMessage()) for r in ours] == [
        (
            "WARNING",
            "prospects: content/pages/projet.md:21: the rule for 'rendez-vous' can never be"
            " the first match",
        ),
        (
            "WARNING",
            "prospects: content/pages/projet.md:24: the rule for 'rendez-vous' can never be"
            " the first match",
        ),
        (
            "WARNING",
            "prospects: content/pages/hors-parcours.md: offer 'hors-parcours' is reached by no"
            " questionnaire",
        ),
        (
            "WARNING",
            "prospects: content/pages/rendez-vous.md: offer 'rendez-vous' is reached by no"
            " questionnaire",
        ),
        (
            "INFO",
            "prospects: questionnaire votre-projet: 12 answer set(s): rendez-vous 0,"
            " proposition 6, devis 6",
        ),
    ]


def test_every_problem_of_every_questionnaire_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(ProspectsError) as raised:
        build_site(site(tmp_path, "broken_site"), tmp_path / "output")
    assert [str(problem) for problem in raised.value.problems] == BROKEN
    assert str(raised.value).splitlines()[0] == "prospects: 6 problem(s) in questionnaires:"


def test_pelican_exits_non_zero_with_the_problems_and_no_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = site(tmp_path, "broken_site")
    settings = tmp_path / "pelicanconf.py"
    settings.write_text(
        f"PATH = {str(content)!r}\nTHEME = {str(THEME)!r}\nPLUGINS = ['pelican_prospects']\n"
        "TIMEZONE = 'Europe/Paris'\nDEFAULT_LANG = 'fr'\nFEED_ALL_ATOM = None\n"
        "CATEGORY_FEED_ATOM = None\nCACHE_CONTENT = False\n",
        encoding="utf-8",
    )
    with pytest.raises(SystemExit) as raised:
        pelican.main(["-s", str(settings), "-o", str(tmp_path / "output")])
    assert raised.value.code == 1
    [critical] = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert critical.getMessage().splitlines() == [
        "ProspectsError: prospects: 6 problem(s) in questionnaires:",
        *(f"  {problem}" for problem in BROKEN),
    ]
    assert critical.exc_info is None
    assert "Traceback" not in caplog.text


def test_a_question_markdown_leaves_in_an_html_block_stops_the_build(tmp_path: Path) -> None:
    question = "## Q {#q}\n\n- ( ) A {a}\n\n```routing\ndevis: otherwise\n```\n"
    content = write_files(
        tmp_path / "content",
        {
            "pages/projet.md": f"Title: Projet\n\n<div class='box'>\n\n{question}",
            "pages/devis.md": "Title: Devis\nOffer: quote\n\nTarifs.",
        },
    )
    with pytest.raises(ProspectsError) as raised:
        build_site(content, tmp_path / "output")
    assert [str(problem) for problem in raised.value.problems] == [
        "content/pages/projet.md:5: question 'q' is inside an HTML block (such as a <div> not"
        " closed before it), which Markdown leaves as it is: its form has no place there; close"
        " the block before the question"
    ]


def test_translations_route_to_the_offers_in_their_language(
    tmp_path: Path, pages_seen: dict[str, Any]
) -> None:
    translations: dict[str, Any] = {}

    def collect(generators: list[Any]) -> None:
        for generator in generators:
            for page in getattr(generator, "translations", []):
                translations[page.slug] = page

    question = "## Q\n\n- ( ) A {a}\n\n```routing\ndevis: otherwise\n```\n"
    content = write_files(
        tmp_path / "content",
        {
            "pages/projet.md": f"Title: Projet\nSlug: projet\n\n{question}",
            "pages/projet-en.md": f"Title: Project\nSlug: projet\nLang: en\n\n{question}",
            "pages/devis.md": "Title: Devis\nSlug: devis\nOffer: quote\n\nTarifs.",
            "pages/devis-en.md": "Title: Quote\nSlug: devis\nLang: en\nOffer: quote\n\nPrices.",
            "pages/brouillon.md": "Title: Brouillon\nStatus: draft\n\n## Q\n\n- ( ) A\n\n"
            "```routing\ndevis: q = b\n```\n",
        },
    )
    signals.all_generators_finalized.connect(collect)
    try:
        with pytest.raises(ProspectsError) as raised:
            build_site(content, tmp_path / "output")
        assert [str(p) for p in raised.value.problems] == [
            "content/pages/brouillon.md:9: routing, column 8: question 'q' has no option 'b'"
            " (its options: a)"
        ]
        (content / "pages" / "brouillon.md").unlink()
        build_site(content, tmp_path / "output")
    finally:
        signals.all_generators_finalized.disconnect(collect)
    assert pages_seen["projet"].questionnaire.offers["devis"].url == "pages/devis.html"
    assert translations["projet"].questionnaire.offers["devis"].url == "pages/devis-en.html"
    assert translations["devis"].offer_kind == "quote"
    built = soup(tmp_path / "output" / "pages" / "projet-en.html")
    assert built.find("input", attrs={"name": "q", "value": "a"})
    assert built.find("button").text == "See which offer fits"
    built = soup(tmp_path / "output" / "pages" / "projet.html")
    assert built.find("button").text == "Voir l'offre qui me correspond"


# Loaded only for a site with a questionnaire or an offer page, or that asks for server rules.
MACHINERY = [
    "pelican_prospects.questionnaire.pages",
    "pelican_prospects.questionnaire.parse",
    "pelican_prospects.questionnaire.compile",
    "pelican_prospects.server_rules.plan",
]
PLAIN_SITE = {
    "article.md": "Title: Bonjour\nDate: 2024-05-01\n\nUn article.\n",
    "pages/apropos.md": "Title: À propos\n\nUne page, sans `routing`.\n",
}


def machinery_loaded(tmp_path: Path, files: dict[str, str], **settings: Any) -> list[str]:
    """Build a site in a fresh interpreter; return which of MACHINERY it loaded."""
    content = write_files(tmp_path / "content", files)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tests.support import build_site\n"
        f"build_site(Path({str(content)!r}), Path({str(tmp_path / 'output')!r}), **{settings!r})\n"
        f"print([name for name in {MACHINERY!r} if name in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return ast.literal_eval(done.stdout.splitlines()[-1])


def test_a_site_without_questionnaires_or_offers_loads_none_of_their_machinery(
    tmp_path: Path,
) -> None:
    assert machinery_loaded(tmp_path / "plain", PLAIN_SITE) == []
    offer = {**PLAIN_SITE, "pages/devis.md": "Title: Devis\nOffer: quote\n\nUn devis.\n"}
    assert machinery_loaded(tmp_path / "offer", offer) == MACHINERY[:3]
    rules = {"PROSPECTS_SERVER_RULES": ["nginx"], "SITEURL": "https://example.org"}
    assert machinery_loaded(tmp_path / "rules", PLAIN_SITE, **rules) == MACHINERY[2:]


def test_a_bad_booking_url_stops_a_site_without_questionnaires(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", PLAIN_SITE)
    url = "https://evil.example\\@calendly.com/claire"
    with pytest.raises(ProspectsError) as raised:
        build_site(content, tmp_path / "output", PROSPECTS_BOOKING_URL=url)
    assert [str(problem) for problem in raised.value.problems] == [
        f"settings: PROSPECTS_BOOKING_URL: {url!r} holds a backslash, which browsers read as '/':"
        " the link could go to another host than it names; write '/' or %5C"
    ]
