"""Route an answer set to the first rule that holds; list the answer sets of a questionnaire."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, product

from .model import (
    And,
    Answers,
    Choice,
    Condition,
    Not,
    Or,
    Otherwise,
    Question,
    Questionnaire,
    Rule,
    Score,
)

COMPARE = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def total_score(questionnaire: Questionnaire, answers: Answers) -> int:
    """Return the sum of the chosen options' scores."""
    return sum(
        option.score
        for question in questionnaire.questions
        for option in question.options
        if option.code in answers.get(question.key, ())
    )


def holds(condition: Condition, answers: Answers, score: int) -> bool:
    """Return True when the condition is true of these answers, whose score is `score`."""
    if isinstance(condition, Score):
        return COMPARE[condition.op](score, condition.value)
    if isinstance(condition, Choice):
        chosen = answers.get(condition.key, ())
        if condition.op == "has":
            return condition.codes[0] in chosen
        inside = any(code in condition.codes for code in chosen)
        return not inside if condition.op == "!=" else inside
    if isinstance(condition, Not):
        return not holds(condition.item, answers, score)
    if isinstance(condition, And):
        return all(holds(item, answers, score) for item in condition.items)
    if isinstance(condition, Or):
        return any(holds(item, answers, score) for item in condition.items)
    return isinstance(condition, Otherwise)


def first_rule(questionnaire: Questionnaire, answers: Answers) -> Rule | None:
    """Return the first rule that matches these answers, or None when none does."""
    score = total_score(questionnaire, answers)
    matching = (rule for rule in questionnaire.rules if holds(rule.condition, answers, score))
    return next(matching, None)


def choices(question: Question) -> list[tuple[str, ...]]:
    """Return every valid answer to one question, codes in option order; () is no answer."""
    codes = [option.code for option in question.options]
    if not question.multiple:
        return ([] if question.required else [()]) + [(code,) for code in codes]
    start = 1 if question.required else 0
    return [subset for size in range(start, len(codes) + 1) for subset in combinations(codes, size)]


def answer_sets(questionnaire: Questionnaire) -> Iterator[dict[str, tuple[str, ...]]]:
    """Yield every valid answer set in questionnaire order (exponential: for small ones only)."""
    questions = questionnaire.questions
    for picked in product(*(choices(question) for question in questions)):
        yield {q.key: codes for q, codes in zip(questions, picked, strict=True) if codes}
