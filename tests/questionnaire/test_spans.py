"""Sets of scores as integer intervals."""

from __future__ import annotations

from pelican_prospects.questionnaire.spans import (
    FULL,
    HIGHEST,
    LOWEST,
    intersect,
    score_span,
    subtract,
    union,
)


def members(span: tuple[tuple[int, int], ...], low: int = -20, high: int = 20) -> set[int]:
    return {n for n in range(low, high + 1) if any(a <= n <= b for a, b in span)}


def test_comparisons_as_spans() -> None:
    assert score_span(">=", 3) == ((3, HIGHEST),)
    assert score_span("!=", 0) == ((LOWEST, -1), (1, HIGHEST))
    assert members(score_span("<", -2)) == set(range(-20, -2))
    assert members(score_span("=", 7)) == {7}


def test_set_operations_agree_with_sets_of_integers() -> None:
    a = union(score_span("<", -5), ((0, 4), (8, 8)))
    b = union(score_span(">", 3), ((-7, -6),))
    assert a == ((LOWEST, -6), (0, 4), (8, 8))
    assert members(union(a, b)) == members(a) | members(b)
    assert members(intersect(a, b)) == members(a) & members(b)
    assert members(subtract(a, b)) == members(a) - members(b)
    assert union(score_span("<=", 2), score_span(">", 2)) == FULL
    assert subtract(FULL, FULL) == ()
