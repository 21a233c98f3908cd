"""Atom feeds of comments, written as text: the same bytes for the same comments, no build time.

What an entry shows of a comment is made once, when its article folder is rendered, and kept
with the thread HTML; a feed is then a head, its newest entries with their page's address and
title, and a tail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from collections.abc import Callable

SITE_FEED = "feeds/comments.atom.xml"
ARTICLE_FEED = "feeds/comments/{slug}.atom.xml"
TRANSLATION_FEED = "feeds/comments/{slug}-{lang}.atom.xml"
# Characters XML 1.0 forbids, even escaped: dropped rather than making the feed unreadable.
UPDATED = re.compile(r"<updated>([^<]*)</updated>")
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
    host, path = host_and_path(url.partition("#")[0])
    fragment = url.partition("#")[2]
    return f"tag:{host},{day}:{path}{f'/{fragment}' if fragment else ''}"


@lru_cache(maxsize=1024)
def host_and_path(page_url: str) -> tuple[str, str]:
    """Return a page address's host (or 'localhost') and path (cached: one per page's entries)."""
    parts = urlsplit(page_url)
    return parts.hostname or "localhost", parts.path


def kept_entry(item: Item, anonymous: str) -> str:
    """Return what an entry keeps of a comment, whatever page shows it: author, date, body."""
    date = item.date.isoformat()
    name = text(" ".join((item.author or anonymous).split()))
    uri = f"\n      <uri>{text(item.website)}</uri>" if item.website else ""
    body = (
        f"    <updated>{date}</updated>\n"
        f"    <author>\n      <name>{name}</name>{uri}\n    </author>\n"
        f'    <content type="html">{text(item.content)}</content>\n'
        f"    <published>{date}</published>\n"
    )
    return f"{name}\n{date}\n{body}"


def entry_title(pattern: str, page_title: str) -> list[str]:
    """Return an entry title pattern for one page, escaped, cut where the author's name goes."""
    title = pattern % {"author": "\0", "title": NOT_XML.sub("", page_title)}
    return [text(part) for part in title.split("\0")]


def entry(kept: str, page_url: str, comment_id: str, title: list[str]) -> str:
    """Return the `<entry>` of a kept comment on a page, titled by `entry_title`'s parts."""
    author, date, body = kept.split("\n", 2)
    url = f"{page_url}#comment-{comment_id}"
    return (
        f"  <entry>\n    <id>{text(tag_uri(url, date[:10]))}</id>\n"
        f"    <title>{author.join(title)}</title>\n"
        f'{body}    <link href="{text(url)}" rel="alternate"/>\n  </entry>\n'
    )


def entry_maker(page_url: str, title: list[str]) -> Callable[[str, str], str]:
    """Return `entry` for the entries of one page: what they share is escaped once, not each."""
    if "#" in page_url:  # the entries' ids then take the page's own fragment: as `entry` does
        return lambda kept, comment_id: entry(kept, page_url, comment_id, title)
    host, path = host_and_path(page_url)
    id_start, id_end, url = text(f"tag:{host},"), text(f":{path}/comment-"), text(page_url)

    def make(kept: str, comment_id: str) -> str:
        author, date, body = kept.split("\n", 2)
        escaped = text(comment_id)
        return (
            f"  <entry>\n    <id>{id_start}{date[:10]}{id_end}{escaped}</id>\n"
            f"    <title>{author.join(title)}</title>\n"
            f'{body}    <link href="{url}#comment-{escaped}" rel="alternate"/>\n  </entry>\n'
        )

    return make


def atom(
    *,
    title: str,
    feed_url: str,
    page_url: str,
    lang: str,
    empty_date: datetime,
    entries: list[str],
) -> bytes:
    """Return an Atom feed of `<entry>` elements, newest first.

    The feed is updated at its newest comment's date, or at `empty_date` if it has none.
    """
    updated = UPDATED.search(entries[0])[1] if entries else empty_date.isoformat()
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
    return "".join([head, *entries, "</feed>\n"]).encode()
