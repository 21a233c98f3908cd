"""A real SMTP server on loopback (aiosmtpd): STARTTLS or implicit TLS, AUTH, refusable recipients."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from .dovecot_server import free_port

USER, PASSWORD = "claire", "mot-de-passe-smtp"
SENDER = "blog@example.org"


@dataclass
class Collector:
    """The server's handler: keeps each message received, refuses the recipients listed.

    With `hang_up_after`, the connection is closed in the middle of the next message.
    """

    refuse: set[str] = field(default_factory=set)
    received: list[tuple[list[str], bytes]] = field(default_factory=list)
    hang_up_after: int | None = None

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        """Take the recipient, unless listed as refused."""
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Keep the message, or hang up."""
        if len(self.received) == self.hang_up_after:
            server.transport.close()
            return "421 4.3.0 Going away"
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"

    def messages(self) -> list[tuple[list[str], EmailMessage]]:
        """Return each message received, parsed, with its envelope recipients."""
        parser = BytesParser(policy=policy.default)
        return [(to, cast(EmailMessage, parser.parsebytes(data))) for to, data in self.received]


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    """Accept the one user and password of the tests."""
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


@dataclass(frozen=True)
class SmtpServer:
    """A running server: its port, its certificate, what it received."""

    port: int
    cafile: str
    tls: str | bool
    collector: Collector

    def settings(self, **changes: object) -> dict[str, object]:
        """Return PROSPECTS_SMTP for this server (trusting its certificate)."""
        smtp = {"host": "127.0.0.1", "port": self.port, "user": USER, "from": SENDER}
        return {**smtp, "tls": self.tls, "cafile": self.cafile, **changes}


def certificate(folder: Path) -> tuple[str, str]:
    """Make a self-signed certificate for 127.0.0.1 with the openssl command; return its files."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert)),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)


@contextmanager
def smtp_server(
    tls: str | bool = "starttls", refuse: set[str] | None = None
) -> Iterator[SmtpServer]:
    """Run an SMTP server on a loopback port: 'starttls', 'ssl' (implicit TLS) or False (plain)."""
    import ssl

    with tempfile.TemporaryDirectory(prefix="prospects-smtp-") as folder:
        cert, key = certificate(Path(folder))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        collector = Collector(refuse=refuse or set())
        port = free_port()
        # Over implicit TLS aiosmtpd cannot tell the line is encrypted: AUTH is allowed there.
        options: dict[str, Any] = {
            "authenticator": authenticate,
            "auth_require_tls": tls == "starttls",
        }
        if tls == "starttls":
            options |= {"tls_context": context, "require_starttls": True}
        elif tls == "ssl":
            options |= {"ssl_context": context}
        controller = Controller(collector, hostname="127.0.0.1", port=port, **options)
        controller.start()
        try:
            yield SmtpServer(port, cert, tls, collector)
        finally:
            controller.stop()
