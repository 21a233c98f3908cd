"""`comment review`: the moderation queue: list what is pending, publish, mark as spam, delete.

A comment is named `SLUG/ID` (an id is unique within its article only). Publishing a reply
whose parent is not published, or deleting a comment that has replies, is refused naming the
others, unless they are published (or deleted) in the same command.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from ..problems import Problem, ProspectsError
from . import edit
from .commentfile import written_status
from .model import Comment
from .read import read_comment
from .scan import article_folders, comment_files


@dataclass(frozen=True)
class Entry:
    """One comment file as the queue shows it."""

    ref: str  # SLUG/ID
    path: Path
    comment: Comment
    text: str

    def line(self) -> str:
        """Return the queue's line: reference, date, author, first line of the text."""
        first = next((line.strip() for line in self.text.splitlines() if line.strip()), "")
        first = first if len(first) <= 60 else first[:59] + "…"
        date = self.comment.date.strftime("%Y-%m-%d %H:%M")
        return f"{self.ref}  {date}  {self.comment.author}: {first}"


def entries(root: Path, zone: tzinfo, ignore: list[str]) -> dict[str, Entry]:
    """Return every readable comment under the comments folder, by `SLUG/ID`."""
    found: dict[str, Entry] = {}
    base = str(root.parent)
    for slug, folder in article_folders(str(root), base, ignore).paths.items():
        for file in comment_files(folder, base, ignore)[0]:
            data = Path(file.path).read_bytes()
            reading = read_comment(
                data,
                path=file.shown,
                article=slug,
                comment_id=file.id,
                zone=zone,
                fallback_date=datetime.fromtimestamp(0, zone),
            )
            if reading.comment is not None:
                ref = f"{slug}/{file.id}"
                found[ref] = Entry(ref, Path(file.path), reading.comment, reading.text)
    return found


def pending(found: dict[str, Entry]) -> list[Entry]:
    """Return the comments waiting for moderation, oldest first."""
    held = [entry for entry in found.values() if entry.comment.status == "pending"]
    return sorted(held, key=lambda entry: (entry.comment.date, entry.ref))


def replies_of(found: dict[str, Entry], ref: str) -> list[str]:
    """Return the references of the direct replies to `ref`."""
    slug, _, comment_id = ref.partition("/")
    return sorted(
        other.ref
        for other in found.values()
        if other.comment.article == slug and other.comment.replyto == comment_id
    )


def decide(
    found: dict[str, Entry], publish: list[str], spam: list[str], delete: list[str]
) -> list[Problem]:
    """Return why the decisions cannot be carried out (an empty list: they can)."""
    problems = []
    for ref in [*publish, *spam, *delete]:
        if ref not in found:
            reason = "no such comment (expected SLUG/ID, e.g. bonjour/3)"
            problems.append(Problem(ref, None, reason))
    if problems:
        return problems
    for ref in publish:
        comment = found[ref].comment
        parent = f"{comment.article}/{comment.replyto}"
        if comment.replyto and parent in found and parent not in publish:
            status = found[parent].comment.status
            if status != "published":
                reason = f"replies to {parent}, which is {status}: publish {parent} first (or too)"
                problems.append(Problem(ref, None, reason))
    for ref in delete:
        kept = [reply for reply in replies_of(found, ref) if reply not in delete]
        if kept:
            reason = f"has replies ({', '.join(kept)}): delete or keep them first"
            problems.append(Problem(ref, None, reason))
    return problems


def carry_out(
    found: dict[str, Entry], publish: list[str], spam: list[str], delete: list[str]
) -> list[str]:
    """Apply the decisions; return one line per change."""
    problems = decide(found, publish, spam, delete)
    if problems:
        raise ProspectsError(problems, "nothing changed")
    statuses = [
        (ref, status) for refs, status in ((publish, "published"), (spam, "spam")) for ref in refs
    ]
    changes = [
        edit.Change(found[ref].path, found[ref].comment.path, (("status", written_status(status)),))
        for ref, status in statuses
    ]
    edit.write(edit.prepare(changes))  # every file changed, or none (refused, named)
    done = [f"prospects: {ref}: {status}" for ref, status in statuses]
    for ref in delete:
        found[ref].path.unlink()
        done.append(f"prospects: {ref}: deleted")
    return done
