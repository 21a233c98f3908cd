"""Pelican glue for comments: keep their files out of articles, attach threads, write feeds."""

from __future__ import annotations

import hashlib
import heapq
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import ArticlesGenerator

from .. import i18n
from ..problems import ProspectsError
from ..settings import SETTINGS
from . import feeds
from .assemble import Site, assemble
from .jobs import FeedJob, FeedSource, FolderResult, Plan
from .pipeline import Pipeline
from .scan import Folders, article_folders
from .store import Store, fingerprint, make_plan
from .thread import walk
from .work import Templates, set_templates

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


@dataclass
class Build:
    """One build's comments: where they are kept, the work under way, what it gave."""

    settings: dict[str, Any]
    folders: Folders
    plan: Plan
    store: Store
    pipeline: Pipeline
    temporary: str | None
    previous: dict[str, Any]
    signatures: dict[str, str] = field(default_factory=dict)
    site: Site | None = None

    def close(self) -> None:
        """Stop the workers and remove the temporary store, if any."""
        self.pipeline.close()
        set_templates(None)
        if self.temporary:
            shutil.rmtree(self.temporary, ignore_errors=True)


_build: Build | None = None


class StoredThread:
    """An article's thread HTML, read from the store only when a template prints it."""

    def __init__(self, build: Build, slug: str, part: int, present: bool) -> None:
        self.build, self.slug, self.part, self.present = build, slug, part, present

    def __bool__(self) -> bool:
        return self.present

    def __str__(self) -> str:
        return self.build.store.thread(self.slug)[self.part]

    def __html__(self) -> str:
        return str(self)


def comments_folder(settings: dict[str, Any]) -> str:
    """Return the absolute path of the comments folder."""
    return os.path.join(settings["PATH"], settings["PROSPECTS_COMMENTS_PATH"])


def in_use(settings: dict[str, Any]) -> bool:
    """Tell whether the site has comments or takes them: if not, nothing is written for them."""
    return bool(settings.get("PROSPECTS_CONTACT_EMAIL")) or os.path.isdir(comments_folder(settings))


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


