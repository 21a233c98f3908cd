"""Read a reader's e-mail (.eml) as a new comment: a stranger's text, refused when malformed."""

from __future__ import annotations

import codecs
import logging
import re
from datetime import UTC, datetime, timedelta, tzinfo
from email import policy
from email.errors import MessageError
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.parser import BytesParser
from typing import cast

from bs4 import BeautifulSoup

from ..problems import Problem, ProspectsError
from . import authresults, owner
from .commentfile import one_line, parse_comment, split_lines
from .intake import NewComment

logger = logging.getLogger(__name__)

# Header keys a reader may fill in. Whatever else a message says (Date, Type, Status, Owner,
# Email, Avatar) is dropped: those are the site owner's to write; the address is the sender's.
READER_KEYS = ("author", "website", "replyto", "notify")
SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
HEADER_END = re.compile(rb"\r?\n\r?\n")
# A comment is a few lines of text; Python's e-mail package and the HTML reader take time and
# memory that grow with the message (an HTML body of 8 MB: over a minute and a gigabyte).
MAX_MESSAGE = 100 * 1024  # bytes
# A comment is one text, perhaps with an HTML copy and attachments: a handful of sections.
# Python's e-mail parser recurses once per nested section and slows down as they pile up.
MAX_SECTIONS = 100
MULTIPART = re.compile(rb"multipart/", re.IGNORECASE)
# How far ahead of this machine's clock a sender's clock may run.
CLOCK_SKEW = timedelta(hours=1)
# Python's e-mail package parses a header field when it is read: it recurses once per comment
# '(...)' nested in another, and slows down faster than the field grows (a From of 16 KB: six
# seconds). A comment's fields are short and plain: longer or deeper ones are refused unparsed.
MAX_HEADER = 1000  # characters of a structured field (From, Date, Content-Type...)
MAX_TEXT_HEADER = 2000  # characters of a text field (Subject)
MAX_NESTING = 20  # comments within comments
MAX_PARSED = 5000  # characters of all the different fields that one message has parsed
# What Python's e-mail package raises on malformed input, beside its own MessageError; its
# RecursionError, should a field still nest past what Python's stack holds.
MALFORMED = (
    ValueError,
    LookupError,
    IndexError,
    TypeError,
    AttributeError,
    MessageError,
    RecursionError,
)
REFUSED = "cannot take the message as a comment"
# Python's codecs that turn bytes into text yet name no character set: `charset=punycode` would
# read escapes into any characters, and 100 KB of it in seconds (its decoder is quadratic).
NOT_CHARSETS = frozenset({"punycode", "idna", "unicode-escape", "raw-unicode-escape"})
# A '<' that no '>' closes before the next '<': Python's HTML parser reads on from each one to the
# end (100 KB of '<a ' took minutes); written '&lt;', it is the text the parser would show anyway.
# A comment '<!--' is kept when a '-->' follows (a template's `<!--<![endif]-->`), and so is a tag
# whose quoted attribute value holds a '<' (`<img alt="a < b">`) when it ends within TAG_REACH.
UNCLOSED_TAG = re.compile(r"<!--|<(?![^<>]*>)")
QUOTED_TAG = re.compile(r"""<(?:[^<>=]++|=\s*+"[^"]*+"|=\s*+'[^']*+'|=)*+>""")
TAG_REACH = 1000  # characters: a bound on each '<', as values can chain from tag to tag


class HeaderRefused(MessageError):
    """A header field too long or nested too deep to be parsed; the message names it."""


def nesting(value: str) -> int:
    """Return how deep comments '(...)' nest in a header field ('\\(' is no comment)."""
    depth = deepest = 0
    escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")" and depth:
            depth -= 1
    return deepest


class BoundedHeaders(HeaderRegistry):
    """Python's header registry, parsing each different field of a message once, at a bound."""

    def __init__(self) -> None:
        super().__init__()
        self.parsed: dict[tuple[str, str], BaseHeader] = {}
        self.spent = 0

    def __call__(self, name: str, value: str) -> BaseHeader:
        key = (name.lower(), value)
        header = self.parsed.get(key)
        if header is not None:  # the package parses Content-Type again at each look
            return header
        text = issubclass(self[name], UnstructuredHeader)
        most = MAX_TEXT_HEADER if text else MAX_HEADER
        if len(value) > most:
            raise HeaderRefused(
                f"{name}: {len(value)} characters long, more than the {most} a comment's"
                " header may hold"
            )
        depth = 0 if text or "(" not in value else nesting(value)
        if depth > MAX_NESTING:
            raise HeaderRefused(
                f"{name}: parentheses nested {depth} deep, more than the {MAX_NESTING} a"
                " comment's header may hold"
            )
        self.spent += len(value)
        if self.spent > MAX_PARSED:
            raise HeaderRefused(
                f"more than {MAX_PARSED} characters of header fields to read (its sections'"
                " included): not a comment"
            )
        header = self.parsed[key] = super().__call__(name, value)
        return header


