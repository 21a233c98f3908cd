"""Comment files that still hold an `Email:` key: point them out, move the addresses away.

A comment folder in a public repository publishes every `Email:` in it. `check` names those
files; `comment move-emails` puts each address in the private store and leaves the file only
its avatar key (`Avatar:`, the same avatar).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from . import avatar
from .commentfile import parse_comment, with_key
from .private import PrivateStore
from .scan import article_folders, comment_files

ADVICE = (
    "an e-mail address in the site's files is published with them: run "
    "`pelican-prospects comment move-emails` to keep it in the private store"
)


@dataclass(frozen=True)
class Found:
    """One comment file with an `Email:` key."""

    target: str  # slug/id
    path: Path
    shown: str
    line: int
    email: str


def with_emails(root: str, base: str, ignore: list[str]) -> list[Found]:
    """Return the comment files under `root` (shown relative to `base`) with an `Email:` key."""
    found = []
    for slug, folder in article_folders(root, base, ignore).paths.items():
        for file in comment_files(folder, base, ignore)[0]:
            try:
                text = Path(file.path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):  # `check` reports those files already
                continue
            line, email = parse_comment(text).values.get("email", (0, ""))
            if email:
                found.append(Found(f"{slug}/{file.id}", Path(file.path), file.shown, line, email))
    return found


def warnings(root: str, base: str, ignore: list[str]) -> list[str]:
    """Return one warning per comment file holding an `Email:` key."""
    return [
        f"{item.shown}:{item.line}: Email: {ADVICE}" for item in with_emails(root, base, ignore)
    ]


def move(root: str, base: str, ignore: list[str], store: PrivateStore) -> list[str]:
    """Move every `Email:` value to the private store; return one line per file changed."""
    found = with_emails(root, base, ignore)
    store.keep_emails({item.target: item.email for item in found})
    done = []
    for item in found:
        text = item.path.read_text(encoding="utf-8")
        parsed = parse_comment(text)
        if "avatar" not in parsed.values:
            text = with_key(text, "avatar", avatar.key_of(item.email))
        temporary = item.path.with_name(f".{item.path.name}.moving")
        temporary.write_text(with_key(text, "email", ""), encoding="utf-8")
        os.replace(temporary, item.path)
        done.append(f"prospects: {item.shown}: address moved to the private store")
    return done
