"""Receiving comments: `pelican-prospects comment add` and `check`, from text or e-mail."""

from __future__ import annotations

import base64
import contextlib
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest

from pelican_prospects.cli import main
from pelican_prospects.comments.avatar import key_of
from pelican_prospects.comments.intake import NewComment, compose, fresh_id
from pelican_prospects.comments.mail import from_email, html_text
from pelican_prospects.comments.owner import owner_names
from pelican_prospects.comments.private import PrivateStore
from pelican_prospects.comments.read import read_comment
from pelican_prospects.config_file import load_settings
from pelican_prospects.problems import ProspectsError
from pelican_prospects.settings import config_of

from .sites import SAMPLES, SETTINGS_FILE, build, comment, copy_samples, page, write_site

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=PARIS)
CONF = SETTINGS_FILE


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site with the article 'bonjour' and one comment, and its settings file, as cwd."""
    write_site(
        tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")}, slugs=("bonjour", "autre")
    )
    (tmp_path / "pelicanconf.py").write_text(CONF, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content" / "comments"


def email_sample(name: str) -> NewComment:
    """Read a sample e-mail as `comment add --from-email` does."""
    path = SAMPLES / "email" / f"{name}.eml"
    return from_email(path.read_bytes(), path=str(path), now=NOW, zone=PARIS)


def comment_add(*arguments: str) -> int:
    """Run `pelican-prospects comment add ARGUMENTS` on the test site's settings."""
    return main(["comment", "add", *arguments, "-s", "pelicanconf.py"])


def test_compose_writes_a_file_that_reads_back_the_same() -> None:
    new = NewComment(
        "Jean\nDupont",
        "Bonjour **à tous**.",
        NOW,
        "https://jean.example/",
        "j@example.org",
        "3",
        True,
    )
    text = compose(new)
    assert text == (
        "Author: Jean Dupont\nDate: 2024-06-01 12:00:00+02:00\nReplyto: 3\n"
        f"Website: https://jean.example/\nAvatar: {key_of('j@example.org')}\nStatus: pending\n\n"
        "Bonjour **à tous**.\n"
    )
    reading = read_comment(
        text.encode(), path="x", article="a", comment_id="1", zone=PARIS, fallback_date=NOW
    )
    assert (
        reading.problems == []
        and reading.comment.date == NOW
        and reading.comment.status == "pending"
    )


def test_a_fresh_id_follows_the_numbers_and_skips_what_is_taken() -> None:
    assert fresh_id(set()) == "1"
    assert fresh_id({"1", "2", "merci-jean", "7"}) == "8"
    assert fresh_id({"first"}) == "1"


def test_an_email_written_by_the_form_gives_its_fields() -> None:
    new = email_sample("form_reply")
    assert (new.author, new.website, new.email, new.replyto) == (
        "Jean Dupont",
        "https://jean.example.org/",
        "jean@example.org",
        "1",
    )
    assert new.text.strip() == "Je suis d’accord avec *vous*."  # noqa: RUF001
    assert new.date == datetime(2024, 3, 4, 10, 0, tzinfo=PARIS)


def test_a_plain_email_takes_its_author_from_the_sender() -> None:
    new = email_sample("plain_message")
    assert (new.author, new.email, new.replyto) == ("Marie Curie", "marie@example.org", "")
    assert new.text.strip() == "Bonjour Claire,\n\nTrès bon article: merci !"
    assert new.date.isoformat() == "2024-03-05T10:30:00+01:00"


def test_an_html_email_is_read_as_text() -> None:
    new = email_sample("html_only")
    assert new.author == "paul"
    assert "Un avis" in new.text and "<b>" not in new.text


