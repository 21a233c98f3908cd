"""The generated .htaccess, replayed by a strict interpreter of the mod_rewrite it uses."""

from __future__ import annotations

import pytest

from pelican_prospects.server_rules.merge import BEGIN, END

from .apache_interpreter import parse, run
from .conftest import FORM, OFFERS, ROUTE, Demo
from .queries import cases, expected

PATH = ROUTE.lstrip("/")


@pytest.fixture(scope="module")
def rules(demo: Demo) -> list:
    text = (demo.output / ".htaccess").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert (lines[0], lines[-1]) == (BEGIN, END)
    return parse(text)


def test_every_answer_set_is_redirected_as_the_python_routing_does(demo: Demo, rules: list) -> None:
    seen = {"canonical": 0, "former": 0, "shuffled": 0, "hostile": 0, "carried": 0}
    for case in cases(demo.questionnaire):
        want = expected(demo.questionnaire, case.query, FORM, OFFERS)
        assert run(rules, PATH, case.query) == (302, want), case
        seen[case.kind] += 1
    assert seen == {
        "canonical": 768,
        "former": 192,
        "shuffled": 768,
        "hostile": 768,
        "carried": 768,
    }


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("", f"{FORM}#prospects.notice"),
        ("budget=moyen", f"{FORM}?budget=moyen#prospects.notice"),
        ("objectifs=%64efinis&echeance=urgent", f"{FORM}?echeance=urgent#prospects.notice"),
        (
            "echeance=mois&objectifs=definis&supports=web",
            "/pages/rendez-vous.html?objectifs=definis&echeance=urgent&supports=web",
        ),
        (
            "ref=ami+Paul&objectifs=idee&echeance=annee&utm_campaign=%C3%A9t%C3%A9",
            "/pages/devis.html?objectifs=idee&echeance=annee&utm_campaign=%C3%A9t%C3%A9&ref=ami+Paul",
        ),
        ("utm_source=lettre", f"{FORM}?utm_source=lettre#prospects.notice"),
        ("utm_source=a&utm_source=b&budget=moyen", f"{FORM}?budget=moyen#prospects.notice"),
    ],
)
def test_notable_queries(rules: list, query: str, target: str) -> None:
    assert run(rules, PATH, query) == (302, target)


@pytest.mark.parametrize("path", ["pages/devis.html", "pages/votre-projet.html", "index.html"])
def test_other_pages_are_left_alone(rules: list, path: str) -> None:
    assert run(rules, path, "objectifs=definis&echeance=urgent") == (200, None)
