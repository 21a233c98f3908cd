"""Turn a reader's message into a comment file with a fresh id, never overwriting one."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import cast

from bs4 import BeautifulSoup

from ..problems import Problem, ProspectsError
from .read import normalize_key, read_comment, split_header
from .scan import comment_files

# Header keys a reader may fill in; Date, Type and Status are the site owner's.
READER_KEYS = ("author", "website", "email", "replyto")
SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)


@dataclass(frozen=True)
class NewComment:
    """What a new comment file will say."""

    author: str
    text: str
    date: datetime
    website: str = ""
    email: str = ""
    replyto: str = ""
    pending: bool = False


def one_line(value: str) -> str:
    """Return a header value on one line."""
    return " ".join(value.split())


def compose(comment: NewComment) -> str:
    """Return the text of a comment file."""
    header = [f"Author: {one_line(comment.author)}", f"Date: {comment.date.isoformat()}"]
    for key, value in (
        ("Website", comment.website),
        ("Email", comment.email),
        ("Replyto", comment.replyto),
    ):
        if value.strip():
            header.append(f"{key}: {one_line(value)}")
    if comment.pending:
        header.append("Status: pending")
    return "\n".join(header) + "\n\n" + comment.text.strip() + "\n"


def message_text(message: EmailMessage) -> str:
    """Return a message's text: its plain part, or its HTML part as text; no signature."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        text = BeautifulSoup(text, "html.parser").get_text("\n")
    text = text.replace("\r\n", "\n")
    signature = SIGNATURE.search(text)
    return text[: signature.start()] if signature else text


def from_email(data: bytes, *, now: datetime, zone: tzinfo) -> NewComment:
    """Read an e-mail (.eml): its body may be a ready comment file, as the form writes it."""
    message = cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(data))
    sender = message["From"].addresses[0] if message["From"] else None
    date = message["Date"].datetime if message["Date"] else None
    text = message_text(message).strip("\n")
    lines = text.splitlines()
    header, start, _ = split_header(lines)
    fields = {normalize_key(key): value for _, key, value in header}
    if "author" not in fields:
        fields, start = {}, 0
    author = fields.get("author") or (sender.display_name or sender.username if sender else "")
    return NewComment(
        author=author,
        text="\n".join(lines[start:]),
        date=(date or now).astimezone(zone).replace(microsecond=0),
        website=fields.get("website", ""),
        email=fields.get("email") or (sender.addr_spec if sender else ""),
        replyto=fields.get("replyto", ""),
    )


def fresh_id(taken: set[str]) -> str:
    """Return the next number not used as an id in the article's folder."""
    numbers = [int(name) for name in taken if name.isdigit()]
    number = max(numbers, default=0) + 1
    while str(number) in taken:
        number += 1
    return str(number)


def add_comment(
    comments: Path, article: str, comment: NewComment, *, slugs: set[str], zone: tzinfo
) -> Path:
    """Write a new comment file; refuse an unknown article or parent, or bad values."""
    if article not in slugs:
        raise ProspectsError([Problem("--article", None, f"no article has the slug '{article}'")])
    folder = comments / article
    files, _ = comment_files(str(folder), str(comments), []) if folder.is_dir() else ([], [])
    taken = {file.id for file in files}
    if comment.replyto and comment.replyto not in taken:
        reason = f"no comment '{comment.replyto}' to reply to in {comments.name}/{article}"
        raise ProspectsError([Problem("--reply-to", None, reason)])
    if not comment.text.strip():
        raise ProspectsError([Problem("--text", None, "the comment has no text")])
    text = compose(comment)
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        comment_id = fresh_id(taken)
        path = folder / f"{comment_id}.md"
        reading = read_comment(
            text.encode("utf-8"),
            path=os.path.join(comments.name, article, path.name),
            article=article,
            comment_id=comment_id,
            zone=zone,
            fallback_date=comment.date,
        )
        if reading.problems:
            raise ProspectsError(reading.problems, "the new comment would be invalid")
        try:
            with path.open("x", encoding="utf-8") as stream:
                stream.write(text)
        except FileExistsError:
            taken.add(comment_id)
            continue
        return path


def with_reply(comment: NewComment, reply_to: str | None, pending: bool) -> NewComment:
    """Return `comment` replying to `reply_to` (if given), pending moderation if asked."""
    return replace(comment, replyto=reply_to or comment.replyto, pending=pending)
