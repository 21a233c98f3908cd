"""Residual routing conditions: simplified by answers, settled by the scores still reachable."""

from __future__ import annotations

from pelican_prospects.questionnaire.residuals import (
    answer,
    normalize,
    settle,
    simplify,
    start,
    undecided,
)
from pelican_prospects.questionnaire.spans import HIGHEST, LOWEST

SCORE_4_TO_9 = ["and", ["score", ">", 3], ["score", "<", 10]]


def test_score_comparisons_fold_into_one_span() -> None:
    residual, score = start([("a", SCORE_4_TO_9), ("b", ["true"])], -100, 100)
    assert residual == (("a", ("span", ((4, 9),))), ("b", True))
    assert score == 0
    negated, _ = start([("a", ["not", SCORE_4_TO_9]), ("b", ["true"])], -100, 100)
    assert negated == (("a", ("span", ((LOWEST, 3), (10, HIGHEST)))), ("b", True))


def test_answers_settle_their_atoms_only() -> None:
    node = ("or", (("in", "q1", frozenset({"a", "b"})), ("has", "q2", "x")))
    assert simplify(node, answer("q1", None, "a")) is True
    assert simplify(node, answer("q1", None, "")) == ("has", "q2", "x")
    assert simplify(node, answer("q2", "x", "x")) is True
    assert simplify(node, answer("q2", "x", None)) == ("in", "q1", frozenset({"a", "b"}))
    assert simplify(node, answer("q2", "y", "y")) == node
    assert simplify(node, undecided) == node


def test_rules_that_cannot_be_first_are_dropped() -> None:
    same = ("in", "q1", frozenset({"a"}))
    residual = ((0, same), (1, False), (2, same), (3, True), (4, ("has", "q2", "x")))
    assert normalize(residual) == ((0, same), (3, True))


def test_a_score_rule_left_only_its_scores_surely_matches() -> None:
    residual, score = start(
        [("a", ["score", ">=", 5]), ("b", ["score", "<", 5]), ("c", ["true"])], -100, 100
    )
    assert residual == (("a", ("span", ((5, HIGHEST),))), ("b", True))
    assert score == 0


def test_spans_settle_on_the_reachable_scores() -> None:
    residual = (("a", ("span", ((4, 9),))), ("b", True))
    assert settle(residual, 5, 0, 3) == ((("a", True),), None)
    assert settle(residual, 20, -5, 5) == ((("b", True),), None)
    assert settle(residual, 0, 0, 6) == ((("a", ("span", ((4, HIGHEST),))), ("b", True)), 0)
    assert settle(residual, None, 0, 6) == (residual, None)


def test_an_unsettled_comparison_is_the_same_node_whatever_the_partial_score() -> None:
    residual, _ = start([("a", ["score", ">=", 60]), ("b", ["true"])], 0, 100)
    assert settle(residual, 10, 0, 80)[0] == settle(residual, 30, 0, 80)[0] == residual
