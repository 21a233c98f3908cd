"""`pelican-prospects comment notify`: who hears of which reply, once, through a real SMTP server."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pelican_prospects.cli import main
from pelican_prospects.comments import review
from pelican_prospects.comments.notify import Letterhead, Notice, compose, notices
from pelican_prospects.problems import ProspectsError
from pelican_prospects.settings import validate
from pelican_prospects.sources import Source

from .dovecot_server import free_port
from .sites import SETTINGS_FILE, comment, write_site
from .smtp_server import PASSWORD, SENDER, SmtpServer, smtp_server
from .test_fetch import PARIS

SITE_URL = "https://claire.example"
CONF = SETTINGS_FILE + (
    'DEFAULT_LANG = "fr"\nSITENAME = "Le blog de Claire"\nARTICLE_URL = "{{slug}}.html"\n'
    'PROSPECTS_CONTACT_EMAIL = "claire@example.org"\nSITEURL = {site_url!r}\n'
    "PROSPECTS_SMTP = {smtp!r}\n"
)
# Jean subscribes on 1; the owner answers (2); Paul, subscribed, answers her (3); Jean answers
# Paul (4); Zoé writes on her own (5); a reply to Jean waits for moderation (6).
THREAD = {
    "bonjour/1.md": comment("Jean", "2024-03-04 10:00", "Une question.", notify="yes"),
    "bonjour/2.md": comment(
        "Claire Dumas", "2024-03-04 11:00", "Réponse.", replyto="1", owner="yes"
    ),
    "bonjour/3.md": comment("Paul", "2024-03-04 12:00", "Moi aussi.", replyto="2", notify="yes"),
    "bonjour/4.md": comment("Jean", "2024-03-04 13:00", "Merci Paul.", replyto="3"),
    "bonjour/5.md": comment("Zoé", "2024-03-04 14:00", "Autre chose.", notify="yes"),
    "bonjour/6.md": comment(
        "Léa", "2024-03-04 15:00", "En attente.", replyto="1", status="pending"
    ),
}
EMAILS = {
    "bonjour/1": "jean@example.org",
    "bonjour/3": "paul@example.org",
    "bonjour/4": "Jean@Example.org",
    "bonjour/5": "zoe@example.org",
    "bonjour/6": "lea@example.org",
}


def write_thread(root: Path, emails: dict[str, str] | None = None) -> Path:
    """Write the thread and its addresses of record; return the comments folder."""
    write_site(root, THREAD)
    private = root / ".prospects-private"
    private.mkdir(exist_ok=True)
    (private / "emails.json").write_text(json.dumps(emails or EMAILS), encoding="utf-8")
    return root / "content" / "comments"


def found(root: Path) -> dict[str, review.Entry]:
    """Return every comment of the site by SLUG/ID."""
    return review.entries(root / "content" / "comments", PARIS, [])


def test_each_subscriber_hears_of_the_published_replies_under_their_comment(
    tmp_path: Path,
) -> None:
    write_thread(tmp_path)
    told = [(n.to, n.entry.ref, n.parent) for n in notices(found(tmp_path), EMAILS)]
    assert told == [
        ("jean@example.org", "bonjour/2", "bonjour/1"),  # the owner's reply
        ("jean@example.org", "bonjour/3", "bonjour/1"),  # deeper in his subtree
        ("paul@example.org", "bonjour/4", "bonjour/3"),  # Jean's own reply: to Paul only
    ]


def test_a_reply_the_site_does_not_show_tells_nobody_yet(tmp_path: Path) -> None:
    # 8 answers 6, which waits for moderation: the build hides 8, so nobody hears of it; a
    # pingback naming Jean's comment is no reply to him either.
    thread = {
        **THREAD,
        "bonjour/8.md": comment("Marc", "2024-03-04 16:00", "Sous Léa.", replyto="6"),
        "bonjour/9.md": comment(
            "Un blog",
            "2024-03-04 17:00",
            "Cité.",
            replyto="1",
            type="pingback",
            website="https://blog.example/",
        ),
    }
    write_site(tmp_path, thread)
    emails = {**EMAILS, "bonjour/8": "marc@example.org"}
    told = [(n.to, n.entry.ref) for n in notices(found(tmp_path), emails)]
    assert ("jean@example.org", "bonjour/8") not in told
    assert ("jean@example.org", "bonjour/9") not in told
    assert len(told) == 3  # the three of the first test, no more
    # Once 6 is published, 8 shows, and its notice goes (it was never recorded as sent).
    published = tmp_path / "content" / "comments" / "bonjour" / "6.md"
    published.write_text(
        published.read_text(encoding="utf-8").replace("Status: pending\n", ""), encoding="utf-8"
    )
    told = [(n.to, n.entry.ref) for n in notices(found(tmp_path), emails)]
    assert ("jean@example.org", "bonjour/8") in told
    assert ("jean@example.org", "bonjour/9") not in told


def test_the_owner_is_never_told_and_a_thread_loop_is_walked_once(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "bonjour/1.md": comment("Claire Dumas", "2024-03-04 10:00", owner="yes", notify="yes"),
            "bonjour/2.md": comment("Jean", "2024-03-04 11:00", replyto="1"),
            "bonjour/3.md": comment("Anne", "2024-03-04 12:00", replyto="4", notify="yes"),
            "bonjour/4.md": comment("Bob", "2024-03-04 13:00", replyto="3", notify="yes"),
            "bonjour/5.md": comment("Eve", "2024-03-04 14:00", replyto="2", notify="yes"),
            "bonjour/6.md": comment("Jean", "2024-03-04 15:00", replyto="5"),
        },
    )
    emails = {
        "bonjour/1": "claire@example.org",
        "bonjour/2": "jean@example.org",
        "bonjour/3": "anne@example.org",
        "bonjour/4": "bob@example.org",
        "bonjour/5": "claire@example.org",  # the owner's address, under another name
    }
    told = [(n.to, n.entry.ref) for n in notices(found(tmp_path), emails, ["claire@example.org"])]
    assert told == [("bob@example.org", "bonjour/3"), ("anne@example.org", "bonjour/4")]


def letterhead(**changes: object) -> Letterhead:
    """Return the letterhead of the test site."""
    values: dict[str, object] = {
        "site_name": "Le blog de Claire",
        "site_url": SITE_URL,
        "sender": SENDER,
        "unsubscribe_to": "claire@example.org",
        "articles": {"bonjour": Source("articles/bonjour.md", None, "bonjour.html", "Bonjour")},
        "gettext": lambda text: text,
        **changes,
    }
    return Letterhead(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "hostile",
    [
        "jean@example.org\r\nBcc: evil@attacker.example",
        "jean@example.org, evil@attacker.example",
        "Jean <jean@example.org>",
        "",
        "<>",  # what `From: a@b.c@d.org` gives as the sender's address
        "a@[1.2.3.4",
        "=?x?q?a?=@example.org",
    ],
)
def test_a_hostile_address_sends_nothing(tmp_path: Path, hostile: str) -> None:
    write_thread(tmp_path)
    notice = Notice(hostile, found(tmp_path)["bonjour/2"], "bonjour/1")
    with pytest.raises(ProspectsError) as raised:
        compose(notice, letterhead())
    assert raised.value.problems[0].reason.startswith(f"not sent to {hostile!r}: not one e-mail")


def test_an_article_without_an_address_sends_nothing(tmp_path: Path) -> None:
    write_thread(tmp_path)
    notice = Notice("jean@example.org", found(tmp_path)["bonjour/2"], "bonjour/1")
    for articles in ({}, {"bonjour": Source("articles/bonjour.md", None, "", "Bonjour")}):
        with pytest.raises(ProspectsError) as raised:
            compose(notice, letterhead(articles=articles))
        assert str(raised.value.problems[0]) == (
            "bonjour/2: not sent: no address for the article 'bonjour' to link to"
        )


def test_names_cannot_add_headers(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "bonjour/1.md": comment("Jean", "2024-03-04 10:00", notify="yes"),
            "bonjour/2.md": comment("Eve\tBcc: x@evil.example", "2024-03-04 11:00", replyto="1"),
        },
    )
    notice = Notice("jean@example.org", found(tmp_path)["bonjour/2"], "bonjour/1")
    hostile = "Claire\r\nBcc: evil@attacker.example\r\n"
    article = Source("a.md", None, "bonjour.html", 'Bonjour"\r\nCc: evil@attacker.example')
    message = compose(notice, letterhead(site_name=hostile, articles={"bonjour": article}))
    data = message.as_bytes()
    assert b"\nBcc:" not in data and b"\nCc:" not in data
    assert [str(a) for a in message["To"].addresses] == ["jean@example.org"]
    assert message["From"].addresses[0].addr_spec == SENDER
    assert message["From"].addresses[0].display_name == "Claire Bcc: evil@attacker.example"


@pytest.mark.parametrize(
    ("smtp", "expected"),
    [
        ({"host": "smtp.example.org"}, "Expected {} or a dict with 'host' and 'from'"),
        ({"host": "h", "from": "x@example.org", "tls": True}, "'tls' must be one of"),
        ({"host": "h", "from": "x@example.org", "tls": "plain"}, "'tls' must be one of"),
        ({"host": "h", "from": "x@example.org", "port": "587"}, "wrong type or value for 'port'"),
        ({"host": "h", "from": "x@example.org", "port": 70000}, "wrong type or value for 'port'"),
        ({"host": "h", "from": "x@example.org", "port": True}, "wrong type or value for 'port'"),
        ({"host": "h", "from": "not an address"}, "'from' must be an address"),
        ({"host": "h", "from": "x@example.org\r\nBcc: y@z.org"}, "'from' must be an address"),
        ({"host": "h\r\nX: y", "from": "x@example.org"}, "'host' and 'user' hold no line break"),
        ({"host": "h", "from": "x@example.org", "password": "p"}, "Expected no 'password'"),
        ({"host": "h", "from": "x@example.org", "server": "h"}, "unknown key(s): 'server'"),
        ("smtp.example.org", "Expected {} or a dict with 'host' and 'from'"),
    ],
)
def test_bad_smtp_settings_are_named(smtp: object, expected: str) -> None:
    (problem,) = validate({"PROSPECTS_SMTP": smtp})
    assert problem.reason.startswith("PROSPECTS_SMTP: ")
    assert expected in problem.reason
    assert "'p'" not in problem.reason  # a password is never shown


def test_good_smtp_settings_pass() -> None:
    for tls in ("starttls", "ssl", False):
        smtp = {"host": "h", "port": 587, "user": "u", "from": "x@example.org", "tls": tls}
        assert validate({"PROSPECTS_SMTP": smtp}) == []


# With a real server from here on.


@pytest.fixture
def server() -> Iterator[SmtpServer]:
    """An SMTP server with STARTTLS and AUTH, for each test."""
    with smtp_server("starttls") as running:
        yield running


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The thread's site as cwd, the SMTP password in the environment."""
    write_thread(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROSPECTS_SMTP_PASSWORD", PASSWORD)
    return tmp_path


def notify(site: Path, smtp: dict[str, object], *options: str, site_url: str = SITE_URL) -> int:
    """Run `pelican-prospects comment notify` with PROSPECTS_SMTP = smtp."""
    conf = CONF.format(site_url=site_url, smtp=smtp)
    (site / "pelicanconf.py").write_text(conf, encoding="utf-8")
    return main(["comment", "notify", *options, "-s", "pelicanconf.py"])


def add_reply(site: Path, number: int, replyto: str, author: str = "Léa") -> None:
    """Publish a new reply."""
    path = site / "content" / "comments" / "bonjour" / f"{number}.md"
    path.write_text(
        comment(author, f"2024-03-05 {number:02d}:00", f"Réponse {number}.", replyto=replyto),
        encoding="utf-8",
    )


def test_the_first_run_records_what_is_published_then_each_reply_goes_once(
    site: Path, server: SmtpServer, capsys: pytest.CaptureFixture
) -> None:
    assert notify(site, server.settings(), "--dry-run") == 0
    assert capsys.readouterr().out == (
        "prospects: notifications are not switched on yet: the first run will record 3 "
        "notification(s) of comments already published as sent and send none (--backfill "
        "sends them instead)\n"
    )
    assert notify(site, server.settings()) == 0
    assert capsys.readouterr().out == (
        "prospects: notifications switched on: 3 notification(s) of comments already published "
        "recorded as sent, none sent (--backfill sends them instead)\n"
    )
    assert server.collector.received == []

    add_reply(site, 7, "4")  # under Jean's 4 (under Paul's 3, under Jean's 1)
    assert notify(site, server.settings(), "--dry-run") == 0
    assert capsys.readouterr().out == (
        "prospects: would notify paul@example.org of bonjour/7 (under bonjour/3)\n"
        "prospects: would notify jean@example.org of bonjour/7 (under bonjour/1)\n"
        "prospects: 2 notification(s) would be sent\n"
    )
    assert server.collector.received == []
    assert notify(site, server.settings()) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "prospects: 2 sent, 0 failed"
    received = server.collector.messages()
    assert [to for to, _ in received] == [["paul@example.org"], ["jean@example.org"]]
    message = received[1][1]
    assert message["Subject"] == "Nouvelle réponse sur « Bonjour »"
    assert message["From"] == f"Le blog de Claire <{SENDER}>"
    assert message["List-Unsubscribe"].strip() == (  # folded: too long for one line
        "<mailto:claire@example.org?subject=unsubscribe%20%5Bunsubscribe%5D>"
    )
    body = message.get_content()
    assert f"{SITE_URL}/bonjour.html#comment-7" in body
    assert "> Réponse 7." in body
    assert "écrivez à claire@example.org avec le sujet « unsubscribe [unsubscribe] »" in body

    assert notify(site, server.settings()) == 0  # never twice
    assert capsys.readouterr().out == "prospects: 0 sent, 0 failed\n"
    assert len(server.collector.received) == 2


def test_backfill_sends_what_the_first_run_finds(
    site: Path, server: SmtpServer, capsys: pytest.CaptureFixture
) -> None:
    assert notify(site, server.settings(), "--backfill") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "prospects: 3 sent, 0 failed"
    assert sorted(to[0] for to, _ in server.collector.received) == [
        "jean@example.org",
        "jean@example.org",
        "paul@example.org",
    ]
    assert notify(site, server.settings()) == 0
    assert capsys.readouterr().out == "prospects: 0 sent, 0 failed\n"


@pytest.mark.parametrize("site_url", ["", "/blog", "claire.example"])
def test_without_an_absolute_siteurl_nothing_is_sent(
    site: Path, server: SmtpServer, capsys: pytest.CaptureFixture, site_url: str
) -> None:
    assert notify(site, server.settings(), site_url=site_url) == 1
    assert capsys.readouterr().err == (
        "prospects: cannot send notifications:\n"
        "  pelicanconf.py: SITEURL: notifications link to the comment, so SITEURL must be the "
        f"site's absolute address (such as 'https://example.org'), but received: {site_url!r}: "
        "set it in the settings that publish the site (-s publishconf.py)\n"
    )
    assert not (site / ".prospects-private" / "notified.json").exists()


def switched_on(site: Path, server: SmtpServer) -> None:
    """Run notify once (recording what is published), then publish a reply to Jean's comment."""
    assert notify(site, server.settings()) == 0
    add_reply(site, 7, "1")


def one_of_two_fails(site: Path, server: SmtpServer, capsys: pytest.CaptureFixture) -> str:
    """Publish replies to Jean (7) and to Zoé (8); run notify, which sends one and fails one.

    Return what the run wrote to stderr.
    """
    switched_on(site, server)
    add_reply(site, 8, "5")  # to Zoé
    capsys.readouterr()
    assert notify(site, server.settings()) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "prospects: 1 sent, 1 failed"
    return err


def test_a_refused_recipient_fails_alone_and_is_retried_next_run(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    with smtp_server("starttls", refuse={"jean@example.org"}) as server:
        err = one_of_two_fails(site, server, capsys)
        assert err == (
            "prospects: not sent, tried again next run:\n"
            "  bonjour/7: not sent: the server refused jean@example.org (550 5.1.1 No such "
            "mailbox here)\n"
        )
        assert [to for to, _ in server.collector.received] == [["zoe@example.org"]]
    with smtp_server("starttls") as server:
        assert notify(site, server.settings()) == 0
        assert capsys.readouterr().out.splitlines()[-1] == "prospects: 1 sent, 0 failed"
        assert [to for to, _ in server.collector.received] == [["jean@example.org"]]


def test_a_hostile_address_of_record_fails_alone(
    site: Path, server: SmtpServer, capsys: pytest.CaptureFixture
) -> None:
    write_thread(site, {**EMAILS, "bonjour/5": "zoe@example.org\r\nBcc: evil@attacker.example"})
    err = one_of_two_fails(site, server, capsys)
    assert "  bonjour/8: not sent to 'zoe@example.org\\r\\nbcc: evil@attacker.example'" in err
    assert [to for to, _ in server.collector.received] == [["jean@example.org"]]


def test_every_server_failure_is_one_clear_line(
    site: Path, server: SmtpServer, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    switched_on(site, server)
    capsys.readouterr()
    nobody = free_port()
    where = f"SMTP 127.0.0.1:{server.port}"
    with smtp_server(False) as plain:
        cases = [
            (server.settings(port=nobody), f"SMTP 127.0.0.1:{nobody}: cannot reach the server"),
            (server.settings(tls="ssl"), f"{where}: the TLS connection was refused"),
            (server.settings(cafile=""), f"{where}: the TLS connection was refused"),
            (
                plain.settings(tls="starttls"),
                f"SMTP 127.0.0.1:{plain.port}: the server offers no STARTTLS: check 'port' and "
                "'tls' in PROSPECTS_SMTP",
            ),
            (
                server.settings(user="mallory"),
                f"{where}: the server refused the password of 'mallory': check "
                "PROSPECTS_SMTP_PASSWORD",
            ),
        ]
        for smtp, message in cases:
            assert notify(site, smtp) == 1
            err = capsys.readouterr().err
            lines = err.splitlines()
            assert lines[0] == "prospects: cannot send e-mail:", err
            assert len(lines) == 2 and lines[1].startswith(f"  {message}"), err
            assert "Traceback" not in err
    monkeypatch.delenv("PROSPECTS_SMTP_PASSWORD")
    assert notify(site, server.settings()) == 1
    assert capsys.readouterr().err.splitlines()[1] == (
        "  environment: PROSPECTS_SMTP_PASSWORD is not set: export the server's password"
    )
    assert server.collector.received == []
    monkeypatch.setenv("PROSPECTS_SMTP_PASSWORD", PASSWORD)
    assert notify(site, server.settings()) == 0  # still waiting, sent once the server is right
    assert len(server.collector.received) == 1


def test_without_smtp_settings_nothing_is_lost(
    site: Path, server: SmtpServer, capsys: pytest.CaptureFixture
) -> None:
    switched_on(site, server)
    capsys.readouterr()
    assert notify(site, {}) == 1
    assert capsys.readouterr().err == (
        "prospects: cannot send e-mail:\n"
        "  settings: PROSPECTS_SMTP is not set: set it to send notifications\n"
    )
    assert notify(site, server.settings()) == 0
    assert len(server.collector.received) == 1


@pytest.mark.parametrize("tls", ["ssl", False])
def test_implicit_tls_and_a_warned_plain_relay(
    site: Path, capsys: pytest.CaptureFixture, caplog: pytest.LogCaptureFixture, tls: str | bool
) -> None:
    with smtp_server(tls) as server:
        switched_on(site, server)
        assert notify(site, server.settings()) == 0
        assert capsys.readouterr().out.splitlines()[-1] == "prospects: 1 sent, 0 failed"
        assert len(server.collector.received) == 1
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("pelican_prospects")]
    if tls is False:
        assert warnings == [
            f'prospects: SMTP 127.0.0.1:{server.port}: "tls": False, the password and the mail '
            "cross the network in clear"
        ]
    else:
        assert warnings == []


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` refuse new files, even to root (its immutable flag), for the block."""
    folder.chmod(0o555)
    immutable = os.geteuid() == 0
    if immutable and subprocess.run(["chattr", "+i", str(folder)], check=False).returncode:
        folder.chmod(0o755)
        pytest.skip("this file system cannot make a folder read-only to root")
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_store_that_cannot_record_stops_before_sending(
    site: Path, server: SmtpServer, capsys: pytest.CaptureFixture
) -> None:
    # Sent but not recorded, a notice would go again on the next run.
    switched_on(site, server)
    capsys.readouterr()
    private = site / ".prospects-private"
    with read_only(private):
        assert notify(site, server.settings()) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "prospects: cannot send notifications:"
    assert lines[1].startswith(f"  {private / 'notified.json'}: cannot record what is sent (")
    assert lines[1].endswith("): nothing sent; make the private store writable")
    assert server.collector.received == []
    assert notify(site, server.settings()) == 0
    assert notify(site, server.settings()) == 0
    assert [to for to, _ in server.collector.received] == [["jean@example.org"]]


def test_a_second_run_meanwhile_sends_nothing(
    site: Path, server: SmtpServer, capsys: pytest.CaptureFixture
) -> None:
    # Both would find the reply unsent and send it: the first run holds the store's folder.
    switched_on(site, server)
    capsys.readouterr()
    private = site / ".prospects-private"
    first = os.open(private, os.O_RDONLY)
    try:
        fcntl.flock(first, fcntl.LOCK_EX)
        assert notify(site, server.settings()) == 1
    finally:
        os.close(first)
    assert capsys.readouterr().err == (
        "prospects: cannot send notifications:\n"
        f"  {private}: another `comment notify` is running on this store: let it end, then run "
        "again\n"
    )
    assert server.collector.received == []
    assert notify(site, server.settings()) == 0  # once the first is over
    assert [to for to, _ in server.collector.received] == [["jean@example.org"]]


def test_a_server_gone_mid_way_still_names_the_refusals_before(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    with smtp_server("starttls", refuse={"paul@example.org"}) as server:
        switched_on(site, server)
        add_reply(site, 8, "4")  # to Paul (refused), then to Jean
        add_reply(site, 9, "5")  # to Zoé: the server hangs up
        server.collector.hang_up_after = 1
        capsys.readouterr()
        assert notify(site, server.settings()) == 1
        assert capsys.readouterr().err.splitlines()[1:] == [
            f"  SMTP 127.0.0.1:{server.port}: the server closed the connection (Connection "
            "unexpectedly closed)",
            "  bonjour/8: not sent: the server refused paul@example.org (550 5.1.1 No such "
            "mailbox here)",
        ]
        assert [to for to, _ in server.collector.received] == [["jean@example.org"]]
        server.collector.refuse.clear()
        server.collector.hang_up_after = None
        assert notify(site, server.settings()) == 0  # the rest, each once
    assert sorted(to[0] for to, _ in server.collector.received) == [
        "jean@example.org",
        "jean@example.org",
        "paul@example.org",
        "zoe@example.org",
    ]
