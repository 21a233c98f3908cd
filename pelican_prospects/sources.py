"""The articles and pages of a site as Pelican would read them, for commands run outside a build."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .problems import Problem

# The file extensions Pelican's Markdown reader takes: comment files and questionnaires use them.
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")


@dataclass(frozen=True)
class Source:
    """One article or page file as Pelican reads it: where it is, and its date if it has one."""

    path: str  # relative to PATH, with '/'
    date: datetime | None
    url: str = ""  # relative to SITEURL, as ARTICLE_URL (or PAGE_URL) makes it
    title: str = ""


def read_slugs(
    settings: dict[str, Any], tops: list[str], excludes: list[str], content_class: type
) -> dict[str, str]:
    """Return {slug: path relative to PATH} of the files Pelican would read under `tops`."""
    return {
        slug: source.path
        for slug, source in read_sources(settings, tops, excludes, content_class)[0].items()
    }


def read_sources(
    settings: dict[str, Any], tops: list[str], excludes: list[str], content_class: type
) -> tuple[dict[str, Source], list[Problem]]:
    """Return {slug: Source} of the files Pelican would read under `tops`, and a problem for
    each one it cannot read (it logs them and leaves them out of the site)."""
    from pelican.readers import Readers

    from .settings import config_of

    readers = Readers(settings)
    config = config_of(settings)
    root = config.path
    excluded = {os.path.normpath(os.path.join(root, path)) for path in excludes}
    found: dict[str, Source] = {}
    problems: list[Problem] = []
    for top in tops:
        for current, dirs, names in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(d for d in dirs if os.path.join(current, d) not in excluded)
            for name in sorted(names):
                ignored = any(fnmatch.fnmatch(name, p) for p in config.ignore_files)
                if ignored or name.rpartition(".")[2] not in readers.extensions:
                    continue
                relative = os.path.relpath(os.path.join(current, name), root)
                try:
                    content = readers.read_file(
                        root, relative, content_class=content_class, context={}
                    )
                except Exception as error:  # anything a reader raises: Pelican logs it, skips it
                    shown = os.path.relpath(os.path.join(root, relative), config.base)
                    problems.append(unreadable(shown, error))
                    continue
                url, title = _url(content), str(getattr(content, "title", ""))
                slug = getattr(content, "slug", None)
                if slug:
                    date = getattr(content, "date", None)
                    source = Source(relative.replace(os.sep, "/"), date, url, title)
                    found.setdefault(slug, source)
    return found, problems


def unreadable(shown: str, error: Exception) -> Problem:
    """Return why Pelican cannot read a file: not UTF-8 (at a line), not readable, bad metadata."""
    if isinstance(error, UnicodeDecodeError) and isinstance(error.object, bytes):
        line = error.object.count(b"\n", 0, error.start) + 1
        byte = error.object[error.start]
        return Problem(shown, line, f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8")
    if isinstance(error, OSError):
        return Problem(shown, None, f"cannot be read: {error.strerror or error}")
    return Problem(shown, None, f"Pelican cannot read it: {error}")


def article_sources(settings: dict[str, Any]) -> dict[str, Source]:
    """Return every article (any status or language) by slug, as Pelican reads them."""
    return read_articles(settings)[0]


def read_articles(settings: dict[str, Any]) -> tuple[dict[str, Source], list[Problem]]:
    """Return every article by slug, and a problem for each file Pelican cannot read."""
    from pelican.contents import Article

    from .settings import config_of

    config = config_of(settings)
    excludes = [*config.article_excludes, config.comments_folder]
    return read_sources(settings, list(config.article_paths), excludes, Article)


def _url(content: Any) -> str:
    """Return a content's URL, or '' when its URL setting cannot be filled (no date...)."""
    try:
        return str(content.url)
    except Exception:  # the owner's URL pattern, formatted with this file's metadata
        return ""
