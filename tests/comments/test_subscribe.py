"""Subscribing to replies: the form's `Notify: yes`, vouched for by the receiving server."""

from __future__ import annotations

import json
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import cast

import pytest

from pelican_prospects.cli import main
from pelican_prospects.comments import authresults
from pelican_prospects.comments.read import read_comment
from pelican_prospects.comments.subscriptions import unsubscriber
from pelican_prospects.settings import validate

from .mails import message
from .sites import SETTINGS_FILE, comment, write_site
from .test_fetch import PARIS, as_maildir, comment_files, fetch

FORM = "Author: Marie Curie\r\nNotify: yes\r\n\r\nJe veux savoir la suite.\r\n"
DKIM_PASS = "mx.example.net; dkim=pass header.d=example.org header.s=sel; spf=fail"
SPF_PASS = "mx.example.net; spf=pass (sender SPF authorized) smtp.mailfrom=jean@example.org"


def subscribing(*results: str, sender: str = "Jean Dupont <jean@example.org>") -> EmailMessage:
    """Return a form's message asking for replies, the last of `results` on top."""
    mail = message("Avis [comment:bonjour]", FORM, sender=sender)
    for value in results:  # each server adds its header on top
        headers = [(k, v) for k, v in mail.items()]
        for key in [k for k, _ in headers]:
            del mail[key]
        mail["Authentication-Results"] = value
        for key, value_ in headers:
            mail[key] = value_
    return mail


def checked(*results: str, authserv_id: str = "", sender: str = "jean@example.org") -> str:
    """Return '' when the results vouch for the sender, else the reason."""
    verdict = authresults.verdict(subscribing(*results), sender, authserv_id)
    assert verdict.passed == (verdict.reason == "")
    return verdict.reason


def test_dkim_or_spf_passing_for_the_senders_domain_vouches() -> None:
    assert checked() == ""  # no results at all: nothing says otherwise
    assert checked(DKIM_PASS) == ""
    assert checked(SPF_PASS) == ""
    assert checked("mx.example.net 1; dkim=pass header.i=@news.example.org") == ""
    assert checked('mx.example.net; dkim=pass header.d="example.org"') == ""
    assert checked(DKIM_PASS, sender="jean@mail.example.org") == ""
    gmail = (
        "mx.google.com; dkim=pass header.i=@example.org header.s=20230601 "
        "header.b=Ab+c/9=; spf=pass (google.com: domain of jean@example.org designates "
        "192.0.2.1 as permitted sender) smtp.mailfrom=jean@example.org; dmarc=pass "
        "(p=NONE sp=NONE dis=NONE) header.from=example.org"
    )
    outlook = (
        "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.org; dkim=fail (body hash did "
        "not verify) header.d=example.org;dmarc=pass action=none header.from=example.org;"
        "compauth=pass reason=100"
    )
    assert checked(gmail) == ""
    folded = b"Authentication-Results: mx.google.com;\r\n  dkim=pass\r\n  header.d=example.org\r\n"
    parsed = BytesParser(policy=policy.default).parsebytes(folded + b"From: j@example.org\r\n\r\nx")
    assert authresults.verdict(cast(EmailMessage, parsed), "j@example.org").passed
    assert checked(outlook) == "its topmost Authentication-Results header cannot be read"
    assert checked("mx.microsoft.example; " + outlook) == ""


@pytest.mark.parametrize(
    ("results", "reason"),
    [
        (
            [
                "mx.example.net; dkim=fail header.d=example.org; spf=softfail smtp.mailfrom=example.org"
            ],
            "mx.example.net says neither DKIM nor SPF passed for example.org",
        ),
        (
            [
                "mx.example.net; dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=evil.example"
            ],
            "mx.example.net says neither DKIM nor SPF passed for example.org",
        ),
        (
            ["mx.example.net; dkim=pass header.d=notexample.org"],
            "mx.example.net says neither DKIM nor SPF passed for example.org",
        ),
        (
            ["mx.example.net; none"],
            "mx.example.net says neither DKIM nor SPF passed for example.org",
        ),
        # A forger's own header lies below the server's: the topmost one is trusted.
        (
            ["mx.example.net; dkim=fail header.d=example.org", DKIM_PASS],
            "mx.example.net says neither DKIM nor SPF passed for example.org",
        ),
        # A pass hidden in a comment or a quoted string is no pass.
        (
            ["mx.example.net; dkim=fail (dkim=pass header.d=example.org) header.d=example.org"],
            "mx.example.net says neither DKIM nor SPF passed for example.org",
        ),
        (
            ['mx.example.net; dkim=fail (a "quote) dkim=pass header.d=example.org (") header.d=x'],
            "mx.example.net says neither DKIM nor SPF passed for example.org",
        ),
        (
            ['mx.example.net; spf=fail smtp.mailfrom="x; dkim=pass header.d=example.org"'],
            "mx.example.net says neither DKIM nor SPF passed for example.org",
        ),
        (
            ["; dkim=pass header.d=example.org"],
            "its topmost Authentication-Results header cannot be read",
        ),
        (
            ["mx.example.net; dkim=pass (open comment header.d=example.org"],
            "its topmost Authentication-Results header cannot be read",
        ),
        (
            ['mx.example.net; dkim=pass header.d="example.org'],
            "its topmost Authentication-Results header cannot be read",
        ),
        (
            ["mx.example.net; dkim=pass header.d=example.org)"],
            "its topmost Authentication-Results header cannot be read",
        ),
        (["mx.example.net; =pass"], "its topmost Authentication-Results header cannot be read"),
        (
            ["dkim=pass header.d=example.org"],
            "its topmost Authentication-Results header cannot be read",
        ),
    ],
)
def test_forged_failed_or_malformed_results_vouch_for_nobody(
    results: list[str], reason: str
) -> None:
    assert checked(*reversed(results)) == reason  # listed from the top down


