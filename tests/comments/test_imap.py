"""`comment fetch` from a real IMAP server: Debian's Dovecot on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pelican_prospects.cli import main

from .dovecot_server import PASSWORD, Server, dovecot, free_port
from .mails import COMMENTS, HOSTILE, mailbox_messages
from .sites import SETTINGS_FILE, comment, write_site

pytestmark = pytest.mark.dovecot

CONF = SETTINGS_FILE + "PROSPECTS_IMAP = {imap!r}\n"
IMPORTED = len(COMMENTS) + 1


@pytest.fixture
def server() -> Iterator[Server]:
    """A Dovecot of its own for each test."""
    with dovecot() as running:
        yield running


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site with the article 'bonjour' and one comment, as cwd, the password in the environment."""
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROSPECTS_IMAP_PASSWORD", PASSWORD)
    return tmp_path


def fetch(site: Path, imap: dict[str, object]) -> int:
    """Run `pelican-prospects comment fetch` with PROSPECTS_IMAP = imap."""
    (site / "pelicanconf.py").write_text(CONF.format(imap=imap), encoding="utf-8")
    return main(["comment", "fetch", "-s", "pelicanconf.py"])


def test_imported_messages_are_marked_seen_and_moved_the_rest_left(
    server: Server, site: Path, capsys: pytest.CaptureFixture
) -> None:
    messages = mailbox_messages()
    server.deliver(list(messages.values()))
    assert fetch(site, server.settings(done_folder="Done")) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"prospects: {IMPORTED} imported (1 held: signed with your name), 0 already there, "
        f"3 not comments, {len(HOSTILE)} refused"
    )
    done, inbox = server.folder("Done"), server.folder("INBOX")
    assert len(done) == IMPORTED and all(b"\\Seen" in flags for flags, _ in done)
    assert len(inbox) == 3 + len(HOSTILE) and not any(b"\\Seen" in flags for flags, _ in inbox)
    assert len(list((site / "content" / "comments" / "bonjour").glob("*.md"))) == 1 + IMPORTED

    # The same comment delivered again (a second copy): not imported twice.
    server.deliver([messages["form"]])
    assert fetch(site, server.settings(done_folder="Done")) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"prospects: 0 imported, 1 already there, 3 not comments, {len(HOSTILE)} refused"
    )


def test_starttls_and_a_warned_plain_connection(
    server: Server, site: Path, capsys: pytest.CaptureFixture, caplog: pytest.LogCaptureFixture
) -> None:
    server.deliver([COMMENTS["form"][0].as_bytes()])
    assert fetch(site, server.settings(port=server.plain, tls="starttls")) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("prospects: 1 imported,")
    assert server.folder("INBOX")[0][0].count(b"\\Seen") == 1  # seen, left: no done_folder
    assert fetch(site, server.settings(port=server.plain, tls=False)) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("prospects: 0 imported, 1 already")
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pelican_prospects")] == [
        f'prospects: IMAP 127.0.0.1:{server.plain}: "tls": False, the password and the mail '
        "cross the network in clear"
    ]


def test_every_failure_is_one_clear_line(
    server: Server, site: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    nobody = free_port()
    cases = [
        (server.settings(port=nobody), f"IMAP 127.0.0.1:{nobody}: cannot reach the server"),
        (
            server.settings(port=server.plain),
            f"IMAP 127.0.0.1:{server.plain}: the TLS connection was refused",
        ),
        (
            server.settings(cafile=""),
            f"IMAP 127.0.0.1:{server.tls}: the TLS connection was refused",
        ),
        (
            server.settings(user="mallory"),
            f"IMAP 127.0.0.1:{server.tls}: the server refused the password of 'mallory': check PROSPECTS_IMAP_PASSWORD",
        ),
        (
            server.settings(folder="Comments"),
            "IMAP claire@127.0.0.1: no folder 'Comments' on the server",
        ),
        (
            server.settings(done_folder="Old"),
            "IMAP claire@127.0.0.1: no done_folder 'Old' on the server: create it",
        ),
    ]
    for imap, message in cases:
        assert fetch(site, imap) == 1
        err = capsys.readouterr().err
        lines = err.splitlines()
        assert lines[0] == "prospects: cannot read the mailbox:", err
        assert len(lines) == 2 and lines[1].startswith(f"  {message}"), err
        assert "Traceback" not in err
    monkeypatch.setenv("PROSPECTS_IMAP_PASSWORD", "wrong")
    assert fetch(site, server.settings()) == 1
    assert capsys.readouterr().err.splitlines()[1] == (
        f"  IMAP 127.0.0.1:{server.tls}: the server refused the password of 'claire': "
        "check PROSPECTS_IMAP_PASSWORD"
    )
