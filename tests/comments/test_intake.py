"""Receiving comments: `pelican-prospects comment add` and `check`, from text or e-mail."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pelican_prospects.cli import main
from pelican_prospects.comments.intake import NewComment, compose, fresh_id, from_email
from pelican_prospects.comments.read import read_comment

from .sites import SAMPLES, comment, copy_samples, write_site

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=PARIS)
CONF = """
AUTHOR = "Claire Dumas"
PATH = "content"
TIMEZONE = "Europe/Paris"
ARTICLE_PATHS = ["articles"]
PLUGINS = ["pelican_prospects"]
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site with the article 'bonjour' and one comment, and its settings file, as cwd."""
    write_site(
        tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")}, slugs=("bonjour", "autre")
    )
    (tmp_path / "pelicanconf.py").write_text(CONF, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content" / "comments"


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
        "Author: Jean Dupont\nDate: 2024-06-01T12:00:00+02:00\nWebsite: https://jean.example/\n"
        "Email: j@example.org\nReplyto: 3\nStatus: pending\n\nBonjour **à tous**.\n"
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
    new = from_email((SAMPLES / "email" / "form_reply.eml").read_bytes(), now=NOW, zone=PARIS)
    assert (new.author, new.website, new.email, new.replyto) == (
        "Jean Dupont",
        "https://jean.example.org/",
        "jean@example.org",
        "1",
    )
    assert new.text.strip() == "Je suis d’accord avec *vous*."  # noqa: RUF001
    assert new.date == datetime(2024, 3, 4, 10, 0, tzinfo=PARIS)


def test_a_plain_email_takes_its_author_from_the_sender() -> None:
    new = from_email((SAMPLES / "email" / "plain_message.eml").read_bytes(), now=NOW, zone=PARIS)
    assert (new.author, new.email, new.replyto) == ("Marie Curie", "marie@example.org", "")
    assert new.text.strip() == "Bonjour Claire,\n\nTrès bon article: merci !"
    assert new.date.isoformat() == "2024-03-05T10:30:00+01:00"


def test_an_html_email_is_read_as_text() -> None:
    new = from_email((SAMPLES / "email" / "html_only.eml").read_bytes(), now=NOW, zone=PARIS)
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
        "Author: Jean Dupont\nDate: 2024-03-04T10:00:00+01:00\nWebsite: https://jean.example.org/\n"
        "Email: jean@example.org\nReplyto: 1\nStatus: pending\n\n"
        "Je suis d’accord avec *vous*.\n"  # noqa: RUF001
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
    ]
