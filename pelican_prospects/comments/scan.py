"""Find comment files: `<comments folder>/<article-slug>/<id>.md`, subfolders included."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field

from ..problems import Problem

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")


@dataclass(frozen=True, slots=True)
class CommentFile:
    """One comment file: where it is, as messages show it, its id and its stamp."""

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


def skipped(name: str, ignore: list[str]) -> bool:
    """Tell whether a file or folder name is hidden or matches Pelican's IGNORE_FILES."""
    return name.startswith(".") or any(fnmatch.fnmatch(name, pattern) for pattern in ignore)


def article_folders(root: str, base: str, ignore: list[str]) -> Inventory:
    """Return the article folders of the comments folder `root` (paths shown relative to base)."""
    found = Inventory()
    if not os.path.isdir(root):
        return found
    with os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if skipped(entry.name, ignore):
                continue
            shown = os.path.relpath(entry.path, base)
            if entry.is_dir():
                found.paths[entry.name] = entry.path
                found.shown[entry.name] = shown
            else:
                reason = (
                    "comment file outside an article folder: move it to "
                    f"{os.path.relpath(root, base)}/<article-slug>/{entry.name}"
                )
                found.problems.append(Problem(shown, None, reason))
    return found


def comment_files(folder: str, base: str, ignore: list[str]) -> tuple[list[CommentFile], list[str]]:
    """Return the comment files of one article folder and its subfolders, sorted by path."""
    files = []
    warnings = []
    for current, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not skipped(d, ignore))
        shown_folder = os.path.relpath(current, base)
        for name in sorted(names):
            if skipped(name, ignore):
                continue
            path = os.path.join(current, name)
            shown = os.path.join(shown_folder, name)
            stem, extension = os.path.splitext(name)
            if extension.lower() not in MARKDOWN:
                warnings.append(f"{shown}: not a Markdown comment file (.md), ignored")
                continue
            try:
                stat = os.stat(path)
            except OSError:  # a broken link: reading it will report why
                files.append(CommentFile(path, shown, stem, 0, -1))
                continue
            files.append(CommentFile(path, shown, stem, stat.st_mtime_ns, stat.st_size))
    return files, warnings
