"""The prospect's handoff in Chromium: contact form, the e-mail, the booking link, privacy, hostility."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from pelican_prospects.comments.fetch import MARKER

from .journeys import (
    ANSWERS,
    FORM,
    OFFER_PAGES,
    OFFERS,
    expected_answers,
    routed,
    small_site,
    tick,
)

OWNER = "claire@example.org"
SUBJECTS = {
    "devis": "Demande de devis : Votre devis",
    "proposition": "À propos de votre proposition : Une proposition pour votre projet",
    "rendez-vous": "Demande de rendez-vous : Prenons rendez-vous",
}
# The demo's offers: devis has `Fields: name*, email*, company*, message`, rendez-vous
# `name*, email*, company, message`, proposition the proposal's default `name*, email*, message`.
FIELDS = {
    "devis": ["name", "email", "company", "message"],
    "proposition": ["name", "email", "message"],
    "rendez-vous": ["name", "email", "company", "message"],
}
TYPED = {
    "name": "Jean Dupont",
    "email": "jean.dupont@example.org",
    "company": "Dupont & fils",
    "message": "Bonjour,\nà bientôt.",
}
LABELS = {"name": "Nom :", "email": "E-mail :", "company": "Entreprise :"}
SHORTENED = "[message raccourci ; le texte complet est sur la page]"


def mailto(href: str) -> tuple[str, dict[str, list[str]]]:
    """Return the address and the fields of a mailto: URL, as a mail client reads them."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    return parts.path, parse_qs(parts.query, keep_blank_values=True)


def offer(site: str, slug: str) -> str:
    """Return the address of an offer page with answers that lead to it."""
    return f"{site}/{OFFERS[slug]}?{routed(ANSWERS[slug])[1]}"


