"""Turn a stranger's Markdown into HTML that cannot run: raw HTML is shown as text, then nh3."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# Markdown core plus fenced code; no attr_list or md_in_html, so `{: onclick=...}` stays text.
EXTENSIONS = ["fenced_code", "sane_lists"]
TAGS = {"a", "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc"


def _absolute_urls_only(tag: str, attribute: str, value: str) -> str | None:
    """Keep an href only if it is an absolute http, https or mailto address."""
    if attribute == "href" and urlsplit(value).scheme.lower() not in URL_SCHEMES:
        return None
    return value


def sanitize(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes of `html`."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_absolute_urls_only,
        link_rel=LINK_REL,
        clean_content_tags=set(),
        strip_comments=True,
    )


class ImagesAsLinks(Treeprocessor):
    """Turn `![alt](url)` into a link to the image: no third-party request from a comment."""

    def run(self, root: Element) -> None:
        """Rename every `img` element to an `a` whose text is the image's alt text."""
        for image in root.iter("img"):
            image.tag = "a"
            image.set("href", image.attrib.pop("src", ""))
            image.text = image.attrib.pop("alt", "") or image.get("href")


class Renderer:
    """One reusable Markdown converter for comment texts (not thread-safe: one per process)."""

    def __init__(self) -> None:
        md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
        # Raw HTML becomes visible text: a hostile comment is shown, never run.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(ImagesAsLinks(md), "images_as_links", 5)
        # Headings would break the page outline: `# text` stays text.
        for name in ("hashheader", "setextheader"):
            md.parser.blockprocessors.deregister(name)
        self.md = md

    def render(self, text: str) -> str:
        """Return the safe HTML of one comment's Markdown text."""
        self.md.reset()
        return sanitize(self.md.convert(text))
