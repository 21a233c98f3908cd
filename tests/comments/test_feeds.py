"""Atom feeds of comments: valid for a feed reader, the same bytes for the same comments."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta, timezone

import feedparser
from hypothesis import given
from hypothesis import strategies as st

from pelican_prospects.comments.feeds import (
    Item,
    atom,
    entry_maker,
    entry_title,
    host_and_path,
    kept_entry,
    xml,
)

START = datetime(2024, 3, 4, 10, 0, tzinfo=timezone(timedelta(hours=1)))


TITLE = "Comment by %(author)s on “%(title)s”"


def tag_uri(url: str, day: str) -> str:
    """Return the Atom id of a comment's address on a day, spelled out (RFC 4151, as Pelican)."""
    host, path = host_and_path(url.partition("#")[0])
    fragment = url.partition("#")[2]
    return f"tag:{host},{day}:{path}{f'/{fragment}' if fragment else ''}"


def entry(kept: bytes, page_url: str, comment_id: str, title: list[bytes]) -> bytes:
    """Return the `<entry>` of a kept comment on a page, every part escaped on its own."""
    author, date, body = kept.split(b"\n", 2)
    url = f"{page_url}#comment-{comment_id}"
    return (
        b"  <entry>\n    <id>%s</id>\n"
        b"    <title>%s</title>\n"
        b'%s    <link href="%s" rel="alternate"/>\n  </entry>\n'
    ) % (xml(tag_uri(url, date[:10].decode())), author.join(title), body, xml(url))


def comment(
    comment_id: str, minutes: int, author: str = "Jean", website: str | None = None
) -> tuple:
    item = Item(
        START + timedelta(minutes=minutes),
        comment_id,
        author,
        website,
        f"<p>Texte {comment_id} &amp; <em>plus</em></p>".encode(),
    )
    return kept_entry(item, "Anonyme"), comment_id, "A"


FEED = {
    "title": "Comments on “A”",
    "feed_url": "https://blog.example/feeds/comments/a.atom.xml",
    "page_url": "https://blog.example/a.html",
    "lang": "fr",
    "empty_date": START - timedelta(days=1),
}


def feed(entries: list[tuple[str, str, str]]) -> bytes:
    """Return a feed of `entries`, given oldest first as in a thread (a feed lists newest first)."""
    return atom(
        **FEED,
        entries=[
            entry_maker("https://blog.example/a.html", entry_title(TITLE, page))(kept, comment_id)
            for kept, comment_id, page in entries[::-1]
        ],
    )


def test_a_feed_parses_cleanly_with_every_entry_field() -> None:
    parsed = feedparser.parse(
        feed([comment("1", 0, website="https://jean.example/"), comment("2", 5, author="")])
    )
    assert parsed.bozo == 0
    assert parsed.feed.title == "Comments on “A”" and parsed.feed.language == "fr"
    first, second = parsed.entries
    assert (first.author, first.link) == ("Anonyme", "https://blog.example/a.html#comment-2")
    assert second.author_detail.href == "https://jean.example/"
    assert second.content[0].value == "<p>Texte 1 &amp; <em>plus</em></p>"
    assert second.published_parsed[:5] == (2024, 3, 4, 9, 0)


def test_updated_is_the_newest_comment_never_the_build_time() -> None:
    parsed = feedparser.parse(feed([comment("1", 0), comment("2", 30)]))
    assert parsed.feed.updated == "2024-03-04T10:30:00+01:00"
    assert feedparser.parse(feed([])).feed.updated == "2024-03-03T10:00:00+01:00"
    assert feed([comment("1", 0)]) == feed([comment("1", 0)])


def test_hostile_text_stays_text_and_the_feed_stays_well_formed() -> None:
    item = Item(
        START,
        "1",
        '<script>"x"</script> & \x00\x1b',
        "https://a.example/?a=1&b=<2>",
        b"<p>a\x07b</p>",
    )
    parsed = feedparser.parse(feed([(kept_entry(item, "Anonyme"), "1", "A & <B> %(author)s")]))
    assert parsed.bozo == 0
    (only,) = parsed.entries
    assert only.author == '<script>"x"</script> &'
    assert only.author_detail.href == "https://a.example/?a=1&b=<2>"
    assert only.title == 'Comment by <script>"x"</script> &  on “A & <B> %(author)s”'
    assert only.content[0].value == "<p>ab</p>"


