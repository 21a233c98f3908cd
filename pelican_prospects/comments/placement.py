"""Comments for a theme that does not include `prospects/comments.html`: placed after the text.

The page is edited as its template renders it, before Pelican writes it (once), not the article:
its content, summary and feed entry stay Pelican's.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from pelican import signals

from .. import host
from ..settings import config_of
from .placed import COMMENTS_TEMPLATE, PLACED_TEMPLATE, Filled

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jinja2 import Environment
    from pelican.generators import ArticlesGenerator

logger = logging.getLogger(__name__)

BODY = re.compile(r"<body\b", re.IGNORECASE)


@dataclass
class Placement:
    """One build's placing: the articles' Jinja environment and what each template includes."""

    env: Environment
    extensions: list[str]
    includes: dict[str, bool] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    styled: bool = False
    # The packaged block filled in per article; None until the first, False where Jinja must.
    filled: Filled | bool | None = None

    def theme_includes(self, template: str) -> bool:
        """Tell whether the theme's template of that name includes our comments template."""
        if template not in self.includes:
            names = [template + extension for extension in self.extensions]
            self.includes[template] = any(
                host.reaches(self.env, name, COMMENTS_TEMPLATE) for name in names
            )
        return self.includes[template]

    def place(self, name: str, html: str, context: Mapping[str, Any]) -> str:
        """Return a page with its article's comments placed after the text, where they belong.

        The page stays as it is when it shows no article, when the theme's template `name`
        includes the comments itself, or when the text is not found (`report` tells).
        """
        article = context.get("article")
        if article is None or getattr(article, "comment_count", None) is None:
            return html
        if self.theme_includes(name):
            return html
        # What the theme printed for `{{ article.content }}`, with this page's links.
        at = end_of(html, article.content)
        if at is None:
            self.misses.append(article.source_path)
            return html
        block = self.block(context)
        if not self.styled:
            host.copy_stylesheet(context["OUTPUT_PATH"])
            self.styled = True
        insertions = [(at, block)]
        head_end = host.head_end(html)
        if head_end is not None and (tags := head_tags(host.head(html), article, context)):
            insertions.append((head_end, "".join(f"{tag}\n" for tag in tags)))
        return host.splice(html, insertions)

    def block(self, context: Mapping[str, Any]) -> str:
        """Return what `prospects/placed_comments.html` gives for this page's article."""
        if self.filled is None:
            self.filled = Filled.made(self.env) or False
        if isinstance(self.filled, Filled):
            block = self.filled.block(context)
            if block is not None:
                return block
        return self.env.get_template(PLACED_TEMPLATE).render(context)


_placement: Placement | None = None


def start(generator: ArticlesGenerator) -> None:
    """Have the article pages of this build placed as they render, when comments may need it."""
    global _placement  # one build at a time; autoreload starts a new one
    _placement = None
    if config_of(generator.settings).comments_placement == "auto":
        extensions = list(generator.settings.get("TEMPLATE_EXTENSIONS", [".html"]))
        _placement = Placement(generator.env, extensions)
        host.edit_rendered(generator, _placement.place)


def end_of(html: str, text: str) -> int | None:
    """Return where `text` ends in the <body> of `html`; None if `text` is not there."""
    body = BODY.search(html)
    found = html.find(text, body.start() if body else 0) if text else -1
    return found + len(text) if found >= 0 else None


def head_tags(present: str, article: Any, context: Mapping[str, Any]) -> list[str]:
    """Return what the placed comments need at the end of <head>, `present`, and lack."""
    tags = []
    feed = getattr(article, "comments_feed", None)
    if feed and feed not in present:
        href = escape(f"{context.get('FEED_DOMAIN') or ''}/{feed}")
        title = escape(getattr(article, "comments_feed_title", ""))
        kind = 'type="application/atom+xml"'
        tags.append(f'<link rel="alternate" {kind} href="{href}" title="{title}">')
    # Last, so that our scoped rules win over the theme's rules for the same elements.
    if host.STYLESHEET_OUTPUT not in present:
        tags.append(host.stylesheet_link(context.get("SITEURL", "")))
    return tags


def report(_generator: object, **_signal: object) -> None:
    """Warn once about the articles whose theme changes their text so much it cannot be found."""
    placement = _placement
    if placement is None or not placement.misses:
        return
    logger.warning(
        "prospects: comments not placed on %d article(s) (first: %s): the theme's article template "
        "does not print `article.content` as it is; include prospects/comments.html in it",
        len(placement.misses),
        placement.misses[0],
    )


def connect() -> None:
    """Connect the placing handlers to Pelican's signals."""
    # article_generator_init: the articles' generator and Jinja environment of this build exist.
    signals.article_generator_init.connect(start)
    # article_writer_finalized: every article page is written; report the ones left without.
    signals.article_writer_finalized.connect(report)
