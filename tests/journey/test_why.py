"""'Why this offer?' on the offer pages: the deciding answers, links back to them, the off switch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pelican_prospects.problems import ProspectsError
from pelican_prospects.questionnaire.explain import describe, explain

from ..support import ROOT, build_site, demo_settings, soup, write_files
from .journeys import ANSWERS, FORM, OFFER_PAGES, OFFERS, QUESTIONNAIRE, demo, routed, small_site
from .test_hostile import INJECTED
from .test_journey import ticked

CUSTOM = "Vos objectifs sont clairs et votre échéance proche : parlons-en de vive voix."


def why_box(page) -> dict:  # type: ignore[no-untyped-def]
    """Return what the visible 'Why this offer?' box says: heading, paragraph, items, links."""
    page.wait_for_selector(".prospects-why", state="visible")
    return page.evaluate(
        """() => {
            const box = document.querySelector('.prospects-why');
            return {
                heading: box.querySelector('h2').textContent,
                sentence: [...box.querySelectorAll('p')].map(p => p.textContent),
                items: [...box.querySelectorAll('li')].map(li => li.textContent),
                links: [...box.querySelectorAll('a')].map(a => [a.textContent, a.href]),
                tags: [...box.querySelectorAll('*')].map(e => e.tagName.toLowerCase()),
            };
        }"""
    )


def expected(page, slug: str, answers) -> dict:  # type: ignore[no-untyped-def]
    """Return the build's explanation of these answers, in the words the page embeds."""
    data = json.loads(page.text_content("#prospects\\.journey"))
    found = explain(demo(), answers)
    assert found is not None and found.offer == slug
    return describe(found, data["journeys"][0]["why"])


@pytest.mark.parametrize("slug", sorted(ANSWERS))
def test_each_demo_offer_says_why_in_french(site: str, visit, slug: str) -> None:  # type: ignore[no-untyped-def]
    answers = ANSWERS[slug]
    _, query = routed(answers)
    page = visit(f"{site}/{OFFERS[slug]}?{query}").page
    box = why_box(page)
    said = expected(page, slug, answers)
    assert box["heading"] == "Pourquoi cette offre ?"
    assert set(box["tags"]) <= {"h2", "p", "ul", "li", "a"}
    form = f"{site}/{FORM}?{query}#prospects-"
    assert [link[1] for link in box["links"]] == [form + link["key"] for link in said["links"]]
    if said["custom"]:
        assert box["sentence"] == [CUSTOM] == [said["sentence"]]
        assert box["items"] == [link["text"] for link in said["links"]]
    else:
        assert box["sentence"] == []
        assert box["items"] == [part["text"] for part in said["parts"]]
    shown = {
        "rendez-vous": [
            "Modifier votre réponse à « Quels sont vos objectifs ? »",
            "Modifier votre réponse à « Quelle est votre échéance ? »",
        ],
        "proposition": ["Votre score : 3 (la règle : score ≥ 3)"],
        "devis": [
            "Pas « Prenons rendez-vous » — Votre score : 0 (la règle : score ≥ 6)",
            "Pas « Une proposition pour votre projet » — Votre score : 0 (la règle : score ≥ 3)",
        ],
    }
    assert box["items"] == shown[slug]


def test_each_change_link_focuses_its_question_and_keeps_the_answers(site: str, visit) -> None:  # type: ignore[no-untyped-def]
    answers = ANSWERS["rendez-vous"]
    _, query = routed(answers)
    for index, key in enumerate(["objectifs", "echeance"]):
        page = visit(f"{site}/{OFFERS['rendez-vous']}?{query}").page
        why_box(page)
        page.click(f".prospects-why li:nth-child({index + 1}) a")
        page.wait_for_url(f"**/{FORM}?*#prospects-{key}")
        assert ticked(page) == answers
        focused = page.evaluate("[document.activeElement.name, document.activeElement.value]")
        assert focused == [key, answers[key][0]]
        assert not page.is_visible("#prospects\\.notice")


def test_a_generated_sentence_when_the_owner_wrote_none(tmp_path: Path, serve, visit) -> None:  # type: ignore[no-untyped-def]
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    form = content / "pages" / "votre-projet.md"
    form.write_text(form.read_text(encoding="utf-8").replace(f'  "{CUSTOM}"', ""), "utf-8")
    build_site(content, tmp_path / "output", **demo_settings())
    site = serve(tmp_path / "output")
    answers = ANSWERS["rendez-vous"]
    page = visit(f"{site}/{OFFERS['rendez-vous']}?{routed(answers)[1]}").page
    box = why_box(page)
    assert box["sentence"] == []
    assert box["items"] == [
        "Votre score : 9 (la règle : score ≥ 6)",
        "Vous avez répondu « Ils sont définis et mesurables » à « Quels sont vos objectifs ? »"
        " Modifier votre réponse à « Quels sont vos objectifs ? »",
        "Vous avez répondu « Moins d'un mois » à « Quelle est votre échéance ? »"
        " Modifier votre réponse à « Quelle est votre échéance ? »",
    ]


