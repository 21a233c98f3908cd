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


def thread_markup(roots: list[Comment], labels: Labels) -> str:
    """Return what `prospects/thread.html` renders for `roots` (nested replies included)."""
    parts: list[str] = []
    mailto = subject = ""
    for comment, opens, depth in steps(roots):
        if not opens:
            parts.append("  </div>\n</article>\n" if comment.replies else "</article>\n")
            continue
        name = escape(comment.author) if comment.author else labels.anonymous
        cid = escape(comment.id)
        kind = "p-mention" if comment.is_mention and not depth else "p-comment"
        owner = " by-owner" if comment.owner else ""
        if comment.website:
            who = f'<a class="p-name u-url" href="{escape(comment.website)}" rel="nofollow ugc">'
            who += f"{name}</a></span>\n"
        else:
            who = f'<span class="p-name">{name}</span></span>\n'
        badge = f'    <span class="owner-badge">{labels.owner}</span>\n' if comment.owner else ""
        date = comment.date
        parts.append(
            f'<article class="{kind} h-cite comment{owner}" id="comment-{cid}">\n'
            '  <footer class="comment-meta">\n'
            '    <span class="p-author h-card"><img class="u-photo avatar" '
            f'src="{comment.avatar}" alt="" width="48" height="48">\n'
            f"    {who}{badge}"
            f'    <a class="u-url" href="#comment-{cid}"><time class="dt-published" '
            f'datetime="{dates.isodate(date)}">{dates.format_datetime(date, labels.lang)}'
            "</time></a>\n  </footer>\n"
            f'  <div class="e-content">{comment.content}</div>\n'
        )
        if labels.contact_email and not comment.is_mention:
            if not mailto:  # once per thread: every comment of a thread has the same article
                mailto = f"mailto:{escape(labels.contact_email)}?subject="
                subject = quote(f"{labels.reply_subject} [comment:{comment.article}#", safe="/")
            quoted = urlencode(comment.id)
            parts.append(
                f'  <p class="comment-actions"><a class="comment-reply" href="{mailto}{subject}'
                f"{quoted}%5D&amp;body=Author%3A%20%0D%0AReplyto%3A%20"
                f'{quoted}%0D%0A%0D%0A" data-reply-to="{cid}" '
                f'data-reply-name="{name}">{labels.reply}</a></p>\n'
            )
        if comment.replies:
            parts.append('  <div class="replies">\n')
    return "".join(parts)


def probe_thread() -> list[Comment]:
    """Return a thread that takes every branch of the template, with text that needs escaping."""
    date = datetime(2024, 2, 29, 23, 5, 7, 12, tzinfo=timezone(timedelta(hours=-3, minutes=-30)))

    def comment(cid: str, author: str, **fields: object) -> Comment:
        return Comment(cid, "l'article é&<>", f"{cid}.md", author, date, **fields)  # type: ignore[arg-type]

    nested = comment("3 é%/+", "", content="<p>3</p>", owner=True)
    reply = comment("2", "Ann <&\"'>", replies=[nested, comment("4", "A", kind="pingback")])
    return [
        comment(
            "1 &\"'<", "Bob", website='https://b.example/?a=1&b="2"', replies=[reply], avatar="x"
        ),
        comment("5", "Cy", kind="trackback", website="http://c.example/"),
        comment("6", "Dee", owner=True, content="<em>6</em>"),
    ]
