"""The memo: small results a build keeps for the next one, in CACHE_PATH when caching is on."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from pelican_prospects import host, i18n, memo
from pelican_prospects.memo import FILE, Memo, file_format

from .support import ROOT, write_files


def made(log: list[str], value: str) -> str:
    log.append(value)
    return value


def test_a_memo_gives_back_what_the_last_build_kept_without_making_it_again(
    tmp_path: Path,
) -> None:
    first, log = Memo(), []
    first.open(str(tmp_path), load=True)
    assert first.get("a", lambda: made(log, "A")) == "A"
    assert first.get("a", lambda: made(log, "again")) == "A"
    first.save()
    second = Memo()
    second.open(str(tmp_path), load=True)
    assert second.get("a", lambda: made(log, "again")) == "A"
    assert log == ["A"]


def test_a_memo_keeps_only_what_the_last_build_used(tmp_path: Path) -> None:
    first = Memo()
    first.open(str(tmp_path), load=True)
    first.get("old", lambda: 1)
    first.save()
    second = Memo()
    second.open(str(tmp_path), load=True)
    second.get("new", lambda: 2)
    second.save()
    assert memo.read(str(tmp_path / FILE)) == ({"new": 2}, {})


def test_autoreload_builds_leave_only_what_the_last_one_used(tmp_path: Path) -> None:
    # One process, build after build, a template edited each time: the memo does not grow.
    kept = Memo()
    for edit in range(5):
        kept.open(str(tmp_path), load=True)
        kept.get(("template", edit), lambda: "parsed")
        kept.save()
    assert memo.read(str(tmp_path / FILE)) == ({("template", 4): "parsed"}, {})


def test_a_lasting_result_stays_when_a_build_does_not_ask_for_it(tmp_path: Path) -> None:
    # A rebuild that renders no comment reads no date: the next one that does finds them still.
    first = Memo()
    first.open(str(tmp_path), load=True)
    first.get("dates", lambda: "read", lasting=True)
    first.get("template", lambda: "parsed")
    first.save()
    for _ in range(2):
        later = Memo()
        later.open(str(tmp_path), load=True)
        later.save()
    assert memo.read(str(tmp_path / FILE)) == ({}, {"dates": "read"})
    last = Memo()
    last.open(str(tmp_path), load=True)
    assert last.get("dates", lambda: "read again", lasting=True) == "read"


def test_without_caching_a_memo_writes_nothing(tmp_path: Path) -> None:
    kept = Memo()
    kept.open(None, load=False)
    kept.get("a", lambda: 1)
    kept.save()
    assert list(tmp_path.iterdir()) == []


def test_without_loading_the_cache_a_memo_reads_nothing(tmp_path: Path) -> None:
    first = Memo()
    first.open(str(tmp_path), load=True)
    first.get("a", lambda: "old")
    first.save()
    second = Memo()
    second.open(str(tmp_path), load=False)
    assert second.get("a", lambda: "new") == "new"


@pytest.mark.parametrize(
    "data",
    [
        b"not a pickle",
        b"",
        pickle.dumps(("another format", {"a": "old"}, {})),
        pickle.dumps((file_format(), ["not", "a", "dict"], {})),
        pickle.dumps((file_format(), {"a": "old"})),  # as the memo's first format wrote it
        pickle.dumps("one string"),
    ],
    ids=["garbage", "empty", "foreign-format", "not-a-dict", "two-parts", "not-a-triple"],
)
def test_a_damaged_or_foreign_memo_is_made_again(tmp_path: Path, data: bytes) -> None:
    (tmp_path / FILE).write_bytes(data)
    kept = Memo()
    kept.open(str(tmp_path), load=True)
    assert kept.get("a", lambda: "new") == "new"
    kept.save()
    assert memo.read(str(tmp_path / FILE)) == ({"a": "new"}, {})


def test_an_unwritable_cache_is_a_warning_not_a_failure(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    kept = Memo()
    kept.open(str(blocker), load=True)
    kept.get("a", lambda: 1)
    kept.save()
    assert "not written" in caplog.text
    assert "the next build makes it again" in caplog.text


def test_a_memo_not_written_leaves_no_partial_file(tmp_path: Path) -> None:
    (tmp_path / FILE).mkdir()  # a folder where the memo goes: the last step fails
    kept = Memo()
    kept.open(str(tmp_path), load=True)
    kept.get("a", lambda: 1)
    kept.save()
    assert [path.name for path in tmp_path.iterdir()] == [FILE]


def test_an_edited_template_is_parsed_again() -> None:
    env = Environment(loader=DictLoader({}))
    assert host.referenced(env, '{% extends "base.html" %}') == ["base.html"]
    assert host.referenced(env, '{% extends "other.html" %}') == ["other.html"]
    # Another syntax reads the same text otherwise.
    other = Environment(block_start_string="<%", block_end_string="%>")
    assert host.referenced(other, '{% extends "base.html" %}') == []
    assert host.read_variables(env, "{{ a }}{{ b }}{% set c = 1 %}{{ c }}") == ["a", "b"]


def test_a_template_s_variables_are_read_again_with_other_globals() -> None:
    # Jinja leaves the environment's globals out of the variables a template reads: a name that
    # one site has as a global (JINJA_GLOBALS) is a setting another site's fingerprint hashes.
    source = "{{ BADGE }}{{ other }}"
    with_global = Environment(loader=DictLoader({}))
    with_global.globals["BADGE"] = "*"
    assert host.read_variables(with_global, source) == ["other"]
    assert host.read_variables(Environment(loader=DictLoader({})), source) == ["BADGE", "other"]


BUILD = """
import json, sys
from babel import localedata
from jinja2 import Environment
from pelican import Pelican
from pelican.settings import read_settings