def test_comment_add_writes_a_new_file_that_the_build_accepts(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    code = comment_add(
        "--article", "bonjour", "--author", "Zoé", "--text", "Merci !", "--reply-to", "1"
    )
    assert code == 0
    written = site / "bonjour" / "2.md"
    assert capsys.readouterr().out == f"prospects: wrote {written}\n"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("Author: Zoé\nDate: ") and text.endswith("Replyto: 1\n\nMerci !\n")
    assert main(["check", "-s", "pelicanconf.py"]) == 0


def test_comment_add_never_overwrites(site: Path) -> None:
    for _ in range(3):
        assert comment_add("--article", "bonjour", "--author", "A", "--text", "x") == 0
    assert sorted(p.name for p in (site / "bonjour").iterdir()) == ["1.md", "2.md", "3.md", "4.md"]
    assert (site / "bonjour" / "1.md").read_text(encoding="utf-8") == comment(
        "Jean", "2024-03-04 10:00"
    )


def test_comment_add_from_email_pending(site: Path) -> None:
    email = str(SAMPLES / "email" / "form_reply.eml")
    assert comment_add("--article", "bonjour", "--from-email", email, "--pending") == 0
    text = (site / "bonjour" / "2.md").read_text(encoding="utf-8")
    assert text == (
        "Author: Jean Dupont\nDate: 2024-03-04 10:00:00+01:00\nReplyto: 1\n"
        f"Website: https://jean.example.org/\nAvatar: {key_of('jean@example.org')}\n"
        "Status: pending\n\nJe suis d’accord avec *vous*.\n"  # noqa: RUF001
    )
    assert PrivateStore(config_of(load_settings("pelicanconf.py"))).emails() == {
        "bonjour/2": "jean@example.org"
    }
    assert "jean@example.org" not in "".join(
        path.read_text(encoding="utf-8") for path in site.rglob("*.md")
    )


def test_comment_add_starts_the_folder_of_an_article_without_comments(site: Path) -> None:
    assert comment_add("--article", "autre", "--author", "A", "--text", "x") == 0
    assert (site / "autre" / "1.md").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--article", "nope", "--author", "A", "--text", "x"],
            "  --article: no article has the slug 'nope'",
        ),
        (
            ["--article", "bonjour", "--author", "A", "--text", "x", "--reply-to", "9"],
            "  --reply-to: no comment '9' to reply to in comments/bonjour",
        ),
        (
            ["--article", "bonjour", "--author", "A", "--text", "  "],
            "  --text: the comment has no text",
        ),
        (
            ["--article", "bonjour", "--author", "A", "--text", "x", "--website", "javascript:x"],
            "  comments/bonjour/2.md:3: Website 'javascript:x' "
            "is not an http:// or https:// address",
        ),
        (
            ["--article", "bonjour", "--from-email", str(SAMPLES / "email" / "no_text.eml")],
            "  --text: the comment has no text",
        ),
    ],
)
def test_comment_add_refuses_and_writes_nothing(
    site: Path, capsys: pytest.CaptureFixture, arguments: list[str], message: str
) -> None:
    assert comment_add(*arguments) == 1
    assert message in capsys.readouterr().err.splitlines()
    assert sorted(p.name for p in (site / "bonjour").iterdir()) == ["1.md"]