def test_a_named_server_is_the_only_one_trusted() -> None:
    forged_on_top = ("mx.example.net; dkim=fail", "forger.example; dkim=pass header.d=example.org")
    assert checked(*forged_on_top, authserv_id="mx.example.net") == (
        "mx.example.net says neither DKIM nor SPF passed for example.org"
    )
    assert checked(DKIM_PASS, authserv_id="MX.example.net") == ""
    assert checked(authserv_id="mx.example.net") == (
        "no Authentication-Results header from mx.example.net (PROSPECTS_AUTHSERV_ID)"
    )


def test_one_servers_headers_for_each_check_are_read_together() -> None:
    # Postfix with OpenDKIM, an SPF policy and OpenDMARC: one header per check, DMARC on top.
    dmarc = "mx.example.net; dmarc=pass (p=none dis=none) header.from=example.org"
    dkim = "mx.example.net; dkim=pass (2048-bit key) header.d=example.org header.s=sel"
    spf = "mx.example.net; spf=pass smtp.mailfrom=jean@example.org"
    assert checked(*reversed([dmarc, dkim, spf])) == ""  # listed from the top down
    assert checked(*reversed([dmarc, spf]), authserv_id="mx.example.net") == ""
    # Another server's header, or an unreadable one, ends the run: what is below is not read.
    other = "relay.example.com; none"
    assert checked(*reversed([dmarc, other, dkim])) == (
        "mx.example.net says neither DKIM nor SPF passed for example.org"
    )
    assert checked(*reversed([dmarc, "; broken", dkim])) == (
        "mx.example.net says neither DKIM nor SPF passed for example.org"
    )
    # A check given on top keeps its result: a lower pass does not overturn it.
    assert checked(*reversed(["mx.example.net; spf=fail smtp.mailfrom=example.org", spf])) == (
        "mx.example.net says neither DKIM nor SPF passed for example.org"
    )


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site with the article 'bonjour' and one comment, as cwd."""
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    (tmp_path / "pelicanconf.py").write_text(SETTINGS_FILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fetch_records_the_choice_in_the_file_and_the_address_in_the_private_store(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    messages = {
        "vouched": subscribing(DKIM_PASS).as_bytes(),
        "forged": subscribing(
            "mx.example.net; dkim=fail header.d=example.org; spf=fail smtp.mailfrom=example.org",
            sender="Victime <victim@example.com>",
        ).as_bytes(),
        "unticked": message(
            "Avis [comment:bonjour]", "Author: Paul\r\nNotify: no\r\n\r\nSans suite.\r\n"
        ).as_bytes(),
    }
    assert fetch("--maildir", str(as_maildir(site / "Mail", messages))) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == (
        "prospects: 3 imported, 0 already there, 0 not comments, 0 refused; "
        "1 not subscribed to replies: sender not vouched for"
    )
    assert out[-2] == (
        f"prospects: {site / 'Mail'} #2: not subscribed to replies: mx.example.net says neither "
        "DKIM nor SPF passed for example.com"
    )
    files = comment_files(site)
    assert "Notify: yes\n" in files["2.md"]
    assert "Notify" not in files["3.md"] and "Notify" not in files["4.md"]
    assert not any("@" in text for text in files.values())
    emails = json.loads((site / ".prospects-private" / "emails.json").read_text(encoding="utf-8"))
    assert emails["bonjour/2"] == "jean@example.org"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("yes", None),
        ("No", None),
        ("oui", "unknown Notify 'oui'. Expected one of: yes, no"),
        ("yes yes", "unknown Notify 'yes yes'. Expected one of: yes, no"),
        (
            "<script>alert(1)</script>",
            "unknown Notify '<script>alert(1)</script>'. Expected one of: yes, no",
        ),
        ("x" * 500, "unknown Notify '" + "x" * 40 + "'. Expected one of: yes, no"),
    ],
)
def test_a_hostile_notify_key_is_reported_and_subscribes_nobody(
    value: str, problem: str | None
) -> None:
    text = f"Author: A\nDate: 2024-03-04 10:00\nNotify: {value}\n\nTexte.\n"
    reading = read_comment(
        text.encode(),
        path="comments/bonjour/2.md",
        article="bonjour",
        comment_id="2",
        zone=PARIS,
        fallback_date=datetime(2024, 3, 4, tzinfo=PARIS),
    )
    reasons = [p.reason for p in reading.problems]
    assert reasons == ([problem] if problem else [])
    assert reading.comment is not None
    assert reading.comment.notify == (value.lower() == "yes")


def test_an_unsubscribe_message_ends_every_subscription_of_its_sender(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    write_site(
        tmp_path,
        {
            "bonjour/1.md": comment("Jean", "2024-03-04 10:00", notify="yes"),
            "bonjour/2.md": comment("Jean", "2024-03-04 11:00", notify="yes"),
            "bonjour/3.md": comment("Paul", "2024-03-04 12:00", notify="yes"),
        },
    )
    (tmp_path / "pelicanconf.py").write_text(SETTINGS_FILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    private = tmp_path / ".prospects-private"
    private.mkdir()
    emails = {"bonjour/1": "jean@example.org", "bonjour/2": "JEAN@example.org"}
    emails["bonjour/3"] = "paul@example.com"
    (private / "emails.json").write_text(json.dumps(emails), encoding="utf-8")
    stop = message("unsubscribe [unsubscribe]", "", sender="jean@example.org")
    forged = message("Re: unsubscribe [UNSUBSCRIBE]", "Stop", sender="Paul <paul@example.com>")
    forged["Authentication-Results"] = "mx.example.net; dkim=fail header.d=example.com"
    nobody = message("unsubscribe [unsubscribe]", "", sender="zoe@example.org")
    box = as_maildir(
        tmp_path / "Mail",
        {"stop": stop.as_bytes(), "forged": forged.as_bytes(), "nobody": nobody.as_bytes()},
    )
    assert fetch("--maildir", str(box)) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "prospects: jean@example.org unsubscribed, 2 subscription(s) ended: bonjour/1, bonjour/2",
        "prospects: zoe@example.org unsubscribed, 0 subscription(s) ended",
        "prospects: 0 imported, 0 already there, 0 not comments, 1 refused; 2 unsubscribed "
        "(2 subscription(s) ended)",
    ]
    assert err.splitlines()[1] == (
        f"  {box} #2: unsubscribe request not taken: mx.example.net says neither DKIM nor SPF "
        "passed for example.com"
    )
    files = comment_files(tmp_path)
    assert "Notify" not in files["1.md"] and "Notify" not in files["2.md"]
    assert "Notify: yes\n" in files["3.md"]
    assert fetch("--maildir", str(box)) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "prospects: 0 imported, 2 already there, 0 not comments, 1 refused"
    )


def test_comment_add_from_email_says_when_it_does_not_subscribe(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    forged = subscribing("mx.example.net; spf=fail smtp.mailfrom=example.org")
    (site / "forged.eml").write_bytes(forged.as_bytes())
    command = ["comment", "add", "--article", "bonjour", "--from-email", "forged.eml"]
    assert main([*command, "-s", "pelicanconf.py"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "prospects: forged.eml: not subscribed to replies: mx.example.net says neither DKIM nor "
        "SPF passed for example.org"
    )
    assert "Notify" not in comment_files(site)["2.md"]


@pytest.mark.parametrize("value", ["mx example.org", "mx.example.org;", 3, None])
def test_a_bad_authserv_id_is_named(value: object) -> None:
    (problem,) = validate({"PROSPECTS_AUTHSERV_ID": value})
    assert problem.reason == (
        "PROSPECTS_AUTHSERV_ID: Expected a server name such as 'mx.example.org' (or '' for the "
        f"topmost header), but received: {value!r}"
    )


def test_an_unsubscribe_message_of_any_size_is_taken() -> None:
    # A reply with a picture of 150 KB was refused: 'a comment holds at most 100 KB'.
    stop = message("unsubscribe [unsubscribe]", "Merci.", sender="Jean <jean@example.org>")
    stop.add_attachment(bytes(150_000), maintype="image", subtype="png", filename="logo.png")
    assert unsubscriber(stop.as_bytes(), "box #1") == "jean@example.org"
