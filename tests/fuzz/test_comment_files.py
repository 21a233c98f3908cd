"""Fuzzed comment files: a comment and problems at lines of the file; never a crash or a hang."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_prospects.comments.model import KINDS, STATUSES
from pelican_prospects.comments.read import is_web_address, read_comment

from .checks import assert_located, mutated, timed

PATH = "comments/bonjour/1.md"
PARIS = ZoneInfo("Europe/Paris")
FALLBACK = datetime(2024, 1, 1, tzinfo=PARIS)

# Each key with values near what it takes, then any key with any value.
PAIRS = {
    "Author": st.sampled_from(["Jean Dupont", "", " ", "<b>Jean</b>", "é" * 3]),
    "Date": st.one_of(
        st.sampled_from(
            [
                *("2024-03-04 10:00", "2024-03-04T10:00:00+02:00", "9999-12-31 23:59", "hier"),
                *("0001-01-01T00:00+12:00", "2024-02-30 10:00", "2024-03-04 25:00", "2024"),
            ]
        ),
        st.datetimes().map(str),
    ),
    "Website": st.sampled_from(
        [
            *(
                "https://jean.example/",
                "http://[bad",
                "http://[::1",
                "https://[::1]/",
                "http://a]b/",
            ),
            *("javascript:alert(1)", "https://x:99999/", "mailto:a@b", "https://", "//x.example"),
        ]
    ),
    "Email": st.sampled_from(["j@example.org", "", "<a@b>"]),
    "Reply-To": st.sampled_from(["7", "", "../x", "1 2"]),
    "Type": st.sampled_from(["comment", "pingback", "trackback", "mention", "Comment", "x"]),
    "Status": st.sampled_from(["published", "pending", "spam", "draft", "PENDING"]),
}
KEYS = st.sampled_from([*PAIRS, "author", "reply_to", "Replyto", "X-Mailer", "1bad", "a b", ""])


@st.composite
def header_line(draw: st.DrawFn) -> str:
    """Return a `Key: value` line, the value usually one its key takes."""
    if draw(st.booleans()):
        key = draw(st.sampled_from(list(PAIRS)))
        value = draw(PAIRS[key])
    else:
        key, value = draw(KEYS), draw(st.one_of(*PAIRS.values(), st.text(max_size=20)))
    separator = draw(st.sampled_from([": "] * 6 + [":", " : ", "\t:", " "]))
    return f"{key}{separator}{value}"


@st.composite
def comment_file(draw: st.DrawFn) -> bytes:
    """Return a comment file: header lines (some continued), maybe a blank line, then text."""
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        lines.append(draw(header_line()))
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["  suite", "\tsuite", " "])))
    if draw(st.booleans()):
        lines.append("")
    lines.append(draw(st.text(max_size=40)))
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    data = text.encode("utf-8")
    return draw(mutated(data)) if draw(st.booleans()) else data


def read(data: bytes):
    return read_comment(
        data, path=PATH, article="bonjour", comment_id="1", zone=PARIS, fallback_date=FALLBACK
    )


def lines_of(data: bytes) -> int:
    return max(data.count(b"\n"), len(data.decode("utf-8", "replace").splitlines())) + 1


def check(data: bytes) -> None:
    reading = timed(lambda: read(data))
    assert_located(reading.problems, PATH, lines_of(data))
    assert all(warning.startswith(f"{PATH}:") for warning in reading.warnings)
    comment = reading.comment
    if comment is None:
        assert reading.problems
        return
    assert comment.date.tzinfo is not None
    assert comment.kind in KINDS and comment.status in STATUSES
    assert comment.website is None or is_web_address(comment.website)
    if not reading.problems:
        assert comment.author.strip()


@given(comment_file())
def test_a_comment_file_gives_a_comment_and_located_problems(data: bytes) -> None:
    check(data)


@given(st.binary(max_size=200))
def test_any_bytes_give_located_problems(data: bytes) -> None:
    check(data)


@pytest.mark.parametrize(
    "data",
    [
        b"Author: " + b"a" * 100_000 + b"\nDate: 2024-03-04 10:00\n\nMerci.\n",
        b"Author: a\nDate: 2024-03-04 10:00\n\n" + b"x" * 100_000 + b"\n",
        b"Author: a\nDate: 2024-03-04 10:00\n" + b" suite\n" * 10_000 + b"\nMerci.\n",
        b"Author: a\nWebsite: https://" + b"a." * 50_000 + b"\n\nMerci.\n",
        b"Author: a\nDate: " + b" " * 100_000 + b"x\n\nMerci.\n",
        b"".join(b"X-Key-%d: v\n" % n for n in range(10_000)) + b"\nMerci.\n",
        b"\xff" * 100_000,
        b"\n" * 100_000,
        b"Author: a\nDate: 2024-03-04 10:00\n\n" + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    ],
    ids=[
        "long-author",
        "long-text",
        "10k-continuations",
        "long-website",
        "spaces-in-date",
        "10k-unknown-keys",
        "bad-bytes",
        "blank-lines",
        "nested-brackets",
    ],
)
def test_a_pathological_comment_file_is_read_quickly(data: bytes) -> None:
    check(data)
