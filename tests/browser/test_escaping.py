"""Titles, summaries, categories and tags that hold escaped markup stay text in every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support import build_site, write_files

# Each payload adds an <img id="pwned-..."> and sets window.pwned if it ever becomes markup.
TITLE = "&lt;/title&gt;&lt;img src=x id=pwned-title onerror=\"window.pwned='title'\"&gt;"
CODE = '`"><img src=x id=pwned-summary onerror="window.pwned=\'summary\'">`'
CATEGORY = "Cat\" id=pwned-category onmouseover=\"window.pwned='category'"
OFFER_SUMMARY = "&lt;img src=x id=pwned-route onerror=\"window.pwned='route'\"&gt;"
FILES = {
    "articles/titre.md": f"Title: {TITLE}\nDate: 2024-01-02\nSlug: titre\nCategory: {CATEGORY}\n"
    f"Tags: {CATEGORY}\n\nUn article.\n",
    "articles/code.md": f"Title: Du code d'abord\nDate: 2024-01-01\nSlug: code\n\n{CODE} puis du "
    "texte.\n",
    "pages/simple.md": f"Title: {TITLE}\nSlug: simple\n\nUne page.\n",
    "pages/devis.md": f"Title: {TITLE}\nSlug: devis\nOffer: quote\nSummary: {OFFER_SUMMARY}\n\n"
    "Nos prix.\n",
    "pages/projet.md": f"Title: {TITLE}\nSlug: projet\n\n### Budget ? {{#budget}}\n\n"
    "- ( ) Petit {petit}\n- ( ) Grand {grand +1}\n\n```routing\ndevis: otherwise\n```\n",
}
PAGES = [
    "index.html",
    "titre.html",
    "code.html",
    "pages/simple.html",
    "pages/devis.html",
    "pages/projet.html",
    "pages/projet/route.html",
]
INJECTED = "[id^='pwned-'], img[src='x'], [onerror], [onmouseover]"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve) -> tuple[str, Path]:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("escaping")
    content = write_files(root / "content", FILES)
    build_site(
        content,
        root / "output",
        FEED_ALL_ATOM="feeds/all.atom.xml",
        CATEGORY_FEED_ATOM="feeds/{slug}.atom.xml",
        TAG_FEED_ATOM="feeds/tag-{slug}.atom.xml",
        PROSPECTS_CONTACT_EMAIL="claire@example.org",
    )
    return serve(root / "output"), root / "output"


def listing_pages(output: Path) -> list[str]:
    return [
        str(path.relative_to(output))
        for folder in ("category", "tag")
        for path in sorted((output / folder).glob("*.html"))
    ]


def test_no_title_summary_or_name_becomes_markup(site: tuple[str, Path], visit) -> None:  # type: ignore[no-untyped-def]
    base, output = site
    paths = PAGES + listing_pages(output)
    assert len(paths) == len(PAGES) + 3  # two categories (one is the default), one tag
    for path in paths:
        opened = visit(f"{base}/{path}")
        page = opened.page
        page.wait_for_load_state("load")
        assert page.eval_on_selector_all(INJECTED, "found => found.length") == 0, path
        assert page.evaluate("window.pwned === undefined"), path
        assert opened.dialogs == [] and opened.errors == [], path


def test_the_text_is_shown_literally(site: tuple[str, Path], visit) -> None:  # type: ignore[no-untyped-def]
    base, output = site
    shown_title = "</title><img src=x id=pwned-title onerror=\"window.pwned='title'\">"
    page = visit(f"{base}/titre.html").page
    assert page.title() == f"{shown_title} · A Pelican Blog"
    assert page.locator("h1").inner_text() == shown_title
    category = "Cat\" id=pwned-category onmouseover=\"window.pwned='category'"
    for listing in listing_pages(output):
        if listing.split("/")[1].startswith("cat"):
            listed = visit(f"{base}/{listing}").page
            feeds = listed.eval_on_selector_all("link[rel=alternate]", "ls => ls.map(l => l.title)")
            assert any(title.endswith(f": {category}") for title in feeds), (listing, feeds)
            assert f": {category} · " in listed.title(), listing
    description = visit(f"{base}/code.html").page.locator("meta[name=description]")
    assert description.get_attribute("content") == (
        '"><img src=x id=pwned-summary onerror="window.pwned=\'summary\'"> puis du texte.'
    )
    index = visit(f"{base}/index.html").page
    read = index.locator("p.more a").first.inner_text()
    assert shown_title in read
    route = visit(f"{base}/pages/projet/route.html").page
    assert route.locator(".prospects-offer-list p").inner_text() == (
        "<img src=x id=pwned-route onerror=\"window.pwned='route'\">"
    )
    for path in ("pages/simple.html", "pages/devis.html", "pages/projet.html"):
        assert visit(f"{base}/{path}").page.title() == f"{shown_title} · A Pelican Blog", path
