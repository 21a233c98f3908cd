"""Atom feeds of comments (feedgen), the same bytes for the same comments: no build time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

SITE_FEED = "feeds/comments.atom.xml"
ARTICLE_FEED = "feeds/comments/{slug}.atom.xml"
TRANSLATION_FEED = "feeds/comments/{slug}-{lang}.atom.xml"


class Item(NamedTuple):
    """What a feed shows of one published comment, kept between builds (oldest sorts first)."""

    date: datetime
    id: str
    author: str
    website: str | None
    content: str


@dataclass(frozen=True)
class Entry:
    """A comment as a feed shows it: its permalink and its title."""

    item: Item
    url: str
    title: str


def tag_uri(url: str, date: datetime) -> str:
    """Return a stable Atom id for a page address and a date (RFC 4151, as Pelican does)."""
    parts = urlsplit(url)
    fragment = f"/{parts.fragment}" if parts.fragment else ""
    return f"tag:{parts.hostname or 'localhost'},{date:%Y-%m-%d}:{parts.path}{fragment}"


def atom(
    *,
    title: str,
    feed_url: str,
    page_url: str,
    lang: str,
    entries: list[Entry],
    limit: int | None,
    empty_date: datetime,
    anonymous: str,
) -> bytes:
    """Return an Atom feed of the newest `entries`, updated at the newest comment's date."""
    # Imported here: feedgen and lxml weigh 4 MiB, and only worker processes write feeds.
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.language(lang)
    feed.link(href=page_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.generator("pelican-prospects")
    newest = sorted(entries, key=lambda entry: entry.item[:2], reverse=True)[:limit]
    feed.updated(newest[0].item.date if newest else empty_date)
    for entry in newest:
        comment = entry.item
        item = feed.add_entry(order="append")
        item.id(tag_uri(entry.url, comment.date))
        item.title(entry.title)
        author = {"name": comment.author or anonymous}
        if comment.website:
            author["uri"] = comment.website
        item.author(author)
        item.published(comment.date)
        item.updated(comment.date)
        item.link(href=entry.url, rel="alternate")
        item.content(comment.content, type="html")
    return feed.atom_str(pretty=True)
