"""Every state of the journey's pages, scanned by axe-core in both colour schemes, and at 320 px."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from .journeys import ANSWERS, FORM, OFFERS, ROUTE, routed

SERIOUS = {"serious", "critical"}


def submitted_empty(page: Page) -> None:
    page.click("form.prospects-questionnaire button[type=submit]")
    page.wait_for_selector("#prospects-objectifs\\.error", state="visible")


def no_change(page: Page) -> None:
    page.wait_for_load_state("networkidle")


# Page states: (address, what to do there first).
STATES: dict[str, tuple[str, Callable[[Page], None]]] = {
    "questionnaire": (FORM, no_change),
    "questionnaire with errors": (FORM, submitted_empty),
    "questionnaire after a stale link": (f"{FORM}?objectifs=flou&echeance=urgent", no_change),
    "route page": (ROUTE, no_change),
    **{
        f"offer {slug}": (f"{OFFERS[slug]}?{routed(answers)[1]}", no_change)
        for slug, answers in ANSWERS.items()
    },
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("state", sorted(STATES))
def test_axe_finds_no_serious_violation(site: str, visit, state: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    path, prepare = STATES[state]
    page = visit(f"{site}/{path}", color_scheme=scheme).page
    prepare(page)
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
    assert serious == [], state


@pytest.mark.parametrize("state", sorted(STATES))
def test_pages_fit_a_320_pixel_screen(site: str, visit, state: str) -> None:  # type: ignore[no-untyped-def]
    path, prepare = STATES[state]
    page = visit(f"{site}/{path}", viewport={"width": 320, "height": 640}).page
    prepare(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{state} is {overflow}px too wide at 320px"


def test_focus_is_visible_on_every_control(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{FORM}").page
    page.focus("#prospects-objectifs\\=definis")
    for _ in range(6):
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", page.evaluate("document.activeElement.id")
        page.keyboard.press("Tab")
