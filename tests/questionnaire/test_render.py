"""The questionnaire page's HTML: ordinary content, and the questions as a plain GET form."""

from __future__ import annotations

from bs4 import BeautifulSoup
from pelican.settings import DEFAULT_CONFIG

from pelican_prospects.questionnaire.pages import markdown_renderer
from pelican_prospects.questionnaire.render import inline, render_page

from .conftest import parsed, sample

MARKDOWN = markdown_renderer({"MARKDOWN": DEFAULT_CONFIG["MARKDOWN"]})


def render(name: str) -> BeautifulSoup:
    html = render_page(parsed(sample(name)), MARKDOWN, lambda text: f"«{text}»")
    return BeautifulSoup(html, "html.parser")


def test_content_around_and_between_the_questions() -> None:
    page = render("ordinary_content.md")
    form = page.find("form")
    assert form["method"] == "get" and not form.get("action")
    before = [tag.name for tag in form.find_previous_siblings()][::-1]
    assert before == ["p", "h2", "ul"]
    assert page.find("h2")["id"] == "plain"
    inside = [tag.name for tag in form.find_all(recursive=False)]
    assert inside == ["fieldset", "p", "fieldset", "p"]
    assert form.find("p", recursive=False).text == "Between the questions."
    after = [tag.name for tag in form.find_next_siblings()]
    assert after == ["div", "p"]
    assert "( ) inside code" in page.find("code").text
    assert page.find_all("p")[-1].text == "Outro."
    assert "routing" not in str(page) and "contact: otherwise" not in str(page)


def test_questions_are_fieldsets_of_radio_buttons_or_checkboxes() -> None:
    page = render("three_questions.md")
    objectifs, supports = page.find_all("fieldset")
    legend = "«Question 1 of 2» Quels sont vos objectifs ? «Choose an answer.»"
    assert objectifs.legend.text == legend
    assert objectifs["aria-describedby"] == "prospects-objectifs.help"
    assert page.find(id="prospects-objectifs.help").text == "Une phrase d'aide facultative."
    radios = objectifs.find_all("input")
    assert [(i["type"], i["name"], i["value"]) for i in radios] == [
        ("radio", "objectifs", "definis"),
        ("radio", "objectifs", "idee"),
        ("radio", "objectifs", "pistes"),
    ]
    assert all(i.has_attr("required") for i in radios)
    label = objectifs.find("label", attrs={"for": radios[0]["id"]})
    assert label.text == "Ils sont définis et mesurables"
    boxes = supports.find_all("input")
    assert [(i["type"], i["name"], i["value"]) for i in boxes] == [
        ("checkbox", "supports", "web"),
        ("checkbox", "supports", "plaquette"),
    ]
    assert not any(i.has_attr("required") for i in boxes)
    assert not supports.has_attr("aria-describedby")
    assert page.find("button")["type"] == "submit"
    assert page.find("button").text == "«See which offer fits»"


def test_optional_single_choice_is_not_required() -> None:
    page = render("optional_and_required.md")
    assert not any(i.has_attr("required") for i in page.find_all("input"))


def test_labels_keep_their_inline_markdown() -> None:
    page = render("options_syntax.md")
    assert str(page.find("label", attrs={"for": "prospects-budget=petit"})) == (
        '<label for="prospects-budget=petit">Moins de <strong>5 000 €</strong></label>'
    )
    link = page.find("label", attrs={"for": "prospects-liens=lien"}).a
    assert link["href"] == "https://example.org" and link.text == "lien"


def test_text_that_looks_like_metadata_is_rendered_not_eaten() -> None:
    assert inline("Budget: 5 000 €", MARKDOWN) == "Budget: 5 000 €"
    assert inline("Deux\n\nparagraphes", MARKDOWN) == "<p>Deux</p>\n<p>paragraphes</p>"


def test_a_page_without_questions_has_no_form() -> None:
    html = render_page(parsed("Hello\n\n```routing\nx: otherwise\n```"), MARKDOWN, str)
    assert html == "<p>Hello</p>"


def test_labels_read_their_translation_as_a_format_string_as_templates_do() -> None:
    # Templates' `_()` format every translation: a literal percent sign is written `%%`.
    translations = {
        "See which offer fits": "Voir l'offre à 100 %%",
        "(optional)": "(facultatif, 0 %%)",
        "Choose an answer.": "Choisissez à 100 %%.",
    }
    html = render_page(
        parsed(sample("optional_and_required.md")),
        MARKDOWN,
        lambda text: translations.get(text, text),
    )
    page = BeautifulSoup(html, "html.parser")
    assert page.find("button", type="submit").get_text() == "Voir l'offre à 100 %"
    assert "%%" not in html and "100 %" in html
