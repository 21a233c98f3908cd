"""Write a new comment file (from the owner's shell or a reader's e-mail) with a fresh id."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from pathlib import Path

from ..problems import Problem, ProspectsError
from . import avatar
from .commentfile import CommentFields, compose_comment
from .private import write_whole
from .read import read_comment
from .scan import comment_files


@dataclass(frozen=True)
class NewComment:
    """What a new comment file will say."""

    author: str
    text: str
    date: datetime
    website: str = ""
    email: str = ""  # kept in the private store; the file keeps only its avatar key
    replyto: str = ""
    pending: bool = False
    owner: bool = False
    notify: bool = False  # the author hears of replies (the address: the private store)
    notify_refused: str = ""  # why the subscription the message asked for was refused


def compose(comment: NewComment) -> str:
    """Return the text of the new comment's file."""
    fields = CommentFields(
        author=comment.author,
        date=comment.date,
        replyto=comment.replyto,
        website=comment.website,
        avatar=avatar.key_if_any(comment.email),
        status="pending" if comment.pending else "published",
        owner=comment.owner,
        notify=comment.notify and bool(comment.email.strip()),
    )
    return compose_comment(fields, comment.text)


def fresh_id(taken: set[str]) -> str:
    """Return the next number not used as an id in the article's folder."""
    numbers = [int(name) for name in taken if name.isdigit()]
    number = max(numbers, default=0) + 1
    while str(number) in taken:
        number += 1
    return str(number)


def add_comment(
    comments: Path,
    article: str,
    comment: NewComment,
    *,
    slugs: set[str],
    zone: tzinfo,
    reserve: Callable[[str], None] | None = None,
) -> Path:
    """Write a new comment file; refuse an unknown article or parent, or bad values.

    The file appears whole or not at all; `reserve` hears the id just before it appears.
    """
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
        if reserve is not None:
            reserve(comment_id)
        try:
            create_whole(path, text)
        except FileExistsError:
            taken.add(comment_id)
            continue
        return path


def create_whole(path: Path, text: str) -> None:
    """Create `path` holding `text`, never half-written, never over an existing file."""
    write_whole(path, text, replace=False)


def with_reply(comment: NewComment, reply_to: str | None, pending: bool) -> NewComment:
    """Return `comment` replying to `reply_to` (if given), pending moderation if asked."""
    return replace(comment, replyto=reply_to or comment.replyto, pending=comment.pending or pending)
