"""Sites with comments, built by Pelican and read back with BeautifulSoup, mf2py and feedparser."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import mf2py
import pytest
from pelican.log import LimitFilter

from pelican_prospects.cli import main
from pelican_prospects.problems import ProspectsError

from ..support import soup
from .sites import SAMPLES, SETTINGS_FILE, build, comment, copy_samples, page, write_site

THREAD = {
    "bonjour/1.md": comment(
        "Jean <b>Dupont</b>",
        "2024-03-04 10:00",
        "Premier **avis**.",
        website="https://jean.example.org/",
        email="jean@example.org",
    ),
    "bonjour/2.md": comment(
        "Claire Dumas", "2024-03-04 12:00", "Merci Jean.", replyto="1", owner="yes"
    ),
    "bonjour/3.md": comment(
        "Jean <b>Dupont</b>", "2024-03-04 13:00", "Une réponse à la réponse.", replyto="2"
    ),
    "bonjour/4.md": comment("Marie", "2024-03-04 11:00", "Un autre fil."),
    "bonjour/5.md": comment("Paul", "2024-03-05 09:00", "Pas encore relu.", status="pending"),
    "bonjour/6.md": comment("Spam", "2024-03-05 09:30", "Achetez !", status="spam"),
    "bonjour/ping.md": comment(
        "Un autre blog",
        "2024-03-06 08:00",
        "…cite cet article…",
        type="pingback",
        website="https://other.example/post",
    ),
    "bonjour/track.md": comment("Un troisième blog", "2024-03-06 09:00", "…", type="trackback"),
    "seul/1.md": comment("Zoé", "2024-03-07 10:00", "Seul commentaire."),
}
SLUGS = ("bonjour", "seul", "vide")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site with threads, pingbacks, unpublished comments and articles with 1 and 0 comments."""
    root = tmp_path_factory.mktemp("comments")
    write_site(root, THREAD, slugs=SLUGS)
    build(root, SITEURL="https://blog.example", RELATIVE_URLS=False)
    return root


def tree(section) -> list:
    """Return the nesting of the comment elements under `section` as (id, [replies]) lists."""
    items = []
    for element in section.find_all("article", recursive=False):
        replies = element.find("div", class_="replies", recursive=False)
        items.append((element["id"], tree(replies)) if replies else element["id"])
    return items


def test_comments_nest_inside_the_h_entry_oldest_first(site: Path) -> None:
    html = page(site)
    entry = html.select_one("article.h-entry")
    thread = entry.select_one("section#comments > div.comment-thread")
    assert tree(thread) == [("comment-1", [("comment-2", ["comment-3"])]), "comment-4"]
    for element in thread.find_all("article"):
        assert {"p-comment", "h-cite"} <= set(element["class"])


def test_each_comment_has_its_author_date_content_and_permalink(site: Path) -> None:
    first = page(site).select_one("#comment-1")
    card = first.select_one(".p-author.h-card")
    name = card.select_one(".p-name")
    assert name.get_text() == "Jean <b>Dupont</b>" and name.name == "a"
    assert name["href"] == "https://jean.example.org/" and "u-url" in name["class"]
    assert name["rel"] == ["nofollow", "ugc"]
    assert card.select_one("img.u-photo")["src"].startswith("data:image/svg+xml,")
    time = first.select_one("time.dt-published")
    assert (
        time["datetime"] == "2024-03-04T10:00:00+01:00" and time.get_text() == "4 mars 2024 à 10:00"
    )
    assert (
        str(first.select_one(".e-content"))
        == '<div class="e-content"><p>Premier <strong>avis</strong>.</p></div>'
    )
    assert first.select_one("footer > a.u-url")["href"] == "#comment-1"
    assert page(site).select_one("#comment-4 .p-name").name == "span"


def test_the_site_owner_is_marked(site: Path) -> None:
    html = page(site)
    owner = html.select_one("#comment-2")
    assert "by-owner" in owner["class"]
    assert owner.select_one(".owner-badge").get_text() == "Auteur de l’article"  # noqa: RUF001
    assert "by-owner" not in html.select_one("#comment-1")["class"]


