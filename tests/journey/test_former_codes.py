"""Links written with a former code (`was:`) in Chromium: read as the current code everywhere."""

from __future__ import annotations

from .journeys import (
    ANSWERS,
    FORM,
    OFFERS,
    ROUTE,
    expected_answers,
    path_and_query,
    routed,
    shown_answers,
)

# The demo's option `urgent` was `mois` (`{urgent +3 was:mois}`).
FORMER = "objectifs=definis&echeance=mois&budget=large&supports=web&supports=lettre"


def test_the_questionnaire_ticks_the_current_option_without_a_notice(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    _, query = routed(ANSWERS["rendez-vous"])
    page = visit(f"{site}/{FORM}?{FORMER}").page
    page.wait_for_load_state()
    assert page.is_checked("#prospects-echeance\\=urgent")
    assert not page.is_visible("#prospects\\.notice")
    assert path_and_query(page.url) == f"{FORM}?{query}"


def test_the_route_page_and_offer_pages_read_the_former_code(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    answers = ANSWERS["rendez-vous"]
    _, query = routed(answers)
    for start in (ROUTE, OFFERS["rendez-vous"], OFFERS["devis"]):
        opened = visit(f"{site}/{start}?{FORMER}&ref=ami")
        page = opened.page
        page.wait_for_url(f"**/{OFFERS['rendez-vous']}?{query}&ref=ami")
        page.wait_for_load_state()
        assert path_and_query(page.url) == f"{OFFERS['rendez-vous']}?{query}&ref=ami", start
        assert shown_answers(page) == expected_answers(answers), start
        assert opened.errors == [], start


def test_without_javascript_the_route_page_still_lists_every_offer(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{ROUTE}?{FORMER}", javascript=False).page
    links = page.eval_on_selector_all(".prospects-offer-list a", "links => links.map(a => a.href)")
    assert [path_and_query(link) for link in links] == list(OFFERS.values())
