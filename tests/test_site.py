"""The demo site, built with the deployment settings and read back as a reader's tools would."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import mf2py
import pytest

from .support import ROOT, build_site, demo_settings, soup

SITEURL = demo_settings(publish=True)["SITEURL"]
FRENCH_DATE = re.compile(
    r"^\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre) \d{4} à \d{2}:\d{2}$"
)
REQUESTING = {
    "img": "src",
    "script": "src",
    "iframe": "src",
    "link": "href",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def local_target(output: Path, page: Path, href: str) -> Path | None:
    """Return the file a link leads to on the built site, or None for another site or mailto."""
    parts = urlsplit(href)
    if parts.scheme in {"mailto", "tel"}:
        return None
    if parts.scheme or parts.netloc:
        if not href.startswith(SITEURL):
            return None
        path = output / unquote(parts.path[len(urlsplit(SITEURL).path) :]).lstrip("/")
    elif not parts.path:
        return page
    else:
        path = (page.parent / unquote(parts.path)).resolve()
    return path / "index.html" if path.is_dir() else path


def test_every_kind_of_page_is_built(demo_site: Path) -> None:
    for name in [
        "index.html",
        "archives.html",
        "categories.html",
        "tags.html",
        "authors.html",
        "pages/a-propos.html",
        "feeds/all.atom.xml",
        "theme/css/main.css",
    ]:
        assert (demo_site / name).is_file(), name
    articles = [p for p in html_files(demo_site) if soup(p).select_one("main > article.h-entry")]
    assert len(articles) >= 4
    categories = list((demo_site / "category").glob("*.html"))
    assert len(categories) >= 2
    assert list((demo_site / "tag").glob("*.html"))


def test_every_link_and_resource_resolves(demo_site: Path) -> None:
    broken = []
    for page in html_files(demo_site):
        for tag in soup(page).find_all(["a", "link", "img", "script"]):
            href = tag.get("href") or tag.get("src")
            if not href:
                continue
            target = local_target(demo_site, page, href)
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(demo_site)} -> {href}")
            fragment = urlsplit(href).fragment
            has_anchor = target is not None and target.suffix == ".html"
            if fragment and has_anchor and not soup(target).find(id=fragment):
                broken.append(f"{page.relative_to(demo_site)} -> {href} (no #{fragment})")
    assert broken == []


def test_no_page_makes_a_request_to_another_host(demo_site: Path) -> None:
    offending = []
    for page in html_files(demo_site):
        document = soup(page)
        for name, attribute in REQUESTING.items():
            for tag in document.find_all(name):
                value = tag.get(attribute, "")
                if tag.name == "link" and "alternate" in tag.get("rel", []):
                    continue  # a feed link is not fetched by the page
                if urlsplit(value).netloc and not value.startswith(SITEURL):
                    offending.append(f"{page.relative_to(demo_site)}: <{name} {attribute}={value}>")
        for style in document.find_all("style"):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style.text):
                offending.append(f"{page.relative_to(demo_site)}: external url() in <style>")
    css = (demo_site / "theme/css/main.css").read_text(encoding="utf-8")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css)
    assert offending == []


def test_feeds_parse_and_link_from_the_head(demo_site: Path) -> None:
    feed = feedparser.parse(str(demo_site / "feeds/all.atom.xml"))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert len(feed.entries) >= 4
    assert all(entry.link.startswith(SITEURL) for entry in feed.entries)
    head = soup(demo_site / "index.html").head
    alternate = head.find("link", rel="alternate", type="application/atom+xml")
    assert alternate["href"] == f"{SITEURL}/feeds/all.atom.xml"
    category_page = next((demo_site / "category").glob("*.html"))
    slug = category_page.stem
    link = soup(category_page).head.find_all("link", rel="alternate")
    assert f"{SITEURL}/feeds/{slug}.atom.xml" in [tag["href"] for tag in link]
    assert feedparser.parse(str(demo_site / f"feeds/{slug}.atom.xml")).bozo == 0


def test_articles_are_h_entries_with_french_dates(demo_site: Path) -> None:
    pages = [p for p in html_files(demo_site) if soup(p).select_one("main > article.h-entry")]
    for page in pages:
        document = soup(page)
        time = document.select_one("article.h-entry .dt-published")
        assert time.name == "time"
        assert FRENCH_DATE.match(time.get_text(strip=True)), time.get_text()
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", time["datetime"])
        parsed = mf2py.parse(doc=page.read_text(encoding="utf-8"), url=f"{SITEURL}/")
        entries = [item for item in parsed["items"] if "h-entry" in item["type"]]
        assert len(entries) == 1, page
        properties = entries[0]["properties"]
        assert properties["name"][0] == document.select_one("h1.p-name").get_text(strip=True)
        assert properties["published"][0].startswith(time["datetime"][:16])
        author = properties["author"][0]
        assert "h-card" in author["type"] and author["properties"]["name"] == ["Claire Dumas"]
        assert properties["content"][0]["html"].strip()


def test_index_is_paginated_with_summaries(demo_site: Path) -> None:
    first = soup(demo_site / "index.html")
    summaries = first.select("main .h-feed > article.h-entry")
    assert 0 < len(summaries) <= demo_settings()["DEFAULT_PAGINATION"]
    following = first.select_one("nav.pagination a[rel=next]")
    assert following is not None
    assert "Articles plus anciens" in following.get_text()


def test_pages_are_accessible_landmarks(demo_site: Path) -> None:
    for page in html_files(demo_site):
        document = soup(page)
        assert document.html["lang"] == "fr"
        skip = document.body.find("a")
        assert skip["href"] == "#main" and "skip-link" in skip["class"]
        assert document.find("main", id="main") is not None
        assert document.find("header") and document.find("footer")
        navs = document.find_all("nav")
        assert all(nav.get("aria-label") for nav in navs)
        assert len(document.find_all("h1")) == 1, page
        assert document.find("meta", attrs={"name": "viewport"})


def test_theme_is_in_french_and_english(tmp_path: Path) -> None:
    build_site(ROOT / "content", tmp_path / "en", **dict(demo_settings(), DEFAULT_LANG="en"))
    english = soup(tmp_path / "en/index.html")
    assert english.html["lang"] == "en"
    assert english.find("a", class_="skip-link").get_text() == "Skip to content"
    date = english.select_one(".dt-published").get_text(strip=True)
    assert re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d\d\s[AP]M", date), date


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        output = tmp_path / name / "output"
        build_site(ROOT / "content", output, **demo_settings(publish=True))
        outputs.append(
            {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
        )
    assert outputs[0].keys() == outputs[1].keys()
    different = [str(path) for path in outputs[0] if outputs[0][path] != outputs[1][path]]
    assert different == []


@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_demo_builds_without_a_warning(tmp_path: Path, conf: str) -> None:
    from .support import run

    result = run(
        [
            "pelican",
            str(ROOT / "content"),
            "-o",
            str(tmp_path / "out"),
            "-s",
            str(ROOT / conf),
            "--fatal",
            "warnings",
        ],
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert (tmp_path / "out/index.html").is_file()


def test_the_owners_demo_comments_keep_their_badge(demo_site: Path) -> None:
    marked = []
    for page in html_files(demo_site):
        for comment in soup(page).select("article.by-owner"):
            assert comment.select_one(".owner-badge").get_text() == "Auteur de l’article"  # noqa: RUF001
            marked.append(comment.select_one(".p-name").get_text())
    assert marked == ["Claire Dumas"] * 4
