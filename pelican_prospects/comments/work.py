"""The work done per article folder (read; render; write feeds), in worker processes if many."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..problems import Problem
from . import avatar, feeds
from .jobs import FeedJob, FolderJob, FolderResult, Plan
from .model import Comment
from .read import read_comment
from .scan import CommentFile, comment_files
from .store import THREAD_TEMPLATE, FileRecord, FolderIndex, FolderRecord, Store
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


@lru_cache(maxsize=8)
def zone_named(name: str) -> ZoneInfo:
    """Return a time zone by name (cached: every file of a build asks for the same one)."""
    return ZoneInfo(name)


def reread(plan: Plan, slug: str, files: list[CommentFile], old: FolderRecord) -> FolderRecord:
    """Return the folder's record, reading only the files whose stamp and content changed."""
    record = FolderRecord(plan.key)
    if old.key != plan.key:
        old = FolderRecord()
    zone = zone_named(plan.zone)
    for file in files:
        previous = old.files.get(file.path)
        if previous and (previous.mtime_ns, previous.size) == (file.mtime_ns, file.size):
            record.files[file.path] = previous
            continue
        with open(file.path, "rb") as stream:
            data = stream.read()
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        if previous and previous.digest == digest:
            reading = previous.reading
        else:
            modified = datetime.fromtimestamp(file.mtime_ns // 1_000_000_000, zone)
            reading = read_comment(
                data,
                path=file.shown,
                article=slug,
                comment_id=file.id,
                zone=zone,
                fallback_date=modified,
            )
        record.files[file.path] = FileRecord(file.mtime_ns, file.size, digest, reading)
    return record


def thread_of(record: FolderRecord, owners: frozenset[str]) -> tuple[Thread, list[Problem]]:
    """Nest a folder's comments and mark the site owner's."""
    comments = [r.reading.comment for r in record.files.values() if r.reading.comment is not None]
    for comment in comments:
        comment.owner = " ".join(comment.author.split()).casefold() in owners
    return build(comments)


def summarize(plan: Plan, slug: str, record: FolderRecord, warnings: list[str]) -> FolderResult:
    """Return counts, problems and newest comments of a folder (threads it: save it before)."""
    result = FolderResult(slug, warnings=list(warnings))
    digest = hashlib.blake2b(digest_size=16)
    for path, file_record in record.files.items():
        digest.update(f"{path}\0{file_record.digest}\0".encode())
        reading = file_record.reading
        result.problems += reading.problems
        result.warnings += reading.warnings
        if reading.comment is not None:
            result.statuses[reading.comment.status] += 1
    result.signature = digest.hexdigest()
    thread, problems = thread_of(record, plan.owners)
    result.problems += problems
    result.count, result.mentions, result.held = thread.count, len(thread.mentions), thread.held
    shown = [step.comment for step in walk(thread.comments) if step.opens]
    newest = sorted((c for c in shown if not c.is_mention), key=Comment.sort_key, reverse=True)
    result.newest = [(comment.date.timestamp(), comment.id) for comment in newest[: plan.newest]]
    return result


def render_comments(record: FolderRecord) -> None:
    """Render the text of every comment not rendered yet."""
    for file_record in record.files.values():
        reading = file_record.reading
        comment = reading.comment
        if comment is not None and not comment.content and reading.text:
            comment.content = renderer().render(reading.text)
        reading.text = ""


def draw_avatars(thread: Thread) -> None:
    """Give every shown comment its avatar (cached by seed, so not kept in the store)."""
    for comments in (thread.comments, thread.mentions):
        for step in walk(comments):
            comment = step.comment
            if step.opens and not comment.avatar:
                comment.avatar = avatar.data_uri(avatar.seed_of(comment.email, comment.author))


def _read(
    plan: Plan, job: FolderJob, store: Store | None, *, render: bool
) -> tuple[FolderIndex, FolderRecord | None]:
    """Read (and render) one article folder, unless its index shows that nothing changed.

    Only rendering writes to the store: reading again the few changed files costs less than
    keeping what the reading found until the rendering task.
    """
    files, warnings = comment_files(job.path, plan.base, list(plan.ignore))
    stamps = [(file.path, file.mtime_ns, file.size) for file in files]
    index = store.index(job.slug) if store else None
    if index is not None and index.key == plan.key and index.stamps == stamps:
        return index, None
    record = reread(plan, job.slug, files, store.record(job.slug) if store else FolderRecord())
    if store and render:
        render_comments(record)
        store.save_record(job.slug, record)
    index = FolderIndex(plan.key, stamps, summarize(plan, job.slug, record, warnings))
    return index, record


def read_folder(plan: Plan, job: FolderJob) -> FolderResult:
    """Read and check one article folder: counts and problems, before any page is written."""
    index, record = _read(plan, job, Store(plan.store) if plan.store else None, render=False)
    return replace(index.result, rendered=record is None)


def render_folder(plan: Plan, job: FolderJob) -> FolderResult:
    """Read one article folder if needed, render its comments and threads, write its feeds."""
    store = Store(plan.store)
    index, record = _read(plan, job, store, render=True)
    if record is None and not job.feeds:
        return replace(index.result, rendered=True)
    rendered = record is None
    if record is None:  # rendered before; only its feeds are to write
        record = store.record(job.slug)
    thread, _ = thread_of(record, plan.owners)
    if not rendered:
        draw_avatars(thread)
        if _templates is not None:
            threads = (_templates.render(thread.comments), _templates.render(thread.mentions))
            index = replace(index, threads=threads)
        store.save_index(job.slug, index)
    for feed in job.feeds:
        write_feed(store, plan, feed, {job.slug: thread})
    return replace(index.result, rendered=True)


def read_folders(plan: Plan, jobs: list[FolderJob]) -> list[FolderResult]:
    """Read several article folders (one task for a worker process)."""
    return [read_folder(plan, job) for job in jobs]


def render_folders(plan: Plan, jobs: list[FolderJob]) -> list[FolderResult]:
    """Render several article folders (one task for a worker process)."""
    return [render_folder(plan, job) for job in jobs]


def write_feed(store: Store, plan: Plan, job: FeedJob, threads: dict[str, Thread]) -> None:
    """Write one Atom feed from threads at hand or kept in the store."""
    entries = []
    for source in job.sources:
        thread = threads.get(source.slug) or thread_of(store.record(source.slug), plan.owners)[0]
        for step in walk(thread.comments):
            comment = step.comment
            if not step.opens or comment.is_mention:
                continue
            if source.ids is None or comment.id in source.ids:
                title = job.entry_title % {
                    "author": comment.author or job.anonymous,
                    "title": source.title,
                }
                entries.append(
                    feeds.Entry(comment, f"{source.page_url}#comment-{comment.id}", title)
                )
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
    """Write several feeds whose comments are already rendered (one task for a worker)."""
    store = Store(plan.store)
    for job in jobs:
        write_feed(store, plan, job, {})


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