def start_reading(generator: ArticlesGenerator) -> None:
    """Start reading comment folders (in worker processes if many) while Pelican reads articles."""
    global _build  # one build at a time; autoreload starts a new one in the same process
    if _build is not None:
        _build.close()
        _build = None
    settings = generator.settings
    if not in_use(settings):
        return
    base = os.path.dirname(os.path.abspath(settings["PATH"]))
    folders = article_folders(comments_folder(settings), base, list(settings["IGNORE_FILES"]))
    temporary = None
    if settings.get("CACHE_CONTENT"):
        store = Store(os.path.join(settings["CACHE_PATH"], STORE))
    else:
        temporary = tempfile.mkdtemp(prefix="prospects-comments-")
        store = Store(temporary)
    load = bool(settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE"))
    previous = store.manifest() if load else {}
    store.create(keep=load)
    plan = make_plan(
        settings, store=store.folder, key=fingerprint(settings, generator.env, generator.theme)
    )
    set_templates(Templates(generator.env, dict(settings)))  # before workers fork
    cached = previous.get("key") == plan.key
    pipeline = Pipeline(plan, folders, cached_files=previous.get("files", 0) if cached else None)
    _build = Build(settings, folders, plan, store, pipeline, temporary, previous)
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
    """Stop on bad comment files (or warn), attach counts and threads, start rendering."""
    build = _build
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if build is None or generator is None:
        return
    articles = written_articles(generator)
    site = assemble(build.folders, build.pipeline.results(), {a.slug for a in articles})
    for warning in site.warnings:
        logger.warning("prospects: %s", warning)
    if site.problems:
        if build.settings["PROSPECTS_STRICT"]:
            build.close()
            files = len({problem.path for problem in site.problems})
            raise ProspectsError(
                site.problems,
                f"{files} bad comment file(s); fix them, or set PROSPECTS_STRICT = False "
                "to publish what can be",
            )
        for problem in site.problems:
            logger.warning("prospects: %s", problem)
    default_lang = build.settings.get("DEFAULT_LANG")
    translations = i18n.site_translations(default_lang or "en", generator.theme)
    phrases: dict[int, str] = {}
    urls: dict[int, str] = {}  # Pelican computes `url` anew at each use
    for article in articles:
        result = site.folders.get(article.slug) or FolderResult(article.slug)
        article.comment_count = result.count
        # Once per article, not once per list entry: lists show ~7 entries per article.
        if result.count not in phrases:
            phrases[result.count] = count_phrase(translations, result.count)
        article.comment_count_text = phrases[result.count]
        urls[id(article)] = article.url
        # Lists show the count of every article: a ready address, not one computed per entry.
        article.comments_url = f"{urls[id(article)]}#comments"
        article.pingback_count = result.mentions
        article.comment_thread = StoredThread(build, article.slug, 0, bool(result.count))
        article.pingback_thread = StoredThread(build, article.slug, 1, bool(result.mentions))
        if article.status != "draft":
            path = feeds.ARTICLE_FEED if article.lang == default_lang else feeds.TRANSLATION_FEED
            article.comments_feed = path.format(slug=article.slug, lang=article.lang)
    logger.info("prospects: %s", site.summary())
    build.site = site
    build.pipeline.write(plan_feeds(build, site, generator, urls, translations.gettext))


def count_phrase(translations: NullTranslations, count: int) -> str:
    """Return "No comments", "1 comment" or "9 comments" in the site's language."""
    # Formatted as Jinja's i18n extension formats `_()` and `{% trans count=... %}`.
    if count == 0:
        return translations.gettext("No comments") % {}
    plural = translations.ngettext("%(count)s comment", "%(count)s comments", count)
    return plural % {"count": count, "num": count}


def plan_feeds(
    build: Build,
    site: Site,
    generator: ArticlesGenerator,
    urls: dict[int, str],
    gettext: Callable[[str], str],
) -> list[FeedJob]:
    """Title each feed for `<head>`; return those to write, unless written from the same inputs."""
    settings = build.settings
    lang = settings.get("DEFAULT_LANG", "en")
    site_url = settings.get("SITEURL", "")
    feed_domain = settings.get("FEED_DOMAIN") or site_url
    old = build.previous.get("feeds", {})
    common = {
        "lang": lang,
        "limit": build.plan.newest,
        "anonymous": gettext("Anonymous"),
        "entry_title": gettext("Comment by %(author)s on “%(title)s”"),
    }

    listings: dict[str, set[str]] = {}

    def written(target: str) -> bool:
        """Tell whether a file is in the output: one listing per folder, not a stat per feed."""
        folder, name = os.path.split(target)
        if folder not in listings:
            listings[folder] = set(os.listdir(folder)) if os.path.isdir(folder) else set()
        return name in listings[folder]

    def job(path: str, inputs: str, **options: Any) -> FeedJob | None:
        signature = hashlib.blake2b(f"{build.plan.key}\0{inputs}".encode(), digest_size=16)
        build.signatures[path] = signature.hexdigest()
        target = os.path.join(generator.output_path, path)
        if old.get(path) == build.signatures[path] and written(target):
            return None
        return FeedJob(target=target, feed_url=f"{feed_domain}/{path}", **common, **options)

    jobs: list[FeedJob] = []
    newest: list[tuple[float, str, str]] = []
    listed = {id(article) for article in generator.articles}
    pages: dict[str, tuple[str, str]] = {}
    for article in written_articles(generator):
        path = getattr(article, "comments_feed", None)
        if path is None:
            continue
        result = site.folders.get(article.slug) or FolderResult(article.slug)
        title = Markup(article.title).striptags()
        page_url = f"{site_url}/{urls[id(article)]}"
        # Once per article, not once per page that links the feed.
        article.comments_feed_title = gettext("Comments on “%(title)s”") % {"title": title}
        found = job(
            path,
            f"{result.signature}\0{title}\0{page_url}\0{article.date}",
            title=article.comments_feed_title,
            page_url=page_url,
            empty_date=article.date,
            sources=(FeedSource(article.slug, page_url, title),),
        )
        if found:
            jobs.append(found)
        if id(article) in listed:
            pages[article.slug] = (page_url, title)
            newest += [(date, comment_id, article.slug) for date, comment_id in result.newest]
    chosen = heapq.nlargest(build.plan.newest or len(newest), newest)
    ids: dict[str, set[str]] = {}
    for _, comment_id, slug in chosen:
        ids.setdefault(slug, set()).add(comment_id)
    sources = tuple(FeedSource(slug, *pages[slug], frozenset(ids[slug])) for slug in sorted(ids))
    site_name = Markup(settings.get("SITENAME", "")).striptags()
    site_title = gettext("%(site)s: comments") % {"site": site_name}
    generator.context["prospects_comments_feed_title"] = site_title
    found = job(
        feeds.SITE_FEED,
        repr([(source, site.folders[source.slug].signature) for source in sources]),
        title=site_title,
        page_url=f"{site_url}/",
        empty_date=max((article.date for article in generator.articles), default=EPOCH),
        sources=sources,
    )
    return [found, *jobs] if found else jobs


def write_outputs(pelican: Pelican) -> None:
    """Finish the feeds, add the form's script, and keep what the next build reuses."""
    build = _build
    if build is None or build.site is None:
        return
    try:
        build.pipeline.finish()
        target = os.path.join(pelican.output_path, SCRIPT_OUTPUT)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target) or Path(target).read_bytes() != SCRIPT.read_bytes():
            shutil.copyfile(SCRIPT, target)
        if build.temporary is None:
            files = sum(result.files for result in build.site.folders.values())
            manifest = {"key": build.plan.key, "feeds": build.signatures, "files": files}
            build.store.save_manifest(manifest)
    finally:
        build.close()


def connect() -> None:
    """Connect the comment handlers to Pelican's signals."""
    # initialized: fires once, before generators read their settings: add the excludes there.
    signals.initialized.connect(exclude_comments)
    # generator_init: every generator of every build has a fresh Jinja environment.
    signals.generator_init.connect(add_filters)
    # article_generator_init: earliest point of each build; reading overlaps Pelican's own.
    signals.article_generator_init.connect(start_reading)
    # all_generators_finalized: every article is known, nothing is written yet.
    signals.all_generators_finalized.connect(attach_comments)
    # finalized: every page is written; the feeds and the form's script join them.
    signals.finalized.connect(write_outputs)
