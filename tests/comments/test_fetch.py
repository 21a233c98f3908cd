"""`pelican-prospects comment fetch --maildir / --mbox`: each comment message once, the rest left."""

from __future__ import annotations

import mailbox
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pelican_prospects.cli import main
from pelican_prospects.comments import private
from pelican_prospects.comments.avatar import key_of
from pelican_prospects.comments.fetch import header_of
from pelican_prospects.comments.read import read_comment

from .mails import COMMENTS, HOSTILE, mailbox_messages
from .sites import SETTINGS_FILE, comment, write_site

PARIS = ZoneInfo("Europe/Paris")
CONF = SETTINGS_FILE
IMPORTED = len(COMMENTS) + 1  # and the impostor, held
SUMMARY = "prospects: {} imported{}, {} already there, 3 not comments, {} refused"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site with the article 'bonjour' and one comment, and its settings file, as cwd."""
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    (tmp_path / "pelicanconf.py").write_text(CONF, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def as_maildir(folder: Path, messages: dict[str, bytes]) -> Path:
    """Write messages to a Maildir folder."""
    box = mailbox.Maildir(folder, factory=None, create=True)
    for data in messages.values():
        box.add(data)
    return folder


def as_mbox(path: Path, messages: dict[str, bytes]) -> Path:
    """Write messages to an mbox file."""
    box = mailbox.mbox(path, factory=None, create=True)
    for data in messages.values():
        box.add(data)
    box.close()
    return path


def fetch(*arguments: str) -> int:
    """Run `pelican-prospects comment fetch ARGUMENTS` on the test site."""
    return main(["comment", "fetch", *arguments, "-s", "pelicanconf.py"])


def comment_files(site: Path) -> dict[str, str]:
    """Return the text of every comment file by name."""
    folder = site / "content" / "comments" / "bonjour"
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}


def test_the_markers_our_pages_write_are_recognised() -> None:
    assert header_of(b"Subject: Avis [comment:bonjour]\n\nx").slug == "bonjour"
    reply = header_of(b"Subject: =?utf-8?q?R=C3=A9ponse?= [comment:caf\xc3\xa9#12]\n\nx")
    assert (reply.slug, reply.parent) == ("café", "12")
    assert header_of(b"Subject: Devis [offer:devis]\n\nx").slug is None
    assert header_of(b"Subject: [comment:bonjour\n\nx").slug is None


@pytest.mark.parametrize("kind", ["maildir", "mbox"])
def test_fetch_imports_exactly_the_comments_once(
    site: Path, capsys: pytest.CaptureFixture, kind: str
) -> None:
    messages = mailbox_messages()
    if kind == "maildir":
        source = ["--maildir", str(as_maildir(site / "Mail", messages))]
    else:
        source = ["--mbox", str(as_mbox(site / "mail.mbox", messages))]
    assert fetch(*source) == 1
    output = capsys.readouterr()
    assert output.out.splitlines()[-1] == SUMMARY.format(
        IMPORTED, " (1 held: signed with your name)", 0, len(HOSTILE)
    )
    assert "Traceback" not in output.err
    refused = output.err.splitlines()
    assert refused[0] == "prospects: refused, left in place:"
    reasons = [line.split(": ", 1)[1] for line in refused[1:]]
    for _, reason in HOSTILE.values():
        assert sum(line.startswith(reason) for line in reasons) == 1, reason
    assert len(reasons) == len(HOSTILE)

    files = comment_files(site)
    assert len(files) == 1 + IMPORTED
    texts = []
    for name, text in files.items():
        reading = read_comment(
            text.encode(),
            path=name,
            article="bonjour",
            comment_id=name[:-3],
            zone=None,  # type: ignore[arg-type]
            fallback_date=None,  # type: ignore[arg-type]
        )
        assert reading.problems == [] and reading.comment is not None
        if name != "1.md":
            assert reading.comment.status == "pending" and not reading.comment.owner
        texts.append(reading.text)
    for _, expected in COMMENTS.values():
        assert expected in texts
    reply = next(text for text in files.values() if "Merci Jean." in text)
    assert "Replyto: 1\n" in reply
    marie = next(text for text in files.values() if "Marie Curie" in text)
    assert f"Avatar: {key_of('jean@example.org')}" in marie  # the sender is the address of record
    assert "@" not in "".join(files.values()).replace("mallory@evil", "")
    assert "mallory@evil" not in "".join(files.values())

    # Once more, and after the owner deleted a comment: nothing new.
    (site / "content" / "comments" / "bonjour" / "3.md").unlink()
    assert fetch(*source) == 1
    assert capsys.readouterr().out.splitlines()[-1] == SUMMARY.format(0, "", IMPORTED, len(HOSTILE))
    assert len(comment_files(site)) == IMPORTED


def test_the_same_message_from_another_source_is_not_imported_again(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    messages = {"form": COMMENTS["form"][0].as_bytes()}
    assert fetch("--maildir", str(as_maildir(site / "Mail", messages))) == 0
    assert fetch("--mbox", str(as_mbox(site / "mail.mbox", messages))) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "prospects: 0 imported, 1 already there, 0 not comments, 0 refused"
    assert len(comment_files(site)) == 2


def test_publish_publishes_at_once_but_still_holds_the_impostor(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    assert fetch("--publish", "--maildir", str(as_maildir(site / "Mail", mailbox_messages()))) == 1
    files = comment_files(site)
    pending = [name for name, text in files.items() if "Status: pending" in text]
    assert len(pending) == 1 and "claire DUMAS" in files[pending[0]]


def test_addresses_go_to_the_private_store(site: Path) -> None:
    messages = {"form": COMMENTS["form"][0].as_bytes()}
    assert fetch("--maildir", str(as_maildir(site / "Mail", messages))) == 0
    store = site / ".prospects-private"
    assert (store / "emails.json").read_text(encoding="utf-8").count("jean@example.org") == 1
    assert len((store / "fetched.txt").read_text(encoding="utf-8").split()) == 1


def test_a_fetch_killed_mid_way_leaves_no_partial_file_and_resumes(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    source = str(as_maildir(site / "Mail", mailbox_messages()))
    calls = []
    finish = private.PrivateStore.finish

    def killed(self: private.PrivateStore, *arguments: str) -> None:
        calls.append(arguments)
        if len(calls) == 3:  # the third file is written, the ledger not yet
            raise KeyboardInterrupt
        finish(self, *arguments)

    monkeypatch.setattr(private.PrivateStore, "finish", killed)
    with pytest.raises(KeyboardInterrupt):
        fetch("--maildir", source)
    assert len(comment_files(site)) == 1 + 3
    monkeypatch.setattr(private.PrivateStore, "finish", finish)
    assert fetch("--maildir", source) == 1
    assert capsys.readouterr().out.splitlines()[-1] == SUMMARY.format(
        IMPORTED - 3, " (1 held: signed with your name)", 3, len(HOSTILE)
    )
    assert len(comment_files(site)) == 1 + IMPORTED
    names = [p.name for p in (site / "content" / "comments" / "bonjour").iterdir()]
    assert all(name.endswith(".md") for name in names)


def test_a_missing_maildir_or_mbox_is_a_clear_message(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    assert fetch("--maildir", "nowhere") == 1
    assert fetch("--mbox", "nothing.mbox") == 1
    assert fetch() == 1
    assert capsys.readouterr().err.splitlines() == [
        "prospects: cannot read the mailbox:",
        "  nowhere: not a Maildir folder (expected cur/, new/ and tmp/ inside)",
        "prospects: cannot read the mailbox:",
        "  nothing.mbox: no such mbox file",
        "prospects: cannot read the mailbox:",
        "  settings: PROSPECTS_IMAP is not set: set it, or use --maildir or --mbox",
    ]


def test_local_messages_are_read_in_delivery_order() -> None:
    from pelican_prospects.comments.mailboxes import delivery_order

    names = ["1733061234.M99P7Q10.host", "1733061234.M100P7Q11.host", "1733061235.M5P7Q12.host"]
    assert sorted(reversed(names), key=delivery_order) == names
    assert sorted([10, 2, 1], key=delivery_order) == [1, 2, 10]


def test_a_message_nested_too_deep_is_refused_and_the_next_one_taken(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    good = COMMENTS["form"][0].as_bytes()
    later = COMMENTS["reply_named_by_the_subject"][0].as_bytes()
    deep = re.sub(rb"^From: [^\n]*", b"From: " + b"(" * 5000 + b"bob@example.org", good, flags=re.M)
    deep = re.sub(
        rb"^Message-ID: [^\n]*", b"Message-ID: " + b"(" * 900 + b"<x@y>", deep, flags=re.M
    )
    box = as_mbox(site / "mail.mbox", {"good": good, "deep": deep, "later": later})
    assert fetch("--mbox", str(box)) == 1
    output = capsys.readouterr()
    assert "Traceback" not in output.err
    assert output.err.splitlines() == [
        "prospects: refused, left in place:",
        f"  {box} #2:1: From: 5015 characters long, more than the 1000 a comment's header may hold",
    ]
    assert output.out.splitlines()[-1] == SUMMARY.format(2, "", 0, 1).replace("3 not", "0 not")
    assert len(comment_files(site)) == 3
