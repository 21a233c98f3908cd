"""The generated nginx include, run by a real nginx on a loopback port with every answer set."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from pelican_prospects.server_rules.nginx import FILE

from .conftest import FORM, OFFERS, ROUTE, Demo
from .nginx_server import get, serve
from .queries import cases, expected

pytestmark = pytest.mark.nginx


@pytest.fixture(scope="module")
def server(demo: Demo, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Run nginx in the foreground on the demo's output with the generated include."""
    run = tmp_path_factory.mktemp("nginx")
    with serve(demo.output, [demo.output / FILE], run) as port:
        yield port


def where(location: str | None) -> str:
    """Return a Location as path, query and fragment; fail unless it is relative to the site.

    The include turns `absolute_redirect` off: behind a proxy, nginx's own host and port
    are not the ones the visitor used.
    """
    assert location is not None and location.startswith("/") and not location.startswith("//")
    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == ("", "")
    return (
        parts.path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def test_every_answer_set_is_redirected_as_the_python_routing_does(demo: Demo, server: int) -> None:
    seen = {"canonical": 0, "former": 0, "shuffled": 0, "hostile": 0, "carried": 0}
    for case in cases(demo.questionnaire):
        status, location = get(server, f"{ROUTE}?{case.query}")
        want = expected(demo.questionnaire, case.query, FORM, OFFERS)
        assert (status, where(location)) == (302, want), case
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
        ("objectifs=definis", f"{FORM}?objectifs=definis#prospects.notice"),
        (
            "supports=lettre&echeance=urgent&supports=web&objectifs=definis",
            "/pages/rendez-vous.html?objectifs=definis&echeance=urgent&supports=web&supports=lettre",
        ),
        # Browsers never escape these characters: the rules read them as written, so an
        # escaped code counts as unknown and goes back (codec.decode would take it).
        ("objectifs=%64efinis&echeance=urgent", f"{FORM}?echeance=urgent#prospects.notice"),
        # A former code (`urgent` was `mois`) reads as the current one.
        (
            "echeance=mois&objectifs=definis&supports=web",
            "/pages/rendez-vous.html?objectifs=definis&echeance=urgent&supports=web",
        ),
        # Attribution goes along as sent, on to an offer or back to the questionnaire.
        (
            "ref=ami+Paul&objectifs=idee&echeance=annee&utm_campaign=%C3%A9t%C3%A9",
            "/pages/devis.html?objectifs=idee&echeance=annee&utm_campaign=%C3%A9t%C3%A9&ref=ami+Paul",
        ),
        ("utm_source=lettre", f"{FORM}?utm_source=lettre#prospects.notice"),
        (
            "objectifs=flou&utm_source=lettre&utm_term=" + "x" * 101,
            f"{FORM}?utm_source=lettre#prospects.notice",
        ),
    ],
)
def test_notable_queries(server: int, query: str, target: str) -> None:
    status, location = get(server, f"{ROUTE}?{query}")
    assert (status, where(location)) == (302, target)


def test_the_include_file_is_not_served_and_other_pages_are(server: int) -> None:
    assert get(server, f"/{FILE}") == (404, None)
    assert get(server, "/pages/devis.html?objectifs=definis") == (200, None)


def test_chromium_without_javascript_follows_a_former_code_to_its_offer(server: int, visit) -> None:  # type: ignore[no-untyped-def]
    query = "supports=web&echeance=mois&objectifs=definis&budget=large&utm_source=lettre"
    page = visit(f"http://127.0.0.1:{server}{ROUTE}?{query}", javascript=False).page
    parts = urlsplit(page.url)
    assert parts.path == OFFERS["rendez-vous"]
    assert parts.query == (
        "objectifs=definis&echeance=urgent&budget=large&supports=web&utm_source=lettre"
    )
    assert page.is_visible("main h1")
