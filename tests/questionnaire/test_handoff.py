"""An offer page's contact fields (`Fields:`) and the booking link's service and placeholders."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pelican_prospects.problems import ProspectsError
from pelican_prospects.questionnaire.booking import booking, check, fill, service_of
from pelican_prospects.questionnaire.handoff import Field, default_fields, parse_fields
from pelican_prospects.settings import validate

from ..journey.journeys import OFFER_PAGES, small_site
from ..support import soup
from .test_commands import make_site, run

EXPECTED = "expected some of name, email, company, message (a '*' after a name makes it required)"
KEYS = {"objectifs", "supports"}


def test_fields_are_read_in_order_with_their_star() -> None:
    fields, reasons = parse_fields(" Email* ,name,  MESSAGE*, company ")
    assert reasons == []
    assert fields == (
        Field("email", True),
        Field("name", False),
        Field("message", True),
        Field("company", False),
    )


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        (
            "name*, phone, email",
            [
                "Fields: unknown field 'phone', expected some of name, email, company, message"
                " (a '*' after a name makes it required)"
            ],
        ),
        ("name*, email, name", ["Fields: 'name' is named twice"]),
        ("", [f"Fields: no field named, {EXPECTED}"]),
        (" , ", [f"Fields: no field named, {EXPECTED}"]),
        ("name, , email", [f"Fields: an empty item between commas, {EXPECTED}"]),
        ("*", [f"Fields: an empty item between commas, {EXPECTED}"]),
        (
            "name**, <script>",
            [
                f"Fields: unknown field 'name**', {EXPECTED}",
                f"Fields: unknown field '<script>', {EXPECTED}",
            ],
        ),
    ],
)
def test_bad_fields_say_what_is_wrong(text: str, reasons: list[str]) -> None:
    assert parse_fields(text)[1] == reasons


def test_each_kind_has_its_default_fields() -> None:
    assert default_fields("contact") == (
        Field("name", True),
        Field("email", True),
        Field("message", False),
    )
    assert default_fields("quote") == (
        Field("name", True),
        Field("email", True),
        Field("company", False),
    )
    assert default_fields("proposal") == default_fields("contact")


def inputs(page: Path) -> list[tuple[str, str | None, bool]]:
    """Return each contact input of a built offer page: name, autocomplete, required."""
    form = soup(page).select_one("form.prospects-handoff")
    return [
        (box["name"], box.get("autocomplete"), box.has_attr("required"))
        for box in form.select("[name]")
    ]


def test_offer_pages_show_their_fields_labelled(tmp_path: Path) -> None:
    pages = dict(OFFER_PAGES)
    pages["pages/devis.md"] = pages["pages/devis.md"].replace(
        "Offer: quote\n", "Offer: quote\nFields: company*, name, email*, message\n"
    )
    output = small_site(tmp_path, PROSPECTS_CONTACT_EMAIL="claire@example.org", pages=pages)
    assert inputs(output / "pages" / "devis.html") == [
        ("company", "organization", True),
        ("name", "name", False),
        ("email", "email", True),
        ("message", None, False),
    ]
    assert inputs(output / "pages" / "rendez-vous.html") == [
        ("name", "name", True),
        ("email", "email", True),
        ("message", None, False),
    ]
    form = soup(output / "pages" / "devis.html").select_one("form.prospects-handoff")
    for box in form.select("[name]"):
        label = form.select_one(f'label[for="{box["id"]}"]')
        assert label is not None and label.get_text(strip=True)
    assert form.select_one('[name="email"]')["type"] == "email"
    assert form.select_one('label[for="prospects.name"]').get_text(" ", strip=True) == (
        "Votre nom (facultatif)"
    )


def test_unknown_and_repeated_fields_stop_the_build_naming_file_and_line(tmp_path: Path) -> None:
    pages = dict(OFFER_PAGES)
    pages["pages/devis.md"] = (
        "Title: Devis\nSlug: devis\nOffer: quote\nFields: name*, phone\n\nT.\n"
    )
    pages["pages/proposition.md"] = (
        "Title: Proposition\nSlug: proposition\nOffer: proposal\nSummary: S.\n"
        "fields: email, email\n\nUn.\n"
    )
    with pytest.raises(ProspectsError) as raised:
        small_site(tmp_path, pages=pages)
    assert [str(problem) for problem in raised.value.problems] == [
        f"content/pages/devis.md:4: Fields: unknown field 'phone', {EXPECTED}",
        "content/pages/proposition.md:5: Fields: 'email' is named twice",
    ]


def test_the_service_comes_from_the_setting_or_the_url() -> None:
    assert service_of("https://calendly.com/claire/30min") == "calendly"
    assert service_of("https://www.calendly.com/claire") == "calendly"
    assert service_of("https://cal.com/claire/30") == "calcom"
    assert service_of("https://claire.cal.com/30") == "calcom"
    assert service_of("https://rdv.example.org/claire?n={name}") == "placeholders"
    assert service_of("https://notcalendly.com/claire") == "plain"
    assert service_of("https://calendly.com.evil.example/x") == "plain"
    assert service_of("https://agenda.example.org/claire", "calcom") == "calcom"
    assert service_of("https://calendly.com/claire", "plain") == "plain"


def test_placeholders_are_checked_against_the_questionnaires() -> None:
    url = "https://rdv.example.org/c?n={name}&m={email}&o={offer}&a={answers}&s={answer:supports}"
    assert check(url, "auto", KEYS) == ([], [])
    assert check("https://rdv.example.org/{nom}?b={answer:budjet}", "placeholders", KEYS) == (
        [
            "PROSPECTS_BOOKING_URL: unknown placeholder {nom}, expected {name}, {email},"
            " {company}, {message}, {answers}, {offer} or {answer:KEY}",
            "PROSPECTS_BOOKING_URL: {answer:budjet} names no question of any questionnaire"
            " (question keys: objectifs, supports)",
        ],
        [],
    )
    assert check("https://{name}.example.org/", "auto", KEYS)[0] == [
        "PROSPECTS_BOOKING_URL: a placeholder in the host name would send what the prospect"
        " typed to a name server; put it in the path or the query"
    ]
    assert check("https://calendly.com/c?n={name}", "calendly", KEYS)[0] == [
        "PROSPECTS_BOOKING_URL: placeholders such as {name} are filled only when"
        " PROSPECTS_BOOKING_SERVICE is 'auto' or 'placeholders', not 'calendly'"
    ]


def test_a_booking_url_without_a_host_is_refused() -> None:
    assert check("https:///calendly.com/claire", "auto", KEYS)[0] == [
        "PROSPECTS_BOOKING_URL: 'https:///calendly.com/claire' names no host after '//' (a"
        " browser would take the path's first part for one): write it as https://host/path"
    ]
    for url in ("https:///{name}.example.org/rdv", "https://:443/c"):
        assert check(url, "auto", KEYS)[0] == [
            f"PROSPECTS_BOOKING_URL: {url!r} names no host after '//' (a browser would take the"
            " path's first part for one): write it as https://host/path"
        ]


def test_a_booking_url_with_a_backslash_is_refused() -> None:
    # Python reads the host calendly.com, a browser evil.example: the name would go there.
    assert check("https://evil.example\\@calendly.com/claire", "auto", KEYS)[0] == [
        "PROSPECTS_BOOKING_URL: 'https://evil.example\\\\@calendly.com/claire' holds a backslash,"
        " which browsers read as '/': the link could go to another host than it names; write '/'"
        " or %5C"
    ]


def test_an_http_booking_url_is_only_warned_about() -> None:
    assert check("http://calendly.com/claire", "auto", KEYS) == (
        [],
        [
            "PROSPECTS_BOOKING_URL: 'http://calendly.com/claire' is an http:// address; https:// is"
            " expected, so that the prospect's name and answers travel encrypted"
        ],
    )


def test_placeholders_are_filled_url_encoded() -> None:
    url = "https://rdv.example.org/c?type=30&n={name}&o={offer}&x={company}#{message}"
    values = {"name": "Zoé & Co\r\nBcc: x", "offer": "Devis ?"}
    assert fill(url, values) == (
        "https://rdv.example.org/c?type=30&n=Zo%C3%A9%20%26%20Co%0D%0ABcc%3A%20x&o=Devis%20%3F&x=#"
    )
    link = booking(url, "auto", "Votre devis")
    assert (link.service, link.template) == ("placeholders", url)
    assert link.href == "https://rdv.example.org/c?type=30&n=&o=Votre%20devis&x=#"
    assert booking("https://calendly.com/c?x={name}", "plain", "T").href == (
        "https://calendly.com/c?x={name}"
    )


def test_the_booking_service_setting_is_checked() -> None:
    assert validate({"PROSPECTS_BOOKING_SERVICE": "calcom"}) == []
    (problem,) = validate({"PROSPECTS_BOOKING_SERVICE": "Calendly"})
    assert str(problem) == (
        "settings: PROSPECTS_BOOKING_SERVICE: Expected one of: 'auto', 'calendly', 'calcom',"
        " 'placeholders', 'plain', but received: 'Calendly'"
    )


def test_bad_placeholders_stop_the_build_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ProspectsError) as raised:
        small_site(tmp_path, PROSPECTS_BOOKING_URL="https://rdv.example.org/?q={answer:budget}&{x}")
    assert [str(problem) for problem in raised.value.problems] == [
        "settings: PROSPECTS_BOOKING_URL: unknown placeholder {x}, expected {name}, {email},"
        " {company}, {message}, {answers}, {offer} or {answer:KEY}",
        "settings: PROSPECTS_BOOKING_URL: {answer:budget} names no question of any questionnaire"
        " (question keys: objectifs, supports)",
    ]


def test_an_http_booking_url_builds_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="pelican_prospects"):
        output = small_site(tmp_path, PROSPECTS_BOOKING_URL="http://rdv.example.org/c?o={offer}")
    warnings = [r.getMessage() for r in caplog.records if "BOOKING" in r.getMessage()]
    assert warnings == [
        "prospects: PROSPECTS_BOOKING_URL: 'http://rdv.example.org/c?o={offer}' is an http://"
        " address; https:// is expected, so that the prospect's name and answers travel encrypted"
    ]
    link = soup(output / "pages" / "rendez-vous.html").select_one("a.prospects-booking")
    assert link["href"] == "http://rdv.example.org/c?o=Rendez-vous"
    assert link["rel"] == ["noopener", "noreferrer"]
    assert link["data-service"] == "placeholders"


def test_check_reports_bad_fields_and_placeholders_as_the_build_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_site(tmp_path, "site")
    with open(settings, "a", encoding="utf-8") as file:
        file.write('PROSPECTS_BOOKING_URL = "http://rdv.example.org/?q={answer:budjet}"\n')
    extra = tmp_path / "content" / "pages" / "extra.md"
    extra.write_text("Title: Extra\nOffer: quote\nFields: nom*\n\nT.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "-s", settings)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "prospects: 2 problem(s) found:",
        "  content/pages/extra.md:3: Fields: unknown field 'nom*', " + EXPECTED,
        "  settings: PROSPECTS_BOOKING_URL: {answer:budjet} names no question of any"
        " questionnaire (question keys: objectifs, supports)",
    ]
    warnings = [r.getMessage() for r in caplog.records if "BOOKING" in r.getMessage()]
    assert warnings == [
        "prospects: PROSPECTS_BOOKING_URL: 'http://rdv.example.org/?q={answer:budjet}' is an"
        " http:// address; https:// is expected, so that the prospect's name and answers travel"
        " encrypted"
    ]


def test_a_dot_dot_value_cannot_climb_the_path_of_a_booking_url() -> None:
    url = "https://rdv.example.org/claire/{offer}/book?o={offer}"
    assert fill(url, {"offer": ".."}) == "https://rdv.example.org/claire//book?o="
    assert fill(url, {"offer": "."}) == "https://rdv.example.org/claire//book?o="
    assert fill("https://rdv.example.org/c/{name}{company}/b", {"name": ".", "company": "."}) == (
        "https://rdv.example.org/c//b"
    )
    assert fill(url, {"offer": "a..b"}) == "https://rdv.example.org/claire/a..b/book?o=a..b"
