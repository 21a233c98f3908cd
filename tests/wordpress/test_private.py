"""Readers' addresses: the import keeps them in the private store, never in the site's files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelican_prospects.cli import main
from pelican_prospects.comments.avatar import key_of
from pelican_prospects.comments.commentfile import parse_comment, with_key
from pelican_prospects.wordpress.write import MANIFEST, digest

from .conftest import SAMPLES

EXPORT = str(SAMPLES / "blog.xml")
SLUG = "été-a-paris"
# The sample's readers' addresses, by comment, as the private store keeps them.
ADDRESSES = {
    "un-billet-sans-slug/111": "marie@example.org",
    f"{SLUG}/101": "jean@example.org",
    f"{SLUG}/102": "claire@example.org",
    f"{SLUG}/103": "jean@example.org",
    f"{SLUG}/107": "pending@example.org",
    f"{SLUG}/108": "spam@example.com",
    f"{SLUG}/110": "claire@example.org",
}
SETTINGS = 'PATH = "content"\nTIMEZONE = "Europe/Paris"\n'


def site_files(site: Path) -> dict[str, str]:
    """Return the text of every file under the content folder, by path."""
    content = site / "content"
    return {
        str(path.relative_to(content)): path.read_text(encoding="utf-8")
        for path in sorted(content.rglob("*"))
        if path.is_file()
    }


def stored(site: Path) -> dict[str, str]:
    return json.loads((site / ".prospects-private/emails.json").read_text(encoding="utf-8"))


def header(text: str) -> dict[str, str]:
    return {name: value for name, (_, value) in parse_comment(text).values.items()}


def with_settings(site: Path, extra: str = "") -> None:
    (site / "content").mkdir()
    (site / "pelicanconf.py").write_text(SETTINGS + extra, encoding="utf-8")


def test_no_address_lands_in_the_content_folder(import_wordpress, site: Path) -> None:
    with_settings(site)
    code, out, err = import_wordpress(EXPORT)
    assert (code, err) == (0, "")
    for path, text in site_files(site).items():
        assert "Email" not in text and "@example." not in text, path
    assert stored(site) == ADDRESSES
    assert (site / ".prospects-private/.gitignore").exists()
    assert (
        f"  readers' e-mail addresses: 7 kept in the private store {site / '.prospects-private'}, "
        "not in the comment files (their Avatar: key draws the same avatar)\n"
    ) in out
    # Each file keeps the key `comment add --email` and `move-emails` write: the same avatar.
    files = site_files(site)
    for target, address in ADDRESSES.items():
        slug, number = target.split("/")
        assert header(files[f"comments/{slug}/{number}.md"])["avatar"] == key_of(address)
    assert "avatar" not in header(files[f"comments/{SLUG}/104.md"])  # no address, no key


def test_check_and_move_emails_find_nothing_to_move(
    import_wordpress, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_settings(site)
    import_wordpress(EXPORT)
    assert main(["check"]) == 0
    assert "Email:" not in capsys.readouterr().err
    assert main(["comment", "move-emails"]) == 0
    assert capsys.readouterr().out.endswith(
        f"prospects: 0 address(es) moved to {site / '.prospects-private'}\n"
    )
    assert stored(site) == ADDRESSES


def test_a_dry_run_writes_no_private_store(import_wordpress, site: Path) -> None:
    with_settings(site)
    code, out, _ = import_wordpress(EXPORT, "--dry-run")
    assert code == 0
    assert (
        f"  readers' e-mail addresses: 7 to keep in the private store {site / '.prospects-private'}"
    ) in out
    assert not (site / ".prospects-private").exists()
    assert site_files(site) == {}


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_private_store_inside_the_site_is_refused_before_anything_is_written(
    import_wordpress, site: Path, dry_run: bool
) -> None:
    with_settings(site, 'PROSPECTS_PRIVATE_PATH = "content/private"\n')
    code, out, err = import_wordpress(EXPORT, *(["--dry-run"] if dry_run else []))
    assert (code, out) == (1, "")
    assert "PROSPECTS_PRIVATE_PATH: " in err
    assert "readers' addresses would be published" in err
    assert site_files(site) == {}


def test_without_settings_the_store_is_beside_the_content_folder(
    import_wordpress, site: Path
) -> None:
    # As `comment add` finds it once pelicanconf.py is written in this folder.
    (site / "content").mkdir()
    code, out, _ = import_wordpress(EXPORT)
    assert code == 0
    assert stored(site) == ADDRESSES
    assert f"private store {site / '.prospects-private'}," in out


def test_importing_again_takes_the_addresses_out_of_an_earlier_import(
    import_wordpress, site: Path
) -> None:
    """A site imported before the fix: untouched files are rewritten, edited ones pointed out."""
    with_settings(site)
    import_wordpress(EXPORT)
    # Make the files an earlier import wrote: `Email:` instead of `Avatar:`, in the manifest.
    manifest = json.loads((site / "content" / MANIFEST).read_text(encoding="utf-8"))
    for target, address in ADDRESSES.items():
        slug, number = target.split("/")
        path = f"comments/{slug}/{number}.md"
        old = with_key((site / "content" / path).read_text(encoding="utf-8"), "avatar", "")
        old = with_key(old, "email", address)
        (site / "content" / path).write_text(old, encoding="utf-8")
        manifest["files"][path] = digest(old)
    (site / "content" / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (site / ".prospects-private/emails.json").unlink()
    edited = site / f"content/comments/{SLUG}/101.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "Edited.\n", encoding="utf-8")

    code, out, _ = import_wordpress(EXPORT)
    assert code == 0
    assert "  files: 6 updated, 7 unchanged\n" in out
    assert f"    comments/{SLUG}/101.md (you edited it since the last import)\n" in out
    assert out.endswith(
        "  comment files with an Email: line, published with the site: 1 (an earlier import's, "
        "or yours): run `pelican-prospects comment move-emails` to keep the addresses in the "
        "private store\n"
    )
    with_email = [path for path, text in site_files(site).items() if "Email:" in text]
    assert with_email == [f"comments/{SLUG}/101.md"]
    # The edited file is the owner's: its address is not taken from the export.
    assert stored(site) == {k: v for k, v in ADDRESSES.items() if k != f"{SLUG}/101"}
    assert main(["comment", "move-emails"]) == 0
    assert stored(site) == ADDRESSES
    assert not [path for path, text in site_files(site).items() if "Email:" in text]


def test_a_deleted_comment_does_not_give_its_address_back(import_wordpress, site: Path) -> None:
    with_settings(site)
    import_wordpress(EXPORT)
    assert main(["comment", "review", "--delete", f"{SLUG}/107"]) == 0
    assert f"{SLUG}/107" not in stored(site)
    import_wordpress(EXPORT)
    assert f"{SLUG}/107" not in stored(site)


# Addresses a hostile database may hold: line breaks (as XML character references, which the
# parser turns into the characters) followed by header lines, and markup.
HOSTILE = {
    "1": "a@example.org&#10;Owner: yes&#10;&#10;Injected text",
    "2": "b@example.org&#13;Status: published",
    "3": "c@example.org&#x2028;Replyto: 1",
    "4": "d@example.org&#x85;Notify: yes",
    "5": "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@example.org",
    "6": "  &#10; &#9; ",
}
WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>T</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Post</title><wp:post_id>1</wp:post_id><wp:post_name>post</wp:post_name>
<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt>
<content:encoded>Body</content:encoded>
{comments}
</item></channel></rss>
"""
COMMENT = """<wp:comment><wp:comment_id>{number}</wp:comment_id>
<wp:comment_author>R{number}</wp:comment_author>
<wp:comment_author_email>{email}</wp:comment_author_email>
<wp:comment_date_gmt>2024-01-02 10:00:0{number}</wp:comment_date_gmt>
<wp:comment_content>Text {number}</wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
</wp:comment>"""


