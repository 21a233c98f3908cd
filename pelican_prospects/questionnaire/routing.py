"""A questionnaire's routing as decision diagrams: each condition, the first rule that matches.

This is the one routing engine: `verify` counts and finds examples with it, the server rules
follow its diagram one answer at a time, and the map draws it. Every diagram of one `Routing`
shares its nodes, so conditions combine with and, or and not, and any of them can be counted
or given a witness: the "why this offer" and "what changed" questions are such combinations.

The engine reads the questions in its own order: first those the first rules name, so a rule's
answers are read together and the diagram stays narrow; the map asks for the owner's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from .diagrams import Diagrams, levels_of
from .evaluate import COMPARE
from .model import And, Choice, Condition, Not, Or, Otherwise, Questionnaire, Score


class Outcome(Enum):
    """Leaves that are not a rule's position nor an offer."""

    UNMATCHED = "no rule matches"
    INVALID = "not an answer set"  # a required multiple choice with no box ticked


def engine_order(questionnaire: Questionnaire) -> list[int]:
    """Return the question positions in an order where few rules are half read at any point.

    A diagram is as wide as the combinations of what is left of the rules read in part, so
    the order keeps each rule's questions close: starting from the questionnaire's order and
    from the order the rules first name them, neighbours are swapped while that lowers the
    cost of the cuts (two to the power of the rules each cut splits), and the cheaper one wins.
    """
    positions = {question.key: number for number, question in enumerate(questionnaire.questions)}
    spans = [
        {positions[key] for key in _keys(rule.condition) if key in positions}
        for rule in questionnaire.rules
    ]
    spans = [span for span in spans if len(span) > 1]
    named: dict[int, None] = {}
    for span_keys in (_keys(rule.condition) for rule in questionnaire.rules):
        for key in span_keys:
            if key in positions:
                named.setdefault(positions[key])
    everyone = range(len(questionnaire.questions))
    first = [*named, *(n for n in everyone if n not in named)]
    return min((_improve(list(everyone), spans), _improve(first, spans)), key=lambda c: c[0])[1]


def _improve(order: list[int], spans: list[set[int]]) -> tuple[int, list[int]]:
    """Return the cost of the order after swapping neighbours while that lowers it, and it."""
    rules_of: dict[int, list[int]] = {}
    for index, span in enumerate(spans):
        for number in span:
            rules_of.setdefault(number, []).append(index)
    place = {number: index for index, number in enumerate(order)}

    def crossing(cut: int) -> int:
        """Return how many rules have questions on both sides of the cut after position cut."""
        return sum(
            1 for span in spans if min(place[n] for n in span) <= cut < max(place[n] for n in span)
        )

    cuts = [crossing(cut) for cut in range(len(order) - 1)]
    for _ in range(len(order)):
        better = False
        for cut in range(len(order) - 1):
            a, b = order[cut], order[cut + 1]
            if a not in rules_of and b not in rules_of:
                continue
            order[cut], order[cut + 1] = b, a
            place[a], place[b] = cut + 1, cut
            after = crossing(cut)
            if after < cuts[cut]:
                cuts[cut] = after
                better = True
            else:
                order[cut], order[cut + 1] = a, b
                place[a], place[b] = cut, cut + 1
        if not better:
            break
    return sum(2**count for count in cuts), order


def owner_order(questionnaire: Questionnaire) -> list[int]:
    """Return the question positions in the questionnaire's order."""
    return list(range(len(questionnaire.questions)))


class Routing:
    """The diagrams of one questionnaire's routing, over its questions in one order."""

    def __init__(self, questionnaire: Questionnaire, order: Sequence[int] | None = None) -> None:
        self.questionnaire = questionnaire
        numbers = engine_order(questionnaire) if order is None else order
        questions = questionnaire.questions
        levels = [level for n in numbers for level in levels_of(questions[n], n)]
        cuts = [cut for rule in questionnaire.rules for cut in _cuts(rule.condition)]
        self.diagrams = Diagrams(levels, cuts)
        self._boxes: dict[str, list[tuple[int, int]]] = {}
        for index, level in enumerate(levels):
            for value, code in enumerate(level.values):
                if code is not None:
                    self._boxes.setdefault(level.question.key, []).append((index, value))
        diagrams = self.diagrams
        self.valid = diagrams.true
        for question in questions:
            if question.multiple and question.required:
                self.valid = diagrams.conjoin(self.valid, self._any(question.key, None))
        cases = [(Outcome.INVALID, diagrams.negate(self.valid))]
        cases += [(i, self.condition(rule.condition)) for i, rule in enumerate(questionnaire.rules)]
        # Which rule is the first match (its position), for every answer set.
        self.first = diagrams.first(cases, Outcome.UNMATCHED)

    def condition(self, condition: Condition) -> int:
        """Return the diagram of a condition: True where it holds."""
        diagrams = self.diagrams
        if isinstance(condition, Score):
            compare, value = COMPARE[condition.op], condition.value
            return diagrams.score(lambda score: compare(score, value))
        if isinstance(condition, Choice):
            chosen = self._any(condition.key, condition.codes)
            return diagrams.negate(chosen) if condition.op == "!=" else chosen
        if isinstance(condition, Not):
            return diagrams.negate(self.condition(condition.item))
        if isinstance(condition, And):
            result = diagrams.true
            for item in condition.items:
                result = diagrams.conjoin(result, self.condition(item))
            return result
        if isinstance(condition, Or):
            result = diagrams.false
            for item in condition.items:
                result = diagrams.disjoin(result, self.condition(item))
            return result
        assert isinstance(condition, Otherwise)
        return diagrams.true

    def offers(self) -> int:
        """Return the diagram of the offer each answer set reaches."""
        rules = self.questionnaire.rules
        return self.diagrams.relabel(self.first, {i: rule.offer for i, rule in enumerate(rules)})

    def _any(self, key: str, codes: Sequence[str] | None) -> int:
        """Return the condition that a question has one of these codes (None: any code) chosen."""
        diagrams = self.diagrams
        result = diagrams.false
        by_level: dict[int, list[int]] = {}
        for index, value in self._boxes.get(key, ()):
            if codes is None or self.diagrams.levels[index].values[value] in codes:
                by_level.setdefault(index, []).append(value)
        for index, values in by_level.items():
            result = diagrams.disjoin(result, diagrams.choice(index, values))
        return result


def _keys(condition: Condition) -> list[str]:
    """Return the question keys a condition names, in the order it names them."""
    if isinstance(condition, Choice):
        return [condition.key]
    if isinstance(condition, Not):
        return _keys(condition.item)
    if isinstance(condition, And | Or):
        return [key for item in condition.items for key in _keys(item)]
    return []


def _cuts(condition: Condition) -> list[int]:
    """Return the scores where a condition's comparisons change: `score < 5` changes at 5."""
    if isinstance(condition, Score):
        value = condition.value
        return {"=": [value, value + 1], "!=": [value, value + 1], "<": [value], ">=": [value]}.get(
            condition.op, [value + 1]
        )
    if isinstance(condition, Not):
        return _cuts(condition.item)
    if isinstance(condition, And | Or):
        return [cut for item in condition.items for cut in _cuts(item)]
    return []