def test_only_the_owner_key_gives_the_badge_not_the_name(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "bonjour/1.md": comment("Claire Dumas", "2024-03-04 10:00"),
            "bonjour/2.md": comment("C. Dumas", "2024-03-04 11:00"),
            "bonjour/3.md": comment("claire  DUMAS", "2024-03-04 12:00", owner="no"),
            "bonjour/4.md": comment("Claire", "2024-03-04 13:00", owner="Yes"),
        },
    )
    build(tmp_path, PROSPECTS_OWNER_NAMES=["c. dumas"])
    html = page(tmp_path)
    marked = [a["id"] for a in html.select("article.p-comment") if "by-owner" in a["class"]]
    assert marked == ["comment-4"]
    assert [badge.get_text() for badge in html.select(".owner-badge")] == [
        "Auteur de l’article"  # noqa: RUF001
    ]


def test_pingbacks_and_trackbacks_follow_the_comments_apart(site: Path) -> None:
    section = page(site).select_one("section#comments")
    mentions = section.select_one("section.mentions")
    assert [m["id"] for m in mentions.find_all("article", recursive=False)] == [
        "comment-ping",
        "comment-track",
    ]
    assert all({"p-mention", "h-cite"} <= set(m["class"]) for m in mentions.find_all("article"))
    assert section.find_all("section")[0] is mentions
    assert section.select_one("h2").get_text() == "4 commentaires"


def test_unpublished_comments_are_not_shown(site: Path) -> None:
    html = page(site)
    assert html.select_one("#comment-5") is None and html.select_one("#comment-6") is None


@pytest.mark.parametrize(
    ("slug", "text"),
    [("bonjour", "4 commentaires"), ("seul", "1 commentaire"), ("vide", "Aucun commentaire")],
)
def test_the_count_is_on_the_article_and_on_every_list(site: Path, slug: str, text: str) -> None:
    assert page(site, slug).select_one("header .comment-count").get_text() == text
    listed = [
        a
        for a in soup(site / "output" / "index.html").select("a.comment-count")
        if a["href"] == f"https://blog.example/{slug}.html#comments"
    ]
    assert [a.get_text() for a in listed] == [text]
    category = soup(next((site / "output" / "category").glob("*.html")))
    assert text in [a.get_text() for a in category.select("a.comment-count")]


def test_microformats_parsers_find_the_comments_on_the_h_entry(site: Path) -> None:
    parsed = mf2py.parse(
        doc=(site / "output" / "bonjour.html").read_text(encoding="utf-8"),
        url="https://blog.example/bonjour.html",
    )
    entry = next(item for item in parsed["items"] if "h-entry" in item["type"])
    comments = entry["properties"]["comment"]
    assert [c["properties"]["url"] for c in comments] == [
        ["https://blog.example/bonjour.html#comment-1"],
        ["https://blog.example/bonjour.html#comment-4"],
    ]
    first = comments[0]["properties"]
    author = first["author"][0]["properties"]
    assert author["name"] == ["Jean <b>Dupont</b>"] and author["url"] == [
        "https://jean.example.org/"
    ]
    assert author["photo"][0]["value"].startswith("data:image/svg+xml,")
    assert first["published"] == ["2024-03-04T10:00:00+0100"]
    assert first["content"][0]["html"] == "<p>Premier <strong>avis</strong>.</p>"
    reply = first["comment"][0]["properties"]
    assert reply["url"] == ["https://blog.example/bonjour.html#comment-2"]
    assert reply["comment"][0]["properties"]["content"][0]["value"] == "Une réponse à la réponse."
    assert [
        m["properties"]["author"][0]["properties"]["name"] for m in entry["properties"]["mention"]
    ] == [["Un autre blog"], ["Un troisième blog"]]


