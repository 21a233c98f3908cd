"""The work done per article folder: read and check its files, then render threads and entries."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .. import host
from ..problems import Problem
from ..settings import config_of
from . import avatar, feeds
from .markup import Labels, escape, probe_thread, thread_markup
from .model import Comment
from .read import Reading, read_comment
from .render import Renderer
from .scan import CommentFile, comment_files
from .thread import Thread, build, newest_comments

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment

THREAD_TEMPLATE = "prospects/thread.html"


@dataclass(frozen=True)
class Options:
    """What reading and rendering every folder of a build depends on besides its files."""

    base: str
    ignore: tuple[str, ...]
    zone: str
    newest: int | None  # FEED_MAX_ITEMS: entries kept per feed
    anonymous: str = "Anonymous"


def options_from(settings: dict[str, Any], anonymous: str = "Anonymous") -> Options:
    """Return the options of a build with these Pelican settings."""
    config = config_of(settings)
    return Options(
        base=config.base,
        ignore=config.ignore_files,
        zone=config.zone.key,
        newest=config.feed_max_items,
        anonymous=anonymous,
    )


@dataclass
class Report:
    """What one article folder gave: counts and problems; no text."""

    slug: str
    files: int = 0
    count: int = 0
    mentions: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    held: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Rendered:
    """A folder's threads (comments, then mentions) and its newest feed entries, newest first."""

    report: Report
    threads: tuple[bytes, bytes]  # in UTF-8
    entries: list[tuple[float, str, bytes]]  # (POSIX date, comment id, kept entry)


class Tools:
    """What rendering needs, made once per build: the Markdown renderer and the thread markup."""

    def __init__(
        self, env: Environment, context: dict[str, Any], gettext: Callable[[str], str]
    ) -> None:
        self.renderer = Renderer()
        self.template = env.get_template(THREAD_TEMPLATE)
        self.context = context
        email = context.get("PROSPECTS_CONTACT_EMAIL")
        self.labels = Labels(
            # As Jinja's newstyle `_()`: the translation is a format string, even without values.
            anonymous=escape(gettext("Anonymous") % {}),  # as the template: |e
            owner=gettext("Article author") % {},
            reply=gettext("Reply") % {},
            reply_subject=gettext("Reply to a comment") % {},
            contact_email=str(email) if email else "",
            lang=config_of(context).lang,
        )
        # The template in Python only where it gives the template's bytes: never for a theme's own.
        probe = probe_thread()
        self.in_python = host.packaged(env, THREAD_TEMPLATE) and (
            self.template.render(context, roots=probe).encode() == thread_markup(probe, self.labels)
        )

    def thread_html(self, roots: list[Comment]) -> bytes:
        """Return the HTML of threads (roots and nested replies), in UTF-8."""
        if not roots:
            return b""
        if self.in_python:
            return thread_markup(roots, self.labels)
        return self.template.render(self.context, roots=roots).encode()


@lru_cache(maxsize=8)
def zone_named(name: str) -> ZoneInfo:
    """Return a time zone by name (cached: every file of a build asks for the same one)."""
    return ZoneInfo(name)


@lru_cache(maxsize=256)
def local_time(seconds: int, zone: tzinfo) -> datetime:
    """Return a POSIX time in `zone` (cached: files checked out together share their second)."""
    return datetime.fromtimestamp(seconds, zone)


def read_bytes(path: str, size: int) -> bytes:
    """Return a file's bytes, read at once when its size is known (no buffered file object)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        data = os.read(descriptor, max(size, 0) + 1)  # one byte more: has the file grown?
        if len(data) == size:
            return data
        chunks = [data]
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_files(options: Options, slug: str, files: list[CommentFile]) -> list[Reading]:
    """Read every comment file of one article folder."""
    zone = zone_named(options.zone)
    readings = []
    for file in files:
        try:
            data = read_bytes(file.path, file.size)
        except OSError as error:
            reason = f"cannot be read: {error.strerror or error}"
            readings.append(Reading(None, problems=[Problem(file.shown, None, reason)]))
            continue
        modified = local_time(file.mtime_ns // 1_000_000_000, zone)
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
    return readings


def examine(
    options: Options, slug: str, files: list[CommentFile], warnings: list[str]
) -> tuple[list[Reading], Thread, Report]:
    """Read and thread one article folder: its counts and problems."""
    readings = read_files(options, slug, files)
    comments = [reading.comment for reading in readings if reading.comment is not None]
    thread, thread_problems = build(comments)
    report = Report(slug, files=len(readings), warnings=list(warnings))
    for reading in readings:
        report.problems += reading.problems
        report.warnings += reading.warnings
        if reading.comment is not None:
            report.statuses[reading.comment.status] += 1
    report.problems += thread_problems
    report.count, report.mentions, report.held = thread.count, len(thread.mentions), thread.held
    return readings, thread, report


def check_folder(options: Options, slug: str, path: str) -> Report:
    """Read and check one article folder without rendering it (`pelican-prospects check`)."""
    files, warnings = comment_files(path, options.base, list(options.ignore))
    return examine(options, slug, files, warnings)[2]


def feed_entries(options: Options, thread: Thread) -> list[tuple[float, str, bytes]]:
    """Return what the feeds show of each published comment (not mention), newest first."""
    return [
        (
            comment.date.timestamp(),
            comment.id,
            feeds.kept_entry(
                feeds.Item(
                    comment.date, comment.id, comment.author, comment.website, comment.content_utf8
                ),
                options.anonymous,
            ),
        )
        for comment in newest_comments(thread, options.newest)
    ]


def render_folder(
    options: Options, tools: Tools, slug: str, files: list[CommentFile], warnings: list[str]
) -> Rendered:
    """Read, check and render one article folder: its threads and its feed entries."""
    readings, thread, report = examine(options, slug, files, warnings)
    shown = set(thread.shown)
    readings = [reading for reading in readings if reading.comment in shown]
    contents = tools.renderer.render_all([reading.text for reading in readings])
    for reading, content in zip(readings, contents, strict=True):
        comment = reading.comment
        comment.content, comment.content_utf8 = content, content.encode()
        comment.avatar = avatar.data_uri(
            avatar.seed_of(comment.email, comment.author, comment.avatar_key)
        )
    threads = (tools.thread_html(thread.comments), tools.thread_html(thread.mentions))
    return Rendered(report, threads, feed_entries(options, thread))
