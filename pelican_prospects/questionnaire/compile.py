"""Resolve a questionnaire's rules against its questions and the site's offers; export it as JSON.

The JSON form, for the browser's evaluator (the server rules read the typed model):

    {"questions": [{"key": "objectifs", "multiple": false, "required": true, "was": ["buts"],
                    "options": [{"code": "definis", "score": 2, "was": ["clairs"]}, ...]}, ...],
     "rules": [{"offer": "rendez-vous", "when": CONDITION}, ...],
     "offers": {"rendez-vous": {"kind": "contact", "url": "pages/rendez-vous.html"}, ...}}

where CONDITION is one of `["score", OP, N]` (OP one of = != < <= > >=; the score is the sum of
the chosen options' scores), `["in", KEY, [CODE, ...]]` (a single-choice answer is one of the
codes; false when unanswered), `["has", KEY, CODE]` (a multiple-choice option is ticked),
`["not", C]`, `["and", C, ...]`, `["or", C, ...]` and `["true"]`. The first rule whose
condition holds names the offer. `was` (former keys or codes a link may still use) is only
there when the questionnaire names some.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..problems import Problem
from .expr import cut
from .model import (
    And,
    Choice,
    Condition,
    Not,
    Offer,
    Or,
    Otherwise,
    Question,
    Questionnaire,
    Score,
)

JSONCondition = list[Any]
# An unknown code's message lists this many of the question's codes, not all of a thousand.
LISTED = 10


@dataclass(frozen=True)
class Compiled:
    """A questionnaire whose rules name only its own questions, codes and the site's offers."""

    questionnaire: Questionnaire
    offers: Mapping[str, Offer]


@dataclass(frozen=True)
class _Names:
    """A questionnaire's questions by key and their codes, read once, not searched per name."""

    questions: Mapping[str, Question]
    codes: Mapping[str, frozenset[str]]
    headings: Mapping[str, int]


def _names(questionnaire: Questionnaire) -> _Names:
    """Return the names a rule may use; the first question of a key, as `question()` finds."""
    questions: dict[str, Question] = {}
    for question in questionnaire.questions:
        questions.setdefault(question.key, question)
    codes = {
        key: frozenset(o.code for o in question.options) for key, question in questions.items()
    }
    return _Names(questions, codes, questionnaire.headings)


def compile_questionnaire(
    questionnaire: Questionnaire, offers: Mapping[str, Offer], path: str
) -> tuple[Compiled, list[Problem]]:
    """Return the questionnaire with the offers its rules name, and each name that fails."""
    problems: list[Problem] = []
    used: dict[str, Offer] = {}
    names = _names(questionnaire)
    for rule in questionnaire.rules:
        offer = offers.get(rule.offer)
        if offer is None:
            problems.append(
                Problem(
                    path,
                    rule.line,
                    f"routing, column {rule.column}: unknown offer '{rule.offer}': no page with"
                    " this slug has 'Offer: quote', 'Offer: proposal' or 'Offer: contact'",
                )
            )
        else:
            used[rule.offer] = offer
        problems.extend(
            Problem(path, rule.line, f"routing, column {choice.column}: {reason}")
            for choice, reason in _check(names, rule.condition)
        )
    return Compiled(questionnaire, used), problems


def _check(names: _Names, condition: Condition) -> list[tuple[Choice, str]]:
    """Return each choice of a condition that names a question or code wrongly, with the reason."""
    if isinstance(condition, And | Or):
        return [error for item in condition.items for error in _check(names, item)]
    if isinstance(condition, Not):
        return _check(names, condition.item)
    if not isinstance(condition, Choice):
        return []
    key = condition.key
    question = names.questions.get(key)
    if question is None:
        heading = names.headings.get(key)
        where = f": the heading of line {heading} has no options" if heading else ""
        return [(condition, f"unknown question '{key}'{where}")]
    if condition.op == "has" and not question.multiple:
        return [
            (
                condition,
                f"'has' needs a multiple-choice question, but '{key}' is single choice:"
                f" write '{key} = code' or '{key} in (a, b)'",
            )
        ]
    if condition.op != "has" and question.multiple:
        return [
            (
                condition,
                f"'{condition.op}' needs a single-choice question, but '{key}' is multiple choice:"
                f" write '{key} has code'",
            )
        ]
    unknown = [code for code in condition.codes if code not in names.codes[key]]
    known = _listed([option.code for option in question.options]) if unknown else ""
    return [
        (condition, f"question '{key}' has no option '{code}' (its options: {known})")
        for code in unknown
    ]


def _listed(codes: list[str]) -> str:
    """Return codes for a message, each cut short: all of a few, the first LISTED of many."""
    shown = ", ".join(cut(code) for code in codes[:LISTED])
    return shown if len(codes) <= LISTED else f"{shown}, … {len(codes)} in all"


def as_json(compiled: Compiled) -> dict[str, Any]:
    """Return the compact JSON-able form described in this module's docstring."""
    questionnaire = compiled.questionnaire
    return {
        "questions": [
            {
                "key": question.key,
                "multiple": question.multiple,
                "required": question.required,
                **_was(question.former),
                "options": [
                    {"code": o.code, "score": o.score, **_was(o.former)} for o in question.options
                ],
            }
            for question in questionnaire.questions
        ],
        "rules": [
            {"offer": rule.offer, "when": condition_json(rule.condition)}
            for rule in questionnaire.rules
        ],
        "offers": {
            slug: {"kind": offer.kind, "url": offer.url} for slug, offer in compiled.offers.items()
        },
    }


def _was(former: tuple[str, ...]) -> dict[str, list[str]]:
    """Return `{"was": [...]}` for names replaced, nothing when there are none."""
    return {"was": list(former)} if former else {}


def condition_json(condition: Condition) -> JSONCondition:
    """Return a condition as nested lists: `!=` becomes `not in`, `=` a one-code `in`."""
    if isinstance(condition, Score):
        return ["score", condition.op, condition.value]
    if isinstance(condition, Choice):
        if condition.op == "has":
            return ["has", condition.key, condition.codes[0]]
        member = ["in", condition.key, list(condition.codes)]
        return ["not", member] if condition.op == "!=" else member
    if isinstance(condition, Not):
        return ["not", condition_json(condition.item)]
    if isinstance(condition, And | Or):
        tag = "and" if isinstance(condition, And) else "or"
        return [tag, *(condition_json(item) for item in condition.items)]
    assert isinstance(condition, Otherwise)
    return ["true"]
