"""The routing check: counts per rule, dead rules and unmatched answer sets, against brute force."""

from __future__ import annotations

import random
from collections import Counter
from itertools import chain, combinations, product
from typing import Any

import pytest

from pelican_prospects.questionnaire.codec import encode
from pelican_prospects.questionnaire.compile import condition_json
from pelican_prospects.questionnaire.evaluate import answer_sets, first_rule
from pelican_prospects.questionnaire.model import (
    MULTIPLE,
    SINGLE,
    Choice,
    Option,
    Otherwise,
    Question,
    Questionnaire,
    Rule,
    Score,
)
from pelican_prospects.questionnaire.verify import verify

from .conftest import parsed, sample
from .randoms import random_questionnaire


def every_answer_set(questionnaire: Questionnaire) -> list[dict[str, tuple[str, ...]]]:
    """List the answer sets independently of evaluate.answer_sets."""
    per_question = []
    for question in questionnaire.questions:
        codes = [option.code for option in question.options]
        if question.kind == SINGLE:
            answers = [(code,) for code in codes] + ([] if question.required else [()])
        else:
            subsets = chain.from_iterable(combinations(codes, n) for n in range(len(codes) + 1))
            answers = [s for s in subsets if s or not question.required]
        per_question.append([(question.key, answer) for answer in answers])
    return [{key: codes for key, codes in picked if codes} for picked in product(*per_question)]


def json_holds(node: list[Any], answers: dict[str, tuple[str, ...]], score: int) -> bool:
    """Evaluate the JSON form as the browser's evaluator will."""
    tag = node[0]
    if tag == "true":
        return True
    if tag == "score":
        return {
            "=": score == node[2],
            "!=": score != node[2],
            "<": score < node[2],
            "<=": score <= node[2],
            ">": score > node[2],
            ">=": score >= node[2],
        }[node[1]]
    if tag == "in":
        return bool(set(answers.get(node[1], ())) & set(node[2]))
    if tag == "has":
        return node[2] in answers.get(node[1], ())
    if tag == "not":
        return not json_holds(node[1], answers, score)
    results = [json_holds(item, answers, score) for item in node[1:]]
    return all(results) if tag == "and" else any(results)


def brute_force(questionnaire: Questionnaire) -> tuple[list[int], int]:
    counts = [0] * len(questionnaire.rules)
    unmatched = 0
    for answers in every_answer_set(questionnaire):
        score = sum(
            option.score
            for question in questionnaire.questions
            for option in question.options
            if option.code in answers.get(question.key, ())
        )
        first = next(
            (
                index
                for index, rule in enumerate(questionnaire.rules)
                if json_holds(condition_json(rule.condition), answers, score)
            ),
            None,
        )
        rule = first_rule(questionnaire, answers)
        assert (rule is None and first is None) or rule is questionnaire.rules[first]
        if first is None:
            unmatched += 1
        else:
            counts[first] += 1
    return counts, unmatched


@pytest.mark.parametrize("seed", range(400))
def test_counts_match_brute_force_on_random_questionnaires(seed: int) -> None:
    questionnaire = random_questionnaire(random.Random(seed))
    report = verify(questionnaire)
    counts, unmatched = brute_force(questionnaire)
    assert list(report.counts) == counts
    assert report.unmatched == unmatched
    assert (
        report.total
        == len(every_answer_set(questionnaire))
        == len(list(answer_sets(questionnaire)))
    )
    if unmatched:
        assert report.example is not None
        assert first_rule(questionnaire, report.example) is None
        assert report.example in every_answer_set(questionnaire)
    else:
        assert report.example is None


def test_the_issue_example() -> None:
    questionnaire = parsed(sample("three_questions.md"))
    report = verify(questionnaire)
    assert (report.total, report.counts, report.unmatched) == (12, (0, 6, 6), 0)
    assert report.per_offer(questionnaire.rules) == {"rendez-vous": 0, "proposition": 6, "devis": 6}
    assert [rule.line for rule in report.dead_rules(questionnaire.rules)] == [21]
    routed = Counter(first_rule(questionnaire, a).offer for a in answer_sets(questionnaire))
    assert routed == {"proposition": 6, "devis": 6}


