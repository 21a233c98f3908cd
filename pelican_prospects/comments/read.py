"""Read one comment file: a `Key: value` header, a blank line, then the Markdown text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from urllib.parse import urlsplit

from ..problems import Problem
from .model import KINDS, STATUSES, Comment

KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(.*)$")
KEYS = {
    "author": "Author",
    "date": "Date",
    "replyto": "Replyto",
    "website": "Website",
    "email": "Email",
    "type": "Type",
    "status": "Status",
}
DATE_FORMATS = "'YYYY-MM-DD HH:MM[:SS]' (in the site's time zone) or ISO 8601 with an offset"
NOT_A_URL = re.compile(r"[\s<>\"'`\\]")


@dataclass
class Reading:
    """What reading one file gave: the comment (None if empty), its text, and what was wrong."""

    comment: Comment | None
    text: str = ""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def normalize_key(key: str) -> str:
    """Return the canonical spelling of a header key: 'Reply-To' and 'reply_to' are 'replyto'."""
    return key.replace("-", "").replace("_", "").lower()


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
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        reason = f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"
        return data.decode("utf-8", "replace"), [Problem(path, line, reason)]


def split_header(lines: list[str]) -> tuple[list[tuple[int, str, str]], int, int | None]:
    """Return the header's (line, key, value) triples, where the text starts, and a bad line."""
    header: list[tuple[int, str, str]] = []
    for index, line in enumerate(lines):
        if not line.strip():
            return header, index + 1, None
        if header and line[0] in " \t":
            number, key, value = header[-1]
            header[-1] = (number, key, f"{value} {line.strip()}".strip())
            continue
        match = KEY_LINE.match(line)
        if match is None:
            return header, index, (index + 1 if header else None)
        header.append((index + 1, match.group(1), match.group(2).strip()))
    return header, len(lines), None


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
    text, problems = decode(data, path)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return Reading(None, problems=[*problems, Problem(path, None, "the file is empty")])
    lines = text.splitlines()
    header, body_start, bad_line = split_header(lines)
    if bad_line is not None:
        reason = (
            f"expected 'Key: value' but found {lines[bad_line - 1].strip()[:40]!r}; "
            "leave a blank line between the header and the text"
        )
        problems.append(Problem(path, bad_line, reason))
    warnings: list[str] = []
    values: dict[str, tuple[int, str]] = {}
    for number, key, value in header:
        name = normalize_key(key)
        if name not in KEYS:
            known = ", ".join(sorted(KEYS.values()))
            warnings.append(f"{path}:{number}: unknown key '{key}' ignored (known keys: {known})")
        elif name in values:
            first = values[name][0]
            problems.append(
                Problem(path, number, f"{KEYS[name]} given twice (first on line {first})")
            )
        else:
            values[name] = (number, value)

    def value_of(name: str) -> tuple[int, str]:
        return values.get(name, (1, ""))

    line, author = value_of("author")
    if not author:
        what = "empty Author" if "author" in values else "missing Author"
        problems.append(Problem(path, line, f"{what}: every comment needs 'Author: name'"))

    line, raw_date = value_of("date")
    date = parse_date(raw_date, zone) if raw_date else None
    if date is None:
        if "date" not in values:
            reason = f"missing Date: every comment needs 'Date:' as {DATE_FORMATS}"
        else:
            reason = f"unreadable Date {raw_date!r}: expected {DATE_FORMATS}"
        problems.append(Problem(path, line, reason))
        date = fallback_date

    line, website = value_of("website")
    if website and not is_web_address(website):
        reason = f"Website {website!r} is not an http:// or https:// address"
        problems.append(Problem(path, line, reason))
        website = ""

    kind = value_of("type")[1].lower() or "comment"
    if kind not in KINDS:
        reason = f"unknown Type {value_of('type')[1]!r}. Expected one of: {', '.join(KINDS)}"
        problems.append(Problem(path, value_of("type")[0], reason))
        kind = "comment"

    status = value_of("status")[1].lower() or "published"
    if status not in STATUSES:
        reason = f"unknown Status {value_of('status')[1]!r}. Expected one of: {', '.join(STATUSES)}"
        problems.append(Problem(path, value_of("status")[0], reason))
        status = "pending"

    replyto_line, replyto = value_of("replyto")
    comment = Comment(
        id=comment_id,
        article=article,
        path=path,
        author=author,
        date=date,
        replyto=replyto or None,
        website=website or None,
        email=value_of("email")[1] or None,
        kind=kind,
        status=status,
        replyto_line=replyto_line if replyto else None,
    )
    body = "\n".join(lines[body_start:]).strip("\n")
    return Reading(comment, body, problems, warnings)
