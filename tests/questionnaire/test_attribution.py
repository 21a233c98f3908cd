"""Attribution keys: carried as sent when valid, dropped when not, never an answer nor a notice."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pelican_prospects.questionnaire import attribution
from pelican_prospects.questionnaire.codec import decode, encode
from pelican_prospects.questionnaire.compile import as_json, compile_questionnaire

from .conftest import OFFERS, parsed, sample

DEMO = parsed(sample("three_questions.md"))
FORMER = parsed(sample("former_names.md"))
VALUE = re.compile(attribution.VALUE)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("lettre", "lettre"),
        ("printemps+2026", "printemps 2026"),
        ("printemps%202026", "printemps 2026"),
        ("%C3%A9t%C3%A9", "été"),
        ("%e2%82%ac", "€"),
        ("%F0%9F%90%A6", "🐦"),
        ("a.b_c~d!e'f(g)h*i,j:k@l/m-n", "a.b_c~d!e'f(g)h*i,j:k@l/m-n"),
        ("%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E", '"><script>alert(1)</script>'),
        ("x" * 100, "x" * 100),
        ("%C3%A9" * 100, "é" * 100),
    ],
)
def test_valid_values_read_as_text(raw: str, text: str) -> None:
    assert attribution.text(raw) == text
    assert VALUE.search(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "x" * 101,
        "%C3%A9" * 101,
        "A" * 5000,
        '"><script>alert(1)</script>',
        "<b>",
        "a b",
        "%ZZ",
        "%",
        "%E9",
        "%C3",
        "%C0%80",
        "%ED%A0%80",
        "%F4%90%80%80",
        "%00",
        "%0A",
        "lettre%0D%0ASet-Cookie:x",
        "%7F",
        "%C2%85",
        "a&b",
        "a=b",
        "a#b",
        "é",
        "$x",
        "a;b",
        "a\n",  # `$` alone matches before a final line feed
        "%C3%A9\n",
    ],
)
def test_malformed_values_are_dropped(raw: str) -> None:
    assert attribution.text(raw) is None
    assert not VALUE.search(raw)


PIECES = ["a", "Z", "9", "+", "%", "%2", "%20", "%7e", "%7F", "%1f", "%C2%80", "%C2%A0", "%c3%a9"]
PIECES += ["%E2%82%AC", "%ED%9F%BF", "%ED%A0%80", "%F0%9F%98%80", "%F4%8F%BF%BF", "%F5%80%80%80"]
PIECES += ["%C0%AF", "%E0%9F%80", "%80", "%zz", "'", "/", "é", "<", '"', "\n", "$", "x" * 40]


@given(st.lists(st.sampled_from(PIECES), max_size=40))
@example(["a", "\n"])
def test_the_server_pattern_says_what_the_codec_says(pieces: list[str]) -> None:
    raw = "".join(pieces)
    assert bool(VALUE.search(raw)) == (attribution.text(raw) is not None), raw


def test_attribution_travels_with_the_answers_without_a_notice() -> None:
    query = (
        "utm_source=lettre&objectifs=idee&ref=ami%20Paul&supports=web&utm_campaign=%C3%A9t%C3%A9"
    )
    decoded = decode(DEMO, query)
    assert decoded.answers == {"objectifs": ("idee",), "supports": ("web",)}
    assert decoded.notices == ()
    assert decoded.attribution == {
        "utm_source": "lettre",
        "utm_campaign": "%C3%A9t%C3%A9",
        "ref": "ami%20Paul",
    }
    canonical = encode(DEMO, decoded.answers, decoded.attribution)
    assert canonical == (
        "objectifs=idee&supports=web&utm_source=lettre&utm_campaign=%C3%A9t%C3%A9&ref=ami%20Paul"
    )
    assert decode(DEMO, canonical) == decoded


def test_malformed_and_repeated_attribution_is_dropped_without_a_notice() -> None:
    query = (
        "objectifs=idee&supports=web&utm_source=a&utm_source=b&utm_medium=%ZZ&utm_term="
        + "x" * 101
        + "&utm_content=%0A&ref&utm_campaign=ok&utm_campaign"
    )
    decoded = decode(DEMO, query)
    assert decoded.notices == ()
    assert decoded.attribution == {}
    assert decode(DEMO, "ref=%3Cb%3E").attribution == {"ref": "%3Cb%3E"}


def test_attribution_keys_are_case_sensitive_and_may_be_escaped() -> None:
    assert decode(DEMO, "UTM_SOURCE=x&objectifs=idee&supports=web").notices == (
        "unknown question 'UTM_SOURCE'",
    )
    decoded = decode(DEMO, "utm%5Fsource=x&objectifs=idee&supports=web")
    assert (decoded.notices, decoded.attribution) == ((), {"utm_source": "x"})


def test_attribution_alone_is_no_answer() -> None:
    decoded = decode(DEMO, "utm_source=lettre")
    assert decoded.answers == {}
    assert decoded.notices == ("question 'objectifs' needs an answer",)


def test_former_keys_and_codes_decode_to_the_current_ones() -> None:
    decoded = decode(FORMER, "buts=clairs&medias=site&supports=internet&supports=lettre")
    assert decoded.answers == {"objectifs": ("definis",), "supports": ("web", "lettre")}
    assert decoded.notices == ()
    assert encode(FORMER, decoded.answers) == "objectifs=definis&supports=web&supports=lettre"
    assert decode(FORMER, "cibles=nets&objectifs=definis").answers == {"objectifs": ("definis",)}
    assert decode(FORMER, "objectifs=clairs&objectifs=vague").notices == (
        "question 'objectifs' takes one answer, not 2: 'definis', 'idee'",
        "question 'objectifs' needs an answer",
    )
    assert decode(FORMER, "objectifs=buts").notices == (
        "question 'objectifs' has no option 'buts'",
        "question 'objectifs' needs an answer",
    )


def test_the_page_data_names_former_names_only_where_there_are_some() -> None:
    compiled, problems = compile_questionnaire(FORMER, OFFERS, "q.md")
    assert problems == []
    objectifs, supports = as_json(compiled)["questions"]
    assert objectifs["was"] == ["buts", "cibles"]
    assert objectifs["options"] == [
        {"code": "definis", "score": 2, "was": ["clairs", "nets"]},
        {"code": "idee", "score": 0, "was": ["vague"]},
    ]
    assert supports["options"][1] == {"code": "lettre", "score": 0}
