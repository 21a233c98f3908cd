"""Building sites with server rules: what each host gets, what the build says, what it keeps."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from pelican_prospects.problems import ProspectsError
from pelican_prospects.server_rules.merge import BEGIN, END, NOTE
from pelican_prospects.server_rules.plan import NOTICE

from ..support import ROOT, build_site, write_files
from .nginx_server import get, serve

HOSTS = ["nginx", "apache", "netlify"]
OWN_HTACCESS = "ErrorDocument 404 /404.html\n"
OWN_REDIRECTS = "/ancien-blog/*  /:splat  301\n"
SCRIPT = ROOT / "pelican_prospects" / "static" / "questionnaire" / "journey.js"
BIG = "\n".join(
    [
        "Title: Un grand questionnaire",
        "Slug: grand",
        "",
        *(
            line
            for number in range(1, 6)
            for line in [
                f"## Question {number} {{#q{number} .optional}}",
                "",
                *(f"- ( ) Choix {code} {{c{code} +1}}" for code in range(1, 10)),
                "",
            ]
        ),
        "```routing",
        "rendez-vous: score >= 4",
        "devis: otherwise",
        "```",
    ]
)
# One question of 100 options whose codes take 4,500 characters: one pattern holds them all.
LONG_CODES = "\n".join(
    [
        "Title: Des codes longs",
        "Slug: longs",
        "",
        "## Question {#q}",
        "",
        *(f"- ( ) Choix {code} {{c{code:03d}-{'x' * 40}}}" for code in range(100)),
        "",
        "```routing",
        f"rendez-vous: q = c000-{'x' * 40}",
        "devis: otherwise",
        "```",
    ]
)
OFFERS = {
    "pages/devis.md": "Title: Devis\nSlug: devis\nOffer: quote\n\nTarifs.\n",
    "pages/rendez-vous.md": "Title: Rendez-vous\nSlug: rendez-vous\nOffer: contact\n\nParlons-en.\n",
}


def messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == level and r.name.startswith("pelican_prospects.server_rules")
    ]


def test_the_demo_gets_every_host_and_the_owner_files_stay(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    write_files(content, {"extra/htaccess": OWN_HTACCESS, "extra/_redirects": OWN_REDIRECTS})
    static = {
        "STATIC_PATHS": ["extra"],
        "EXTRA_PATH_METADATA": {
            "extra/htaccess": {"path": ".htaccess"},
            "extra/_redirects": {"path": "_redirects"},
        },
    }
    output = tmp_path / "output"
    caplog.set_level(logging.INFO)
    build_site(content, output, PROSPECTS_SERVER_RULES=HOSTS, **static)
    assert messages(caplog, logging.INFO) == [
        "prospects: questionnaire votre-projet on nginx: 768 answer sets routed by 72 'if' blocks",
        "prospects: questionnaire votre-projet on apache: 768 answer sets routed by 66"
        " RewriteRules",
        "prospects: questionnaire votre-projet on netlify: 48 of 768 answer sets redirected by"
        " 70 rules; the 720 with a ticked box get the route page, which links every offer"
        " (Netlify cannot tell repeated keys apart)",
    ]
    htaccess = (output / ".htaccess").read_text(encoding="utf-8")
    redirects = (output / "_redirects").read_text(encoding="utf-8")
    assert htaccess.startswith(f"{BEGIN}\n{NOTE}\n<IfModule mod_rewrite.c>\n")
    assert htaccess.endswith(f"</IfModule>\n{END}\n\n{OWN_HTACCESS}")
    assert redirects.startswith(f"{BEGIN}\n{NOTE}\n# Questionnaire votre-projet")
    assert redirects.endswith(f"{END}\n\n{OWN_REDIRECTS}")
    files = {
        name: (output / name).read_text(encoding="utf-8") for name in (".htaccess", "_redirects")
    }
    build_site(content, output, PROSPECTS_SERVER_RULES=HOSTS, **static)
    assert {name: (output / name).read_text(encoding="utf-8") for name in files} == files


def test_a_site_under_a_path_gets_locations_under_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    output = tmp_path / "output"
    build_site(
        content,
        output,
        PROSPECTS_SERVER_RULES=["nginx"],
        SITEURL="https://example.org/blog",
        RELATIVE_URLS=False,
    )
    lines = (output / "prospects.nginx.conf").read_text(encoding="utf-8").splitlines()
    assert "location = /blog/prospects.nginx.conf { return 404; }" in lines
    assert "location = /blog/pages/votre-projet/route.html {" in lines
    assert (
        '    if ($prospects_bad) { return 302 "/blog/pages/votre-projet.html'
        f'${{prospects_query}}{NOTICE}"; }}'
    ) in lines
    assert not (output / ".htaccess").exists() and not (output / "_redirects").exists()


def test_too_many_answer_sets_for_a_host_leave_it_out_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = write_files(tmp_path / "content", {"pages/grand.md": BIG, **OFFERS})
    output = tmp_path / "output"
    caplog.set_level(logging.INFO)
    build_site(content, output, PROSPECTS_SERVER_RULES=HOSTS)
    assert messages(caplog, logging.WARNING) == [
        "prospects: questionnaire grand needs JavaScript on netlify: 100000 answer sets exceed"
        " what its rules can route (at most 10000 rules in the file)"
    ]
    assert (output / "_redirects").read_text(encoding="utf-8") == f"{BEGIN}\n{NOTE}\n{END}\n"
    assert "location = /pages/grand/route.html {" in (output / "prospects.nginx.conf").read_text(
        encoding="utf-8"
    )


def test_a_pattern_longer_than_nginx_reads_leaves_the_questionnaire_out_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    files = {"pages/longs.md": LONG_CODES, "pages/grand.md": BIG, **OFFERS}
    content = write_files(tmp_path / "content", files)
    output = tmp_path / "output"
    build_site(content, output, PROSPECTS_SERVER_RULES=["nginx"])
    assert messages(caplog, logging.WARNING) == [
        "prospects: questionnaire longs needs JavaScript on nginx: a pattern of 5155 bytes is"
        " longer than nginx reads (at most 4000): shorten its codes and keys"
    ]
    text = (output / "prospects.nginx.conf").read_text(encoding="utf-8")
    assert "location = /pages/longs/route.html {" not in text
    assert "location = /pages/grand/route.html {" in text


def test_a_questionnaire_past_the_room_the_others_leave_is_left_out_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Each takes 90 of Apache's 500 RewriteRules: five fit, the sixth would go past.
    pages = {f"pages/grand{n}.md": BIG.replace("Slug: grand", f"Slug: grand{n}") for n in range(6)}
    content = write_files(tmp_path / "content", {**pages, **OFFERS})
    output = tmp_path / "output"
    build_site(content, output, PROSPECTS_SERVER_RULES=["apache"])
    assert messages(caplog, logging.WARNING) == [
        "prospects: questionnaire grand5 needs JavaScript on apache: its 90 RewriteRules do not"
        " fit beside the 450 of the questionnaires before it (at most 500 in the file)"
    ]
    text = (output / ".htaccess").read_text(encoding="utf-8")
    assert "# Questionnaire grand4 " in text and "# Questionnaire grand5 " not in text


@pytest.mark.nginx
def test_nginx_reads_the_file_when_a_questionnaire_has_long_patterns(tmp_path: Path) -> None:
    files = {"pages/longs.md": LONG_CODES, "pages/grand.md": BIG, **OFFERS}
    content = write_files(tmp_path / "content", files)
    output = tmp_path / "output"
    build_site(content, output, PROSPECTS_SERVER_RULES=["nginx"])
    run = tmp_path / "run"
    run.mkdir()
    with serve(output, [output / "prospects.nginx.conf"], run) as port:
        assert get(port, "/pages/grand/route.html?q1=c9") == (302, "/pages/devis.html?q1=c9")
        assert get(port, "/pages/longs/route.html?q=c001") == (200, None)


def test_broken_markers_in_the_output_stop_the_build(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", {"pages/grand.md": BIG, **OFFERS})
    output = write_files(tmp_path / "output", {".htaccess": f"{BEGIN}\nRewriteEngine On\n"})
    with pytest.raises(ProspectsError) as error:
        build_site(content, output, PROSPECTS_SERVER_RULES=["apache"])
    assert str(error.value) == (
        "prospects: cannot place the server rules:\n"
        f"  {output}/.htaccess:1: expected one '{BEGIN}' line followed by one '{END}' line"
        " around the generated rules, but found 1 and 0: fix or remove them"
    )


def test_no_host_no_file(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    output = tmp_path / "output"
    build_site(content, output)
    assert [p.name for p in output.iterdir() if p.name.startswith(("_", ".", "prospects."))] == []


def test_the_notice_flag_is_the_one_the_page_script_reads() -> None:
    flags = re.findall(r'\bFLAG = "([^"]*)"', SCRIPT.read_text(encoding="utf-8"))
    assert flags == [NOTICE]
