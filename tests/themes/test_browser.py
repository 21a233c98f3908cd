"""Each foreign theme in Chromium: comments, the comment form, a journey to each offer, axe, requests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import mf2py
import pytest
from axe_playwright_python.sync_playwright import Axe

from ..journey.journeys import (
    ANSWERS,
    FORM,
    OFFERS,
    expected_answers,
    routed,
    shown_answers,
    tick,
)
from .hosts import ARTICLE, FOREIGN

SERIOUS = {"serious", "critical"}
# What the plugin adds to a theme's pages, for axe to scan.
OURS = {"include": [[".prospects-placed"], [".prospects-page"]]}


@pytest.fixture(scope="module")
def hosted(themed: Callable[[str], Path], serve: Callable[[Path], str]) -> Callable[[str], str]:
    """Return a function serving the demo built with a theme, once per theme, by base URL."""
    urls: dict[str, str] = {}

    def url(theme: str) -> str:
        if theme not in urls:
            urls[theme] = serve(themed(theme))
        return urls[theme]

    return url


def serious(page) -> list[tuple[str, str, list]]:  # type: ignore[no-untyped-def]
    """Return axe's serious and critical violations in what the plugin added to the page."""
    results = Axe().run(page, context=OURS)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def off_site(requests: list[str]) -> list[str]:
    """Return the requests that left the site (the comment form's mailto: is the reader's mail)."""
    return [url for url in requests if not url.startswith("mailto:")]


@pytest.mark.parametrize("theme", FOREIGN)
def test_comments_in_a_foreign_theme(hosted, visit, theme: str) -> None:  # type: ignore[no-untyped-def]
    opened = visit(f"{hosted(theme)}/{ARTICLE}")
    page = opened.page
    parsed = mf2py.parse(doc=page.content(), url=page.url)
    cites = [item for item in parsed["items"] if "h-cite" in item["type"]]
    first, mention = cites
    assert first["properties"]["author"][0]["properties"]["name"] == ["Marc Lefèvre"]
    reply = first["properties"]["comment"][0]["properties"]
    assert reply["author"][0]["properties"]["name"] == ["Claire Dumas"]
    assert mention["properties"]["author"][0]["properties"]["name"] == [
        "Le carnet d'une indépendante"
    ]
    assert page.is_visible("#comment-2 .owner-badge")
    assert page.locator(".mentions #comment-3").is_visible()
    # The badge's accent comes from the plugin's stylesheet, whatever the theme.
    badge = page.eval_on_selector(
        "#comment-2 .owner-badge", "e => getComputedStyle(e).backgroundColor"
    )
    assert badge == "rgb(11, 92, 173)"
    assert page.is_visible("#comment-form")
    page.fill("#comment-author", "Jean")
    page.fill("#comment-text", "Merci !")
    page.click("#comment-form button[type=submit]")
    page.wait_for_timeout(200)
    mailto = [url for url in opened.foreign_requests if url.startswith("mailto:")]
    assert len(mailto) == 1 and mailto[0].startswith("mailto:claire@example.org?subject=")
    assert "Author%3A%20Jean" in mailto[0]
    assert off_site(opened.foreign_requests) == []
    assert opened.csp_violations == [] and opened.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", FOREIGN)
def test_axe_finds_nothing_serious_in_what_we_add(hosted, visit, theme: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    for path in (ARTICLE, FORM):
        page = visit(f"{hosted(theme)}/{path}", color_scheme=scheme).page
        assert serious(page) == [], path


@pytest.mark.parametrize("slug", sorted(ANSWERS))
@pytest.mark.parametrize("theme", FOREIGN)
def test_a_journey_reaches_each_offer(hosted, visit, theme: str, slug: str) -> None:  # type: ignore[no-untyped-def]
    opened = visit(f"{hosted(theme)}/{FORM}")
    page = opened.page
    assert page.is_visible(".prospects-page form.prospects-questionnaire")
    # Inside the theme's layout: the form's column is the theme's, not the whole window.
    box = page.locator(".prospects-page").bounding_box()
    assert box is not None and box["x"] > 0
    tick(page, ANSWERS[slug])
    page.click("form.prospects-questionnaire button[type=submit]")
    page.wait_for_url(f"**/{OFFERS[slug]}?*")
    page.wait_for_selector(".prospects-answers", state="visible")
    assert shown_answers(page) == expected_answers(ANSWERS[slug])
    assert serious(page) == []
    assert off_site(opened.foreign_requests) == []
    assert opened.csp_violations == [] and opened.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("theme", FOREIGN)
def test_the_contact_form_in_a_foreign_theme(hosted, visit, theme: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    query = routed(ANSWERS["devis"])[1]
    opened = visit(f"{hosted(theme)}/{OFFERS['devis']}?{query}", color_scheme=scheme)
    page = opened.page
    page.click("a.prospects-mailto")
    assert page.is_visible("text=Indiquez votre nom.")
    assert serious(page) == []
    page.fill("#prospects\\.name", "Jean")
    page.fill("#prospects\\.email", "jean@example.org")
    page.fill("#prospects\\.company", "ACME")
    page.click("a.prospects-mailto")
    assert page.is_visible(".prospects-copy") and serious(page) == []
    mailto = [url for url in opened.foreign_requests if url.startswith("mailto:")]
    assert len(mailto) == 1 and "Jean%20(ACME)%20%5Boffer%3Adevis%5D" in mailto[0]
    assert off_site(opened.foreign_requests) == []
    assert opened.csp_violations == [] and opened.errors == []
