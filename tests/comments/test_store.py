"""The store: text written once and read back by position; the cache kept between builds."""

from __future__ import annotations

import hashlib
import io
import pickle
import random
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest

from pelican_prospects.comments.store import CHECK_SIZE, GROUP, MANIFEST, Store
from pelican_prospects.comments.work import Rendered, Report


def rendered(text: str) -> Rendered:
    return Rendered(
        Report("a", files=1, count=1),
        (text.encode(), b""),
        [(1.0, "1", f"entry {text[:5]}".encode())],
    )


def test_text_is_read_back_from_a_temporary_file_that_leaves_nothing() -> None:
    store = Store(None, "key", load=False)
    record = store.keep("a", "stamps", rendered("é" * 10))
    assert store.get(record.threads[0]) == "é" * 10
    assert [(date, cid) for date, cid, _ in record.entries] == [(1.0, "1")]
    assert store.get(next(iter(record.entries))[2]) == "entry ééééé"
    store.save({"a"})
    store.close()


def test_a_rebuild_reuses_unchanged_folders_and_old_text_is_dropped(tmp_path: Path) -> None:
    folder = str(tmp_path / "cache")
    for version in range(4):  # each rebuild appends the changed folder's text
        store = Store(folder, "key", load=True)
        if version:
            assert store.get(store.records["a"].threads[0])[0] == str(version - 1)
        assert store.reusable("a", f"stamps {version}") is None
        store.keep("a", f"stamps {version}", rendered(str(version) * 2**19))
        store.save({"a"})
        store.close()
    (data,) = (tmp_path / "cache").glob("data-*")
    assert data.stat().st_size == 2**19 + len("entry 33333")  # compacted: only the live text
    store = Store(folder, "key", load=True)
    assert store.reusable("a", "stamps 3") is not None
    assert store.get(store.records["a"].threads[0]) == "3" * 2**19
    store.close()
    assert Store(folder, "other key", load=True).records == {}


def test_entries_come_back_in_order_with_their_spans_after_a_rebuild(tmp_path: Path) -> None:
    folder = str(tmp_path / "cache")
    store = Store(folder, "key", load=True)
    store.keep("old", "s", rendered("x" * 2**20))  # left behind: the next save compacts it
    entries = [(3.5, "c-3", b"third"), (2.0, "b", "deuxième".encode()), (1.0, "1", b"")]
    store.keep("a", "s", Rendered(Report("a", files=3, count=3), (b"<p>a</p>", b""), entries))
    store.keep("none", "s", Rendered(Report("none"), (b"", b""), []))
    store.save({"a", "none"})
    store.close()
    store = Store(folder, "key", load=True)
    kept = list(store.records["a"].entries)
    assert [(date, cid) for date, cid, _ in kept] == [(3.5, "c-3"), (2.0, "b"), (1.0, "1")]
    assert store.get_blobs([span for _, _, span in kept]) == [blob for _, _, blob in entries]
    assert list(store.records["none"].entries) == []
    assert store.get(store.records["a"].threads[0]) == "<p>a</p>"
    store.close()


def many(store: Store, count: int) -> None:
    """Keep `count` folders of twenty entries each, as a site's articles with comments."""
    for n in range(count):
        entries = [(float(m), f"{m}", b"entry") for m in range(20)]
        report = Report(f"article-{n}", files=20, count=20, statuses=Counter(published=20))
        store.keep(f"article-{n}", f"stamps {n}", Rendered(report, (b"<p>a</p>", b""), entries))


def test_records_of_many_folders_come_back_from_their_groups(tmp_path: Path) -> None:
    folder = str(tmp_path / "cache")
    store = Store(folder, "key", load=True)
    many(store, 2 * GROUP + 5)
    store.feeds = {"feeds/a.atom.xml": "signature"}
    store.save(set(store.records))
    store.close()
    store = Store(folder, "key", load=True)
    assert len(store.records) == 2 * GROUP + 5
    assert store.records[f"article-{2 * GROUP + 4}"].stamps == f"stamps {2 * GROUP + 4}"
    assert [cid for _, cid, _ in store.records["article-0"].entries] == [str(m) for m in range(20)]
    assert store.feeds == {"feeds/a.atom.xml": "signature"}
    store.close()
    manifest = tmp_path / "cache" / MANIFEST
    manifest.write_bytes(manifest.read_bytes()[:-100])  # a group cut short: start afresh
    assert Store(folder, "key", load=True).records == {}


def test_saving_the_records_of_a_large_site_takes_little_memory(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "cache"), "key", load=True)
    many(store, 1000)
    slugs = set(store.records)
    tracemalloc.start()
    try:
        store.save(slugs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        store.close()
    # One pickle of them all held a memo of every object written: 3 MiB here, at the build's peak.
    assert peak < 2**20


@pytest.mark.parametrize(
    "head",
    [
        {"key": "key", "data": "data-00000000", "feeds": {}},  # no groups: an earlier layout
        {"key": "key", "data": "data-00000000", "feeds": {}, "groups": "2"},
        {"key": "key", "data": "data-00000000", "feeds": {}, "groups": 10**12},
        {"key": "key", "data": "../../elsewhere", "feeds": {}, "groups": 0},
        {"key": "key", "data": "data-00000000", "feeds": [], "groups": 0},
        ["key", "data-00000000"],
    ],
)
def test_a_manifest_of_another_shape_starts_afresh(tmp_path: Path, head: object) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "data-00000000").write_bytes(b"")
    data = pickle.dumps(head)
    # With the hash a saved manifest ends with: its shape, not its hash, is what is wrong.
    (folder / MANIFEST).write_bytes(data + hashlib.blake2b(data, digest_size=CHECK_SIZE).digest())
    store = Store(str(folder), "key", load=True)
    assert store.records == {}
    assert store.name != "../../elsewhere"
    store.close()


def test_a_damaged_manifest_starts_afresh_whatever_it_raises(tmp_path: Path) -> None:
    folder = str(tmp_path / "cache")
    store = Store(folder, "key", load=True)
    many(store, GROUP + 1)
    store.save(set(store.records))
    store.close()
    manifest = tmp_path / "cache" / MANIFEST
    good = manifest.read_bytes()
    rng = random.Random(7)
    for _ in range(300):  # a byte or two changed anywhere: a length, a name, an opcode
        damaged = bytearray(good)
        for _ in range(rng.randint(1, 2)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        manifest.write_bytes(bytes(damaged))
        store = Store(folder, "key", load=True)
        assert len(store.records) == (GROUP + 1 if damaged == good else 0)
        store.close()


def test_a_manifest_whose_pickles_changed_is_not_believed(tmp_path: Path) -> None:
    folder = str(tmp_path / "cache")
    store = Store(folder, "key", load=True)
    many(store, 2)
    store.save(set(store.records))
    store.close()
    manifest = tmp_path / "cache" / MANIFEST
    good = manifest.read_bytes()
    stream = io.BytesIO(good)
    head = pickle.load(stream)
    records = dict(pickle.load(stream))
    # Well-formed, and every span inside the data file: but a page would show another's thread.
    records["article-0"].threads = records["article-1"].threads
    manifest.write_bytes(
        pickle.dumps(head) + pickle.dumps(list(records.items())) + good[-CHECK_SIZE:]
    )
    assert Store(folder, "key", load=True).records == {}
