"""The site the export goes into: its settings, folders, and the articles and pages it has."""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from typing import Any

from ..sources import read_slugs


def site_settings(option: str | None, content: str | None) -> tuple[dict[str, Any], str]:
    """Return the site's settings (-s, else ./pelicanconf.py, else UTC defaults) and its zone."""
    # `--content` overrides the settings' PATH; without settings, PATH is `--content` or 'content'.
    from pelican.settings import DEFAULT_CONFIG

    from ..config_file import DEFAULT_SETTINGS, load_settings
    from ..settings import apply, config_of

    path = option or (DEFAULT_SETTINGS if os.path.isfile(DEFAULT_SETTINGS) else None)
    if path is None:
        settings = copy.deepcopy(DEFAULT_CONFIG)
        settings.update(TIMEZONE="UTC", PATH=os.path.abspath(content or "content"))
        apply(settings)
        return settings, f"UTC (no {DEFAULT_SETTINGS} here: pass -s SETTINGS for your TIMEZONE)"
    settings = load_settings(path)
    if content:
        settings["PATH"] = os.path.abspath(content)
        apply(settings, path)  # the typed settings follow the new PATH
    return settings, f"{config_of(settings).zone.key} (TIMEZONE of {path})"


def first_folder(paths: Sequence[str], fallback: str) -> str:
    """Return the first of ARTICLE_PATHS or PAGE_PATHS, or `fallback` if it is the whole PATH."""
    folder = (paths[0] if paths else "").strip("/")
    return folder or fallback


def existing_slugs(settings: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Return {slug: file} of the site's articles, then of its pages."""
    from pelican.contents import Article, Page

    from ..settings import config_of

    config = config_of(settings)
    if not os.path.isdir(config.path):
        return {}, {}
    comments = config.comments_folder
    article_excludes = [*config.article_excludes, *config.page_paths, comments]
    page_excludes = [*config.page_excludes, comments]
    articles = read_slugs(settings, list(config.article_paths), article_excludes, Article)
    pages = read_slugs(settings, list(config.page_paths), page_excludes, Page)
    return articles, pages


def reserved_slugs(settings: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Return, for posts and pages, the slugs whose file is one of Pelican's own pages."""
    pages = [
        settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        for name in settings.get("DIRECT_TEMPLATES", ())
    ]
    reserved: dict[str, frozenset[str]] = {}
    for kind, setting in (("post", "ARTICLE_SAVE_AS"), ("page", "PAGE_SAVE_AS")):
        prefix, slug, suffix = str(settings.get(setting, "")).partition("{slug}")
        # A pattern with other fields ({date:%Y}/{slug}/...) never gives a fixed file name.
        if not slug or "{" in prefix + suffix:
            reserved[kind] = frozenset()
            continue
        reserved[kind] = frozenset(
            page[len(prefix) : len(page) - len(suffix)]
            for page in pages
            if page
            and len(page) > len(prefix) + len(suffix)
            and page.startswith(prefix)
            and page.endswith(suffix)
            and "/" not in page[len(prefix) : len(page) - len(suffix)]
        )
    return reserved
