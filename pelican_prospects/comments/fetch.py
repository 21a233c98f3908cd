"""`comment fetch`: turn the comment messages of a mailbox into comment files, once each.

A message is a comment when its subject carries the marker our pages write, `[comment:SLUG]`
(`[comment:SLUG#ID]` for a reply); everything else (offer requests with `[offer:SLUG]`, any
other mail) is left alone and counted. A comment message is read as `comment add --from-email`
reads one (mail.py: its refusals, the owner's-name rule), written pending unless asked
otherwise, and its key added to the ledger of the private store, so it is never taken twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from email.message import Message
from email.parser import BytesHeaderParser
from pathlib import Path

from ..problems import Problem, ProspectsError
from .intake import add_comment
from .mail import HEADER_END, MALFORMED, bounded_policy, from_email
from .mailboxes import Incoming, Source
from .private import PrivateStore, message_key
from .subscriptions import MARKER as UNSUBSCRIBE
from .subscriptions import end_subscriptions, unsubscriber

MARKER = re.compile(r"\[comment:([^\]\s#]+)(?:#([^\]\s]+))?\]")


@dataclass(frozen=True)
class Site:
    """What fetching needs to know of the site."""

    comments: Path
    articles: dict[str, datetime | None]  # date of each article, by slug
    owners: frozenset[str]
    zone: tzinfo
    now: datetime
    publish: bool = False
    authserv_id: str = ""  # PROSPECTS_AUTHSERV_ID: whose Authentication-Results to trust
    ignore: tuple[str, ...] = ()  # IGNORE_FILES


@dataclass
class Summary:
    """What a fetch did with each message."""

    imported: list[Path] = field(default_factory=list)
    held: int = 0
    already: int = 0
    others: int = 0
    refused: list[Problem] = field(default_factory=list)
    # Comments imported without the subscription they asked for: the sender was not vouched for.
    unverified: list[Problem] = field(default_factory=list)
    # Unsubscribe requests taken: the address, and the comments whose subscription ended.
    unsubscribed: list[tuple[str, list[str]]] = field(default_factory=list)

    def line(self) -> str:
        """Return the closing line of a fetch."""
        held = f" ({self.held} held: signed with your name)" if self.held else ""
        unverified = (
            f"; {len(self.unverified)} not subscribed to replies: sender not vouched for"
            if self.unverified
            else ""
        )
        ended = sum(len(refs) for _, refs in self.unsubscribed)
        unsubscribed = (
            f"; {len(self.unsubscribed)} unsubscribed ({ended} subscription(s) ended)"
            if self.unsubscribed
            else ""
        )
        return (
            f"prospects: {len(self.imported)} imported{held}, {self.already} already there, "
            f"{self.others} not comments, {len(self.refused)} refused{unverified}{unsubscribed}"
        )


@dataclass(frozen=True)
class Header:
    """What the header of a message tells before it is read: its marker and its id."""

    slug: str | None
    parent: str
    message_id: str
    unsubscribe: bool = False  # `[unsubscribe]`: a reader stops the notifications


def header_of(data: bytes) -> Header:
    """Return a message's comment marker (none if it has none) and its Message-ID."""
    end = HEADER_END.search(data)
    try:
        header = BytesHeaderParser(policy=bounded_policy()).parsebytes(
            data[: end.end()] if end else data
        )
    except MALFORMED:
        return Header(None, "", "")
    subject = _field(header, "Subject")
    # Unreadable (too long, nested too deep), the Message-ID gives way to the message's bytes.
    message_id = _field(header, "Message-ID")
    found = MARKER.search(" ".join(subject.split()))
    if found is None:
        return Header(None, "", message_id, UNSUBSCRIBE.search(subject) is not None)
    return Header(found.group(1), found.group(2) or "", message_id)


def _field(header: Message, name: str) -> str:
    """Return a header field's value, or '' if it is absent or cannot be read."""
    try:
        return str(header.get(name) or "")
    except MALFORMED:
        return ""


def take(
    incoming: Incoming, header: Header, site: Site, store: PrivateStore
) -> tuple[Path, bool, str]:
    """Write one comment message as a comment file; tell if held, and why not subscribed.

    Raise why the message is refused.
    """
    label = incoming.label
    slug = header.slug or ""
    if slug not in site.articles:
        raise ProspectsError([Problem(label, None, f"no article has the slug {slug!r}")])
    comment = from_email(
        incoming.data,
        path=label,
        now=site.now,
        zone=site.zone,
        published=site.articles[slug],
        owners=site.owners,
        authserv_id=site.authserv_id,
    )
    held = comment.pending
    comment = replace(
        comment,
        replyto=comment.replyto or header.parent,
        pending=comment.pending or not site.publish,
    )
    key = message_key(header.message_id, incoming.data)
    try:
        path = add_comment(
            site.comments,
            slug,
            comment,
            slugs=set(site.articles),
            zone=site.zone,
            reserve=lambda number: store.begin(key, f"{slug}/{number}", comment.email),
        )
    except ProspectsError as error:  # unknown parent, no text: name the message, not an option
        raise ProspectsError([Problem(label, None, p.reason) for p in error.problems]) from None
    store.finish(key, f"{slug}/{path.stem}", comment.email)
    return path, held, comment.notify_refused


def unsubscribe(incoming: Incoming, site: Site, store: PrivateStore) -> tuple[str, list[str]]:
    """End every subscription of an unsubscribe message's sender; return it and their comments."""
    address = unsubscriber(incoming.data, incoming.label, site.authserv_id)
    ended = end_subscriptions(site.comments, site.zone, list(site.ignore), store, address)
    return address, ended


def fetch(
    source: Source, site: Site, store: PrivateStore, advance: Callable[[], None] = lambda: None
) -> Summary:
    """Import every comment message of `source` not imported before; count the others."""
    store.recover(lambda target: (site.comments / f"{target}.md").exists())
    fetched = store.fetched()
    summary = Summary()
    for incoming in source.messages():
        header = header_of(incoming.data)
        key = message_key(header.message_id, incoming.data)
        if header.slug is None and not header.unsubscribe:
            summary.others += 1
        elif key in fetched:
            summary.already += 1
        elif header.unsubscribe:
            try:
                summary.unsubscribed.append(unsubscribe(incoming, site, store))
            except ProspectsError as error:
                summary.refused += error.problems
            else:
                store.remember([key])
                fetched.add(key)
                source.done(incoming)
        else:
            try:
                path, held, unverified = take(incoming, header, site, store)
            except ProspectsError as error:
                summary.refused += error.problems
            else:
                if unverified:
                    reason = f"not subscribed to replies: {unverified}"
                    summary.unverified.append(Problem(incoming.label, None, reason))
                summary.imported.append(path)
                summary.held += held
                fetched.add(message_key(header.message_id, incoming.data))
                source.done(incoming)
        advance()
    return summary