def test_the_form_and_each_reply_link_send_an_email(site: Path) -> None:
    html = page(site)
    form = html.select_one("form#comment-form")
    assert form["data-to"] == "claire@example.org"
    assert {field["name"] for field in form.select("input, textarea")} == {
        "replyto",
        "author",
        "website",
        "text",
        "notify",
    }
    assert form["data-subject"].endswith(" [comment:bonjour]")
    mailto = html.select_one("a.comment-mailto")["href"]
    assert mailto.startswith("mailto:claire@example.org?subject=Commentaire%20sur%20%C2%AB")
    assert "%5Bcomment%3Abonjour%5D&body=" in mailto
    assert "&body=Author%3A%20%0D%0AWebsite%3A%20%0D%0A%0D%0A" in mailto
    reply = html.select_one("#comment-4 a.comment-reply")
    assert reply.get_text() == "Répondre" and reply["data-reply-to"] == "4"
    assert reply["href"].endswith("&body=Author%3A%20%0D%0AReplyto%3A%204%0D%0A%0D%0A")
    assert "%5Bcomment%3Abonjour%234%5D&body=" in reply["href"]
    assert html.select_one('script[src="https://blog.example/prospects/comment-form.js"]')
    assert (site / "output" / "prospects" / "comment-form.js").is_file()


def test_without_a_contact_address_there_is_no_form(tmp_path: Path) -> None:
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    build(tmp_path, PROSPECTS_CONTACT_EMAIL="")
    html = page(tmp_path)
    assert html.select_one("#comment-1") and not html.select(
        "form, a.comment-reply, a.comment-mailto"
    )


def test_feeds_are_linked_from_the_head_and_parse_cleanly(site: Path) -> None:
    links = {
        link["href"]: link["title"]
        for link in page(site).select('head link[type="application/atom+xml"]')
    }
    assert (
        links["https://blog.example/feeds/comments/bonjour.atom.xml"]
        == "Commentaires sur « Bonjour »"
    )
    assert (
        links["https://blog.example/feeds/comments.atom.xml"] == "Le blog de Claire : commentaires"
    )
    index_links = [
        link["href"]
        for link in soup(site / "output" / "index.html").select("head link[rel=alternate]")
    ]
    assert "https://blog.example/feeds/comments.atom.xml" in index_links
    article = feedparser.parse(
        (site / "output" / "feeds" / "comments" / "bonjour.atom.xml").read_bytes()
    )
    assert article.bozo == 0
    assert [e.link for e in article.entries] == [
        f"https://blog.example/bonjour.html#comment-{n}" for n in (3, 2, 4, 1)
    ]
    assert article.entries[3].author == "Jean <b>Dupont</b>"
    assert article.entries[3].title == "Commentaire de Jean <b>Dupont</b> sur « Bonjour »"
    assert article.entries[3].content[0].value == "<p>Premier <strong>avis</strong>.</p>"
    assert article.feed.updated == "2024-03-04T13:00:00+01:00"
    everything = feedparser.parse((site / "output" / "feeds" / "comments.atom.xml").read_bytes())
    assert everything.bozo == 0 and len(everything.entries) == 5
    empty = feedparser.parse(
        (site / "output" / "feeds" / "comments" / "vide.atom.xml").read_bytes()
    )
    assert empty.bozo == 0 and empty.entries == []


@pytest.mark.parametrize(("limit", "expected"), [(3, 3), ("", 9)])
def test_the_site_feed_holds_the_newest_comments_of_every_article(
    tmp_path: Path, limit: int | str, expected: int
) -> None:
    # Dates interleave across the three articles: the newest are not one article's.
    comments = {
        f"{slug}/{n}.md": comment(f"{slug}-{n}", f"2024-03-0{n} 1{index}:00")
        for index, slug in enumerate(("un", "deux", "trois"))
        for n in (1, 2, 3)
    }
    write_site(tmp_path, comments, slugs=("un", "deux", "trois"))
    build(tmp_path, FEED_MAX_ITEMS=limit)
    feed = feedparser.parse((tmp_path / "output" / "feeds" / "comments.atom.xml").read_bytes())
    assert feed.bozo == 0
    newest = ["trois-3", "deux-3", "un-3", "trois-2", "deux-2", "un-2", "trois-1", "deux-1", "un-1"]
    assert [entry.author for entry in feed.entries] == newest[:expected]


