"""WordPress HTML to Markdown that Pelican's Python-Markdown reads back as the same text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markdownify import MarkdownConverter
from markupsafe import Markup

from .autop import autop
from .shortcodes import expand

if TYPE_CHECKING:
    from bs4 import Tag

BARE_URL = re.compile(r"https?://[^\s<>\"]+")
BLOCK_EDITOR = "<!-- wp:"
# Python-Markdown's escapable characters that a backslash in the text might otherwise escape.
BACKSLASH = re.compile(r"\\(?=[\\`*_{}\[\]()>#+\-.!])")
LINE_STARTS = [
    (re.compile(r"^([ \t]*)(\d+)\.(?=\s|$)", re.MULTILINE), r"\1\2\\."),
    (re.compile(r"^([ \t]*)([-+])(?=\s|$)", re.MULTILINE), r"\1\\\2"),
    (re.compile(r"^([ \t]*)(#|>)", re.MULTILINE), r"\1\\\2"),
    (re.compile(r"^([ \t]*)=(?==*[ \t]*$)", re.MULTILINE), r"\1&#61;"),
]
TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
LINK_CLOSE = re.compile(r"\](?=[(\[])")
LANGUAGE_CLASS = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#-]+)")
BRUSH = re.compile(r"brush:\s*([\w+#-]+)")
URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"}


def html_text(value: str) -> str:
    """Return text as HTML would show it, with `<tag` and `&entity;` kept literal."""
    value = ENTITY_LIKE.sub("&amp;", value)
    return TAG_START.sub("&lt;", value)


def safe_url(url: str) -> str:
    """Return `url` with the characters that end a Markdown link percent-encoded."""
    return "".join(URL_UNSAFE.get(character, character) for character in url.strip())


def plain(value: str) -> str:
    """Return the text of a WordPress title or name: tags dropped, entities decoded, one line."""
    return " ".join(Markup(value).striptags().split())


def code_language(element: Tag) -> str:
    """Return the language of a `<pre>` as WordPress plugins and the block editor mark it."""
    code = element.find("code")
    for candidate in (element, code):
        if candidate is None:
            continue
        if candidate.get("lang"):
            return str(candidate["lang"])
        classes = " ".join(candidate.get_attribute_list("class"))
        match = LANGUAGE_CLASS.search(classes) or BRUSH.search(classes)
        if match:
            return match.group(1)
    return ""


class Converter(MarkdownConverter):
    """markdownify, tuned for Python-Markdown: 4-space lists, safe escapes, embeds kept."""

    def __init__(self) -> None:
        super().__init__(
            heading_style="atx",
            bullets="-",
            code_language_callback=code_language,
            sub_symbol="<sub>",
            sup_symbol="<sup>",
            keep_inline_images_in=["td", "th"],
        )

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """Escape what Python-Markdown would read as markup in a text node."""
        text = BACKSLASH.sub(r"\\\\", text)
        text = super().escape(text, parent_tags).replace("`", r"\`")
        text = LINK_CLOSE.sub(r"\\]", html_text(text))
        for pattern, replacement in LINE_STARTS:
            text = pattern.sub(replacement, text)
        if parent_tags & {"td", "th"}:
            text = text.replace("|", r"\|")
        return text

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Return a link whose address cannot end the Markdown link early."""
        if el.get("href"):
            el["href"] = safe_url(str(el["href"]))
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Return an image whose address cannot end the Markdown image early."""
        if el.get("src"):
            el["src"] = safe_url(str(el["src"]))
        return super().convert_img(el, text, parent_tags)

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Return a list item whose continuation lines are indented by four spaces."""
        item = super().convert_li(el, text, parent_tags)
        if not item.strip():
            return item
        bullet, _, rest = item.partition(" ")
        rest = rest.lstrip(" ")
        lines = rest.split("\n")
        width = max(4, len(bullet) + 1)
        indented = [lines[0]] + [
            " " * width + line[len(bullet) + 1 :] if line.strip() else line for line in lines[1:]
        ]
        return f"{bullet} " + "\n".join(indented)

    def convert_list(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Return a list; one right after another list is kept apart by an empty HTML comment."""
        converted = super().convert_list(el, text, parent_tags)
        previous = el.find_previous_sibling(True)
        if "li" not in parent_tags and previous is not None and previous.name in ("ul", "ol"):
            return "\n\n<!-- -->\n\n" + converted.lstrip("\n")
        return converted

    convert_ul = convert_ol = convert_list

    def convert_p(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Return a paragraph; a web address alone on it becomes a link, as WordPress embeds it."""
        url = el.get_text().strip()
        if not el.find(True) and BARE_URL.fullmatch(url) and "_inline" not in parent_tags:
            return f"\n\n<{url}>\n\n"
        return super().convert_p(el, text, parent_tags)

    def convert_div(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Return a division's text; a block editor embed's address becomes a link."""
        if "wp-block-embed__wrapper" in el.get_attribute_list("class"):
            return self.convert_p(el, text, parent_tags)
        return super().convert_div(el, text, parent_tags)

    def convert_figcaption(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Return a caption as an emphasized paragraph under its image."""
        text = " ".join(text.split())
        return f"\n\n*{text}*\n\n" if text else ""

    def convert_video(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Keep embedded media as HTML: Markdown has no syntax for it."""
        return f"\n\n{el}\n\n"

    convert_iframe = convert_audio = convert_object = convert_embed = convert_video
    convert_script = convert_video


CONVERTER = Converter()


def tidy(markdown: str) -> str:
    """Return `markdown` with runs of blank lines made one, except inside fenced code."""
    lines: list[str] = []
    fenced = False
    for line in markdown.strip().split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or line.strip() or (lines and lines[-1].strip()):
            lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def markdown_of(html: str) -> str:
    """Return the Markdown of explicit HTML (paragraphs already made)."""
    return tidy(CONVERTER.convert(html))


@dataclass
class Converted:
    """Markdown text, and the shortcodes it still holds as text."""

    markdown: str
    shortcodes: Counter[str] = field(default_factory=Counter)


def post_markdown(html: str) -> Converted:
    """Convert a post's HTML: shortcodes, then auto-paragraphs unless made by the block editor."""
    html, left = expand(html)
    if BLOCK_EDITOR not in html:
        html = autop(html)
    return Converted(markdown_of(html), left)


def comment_markdown(html: str) -> str:
    """Convert a comment's HTML (WordPress adds paragraphs and never runs shortcodes there)."""
    return markdown_of(autop(html))


def one_line_markdown(html: str) -> str:
    """Convert an excerpt to Markdown on a single line (Pelican metadata are one line)."""
    return " ".join(markdown_of(autop(html)).split())