def bounded_policy() -> policy.EmailPolicy:
    """Return the policy to parse one message with: its fields' parsing is bounded."""
    return policy.default.clone(header_factory=BoundedHeaders())


def header_line(data: bytes, name: str) -> int | None:
    """Return the line of a message's first `name:` header field, if it has one."""
    end = HEADER_END.search(data)
    header = data[: end.start()] if end else data
    field = re.search(rb"^" + re.escape(name.encode()) + rb"[ \t]*:", header, re.I | re.M)
    return None if field is None else header.count(b"\n", 0, field.start()) + 1


def raw_value(message: EmailMessage, name: str) -> str:
    """Return a header field's value as the message writes it, unfolded, or '' if absent."""
    found = (value for key, value in message.raw_items() if key.lower() == name.lower())
    return " ".join(next(found, "").split())


def parse(data: bytes, path: str) -> EmailMessage:
    """Parse a message; refuse one too large, or whose sections are too many or too deep."""
    if len(data) > MAX_MESSAGE:  # first, before anything reads its sections
        reason = f"the message is {len(data) // 1024} KB: a comment holds at most 100 KB"
        raise ProspectsError([Problem(path, None, reason)], REFUSED)
    problem = Problem(
        path,
        None,
        f"more than {MAX_SECTIONS} multipart sections, or sections nested too deep: not a comment",
    )
    if len(MULTIPART.findall(data)) > MAX_SECTIONS:
        raise ProspectsError([problem], REFUSED)
    try:
        return cast(EmailMessage, BytesParser(policy=bounded_policy()).parsebytes(data))
    except HeaderRefused as error:  # the parser reads each section's Content-Type
        raise ProspectsError([Problem(path, None, str(error))], REFUSED) from None
    except RecursionError:  # sections nested deeper than the count above could tell
        raise ProspectsError([problem], REFUSED) from None
    except MALFORMED as error:
        raise ProspectsError(
            [Problem(path, None, f"unreadable message ({error})")], REFUSED
        ) from None


def sender(message: EmailMessage, data: bytes, path: str) -> tuple[Address | None, list[Problem]]:
    """Return the message's sender, or why it has none that can be read."""
    line = header_line(data, "From")
    try:
        field = message["From"]
        addresses = field.addresses if field is not None else ()
    except HeaderRefused as error:
        return None, [Problem(path, line, str(error))]
    except MALFORMED as error:
        if "CR or LF" in str(error):
            reason = "From: the sender's name or address holds a line break (CR or LF)"
        else:
            reason = f"From: unreadable ({error})"
        return None, [Problem(path, line, reason)]
    if field is None:
        return None, [Problem(path, None, "no From header: who sent the message?")]
    if not addresses:
        reason = f"From: {raw_value(message, 'From')!r} names no sender address"
        return None, [Problem(path, line, reason)]
    first = addresses[0]
    if _undecodable(first):
        reason = "From: the sender's name or address holds bytes that are not text (UTF-8)"
        return None, [Problem(path, line, reason)]
    return first, []


def signed_name(address: Address) -> str:
    """Return the sender's name, or their address's user part when the name holds the address.

    Some mail programs write the address as the name (`"jean@example.org" <jean@example.org>`):
    the address goes to the private store, never into the comment file.
    """
    name, spec = address.display_name, address.addr_spec
    if not name or (spec and spec.lower() in name.lower()):
        return address.username
    return name


def _undecodable(address: Address) -> bool:
    """Tell whether a header held bytes that decode to no text (kept as lone surrogates)."""
    try:
        f"{address.display_name}{address.addr_spec}".encode()
    except UnicodeEncodeError:
        return True
    return False