def test_an_unmatched_answer_set_is_shown() -> None:
    text = sample("three_questions.md").replace("devis: otherwise", "devis: supports has web")
    questionnaire = parsed(text)
    report = verify(questionnaire)
    assert report.unmatched == 4
    assert encode(questionnaire, report.example or {}) == "objectifs=idee&supports=plaquette"


def test_optional_and_required_answers_are_counted() -> None:
    questionnaire = parsed(sample("optional_and_required.md"))
    # Délai: 2 options or no answer; supports: 3 non-empty subsets of 2 options.
    assert verify(questionnaire).total == 3 * 3


def test_no_question_means_one_empty_answer_set() -> None:
    report = verify(Questionnaire((), (), (), 1, {}))
    assert (report.total, report.unmatched, report.example) == (1, 1, {})


def test_twenty_multiple_choice_options_are_not_listed() -> None:
    options = tuple(Option(f"o{n}", "", 1, 0) for n in range(40))
    question = Question("q", "", MULTIPLE, True, "", options, 0, 2)
    rules = (
        Rule("a", Score(">=", 39, 1), 0, 1),
        Rule("b", Choice("q", "has", ("o0",), 1), 0, 1),
        Rule("c", Otherwise(), 0, 1),
    )
    report = verify(Questionnaire((question,), rules, (question,), 1, {}))
    assert report.total == 2**40 - 1
    assert report.counts == (41, 2**39 - 40, 2**39 - 1 - 1)


def wide_questionnaire(rng: random.Random, questions: int, scores: list[int]) -> Questionnaire:
    """Return single-choice questions of 4 options scored from `scores`, routed on the score."""
    asked = tuple(
        Question(
            f"q{n}",
            "",
            SINGLE,
            n % 3 != 2,  # some optional: no answer scores 0
            "",
            tuple(Option(f"o{o}", "", rng.choice(scores), 0) for o in range(4)),
            n,
            2,
        )
        for n in range(questions)
    )
    rules = (
        Rule("a", Score(">=", rng.choice(scores), 1), 0, 1),
        Rule("b", Choice("q0", "=", ("o1",), 1), 0, 1),
        Rule("c", Score("<", -rng.choice(scores), 1), 0, 1),
    )
    return Questionnaire(asked, rules, asked, 1, {})


@pytest.mark.parametrize("seed", range(20))
def test_wide_scores_within_the_limit_are_counted_exactly(seed: int) -> None:
    # Scores of up to a million: past the packed counting (DENSE_SPAN) and the witness's bit
    # sets (MOST_BITS), counted by distinct totals and read as intervals, still exact.
    rng = random.Random(seed)
    knockouts = [0, 1, 2, 3, 1_000_000, -1_000_000]
    spread = [rng.randint(-1_000_000, 1_000_000) for _ in range(8)]
    questionnaire = wide_questionnaire(rng, 6, knockouts if seed % 2 else spread)
    report = verify(questionnaire)
    counts, unmatched = brute_force(questionnaire)
    assert (list(report.counts), report.unmatched) == (counts, unmatched)
    if unmatched:
        # The first unmatched answer set in questionnaire order, as with narrow scores.
        first = next(
            a for a in every_answer_set(questionnaire) if first_rule(questionnaire, a) is None
        )
        assert report.example == first


def test_realistic_wide_scores_are_counted_without_listing() -> None:
    # 30 questions scored 0 to 100 and knock-outs of a million: 5^30 answer sets, exact.
    options = tuple(Option(f"o{o}", "", 25 * o, 0) for o in range(5))
    knockout = (*options[:4], Option("o4", "", 1_000_000, 0))
    asked = tuple(
        Question(f"q{n}", "", SINGLE, True, "", knockout if n < 2 else options, n, 2)
        for n in range(30)
    )
    rules = (
        Rule("a", Score(">=", 2_000_000, 1), 0, 1),
        Rule("b", Score(">=", 1_000_000, 1), 0, 1),
        Rule("c", Score(">=", 1500, 1), 0, 1),
    )
    report = verify(Questionnaire(asked, rules, asked, 1, {}))
    assert report.total == 5**30
    assert report.counts[:2] == (5**28, 2 * 4 * 5**29 // 5)
    assert report.unmatched > 0 and report.example is not None
    assert first_rule(Questionnaire(asked, rules, asked, 1, {}), report.example) is None
