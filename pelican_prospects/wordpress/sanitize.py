"""Imported HTML through an allow-list (nh3): nothing that can run is kept, each removal named."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup, Tag

# What markdownify turns into Markdown, and the players it keeps as HTML.
TAGS = {
    "a", "abbr", "acronym", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "tt", "u", "ul", "var", "iframe", "video", "audio", "source", "track",
}  # fmt: skip
# Harmless attributes WordPress writes (`style` is lost in Markdown, and taken off players).
ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir", "align", "width", "height", "style"},
    "a": {"href", "name", "rel", "target", "hreflang"},
    "img": {"src", "alt", "srcset", "sizes", "loading", "decoding"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "iframe": {"src", "allow", "allowfullscreen", "frameborder", "loading", "referrerpolicy"},
    "video": {"src", "controls", "poster", "loop", "muted", "playsinline", "preload"},
    "audio": {"src", "controls", "loop", "muted", "preload"},
    "source": {"src", "type", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
}
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "poster", "cite", "xlink:href", "action", "formaction", "data"}
PLAYERS = {"iframe": "frame-src", "video": "media-src", "audio": "media-src"}
# Players whose pages are made to be embedded in other sites (https only).
EMBED_HOSTS = frozenset({
    "www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "player.vimeo.com",
    "www.dailymotion.com", "geo.dailymotion.com", "w.soundcloud.com", "open.spotify.com",
    "bandcamp.com", "embed.ted.com", "videopress.com", "video.wordpress.com",
    "www.slideshare.net", "codepen.io",
})  # fmt: skip
# A fenced code block's language: what Python-Markdown reads on a fence line, nothing more.
LANGUAGE = re.compile(r"[\w#+.-]+")
LANGUAGE_CLASS = re.compile(r"(?:language|lang)-([\w+#-]+)|brush:\s*([\w+#-]+)")
# The fence language that makes a page a questionnaire: never given to imported code.
ROUTING = "routing"
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers drop tabs and newlines anywhere in an address, and C0 controls and spaces around it.
INVISIBLE = re.compile(r"[\t\n\r]")
C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass
class Cleaned:
    """Safe HTML, what was removed from it, and the origins of the players it keeps."""

    html: str
    removed: Counter[str] = field(default_factory=Counter)
    sources: dict[str, set[str]] = field(default_factory=dict)


def scheme(url: str) -> str:
    """Return the scheme a browser reads in `url` ('' for a relative address), lower case."""
    match = SCHEME.match(INVISIBLE.sub("", url).strip(C0_AND_SPACE))
    return match.group(1).lower() if match else ""


def origin(url: str) -> str | None:
    """Return 'https://host' for an https address, else None."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "https" or not parts.hostname:
        return None
    return f"https://{parts.netloc.lower()}"


def shown(url: str) -> str:
    """Return a value shortened for the summary, control characters made visible as '?'."""
    url = CONTROL.sub("?", " ".join(url.split()))
    return url if len(url) <= 40 else url[:39] + "…"


def player_problem(element: Tag, media_hosts: frozenset[str]) -> str | None:
    """Return why a player is refused (no https address from an allowed host), else None."""
    hosts = EMBED_HOSTS if element.name == "iframe" else EMBED_HOSTS | media_hosts
    addresses = [str(element["src"])] if element.get("src") else []
    addresses += [str(s["src"]) for s in element.find_all(["source", "track"]) if s.get("src")]
    if element.name == "iframe" and element.get("srcdoc") is not None:
        return f"<{element.name} srcdoc>"
    if not addresses:
        return f"<{element.name}> without an address"
    for address in addresses:
        where = origin(address)
        if where is None or urlsplit(where).hostname not in hosts:
            return f'<{element.name} src="{shown(address)}"> (not an https player of a known host)'
    return None


def keep_players(soup: BeautifulSoup, media_hosts: frozenset[str], cleaned: Cleaned) -> None:
    """Remove players from unknown hosts and the styles of those kept; note their origins."""
    for element in soup.find_all(list(PLAYERS)):
        if element.decomposed:
            continue
        problem = player_problem(element, media_hosts)
        if problem is not None:
            cleaned.removed[problem] += 1
            element.decompose()
            continue
        directive = PLAYERS[element.name]
        for tag in [element, *element.find_all(True)]:
            # Kept as HTML, a style could lay the player over the page.
            if tag.get("style") is not None:
                cleaned.removed[f"<{tag.name} style>"] += 1
                del tag["style"]
            if tag.name in (*PLAYERS, "source", "track") and tag.get("src"):
                cleaned.sources.setdefault(directive, set()).add(origin(str(tag["src"])) or "")


def code_language(value: str) -> str | None:
    """Return why a code language cannot be written on a fence line, or None if it can."""
    if not LANGUAGE.fullmatch(value):
        return f"code language {shown(value)!r} (not a language name)"
    if value.lower() == ROUTING:
        return "code language 'routing' (it would make the page a questionnaire)"
    return None


def check_languages(soup: BeautifulSoup, cleaned: Cleaned) -> None:
    """Drop the code languages that a fence line cannot hold or that make a questionnaire."""
    for element in soup.find_all(["pre", "code"]):
        if element.get("lang"):
            problem = code_language(str(element["lang"]))
            if problem is not None:
                cleaned.removed[problem] += 1
                del element["lang"]
        classes = " ".join(element.get_attribute_list("class"))
        named = [a or b for a, b in LANGUAGE_CLASS.findall(classes)]
        if any(name.lower() == ROUTING for name in named):
            cleaned.removed[code_language(ROUTING) or ""] += 1
            del element["class"]


def describe(tag: Tag, name: str, value: str) -> str:
    """Return how the summary names one attribute (its scheme too when it is an address)."""
    if name in URL_ATTRIBUTES and scheme(value) and scheme(value) not in URL_SCHEMES:
        return f'<{tag.name} {name}="{scheme(value)}:…">'
    return f"<{tag.name} {name}>"


def inventory(soup: BeautifulSoup) -> Counter[str]:
    """Return every element of `soup`, and the attributes of allowed ones, named for the summary."""
    found: Counter[str] = Counter()
    for tag in soup.find_all(True):
        found[f"<{tag.name}>"] += 1
        # An element removed takes its attributes with it: they are not listed apart.
        for name, value in tag.attrs.items() if tag.name in TAGS else ():
            text = " ".join(value) if isinstance(value, list) else str(value)
            found[describe(tag, name, text)] += 1
    return found


def sanitize(html: str, media_hosts: frozenset[str] = frozenset()) -> Cleaned:
    """Return `html` with only allowed elements, attributes and addresses, and what went."""
    cleaned = Cleaned("")
    source = BeautifulSoup(html, "html.parser")
    allowed = nh3.clean(
        str(source),
        tags=TAGS,
        clean_content_tags={"script", "style", "template", "noscript"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    # Players and code languages are judged on nh3's output, the markup the page will hold.
    soup = BeautifulSoup(allowed, "html.parser")
    cleaned.removed.update(inventory(source) - inventory(soup))
    keep_players(soup, media_hosts, cleaned)
    check_languages(soup, cleaned)
    cleaned.html = str(soup)
    return cleaned
