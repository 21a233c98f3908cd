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
from .model import And, Choice, Condition, Not, Or, Otherwise, Question, Questionnaire, Score


class Outcome(Enum):
    """Leaves that are not a rule's position nor an offer."""

    UNMATCHED = "no rule matches"
    INVALID = "not an answer set"  # a required multiple choice with no box ticked


WINDOW = 64  # places a question is moved either way while sifting


def engine_order(questionnaire: Questionnaire) -> list[int]:
    """Return the question positions in an order where few rules are half read at any point.

    A diagram is as wide as the combinations of what is left of the rules read in part, so
    the order keeps each rule's questions close. A cut between two positions costs two to the
    power of the rules it splits; starting from the questionnaire's order and from the order
    the rules first name the questions, each question is moved where the cuts cost least
    (sifting), and the cheaper result wins.
    """
    positions = {question.key: number for number, question in enumerate(questionnaire.questions)}
    spans = [
        {positions[key] for key in _keys(rule.condition) if key in positions}
        for rule in questionnaire.rules
    ]
    spans = [span for span in spans if len(span) > 1]
    named: dict[int, None] = {}
    for span in spans:
        named.update(dict.fromkeys(sorted(span)))
    everyone = range(len(questionnaire.questions))
    first = [*named, *(n for n in everyone if n not in named)]
    return min((_sift(list(everyone), spans), _sift(first, spans)), key=lambda c: c[0])[1]


def _sift(order: list[int], spans: list[set[int]]) -> tuple[int, list[int]]:
    """Move each question where the cuts cost least; return their cost and the order.

    A question is tried up to `WINDOW` places either way: anywhere, in a questionnaire of up to
    as many questions; in a larger one, trying every place made the ordering quadratic (a rule
    naming 1,000 questions took half a minute).
    """
    place = {number: index for index, number in enumerate(order)}
    rules_of: dict[int, set[int]] = {}
    for index, span in enumerate(spans):
        for number in span:
            rules_of.setdefault(number, set()).add(index)
    nothing: set[int] = set()
    low = [min(place[n] for n in span) for span in spans]
    high = [max(place[n] for n in span) for span in spans]
    cuts = [
        sum(lo <= cut < hi for lo, hi in zip(low, high, strict=True))
        for cut in range(len(order) - 1)
    ]

    def swap(cut: int) -> int:
        """Swap the questions on both sides of `cut`; return how much the cost changed."""
        a, b = order[cut], order[cut + 1]
        touched = rules_of.get(a, nothing) | rules_of.get(b, nothing)
        before = sum(low[r] <= cut < high[r] for r in touched)
        order[cut], order[cut + 1] = b, a
        place[a], place[b] = cut + 1, cut
        # A rule naming one of the two has its end there moved; naming both, the same ends.
        moved = {cut: cut + 1, cut + 1: cut}
        for r in rules_of.get(a, nothing) ^ rules_of.get(b, nothing):
            low[r] = moved.get(low[r], low[r])
            high[r] = moved.get(high[r], high[r])
        after = cuts[cut] - before + sum(low[r] <= cut < high[r] for r in touched)
        change = 2**after - 2 ** cuts[cut]
        cuts[cut] = after
        return change

    for _ in range(2):  # a third pass finds next to nothing
        for number in sorted(rules_of, key=lambda n: -len(rules_of[n])):
            start = place[number]
            lowest, highest = max(0, start - WINDOW), min(len(order) - 1, start + WINDOW)
            cost = best = 0
            best_at = start
            for cut in range(start - 1, lowest - 1, -1):
                cost += swap(cut)
                if cost < best:
                    best, best_at = cost, cut
            for cut in range(lowest, highest):
                cost += swap(cut)
                if cost < best:
                    best, best_at = cost, cut + 1
            for cut in range(highest - 1, best_at - 1, -1):
                swap(cut)
    return sum(2**count for count in cuts), order


def owner_order(questionnaire: Questionnaire) -> list[int]:
    """Return the question positions in the questionnaire's order."""
    return list(range(len(questionnaire.questions)))


