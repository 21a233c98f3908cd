"""Comments placed after the article's text in themes that do not include them; nothing twice."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import mf2py
import pytest

from pelican_prospects.comments import placed
from pelican_prospects.problems import ProspectsError

from ..support import ROOT, build_site, demo_settings, soup
from .hosts import ARTICLE, FOREIGN, build_demo


@pytest.mark.parametrize("theme", FOREIGN)
def test_comments_follow_the_article_text_once(themed: Callable[[str], Path], theme: str) -> None:
    output = themed(theme)
    document = soup(output / ARTICLE)
    sections = document.select("#comments")
    assert len(sections) == 1
    placed = sections[0].parent
    assert "prospects-placed" in placed["class"]
    # Right after the article's last paragraph, inside the theme's article.
    assert placed.find_previous_sibling().get_text().startswith("Si vous avez un projet en tête")
    assert [a["id"] for a in placed.select(".comment")] == ["comment-1", "comment-2", "comment-3"]
    assert placed.select_one(".by-owner .owner-badge").get_text() == "Auteur de l\u2019article"
    assert placed.select_one(".mentions .p-mention") is not None
    assert placed.select_one("a.comment-mailto")["href"].startswith("mailto:claire@example.org?")
    feed = placed.select_one(".prospects-comment-feed a")
    assert feed["href"] == "/feeds/comments/deux-questions-avant-tout.atom.xml"
    head = document.head
    assert head.find("link", rel="stylesheet", href="../prospects/prospects.css")
    assert head.find("link", rel="alternate", href=feed["href"])
    assert (output / "prospects/prospects.css").is_file()
    assert (output / "prospects/comment-form.js").is_file()


def test_the_page_is_written_once_with_its_comments(
    tmp_path: Path, opened_for_writing: Counter[str]
) -> None:
    # Placed as the template renders, not by editing the written file: Pelican's one write holds
    # them already (what another plugin reads at `content_written` is the final page).
    page = build_demo("notmyidea", tmp_path / "output") / ARTICLE
    assert opened_for_writing[os.path.realpath(page)] == 1
    assert 'class="prospects-placed' in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("theme", FOREIGN)
def test_placed_comments_read_back_as_microformats(
    themed: Callable[[str], Path], theme: str
) -> None:
    html = (themed(theme) / ARTICLE).read_text(encoding="utf-8")
    items = mf2py.parse(doc=html, url="https://example.org/")["items"]
    cites = [item for item in items if "h-cite" in item["type"]]
    names = [c["properties"]["author"][0]["properties"]["name"][0] for c in cites]
    assert names == ["Marc Lefèvre", "Le carnet d'une indépendante"]
    reply = cites[0]["properties"]["comment"][0]["properties"]
    assert reply["author"][0]["properties"]["name"] == ["Claire Dumas"]


def test_our_theme_keeps_its_own_comments(themed: Callable[[str], Path]) -> None:
    output = themed("ours")
    document = soup(output / ARTICLE)
    assert len(document.select("#comments")) == 1
    assert document.select_one(".prospects-placed") is None
    assert document.select_one("article.h-entry > section#comments") is not None
    assert not (output / "prospects/prospects.css").exists()


def test_template_placement_leaves_foreign_themes_alone(tmp_path: Path) -> None:
    output = build_demo("notmyidea", tmp_path / "output", PROSPECTS_COMMENTS_PLACEMENT="template")
    document = soup(output / ARTICLE)
    assert document.select_one("#comments") is None
    assert document.head.find("link", href="../prospects/prospects.css") is None


def test_off_shows_no_comment_even_where_the_theme_includes_them(tmp_path: Path) -> None:
    output = build_demo("ours", tmp_path / "output", PROSPECTS_COMMENTS_PLACEMENT="off")
    document = soup(output / ARTICLE)
    assert document.select_one("#comments") is None
    assert document.select_one(".comment-count") is None


def test_a_wrong_placement_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(ProspectsError) as error:
        build_demo("notmyidea", tmp_path / "output", PROSPECTS_COMMENTS_PLACEMENT="footer")
    assert "PROSPECTS_COMMENTS_PLACEMENT: Expected one of: 'auto', 'template', 'off'" in str(
        error.value
    )


def test_placing_changes_no_summary_feed_or_list(tmp_path: Path) -> None:
    feeds = {"FEED_ALL_ATOM": "feeds/all.atom.xml", "SITEURL": "https://example.org"}
    placed = build_demo("notmyidea", tmp_path / "auto", **feeds)
    alone = build_demo(
        "notmyidea", tmp_path / "template", PROSPECTS_COMMENTS_PLACEMENT="template", **feeds
    )
    entry = next(
        e for e in feedparser.parse(str(placed / "feeds/all.atom.xml")).entries if ARTICLE in e.link
    )
    text = entry.summary + "".join(c.value for c in entry.get("content", []))
    assert "Marc Lefèvre" not in text
    assert "h-cite" not in text and "comment-thread" not in text
    differ = [
        str(path.relative_to(placed))
        for path in placed.rglob("*")
        if path.is_file() and path.read_bytes() != (alone / path.relative_to(placed)).read_bytes()
        if (alone / path.relative_to(placed)).exists()
    ]
    # Only the pages of articles change (their comments): not the index, feeds or lists.
    assert differ and all(name.startswith(("2024/", "2025/", "2026/")) for name in differ), differ


def test_a_theme_override_that_includes_our_template_gets_it_once(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text(
        '{% extends "!theme/article.html" %}{% block content %}{{ super() }}'
        '{% include "prospects/comments.html" %}{% endblock %}',
        encoding="utf-8",
    )
    output = build_demo(
        "notmyidea", tmp_path / "output", THEME_TEMPLATES_OVERRIDES=[str(overrides)]
    )
    document = soup(output / ARTICLE)
    assert len(document.select("#comments")) == 1
    assert document.select_one(".prospects-placed") is None


def test_a_theme_that_changes_the_text_gets_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "article.html").write_text(
        '{% extends "!theme/base.html" %}{% block content %}'
        '<article>{{ article.content|replace("<p>", "<p class=text>") }}</article>{% endblock %}',
        encoding="utf-8",
    )
    output = build_demo(
        "notmyidea", tmp_path / "output", THEME_TEMPLATES_OVERRIDES=[str(overrides)]
    )
    assert soup(output / ARTICLE).select_one("#comments") is None
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.getMessage().startswith("prospects: comments not")
    ]
    assert len(warnings) == 1
    assert warnings[0].startswith("prospects: comments not placed on 7 article(s) (first: ")
    assert warnings[0].endswith("include prospects/comments.html in it")


def pages(output: Path) -> dict[str, bytes]:
    """Return every HTML page of a built site, by path."""
    return {str(path.relative_to(output)): path.read_bytes() for path in output.rglob("*.html")}


HOSTILE_POST = (
    'Title: L\'<em>offre</em> & « le "devis" »\nDate: 2025-03-01 10:00\nSlug: offre-sure\n'
    "Lang: fr\n\nUn texte.\n"
)
HOSTILE_COMMENT = "Author: A <b>\nDate: 2025-03-02 10:00\n\nUn avis & <i>du</i> texte.\n"


@pytest.mark.parametrize(
    "settings",
    [{}, {"JINJA_ENVIRONMENT": {"trim_blocks": False}}, {"PROSPECTS_CONTACT_EMAIL": ""}],
    ids=["packaged", "other-whitespace", "no-form"],
)
def test_the_block_filled_in_per_article_is_what_jinja_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: dict[str, object]
) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "articles" / "offre-sure.md").write_text(HOSTILE_POST, encoding="utf-8")
    (content / "comments" / "offre-sure").mkdir()
    (content / "comments" / "offre-sure" / "1.md").write_text(HOSTILE_COMMENT, encoding="utf-8")
    filled: list[bool] = []
    original = placed.Filled.block

    def spy(self: placed.Filled, context: Any) -> str | None:
        block = original(self, context)
        filled.append(block is not None)
        return block

    monkeypatch.setattr(placed.Filled, "block", spy)
    site = dict(demo_settings(), THEME="notmyidea", **settings)
    fast = build_site(content, tmp_path / "fast", **site).output_path
    monkeypatch.setattr(placed.Filled, "made", classmethod(lambda cls, env: None))
    jinja = build_site(content, tmp_path / "jinja", **site).output_path
    assert pages(Path(fast)) == pages(Path(jinja))
    hostile = (Path(fast) / "2025/offre-sure.html").read_text(encoding="utf-8")
    assert ("[comment:offre-sure]" in hostile) == (settings != {"PROSPECTS_CONTACT_EMAIL": ""})
    if "[comment:offre-sure]" in hostile:  # the title's tags stripped, the rest escaped
        assert "« L&#39;offre &amp; « le &#34;devis&#34; » » [comment:offre-sure]" in hostile
    # Jinja's own whitespace is another text than the packaged templates give: Jinja for all.
    assert filled and all(filled) == (settings != {"JINJA_ENVIRONMENT": {"trim_blocks": False}})


def test_a_theme_s_own_comments_template_is_rendered_by_jinja(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overrides = tmp_path / "overrides" / "prospects"
    overrides.mkdir(parents=True)
    (overrides / "comments.html").write_text(
        '<section id="comments">{{ article.title|upper }}</section>\n', encoding="utf-8"
    )
    monkeypatch.setattr(placed.Filled, "block", lambda self, context: pytest.fail("filled"))
    output = build_demo(
        "notmyidea", tmp_path / "output", THEME_TEMPLATES_OVERRIDES=[str(overrides.parent)]
    )
    assert "DEUX QUESTIONS AVANT TOUT ÉCHANGE" in (output / ARTICLE).read_text(encoding="utf-8")
