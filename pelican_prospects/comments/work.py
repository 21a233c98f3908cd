"""The work done per article folder (read and render; write feeds), in worker processes if many."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..problems import Problem
from . import avatar, feeds
from .jobs import FeedJob, FolderJob, FolderResult, Plan
from .model import Comment
from .read import Reading, read_comment
from .scan import CommentFile, comment_files
from .store import THREAD_TEMPLATE, FolderIndex, Store
from .thread import Thread, build, walk

if TYPE_CHECKING:
    from jinja2 import Environment

    from .render import Renderer


@dataclass(frozen=True)
class Templates:
    """The Jinja environment and settings that thread HTML is rendered with."""

    env: Environment
    context: dict[str, Any]

    def render(self, roots: list[Comment]) -> str:
        """Return the HTML of threads (roots and nested replies)."""
        return self.env.get_template(THREAD_TEMPLATE).render(self.context, roots=roots)


# Set in the main process before worker processes fork, so that they inherit them.
_templates: Templates | None = None
_renderer: Renderer | None = None


def set_templates(templates: Templates | None) -> None:
    """Give this process (and the workers it forks later) the templates for thread HTML."""
    global _templates  # inherited by forked workers: a Jinja environment cannot be pickled
    _templates = templates


def renderer() -> Renderer:
    """Return this process's Markdown renderer, made on first use and reused."""
    global _renderer  # one converter per process, reset between comments
    if _renderer is None:
        from .render import Renderer

        _renderer = Renderer()
    return _renderer


def preload(*, rendering: bool) -> None:
    """Load here, before workers fork, what they need: they share it instead of copying it.

    Babel's locale data comes first: the main process loads it anyway for its own dates.
    """
    date_filter = _templates.env.filters.get("prospects_date") if _templates else None
    if date_filter is not None:
        date_filter(datetime.now(UTC))
    if rendering:
        from feedgen.feed import FeedGenerator  # noqa: F401  (lxml too: about 4 MiB)

        renderer()
        if _templates is not None:
            _templates.env.get_template(THREAD_TEMPLATE)


@lru_cache(maxsize=8)
def zone_named(name: str) -> ZoneInfo:
    """Return a time zone by name (cached: every file of a build asks for the same one)."""
    return ZoneInfo(name)


@dataclass
class Folder:
    """One article folder as read now: its files' readings and a hash of their bytes."""

    readings: list[Reading]
    signature: str


