"""What each article folder's comments became, kept on disk between builds and processes."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Any

from .jobs import FolderResult
from .read import Reading


@dataclass(slots=True)
class FileRecord:
    """One file as last read: its stamp, its content hash and what reading it gave."""

    mtime_ns: int
    size: int
    digest: str
    reading: Reading


@dataclass
class FolderRecord:
    """The files of one article folder as last read (and maybe rendered), by path."""

    key: str = ""
    files: dict[str, FileRecord] = field(default_factory=dict)


@dataclass
class FolderIndex:
    """The small part of a folder's record: stamps, what the build needs, whether rendered."""

    key: str
    stamps: list[tuple[str, int, int]]
    result: FolderResult
    rendered: bool = False


class Store:
    """A folder of pickles, one set per article folder: index, record, thread HTML."""

    PARTS = ("index", "records", "threads")

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def create(self, *, keep: bool) -> None:
        """Make the store's folders before workers use them; empty them unless `keep`."""
        if not keep:
            shutil.rmtree(self.folder, ignore_errors=True)
        for part in self.PARTS:
            os.makedirs(os.path.join(self.folder, part), exist_ok=True)

    def _path(self, part: str, slug: str) -> str:
        return os.path.join(self.folder, part, f"{slug}.pickle")

    def _read(self, path: str, kind: type) -> Any:
        """Return the object pickled at `path` if it is a `kind`, else None."""
        try:
            with open(path, "rb") as stream:
                found = pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            return None
        return found if isinstance(found, kind) else None

    def _write(self, path: str, value: Any) -> None:
        """Write atomically: another process never reads half a file."""
        with tempfile.NamedTemporaryFile("wb", dir=os.path.dirname(path), delete=False) as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, path)

    def index(self, slug: str) -> FolderIndex | None:
        """Return a folder's index from an earlier build or task of this one."""
        return self._read(self._path("index", slug), FolderIndex)

    def record(self, slug: str) -> FolderRecord:
        """Return a folder's record (empty if none)."""
        return self._read(self._path("records", slug), FolderRecord) or FolderRecord()

    def save_record(self, slug: str, record: FolderRecord) -> None:
        """Keep a folder's record (before its comments are threaded: a thread is per build)."""
        self._write(self._path("records", slug), record)

    def save_index(self, slug: str, index: FolderIndex) -> None:
        """Keep a folder's index."""
        self._write(self._path("index", slug), index)

    def thread(self, slug: str) -> tuple[str, str]:
        """Return an article's rendered threads: comments, and pingbacks and trackbacks."""
        return self._read(self._path("threads", slug), tuple) or ("", "")

    def save_thread(self, slug: str, comments: str, mentions: str) -> None:
        """Keep an article's rendered threads."""
        self._write(self._path("threads", slug), (comments, mentions))

    def manifest(self) -> dict[str, Any]:
        """Return what the last complete build left: its key and feed signatures."""
        return self._read(os.path.join(self.folder, "manifest.pickle"), dict) or {}

    def save_manifest(self, manifest: dict[str, Any]) -> None:
        """Keep what this complete build leaves for the next one."""
        self._write(os.path.join(self.folder, "manifest.pickle"), manifest)
