"""Query strings: the canonical form out, stale or hostile input in."""

from __future__ import annotations

import pytest

from pelican_prospects.questionnaire.codec import decode, encode
from pelican_prospects.questionnaire.evaluate import answer_sets

from .conftest import parsed, sample

DEMO = parsed(sample("three_questions.md"))
OPTIONAL = parsed(sample("optional_and_required.md"))


def test_canonical_form_orders_questions_and_options() -> None:
    answers = {"supports": ("plaquette", "web"), "objectifs": ("idee",)}
    assert encode(DEMO, answers) == "objectifs=idee&supports=web&supports=plaquette"


def test_canonical_form_leaves_out_what_is_not_an_answer() -> None:
    answers = {"supports": ("nope",), "inconnu": ("x",), "objectifs": ("definis",)}
    assert encode(DEMO, answers) == "objectifs=definis"
    assert encode(DEMO, {}) == ""


def test_every_answer_set_survives_a_round_trip() -> None:
    for questionnaire in (DEMO, OPTIONAL):
        for answers in answer_sets(questionnaire):
            query = encode(questionnaire, answers)
            assert decode(questionnaire, query).answers == answers
            assert decode(questionnaire, query).notices == ()


def test_any_key_order_and_repeated_ticks_decode_to_the_canonical_answers() -> None:
    decoded = decode(DEMO, "?supports=plaquette&supports=web&objectifs=idee&supports=web")
    assert decoded.answers == {"objectifs": ("idee",), "supports": ("web", "plaquette")}
    assert decoded.notices == ()
    assert encode(DEMO, decoded.answers) == "objectifs=idee&supports=web&supports=plaquette"


def test_percent_encoding_and_plus_are_decoded_once() -> None:
    assert decode(DEMO, "%6Fbjectifs=d%65finis").answers == {"objectifs": ("definis",)}
    decoded = decode(DEMO, "objectifs=%2564efinis&objectifs%3Ddefinis&supports=web+")
    assert decoded.answers == {}
    assert decoded.notices == (
        "unknown question 'objectifs=definis'",
        "question 'objectifs' has no option '%64efinis'",
        "question 'objectifs' needs an answer",
        "question 'supports' has no option 'web '",
    )


def test_stale_and_hostile_answers_keep_what_fits() -> None:
    query = (
        "objectifs=definis&objectifs=idee&supports=web&supports=%3Cscript%3E&budget=1&&=&supports"
    )
    decoded = decode(DEMO, query)
    assert decoded.answers == {"supports": ("web",)}
    assert decoded.notices == (
        "unknown question 'budget'",
        "unknown question ''",
        "question 'objectifs' takes one answer, not 2: 'definis', 'idee'",
        "question 'objectifs' needs an answer",
        "question 'supports' has no option '<script>'",
        "question 'supports' has no option ''",
    )


def test_missing_answers_are_reported_only_for_required_questions() -> None:
    assert decode(OPTIONAL, "").notices == ("question 'supports' needs an answer",)
    assert decode(OPTIONAL, "supports=web").notices == ()
    assert decode(DEMO, "objectifs=pistes").notices == ()


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("objectifs=" + "x" * 100_000, "question 'objectifs' has no option '" + "x" * 39 + "…'"),
        ("objectifs=%C3%A9t%C3%A9", "question 'objectifs' has no option 'été'"),
        ("objectifs=%FF%FE", "question 'objectifs' has no option '\ufffd\ufffd'"),
        ("objectifs=%00", "question 'objectifs' has no option '\\x00'"),
        ("objectifs=%0Aevil", "question 'objectifs' has no option '\\nevil'"),
        ("objectifs=\u202edefinis", "question 'objectifs' has no option '\\u202edefinis'"),
        ("OBJECTIFS=definis", "unknown question 'OBJECTIFS'"),
    ],
)
def test_odd_values_are_refused_and_shown_safely(query: str, notice: str) -> None:
    decoded = decode(DEMO, query)
    assert notice in decoded.notices


def test_a_flood_of_junk_gives_a_short_list_of_notices() -> None:
    query = "&".join(f"k{n}=v" for n in range(100_000))
    decoded = decode(DEMO, query)
    assert decoded.answers == {}
    assert len(decoded.notices) == 10
    assert decoded.notices[-1] == "and 99992 more"


def test_repeating_one_answer_is_not_two_answers() -> None:
    assert decode(DEMO, "objectifs=idee&objectifs=idee").answers == {"objectifs": ("idee",)}
