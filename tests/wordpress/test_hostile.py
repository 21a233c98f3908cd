"""Spam in an old WordPress database: imported, built and opened, nothing of it runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from ..support import build_site, run, soup
from .conftest import SAMPLES

HOSTILE = SAMPLES / "hostile.xml"
# The only scripts a built page may load: the plugin's own files.
OUR_SCRIPTS = ("prospects/journey.js", "prospects/slides.js", "prospects/comment-form.js")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcdoc", "xlink:href")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """Import the hostile export with the command, build the site; return its summary, output."""
    site = tmp_path_factory.mktemp("hostile")
    (site / "content").mkdir()
    result = run(["pelican-prospects", "import-wordpress", str(HOSTILE)], cwd=site)
    assert result.returncode == 0, result.stderr
    build_site(site / "content", site / "output")
    return result.stdout, site / "output"


def test_the_summary_lists_every_removal(imported: tuple[str, Path]) -> None:
    summary = imported[0]
    assert (
        "  removed from the imported HTML (it could run as script, or is not allowed):\n"
        '    articles/truffe.md: <a href="javascript:…">, <iframe src="https://evil.example/player"> '
        '(not an https player of a known host), <iframe src="javascript:…">, <iframe srcdoc>, '
        "<iframe> without an address, <img onerror>, <object>, "
        '<p onclick>, <script>, code language \'"><script>window.pwned="fence"</script>\' '
        "(not a language name)\n"
        '    articles/truffe.md (Summary): <a href="javascript:…">, <img onerror>, <script>\n'
        "    pages/route.md: code language 'routing' (it would make the page a questionnaire) (2)\n"
        "  players kept from other sites: to show them, set PROSPECTS_CSP = {'frame-src': "
        "['https://www.youtube-nocookie.com', 'https://www.youtube.com'], 'media-src': "
        "['https://old.example.org']} in "
        "your settings\n"
        "  notes:\n"
        "    post 3 ('A post whose slug is index'): slug 'index' would overwrite the site's own "
        "index page: given 'index-2'\n"
        "    post 4 ('A post whose slug is archives'): slug 'archives' would overwrite the site's "
        "own archives page: given 'archives-2'\n"
    ) in summary


def pages(output: Path) -> list[tuple[str, BeautifulSoup]]:
    return [(str(p.relative_to(output)), soup(p)) for p in sorted(output.rglob("*.html"))]


def test_no_built_page_holds_anything_that_runs(imported: tuple[str, Path]) -> None:
    built = pages(imported[1])
    assert len(built) > 10
    for name, page in built:
        for script in page.find_all("script"):
            assert script.get("type") == "application/json" or str(script.get("src", "")).endswith(
                OUR_SCRIPTS
            ), f"{name}: {script}"
        assert not page.find_all(["object", "embed", "svg", "math", "form", "base"]), name
        for element in page.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), f"{name}: {element}"
                if attribute in URL_ATTRIBUTES:
                    scheme = str(value).strip().split(":")[0].lower()
                    assert scheme not in ("javascript", "data", "vbscript"), f"{name}: {element}"
                    assert attribute != "srcdoc", f"{name}: {element}"


def test_the_post_keeps_its_text_and_known_players(imported: tuple[str, Path]) -> None:
    entry = soup(imported[1] / "truffe.html").find(class_="e-content")
    assert entry.h2.get_text() == "Attribute list as text {: onclick=\"window.pwned='attr_list'\"}"
    assert entry.h2.attrs == {}
    codes = [code.get_text() for code in entry.find_all("pre")]
    assert codes == [
        "fenced code with a hostile language\n",
        '```\n<script>window.pwned = "fence-breakout"</script>\n```\n',
    ]
    # The frame whose srcdoc was removed is an ordinary YouTube player.
    assert [frame.attrs for frame in entry.find_all("iframe")] == [
        {"src": "https://www.youtube.com/embed/x"},
        {"height": "315", "src": "https://www.youtube-nocookie.com/embed/abc", "width": "560"},
    ]
    assert entry.video["src"] == "https://old.example.org/wp-content/uploads/film.mp4"
    line = next(p for p in entry.find_all("p") if "javascript link" in p.get_text())
    assert line.get_text() == "A javascript link and a good link."
    assert [a["href"] for a in line.find_all("a")] == ["https://example.org/"]


def test_the_excerpt_on_the_index_is_text(imported: tuple[str, Path]) -> None:
    index = soup(imported[1] / "index.html")
    summary = next(s for s in index.find_all(class_="p-summary") if "Excerpt" in s.get_text())
    assert " ".join(summary.get_text().split()) == "Excerpt with a link."
    assert summary.a is None
    assert summary.img.attrs == {"alt": "", "src": "x"}


def test_a_routing_code_block_stays_code_on_an_ordinary_page(imported: tuple[str, Path]) -> None:
    page = soup(imported[1] / "pages/route.html")
    assert page.form is None
    assert [code.get_text() for code in page.find("article").find_all("pre")] == [
        "nowhere: score >= 1\n",
        "elsewhere: otherwise\n",
        "````\n```routing\ninside: otherwise\n```\n````\n",
    ]


def test_posts_named_index_and_archives_are_renamed(imported: tuple[str, Path]) -> None:
    output = imported[1]
    assert soup(output / "index.html").find(class_="h-feed") is not None
    assert soup(output / "archives.html").h1.get_text() == "Archives"
    assert soup(output / "index-2.html").h1.get_text() == "A post whose slug is index"
    assert soup(output / "archives-2.html").h1.get_text() == "A post whose slug is archives"


@pytest.mark.browser
def test_nothing_runs_in_a_browser(imported: tuple[str, Path], serve, visit) -> None:  # type: ignore[no-untyped-def]
    base = serve(imported[1])
    for path in ("truffe.html", "index.html", "category/spam.html"):
        opened = visit(f"{base}/{path}")
        opened.page.wait_for_load_state("load")
        assert opened.page.evaluate("window.pwned === undefined"), path
        assert opened.dialogs == [] and opened.errors == [], path
        assert opened.foreign_requests == [] or path == "truffe.html", opened.foreign_requests
