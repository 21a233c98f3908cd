"""One build's comments, in one process: every folder read, checked and rendered once, in turn.

Once Pelican has read the articles, each article folder is rendered unless the cache shows its
files unchanged; its thread HTML and feed entries go to the store, and pages read them back when
printed. After the pages, the feeds are written, skipping those written from the same inputs.
"""

from __future__ import annotations

import hashlib
import heapq
import os
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import feeds
from .assemble import Site, assemble
from .scan import Inventory, comment_files
from .store import Span, Store, stamps_of
from .work import Options, Report, Tools, examine, render_folder

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from jinja2 import Environment


@dataclass(frozen=True)
class Feed:
    """One Atom feed to write: where, how it is titled, and the folders its entries come from."""

    path: str
    title: str
    page_url: str
    empty_date: datetime
    sources: tuple[tuple[str, str, str], ...]  # (slug, page address, page title)
    ids: tuple[str, ...] | None = None  # only these comments, if given


class Build:
    """One build's comments: the store, every folder's report, and the feeds to write."""

    def __init__(self, options: Options, store: Store, inventory: Inventory) -> None:
        self.options, self.store, self.inventory = options, store, inventory
        self.site = Site()
        self.feeds: list[Feed] = []
        self.entry_title = "Comment by %(author)s on “%(title)s”"

    def render(
        self,
        env: Environment,
        context: dict[str, Any],
        slugs: Collection[str],
        gettext: Callable[[str], str],
    ) -> Site:
        """Render every folder of a known article (unless unchanged); check them all."""
        tools: Tools | None = None  # made on first need: a rebuild may render nothing
        reports: list[Report] = []
        for slug, path in self.inventory.paths.items():
            files, warnings = comment_files(path, self.options.base, list(self.options.ignore))
            if slug not in slugs:  # a problem to report, nothing to render
                reports.append(examine(self.options, slug, files, warnings)[2])
                continue
            stamps = stamps_of(files, warnings)
            record = self.store.reusable(slug, stamps)
            if record is None:
                tools = tools or Tools(env, context, gettext)
                rendered = render_folder(self.options, tools, slug, files, warnings)
                record = self.store.keep(slug, stamps, rendered)
            reports.append(record.report)
        self.site = assemble(self.inventory, reports, slugs)
        return self.site

    def thread(self, slug: str, part: int) -> str:
        """Return an article's thread HTML: 0 for comments, 1 for pingbacks and trackbacks."""
        return self.store.get(self.store.records[slug].threads[part])

    def signature(self, feed: Feed, feed_url: str) -> str:
        """Return a hash of everything `feed` is written from."""
        digest = hashlib.blake2b(self.store.key.encode(), digest_size=16)
        digest.update(repr((feed, feed_url)).encode())
        # A folder's entries change only with its files, whose stamps decide its rendering too
        # (a file only touched makes the feed again, and `write_if_changed` leaves it as it is).
        for slug, *_ in feed.sources:
            digest.update(f"{self.store.records[slug].stamps}\0".encode())
        return digest.hexdigest()

    def write_feeds(self, *, output: str, feed_domain: str, lang: str) -> None:
        """Write each feed unless the last build wrote it from the same inputs."""
        listings: dict[str, set[str]] = {}
        old, self.store.feeds = self.store.feeds, {}
        for feed in self.feeds:
            feed_url = f"{feed_domain}/{feed.path}"
            signature = self.store.feeds[feed.path] = self.signature(feed, feed_url)
            target = os.path.join(output, feed.path)
            folder, name = os.path.split(target)
            if folder not in listings:  # one listing per folder, not a stat per feed
                os.makedirs(folder, exist_ok=True)
                listings[folder] = set(os.listdir(folder))
            if old.get(feed.path) == signature and name in listings[folder]:
                continue
            ids = None if feed.ids is None else set(feed.ids)
            chosen: list[tuple[float, str, Span, int]] = []
            makers = []
            for index, (slug, page_url, page_title) in enumerate(feed.sources):
                title = feeds.entry_title(self.entry_title, page_title)
                makers.append(feeds.entry_maker(page_url, title))
                for date, comment_id, span in self.store.records[slug].entries:
                    if ids is None or comment_id in ids:
                        chosen.append((date, comment_id, span, index))
            newest = heapq.nlargest(self.options.newest or len(chosen), chosen)
            spans: dict[int, list[Span]] = {}  # by source: a folder's entries are read at once
            for _, _, span, index in newest:
                spans.setdefault(index, []).append(span)
            kept = {
                span: blob
                for source in spans.values()
                for span, blob in zip(source, self.store.get_blobs(source), strict=True)
            }
            data = feeds.atom(
                title=feed.title,
                feed_url=feed_url,
                page_url=feed.page_url,
                lang=lang,
                empty_date=feed.empty_date,
                entries=[
                    makers[index](kept[span], comment_id) for _, comment_id, span, index in newest
                ],
            )
            write_if_changed(target, data, exists=name in listings[folder])


def write_if_changed(path: str, data: bytes, *, exists: bool) -> bool:
    """Write `data` unless the file exists and holds it already; tell whether it was written."""
    if exists:  # a new file is written without trying to read it first
        try:
            with open(path, "rb") as stream:
                if stream.read() == data:
                    return False
        except FileNotFoundError:
            pass
    with open(path, "wb") as stream:
        stream.write(data)
    return True