def sent_on(
    message: EmailMessage,
    data: bytes,
    path: str,
    *,
    now: datetime,
    zone: tzinfo,
    published: datetime | None,
) -> tuple[datetime, list[Problem]]:
    """Return when the message was sent (now if it does not say), or why its date is refused."""
    line = header_line(data, "Date")
    try:
        field = message["Date"]
        date = field.datetime if field is not None else now
    except HeaderRefused as error:
        return now, [Problem(path, line, str(error))]
    except MALFORMED:
        date = None
    written = raw_value(message, "Date")
    if date is None:
        return now, [Problem(path, line, f"Date: {written!r} is not a date")]
    if date.tzinfo is None:  # '-0000': the sender's zone is unknown, the time is UTC
        date = date.replace(tzinfo=UTC)
    if date > now + CLOCK_SKEW:
        return now, [Problem(path, line, f"Date: {written!r} lies in the future")]
    if published is not None and date < published:
        dated = published.isoformat(sep=" ")
        reason = f"Date: {written!r} precedes the article (dated {dated})"
        return now, [Problem(path, line, reason)]
    try:
        return date.astimezone(zone).replace(microsecond=0), []
    except OverflowError:
        return now, [Problem(path, line, f"Date: {written!r} is out of range")]


def not_a_charset(charset: str | None) -> bool:
    """Tell whether a charset names one of Python's codecs that is no character set of text."""
    try:
        return codecs.lookup(charset or "ascii").name in NOT_CHARSETS
    except (LookupError, ValueError):  # unknown, or holding a NUL: reading the text says so
        return False


def html_text(html: str) -> str:
    """Return the text an HTML part shows, its elements' texts one per line."""
    closed = html.rfind("-->")  # where the last comment ends

    def escaped(match: re.Match[str]) -> str:
        start = match.start()
        if match[0] == "<!--" and start + 4 <= closed:
            return match[0]
        if match[0] == "<" and QUOTED_TAG.match(html, start, start + TAG_REACH):
            return match[0]
        return "&lt;" + match[0][1:]

    return BeautifulSoup(UNCLOSED_TAG.sub(escaped, html), "html.parser").get_text("\n")


def message_text(message: EmailMessage, data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Return a message's text: its plain part, or its HTML part as text; no signature."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", []
    charset = part.get_content_charset()
    line = None if message.is_multipart() else header_line(data, "Content-Type")
    unknown = Problem(path, line, f"the text is in an unknown character set {charset!r}")
    if not_a_charset(charset):
        return "", [unknown]
    try:
        text = part.get_content()
    except LookupError:
        return "", [unknown]
    except ValueError:
        return "", [Problem(path, line, f"the text cannot be decoded as {charset!r}")]
    if part.get_content_type() == "text/html":
        text = html_text(text)
    text = "\n".join(split_lines(text))  # "\r" ends a line too, as in comment files
    signature = SIGNATURE.search(text)
    return (text[: signature.start()] if signature else text), []


def from_email(
    data: bytes,
    *,
    path: str,
    now: datetime,
    zone: tzinfo,
    published: datetime | None = None,
    owners: frozenset[str] = frozenset(),
    authserv_id: str = "",
) -> NewComment:
    """Read an e-mail (.eml): its body may be a ready comment file, as the form writes it.

    A stranger's message: only `READER_KEYS` are taken from it, it is never marked as the
    owner's, and when signed with one of the owner's names it is held for moderation. Its
    `Notify: yes` subscribes the sender, unless the receiving server does not vouch for them.
    """
    message = parse(data, path)
    try:
        address, problems = sender(message, data, path)
        date, date_problems = sent_on(message, data, path, now=now, zone=zone, published=published)
        text, text_problems = message_text(message, data, path)
    except HeaderRefused as error:  # a section's Content-Type, Content-Disposition...
        raise ProspectsError([Problem(path, None, str(error))], REFUSED) from None
    except MALFORMED as error:
        problem = Problem(path, None, f"unreadable message ({error})")
        raise ProspectsError([problem], REFUSED) from None
    problems += date_problems + text_problems
    if problems:
        raise ProspectsError(problems, REFUSED)
    text = text.strip("\n")
    draft = parse_comment(text)
    fields = {name: value for name, (_, value) in draft.values.items() if name in READER_KEYS}
    if "author" in fields:
        text = draft.text
    else:  # not a comment file: the whole message is the text
        fields = {}
    author = fields.get("author") or (signed_name(address) if address else "")
    held = owner.is_owner_name(author, owners)
    if held:
        logger.warning(
            "prospects: %s: signed %r, a name of the site's owner: an e-mail never gets the "
            "owner's badge; held as pending (Status: pending) for you to check",
            path,
            one_line(author),
        )
    email = address.addr_spec if address else ""
    notify, refused = fields.get("notify", "").strip().lower() == "yes", ""
    if notify:
        verdict = authresults.verdict(message, email, authserv_id)
        notify, refused = verdict.passed, verdict.reason
    return NewComment(
        author=author,
        text=text,
        date=date,
        website=fields.get("website", ""),
        email=email,
        replyto=fields.get("replyto", ""),
        pending=held,
        notify=notify,
        notify_refused=refused,
    )
