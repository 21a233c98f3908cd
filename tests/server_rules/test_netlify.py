"""The generated `_redirects`, replayed by an interpreter of Netlify's documented matching."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from pelican_prospects.questionnaire import attribution
from pelican_prospects.questionnaire.codec import decode, encode
from pelican_prospects.questionnaire.evaluate import first_rule
from pelican_prospects.questionnaire.model import Questionnaire
from pelican_prospects.server_rules.merge import BEGIN, END

from .conftest import FORM, OFFERS, ROUTE, Demo
from .netlify_interpreter import READINGS, Reading, Rule, parse, run
from .queries import cases, expected

KEYS = attribution.KEYS

FILES = {ROUTE, FORM, *OFFERS.values()}


@pytest.fixture(scope="module")
def rules(demo: Demo) -> list[Rule]:
    text = (demo.output / "_redirects").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert (lines[0], lines[-1]) == (BEGIN, END)
    return parse(text)


def ticks(answers: Mapping[str, tuple[str, ...]]) -> int:
    return len(answers.get("supports", ()))


@pytest.mark.parametrize("reading", READINGS, ids=str)
def test_answer_sets_without_a_tick_are_redirected_and_others_see_the_route_page(
    demo: Demo, rules: list[Rule], reading: Reading
) -> None:
    redirected = 0
    for case in cases(demo.questionnaire):
        if case.kind in ("hostile", "carried"):
            continue
        outcome = run(rules, ROUTE, case.query, FILES, reading)
        if ticks(case.answers):
            assert outcome == (200, ROUTE), case
        else:
            want = expected(demo.questionnaire, case.query, FORM, OFFERS)
            assert outcome == (302, want), case
            redirected += 1
    # Canonical, shuffled, and the 12 with the former code `mois` of `urgent`.
    assert redirected == 2 * 48 + 12


@pytest.mark.parametrize("reading", READINGS, ids=str)
def test_attribution_gets_the_route_page_or_is_left_behind(
    demo: Demo, rules: list[Rule], reading: Reading
) -> None:
    outcomes = {"route page": 0, "offer": 0}
    for case in cases(demo.questionnaire):
        if case.kind != "carried":
            continue
        outcome = run(rules, ROUTE, case.query, FILES, reading)
        if outcome == (200, ROUTE):
            outcomes["route page"] += 1
            continue
        # Netlify sees no key without a value: the answers are routed, nothing is carried.
        kept = "&".join(item for item in case.query.split("&") if "=" in item and item[-1] != "=")
        assert kept != case.query, case
        plain = "&".join(i for i in case.query.split("&") if i.partition("=")[0] not in KEYS)
        assert outcome == (302, expected(demo.questionnaire, plain, FORM, OFFERS)), case
        outcomes["offer"] += 1
    assert outcomes["route page"] > 700, outcomes


def fits(questionnaire: Questionnaire, location: str, query: str) -> bool:
    """Return True when a redirect to an offer carries answers the request gave, routed right."""
    path, _, canonical = location.partition("?")
    decoded = decode(questionnaire, canonical)
    given = set(query.split("&"))
    rule = first_rule(questionnaire, decoded.answers)
    return (
        not decoded.notices
        and encode(questionnaire, decoded.answers) == canonical
        and set(canonical.split("&")) <= given
        and rule is not None
        and OFFERS[rule.offer] == path
    )


@pytest.mark.parametrize("reading", READINGS, ids=str)
def test_tampered_links_land_on_a_page_of_the_site_with_answers_routed_right(
    demo: Demo, rules: list[Rule], reading: Reading
) -> None:
    outcomes = {"route page": 0, "questionnaire": 0, "offer": 0}
    for case in cases(demo.questionnaire):
        if case.kind != "hostile":
            continue
        status, where = run(rules, ROUTE, case.query, FILES, reading)
        if status == 200:
            assert where == ROUTE
            outcomes["route page"] += 1
        elif where.startswith(f"{FORM}?"):
            # The query goes along: the questionnaire's script pre-selects what fits.
            assert where == f"{FORM}?{case.query}"
            outcomes["questionnaire"] += 1
        else:
            assert fits(demo.questionnaire, where, case.query), case
            outcomes["offer"] += 1
    assert all(outcomes.values()), outcomes


@pytest.mark.parametrize("reading", READINGS, ids=str)
@pytest.mark.parametrize(
    ("query", "outcome"),
    [
        ("", (302, FORM)),
        ("echeance=urgent", (302, f"{FORM}?echeance=urgent")),
        ("objectifs=flou&echeance=urgent", (302, f"{FORM}?objectifs=flou&echeance=urgent")),
        (
            "objectifs=definis&echeance=urgent&budget=enorme",
            (302, f"{FORM}?objectifs=definis&echeance=urgent&budget=enorme"),
        ),
        ("supports=web", (200, ROUTE)),
        # No rule could carry an attribution value: the route page's script goes on with it.
        ("echeance=annee&utm_source=x&objectifs=idee", (200, ROUTE)),
        ("ref=ami&objectifs=idee&echeance=annee", (200, ROUTE)),
        # Documented limit: Netlify ignores keys no rule names.
        (
            "echeance=annee&utm_sourc=x&objectifs=idee",
            (302, "/pages/devis.html?objectifs=idee&echeance=annee"),
        ),
    ],
)
def test_notable_queries(
    rules: list[Rule], reading: Reading, query: str, outcome: tuple[int, str]
) -> None:
    assert run(rules, ROUTE, query, FILES, reading) == outcome
