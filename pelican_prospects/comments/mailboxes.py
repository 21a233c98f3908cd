"""Where `comment fetch` reads messages: an IMAP mailbox, a Maildir or an mbox file.

Each source lists its messages as `Incoming` (a label for messages, the raw bytes) and is told
which ones were imported (`done`). Only IMAP acts on them: imported messages are marked seen and
moved to the done folder when one is set; nothing is ever deleted. Local files are only read.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import mailbox
import os
import re
import ssl
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..problems import Problem, ProspectsError

logger = logging.getLogger(__name__)

PASSWORD = "PROSPECTS_IMAP_PASSWORD"
TIMEOUT = 30  # seconds
REFUSED = "cannot read the mailbox"


@dataclass(frozen=True)
class Incoming:
    """One message of a source: how messages name it, its bytes, and the source's own key."""

    label: str
    data: bytes
    key: str


class Source(Protocol):
    """A place holding messages."""

    def count(self) -> int:
        """Return how many messages there are."""
        ...

    def messages(self) -> Iterator[Incoming]:
        """Yield every message."""
        ...

    def done(self, incoming: Incoming) -> None:
        """Mark a message as imported."""
        ...

    def close(self) -> None:
        """Let the source go."""
        ...


def _problem(where: str, reason: str) -> ProspectsError:
    return ProspectsError([Problem(where, None, reason)], REFUSED)


class LocalSource:
    """A Maildir folder or an mbox file, read only."""

    def __init__(self, box: mailbox.Mailbox, shown: str) -> None:
        self.box, self.shown = box, shown

    def count(self) -> int:
        """Return how many messages there are."""
        return len(self.box)

    def messages(self) -> Iterator[Incoming]:
        """Yield every message."""
        for number, key in enumerate(sorted(self.box.keys(), key=delivery_order), start=1):
            yield Incoming(f"{self.shown} #{number}", self.box.get_bytes(key), str(key))

    def done(self, incoming: Incoming) -> None:
        """Leave a local message as it is: the ledger remembers it."""

    def close(self) -> None:
        """Let the file go."""
        self.box.close()


def delivery_order(key: object) -> tuple[tuple[int, ...], str]:
    """Return where a message stands in delivery order: an mbox's number, a Maildir name's time.

    A Maildir name starts `<seconds>.M<microseconds>P<pid>Q<count>`: its numbers in turn sort
    messages as they were delivered, which the names as text do not.
    """
    if isinstance(key, int):
        return (key,), ""
    return tuple(int(number) for number in re.findall(r"\d+", str(key).rsplit(".", 1)[0])), str(key)


def maildir(path: str) -> LocalSource:
    """Open a Maildir folder (with cur/, new/ and tmp/)."""
    if not all(os.path.isdir(os.path.join(path, part)) for part in ("cur", "new", "tmp")):
        raise _problem(path, "not a Maildir folder (expected cur/, new/ and tmp/ inside)")
    return LocalSource(mailbox.Maildir(path, factory=None, create=False), path)


def mbox(path: str) -> LocalSource:
    """Open an mbox file."""
    if not os.path.isfile(path):
        raise _problem(path, "no such mbox file")
    return LocalSource(mailbox.mbox(path, factory=None, create=False), path)


def quoted(name: str) -> str:
    """Return a folder name as an IMAP quoted string."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ImapSource:
    """A folder of an IMAP mailbox, over TLS unless the settings say `"tls": False`."""

    def __init__(self, imap: Mapping[str, Any], password: str) -> None:
        self.folder = str(imap.get("folder") or "INBOX")
        self.done_folder = str(imap.get("done_folder") or "")
        self.client = connect(imap, password)
        self.where = f"IMAP {imap['user']}@{imap['host']}"
        status, _ = self.client.select(quoted(self.folder), readonly=False)
        if status != "OK":
            self.close()
            raise _problem(self.where, f"no folder {self.folder!r} on the server")
        if self.done_folder:
            status, _ = self.client.status(quoted(self.done_folder), "(MESSAGES)")
            if status != "OK":
                self.close()
                raise _problem(
                    self.where, f"no done_folder {self.done_folder!r} on the server: create it"
                )
        status, names = self.client.capability()  # those of a logged-in client
        self.can_move = status == "OK" and b"MOVE" in b" ".join(names).upper().split()
        status, found = self.client.uid("SEARCH", "ALL")
        self.uids = found[0].split() if status == "OK" and found and found[0] else []

    def count(self) -> int:
        """Return how many messages the folder holds."""
        return len(self.uids)

    def messages(self) -> Iterator[Incoming]:
        """Yield every message, read without marking it seen."""
        for uid in self.uids:
            status, parts = self.client.uid("FETCH", uid, "(BODY.PEEK[])")
            data = next((part[1] for part in parts if isinstance(part, tuple)), None)
            if status != "OK" or data is None:
                continue
            yield Incoming(f"{self.folder} uid {uid.decode()}", data, uid.decode())

    def done(self, incoming: Incoming) -> None:
        """Mark the message seen, and move it to the done folder if one is set."""
        self.client.uid("STORE", incoming.key, "+FLAGS", "(\\Seen)")
        if not self.done_folder:
            return
        if self.can_move:
            self.client.uid("MOVE", incoming.key, quoted(self.done_folder))
        else:  # without MOVE, a copy: the original stays, seen (nothing is ever deleted)
            self.client.uid("COPY", incoming.key, quoted(self.done_folder))

    def close(self) -> None:
        """Log out."""
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            self.client.logout()


def connect(imap: Mapping[str, Any], password: str) -> imaplib.IMAP4:
    """Return a logged-in IMAP client; each failure a clear message."""
    host, user = str(imap["host"]), str(imap["user"])
    tls = imap.get("tls", "implicit")
    tls = "implicit" if tls is True else tls
    port = int(imap.get("port") or (993 if tls == "implicit" else 143))
    where = f"IMAP {host}:{port}"
    context = ssl.create_default_context(cafile=imap.get("cafile") or None)
    try:
        if tls == "implicit":
            client: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                host, port, ssl_context=context, timeout=TIMEOUT
            )
        else:
            client = imaplib.IMAP4(host, port, timeout=TIMEOUT)
            if tls == "starttls":
                client.starttls(ssl_context=context)
            else:
                logger.warning(
                    'prospects: %s: "tls": False, the password and the mail cross the network '
                    "in clear",
                    where,
                )
    except ssl.SSLError as error:
        reason = f"the TLS connection was refused ({error.reason or error}): check 'port', 'tls'"
        raise _problem(where, reason + " and 'cafile' in PROSPECTS_IMAP") from None
    except imaplib.IMAP4.error as error:  # STARTTLS refused by the server
        raise _problem(where, f"the server refused TLS ({error})") from None
    except (TimeoutError, OSError) as error:
        reason = f"cannot reach the server ({error.strerror or error}): check 'host' and 'port'"
        raise _problem(where, reason) from None
    try:
        client.login(user, password)
    except imaplib.IMAP4.error:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            client.logout()
        reason = f"the server refused the password of {user!r}: check {PASSWORD}"
        raise _problem(where, reason) from None
    return client


def imap_source(imap: Mapping[str, Any]) -> ImapSource:
    """Open the PROSPECTS_IMAP folder with the password from the environment."""
    if not imap:
        raise _problem("settings", "PROSPECTS_IMAP is not set: set it, or use --maildir or --mbox")
    password = os.environ.get(PASSWORD, "")
    if not password:
        raise _problem("environment", f"{PASSWORD} is not set: export the mailbox's password")
    return ImapSource(imap, password)