def test_hostile_comments_are_shown_and_harmless(tmp_path: Path) -> None:
    content = write_site(tmp_path, {})
    copy_samples(
        content, "bonjour", *[f"hostile/{p.name}" for p in (SAMPLES / "hostile").glob("*.md")]
    )
    build(tmp_path)
    section = page(tmp_path).select_one("section#comments")
    shown = section.select("article.p-comment")
    assert len(shown) == len(list((SAMPLES / "hostile").glob("*.md")))
    scripts = [s for s in section.find_all("script") if not s.get("src", "").endswith("form.js")]
    assert scripts == []
    for tag in section.find_all(True):
        assert not [name for name in tag.attrs if name.startswith("on")], tag
        for name in ("href", "src", "action", "data"):
            value = tag.get(name, "")
            assert (
                not value.lower().lstrip().startswith(("javascript:", "vbscript:", "data:text"))
            ), tag
    for name in ("iframe", "form", "object", "embed", "meta", "base", "style", "link"):
        assert [t for t in section.find_all(name) if t.get("id") != "comment-form"] == []
    author = section.select_one("#comment-author_fields .p-name")
    assert author.get_text().startswith("<script>window.__pwned='author'</script><b onmouseover=")


def test_the_comments_folder_is_never_read_as_articles_pages_or_static_files(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00", email="secret@example.org")}
    )
    build(tmp_path, ARTICLE_PATHS=[""], PAGE_PATHS=[""], STATIC_PATHS=[""])
    outputs = [
        p.relative_to(tmp_path / "output").as_posix() for p in (tmp_path / "output").rglob("*")
    ]
    assert [p for p in outputs if p.startswith("comments") or p.endswith("1.html")] == []
    assert all(
        "secret@example.org" not in p.read_text(errors="ignore", encoding="utf-8")
        for p in (tmp_path / "output").rglob("*.*")
    )


def test_every_bad_file_is_listed_in_one_run(tmp_path: Path) -> None:
    content = write_site(tmp_path, {"bonjour/good.md": comment("Jean", "2024-03-04 10:00")})
    bad = sorted(p.name for p in (SAMPLES / "bad").glob("*.md"))
    copy_samples(
        content, "bonjour", *[f"bad/{name}" for name in bad], "bad/cycle", "bad/duplicate_id"
    )
    copy_samples(content, "no-such-article", "good/thread.md")
    (content / "comments" / "stray.md").write_text(
        comment("A", "2024-03-04 10:00"), encoding="utf-8"
    )
    (content / "comments" / "bonjour" / "dangling.md").symlink_to(tmp_path / "gone.md")
    with pytest.raises(ProspectsError) as error:
        build(tmp_path)
    lines = error.value.format().splitlines()
    assert lines[0] == (
        "prospects: 20 bad comment file(s); fix them, or set PROSPECTS_STRICT = False "
        "to publish what can be:"
    )
    where = "  content/comments/bonjour/"
    assert lines[1:] == [
        f"{where}comment_bad_date.md:2: unreadable Date '2024-13-45 10:00': "
        "expected 'YYYY-MM-DD HH:MM[:SS]' (in the site's time zone) or ISO 8601 with an offset",
        f"{where}comment_bad_header_line.md:3: expected 'Key: value' but found "
        "'this line is not a key'; leave a blank line between the header and the text",
        f"{where}comment_bad_owner.md:3: unknown Owner 'maybe'. Expected one of: yes, no",
        f"{where}comment_bad_status.md:3: unknown Status 'approved'. "
        "Expected one of: published, pending, spam",
        f"{where}comment_bad_type.md:3: unknown Type 'like'. "
        "Expected one of: comment, pingback, trackback",
        f"{where}comment_bad_website.md:3: Website 'javascript:alert(1)' "
        "is not an http:// or https:// address",
        f"{where}comment_duplicate_key.md:3: Author given twice (first on line 1)",
        f"{where}comment_empty.md: the file is empty",
        f"{where}comment_missing_author.md:1: missing Author: every comment needs 'Author: name'",
        f"{where}comment_missing_date.md:1: missing Date: every comment needs 'Date:' as "
        "'YYYY-MM-DD HH:MM[:SS]' (in the site's time zone) or ISO 8601 with an offset",
        f"{where}comment_not_utf8.md:1: not UTF-8 text (byte 0xe9); save the file as UTF-8",
        f"{where}comment_not_xml.md:1: character U+0001 at column 13 is not allowed "
        "(XML forbids it)",
        f"{where}comment_not_xml.md:4: character U+FFFE at column 12 is not allowed "
        "(XML forbids it)",
        f"{where}comment_not_xml.md:5: character U+000B at column 11 is not allowed "
        "(XML forbids it; 1 more on this line)",
        f"{where}comment_replyto_unknown.md:3: Replyto '404' names no comment of this article",
        f"{where}cycle/cycle_a.md:3: reply cycle: cycle_a -> cycle_b -> cycle_a",
        f"{where}cycle/cycle_b.md:3: reply cycle: cycle_a -> cycle_b -> cycle_a",
        f"{where}dangling.md: cannot be read: No such file or directory",
        f"{where}duplicate_id/first/same.md: duplicate id 'same': "
        "content/comments/bonjour/duplicate_id/second/same.md has the same id",
        f"{where}duplicate_id/second/same.md: duplicate id 'same': "
        "content/comments/bonjour/duplicate_id/first/same.md has the same id",
        "  content/comments/no-such-article: no article has the slug 'no-such-article': "
        "its 1 comment(s) cannot be shown",
        "  content/comments/stray.md: comment file outside an article folder: "
        "move it to content/comments/<article-slug>/stray.md",
    ]
    assert not (tmp_path / "output" / "bonjour.html").exists()


