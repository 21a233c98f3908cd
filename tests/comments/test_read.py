"""Reading one comment file: header, text, and the exact message for each bad file."""

from __future__ import annotations

import os
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pelican_prospects.comments.model import Comment
from pelican_prospects.comments.read import MAX_TEXT, NOT_XML, may_hold_not_xml, read_comment
from pelican_prospects.comments.scan import relative
from pelican_prospects.comments.work import read_bytes

from .sites import SAMPLES

PARIS = ZoneInfo("Europe/Paris")
FALLBACK = datetime(2024, 1, 1, tzinfo=PARIS)


def read(data: bytes | str, path: str = "comments/a/1.md"):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_comment(
        raw, path=path, article="a", comment_id="1", zone=PARIS, fallback_date=FALLBACK
    )


def test_a_good_file_gives_every_field() -> None:
    reading = read(
        "Author: Jean Dupont\nDate: 2024-03-04 10:00\nWebsite: https://jean.example.org/\n"
        "Email: jean@example.org\nReplyto: 7\n\nMerci **beaucoup**.\n\nSecond paragraph.\n"
    )
    comment = reading.comment
    assert reading.problems == [] and reading.warnings == []
    assert (comment.author, comment.website, comment.email) == (
        "Jean Dupont",
        "https://jean.example.org/",
        "jean@example.org",
    )
    assert comment.date == datetime(2024, 3, 4, 10, 0, tzinfo=PARIS)
    assert (comment.replyto, comment.replyto_line) == ("7", 5)
    assert (comment.kind, comment.status, comment.id, comment.article) == (
        "comment",
        "published",
        "1",
        "a",
    )
    assert reading.text == "Merci **beaucoup**.\n\nSecond paragraph."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-04 10:00", datetime(2024, 3, 4, 10, 0, tzinfo=PARIS)),
        ("2024-03-04 10:00:30", datetime(2024, 3, 4, 10, 0, 30, tzinfo=PARIS)),
        ("2024-03-04T10:00:00+02:00", datetime(2024, 3, 4, 8, 0, tzinfo=UTC)),
        ("2024-03-04T10:00:00Z", datetime(2024, 3, 4, 10, 0, tzinfo=UTC)),
    ],
)
def test_dates_are_local_unless_they_carry_an_offset(value: str, expected: datetime) -> None:
    date = read(f"Author: A\nDate: {value}\n\nx\n").comment.date
    assert date == expected and date.utcoffset() is not None


def test_keys_are_case_insensitive_and_reply_to_may_be_spelled_with_a_dash() -> None:
    reading = read(
        "AUTHOR: A\ndate: 2024-03-04 10:00\nReply-To: 3\nTYPE: Pingback\nstatus: Pending\n\nx\n"
    )
    comment = reading.comment
    assert reading.problems == []
    assert (comment.author, comment.replyto, comment.kind, comment.status) == (
        "A",
        "3",
        "pingback",
        "pending",
    )


def test_windows_line_ends_a_byte_order_mark_and_continued_lines_are_read() -> None:
    reading = read("\ufeffAuthor: Jean\r\n  Dupont\r\nDate: 2024-03-04 10:00\r\n\r\nTexte.\r\n")
    assert reading.problems == []
    assert reading.comment.author == "Jean Dupont"
    assert reading.text == "Texte."


def test_an_unknown_key_is_a_warning_not_a_problem() -> None:
    reading = read("Author: A\nDate: 2024-03-04 10:00\nMood: happy\n\nx\n")
    assert reading.problems == []
    assert reading.warnings == [
        "comments/a/1.md:3: unknown key 'Mood' ignored "
        "(known keys: Author, Avatar, Date, Email, Notify, Owner, Replyto, Status, Type, Website)"
    ]


