"""Reading exports: every field of the sample, and a clear refusal of broken or hostile files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican_prospects.problems import ProspectsError
from pelican_prospects.wordpress.wxr import parse

from .conftest import SAMPLES

AGAIN = "export the blog again with WordPress's Tools > Export"


def read(name: str):
    return parse((SAMPLES / name).read_bytes(), name)


def test_sample_items_terms_and_comments() -> None:
    export = read("blog.xml")
    assert (export.title, export.wxr_version) == ("Le blog de Claire", "1.2")
    assert export.authors == {"claire": "Claire Dumas"}
    assert export.author_ids == {"1"}
    assert [(i.id, i.type, i.status) for i in export.items] == [
        ("10", "post", "publish"),
        ("11", "post", "publish"),
        ("12", "post", "draft"),
        ("13", "post", "private"),
        ("15", "post", "publish"),
        ("14", "post", "publish"),
        ("20", "page", "publish"),
        ("30", "attachment", "inherit"),
    ]
    post = export.items[0]
    assert post.title == "Été à Paris : café & croissants"
    assert post.slug == "%c3%a9t%c3%a9-a-paris"
    assert (post.date_gmt, post.modified_gmt) == ("2023-07-15 08:30:00", "2023-07-20 16:00:00")
    assert post.categories == ["Voyages", "Cuisine"]
    assert post.tags == ["été", "café"]
    assert post.excerpt == "Un été à Paris, <em>entre deux cafés</em>."
    assert [(c.id, c.parent, c.approved, c.type) for c in post.comments] == [
        ("101", "0", "1", "comment"),
        ("102", "101", "1", "comment"),
        ("103", "102", "1", ""),
        ("104", "999", "1", "comment"),
        ("105", "0", "1", "pingback"),
        ("106", "0", "1", "trackback"),
        ("107", "0", "0", "comment"),
        ("108", "0", "spam", "comment"),
        ("109", "0", "trash", "comment"),
        ("110", "109", "1", "comment"),
    ]
    assert post.comments[0].url == "jean.example.org"
    assert [c.user_id for c in post.comments if c.user_id != "0"] == ["1", "1"]
    assert post.comments[0].date_gmt == "2023-07-16 07:00:00"


def test_declared_latin1_is_read() -> None:
    assert read("latin1_declared.xml").title == "Café déclaré en Latin-1"


def test_blank_lines_before_the_declaration_are_forgiven() -> None:
    assert read("leading_blank_lines.xml").title == "Blank lines first"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        (
            "billion_laughs.xml",
            "billion_laughs.xml:3: the file declares the entity 'lol' (<!ENTITY ...>), which a "
            "WordPress export never does: refused, as entities can expand without end "
            "(entity bomb)",
        ),
        (
            "external_entity.xml",
            "external_entity.xml:3: the file declares the external entity 'secret' "
            "(file:///etc/passwd), which a WordPress export never does: refused, nothing was "
            "read from it",
        ),
        (
            "malformed.xml",
            f"malformed.xml:6: malformed XML (mismatched tag, column 34); {AGAIN}",
        ),
        (
            "leading_blank_lines_malformed.xml",
            "leading_blank_lines_malformed.xml:8: malformed XML (mismatched tag, column 20); "
            f"{AGAIN}",
        ),
        (
            "control_character.xml",
            "control_character.xml:4: invisible control character U+000B at column 16, which XML "
            "forbids (text pasted from a word processor?): delete it from the file, or from the "
            "post or comment on WordPress and export again",
        ),
        (
            "truncated.xml",
            f"truncated.xml:7: the file ends in the middle of the export (cut off?); {AGAIN}",
        ),
        (
            "not_wordpress.xml",
            "not_wordpress.xml: not a WordPress export (no <wp:wxr_version> in an RSS channel); "
            f"{AGAIN}",
        ),
        (
            "wrong_encoding.xml",
            "wrong_encoding.xml:4: not UTF-8 text (byte 0xe9) although the file says it is; it "
            f"was probably re-saved in another encoding: {AGAIN}, or convert the file to UTF-8",
        ),
        (
            "unknown_encoding.xml",
            f"unknown_encoding.xml:1: unknown text encoding 'klingon-8' declared; {AGAIN} "
            "(it writes UTF-8)",
        ),
    ],
)
def test_bad_files_are_refused_with_file_and_line(name: str, problem: str) -> None:
    with pytest.raises(ProspectsError) as raised:
        read(name)
    assert raised.value.format() == f"prospects: cannot import the WordPress export:\n  {problem}"


@pytest.mark.parametrize(
    "name", ["billion_laughs.xml", "external_entity.xml", "malformed.xml", "wrong_encoding.xml"]
)
def test_bad_files_write_nothing(name: str, import_wordpress, site: Path) -> None:
    code, out, err = import_wordpress(str(SAMPLES / name), "--content", "content")
    assert code == 1
    assert out == ""
    assert err.startswith("prospects: cannot import the WordPress export:\n")
    assert not (site / "content").exists()