def test_ids_are_tag_uris_stable_across_builds() -> None:
    kept = kept_entry(Item(START, "1", "Jean", None, b"<p>x</p>"), "Anonyme")
    ids = [
        feedparser.parse(atom(**FEED, entries=[entry_maker(page, [b"t"])(kept, "1")])).entries[0].id
        for page in ("https://blog.example/a.html", "/a.html", "https://blog.example/a.html#top")
    ]
    assert ids == [
        "tag:blog.example,2024-03-04:/a.html/comment-1",
        "tag:localhost,2024-03-04:/a.html/comment-1",
        "tag:blog.example,2024-03-04:/a.html/top#comment-1",
    ]


@given(
    st.sampled_from(
        [
            "https://blog.example/2024/bonjour.html",
            "http://localhost:8000/a b/é.html",
            "/relative/page.html",
            "https://x.example/p.html#section",
            "https://x.example/<&\"'>",
        ]
    ),
    st.text(alphabet=st.sampled_from("a1-#<&\"'é/\x01 "), max_size=12),
    st.sampled_from(["Par %(author)s sur « %(title)s »", "%(title)s <%(author)s>"]),
)
def test_an_entry_made_for_its_page_is_the_entry_spelled_out(
    page_url: str, comment_id: str, pattern: str
) -> None:
    item = Item(datetime(2024, 3, 4, 10, tzinfo=UTC), comment_id, "A <b>&", None, b"<p>x</p>")
    kept = kept_entry(item, "Anonyme")
    title = entry_title(pattern, "Un <titre> & \x02")
    made = entry_maker(page_url, title)
    assert made(kept, comment_id) == entry(kept, page_url, comment_id, title)


# What XML forbids (and what is near it in UTF-8), what needs escaping, and anything else.
XML_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from("a é&<>\"'#%/\x00\x01\x1f\t\n\r\ufffe\uffff\uf000\ufffd")),
    st.text(max_size=6),
)
ITEMS = st.builds(
    Item,
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-3, minutes=-30))])),
    XML_TEXT,
    XML_TEXT,
    st.none() | XML_TEXT,
    XML_TEXT.map(str.encode),
)


NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"  # the characters XML 1.0 forbids


def reference(value: str) -> str:
    """Escape `value` as feeds always did: what XML forbids dropped, then `html.escape`."""
    return html.escape(re.sub(NOT_XML, "", value))


def reference_entry(item: Item, page_url: str, pattern: str, page_title: str) -> str:
    """Return an `<entry>` written in the plainest way, one value after another."""
    date = item.date.isoformat()
    name = reference(" ".join((item.author or "Anonyme").split()))
    title = pattern % {"author": "\0", "title": re.sub(NOT_XML, "", page_title)}
    url = f"{page_url}#comment-{item.id}"
    uri = f"\n      <uri>{reference(item.website)}</uri>" if item.website else ""
    return (
        f"  <entry>\n    <id>{reference(tag_uri(url, date[:10]))}</id>\n"
        f"    <title>{name.join(reference(part) for part in title.split(chr(0)))}</title>\n"
        f"    <updated>{date}</updated>\n"
        f"    <author>\n      <name>{name}</name>{uri}\n    </author>\n"
        f'    <content type="html">{reference(item.content.decode())}</content>\n'
        f"    <published>{date}</published>\n"
        f'    <link href="{reference(url)}" rel="alternate"/>\n  </entry>\n'
    )


@given(
    st.lists(ITEMS, max_size=3),
    st.sampled_from(["https://blog.example/a b/é.html", "/p.html", "https://x.example/p#s&<"]),
    st.sampled_from([TITLE, "%(title)s <%(author)s> \x01"]),
    XML_TEXT,
    XML_TEXT,
)
def test_a_feed_is_the_bytes_of_its_plainest_writing(
    items: list[Item], page_url: str, pattern: str, page_title: str, lang: str
) -> None:
    items.sort(key=lambda item: item.date, reverse=True)
    made = entry_maker(page_url, entry_title(pattern, page_title))
    data = atom(
        title=page_title,
        feed_url="https://blog.example/feeds/a.atom.xml",
        page_url=page_url,
        lang=lang,
        empty_date=START,
        entries=[made(kept_entry(item, "Anonyme"), item.id) for item in items],
    )
    updated = (items[0].date if items else START).isoformat()
    head = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{reference(lang)}">\n'
        f"  <id>https://blog.example/feeds/a.atom.xml</id>\n"
        f"  <title>{reference(page_title)}</title>\n"
        f"  <updated>{updated}</updated>\n"
        f'  <link href="{reference(page_url)}" rel="alternate"/>\n'
        f'  <link href="https://blog.example/feeds/a.atom.xml" rel="self"/>\n'
        "  <generator>pelican-prospects</generator>\n"
    )
    entries = "".join(reference_entry(item, page_url, pattern, page_title) for item in items)
    assert data == f"{head}{entries}</feed>\n".encode()
