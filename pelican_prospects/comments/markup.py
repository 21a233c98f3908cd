"""The packaged `prospects/thread.html` written in Python: the same bytes, without Jinja's cost.

A thread is most of what the comments cost to render (twenty comments a folder, each a dozen
template expressions). Tools uses this only when the environment would render the packaged template
unchanged and a probe thread comes out byte for byte the same; a theme's own `thread.html` (or
any Jinja setting that changes its output) is rendered by Jinja as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from .. import dates
from .model import Comment
from .thread import steps

# What `quote(text, safe="/")`, as Jinja's `urlencode`, leaves as it is: most comment ids.
UNQUOTED = re.compile(r"[A-Za-z0-9_.~/-]*")


@dataclass(frozen=True)
class Labels:
    """The template's words in the site's language, and what its actions point to."""

    anonymous: str
    owner: str
    reply: str
    reply_subject: str  # "Reply to a comment", before " [comment:SLUG#ID]"
    contact_email: str  # empty: no reply links
    lang: str


def escape(text: str) -> str:
    """Return `text` as Jinja's `|e` writes it (markupsafe's escape, without making Markup)."""
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def urlencode(text: str) -> str:
    """Return `text` as Jinja's `urlencode` writes it; `quote` only if a character needs it."""
    return text if UNQUOTED.fullmatch(text) else quote(text, safe="/")


# One comment's opening, in UTF-8: its kind, owner class, id (twice), avatar, name with its link,
# badge, dates and content. The content is joined as the renderer's bytes, never encoded again.
OPENING = (
    b'<article class="%s h-cite comment%s" id="comment-%s">\n'
    b'  <footer class="comment-meta">\n'
    b'    <span class="p-author h-card"><img class="u-photo avatar" '
    b'src="%s" alt="" width="48" height="48">\n'
    b"    %s%s"
    b'    <a class="u-url" href="#comment-%s"><time class="dt-published" '
    b'datetime="%s">%s</time></a>\n  </footer>\n'
    b'  <div class="e-content">%s</div>\n'
)
LINKED_NAME = b'<a class="p-name u-url" href="%s" rel="nofollow ugc">%s</a></span>\n'
NAME = b'<span class="p-name">%s</span></span>\n'
# The reply link: mailto and subject, the id (twice, percent-encoded), the id and name, the label.
REPLY = (
    b'  <p class="comment-actions"><a class="comment-reply" href="%s'
    b"%s%%5D&amp;body=Author%%3A%%20%%0D%%0AReplyto%%3A%%20"
    b'%s%%0D%%0A%%0D%%0A" data-reply-to="%s" '
    b'data-reply-name="%s">%s</a></p>\n'
)


def thread_markup(roots: list[Comment], labels: Labels) -> bytes:
    """Return, in UTF-8, what `prospects/thread.html` renders for `roots` (replies included)."""
    parts: list[bytes] = []
    anonymous, reply = labels.anonymous.encode(), labels.reply.encode()
    badge = f'    <span class="owner-badge">{labels.owner}</span>\n'.encode()
    mailto = b""  # with the subject up to the id, once per thread: one article for all
    for comment, opens, depth in steps(roots):
        if not opens:
            parts.append(b"  </div>\n</article>\n" if comment.replies else b"</article>\n")
            continue
        name = escape(comment.author).encode() if comment.author else anonymous
        cid = escape(comment.id).encode()
        date = comment.date
        parts.append(
            OPENING
            % (
                b"p-mention" if comment.is_mention and not depth else b"p-comment",
                b" by-owner" if comment.owner else b"",
                cid,
                comment.avatar.encode(),
                LINKED_NAME % (escape(comment.website).encode(), name)
                if comment.website
                else NAME % name,
                badge if comment.owner else b"",
                cid,
                dates.isodate(date).encode(),
                dates.format_datetime(date, labels.lang).encode(),
                comment.content_utf8,
            )
        )
        if labels.contact_email and not comment.is_mention:
            if not mailto:
                subject = quote(f"{labels.reply_subject} [comment:{comment.article}#", safe="/")
                mailto = f"mailto:{escape(labels.contact_email)}?subject={subject}".encode()
            quoted = urlencode(comment.id).encode()
            parts.append(REPLY % (mailto, quoted, quoted, cid, name, reply))
        if comment.replies:
            parts.append(b'  <div class="replies">\n')
    return b"".join(parts)


def probe_thread() -> list[Comment]:
    """Return a thread that takes every branch of the template, with text that needs escaping."""
    date = datetime(2024, 2, 29, 23, 5, 7, 12, tzinfo=timezone(timedelta(hours=-3, minutes=-30)))

    def comment(cid: str, author: str, **fields: object) -> Comment:
        made = Comment(cid, "l'article é&<>", f"{cid}.md", author, date, **fields)  # type: ignore[arg-type]
        made.content_utf8 = made.content.encode()
        return made

    nested = comment("3 é%/+", "", content="<p>3</p>", owner=True)
    reply = comment("2", "Ann <&\"'>", replies=[nested, comment("4", "A", kind="pingback")])
    return [
        comment(
            "1 &\"'<", "Bob", website='https://b.example/?a=1&b="2"', replies=[reply], avatar="x"
        ),
        comment("5", "Cy", kind="trackback", website="http://c.example/"),
        comment("6", "Dee", owner=True, content="<em>6</em>"),
    ]
