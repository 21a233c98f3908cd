"""The private store: readers' addresses and the ledger of fetched messages, outside the site.

A folder outside PATH and OUTPUT_PATH (`PROSPECTS_PRIVATE_PATH`, default `.prospects-private`)
that git ignores (it holds its own `.gitignore`). `emails.json` maps `slug/id` to the address a
comment came from; `fetched.txt` lists the SHA-256 of every message `comment fetch` has taken,
so a message is never imported twice, even after its comment was deleted; `fetching.json` holds
the one message being imported. Each write replaces
the file whole (a temporary file, then `os.replace`): a killed command leaves the old one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..problems import Problem, ProspectsError
from ..settings import Config

EMAILS = "emails.json"
LEDGER = "fetched.txt"
# The message being imported: if a fetch is killed while writing its file, the next one
# finds here whether the file was written, and records the message or tries it again.
JOURNAL = "fetching.json"
# What `comment notify` sent (or, on its first run, found already published): for each comment
# (`slug/id`), the addresses told of it. Its existence says notifications were switched on.
NOTIFIED = "notified.json"
IGNORE_ALL = "# Private data of pelican-prospects: never commit it.\n*\n"


def inside(path: str, folder: str) -> bool:
    """Tell whether `path` is `folder` or lies under it."""
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([path, folder]) == folder


def store_problems(config: Config) -> list[Problem]:
    """Return a problem when the private store lies where the site is published from."""
    name = "PROSPECTS_PRIVATE_PATH"
    for setting, folder in (("PATH", config.path), ("OUTPUT_PATH", config.output_path)):
        if inside(config.private_path, folder) or inside(folder, config.private_path):
            reason = (
                f"{name}: {config.private_path} overlaps {setting} ({folder}): readers' "
                "addresses would be published; choose a folder outside both"
            )
            return [Problem("settings", None, reason)]
    return []


def write_whole(path: Path, text: str, *, replace: bool) -> None:
    """Write `text` to `path` whole: readers see the old state or the new file, never half.

    With `replace`, an existing file is replaced; without, an existing name is never taken over
    (FileExistsError).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the name is taken
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` whole."""
    write_whole(path, text, replace=True)


def message_key(message_id: str, data: bytes) -> str:
    """Return a message's ledger entry: the hash of its Message-ID, else of its bytes."""
    name = " ".join(message_id.split()).strip("<>").lower()
    return hashlib.sha256(name.encode("utf-8") if name else data).hexdigest()


class PrivateStore:
    """The private folder of one site: addresses by comment, fetched messages."""

    def __init__(self, config: Config) -> None:
        problems = store_problems(config)
        if problems:
            raise ProspectsError(problems, "unsafe private store")
        self.root = Path(config.private_path)

    @contextmanager
    def notifying(self) -> Iterator[None]:
        """Hold the store for one `comment notify`: a second one meanwhile is refused.

        Two runs at once would both find a notice unsent and both send it. The lock is the
        folder's own (flock), so a killed run leaves none behind.
        """
        try:
            import fcntl  # POSIX only
        except ImportError:  # Windows has no flock: one run at a time is then the owner's care
            yield
            return
        self.root.mkdir(parents=True, exist_ok=True)
        folder = os.open(self.root, os.O_RDONLY)
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(folder)
            reason = "another `comment notify` is running on this store: let it end, then run again"
            problem = Problem(str(self.root), None, reason)
            raise ProspectsError([problem], "cannot send notifications") from None
        except OSError:  # a file system that cannot lock a folder (NFS): the run goes on unlocked
            pass
        try:
            yield
        finally:
            os.close(folder)  # releases the lock

    def _read(self, name: str) -> str:
        try:
            return (self.root / name).read_bytes().decode("utf-8")
        except FileNotFoundError:
            return ""
        except UnicodeDecodeError as error:
            reason = f"not UTF-8 text (byte {error.start}): restore it from a backup"
            raise ProspectsError([Problem(str(self.root / name), None, reason)]) from None

    def _wrong(self, name: str, key: str, expected: str) -> ProspectsError:
        reason = f"{key!r} holds no {expected}: restore the file from a backup"
        return ProspectsError([Problem(str(self.root / name), None, reason)])

    def _write(self, name: str, text: str) -> None:
        if not (self.root / ".gitignore").exists():
            write_atomically(self.root / ".gitignore", IGNORE_ALL)
        write_atomically(self.root / name, text)

    def emails(self) -> dict[str, str]:
        """Return the addresses of record, by `slug/id`."""
        found = self._json(EMAILS) or {}
        for key, value in found.items():
            if not isinstance(value, str):
                raise self._wrong(EMAILS, key, "address (a string)")
        return found

    def keep_emails(self, addresses: dict[str, str]) -> None:
        """Record the address each comment (`slug/id`) came from."""
        emails = {**self.emails(), **addresses}
        self._write(EMAILS, json.dumps(emails, indent=1, sort_keys=True, ensure_ascii=False))

    def forget_emails(self, targets: list[str]) -> None:
        """Drop the addresses of deleted comments (`slug/id`)."""
        emails = self.emails()
        if any(target in emails for target in targets):
            kept = {key: value for key, value in emails.items() if key not in targets}
            self._write(EMAILS, json.dumps(kept, indent=1, sort_keys=True, ensure_ascii=False))

    def _json(self, name: str) -> dict[str, Any] | None:
        text = self._read(name)
        if not text.strip():
            return None
        try:
            found = json.loads(text)
        except ValueError as error:
            reason = f"not JSON ({error}): restore it from a backup"
            raise ProspectsError([Problem(str(self.root / name), None, reason)]) from None
        if not isinstance(found, dict):
            reason = "not a JSON object: restore it from a backup"
            raise ProspectsError([Problem(str(self.root / name), None, reason)])
        return found

    def notified(self) -> dict[str, set[str]] | None:
        """Return who was told of each comment (`slug/id`), or None before the first notify."""
        found = self._json(NOTIFIED)
        if found is None:
            return None
        for ref, addresses in found.items():  # a wrong entry read as "nobody told" would resend
            if not isinstance(addresses, list) or not all(isinstance(a, str) for a in addresses):
                raise self._wrong(NOTIFIED, ref, "list of addresses")
        return {ref: set(addresses) for ref, addresses in found.items()}

    def record_notified(self, pairs: list[tuple[str, str]]) -> None:
        """Record that each (comment `slug/id`, address) was sent, or need not be."""
        sent = self.notified() or {}
        for ref, address in pairs:
            sent.setdefault(ref, set()).add(address.lower())
        text = json.dumps({ref: sorted(a) for ref, a in sorted(sent.items())}, indent=1)
        self._write(NOTIFIED, text)

    def forget_address(self, address: str) -> list[str]:
        """Remove an address from the addresses of record and the sent log; return its comments."""
        wanted = address.strip().lower()
        emails = self.emails()
        refs = sorted(ref for ref, value in emails.items() if value.strip().lower() == wanted)
        if refs:
            self.forget_emails(refs)
        sent = self.notified()
        if sent is not None and any(wanted in addresses for addresses in sent.values()):
            kept = {ref: sorted(a - {wanted}) for ref, a in sorted(sent.items())}
            self._write(NOTIFIED, json.dumps(kept, indent=1))
        return refs

    def fetched(self) -> set[str]:
        """Return the ledger: the keys of every message already taken."""
        return {line.strip() for line in self._read(LEDGER).splitlines() if line.strip()}

    def remember(self, keys: list[str]) -> None:
        """Add message keys to the ledger."""
        known, taken = self._read(LEDGER), self.fetched()
        added = "".join(f"{key}\n" for key in keys if key not in taken)
        self._write(LEDGER, known + added)

    def begin(self, key: str, target: str, email: str) -> None:
        """Note that message `key` is about to become comment `target` (`slug/id`)."""
        entry = {"key": key, "target": target, "email": email}
        self._write(JOURNAL, json.dumps(entry))

    def finish(self, key: str, target: str, email: str) -> None:
        """Record that message `key` became comment `target`, sent from `email`."""
        if email:
            self.keep_emails({target: email})
        self.remember([key])
        (self.root / JOURNAL).unlink(missing_ok=True)

    def recover(self, written: Callable[[str], bool]) -> None:
        """Finish the import a killed fetch left, if its file was written; else forget it."""
        text = self._read(JOURNAL)
        try:
            entry = json.loads(text) if text.strip() else None
        except ValueError:
            entry = None
        if isinstance(entry, dict) and written(str(entry.get("target"))):
            self.finish(str(entry["key"]), str(entry["target"]), str(entry.get("email") or ""))
        (self.root / JOURNAL).unlink(missing_ok=True)