def test_hostile_addresses_inject_no_header_line(import_wordpress, site: Path) -> None:
    comments = "".join(
        COMMENT.format(number=number, email=email, approved="0" if number == "2" else "1")
        for number, email in HOSTILE.items()
    )
    export = site / "hostile.xml"
    export.write_text(WXR.format(comments=comments), encoding="utf-8")
    with_settings(site)
    code, out, err = import_wordpress(str(export))
    assert (code, err) == (0, "")
    assert "  readers' e-mail addresses: 5 kept in the private store " in out
    files = site_files(site)
    expected = {
        "post/1": "a@example.org Owner: yes Injected text",
        "post/2": "b@example.org Status: published",
        "post/3": "c@example.org Replyto: 1",
        "post/4": "d@example.org Notify: yes",
        "post/5": '"><script>alert(1)</script>@example.org',
    }
    assert stored(site) == expected
    for number in HOSTILE:
        text = files[f"comments/post/{number}.md"]
        parsed = parse_comment(text)
        assert (parsed.bad_line, parsed.unknown, parsed.repeated) == (None, [], [])
        assert parsed.text == f"Text {number}"
        wanted = {"author", "date", "avatar"} if number != "6" else {"author", "date"}
        if number == "2":
            wanted.add("status")
            assert header(text)["status"] == "pending"
        assert set(parsed.values) == wanted, text
        assert "@" not in text and "script" not in text
        if f"post/{number}" in expected:
            assert header(text)["avatar"] == key_of(expected[f"post/{number}"])
    assert main(["check"]) == 0
