"""`comment erase`: a reader's right to erasure: their comments anonymised, their address forgotten.

Each comment written from the address keeps its place (id, date, reply links: the replies under
it stay attached) and loses its author's traces: the name becomes the site's word for
"Anonymous", the website, address, avatar and subscription go, and the text too if asked.
"""

from __future__ import annotations

from collections.abc import Callable

from . import edit
from .review import Entry

# The keys that tell who wrote a comment, removed; `Author:` is replaced.
TRACES = ("website", "email", "avatar", "notify")


def written_from(found: dict[str, Entry], emails: dict[str, str], address: str) -> list[Entry]:
    """Return the comments written from `address` (of record, or in an old `Email:` key)."""
    wanted = address.strip().lower()
    if not wanted:  # comments without an address of record are written from no address
        return []
    refs = {ref for ref, value in emails.items() if value.strip().lower() == wanted}
    chosen = [
        entry
        for ref, entry in found.items()
        if ref in refs or (entry.comment.email or "").strip().lower() == wanted
    ]
    return sorted(chosen, key=lambda entry: (entry.comment.date, entry.ref))


def anonymising(entry: Entry, anonymous: str, removed: str | None = None) -> edit.Change:
    """Return the change that takes a comment's author's traces away (and text, if `removed`)."""
    keys = (*((name, "") for name in TRACES), ("author", anonymous))
    return edit.Change(entry.path, entry.comment.path, keys, removed)


def erase(entries: list[Entry], gettext: Callable[[str], str], remove_text: bool) -> list[str]:
    """Anonymise each comment file (all, or none: refused, naming why); one line per comment."""
    _ = gettext
    anonymous = _("Anonymous")
    removed = _("This comment was removed at its author's request.") if remove_text else None
    edit.write(edit.prepare([anonymising(entry, anonymous, removed) for entry in entries]))
    return [f"prospects: {entry.ref}: anonymised" for entry in entries]
