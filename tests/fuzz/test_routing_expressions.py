"""Fuzzed routing language: a rule parses or gets a located error; no crash, no hang."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_prospects.questionnaire.expr import (
    MAX_NESTING,
    RoutingSyntaxError,
    parse_condition,
    parse_rules,
)
from pelican_prospects.questionnaire.model import And, Condition, Not, Or

from .checks import timed
from .strategies import any_condition, conditions


def depth(condition: Condition) -> int:
    """Return how deeply `not`, `and` and `or` nest in a condition."""
    if isinstance(condition, Not):
        return 1 + depth(condition.item)
    if isinstance(condition, And | Or):
        return 1 + max(depth(item) for item in condition.items)
    return 0


@given(any_condition(), st.integers(1, 200))
def test_a_condition_parses_or_fails_at_a_column_inside_it(text: str, start: int) -> None:
    try:
        condition = parse_condition(text, start)
    except RoutingSyntaxError as error:
        assert start <= error.column <= start + len(text), error
        assert error.message.strip()
    else:
        assert depth(condition) <= 2 * MAX_NESTING + 1


@given(conditions())
def test_a_well_formed_condition_parses(text: str) -> None:
    try:
        parse_condition(text)
    except RoutingSyntaxError as error:  # only a score out of range is refused
        assert "out of range" in error.message, error


@given(st.lists(st.one_of(any_condition().map("devis: {}".format), st.text(max_size=20))))
def test_every_line_of_a_block_gives_a_rule_or_an_error(lines: list[str]) -> None:
    rules, errors = parse_rules(lines, 10)
    for number, reason in errors:
        assert 10 <= number < 10 + len(lines) and reason.startswith("routing")
    assert len({rule.line for rule in rules} | {number for number, _ in errors}) == len(
        rules
    ) + len(errors)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 10_000 + "q = x" + ")" * 10_000,
        "not " * 10_000 + "q = x",
        "(" * 10_000,
        "(not " * 5_000 + "q = x" + ")" * 5_000,
    ],
    ids=["brackets", "nots", "unclosed", "both"],
)
def test_ten_thousand_nested_levels_are_refused_quickly(text: str) -> None:
    with pytest.raises(RoutingSyntaxError, match=f"more than {MAX_NESTING} nested"):
        timed(lambda: parse_condition(text))


@pytest.mark.parametrize(
    "text",
    [
        "q = x and " * 10_000 + "q = x",
        "q in (" + ", ".join(["abc"] * 25_000) + ")",
        "x" * 100_000,
        " " * 100_000 + "?",
        "score > " + "9" * 100_000,
    ],
    ids=["and-chain", "long-list", "one-word", "spaces", "long-number"],
)
def test_a_100_kb_line_is_read_quickly(text: str) -> None:
    def parse() -> object:
        return parse_rules([f"devis: {text}"], 1)

    rules, errors = timed(parse)
    assert len(rules) + len(errors) == 1
