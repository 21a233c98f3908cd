"""Comment files that still hold an `Email:` key: point them out, move the addresses away.

A comment folder in a public repository publishes every `Email:` in it. `check` names those
files; `comment move-emails` puts each address in the private store and leaves the file only
its avatar key (`Avatar:`, the same avatar).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import avatar, edit
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
    has_avatar: bool = False  # the file has an `Avatar:` key already


def with_emails(root: str, base: str, ignore: list[str]) -> list[Found]:
    """Return the comment files under `root` (shown relative to `base`) with an `Email:` key."""
    found = []
    for slug, folder in article_folders(root, base, ignore).paths.items():
        for file in comment_files(folder, base, ignore)[0]:
            try:
                text = edit.read_text(Path(file.path))
            except (OSError, UnicodeDecodeError):  # `check` reports those files already
                continue
            parsed = edit.as_built(text)  # as the build reads it: a byte order mark ignored
            line, email = parsed.values.get("email", (0, ""))
            if email:
                target = f"{slug}/{file.id}"
                has_avatar = "avatar" in parsed.values
                found.append(Found(target, Path(file.path), file.shown, line, email, has_avatar))
    return found


def warnings(root: str, base: str, ignore: list[str]) -> list[str]:
    """Return one warning per comment file holding an `Email:` key."""
    return [
        f"{item.shown}:{item.line}: Email: {ADVICE}" for item in with_emails(root, base, ignore)
    ]


def move(root: str, base: str, ignore: list[str], store: PrivateStore) -> list[str]:
    """Move every `Email:` value to the private store; return one line per file changed.

    Every file is changed, or none: a file that cannot be is named, and no address is moved.
    """
    found = with_emails(root, base, ignore)
    changes = [
        edit.Change(
            item.path,
            item.shown,
            (
                *(() if item.has_avatar else (("avatar", avatar.key_of(item.email)),)),
                ("email", ""),
            ),
        )
        for item in found
    ]
    prepared = edit.prepare(changes)
    store.keep_emails({item.target: item.email for item in found})
    edit.write(prepared)
    return [f"prospects: {item.shown}: address moved to the private store" for item in found]
