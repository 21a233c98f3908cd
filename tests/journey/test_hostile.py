"""Tampered addresses on every page of the journey: no dialog, no markup, no other site, no error."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from pelican_prospects.questionnaire.codec import decode
from pelican_prospects.questionnaire.evaluate import first_rule

from .journeys import FORM, OFFERS, ROUTE, demo

PAGES = [FORM, ROUTE, *OFFERS.values()]
HOSTILE = [
    "<script>alert(1)</script>=1",
    "objectifs=<img src=x onerror=alert(1)>&echeance=urgent",
    "objectifs=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&echeance=urgent",
    "%3Csvg%20onload%3Dalert(1)%3E=definis",
    'objectifs="><svg onload=alert(1)>',
    "objectifs=javascript:alert(1)&echeance=urgent",
    "objectifs=//evil.example/&echeance=https://evil.example/",
    "objectifs=definis%0d%0aLocation:%20https://evil.example&echeance=urgent",
    "__proto__[polluted]=1&__proto__=polluted&constructor[prototype][polluted]=1",
    "objectifs=%E9%ZZ%&echeance=%",
    "objectifs=definis&echeance=urgent#<img src=x onerror=alert(1)>",
    "objectifs=definis&echeance=urgent&budget=" + "A" * 30_000,
]
# Elements that would be there only if the query's text became markup.
INJECTED = "img, svg, iframe, object, embed, [onerror], [onload], a[href^='javascript']"


@pytest.mark.parametrize("path", PAGES)
def test_hostile_queries_change_nothing_but_ticks(site: str, visit, path: str) -> None:  # type: ignore[no-untyped-def]
    for query in HOSTILE:
        opened = visit(f"{site}/{path}?{query}")
        page = opened.page
        page.wait_for_url(f"{site}/{landing(path, query)}*")
        page.wait_for_load_state()
        assert urlsplit(page.url).hostname == "127.0.0.1", (path, query)
        assert page.eval_on_selector_all(INJECTED, "found => found.length") == 0, (path, query)
        scripts = page.eval_on_selector_all("script", "found => found.map(s => s.type || s.src)")
        # The page's data, then only the plugin's own scripts (offers add why.js, handoff.js).
        assert len(scripts) in (2, 3, 4, 5) and scripts[0] == "application/json", (path, query)
        assert all(src.startswith(f"{site}/prospects/") for src in scripts[1:]), (path, query)
        html = page.content()
        assert "alert(" not in html and "evil.example" not in html, (path, query)
        assert page.evaluate(
            "({}).polluted === undefined && Object.prototype.polluted === undefined"
        )
        assert opened.dialogs == [] and opened.errors == [] and opened.foreign_requests == []
        assert page.evaluate("document.cookie") == ""


@pytest.mark.parametrize("path", PAGES)
def test_hostile_queries_without_javascript_stay_inert(site: str, visit, path: str) -> None:  # type: ignore[no-untyped-def]
    opened = visit(f"{site}/{path}?{HOSTILE[1]}", javascript=False)
    assert urlsplit(opened.page.url).path.endswith(path)
    assert opened.page.eval_on_selector_all(INJECTED, "found => found.length") == 0
    assert opened.dialogs == [] and opened.foreign_requests == []


def landing(path: str, query: str) -> str:
    """Return the page these answers end on, as the build's routing sees them."""
    decoded = decode(demo(), query.split("#")[0])
    rule = first_rule(demo(), decoded.answers) if not decoded.notices else None
    if path == FORM or rule is None:
        return FORM
    # The route page and every offer page send answers that fit on to their offer.
    return OFFERS[rule.offer]
