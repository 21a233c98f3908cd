"""The private store: addresses and the fetched-message ledger kept outside the site."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pelican_prospects.comments.avatar import data_uri, key_of, seed_of
from pelican_prospects.comments.private import PrivateStore, message_key
from pelican_prospects.comments.read import read_comment
from pelican_prospects.problems import ProspectsError
from pelican_prospects.settings import apply

PARIS = ZoneInfo("Europe/Paris")


def store(tmp_path: Path, private: str) -> PrivateStore:
    settings = {"PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output")}
    settings["PROSPECTS_PRIVATE_PATH"] = private
    return PrivateStore(apply(settings))


def test_an_avatar_key_draws_the_avatar_its_address_draws() -> None:
    address = "Jean@Example.org "
    assert data_uri(seed_of(None, "Jean", key_of(address))) == data_uri(seed_of(address, "Jean"))
    assert data_uri(seed_of(None, "Jean", key_of(address))) != data_uri(seed_of(None, "Jean"))


def test_a_bad_avatar_key_is_a_problem_on_its_line() -> None:
    text = b"Author: Jean\nDate: 2024-03-04 10:00\nAvatar: jean@example.org\n\nBonjour.\n"
    reading = read_comment(
        text, path="c/a/1.md", article="a", comment_id="1", zone=PARIS, fallback_date=datetime.now()
    )
    assert [(p.line, p.reason) for p in reading.problems] == [
        (3, "Avatar 'jean@example.org' is not an avatar key (64 hexadecimal digits)")
    ]
    assert reading.comment is not None and reading.comment.avatar_key is None


@pytest.mark.parametrize("private", ["content/.private", "output/private", "."])
def test_a_store_inside_the_site_is_refused(tmp_path: Path, private: str) -> None:
    with pytest.raises(ProspectsError) as raised:
        store(tmp_path, str(tmp_path / private))
    (problem,) = raised.value.problems
    assert problem.reason.startswith("PROSPECTS_PRIVATE_PATH: ")
    assert "readers' addresses would be published" in problem.reason


def test_the_store_keeps_addresses_and_the_ledger_and_ignores_itself(tmp_path: Path) -> None:
    private = store(tmp_path, str(tmp_path / ".prospects-private"))
    assert private.emails() == {} and private.fetched() == set()
    private.keep_emails({"a/1": "jean@example.org"})
    private.keep_emails({"a/2": "marie@example.org"})
    private.remember([message_key("<x@y>", b""), message_key("", b"raw bytes")])
    again = store(tmp_path, str(tmp_path / ".prospects-private"))
    assert again.emails() == {"a/1": "jean@example.org", "a/2": "marie@example.org"}
    assert again.fetched() == {message_key(" <X@y> ", b"other"), message_key("", b"raw bytes")}
    assert (tmp_path / ".prospects-private" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert sorted(p.name for p in (tmp_path / ".prospects-private").iterdir()) == [
        ".gitignore",
        "emails.json",
        "fetched.txt",
    ]
