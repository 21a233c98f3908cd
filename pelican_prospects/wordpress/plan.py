"""Decide what an export becomes: article and page files, comment files, and what is skipped."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from urllib.parse import unquote

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from .compose import document, html_value, stamp
from .convert import one_line_markdown, plain, post_markdown
from .report import Output, Report, site_date
from .threads import comment_files
from .wxr import Export, Item

SKIPPED_STATUSES = {
    "draft": "drafts",
    "auto-draft": "drafts",
    "private": "private posts and pages",
    "future": "scheduled posts and pages",
    "pending": "posts and pages pending review",
    "trash": "posts and pages in the trash",
}
# What WordPress puts in a slug never includes these; a slug that does is made anew.
UNSAFE_SLUG = re.compile(r"[\s/\\?#%<>\"'*:|\x00-\x1f]|^\.")
TITLE_WORDS = 8


@dataclass(frozen=True)
class Layout:
    """Where files go under the content folder, and how dates and slugs are made."""

    articles: str
    pages: str
    comments: str
    zone: tzinfo
    posts: bool = True
    slug_substitutions: Iterable[tuple[str, str]] = tuple(
        DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    )
    # Slugs of the site's articles and pages as they are now, with their files.
    existing_articles: dict[str, str] = field(default_factory=dict)
    existing_pages: dict[str, str] = field(default_factory=dict)


def skip_reason(item: Item) -> str | None:
    """Return why an item is not imported, or None if it is a published post or page."""
    if item.type not in ("post", "page"):
        return f"'{item.type}' items (neither posts nor pages)"
    if item.status != "publish":
        return SKIPPED_STATUSES.get(item.status, f"posts and pages with status '{item.status}'")
    if item.password:
        return "password-protected posts and pages"
    return None


def title_of(item: Item) -> str:
    """Return the item's title, or its first words when it has none."""
    title = plain(item.title)
    if title:
        return title
    words = plain(item.content).split()
    if not words:
        return f"#{item.id}"
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")


def assign_slugs(items: list[Item], layout: Layout, report: Report) -> dict[int, str]:
    """Give each item a slug unique for its kind: WordPress's own first, then made from titles."""
    slugs: dict[int, str] = {}
    taken: dict[str, set[str]] = {"post": set(), "page": set()}
    wordpress = [(i, unquote(item.slug).strip()) for i, item in enumerate(items)]
    ordered = [pair for pair in wordpress if pair[1] and not UNSAFE_SLUG.search(pair[1])]
    ordered += [pair for pair in wordpress if pair not in ordered]
    for index, wanted in ordered:
        item = items[index]
        where = f"{item.type} {item.id} ({title_of(item)!r})"
        base = wanted if wanted and not UNSAFE_SLUG.search(wanted) else ""
        if not base:
            base = slugify(title_of(item), regex_subs=layout.slug_substitutions) or item.type
            what = f"slug {wanted!r} unusable" if wanted else "no slug"
            report.notes.append(f"{where} had {what}: given '{base}'")
        slug, number = base, 1
        while slug in taken[item.type]:
            number += 1
            slug = f"{base}-{number}"
        if slug != base:
            report.notes.append(f"{where}: slug '{base}' already used, given '{slug}'")
        taken[item.type].add(slug)
        slugs[index] = slug
    return slugs


def pelican_import_slug(item: Item, slug: str, existing: dict[str, str]) -> str:
    """Return the slug `pelican-import` gave the item if the site has it, else `slug`."""
    # It keeps WordPress's slug percent-encoded, and uses the post id when there is none.
    alias = item.slug or item.id
    return alias if slug not in existing and alias in existing else slug


def post_file(
    item: Item, slug: str, date: datetime, export: Export, layout: Layout, report: Report
) -> Output:
    """Return the article or page file of a published item."""
    changed = site_date(item.modified_gmt, "", layout.zone)
    categories = [plain(name) for name in item.categories]
    tags: list[str] = []
    for name in categories[1:] + [plain(name) for name in item.tags]:
        name = name.replace(",", " ").strip()
        if name and name.lower() not in {tag.lower() for tag in tags}:
            tags.append(name)
    converted = post_markdown(item.content)
    report.shortcodes.update(converted.shortcodes)
    article = item.type == "post"
    header = [
        ("Title", html_value(title_of(item))),
        ("Date", stamp(date)),
        ("Modified", stamp(changed) if changed and changed > date else ""),
        ("Author", html_value(plain(export.authors.get(item.creator, item.creator)))),
        ("Category", html_value(categories[0]) if article and categories else ""),
        ("Tags", ", ".join(html_value(tag) for tag in tags) if article else ""),
        ("Slug", slug),
        ("Summary", one_line_markdown(item.excerpt) if item.excerpt.strip() else ""),
    ]
    folder = layout.articles if article else layout.pages
    return Output(f"{folder}/{slug}.md", document(header, converted.markdown), item.type, slug)


def plan(
    export: Export, layout: Layout, advance: Callable[[int], None] = lambda _: None
) -> tuple[list[Output], Report]:
    """Return every file the export becomes, and the report of what was done and skipped."""
    report = Report()
    items: list[Item] = []
    dates: dict[str, datetime] = {}
    for item in export.items:
        reason = skip_reason(item)
        date = site_date(item.date_gmt, item.date, layout.zone)
        if reason is None and item.id in dates:
            reason = "posts and pages given twice in the export (same id)"
        if reason is None and date is None:
            reason = "posts and pages without a date"
        if reason is not None:
            report.skipped[reason] += 1
            if item.comments:
                report.skipped["comments on posts and pages not imported"] += len(item.comments)
            advance(1 + len(item.comments))
            continue
        dates[item.id] = date
        items.append(item)
    slugs = assign_slugs(items, layout, report)
    outputs: list[Output] = []
    live = set(layout.existing_articles)
    seen_comments: set[str] = set()
    for index, item in enumerate(items):
        article = item.type == "post"
        slugs_there = layout.existing_articles if article else layout.existing_pages
        slug = pelican_import_slug(item, slugs[index], slugs_there)
        path = f"{layout.articles if article else layout.pages}/{slug}.md"
        existing = slugs_there.get(slug)
        if layout.posts and existing not in (None, path):
            report.skipped["posts and pages already in the site in another file"] += 1
            report.notes.append(f"{item.type} '{slug}' left as it is in {existing}")
        elif layout.posts:
            outputs.append(post_file(item, slug, dates[item.id], export, layout, report))
            if article:
                live.add(slug)
            report.articles += article
            report.pages += not article
        advance(1)
        if not item.comments:
            continue
        if item.type == "page":
            report.skipped["comments on pages (shown on articles only)"] += len(item.comments)
        elif slug not in live:
            report.skipped["comments on posts that are not articles of the site"] += len(
                item.comments
            )
        else:
            outputs += comment_files(
                item.comments,
                slug=slug,
                folder=layout.comments,
                zone=layout.zone,
                seen=seen_comments,
                report=report,
                author_ids=export.author_ids,
            )
        advance(len(item.comments))
    return outputs, report
