"""Reduced ordered decision diagrams over a questionnaire's answers, the score as a last level.

A diagram is a node id. Each choice level is one decision: a single-choice question (its
options, then no answer when optional) or one box of a multiple-choice question (ticked, then
not). The last level branches on the total score, cut into the intervals that the routing's
comparisons tell apart, so a comparison costs one node however many answers add up to the
score. Leaves hold any hashable value: True and False for conditions, a rule's position, an
offer. Nodes are unique and a node whose children are all the same is never made: equal
functions are the same id, and a diagram's size is that of the reduced diagram in this order.

`counts` and `witness` read the score level against the real score of the answers: counts
carry polynomials of scores down the diagram (`tallies`), a witness keeps the sets of scores
that can still reach the leaf. `fold` rewrites a diagram without the score level, the partial
score folded into the choice nodes, as a reader that sees one answer at a time needs it.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from itertools import accumulate
from operator import mul
from typing import ParamSpec, TypeVar

from .model import Question
from .tallies import DENSE_SPAN, tally

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Level:
    """One decision: a single choice (`option` is None) or one box of a multiple choice.

    `values` are the codes chosen (single choice, then None for no answer when optional) or the
    box's code then None (ticked, not ticked); `scores` what each adds to the score.
    """

    question: Question
    number: int  # the question's position in the questionnaire
    option: int | None
    values: tuple[str | None, ...]
    scores: tuple[int, ...]


def levels_of(question: Question, number: int) -> list[Level]:
    """Return the levels of one question, in option order."""
    if not question.multiple:
        codes: tuple[str | None, ...] = tuple(option.code for option in question.options)
        scores = tuple(option.score for option in question.options)
        if not question.required:
            codes, scores = (*codes, None), (*scores, 0)
        return [Level(question, number, None, codes, scores)]
    return [
        Level(question, number, index, (option.code, None), (option.score, 0))
        for index, option in enumerate(question.options)
    ]


class TooLarge(Exception):
    """A diagram outgrew the budget it was given."""


# Most totals the answer sets may score, beyond DENSE_SPAN: counting by score follows every
# distinct total (counting the answer sets above a threshold is a knapsack count, exponential in
# the questions when the scores are wide and unrelated), so wider scores are refused instead.
MOST_TOTALS = 1_000_000  # about a second of counting; 5^8 to 5^9 totals of random scores


class TooSpread(Exception):
    """The answer sets score too many distinct totals to count them by score."""

    def __init__(self, question: Question, totals: int) -> None:
        self.question = question
        self.totals = totals
        super().__init__(
            f"scores too spread out to check: {totals} distinct partial totals after question"
            f" '{question.key}' (limit {MOST_TOTALS}); use smaller scores, e.g. 0 to 10"
        )


def check_spread(levels: Sequence[Level]) -> None:
    """Raise TooSpread when the answer sets score more than MOST_TOTALS distinct totals.

    The totals grow question by question, in questionnaire order, and the first question after
    which there are too many is the one named. However the levels are ordered, every partial
    total the counting meets, and every product of some levels' scores, has at most as many
    distinct values as the whole, so this bounds the counting's work.
    """
    if sum(max(level.scores) - min(level.scores) for level in levels) <= DENSE_SPAN:
        return  # no more totals than the span, counted as one packed integer
    totals = {0}
    for level in sorted(levels, key=lambda level: (level.number, level.option or 0)):
        scores = set(level.scores)
        after: set[int] = set()
        for total in totals:
            after.update([total + score for score in scores])
            if len(after) > MOST_TOTALS:
                raise TooSpread(level.question, len(after))
        totals = after


@contextmanager
def room_to_walk(questions: Sequence[Question]) -> Iterator[None]:
    """Let diagram walks over `questions` recurse a level at a time, inside the block only.

    Walks take a few frames per level, and a question with a thousand boxes is a thousand
    levels: the recursion limit is raised as needed, then restored, so that the rest of the
    process keeps the limit it had (a parser relying on it still stops where it did). The limit
    is the process's: walks in two threads at once would restore each other's.
    """
    most_levels = sum(len(question.options) + 1 for question in questions)  # a box each, or none
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, 3 * most_levels + 1000))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def with_room_to_walk(
    questions_of: Callable[..., Sequence[Question]],
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run the decorated function in `room_to_walk(questions_of(its arguments))`."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            with room_to_walk(questions_of(*args, **kwargs)):
                return function(*args, **kwargs)

        return run

    return decorate


class Diagrams:
    """The nodes of every diagram over the same levels, in one order, and the score's cuts."""

    def __init__(self, levels: Sequence[Level], cuts: Sequence[int]) -> None:
        self.levels = tuple(levels)  # walks recurse one level at a time: see `room_to_walk`
        # The score level's intervals: below the first cut, then from each cut to the next.
        self.cuts = tuple(sorted(set(cuts)))
        self.score_level = len(self.levels)
        self._widths = [len(level.values) for level in self.levels] + [len(self.cuts) + 1]
        self._level: list[int] = []
        self._children: list[tuple[int, ...]] = []
        self._values: dict[int, Hashable] = {}
        self._unique: dict[tuple[int, tuple[int, ...]], int] = {}
        self._leaves: dict[tuple[type, Hashable], int] = {}
        self._ite: dict[tuple[int, int, int], int] = {}
        self._scored: dict[int, bool] = {}
        self.false = self.leaf(False)
        self.true = self.leaf(True)
        # The lowest and highest score the levels from each one on can add.
        lows = (min(level.scores) for level in reversed(self.levels))
        self._low = [*accumulate(lows, initial=0)][::-1]
        highs = (max(level.scores) for level in reversed(self.levels))
        self._high = [*accumulate(highs, initial=0)][::-1]

    # Nodes

    def leaf(self, value: Hashable) -> int:
        """Return the leaf holding `value`."""
        key = (type(value), value)  # apart, or the rule at position 1 would be True
        found = self._leaves.get(key)
        if found is None:
            found = self._leaves[key] = len(self._level)
            self._level.append(self.score_level + 1)
            self._children.append(())
            self._values[found] = value
        return found

    def node(self, level: int, children: tuple[int, ...]) -> int:
        """Return the node branching on `level`, or the child itself when all are the same."""
        first = children[0]
        if all(child == first for child in children):
            return first
        key = (level, children)
        found = self._unique.get(key)
        if found is None:
            found = self._unique[key] = len(self._level)
            self._level.append(level)
            self._children.append(children)
        return found

    def is_leaf(self, node: int) -> bool:
        """Return whether the node is a leaf."""
        return node in self._values

    def value(self, node: int) -> Hashable:
        """Return a leaf's value."""
        return self._values[node]

    def level(self, node: int) -> int:
        """Return the node's level: a position in `levels`, `score_level`, or past it (leaves)."""
        return self._level[node]

    def children(self, node: int) -> tuple[int, ...]:
        """Return the children of an inner node, one per value of its level."""
        return self._children[node]

    def nodes(self, root: int) -> list[int]:
        """Return the inner nodes of a diagram, by level, each level in the order first reached."""
        seen = {root}
        found = []
        frontier = [root]
        while frontier:
            found.extend(node for node in frontier if not self.is_leaf(node))
            after = []
            for node in frontier:
                for child in self._children[node]:
                    if child not in seen:
                        seen.add(child)
                        after.append(child)
            frontier = after
        return sorted(found, key=self._level.__getitem__)

    def leaves(self, root: int) -> list[Hashable]:
        """Return the values of the leaves a diagram reaches."""
        if self.is_leaf(root):
            return [self.value(root)]
        kids = {child for node in self.nodes(root) for child in self._children[node]}
        return [self.value(child) for child in sorted(kids) if self.is_leaf(child)]

    # Building

    def choice(self, level: int, chosen: Sequence[int]) -> int:
        """Return the condition that the level takes one of the `chosen` values."""
        width = self._widths[level]
        return self.node(
            level, tuple(self.true if v in chosen else self.false for v in range(width))
        )

    def score(self, holds: Callable[[int], bool]) -> int:
        """Return the condition on the score that `holds` tests (constant between two cuts)."""
        starts = (self.cuts[0] - 1, *self.cuts) if self.cuts else (0,)
        return self.node(self.score_level, tuple(self.leaf(holds(s)) for s in starts))

    def ite(self, test: int, then: int, otherwise: int) -> int:
        """Return `then` where the condition `test` holds, `otherwise` elsewhere."""
        if test == self.true:
            return then
        if test == self.false or then == otherwise:
            return otherwise
        if then == self.true and otherwise == self.false:
            return test
        key = (test, then, otherwise)
        found = self._ite.get(key)
        if found is not None:
            return found
        levels = self._level
        top = min(levels[test], levels[then], levels[otherwise])
        width = self._widths[top]
        parts = [
            self._children[n] if levels[n] == top else (n,) * width for n in (test, then, otherwise)
        ]
        # A comprehension, not `map`: Python calls Python without a C frame, and Python 3.12
        # stops C recursion near a thousand levels whatever the recursion limit.
        ite = self.ite
        found = self.node(top, tuple([ite(a, b, c) for a, b, c in zip(*parts, strict=True)]))
        self._ite[key] = found
        return found

    def first(self, cases: Sequence[tuple[Hashable, int]], default: Hashable) -> int:
        """Return the label of the first case whose condition holds, `default` where none does.

        Cases are added one at a time where no earlier case holds, so each step only visits
        the part of the diagram that earlier cases leave open, never the later cases alone.
        """
        rest = self.leaf(default)
        levels, children, values = self._level, self._children, self._values
        # Whether a node still reaches `rest`: nodes never change, so this holds across steps.
        open_: dict[int, bool] = {}

        def is_open(node: int) -> bool:
            found = open_.get(node)
            if found is None:
                found = node == rest
                if not found and node not in values:
                    for child in children[node]:  # a loop, not any(map()): see `ite`
                        if is_open(child):
                            found = True
                            break
                open_[node] = found
            return found

        def fill(routed: int, condition: int, label: int) -> int:
            """Return `routed` with `rest` replaced by `label` where `condition` holds."""
            memo: dict[tuple[int, int], int] = {}

            def walk(routed: int, condition: int) -> int:
                if condition == self.false or not is_open(routed):
                    return routed
                if routed == rest and condition == self.true:
                    return label
                found = memo.get((routed, condition))
                if found is None:
                    top = min(levels[routed], levels[condition])
                    width = self._widths[top]
                    pairs = zip(
                        children[routed] if levels[routed] == top else (routed,) * width,
                        children[condition] if levels[condition] == top else (condition,) * width,
                        strict=True,
                    )
                    kids = tuple([walk(a, b) for a, b in pairs])  # not `map`: see `ite`
                    found = memo[routed, condition] = self.node(top, kids)
                return found

            return walk(routed, condition)

        result = rest
        for label, condition in cases:
            result = fill(result, condition, self.leaf(label))
        return result

    def negate(self, node: int) -> int:
        """Return the condition that `node` does not hold."""
        return self.ite(node, self.false, self.true)

    def conjoin(self, a: int, b: int) -> int:
        """Return the condition that both hold."""
        return self.ite(a, b, self.false)

    def disjoin(self, a: int, b: int) -> int:
        """Return the condition that either holds."""
        return self.ite(a, self.true, b)

    def relabel(self, root: int, rename: Mapping[Hashable, Hashable]) -> int:
        """Return the diagram with each leaf value replaced as `rename` says (others kept)."""
        memo: dict[int, int] = {}

        def walk(node: int) -> int:
            if self.is_leaf(node):
                value = self.value(node)
                return self.leaf(rename.get(value, value))
            found = memo.get(node)
            if found is None:
                kids = tuple([walk(child) for child in self._children[node]])  # see `ite`
                found = memo[node] = self.node(self._level[node], kids)
            return found

        return walk(root)

    def pair(self, a: int, b: int) -> int:
        """Return the diagram whose leaves hold the pairs (value of `a`, value of `b`)."""
        levels, children, values = self._level, self._children, self._values
        memo: dict[tuple[int, int], int] = {}

        def walk(a: int, b: int) -> int:
            if a in values and b in values:
                return self.leaf((values[a], values[b]))
            found = memo.get((a, b))
            if found is None:
                top = min(levels[a], levels[b])
                width = self._widths[top]
                pairs = zip(
                    children[a] if levels[a] == top else (a,) * width,
                    children[b] if levels[b] == top else (b,) * width,
                    strict=True,
                )
                kids = tuple([walk(x, y) for x, y in pairs])  # not `map`: see `ite`
                found = memo[a, b] = self.node(top, kids)
            return found

        return walk(a, b)

    def adopt(self, other: Diagrams, root: int) -> int:
        """Return a diagram of `other` with no score level, rebuilt from these nodes."""
        memo: dict[int, int] = {}

        def walk(node: int) -> int:
            if other.is_leaf(node):
                return self.leaf(other.value(node))
            found = memo.get(node)
            if found is None:
                level = other.level(node)
                assert level < other.score_level, "fold the diagram first"
                kids = tuple([walk(child) for child in other.children(node)])  # see `ite`
                found = memo[node] = self.node(level, kids)
            return found

        return walk(root)

    # Reading against the real score

    def counts(self, root: int) -> dict[Hashable, int]:
        """Return how many answer sets reach each leaf that some reach, reading the score level.

        Raise TooSpread when the score level is read and the scores are too spread out.
        """
        levels, children, widths = self.levels, self._children, self._widths
        if self._is_scored(root):
            check_spread(levels)
        # sizes[i]: the answers of levels i and after; floors[i]: the lowest score before i.
        sizes = [*accumulate((widths[i] for i in range(len(levels) - 1, -1, -1)), mul, initial=1)]
        sizes.reverse()
        floors = [*accumulate((min(level.scores) for level in levels), initial=0)]
        span = sum(max(level.scores) - min(level.scores) for level in levels)
        counter = tally(span, sizes[0])
        gaps: dict[tuple[int, int], object] = {}

        def gap(start: int, stop: int) -> object:
            """Return the scores that levels start to stop - 1 add, every answer allowed."""
            found = gaps.get((start, stop))
            if found is None:
                found = counter.polynomial([0])
                for level in levels[start:stop]:
                    low = min(level.scores)
                    found = counter.times(found, counter.polynomial(s - low for s in level.scores))
                gaps[start, stop] = found
            return found

        # What reaches each node: by score where the score level lies below, else a count. A
        # polynomial waits with the level it is counted up to; the levels skipped since are
        # multiplied in once per level its parents are on, not once per parent.
        scored: dict[int, tuple[object, int]] = {}
        plain: dict[int, int] = {}
        top = self._level[root]
        if self._is_scored(root):
            scored[root] = (counter.polynomial([0]), 0)
        else:
            plain[root] = sizes[0] // sizes[min(top, len(levels))]
        nodes = self.nodes(root)
        is_scored = {node: self._is_scored(node) for node in nodes}
        lows = [min(level.scores) for level in levels]
        shift, add, times = counter.shift, counter.add, counter.times
        for node in nodes:
            level = self._level[node]
            if node in scored:
                polynomial, upto = scored.pop(node)
                if upto < level:
                    polynomial = times(polynomial, gap(upto, level))
            else:
                polynomial = None
            if level == self.score_level:
                bounds = [0, *(cut - floors[level] for cut in self.cuts), span + 1]
                for interval, child in enumerate(children[node]):
                    count = counter.between(polynomial, bounds[interval], bounds[interval + 1] - 1)
                    plain[child] = plain.get(child, 0) + count
                continue
            if polynomial is None or not is_scored[node]:
                count = plain.pop(node, 0)
                if polynomial is not None:
                    count += counter.total(polynomial)
                for child in children[node]:
                    below = min(self._level[child], len(levels))
                    plain[child] = plain.get(child, 0) + count * (sizes[level + 1] // sizes[below])
                continue
            low = lows[level]
            moved: dict[int, object] = {}
            for child, score in zip(children[node], levels[level].scores, strict=True):
                part = shift(polynomial, score - low)
                moved[child] = add(moved[child], part) if child in moved else part
            for child, part in moved.items():
                if not is_scored.get(child, False):
                    below = min(self._level[child], len(levels))
                    share = sizes[level + 1] // sizes[below]
                    plain[child] = plain.get(child, 0) + counter.total(part) * share
                elif child in scored:
                    waiting, upto = scored[child]
                    if upto <= level:
                        waiting = times(waiting, gap(upto, level + 1))
                    scored[child] = (add(waiting, part), level + 1)
                else:
                    scored[child] = (part, level + 1)
        if self.is_leaf(root):
            plain[root] = sizes[0]
        return {
            self.value(node): count for node, count in plain.items() if self.is_leaf(node) and count
        }

    def witness(self, root: int, value: Hashable) -> dict[str, tuple[str, ...]] | None:
        """Return the first answers, in questionnaire order, that reach the leaf `value`.

        Levels are fixed one value at a time in questionnaire order, the first value that still
        reaches the leaf kept; each test redoes only the levels down to the one just fixed.
        """
        target = self._leaves.get((type(value), value))
        if target is None:
            return None
        allowed = [tuple(range(len(level.values))) for level in self.levels]
        reaches = self._reacher(root, target, allowed)
        if not reaches(self.score_level):
            return None
        first = sorted(range(len(self.levels)), key=lambda index: self._owner_rank(index))
        for index in first:
            for choice in range(len(self.levels[index].values)):
                allowed[index] = (choice,)
                if reaches(index):
                    break
        chosen: dict[str, list[str]] = {}
        for index in first:
            level = self.levels[index]
            code = level.values[allowed[index][0]]
            if code is not None:
                chosen.setdefault(level.question.key, []).append(code)
        return {key: tuple(codes) for key, codes in chosen.items()}

    def _owner_rank(self, index: int) -> tuple[int, int]:
        """Return where a level comes in the questionnaire: its question, then its box."""
        level = self.levels[index]
        return (level.number, -1 if level.option is None else level.option)

    def _reacher(
        self, root: int, target: int, allowed: Sequence[Sequence[int]]
    ) -> Callable[[int], bool]:
        """Return a test of whether some answers among the allowed values reach `target`.

        The test takes the deepest level whose allowed values changed since it last ran: what
        it found for the levels below is kept, as it only depends on the values they allow.
        """
        levels, score_level = self.levels, self.score_level
        floor = sum(min(0, *level.scores) for level in levels)
        ceiling = sum(max(0, *level.scores) for level in levels)
        sets = Bits(floor, ceiling) if ceiling - floor <= MOST_BITS else Intervals(floor, ceiling)
        # found[level][node]: the partial scores on arriving at `level` on the way to `node`
        # (the node's own level or one it skips) from which `target` is reached.
        found: list[dict[int, object]] = [{} for _ in range(score_level + 1)]

        def good(node: int, level: int) -> object:
            known = found[level].get(node)
            if known is not None:
                return known
            if self.is_leaf(node):  # whatever the levels left add
                known = sets.everything if node == target else sets.nothing
            elif level == score_level:
                bounds = [floor, *self.cuts, ceiling + 1]
                known = sets.union(
                    [
                        sets.between(bounds[interval], bounds[interval + 1])
                        for interval, child in enumerate(self._children[node])
                        if child == target
                    ]
                )
            else:
                kids = self._children[node] if self._level[node] == level else None
                scores = levels[level].scores
                parts = []
                for index in allowed[level]:  # a loop, not a comprehension: see `ite`
                    child = node if kids is None else kids[index]
                    parts.append(sets.before(good(child, level + 1), scores[index]))
                known = sets.union(parts)
            found[level][node] = known
            return known

        def reaches(changed: int) -> bool:
            for level in range(changed + 1):
                found[level].clear()
            return sets.has(good(root, 0), 0)

        return reaches

    def fold(self, root: int, budget: int) -> int:
        """Return the diagram with no score level: nodes read the partial score as they go.

        Raise TooLarge when more than `budget` (node, level, score) cases are needed.
        """
        memo: dict[tuple[int, int, tuple[int, ...]], int] = {}
        cuts = self.cuts

        def key(level: int, partial: int) -> tuple[int, ...]:
            """Return what the final score still can be, relative to the cuts, from `partial`."""
            low, high = partial + self._low[level], partial + self._high[level]
            first, last = bisect_right(cuts, low), bisect_right(cuts, high)
            return (first, *(cut - partial for cut in cuts[first:last]))

        def walk(node: int, level: int, partial: int) -> int:
            if not self._is_scored(node):
                return node
            if level == self.score_level:
                return self._children[node][bisect_right(cuts, partial)]
            case = (node, level, key(level, partial))
            found = memo.get(case)
            if found is None:
                if len(memo) >= budget:
                    raise TooLarge
                kids = (
                    self._children[node]
                    if self._level[node] == level
                    else (node,) * self._widths[level]
                )
                scores = self.levels[level].scores
                found = self.node(
                    level,
                    tuple(  # a list, not a generator: see `ite`
                        [
                            walk(kid, level + 1, partial + s)
                            for kid, s in zip(kids, scores, strict=True)
                        ]
                    ),
                )
                memo[case] = found
            return found

        return walk(root, 0, 0)

    def _is_scored(self, node: int) -> bool:
        """Return whether the score level lies below (or at) `node`."""
        found = self._scored.get(node)
        if found is None:
            level = self._level[node]
            if level > self.score_level:
                found = False
            elif level == self.score_level:
                found = True
            else:
                found = False
                for child in self._children[node]:  # a loop, not any(): see `ite`
                    if self._is_scored(child):
                        found = True
                        break
            self._scored[node] = found
        return found


# Widest score range a witness reads as bit sets (one integer each); wider, as lists of intervals.
MOST_BITS = 1 << 16


class Bits:
    """Sets of scores from `floor` to `ceiling` as integers: bit i stands for floor + i."""

    def __init__(self, floor: int, ceiling: int) -> None:
        self.floor = floor
        self.everything = (1 << (ceiling - floor + 1)) - 1
        self.nothing = 0

    def between(self, low: int, high: int) -> int:
        """Return the scores from `low` to `high` - 1."""
        low, high = max(low - self.floor, 0), high - self.floor
        return (((1 << (high - low)) - 1) << low) & self.everything if high > low else 0

    def before(self, found: int, score: int) -> int:
        """Return the scores that adding `score` takes into `found`."""
        return found >> score if score >= 0 else (found << -score) & self.everything

    def union(self, parts: Sequence[int]) -> int:
        out = 0
        for part in parts:
            out |= part
        return out

    def has(self, found: int, score: int) -> bool:
        return bool((found >> (score - self.floor)) & 1)


class Intervals:
    """Sets of scores from `floor` to `ceiling` as sorted, disjoint (low, high) ranges, high out.

    For scores too wide for bit sets: a set holds no more ranges than the distinct totals of
    the levels after it times the score level's intervals, which `check_spread` bounds.
    """

    def __init__(self, floor: int, ceiling: int) -> None:
        self.floor, self.top = floor, ceiling + 1
        self.everything: tuple[tuple[int, int], ...] = ((floor, ceiling + 1),)
        self.nothing: tuple[tuple[int, int], ...] = ()

    def between(self, low: int, high: int) -> tuple[tuple[int, int], ...]:
        low, high = max(low, self.floor), min(high, self.top)
        return ((low, high),) if high > low else ()

    def before(self, found: tuple[tuple[int, int], ...], score: int) -> tuple[tuple[int, int], ...]:
        return tuple([(low - score, high - score) for low, high in found])

    def union(self, parts: Sequence[tuple[tuple[int, int], ...]]) -> tuple[tuple[int, int], ...]:
        merged: list[tuple[int, int]] = []
        for low, high in sorted([span for part in parts for span in part]):
            low, high = max(low, self.floor), min(high, self.top)
            if high <= low:
                continue
            if merged and low <= merged[-1][1]:
                if high > merged[-1][1]:
                    merged[-1] = (merged[-1][0], high)
            else:
                merged.append((low, high))
        return tuple(merged)

    def has(self, found: tuple[tuple[int, int], ...], score: int) -> bool:
        index = bisect_right(found, (score, self.top + 1)) - 1
        return index >= 0 and found[index][0] <= score < found[index][1]


def walk_levels(diagrams: Diagrams, root: int) -> Iterator[tuple[Level, list[int]]]:
    """Yield each choice level with the nodes of the diagram on it, in order."""
    by_level: dict[int, list[int]] = {}
    for node in diagrams.nodes(root):
        by_level.setdefault(diagrams.level(node), []).append(node)
    for index, level in enumerate(diagrams.levels):
        if index in by_level:
            yield level, by_level[index]
