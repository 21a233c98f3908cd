"""Turn a stranger's CommonMark into HTML that cannot run: raw HTML is shown as text, then nh3."""

from __future__ import annotations

import re
import secrets
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
# Three kinds of comment go to markdown-it-py instead, the same CommonMark parser in Python:
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
# - markdown-it.rs 0.6.0 panics on a `[` followed by a run of backticks never closed ("[`x",
#   "[a `b": its issue 40), and Rust prints the panic on stderr before Python can catch it. So a
#   text with a backtick after a `[` goes to markdown-it-py; the catch stays as a last resort.

# Only these lower to a refused scheme's last letter: a colon after another is looked at no further.
LAST_LETTERS = frozenset("tTeEaA")


def names_refused_scheme(html: str) -> bool:
    """Tell whether `html` holds `javascript:`, `vbscript:`, `file:` or `data:`, in any case."""
    colon = html.find(":")
    while colon != -1:  # a few colons per comment: cheaper than lowering the whole text
        start = max(0, colon - 6)
        if (
            colon
            and html[colon - 1] in LAST_LETTERS
            and html[start:colon].lower().endswith(REFUSED)
        ):
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


# One nh3 call for a few comments spares html5ever's set-up for each (a sixth of the cleaning).
# It must give what cleaning each piece alone gives, but HTML parsing carries state over: elements
# a piece leaves open, formatting elements (a, em, strong, code) reopened in what follows, as
# after an `<a>` in an `<a>` (an image made a link, or an autolink, in a link). Hence each piece is
# parsed inside <object>...</object>: the start tag marks the list of active formatting elements,
# the end tag closes whatever the piece left open and clears that list back to the mark, as if
# parsing started afresh; nh3 drops both tags and keeps what they hold. Only a tag that hides
# `</object>` (object, applet, marquee, table cells, template, svg, math, script and other raw
# text) could break this, and none reaches nh3: both parsers show raw HTML as text.
# The separator is text between two <object>s, at the top level. It cannot overlap itself, so
# splitting finds each one placed plus any that a piece's output holds: then the count is wrong,
# and each piece is cleaned alone.
BATCH = 32  # pieces per nh3 call: beyond a hundred, the input leaves the CPU's cache and costs more


def sanitize_all(htmls: list[str], separator: str) -> list[str]:
    """Return `[sanitize(html) for html in htmls]`, by one nh3 call per `BATCH` pieces."""
    return [
        cleaned
        for start in range(0, len(htmls), BATCH)
        for cleaned in sanitize_batch(htmls[start : start + BATCH], separator)
    ]


def sanitize_batch(htmls: list[str], separator: str) -> list[str]:
    """Return `[sanitize(html) for html in htmls]`, in one nh3 call unless `separator` shows."""
    if len(htmls) > 1:
        joined = f"</object>{separator}<object>".join(htmls)
        parts = sanitize(f"<object>{joined}</object>").split(separator)
        if len(parts) == len(htmls):
            return parts
    return [sanitize(html) for html in htmls]


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
        # Private-use characters (never escaped by nh3) around a nonce: no comment can guess it.
        self.separator = f"\ue000{secrets.token_hex(8)}\ue001"

    def render(self, text: str) -> str:
        """Return the safe HTML of one comment's Markdown text, cleaned alone (as tests compare)."""
        return sanitize(self.unsafe_html(text))

    def render_all(self, texts: list[str]) -> list[str]:
        """Return the safe HTML of each comment text, cleaned together."""
        return sanitize_all([self.unsafe_html(text) for text in texts], self.separator)

    def unsafe_html(self, text: str) -> str:
        """Return the HTML of one comment's Markdown text, images as links, before nh3."""
        # Each text is parsed alone: reference definitions never leak into the next one, and an
        # unclosed code fence never swallows it.
        html = self.compiled_html(text)
        if html is None or names_refused_scheme(html):
            if self.careful is None:
                self.careful = careful_parser()
            html = self.careful.render(text)
        if "<img" in html:  # cheaper than IMAGE.sub finding none
            html = IMAGE.sub(image_as_link, html)
        return html.rstrip("\n")

    def compiled_html(self, text: str) -> str | None:
        """Return markdown-it.rs's HTML of `text`, or None where markdown-it-py must take it."""
        if DEEP_START.match(text) or DEEP_LINE.search(text):
            return None
        bracket = text.find("[")
        if bracket != -1 and text.find("`", bracket) != -1:
            return None
        try:
            return self.md.render(text, xhtml=False)
        except BaseException as error:  # pyo3's PanicException: "[`x" panics markdown-it.rs 0.6.0
            if type(error).__name__ != "PanicException":
                raise
            return None
