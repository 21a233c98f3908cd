"""`pelican-prospects comment erase --email`: a reader's comments anonymised, the thread whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelican_prospects.cli import main

from .sites import SETTINGS_FILE, build, comment, page, write_site

AVATAR = "a" * 64
# Jean writes 1 (subscribed, with his website) and 3; the owner and Paul answer under him.
THREAD = {
    "bonjour/1.md": comment(
        "Jean Dupont",
        "2024-03-04 10:00",
        "Je suis Jean, de Nantes.",
        website="https://jean.example/",
        avatar=AVATAR,
        notify="yes",
    ),
    "bonjour/2.md": comment(
        "Claire Dumas", "2024-03-04 11:00", "Merci Jean.", replyto="1", owner="yes"
    ),
    "bonjour/3.md": comment("Jean Dupont", "2024-03-04 12:00", "Encore moi.", replyto="2"),
    "bonjour/4.md": comment("Paul", "2024-03-04 13:00", "Et moi.", replyto="3", notify="yes"),
    "bonjour/5.md": comment("Ancien", "2024-03-04 14:00", "Un vieux.", email="jean@example.org"),
}
EMAILS = {
    "bonjour/1": "jean@example.org",
    "bonjour/3": "Jean@Example.org",
    "bonjour/4": "paul@example.org",
}
SENT = {
    "bonjour/2": ["jean@example.org"],
    "bonjour/4": ["jean@example.org"],
    "bonjour/9": ["paul@example.org"],
}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The thread, its addresses and sent log, as cwd."""
    write_site(tmp_path, THREAD)
    private = tmp_path / ".prospects-private"
    private.mkdir()
    (private / "emails.json").write_text(json.dumps(EMAILS), encoding="utf-8")
    (private / "notified.json").write_text(json.dumps(SENT), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def erase(site: Path, *options: str, lang: str = "en") -> int:
    """Run `pelican-prospects comment erase --email jean@example.org OPTIONS`."""
    conf = SETTINGS_FILE + f"DEFAULT_LANG = {lang!r}\n"
    (site / "pelicanconf.py").write_text(conf, encoding="utf-8")
    return main(
        ["comment", "erase", "--email", " JEAN@example.org ", *options, "-s", "pelicanconf.py"]
    )


def files(site: Path) -> dict[str, str]:
    """Return the text of every comment file by id."""
    folder = site / "content" / "comments" / "bonjour"
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}


def test_without_yes_it_only_lists(site: Path, capsys: pytest.CaptureFixture) -> None:
    before = files(site)
    assert erase(site) == 0
    assert capsys.readouterr().out.splitlines() == [
        "bonjour/1  2024-03-04 10:00  Jean Dupont: Je suis Jean, de Nantes.",
        "bonjour/3  2024-03-04 12:00  Jean Dupont: Encore moi.",
        "bonjour/5  2024-03-04 14:00  Ancien: Un vieux.",
        "prospects: 3 comment(s) written from JEAN@example.org; run again with --yes to "
        "anonymise them and forget the address (--remove-text: their text too)",
    ]
    assert files(site) == before


def test_erase_anonymises_and_keeps_the_thread_readable(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    assert erase(site, "--yes") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[3:] == [
        "prospects: bonjour/1: anonymised",
        "prospects: bonjour/3: anonymised",
        "prospects: bonjour/5: anonymised",
        "prospects: 3 comment(s) anonymised (name, address, website and subscription removed, "
        "text kept, replies still attached); JEAN@example.org removed from the private store "
        f"({site / '.prospects-private'}: addresses, sent notifications)",
        "prospects: not reached by this command: the messages in your mailbox (the inbox and its "
        "done folder), the site's git history, copies already deployed or read by feed readers, "
        "and quotes in other comments: rebuild and deploy, delete the messages, rewrite the "
        "history if need be",
    ]
    after = files(site)
    assert after["1"] == "Date: 2024-03-04 10:00\nAuthor: Anonymous\n\nJe suis Jean, de Nantes.\n"
    assert after["3"] == "Date: 2024-03-04 12:00\nReplyto: 2\nAuthor: Anonymous\n\nEncore moi.\n"
    assert after["5"] == "Date: 2024-03-04 14:00\nAuthor: Anonymous\n\nUn vieux.\n"
    assert after["2"] == THREAD["bonjour/2.md"] and after["4"] == THREAD["bonjour/4.md"]
    private = site / ".prospects-private"
    emails = json.loads((private / "emails.json").read_text(encoding="utf-8"))
    assert emails == {"bonjour/4": "paul@example.org"}
    sent = json.loads((private / "notified.json").read_text(encoding="utf-8"))
    assert sent == {"bonjour/2": [], "bonjour/4": [], "bonjour/9": ["paul@example.org"]}
    assert not any(
        trace in "".join(after.values()).lower() for trace in ("jean@", "jean.example", AVATAR)
    )

    build(site)
    thread = page(site)
    chain = thread.select_one(
        "#comment-1 .replies #comment-2 .replies #comment-3 .replies #comment-4"
    )
    assert chain is not None  # the replies stay attached
    first = thread.select_one("#comment-1")
    assert first.select_one(".p-author .p-name").get_text() == "Anonymous"
    assert first.select_one("a[href='https://jean.example/']") is None
    assert "Je suis Jean, de Nantes." in first.get_text()


def test_remove_text_in_the_sites_language(site: Path, capsys: pytest.CaptureFixture) -> None:
    assert erase(site, "--yes", "--remove-text", lang="fr") == 0
    assert "text removed, replies still attached" in capsys.readouterr().out
    assert files(site)["1"] == (
        "Date: 2024-03-04 10:00\nAuthor: Anonyme\n\n"
        "Ce commentaire a été retiré à la demande de son auteur.\n"
    )
    build(site, DEFAULT_LANG="fr")
    first = page(site).select_one("#comment-1")
    assert "Je suis Jean" not in first.get_text()
    assert page(site).select_one("#comment-1 .replies #comment-2 .replies #comment-3") is not None


def test_an_unknown_address_changes_nothing(site: Path, capsys: pytest.CaptureFixture) -> None:
    before = files(site)
    conf = SETTINGS_FILE
    (site / "pelicanconf.py").write_text(conf, encoding="utf-8")
    assert main(["comment", "erase", "--email", "nobody@example.org", "--yes"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("prospects: 0 comment(s) anonymised")
    assert files(site) == before


@pytest.mark.parametrize("given", ["", "   ", "jean", "jean @example.org", "a@b\nc"])
def test_a_blank_or_malformed_address_erases_nothing(
    site: Path, given: str, capsys: pytest.CaptureFixture
) -> None:
    (site / "pelicanconf.py").write_text(SETTINGS_FILE, encoding="utf-8")
    before = files(site)
    with pytest.raises(SystemExit) as stopped:
        main(["comment", "erase", "--email", given, "--yes", "-s", "pelicanconf.py"])
    assert stopped.value.code == 2
    assert "--email: not an e-mail address" in capsys.readouterr().err
    assert files(site) == before


def test_comments_without_an_address_are_written_from_none(site: Path) -> None:
    from zoneinfo import ZoneInfo

    from pelican_prospects.comments import review
    from pelican_prospects.comments.erase import written_from

    found = review.entries(site / "content" / "comments", ZoneInfo("UTC"), [])
    assert len(found) == 5
    assert written_from(found, {"bonjour/2": ""}, " ") == []
