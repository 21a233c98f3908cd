"""Where rendered comments wait for their pages and feeds, and what a rebuild reuses.

The text (thread HTML, feed entries) goes to one data file, written once and read back by
position: a site's threads are larger than Pelican's own memory use. Without CACHE_CONTENT it is
an unnamed temporary file. With it, the file stays in `CACHE_PATH/prospects-comments` beside a
manifest that records, for each article folder, the stamps of its files and where its text is:
a rebuild renders only the folders whose files changed. The manifest holds a key of what the text
depends on besides comment files (code, templates, settings, catalogs); a new key starts afresh.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import secrets
import shutil
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import babel
import jinja2
import markdown_it_pyrs
import nh3

from .. import host, i18n
from ..memo import MEMO
from .scan import CommentFile
from .work import THREAD_TEMPLATE, Rendered, Report

if TYPE_CHECKING:
    from jinja2 import Environment

PACKAGE = Path(__file__).parent.parent
# The code comment output depends on: editing the rest of the package keeps the cache.
CODE = ("comments/*.py", "dates.py", "glue.py", "i18n.py", "problems.py")
Span = tuple[int, int]  # where a text is in the data file: offset and length in bytes
MANIFEST = "manifest.pickle"
# Records pickled together. One pickle of them all keeps a memo of every object it wrote until
# it ends (3 MiB for 1,000 folders, at the build's peak of memory); groups bound it.
GROUP = 64
CHECK_SIZE = 16  # bytes of the hash of the manifest's pickles, written after them
DATA_NAME = re.compile(r"data-[0-9a-f]{8}")  # as `new_data_name` names a data file


def new_data_name() -> str:
    """Return a name for a new data file: a rebuild that compacts writes a new one beside."""
    return f"data-{secrets.token_hex(4)}"


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
        variables = host.read_variables(env, source)  # first: it parses for both
        queue += host.referenced(env, source)
        for variable in variables:
            digest.update(f"{variable}={settings.get(variable)!r}\0".encode())
    return digest.hexdigest()


def code_digest() -> bytes:
    """Return a hash of the code comment output depends on (kept in the memo by file stamps)."""
    paths = sorted(path for pattern in CODE for path in PACKAGE.glob(pattern))
    stamps = tuple(
        (str(path), stat.st_mtime_ns, stat.st_size) for path in paths if (stat := path.stat())
    )

    def read() -> bytes:
        digest = hashlib.blake2b(digest_size=16)
        for path in paths:
            digest.update(path.read_bytes())
        return digest.digest()

    return MEMO.get(("code", stamps), read)  # type: ignore[no-any-return]


def fingerprint(settings: dict[str, Any], env: Environment, theme: str) -> str:
    """Return what thread HTML and feed entries depend on besides comment files and pages."""
    digest = hashlib.blake2b(code_digest(), digest_size=16)
    # Versions as the libraries give them, without reading each one's metadata (8 ms); the
    # Python markdown-it, imported only for the rare comment it takes, has its metadata read.
    for library in (markdown_it_pyrs, nh3, jinja2, babel):
        digest.update(library.__version__.encode())
    digest.update(version("markdown-it-py").encode())
    for name in ("TIMEZONE", "DEFAULT_LANG", "FEED_MAX_ITEMS"):
        digest.update(repr(settings.get(name)).encode())
    for folder in i18n.site_folders(theme):
        for path in sorted(folder.rglob("*.po")):
            digest.update(f"{path}:{path.stat().st_mtime_ns}".encode())
    digest.update(template_fingerprint(env, settings).encode())
    return digest.hexdigest()


def stamps_of(files: list[CommentFile], warnings: list[str]) -> str:
    """Hash what tells a folder changed: each file's path, modification time and size, and the
    warnings about the folder's other files (a file that is not a comment, come or gone)."""
    # One update of the stamps joined: the same hash as one update per file, with fewer calls.
    stamps = "".join([f"{file.path}\0{file.mtime_ns}\0{file.size}\0" for file in files])
    stamps += "\n".join(warnings)  # after the files' NULs: it cannot pass for a file's stamp
    # A file name that is not UTF-8 holds lone surrogates: hashed as its bytes on the disk.
    return hashlib.blake2b(stamps.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


class Entries:
    """A folder's feed entries, newest first: (POSIX date, comment id, span of the entry).

    They lie one after another in the data file, so a few arrays hold them: a site's comments
    as tuples were a fifth of the build's memory and most of the manifest's (un)pickling.
    """

    __slots__ = ("dates", "ids", "lengths", "start")

    def __init__(self, start: int, entries: list[tuple[float, str, int]]) -> None:
        """Keep entries (date, id, length in bytes) that start at `start` in the data file."""
        self.start = start
        self.dates = array("d", [date for date, _, _ in entries])
        self.lengths = array("Q", [length for _, _, length in entries])
        self.ids = "\0".join([comment_id for _, comment_id, _ in entries])  # no file name has NUL

    def __iter__(self) -> Iterator[tuple[float, str, Span]]:
        """Yield each entry's date, comment id and span, newest first."""
        offset = self.start
        ids = self.ids.split("\0") if self.lengths else []
        for date, comment_id, length in zip(self.dates, ids, self.lengths, strict=True):
            yield date, comment_id, (offset, length)
            offset += length

    @property
    def span(self) -> Span:
        """Return where the entries lie in the data file, all together."""
        return self.start, sum(self.lengths)


@dataclass
class Record:
    """One rendered article folder: what it was made from, what it gave, where its text is."""

    stamps: str
    report: Report
    threads: tuple[Span, Span]
    entries: Entries

    def spans(self) -> list[Span]:
        """Return where the folder's text lies in the data file."""
        return [*self.threads, self.entries.span]


class Store:
    """The data file of one build's rendered text, and the records that point into it."""

    def __init__(self, folder: str | None, key: str, *, load: bool) -> None:
        """Open the cache in `folder` (reusing what it holds if `load`), or a temporary file."""
        self.folder, self.key = folder, key
        self.records: dict[str, Record] = {}
        self.feeds: dict[str, str] = {}  # feed path -> signature of what it was written from
        if folder is None:
            self.data, self.name = tempfile.TemporaryFile(), ""  # noqa: SIM115 (kept open)
        else:
            os.makedirs(folder, exist_ok=True)
            kept = self._manifest() if load else {}
            self.name = kept.get("data") or new_data_name()
            self.records, self.feeds = kept.get("records", {}), kept.get("feeds", {})
            self.data = open(os.path.join(folder, self.name), "ab+")  # noqa: SIM115 (kept open)
        self.size = self.data.seek(0, os.SEEK_END)

    def _manifest(self) -> dict[str, Any]:
        """Return the last complete build's manifest if it has this key and its data file.

        It is only a cache: whatever is wrong with it (cut short, of an earlier version, damaged)
        means starting afresh, never a failed build.
        """
        assert self.folder is not None
        try:
            with open(os.path.join(self.folder, MANIFEST), "rb") as file:
                data = file.read()
            body = memoryview(data)[:-CHECK_SIZE]
            if hashlib.blake2b(body, digest_size=CHECK_SIZE).digest() != data[-CHECK_SIZE:]:
                return {}  # cut short or damaged: a changed span would show another's text
            stream = io.BytesIO(data)
            kept = pickle.load(stream)
            if not isinstance(kept, dict) or kept.get("key") != self.key:
                return {}
            groups = range(kept.pop("groups"))
            records = dict(item for _ in groups for item in pickle.load(stream))
            if not all(isinstance(record, Record) for record in records.values()):
                return {}
            end = max(
                (
                    offset + length
                    for record in records.values()
                    for offset, length in record.spans()
                ),
                default=0,
            )
            name, feeds = kept["data"], kept["feeds"]
            if not (
                isinstance(name, str) and DATA_NAME.fullmatch(name) and isinstance(feeds, dict)
            ):
                return {}  # the data file is ours: its name never leads elsewhere
            path = os.path.join(self.folder, name)
            if not os.path.isfile(path) or os.path.getsize(path) < end:
                return {}
        except Exception:  # a damaged pickle raises anything, MemoryError included
            return {}
        kept["records"] = records
        return kept

    def put(self, data: bytes) -> Span:
        """Append `data` to the data file; return where it is."""
        self.data.write(data)
        span = (self.size, len(data))
        self.size += len(data)
        return span

    def put_all(self, blobs: list[bytes]) -> list[Span]:
        """Append `blobs` to the data file in one write; return where each is."""
        spans = []
        for blob in blobs:
            spans.append((self.size, len(blob)))
            self.size += len(blob)
        self.data.write(b"".join(blobs))
        return spans

    def get(self, span: Span) -> str:
        """Return the text kept at `span`."""
        return read_span(self.data, span).decode()

    def get_blobs(self, spans: list[Span]) -> list[bytes]:
        """Return the bytes at `spans`; those written together are read in one go."""
        if not spans:
            return []
        start = min(offset for offset, _ in spans)
        end = max(offset + length for offset, length in spans)
        if end - start > 2 * sum(length for _, length in spans) + 65536:  # far apart
            return [read_span(self.data, span) for span in spans]
        self.data.flush()
        data = os.pread(self.data.fileno(), end - start, start)
        return [data[offset - start : offset - start + length] for offset, length in spans]

    def reusable(self, slug: str, stamps: str) -> Record | None:
        """Return a folder's record if its files are as when it was rendered."""
        record = self.records.get(slug)
        return record if record is not None and record.stamps == stamps else None

    def keep(self, slug: str, stamps: str, rendered: Rendered) -> Record:
        """Write a folder's text to the data file and record it."""
        spans = self.put_all([*rendered.threads, *(xml for _, _, xml in rendered.entries)])
        start = spans[2][0] if len(spans) > 2 else self.size
        entries = Entries(
            start,
            [
                (date, cid, length)
                for (date, cid, _), (_, length) in zip(rendered.entries, spans[2:], strict=True)
            ],
        )
        record = Record(stamps, rendered.report, (spans[0], spans[1]), entries)
        self.records[slug] = record
        return record

    def save(self, slugs: set[str]) -> None:
        """Keep the records of `slugs` and the feed signatures for the next build (if cached)."""
        if self.folder is None:
            return
        self.records = {slug: self.records[slug] for slug in slugs if slug in self.records}
        live = sum(length for record in self.records.values() for _, length in record.spans())
        if self.size > 2 * live + 2**20:
            self._compact()
        records = list(self.records.items())
        groups = [records[start : start + GROUP] for start in range(0, len(records), GROUP)]
        head = {"key": self.key, "data": self.name, "feeds": self.feeds, "groups": len(groups)}
        temporary = os.path.join(self.folder, f"manifest.{os.getpid()}.tmp")
        check = hashlib.blake2b(digest_size=CHECK_SIZE)
        with open(temporary, "wb") as stream:
            for part in (head, *groups):  # the head, then the records a group at a time
                data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
                check.update(data)
                stream.write(data)
            stream.write(check.digest())  # what tells a damaged manifest from a good one
        os.replace(temporary, os.path.join(self.folder, MANIFEST))
        for name in os.listdir(self.folder):  # older data files, caches of earlier versions
            path = os.path.join(self.folder, name)
            if name in (MANIFEST, self.name) or name.endswith(".tmp"):
                continue
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.remove(path)

    def _compact(self) -> None:
        """Copy the live text to a new data file: rebuilds leave older text behind."""
        assert self.folder is not None
        old, self.name = self.data, new_data_name()
        self.data = open(os.path.join(self.folder, self.name), "ab+")  # noqa: SIM115
        self.size = 0
        for record in self.records.values():
            copy = [self.put(read_span(old, span)) for span in record.spans()]
            record.threads = (copy[0], copy[1])
            record.entries.start = copy[2][0]
        old.close()

    def close(self) -> None:
        """Close the data file (a temporary one disappears)."""
        self.data.close()


def read_span(data: BinaryIO, span: Span) -> bytes:
    """Return the bytes at `span` of an open data file."""
    data.flush()
    return os.pread(data.fileno(), span[1], span[0])