def test_text_needs_an_author(site: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stopped:
        comment_add("--article", "bonjour", "--text", "x")
    assert stopped.value.code == 2
    assert "--author is required with --text" in capsys.readouterr().err


def test_check_lists_every_bad_file_and_exits_1(site: Path, capsys: pytest.CaptureFixture) -> None:
    copy_samples(
        site.parent, "bonjour", "bad/comment_missing_date.md", "bad/comment_bad_website.md"
    )
    copy_samples(site.parent, "ghost", "good/thread.md")
    assert main(["check", "-s", "pelicanconf.py"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "prospects: 3 problem(s) found:"
    assert err[1:] == [
        "  content/comments/bonjour/comment_bad_website.md:3: "
        "Website 'javascript:alert(1)' is not an http:// or https:// address",
        "  content/comments/bonjour/comment_missing_date.md:1: missing Date: every comment needs "
        "'Date:' as 'YYYY-MM-DD HH:MM[:SS]' (in the site's time zone) or ISO 8601 with an offset",
        "  content/comments/ghost: no article has the slug 'ghost': "
        "its 1 comment(s) cannot be shown",
        # issue 18: an Email key is pointed out, after the problems
        "prospects: content/comments/ghost/thread.md:4: Email: an e-mail address in the site's "
        "files is published with them: run `pelican-prospects comment move-emails` to keep it "
        "in the private store",
    ]


def nested_multiparts(depth: int) -> bytes:
    """Return a message whose text sits under `depth` nested multipart sections."""
    opening = "".join(
        f"Content-Type: multipart/mixed; boundary=b{n}\n\n--b{n}\n" for n in range(depth)
    )
    closing = "".join(f"--b{n}--\n" for n in reversed(range(depth)))
    return (
        "From: Jean <jean@example.org>\nDate: Tue, 05 Mar 2024 09:30:00 +0000\n"
        f"MIME-Version: 1.0\n{opening}Content-Type: text/plain\n\nBonjour.\n{closing}"
    ).encode()


REFUSED = "prospects: cannot take the message as a comment:"
REFUSALS = [
    (
        "from_undisclosed_recipients.eml",
        ":1: From: 'undisclosed-recipients:;' names no sender address",
    ),
    ("from_missing.eml", ": no From header: who sent the message?"),
    ("unknown_charset.eml", ":6: the text is in an unknown character set 'x-unknown-42'"),
    (
        "crlf_in_encoded_name.eml",
        ":1: From: the sender's name or address holds a line break (CR or LF)",
    ),
    ("date_year_9999.eml", ":4: Date: 'Fri, 31 Dec 9999 23:59:59 -1200' lies in the future"),
    ("date_in_the_future.eml", ":4: Date: 'Thu, 01 Jan 2099 10:00:00 +0100' lies in the future"),
    ("date_unreadable.eml", ":4: Date: 'mardi dernier' is not a date"),
    (
        "date_before_the_article.eml",
        ":4: Date: 'Fri, 01 Dec 2023 10:00:00 +0100' precedes the article "
        "(dated 2024-01-01 10:00:00+01:00)",
    ),
]


@pytest.mark.parametrize(("sample", "message"), REFUSALS, ids=[s for s, _ in REFUSALS])
def test_a_malformed_email_is_refused_naming_the_file_and_the_reason(
    site: Path, capsys: pytest.CaptureFixture, sample: str, message: str
) -> None:
    path = SAMPLES / "email" / "refused" / sample
    assert comment_add("--article", "bonjour", "--from-email", str(path)) == 1
    output = capsys.readouterr()
    assert output.err.splitlines() == [REFUSED, f"  {path}{message}"]
    assert output.out == "" and "Traceback" not in output.err
    assert sorted(p.name for p in (site / "bonjour").iterdir()) == ["1.md"]


def test_over_a_thousand_nested_multiparts_are_refused_at_once(
    site: Path, capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    path = tmp_path / "nested.eml"
    path.write_bytes(nested_multiparts(1500))  # 92 KB: under the size a message may have
    started = time.perf_counter()
    assert comment_add("--article", "bonjour", "--from-email", str(path)) == 1
    assert time.perf_counter() - started < 2
    assert capsys.readouterr().err.splitlines() == [
        REFUSED,
        f"  {path}: more than 100 multipart sections, or sections nested too deep: not a comment",
    ]


def test_a_multipart_message_over_100_kb_is_refused_for_its_size_before_its_sections() -> None:
    # 187 KB, 3,000 sections: the size is checked first, before the sections are counted.
    data = nested_multiparts(3000)
    with pytest.raises(ProspectsError) as refused:
        from_email(data, path="big.eml", now=NOW, zone=PARIS)
    assert [str(problem) for problem in refused.value.problems] == [
        "big.eml: the message is 187 KB: a comment holds at most 100 KB"
    ]


def test_sections_nested_past_what_the_count_sees_are_refused_too(tmp_path: Path) -> None:
    # An encoded word hides the type from the count; each section's Content-Type differs (its
    # boundary), and reading them all would cost more than a comment's headers may.
    data = nested_multiparts(1000).replace(b"multipart/mixed", b"=?utf-8?q?multipart=2Fmixed?=")
    with pytest.raises(ProspectsError) as refused:
        from_email(data, path="deep.eml", now=NOW, zone=PARIS)
    assert [str(problem) for problem in refused.value.problems] == [
        "deep.eml: more than 5000 characters of header fields to read (its sections' included):"
        " not a comment"
    ]


def test_a_few_nested_sections_are_read() -> None:
    new = from_email(nested_multiparts(5), path="m.eml", now=NOW, zone=PARIS)
    assert (new.author, new.text.strip()) == ("Jean", "Bonjour.")


def test_every_problem_of_a_message_is_listed_at_once() -> None:
    data = (SAMPLES / "email" / "refused" / "date_unreadable.eml").read_bytes()
    data = data.replace(b"Jean <jean@example.org>", b"undisclosed-recipients:;")
    with pytest.raises(ProspectsError) as refused:
        from_email(data.replace(b"utf-8", b"x-nope"), path="m.eml", now=NOW, zone=PARIS)
    assert [str(problem) for problem in refused.value.problems] == [
        "m.eml:1: From: 'undisclosed-recipients:;' names no sender address",
        "m.eml:4: Date: 'mardi dernier' is not a date",
        "m.eml:6: the text is in an unknown character set 'x-nope'",
    ]


def test_a_sender_clock_a_little_ahead_is_accepted() -> None:
    data = (SAMPLES / "email" / "plain_message.eml").read_bytes()
    ahead = data.replace(b"Tue, 05 Mar 2024 09:30:00 +0000", b"Sat, 01 Jun 2024 10:30:00 +0000")
    assert from_email(ahead, path="m.eml", now=NOW, zone=PARIS).date == datetime(
        2024, 6, 1, 12, 30, tzinfo=PARIS
    )


IMPOSTOR = SAMPLES / "email" / "owner_impostor.eml"


@pytest.mark.parametrize("name", ["claire   DUMAS", "Clàire Dümas", "CLAIRE\tdumas", "C. Dumas"])
def test_an_email_signed_with_the_owners_name_is_held_with_a_warning(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    data = IMPOSTOR.read_bytes().replace(b"claire   DUMAS", name.encode())
    owners = owner_names(["Claire Dumas", "c. dumas"])
    new = from_email(data, path="m.eml", now=NOW, zone=PARIS, owners=owners)
    assert (new.author, new.pending, new.owner) == (name, True, False)
    assert [r.getMessage() for r in caplog.records] == [
        f"prospects: m.eml: signed {' '.join(name.split())!r}, a name of the site's owner: an "
        "e-mail never gets the owner's badge; held as pending (Status: pending) for you to check"
    ]


def test_an_email_signed_with_another_name_is_not_held(caplog: pytest.LogCaptureFixture) -> None:
    data = IMPOSTOR.read_bytes().replace(b"claire   DUMAS", b"Claire Dumont")
    owners = owner_names(["Claire Dumas"])
    new = from_email(data, path="m.eml", now=NOW, zone=PARIS, owners=owners)
    assert (new.pending, new.owner, caplog.records) == (False, False, [])


def test_comment_add_holds_the_impostor_and_drops_the_keys_it_wrote(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert comment_add("--article", "bonjour", "--from-email", str(IMPOSTOR)) == 0
    assert (site / "bonjour" / "2.md").read_text(encoding="utf-8") == (
        "Author: claire DUMAS\nDate: 2024-03-05 10:30:00+01:00\nWebsite: https://evil.example/\n"
        f"Avatar: {key_of('mallory@evil.example')}\nStatus: pending\n\nC'est bien moi, Claire.\n"
    )
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pelican_prospects")] == [
        f"prospects: {IMPOSTOR}: signed 'claire DUMAS', a name of the site's owner: an e-mail "
        "never gets the owner's badge; held as pending (Status: pending) for you to check"
    ]


def test_an_owner_line_in_an_email_gives_no_badge_once_published(site: Path) -> None:
    data = IMPOSTOR.read_bytes().replace(b"claire   DUMAS", b"Mallory")
    message = site.parent.parent / "mallory.eml"
    message.write_bytes(data.replace(b"\n\nAuthor:", b"\nOwner: yes\n\nAuthor:"))
    assert comment_add("--article", "bonjour", "--from-email", str(message)) == 0
    text = (site / "bonjour" / "2.md").read_text(encoding="utf-8")
    assert "Owner" not in text and "Status" not in text and "Type" not in text
    build(site.parent.parent)
    html = page(site.parent.parent)
    assert html.select_one("#comment-2 .p-name").get_text() == "Mallory"
    assert html.select(".by-owner, .owner-badge") == []


@pytest.mark.parametrize(
    ("author", "owner"),
    [("Claire Dumas", True), ("  claire   dumas ", True), ("Claire Dumont", False)],
)
def test_comment_add_with_text_marks_the_owners_own_name(
    site: Path, author: str, owner: bool
) -> None:
    assert comment_add("--article", "bonjour", "--author", author, "--text", "Merci.") == 0
    text = (site / "bonjour" / "2.md").read_text(encoding="utf-8")
    assert ("\nOwner: yes\n\n" in text) is owner
    build(site.parent.parent)
    badge = page(site.parent.parent).select_one("#comment-2 .owner-badge")
    assert (badge is not None) is owner


NOT_XML = "  {path}:4: character U+0001 at column 6 is not allowed (XML forbids it)"


def test_check_build_and_comment_add_refuse_characters_xml_forbids_alike(
    site: Path, capsys: pytest.CaptureFixture, caplog: pytest.LogCaptureFixture
) -> None:
    assert comment_add("--article", "bonjour", "--author", "Zoé", "--text", "Merci\x01 !") == 1
    assert NOT_XML.format(path="comments/bonjour/2.md") in capsys.readouterr().err.splitlines()
    assert sorted(p.name for p in (site / "bonjour").iterdir()) == ["1.md"]
    (site / "bonjour" / "2.md").write_text(
        "Author: Zoé\nDate: 2024-03-05 10:00\n\nMerci\x01 !\n", encoding="utf-8"
    )
    assert main(["check", "-s", "pelicanconf.py"]) == 1
    expected = NOT_XML.format(path="content/comments/bonjour/2.md")
    assert capsys.readouterr().err.splitlines()[1:] == [expected]
    with pytest.raises(ProspectsError) as stopped:
        build(site.parent.parent)
    assert stopped.value.format().splitlines()[1:] == [expected]
    build(site.parent.parent, PROSPECTS_STRICT=False, FEED_DOMAIN="https://blog.example")
    assert f"prospects: {expected.strip()}" in [r.getMessage() for r in caplog.records]
    assert page(site.parent.parent).select_one("#comment-2 .e-content").get_text() == "Merci !"
    feed = site.parent.parent / "output" / "feeds" / "comments" / "bonjour.atom.xml"
    assert feedparser.parse(feed.read_bytes()).entries[0].content[0].value == "<p>Merci !</p>"


def test_an_email_holding_characters_xml_forbids_is_refused(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    message = site.parent.parent / "control.eml"
    data = (SAMPLES / "email" / "plain_message.eml").read_bytes()
    message.write_bytes(data.replace(b"merci !", b"merci \xef\xbf\xbe!"))
    assert comment_add("--article", "bonjour", "--from-email", str(message)) == 1
    assert capsys.readouterr().err.splitlines()[1:] == [
        "  comments/bonjour/2.md:7: character U+FFFE at column 25 is not allowed (XML forbids it)"
    ]


def test_comment_add_refuses_a_text_over_the_cap_unless_held(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    text = "![" * 10_001
    assert comment_add("--article", "bonjour", "--author", "A", "--text", text) == 1
    assert capsys.readouterr().err.splitlines()[1:] == [
        "  comments/bonjour/2.md:4: the text is 20,002 characters long: "
        "a published comment holds at most 20,000"
    ]
    assert comment_add("--article", "bonjour", "--author", "A", "--text", text, "--pending") == 0


PLAIN = (SAMPLES / "email" / "plain_message.eml").read_bytes()
PLAIN_FROM = b'From: "Marie Curie" <marie@example.org>'
# Fields Python's e-mail parser would recurse into once per '(' (RecursionError) or read in
# time that grows faster than their length: each refused, naming the field.
DEEP_FIELDS = [
    (
        b"From: " + b"(" * 5000 + b"bob@example.org",
        ":1: From: 5015 characters long, more than the 1000 a comment's header may hold",
    ),
    (
        b"From: Bob " + b"(" * 300 + b")" * 300 + b" <bob@example.org>",
        ":1: From: parentheses nested 300 deep, more than the 20 a comment's header may hold",
    ),
    (
        b"From: " + b"a." * 8000 + b"@example.org",
        ":1: From: 16012 characters long, more than the 1000 a comment's header may hold",
    ),
    (
        PLAIN_FROM + b"\nContent-Transfer-Encoding: " + b"(" * 3000,
        ": Content-Transfer-Encoding: 3000 characters long, more than the 1000 a comment's"
        " header may hold",
    ),
    (
        PLAIN_FROM + b"\nContent-Transfer-Encoding: " + b"(" * 900,
        ": Content-Transfer-Encoding: parentheses nested 900 deep, more than the 20 a comment's"
        " header may hold",
    ),
    (
        PLAIN_FROM.replace(b"<", b"(a (b (c) d) e) <"),  # a few nested comments are read
        None,
    ),
]


@pytest.mark.parametrize(("field", "message"), DEEP_FIELDS)
def test_header_fields_nested_too_deep_or_too_long_are_refused_at_once(
    site: Path, capsys: pytest.CaptureFixture, tmp_path: Path, field: bytes, message: str | None
) -> None:
    path = tmp_path / "deep.eml"
    path.write_bytes(PLAIN.replace(PLAIN_FROM, field))
    started = time.perf_counter()
    with contextlib.suppress(ProspectsError):
        from_email(path.read_bytes(), path=str(path), now=NOW, zone=PARIS)
    assert time.perf_counter() - started < 0.5
    code = comment_add("--article", "bonjour", "--from-email", str(path))
    output = capsys.readouterr()
    assert "Traceback" not in output.err
    if message is None:
        assert code == 0 and len(list((site / "bonjour").iterdir())) == 2
    else:
        assert (code, output.err.splitlines()) == (1, [REFUSED, f"  {path}{message}"])


def test_a_message_of_many_long_header_fields_is_refused_at_once() -> None:
    # Python's parser reads each section's Content-Type in time that grows faster than its
    # length: 20 KB of parameters took it a minute.
    sections = "".join(
        f"--b\nContent-Type: text/plain; n={n}; {'a=b;' * 200}\n\nBonjour.\n" for n in range(20)
    )
    data = (
        "From: Jean <jean@example.org>\nMIME-Version: 1.0\n"
        f"Content-Type: multipart/mixed; boundary=b\n\n{sections}--b--\n"
    ).encode()
    started = time.perf_counter()
    with pytest.raises(ProspectsError) as refused:
        from_email(data, path="m.eml", now=NOW, zone=PARIS)
    assert time.perf_counter() - started < 1
    assert [str(problem) for problem in refused.value.problems] == [
        "m.eml: more than 5000 characters of header fields to read (its sections' included):"
        " not a comment"
    ]


def test_a_message_over_100_kb_is_refused_at_once(
    site: Path, capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    # An HTML body of 8 MB took the e-mail package and the HTML reader over a minute and 1 GB.
    path = tmp_path / "huge.eml"
    path.write_bytes(PLAIN.replace(b"text/plain", b"text/html") + b"<p>a</p>" * 1_000_000)
    started = time.perf_counter()
    assert comment_add("--article", "bonjour", "--from-email", str(path), "--pending") == 1
    assert time.perf_counter() - started < 1
    assert capsys.readouterr().err.splitlines() == [
        REFUSED,
        f"  {path}: the message is 7812 KB: a comment holds at most 100 KB",
    ]
    assert sorted(p.name for p in (site / "bonjour").iterdir()) == ["1.md"]


@pytest.mark.parametrize(
    ("sender", "author"),
    [
        (b'"marie@example.org" <marie@example.org>', "marie"),
        (b'"MARIE@Example.org" <marie@example.org>', "marie"),
        (b'"Marie (marie@example.org)" <marie@example.org>', "marie"),
        (b"marie@example.org", "marie"),
        (b'"Marie Curie" <marie@example.org>', "Marie Curie"),
    ],
)
def test_a_sender_named_by_their_address_is_signed_without_it(
    site: Path, tmp_path: Path, sender: bytes, author: str
) -> None:
    path = tmp_path / "named.eml"
    path.write_bytes(PLAIN.replace(PLAIN_FROM, b"From: " + sender))
    assert comment_add("--article", "bonjour", "--from-email", str(path)) == 0
    text = (site / "bonjour" / "2.md").read_text(encoding="utf-8")
    assert text.startswith(f"Author: {author}\n") and "example.org" not in text


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_the_signature_is_cut_whatever_the_line_ends(end: str) -> None:
    body = end.join(["Merci.", "-- ", "Jean, jean@private.example", ""]).encode()
    data = PLAIN.replace(b"charset=utf-8", b"charset=utf-8\nContent-Transfer-Encoding: base64")
    data = data.split(b"\n\n")[0] + b"\n\n" + base64.b64encode(body) + b"\n"
    new = from_email(data, path="m.eml", now=NOW, zone=PARIS)
    assert new.text == "Merci."


@pytest.mark.parametrize("charset", ["punycode", "IDNA", "unicode_escape", "raw-unicode-escape"])
def test_a_codec_that_is_no_character_set_is_refused_at_once(charset: str) -> None:
    # Python's punycode decoder took 3 s of CPU time for these 100 KB.
    data = PLAIN.replace(b"charset=utf-8", f"charset={charset}".encode())
    data = data.split(b"\n\n")[0] + b"\n\n-" + b"9" * 100_000 + b"\n"
    started = time.process_time()
    with pytest.raises(ProspectsError) as refused:
        from_email(data, path="m.eml", now=NOW, zone=PARIS)
    assert time.process_time() - started < 0.5
    assert [str(problem) for problem in refused.value.problems] == [
        f"m.eml:6: the text is in an unknown character set {charset.lower()!r}"
    ]


def test_an_html_text_of_unclosed_tags_is_read_quickly() -> None:
    # Python's HTML parser read on to the end from each '<a ': 30 KB took 18 s, 100 KB minutes.
    data = PLAIN.replace(b"text/plain", b"text/html").split(b"\n\n")[0]
    data += b"\n\n<p>Merci <b>beaucoup</b> &amp; 1 < 2</p>" + b"<a " * 10_000 + b"\n"
    started = time.process_time()
    new = from_email(data, path="m.eml", now=NOW, zone=PARIS)
    assert time.process_time() - started < 1
    assert new.text.startswith("Merci \nbeaucoup\n & 1 < 2\n<a <a ")


@pytest.mark.parametrize("hidden", ["\u200b", "\u00ad", "\u200d", "\u2060", "\ufeff"])
def test_an_owners_name_with_invisible_characters_is_held(hidden: str) -> None:
    data = PLAIN.replace(b"Bonjour Claire,", f"Author: Clai{hidden}re{hidden} Dumas\n".encode())
    owners = owner_names(["Claire Dumas"])
    new = from_email(data, path="m.eml", now=NOW, zone=PARIS, owners=owners)
    assert new.pending


def test_an_html_text_keeps_its_comments_and_quoted_values_holding_a_less_than_sign() -> None:
    # Read as tags that no '>' closes, they showed as text in the comment.
    data = PLAIN.replace(b"text/plain", b"text/html").split(b"\n\n")[0]
    data += (
        b'\n\n<!--[if !mso]><!--><p>Merci <img alt="a < b" src="x.png">beaucoup'
        b"<a title='<3' href='https://example.org/'>!</a></p><!--<![endif]-->"
        b"<!-- a < b --><p>1 < 2</p>\n"
    )
    new = from_email(data, path="m.eml", now=NOW, zone=PARIS)
    assert new.text == "Merci \nbeaucoup\n!\n1 < 2"
    # Quoted values chaining from one '<' to the next are read within a bound of each.
    started = time.process_time()
    assert html_text('<a =b"= "' * 12_000).startswith('<a =b"= "<a =b"= "')
    assert time.process_time() - started < 1
