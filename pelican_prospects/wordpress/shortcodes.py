"""WordPress shortcodes: captions become figures, code and embeds are kept, others counted."""

from __future__ import annotations

import html
import re
from collections import Counter

ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
IMAGE_FIRST = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL)
CODE = re.compile(r"\[(code|sourcecode)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
EMBED = re.compile(r"\[embed\b[^\]]*\]\s*(https?://[^\s\[<]+)\s*\[/embed\]", re.IGNORECASE)
URL_SHORTCODE = re.compile(
    r"\[(youtube|vimeo|soundcloud|dailymotion)\s*=?\s*(https?://[^\s\]]+)[^\]]*\]", re.IGNORECASE
)
ESCAPED = re.compile(r"\[(\[[a-zA-Z][\w-]*\b[^\]]*\])\]")
# `[name ...]`, `[name ... /]` or `[/name]`: WordPress's shortcode syntax.
SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)(\s[^\]\[]*?)?(/?)\]")
# Shortcodes of WordPress and WordPress.com that need no closing tag nor attribute to be one.
KNOWN = {
    "audio", "video", "playlist", "gallery", "embed", "caption", "wp_caption", "code",
    "sourcecode", "youtube", "vimeo", "soundcloud", "dailymotion", "googlemaps", "twitter",
    "tweet", "instagram", "slideshow", "contact-form", "contact-field", "polldaddy", "archives",
    "recipe", "latex", "wpvideo",
}  # fmt: skip
PLACEHOLDER = "\x00"


def attributes(text: str) -> dict[str, str]:
    """Return the `key="value"` attributes of a shortcode, keys in lower case."""
    found = {}
    for match in ATTRIBUTE.finditer(text):
        value = next(group for group in match.groups()[1:] if group is not None)
        found[match.group(1).lower()] = html.unescape(value)
    return found


def caption_figure(match: re.Match[str]) -> str:
    """Return `[caption]<img> text[/caption]` as a `<figure>` with a `<figcaption>`."""
    values = attributes(match.group(2))
    inner = IMAGE_FIRST.match(match.group(3))
    if inner is None:
        return match.group(3)
    image, text = inner.group(1), inner.group(2).strip()
    caption = text or values.get("caption", "")
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{image}{figcaption}</figure>"


def code_block(match: re.Match[str]) -> str:
    """Return `[code lang="x"]...[/code]` as a `<pre>` element (its text taken literally)."""
    values = attributes(match.group(2))
    language = values.get("language") or values.get("lang") or ""
    code = match.group(3).strip("\n")
    named = f' lang="{html.escape(language)}"' if language else ""
    return f"<pre{named}>{html.escape(code, quote=False)}</pre>"


def is_shortcode(match: re.Match[str], text: str) -> bool:
    """Tell whether `[name ...]` is a shortcode rather than text such as '[sic]' or '[1]'."""
    name = match.group(2).lower()
    options = match.group(3) or ""
    return (
        name in KNOWN
        or bool(match.group(1) or match.group(4))
        or "=" in options
        or f"[/{name}]" in text.lower()
    )


def expand(text: str) -> tuple[str, Counter[str]]:
    """Turn captions, code and embeds into HTML; count the shortcodes left as they are."""
    escaped: list[str] = []

    def hold(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"{PLACEHOLDER}{len(escaped) - 1}{PLACEHOLDER}"

    text = ESCAPED.sub(hold, text)
    text = CAPTION.sub(caption_figure, text)
    text = CODE.sub(code_block, text)
    text = EMBED.sub(lambda match: f"\n\n{match.group(1)}\n\n", text)
    text = URL_SHORTCODE.sub(lambda match: f"\n\n{match.group(2)}\n\n", text)
    left: Counter[str] = Counter()
    for match in SHORTCODE.finditer(text):
        if not match.group(1) and is_shortcode(match, text):
            left[match.group(2).lower()] += 1
    for index, literal in enumerate(escaped):
        text = text.replace(f"{PLACEHOLDER}{index}{PLACEHOLDER}", literal)
    return text, left
