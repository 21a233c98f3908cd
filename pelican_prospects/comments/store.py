"""What each article folder's comments became, kept on disk between builds and processes.

Kept under a key: what readings and thread HTML depend on besides comment files (settings,
code, templates); a new key starts the store afresh.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import meta

from .. import i18n
from .feeds import Item
from .jobs import FolderResult, Plan

if TYPE_CHECKING:
    from jinja2 import Environment

THREAD_TEMPLATE = "prospects/thread.html"
PACKAGE = Path(__file__).parent.parent
# The code comment output depends on: editing the rest of the package keeps the cache.
CODE = ("comments/*.py", "dates.py", "glue.py", "i18n.py", "problems.py")


def template_fingerprint(env: Environment, settings: dict[str, Any]) -> str:
    """Hash the thread template, the templates it uses, and the settings they read."""
    digest = hashlib.blake2b(digest_size=16)
    queue, seen = [THREAD_TEMPLATE], set()
    while queue:
        name = queue.pop()
        if name in seen or env.loader is None:
            continue
        seen.add(name)
        source, _, _ = env.loader.get_source(env, name)
        digest.update(f"{name}\0{source}\0".encode())
        tree = env.parse(source)
        queue += [ref for ref in meta.find_referenced_templates(tree) if ref]
        for variable in sorted(meta.find_undeclared_variables(tree)):
            digest.update(f"{variable}={settings.get(variable)!r}\0".encode())
    return digest.hexdigest()


def fingerprint(settings: dict[str, Any], env: Environment | None, theme: str) -> str:
    """Return what readings and thread HTML depend on besides comment files."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(path for pattern in CODE for path in PACKAGE.glob(pattern)):
        digest.update(path.read_bytes())
    for package in ("markdown-it-py", "nh3", "jinja2", "babel"):
        digest.update(version(package).encode())
    for name in ("TIMEZONE", "DEFAULT_LANG"):
        digest.update(repr(settings.get(name)).encode())
    for folder in i18n.site_folders(theme):
        for path in sorted(folder.rglob("*.po")):
            digest.update(f"{path}:{path.stat().st_mtime_ns}".encode())
    if env is not None:
        digest.update(template_fingerprint(env, settings).encode())
    return digest.hexdigest()


def make_plan(settings: dict[str, Any], *, store: str, key: str) -> Plan:
    """Return what every task of a build shares."""
    return Plan(
        store=store,
        base=os.path.dirname(os.path.abspath(settings["PATH"])),
        ignore=tuple(settings.get("IGNORE_FILES", ())),
        zone=str(settings.get("TIMEZONE") or "UTC"),
        key=key,
        newest=settings.get("FEED_MAX_ITEMS") or None,
    )


@dataclass
class FolderIndex:
    """What a later build needs to know that a folder is unchanged, and what it gave then."""

    key: str
    stamps: list[tuple[str, int, int]]
    result: FolderResult


class Store:
    """A folder of files, three per rendered article folder: threads, feed items, then index.

    Each file is replaced whole, and the index last: an index that matches the comment files
    vouches for the other two.
    """

    PARTS = ("threads", "items", "index")

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
        """Write atomically: another build never reads half a file."""
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(temporary, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    def index(self, slug: str) -> FolderIndex | None:
        """Return a folder's index from an earlier build."""
        return self._read(self._path("index", slug), FolderIndex)

    def save_folder(
        self, slug: str, index: FolderIndex, threads: tuple[str, str], items: list[Item]
    ) -> None:
        """Keep what a folder's rendering gave: thread HTML, feed items, then its index."""
        self._write(self._path("threads", slug), threads)
        self._write(self._path("items", slug), items)
        self._write(self._path("index", slug), index)

    def holds(self, slug: str) -> bool:
        """Tell whether a folder's thread HTML and feed items are still kept beside its index."""
        return all(os.path.exists(self._path(part, slug)) for part in ("threads", "items"))

    def thread(self, slug: str) -> tuple[str, str]:
        """Return an article's rendered threads: comments, and pingbacks and trackbacks."""
        return self._read(self._path("threads", slug), tuple) or ("", "")

    def items(self, slug: str) -> list[Item]:
        """Return what the feeds show of an article's comments."""
        return self._read(self._path("items", slug), list) or []

    def manifest(self) -> dict[str, Any]:
        """Return what the last complete build left: its key and feed signatures."""
        return self._read(os.path.join(self.folder, "manifest.pickle"), dict) or {}

    def save_manifest(self, manifest: dict[str, Any]) -> None:
        """Keep what this complete build leaves for the next one."""
        self._write(os.path.join(self.folder, "manifest.pickle"), manifest)