def test_pelican_exits_non_zero_with_the_list_and_no_traceback(tmp_path: Path) -> None:
    content = write_site(tmp_path, {})
    copy_samples(content, "bonjour", "bad/comment_missing_date.md", "bad/comment_bad_website.md")
    (tmp_path / "pelicanconf.py").write_text(
        'AUTHOR = "Claire"\nTIMEZONE = "Europe/Paris"\nARTICLE_PATHS = ["articles"]\n'
        f'PLUGINS = ["pelican_prospects"]\nTHEME = {str(Path(__file__).parents[2] / "theme")!r}\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "pelican"),
            "content",
            "-o",
            "output",
            "-s",
            "pelicanconf.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"COLUMNS": "300", "PATH": "/usr/bin:/bin"},
        timeout=120,
        encoding="utf-8",
    )
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1
    assert "Traceback" not in output
    assert (
        "content/comments/bonjour/comment_bad_website.md:3: Website 'javascript:alert(1)' is not"
        in output
    )
    assert "content/comments/bonjour/comment_missing_date.md:1: missing Date:" in output


def test_not_strict_publishes_everything_it_can_and_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    copy_samples(
        content,
        "bonjour",
        "bad/comment_replyto_unknown.md",
        "bad/comment_bad_website.md",
        "bad/comment_missing_author.md",
        "bad/cycle",
    )
    with caplog.at_level(logging.WARNING, logger="pelican_prospects"):
        build(tmp_path, PROSPECTS_STRICT=False)
    html = page(tmp_path)
    assert tree(html.select_one("div.comment-thread")) == [
        "comment-1",
        "comment-comment_bad_website",
        "comment-comment_missing_author",
        "comment-comment_replyto_unknown",
        ("comment-cycle_a", ["comment-cycle_b"]),
    ]
    assert html.select_one("#comment-comment_missing_author .p-name").get_text() == "Anonyme"
    assert html.select_one("#comment-comment_bad_website .p-name").name == "span"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert (
        "prospects: content/comments/bonjour/comment_replyto_unknown.md:3: "
        "Replyto '404' names no comment "
        "of this article" in warnings
    )
    assert len(warnings) == 5


