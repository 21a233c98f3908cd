"""What one comment file holds once read, and its place in a thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

KINDS = ("comment", "pingback", "trackback")
STATUSES = ("published", "pending", "spam")


@dataclass(slots=True, eq=False)
class Comment:
    """One reader's comment, pingback or trackback on one article."""

    id: str
    article: str
    path: str
    author: str
    date: datetime
    content: str = ""
    replyto: str | None = None
    website: str | None = None
    email: str | None = None
    avatar_key: str | None = None  # `Avatar:`, the hash of an address kept private
    kind: str = "comment"
    status: str = "published"
    avatar: str = ""
    owner: bool = False
    notify: bool = False  # `Notify: yes`: the author hears of replies (see notify.py)
    replyto_line: int | None = None
    replies: list[Comment] = field(default_factory=list)
    # `content` in UTF-8, set with it: the thread markup and the feed entries join bytes. None
    # until rendered: joining it then fails loudly instead of printing an empty comment.
    content_utf8: bytes | None = None

    @property
    def published(self) -> bool:
        """Tell whether readers may see this comment."""
        return self.status == "published"

    @property
    def is_mention(self) -> bool:
        """Tell whether this is a pingback or trackback rather than a comment."""
        return self.kind != "comment"

    def sort_key(self) -> tuple[datetime, str]:
        """Order comments oldest first, ties broken by id."""
        return (self.date, self.id)