BAD = [
    ("comment_empty.md", ["comments/a/1.md: the file is empty"]),
    (
        "comment_not_utf8.md",
        ["comments/a/1.md:1: not UTF-8 text (byte 0xe9); save the file as UTF-8"],
    ),
    (
        "comment_missing_author.md",
        ["comments/a/1.md:1: missing Author: every comment needs 'Author: name'"],
    ),
    (
        "comment_missing_date.md",
        [
            "comments/a/1.md:1: missing Date: every comment needs 'Date:' as "
            "'YYYY-MM-DD HH:MM[:SS]' (in the site's time zone) or ISO 8601 with an offset"
        ],
    ),
    (
        "comment_bad_date.md",
        [
            "comments/a/1.md:2: unreadable Date '2024-13-45 10:00': expected "
            "'YYYY-MM-DD HH:MM[:SS]' (in the site's time zone) or ISO 8601 with an offset"
        ],
    ),
    (
        "comment_bad_website.md",
        ["comments/a/1.md:3: Website 'javascript:alert(1)' is not an http:// or https:// address"],
    ),
    (
        "comment_bad_type.md",
        ["comments/a/1.md:3: unknown Type 'like'. Expected one of: comment, pingback, trackback"],
    ),
    (
        "comment_bad_status.md",
        ["comments/a/1.md:3: unknown Status 'approved'. Expected one of: published, pending, spam"],
    ),
    (
        "comment_bad_header_line.md",
        [
            "comments/a/1.md:3: expected 'Key: value' but found 'this line is not a key'; "
            "leave a blank line between the header and the text"
        ],
    ),
    ("comment_duplicate_key.md", ["comments/a/1.md:3: Author given twice (first on line 1)"]),
    (
        "comment_not_xml.md",
        [
            "comments/a/1.md:1: character U+0001 at column 13 is not allowed (XML forbids it)",
            "comments/a/1.md:4: character U+FFFE at column 12 is not allowed (XML forbids it)",
            "comments/a/1.md:5: character U+000B at column 11 is not allowed "
            "(XML forbids it; 1 more on this line)",
        ],
    ),
    (
        "comment_bad_owner.md",
        ["comments/a/1.md:3: unknown Owner 'maybe'. Expected one of: yes, no"],
    ),
]


@pytest.mark.parametrize(("sample", "messages"), BAD, ids=[sample for sample, _ in BAD])
def test_each_bad_file_gets_its_exact_message(sample: str, messages: list[str]) -> None:
    reading = read((SAMPLES / "bad" / sample).read_bytes())
    assert [str(problem) for problem in reading.problems] == messages


def test_what_can_be_published_is_kept_with_safe_fallbacks() -> None:
    assert read((SAMPLES / "bad" / "comment_empty.md").read_bytes()).comment is None
    broken = read((SAMPLES / "bad" / "comment_not_utf8.md").read_bytes()).comment
    assert broken.author == "Jos\ufffd"
    assert read((SAMPLES / "bad" / "comment_missing_date.md").read_bytes()).comment.date == FALLBACK
    assert read((SAMPLES / "bad" / "comment_missing_author.md").read_bytes()).comment.author == ""
    assert read((SAMPLES / "bad" / "comment_bad_website.md").read_bytes()).comment.website is None
    assert read((SAMPLES / "bad" / "comment_bad_type.md").read_bytes()).comment.kind == "comment"
    not_xml = read((SAMPLES / "bad" / "comment_not_xml.md").read_bytes())
    assert not_xml.comment.author == "Jean Dupont"
    assert not_xml.text == "Merci pour cet article.\nUne ligne  avec  deux."
    assert read((SAMPLES / "bad" / "comment_bad_owner.md").read_bytes()).comment.owner is False
    # A status that cannot be read must not publish what may have been meant to wait.
    assert (
        read((SAMPLES / "bad" / "comment_bad_status.md").read_bytes()).comment.status == "pending"
    )


def test_a_file_without_header_lacks_author_and_date() -> None:
    reading = read("Just some text: no header at all.\n")
    assert [problem.reason.split(":")[0] for problem in reading.problems] == [
        "missing Author",
        "missing Date",
    ]
    assert reading.text == "Just some text: no header at all."


@pytest.mark.parametrize(
    "website",
    ["http://example.org", "https://example.org/a?b=1&c=2#d", "HTTPS://EXAMPLE.ORG/"],
)
def test_http_and_https_websites_are_accepted(website: str) -> None:
    assert read(f"Author: A\nDate: 2024-03-04 10:00\nWebsite: {website}\n\nx\n").problems == []


@pytest.mark.parametrize(
    "website",
    [
        "example.org",
        "ftp://example.org/",
        "data:text/html,x",
        "https://",
        'https://e.org/"x',
        "https://e.org/ x",
    ],
)
def test_other_websites_are_refused(website: str) -> None:
    reading = read(f"Author: A\nDate: 2024-03-04 10:00\nWebsite: {website}\n\nx\n")
    assert [p.line for p in reading.problems] == [3]


@pytest.mark.parametrize("website", ["http://[bad", "http://[::1", "http://a]b/"])
def test_a_website_with_an_unbalanced_bracket_is_refused_not_a_crash(website: str) -> None:
    # Found by tests/fuzz: urlsplit() raised "Invalid IPv6 URL" out of the reader.
    reading = read(f"Author: A\nDate: 2024-03-04 10:00\nWebsite: {website}\n\nx\n")
    assert [str(p) for p in reading.problems] == [
        f"comments/a/1.md:3: Website {website!r} is not an http:// or https:// address"
    ]
    assert reading.comment.website is None


def test_dates_keep_the_offset_of_the_site_time_zone_in_summer() -> None:
    date = read("Author: A\nDate: 2024-07-01 12:00\n\nx\n").comment.date
    assert date.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(("value", "owner"), [("yes", True), ("YES", True), ("no", False)])