class Space:
    """The diagrams over some questions read in one order, and the conditions on their answers."""

    def __init__(
        self, questions: Sequence[Question], order: Sequence[int], cuts: Sequence[int]
    ) -> None:
        levels = [level for n in order for level in levels_of(questions[n], n)]
        self.diagrams = Diagrams(levels, cuts)
        self._boxes: dict[str, list[tuple[int, int]]] = {}
        for index, level in enumerate(levels):
            for value, code in enumerate(level.values):
                if code is not None:
                    self._boxes.setdefault(level.question.key, []).append((index, value))

    def condition(self, condition: Condition) -> int:
        """Return the diagram of a condition: True where it holds."""
        diagrams = self.diagrams
        if isinstance(condition, Score):
            compare, value = COMPARE[condition.op], condition.value
            return diagrams.score(lambda score: compare(score, value))
        if isinstance(condition, Choice):
            chosen = self.chosen(condition.key, condition.codes)
            return diagrams.negate(chosen) if condition.op == "!=" else chosen
        if isinstance(condition, Not):
            return diagrams.negate(self.condition(condition.item))
        if isinstance(condition, And | Or):
            both = isinstance(condition, And)
            combine = diagrams.conjoin if both else diagrams.disjoin
            result = diagrams.true if both else diagrams.false
            # From the last level up, as `chosen`: each part then goes above what is combined.
            parts = [self.condition(item) for item in condition.items]
            for part in sorted(parts, key=diagrams.level, reverse=True):
                result = combine(part, result)
            return result
        assert isinstance(condition, Otherwise)
        return diagrams.true

    def chosen(self, key: str, codes: Sequence[str] | None) -> int:
        """Return the condition that a question has one of these codes (None: any code) chosen."""
        diagrams = self.diagrams
        result = diagrams.false
        by_level: dict[int, list[int]] = {}
        for index, value in self._boxes.get(key, ()):
            if codes is None or self.diagrams.levels[index].values[value] in codes:
                by_level.setdefault(index, []).append(value)
        # From the last level up, each step adds one node above the others.
        for index, values in sorted(by_level.items(), reverse=True):
            result = diagrams.disjoin(diagrams.choice(index, values), result)
        return result


class Routing(Space):
    """The diagrams of one questionnaire's routing, over its questions in one order."""

    def __init__(self, questionnaire: Questionnaire, order: Sequence[int] | None = None) -> None:
        self.questionnaire = questionnaire
        numbers = engine_order(questionnaire) if order is None else order
        questions = questionnaire.questions
        cuts = [cut for rule in questionnaire.rules for cut in rule_cuts(rule.condition)]
        super().__init__(questions, numbers, cuts)
        diagrams = self.diagrams
        self.valid = diagrams.true
        for question in questions:
            if question.multiple and question.required:
                self.valid = diagrams.conjoin(self.valid, self.chosen(question.key, None))
        cases = [(Outcome.INVALID, diagrams.negate(self.valid))]
        cases += [(i, self.condition(rule.condition)) for i, rule in enumerate(questionnaire.rules)]
        # Which rule is the first match (its position), for every answer set.
        self.first = diagrams.first(cases, Outcome.UNMATCHED)

    def offers(self) -> int:
        """Return the diagram of the offer each answer set reaches."""
        rules = self.questionnaire.rules
        return self.diagrams.relabel(self.first, {i: rule.offer for i, rule in enumerate(rules)})


def _keys(condition: Condition) -> list[str]:
    """Return the question keys a condition names, in the order it names them."""
    if isinstance(condition, Choice):
        return [condition.key]
    if isinstance(condition, Not):
        return _keys(condition.item)
    if isinstance(condition, And | Or):
        return [key for item in condition.items for key in _keys(item)]
    return []


def rule_cuts(condition: Condition) -> list[int]:
    """Return the scores where a condition's comparisons change: `score < 5` changes at 5."""
    if isinstance(condition, Score):
        value = condition.value
        return {"=": [value, value + 1], "!=": [value, value + 1], "<": [value], ">=": [value]}.get(
            condition.op, [value + 1]
        )
    if isinstance(condition, Not):
        return rule_cuts(condition.item)
    if isinstance(condition, And | Or):
        return [cut for item in condition.items for cut in rule_cuts(item)]
    return []
