"""The private store: addresses and the fetched-message ledger kept outside the site."""

from __future__ import annotations

import errno
import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pelican_prospects.cli import main
from pelican_prospects.comments.avatar import data_uri, key_of, seed_of
from pelican_prospects.comments.private import PrivateStore, message_key
from pelican_prospects.comments.read import read_comment
from pelican_prospects.problems import ProspectsError
from pelican_prospects.settings import apply

from .sites import SETTINGS_FILE, build, comment, page, write_site

PARIS = ZoneInfo("Europe/Paris")
CONF = SETTINGS_FILE


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
    assert (tmp_path / ".prospects-private" / ".gitignore").read_text(
        encoding="utf-8"
    ).splitlines()[-1] == "*"
    assert sorted(p.name for p in (tmp_path / ".prospects-private").iterdir()) == [
        ".gitignore",
        "emails.json",
        "fetched.txt",
    ]


def test_check_points_out_email_keys_and_move_emails_moves_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    old = comment("Jean", "2024-03-04 10:00", "Bonjour.", email="Jean@Example.org")
    write_site(tmp_path, {"bonjour/1.md": old, "bonjour/2.md": comment("Paul", "2024-03-05")})
    (tmp_path / "pelicanconf.py").write_text(CONF, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    build(tmp_path)
    before = page(tmp_path).select_one("#comment-1 img.avatar")["src"]
    assert main(["check", "-s", "pelicanconf.py"]) == 0
    output = capsys.readouterr()
    assert output.err.splitlines() == [
        "prospects: content/comments/bonjour/1.md:3: Email: an e-mail address in the site's "
        "files is published with them: run `pelican-prospects comment move-emails` to keep it "
        "in the private store"
    ]
    assert main(["comment", "move-emails", "-s", "pelicanconf.py"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "prospects: content/comments/bonjour/1.md: address moved to the private store",
        f"prospects: 1 address(es) moved to {tmp_path / '.prospects-private'}",
    ]
    assert (tmp_path / "content/comments/bonjour/1.md").read_text(encoding="utf-8") == (
        f"Author: Jean\nDate: 2024-03-04 10:00\nAvatar: {key_of('jean@example.org')}\n\nBonjour.\n"
    )
    assert json.loads(
        (tmp_path / ".prospects-private/emails.json").read_text(encoding="utf-8")
    ) == {"bonjour/1": "Jean@Example.org"}
    assert main(["check", "-s", "pelicanconf.py"]) == 0
    assert capsys.readouterr().err == ""
    build(tmp_path)
    assert page(tmp_path).select_one("#comment-1 img.avatar")["src"] == before


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("emails.json", b'["jean@example.org"]', "not a JSON object: restore it from a backup"),
        (
            "emails.json",
            b'{"a/1": null}',
            "'a/1' holds no address (a string): restore the file from a backup",
        ),
        ("emails.json", b'{"a/1": "j\xe9an@example.org"}', "not UTF-8 text (byte 10)"),
        (
            "notified.json",
            b'{"a/2": "jean@example.org"}',
            "'a/2' holds no list of addresses: restore the file from a backup",
        ),
        (
            "notified.json",
            b'{"a/2": [["jean@example.org"]]}',
            "'a/2' holds no list of addresses: restore the file from a backup",
        ),
        ("notified.json", b"\xff\xfe{}", "not UTF-8 text (byte 0): restore it from a backup"),
    ],
)
def test_a_damaged_store_file_is_named_not_misread(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    # Read as "nobody told", a damaged sent log would send every notification again.
    private = store(tmp_path, str(tmp_path / ".prospects-private"))
    (tmp_path / ".prospects-private").mkdir()
    (tmp_path / ".prospects-private" / name).write_bytes(data)
    with pytest.raises(ProspectsError) as raised:
        private.emails() if name == "emails.json" else private.notified()
    (problem,) = raised.value.problems
    assert problem.path == str(tmp_path / ".prospects-private" / name)
    assert problem.reason.startswith(reason)


def test_without_flock_a_notify_run_goes_on_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows has no fcntl: `comment notify` runs there without the lock instead of failing.
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` raises ImportError
    private = store(tmp_path, str(tmp_path / "private"))
    with private.notifying(), private.notifying():
        assert (tmp_path / "private").is_dir() is False


def test_a_store_whose_file_system_cannot_lock_goes_on_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Linux emulates flock on NFS and may refuse it on a folder opened read-only (EBADF).
    import fcntl

    def refuse(descriptor: int, operation: int) -> None:
        raise OSError(errno.EBADF, "Bad file descriptor")

    monkeypatch.setattr(fcntl, "flock", refuse)
    private = store(tmp_path, str(tmp_path / "private"))
    with private.notifying():
        assert (tmp_path / "private").is_dir()