def test_the_build_summary_counts_what_is_not_published(
    site: Path, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    write_site(tmp_path, THREAD, slugs=SLUGS)
    with caplog.at_level(logging.INFO, logger="pelican_prospects"):
        build(tmp_path)
    assert (
        "prospects: 5 comment(s) and 2 pingback(s)/trackback(s) published; "
        "not published: 1 pending, "
        "1 spam, 0 under an unpublished comment" in [r.getMessage() for r in caplog.records]
    )


def test_a_rebuild_of_the_same_pelican_object_sees_new_and_changed_comments(tmp_path: Path) -> None:
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00", "Avant.")})
    pelican = build(tmp_path, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    comments = tmp_path / "content" / "comments" / "bonjour"
    (comments / "2.md").write_text(
        comment("Marie", "2024-03-04 11:00", "Nouveau.", replyto="1"), encoding="utf-8"
    )
    (comments / "1.md").write_text(
        comment("Jean", "2024-03-04 10:00", "Après, plus long."), encoding="utf-8"
    )
    pelican.run()  # as `pelican -r` does after a change under PATH
    html = page(tmp_path)
    assert html.select_one("#comment-1 .e-content").get_text() == "Après, plus long."
    assert html.select_one("#comment-1 #comment-2 .e-content").get_text() == "Nouveau."
    (comments / "2.md").unlink()
    pelican.run()
    assert page(tmp_path).select_one("#comment-2") is None
    assert page(tmp_path).select_one("header .comment-count").get_text() == "1 commentaire"


def test_a_cached_rebuild_gives_the_same_site_as_a_fresh_build(tmp_path: Path) -> None:
    cached, fresh = tmp_path / "cached", tmp_path / "fresh"
    for root in (cached, fresh):
        write_site(root, THREAD, slugs=SLUGS)
    build(cached, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    for root in (cached, fresh):
        (root / "content" / "comments" / "seul" / "2.md").write_text(
            comment("Léa", "2024-03-08 10:00", "Ajouté ensuite.", replyto="1"), encoding="utf-8"
        )
    build(cached, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    build(fresh)
    assert files(cached / "output") == files(fresh / "output")


def test_a_cache_missing_some_files_renders_those_comments_again(tmp_path: Path) -> None:
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00", "Gardé.")})
    build(tmp_path, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    (kept,) = tmp_path.rglob("prospects-comments/data-*")
    kept.write_bytes(kept.read_bytes()[:10])  # cut short: the manifest points past its end
    build(tmp_path, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    assert page(tmp_path).select_one("#comment-1 .e-content").get_text() == "Gardé."
    (kept,) = tmp_path.rglob("prospects-comments/data-*")  # started afresh, under a new name
    kept.unlink()
    build(tmp_path, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    assert page(tmp_path).select_one("#comment-1 .e-content").get_text() == "Gardé."


def test_without_the_content_cache_nothing_is_kept_on_disk(tmp_path: Path) -> None:
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00", "Gardé.")})
    build(tmp_path, CACHE_PATH=str(tmp_path / "cache"))
    assert page(tmp_path).select_one("#comment-1 .e-content").get_text() == "Gardé."
    assert not (tmp_path / "cache" / "prospects-comments").exists()


def test_the_cache_of_earlier_versions_is_replaced(tmp_path: Path) -> None:
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00", "Gardé.")})
    kept = tmp_path / "cache" / "prospects-comments"
    (kept / "threads").mkdir(parents=True)
    (kept / "threads" / "bonjour.pickle").write_bytes(b"old")
    build(tmp_path, CACHE_PATH=str(tmp_path / "cache"), CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    assert sorted(p.name[:5] for p in kept.iterdir()) == ["data-", "manif"]


def files(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def test_twenty_thousand_comments_in_one_folder_build_in_linear_time(tmp_path: Path) -> None:
    """Every step is linear in the folder's files: a quadratic one would take minutes here."""
    thread = {
        f"bonjour/{n}.md": comment(
            f"Auteur {n % 7}",
            f"2024-03-{1 + n % 28:02d} 10:{n % 60:02d}",
            f"Texte {n} avec un [lien](https://example.org/{n}).",
            **({"replyto": str(n // 2)} if n > 1 else {}),
        )
        for n in range(1, 20_001)
    }
    write_site(tmp_path, thread)
    started = time.process_time()
    build(tmp_path, FEED_MAX_ITEMS=5)
    assert time.process_time() - started < 60
    # Read as text: BeautifulSoup would take minutes over 20,000 comments.
    html = (tmp_path / "output" / "bonjour.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<article class="p-comment[^"]*" id="comment-\d+">', html)) == 20_000
    assert (
        '<div class="e-content"><p>Texte 19999 avec un <a href="https://example.org/19999" rel="nofollow ugc">lien</a>.</p></div>'
        in html
    )
    feed = feedparser.parse(
        (tmp_path / "output" / "feeds" / "comments" / "bonjour.atom.xml").read_bytes()
    )
    assert feed.bozo == 0 and len(feed.entries) == 5


def test_a_cached_rebuild_reports_files_that_are_not_comments_as_they_come_and_go(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    build(tmp_path, **cached)
    notes = content / "comments" / "bonjour" / "notes.txt"
    notes.write_text("à trier\n", encoding="utf-8")

    def warnings_of_a_rebuild() -> list[str]:
        caplog.clear()
        # Each build as in a new process: Pelican says a message once per process.
        monkeypatch.setattr(LimitFilter, "_raised_messages", set())
        with caplog.at_level(logging.WARNING, logger="pelican_prospects"):
            build(tmp_path, **cached)
        return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]

    # The comment files are as they were, but the folder is not: it is read again, and said.
    warned = (
        "prospects: content/comments/bonjour/notes.txt: not a Markdown comment file (.md), ignored"
    )
    assert warnings_of_a_rebuild() == [warned]
    assert warnings_of_a_rebuild() == [warned]  # and again, while it is there
    notes.unlink()
    assert warnings_of_a_rebuild() == []


def check(root: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run `pelican-prospects check` on the site under `root`, as its owner would."""
    (root / "pelicanconf.py").write_text(SETTINGS_FILE, encoding="utf-8")
    monkeypatch.chdir(root)
    return main(["check", "-s", "pelicanconf.py"])


def test_a_pipe_or_a_device_is_left_out_with_a_warning_not_read(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    content = write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    folder = content / "comments" / "bonjour"
    os.mkfifo(folder / "2.md")  # opening it would wait for a writer forever
    (folder / "3.md").symlink_to("/dev/zero")  # reading it would never end
    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
    with caplog.at_level(logging.WARNING, logger="pelican_prospects"):
        build(tmp_path)
    warned = sorted(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert warned == [
        f"prospects: content/comments/bonjour/{name}.md: not a regular file, ignored"
        for name in ("2", "3")
    ]
    page_html = (tmp_path / "output" / "bonjour.html").read_text(encoding="utf-8")
    assert 'id="comment-1"' in page_html and 'id="comment-2"' not in page_html
    assert check(tmp_path, monkeypatch) == 0
    assert "content/comments/bonjour/2.md: not a regular file, ignored" in capsys.readouterr().err


def test_a_file_name_that_is_not_utf8_is_a_problem_in_the_build_and_in_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    content = write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    folder = os.fsencode(content / "comments" / "bonjour")
    for name in (b"\xff.md", b"notes-\xff.txt"):
        with open(os.path.join(folder, name), "wb") as stream:
            stream.write(comment("X", "2024-03-04 11:00").encode())
    with pytest.raises(ProspectsError) as error:
        build(tmp_path)
    problem = "content/comments/bonjour/\ufffd.md: the file name is not UTF-8 text: rename the file"
    assert error.value.format().splitlines()[1:] == [f"  {problem}"]
    assert check(tmp_path, monkeypatch) == 1
    said = capsys.readouterr().err.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    assert problem in said and "Traceback" not in said
    assert "notes-\ufffd.txt: not a Markdown comment file (.md), ignored" in said


def test_check_names_an_article_pelican_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    # The build logs such an article and leaves it out: check says so instead of "no problem".
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    latin = tmp_path / "content" / "articles" / "latin-1.md"
    latin.write_bytes(b"Title: Caf\xe9\nDate: 2024-03-01\n\nTexte.\n")
    assert check(tmp_path, monkeypatch) == 1
    assert capsys.readouterr().err.splitlines() == [
        "prospects: 1 problem(s) found:",
        "  content/articles/latin-1.md:1: not UTF-8 text (byte 0xe9); save the file as UTF-8",
    ]
