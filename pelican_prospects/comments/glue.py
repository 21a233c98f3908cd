"""Pelican glue for comments: keep their files out of articles, attach threads, write feeds."""

from __future__ import annotations

import heapq
import logging
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator

from .. import i18n
from ..problems import ProspectsError
from ..settings import SETTINGS, config_of
from . import feeds
from .pipeline import Build, Feed
from .scan import article_folders
from .store import Store, fingerprint
from .thread import walk
from .work import Report, options_from

if TYPE_CHECKING:
    from collections.abc import Callable

    from babel.support import NullTranslations
    from pelican import Pelican
    from pelican.contents import Article
    from pelican.generators import Generator

logger = logging.getLogger(__name__)

SCRIPT = Path(__file__).parent.parent / "static" / "comments" / "comment-form.js"
SCRIPT_OUTPUT = "prospects/comment-form.js"
STORE = "prospects-comments"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# This build's comments, from `all_generators_finalized` to `finalized` (signal handlers are
# module functions: Pelican keeps weak references to them).
_build: Build | None = None


class StoredThread:
    """An article's thread HTML, read from the store only when a template prints it."""

    __slots__ = ("build", "part", "present", "slug")  # two per article: no dict each

    def __init__(self, build: Build, slug: str, part: int, present: bool) -> None:
        self.build, self.slug, self.part, self.present = build, slug, part, present

    def __bool__(self) -> bool:
        return self.present

    def __str__(self) -> str:
        return self.build.thread(self.slug, self.part)

    def __html__(self) -> str:
        return str(self)


def exclude_comments(pelican: Pelican) -> None:
    """Keep comment files from being read as articles, pages or static files."""
    # The plugin's own `initialized` handler may not have filled in the defaults yet.
    name = "PROSPECTS_COMMENTS_PATH"
    folder = pelican.settings.get(name, SETTINGS[name].default)
    for setting in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"):
        excludes = list(pelican.settings.get(setting, []))
        if folder not in excludes:
            pelican.settings[setting] = [*excludes, folder]


def add_filters(generator: Generator) -> None:
    """Give templates the `comment_walk` filter that walks nested threads without recursion."""
    generator.env.filters["comment_walk"] = walk


def close_build() -> None:
    """Close the last build's store (autoreload runs builds one after another in one process)."""
    global _build  # one build at a time
    if _build is not None:
        _build.store.close()
        _build = None


def start_build(generator: ArticlesGenerator) -> None:
    """Forget the last build's comments; give pages the site feed's address."""
    close_build()
    generator.context["prospects_comments_feed"] = feeds.SITE_FEED


def written_articles(generator: ArticlesGenerator) -> list[Article]:
    """Return every article in the order Pelican writes their pages."""
    return [
        *generator.translations,
        *generator.articles,
        *generator.hidden_translations,
        *generator.hidden_articles,
        *generator.drafts_translations,
        *generator.drafts,
    ]


def attach_comments(generators: list[Generator]) -> None:
    """Render comments, stop on bad files (or warn), attach counts and threads, plan feeds."""
    global _build  # read by `write_outputs` once every page is written
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if generator is None:
        return
    settings = generator.settings
    config = config_of(settings)
    if not config.contact_email and not os.path.exists(config.comments_root):
        return  # comments unused: nothing is attached, placed or written for them
    articles = written_articles(generator)
    translations = i18n.site_translations(config.lang, generator.theme)
    key = fingerprint(settings, generator.env, generator.theme)
    store = Store(
        os.path.join(config.cache_path, STORE) if config.cache else None,
        key,
        load=config.load_cache,
    )
    options = options_from(settings, translations.gettext("Anonymous"))
    inventory = article_folders(config.comments_root, options.base, list(config.ignore_files))
    build = _build = Build(options, store, inventory)
    site = build.render(
        generator.env, dict(settings), {a.slug for a in articles}, translations.gettext
    )
    for warning in site.warnings:
        logger.warning("prospects: %s", warning)
    if site.problems:
        if config.strict:
            close_build()
            files = len({problem.path for problem in site.problems})
            raise ProspectsError(
                site.problems,
                f"{files} bad comment file(s); fix them, or set PROSPECTS_STRICT = False "
                "to publish what can be",
            )
        for problem in site.problems:
            logger.warning("prospects: %s", problem)
    phrases: dict[int, str] = {}
    urls: dict[int, str] = {}  # Pelican computes `url` anew at each use
    for article in articles:
        report = site.folders.get(article.slug) or Report(article.slug)
        article.comment_count = report.count
        # Once per article, not once per list entry: lists show ~7 entries per article.
        if report.count not in phrases:
            phrases[report.count] = count_phrase(translations, report.count)
        article.comment_count_text = phrases[report.count]
        urls[id(article)] = article.url
        # Lists show the count of every article: a ready address, not one computed per entry.
        article.comments_url = f"{urls[id(article)]}#comments"
        article.pingback_count = report.mentions
        article.comment_thread = StoredThread(build, article.slug, 0, bool(report.count))
        article.pingback_thread = StoredThread(build, article.slug, 1, bool(report.mentions))
        if article.status != "draft":
            path = feeds.ARTICLE_FEED if article.lang == config.lang else feeds.TRANSLATION_FEED
            article.comments_feed = path.format(slug=article.slug, lang=article.lang)
    logger.info("prospects: %s", site.summary())
    build.feeds = plan_feeds(build, generator, urls, translations.gettext)
    build.entry_title = translations.gettext("Comment by %(author)s on “%(title)s”")


