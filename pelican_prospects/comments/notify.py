"""`comment notify`: who hears of which published comment, and the e-mail that tells them.

A comment with `Notify: yes` subscribes its author (the address of record in the private store)
to its subtree: every published reply to it, or to a reply under it, is one notice, once. A
comment by the subscriber themself is no notice to them, nor is any comment to the owner (a
subscription on her own comment, or one at her own address, is ignored).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import quote

from ..problems import Problem, ProspectsError
from ..sources import Source
from .commentfile import one_line
from .review import Entry

UNSUBSCRIBE_SUBJECT = "unsubscribe [unsubscribe]"  # `[unsubscribe]` is what `fetch` recognises


@dataclass(frozen=True)
class Notice:
    """One e-mail to send: comment `entry` told to the subscriber of comment `parent`."""

    to: str
    entry: Entry
    parent: str  # SLUG/ID of the subscribed comment

    def line(self) -> str:
        """Return how a run lists this notice."""
        return f"{self.to} of {self.entry.ref} (under {self.parent})"


def notices(
    found: dict[str, Entry], emails: dict[str, str], owner_addresses: Iterable[str] = ()
) -> list[Notice]:
    """Return one notice per published comment and subscriber above it, oldest comment first."""
    owners = {address.strip().lower() for address in owner_addresses if address.strip()}
    addresses = {ref: address.strip().lower() for ref, address in emails.items()}
    published = [e for e in found.values() if e.comment.published and not e.comment.is_mention]
    result = []
    for entry in sorted(published, key=lambda e: (e.comment.date, e.ref)):
        writer = addresses.get(entry.ref, "")
        slug, told, seen = entry.comment.article, set(), {entry.comment.id}
        above = []  # the comments above this one, nearest first: all shown, or no notice
        parent_id = entry.comment.replyto
        while parent_id and parent_id not in seen:  # up the thread, a loop walked once
            seen.add(parent_id)
            parent = found.get(f"{slug}/{parent_id}")
            if parent is None:
                break
            above.append(parent)
            parent_id = parent.comment.replyto
        if any(not p.comment.published or p.comment.is_mention for p in above):
            continue  # the build does not show this comment (thread._visible): tell nobody yet
        for parent in above:
            to = addresses.get(parent.ref, "")
            if (
                parent.comment.notify
                and not parent.comment.owner
                and to
                and to not in owners | told | {writer}
            ):
                told.add(to)
                result.append(Notice(to, entry, parent.ref))
    return result


def unsent(all_notices: list[Notice], sent: dict[str, set[str]]) -> list[Notice]:
    """Return the notices the sent log does not hold."""
    return [n for n in all_notices if n.to not in sent.get(n.entry.ref, set())]


@dataclass(frozen=True)
class Letterhead:
    """What every notice of a site shares."""

    site_name: str
    site_url: str  # absolute
    sender: str  # PROSPECTS_SMTP's 'from'
    unsubscribe_to: str  # the mailbox `comment fetch` reads
    articles: dict[str, Source]
    gettext: Callable[[str], str]

    def link(self, entry: Entry) -> str:
        """Return the absolute address of a comment on its article's page."""
        source = self.articles[entry.comment.article]
        page = quote(source.url, safe="/%:@&=+$,;~!*'()")
        return f"{self.site_url.rstrip('/')}/{page}#comment-{quote(entry.comment.id)}"

    def unsubscribe(self) -> str:
        """Return the `List-Unsubscribe` mailto (RFC 2369)."""
        return f"mailto:{self.unsubscribe_to}?subject={quote(UNSUBSCRIBE_SUBJECT)}"


def compose(notice: Notice, head: Letterhead) -> EmailMessage:
    """Return the e-mail of one notice; raise if an address or a name would break its header."""
    _ = head.gettext
    source = head.articles.get(notice.entry.comment.article)
    if source is None or not source.url:
        reason = f"not sent: no address for the article {notice.entry.comment.article!r} to link to"
        raise ProspectsError([Problem(notice.entry.ref, None, reason)])
    title = one_line(source.title or notice.entry.comment.article)
    author = one_line(notice.entry.comment.author)
    message = EmailMessage()
    try:
        message["From"] = Address(one_line(head.site_name), addr_spec=head.sender)
        message["To"] = Address(addr_spec=notice.to)
    except (ValueError, IndexError, AttributeError, MessageError) as error:
        # What Python's address parser raises on a malformed one ('<>', 'a@[1.2.3.4')
        reason = f"not sent to {notice.to!r}: not one e-mail address ({error})"
        raise ProspectsError([Problem(notice.entry.ref, None, reason)]) from None
    message["Subject"] = _("New reply on “%(title)s”") % {"title": title}
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=head.sender.rpartition("@")[2])
    message["List-Unsubscribe"] = f"<{head.unsubscribe()}>"
    message["Auto-Submitted"] = "auto-generated"
    quoted = "\n".join(f"> {line}".rstrip() for line in notice.entry.text.splitlines())
    stop = _(
        "To stop these e-mails, write to %(address)s with the subject “%(subject)s”, "
        "or use your mail program's unsubscribe button."
    ) % {"address": head.unsubscribe_to, "subject": UNSUBSCRIBE_SUBJECT}
    body = [
        _("%(author)s replied under your comment on “%(title)s”:")
        % {"author": author, "title": title},
        "",
        quoted,
        "",
        _("Read it on the site: %(link)s") % {"link": head.link(notice.entry)},
        "",
        "-- ",
        _("You receive this e-mail because you asked to be told of replies to your comment."),
        stop,
    ]
    message.set_content("\n".join(body) + "\n")
    return message
