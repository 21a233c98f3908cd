"""The whole loop of reply notifications, with a real IMAP server (Dovecot) and SMTP server.

The form's message with the box ticked → `fetch` → `review --publish` → build → the owner's
reply → `notify` → the message received → `notify` again: nothing → the reader's unsubscribe
message → `fetch` → the next reply notifies nobody.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from pelican_prospects.cli import main

from .dovecot_server import PASSWORD, dovecot
from .sites import SETTINGS_FILE, build, page, write_site
from .smtp_server import PASSWORD as SMTP_PASSWORD
from .smtp_server import smtp_server

pytestmark = pytest.mark.dovecot

SITE_URL = "https://claire.example"
CONF = SETTINGS_FILE + (
    'ARTICLE_URL = "{{slug}}.html"\nPROSPECTS_CONTACT_EMAIL = "claire@example.org"\n'
    "SITEURL = {site_url!r}\nPROSPECTS_IMAP = {imap!r}\nPROSPECTS_SMTP = {smtp!r}\n"
)
# What the owner's receiving server writes on top of a message it checked.
VOUCHED = "mx.example.net; dkim=pass header.d=example.org; spf=pass smtp.mailfrom=example.org"


def from_marie(to: str, subject: str, body: str) -> bytes:
    """Return a message from Marie as the owner's server stores it (its results on top)."""
    message = EmailMessage()
    message["Authentication-Results"] = VOUCHED
    message["From"] = "Marie Curie <marie@example.org>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.org")
    message.set_content(body)
    return message.as_bytes()


def run(*arguments: str) -> int:
    """Run a `pelican-prospects comment` command in the site."""
    return main(["comment", *arguments, "-s", "pelicanconf.py"])


def test_from_the_ticked_box_to_the_unsubscribe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    write_site(tmp_path, {})
    build(tmp_path)
    form = page(tmp_path).select_one("#comment-form")
    assert form.select_one("input#comment-notify[type=checkbox][name=notify]") is not None
    # The body the form's script writes with the box ticked (tests/browser/test_notify_form.py
    # checks it in Chromium), sent to the form's address with its subject.
    body = "Author: Marie Curie\r\nNotify: yes\r\n\r\nEt pour les indépendants ?\r\n"
    question = from_marie(form["data-to"], form["data-subject"], body)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROSPECTS_IMAP_PASSWORD", PASSWORD)
    monkeypatch.setenv("PROSPECTS_SMTP_PASSWORD", SMTP_PASSWORD)
    with dovecot() as imap_server, smtp_server("starttls") as smtp:
        conf = CONF.format(site_url=SITE_URL, imap=imap_server.settings(), smtp=smtp.settings())
        (tmp_path / "pelicanconf.py").write_text(conf, encoding="utf-8")
        imap_server.deliver([question])
        assert run("fetch") == 0
        assert capsys.readouterr().out.splitlines()[-1] == (
            "prospects: 1 imported, 0 already there, 0 not comments, 0 refused"
        )
        marie = tmp_path / "content" / "comments" / "bonjour" / "1.md"
        assert "Notify: yes\n" in marie.read_text(encoding="utf-8")
        assert run("review", "--publish", "bonjour/1") == 0
        assert run("notify") == 0  # switched on: Marie's comment is all there is
        assert "notifications switched on: 0 notification(s)" in capsys.readouterr().out

        reply = ["add", "--article", "bonjour", "--reply-to", "1", "--author", "Claire Dumas"]
        assert run(*reply, "--text", "Oui, bien sûr.") == 0
        build(tmp_path)
        assert page(tmp_path).select_one("#comment-1 .replies #comment-2") is not None
        capsys.readouterr()
        assert run("notify") == 0
        assert capsys.readouterr().out.splitlines() == [
            "prospects: notified marie@example.org of bonjour/2 (under bonjour/1)",
            "prospects: 1 sent, 0 failed",
        ]
        ((to, received),) = smtp.collector.messages()
        assert to == ["marie@example.org"]
        assert f"{SITE_URL}/bonjour.html#comment-2" in received.get_content()
        unsubscribe = received["List-Unsubscribe"].strip()
        assert unsubscribe.startswith("<mailto:claire@example.org?")

        assert run("notify") == 0  # never twice
        assert capsys.readouterr().out == "prospects: 0 sent, 0 failed\n"

        # Marie's mail program follows List-Unsubscribe: a message to its address and subject.
        mailto = urlsplit(unsubscribe.strip("<>"))
        subject = parse_qs(mailto.query)["subject"][0]
        imap_server.deliver([from_marie(unquote(mailto.path), subject, "")])
        assert run("fetch") == 0
        assert capsys.readouterr().out.splitlines() == [
            "prospects: marie@example.org unsubscribed, 1 subscription(s) ended: bonjour/1",
            # Marie's first message stays in the INBOX (no done_folder): already there.
            "prospects: 0 imported, 1 already there, 0 not comments, 0 refused; 1 unsubscribed "
            "(1 subscription(s) ended)",
        ]
        assert "Notify" not in marie.read_text(encoding="utf-8")

        assert run(*reply, "--text", "Et une autre réponse.") == 0
        capsys.readouterr()
        assert run("notify") == 0
        assert capsys.readouterr().out == "prospects: 0 sent, 0 failed\n"
        assert len(smtp.collector.received) == 1
