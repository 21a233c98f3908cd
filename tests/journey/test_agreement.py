"""The page's router and the build's routing agree: every demo answer set, random questionnaires."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import pytest

from pelican_prospects import i18n
from pelican_prospects.questionnaire.codec import decode, encode
from pelican_prospects.questionnaire.compile import as_json, compile_questionnaire
from pelican_prospects.questionnaire.evaluate import answer_sets, choices, first_rule
from pelican_prospects.questionnaire.explain import describe, explain, texts
from pelican_prospects.questionnaire.model import (
    Offer,
    Questionnaire,
)

from ..questionnaire.randoms import WIDE, random_questionnaire, with_former_names
from .journeys import FORM, demo
from .journeys import OFFERS as OFFERS_PAGES

OFFERS = {slug: Offer(slug, "quote", f"pages/{slug}.html", f"{slug}.md", "fr") for slug in "abc"}
SEEDS = range(60)
LOCALE = i18n.PLUGIN_LOCALE

# Runs the page's own functions on many answer sets at once: [offer slug or null, query] each.
ROUTE_ALL = """([j, sets]) => sets.map(set => {
    const answers = new Map(Object.entries(set));
    return [prospectsJourney.route(j, answers), prospectsJourney.encode(j, answers)];
})"""
DECODE_ALL = """([j, queries]) => queries.map(query => {
    const d = prospectsJourney.decode(j, query);
    return [Object.fromEntries(d.answers), d.dropped || d.missing];
})"""


@pytest.fixture(scope="module")
def router(site: str, browser) -> Any:  # type: ignore[no-untyped-def]
    """Return a page of the demo site whose script is loaded, to call its functions."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/{FORM}")
    page.wait_for_function("window.prospectsJourney !== undefined")
    yield page
    context.close()


def python_routes(questionnaire: Questionnaire, sets: list[dict[str, tuple[str, ...]]]) -> list:
    routes = []
    for answers in sets:
        rule = first_rule(questionnaire, answers)
        routes.append([rule.offer if rule else None, encode(questionnaire, answers)])
    return routes


def browser_routes(
    router, compiled: dict[str, Any], sets: list[dict[str, tuple[str, ...]]]
) -> list:  # type: ignore[no-untyped-def]
    return router.evaluate(
        ROUTE_ALL, [compiled, [{k: list(v) for k, v in s.items()} for s in sets]]
    )


