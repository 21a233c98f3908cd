"""The pages the build writes for the journey, read back: form, route page, offers, data, size."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rjsmin
from bs4 import BeautifulSoup
from markdown import Markdown

from pelican_prospects.questionnaire.journey import script_json
from pelican_prospects.questionnaire.offers import split_slides
from pelican_prospects.questionnaire.pages import relative_url

from ..support import soup
from .journeys import FORM, OFFERS, ROUTE, demo, small_site

SCRIPTS = Path(__file__).resolve().parents[2] / "pelican_prospects" / "static" / "questionnaire"
BUDGET = 15_000


def embedded(page: BeautifulSoup) -> tuple[str, dict]:
    """Return the kind of page and the data its script reads."""
    holder = page.find("script", id="prospects.journey")
    assert holder["type"] == "application/json"
    return holder["data-page"], json.loads(holder.string)


def test_the_questionnaire_is_a_get_form_aimed_at_its_route_page(demo_preview: Path) -> None:
    page = soup(demo_preview / FORM)
    form = page.find("form", class_="prospects-questionnaire")
    assert form["method"] == "get"
    assert (demo_preview / "pages" / form["action"]).resolve() == (demo_preview / ROUTE).resolve()
    fieldsets = form.find_all("fieldset")
    assert [f["id"] for f in fieldsets] == [f"prospects-{q.key}" for q in demo().questions]
    for fieldset, question in zip(fieldsets, demo().questions, strict=True):
        legend = fieldset.legend
        assert question.label.replace("*", "") in legend.get_text()
        assert legend.find(class_="prospects-step").get_text().startswith("Question ")
        if question.help:
            assert page.find(id=fieldset["aria-describedby"]).get_text(strip=True) == question.help
        for box in fieldset.find_all("input"):
            assert box["name"] == question.key
            assert page.find("label", attrs={"for": box["id"]}) is not None
        error = fieldset.find(class_="prospects-error")
        assert (error is not None) == question.required
        assert (fieldset.find(class_="prospects-optional") is not None) == (not question.required)
    radios = form.select("#prospects-objectifs input")
    assert all(radio.has_attr("required") for radio in radios)
    assert form.select_one(".prospects-progress")["hidden"] == ""


def test_the_pages_keep_the_answers_from_other_sites(demo_preview: Path) -> None:
    for path in [FORM, ROUTE, *OFFERS.values()]:
        head = soup(demo_preview / path).head
        assert head.find("meta", attrs={"name": "referrer"})["content"] == "no-referrer", path
    robots = soup(demo_preview / ROUTE).head.find("meta", attrs={"name": "robots"})
    assert robots["content"] == "noindex"


def test_the_route_page_links_every_offer_and_the_questionnaire(demo_preview: Path) -> None:
    page = soup(demo_preview / ROUTE)
    links = [a["href"] for a in page.select("main a")]
    assert links == [f"../../{path}" for path in [*OFFERS.values(), FORM]]
    kinds = [span.get_text() for span in page.select(".prospects-kind")]
    assert kinds == ["Rendez-vous", "Proposition", "Devis"]
    kind, data = embedded(page)
    assert kind == "route" and data["journeys"][0]["form"] == FORM


def test_pages_carry_the_compiled_routing(demo_preview: Path) -> None:
    kind, data = embedded(soup(demo_preview / FORM))
    assert kind == "questionnaire"
    [journey] = data["journeys"]
    assert [q["key"] for q in journey["questions"]] == [q.key for q in demo().questions]
    assert journey["offers"]["devis"] == {"kind": "quote", "url": OFFERS["devis"]}
    assert journey["rules"][-1] == {"offer": "devis", "when": ["true"]}
    for slug, path in OFFERS.items():
        kind, data = embedded(soup(demo_preview / path))
        assert kind == "offer" and data["here"] == slug
        # Offer pages add the words of "Why this offer?"; the routing is the questionnaire's.
        [offered] = data["journeys"]
        assert set(offered.pop("why")) == {"questions", "offers", "sentences", "phrases"}
        assert offered == journey


def test_offer_pages_list_every_label_hidden_until_answered(demo_preview: Path) -> None:
    answers = soup(demo_preview / OFFERS["devis"]).select_one("div.prospects-answers")
    assert answers.has_attr("hidden") and answers.h2.get_text() == "Vos réponses"
    groups = answers.select("[data-key]")
    assert [g["data-key"] for g in groups] == [q.key for q in demo().questions]
    assert all(g.has_attr("hidden") for g in groups)
    supports = groups[-1]
    assert [dd["data-code"] for dd in supports.find_all("dd")] == [
        "web",
        "plaquette",
        "reseaux",
        "lettre",
    ]
    assert str(supports.dd) == '<dd data-code="web" hidden="">Un <em>site web</em></dd>'


def test_the_proposal_is_cut_into_slides(demo_preview: Path) -> None:
    page = soup(demo_preview / OFFERS["proposition"])
    slides = page.select(".prospects-deck > .prospects-slide")
    assert len(slides) == 5
    assert [s["aria-label"] for s in slides] == [f"Diapositive {n} sur 5" for n in range(1, 6)]
    assert slides[1].h2.get_text() == "Étape 1 : clarifier le message"
    assert page.select(".prospects-deck hr") == []
    assert page.find("script", src=re.compile(r"slides\.js$"))


def test_split_slides_cuts_at_thematic_breaks_only() -> None:
    html = "<h2>A</h2>\n<hr>\n<p>B</p>\n<hr />\n\n<hr>\n<p>C <hr> inline</p>\n"
    assert split_slides(html) == ["<h2>A</h2>", "<p>B</p>", "<p>C <hr> inline</p>"]
    assert split_slides("<p>Only one</p>") == ["<p>Only one</p>"]


@pytest.mark.parametrize(
    "markdown",
    [
        "- Un\n\n    ---\n\n    deux\n- trois\n",  # a break in a list item
        "> Un\n>\n> ---\n>\n> deux\n",  # in a quote
        '<div markdown="1">\n\nUn\n\n---\n\nDeux\n\n</div>\n',  # in raw HTML
        "<!--\n\n---\n\n-->\nUn\n",  # in a comment
    ],
)
def test_a_break_inside_an_element_does_not_cut_a_slide(markdown: str) -> None:
    html = Markdown(extensions=["extra"]).convert(f"# Avant\n\n---\n\n{markdown}\n---\n\nFin")
    before, inside, after = split_slides(html)
    assert (before, after) == ("<h1>Avant</h1>", "<p>Fin</p>")
    assert inside == html[html.index("<hr />") + 6 : html.rindex("<hr />")].strip()


def test_an_element_left_open_keeps_the_breaks_after_it() -> None:
    html = "<p>Un</p>\n<hr />\n<div>\n<p>Deux</p>\n<hr />\n<p>Trois</p>\n"
    assert split_slides(html) == ["<p>Un</p>", "<div>\n<p>Deux</p>\n<hr />\n<p>Trois</p>"]


def test_embedded_json_cannot_close_its_script_element() -> None:
    text = script_json({"url": "</script><script>alert(1)</script>", "a": "<!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"url": "</script><script>alert(1)</script>", "a": "<!-- & -->"}


def test_an_offer_reached_from_two_questionnaires_knows_both(tmp_path: Path) -> None:
    output = small_site(tmp_path)
    page = soup(output / "pages" / "devis.html")
    _, data = embedded(page)
    assert [j["form"] for j in data["journeys"]] == ["pages/projet-1.html", "pages/projet-2.html"]
    assert len(page.select(".prospects-journey")) == 2
    _, data = embedded(soup(output / "pages" / "rendez-vous.html"))
    assert [j["form"] for j in data["journeys"]] == ["pages/projet-1.html"]
    assert (output / "pages" / "projet-1" / "route.html").is_file()
    # Copied once for every page, without comments and spaces.
    assert (output / "prospects" / "journey.js").read_text(encoding="utf-8") == rjsmin.jsmin(
        (SCRIPTS / "journey.js").read_text(encoding="utf-8")
    )


def test_the_mail_and_booking_links_follow_the_settings(tmp_path: Path) -> None:
    output = small_site(
        tmp_path / "with",
        PROSPECTS_CONTACT_EMAIL="hello@example.org",
        PROSPECTS_BOOKING_URL="https://booking.example.org/claire?type=30",
    )
    contact = soup(output / "pages" / "rendez-vous.html")
    booking = contact.select_one("a.prospects-booking")
    assert booking["href"] == "https://booking.example.org/claire?type=30"
    mailto = contact.select_one("a.prospects-mailto")["href"]
    assert mailto.startswith("mailto:hello@example.org?subject=Demande%20de%20rendez-vous%20%3A%20")
    assert soup(output / "pages" / "devis.html").select_one("a.prospects-mailto")
    output = small_site(tmp_path / "without")
    contact = soup(output / "pages" / "rendez-vous.html")
    assert contact.select(".prospects-booking, .prospects-mailto, .prospects-actions") == []
    quote = soup(output / "pages" / "devis.html")
    assert quote.select(".prospects-mailto") == [] and quote.select_one(".prospects-print")


def test_a_required_checkbox_group_has_its_message(tmp_path: Path) -> None:
    form = soup(small_site(tmp_path) / "pages" / "projet-1.html").form
    error = form.select_one("#prospects-supports legend .prospects-error")
    assert error.get_text() == "Cochez au moins une réponse." and error.has_attr("hidden")
    assert not any(box.has_attr("required") for box in form.select("#prospects-supports input"))


@pytest.mark.parametrize("theme", ["notmyidea", "simple"])
def test_the_pages_work_with_pelicans_own_themes(tmp_path: Path, theme: str) -> None:
    output = small_site(tmp_path, THEME=theme)
    page = soup(output / "pages" / "projet-1.html")
    assert page.head.find("meta", attrs={"name": "referrer"})["content"] == "no-referrer"
    assert page.find("form", class_="prospects-questionnaire")["action"] == "projet-1/route.html"
    assert page.find("script", src="../prospects/journey.js")
    assert embedded(soup(output / "pages" / "projet-1" / "route.html"))[0] == "route"
    slides = soup(output / "pages" / "proposition.html").select(".prospects-slide")
    assert [s.get_text(strip=True) for s in slides] == ["Un.", "Deux."]


def test_the_questionnaire_script_and_markup_stay_within_budget(demo_preview: Path) -> None:
    html = (demo_preview / FORM).read_text(encoding="utf-8")
    ours = [
        r'<form class="prospects-questionnaire".*?</form>',
        r'<p class="prospects-notice".*?</p>',
        r'<script type="application/json".*?</script>',
        r'<script src="[^"]*journey\.js".*?</script>',
        r'<meta name="referrer"[^>]*>',
    ]
    markup = sum(len(re.search(pattern, html, re.DOTALL)[0].encode()) for pattern in ours)
    script = (demo_preview / "prospects" / "journey.js").stat().st_size
    assert script + markup < BUDGET, f"script {script} + markup {markup} bytes"
    assert html.count("<script") == 2


def test_pretty_urls_put_the_route_page_in_the_questionnaire_folder(tmp_path: Path) -> None:
    output = small_site(tmp_path, PAGE_URL="{slug}/", PAGE_SAVE_AS="{slug}/index.html")
    form = soup(output / "projet-1" / "index.html").find("form", class_="prospects-questionnaire")
    assert form["action"] == "route.html"
    route = soup(output / "projet-1" / "route.html")
    assert [a["href"] for a in route.select(".prospects-offer-list a")] == [
        "../rendez-vous/",
        "../proposition/",
        "../devis/",
    ]


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [
        ("pages/q/route.html", "pages/q.html", "q/route.html"),
        ("q/route.html", "q/", "route.html"),
        ("route.html", "index.html", "route.html"),
        ("drafts/pages/q/route.html", "drafts/pages/q.html", "q/route.html"),
    ],
)
def test_relative_url(target: str, page: str, link: str) -> None:
    assert relative_url(target, page) == link
