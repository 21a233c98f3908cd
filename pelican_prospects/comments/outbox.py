"""Send e-mail through the owner's SMTP server (`PROSPECTS_SMTP`): each failure one clear line.

TLS by default (STARTTLS, or `"tls": "ssl"` for implicit TLS); plain SMTP only with an explicit
`"tls": False`, for a relay on the same machine, with a warning. A refused recipient fails that
message alone; a server that cannot be reached, refuses TLS or the password stops the run.
"""

from __future__ import annotations

import contextlib
import logging
import os
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any

from ..problems import Problem, ProspectsError

logger = logging.getLogger(__name__)

PASSWORD = "PROSPECTS_SMTP_PASSWORD"
TIMEOUT = 30  # seconds
REFUSED = "cannot send e-mail"
PORTS = {"ssl": 465, "starttls": 587, False: 25}


class Refused(Exception):
    """The server refused one message; the others may still go."""


def _problem(where: str, reason: str) -> ProspectsError:
    return ProspectsError([Problem(where, None, reason)], REFUSED)


class Outbox:
    """A logged-in connection to the SMTP server of `PROSPECTS_SMTP`."""

    def __init__(self, smtp: Mapping[str, Any], password: str) -> None:
        tls = smtp.get("tls", "starttls")
        self.host = str(smtp["host"])
        self.port = int(smtp.get("port") or PORTS[tls])
        self.sender = str(smtp["from"])
        self.where = f"SMTP {self.host}:{self.port}"
        self.client = self._connect(smtp, tls)
        user = str(smtp.get("user") or "")
        if user:
            self._login(user, password)

    def _connect(self, smtp: Mapping[str, Any], tls: str | bool) -> smtplib.SMTP:
        context = ssl.create_default_context(cafile=smtp.get("cafile") or None)
        client: smtplib.SMTP | None = None
        try:
            if tls == "ssl":
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=context)
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
                if tls == "starttls":
                    client.starttls(context=context)
                else:
                    logger.warning(
                        'prospects: %s: "tls": False, the password and the mail cross the '
                        "network in clear",
                        self.where,
                    )
            return client
        except ssl.SSLError as error:
            reason = f"the TLS connection was refused ({error.reason or error}): check 'port', "
            reason += "'tls' and 'cafile' in PROSPECTS_SMTP"
        except smtplib.SMTPNotSupportedError:
            reason = "the server offers no STARTTLS: check 'port' and 'tls' in PROSPECTS_SMTP"
        except (smtplib.SMTPException, TimeoutError, OSError) as error:
            text = getattr(error, "strerror", None) or error
            reason = f"cannot reach the server ({text}): check 'host' and 'port'"
        self._quit(client)
        raise _problem(self.where, reason)

    def _login(self, user: str, password: str) -> None:
        if not password:
            self.close()
            raise _problem("environment", f"{PASSWORD} is not set: export the server's password")
        try:
            self.client.login(user, password)
        except smtplib.SMTPAuthenticationError:
            reason = f"the server refused the password of {user!r}: check {PASSWORD}"
        except smtplib.SMTPNotSupportedError:
            reason = "the server offers no login (AUTH) on this connection: check 'tls' and 'port'"
        except (smtplib.SMTPException, OSError) as error:
            reason = f"the login failed ({error})"
        else:
            return
        self.close()
        raise _problem(self.where, reason)

    def send(self, message: EmailMessage, to: str) -> None:
        """Send `message` to `to` alone; raise Refused if the server refuses it."""
        try:
            self.client.send_message(message, from_addr=self.sender, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as error:
            code, said = next(iter(error.recipients.values()), (0, b""))
            raise Refused(f"the server refused {to} ({code} {_text(said)})") from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            raise Refused(
                f"the server refused the message ({error.smtp_code} {_text(error.smtp_error)})"
            ) from None
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            raise _problem(self.where, f"the server closed the connection ({error})") from None
        except smtplib.SMTPException as error:  # any other answer the server gave this message
            raise Refused(f"the server refused the message ({error})") from None

    def close(self) -> None:
        """Say goodbye."""
        self._quit(self.client)

    @staticmethod
    def _quit(client: smtplib.SMTP | None) -> None:
        if client is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                client.quit()


def _text(said: bytes | str) -> str:
    return said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)


def outbox(smtp: Mapping[str, Any]) -> Outbox:
    """Connect to the PROSPECTS_SMTP server with the password from the environment."""
    if not smtp:
        raise _problem("settings", "PROSPECTS_SMTP is not set: set it to send notifications")
    return Outbox(smtp, os.environ.get(PASSWORD, ""))
