"""Ending subscriptions: an unsubscribe message ends every subscription of its sender's address.

The message is the one the `List-Unsubscribe` of our notifications writes (`[unsubscribe]` in its
subject, see notify.py). Its sender is the address; a server that does not vouch for the sender
(authresults.py) leaves the subscriptions alone, so a forged sender cannot end a stranger's.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from pathlib import Path

from ..problems import Problem, ProspectsError
from . import authresults, edit
from .mail import HEADER_END, MALFORMED, REFUSED, parse, sender
from .private import PrivateStore
from .review import entries

MARKER = re.compile(r"\[unsubscribe\]", re.IGNORECASE)


def unsubscriber(data: bytes, label: str, authserv_id: str = "") -> str:
    """Return the address an unsubscribe message speaks for; raise why it is refused."""
    end = HEADER_END.search(data)  # its header says all: a body of any size is never read
    message = parse(data[: end.end()] if end else data, label)
    try:
        address, problems = sender(message, data, label)
    except MALFORMED as error:
        problems, address = [Problem(label, None, f"unreadable message ({error})")], None
    if problems or address is None:
        raise ProspectsError(problems, REFUSED)
    verdict = authresults.verdict(message, address.addr_spec, authserv_id)
    if not verdict.passed:
        reason = f"unsubscribe request not taken: {verdict.reason}"
        raise ProspectsError([Problem(label, None, reason)], REFUSED)
    return address.addr_spec


def end_subscriptions(
    root: Path, zone: tzinfo, ignore: list[str], store: PrivateStore, address: str
) -> list[str]:
    """Remove `Notify: yes` from every comment written from `address`; return their SLUG/IDs."""
    wanted = address.strip().lower()
    refs = {ref for ref, value in store.emails().items() if value.strip().lower() == wanted}
    found = entries(root, zone, ignore) if refs else {}
    ended = [ref for ref in sorted(refs) if ref in found and found[ref].comment.notify]
    changes = [
        edit.Change(found[ref].path, found[ref].comment.path, (("notify", ""),)) for ref in ended
    ]
    edit.write(edit.prepare(changes))  # every subscription ended, or none (refused, named)
    return ended
