"""Importing again: nothing duplicated, nothing the owner changed or deleted is overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelican_prospects.problems import ProspectsError
from pelican_prospects.wordpress.report import Output
from pelican_prospects.wordpress.write import MANIFEST, digest, sync

ARTICLE = Output("articles/a.md", "Title: A\n\nBody\n", "post", "a")
COMMENT = Output("comments/a/1.md", "Author: B\nDate: 2024-01-01 10:00\n\nHi\n", "comment", "a")


def manifest(root: Path) -> dict[str, str]:
    return json.loads((root / MANIFEST).read_text(encoding="utf-8"))["files"]


def test_first_import_writes_files_and_manifest(tmp_path: Path) -> None:
    outcome = sync(tmp_path, [ARTICLE, COMMENT])
    assert outcome.new == ["articles/a.md", "comments/a/1.md"]
    assert (tmp_path / "articles/a.md").read_text(encoding="utf-8") == ARTICLE.text
    assert manifest(tmp_path) == {
        "articles/a.md": digest(ARTICLE.text),
        "comments/a/1.md": digest(COMMENT.text),
    }


def test_second_import_changes_nothing(tmp_path: Path) -> None:
    sync(tmp_path, [ARTICLE, COMMENT])
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    outcome = sync(tmp_path, [ARTICLE, COMMENT])
    assert (outcome.new, outcome.unchanged) == ([], ["articles/a.md", "comments/a/1.md"])
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before


def test_owner_edits_and_deletions_are_kept(tmp_path: Path) -> None:
    sync(tmp_path, [ARTICLE, COMMENT])
    (tmp_path / "articles/a.md").write_text("Title: Mine\n\nEdited\n", encoding="utf-8")
    (tmp_path / "comments/a/1.md").unlink()
    changed = Output(ARTICLE.path, "Title: A\n\nNew body\n", "post", "a")
    outcome = sync(tmp_path, [changed, COMMENT])
    assert (outcome.edited, outcome.deleted) == (["articles/a.md"], ["comments/a/1.md"])
    assert (tmp_path / "articles/a.md").read_text(encoding="utf-8") == "Title: Mine\n\nEdited\n"
    assert not (tmp_path / "comments/a/1.md").exists()


def test_untouched_files_follow_a_changed_export(tmp_path: Path) -> None:
    sync(tmp_path, [ARTICLE])
    changed = Output(ARTICLE.path, "Title: A\n\nNew body\n", "post", "a")
    assert sync(tmp_path, [changed]).updated == ["articles/a.md"]
    assert (tmp_path / "articles/a.md").read_text(encoding="utf-8") == changed.text
    assert manifest(tmp_path) == {"articles/a.md": digest(changed.text)}


def test_files_not_written_by_the_import_are_kept(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles/a.md").write_text("Title: Hand made\n\nx\n", encoding="utf-8")
    assert sync(tmp_path, [ARTICLE]).foreign == ["articles/a.md"]
    assert (tmp_path / "articles/a.md").read_text(encoding="utf-8") == "Title: Hand made\n\nx\n"


def test_a_lost_manifest_adopts_identical_files(tmp_path: Path) -> None:
    sync(tmp_path, [ARTICLE])
    (tmp_path / MANIFEST).unlink()
    assert sync(tmp_path, [ARTICLE]).unchanged == ["articles/a.md"]
    assert manifest(tmp_path) == {"articles/a.md": digest(ARTICLE.text)}


def test_comments_of_a_deleted_article_are_not_written(tmp_path: Path) -> None:
    sync(tmp_path, [ARTICLE])
    (tmp_path / "articles/a.md").unlink()
    outcome = sync(tmp_path, [ARTICLE, COMMENT])
    assert (outcome.deleted, outcome.orphaned) == (["articles/a.md"], ["comments/a/1.md"])
    assert not (tmp_path / "comments").exists()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    outcome = sync(tmp_path, [ARTICLE, COMMENT], dry_run=True)
    assert outcome.new == ["articles/a.md", "comments/a/1.md"]
    assert list(tmp_path.iterdir()) == []


def test_broken_manifest_is_reported(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text('{"files": {\n', encoding="utf-8")
    with pytest.raises(ProspectsError) as raised:
        sync(tmp_path, [ARTICLE])
    problem = raised.value.problems[0]
    assert (problem.path, problem.line) == (str(tmp_path / MANIFEST), 2)
    assert problem.reason.startswith("not the manifest this command writes (")
    assert not (tmp_path / "articles").exists()


READER = Output(
    "comments/a/2.md", "Author: C\nDate: 2024-01-02 10:00\n\nHo\n", "comment", "a", "c@x.org"
)


def test_addresses_are_kept_before_their_files_are_written(tmp_path: Path) -> None:
    kept: list[dict[str, str]] = []

    def keep(addresses: dict[str, str]) -> None:
        assert not (tmp_path / READER.path).exists()
        kept.append(addresses)

    outcome = sync(tmp_path, [ARTICLE, COMMENT, READER], keep=keep)
    assert kept == [{"a/2": "c@x.org"}] and outcome.addresses == {"a/2": "c@x.org"}
    assert "c@x.org" not in (tmp_path / READER.path).read_text(encoding="utf-8")
    kept.clear()
    (tmp_path / READER.path).unlink()
    assert sync(tmp_path, [ARTICLE, COMMENT, READER], keep=keep).addresses == {}
    assert kept == []  # a comment deleted since: its address is not kept again


def test_addresses_of_files_kept_as_they_are_are_not_kept(tmp_path: Path) -> None:
    (tmp_path / "comments/a").mkdir(parents=True)
    (tmp_path / READER.path).write_text("Author: Hand made\n\nx\n", encoding="utf-8")
    kept: list[dict[str, str]] = []
    outcome = sync(tmp_path, [READER], keep=kept.append)
    assert (outcome.foreign, outcome.addresses, kept) == ([READER.path], {}, [])


def test_a_dry_run_keeps_no_address(tmp_path: Path) -> None:
    kept: list[dict[str, str]] = []
    outcome = sync(tmp_path, [READER], dry_run=True, keep=kept.append)
    assert (outcome.addresses, kept) == ({"a/2": "c@x.org"}, [])
    assert list(tmp_path.iterdir()) == []


def test_addresses_with_nowhere_to_go_write_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nowhere to keep them"):
        sync(tmp_path, [ARTICLE, READER])
    assert list(tmp_path.iterdir()) == []
