"""Turn a stranger's CommonMark into HTML that cannot run: raw HTML is shown as text, then nh3."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

if TYPE_CHECKING:
    from collections.abc import Sequence

    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

TAGS = {"a", "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc"


def _absolute_urls_only(tag: str, attribute: str, value: str) -> str | None:
    """Keep an href only if it is an absolute http, https or mailto address."""
    if attribute == "href" and urlsplit(value).scheme.lower() not in URL_SCHEMES:
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    attribute_filter=_absolute_urls_only,
    link_rel=LINK_REL,
    clean_content_tags=set(),
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes of `html`."""
    return _CLEANER.clean(html)


class CommentMarkdown(MarkdownIt):
    """CommonMark that parses every link as a link, so nh3 alone decides which addresses stay."""

    def validateLink(self, url: str) -> bool:
        """Accept every address: a `javascript:` link keeps its text and nh3 drops its href."""
        return True


def image_as_link(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Render `![alt](url)` as a link to the image: no third-party request from a comment."""
    token = tokens[idx]
    href = str(token.attrGet("src") or "")
    text = self.renderInlineAsText(token.children, options, env) or href
    title = token.attrGet("title")
    title_attribute = f' title="{escapeHtml(str(title))}"' if title else ""
    return f'<a href="{escapeHtml(href)}"{title_attribute}>{escapeHtml(text)}</a>'


class Renderer:
    """One reusable CommonMark parser for comment texts (one per process)."""

    def __init__(self) -> None:
        # Raw HTML becomes visible text: a hostile comment is shown, never run.
        md = CommentMarkdown("commonmark", {"html": False, "xhtmlOut": False})
        # Headings would break the page outline: `# text` stays text.
        md.disable(["heading", "lheading"])
        md.add_render_rule("image", image_as_link)
        self.md = md

    def render(self, text: str) -> str:
        """Return the safe HTML of one comment's Markdown text."""
        # A fresh env per comment: reference definitions never leak into the next one.
        return sanitize(self.md.render(text, {}).rstrip("\n"))
