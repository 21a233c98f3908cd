"""Read the former version of a questionnaire page: the file at a git revision, or another file."""

from __future__ import annotations

import subprocess
from pathlib import Path


class NoFormer(Exception):
    """The former version cannot be read; the message says why."""


def at_revision(path: Path, revision: str) -> str:
    """Return the text of `path` at a git revision (`HEAD`, a branch, a tag, a commit)."""
    if revision.startswith("-"):
        raise NoFormer(f"'{revision}' is not a git revision")
    folder = path.resolve().parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        raise NoFormer(f"{path} is not in a git repository: compare with --old FILE")
    inside = path.resolve().relative_to(Path(top.strip()).resolve()).as_posix()
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}") is None:
        raise NoFormer(f"unknown git revision '{revision}'")
    text = _git(folder, "show", f"{revision}:{inside}")
    if text is None:
        raise NoFormer(f"{inside} does not exist at revision '{revision}'")
    return text


def from_file(path: Path) -> str:
    """Return the text of another file holding the former version."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise NoFormer(f"cannot read {path}: {error}") from error


def _git(folder: Path, *args: str) -> str | None:
    """Return what a git command prints, or None when it fails or git is missing."""
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except OSError:
        return None
    if done.returncode:
        return None
    return done.stdout.decode("utf-8-sig", errors="replace")
