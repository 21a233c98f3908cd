"""Find comment files: `<comments folder>/<article-slug>/<id>.md`, subfolders included."""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from stat import S_ISREG
from typing import TYPE_CHECKING, NamedTuple

from ..problems import Problem
from ..sources import MARKDOWN_EXTENSIONS

if TYPE_CHECKING:
    from collections.abc import Callable

NAME = attrgetter("name")  # a folder entry's name: its sort key


class CommentFile(NamedTuple):
    """One comment file: where it is, as messages show it, its id and its stamp."""

    # A named tuple, not a frozen dataclass: a build makes one per file, and faster.
    path: str
    shown: str
    id: str
    mtime_ns: int
    size: int


@dataclass
class Inventory:
    """The article folders under the comments folder, and files that sit outside any."""

    paths: dict[str, str] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def readable(name: str) -> str:
    """Return a file name as messages can print it: bytes that are not UTF-8 shown as U+FFFD."""
    if name.isascii():
        return name
    # Python keeps such bytes of a name as lone surrogates, which no stream can write.
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def relative(path: str, base: str) -> str:
    """Return `path` relative to `base`, as `os.path.relpath` does, without its cost when `path`
    was made by joining names to `base` (a thousand folders: 15 ms)."""
    prefix = base.rstrip(os.sep) + os.sep
    if path.startswith(prefix):
        rest = path[len(prefix) :]
        # relpath drops what normalizing removes: '.', an empty name ('//'), a name before '..'
        if not {"", os.curdir, os.pardir} & set(rest.split(os.sep)):
            return rest
    return os.path.relpath(path, base)


def skipped(name: str, ignore: list[str]) -> bool:
    """Tell whether a file or folder name is hidden or matches Pelican's IGNORE_FILES."""
    return name.startswith(".") or ignored(tuple(ignore))(name) is not None


@lru_cache(maxsize=8)
def ignored(patterns: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """Return a matcher of the names IGNORE_FILES patterns match (one regex, made once)."""
    if not patterns:
        return lambda name: None
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns)).match


def article_folders(root: str, base: str, ignore: list[str]) -> Inventory:
    """Return the article folders of the comments folder `root` (paths shown relative to base)."""
    found = Inventory()
    if not os.path.isdir(root):
        return found
    with os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if skipped(entry.name, ignore):
                continue
            shown = readable(relative(entry.path, base))
            if entry.is_dir():
                found.paths[entry.name] = entry.path
                found.shown[entry.name] = shown
            else:
                reason = (
                    "comment file outside an article folder: move it to "
                    f"{os.path.relpath(root, base)}/<article-slug>/{readable(entry.name)}"
                )
                found.problems.append(Problem(shown, None, reason))
    return found


def comment_files(folder: str, base: str, ignore: list[str]) -> tuple[list[CommentFile], list[str]]:
    """Return the comment files of one article folder and its subfolders, sorted by path."""
    files: list[CommentFile] = []
    warnings: list[str] = []
    # Depth first, each folder's files before its subfolders', as `os.walk` (no symlinked folder).
    pending = [(folder, relative(folder, base))]
    hidden = ignored(tuple(ignore))
    while pending:
        current, shown_folder = pending.pop()
        try:
            with os.scandir(current) as scanned:
                entries = sorted(scanned, key=NAME)
        except OSError:  # gone or unreadable, as `os.walk` skips it
            continue
        subfolders = []
        prefix = shown_folder + os.sep
        for entry in entries:
            name = entry.name
            if name.startswith(".") or hidden(name) is not None:
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if not entry.is_symlink():
                    subfolders.append((entry.path, os.path.join(shown_folder, name)))
                continue
            shown = prefix + name
            dot = name.rfind(".")  # as `os.path.splitext`: the name does not start with a dot
            stem, extension = (name[:dot], name[dot:]) if dot > 0 else (name, "")
            if extension.lower() not in MARKDOWN_EXTENSIONS:
                warnings.append(f"{readable(shown)}: not a Markdown comment file (.md), ignored")
                continue
            try:
                stat = entry.stat()
            except OSError:  # a broken link: reading it will report why
                files.append(CommentFile(entry.path, shown, stem, 0, -1))
                continue
            if not S_ISREG(stat.st_mode):  # a pipe or a device would block or never end
                warnings.append(f"{readable(shown)}: not a regular file, ignored")
                continue
            files.append(CommentFile(entry.path, shown, stem, stat.st_mtime_ns, stat.st_size))
        pending += reversed(subfolders)
    return files, warnings
