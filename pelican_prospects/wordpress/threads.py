"""A post's WordPress comments as comment files: statuses mapped, broken threads repaired."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from ..comments import avatar
from ..comments.commentfile import CommentFields, compose_comment, one_line
from ..comments.read import is_web_address
from .convert import comment_markdown, plain
from .report import Output, Report, site_date
from .wxr import WPComment

STATUSES = {"1": "published", "0": "pending", "spam": "spam"}
TRASHED = {"trash", "post-trashed"}
KINDS = {"": "comment", "comment": "comment", "pingback": "pingback", "trackback": "trackback"}
USABLE_ID = re.compile(r"[A-Za-z0-9_-]+")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
ANONYMOUS = "Anonymous"


@dataclass
class Kept:
    """A comment that will be written, with what it becomes."""

    source: WPComment
    date: datetime
    kind: str
    status: str
    parent: str | None


def select(comments: list[WPComment], zone: tzinfo, seen: set[str], report: Report) -> list[Kept]:
    """Return the comments to write; count the others by reason."""
    kept = []
    for comment in comments:
        kind = KINDS.get(comment.type.lower())
        date = site_date(comment.date_gmt, comment.date, zone)
        if not USABLE_ID.fullmatch(comment.id):
            report.skipped["comments without a usable id"] += 1
        elif comment.id in seen:
            report.skipped["comments given twice in the export (same id)"] += 1
        elif kind is None:
            report.skipped[f"'{comment.type}' entries (not readers' comments)"] += 1
        elif comment.approved in TRASHED:
            report.skipped["comments in WordPress's trash"] += 1
        elif comment.approved not in STATUSES:
            report.skipped[f"comments with status '{comment.approved}'"] += 1
        elif date is None:
            report.skipped["comments without a date"] += 1
        else:
            seen.add(comment.id)
            parent = comment.parent if comment.parent not in ("", "0") else None
            kept.append(Kept(comment, date, kind, STATUSES[comment.approved], parent))
    return kept


def repair(kept: list[Kept], everything: list[WPComment], slug: str, report: Report) -> None:
    """Make top-level the replies whose parent is not written, and break reply cycles."""
    by_id = {comment.source.id: comment for comment in kept}
    trashed = {c.id for c in everything if c.approved in TRASHED}
    for comment in kept:
        where = f"comment {comment.source.id} on '{slug}'"
        if comment.parent is None:
            continue
        if comment.kind != "comment":
            report.notes.append(
                f"{where}: a {comment.kind} cannot reply to a comment: imported without its parent"
            )
            comment.parent = None
        elif comment.parent not in by_id:
            why = "in the trash" if comment.parent in trashed else "not in the export (deleted?)"
            report.notes.append(
                f"{where} replies to comment {comment.parent}, {why}: imported as a top-level "
                "comment"
            )
            comment.parent = None
    done: set[str] = set()
    for start in kept:
        path: list[Kept] = []
        on_path: set[str] = set()
        node: Kept | None = start
        while node is not None and node.source.id not in done and node.source.id not in on_path:
            path.append(node)
            on_path.add(node.source.id)
            node = by_id[node.parent] if node.parent is not None else None
        if node is not None and node.source.id in on_path:
            cycle = path[path.index(node) :]
            oldest = min(cycle, key=lambda comment: (comment.date, comment.source.id))
            names = " -> ".join(comment.source.id for comment in cycle)
            report.notes.append(
                f"comments {names} on '{slug}' reply to each other in a circle: comment "
                f"{oldest.source.id} imported as a top-level comment"
            )
            oldest.parent = None
        done.update(comment.source.id for comment in path)


def website(value: str, where: str, report: Report) -> str:
    """Return the author's web address if it is http(s), adding 'http://' as WordPress does."""
    value = value.strip()
    if value in ("", "http://", "https://"):
        return ""
    if not SCHEME.match(value):
        value = f"http://{value}"
    if is_web_address(value):
        return value
    report.notes.append(f"{where}: website {value!r} left out (not an http(s) address)")
    return ""


def comment_files(
    comments: list[WPComment],
    *,
    slug: str,
    folder: str,
    zone: tzinfo,
    seen: set[str],
    report: Report,
    author_ids: frozenset[str] = frozenset(),
) -> list[Output]:
    """Return one comment file per comment kept; count them by status.

    A comment written by one of the blog's authors (`author_ids`) is marked as the owner's.
    The author's address is never in the file: it goes with the output, for the private
    store, and the file keeps its `Avatar:` key, as `comment add --email` writes it.
    """
    kept = select(comments, zone, seen, report)
    repair(kept, comments, slug, report)
    outputs = []
    for comment in kept:
        source = comment.source
        # As an `Email:` line held it: the avatar and the address `move-emails` would keep.
        email = one_line(source.email)
        fields = CommentFields(
            author=plain(source.author) or ANONYMOUS,
            date=comment.date,
            replyto=comment.parent or "",
            website=website(source.url, f"comment {source.id} on '{slug}'", report),
            avatar=avatar.key_if_any(email),
            kind=comment.kind,
            status=comment.status,
            owner=source.user_id in author_ids,
        )
        text = compose_comment(fields, comment_markdown(source.content))
        path = f"{folder}/{slug}/{source.id}.md"
        outputs.append(Output(path, text, "comment", slug, email))
        report.comments[comment.status] += 1
        report.mentions += comment.kind != "comment"
    return outputs
