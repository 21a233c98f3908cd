"""A settings file the commands cannot use: one message naming the file and the fix, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import ROOT, run, write_files

SUMMARY = "prospects: cannot read the settings:\n"
PAGES = ROOT / "content" / "pages"
GOOD = 'PATH = "content"\nPLUGINS = ["pelican_prospects"]\nTIMEZONE = "Europe/Paris"\n'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Return a site folder with a content folder holding one article."""
    write_files(
        tmp_path / "content", {"un-billet.md": "Title: Un billet\nDate: 2024-01-02\n\nTexte.\n"}
    )
    return tmp_path


def fails(site: Path, *command: str) -> str:
    """Run a `pelican-prospects` command that must fail; return its stderr."""
    result = run(["pelican-prospects", *command], cwd=site)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 1, result.stderr
    return result.stderr


def test_no_settings_file(site: Path) -> None:
    assert fails(site, "check") == (
        f"{SUMMARY}  pelicanconf.py: no such settings file: run the command in your site's folder"
        " (where pelicanconf.py is), or pass -s SETTINGS\n"
    )


def test_a_folder_given_as_settings_file(site: Path) -> None:
    assert fails(site, "table", "votre-projet", "-s", "content") == (
        f"{SUMMARY}  content: this is a folder, not a settings file: pass -s path/to/pelicanconf.py\n"
    )


def test_a_syntax_error_names_its_line(site: Path) -> None:
    write_files(
        site, {"pelicanconf.py": 'PATH = "content"\nMENU = [\n    "a",\n    "b" "c" 3,\n]\n'}
    )
    assert fails(site, "route", "votre-projet", "objectifs=definis") == (
        f"{SUMMARY}  pelicanconf.py:4: not valid Python: invalid syntax. Perhaps you forgot a"
        " comma?: fix this line\n"
    )


def test_a_binary_file_is_not_python(site: Path) -> None:
    (site / "site.db").write_bytes(b"SQLite format 3\x00\x10\x00")
    assert fails(site, "check", "-s", "site.db") == (
        f"{SUMMARY}  site.db: not a Python settings file (source code string cannot contain null"
        " bytes): pass -s path/to/pelicanconf.py\n"
    )


def test_text_that_is_not_utf8(site: Path) -> None:
    (site / "pelicanconf.py").write_bytes(b'PATH = "content"\nAUTHOR = "Ren\xe9e"\n')
    assert fails(site, "check") == (
        f"{SUMMARY}  pelicanconf.py:2: not UTF-8 text: save the file as UTF-8 ('utf-8' codec"
        " can't decode byte 0xe9 in position 3: invalid continuation byte)\n"
    )


def test_an_exception_in_the_settings_names_its_line(site: Path) -> None:
    write_files(site, {"pelicanconf.py": 'PATH = "content"\n\nLINKS = dict(["a"])\n'})
    stderr = fails(
        site, "comment", "add", "--article", "un-billet", "--author", "A", "--text", "Hi"
    )
    assert stderr == (
        f"{SUMMARY}  pelicanconf.py:3: the settings file stops with ValueError: dictionary update"
        " sequence element #0 has length 1; 2 is required: fix it, then run again\n"
    )
    assert not (site / "content" / "comments").exists()


def test_a_syntax_error_in_an_imported_settings_file(site: Path) -> None:
    write_files(
        site,
        {
            "pelicanconf.py": 'PATH = "content"\nSITENAME = "Mon blog\n',
            "publishconf.py": (
                "import os\nimport sys\n\nsys.path.append(os.curdir)\nfrom pelicanconf import *\n"
            ),
        },
    )
    assert fails(site, "check", "-s", "publishconf.py") == (
        f"{SUMMARY}  {site / 'pelicanconf.py'}:2: not valid Python: unterminated string literal"
        " (detected at line 2): fix this line\n"
    )


def test_a_missing_theme(site: Path) -> None:
    write_files(site, {"pelicanconf.py": GOOD + 'THEME = "themes/mon-theme"\n'})
    message = (
        f"{SUMMARY}  pelicanconf.py:4: THEME: no theme folder themes/mon-theme, and Pelican has no"
        " theme of that name: fix THEME, or remove it for Pelican's default theme\n"
    )
    assert fails(site, "check") == message
    # Not "create the content folder", as import-wordpress used to say.
    (site / "export.xml").write_text("<rss/>", encoding="utf-8")
    assert fails(site, "import-wordpress", "export.xml") == message


def test_a_missing_content_folder_and_theme_in_one_run(site: Path) -> None:
    write_files(site, {"site.py": 'PATH = "contenu"\nTHEME = "nulle-part"\n'})
    assert fails(site, "check", "-s", "site.py") == (
        f"{SUMMARY}  site.py:1: PATH: the content folder {site / 'contenu'} does not exist: create"
        " it, or set PATH to it\n"
        "  site.py:2: THEME: no theme folder nulle-part, and Pelican has no theme of that name:"
        " fix THEME, or remove it for Pelican's default theme\n"
    )


