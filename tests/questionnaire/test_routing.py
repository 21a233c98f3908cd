"""The routing engine's diagrams: combined, counted and witnessed as listing the answer sets does."""

from __future__ import annotations

import random
import sys
import time
from dataclasses import replace

import pytest

from pelican_prospects.questionnaire.changes import compare
from pelican_prospects.questionnaire.diagrams import TooLarge, with_room_to_walk
from pelican_prospects.questionnaire.evaluate import answer_sets, holds, total_score
from pelican_prospects.questionnaire.model import (
    MULTIPLE,
    SINGLE,
    And,
    Choice,
    Not,
    Option,
    Or,
    Otherwise,
    Question,
    Questionnaire,
    Rule,
    Score,
)
from pelican_prospects.questionnaire.routing import Routing, engine_order, owner_order
from pelican_prospects.questionnaire.verify import verify
from pelican_prospects.server_rules import automaton

from .randoms import SMALL, Shape, random_questionnaire

# Scores up to a million: the counts take the dict polynomials, not the packed integers.
HUGE = replace(SMALL, questions=3, options=3, scales=(1, 1_000_000), reach=1)


def listed(questionnaire: Questionnaire, condition) -> tuple[int, dict | None]:  # type: ignore[no-untyped-def]
    """Return how many answer sets meet the condition, and the first as `check` shows it.

    First in questionnaire order: options in order then no answer, each box ticked before not.
    """
    met = [
        answers
        for answers in answer_sets(questionnaire)
        if holds(condition, answers, total_score(questionnaire, answers))
    ]

    def rank(answers: dict[str, tuple[str, ...]]) -> list[int]:
        key = []
        for question in questionnaire.questions:
            chosen = answers.get(question.key, ())
            codes = [option.code for option in question.options]
            if question.multiple:
                key += [0 if code in chosen else 1 for code in codes]
            else:
                key.append(codes.index(chosen[0]) if chosen else len(codes))
        return key

    return len(met), min(met, key=rank, default=None)


def combined(questionnaire: Questionnaire) -> object:
    """Return a condition made of the rules: the first and not the second, or the third."""
    conditions = [rule.condition for rule in questionnaire.rules] + [Otherwise()] * 3
    return Or((And((conditions[0], Not(conditions[1]))), conditions[2]))


@pytest.mark.parametrize(
    ("shape", "seed"), [(SMALL, s) for s in range(80)] + [(HUGE, s) for s in range(80)]
)
def test_conditions_combine_count_and_give_the_first_witness(shape: Shape, seed: int) -> None:
    questionnaire = random_questionnaire(random.Random(seed), shape)
    condition = combined(questionnaire)
    routing = Routing(questionnaire)
    diagrams = routing.diagrams
    met = diagrams.conjoin(routing.valid, routing.condition(condition))
    count, first = listed(questionnaire, condition)
    assert diagrams.counts(met).get(True, 0) == count
    assert diagrams.witness(met, True) == first


@pytest.mark.parametrize("seed", range(60))
def test_any_order_and_the_folded_score_count_alike(seed: int) -> None:
    drawn = random_questionnaire(random.Random(seed), HUGE if seed % 2 else SMALL)
    questionnaire = replace(drawn, rules=(*drawn.rules, Rule("c", Otherwise(), 0, 1)))
    expected = None
    for order in (engine_order(questionnaire), owner_order(questionnaire)[::-1]):
        routing = Routing(questionnaire, order)
        offers = routing.offers()
        counts = routing.diagrams.counts(offers)
        assert routing.diagrams.counts(routing.diagrams.fold(offers, 10**6)) == counts
        assert expected is None or counts == expected
        expected = counts


def test_a_question_with_1200_boxes_is_counted_without_listing_or_recursion_error() -> None:
    # Deeper than Python's default recursion limit: the walks go one level at a time.
    options = tuple(Option(f"o{n}", "", 0, 0) for n in range(1200))
    question = Question("q", "", MULTIPLE, True, "", options, 0, 2)
    rules = (
        Rule("a", Score(">=", 1, 1), 0, 1),
        Rule("b", Choice("q", "has", ("o7",), 1), 0, 1),
        Rule("c", Otherwise(), 0, 1),
    )
    limit = sys.getrecursionlimit()
    report = verify(Questionnaire((question,), rules, (question,), 1, {}))
    assert report.counts == (0, 2**1199, 2**1199 - 1)
    # The limit is raised for the walks only: the rest of the build keeps its own.
    assert sys.getrecursionlimit() == limit


