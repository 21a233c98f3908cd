"""The store: text written once and read back by position; the cache kept between builds."""

from __future__ import annotations

from pathlib import Path

from pelican_prospects.comments.store import Store
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
