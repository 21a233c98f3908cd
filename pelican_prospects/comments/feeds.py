"""Atom feeds of comments, written as text: the same bytes for the same comments, no build time.

What an entry shows of a comment is made once, when its article folder is rendered, and kept
with the thread HTML; a feed is then a head, its newest entries with their page's address and
title, and a tail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from html import escape
from urllib.parse import urlsplit

SITE_FEED = "feeds/comments.atom.xml"
ARTICLE_FEED = "feeds/comments/{slug}.atom.xml"
TRANSLATION_FEED = "feeds/comments/{slug}-{lang}.atom.xml"
# Characters XML 1.0 forbids, even escaped: dropped rather than making the feed unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Item:
    """What a feed shows of one published comment."""

    date: datetime
    id: str
    author: str
    website: str | None
    content: str


def text(value: str) -> str:
    """Escape `value` for XML text or a quoted attribute."""
    return escape(NOT_XML.sub("", value))


def tag_uri(url: str, day: str) -> str:
    """Return a stable Atom id for a page address and a `YYYY-MM-DD` day (RFC 4151, as Pelican)."""
    parts = urlsplit(url)
    fragment = f"/{parts.fragment}" if parts.fragment else ""
    return f"tag:{parts.hostname or 'localhost'},{day}:{parts.path}{fragment}"


def kept_entry(item: Item, anonymous: str) -> str:
    """Return what an entry keeps of a comment, whatever page shows it: author, date, body."""
    date = item.date.isoformat()
    uri = f"\n      <uri>{text(item.website)}</uri>" if item.website else ""
    body = (
        f"    <updated>{date}</updated>\n"
        f"    <author>\n      <name>{text(item.author or anonymous)}</name>{uri}\n    </author>\n"
        f'    <content type="html">{text(item.content)}</content>\n'
        f"    <published>{date}</published>\n"
    )
    return f"{item.author}\n{date}\n{body}"


def entry(kept: str, url: str, entry_title: str, page_title: str, anonymous: str) -> str:
    """Return the `<entry>` of a kept comment shown at `url` (its permalink) on a titled page."""
    author, date, body = kept.split("\n", 2)
    title = entry_title % {"author": author or anonymous, "title": page_title}
    return (
        f"  <entry>\n    <id>{text(tag_uri(url, date[:10]))}</id>\n"
        f"    <title>{text(title)}</title>\n"
        f'{body}    <link href="{text(url)}" rel="alternate"/>\n  </entry>\n'
    )


def atom(
    *,
    title: str,
    feed_url: str,
    page_url: str,
    lang: str,
    empty_date: datetime,
    entries: list[tuple[str, str, str]],
    entry_title: str,
    anonymous: str,
) -> bytes:
    """Return an Atom feed of kept entries, newest first, as `(kept, permalink, page title)`.

    The feed is updated at its newest comment's date, or at `empty_date` if it has none.
    """
    updated = entries[0][0].split("\n", 2)[1] if entries else empty_date.isoformat()
    head = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{text(lang)}">\n'
        f"  <id>{text(feed_url)}</id>\n"
        f"  <title>{text(title)}</title>\n"
        f"  <updated>{updated}</updated>\n"
        f'  <link href="{text(page_url)}" rel="alternate"/>\n'
        f'  <link href="{text(feed_url)}" rel="self"/>\n'
        "  <generator>pelican-prospects</generator>\n"
    )
    body = [entry(kept, url, entry_title, page, anonymous) for kept, url, page in entries]
    return "".join([head, *body, "</feed>\n"]).encode()
