"""What travels between the main process and the workers: small, picklable, no text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ..problems import Problem


@dataclass(frozen=True)
class Plan:
    """What every task of one build shares; small, as it travels with each task."""

    store: str  # "" when nothing is kept (`pelican-prospects check`)
    base: str
    ignore: tuple[str, ...]
    zone: str
    key: str  # what readings and thread HTML depend on besides the files: code, templates...
    newest: int | None


@dataclass
class FolderResult:
    """What the main process needs of one article folder: counts and problems, no text."""

    slug: str
    files: int = 0
    count: int = 0
    mentions: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    held: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    signature: str = ""
    newest: list[tuple[float, str]] = field(default_factory=list)  # POSIX time: cheap to send


@dataclass(frozen=True)
class FeedSource:
    """Comments of one article that go in a feed (all of them if `ids` is None)."""

    slug: str
    page_url: str
    title: str
    ids: frozenset[str] | None = None


@dataclass(frozen=True)
class FeedJob:
    """One Atom feed to write, and where its comments come from."""

    target: str
    feed_url: str
    title: str
    page_url: str
    lang: str
    limit: int | None
    empty_date: datetime
    anonymous: str
    entry_title: str
    sources: tuple[FeedSource, ...]


@dataclass(frozen=True)
class FolderJob:
    """One article folder to read and render."""

    slug: str
    path: str
