"""Count the answer sets that reach each rule without listing them: dynamic programming.

The questions are taken in order; a multiple-choice question one option at a time (ticked or
not), so its 2^n subsets are never listed. A state is what still matters for the routing: each
rule's condition with the answers so far substituted and simplified (its residual), plus the
partial score while a residual still depends on the score. States that agree are merged, keeping
a count and one witness answer set. Score comparisons are folded into sets of scores (integer
intervals), settled as soon as the final scores still reachable agree, and a rule that depends
on the score alone loses the scores that earlier such rules take (`residuals`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .compile import condition_json
from .model import Question, Questionnaire, Rule
from .residuals import Decide, Node, Residual, answer, normalize, settle, simplify, start, undecided

Witness = tuple["Witness", str, str] | None


@dataclass(frozen=True)
class Report:
    """How many answer sets each rule is the first match for, and those no rule matches."""

    total: int
    counts: tuple[int, ...]
    unmatched: int
    example: dict[str, tuple[str, ...]] | None

    def per_offer(self, rules: Sequence[Rule]) -> dict[str, int]:
        """Return the answer sets per offer, offers in the order the rules first name them."""
        offers: dict[str, int] = {}
        for rule, count in zip(rules, self.counts, strict=True):
            offers[rule.offer] = offers.get(rule.offer, 0) + count
        return offers

    def dead_rules(self, rules: Sequence[Rule]) -> list[Rule]:
        """Return the rules that are the first match for no answer set."""
        return [rule for rule, count in zip(rules, self.counts, strict=True) if not count]


def verify(questionnaire: Questionnaire) -> Report:
    """Return the routing report of a compiled questionnaire (every name resolves)."""
    rules = questionnaire.rules
    steps = _steps(questionnaire.questions)
    (low, high), *after_each = _bounds(steps)
    conditions = ((i, condition_json(rule.condition)) for i, rule in enumerate(rules))
    residual, score = start(conditions, low, high)
    states: dict[tuple[Residual, int | None, bool], tuple[int, Witness]] = {
        (residual, score, False): (1, None)
    }
    for step, (low, high) in zip(steps, after_each, strict=True):
        states = _advance(states, step, low, high)
    counts = [0] * len(rules)
    unmatched = 0
    examples = []
    for (residual, _, _), (count, witness) in states.items():
        if residual:
            counts[residual[0][0]] += count
        else:
            unmatched += count
            examples.append(witness)
    example = _answers(questionnaire.questions, examples[0]) if examples else None
    return Report(sum(counts) + unmatched, tuple(counts), unmatched, example)


@dataclass(frozen=True)
class _Step:
    """One decision: a single choice, one option of a multiple choice, or a question's end."""

    question: Question
    kind: str
    option_index: int = 0


def _steps(questions: Sequence[Question]) -> list[_Step]:
    steps = []
    for question in questions:
        if question.multiple:
            steps.extend(_Step(question, "tick", index) for index in range(len(question.options)))
            steps.append(_Step(question, "end"))
        else:
            steps.append(_Step(question, "single"))
    return steps


def _bounds(steps: Sequence[_Step]) -> list[tuple[int, int]]:
    """Return the lowest and highest score the steps can add: all of them, then after each one."""
    bounds = [(0, 0)]
    low = high = 0
    for step in reversed(steps):
        scores = [option.score for option in step.question.options]
        if step.kind == "single":
            if not step.question.required:
                scores.append(0)
            low, high = low + min(scores), high + max(scores)
        elif step.kind == "tick":
            score = scores[step.option_index]
            low, high = low + min(score, 0), high + max(score, 0)
        bounds.append((low, high))
    return bounds[::-1]


def _advance(
    states: dict[tuple[Residual, int | None, bool], tuple[int, Witness]],
    step: _Step,
    low: int,
    high: int,
) -> dict[tuple[Residual, int | None, bool], tuple[int, Witness]]:
    """Return the states after one step, merged, with counts added and one witness kept."""
    question = step.question
    moves: list[tuple[str | None, int, Decide]]
    if step.kind == "end":
        moves = [(None, 0, undecided)]
    elif step.kind == "tick":
        option = question.options[step.option_index]
        moves = [(option.code, option.score, answer(question.key, option.code, option.code))]
        moves.append((None, 0, answer(question.key, option.code, None)))
    else:
        moves = [(o.code, o.score, answer(question.key, None, o.code)) for o in question.options]
        if not question.required:
            moves.append((None, 0, answer(question.key, None, None)))
    simplified: dict[tuple[Node, int], Node] = {}
    substituted: dict[tuple[Residual, int], Residual] = {}
    settled: dict[tuple[Residual, int], tuple[Residual, int | None]] = {}
    after: dict[tuple[Residual, int | None, bool], tuple[int, Witness]] = {}
    for (residual, score, ticked), (count, witness) in states.items():
        if step.kind == "end" and question.required and not ticked:
            continue
        for move, (code, points, decide) in enumerate(moves):
            key = (residual, move)
            if key not in substituted:
                for _, node in residual:
                    if (node, move) not in simplified:
                        simplified[node, move] = simplify(node, decide)
                nodes = tuple((i, simplified[node, move]) for i, node in residual)
                substituted[key] = normalize(nodes)
            new_residual = substituted[key]
            new_score: int | None = None
            if score is not None:
                settle_key = (new_residual, score + points)
                if settle_key not in settled:
                    settled[settle_key] = settle(new_residual, score + points, low, high)
                new_residual, new_score = settled[settle_key]
            new_ticked = step.kind == "tick" and (ticked or code is not None)
            target = (new_residual, new_score, new_ticked)
            new_witness = (witness, question.key, code) if code is not None else witness
            known = after.get(target)
            after[target] = (count + known[0], known[1]) if known else (count, new_witness)
    return after


def _answers(questions: Sequence[Question], witness: Witness) -> dict[str, tuple[str, ...]]:
    """Return a witness chain as answers, questions and codes in questionnaire order."""
    chosen: set[tuple[str, str]] = set()
    while witness is not None:
        witness, key, code = witness
        chosen.add((key, code))
    answers = {}
    for question in questions:
        codes = tuple(o.code for o in question.options if (question.key, o.code) in chosen)
        if codes:
            answers[question.key] = codes
    return answers
