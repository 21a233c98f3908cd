"""utm_* and ref in Chromium: carried from arrival to the offer page, never stale, never markup."""

from __future__ import annotations

from typing import Any

import pytest

from .journeys import ANSWERS, FORM, OFFERS, ROUTE, path_and_query, routed, tick

# As sent; the page keeps them in this order (attribution.KEYS), after the answers.
CARRIED = "utm_source=lettre&utm_campaign=printemps%202026&ref=ami+Paul"
TEXTS = {"utm_source": "lettre", "utm_campaign": "printemps 2026", "ref": "ami Paul"}
READ_REACHED = """() => {
    const r = prospectsJourney.reached();
    return r && {form: r.j && r.j.form, answers: Object.fromEntries(r.answers),
                 map: r.attribution instanceof Map, attribution: Object.fromEntries(r.attribution)};
}"""
INJECTED = "img, svg, iframe, object, embed, [onerror], [onload], a[href^='javascript']"


def reached(page: Any) -> dict[str, Any]:
    page.wait_for_load_state()
    return page.evaluate(READ_REACHED)


def test_attribution_on_arrival_reaches_the_offer_page_in_its_address(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    answers = ANSWERS["devis"]
    _, query = routed(answers)
    opened = visit(f"{site}/{FORM}?ref=ami+Paul&utm_campaign=printemps%202026&utm_source=lettre")
    page = opened.page
    page.wait_for_load_state()
    assert path_and_query(page.url) == f"{FORM}?{CARRIED}"
    assert not page.is_visible("#prospects\\.notice")
    tick(page, answers)
    page.click("form.prospects-questionnaire button[type=submit]")
    page.wait_for_url(f"**/{OFFERS['devis']}?*")
    assert path_and_query(page.url) == f"{OFFERS['devis']}?{query}&{CARRIED}"
    assert page.is_visible("text=Vos réponses")
    found = reached(page)
    assert found["map"] is True
    assert found["attribution"] == TEXTS
    assert found["answers"] == {key: list(codes) for key, codes in answers.items()}
    change = page.get_attribute(".prospects-change", "href")
    assert change == f"../{FORM}?{query}&{CARRIED}"
    page.click(".prospects-change")
    page.wait_for_url(f"**/{FORM}?*")
    assert path_and_query(page.url) == f"{FORM}?{query}&{CARRIED}"
    assert not page.is_visible("#prospects\\.notice")
    assert opened.dialogs == [] and opened.errors == [] and opened.foreign_requests == []


def test_the_route_page_forwards_attribution_to_the_offer(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    _, query = routed(ANSWERS["rendez-vous"])
    page = visit(f"{site}/{ROUTE}?utm_source=lettre&{query}").page
    page.wait_for_url(f"**/{OFFERS['rendez-vous']}?*")
    assert path_and_query(page.url) == f"{OFFERS['rendez-vous']}?{query}&utm_source=lettre"
    assert reached(page)["attribution"] == {"utm_source": "lettre"}


def test_an_offer_page_with_attribution_alone_stays_and_exposes_it(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    opened = visit(f"{site}/{OFFERS['proposition']}?utm_medium=email&ref=%C3%A9t%C3%A9")
    page = opened.page
    found = reached(page)
    assert path_and_query(page.url) == f"{OFFERS['proposition']}?utm_medium=email&ref=%C3%A9t%C3%A9"
    assert found == {
        "form": None,
        "answers": {},
        "map": True,
        "attribution": {"utm_medium": "email", "ref": "été"},
    }
    assert not page.is_visible(".prospects-answers")
    assert opened.errors == []


def test_a_stale_link_goes_back_with_its_attribution(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{OFFERS['devis']}?objectifs=flou&utm_source=lettre&echeance=aucune").page
    page.wait_for_url(f"**/{FORM}*")
    page.wait_for_function("!document.getElementById('prospects.notice').hidden")
    assert path_and_query(page.url) == f"{FORM}?echeance=aucune&utm_source=lettre"


@pytest.mark.parametrize(
    "malformed",
    [
        "utm_source=a&utm_source=b",
        "utm_medium=%ZZ",
        "utm_term=" + "x" * 101,
        "utm_content=%0Aevil",
        "utm_content=%C3",
        "ref=",
        "ref",
    ],
)
def test_malformed_attribution_is_dropped_without_a_notice(
    site: str, visit, malformed: str
) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{FORM}?{malformed}&utm_campaign=ok").page
    page.wait_for_load_state()
    assert path_and_query(page.url) == f"{FORM}?utm_campaign=ok"
    assert not page.is_visible("#prospects\\.notice")


HOSTILE = {
    "utm_source": ('"><script>alert(1)</script>', '"><script>alert(1)</script>'),
    "utm_content": ("%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "<img src=x onerror=alert(1)>"),
    "utm_term": ("A" * 5000, None),
    "ref": ("javascript:alert(1)", "javascript:alert(1)"),
}


@pytest.mark.parametrize("where", ["form", "offer"])
def test_hostile_attribution_never_runs(site: str, visit, where: str) -> None:  # type: ignore[no-untyped-def]
    answers = ANSWERS["proposition"]
    _, query = routed(answers)
    carried = "&".join(f"{key}={raw}" for key, (raw, _) in HOSTILE.items())
    target = FORM if where == "form" else OFFERS["proposition"]
    opened = visit(f"{site}/{target}?{query}&{carried}")
    page = opened.page
    page.wait_for_load_state()
    if where == "form":
        page.click("form.prospects-questionnaire button[type=submit]")
        page.wait_for_url(f"**/{OFFERS['proposition']}?**")
    found = reached(page)
    assert found["attribution"] == {k: text for k, (_, text) in HOSTILE.items() if text}
    assert "A" * 200 not in page.url
    assert page.eval_on_selector_all(INJECTED, "found => found.length") == 0
    sources = page.eval_on_selector_all("script", "found => found.map(s => s.type || s.src)")
    assert all(s == "application/json" or s.startswith(site) for s in sources), sources
    assert page.get_attribute(".prospects-change", "href").startswith(f"../{FORM}?{query}&")
    assert opened.dialogs == [] and opened.errors == [] and opened.foreign_requests == []
