"""Check a comment file (split by commentfile.py) and make it a Comment; report what is wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from urllib.parse import urlsplit

from ..problems import Problem
from .avatar import KEY as AVATAR_KEY
from .commentfile import BOM, KEYS, NOTIFY_YES, OWNER_YES, line_of, parse_comment, split_lines
from .model import KINDS, STATUSES, Comment
from .scan import readable

OWNER_VALUES = (OWNER_YES, "no")
NOTIFY_VALUES = (NOTIFY_YES, "no")
KNOWN_KEYS = ", ".join(sorted(KEYS.values()))
DATE_FORMATS = "'YYYY-MM-DD HH:MM[:SS]' (in the site's time zone) or ISO 8601 with an offset"
NOT_A_URL = re.compile(r"[\s<>\"'`\\]")
# The characters XML 1.0 forbids (surrogates aside, which UTF-8 cannot carry): feeds are XML.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The same in UTF-8 bytes: the controls are single bytes, U+FFFE and U+FFFF three bytes each.
NOT_XML_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
NOT_XML_SEQUENCES = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
NOT_XML_LINES = 10  # lines reported one by one; the rest are counted
# A published comment's text at most: CommonMark's link and image syntax takes time to parse.
MAX_TEXT = 20_000
UNSET = (1, "")  # a key the header lacks: empty, reported on line 1
# Characters str.splitlines() and some editors take for line breaks, which a comment file's
# lines do not end at (commentfile.py): in a value, they are refused. (The others it breaks at,
# form feed and the like, XML forbids: not_xml reports them.)
SEPARATORS = re.compile("[\x85\u2028\u2029]")


@dataclass
class Reading:
    """What reading one file gave: the comment (None if empty), its text, and what was wrong."""

    comment: Comment | None
    text: str = ""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_date(value: str, zone: tzinfo) -> datetime | None:
    """Return the aware date a `Date:` value names, or None if it names none."""
    try:
        date = datetime.fromisoformat(value)
    except ValueError:
        return None
    return date if date.tzinfo is not None else date.replace(tzinfo=zone)


def is_web_address(value: str) -> bool:
    """Tell whether `value` is an absolute http:// or https:// address."""
    if NOT_A_URL.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # an unbalanced '[' or ']' around the host ("Invalid IPv6 URL")
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Decode UTF-8 text; on a bad byte, report its line and decode with replacement characters."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = line_of(data, error.start)
        byte = data[error.start]
        reason = f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"
        return data.decode("utf-8", "replace"), [Problem(path, line, reason)]


def may_hold_not_xml(data: bytes) -> bool:
    """Tell whether `data` may hold characters XML forbids (false: it holds none)."""
    # Deleting bytes in C, then substring searches: cheaper than a regex over the text. The
    # one-byte search (a memchr) first: text rarely holds U+F000-U+FFFF, whose lead byte is EF.
    return len(data.translate(None, NOT_XML_BYTES)) != len(data) or (
        b"\xef" in data and any(sequence in data for sequence in NOT_XML_SEQUENCES)
    )


def not_xml(text: str, path: str) -> tuple[str, list[Problem]]:
    """Report each line holding characters XML forbids (U+0001, U+FFFE...); return text without."""
    if NOT_XML.search(text) is None:
        return text, []
    problems, lines = [], 0
    for number, line in enumerate(split_lines(text), start=1):
        first = NOT_XML.search(line)
        if first is None:
            continue
        lines += 1
        if lines > NOT_XML_LINES:
            continue
        others = len(NOT_XML.findall(line, first.end()))
        more = f"; {others} more on this line" if others else ""
        reason = (
            f"character U+{ord(first.group()):04X} at column {first.start() + 1} is not allowed "
            f"(XML forbids it{more})"
        )
        problems.append(Problem(path, number, reason))
    if lines > NOT_XML_LINES:
        reason = f"{lines - NOT_XML_LINES} more line(s) hold characters XML forbids"
        problems.append(Problem(path, None, reason))
    return NOT_XML.sub("", text), problems


