"""Change comment files in place: `review`, `erase`, `move-emails` and ending subscriptions.

Each file is read as written (UTF-8, its byte order mark and its line ends kept), changed by
commentfile.py's `with_key` and `with_text` (which split it into lines and header as the build
does), then read back as the build reads it. A change that cannot be made (no header, not
UTF-8, unreadable) or would not read back as asked is refused, naming the file and why, and no
file is written: no command reports a change it did not make. (A status is read back as the
build decides it: a bad header value or an over-long text holds a comment as pending.)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..problems import Problem, ProspectsError
from .commentfile import KEYS, NoHeader, Parsed, one_line, parse_comment, split_lines, with_key
from .commentfile import with_text as with_body
from .read import NOT_XML, read_comment

REFUSED = "nothing changed"


@dataclass(frozen=True)
class Change:
    """What to change in one comment file."""

    path: Path
    shown: str  # the file as problems name it
    # (normalized key, value) in order: the key set to the value ('' removes it).
    keys: tuple[tuple[str, str], ...] = ()
    text: str | None = None  # the new Markdown text, if it is replaced


class CannotChange(Exception):
    """A change that cannot be made to a file; the message says why."""


def read_text(path: Path) -> str:
    """Return a comment file's text as written: its byte order mark and line ends kept."""
    return path.read_bytes().decode("utf-8")


def as_built(text: str) -> Parsed:
    """Return a comment file's text split as the build splits it (see read.read_comment)."""
    return parse_comment(NOT_XML.sub("", text))  # parse_comment drops the byte order mark


def changed(change: Change) -> str:
    """Return the file's text with the change made; raise CannotChange if it cannot be."""
    try:
        text = read_text(change.path)
    except OSError as error:
        raise CannotChange(f"cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        reason = f"not UTF-8 text (byte 0x{error.object[error.start]:02x}); save it as UTF-8"
        raise CannotChange(reason) from None
    try:
        for name, value in change.keys:
            text = with_key(text, name, value)
        if change.text is not None:
            text = with_body(text, change.text)
    except NoHeader as error:
        raise CannotChange(str(error)) from None
    parsed = as_built(text)
    for name, value in change.keys:
        if parsed.values.get(name, (0, ""))[1] != one_line(value):
            wanted = f"{KEYS[name]}: {one_line(value)}" if one_line(value) else f"no {KEYS[name]}"
            raise CannotChange(f"the header would not read back with {wanted!r}; fix it by hand")
    wanted_status = dict(change.keys).get("status")
    if wanted_status is not None:
        wanted_status = wanted_status or "published"
        reading = read_comment(
            text.encode("utf-8"),
            path=change.shown,
            article="",
            comment_id="",
            zone=UTC,
            fallback_date=datetime.fromtimestamp(0, UTC),
        )
        status = reading.comment.status if reading.comment is not None else ""
        if status != wanted_status:
            why = "; ".join(problem.reason for problem in reading.problems) or "unknown reason"
            raise CannotChange(f"the build would still read it as {status}: {why}")
    if change.text is not None and parsed.text != "\n".join(split_lines(change.text)).strip("\n"):
        raise CannotChange("the text would not read back as replaced; fix the header by hand")
    return text


def prepare(changes: list[Change]) -> list[tuple[Path, str]]:
    """Return each file with its new text; raise naming every file that cannot be changed."""
    prepared, problems = [], []
    for change in changes:
        try:
            prepared.append((change.path, changed(change)))
        except CannotChange as error:
            problems.append(Problem(change.shown, None, f"cannot be changed: {error}"))
    if problems:
        raise ProspectsError(problems, REFUSED)
    return prepared


def write(prepared: list[tuple[Path, str]]) -> None:
    """Write what `prepare` returned."""
    for path, text in prepared:
        replace_text(path, text)


def replace_text(path: Path, text: str) -> None:
    """Replace a comment file whole (never half-written), its line ends as they are in `text`."""
    temporary = path.with_name(f".{path.name}.editing")
    temporary.write_bytes(text.encode("utf-8"))
    os.replace(temporary, path)
