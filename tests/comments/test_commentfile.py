"""The comment file format: what compose_comment writes, parse_comment reads back unchanged."""

from __future__ import annotations

import random
import re
from dataclasses import astuple, replace
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican_prospects.comments.commentfile import (
    KEYS,
    CommentFields,
    compose_comment,
    one_line,
    parse_comment,
    parse_plain,
)
from pelican_prospects.comments.read import NOT_XML, read_comment

PARIS = ZoneInfo("Europe/Paris")
DATE = datetime(2024, 3, 4, 10, 0, tzinfo=PARIS)
FIELDS = CommentFields(author="Jean Dupont", date=DATE)
# Every character a reader's str.splitlines() takes for a line break, and other spaces.
BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
HOSTILE = [
    "Jean\nDupont",
    "Jean\nStatus: published",
    "Jean\r\nOwner: yes",
    "Jean\u2028Type: pingback",
    "Jean\x85Replyto: 1",
    "Jean\n\nText that would start early",
    "Jean\n Dupont",  # a continuation line, if it were not folded
    "   leading and trailing spaces\t ",
    "Status: published",
    "Owner: yes",
    "Author: Mallory",
    "Zoé Ōno 李小龍 🦩 עִבְרִית",
    "x" * 30_000,
    "a\u00a0b\u3000c",  # no-break and ideographic spaces
]


def header_of(text: str) -> list[str]:
    """Return the header lines of a file's text, split as the reader splits them."""
    return text.split("\n\n", 1)[0].splitlines()


def values(text: str) -> dict[str, str]:
    """Return the values a reader gets from a file's header, by normalized key."""
    parsed = parse_comment(text)
    assert (parsed.bad_line, parsed.unknown, parsed.repeated) == (None, [], [])
    return {name: value for name, (_, value) in parsed.values.items()}


def test_a_comment_file_as_written() -> None:
    fields = CommentFields(
        author="Jean Dupont",
        date=DATE,
        replyto="3",
        website="https://jean.example/",
        email="j@example.org",
        kind="pingback",
        status="pending",
        owner=True,
    )
    assert compose_comment(fields, "Merci **beaucoup**.\n\nSecond paragraph.") == (
        "Author: Jean Dupont\nDate: 2024-03-04 10:00:00+01:00\nReplyto: 3\n"
        "Website: https://jean.example/\nEmail: j@example.org\nType: pingback\n"
        "Status: pending\nOwner: yes\n\nMerci **beaucoup**.\n\nSecond paragraph.\n"
    )


def test_empty_values_and_defaults_are_left_out() -> None:
    fields = replace(FIELDS, replyto=" ", website="\n", email="", kind="comment")
    assert compose_comment(fields, "") == "Author: Jean Dupont\nDate: 2024-03-04 10:00:00+01:00\n\n"


def test_the_date_drops_microseconds_and_keeps_its_offset() -> None:
    date = datetime(2024, 3, 4, 10, 0, 5, 123456, tzinfo=timezone(timedelta(hours=-3, minutes=-30)))
    text = compose_comment(replace(FIELDS, date=date), "x")
    assert values(text)["date"] == "2024-03-04 10:00:05-03:30"
    reading = read_comment(
        text.encode(), path="c", article="a", comment_id="1", zone=PARIS, fallback_date=DATE
    )
    assert reading.problems == [] and reading.comment.date == date.replace(microsecond=0)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_stays_one_value_of_its_own_key(value: str) -> None:
    fields = CommentFields(
        author=value,
        date=DATE,
        replyto=value,
        website=value,
        email=value,
        kind=value,
        status=value,
    )
    text = compose_comment(fields, "Le texte.")
    folded = one_line(value)
    assert header_of(text) == [
        f"Author: {folded}",
        "Date: 2024-03-04 10:00:00+01:00",
        f"Replyto: {folded}",
        f"Website: {folded}",
        f"Email: {folded}",
        f"Type: {folded}",
        f"Status: {folded}",
    ]
    assert values(text) == {
        "author": folded,
        "date": "2024-03-04 10:00:00+01:00",
        "replyto": folded,
        "website": folded,
        "email": folded,
        "type": folded,
        "status": folded,
    }
    assert parse_comment(text).text == "Le texte."


@pytest.mark.parametrize(
    ("value", "folded"),
    [
        ("Jean\nStatus: published", "Jean Status: published"),
        ("  Jean \t\u2028 Dupont  ", "Jean Dupont"),
        ("Owner: yes", "Owner: yes"),
        ("a\u00a0b", "a b"),
        (BREAKS, ""),
    ],
)
def test_one_line_folds_every_line_break_the_reader_knows(value: str, folded: str) -> None:
    assert one_line(value) == folded


