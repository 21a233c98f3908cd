"""Route answers one at a time with string tests only: a layered automaton for servers.

A server without scripting can still route answers when each step compares two strings: the
state reached so far and one answer. A state is what still matters for the routing after the
answers read so far: their residual (`questionnaire.residuals`), each rule's condition with
those answers substituted and simplified, plus the partial score while a condition needs it.
Once every rule that can still be the first match names the same offer, the state is final
and named after that offer. The input is the JSON form documented in `questionnaire.compile`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..questionnaire.residuals import Residual, answer, normalize, settle, simplify, start


@dataclass(frozen=True)
class Step:
    """One answer read: a single choice (`option` is None) or one option of a multiple choice.

    `question` and `option` are 0-based positions. Each move is `(state, value, next)`:
    `value` is the code chosen (single choice) or the option's code when ticked, and '' for
    no answer or an option left unticked.
    """

    question: int
    option: int | None
    key: str
    moves: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Automaton:
    """The steps in questionnaire order, from `start` to the final states named in `finals`."""

    start: str
    steps: tuple[Step, ...]
    finals: Mapping[str, str]

    @property
    def size(self) -> int:
        """Return the number of moves: what a server's rules grow with."""
        return sum(len(step.moves) for step in self.steps)


@dataclass(frozen=True)
class _Read:
    """One step before states are known: which answer, its possible values and their scores."""

    question: int
    option: int | None
    key: str
    code: str | None
    values: tuple[tuple[str, int], ...]


def build(data: Mapping[str, Any], limit: int) -> Automaton | None:
    """Return the automaton of a checked questionnaire, or None beyond `limit` moves."""
    reads = _reads(data["questions"])
    bounds = _bounds(reads)
    offers = list(dict.fromkeys(rule["offer"] for rule in data["rules"]))
    finals = {f"o{index}": offer for index, offer in enumerate(offers)}
    final_of = {offer: name for name, offer in finals.items()}
    residual, score = start(((rule["offer"], rule["when"]) for rule in data["rules"]), *bounds[0])
    names: dict[tuple[Residual, int | None], str] = {}

    def name(residual: Residual, score: int | None, layer: int) -> str:
        offers_left = {offer for offer, _ in residual}
        if len(offers_left) == 1:
            return final_of[offers_left.pop()]
        return names.setdefault((residual, score), f"s{layer}_{len(names)}")

    first = name(residual, score, 0)
    states = {first: (residual, score)} if first not in finals else {}
    steps = []
    size = 0
    for layer, (read, (low, high)) in enumerate(zip(reads, bounds[1:], strict=True), start=1):
        names.clear()
        moves = []
        after: dict[str, tuple[Residual, int | None]] = {}
        for state, (residual, score) in states.items():
            for value, points in read.values:
                decide = answer(read.key, read.code, value)
                decided = tuple((offer, simplify(node, decide)) for offer, node in residual)
                total = None if score is None else score + points
                new, new_score = settle(normalize(decided), total, low, high)
                target = name(new, new_score, layer)
                if target not in finals:
                    after[target] = (new, new_score)
                moves.append((state, value, target))
        size += len(moves)
        if size > limit:
            return None
        steps.append(Step(read.question, read.option, read.key, tuple(moves)))
        states = after
    return Automaton(first, tuple(steps), finals)


def _reads(questions: Sequence[Mapping[str, Any]]) -> list[_Read]:
    """Return the steps: one per single choice, one per option of a multiple choice."""
    reads = []
    for number, question in enumerate(questions):
        key, options = question["key"], question["options"]
        if question["multiple"]:
            reads.extend(
                _Read(number, index, key, o["code"], ((o["code"], o["score"]), ("", 0)))
                for index, o in enumerate(options)
            )
        else:
            values = tuple((o["code"], o["score"]) for o in options)
            values += () if question["required"] else (("", 0),)
            reads.append(_Read(number, None, key, None, values))
    return reads


def _bounds(reads: Sequence[_Read]) -> list[tuple[int, int]]:
    """Return the lowest and highest score still to come: before any step, then after each."""
    bounds = [(0, 0)]
    for read in reversed(reads):
        scores = [points for _, points in read.values]
        low, high = bounds[-1]
        bounds.append((low + min(scores), high + max(scores)))
    return bounds[::-1]
