"""End to end: import the sample export, build the site with the plugin, read the threads back."""

from __future__ import annotations

import json
from pathlib import Path

import mf2py
import pytest
from bs4 import BeautifulSoup, Tag

from pelican_prospects.comments.avatar import data_uri, seed_of

from ..support import build_site, soup
from .conftest import SAMPLES, run_command

SLUG = "été-a-paris"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Import the sample into a site whose settings say Europe/Paris, build it, return output."""
    site = tmp_path_factory.mktemp("wordpress")
    (site / "content").mkdir()
    (site / "pelicanconf.py").write_text(
        'PATH = "content"\nTIMEZONE = "Europe/Paris"\nSITEURL = "https://example.org"\n',
        encoding="utf-8",
    )
    settings = str(site / "pelicanconf.py")
    assert run_command([str(SAMPLES / "blog.xml"), "-s", settings]) == 0
    build_site(site / "content", site / "output", PROSPECTS_CONTACT_EMAIL="claire@example.org")
    return site / "output"


@pytest.fixture(scope="module")
def page(imported: Path) -> BeautifulSoup:
    return soup(imported / "été-a-paris.html")


def comment(page: BeautifulSoup, number: int) -> Tag | None:
    return page.find(id=f"comment-{number}")


def parent_comment(element: Tag) -> str | None:
    """Return the id of the comment element `element` is nested in, if any."""
    parent = element.find_parent(class_="h-cite")
    return None if parent is None else parent["id"]


def test_the_thread_nests_replies_to_any_depth(page: BeautifulSoup) -> None:
    for number in (101, 102, 103, 104, 110):
        assert {"p-comment", "h-cite"} <= set(comment(page, number)["class"])
    assert parent_comment(comment(page, 101)) is None
    assert parent_comment(comment(page, 102)) == "comment-101"
    assert parent_comment(comment(page, 103)) == "comment-102"


def test_comments_by_the_blogs_author_keep_the_owners_badge(page: BeautifulSoup) -> None:
    marked = [element["id"] for element in page.select(".h-cite") if "by-owner" in element["class"]]
    assert marked == ["comment-102", "comment-110"]
    assert comment(page, 102).select_one(".owner-badge") is not None


def test_orphan_replies_are_top_level(page: BeautifulSoup) -> None:
    assert parent_comment(comment(page, 104)) is None
    assert parent_comment(comment(page, 110)) is None


def test_pingbacks_and_trackbacks_are_mentions(page: BeautifulSoup) -> None:
    for number in (105, 106):
        assert {"p-mention", "h-cite"} <= set(comment(page, number)["class"])
    assert "5 commentaires" in page.get_text()


def test_pending_and_spam_are_not_published(page: BeautifulSoup) -> None:
    assert comment(page, 107) is None
    assert comment(page, 108) is None
    assert "Cheap Pills" not in str(page)


def test_comment_content_date_and_author(page: BeautifulSoup) -> None:
    first = comment(page, 101)
    assert first.find(class_="dt-published")["datetime"] == "2023-07-16T09:00:00+02:00"
    assert first.find(class_="p-name")["href"] == "http://jean.example.org"
    content = first.find(class_="e-content")
    assert content.find("em").get_text() == "emphase"
    assert "Très joli billet !" in content.get_text()


def test_article_body_and_metadata(page: BeautifulSoup) -> None:
    entry = page.find(class_="h-entry")
    assert entry.find("h1").get_text() == "Été à Paris : café & croissants"
    link = entry.find("a", href="https://claire.example.org/wp-content/uploads/2023/07/cafe.jpg")
    assert link.find("img")["alt"] == "Un café crème"
    assert "Le café du coin, à Belleville" in entry.get_text()
    assert entry.find("time", class_="dt-published")["datetime"].startswith("2023-07-15T10:30:00")


def test_other_article_and_page(imported: Path) -> None:
    other = soup(imported / "un-billet-sans-slug.html")
    quote = other.find(id="comment-111").find(class_="e-content").find("blockquote")
    assert quote.get_text(strip=True) == "Post without a slug"
    assert "2 < 3 & a_b." in other.find(id="comment-111").get_text()
    about = soup(imported / "pages/a-propos.html")
    assert about.find("strong").get_text() == "Claire"


def test_a_microformats_parser_reads_the_thread(imported: Path) -> None:
    html = (imported / "été-a-paris.html").read_text(encoding="utf-8")
    entry = next(i for i in mf2py.parse(doc=html)["items"] if "h-entry" in i["type"])

    def names(comments: list[dict]) -> list:
        return [
            (
                c["properties"]["author"][0]["properties"]["name"][0],
                names(c["properties"].get("comment", [])),
            )
            for c in comments
        ]

    assert names(entry["properties"]["comment"]) == [
        ("Jean Dupont", [("Claire Dumas", [("Jean Dupont", [])])]),
        ("Zoé", []),
        ("Claire Dumas", []),
    ]
    mentions = entry["properties"]["mention"]
    assert [m["properties"]["author"][0]["properties"]["name"][0] for m in mentions] == [
        "Un autre blog » Les cafés de Paris",
        "Carnet de voyage",
    ]


def test_avatars_are_those_the_addresses_draw(imported: Path, page: BeautifulSoup) -> None:
    """The files hold an Avatar: key, the store the address: the avatar an Email: line drew."""
    private = json.loads((imported.parent / ".prospects-private/emails.json").read_text("utf-8"))
    assert private[f"{SLUG}/101"] == "jean@example.org"
    assert comment(page, 101).select_one("img.avatar")["src"] == data_uri(
        seed_of("jean@example.org", "Jean Dupont")
    )
    assert comment(page, 104).select_one("img.avatar")["src"] == data_uri(seed_of(None, "Zoé"))