def test_no_value_gives_a_reader_an_owner_or_a_status() -> None:
    author = "Mallory\nOwner: yes\nStatus: published\n\nInjected text"
    text = compose_comment(replace(FIELDS, author=author, status="pending"), "Real text.")
    reading = read_comment(
        text.encode(), path="c", article="a", comment_id="1", zone=PARIS, fallback_date=DATE
    )
    assert reading.problems == [] and reading.warnings == []
    assert (reading.comment.author, reading.comment.owner, reading.comment.status) == (
        "Mallory Owner: yes Status: published Injected text",
        False,
        "pending",
    )
    assert reading.text == "Real text."


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("    indented code\n\nthen text", "    indented code\n\nthen text"),
        ("\n \n\t\nafter blank lines", "after blank lines"),
        ("trailing spaces  \n \n\n", "trailing spaces"),
        ("Status: published\nOwner: yes", "Status: published\nOwner: yes"),
        ("line  \nhard break", "line  \nhard break"),
        ("", ""),
        (" \n\t ", ""),
    ],
)
def test_the_text_is_kept_but_for_blank_lines_around_it(text: str, written: str) -> None:
    composed = compose_comment(FIELDS, text)
    assert composed.split("\n\n", 1)[1] == (written + "\n" if written else "")
    assert parse_comment(composed).text == written
    assert values(composed) == {"author": "Jean Dupont", "date": "2024-03-04 10:00:00+01:00"}


def test_random_values_read_back_folded_and_text_unchanged() -> None:
    alphabet = "aé李🦩 :\t-_" + BREAKS + "AuthorStatusOwner"
    generator = random.Random(12)
    for _ in range(500):
        words = ["".join(generator.choices(alphabet, k=generator.randrange(12))) for _ in range(4)]
        owner = generator.random() < 0.5
        fields = CommentFields(words[0], DATE, *words[1:], owner=owner)
        lines = generator.choices(["Status: spam", "  x", "", " ", "é 🦩", "Author: y"], k=4)
        text = compose_comment(fields, "\n".join(lines))
        written = {
            name: one_line(value)
            for name, value in zip(("author", "replyto", "website", "email"), words, strict=True)
            if one_line(value)
        }
        assert values(text) == {
            **written,
            "date": "2024-03-04 10:00:00+01:00",
            **({"owner": "yes"} if owner else {}),
        }, astuple(fields)
        while lines and not lines[0].strip():
            lines.pop(0)
        assert parse_comment(text).text == "\n".join(lines).rstrip()


def test_parse_reports_where_the_header_breaks() -> None:
    parsed = parse_comment(
        "author: A\nReply-To: 2\n  continued\nFoo: bar\nAUTHOR: B\nnot a key\n\ntext"
    )
    assert parsed.values == {"author": (1, "A"), "replyto": (2, "2 continued")}
    assert (parsed.unknown, parsed.repeated) == ([(4, "Foo")], [(5, "author", 1)])
    assert parsed.bad_line == (6, "not a key")
    assert (parsed.text, parsed.text_line) == ("not a key\n\ntext", 6)


# The reader's rules, line by line as the format describes them: what the fast path must equal.
REFERENCE_KEY_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(.*)")
# Line breaks besides "\n" (str.splitlines() takes each for one), spaces, a byte order mark.
AWKWARD = [*"\r\v\f\x1c\x1d\x1e\x85\u2028\u2029", "\r\n", " ", "\t", "\u00a0", "\u3000", "\ufeff"]
SPELLINGS = [*KEYS.values(), "author", "AUTHOR", "Reply-To", "reply_to", "X-Mailer", "1bad", "a b"]
VALUES = ["Jean", "", " x ", "2024-03-04 10:00", "a:b", "\u00a0y\u3000", "Author: z", "é 🦩"]
PLAIN = st.lists(st.sampled_from([*"aé李🦩 :\t-_*", "\n", "\n\n", "\u00a0"]), max_size=30).map(
    "".join
)


def reference_parse(text: str) -> tuple[Any, ...]:
    """Split a comment file's text as the format says, every line checked: Parsed's fields.

    A leading byte order mark is dropped; lines end at "\n", "\r\n" or "\r" only, as editors
    number them (U+2028, NEL, form feed... are characters of their line).
    """
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    header: list[list[Any]] = []
    text_start, bad = len(lines), None
    for index, line in enumerate(lines):
        if not line.strip():
            text_start = index + 1
            break
        if header and line[0] in " \t":
            header[-1][2] = f"{header[-1][2]} {line.strip()}".strip()
            continue
        match = REFERENCE_KEY_LINE.fullmatch(line)
        if match is None:
            text_start, bad = index, (index + 1 if header else None)
            break
        header.append([index + 1, match.group(1), match.group(2).strip()])
    values: dict[str, tuple[int, str]] = {}
    unknown, repeated = [], []
    for number, key, value in header:
        name = key.replace("-", "").replace("_", "").lower()
        if name not in KEYS:
            unknown.append((number, key))
        elif name in values:
            repeated.append((number, name, values[name][0]))
        else:
            values[name] = (number, value)
    body = "\n".join(lines[text_start:]).strip("\n")
    found = None if bad is None else (bad, lines[bad - 1])
    return (values, body, text_start + 1, found, unknown, repeated)


