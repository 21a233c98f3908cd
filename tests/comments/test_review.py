"""`pelican-prospects comment review`: the moderation queue."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pelican_prospects.cli import main

from .sites import SETTINGS_FILE, comment, write_site

CONF = SETTINGS_FILE


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site with published and pending comments, a reply under a pending one, as cwd."""
    write_site(
        tmp_path,
        {
            "bonjour/1.md": comment("Jean", "2024-03-04 10:00"),
            "bonjour/2.md": comment(
                "Paul", "2024-03-05 10:00", "Oui.", replyto="1", status="pending"
            ),
            "bonjour/3.md": comment("Zoé", "2024-03-06 10:00", "Hmm\n\nsuite", status="pending"),
            "bonjour/4.md": comment(
                "Léa", "2024-03-07 10:00", "Non.", replyto="3", status="pending"
            ),
            "autre/1.md": comment("Ana", "2024-03-02 09:00", "Ailleurs.", status="pending"),
        },
        slugs=("bonjour", "autre"),
    )
    (tmp_path / "pelicanconf.py").write_text(CONF, encoding="utf-8")
    private = tmp_path / ".prospects-private"
    private.mkdir()
    (private / "emails.json").write_text(
        json.dumps({"bonjour/2": "paul@example.org"}), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content" / "comments"


def review(*arguments: str) -> int:
    """Run `pelican-prospects comment review ARGUMENTS` on the test site."""
    return main(["comment", "review", *arguments, "-s", "pelicanconf.py"])


def test_the_queue_lists_pending_comments_oldest_first(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    assert review() == 0
    assert capsys.readouterr().out.splitlines() == [
        "autre/1  2024-03-02 09:00  Ana: Ailleurs.",
        "bonjour/2  2024-03-05 10:00  Paul: Oui.",
        "bonjour/3  2024-03-06 10:00  Zoé: Hmm",
        "bonjour/4  2024-03-07 10:00  Léa: Non.",
        "prospects: 4 comment(s) pending",
    ]


def test_publish_spam_and_delete(site: Path, capsys: pytest.CaptureFixture) -> None:
    assert review("--publish", "bonjour/3", "bonjour/4", "--spam", "autre/1") == 0
    assert (site / "bonjour" / "3.md").read_text(encoding="utf-8") == comment(
        "Zoé", "2024-03-06 10:00", "Hmm\n\nsuite"
    )
    assert "Status: spam\n" in (site / "autre" / "1.md").read_text(encoding="utf-8")
    assert review("--delete", "bonjour/2") == 0
    assert not (site / "bonjour" / "2.md").exists()
    emails = site.parent.parent / ".prospects-private" / "emails.json"
    assert json.loads(emails.read_text(encoding="utf-8")) == {}
    assert capsys.readouterr().out.splitlines() == [
        "prospects: bonjour/3: published",
        "prospects: bonjour/4: published",
        "prospects: autre/1: spam",
        "prospects: bonjour/2: deleted",
    ]


def test_a_reply_under_a_held_comment_and_a_comment_with_replies_are_refused(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    before = {path: path.read_text(encoding="utf-8") for path in site.rglob("*.md")}
    assert review("--publish", "bonjour/4", "--delete", "bonjour/1", "--spam", "bonjour/9") == 1
    assert capsys.readouterr().err.splitlines() == [
        "prospects: nothing changed:",
        "  bonjour/9: no such comment (expected SLUG/ID, e.g. bonjour/3)",
    ]
    assert review("--publish", "bonjour/4", "--delete", "bonjour/1") == 1
    assert capsys.readouterr().err.splitlines() == [
        "prospects: nothing changed:",
        "  bonjour/1: has replies (bonjour/2): delete or keep them first",
        "  bonjour/4: replies to bonjour/3, which is pending: publish bonjour/3 first (or too)",
    ]
    assert {path: path.read_text(encoding="utf-8") for path in site.rglob("*.md")} == before


def test_in_a_terminal_it_asks_about_each_comment(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("s\nx\np\nk\nq\n"))
    monkeypatch.setattr("sys.stdout", Terminal())
    assert review() == 0
    assert "Status: spam" in (site / "autre" / "1.md").read_text(encoding="utf-8")
    assert "Status" not in (site / "bonjour" / "2.md").read_text(encoding="utf-8")
    assert "Status: pending" in (site / "bonjour" / "3.md").read_text(encoding="utf-8")
    assert "Status: pending" in (site / "bonjour" / "4.md").read_text(encoding="utf-8")
