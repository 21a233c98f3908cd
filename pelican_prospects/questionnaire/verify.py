"""Count the answer sets that reach each rule without listing them: dynamic programming.

The questions are taken in order; a multiple-choice question one option at a time (ticked or
not), so its 2^n subsets are never listed. A state is what still matters for the routing: each
rule's condition with the answers so far substituted and simplified (its residual), plus the
partial score while a residual still depends on the score. States that agree are merged, keeping
a count and one witness answer set. Score comparisons are folded into sets of scores (integer
intervals), settled as soon as the final scores still reachable agree, and a rule that depends
on the score alone loses the scores that earlier such rules take.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .model import And, Choice, Condition, Not, Or, Question, Questionnaire, Rule, Score
from .spans import FULL, Span, intersect, score_span, subtract, union

# ("span", ((low, high), ...)): the score is in one of these closed intervals
# | ("in", key, frozenset(codes)) | ("has", key, code)
# | ("not", node) | ("and", (node, ...)) | ("or", (node, ...)) | True | False
Node = tuple[Any, ...] | bool
Residual = tuple[tuple[int, Node], ...]
Witness = tuple["Witness", str, str] | None
Decide = Callable[[tuple[Any, ...]], Node | None]


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
    nodes = tuple((i, _simplify(_node(rule.condition), _undecided)) for i, rule in enumerate(rules))
    residual, score = _settle(_normalize(nodes), 0, low, high)
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
        moves = [(None, 0, _undecided)]
    elif step.kind == "tick":
        option = question.options[step.option_index]
        moves = [(option.code, option.score, _tick(question.key, option.code, True))]
        moves.append((None, 0, _tick(question.key, option.code, False)))
    else:
        moves = [(o.code, o.score, _pick(question.key, o.code)) for o in question.options]
        if not question.required:
            moves.append((None, 0, _pick(question.key, None)))
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
                        simplified[node, move] = _simplify(node, decide)
                nodes = tuple((i, simplified[node, move]) for i, node in residual)
                substituted[key] = _normalize(nodes)
            new_residual = substituted[key]
            new_score: int | None = None
            if score is not None:
                settle_key = (new_residual, score + points)
                if settle_key not in settled:
                    settled[settle_key] = _settle(new_residual, score + points, low, high)
                new_residual, new_score = settled[settle_key]
            new_ticked = step.kind == "tick" and (ticked or code is not None)
            target = (new_residual, new_score, new_ticked)
            new_witness = (witness, question.key, code) if code is not None else witness
            known = after.get(target)
            after[target] = (count + known[0], known[1]) if known else (count, new_witness)
    return after


def _pick(key: str, code: str | None) -> Decide:
    def decide(atom: tuple[Any, ...]) -> bool | None:
        return code in atom[2] if atom[0] == "in" and atom[1] == key else None

    return decide


def _tick(key: str, code: str, ticked: bool) -> Decide:
    def decide(atom: tuple[Any, ...]) -> bool | None:
        return ticked if atom[0] == "has" and atom[1] == key and atom[2] == code else None

    return decide


def _undecided(atom: tuple[Any, ...]) -> bool | None:
    return None


def _settle(residual: Residual, score: int, low: int, high: int) -> tuple[Residual, int | None]:
    """Settle the score spans that hold for all, or for none, of the final scores reachable."""
    least, most = score + low, score + high
    settled = _normalize(tuple((i, _clip(node, least, most)) for i, node in residual))
    return settled, (score if _scored(settled) else None)


@lru_cache(maxsize=65536)
def _clip(node: Node, least: int, most: int) -> Node:
    """Return the node with each span settled that [least, most] lies inside or outside of."""
    if not _has_score(node):
        return node
    reachable = ((least, most),)

    def decide(atom: tuple[Any, ...]) -> Node | None:
        if atom[0] != "span":
            return None
        inside = intersect(atom[1], reachable)
        return True if inside == reachable else (False if not inside else None)

    return _simplify(node, decide)


@lru_cache(maxsize=65536)
def _normalize(residual: Residual) -> Residual:
    """Drop the rules that can no longer be first; stop at the first that surely matches."""
    kept = []
    seen = set()
    covered: Span = ()
    for index, node in residual:
        if not isinstance(node, bool) and node[0] == "span":
            # Where an earlier rule that depends on the score alone matches, this one is not first.
            node, covered = _span_node(subtract(node[1], covered)), union(covered, node[1])
        # A rule left with the same condition as an earlier one is shadowed by it.
        if node is False or node in seen:
            continue
        kept.append((index, node))
        seen.add(node)
        if node is True:
            break
    return tuple(kept)


def _scored(residual: Residual) -> bool:
    return any(_has_score(node) for _, node in residual)


@lru_cache(maxsize=4096)
def _has_score(node: Node) -> bool:
    if isinstance(node, bool):
        return False
    if node[0] == "span":
        return True
    if node[0] == "not":
        return _has_score(node[1])
    if node[0] in ("and", "or"):
        return any(_has_score(item) for item in node[1])
    return False


def _simplify(node: Node, decide: Decide) -> Node:
    """Return the node with the atoms `decide` replaces replaced, constants and spans folded."""
    if isinstance(node, bool):
        return node
    tag = node[0]
    if tag == "not":
        inner = _simplify(node[1], decide)
        if isinstance(inner, bool):
            return not inner
        if inner[0] == "span":
            return _span_node(subtract(FULL, inner[1]))
        return ("not", inner)
    if tag in ("and", "or"):
        absorbing, identity = tag == "or", tag == "and"
        items = []
        span: Span | None = None
        for item in node[1]:
            value = _simplify(item, decide)
            if value is absorbing:
                return absorbing
            if value is identity:
                continue
            if value[0] == "span":
                merge = union if absorbing else intersect
                span = value[1] if span is None else merge(span, value[1])
            else:
                items.append(value)
        folded = identity if span is None else _span_node(span)
        if folded is absorbing:
            return absorbing
        if folded is not identity:
            items.insert(0, folded)
        if not items:
            return identity
        return items[0] if len(items) == 1 else (tag, tuple(items))
    value = decide(node)
    return node if value is None else value


def _span_node(span: Span) -> Node:
    """Return a set of scores as a node: False when empty, True when every score."""
    if not span:
        return False
    return True if span == FULL else ("span", span)


def _node(condition: Condition) -> Node:
    """Return a condition as hashable nested tuples; `=` and `!=` become (not) `in`."""
    if isinstance(condition, Score):
        return _span_node(score_span(condition.op, condition.value))
    if isinstance(condition, Choice):
        if condition.op == "has":
            return ("has", condition.key, condition.codes[0])
        member = ("in", condition.key, frozenset(condition.codes))
        return ("not", member) if condition.op == "!=" else member
    if isinstance(condition, Not):
        return ("not", _node(condition.item))
    if isinstance(condition, And | Or):
        tag = "and" if isinstance(condition, And) else "or"
        return (tag, tuple(_node(item) for item in condition.items))
    return True


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
