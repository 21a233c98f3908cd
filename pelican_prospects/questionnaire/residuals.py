"""Routing conditions as hashable nodes, simplified as answers are read and the score settles.

A residual is what still matters of the rules after some answers: each rule that can still be
the first match, labelled (by its position, its offer...), with its condition where those answers
are substituted and simplified. Score comparisons are sets of scores (`spans`), so they fold into
one another and settle as soon as every final score still reachable agrees on them.
`questionnaire.verify` counts answer sets over residuals; `server_rules.automaton` names its
states after them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import lru_cache
from typing import Any

from .spans import FULL, HIGHEST, LOWEST, Span, intersect, score_span, subtract, union

# ("span", ((low, high), ...)): the score is in one of these closed intervals
# | ("in", key, frozenset(codes)) | ("has", key, code)
# | ("not", node) | ("and", (node, ...)) | ("or", (node, ...)) | True | False
Node = tuple[Any, ...] | bool
Residual = tuple[tuple[Hashable, Node], ...]
Decide = Callable[[tuple[Any, ...]], Node | None]


def start(
    rules: Iterable[tuple[Hashable, Sequence[Any]]], low: int, high: int
) -> tuple[Residual, int | None]:
    """Return the residual of labelled JSON conditions, and the score 0 if one depends on it."""
    nodes = tuple((label, simplify(_node(condition), undecided)) for label, condition in rules)
    return settle(normalize(nodes), 0, low, high)


def answer(key: str, option: str | None, value: str | None) -> Decide:
    """Return what an answer settles: a single choice's `in` atoms, or an option's `has` atom."""
    # A single choice has no `option` and `value` is the code chosen; an option of a multiple
    # choice has `value` its code when ticked. No answer or an unticked option: None or ''.

    def decide(atom: tuple[Any, ...]) -> bool | None:
        if atom[1] != key:
            return None
        if option is None and atom[0] == "in":
            return value in atom[2]
        if atom[0] == "has" and atom[2] == option:
            return value == option
        return None

    return decide


def undecided(atom: tuple[Any, ...]) -> None:
    """Settle no atom."""
    return None


def simplify(node: Node, decide: Decide) -> Node:
    """Return the node with the atoms `decide` replaces replaced, constants and spans folded."""
    if isinstance(node, bool):
        return node
    tag = node[0]
    if tag == "not":
        inner = simplify(node[1], decide)
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
            value = simplify(item, decide)
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


@lru_cache(maxsize=65536)
def normalize(residual: Residual) -> Residual:
    """Drop the rules that can no longer be first; stop at the first that surely matches."""
    kept = []
    seen = set()
    covered: Span = ()
    for label, node in residual:
        if not isinstance(node, bool) and node[0] == "span":
            # Where an earlier rule that depends on the score alone matches, this one is not
            # first; where those rules leave only its scores, it surely matches.
            span = subtract(node[1], covered)
            covered = union(covered, span)
            node = True if covered == FULL else _span_node(span)
        # A rule left with the same condition as an earlier one is shadowed by it.
        if node is False or node in seen:
            continue
        kept.append((label, node))
        seen.add(node)
        if node is True:
            break
    return tuple(kept)


def settle(
    residual: Residual, score: int | None, low: int, high: int
) -> tuple[Residual, int | None]:
    """Settle the spans on the final scores reachable, `score` + [low, high]; drop an idle score."""
    if score is None:
        return residual, None
    least, most = score + low, score + high
    settled = normalize(tuple((label, _clip(node, least, most)) for label, node in residual))
    return settled, (score if any(_has_score(node) for _, node in settled) else None)


@lru_cache(maxsize=65536)
def _clip(node: Node, least: int, most: int) -> Node:
    """Return the node with each span cut to [least, most], then widened where it reaches an end."""
    if not _has_score(node):
        return node
    # Widened, a comparison not settled yet stays the same node whatever the partial score.

    def decide(atom: tuple[Any, ...]) -> Node | None:
        if atom[0] != "span":
            return None
        inside = intersect(atom[1], ((least, most),))
        return _span_node(
            tuple(
                (LOWEST if low == least else low, HIGHEST if high == most else high)
                for low, high in inside
            )
        )

    return simplify(node, decide)


@lru_cache(maxsize=4096)
def _has_score(node: Node) -> bool:
    """Return whether the node still depends on the score."""
    if isinstance(node, bool):
        return False
    if node[0] == "span":
        return True
    if node[0] == "not":
        return _has_score(node[1])
    return node[0] in ("and", "or") and any(_has_score(item) for item in node[1])


def _span_node(span: Span) -> Node:
    """Return a set of scores as a node: False when empty, True when every score."""
    if not span:
        return False
    return True if span == FULL else ("span", span)


def _node(condition: Sequence[Any]) -> Node:
    """Return a JSON condition as hashable nested tuples, a score comparison as a span."""
    tag = condition[0]
    if tag == "true":
        return True
    if tag == "score":
        return _span_node(score_span(condition[1], condition[2]))
    if tag == "in":
        return ("in", condition[1], frozenset(condition[2]))
    if tag == "not":
        return ("not", _node(condition[1]))
    if tag in ("and", "or"):
        return (tag, tuple(_node(item) for item in condition[1:]))
    return ("has", condition[1], condition[2])