calls = {"babel": 0, "parse": 0}
load, parse = localedata.load, Environment.parse

def counting_load(*args, **kwargs):
    calls["babel"] += 1
    return load(*args, **kwargs)

def counting_parse(*args, **kwargs):
    calls["parse"] += 1
    return parse(*args, **kwargs)

localedata.load, Environment.parse = counting_load, counting_parse
content, output, cache = sys.argv[1:]
settings = {
    "PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache, "THEME": "notmyidea",
    "PLUGINS": ["pelican_prospects"], "TIMEZONE": "Europe/Paris", "DEFAULT_LANG": "fr",
    "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
    "PROSPECTS_CONTACT_EMAIL": "owner@example.org",
}
Pelican(read_settings(path=None, override=settings)).run()
calls["catalogs read"] = "babel.messages.pofile" in sys.modules
print(json.dumps(calls))
"""


def test_a_rebuild_reads_neither_babel_s_data_nor_templates_nor_catalogs_again(
    tmp_path: Path,
) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "post.md": "Title: Post\nDate: 2024-05-01\nSlug: post\n\nText.\n",
            "comments/post/1.md": "Author: Ann\nDate: 2024-05-02 10:00\n\nA comment.\n",
        },
    )
    script = tmp_path / "build.py"
    script.write_text(textwrap.dedent(BUILD), encoding="utf-8")

    def build() -> dict[str, int | bool]:
        command = [sys.executable, str(script), str(content), str(tmp_path / "out")]
        done = subprocess.run(
            [*command, str(tmp_path / "cache")],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]

    cold = build()
    assert cold["babel"] > 0  # what the memo keeps is made at first
    assert cold["catalogs read"]
    assert (tmp_path / "cache" / FILE).exists()
    # Nothing changed: no comment is rendered, no date is asked for; the memo keeps them still.
    assert build()["babel"] == 0
    # A new comment: its date is written, and the comments' templates are read again.
    (content / "comments" / "post" / "2.md").write_text(
        "Author: Bob\nDate: 2024-05-03 11:00\n\nAnother.\n", encoding="utf-8"
    )
    rebuild = build()
    assert rebuild["babel"] == 0
    assert not rebuild["catalogs read"]  # the plugin's and the theme's .po, compiled
    # Jinja compiles templates through its private `_parse`: `parse` is the plugin reading the
    # theme's templates and its own to know what they include and read.
    assert cold["parse"] > 0
    assert rebuild["parse"] == 0
    page = (tmp_path / "out" / "post.html").read_text(encoding="utf-8")
    assert "3 mai 2024" in page


def test_an_edited_catalog_is_read_again(tmp_path: Path) -> None:
    po = i18n.catalog_path(tmp_path, "fr")
    po.parent.mkdir(parents=True)

    def translated(text: str) -> str:
        po.write_text(f'msgid ""\nmsgstr ""\n\nmsgid "Reply"\nmsgstr "{text}"\n', encoding="utf-8")
        return i18n.translations("fr", [tmp_path]).gettext("Reply")

    assert translated("Répondre") == "Répondre"
    assert translated("Réponse") == "Réponse"


KEEP = """
import sys
from pathlib import Path
from pelican_prospects import i18n
from pelican_prospects.memo import MEMO
MEMO.open(sys.argv[1], load=True)
print(i18n.translations("fr", [Path(sys.argv[2])]).gettext("Reply"))
MEMO.save()
"""


def test_a_memo_made_by_other_code_of_the_plugin_is_not_read(tmp_path: Path) -> None:
    # The same version number, other code (a checkout, an editable install): what the memo
    # keeps was made by the code that wrote it, such as a catalog compiled before a check.
    package = tmp_path / "code"
    shutil.copytree(ROOT / "pelican_prospects", package / "pelican_prospects")
    po = i18n.catalog_path(tmp_path / "tr", "fr")
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n\nmsgid "Reply"\nmsgstr "Répondre"\n', encoding="utf-8")

    def build() -> str:
        command = [sys.executable, "-c", KEEP, str(tmp_path / "cache"), str(tmp_path / "tr")]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(package)},
        )
        return done.stdout.strip()

    assert build() == "Répondre"
    source = package / "pelican_prospects" / "i18n.py"
    edited = source.read_text(encoding="utf-8").replace(
        "    buffer = io.BytesIO()\n",
        '    catalog["Reply"].string = "Autre"\n    buffer = io.BytesIO()\n',
    )
    assert edited != source.read_text(encoding="utf-8")
    source.write_text(edited, encoding="utf-8")
    assert build() == "Autre"
