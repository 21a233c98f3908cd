"""What an import did and did not do, counted for the closing summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import PurePosixPath


@dataclass(frozen=True)
class Output:
    """One file to write, relative to the content folder; `slug` is its article's.

    A comment's `email` is its reader's address, for the private store: never in `text`.
    """

    path: str
    text: str
    kind: str
    slug: str
    email: str = ""

    @property
    def target(self) -> str:
        """Return the comment's `slug/id`, as the private store names it."""
        return f"{self.slug}/{PurePosixPath(self.path).stem}"


@dataclass
class Report:
    """Counts by kind and comment status, skipped things by reason, and notes to read."""

    articles: int = 0
    pages: int = 0
    comments: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    shortcodes: Counter[str] = field(default_factory=Counter)
    # What the HTML allow-list removed, by file (and field), and the players' origins kept.
    removed: dict[str, Counter[str]] = field(default_factory=dict)
    sources: dict[str, set[str]] = field(default_factory=dict)

    def sanitized(self, where: str, removed: Counter[str], sources: dict[str, set[str]]) -> None:
        """Record what the allow-list removed from one file's text and the players it kept."""
        if removed:
            self.removed.setdefault(where, Counter()).update(removed)
        for directive, origins in sources.items():
            self.sources.setdefault(directive, set()).update(origins)


def wp_datetime(value: str) -> datetime | None:
    """Return the naive date of a WordPress 'YYYY-MM-DD HH:MM:SS' value, None for 0000-00-00."""
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def site_date(gmt: str, local: str, zone: tzinfo) -> datetime | None:
    """Return a WordPress date in the site's zone: from its GMT value, else its local time."""
    date = wp_datetime(gmt)
    if date is not None:
        return date.replace(tzinfo=UTC).astimezone(zone)
    date = wp_datetime(local)
    return None if date is None else date.replace(tzinfo=zone)
