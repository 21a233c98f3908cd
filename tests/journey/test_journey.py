"""The prospect's journey in Chromium: form, landing on the offer, answers shown, with and without JS."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from pelican_prospects.questionnaire.codec import encode

from ..support import ROOT, build_site, demo_settings
from .journeys import (
    ANSWERS,
    FORM,
    OFFERS,
    ROUTE,
    demo,
    expected_answers,
    path_and_query,
    routed,
    shown_answers,
    small_site,
    tick,
)

SLUGS = sorted(ANSWERS)


@pytest.mark.parametrize("slug", SLUGS)
def test_submitting_lands_on_the_routed_offer_with_the_answers(site: str, visit, slug: str) -> None:  # type: ignore[no-untyped-def]
    answers = ANSWERS[slug]
    offer, query = routed(answers)
    assert offer == slug
    opened = visit(f"{site}/{FORM}")
    page = opened.page
    tick(page, answers)
    page.click("form.prospects-questionnaire button[type=submit]")
    page.wait_for_url(f"**/{OFFERS[slug]}?*")
    assert path_and_query(page.url) == f"{OFFERS[slug]}?{query}"
    assert page.is_visible("text=Vos réponses")
    assert shown_answers(page) == expected_answers(answers)
    change = page.get_attribute(".prospects-change", "href")
    assert change == f"../{FORM}?{query}"
    assert opened.dialogs == [] and opened.errors == [] and opened.foreign_requests == []
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


@pytest.mark.parametrize("slug", SLUGS)
def test_without_javascript_every_offer_is_one_click_away(site: str, visit, slug: str) -> None:  # type: ignore[no-untyped-def]
    answers = ANSWERS[slug]
    _, query = routed(answers)
    page = visit(f"{site}/{FORM}", javascript=False).page
    tick(page, answers)
    page.click("form.prospects-questionnaire button[type=submit]")
    page.wait_for_url(f"**/{ROUTE}?*")
    # The browser sends the form in document order: the canonical query, as the server rules expect.
    assert path_and_query(page.url) == f"{ROUTE}?{query}"
    assert page.is_visible("h1:text('Quelle suite vous convient ?')")
    links = page.eval_on_selector_all(".prospects-offer-list a", "links => links.map(a => a.href)")
    assert [path_and_query(link) for link in links] == list(OFFERS.values())
    page.click(f".prospects-offer-list a[href$='{OFFERS[slug]}']")
    page.wait_for_url(f"**/{OFFERS[slug]}")
    assert not page.is_visible(".prospects-answers")
    assert page.is_visible("main h1")


def test_the_route_page_forwards_a_link_with_answers_in_any_order(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    shuffled = "supports=lettre&budget=large&supports=web&echeance=urgent&objectifs=definis"
    page = visit(f"{site}/{ROUTE}?{shuffled}").page
    page.wait_for_url("**/pages/rendez-vous.html?*")
    assert (
        path_and_query(page.url) == f"{OFFERS['rendez-vous']}?{routed(ANSWERS['rendez-vous'])[1]}"
    )
    page.go_back()
    assert page.url == "about:blank", "the route page must not stay in the history"


def test_required_questions_say_what_is_missing_and_take_the_focus(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{FORM}").page
    page.click('label[for="prospects-objectifs=idee"]')
    page.click("form.prospects-questionnaire button[type=submit]")
    assert path_and_query(page.url) == FORM
    assert page.is_visible("#prospects-echeance\\.error")
    assert page.text_content("#prospects-echeance\\.error") == "Choisissez une réponse."
    assert not page.is_visible("#prospects-objectifs\\.error")
    assert page.evaluate("document.activeElement.id") == "prospects-echeance=urgent"
    assert page.text_content("#prospects-echeance legend").endswith("Choisissez une réponse.")
    invalid = page.eval_on_selector_all("[aria-invalid=true]", "inputs => inputs.map(i => i.id)")
    assert invalid == [
        f"prospects-echeance={code}" for code in ("urgent", "trimestre", "annee", "aucune")
    ]
    page.keyboard.press("ArrowDown")  # the focused radio group: choose the next option
    assert not page.is_visible("#prospects-echeance\\.error")
    assert page.eval_on_selector_all("[aria-invalid=true]", "inputs => inputs.length") == 0


def test_without_javascript_the_browser_enforces_required_radio_buttons(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{FORM}", javascript=False).page
    page.click("form.prospects-questionnaire button[type=submit]")
    assert path_and_query(page.url) == FORM
    assert (
        page.evaluate("document.querySelector('form.prospects-questionnaire').checkValidity()")
        is False
    )


def test_keyboard_alone_answers_and_submits(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{FORM}").page
    page.focus("#prospects-objectifs\\=definis")
    page.keyboard.press("Space")  # definis
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # echeance: urgent
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # budget: the first arrow press selects moyen
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # supports: web
    assert page.text_content(".prospects-done") == "4"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**/pages/rendez-vous.html?*")
    expected = {
        "objectifs": ("definis",),
        "echeance": ("urgent",),
        "budget": ("moyen",),
        "supports": ("web",),
    }
    assert path_and_query(page.url) == f"{OFFERS['rendez-vous']}?{routed(expected)[1]}"


def test_progress_counts_the_answered_questions(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{FORM}").page
    assert page.is_visible(".prospects-progress")
    assert page.text_content(".prospects-progress").strip() == "Questions répondues : 0 sur 4"
    tick(page, {"objectifs": ("idee",), "supports": ("web", "lettre")})
    assert page.text_content(".prospects-done") == "2"
    assert page.evaluate("document.querySelector('.prospects-progress progress').value") == 2
    page.click('label[for="prospects-supports=web"]')
    page.click('label[for="prospects-supports=lettre"]')
    assert page.text_content(".prospects-done") == "1"


STALE = {
    "unknown code": ("objectifs=flou&echeance=urgent", {"echeance": ("urgent",)}),
    "unknown question": (
        "couleur=bleu&objectifs=idee&echeance=annee",
        {"objectifs": ("idee",), "echeance": ("annee",)},
    ),
    "repeated single answer": (
        "objectifs=idee&objectifs=definis&echeance=annee",
        {"echeance": ("annee",)},
    ),
    "huge value": ("objectifs=" + "x" * 50_000 + "&supports=web", {"supports": ("web",)}),
    "missing required answer": ("objectifs=idee", {"objectifs": ("idee",)}),
}


@pytest.mark.parametrize("case", sorted(STALE))
@pytest.mark.parametrize("where", ["route", "offer"])
def test_a_stale_link_goes_back_to_the_questionnaire_with_what_fits(
    site: str, visit, case: str, where: str
) -> None:  # type: ignore[no-untyped-def]
    query, kept = STALE[case]
    target = ROUTE if where == "route" else OFFERS["devis"]
    opened = visit(f"{site}/{target}?{query}")
    page = opened.page
    page.wait_for_url(f"**/{FORM}*")
    page.wait_for_function("!document.getElementById('prospects.notice').hidden")
    canonical = routed_query(kept)
    assert path_and_query(page.url) == FORM + (f"?{canonical}" if canonical else "")
    assert page.evaluate("document.activeElement.id") == "prospects.notice"
    assert page.text_content("#prospects\\.notice").startswith("Certaines de vos réponses")
    assert ticked(page) == kept
    assert opened.dialogs == [] and opened.errors == [] and opened.foreign_requests == []


def test_an_offer_reached_with_answers_that_route_elsewhere_goes_on_to_their_offer(
    site: str, visit
) -> None:  # type: ignore[no-untyped-def]
    answers = ANSWERS["rendez-vous"]
    _, query = routed(answers)
    opened = visit(f"{site}/{OFFERS['devis']}?{query}&utm_source=lettre")
    page = opened.page
    page.wait_for_url(f"**/{OFFERS['rendez-vous']}?*")
    assert path_and_query(page.url) == f"{OFFERS['rendez-vous']}?{query}&utm_source=lettre"
    assert shown_answers(page) == expected_answers(answers)
    page.go_back()
    assert page.url == "about:blank", "the offer left must not stay in the history"
    assert opened.errors == []


def test_a_link_to_change_the_answers_prefills_the_form_without_a_notice(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    answers = ANSWERS["proposition"]
    _, query = routed(answers)
    page = visit(f"{site}/{OFFERS['proposition']}?{query}").page
    page.click(".prospects-change")
    page.wait_for_url(f"**/{FORM}?*")
    assert ticked(page) == answers
    assert not page.is_visible("#prospects\\.notice")
    assert page.text_content(".prospects-done") == "3"


def test_the_mail_to_the_owner_carries_the_answers(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    answers = ANSWERS["devis"]
    _, query = routed(answers)
    page = visit(f"{site}/{OFFERS['devis']}?{query}").page
    href = page.get_attribute(".prospects-mailto", "href")
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == "claire@example.org"
    fields = parse_qs(parts.query)
    assert fields["subject"] == ["Demande de devis : Votre devis [offer:devis]"]
    body = fields["body"][0].split("\r\n")
    assert body[0].startswith("Bonjour, pouvez-vous m\u2019envoyer ce devis ?")
    assert body[1:-2] == [
        "",
        "Quels sont vos objectifs\xa0?",
        "- Je cherche encore des pistes",
        "",
        "Quelle est votre échéance\xa0?",
        "- Pas de date fixée",
        "",
        "Quel budget avez-vous prévu\xa0?",
        "- Moins de 2 000 €",
    ]
    assert unquote(body[-1]).endswith(f"/{OFFERS['devis']}?{query}")


def test_the_quote_prints_without_its_buttons(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    opened = visit(f"{site}/{OFFERS['devis']}?{routed(ANSWERS['devis'])[1]}")
    page = opened.page
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; }")
    page.click(".prospects-print")
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    assert not page.is_visible(".prospects-actions")
    assert page.is_visible("table") and page.is_visible(".prospects-answers")


def test_without_javascript_the_print_button_is_not_offered(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{OFFERS['devis']}", javascript=False).page
    assert not page.is_visible(".prospects-print")
    assert page.get_attribute(".prospects-mailto", "href").startswith("mailto:claire@example.org?")


def test_slides_one_at_a_time_by_keyboard_and_buttons(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{OFFERS['proposition']}").page
    assert visible_slides(page) == [1]
    assert page.text_content(".prospects-position") == "Diapositive 1 sur 5"
    assert page.is_disabled(".prospects-previous")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert visible_slides(page) == [3]
    assert urlsplit(page.url).fragment == "prospects-slide-3"
    page.keyboard.press("ArrowLeft")
    assert visible_slides(page) == [2]
    page.focus(".prospects-next")
    for _ in range(3):
        page.keyboard.press("Enter")
    assert visible_slides(page) == [5]
    assert page.is_disabled(".prospects-next")
    assert page.evaluate("document.activeElement.className") == "prospects-previous"
    assert page.text_content(".prospects-position") == "Diapositive 5 sur 5"
    page.reload()
    assert visible_slides(page) == [5], "the address remembers the slide"


def test_slides_print_one_per_page(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{OFFERS['proposition']}").page
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert visible_slides(page) == [1, 2, 3, 4, 5]
    breaks = page.eval_on_selector_all(
        ".prospects-slide", "slides => slides.map(s => getComputedStyle(s).breakAfter)"
    )
    assert breaks == ["page", "page", "page", "page", "auto"]
    assert not page.is_visible(".prospects-slide-nav")
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert visible_slides(page) == [1]


def test_without_javascript_slides_follow_each_other(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{site}/{OFFERS['proposition']}", javascript=False).page
    assert visible_slides(page) == [1, 2, 3, 4, 5]
    assert not page.is_visible(".prospects-slide-nav")


def routed_query(answers: dict[str, tuple[str, ...]]) -> str:
    """Return the canonical query of answers that may not be complete."""
    return encode(demo(), answers)


def ticked(page) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    """Return the ticked answers of the questionnaire form."""
    pairs = page.eval_on_selector_all(
        "form.prospects-questionnaire input:checked", "inputs => inputs.map(i => [i.name, i.value])"
    )
    answers: dict[str, tuple[str, ...]] = {}
    for key, code in pairs:
        answers[key] = (*answers.get(key, ()), code)
    return answers


def visible_slides(page) -> list[int]:  # type: ignore[no-untyped-def]
    """Return the numbers of the slides shown."""
    return page.eval_on_selector_all(
        ".prospects-slide", "slides => slides.flatMap((s, n) => s.checkVisibility() ? [n + 1] : [])"
    )


def test_the_journey_works_with_pelicans_default_theme(tmp_path, serve, visit) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "output"
    build_site(ROOT / "content", output, **dict(demo_settings(), THEME="notmyidea"))
    base = serve(output)
    answers = ANSWERS["proposition"]
    opened = visit(f"{base}/{FORM}")
    tick(opened.page, answers)
    opened.page.click("form.prospects-questionnaire button[type=submit]")
    opened.page.wait_for_url(f"**/{OFFERS['proposition']}?*")
    assert path_and_query(opened.page.url) == f"{OFFERS['proposition']}?{routed(answers)[1]}"
    assert shown_answers(opened.page) == expected_answers(answers)
    assert visible_slides(opened.page) == [1]
    opened.page.keyboard.press("ArrowRight")
    assert visible_slides(opened.page) == [2]
    assert opened.errors == [] and opened.foreign_requests == []


def test_a_required_checkbox_group_asks_for_one_tick(tmp_path, serve, visit) -> None:  # type: ignore[no-untyped-def]
    base = serve(small_site(tmp_path))
    page = visit(f"{base}/pages/projet-1.html").page
    page.click('label[for="prospects-objectifs=vagues"]')
    page.click("form.prospects-questionnaire button[type=submit]")
    assert page.is_visible("#prospects-supports\\.error")
    assert page.text_content("#prospects-supports\\.error") == "Cochez au moins une réponse."
    assert page.evaluate("document.activeElement.id") == "prospects-supports=web"
    page.keyboard.press("Space")
    assert not page.is_visible("#prospects-supports\\.error")
    page.click("form.prospects-questionnaire button[type=submit]")
    page.wait_for_url("**/pages/proposition.html?objectifs=vagues&supports=web")


def test_an_offer_shows_the_answers_of_the_questionnaire_that_routed_there(
    tmp_path, serve, visit
) -> None:  # type: ignore[no-untyped-def]
    base = serve(small_site(tmp_path))
    page = visit(f"{base}/pages/projet-2/route.html?objectifs=definis&supports=papier").page
    page.wait_for_url("**/pages/devis.html?objectifs=definis&supports=papier")
    boxes = page.eval_on_selector_all(".prospects-journey", "boxes => boxes.map(b => !b.hidden)")
    assert boxes == [False, True]
    assert shown_answers(page) == {"Objectifs": ["Définis"], "Supports": ["Papier"]}
    change = page.get_attribute(".prospects-journey:not([hidden]) .prospects-change", "href")
    assert change == "../pages/projet-2.html?objectifs=definis&supports=papier"