@pytest.mark.parametrize("slug", sorted(ANSWERS))
def test_hostile_fragments_and_labels_stay_text(site: str, visit, slug: str) -> None:  # type: ignore[no-untyped-def]
    _, query = routed(ANSWERS[slug])
    for hostile in [
        "#<img src=x onerror=alert(1)>",
        "#prospects-<svg onload=alert(1)>",
        "#%3Cb%3E",
    ]:
        opened = visit(f"{site}/{OFFERS[slug]}?{query}{hostile}")
        box = why_box(opened.page)
        assert opened.page.eval_on_selector_all(INJECTED, "found => found.length") == 0
        assert all(urlsplit(href).hostname == "127.0.0.1" for _, href in box["links"])
        assert "<" not in "".join(box["items"] + box["sentence"])
        assert opened.dialogs == [] and opened.errors == []


def test_owner_labels_that_look_like_markup_are_shown_as_text(tmp_path: Path, serve, visit) -> None:  # type: ignore[no-untyped-def]
    routing = 'devis: objectifs = definis "Parce que <img src=x onerror=alert(1)>"\nproposition: otherwise'
    files = dict(OFFER_PAGES, **{"pages/projet-1.md": QUESTIONNAIRE.format(n=1, routing=routing)})
    files["pages/projet-1.md"] = files["pages/projet-1.md"].replace(
        "Vagues {vagues}", "`<svg onload=alert(1)>` {vagues}"
    )
    output = tmp_path / "output"
    build_site(write_files(tmp_path / "content", files), output)
    site = serve(output)
    opened = visit(f"{site}/pages/devis.html?objectifs=definis&supports=web")
    assert why_box(opened.page)["sentence"] == ["Parce que <img src=x onerror=alert(1)>"]
    opened = visit(f"{site}/pages/proposition.html?objectifs=vagues&supports=web")
    assert why_box(opened.page)["items"][0].startswith("Pas « Devis » — Vous avez répondu « <svg")
    for visited in (opened,):
        assert visited.page.eval_on_selector_all(INJECTED, "found => found.length") == 0
        assert visited.dialogs == [] and visited.errors == []


def test_the_setting_turns_the_explanation_off(tmp_path: Path) -> None:
    output = small_site(tmp_path, PROSPECTS_EXPLAIN=False)
    page = soup(output / "pages" / "devis.html")
    assert page.select(".prospects-why") == []
    assert page.find("script", src=lambda src: bool(src) and src.endswith("why.js")) is None
    data = json.loads(page.find("script", id="prospects.journey").string)
    assert [("why" in journey) for journey in data["journeys"]] == [False, False]
    assert "CUSTOM" not in page.decode()


def test_a_questionnaire_turns_its_explanation_off(tmp_path: Path) -> None:
    files = dict(
        OFFER_PAGES,
        **{
            "pages/projet-1.md": QUESTIONNAIRE.format(
                n=1, routing='devis: objectifs = definis "Secret sentence"\nproposition: otherwise'
            ).replace("Slug: projet-1\n", "Slug: projet-1\nExplain: no\n"),
            "pages/projet-2.md": QUESTIONNAIRE.format(n=2, routing="devis: otherwise"),
        },
    )
    output = tmp_path / "output"
    build_site(write_files(tmp_path / "content", files), output)
    page = soup(output / "pages" / "devis.html")
    data = json.loads(page.find("script", id="prospects.journey").string)
    assert [("why" in journey) for journey in data["journeys"]] == [False, True]
    assert "Secret sentence" not in page.decode()
    assert page.select_one(".prospects-why h2").get_text() == "Pourquoi cette offre ?"
    proposal = soup(output / "pages" / "proposition.html")
    assert proposal.select(".prospects-why") == []


def test_every_bad_explain_value_stops_the_build(tmp_path: Path) -> None:
    files = dict(OFFER_PAGES)
    for n, value in ((1, "perhaps"), (2, "nope")):
        text = QUESTIONNAIRE.format(n=n, routing="devis: otherwise")
        files[f"pages/projet-{n}.md"] = text.replace("Slug:", f"Explain: {value}\nSlug:")
    with pytest.raises(ProspectsError) as raised:
        build_site(write_files(tmp_path / "content", files), tmp_path / "output")
    assert [(Path(p.path).name, p.line, p.reason) for p in raised.value.problems] == [
        ("projet-1.md", None, "Explain: expected 'yes' or 'no', found 'perhaps'"),
        ("projet-2.md", None, "Explain: expected 'yes' or 'no', found 'nope'"),
    ]


def test_explain_yes_overrides_the_setting(tmp_path: Path) -> None:
    files = dict(OFFER_PAGES)
    for n, value in ((1, "yes"), (2, "")):
        text = QUESTIONNAIRE.format(n=n, routing="devis: otherwise")
        files[f"pages/projet-{n}.md"] = text.replace("Slug:", f"Explain: {value}\nSlug:")
    files["pages/projet-2.md"] = files["pages/projet-2.md"].replace("Explain: \n", "")
    output = tmp_path / "output"
    build_site(write_files(tmp_path / "content", files), output, PROSPECTS_EXPLAIN=False)
    data = json.loads(soup(output / "pages" / "devis.html").find(id="prospects.journey").string)
    assert [("why" in journey) for journey in data["journeys"]] == [True, False]
    assert data["journeys"][0]["why"]["offers"] == {"devis": "Devis"}
