"""Read a WordPress eXtended RSS export safely (no DTD entities, no network) into dataclasses."""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import ParseError, iterparse

from ..problems import Problem, ProspectsError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

WP_NAMESPACE = "http://wordpress.org/export/"
FAMILIES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
AGAIN = "export the blog again with WordPress's Tools > Export"
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
LEADING_BLANKS = re.compile(rb"^\s+(?=<\?xml)")


@dataclass(frozen=True)
class WPComment:
    """One `<wp:comment>` of an item, its values as the export gives them."""

    id: str
    parent: str
    author: str
    email: str
    url: str
    date_gmt: str
    date: str
    content: str
    approved: str
    type: str
    user_id: str = ""  # the blog's user who wrote it ('0' or '': a visitor)


@dataclass
class Item:
    """One `<item>`: a post, a page, an attachment or any other WordPress post type."""

    id: str
    type: str
    status: str
    title: str
    slug: str
    date_gmt: str
    date: str
    modified_gmt: str
    creator: str
    content: str
    excerpt: str
    password: str
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    comments: list[WPComment] = field(default_factory=list)


@dataclass
class Export:
    """A whole export: the blog's title, its authors' display names, its items and address."""

    title: str
    wxr_version: str
    authors: dict[str, str]
    items: list[Item]
    author_ids: frozenset[str] = frozenset()  # user ids of the blog's authors
    site_url: str = ""


def name_of(tag: str) -> str:
    """Return 'wp:post_id', 'excerpt:encoded', 'dc:creator' or 'title' for an element tag."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    if namespace.startswith(WP_NAMESPACE):
        family = "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    else:
        family = FAMILIES.get(namespace, namespace)
    return f"{family}:{local}"


def texts(element: Element) -> dict[str, str]:
    """Return the text of each child element by name (the first one of a name wins)."""
    found: dict[str, str] = {}
    for child in element:
        found.setdefault(name_of(child.tag), child.text or "")
    return found


def read_comment(element: Element) -> WPComment:
    """Return the values of one `<wp:comment>`."""
    values = texts(element)
    return WPComment(
        id=values.get("wp:comment_id", "").strip(),
        parent=values.get("wp:comment_parent", "").strip(),
        author=values.get("wp:comment_author", ""),
        email=values.get("wp:comment_author_email", ""),
        url=values.get("wp:comment_author_url", ""),
        date_gmt=values.get("wp:comment_date_gmt", ""),
        date=values.get("wp:comment_date", ""),
        content=values.get("wp:comment_content", ""),
        approved=values.get("wp:comment_approved", "").strip(),
        type=values.get("wp:comment_type", "").strip(),
        user_id=values.get("wp:comment_user_id", "").strip(),
    )


def read_item(element: Element) -> Item:
    """Return the values of one `<item>`, with its terms and comments."""
    values = texts(element)
    item = Item(
        id=values.get("wp:post_id", "").strip(),
        type=values.get("wp:post_type", "post").strip() or "post",
        status=values.get("wp:status", "").strip(),
        title=values.get("title", ""),
        slug=values.get("wp:post_name", "").strip(),
        date_gmt=values.get("wp:post_date_gmt", ""),
        date=values.get("wp:post_date", ""),
        modified_gmt=values.get("wp:post_modified_gmt", ""),
        creator=values.get("dc:creator", "").strip(),
        content=values.get("content:encoded", ""),
        excerpt=values.get("excerpt:encoded", ""),
        password=values.get("wp:post_password", ""),
    )
    for child in element:
        name = name_of(child.tag)
        if name == "category":
            # WXR 1.0 wrote tags with domain="tag" and categories without a domain.
            domain = child.get("domain", "category")
            terms = {"category": item.categories, "post_tag": item.tags, "tag": item.tags}
            if domain in terms and (child.text or "").strip():
                terms[domain].append(child.text or "")
        elif name == "wp:comment":
            item.comments.append(read_comment(child))
    return item


def line_of(data: bytes, needle: bytes) -> int | None:
    """Return the 1-based line where `needle` first occurs in `data`, if it does."""
    index = data.find(needle)
    return None if index < 0 else data.count(b"\n", 0, index) + 1


def encoding_problem(data: bytes, path: str) -> Problem | None:
    """Tell what is wrong with the bytes of a file that says it is UTF-8 (or says nothing)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    declared = DECLARED_ENCODING.match(data)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return None
    except LookupError:
        reason = f"unknown text encoding {encoding!r} declared; {AGAIN} (it writes UTF-8)"
        return Problem(path, 1, reason)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        reason = (
            f"not UTF-8 text (byte 0x{byte:02x}) although the file says it is; it was probably "
            f"re-saved in another encoding: {AGAIN}, or convert the file to UTF-8"
        )
        return Problem(path, line, reason)
    return None


