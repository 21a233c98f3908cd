"""One split of a comment file into lines and header, for the build and every command editing it.

A leading byte order mark is ignored when reading and kept when rewriting; lines end at "\\n",
"\\r\\n" or "\\r" only (U+2028, NEL... are characters of their value, which is then refused); a
command that cannot make its change says so, naming the file, exits 1, and changes nothing.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pelican_prospects.cli import main
from pelican_prospects.comments.avatar import key_of
from pelican_prospects.comments.commentfile import (
    NoHeader,
    parse_comment,
    split_lines,
    with_key,
    with_text,
)
from pelican_prospects.comments.read import MAX_TEXT, read_comment

from .sites import SETTINGS_FILE, comment, write_site

PARIS = ZoneInfo("Europe/Paris")
BOM = "\ufeff"
FILE = "content/comments/bonjour/2.md"
BOB = (
    f"{BOM}Author: Bob\nDate: 2025-06-01 10:00\nEmail: bob@example.org\n"
    "Website: https://bob.example/\nStatus: pending\n\nHello\n"
)


def read(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_comment(
        data,
        path="c.md",
        article="bonjour",
        comment_id="2",
        zone=PARIS,
        fallback_date=datetime(2024, 1, 1, tzinfo=PARIS),
    )


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site with one published comment and the settings, as cwd; add bonjour/2.md to it."""
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    (tmp_path / "pelicanconf.py").write_text(SETTINGS_FILE, encoding="utf-8")
    (tmp_path / ".prospects-private").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def put(site: Path, text: str, emails: dict[str, str] | None = None) -> Path:
    """Write bonjour/2.md as bytes (line ends as given), and the addresses of record."""
    path = site / FILE
    path.write_bytes(text.encode("utf-8"))
    private = site / ".prospects-private" / "emails.json"
    private.write_text(json.dumps(emails or {}), encoding="utf-8")
    return path


def run(*arguments: str) -> int:
    return main([*arguments, "-s", "pelicanconf.py"])


# A byte order mark: read and edited alike.


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_review_publishes_a_file_beginning_with_a_byte_order_mark(
    site: Path, capsys: pytest.CaptureFixture, newline: str
) -> None:
    path = put(site, BOB.replace("\n", newline))
    assert read(path.read_bytes()).comment.status == "pending"
    assert run("comment", "review", "--publish", "bonjour/2") == 0
    assert capsys.readouterr().out == "prospects: bonjour/2: published\n"
    expected = BOB.replace("Status: pending\n", "").replace("\n", newline)
    assert path.read_bytes() == expected.encode("utf-8")  # the mark and the line ends kept
    assert read(path.read_bytes()).comment.status == "published"


def test_erase_anonymises_a_file_beginning_with_a_byte_order_mark(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    path = put(site, BOB)
    assert run("comment", "erase", "--email", "bob@example.org", "--yes") == 0
    assert "prospects: bonjour/2: anonymised" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8") == (
        f"{BOM}Date: 2025-06-01 10:00\nStatus: pending\nAuthor: Anonymous\n\nHello\n"
    )
    comment = read(path.read_bytes()).comment
    assert (comment.author, comment.email, comment.website) == ("Anonymous", None, None)


