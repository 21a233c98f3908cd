"""The routing language: tokens, precedence (not > and > or), every error with its column."""

from __future__ import annotations

import pytest

from pelican_prospects.questionnaire.expr import (
    RoutingSyntaxError,
    Token,
    parse_condition,
    parse_rules,
    tokenize,
)
from pelican_prospects.questionnaire.model import And, Choice, Not, Or, Otherwise, Rule, Score


def a(key: str, column: int) -> Choice:
    return Choice(key, "=", ("x",), column)


def test_tokens_and_columns() -> None:
    assert tokenize("score>=-2 or q-1 in (a, 0-5k)", 10) == [
        Token("word", "score", 10),
        Token("op", ">=", 15),
        Token("number", "-2", 17),
        Token("word", "or", 20),
        Token("word", "q-1", 23),
        Token("word", "in", 27),
        Token("punct", "(", 30),
        Token("word", "a", 31),
        Token("punct", ",", 32),
        Token("word", "0-5k", 34),
        Token("punct", ")", 38),
    ]


@pytest.mark.parametrize("op", ["=", "!=", "<", "<=", ">", ">="])
def test_every_score_comparison(op: str) -> None:
    assert parse_condition(f"score {op} 3") == Score(op, 3, 1)


def test_signed_scores() -> None:
    assert parse_condition("score > -3") == Score(">", -3, 1)
    assert parse_condition("score <= +12") == Score("<=", 12, 1)


def test_choices() -> None:
    assert parse_condition("q = x") == Choice("q", "=", ("x",), 1)
    assert parse_condition("q != x") == Choice("q", "!=", ("x",), 1)
    assert parse_condition("q in (x, y-2, 10)") == Choice("q", "in", ("x", "y-2", "10"), 1)
    assert parse_condition("q in (x,)") == Choice("q", "in", ("x",), 1)
    assert parse_condition("supports has web") == Choice("supports", "has", ("web",), 1)
    assert parse_condition("otherwise") == Otherwise()
    assert parse_condition("q in (in, not, score)") == Choice("q", "in", ("in", "not", "score"), 1)


def test_not_binds_tighter_than_and_which_binds_tighter_than_or() -> None:
    assert parse_condition("not a = x and b = x or c = x") == Or(
        (And((Not(a("a", 5)), a("b", 15))), a("c", 24))
    )
    assert parse_condition("a = x or b = x and not c = x") == Or(
        (a("a", 1), And((a("b", 10), Not(a("c", 24)))))
    )


def test_parentheses_override_precedence() -> None:
    assert parse_condition("(a = x or b = x) and not (c = x or d = x)") == And(
        (Or((a("a", 2), a("b", 11))), Not(Or((a("c", 27), a("d", 36)))))
    )


def test_chains_are_flat_and_not_nests() -> None:
    assert parse_condition("a = x and b = x and c = x") == And((a("a", 1), a("b", 11), a("c", 21)))
    assert parse_condition("not not a = x") == Not(Not(a("a", 9)))


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("", 1, "expected a condition after ':'"),
        ("   ", 1, "expected a condition after ':'"),
        ("q", 2, "expected '=', '!=', 'in' or 'has' after 'q', found the end"),
        ("q < x", 3, "expected '=', '!=', 'in' or 'has' after 'q', found '<'"),
        ("q =", 4, "expected an option code after '=', found the end"),
        ("q = (", 5, "expected an option code after '=', found '('"),
        ("q has (x)", 7, "expected an option code after 'has', found '('"),
        ("q in x", 6, "expected '(' after 'in', found 'x'"),
        ("q in ()", 7, "expected an option code after '(', found ')'"),
        ("q in (x y)", 9, "expected ',' or ')' in the list of codes, found 'y'"),
        ("q in (x", 8, "expected ',' or ')' in the list of codes, found the end"),
        ("score", 6, "expected one of =, !=, <, <=, >, >= after 'score', found the end"),
        ("score x", 7, "expected one of =, !=, <, <=, >, >= after 'score', found 'x'"),
        ("score > x", 9, "expected a whole number after 'score >', found 'x'"),
        ("score > 2.5", 10, "unexpected character '.'"),
        ("score > 1000001", 9, "1000001 is out of range (-1000000 to 1000000)"),
        ("score == 2", 7, "'==' is not an operator: write '='"),
        ("a = x and", 10, "expected a condition, found the end"),
        ("a = x or or b = y", 10, "expected a condition, found 'or'"),
        ("not", 4, "expected a condition, found the end"),
        ("(a = x", 7, "expected ')' to close the '(' of column 1, found the end"),
        ("a = x)", 6, "unexpected ')' after a condition"),
        ("a = x b = y", 7, "unexpected 'b' after a condition"),
        ("a = x && b = y", 7, "unexpected character '&'"),
        ("a = 'x'", 5, 'unexpected character "\'"'),
        ("__import__(os)", 11, "expected '=', '!=', 'in' or 'has' after '__import__', found '('"),
        ("and = x", 1, "expected a condition, found 'and'"),
        ("q = é", 5, "unexpected character 'é'"),
        # Found by tests/fuzz: int() refused the number with a ValueError out of the parser.
        ("score > " + "9" * 5000, 9, "9" * 39 + "… is out of range (-1000000 to 1000000)"),
        # Found by tests/fuzz: deep nesting ended in a RecursionError.
        (
            "(" * 60 + "q = x" + ")" * 60,
            51,
            "more than 50 nested '(' and 'not': write a simpler condition",
        ),
        (
            "not " * 51 + "q = x",
            201,
            "more than 50 nested '(' and 'not': write a simpler condition",
        ),
    ],
)
def test_syntax_errors_name_the_column(text: str, column: int, message: str) -> None:
    with pytest.raises(RoutingSyntaxError) as raised:
        parse_condition(text)
    assert (raised.value.column, raised.value.message) == (column, message)
    assert str(raised.value) == f"column {column}: {message}"


def test_rules_skip_comments_and_blank_lines_and_keep_going_after_errors() -> None:
    lines = [
        "# first match wins",
        "",
        "  contact: score >= 4  # a comment",
        "oops",
        "devis: score >",
        "devis: otherwise",
    ]
    rules, errors = parse_rules(lines, 20)
    assert rules == [
        Rule("contact", Score(">=", 4, 12), 22, 3),
        Rule("devis", Otherwise(), 25, 1),
    ]
    assert errors == [
        (23, "routing: expected 'offer-slug: condition', found 'oops'"),
        (24, "routing, column 15: expected a whole number after 'score >', found the end"),
    ]


def test_long_bad_lines_are_cut_in_messages() -> None:
    _, errors = parse_rules(["x" * 100], 1)
    assert errors == [(1, f"routing: expected 'offer-slug: condition', found '{'x' * 39}…'")]


def test_fifty_nested_levels_are_read() -> None:
    condition = parse_condition("(not " * 25 + "q = x" + ")" * 25)
    for _ in range(25):
        assert isinstance(condition, Not)
        condition = condition.item
    assert condition == a("q", 126)