def test_every_answer_set_of_the_demo_routes_alike(router) -> None:  # type: ignore[no-untyped-def]
    questionnaire = demo()
    compiled, problems = compile_questionnaire(questionnaire, demo_offers(), "votre-projet.md")
    assert problems == []
    sets = list(answer_sets(questionnaire))
    assert len(sets) == 768
    expected = python_routes(questionnaire, sets)
    assert {offer for offer, _ in expected} == {"rendez-vous", "proposition", "devis"}
    assert browser_routes(router, as_json(compiled), sets) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_random_questionnaires_route_alike(router, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    questionnaire = random_questionnaire(rng, WIDE)
    compiled = compile_questionnaire(questionnaire, OFFERS, "q.md")[0]
    sets = [random_answers(rng, questionnaire) for _ in range(80)]
    if questionnaire.questions and len(list(answer_sets(questionnaire))) <= 400:
        sets = list(answer_sets(questionnaire))
    assert browser_routes(router, as_json(compiled), sets) == python_routes(questionnaire, sets)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_queries_decode_alike(router, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    questionnaire = random_questionnaire(rng, WIDE)
    compiled = compile_questionnaire(questionnaire, OFFERS, "q.md")[0]
    queries = [random_query(rng, questionnaire) for _ in range(60)]
    expected = []
    for query in queries:
        decoded = decode(questionnaire, query)
        expected.append([{k: list(v) for k, v in decoded.answers.items()}, bool(decoded.notices)])
    assert router.evaluate(DECODE_ALL, [as_json(compiled), queries]) == expected


def test_hostile_queries_decode_alike(router) -> None:  # type: ignore[no-untyped-def]
    questionnaire = demo()
    compiled = compile_questionnaire(questionnaire, demo_offers(), "votre-projet.md")[0]
    queries = [
        "?__proto__=x&objectifs=idee&echeance=annee",
        "constructor=1",
        "objectifs=%E9&echeance=annee",
        "objectifs=id%65e&echeance=annee",
        "objectifs=idee&&echeance=annee&",
        "objectifs&echeance=annee",
        "obj%ZZectifs=idee",
        "objectifs=idee+&echeance=annee",
        "objectifs=idee&objectifs=idee&echeance=annee",
        "objectifs=<script>alert(1)</script>",
        "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1",
        "objectifs=javascript:alert(1)",
        "objectifs=//evil.example&echeance=annee",
        "=",
        "&&&",
        "",
        "supports=web&supports=web&supports=lettre&objectifs=definis&echeance=urgent",
    ]
    expected = []
    for query in queries:
        decoded = decode(questionnaire, query)
        expected.append([{k: list(v) for k, v in decoded.answers.items()}, bool(decoded.notices)])
    assert router.evaluate(DECODE_ALL, [as_json(compiled), queries]) == expected


# As DECODE_ALL, with the attribution values kept (as sent).
DECODE_CARRIED = """([j, queries]) => queries.map(query => {
    const d = prospectsJourney.decode(j, query);
    return [Object.fromEntries(d.answers), d.dropped || d.missing, Object.fromEntries(d.attribution)];
})"""
CARRIED = [
    "utm_source=lettre",
    "utm_source=a&utm_source=b",
    "utm_medium=%ZZ",
    "utm_campaign=%C3%A9t%C3%A9+2026",
    "utm_term=" + "x" * 100,
    "utm_term=" + "x" * 101,
    "utm_content=%0A",
    "utm_content=%C2%85",
    "utm_content=%F0%9F%90%A6",
    "ref",
    "ref=",
    "ref=%3Cscript%3E",
    "ref=<script>",
    "ref=a'b(c)*d!e,f:g@h/i~j",
    "utm%5Fsource=escaped",
    "UTM_SOURCE=x",
]


@pytest.mark.parametrize("seed", SEEDS)
def test_former_names_and_attribution_decode_alike(router, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    questionnaire = with_former_names(rng, random_questionnaire(rng, WIDE))
    compiled = compile_questionnaire(questionnaire, OFFERS, "q.md")[0]
    queries = []
    for _ in range(60):
        parts = [random_query(rng, questionnaire)]
        for question in questionnaire.questions:
            if rng.random() < 0.3:
                key = rng.choice((question.key, *question.former))
                option = rng.choice(question.options)
                parts.append(f"{key}={rng.choice((option.code, *option.former))}")
        parts += rng.sample(CARRIED, rng.randint(0, 3))
        rng.shuffle(parts)
        queries.append("&".join(part for part in parts if part))
    expected = []
    for query in queries:
        decoded = decode(questionnaire, query)
        answers = {k: list(v) for k, v in decoded.answers.items()}
        expected.append([answers, bool(decoded.notices), decoded.attribution])
    assert router.evaluate(DECODE_CARRIED, [as_json(compiled), queries]) == expected
    carried = [d.attribution for q in queries if (d := decode(questionnaire, q)).attribution]
    assert carried, "some queries carry attribution"


def demo_offers() -> dict[str, Offer]:
    kinds = {"devis": "quote", "proposition": "proposal", "rendez-vous": "contact"}
    return {
        slug: Offer(slug, kind, f"pages/{slug}.html", f"{slug}.md", "fr")
        for slug, kind in kinds.items()
    }


def random_answers(rng: random.Random, questionnaire: Questionnaire) -> dict[str, tuple[str, ...]]:
    answers = {}
    for question in questionnaire.questions:
        codes = rng.choice(choices(question))
        if codes:
            answers[question.key] = codes
    return answers


def random_query(rng: random.Random, questionnaire: Questionnaire) -> str:
    """Return a query mixing valid answers, unknown names, repeats and broken escapes."""
    keys = [q.key for q in questionnaire.questions] + ["zz", "__proto__", "constructor", "", "%ZZ"]
    codes = [o.code for q in questionnaire.questions for o in q.options] + ["", "x y", "%E9", "+"]
    parts = []
    for _ in range(rng.randint(0, 8)):
        key, code = rng.choice(keys), rng.choice(codes)
        if rng.random() < 0.2:
            code = "".join(f"%{ord(c):02X}" for c in code)
        parts.append(key if rng.random() < 0.05 else f"{key}={code}")
    if rng.random() < 0.5 and questionnaire.questions:
        parts.append(encode(questionnaire, random_answers(rng, questionnaire)))
    rng.shuffle(parts)
    return "&".join(parts)


# The page's "Why this offer?" on many answer sets at once (why.js, loaded on offer pages).
EXPLAIN_ALL = (
    """([j, sets]) => sets.map(set => prospectsWhy.explain(j, new Map(Object.entries(set))))"""
)


@pytest.fixture(scope="module")
def explainer(site: str, browser) -> Any:  # type: ignore[no-untyped-def]
    """Return an offer page of the demo site, without answers, whose why.js is loaded."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site}/{OFFERS_PAGES['devis']}")
    page.wait_for_function("window.prospectsWhy !== undefined")
    yield page
    context.close()


def words(questionnaire: Questionnaire, more: str = "") -> dict[str, Any]:
    """Return the words of an explanation, labels as written, phrases in French (then `more`)."""
    titles = {"rendez-vous": "Un rendez-vous", "a": "<b>A</b> & “a”"}
    french = i18n.translations("fr", [LOCALE]).gettext
    return texts(questionnaire, titles, lambda text: text, lambda text: french(text) + more)


def explanations_agree(
    explainer, questionnaire: Questionnaire, compiled, sets: list, more: str = ""
) -> list:  # type: ignore[no-untyped-def]
    """Assert that the page and the build explain every answer set alike; return what they say."""
    said = words(questionnaire, more)
    expected = []
    for answers in sets:
        found = explain(questionnaire, answers)
        expected.append(None if found is None else describe(found, said))
    data = dict(as_json(compiled), why=said)
    shown = explainer.evaluate(
        EXPLAIN_ALL, [data, [{k: list(v) for k, v in s.items()} for s in sets]]
    )
    assert shown == expected
    return expected


def customs(expected: list) -> int:  # type: ignore[type-arg]
    """Return how many explanations are the owner's own sentence."""
    return sum(1 for found in expected if found and found["custom"])


def test_every_answer_set_of_the_demo_is_explained_alike(explainer) -> None:  # type: ignore[no-untyped-def]
    questionnaire = demo()
    compiled = compile_questionnaire(questionnaire, demo_offers(), "votre-projet.md")[0]
    sets = list(answer_sets(questionnaire))
    assert customs(explanations_agree(explainer, questionnaire, compiled, sets)) > 0
    plain = replace(questionnaire, rules=tuple(replace(r, why="") for r in questionnaire.rules))
    assert customs(explanations_agree(explainer, plain, compiled, sets)) == 0


def test_a_percent_sign_in_a_translation_is_shown_once_by_the_page_and_the_build(explainer) -> None:  # type: ignore[no-untyped-def]
    # A translation is a format string, "%%" a percent sign: the page printed "%%" as it was.
    questionnaire = demo()
    plain = replace(questionnaire, rules=tuple(replace(r, why="") for r in questionnaire.rules))
    compiled = compile_questionnaire(plain, demo_offers(), "votre-projet.md")[0]
    sets = list(answer_sets(plain))
    said = explanations_agree(explainer, plain, compiled, sets, more=" (100 %%)")
    sentences = [found["sentence"] for found in said if found]
    assert sentences and all("(100 %)" in sentence for sentence in sentences)
    assert not any("%%" in sentence for sentence in sentences)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_questionnaires_are_explained_alike(explainer, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    questionnaire = random_questionnaire(rng, WIDE)
    rules = tuple(
        replace(rule, why=f"Règle {n} <i>&amp;</i>" if rng.random() < 0.3 else "")
        for n, rule in enumerate(questionnaire.rules)
    )
    questionnaire = replace(questionnaire, rules=rules)
    compiled = compile_questionnaire(questionnaire, OFFERS, "q.md")[0]
    sets = [random_answers(rng, questionnaire) for _ in range(80)]
    explanations_agree(explainer, questionnaire, compiled, sets)
