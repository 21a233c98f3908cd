"""A real Dovecot IMAP server on loopback ports, with a throwaway configuration and mailbox."""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

DOVECOT = Path("/usr/sbin/dovecot")
USER, PASSWORD = "claire", "s3cret-mot-de-passe"
CONFIG = """\
base_dir = {run}/base
state_dir = {run}/state
log_path = {run}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{run}/cert.pem
ssl_key = <{run}/key.pem
auth_mechanisms = plain
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {run}/passwd
}}
userdb {{
  driver = static
  args = uid={user} gid={user} home={run}/home/%u
}}
first_valid_uid = 1
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls}
    ssl = yes
  }}
}}
namespace inbox {{
  inbox = yes
  mailbox Done {{
    auto = create
  }}
}}
"""


@dataclass(frozen=True)
class Server:
    """A running Dovecot: its ports, its certificate, its folder."""

    plain: int  # STARTTLS
    tls: int  # implicit TLS
    cafile: str
    run: Path

    def settings(self, **changes: object) -> dict[str, object]:
        """Return PROSPECTS_IMAP for this server (implicit TLS, trusting its certificate)."""
        imap = {"host": "127.0.0.1", "port": self.tls, "user": USER, "folder": "INBOX"}
        return {**imap, "cafile": self.cafile, **changes}

    def client(self) -> imaplib.IMAP4_SSL:
        """Return a logged-in client, to deliver and inspect messages."""
        context = ssl.create_default_context(cafile=self.cafile)
        client = imaplib.IMAP4_SSL("127.0.0.1", self.tls, ssl_context=context)
        client.login(USER, PASSWORD)
        return client

    def deliver(self, messages: list[bytes]) -> None:
        """Deliver messages to the INBOX (IMAP APPEND), with CRLF line ends."""
        client = self.client()
        for data in messages:
            crlf = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
            status, _ = client.append("INBOX", None, None, crlf)
            assert status == "OK"
        client.logout()

    def folder(self, name: str) -> list[tuple[bytes, bytes]]:
        """Return the (flags, bytes) of every message of a folder."""
        client = self.client()
        client.select(name, readonly=True)
        _, found = client.uid("SEARCH", "ALL")
        messages = []
        for uid in found[0].split():
            _, parts = client.uid("FETCH", uid, "(FLAGS BODY.PEEK[])")
            messages.append((parts[0][0], parts[0][1]))
        client.logout()
        return messages


def free_port() -> int:
    """Return a loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def dovecot() -> Iterator[Server]:
    """Run Dovecot in the foreground with a self-signed certificate; stop it afterwards."""
    if not DOVECOT.exists():
        pytest.fail(
            f"{DOVECOT} is missing: these tests need a real IMAP server. Run `make test`, which "
            "installs Debian's dovecot-imapd, or `sudo apt-get install dovecot-imapd`."
        )
    # Dovecot's login and mail processes run as its own users: the folder must be theirs to
    # enter, which pytest's tmp_path (mode 700 under /tmp/pytest-of-root) is not.
    run = Path(tempfile.mkdtemp(prefix="prospects-dovecot-"))
    os.chmod(run, 0o755)
    user = "dovecot" if os.geteuid() == 0 else os.environ.get("USER", "")
    try:
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
                *("-keyout", str(run / "key.pem"), "-out", str(run / "cert.pem")),
                *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            ],
            check=True,
            capture_output=True,
        )
        (run / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
        (run / "home").mkdir()
        shutil.chown(run / "home", user, user)
        plain, tls = free_port(), free_port()
        config = CONFIG.format(run=run, user=user, plain=plain, tls=tls)
        (run / "dovecot.conf").write_text(config, encoding="utf-8")
        process = subprocess.Popen(
            [str(DOVECOT), "-F", "-c", str(run / "dovecot.conf")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 15
            for port in (plain, tls):
                while True:
                    if process.poll() is not None:
                        log = process.stdout.read().decode() if process.stdout else ""
                        pytest.fail(f"dovecot did not start: {log}")
                    try:
                        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                        break
                    except OSError:
                        if time.monotonic() > deadline:
                            pytest.fail("dovecot did not listen within 15 seconds")
                        time.sleep(0.05)
            yield Server(plain, tls, str(run / "cert.pem"), run)
        finally:
            process.terminate()
            process.wait(timeout=15)
    finally:
        shutil.rmtree(run, ignore_errors=True)
