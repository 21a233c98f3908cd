"""Offer pages: which template shows each kind, and a proposal's Markdown cut into slides."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import Markup

# A thematic break written `---` alone between blocks: Python-Markdown gives it its own line.
BREAK = re.compile(r"^[ \t]*<hr\s*/?>[ \t]*$", re.MULTILINE)
# Elements without an end tag: they open nothing.
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)

TEMPLATES = {
    "quote": "prospects/offer_quote",
    "proposal": "prospects/offer_proposal",
    "contact": "prospects/offer_contact",
}


class TopLevel(HTMLParser):
    """Find where the `<hr>` tags outside any element start (the offsets of their lines' `<`).

    A `---` in a list item, a quote or a `<div>` is a break inside that element, not between
    slides: cut there, a slide would hold the element's start and the next one its end. An
    element never closed (raw HTML) keeps every later `<hr>` inside it.
    """

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lines = [0, *(match.end() for match in re.finditer("\n", html))]
        self.open: list[str] = []
        self.breaks: set[int] = set()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "hr" and not self.open:
            line, column = self.getpos()
            self.breaks.add(self.lines[line - 1] + column)
        elif tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # `<hr />`, `<br/>`: nothing to close

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:  # a stray end tag closes nothing
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def split_slides(html: str) -> list[Markup]:
    """Return the parts of a page's HTML between the `<hr>` alone on their lines and outside any
    element; no empty part."""
    text = str(html)
    breaks = TopLevel(text).breaks
    parts, start = [], 0
    for match in BREAK.finditer(text):
        if text.index("<", match.start()) in breaks:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return [Markup(part.strip()) for part in parts if part.strip()]