def test_a_file_where_the_comments_folder_goes(site: Path) -> None:
    write_files(site, {"pelicanconf.py": GOOD, "content/comments": "not a folder\n"})
    reason = (
        f"PROSPECTS_COMMENTS_PATH: {site / 'content' / 'comments'} is a file, not a folder: move"
        " the file away, or set PROSPECTS_COMMENTS_PATH"
    )
    stderr = fails(
        site, "comment", "add", "--article", "un-billet", "--author", "A", "--text", "Hi"
    )
    assert stderr.endswith(f"prospects: invalid settings:\n  pelicanconf.py: {reason}\n")
    # The build stops with the same reason.
    result = run(["pelican", "-s", "pelicanconf.py", "-o", "output"], cwd=site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"settings: {reason}" in " ".join((result.stdout + result.stderr).split())


def test_good_settings_still_work(site: Path) -> None:
    write_files(site, {"pelicanconf.py": GOOD, "publishconf.py": "from pelicanconf import *\n"})
    result = run(["pelican-prospects", "check"], cwd=site)
    assert (result.returncode, result.stdout) == (0, "prospects: no problem found\n")


def test_folders_given_as_path_objects_work_in_check_and_build(site: Path) -> None:
    # Pelican makes relative folders text, and leaves absolute ones as they are: Path objects.
    conf = (
        "from pathlib import Path\nHERE = Path(__file__).resolve().parent\n"
        'PATH = HERE / "content"\nOUTPUT_PATH = HERE / "out"\nCACHE_PATH = HERE / "cache"\n'
        'ARTICLE_PATHS = [Path(".")]\nPLUGINS = ["pelican_prospects"]\n'
    )
    write_files(site, {"pelicanconf.py": conf})
    result = run(["pelican-prospects", "check"], cwd=site)
    assert (result.returncode, result.stdout) == (0, "prospects: no problem found\n"), result.stderr
    result = run(["pelican", "-s", "pelicanconf.py"], cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "out" / "un-billet.html").is_file()


INVALID = "prospects: invalid settings:\n"
ITEMS = "Expected a whole number of feed entries such as 20 (0 or None for no limit)"


def test_a_pelican_setting_of_a_wrong_type_names_its_line_in_check_and_build(site: Path) -> None:
    write_files(site, {"pelicanconf.py": GOOD + 'AUTHOR = "Claire"\nFEED_MAX_ITEMS = "5"\n'})
    reason = f"FEED_MAX_ITEMS: {ITEMS}, but received: '5'"
    assert fails(site, "check").endswith(f"{INVALID}  pelicanconf.py:5: {reason}\n")
    # The build stops with the same reason (Pelican's settings dict does not know its file).
    result = run(["pelican", "-s", "pelicanconf.py", "-o", "output"], cwd=site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"settings: {reason}" in " ".join((result.stdout + result.stderr).split())


def test_settings_pelican_itself_stumbles_on_are_named(site: Path) -> None:
    # Pelican calls DEFAULT_LANG.lower() and SITEURL.endswith(): AttributeError, a traceback.
    write_files(
        site,
        {
            "pelicanconf.py": GOOD
            + 'DEFAULT_LANG = 5\nSITEURL = 5\nTIMEZONE = "Europe"\nPROSPECTS_IMAP = {1: "x"}\n'
        },
    )
    assert fails(site, "check") == (
        f"{INVALID}  pelicanconf.py:4: DEFAULT_LANG: Expected a language code such as 'en', but"
        " received: 5\n"
        "  pelicanconf.py:5: SITEURL: Expected the site's address such as 'https://example.org'"
        " (or '' for none), but received: 5\n"
        "  pelicanconf.py:6: TIMEZONE: Expected a time zone such as 'Europe/Paris', but received:"
        " 'Europe'\n"
        "  pelicanconf.py:7: PROSPECTS_IMAP: Expected {} or a dict with 'host' and 'user' (and"
        " optionally 'port', 'folder', 'done_folder', 'cafile', 'tls': 'implicit' (the default),"
        " 'starttls', True or False); unknown key(s): 1, but received: {1: 'x'}\n"
    )


def test_any_other_setting_pelican_stumbles_on_is_a_message(site: Path) -> None:
    write_files(site, {"pelicanconf.py": GOOD + "PAGINATION_PATTERNS = 5\n"})
    assert fails(site, "check").endswith(
        f"{SUMMARY}  pelicanconf.py: Pelican cannot use these settings (TypeError: 'int' object is"
        " not iterable): check the type of each value against Pelican's documentation\n"
    )


def test_a_time_zone_folder_names_its_line(site: Path) -> None:
    write_files(site, {"pelicanconf.py": GOOD.replace("Europe/Paris", "Europe")})
    # After Pelican's warning that feeds lack SITEURL.
    assert fails(site, "check").endswith(
        f"{INVALID}  pelicanconf.py:3: TIMEZONE: Expected a time zone such as 'Europe/Paris', but"
        " received: 'Europe'\n"
    )
