"""`pelican-prospects route`, `table` and `check` on questionnaires: output and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pelican_prospects import cli

from .conftest import SAMPLES
from .test_build import BROKEN

SETTINGS = """\
PATH = "content"
SITEURL = "https://example.org"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
"""


def make_site(tmp_path: Path, sample: str) -> str:
    """Write a site from a sample folder; return the path of its settings file."""
    shutil.copytree(SAMPLES / sample, tmp_path / "content" / "pages")
    settings = tmp_path / "pelicanconf.py"
    settings.write_text(SETTINGS, encoding="utf-8")
    return str(settings)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    output = capsys.readouterr()
    return code, output.out, output.err


def test_route_prints_the_offer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_site(tmp_path, "site")
    query = "objectifs=definis&supports=web"
    assert run(capsys, "route", "-s", settings, "votre-projet", query) == (0, "proposition\n", "")
    assert run(capsys, "route", "-s", settings, "votre-projet", "objectifs=pistes") == (
        0,
        "devis\n",
        "",
    )


def test_route_reads_former_names_and_carries_attribution(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "site")
    page = tmp_path / "content" / "pages" / "projet.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace("{#objectifs}", "{#objectifs was:buts}").replace(
        "{web +1}", "{web +1 was:site}"
    )
    page.write_text(text, encoding="utf-8")
    query = "ref=ami&supports=site&buts=definis&utm_source=lettre&utm_medium=%ZZ"
    assert run(capsys, "route", "-s", settings, "votre-projet", query) == (0, "proposition\n", "")
    code, out, err = run(capsys, "route", "--json", "-s", settings, "votre-projet", query)
    assert (code, err) == (0, "")
    assert json.loads(out)["query"] == "objectifs=definis&supports=web&utm_source=lettre&ref=ami"
    code, out, err = run(capsys, "route", "-s", settings, "votre-projet", "buts=clairs")
    assert (code, out) == (2, "")
    assert err == (
        "prospects: these answers do not fit questionnaire 'votre-projet': question 'objectifs'"
        " has no option 'clairs'; question 'objectifs' needs an answer\n"
    )


def test_route_json_gives_the_url_and_the_canonical_query(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "site")
    query = "?supports=plaquette&supports=web&objectifs=idee"
    code, out, err = run(capsys, "route", "--json", "-s", settings, "votre-projet", query)
    assert (code, err) == (0, "")
    found = json.loads(out)
    why = found.pop("why")
    assert found == {
        "offer": "proposition",
        "url": "https://example.org/proposition/",
        "query": "objectifs=idee&supports=web&supports=plaquette",
    }
    assert why == {
        "rule": 1,
        "custom": False,
        "sentence": "Votre score : 2 (la règle : score ≥ 2)",
        "parts": [
            {
                "score": 2,
                "op": ">=",
                "threshold": 2,
                "text": "Votre score : 2 (la règle : score ≥ 2)",
            }
        ],
        "links": [],
    }


def test_route_json_explains_otherwise_by_each_earlier_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "site")
    query = "objectifs=pistes&supports=plaquette"
    code, out, err = run(capsys, "route", "--json", "-s", settings, "votre-projet", query)
    assert (code, err) == (0, "")
    why = json.loads(out)["why"]
    assert why["rule"] == 2
    assert [(part["offer"], part["score"], part["threshold"]) for part in why["parts"]] == [
        ("rendez-vous", 0, 4),
        ("proposition", 0, 2),
    ]
    assert why["sentence"] == (
        "Pas « rendez-vous » — Votre score : 0 (la règle : score ≥ 4) ;"
        " Pas « proposition » — Votre score : 0 (la règle : score ≥ 2)"
    )


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("", "question 'objectifs' needs an answer"),
        (
            "objectifs=flou",
            "question 'objectifs' has no option 'flou'; question 'objectifs' needs an answer",
        ),
        (
            "objectifs=idee&objectifs=pistes",
            "question 'objectifs' takes one answer, not 2:"
            " 'idee', 'pistes'; question 'objectifs' needs an answer",
        ),
        ("objectifs=idee&budget=%3Cb%3E", "unknown question 'budget'"),
    ],
)
def test_route_refuses_answers_that_do_not_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], query: str, reason: str
) -> None:
    settings = make_site(tmp_path, "site")
    assert run(capsys, "route", "-s", settings, "votre-projet", query) == (
        2,
        "",
        f"prospects: these answers do not fit questionnaire 'votre-projet': {reason}\n",
    )


def test_route_and_table_name_the_questionnaires_they_know(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "site")
    unknown = "prospects: no questionnaire has the slug 'projet' (questionnaires: votre-projet)\n"
    assert run(capsys, "route", "-s", settings, "projet", "") == (2, "", unknown)
    assert run(capsys, "table", "-s", settings, "projet") == (2, "", unknown)


def test_route_on_a_broken_questionnaire_lists_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "broken_site")
    code, out, err = run(capsys, "route", "-s", settings, "projet", "objectifs=vagues")
    assert (code, out) == (1, "")
    assert err.splitlines() == ["prospects: 3 problem(s) found:"] + [
        f"  {problem}" for problem in BROKEN if "projet.md" in problem
    ]


def test_table_prints_counts_and_the_full_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "site")
    code, out, err = run(capsys, "table", "-s", settings, "votre-projet")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "votre-projet: 12 answer set(s)",
        "  rendez-vous   0",
        "  proposition   6",
        "  devis         6",
        "",
        "  objectifs=definis                                  proposition",
        "  objectifs=definis&supports=web                     proposition",
        "  objectifs=definis&supports=plaquette               proposition",
        "  objectifs=definis&supports=web&supports=plaquette  proposition",
        "  objectifs=idee                                     devis",
        "  objectifs=idee&supports=web                        proposition",
        "  objectifs=idee&supports=plaquette                  devis",
        "  objectifs=idee&supports=web&supports=plaquette     proposition",
        "  objectifs=pistes                                   devis",
        "  objectifs=pistes&supports=web                      devis",
        "  objectifs=pistes&supports=plaquette                devis",
        "  objectifs=pistes&supports=web&supports=plaquette   devis",
    ]


def test_table_of_a_large_questionnaire_gives_the_counts_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "site")
    page = tmp_path / "content" / "pages" / "grand.md"
    questions = "\n".join(
        f"## Q{n}\n\n- ( ) A {{a +1}}\n- ( ) B {{b}}\n- ( ) C {{c}}\n" for n in range(4)
    )
    routing = "```routing\ndevis: score >= 2\nproposition: otherwise\n```\n"
    page.write_text(f"Title: Grand\n\n{questions}\n{routing}", encoding="utf-8")
    code, out, _ = run(capsys, "table", "-s", settings, "grand")
    assert code == 0
    assert out.splitlines() == [
        "grand: 81 answer set(s)",
        "  devis        33",
        "  proposition  48",
        "(the full table has 81 rows; it is printed up to 64)",
    ]


def test_table_of_optional_answers_shows_the_empty_answer_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "site")
    page = tmp_path / "content" / "pages" / "petit.md"
    page.write_text(
        "Title: Petit\n\n## Q {.optional}\n\n- ( ) A {a}\n\n```routing\ndevis: otherwise\n```\n",
        encoding="utf-8",
    )
    _, out, _ = run(capsys, "table", "-s", settings, "petit")
    assert out.splitlines()[-2:] == ["  (no answer)  devis", "  q=a          devis"]


def test_check_lists_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_site(tmp_path, "broken_site")
    code, out, err = run(capsys, "check", "-s", settings)
    assert (code, out) == (1, "")
    assert err.splitlines() == ["prospects: 6 problem(s) found:"] + [f"  {p}" for p in BROKEN]


def test_check_logs_warnings_and_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_site(tmp_path, "site")
    assert run(capsys, "check", "-s", settings) == (0, "prospects: no problem found\n", "")
    warnings = [r.getMessage() for r in caplog.records if r.name.endswith("questionnaire.commands")]
    assert warnings == [
        "prospects: content/pages/projet.md:21: the rule for 'rendez-vous' can never be the"
        " first match",
        "prospects: content/pages/projet.md:24: the rule for 'rendez-vous' can never be the"
        " first match",
        "prospects: content/pages/hors-parcours.md: offer 'hors-parcours' is reached by no"
        " questionnaire",
        "prospects: content/pages/rendez-vous.md: offer 'rendez-vous' is reached by no"
        " questionnaire",
    ]


def test_check_exits_1_naming_every_page_pelican_cannot_read_or_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "site")
    pages = tmp_path / "content" / "pages"
    (pages / "bad-date.md").write_text("Title: Bad\nDate: not a date\n\nText.\n", encoding="utf-8")
    (pages / "latin-1.md").write_bytes("Title: Café\n\nUn café.\n".encode("latin-1"))
    (pages / "gone.md").symlink_to(tmp_path / "nowhere.md")
    (pages / "untitled.md").write_text("Slug: untitled\n\nText.\n", encoding="utf-8")
    (pages / "typo.md").write_text("Title: Typo\nStatus: publshed\n\nText.\n", encoding="utf-8")
    (pages / "climbs.md").write_text("Title: Climbs\nSlug: ../../x\n\nText.\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "-s", settings)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "prospects: 6 problem(s) found:",
        "  content/pages/bad-date.md: Pelican cannot read it: 'not a date' is not a valid date",
        "  content/pages/climbs.md: it would be written outside OUTPUT_PATH (../../x/index.html);"
        " Pelican leaves it out",
        "  content/pages/gone.md: cannot be read: No such file or directory",
        "  content/pages/latin-1.md:1: not UTF-8 text (byte 0xe9); save the file as UTF-8",
        "  content/pages/typo.md: Status: expected one of published, hidden, draft, skip, found"
        " 'publshed'; Pelican leaves it out",
        "  content/pages/untitled.md: no Title: Pelican leaves the page out",
    ]


def test_check_names_an_unreadable_page_with_the_questionnaires_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_site(tmp_path, "broken_site")
    (tmp_path / "content" / "pages" / "latin-1.md").write_bytes(b"Title: A\n\n\nb\xe9\n")
    code, _, err = run(capsys, "check", "-s", settings)
    assert code == 1
    assert err.splitlines()[0] == "prospects: 7 problem(s) found:"
    assert "  content/pages/latin-1.md:4: not UTF-8 text (byte 0xe9); save the file as UTF-8" in err


def test_route_answers_and_logs_a_page_pelican_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_site(tmp_path, "site")
    bad = tmp_path / "content" / "pages" / "bad-date.md"
    bad.write_text("Title: Bad\nDate: not a date\n\nText.\n", encoding="utf-8")
    query = "objectifs=pistes"
    assert run(capsys, "route", "-s", settings, "votre-projet", query) == (0, "devis\n", "")
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [
        "prospects: content/pages/bad-date.md: Pelican cannot read it: 'not a date' is not a"
        " valid date"
    ]