def test_erase_with_remove_text_keeps_the_header_of_a_crlf_file(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    path = put(site, BOB.replace("\n", "\r\n"))
    assert run("comment", "erase", "--email", "bob@example.org", "--yes", "--remove-text") == 0
    assert (
        path.read_bytes()
        == (
            f"{BOM}Date: 2025-06-01 10:00\r\nStatus: pending\r\nAuthor: Anonymous\r\n\r\n"
            "This comment was removed at its author's request.\r\n"
        ).encode()
    )


def test_check_and_move_emails_see_the_email_of_a_file_beginning_with_a_byte_order_mark(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    path = put(site, BOB)
    assert run("check") == 0
    assert f"prospects: {FILE}:3: Email: " in capsys.readouterr().err
    assert run("comment", "move-emails") == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"prospects: {FILE}: address moved to the private store"
    )
    assert path.read_text(encoding="utf-8") == (
        f"{BOM}Author: Bob\nDate: 2025-06-01 10:00\nWebsite: https://bob.example/\n"
        f"Status: pending\nAvatar: {key_of('bob@example.org')}\n\nHello\n"
    )
    emails = json.loads((site / ".prospects-private/emails.json").read_text(encoding="utf-8"))
    assert emails == {"bonjour/2": "bob@example.org"}
    assert run("check") == 0
    assert "Email:" not in capsys.readouterr().err


def test_parse_comment_ignores_one_byte_order_mark_not_two() -> None:
    assert parse_comment(f"{BOM}Author: a\n\nText").values == {"author": (1, "a")}
    twice = parse_comment(f"{BOM}{BOM}Author: a\n\nText")
    assert twice.values == {} and twice.text.startswith(BOM)


# Lines end at \n, \r\n and \r only.


def test_a_line_separator_in_a_value_is_part_of_it_and_refused() -> None:
    reading = read("Author: Jean\u2028Dupont\nDate: 2024-03-04 10:00\n\ntext")
    assert reading.comment.author == "Jean\u2028Dupont"
    assert reading.comment.date == datetime(2024, 3, 4, 10, 0, tzinfo=PARIS)  # not "missing"
    assert [(p.line, p.reason[:35]) for p in reading.problems] == [
        (1, "Author holds U+2028, a line break t")
    ]
    assert reading.comment.status == "pending"  # held until the file is fixed


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_a_separator_cannot_smuggle_a_key(separator: str) -> None:
    reading = read(f"Author: Bob{separator}Owner: yes\nDate: 2024-03-04 10:00\n\ntext")
    assert reading.comment.owner is False and reading.comment.status == "pending"
    assert [p.line for p in reading.problems] == [1]


def test_review_cannot_publish_what_the_build_would_still_hold(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    text = "Author: Bob\u2028Status: pending\nDate: 2025-06-01 10:00\n\nHi\n"
    path = put(site, text)
    assert run("comment", "review", "--publish", "bonjour/2") == 1
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.splitlines() == [
        "prospects: nothing changed:",
        "  comments/bonjour/2.md: cannot be changed: the build would still read it as pending: "
        "Author holds U+2028, a line break to some editors but not to comment files: a value is "
        "one line; remove it (the comment is held as pending)",
    ]
    assert path.read_text(encoding="utf-8") == text
    assert run("comment", "review", "--spam", "bonjour/2") == 0
    assert read(path.read_bytes()).comment.status == "spam"


def test_review_cannot_publish_an_over_long_text(site: Path, capsys: pytest.CaptureFixture) -> None:
    path = put(site, "Author: Bob\nDate: 2025-06-01 10:00\n\n" + "x" * (MAX_TEXT + 1) + "\n")
    before = path.read_bytes()
    assert run("comment", "review", "--publish", "bonjour/2") == 1
    assert "the build would still read it as pending: the text is" in capsys.readouterr().err
    assert path.read_bytes() == before


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_numbers_are_those_editors_show(newline: str) -> None:
    lines = ["Author: Jean\u2028Dupont", "Date: 2024-03-04 10:00", "Status: maybe", "", "text"]
    reading = read(newline.join(lines))
    assert sorted((p.line, p.reason.split(" ")[0]) for p in reading.problems) == [
        (1, "Author"),
        (3, "unknown"),
    ]
    lines[2] = "Status: pending\x01"  # XML forbids it
    assert sorted(p.line for p in read(newline.join(lines)).problems) == [1, 3]
    data = newline.encode().join([b"Author: Jean", b"Date: 2024-03-04 10:00", b"Status: \xff"])
    assert [p.line for p in read(data + b"\n\ntext").problems] == [3, 3]  # not UTF-8, unknown


def test_split_lines_ends_lines_where_editors_do() -> None:
    text = "a\r\nb\rc\nd\u2028e\x85f\x0bg\x0ch\x1ci"
    assert split_lines(text) == ["a", "b", "c", "d\u2028e\x85f\x0bg\x0ch\x1ci"]
    assert split_lines("a\n") == ["a", ""]


# Editing: the file's own mark and line ends kept; no header, no change.


@pytest.mark.parametrize(
    ("text", "name", "value", "expected"),
    [
        ("Author: a\r\nStatus: spam\r\n\r\nT\r\n", "status", "", "Author: a\r\n\r\nT\r\n"),
        ("Author: a\rDate: d\r\rT", "status", "spam", "Author: a\rDate: d\rStatus: spam\r\rT"),
        ("Author: a", "status", "spam", "Author: a\nStatus: spam"),
        ("Status: pending", "status", "spam", "Status: spam"),
        ("Author: a\nStatus: x\n  folded\n\nT", "status", "", "Author: a\n\nT"),
        (f"{BOM}Author: a\n\nT", "author", "b\u2028c", f"{BOM}Author: b c\n\nT"),
        (
            "Author: a\u2028Status: x\n\nT",
            "status",
            "spam",
            "Author: a\u2028Status: x\nStatus: spam\n\nT",
        ),
        ("Author: a\nnot a key\n\nT", "status", "spam", "Author: a\nStatus: spam\nnot a key\n\nT"),
    ],
)
def test_with_key_keeps_the_files_mark_and_line_ends(
    text: str, name: str, value: str, expected: str
) -> None:
    assert with_key(text, name, value) == expected


@pytest.mark.parametrize(
    "text", ["Hello\n", "", "\n\n", f"{BOM}{BOM}Author: a\n\nT", "\x01Author: a\n\nT", " Author: a"]
)
def test_a_file_without_a_header_is_not_edited(text: str) -> None:
    with pytest.raises(NoHeader, match="no 'Key: value' header at the top of the file"):
        with_key(text, "status", "spam")
    with pytest.raises(NoHeader):
        with_text(text, "removed")


def test_review_refuses_a_file_without_a_header_and_changes_nothing(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    good = site / "content/comments/bonjour/1.md"
    before = good.read_bytes()
    path = put(site, "Hello there\n")
    assert run("comment", "review", "--spam", "bonjour/1", "--spam", "bonjour/2") == 1
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.splitlines() == [
        "prospects: nothing changed:",
        "  comments/bonjour/2.md: cannot be changed: no 'Key: value' header at the top of the "
        "file (it begins with 'Hello there')",
    ]
    assert path.read_text(encoding="utf-8") == "Hello there\n"
    assert good.read_bytes() == before  # all or nothing


def test_erase_refuses_a_file_without_a_header_and_keeps_the_address(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    path = put(site, "Hello there\n", {"bonjour/2": "bob@example.org"})
    assert run("comment", "erase", "--email", "bob@example.org", "--yes") == 1
    output = capsys.readouterr()
    assert "anonymised" not in output.out
    assert "comments/bonjour/2.md: cannot be changed: no 'Key: value' header" in output.err
    assert path.read_text(encoding="utf-8") == "Hello there\n"
    emails = json.loads((site / ".prospects-private/emails.json").read_text(encoding="utf-8"))
    assert emails == {"bonjour/2": "bob@example.org"}
