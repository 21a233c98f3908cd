"""The theme in a real browser: small screens, keyboard, colour schemes, print, accessibility."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from ..support import soup

SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def site(demo_preview: Path, serve) -> str:  # type: ignore[no-untyped-def]
    return serve(demo_preview)


def sample_pages(demo_preview: Path) -> list[str]:
    article = next(
        p
        for p in sorted(demo_preview.rglob("*.html"))
        if soup(p).select_one("main > article.h-entry")
    )
    return [
        "index.html",
        "archives.html",
        "tags.html",
        "pages/a-propos.html",
        str(article.relative_to(demo_preview)),
        next(
            iter(
                sorted(
                    str(p.relative_to(demo_preview))
                    for p in (demo_preview / "category").glob("*.html")
                )
            )
        ),
    ]


def test_pages_fit_a_320_pixel_screen(demo_preview: Path, site: str, visit) -> None:  # type: ignore[no-untyped-def]
    for path in sample_pages(demo_preview):
        page = visit(f"{site}/{path}", viewport={"width": 320, "height": 640}).page
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px too wide at 320px"


def test_skip_link_is_the_first_stop_and_moves_focus(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/index.html").page
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.className, document.activeElement.textContent]"
    )
    assert focused == ["skip-link", "Aller au contenu"]
    box = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert box >= 0, "the focused skip link must be visible"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"


def test_dark_and_light_schemes_differ(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    colours = {}
    for scheme in ("light", "dark"):
        page = visit(f"{site}/index.html", color_scheme=scheme).page
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colours["light"] == "rgb(253, 252, 250)"
    assert colours["dark"] == "rgb(21, 24, 28)"


def test_print_hides_navigation(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/index.html").page
    page.emulate_media(media="print")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header nav')).display")
        == "none"
    )
    assert page.evaluate("getComputedStyle(document.querySelector('main')).display") != "none"


def test_no_request_leaves_the_site(demo_preview: Path, site: str, visit) -> None:  # type: ignore[no-untyped-def]
    for path in sample_pages(demo_preview):
        opened = visit(f"{site}/{path}")
        opened.page.wait_for_load_state("networkidle")
        assert opened.foreign_requests == [], path
        assert opened.errors == [], path


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(demo_preview: Path, site: str, visit, scheme: str) -> None:  # type: ignore[no-untyped-def]
    axe = Axe()
    for path in sample_pages(demo_preview):
        page = visit(f"{site}/{path}", color_scheme=scheme).page
        results = axe.run(page)
        serious = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in results.response["violations"]
            if v["impact"] in SERIOUS
        ]
        assert serious == [], f"{path}: {serious}"
