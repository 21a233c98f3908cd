"""The intake end to end: the form's mailto in Chromium, a mailbox, `fetch`, `review`, the build."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from pelican_prospects.cli import main

from ..comments.dovecot_server import PASSWORD, dovecot
from ..comments.mails import HOSTILE, OTHERS, mailbox_messages
from ..comments.sites import SETTINGS_FILE, build, comment, page, write_site

pytestmark = pytest.mark.dovecot

CONF = SETTINGS_FILE + "PROSPECTS_IMAP = {imap!r}\n"


def written_by_the_form(url: str, visit) -> EmailMessage:  # type: ignore[no-untyped-def]
    """Reply to comment 1 with the form in Chromium; return the message its mailto composes."""
    opened = visit(f"{url}/bonjour.html")
    page = opened.page
    page.click("#comment-1 a.comment-reply")
    page.fill("#comment-author", "Irène Joliot")
    page.fill("#comment-website", "https://marie.example/")
    page.fill("#comment-text", "Tout à fait **d’accord**.\nStatus: published")  # noqa: RUF001
    page.click("#comment-form button[type=submit]")
    page.wait_for_timeout(300)
    (mailto,) = [url for url in opened.foreign_requests if url.startswith("mailto:")]
    parts = urlsplit(mailto)
    fields = parse_qs(parts.query)
    message = EmailMessage()
    message["From"] = "Marie Curie <marie@example.org>"
    message["To"] = parts.path
    message["Subject"] = fields["subject"][0]
    message["Message-ID"] = make_msgid(domain="example.org")
    message.set_content(fields["body"][0].replace("\r\n", "\n"))
    return message


@pytest.mark.parametrize("kind", ["imap", "maildir", "mbox"])
def test_a_comment_goes_from_the_form_to_the_page(
    tmp_path: Path,
    serve,
    visit,
    monkeypatch: pytest.MonkeyPatch,
    capsys,
    kind: str,  # type: ignore[no-untyped-def]
) -> None:
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    build(tmp_path)
    form = written_by_the_form(serve(tmp_path / "output"), visit)
    assert form["Subject"].endswith(" [comment:bonjour#1]")
    messages = [form.as_bytes(), *mailbox_messages().values()]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROSPECTS_IMAP_PASSWORD", PASSWORD)
    with dovecot() as server:
        imap = server.settings(done_folder="Done")
        (tmp_path / "pelicanconf.py").write_text(CONF.format(imap=imap), encoding="utf-8")
        if kind == "imap":
            server.deliver(messages)
            source = []
        elif kind == "maildir":
            box = mailbox.Maildir(tmp_path / "Mail", create=True)
            for data in messages:
                box.add(data)
            source = ["--maildir", str(tmp_path / "Mail")]
        else:
            box = mailbox.mbox(tmp_path / "mail.mbox", create=True)
            for data in messages:
                box.add(data)
            box.close()
            source = ["--mbox", str(tmp_path / "mail.mbox")]
        fetch = ["comment", "fetch", *source, "-s", "pelicanconf.py"]
        assert main(fetch) == 1  # the hostile messages are refused
        imported = len(messages) - len(OTHERS) - len(HOSTILE)
        summary = capsys.readouterr().out.splitlines()[-1]
        assert summary.startswith(f"prospects: {imported} imported (1 held")
        assert main(fetch) == 1
        again = capsys.readouterr().out.splitlines()[-1]
        already = 0 if kind == "imap" else imported  # IMAP moved them to Done
        assert again == (
            f"prospects: 0 imported, {already} already there, {len(OTHERS)} not comments, "
            f"{len(HOSTILE)} refused"
        )
    folder = tmp_path / "content" / "comments" / "bonjour"
    assert len(list(folder.glob("*.md"))) == 1 + imported
    marie = next(
        path for path in folder.glob("*.md") if "Irène Joliot" in path.read_text(encoding="utf-8")
    )
    text = marie.read_text(encoding="utf-8")
    assert "Replyto: 1\n" in text and "Status: pending\n" in text
    assert "marie@example.org" not in text
    build(tmp_path)
    assert page(tmp_path).select_one(f"#comment-{marie.stem}") is None

    assert (
        main(["comment", "review", "--publish", f"bonjour/{marie.stem}", "-s", "pelicanconf.py"])
        == 0
    )
    build(tmp_path)
    shown = page(tmp_path).select_one(f"#comment-1 .replies #comment-{marie.stem}")
    assert shown is not None
    content = shown.select_one(".e-content")
    assert content.select_one("strong").get_text() == "d’accord"  # noqa: RUF001
    assert content.get_text().splitlines()[-1] == "Status: published"  # typed text stays text
