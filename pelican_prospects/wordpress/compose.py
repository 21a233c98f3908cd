"""The text of an article or page file (Pelican's metadata): `Key: value` lines, then Markdown.

Comment files are another format, written by `comments/commentfile.py`.
"""

from __future__ import annotations

from datetime import datetime

from ..comments.commentfile import one_line
from .convert import html_text


def html_value(value: str) -> str:
    """Return a value that Pelican shows as HTML (titles, names): `<tag` and `&x;` kept literal."""
    return html_text(one_line(value))


def stamp(date: datetime) -> str:
    """Return an aware date as '2011-02-08 07:12:00+01:00': local time and its offset."""
    return date.replace(microsecond=0).isoformat(sep=" ")


def document(header: list[tuple[str, str]], body: str) -> str:
    """Return the file text; keys with an empty value are left out."""
    lines = [f"{key}: {value}" for key, value in header if value]
    text = body.strip("\n")
    return "\n".join(lines) + "\n\n" + (text + "\n" if text else "")