@st.composite
def awkward_file(draw: st.DrawFn) -> str:
    """Return a comment file's text: key lines of all spellings, folds, blank lines, any break."""
    key_line = st.builds(
        "{}{}{}".format,
        st.sampled_from(SPELLINGS),
        st.sampled_from([":", ": ", " : ", "\t:", " ", ""]),
        st.sampled_from(VALUES),
    )
    other_line = st.sampled_from(["  folded", "\tfolded", "", "text", "**Markdown** line"])
    awkward_line = st.lists(st.sampled_from([*"ab:", *AWKWARD]), max_size=6).map("".join)
    lines = draw(st.lists(st.one_of(key_line, other_line, awkward_line), max_size=12))
    text = ""
    for line in lines:
        text += line + draw(st.sampled_from(["\n"] * 8 + AWKWARD[:10]))
    return text + draw(st.sampled_from(["", "\n", "\n\n", *AWKWARD]))


@st.composite
def plain_file(draw: st.DrawFn) -> str:
    """Return a file as written: keys spelled as KEYS has them, once each, "\n" breaks only."""
    names = draw(st.lists(st.sampled_from(list(KEYS.values())), min_size=1, unique=True))
    header = [f"{name}:{draw(st.sampled_from(VALUES))}" for name in names]
    return "\n".join(header) + "\n\n" + draw(PLAIN)


@st.composite
def spelled_file(draw: st.DrawFn) -> str:
    """Return a file whose keys are spelled as KEYS has them, some repeated or without a colon."""
    names = draw(st.lists(st.sampled_from(list(KEYS.values())), min_size=1))
    separators = st.sampled_from([":", ": ", ""])
    header = [f"{name}{draw(separators)}{draw(st.sampled_from(VALUES))}" for name in names]
    return "\n".join(header) + "\n\n" + draw(PLAIN)


@st.composite
def nearly_plain_file(draw: st.DrawFn) -> str:
    """Return a file as written with one awkward character put anywhere in it."""
    text = draw(plain_file())
    from_start, from_end = st.integers(0, len(text)), st.integers(0, len(text))
    at = draw(st.one_of(from_start, from_end.map(lambda back: len(text) - back)))
    return text[:at] + draw(st.sampled_from(AWKWARD)) + text[at:]


@settings(derandomize=True, database=None, max_examples=500, deadline=None)
@given(st.one_of(awkward_file(), spelled_file(), PLAIN))
def test_parse_comment_reads_any_file_as_the_line_by_line_rules(text: str) -> None:
    assert tuple(parse_comment(text)) == reference_parse(text)


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(nearly_plain_file())
def test_one_awkward_character_reads_as_the_line_by_line_rules(text: str) -> None:
    assert tuple(parse_comment(text)) == reference_parse(text)


@settings(derandomize=True, database=None, max_examples=200, deadline=None)
@given(plain_file())
def test_a_plain_file_takes_the_fast_path(text: str) -> None:
    plain = parse_plain(text)
    assert plain is not None and tuple(plain) == reference_parse(text)


@pytest.mark.parametrize(
    "text",
    [
        *(
            f"Author: a{character}\n\nOne{character}two"
            for character in "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
        ),
        "Author: a\nDate: b\u2028Status: pending\n\nText",
    ],
)
def test_breaks_other_than_line_ends_take_the_fast_path(text: str) -> None:
    plain = parse_plain(text)
    assert plain is not None and tuple(plain) == reference_parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "Author: a\n\nOne\rtwo",
        "\ufeffAuthor: a\n\nText",
        "Author: a\r\n\r\nText",
        "Author: a\nDate: b\n \n\nText",  # a whitespace-only line ends the header
        "Author: a\n  folded\n\nText",
        "Author : a\n\nText",
        "Author: a\nAuthor: b\n\nText",
        "author: a\n\nText",
        "Author\n\nText",
        "X-Mailer: a\n\nText",
        "\n\nText",
        "Author: a\nno blank line",
        "",
    ],
)
def test_a_file_not_plain_takes_the_line_by_line_path(text: str) -> None:
    assert parse_plain(text) is None
    assert tuple(parse_comment(text)) == reference_parse(text)


@settings(derandomize=True, database=None, max_examples=300, deadline=None)
@given(
    st.one_of(awkward_file(), nearly_plain_file()),
    st.sampled_from([b"", "\ufeff".encode()]),
    st.sampled_from([b"", b"\xff", b"\x01", "\ufffe".encode(), "\x85".encode()]),
)
def test_read_comment_reads_the_rules_text_once_decoded(text: str, bom: bytes, end: bytes) -> None:
    data = bom + text.encode() + end
    reading = read_comment(
        data, path="c", article="a", comment_id="1", zone=PARIS, fallback_date=DATE
    )
    decoded = NOT_XML.sub("", data.decode("utf-8", "replace").removeprefix("\ufeff"))
    if not decoded.strip():
        assert reading.comment is None
        return
    values, body, *_ = reference_parse(decoded)
    assert reading.text == body
    assert reading.comment.author == values.get("author", (1, ""))[1]