def count_phrase(translations: NullTranslations, count: int) -> str:
    """Return "No comments", "1 comment" or "9 comments" in the site's language."""
    # Formatted as Jinja's i18n extension formats `_()` and `{% trans count=... %}`.
    if count == 0:
        return translations.gettext("No comments") % {}
    plural = translations.ngettext("%(count)s comment", "%(count)s comments", count)
    return plural % {"count": count, "num": count}


def plan_feeds(
    build: Build,
    generator: ArticlesGenerator,
    urls: dict[int, str],
    gettext: Callable[[str], str],
) -> list[Feed]:
    """Title each feed for `<head>`; return every feed to write."""
    config = config_of(generator.settings)
    site_url = config.site_url
    planned: list[Feed] = []
    listed = {id(article) for article in generator.articles}
    pages: dict[str, tuple[str, str]] = {}
    for article in written_articles(generator):
        path = getattr(article, "comments_feed", None)
        if path is None:
            continue
        title = Markup(article.title).striptags()
        page_url = f"{site_url}/{urls[id(article)]}"
        # Once per article, not once per page that links the feed.
        article.comments_feed_title = gettext("Comments on “%(title)s”") % {"title": title}
        sources = ((article.slug, page_url, title),) if article.slug in build.site.folders else ()
        planned.append(Feed(path, article.comments_feed_title, page_url, article.date, sources))
        if id(article) in listed and sources:
            pages[article.slug] = (page_url, title)
    # Drawn one at a time: a bounded heap keeps the newest, not a list of every comment's entry.
    entries = (
        (date, comment_id, slug)
        for slug in pages
        for date, comment_id, _ in build.store.records[slug].entries
    )
    limit = build.options.newest
    chosen = heapq.nlargest(limit, entries) if limit else list(entries)
    site_name = Markup(config.site_name).striptags()
    site_title = gettext("%(site)s: comments") % {"site": site_name}
    generator.context["prospects_comments_feed_title"] = site_title
    site_feed = Feed(
        feeds.SITE_FEED,
        site_title,
        f"{site_url}/",
        max((article.date for article in generator.articles), default=EPOCH),
        tuple((slug, *pages[slug]) for slug in sorted({slug for _, _, slug in chosen})),
        tuple(sorted(comment_id for _, comment_id, _ in chosen)),
    )
    return [site_feed, *planned]


def write_outputs(pelican: Pelican) -> None:
    """Write the feeds, add the form's script, and keep what the next build reuses."""
    build = _build
    if build is None:
        return
    try:
        config = config_of(pelican.settings)
        build.write_feeds(
            output=pelican.output_path, feed_domain=config.feed_domain, lang=config.lang
        )
        target = os.path.join(pelican.output_path, SCRIPT_OUTPUT)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target) or Path(target).read_bytes() != SCRIPT.read_bytes():
            shutil.copyfile(SCRIPT, target)
        build.store.save(set(build.site.folders))
    finally:
        close_build()


def connect() -> None:
    """Connect the comment handlers to Pelican's signals."""
    # initialized: fires once, before generators read their settings: add the excludes there.
    signals.initialized.connect(exclude_comments)
    # generator_init: every generator of every build has a fresh Jinja environment.
    signals.generator_init.connect(add_filters)
    # article_generator_init: earliest point of each build: forget the last one.
    signals.article_generator_init.connect(start_build)
    # all_generators_finalized: every article is known, nothing is written yet.
    signals.all_generators_finalized.connect(attach_comments)
    # finalized: every page is written; the feeds and the form's script join them.
    signals.finalized.connect(write_outputs)
