"""Routing one answer set, and listing the answer sets of a small questionnaire."""

from __future__ import annotations

from pelican_prospects.questionnaire.evaluate import (
    answer_sets,
    choices,
    first_rule,
    holds,
    total_score,
)
from pelican_prospects.questionnaire.expr import parse_condition

from .conftest import parsed, sample

DEMO = parsed(sample("three_questions.md"))
OPTIONAL = parsed(sample("optional_and_required.md"))


def test_the_score_sums_the_chosen_options() -> None:
    answers = {"objectifs": ("definis",), "supports": ("web", "plaquette")}
    assert total_score(DEMO, answers) == 3
    assert total_score(DEMO, {}) == 0


def test_an_unanswered_question_is_equal_to_no_code() -> None:
    assert not holds(parse_condition("delai = urgent"), {}, 0)
    assert holds(parse_condition("delai != urgent"), {}, 0)
    assert not holds(parse_condition("delai in (urgent, pas-presse)"), {}, 0)
    assert not holds(parse_condition("supports has web"), {}, 0)


def test_the_first_matching_rule_wins() -> None:
    rule = first_rule(DEMO, {"objectifs": ("definis",), "supports": ("web",)})
    assert rule is not None and (rule.offer, rule.line) == ("proposition", 22)
    rule = first_rule(DEMO, {"objectifs": ("pistes",)})
    assert rule is not None and rule.offer == "devis"


def test_choices_of_each_kind_of_question() -> None:
    delai, supports = OPTIONAL.questions
    assert choices(delai) == [(), ("urgent",), ("pas-presse",)]
    assert choices(supports) == [("web",), ("video",), ("web", "video")]
    assert choices(DEMO.questions[1]) == [(), ("web",), ("plaquette",), ("web", "plaquette")]


def test_answer_sets_leave_unanswered_questions_out() -> None:
    assert list(answer_sets(OPTIONAL))[:4] == [
        {"supports": ("web",)},
        {"supports": ("video",)},
        {"supports": ("web", "video")},
        {"delai": ("urgent",), "supports": ("web",)},
    ]
    assert len(list(answer_sets(DEMO))) == 12
