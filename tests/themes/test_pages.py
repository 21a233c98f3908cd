"""The questionnaire, route and offer pages inside any theme's page layout, private whatever its head."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from ..support import soup
from .hosts import FOREIGN, build_demo

FORM = "pages/votre-projet.html"
ROUTE = "pages/votre-projet/route.html"
OFFERS = ["pages/devis.html", "pages/proposition.html", "pages/rendez-vous.html"]
# Where each theme's page.html prints a page's text.
TEXT = {
    "notmyidea": "section#content.body > .prospects-page",
    "simple": "article .prospects-page",
    "reflex": "article.single > .entry-content > .prospects-page",
}


@pytest.mark.parametrize("theme", FOREIGN)
def test_our_pages_sit_where_the_theme_puts_a_page(
    themed: Callable[[str], Path], theme: str
) -> None:
    output = themed(theme)
    for path in [FORM, ROUTE, *OFFERS]:
        document = soup(output / path)
        body = document.select_one(TEXT[theme])
        assert body is not None, path
        assert body.find("h1") is None  # the theme's page.html writes the heading
        assert document.head.find(
            "link", rel="stylesheet", href=lambda h: h.endswith("prospects/prospects.css")
        )
    form = soup(output / FORM)
    assert form.select_one(f"{TEXT[theme]} form.prospects-questionnaire")
    assert "Votre projet en quatre questions" in [
        h.get_text(strip=True) for h in form.find_all(["h1", "h2"])
    ]
    route = soup(output / ROUTE)
    assert "Quelle suite vous convient ?" in [
        h.get_text(strip=True) for h in route.find_all(["h1", "h2"])
    ]
    assert "Quelle suite vous convient ? · Votre projet" in route.title.get_text()


@pytest.mark.parametrize("theme", [*FOREIGN, "ours"])
def test_answers_never_leave_in_a_referer(themed: Callable[[str], Path], theme: str) -> None:
    output = themed(theme)
    for path in [FORM, ROUTE, *OFFERS]:
        head = soup(output / path).head
        assert [m["content"] for m in head.find_all("meta", attrs={"name": "referrer"})] == [
            "no-referrer"
        ], path
        policies = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(policies) == 1 and "default-src 'self'" in policies[0]["content"], path
    robots = soup(output / ROUTE).head.find_all("meta", attrs={"name": "robots"})
    assert "noindex" in [m["content"] for m in robots]


def test_our_theme_keeps_its_markup(themed: Callable[[str], Path]) -> None:
    document = soup(themed("ours") / FORM)
    article = document.select_one("main > article.page.prospects-questionnaire-page")
    assert article.find("h1").get_text() == "Votre projet en quatre questions"
    assert document.select_one(".prospects-page") is None
    assert document.head.find("link", href=lambda h: h and "prospects.css" in h) is None


def test_our_pages_are_written_once_with_their_head(
    tmp_path: Path, opened_for_writing: Counter[str]
) -> None:
    # Their <head> is completed as they render, not by editing the written files.
    output = build_demo("simple", tmp_path / "output")
    for path in [FORM, ROUTE, *OFFERS]:
        assert opened_for_writing[os.path.realpath(output / path)] == 1, path
        head = soup(output / path).head
        assert head.find("meta", attrs={"name": "referrer", "content": "no-referrer"}), path
        sheets = [link["href"] for link in head.find_all("link", rel="stylesheet")]
        assert any(href.endswith("/prospects/prospects.css") for href in sheets), path