def fill(page, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Type each value into the field of that name."""
    for name, value in values.items():
        page.fill(f"form.prospects-handoff [name={name}]", value)


def answer_lines(slug: str) -> list[str]:
    """Return the lines of the message that list the answers leading to an offer."""
    lines = []
    for question, labels in expected_answers(ANSWERS[slug]).items():
        lines += ["", question, *(f"- {label}" for label in labels)]
    return lines


@pytest.mark.parametrize("slug", sorted(OFFERS))
def test_each_offer_mails_the_details_and_the_answers(site: str, visit, slug: str) -> None:  # type: ignore[no-untyped-def]
    opened = visit(offer(site, slug))
    page = opened.page
    names = page.eval_on_selector_all("form.prospects-handoff [name]", "f => f.map(i => i.name)")
    assert names == FIELDS[slug]
    fill(page, {name: TYPED[name] for name in FIELDS[slug]})
    to, fields = mailto(page.get_attribute("a.prospects-mailto", "href"))
    assert to == OWNER and sorted(fields) == ["body", "subject"]
    company = " (Dupont & fils)" if "company" in FIELDS[slug] else ""
    assert fields["subject"] == [f"{SUBJECTS[slug]} — Jean Dupont{company} [offer:{slug}]"]
    body = fields["body"][0].split("\r\n")
    details = [f"{LABELS[name]} {TYPED[name]}" for name in FIELDS[slug] if name in LABELS]
    assert body[1:] == [
        *answer_lines(slug),
        "",
        *details,
        "",
        "Message :",
        "Bonjour,",
        "à bientôt.",
        "",
        f"{site}/{OFFERS[slug]}?{routed(ANSWERS[slug])[1]}",
    ]
    page.click("a.prospects-mailto")
    sent = [url for url in opened.foreign_requests if url.startswith("mailto:")]
    assert len(sent) == 1 and mailto(sent[0]) == (to, fields)
    assert opened.errors == [] and opened.dialogs == []


def test_the_links_follow_each_key_typed(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(offer(site, "rendez-vous")).page
    page.focus("#prospects\\.name")
    for typed in ("Z", "Zo", "Zoé"):
        page.keyboard.type(typed[-1])
        _, fields = mailto(page.get_attribute("a.prospects-mailto", "href"))
        assert fields["subject"] == [f"{SUBJECTS['rendez-vous']} — {typed} [offer:rendez-vous]"]
        booking = urlsplit(page.get_attribute("a.prospects-booking", "href"))
        assert parse_qs(booking.query)["nom"] == [typed]


def test_the_demo_booking_link_carries_the_placeholders(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(offer(site, "rendez-vous")).page
    fill(page, {"name": "Jean Dupont", "email": "jean@example.org"})
    link = page.locator("a.prospects-booking")
    assert link.get_attribute("rel") == "noopener noreferrer"
    parts = urlsplit(link.get_attribute("href"))
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "agenda.example.org",
        "/claire-dumas",
    )
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query == {
        "duree": ["30"],
        "nom": ["Jean Dupont"],
        "courriel": ["jean@example.org"],
        "objet": ["Prenons rendez-vous"],
        "budget": ["Plus de 8 000 €"],
        "notes": [
            " ; ".join(
                f"{question} {', '.join(labels)}"
                for question, labels in expected_answers(ANSWERS["rendez-vous"]).items()
            )
        ],
    }


def test_nothing_typed_reaches_the_site_in_a_whole_journey(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    opened = visit(f"{site}/{FORM}")
    page = opened.page
    requests: list[tuple[str, str]] = []
    page.on("request", lambda request: requests.append((request.url, request.post_data or "")))
    tick(page, ANSWERS["rendez-vous"])
    page.click("form.prospects-questionnaire button[type=submit]")
    page.wait_for_url(f"**/{OFFERS['rendez-vous']}?*")
    typed = {
        "name": "Zebulon Qx7Marker",
        "email": "qx7marker@example.org",
        "company": "Qx7Marker SARL",
        "message": "Qx7Marker message",
    }
    fill(page, typed)
    page.click("a.prospects-mailto")
    page.click(".prospects-copy-button")
    page.reload()  # whatever the page kept would now be sent to the site or shown again
    page.wait_for_load_state("networkidle")
    site_requests = [(url, data) for url, data in requests if not url.startswith("mailto:")]
    assert len(site_requests) >= 8 and all(url.startswith(site) for url, _ in site_requests)
    for url, data in site_requests:
        assert "qx7marker" not in (unquote(url) + data).lower(), url
    (sent,) = [url for url, _ in requests if url.startswith("mailto:")]
    assert "Qx7Marker SARL" in unquote(sent)
    assert opened.foreign_requests == [sent]
    assert "qx7marker" not in page.url.lower()
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.evaluate("indexedDB.databases().then(found => found.length)") == 0
    assert page.input_value("#prospects\\.name") == ""


INJECTIONS = (
    "\r\nBcc: evil@x.example %0D%0ACc: evil@x.example &bcc=evil@x.example ?cc=evil@x.example"
)
MARKUP = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
# Elements that would be there only if typed text became markup.
INJECTED = "img, svg, iframe, object, embed, [onerror], [onload], a[href^='javascript']"


def hostile(name: str) -> str:
    """Return a value for a field holding line breaks, headers, markup, RTL override and emoji."""
    return f"{name}{INJECTIONS} {MARKUP} \u202eevil\u202c ✉️😀"


def test_hostile_values_travel_as_text_without_header_injection(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    opened = visit(offer(site, "devis"))
    page = opened.page
    values = {name: hostile(name) for name in FIELDS["devis"]}
    values["email"] = "jean@example.org"  # still hostile in the href test below: typed as is
    fill(page, values)
    to, fields = mailto(page.get_attribute("a.prospects-mailto", "href"))
    assert to == OWNER and sorted(fields) == ["body", "subject"]
    (subject,) = fields["subject"]
    assert "\r" not in subject and "\n" not in subject and "\u202e" not in subject
    assert subject.startswith(f"{SUBJECTS['devis']} — name Bcc: evil@x.example %0D%0ACc:")
    assert subject.endswith(" [offer:devis]")
    body = fields["body"][0]
    # Text boxes drop line breaks; the message keeps them, as lines of the body only.
    assert "Nom : name Bcc: evil@x.example %0D%0ACc: evil@x.example &bcc=evil@x.example" in body
    assert "Message :\r\nmessage\r\nBcc: evil@x.example %0D%0ACc: evil@x.example &bcc=" in body
    assert MARKUP in body and "\u202eevil\u202c ✉️😀" in body
    page.click("a.prospects-mailto")
    assert page.input_value(".prospects-copy-body") == body.replace("\r\n", "\n")
    assert page.eval_on_selector_all(INJECTED, "found => found.length") == 0
    assert opened.dialogs == [] and opened.errors == []
    # The e-mail field's value is typed as is too: only the body carries it.
    page.fill("#prospects\\.email", "x@example.org\r\nBcc: evil@x.example&cc=evil@x.example")
    to, fields = mailto(page.get_attribute("a.prospects-mailto", "href"))
    assert to == OWNER and sorted(fields) == ["body", "subject"]


def test_a_typed_comment_marker_cannot_turn_the_request_into_a_comment(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(offer(site, "devis")).page
    marker = "[comment:deux-questions-avant-tout]"
    fill(page, {"name": marker, "company": f"[offer:x] {marker}"})
    _, fields = mailto(page.get_attribute("a.prospects-mailto", "href"))
    (subject,) = fields["subject"]
    assert subject == (
        f"{SUBJECTS['devis']} — (comment:deux-questions-avant-tout)"
        " ((offer:x) (comment:deux-questions-avant-tout)) [offer:devis]"
    )
    assert MARKER.search(subject) is None
    assert f"Nom : {marker}" in fields["body"][0]


def test_a_long_message_is_shortened_in_the_link_and_whole_on_the_page(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    opened = visit(offer(site, "proposition"))
    page = opened.page
    long = "é" * 5000
    fill(page, {"name": "N" * 5000, "email": "jean@example.org", "message": long})
    href = page.get_attribute("a.prospects-mailto", "href")
    assert len(href) <= 2000
    to, fields = mailto(href)
    assert to == OWNER and sorted(fields) == ["body", "subject"]
    assert fields["subject"] == [f"{SUBJECTS['proposition']} — {'N' * 99}… [offer:proposition]"]
    body = fields["body"][0].split("\r\n")
    assert body[-3:] == [
        SHORTENED,
        "",
        f"{site}/{OFFERS['proposition']}?{routed(ANSWERS['proposition'])[1]}",
    ]
    assert long not in fields["body"][0]
    page.click("a.prospects-mailto")
    assert page.is_visible(".prospects-copy")
    whole = page.input_value(".prospects-copy-body")
    assert f"Message :\n{long}\n" in whole and SHORTENED not in whole
    assert page.input_value(".prospects-copy-subject") == fields["subject"][0]


def test_required_fields_are_asked_for_in_the_sites_language(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    opened = visit(offer(site, "devis"))
    page = opened.page
    page.click("a.prospects-mailto")
    errors = page.eval_on_selector_all(
        ".prospects-handoff .prospects-error",
        "found => found.map(e => e.hidden ? '' : e.textContent)",
    )
    assert errors == [
        "Indiquez votre nom.",
        "Indiquez votre adresse e-mail.",
        "Indiquez le nom de votre entreprise.",
        "",
    ]
    assert page.evaluate("document.activeElement.id") == "prospects.name"
    assert page.get_attribute("#prospects\\.name", "aria-invalid") == "true"
    assert page.get_attribute("#prospects\\.name", "aria-describedby") == "prospects.name.error"
    assert not page.is_visible(".prospects-copy")
    fill(page, {"name": "Jean", "email": "jean@", "company": "ACME"})
    assert page.get_attribute("#prospects\\.name", "aria-invalid") == "false"
    page.click("a.prospects-mailto")
    assert page.text_content("#prospects\\.email\\.error") == (
        "Cette adresse semble incomplète : écrivez-la sous la forme nom@exemple.fr."
    )
    assert page.evaluate("document.activeElement.id") == "prospects.email"
    assert not [url for url in opened.foreign_requests if url.startswith("mailto:")]
    fill(page, {"email": "jean@example.org"})
    page.click("a.prospects-mailto")
    assert len([url for url in opened.foreign_requests if url.startswith("mailto:")]) == 1
    assert page.is_visible(".prospects-copy")


def test_the_copy_panel_shows_the_address_and_copies_the_message(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    opened = visit(offer(site, "rendez-vous"), permissions=["clipboard-read", "clipboard-write"])
    page = opened.page
    fill(page, {"name": "Jean", "email": "jean@example.org"})
    assert not page.is_visible(".prospects-copy")
    page.click("a.prospects-mailto")
    assert page.is_visible("text=Aucun e-mail ne s\u2019est ouvert ?")
    assert page.text_content(".prospects-copy a[href='mailto:claire@example.org']") == OWNER
    _, fields = mailto(page.get_attribute("a.prospects-mailto", "href"))
    assert page.input_value(".prospects-copy-subject") == fields["subject"][0]
    body = page.input_value(".prospects-copy-body")
    assert body == fields["body"][0].replace("\r\n", "\n")
    page.click("text=Copier le message")
    assert page.evaluate("navigator.clipboard.readText()") == body
    assert page.text_content(".prospects-copied") == "Message copié."
    page.fill("#prospects\\.message", "Un ajout")
    assert page.input_value(".prospects-copy-body").endswith(
        f"Message :\nUn ajout\n\n{site}/{OFFERS['rendez-vous']}?{routed(ANSWERS['rendez-vous'])[1]}"
    )


def test_without_the_clipboard_api_the_message_is_selected(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(offer(site, "proposition")).page
    page.evaluate(
        "Object.defineProperty(navigator, 'clipboard', {value: {writeText: () => Promise.reject(new Error('no'))}})"
    )
    fill(page, {"name": "Jean", "email": "jean@example.org"})
    page.click("a.prospects-mailto")
    page.click(".prospects-copy-button")
    assert page.evaluate("document.activeElement.id") == "prospects.copy-body"
    selected = page.evaluate(
        "(b => b.value.slice(b.selectionStart, b.selectionEnd))(document.activeElement)"
    )
    assert selected == page.input_value(".prospects-copy-body") and selected
    assert page.text_content(".prospects-copied") in (
        "Message copié.",
        "Sélectionnez le message et copiez-le (Ctrl+C).",
    )


def test_the_form_works_with_the_keyboard_alone(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    opened = visit(offer(site, "proposition"))
    page = opened.page
    page.focus("#prospects\\.name")
    page.keyboard.press("Enter")  # empty: the message is shown, the focus stays on the field
    assert page.is_visible("text=Indiquez votre nom.")
    assert page.evaluate("document.activeElement.id") == "prospects.name"
    page.keyboard.type("Jean")
    page.keyboard.press("Tab")
    page.keyboard.type("jean@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Bonjour")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('prospects-mailto')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('prospects-mailto')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    (sent,) = [url for url in opened.foreign_requests if url.startswith("mailto:")]
    assert "Message :\r\nBonjour" in mailto(sent)[1]["body"][0]
    # Enter in a text box sends the message too, once the fields are right.
    page.focus("#prospects\\.email")
    page.keyboard.press("Enter")
    assert len([url for url in opened.foreign_requests if url.startswith("mailto:")]) == 2


def test_without_javascript_the_form_sends_what_was_typed(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    opened = visit(f"{site}/{OFFERS['devis']}", javascript=False)
    page = opened.page
    form = page.locator("form.prospects-handoff")
    assert form.get_attribute("method") == "post" and form.get_attribute("enctype") == "text/plain"
    to, fields = mailto(form.get_attribute("action"))
    assert to == OWNER and fields == {"subject": [f"{SUBJECTS['devis']} [offer:devis]"]}
    assert not page.is_visible("a.prospects-mailto") and page.is_visible(".prospects-send-form")
    fill(page, {"name": "Jean Dupont", "email": "jean@example.org", "company": "ACME"})
    page.click(".prospects-send-form")
    page.wait_for_timeout(200)
    (sent,) = [url for url in opened.foreign_requests if url.startswith("mailto:")]
    to, fields = mailto(sent)
    assert to == OWNER and fields["subject"] == [f"{SUBJECTS['devis']} [offer:devis]"]
    lines = fields["body"][0].split("\r\n")
    assert lines[:3] == ["name=Jean Dupont", "email=jean@example.org", "company=ACME"]


def with_errors(page) -> None:  # type: ignore[no-untyped-def]
    page.click("a.prospects-mailto")
    page.wait_for_selector("#prospects\\.name\\.error", state="visible")


def with_copy_panel(page) -> None:  # type: ignore[no-untyped-def]
    for name in page.eval_on_selector_all("[required]", "found => found.map(i => i.name)"):
        page.fill(f"[name={name}]", "jean@example.org" if name == "email" else "Jean")
    page.click("a.prospects-mailto")
    page.wait_for_selector(".prospects-copy", state="visible")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("slug", sorted(OFFERS))
@pytest.mark.parametrize("state", [with_errors, with_copy_panel], ids=["errors", "copy panel"])
def test_axe_finds_no_serious_violation_in_the_handoff(
    site: str, visit, slug: str, state, scheme: str
) -> None:  # type: ignore[no-untyped-def]
    page = visit(offer(site, slug), color_scheme=scheme).page
    state(page)
    results = Axe().run(page)
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []


# Answers of the small site's first questionnaire that lead to its contact offer (score >= 2).
SMALL_QUERY = "objectifs=definis&supports=web"
SUMMARY = "Objectifs Définis ; Supports Web"


def booked(tmp_path: Path, serve, visit, **settings: object) -> tuple[dict[str, list[str]], str]:  # type: ignore[no-untyped-def]
    """Build a small site with these settings, type a name and an address; return the booking link."""
    output = small_site(tmp_path, PROSPECTS_CONTACT_EMAIL=OWNER, **settings)
    opened = visit(f"{serve(output)}/pages/rendez-vous.html?{SMALL_QUERY}")
    page = opened.page
    fill(page, {"name": "Zoé Dupont", "email": "zoe@example.org", "message": "Un & deux"})
    link = page.locator("a.prospects-booking")
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert opened.errors == []
    href = link.get_attribute("href")
    return parse_qs(urlsplit(href).query, keep_blank_values=True), href


def test_calendly_gets_name_email_and_the_summary(tmp_path: Path, serve, visit) -> None:  # type: ignore[no-untyped-def]
    query, href = booked(
        tmp_path,
        serve,
        visit,
        PROSPECTS_BOOKING_URL="https://calendly.com/claire/30min?month=2026-12&back=1",
    )
    assert href.startswith("https://calendly.com/claire/30min?month=2026-12&back=1&")
    assert query == {
        "month": ["2026-12"],
        "back": ["1"],
        "name": ["Zoé Dupont"],
        "email": ["zoe@example.org"],
        "a1": [SUMMARY],
    }


def test_calcom_gets_name_email_and_notes(tmp_path: Path, serve, visit) -> None:  # type: ignore[no-untyped-def]
    query, href = booked(
        tmp_path, serve, visit, PROSPECTS_BOOKING_URL="https://cal.com/claire/30min?name=Old"
    )
    assert href.startswith("https://cal.com/claire/30min?")
    assert query == {"name": ["Zoé Dupont"], "email": ["zoe@example.org"], "notes": [SUMMARY]}


def test_a_self_hosted_calcom_is_named_by_the_setting(tmp_path: Path, serve, visit) -> None:  # type: ignore[no-untyped-def]
    query, href = booked(
        tmp_path,
        serve,
        visit,
        PROSPECTS_BOOKING_URL="https://rdv.example.org/claire/30min#top",
        PROSPECTS_BOOKING_SERVICE="calcom",
    )
    assert href.startswith("https://rdv.example.org/claire/30min?") and href.endswith("#top")
    assert query == {"name": ["Zoé Dupont"], "email": ["zoe@example.org"], "notes": [SUMMARY]}


def test_placeholders_are_filled_as_the_prospect_types(tmp_path: Path, serve, visit) -> None:  # type: ignore[no-untyped-def]
    url = (
        "https://rdv.example.org/book?type=30&n={name}&e={email}&c={company}&m={message}"
        "&a={answers}&o={offer}&s={answer:supports}&b={answer:objectifs}"
    )
    query, href = booked(tmp_path, serve, visit, PROSPECTS_BOOKING_URL=url)
    assert href.startswith("https://rdv.example.org/book?type=30&n=Zo%C3%A9%20Dupont&")
    assert query == {
        "type": ["30"],
        "n": ["Zoé Dupont"],
        "e": ["zoe@example.org"],
        "c": [""],  # the contact offer's default fields have no company
        "m": ["Un & deux"],
        "a": [SUMMARY],
        "o": ["Rendez-vous"],
        "s": ["Web"],
        "b": ["Définis"],
    }


def test_plain_turns_the_prefill_off(tmp_path: Path, serve, visit) -> None:  # type: ignore[no-untyped-def]
    url = "https://calendly.com/claire/30min"
    query, href = booked(
        tmp_path, serve, visit, PROSPECTS_BOOKING_URL=url, PROSPECTS_BOOKING_SERVICE="plain"
    )
    assert (query, href) == ({}, url)


@pytest.mark.parametrize(
    "url",
    ["https://rdv.example.org/b?n={name}&m={message}&x=1", "https://calendly.com/claire?x=1"],
)
def test_hostile_values_stay_inside_their_booking_parameter(
    tmp_path: Path, serve, visit, url: str
) -> None:  # type: ignore[no-untyped-def]
    output = small_site(tmp_path, PROSPECTS_CONTACT_EMAIL=OWNER, PROSPECTS_BOOKING_URL=url)
    opened = visit(f"{serve(output)}/pages/rendez-vous.html?{SMALL_QUERY}")
    page = opened.page
    fill(page, {"name": hostile("name"), "email": "a@b.example&x=2", "message": hostile("m")})
    parts = urlsplit(page.get_attribute("a.prospects-booking", "href"))
    assert parts.netloc in ("rdv.example.org", "calendly.com") and "#" not in url
    query = parse_qs(parts.query, keep_blank_values=True)
    assert query["x"] == ["1"]
    assert query.get("n", query.get("name")) == [" ".join(hostile("name").split("\r\n"))]
    typed = hostile("m").replace("\r\n", "\n")  # as a text area keeps it
    assert query.get("m", [typed]) == [typed]
    assert opened.dialogs == [] and opened.errors == []


CAMPAIGN = "utm_source=lettre&utm_campaign=printemps&ref=salon-lyon"


@pytest.mark.parametrize(
    ("url", "summary_key"),
    [("https://calendly.com/claire/30min", "a1"), ("https://cal.com/claire/30min", "notes")],
)
def test_the_attribution_travels_into_the_mail_and_the_booking_link(
    tmp_path: Path, serve, visit, url: str, summary_key: str
) -> None:  # type: ignore[no-untyped-def]
    output = small_site(tmp_path, PROSPECTS_CONTACT_EMAIL=OWNER, PROSPECTS_BOOKING_URL=url)
    opened = visit(f"{serve(output)}/pages/rendez-vous.html?{SMALL_QUERY}&{CAMPAIGN}")
    page = opened.page
    fill(page, {"name": "Zoé Dupont", "email": "zoe@example.org"})
    _, fields = mailto(page.get_attribute("a.prospects-mailto", "href"))
    body = fields["body"][0].split("\r\n")
    at = body.index("Provenance :")
    assert body[at : at + 4] == [
        "Provenance :",
        "utm_source: lettre",
        "utm_campaign: printemps",
        "ref: salon-lyon",
    ]
    # The way back to the offer carries the answers, not the campaign keys.
    assert body[-1].endswith(f"/pages/rendez-vous.html?{SMALL_QUERY}")
    booking = parse_qs(urlsplit(page.get_attribute("a.prospects-booking", "href")).query)
    assert booking["utm_source"] == ["lettre"] and booking["utm_campaign"] == ["printemps"]
    assert booking[summary_key] == [SUMMARY]
    assert "ref" not in booking and "utm_medium" not in booking
    assert opened.errors == []


def test_an_offer_opened_with_campaign_keys_alone_still_mails_them(
    tmp_path: Path, serve, visit
) -> None:  # type: ignore[no-untyped-def]
    output = small_site(tmp_path, PROSPECTS_CONTACT_EMAIL=OWNER)
    opened = visit(
        f"{serve(output)}/pages/rendez-vous.html?utm_source=salon&utm_term=%22%3E%3Cb%3E"
    )
    page = opened.page
    fill(page, {"name": "Zoé Dupont", "email": "zoe@example.org"})
    _, fields = mailto(page.get_attribute("a.prospects-mailto", "href"))
    body = fields["body"][0].split("\r\n")
    assert "utm_source: salon" in body
    assert 'utm_term: "><b>' in body  # as text: the mail is plain text
    assert body[-1].endswith("/pages/rendez-vous.html")
    assert page.locator("b").count() == 0
    assert opened.errors == []


def test_long_names_in_emoji_or_ideograms_keep_the_link_whole_and_short(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    opened = visit(offer(site, "proposition"))
    page = opened.page
    fill(page, {"name": "😀" * 60 + "漢字" * 80, "email": "jean@example.org"})
    href = page.get_attribute("a.prospects-mailto", "href")
    assert len(href) <= 2000
    to, fields = mailto(href)  # parse_qs would show U+FFFD for a split character
    assert to == OWNER and sorted(fields) == ["body", "subject"]
    assert "\ufffd" not in fields["subject"][0] + fields["body"][0]
    assert fields["subject"][0].endswith(" [offer:proposition]")
    # The panel keeps the name, cut between whole characters.
    page.click("a.prospects-mailto")
    subject = page.input_value(".prospects-copy-subject")
    assert "😀" * 10 in subject and "\ufffd" not in subject
    assert opened.errors == []


def test_a_dot_dot_name_cannot_climb_the_booking_path(tmp_path: Path, serve, visit) -> None:  # type: ignore[no-untyped-def]
    output = small_site(
        tmp_path,
        PROSPECTS_CONTACT_EMAIL=OWNER,
        PROSPECTS_BOOKING_URL="https://rdv.example.org/claire/{name}/{company}/book",
    )
    opened = visit(f"{serve(output)}/pages/rendez-vous.html?{SMALL_QUERY}")
    page = opened.page
    fill(page, {"name": ".."})
    # The address the browser opens: it reads '%2E%2E' as '..', so the value is left out.
    href = page.eval_on_selector("a.prospects-booking", "link => link.href")
    assert urlsplit(href).path == "/claire///book"
    assert opened.errors == []


def test_without_an_address_enter_in_a_field_sends_nothing_to_the_site(
    tmp_path: Path, serve, visit
) -> None:  # type: ignore[no-untyped-def]
    pages = dict(OFFER_PAGES)
    pages["pages/rendez-vous.md"] = (
        "Title: Rendez-vous\nSlug: rendez-vous\nOffer: contact\nFields: name*, message\n\nParlons.\n"
    )
    output = small_site(
        tmp_path, pages, PROSPECTS_BOOKING_URL="https://rdv.example.org/book?n={name}"
    )
    opened = visit(f"{serve(output)}/pages/rendez-vous.html", javascript=False)
    page = opened.page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.fill("#prospects\\.name", "Jean Qx7Secret")
    page.press("#prospects\\.name", "Enter")
    page.wait_for_timeout(300)
    assert not any("qx7secret" in unquote(url).lower() for url in requests), requests
    assert "qx7secret" not in page.url.lower()