@pytest.mark.parametrize(
    ("count", "seconds"),
    [
        # Each swap of the sifting read the whole span of the rules it moved: 5 s.
        (150, 2),
        # Sifting tried each question at every place: half a minute.
        (1000, 8),
    ],
)
def test_a_rule_naming_many_questions_is_ordered_quickly(count: int, seconds: float) -> None:
    options = (Option("a", "", 0, 0), Option("b", "", 0, 0))
    questions = tuple(Question(f"q{n}", "", SINGLE, True, "", options, 0, 2) for n in range(count))
    either = Or(tuple(Choice(question.key, "=", ("a",), 1) for question in questions))
    rules = (Rule("x", either, 0, 1), Rule("y", Otherwise(), 0, 1))
    started = time.process_time()
    order = engine_order(Questionnaire(questions, rules, questions, 1, {}))
    assert time.process_time() - started < seconds
    assert sorted(order) == list(range(count))


def test_a_rule_naming_600_boxes_is_counted_quickly() -> None:
    # Each part was combined below the parts before it, walking them all: 600 took 5 s.
    options = tuple(Option(f"o{n}", "", 0, 0) for n in range(1200))
    question = Question("q", "", MULTIPLE, True, "", options, 0, 2)
    ticked = Or(tuple(Choice("q", "has", (f"o{n}",), 1) for n in range(0, 1200, 2)))
    rules = (Rule("a", ticked, 0, 1), Rule("b", Otherwise(), 0, 1))
    started = time.process_time()
    report = verify(Questionnaire((question,), rules, (question,), 1, {}))
    assert time.process_time() - started < 1
    assert report.counts == (2**1200 - 2**600, 2**600 - 1)


def test_the_server_rules_and_the_diff_walk_1200_boxes_too() -> None:
    # Every walk recurses through Python calls only (no map(), any() or generator between two
    # levels): Python 3.12 stops C recursion near a thousand levels whatever the limit says.
    options = tuple(Option(f"o{n}", "", 0, 0) for n in range(1200))
    question = Question("q", "", MULTIPLE, True, "", options, 0, 2)
    rules = (Rule("a", Score(">=", 1, 1), 0, 1), Rule("b", Choice("q", "has", ("o7",), 1), 0, 1))
    unchecked = Questionnaire((question,), rules, (question,), 1, {})
    rules = (*rules, Rule("c", Otherwise(), 0, 1))
    questionnaire = Questionnaire((question,), rules, (question,), 1, {})
    limit = sys.getrecursionlimit()
    report = verify(unchecked)
    assert report.unmatched and report.example is not None  # the witness walk too
    assert automaton.build(questionnaire, 10**6) is not None
    assert compare(unchecked, questionnaire).moves
    assert sys.getrecursionlimit() == limit


def test_the_walks_give_back_the_recursion_limit_even_when_they_fail() -> None:
    options = tuple(Option(f"o{n}", "", 0, 0) for n in range(1200))
    question = Question("q", "", MULTIPLE, True, "", options, 0, 2)
    limit = sys.getrecursionlimit()
    seen = []

    @with_room_to_walk(lambda questions: questions)
    def walk(questions: tuple[Question, ...]) -> None:
        seen.append(sys.getrecursionlimit())
        raise TooLarge

    with pytest.raises(TooLarge):
        walk((question,))
    assert seen[0] >= 3 * 1200 + 1000
    assert sys.getrecursionlimit() == limit


@pytest.mark.parametrize("seed", range(60))
def test_the_first_witness_is_the_same_whatever_the_engine_order(seed: int) -> None:
    # Levels are fixed in questionnaire order: any other engine order makes the witness redo
    # levels out of turn, which must not change which answers come first.
    rng = random.Random(seed)
    questionnaire = random_questionnaire(rng, HUGE if seed % 2 else SMALL)
    condition = combined(questionnaire)
    _, first = listed(questionnaire, condition)
    shuffled = owner_order(questionnaire)
    rng.shuffle(shuffled)
    for order in (engine_order(questionnaire), owner_order(questionnaire)[::-1], shuffled):
        routing = Routing(questionnaire, order)
        met = routing.diagrams.conjoin(routing.valid, routing.condition(condition))
        assert routing.diagrams.witness(met, True) == first