def read_comment(
    data: bytes,
    *,
    path: str,
    article: str,
    comment_id: str,
    zone: tzinfo,
    fallback_date: datetime,
) -> Reading:
    """Read one comment file; what is wrong is reported and replaced by a safe fallback."""
    shown = readable(path)
    if shown != path:  # its id would be written into pages and feeds
        reason = "the file name is not UTF-8 text: rename the file"
        return Reading(None, problems=[Problem(shown, None, reason)])
    text, problems = decode(data, path)
    text = text.removeprefix(BOM)
    if may_hold_not_xml(data):  # bad UTF-8 decodes to U+FFFD, which XML allows
        text, characters = not_xml(text, path)
        problems += characters
    if not text or text.isspace():  # as `not text.strip()`, without a copy
        return Reading(None, problems=[*problems, Problem(path, None, "the file is empty")])
    parsed = parse_comment(text)
    if parsed.bad_line is not None:
        bad_line, found = parsed.bad_line
        reason = (
            f"expected 'Key: value' but found {found.strip()[:40]!r}; "
            "leave a blank line between the header and the text"
        )
        problems.append(Problem(path, bad_line, reason))
    warnings: list[str] = []
    if parsed.unknown:  # tested first: most files have none, and a comprehension costs a call
        warnings += [
            f"{path}:{number}: unknown key '{key}' ignored (known keys: {KNOWN_KEYS})"
            for number, key in parsed.unknown
        ]
    if parsed.repeated:
        problems += [
            Problem(path, number, f"{KEYS[name]} given twice (first on line {first})")
            for number, name, first in parsed.repeated
        ]
    values = parsed.values
    value_of = values.get  # with UNSET: a missing key reads as empty, on line 1

    line, author = value_of("author", UNSET)
    if not author:
        what = "empty Author" if "author" in values else "missing Author"
        problems.append(Problem(path, line, f"{what}: every comment needs 'Author: name'"))

    line, raw_date = value_of("date", UNSET)
    date = parse_date(raw_date, zone) if raw_date else None
    if date is None:
        if "date" not in values:
            reason = f"missing Date: every comment needs 'Date:' as {DATE_FORMATS}"
        else:
            reason = f"unreadable Date {raw_date!r}: expected {DATE_FORMATS}"
        problems.append(Problem(path, line, reason))
        date = fallback_date

    line, website = value_of("website", UNSET)
    if website and not is_web_address(website):
        reason = f"Website {website!r} is not an http:// or https:// address"
        problems.append(Problem(path, line, reason))
        website = ""

    line, given = value_of("type", UNSET)
    kind = given.lower() or "comment"
    if kind not in KINDS:
        reason = f"unknown Type {given!r}. Expected one of: {', '.join(KINDS)}"
        problems.append(Problem(path, line, reason))
        kind = "comment"

    line, given = value_of("status", UNSET)
    status = given.lower() or "published"
    if status not in STATUSES:
        reason = f"unknown Status {given!r}. Expected one of: {', '.join(STATUSES)}"
        problems.append(Problem(path, line, reason))
        status = "pending"

    line, said = value_of("owner", UNSET)
    if said and said.lower() not in OWNER_VALUES:
        reason = f"unknown {KEYS['owner']} {said!r}. Expected one of: {', '.join(OWNER_VALUES)}"
        problems.append(Problem(path, line, reason))

    notify_line, notify = value_of("notify", UNSET)
    if notify and notify.lower() not in NOTIFY_VALUES:
        reason = (
            f"unknown {KEYS['notify']} {notify[:40]!r}. Expected one of: {', '.join(NOTIFY_VALUES)}"
        )
        problems.append(Problem(path, notify_line, reason))

    # Three searches of one character in the text: cheaper than in its bytes, or than a regex.
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        for name, (line, value) in values.items():
            found = SEPARATORS.search(value)
            if found is not None:
                reason = (
                    f"{KEYS[name]} holds U+{ord(found.group()):04X}, a line break to some "
                    "editors but not to comment files: a value is one line; remove it (the "
                    "comment is held as pending)"
                )
                problems.append(Problem(path, line, reason))
                status = "pending" if status == "published" else status

    body = parsed.text
    if status == "published" and len(body) > MAX_TEXT:
        reason = (
            f"the text is {len(body):,} characters long: a published comment holds at most "
            f"{MAX_TEXT:,}"
        )
        problems.append(Problem(path, parsed.text_line, reason))
        status = "pending"

    line, key = value_of("avatar", UNSET)
    if key and not AVATAR_KEY.match(key):
        reason = f"Avatar {key[:80]!r} is not an avatar key (64 hexadecimal digits)"
        problems.append(Problem(path, line, reason))
        key = ""

    replyto_line, replyto = value_of("replyto", UNSET)
    # Positional, in the order of Comment's fields (a test pins it): keywords cost 3x the time.
    comment = Comment(
        comment_id,  # id
        article,
        path,
        author,
        date,
        "",  # content: rendered later
        replyto or None,
        website or None,
        value_of("email", UNSET)[1] or None,
        key or None,  # avatar_key
        kind,
        status,
        "",  # avatar: drawn later
        said.lower() == OWNER_YES,  # owner
        notify.lower() == NOTIFY_YES,  # notify
        replyto_line if replyto else None,
    )
    return Reading(comment, body, problems, warnings)
