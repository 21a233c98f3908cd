"""Turn a stranger's CommonMark into HTML that cannot run: raw HTML is shown as text, then nh3."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import nh3
from markdown_it_pyrs import MarkdownIt

if TYPE_CHECKING:
    import markdown_it

TAGS = {"a", "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc"
# CommonMark without raw HTML (`html_block`, `html_inline`: shown as text) and without headings
# (`heading`, `lheading`: they would break the page outline, `# text` stays text).
RULES = [
    *("blockquote", "code", "fence", "hr", "list", "paragraph", "reference"),
    *("autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline"),
]
# The renderer's own <img> (raw HTML is escaped, so no other `<img` reaches this point).
IMAGE = re.compile(r'<img src="([^"]*)" alt="([^"]*)"( title="[^"]*")?>')
# Two kinds of comment go to markdown-it-py instead, the same CommonMark parser in Python:
# - markdown-it.rs refuses links to these schemes and leaves them as text, address included;
#   markdown-it-py takes every link, so that nh3 drops the address and keeps the link's text.
#   The refused address appears decoded in the HTML, hence `names_refused_scheme`.
REFUSED = ("script", "file", "data")
# - markdown-it.rs nests quotes and lists without limit: a line opening thousands of them takes
#   quadratic time or overflows its stack, where markdown-it-py stops at 20 levels. A level
#   takes at least one character at the start of a line, and real comments start with few.
#   Looked for at the start and after each "\n" (as `^` in MULTILINE mode): a regex starting with
#   a literal "\n" skips to line breaks, where `^` tried every position.
DEEP_START = re.compile(r"[ \t>*+\-.)0-9]{40}")
DEEP_LINE = re.compile(r"\n[ \t>*+\-.)0-9]{40}")


def names_refused_scheme(html: str) -> bool:
    """Tell whether `html` holds `javascript:`, `vbscript:`, `file:` or `data:`, in any case."""
    colon = html.find(":")
    while colon != -1:  # a few colons per comment: cheaper than lowering the whole text
        if html[max(0, colon - 6) : colon].lower().endswith(REFUSED):
            return True
        colon = html.find(":", colon + 1)
    return False


# Relative addresses denied ("/x", "//host/x", "x"): only absolute http, https and mailto links
# stay. Done by nh3 itself, not by a Python callback called for every attribute.
_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    url_relative="deny",
    link_rel=LINK_REL,
    clean_content_tags=set(),
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes of `html`."""
    return _CLEANER.clean(html)


def image_as_link(match: re.Match[str]) -> str:
    """Render `![alt](url)` as a link to the image: no third-party request from a comment."""
    href, alt, title = match.groups()
    return f'<a href="{href}"{title or ""}>{alt or href}</a>'


def careful_parser() -> markdown_it.MarkdownIt:
    """Return markdown-it-py set up as `RULES`, taking every link whatever its scheme."""
    from markdown_it import MarkdownIt as PythonMarkdownIt  # only for the rare comment it takes

    class EveryLink(PythonMarkdownIt):
        def validateLink(self, url: str) -> bool:
            return True

    return EveryLink("commonmark", {"html": False, "xhtmlOut": False}).disable(
        ["heading", "lheading"]
    )


class Renderer:
    """CommonMark for comment texts, compiled (markdown-it.rs); made once, reused for each text."""

    def __init__(self) -> None:
        self.md = MarkdownIt("zero").enable_many(RULES)
        self.careful: markdown_it.MarkdownIt | None = None

    def render(self, text: str) -> str:
        """Return the safe HTML of one comment's Markdown text."""
        # Each text is parsed alone: reference definitions never leak into the next one.
        deep = DEEP_START.match(text) or DEEP_LINE.search(text)
        html = None if deep else self.md.render(text, xhtml=False)
        if html is None or names_refused_scheme(html):
            if self.careful is None:
                self.careful = careful_parser()
            html = self.careful.render(text)
        return sanitize(IMAGE.sub(image_as_link, html).rstrip("\n"))
