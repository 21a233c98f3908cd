"""The comment file format, read and written here only: `Key: value` lines, a blank line, Markdown.

Every intake writes its files with `compose_comment` and every reader splits them with
`parse_comment`: the key spellings, their order, the date's spelling and the one-line rule for
values live here. What the values must be (a known status, an http(s) website...) is read.py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(.*)$")
# Each key's canonical spelling by its normalized name, in the order files are written.
KEYS = {
    "author": "Author",
    "date": "Date",
    "replyto": "Replyto",
    "website": "Website",
    "email": "Email",
    "avatar": "Avatar",
    "type": "Type",
    "status": "Status",
    "owner": "Owner",
}
OWNER_YES = "yes"
# Blank lines before the text: a reader skips them, so they are not written.
LEADING_BLANK_LINES = re.compile(r"\A(?:[^\S\n]*\n)+")


@dataclass(frozen=True)
class CommentFields:
    """What a comment file's header says; an empty value, or a default, is left out."""

    author: str
    date: datetime
    replyto: str = ""
    website: str = ""
    email: str = ""
    avatar: str = ""
    kind: str = "comment"
    status: str = "published"
    owner: bool = False


@dataclass(frozen=True)
class Parsed:
    """A comment file split: its known keys' first values with their lines, and the text."""

    values: dict[str, tuple[int, str]]
    text: str
    text_line: int
    # A line that is neither `Key: value` nor blank, ending the header early: (number, line).
    bad_line: tuple[int, str] | None = None
    unknown: list[tuple[int, str]] = field(default_factory=list)
    # A known key given again: (line, normalized name, line of the first one).
    repeated: list[tuple[int, str, int]] = field(default_factory=list)


def normalize_key(key: str) -> str:
    """Return the canonical spelling of a header key: 'Reply-To' and 'reply_to' are 'replyto'."""
    return key.replace("-", "").replace("_", "").lower()


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


def parse_comment(text: str) -> Parsed:
    """Split a comment file's text into its header values and its Markdown text."""
    lines = text.splitlines()
    header, text_start, bad = split_header(lines)
    values: dict[str, tuple[int, str]] = {}
    unknown, repeated = [], []
    for number, key, value in header:
        name = normalize_key(key)
        if name not in KEYS:
            unknown.append((number, key))
        elif name in values:
            repeated.append((number, name, values[name][0]))
        else:
            values[name] = (number, value)
    return Parsed(
        values,
        "\n".join(lines[text_start:]).strip("\n"),
        text_start + 1,
        None if bad is None else (bad, lines[bad - 1]),
        unknown,
        repeated,
    )


def one_line(value: str) -> str:
    """Return a header value on one line: every run of spaces and line breaks made one space."""
    return " ".join(value.split())


def write_date(date: datetime) -> str:
    """Return a date as comment files spell it: '2024-03-04 10:00:00+01:00'."""
    return date.replace(microsecond=0).isoformat(sep=" ")


def compose_comment(fields: CommentFields, text: str) -> str:
    """Return the text of a comment file; each value is put on one line, so it is one key."""
    written = {
        "author": fields.author,
        "date": write_date(fields.date),
        "replyto": fields.replyto,
        "website": fields.website,
        "email": fields.email,
        "avatar": fields.avatar,
        "type": fields.kind if fields.kind != "comment" else "",
        "status": fields.status if fields.status != "published" else "",
        "owner": OWNER_YES if fields.owner else "",
    }
    values = {name: one_line(value) for name, value in written.items()}
    lines = [f"{KEYS[name]}: {values[name]}" for name in KEYS if values[name]]
    body = LEADING_BLANK_LINES.sub("", text.rstrip())
    return "\n".join(lines) + "\n\n" + (body + "\n" if body else "")


def with_key(text: str, name: str, value: str) -> str:
    """Return a comment file's text with key `name` set to `value` ('' removes the key)."""
    lines = text.split("\n")
    header, text_start, _ = split_header(lines)
    blank = text_start - 1 < len(lines) and not lines[text_start - 1].strip()
    end = text_start - 1 if blank else text_start
    kept = [number for number, key, _ in header if normalize_key(key) == name]
    for number in reversed(kept):  # a folded value's lines go with its key
        last = next((n - 1 for n, _, _ in header if n > number), end)
        del lines[number - 1 : last]
        end -= last - number + 1
    if value:
        lines.insert(end, f"{KEYS[name]}: {one_line(value)}")
    return "\n".join(lines)


def with_status(text: str, status: str) -> str:
    """Return a comment file's text with its `Status:` set (published: the key left out)."""
    return with_key(text, "status", "" if status == "published" else status)
