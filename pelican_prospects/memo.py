"""Small results a build keeps for the next one: each costs milliseconds to make, every build.

What a theme's templates include and read, the hash of the code comments are rendered by, the
compiled catalogs, and the few kilobytes of Babel's data that dates use. A process keeps them for
its next builds (`pelican --autoreload`); with CACHE_CONTENT they are also kept in
`CACHE_PATH/prospects-memo.pickle`, read back when LOAD_CONTENT_CACHE allows.
Each is found by what it is made from (a hash of the source, Babel's version), so a changed
input is made again; the file keeps only what the last build used, and the dates of each
language (no edit replaces them, and a build that renders no comment does not ask for them).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import babel
import jinja2

from . import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)

FILE = "prospects-memo.pickle"
# The modules that make the memo's results: other code under the same version number (a
# checkout, an editable install) may make them otherwise, such as a catalog it checks anew.
MAKERS = ("memo.py", "host.py", "dates.py", "i18n.py")


@cache
def file_format() -> tuple[str, ...]:
    """Return what a memo file is written with and must be read with: once per process, when a
    file is read or written (not on import: `dates` and `i18n` import the memo for any site).

    A memo written by other code of the plugin, by other versions of the libraries that made its
    results, or of Python, is not read.
    """
    return (
        *("prospects memo", __version__, code_hash()),
        *(jinja2.__version__, babel.__version__, sys.version),
    )


def code_hash() -> str:
    """Return a hash of the code that makes the memo's results."""
    digest = hashlib.blake2b(digest_size=16)
    for name in MAKERS:
        try:
            digest.update(Path(__file__).with_name(name).read_bytes())
        except OSError:  # installed without its sources: the version number tells
            digest.update(name.encode())
    return digest.hexdigest()


class Memo:
    """Results found by key: those this build used, those that last, what the last build left."""

    def __init__(self) -> None:
        self.entries: dict[Any, Any] = {}  # dropped when a build does not ask for them
        # Results no edit replaces (a language's dates): kept whether a build asks for them or not.
        self.lasting: dict[Any, Any] = {}
        self.used: set[Any] = set()
        self.path: str | None = None
        self.saved_to: str | None = None
        self.changed = False

    def open(self, cache_path: str | None, *, load: bool) -> None:
        """Start a build: keep the memo in `cache_path` (None: in memory), read it if `load`."""
        self.path = os.path.join(cache_path, FILE) if cache_path else None
        self.changed = self.path != self.saved_to  # another site's cache: written once at least
        self.used = set()
        if self.path and load and not (self.entries or self.lasting):
            self.entries, self.lasting = read(self.path)

    def get(self, key: Any, make: Callable[[], Any], *, lasting: bool = False) -> Any:
        """Return the result kept for `key`, made (and kept) on first need.

        `lasting`: a result that no edit of the site replaces, such as a language's dates; it
        stays in the memo even when a build does not ask for it (one that renders no comment).
        """
        kept = self.lasting if lasting else self.entries
        self.used.add(key)
        if key not in kept:
            kept[key] = make()
            self.changed = True
        return kept[key]

    def save(self) -> None:
        """Keep what this build used for the next one, and forget the rest (edited templates...)."""
        unused = self.entries.keys() - self.used
        for key in unused:
            del self.entries[key]
        if self.path is None or not (self.changed or unused):
            return
        partial = f"{self.path}.{os.getpid()}"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(partial, "wb") as stream:
                kept = (file_format(), self.entries, self.lasting)
                pickle.dump(kept, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.path)
            self.saved_to = self.path
        except OSError as error:
            with suppress(OSError):  # a full disk, a folder where the memo goes: no leftover
                os.remove(partial)
            logger.warning(
                "prospects: %s not written (%s): the next build makes it again", self.path, error
            )


def read(path: str) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """Return a memo file's entries and lasting results; none if missing, foreign or damaged."""
    try:
        with open(path, "rb") as stream:
            found, entries, lasting = pickle.load(stream)
    except FileNotFoundError:
        return {}, {}
    except Exception:  # damaged or written by other code: made again, as Pelican's cache does
        logger.debug("prospects: %s unreadable, made again", path, exc_info=True)
        return {}, {}
    if found != file_format() or not isinstance(entries, dict) or not isinstance(lasting, dict):
        return {}, {}
    return entries, lasting


MEMO = Memo()