def parse_problem(error: Exception, data: bytes, path: str) -> Problem:
    """Return a plain-English problem for an XML parser error."""
    if isinstance(error, EntitiesForbidden):
        line = line_of(data, b"<!ENTITY")
        if error.sysid:
            reason = (
                f"the file declares the external entity {error.name!r} ({error.sysid}), which a "
                "WordPress export never does: refused, nothing was read from it"
            )
        else:
            reason = (
                f"the file declares the entity {error.name!r} (<!ENTITY ...>), which a WordPress "
                "export never does: refused, as entities can expand without end (entity bomb)"
            )
        return Problem(path, line, reason)
    if isinstance(error, DefusedXmlException):
        return Problem(path, None, f"refused unsafe XML ({error}); {AGAIN}")
    if isinstance(error, ParseError):
        line, column = error.position
        message = str(error).split(":")[0]
        lines = data.split(b"\n")
        control = CONTROL.search(lines[line - 1]) if 0 < line <= len(lines) else None
        if message == "no element found":
            reason = f"the file ends in the middle of the export (cut off?); {AGAIN}"
        elif control is not None:
            reason = (
                f"invisible control character U+{ord(control.group()):04X} at column "
                f"{control.start() + 1}, which XML forbids (text pasted from a word processor?): "
                "delete it from the file, or from the post or comment on WordPress and export again"
            )
        else:
            reason = f"malformed XML ({message}, column {column + 1}); {AGAIN}"
        return Problem(path, line, reason)
    return Problem(path, None, f"unreadable XML ({error}); {AGAIN}")


def parse(data: bytes, path: str) -> Export:
    """Parse the bytes of an export; raise `ProspectsError` naming the file and line if bad."""
    # Blank lines before `<?xml` (a theme or plugin printed them) are the commonest flaw.
    blanks = LEADING_BLANKS.match(data)
    shift = data.count(b"\n", 0, blanks.end()) if blanks else 0
    try:
        export = parse_xml(data[blanks.end() :] if blanks else data, path)
    except ProspectsError as error:
        problems = [
            replace(problem, line=problem.line + shift) if problem.line else problem
            for problem in error.problems
        ]
        raise ProspectsError(problems, error.summary) from None
    return export


def parse_xml(data: bytes, path: str) -> Export:
    """Parse an export that starts with its XML declaration (or its root element)."""
    problem = encoding_problem(data, path)
    if problem is not None:
        raise ProspectsError([problem], "cannot import the WordPress export")
    items: list[Item] = []
    authors: dict[str, str] = {}
    author_ids: set[str] = set()
    channel: dict[str, str] = {}
    events = iterparse(io.BytesIO(data), events=("end",), forbid_entities=True)
    try:
        for _, element in events:
            name = name_of(element.tag)
            if name == "item":
                items.append(read_item(element))
                element.clear()
            elif name == "wp:author":
                values = texts(element)
                login = values.get("wp:author_login", "").strip()
                authors[login] = values.get("wp:author_display_name", "").strip() or login
                author_ids.add(values.get("wp:author_id", "").strip())
            elif name == "channel":
                channel = texts(element)
    except (ParseError, DefusedXmlException, LookupError) as error:
        raise ProspectsError(
            [parse_problem(error, data, path)], "cannot import the WordPress export"
        ) from None
    if name_of(events.root.tag) != "rss" or "wp:wxr_version" not in channel:
        reason = f"not a WordPress export (no <wp:wxr_version> in an RSS channel); {AGAIN}"
        raise ProspectsError([Problem(path, None, reason)], "cannot import the WordPress export")
    return Export(
        title=channel.get("title", "").strip(),
        wxr_version=channel["wp:wxr_version"].strip(),
        authors=authors,
        items=items,
        author_ids=frozenset(author_ids - {"", "0"}),
        site_url=(channel.get("wp:base_blog_url") or channel.get("link") or "").strip(),
    )
