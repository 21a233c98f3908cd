"""Resolving the rules' names against the questions and the offers; the JSON form."""

from __future__ import annotations

import json
import time

from pelican_prospects.questionnaire.compile import as_json, compile_questionnaire, condition_json
from pelican_prospects.questionnaire.expr import parse_condition
from pelican_prospects.questionnaire.parse import parse_questionnaire

from .conftest import OFFERS, parsed, sample


def test_every_name_that_does_not_resolve_is_reported() -> None:
    questionnaire, problems = parse_questionnaire(sample("compile_errors.md"), "content/q.md")
    assert problems == []
    compiled, problems = compile_questionnaire(questionnaire, OFFERS, "content/q.md")
    assert [str(problem) for problem in problems] == [
        "content/q.md:18: routing, column 8: 'has' needs a multiple-choice question, but"
        " 'objectifs' is single choice: write 'objectifs = code' or 'objectifs in (a, b)'",
        "content/q.md:19: routing, column 8: '=' needs a single-choice question, but 'supports'"
        " is multiple choice: write 'supports has code'",
        "content/q.md:20: routing, column 8: 'in' needs a single-choice question, but 'supports'"
        " is multiple choice: write 'supports has code'",
        "content/q.md:20: routing, column 36: '!=' needs a single-choice question, but 'supports'"
        " is multiple choice: write 'supports has code'",
        "content/q.md:21: routing, column 8: question 'objectifs' has no option 'flou'"
        " (its options: definis, vagues)",
        "content/q.md:21: routing, column 33: question 'supports' has no option 'papier'"
        " (its options: web, print)",
        "content/q.md:22: routing, column 8: unknown question 'budget': the heading of line 13"
        " has no options",
        "content/q.md:22: routing, column 25: unknown question 'delai'",
        "content/q.md:23: routing, column 1: unknown offer 'nulle-part': no page with this slug"
        " has 'Offer: quote', 'Offer: proposal' or 'Offer: contact'",
    ]
    assert list(compiled.offers) == ["devis"]


def test_a_good_questionnaire_compiles_to_json() -> None:
    compiled, problems = compile_questionnaire(parsed(sample("three_questions.md")), OFFERS, "q.md")
    assert problems == []
    assert as_json(compiled) == {
        "questions": [
            {
                "key": "objectifs",
                "multiple": False,
                "required": True,
                "options": [
                    {"code": "definis", "score": 2},
                    {"code": "idee", "score": 1},
                    {"code": "pistes", "score": 0},
                ],
            },
            {
                "key": "supports",
                "multiple": True,
                "required": False,
                "options": [{"code": "web", "score": 1}, {"code": "plaquette", "score": 0}],
            },
        ],
        "rules": [
            {"offer": "rendez-vous", "when": ["score", ">=", 4]},
            {
                "offer": "proposition",
                "when": [
                    "or",
                    ["score", ">=", 2],
                    ["and", ["in", "objectifs", ["definis"]], ["has", "supports", "web"]],
                ],
            },
            {"offer": "devis", "when": ["true"]},
        ],
        "offers": {
            "rendez-vous": {"kind": "contact", "url": "pages/rendez-vous.html"},
            "proposition": {"kind": "proposal", "url": "pages/proposition.html"},
            "devis": {"kind": "quote", "url": "pages/devis.html"},
        },
    }
    json.dumps(as_json(compiled))


def test_conditions_as_json() -> None:
    assert condition_json(parse_condition("q != a")) == ["not", ["in", "q", ["a"]]]
    assert condition_json(parse_condition("q in (a, b)")) == ["in", "q", ["a", "b"]]
    assert condition_json(parse_condition("not (s has x or score < -1)")) == [
        "not",
        ["or", ["has", "s", "x"], ["score", "<", -1]],
    ]


def test_unknown_codes_of_a_question_of_many_options_give_short_messages() -> None:
    # Each message listed every option: 2,000 unknown codes of 2,000 options made 40 MB of text.
    options = "\n".join(f"- ( ) Option {n} {{code{n}-{'x' * 50}}}" for n in range(2000))
    codes = ", ".join(f"bad{n}" for n in range(2000))
    text = f"## Q {{#q}}\n\n{options}\n\n```routing\ndevis: q in ({codes})\n```\n"
    _, problems = compile_questionnaire(parsed(text), OFFERS, "q.md")
    assert len(problems) == 2000
    assert str(problems[0]) == (
        "q.md:2005: routing, column 8: question 'q' has no option 'bad0' (its options:"
        + "".join(f" {f'code{n}-' + 'x' * 50:.39}…," for n in range(10))
        + " … 2000 in all)"
    )


def test_a_rule_naming_each_of_20000_options_is_checked_quickly() -> None:
    # Each code was looked for among all the options: 20,000 of them took 5 s.
    options = "\n".join(f"- ( ) Option {n} {{code{n}}}" for n in range(20_000))
    codes = ", ".join(f"code{n}" for n in range(20_000))
    text = f"## Q {{#q}}\n\n{options}\n\n```routing\ndevis: q in ({codes})\n```\n"
    questionnaire = parsed(text)
    started = time.process_time()
    _, problems = compile_questionnaire(questionnaire, OFFERS, "q.md")
    assert time.process_time() - started < 1
    assert problems == []