def read_folder(plan: Plan, slug: str, files: list[CommentFile]) -> Folder:
    """Read every comment file of one article folder (an unreadable one is a problem)."""
    zone = zone_named(plan.zone)
    digest = hashlib.blake2b(digest_size=16)
    readings = []
    for file in files:
        try:
            with open(file.path, "rb") as stream:
                data = stream.read()
        except OSError as error:
            reason = f"cannot be read: {error.strerror or error}"
            readings.append(Reading(None, problems=[Problem(file.shown, None, reason)]))
            digest.update(f"{file.path}\0unreadable\0".encode())
            continue
        digest.update(f"{file.path}\0{len(data)}\0".encode())
        digest.update(data)
        modified = datetime.fromtimestamp(file.mtime_ns // 1_000_000_000, zone)
        readings.append(
            read_comment(
                data,
                path=file.shown,
                article=slug,
                comment_id=file.id,
                zone=zone,
                fallback_date=modified,
            )
        )
    return Folder(readings, digest.hexdigest())


def thread_of(folder: Folder) -> tuple[Thread, list[Problem]]:
    """Nest a folder's comments."""
    return build([reading.comment for reading in folder.readings if reading.comment is not None])


def examine(
    plan: Plan, slug: str, files: list[CommentFile], warnings: list[str]
) -> tuple[Folder, Thread, FolderResult]:
    """Read and thread one article folder: its counts, problems and newest comments."""
    folder = read_folder(plan, slug, files)
    thread, thread_problems = thread_of(folder)
    result = FolderResult(
        slug, files=len(folder.readings), warnings=list(warnings), signature=folder.signature
    )
    for reading in folder.readings:
        result.problems += reading.problems
        result.warnings += reading.warnings
        if reading.comment is not None:
            result.statuses[reading.comment.status] += 1
    result.problems += thread_problems
    result.count, result.mentions, result.held = thread.count, len(thread.mentions), thread.held
    shown = [step.comment for step in walk(thread.comments) if step.opens]
    newest = sorted((c for c in shown if not c.is_mention), key=Comment.sort_key, reverse=True)
    result.newest = [(comment.date.timestamp(), comment.id) for comment in newest[: plan.newest]]
    return folder, thread, result


def check_folder(plan: Plan, job: FolderJob) -> FolderResult:
    """Read and check one article folder without rendering it (`pelican-prospects check`)."""
    files, warnings = comment_files(job.path, plan.base, list(plan.ignore))
    return examine(plan, job.slug, files, warnings)[2]


def render_thread(folder: Folder, thread: Thread) -> None:
    """Render the text and draw the avatar of every comment readers will see."""
    shown = {step.comment for roots in (thread.comments, thread.mentions) for step in walk(roots)}
    for reading in folder.readings:
        comment = reading.comment
        if comment in shown:
            comment.content = renderer().render(reading.text)
            comment.avatar = avatar.data_uri(
                avatar.seed_of(comment.email, comment.author, comment.avatar_key)
            )


def feed_items(thread: Thread) -> list[feeds.Item]:
    """Return what the feeds show of an article's published comments (not its mentions)."""
    return [
        feeds.Item(comment.date, comment.id, comment.author, comment.website, comment.content)
        for step in walk(thread.comments)
        if step.opens and not (comment := step.comment).is_mention
    ]


def render_folder(plan: Plan, job: FolderJob) -> FolderResult:
    """Read, check and render one article folder, unless its index shows that nothing changed."""
    files, warnings = comment_files(job.path, plan.base, list(plan.ignore))
    stamps = [(file.path, file.mtime_ns, file.size) for file in files]
    store = Store(plan.store)
    index = store.index(job.slug)
    if (
        index is not None
        and index.key == plan.key
        and index.stamps == stamps
        and store.holds(job.slug)
    ):
        return index.result
    folder, thread, result = examine(plan, job.slug, files, warnings)
    render_thread(folder, thread)
    threads = ("", "")
    if _templates is not None:
        threads = (_templates.render(thread.comments), _templates.render(thread.mentions))
    store.save_folder(job.slug, FolderIndex(plan.key, stamps, result), threads, feed_items(thread))
    return result


def check_folders(plan: Plan, jobs: list[FolderJob]) -> list[FolderResult]:
    """Check several article folders."""
    return [check_folder(plan, job) for job in jobs]


def render_folders(plan: Plan, jobs: list[FolderJob]) -> list[FolderResult]:
    """Render several article folders (one task for a worker process)."""
    return [render_folder(plan, job) for job in jobs]


def write_feed(store: Store, job: FeedJob) -> None:
    """Write one Atom feed of comments kept in the store."""
    entries = []
    for source in job.sources:
        for item in store.items(source.slug):
            if source.ids is None or item.id in source.ids:
                title = job.entry_title % {
                    "author": item.author or job.anonymous,
                    "title": source.title,
                }
                entries.append(feeds.Entry(item, f"{source.page_url}#comment-{item.id}", title))
    data = feeds.atom(
        title=job.title,
        feed_url=job.feed_url,
        page_url=job.page_url,
        lang=job.lang,
        entries=entries,
        limit=job.limit,
        empty_date=job.empty_date,
        anonymous=job.anonymous,
    )
    write_if_changed(job.target, data)


def write_feeds(plan: Plan, jobs: list[FeedJob]) -> None:
    """Write several feeds (one task for a worker process)."""
    store = Store(plan.store)
    for job in jobs:
        write_feed(store, job)


def write_if_changed(path: str, data: bytes) -> bool:
    """Write `data` unless the file already holds it; tell whether it was written."""
    try:
        with open(path, "rb") as stream:
            if stream.read() == data:
                return False
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as stream:
        stream.write(data)
    return True
