"""The comment file format, read and written here only: `Key: value` lines, a blank line, Markdown.

Every intake writes its files with `compose_comment` and every reader splits them with
`parse_comment`: the key spellings, their order, the date's spelling and the one-line rule for
values live here. What the values must be (a known status, an http(s) website...) is read.py's.

How a file's text splits into lines and header is defined here once, for the build and for the
commands that change files (`with_key`, `with_text`): a leading byte order mark is not part of
the text, and only "\n", "\r\n" and "\r" end a line, the line ends editors number lines by.
Other characters `str.splitlines()` breaks at (U+2028, NEL, form feed...) are characters of
their line: inside a value they are part of the value, for its own check to take or refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

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
    "notify": "Notify",
}
# Each key's normalized name by its canonical spelling.
NAMES = {spelling: name for name, spelling in KEYS.items()}
OWNER_YES = "yes"
NOTIFY_YES = "yes"  # `Notify: yes`: the author asked to hear of replies (address: private store)
# Blank lines before the text: a reader skips them, so they are not written.
LEADING_BLANK_LINES = re.compile(r"\A(?:[^\S\n]*\n)+")
# A byte order mark: some editors begin a UTF-8 file with one; it is not part of the text.
BOM = "\ufeff"
# The line ends of a comment file: a text without "\r" splits on "\n" alone.
LINE_END = re.compile(r"\r\n|\r|\n")
LINE_ENDS = re.compile(f"({LINE_END.pattern})")  # the same, kept by re.split


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
    notify: bool = False


class Parsed(NamedTuple):
    """A comment file split: its known keys' first values with their lines, and the text."""

    # A named tuple, not a frozen dataclass: every file of a build is parsed, and it is faster.
    values: dict[str, tuple[int, str]]
    text: str
    text_line: int
    # A line that is neither `Key: value` nor blank, ending the header early: (number, line).
    bad_line: tuple[int, str] | None
    unknown: list[tuple[int, str]]
    # A known key given again: (line, normalized name, line of the first one).
    repeated: list[tuple[int, str, int]]


def normalize_key(key: str) -> str:
    """Return the canonical spelling of a header key: 'Reply-To' and 'reply_to' are 'replyto'."""
    return key.replace("-", "").replace("_", "").lower()


class NoHeader(ValueError):
    """A comment file's header cannot be changed: the file does not begin with one."""


def split_lines(text: str) -> list[str]:
    """Split a comment file's text (no byte order mark) into lines, as editors number them."""
    return LINE_END.split(text) if "\r" in text else text.split("\n")


def line_of(data: bytes, offset: int) -> int:
    """Return the number of the line holding a file's byte `offset`, as `split_lines` numbers."""
    before = data[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


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


def plain_values(lines: list[str]) -> dict[str, tuple[int, str]] | None:
    """Return the values of lines all `Key:value`, each key spelled as KEYS has it; else None."""
    values: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines, start=1):
        key, colon, value = line.partition(":")
        name = NAMES.get(key)
        if name is None or not colon or name in values:  # the other path reports what is wrong
            return None
        values[name] = (number, value.strip())
    return values


def parse_plain(text: str) -> Parsed | None:
    """Return what `parse_comment` returns for a plain file, or None for any other."""
    # The most common file, read without the line-by-line checks they would all pass: only "\n"
    # ends lines, the header holds only keys spelled as written (once each), then an empty line.
    # (A byte order mark makes the first key unknown here: the other path drops it.)
    end = text.find("\n\n")
    if end <= 0 or "\r" in text:
        return None
    lines = text[:end].split("\n")
    values = plain_values(lines)
    if values is None:
        return None
    return Parsed(values, text[end + 2 :].strip("\n"), len(lines) + 2, None, [], [])


def parse_comment(text: str) -> Parsed:
    """Split a comment file's text into its header values and its Markdown text."""
    plain = parse_plain(text)
    if plain is not None:
        return plain
    lines = split_lines(text.removeprefix(BOM))
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


def written_status(status: str) -> str:
    """Return a comment's status as its `Status:` value: published is the key left out."""
    return "" if status == "published" else status


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
        "status": written_status(fields.status),
        "owner": OWNER_YES if fields.owner else "",
        "notify": NOTIFY_YES if fields.notify else "",
    }
    values = {name: one_line(value) for name, value in written.items()}
    lines = [f"{KEYS[name]}: {values[name]}" for name in KEYS if values[name]]
    body = LEADING_BLANK_LINES.sub("", text.rstrip())
    return "\n".join(lines) + "\n\n" + (body + "\n" if body else "")


def split_file(text: str) -> tuple[str, list[str], list[str]]:
    """Return a file's byte order mark ('' if none), its lines, and the end of each ('' last)."""
    bom = BOM if text.startswith(BOM) else ""
    parts = LINE_ENDS.split(text[len(bom) :])
    return bom, parts[0::2], [*parts[1::2], ""]


def join_file(bom: str, lines: list[str], ends: list[str]) -> str:
    """Return the text `split_file` split."""
    return bom + "".join(line + end for line, end in zip(lines, ends, strict=True))


def header_of(lines: list[str]) -> tuple[list[tuple[int, str, str]], int]:
    """Return a file's header (as `split_header`) and where the text starts; refuse no header."""
    header, text_start, _ = split_header(lines)
    if not header:
        first = next((line.strip() for line in lines if line.strip()), "")
        found = f"it begins with {first[:40]!r}" if first else "it is empty"
        raise NoHeader(f"no 'Key: value' header at the top of the file ({found})")
    return header, text_start


def with_key(text: str, name: str, value: str) -> str:
    """Return a comment file's text with key `name` set to `value` ('' removes the key).

    The byte order mark and the line ends are kept; a new line ends as the file's first line
    does. A file without a header raises NoHeader.
    """
    bom, lines, ends = split_file(text)
    header, text_start = header_of(lines)
    newline = ends[0] or "\n"
    blank = text_start - 1 < len(lines) and not lines[text_start - 1].strip()
    end = text_start - 1 if blank else text_start
    kept = [number for number, key, _ in header if normalize_key(key) == name]
    for number in reversed(kept):  # a folded value's lines go with its key
        last = next((n - 1 for n, _, _ in header if n > number), end)
        del lines[number - 1 : last], ends[number - 1 : last]
        end -= last - number + 1
    if value:
        line = f"{KEYS[name]}: {one_line(value)}"
        if end == len(lines):  # after the last line: it gets an end, the new one has none
            ends[-1:] = [newline] if ends else []
            lines.append(line)
            ends.append("")
        else:
            lines.insert(end, line)
            ends.insert(end, newline)
    return join_file(bom, lines, ends)


def with_text(text: str, body: str) -> str:
    """Return a comment file's text with its Markdown text replaced by `body`, header kept.

    The byte order mark and the header's line ends are kept; a file without a header raises
    NoHeader.
    """
    bom, lines, ends = split_file(text)
    _, text_start = header_of(lines)
    newline = ends[0] or "\n"
    header = join_file("", lines[:text_start], ends[:text_start]).rstrip("\r\n")
    body_lines = split_lines(body.strip("\r\n"))
    return bom + header + newline * 2 + newline.join(body_lines) + newline