def test_the_owner_key_marks_the_owners_comment(value: str, owner: bool) -> None:
    reading = read(f"Author: Claire\nDate: 2024-03-04 10:00\nOwner: {value}\n\nx\n")
    assert reading.problems == [] and reading.comment.owner is owner


def test_without_the_owner_key_no_comment_is_the_owners() -> None:
    assert read("Author: Claire Dumas\nDate: 2024-03-04 10:00\n\nx\n").comment.owner is False


def test_lines_full_of_characters_xml_forbids_are_counted_past_ten() -> None:
    reading = read("Author: A\nDate: 2024-03-04 10:00\n\n" + "x\x07\n" * 25)
    assert [str(problem) for problem in reading.problems[-2:]] == [
        "comments/a/1.md:13: character U+0007 at column 2 is not allowed (XML forbids it)",
        "comments/a/1.md: 15 more line(s) hold characters XML forbids",
    ]
    assert len(reading.problems) == 11 and reading.text == "x\n" * 24 + "x"


def test_a_published_text_longer_than_the_cap_is_refused_and_held() -> None:
    reading = read("Author: A\nDate: 2024-03-04 10:00\n\n" + "![" * (MAX_TEXT // 2) + "x")
    assert [str(problem) for problem in reading.problems] == [
        "comments/a/1.md:4: the text is 20,001 characters long: "
        "a published comment holds at most 20,000"
    ]
    assert reading.comment.status == "pending"


def test_the_cap_counts_characters_and_spares_what_is_not_published() -> None:
    assert read("Author: A\nDate: 2024-03-04 10:00\n\n" + "é" * MAX_TEXT).problems == []
    spam = read("Author: A\nDate: 2024-03-04 10:00\nStatus: spam\n\n" + "x" * 50_000)
    assert spam.problems == [] and spam.comment.status == "spam"


@pytest.mark.parametrize("stamped", [0, 5, 11, 12, 50, -1], ids=lambda size: f"stat-{size}")
def test_a_file_is_read_whole_whatever_size_it_had_when_listed(
    tmp_path: Path, stamped: int
) -> None:
    path = tmp_path / "1.md"
    path.write_bytes(b"Author: a\n\nb")  # 12 bytes, listed with another size (changed since)
    assert read_bytes(str(path), stamped) == b"Author: a\n\nb"


def test_the_bytes_check_agrees_with_the_text_check_on_every_character() -> None:
    characters = [chr(code) for code in [*range(0xD800), *range(0xE000, 0x10000), 0x10FFFF]]
    for character in characters:
        data = f"Author: a\n\n{character}b".encode()
        assert may_hold_not_xml(data) == bool(NOT_XML.search(character)), hex(ord(character))


def test_read_comment_passes_the_fields_of_a_comment_in_their_order() -> None:
    names = [field.name for field in fields(Comment)]
    assert names[:16] == [
        *("id", "article", "path", "author", "date", "content", "replyto", "website", "email"),
        *("avatar_key", "kind", "status", "avatar", "owner", "notify", "replyto_line"),
    ]
    data = (
        "Author: A\nDate: 2024-03-04 10:00\nReplyto: 2\nWebsite: https://a.example/\n"
        "Email: a@example.org\nAvatar: " + "a" * 64 + "\nType: pingback\nStatus: pending\n"
        "Owner: yes\nNotify: yes\n\nText"
    )
    comment = read(data).comment
    assert (comment.id, comment.article, comment.path, comment.author) == (
        "1",
        "a",
        "comments/a/1.md",
        "A",
    )
    assert (comment.content, comment.avatar, comment.replies) == ("", "", [])
    assert (comment.replyto, comment.replyto_line, comment.website, comment.email) == (
        "2",
        3,
        "https://a.example/",
        "a@example.org",
    )
    assert (comment.avatar_key, comment.kind, comment.status) == ("a" * 64, "pingback", "pending")
    assert (comment.owner, comment.notify) == (True, True)


@pytest.mark.parametrize(
    ("path", "base"),
    [
        ("/site/content/comments/post", "/site/content"),
        ("/site/content/comments/post", "/site/content/"),
        ("/site/content/comments/post", "/"),
        ("/site/content", "/site/content"),
        ("/site/contents/comments", "/site/content"),  # a longer name is not inside
        ("/elsewhere/comments", "/site/content"),
        ("/site/a/../content/comments", "/site/a/../content"),
        # PROSPECTS_COMMENTS_PATH = "./comments" or "comments//2024", joined to PATH.
        ("/site/content/./comments/post", "/site"),
        ("/site/content//comments/post", "/site"),
        ("/site/content/comments/../post", "/site"),
        ("/site/content/comments/", "/site"),
        ("/site/", "/site"),
    ],
)
def test_paths_shown_relative_to_the_site_read_as_relpath_writes_them(path: str, base: str) -> None:
    assert relative(path, base) == os.path.relpath(path, base)
