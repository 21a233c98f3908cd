"""Atom feeds of comments, written as UTF-8: the same bytes for the same comments, no build time.

What an entry shows of a comment is made once, when its article folder is rendered, and kept
with the thread HTML; a feed is then a head, its newest entries with their page's address and
title, and a tail. Entries are bytes from the start: the store keeps them and feeds join them
as they are, never decoded nor encoded again.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from .read import NOT_XML, NOT_XML_BYTES, NOT_XML_SEQUENCES

if TYPE_CHECKING:
    from collections.abc import Callable

SITE_FEED = "feeds/comments.atom.xml"
ARTICLE_FEED = "feeds/comments/{slug}.atom.xml"
TRANSLATION_FEED = "feeds/comments/{slug}-{lang}.atom.xml"
UPDATED = re.compile(rb"<updated>([^<]*)</updated>")


class Item(NamedTuple):
    """What a feed shows of one published comment."""

    date: datetime
    id: str
    author: str
    website: str | None
    content: bytes  # the comment's sanitized HTML, in UTF-8


def xml(value: str) -> bytes:
    """Return `value` in UTF-8, escaped for XML text or a quoted attribute, as `html.escape`."""
    if value.isalnum():  # letters and digits only, as most ids: nothing to drop nor escape
        return value.encode()
    return xml_utf8(value.encode())


def xml_utf8(data: bytes) -> bytes:
    """Return UTF-8 text escaped as `xml` escapes it, without the characters XML forbids."""
    # Characters XML forbids, even escaped, are dropped: the controls are one byte each, and
    # ASCII bytes never occur inside a UTF-8 sequence, so bytes are replaced as characters would be.
    data = data.translate(None, NOT_XML_BYTES)
    if b"\xef" in data:  # U+F000 to U+FFFF, U+FFFE and U+FFFF among them: rare (one byte: memchr)
        for sequence in NOT_XML_SEQUENCES:
            data = data.replace(sequence, b"")
    return (
        data.replace(b"&", b"&amp;")
        .replace(b"<", b"&lt;")
        .replace(b">", b"&gt;")
        .replace(b'"', b"&quot;")
        .replace(b"'", b"&#x27;")
    )


@lru_cache(maxsize=1024)
def host_and_path(page_url: str) -> tuple[str, str]:
    """Return a page address's host (or 'localhost') and path (cached: one per page's entries)."""
    parts = urlsplit(page_url)
    return parts.hostname or "localhost", parts.path


def kept_entry(item: Item, anonymous: str) -> bytes:
    """Return what an entry keeps of a comment, whatever page shows it: author, date, body."""
    date = item.date.isoformat().encode()
    name = xml(" ".join((item.author or anonymous).split()))
    uri = b"\n      <uri>%s</uri>" % xml(item.website) if item.website else b""
    return (
        b"%s\n%s\n"
        b"    <updated>%s</updated>\n"
        b"    <author>\n      <name>%s</name>%s\n    </author>\n"
        b'    <content type="html">%s</content>\n'
        b"    <published>%s</published>\n"
    ) % (name, date, date, name, uri, xml_utf8(item.content), date)


def entry_title(pattern: str, page_title: str) -> list[bytes]:
    """Return an entry title pattern for one page, escaped, cut where the author's name goes."""
    title = pattern % {"author": "\0", "title": NOT_XML.sub("", page_title)}
    return [xml(part) for part in title.split("\0")]


def entry_maker(page_url: str, title: list[bytes]) -> Callable[[bytes, str], bytes]:
    """Return what makes a kept comment an `<entry>` on one page; what they share is escaped once.

    Its id is a tag URI (RFC 4151, as Pelican's): `tag:HOST,DAY:PATH/comment-ID`, the page's own
    fragment, if it has one, before `#comment-ID`; the link is the page's address `#comment-ID`.
    """
    page, has_fragment, fragment = page_url.partition("#")
    host, path = host_and_path(page)
    before_id = f"{fragment}#comment-" if has_fragment else "comment-"
    id_start, id_end, url = xml(f"tag:{host},"), xml(f":{path}/{before_id}"), xml(page_url)

    def make(kept: bytes, comment_id: str) -> bytes:
        author, date, body = kept.split(b"\n", 2)
        escaped = xml(comment_id)
        return (
            b"  <entry>\n    <id>%s%s%s%s</id>\n"
            b"    <title>%s</title>\n"
            b'%s    <link href="%s#comment-%s" rel="alternate"/>\n  </entry>\n'
        ) % (id_start, date[:10], id_end, escaped, author.join(title), body, url, escaped)

    return make


def atom(
    *,
    title: str,
    feed_url: str,
    page_url: str,
    lang: str,
    empty_date: datetime,
    entries: list[bytes],
) -> bytes:
    """Return an Atom feed of `<entry>` elements, newest first.

    The feed is updated at its newest comment's date, or at `empty_date` if it has none.
    """
    updated = UPDATED.search(entries[0])[1] if entries else empty_date.isoformat().encode()
    head = (
        b"<?xml version='1.0' encoding='UTF-8'?>\n"
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">\n'
        b"  <id>%s</id>\n"
        b"  <title>%s</title>\n"
        b"  <updated>%s</updated>\n"
        b'  <link href="%s" rel="alternate"/>\n'
        b'  <link href="%s" rel="self"/>\n'
        b"  <generator>pelican-prospects</generator>\n"
    ) % (xml(lang), xml(feed_url), xml(title), updated, xml(page_url), xml(feed_url))
    return b"".join([head, *entries, b"</feed>\n"])
