"""The packaged comments block, rendered by Jinja once per shape and filled in for each article.

Placed on a theme that does not include the comments (`placement.py`), the block is the same
for every article but for a few values: its title and slug, its count, its threads, its feed and
the page's addresses. Jinja renders `prospects/placed_comments.html` once for each shape of
block (thread or none, mentions or none, feed or none) with a marker in place of each value;
an article's block is then those markers replaced by its values, escaped as the template
escapes them: the cost of a few string operations, not of a template's dozens of expressions.

This is used only where the environment gives the packaged templates, and where a probe article,
whose values need every escaping, comes out of the filled block byte for byte as out of Jinja:
a theme's own templates (or a Jinja setting that changes their output) are rendered by Jinja
for every article, as before.
"""

from __future__ import annotations

import re
import secrets
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import host
from .markup import escape, urlencode

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jinja2 import Environment

PLACED_TEMPLATE = "prospects/placed_comments.html"
COMMENTS_TEMPLATE = "prospects/comments.html"
TEMPLATES = (PLACED_TEMPLATE, COMMENTS_TEMPLATE)
# How the template prints each value: as it is (markup), escaped (`|e`) or in a URL (`urlencode`).
AS_IS, ESCAPED, IN_URL = "as is", "escaped", "in a URL"
PRINTED = {
    "title": ESCAPED,  # its tags stripped first, as `|striptags`
    "slug": ESCAPED,
    "count": AS_IS,
    "thread": AS_IS,
    "mentions": AS_IS,
    "feed": ESCAPED,
    "siteurl": ESCAPED,
    "feed_domain": ESCAPED,
}
# A probe article's values: text that each escaping changes, tags and spaces in the title.
PROBE = {
    "title": 'L\'<em>offre</em>  &amp; « le "devis" » 100 %\n<b>sûre</b>',
    "slug": "l-offre-&-<sûre>/%",
    "count": "3 <commentaires> & plus",
    "thread": Markup('<article class="p-comment">é & <b>"</b></article>'),
    "mentions": Markup("<p>Mention & ' \"</p>"),
    "feed": "feeds/comments/<l&offre>.atom.xml",
    "siteurl": "https://exemple.org/a&b'\"<>",
    "feed_domain": "https://flux.exemple.org/<&>",
}
Shape = tuple[bool, bool, bool]  # a thread, mentions, a feed
Part = tuple[str, str | None]  # literal text (None), or a value's name and how it is printed


class Filled:
    """One build's blocks: each shape made by Jinja on first need, then filled in per article."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        nonce = secrets.token_hex(8)
        # Private-use characters around a nonce: no title, address or comment holds a marker.
        self.markers = {name: f"\ue000{nonce}{name}\ue001" for name in PRINTED}
        self.found = {marker: (name, PRINTED[name]) for name, marker in self.markers.items()}
        for name in ("title", "slug"):  # in the mailto's subject
            self.found[urlencode(self.markers[name])] = (name, IN_URL)
        self.pattern = re.compile("|".join(re.escape(text) for text in self.found))
        self.shapes: dict[Shape, list[Part] | None] = {}

    @classmethod
    def made(cls, env: Environment) -> Filled | None:
        """Return a `Filled` if `env` renders the packaged templates; None if it would not."""
        if env.is_async or not all(host.packaged(env, name) for name in TEMPLATES):
            return None
        return cls(env)

    def block(self, context: Mapping[str, Any]) -> str | None:
        """Return the block of this page's article; None where only Jinja may render it."""
        values = values_of(context)
        shape = (bool(values["thread"]), bool(values["mentions"]), bool(values["feed"]))
        if shape not in self.shapes:
            self.shapes[shape] = self.checked_parts(shape, context)
        parts = self.shapes[shape]
        return None if parts is None else fill(parts, values)

    def checked_parts(self, shape: Shape, context: Mapping[str, Any]) -> list[Part] | None:
        """Return the parts of a shape's block, if a probe article fills in as Jinja renders it."""
        parts = self.parts(shape, context)
        probe = {name: value if keep(name, shape) else "" for name, value in PROBE.items()}
        rendered = self.render(context, probe)
        probe["title"] = Markup(probe["title"]).striptags()
        return parts if fill(parts, probe) == rendered else None

    def parts(self, shape: Shape, context: Mapping[str, Any]) -> list[Part]:
        """Return a shape's block rendered with markers, cut into text and values."""
        markers = {
            name: marker if keep(name, shape) else "" for name, marker in self.markers.items()
        }
        skeleton = self.render(context, markers)
        parts: list[Part] = []
        start = 0
        for match in self.pattern.finditer(skeleton):
            parts.append((skeleton[start : match.start()], None))
            parts.append(self.found[match.group()])
            start = match.end()
        parts.append((skeleton[start:], None))
        return parts

    def render(self, context: Mapping[str, Any], values: dict[str, Any]) -> str:
        """Return what Jinja gives for a page whose article has these values."""
        article = SimpleNamespace(
            title=values["title"],
            slug=values["slug"],
            comment_count=1,
            comment_count_text=values["count"],
            comment_thread=values["thread"],
            pingback_thread=values["mentions"],
            comments_feed=values["feed"] or None,
        )
        page = {
            **context,
            "article": article,
            "SITEURL": values["siteurl"],
            "FEED_DOMAIN": values["feed_domain"],
        }
        return self.env.get_template(PLACED_TEMPLATE).render(page)


def keep(name: str, shape: Shape) -> bool:
    """Tell whether a value is part of a shape (a thread, mentions or a feed may be absent)."""
    thread, mentions, feed = shape
    return {"thread": thread, "mentions": mentions, "feed": feed}.get(name, True)


def values_of(context: Mapping[str, Any]) -> dict[str, Any]:
    """Return the values the block shows of a page's article and addresses."""
    article = context["article"]
    return {
        "title": Markup(article.title).striptags(),
        "slug": article.slug,
        "count": article.comment_count_text,
        "thread": article.comment_thread,
        "mentions": article.pingback_thread,
        "feed": getattr(article, "comments_feed", None),
        "siteurl": context.get("SITEURL"),
        "feed_domain": context.get("FEED_DOMAIN"),
    }


def fill(parts: list[Part], values: dict[str, Any]) -> str:
    """Return a block's parts with each value printed as the template prints it."""
    out = []
    for text, how in parts:
        if how is None:
            out.append(text)
        elif how == AS_IS:
            out.append(str(values[text]))
        elif how == ESCAPED:
            out.append(escape(str(values[text])))
        else:
            out.append(urlencode(str(values[text])))
    return "".join(out)
