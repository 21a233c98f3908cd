"""Identicons: drawn here, from the e-mail or the name, the same every time."""

from __future__ import annotations

from urllib.parse import unquote

from bs4 import BeautifulSoup

from pelican_prospects.comments.avatar import data_uri, identicon, seed_of


def test_the_same_seed_gives_the_same_drawing_and_others_differ() -> None:
    assert identicon("jean@example.org") == identicon("jean@example.org")
    drawings = {identicon(f"person{n}@example.org") for n in range(50)}
    assert len(drawings) == 50


def test_the_email_is_preferred_to_the_name_and_both_are_normalized() -> None:
    assert seed_of(" Jean@Example.org ", "Jean") == "jean@example.org"
    assert seed_of(None, "  Jean   DUPONT ") == seed_of("", "jean dupont") == "jean dupont"


def test_a_drawing_is_a_symmetric_svg_that_names_nobody() -> None:
    svg = BeautifulSoup(identicon("jean@example.org"), "html.parser").svg
    assert svg["viewbox"] == "0 0 5 5"
    cells = {
        tuple(map(int, part.split("h")[0].split(","))) for part in svg.path["d"].split("M")[1:]
    }
    assert cells == {(4 - x, y) for x, y in cells}
    assert "jean" not in str(svg)


def test_the_data_uri_is_the_drawing_without_a_request() -> None:
    uri = data_uri("jean@example.org")
    assert (
        uri.startswith("data:image/svg+xml,")
        and "#" not in uri
        and '"' not in uri
        and " " not in uri
    )
    assert unquote(uri.removeprefix("data:image/svg+xml,")) == identicon("jean@example.org")
