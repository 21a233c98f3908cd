"""The Content-Security-Policy: its base, `PROSPECTS_CSP` checked, and the meta of built pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican_prospects.csp import policy
from pelican_prospects.problems import ProspectsError
from pelican_prospects.settings import validate

from .support import build_site, soup, write_files

BASE = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https:; object-src 'none'; base-uri 'self'; form-action 'self' mailto:"
)
EXPECTED = "Expected a dict of directives to lists of sources, such as {'frame-src': ['https://www.youtube-nocookie.com']}"
SITE = {
    "articles/a.md": "Title: A\nDate: 2024-01-01\n\nText.\n",
    "pages/devis.md": "Title: Devis\nSlug: devis\nOffer: quote\n\nPrix.\n",
    "pages/projet.md": "Title: Projet\nSlug: projet\n\n### Budget ? {#budget}\n\n"
    "- ( ) Petit {petit}\n- ( ) Grand {grand +1}\n\n```routing\ndevis: otherwise\n```\n",
}


def test_the_base_policy() -> None:
    assert policy({}) == BASE


def test_sources_are_added_to_their_directive() -> None:
    added = policy(
        {
            "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
            "img-src": ["https:", "http:"],
            "object-src": ["https://plugins.example"],
            "form-action": ["https://forms.example/send"],
        }
    )
    assert added == (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: https: http:; object-src https://plugins.example; "
        "base-uri 'self'; form-action 'self' mailto: https://forms.example/send; "
        "frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com"
    )


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"frame-src": ["https://www.youtube-nocookie.com"]},
        {"media-src": ("https://cdn.example.org", "*.example.net:443", "blob:")},
        {"script-src": ["'unsafe-inline'", "'sha256-abc+/=='"], "connect-src": ["wss://x.example"]},
    ],
)
def test_good_values(value: object) -> None:
    assert validate({"PROSPECTS_CSP": value}) == []


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        (["frame-src"], ""),
        ({"frme-src": ["https://a.example"]}, "'frme-src' is not one of: default-src, "),
        ({"frame-src": "https://a.example"}, "the sources of 'frame-src' are not a list"),
        ({"frame-src": ["self"]}, ""),
        (
            {"frame-src": ["https://a.example; script-src *"]},
            "'https://a.example; script-src *' is not a source",
        ),
        ({"frame-src": ["'none'"]}, "\"'none'\" is not a source"),
        ({"frame-src": [3]}, "3 is not a source"),
    ],
)
def test_bad_values_name_the_setting_what_is_expected_and_what_was_received(
    value: object, detail: str
) -> None:
    (problem,) = validate({"PROSPECTS_CSP": value})
    message = str(problem)
    assert message.startswith(f"settings: PROSPECTS_CSP: {EXPECTED}")
    assert detail in message
    assert message.endswith(f", but received: {value!r}")


def test_a_bad_value_stops_the_build(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", SITE)
    with pytest.raises(ProspectsError, match="PROSPECTS_CSP: Expected a dict"):
        build_site(content, tmp_path / "out", PROSPECTS_CSP={"frame": ["https://a.example"]})


def csp_metas(page: Path) -> list[str]:
    found = soup(page).find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return [meta["content"] for meta in found]


def test_every_page_carries_the_policy_once_first_in_its_head(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", SITE)
    output = tmp_path / "out"
    build_site(content, output, PROSPECTS_CSP={"frame-src": ["https://www.youtube-nocookie.com"]})
    pages = sorted(output.rglob("*.html"))
    assert {"pages/projet.html", "pages/projet/route.html", "pages/devis.html"} <= {
        str(p.relative_to(output)) for p in pages
    }
    for page in pages:
        assert csp_metas(page) == [f"{BASE}; frame-src 'self' https://www.youtube-nocookie.com"]
        head = soup(page).head
        first = head.find(["meta", "link", "script", "style"], attrs={"charset": None})
        assert first.get("http-equiv") == "Content-Security-Policy", page


def test_journey_pages_carry_the_policy_in_a_theme_without_it(tmp_path: Path) -> None:
    theme = write_files(
        tmp_path / "theme",
        {
            "templates/base.html": "<!DOCTYPE html><html><head><title>{% block title %}{% endblock %}"
            "</title>{% block head %}{% endblock %}</head><body>{% block content %}{% endblock %}"
            "</body></html>",
            "templates/index.html": "{% extends 'base.html' %}",
            "templates/page.html": "{% extends 'base.html' %}",
        },
    )
    content = write_files(tmp_path / "content", SITE)
    output = tmp_path / "out"
    build_site(content, output, THEME=str(theme), DIRECT_TEMPLATES=["index"])
    for name in ("pages/projet.html", "pages/projet/route.html", "pages/devis.html"):
        assert csp_metas(output / name) == [BASE], name
