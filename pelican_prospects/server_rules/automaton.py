"""Route answers one at a time with string tests only: a layered automaton for servers.

A server without scripting can still route answers when each step compares two strings: the
state reached so far and one answer. A state is what still matters for the routing after the
answers read so far, as in `questionnaire.verify`: each rule's condition with those answers
substituted and simplified, plus the partial score while a condition still needs it. Once
every rule that can still be the first match names the same offer, the state is final and
named after that offer. The input is the JSON form documented in `questionnaire.compile`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# ("score", op, n) | ("in", key, frozenset(codes)) | ("has", key, code)
# | ("not", node) | ("and", (node, ...)) | ("or", (node, ...)) | True | False
Node = tuple[Any, ...] | bool
Residual = tuple[tuple[str, Node], ...]
Decide = Callable[[tuple[Any, ...]], bool | None]

COMPARE: dict[str, Callable[[int, int], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


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
    start: Residual = tuple((rule["offer"], _node(rule["when"])) for rule in data["rules"])
    start, score = _settle(start, 0, *bounds[0])
    names: dict[tuple[Residual, int | None], str] = {}

    def name(residual: Residual, score: int | None, layer: int) -> str:
        offers_left = {offer for offer, _ in residual}
        if len(offers_left) == 1:
            return final_of[offers_left.pop()]
        return names.setdefault((residual, score), f"s{layer}_{len(names)}")

    first = name(start, score, 0)
    states = {first: (start, score)} if first not in finals else {}
    steps = []
    size = 0
    for layer, (read, (low, high)) in enumerate(zip(reads, bounds[1:], strict=True), start=1):
        names.clear()
        moves = []
        after: dict[str, tuple[Residual, int | None]] = {}
        for state, (residual, score) in states.items():
            for value, points in read.values:
                decided = tuple(
                    (offer, _simplify(node, _decider(read, value))) for offer, node in residual
                )
                total = None if score is None else score + points
                new, new_score = _settle(_normalize(decided), total, low, high)
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


def _decider(read: _Read, value: str) -> Decide:
    """Return what this answer settles: `in` atoms of a single choice, a `has` of an option."""

    def decide(atom: tuple[Any, ...]) -> bool | None:
        if atom[1] != read.key:
            return None
        if read.code is None and atom[0] == "in":
            return value in atom[2]
        if atom[0] == "has" and atom[2] == read.code:
            return value == read.code
        return None

    return decide


def _settle(
    residual: Residual, score: int | None, low: int, high: int
) -> tuple[Residual, int | None]:
    """Settle the score comparisons that every reachable final score agrees on."""
    if score is None:
        return residual, None
    least, most = score + low, score + high

    def decide(atom: tuple[Any, ...]) -> bool | None:
        if atom[0] != "score":
            return None
        holds = [COMPARE[atom[1]](value, atom[2]) for value in _probes(atom[2], least, most)]
        return holds[0] if all(h == holds[0] for h in holds) else None

    settled = _normalize(tuple((offer, _simplify(node, decide)) for offer, node in residual))
    return settled, (score if any(_scored(node) for _, node in settled) else None)


def _probes(value: int, least: int, most: int) -> list[int]:
    """Return the reachable scores where a comparison with `value` can change its answer."""
    return [s for s in {least, most, value - 1, value, value + 1} if least <= s <= most]


def _scored(node: Node) -> bool:
    if isinstance(node, bool):
        return False
    if node[0] == "score":
        return True
    if node[0] == "not":
        return _scored(node[1])
    return node[0] in ("and", "or") and any(_scored(item) for item in node[1])


def _normalize(residual: Residual) -> Residual:
    """Drop the rules that can no longer be first; stop at the first that surely matches."""
    kept = []
    seen = set()
    for offer, node in residual:
        if node is False or node in seen:
            continue
        kept.append((offer, node))
        seen.add(node)
        if node is True:
            break
    return tuple(kept)


def _simplify(node: Node, decide: Decide) -> Node:
    """Return the node with the atoms `decide` settles replaced and constants folded."""
    if isinstance(node, bool):
        return node
    tag = node[0]
    if tag == "not":
        inner = _simplify(node[1], decide)
        return (not inner) if isinstance(inner, bool) else ("not", inner)
    if tag in ("and", "or"):
        absorbing = tag == "or"
        items = []
        for item in node[1]:
            value = _simplify(item, decide)
            if value is absorbing:
                return absorbing
            if value is not (not absorbing):
                items.append(value)
        if not items:
            return not absorbing
        return items[0] if len(items) == 1 else (tag, tuple(items))
    value = decide(node)
    return node if value is None else value


def _node(condition: Sequence[Any]) -> Node:
    """Return a JSON condition as hashable nested tuples."""
    tag = condition[0]
    if tag == "true":
        return True
    if tag == "in":
        return ("in", condition[1], frozenset(condition[2]))
    if tag == "not":
        return ("not", _node(condition[1]))
    if tag in ("and", "or"):
        return (tag, tuple(_node(item) for item in condition[1:]))
    return tuple(condition)
