"""`import-wordpress` as users run it: the summary, the site's time zone, re-runs, options."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from pelican_prospects.wordpress.commands import LARGE, progress_bar

from .conftest import SAMPLES

EXPORT = str(SAMPLES / "blog.xml")
SKIPPED = """\
  skipped:
    'attachment' items (neither posts nor pages): 1
    comments in WordPress's trash: 1
    comments on pages (shown on articles only): 1
    comments on posts and pages not imported: 1
    drafts: 1
    password-protected posts and pages: 1
    private posts and pages: 1
  shortcodes left as text, to replace by hand: [gallery] (1)
  notes:
    post 11 ('Un billet sans slug') had no slug: given 'un-billet-sans-slug'
    comment 104 on 'été-a-paris' replies to comment 999, not in the export (deleted?): \
imported as a top-level comment
    comment 110 on 'été-a-paris' replies to comment 109, in the trash: imported as a \
top-level comment
"""


def test_summary_of_a_first_import(import_wordpress, site: Path) -> None:
    code, out, err = import_wordpress(EXPORT, "--content", "content")
    assert (code, err) == (0, "")
    assert out == (
        f"prospects: imported {EXPORT} ('Le blog de Claire') into {site / 'content'}\n"
        "  posts: 3, pages: 1\n"
        "  comments: 8 published, 1 pending, 1 spam (2 of them pingbacks or trackbacks)\n"
        "  files: 14 created\n"
        "  readers' e-mail addresses: 7 kept in the private store "
        f"{site / '.prospects-private'}, not in the comment files (their Avatar: key draws the "
        "same avatar)\n"
        "  dates: converted from WordPress's GMT dates to UTC (no pelicanconf.py here: pass "
        "-s SETTINGS for your TIMEZONE)\n" + SKIPPED
    )
    assert (
        (site / "content/comments/été-a-paris/101.md")
        .read_text(encoding="utf-8")
        .startswith("Author: Jean Dupont\nDate: 2023-07-16 07:00:00+00:00\n")
    )


def test_time_zone_from_pelicanconf_of_the_current_folder(import_wordpress, site: Path) -> None:
    (site / "pelicanconf.py").write_text(
        'PATH = "src"\nTIMEZONE = "Europe/Paris"\nSITEURL = "https://example.org"\n'
        'ARTICLE_PATHS = ["posts"]\n',
        encoding="utf-8",
    )
    (site / "src").mkdir()
    code, out, _ = import_wordpress(EXPORT)
    assert code == 0
    assert f"into {site / 'src'}\n" in out
    zone = "Europe/Paris (TIMEZONE of pelicanconf.py)"
    assert f"  dates: converted from WordPress's GMT dates to {zone}\n" in out
    text = (site / "src/posts/été-a-paris.md").read_text(encoding="utf-8")
    assert "Date: 2023-07-15 10:30:00+02:00\n" in text


def test_settings_whose_content_folder_is_missing(import_wordpress, site: Path) -> None:
    (site / "site.py").write_text('PATH = "nowhere"\n', encoding="utf-8")
    code, out, err = import_wordpress(EXPORT, "-s", "site.py")
    assert (code, out) == (1, "")
    assert err == (
        "prospects: cannot read the settings:\n  site.py:1: PATH: the content folder "
        f"{site / 'nowhere'} does not exist: create it, or set PATH to it\n"
    )


def test_second_import_keeps_what_the_owner_changed(import_wordpress, site: Path) -> None:
    import_wordpress(EXPORT, "--content", "content")
    edited = site / "content/articles/blocs.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy own words.\n", encoding="utf-8")
    (site / "content/comments/été-a-paris/108.md").unlink()
    code, out, _ = import_wordpress(EXPORT, "--content", "content")
    assert code == 0
    assert (
        "  files: 12 unchanged\n"
        "  readers' e-mail addresses: 6 kept in the private store "
        f"{site / '.prospects-private'}, not in the comment files (their Avatar: key draws the "
        "same avatar)\n"
        "  dates: converted from WordPress's GMT dates to UTC (no pelicanconf.py here: pass "
        "-s SETTINGS for your TIMEZONE)\n"
        "  kept as they are:\n"
        "    articles/blocs.md (you edited it since the last import)\n"
        "    comments/été-a-paris/108.md (you deleted it since the last import: not written "
        "again)\n"
    ) in out
    assert edited.read_text(encoding="utf-8").endswith("My own words.\n")
    assert not (site / "content/comments/été-a-paris/108.md").exists()
    files = sorted(p.relative_to(site) for p in site.rglob("*.md"))
    assert len(files) == 13 and len(set(files)) == 13


def test_dry_run(import_wordpress, site: Path) -> None:
    code, out, _ = import_wordpress(EXPORT, "--content", "content", "--dry-run")
    assert code == 0
    assert out.startswith(f"prospects: dry run, nothing written: {EXPORT} ('Le blog de Claire')")
    assert "  files: 14 to create\n" in out
    assert not (site / "content").exists()


def test_no_posts_adds_comments_to_articles_already_there(import_wordpress, site: Path) -> None:
    existing = site / "content/2023/ete.md"
    existing.parent.mkdir(parents=True)
    existing.write_text(
        "Title: Été\nDate: 2023-07-15 10:30\nSlug: été-a-paris\n\nImported before.\n",
        encoding="utf-8",
    )
    code, out, _ = import_wordpress(EXPORT, "--content", "content", "--no-posts")
    assert code == 0
    assert "  posts: 0, pages: 0\n" in out
    assert "    comments on posts that are not articles of the site: 1\n" in out
    assert sorted(p.name for p in (site / "content/comments/été-a-paris").iterdir()) == [
        f"{number}.md" for number in (*range(101, 109), 110)
    ]
    assert not (site / "content/articles").exists()
    assert not (site / "content/comments/un-billet-sans-slug").exists()


def test_articles_already_in_the_site_are_not_duplicated(import_wordpress, site: Path) -> None:
    existing = site / "content/2024/blocs.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("Title: Blocs\nDate: 2024-02-05\nSlug: blocs\n\nMine.\n", encoding="utf-8")
    code, out, _ = import_wordpress(EXPORT, "--content", "content")
    assert code == 0
    assert "    posts and pages already in the site in another file: 1\n" in out
    assert "    post 'blocs' left as it is in 2024/blocs.md\n" in out
    assert not (site / "content/articles/blocs.md").exists()


def test_progress_bar_on_a_terminal_for_a_large_export() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with progress_bar(LARGE, console) as advance:
        advance(LARGE)
    assert "Converting posts and comments" in screen.getvalue()
    assert "100%" in screen.getvalue()


def test_no_progress_bar_for_a_small_export() -> None:
    screen = io.StringIO()
    with progress_bar(LARGE - 1, Console(file=screen, force_terminal=True)) as advance:
        advance(LARGE - 1)
    assert screen.getvalue() == ""
