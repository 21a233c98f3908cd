"""What an edit changes: two versions of a questionnaire compared over their common answers.

Both versions are read over one space of answers: the union of their questions and options
(a question multiple choice in either version is read box by box). An answer set is valid in a
version when it only uses that version's questions and options and answers what it requires.
Each version's routing is a diagram over that space, the invalid answer sets on a leaf of their
own; pairing the two diagrams gives, in one pass, every (offer before, offer after) with its
count, and the paths of a pair's diagram describe its answer sets in the owner's words. Nothing
is enumerated. When an option's score changed, the former routing reads its own scores over the
same questions and options, in the same order: it is folded (the score read as it adds up)
before it joins the new one, level for level.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache

from .diagrams import Diagrams, Level, TooLarge, TooSpread, with_room_to_walk
from .drawing import plain_text as _plain
from .model import (
    MULTIPLE,
    SINGLE,
    And,
    Choice,
    Condition,
    Not,
    Option,
    Or,
    Question,
    Questionnaire,
)
from .routing import Outcome, Space, engine_order, rule_cuts

# Groups described per change of offer; the others are counted.
MOST_GROUPS = 12
# Cases the former routing may need when its scores are folded in.
FOLD_BUDGET = 2_000_000
# Cases a change of offer may need to be told by its answers rather than by its score.
DESCRIBE_BUDGET = 2_000


class CannotCompare(Exception):
    """The two versions cannot be compared within the budget."""


@dataclass(frozen=True)
class Group:
    """Answer sets described per question: (question label, what is answered), and their count."""

    parts: tuple[tuple[str, str], ...]
    count: int


@dataclass(frozen=True)
class Move:
    """Answer sets valid in both versions whose offer changed: from `old` to `new`."""

    old: str
    new: str
    count: int
    example: dict[str, tuple[str, ...]]
    groups: tuple[Group, ...]
    more: int  # groups not described


@dataclass(frozen=True)
class Changes:
    """Everything an edit changes in the routing and the links already sent."""

    moves: tuple[Move, ...]
    before: dict[str, int]
    after: dict[str, int]
    added_questions: tuple[Question, ...]
    removed_questions: tuple[Question, ...]
    added_options: tuple[tuple[Question, Option], ...]
    removed_options: tuple[tuple[Question, Option], ...]
    stale: int  # answer sets valid before and not now: links that no longer fit
    stale_example: dict[str, tuple[str, ...]] | None
    new: int  # answer sets valid now and not before

    @property
    def same(self) -> bool:
        """Return whether every answer set is valid in both or neither, and routes alike."""
        return not (self.moves or self.stale or self.new)


@with_room_to_walk(lambda old, new: (*old.questions, *new.questions))
def compare(old: Questionnaire, new: Questionnaire) -> Changes:
    """Return what changes from `old` to `new` (both with names that resolve).

    Raise CannotCompare when the former routing's folded scores outgrow the budget, or when the
    scores are too spread out to count.
    """
    union = _union(new, old)
    rules = (*old.rules, *new.rules)
    # The new version's order, the questions it removed last: the former rules rarely differ much.
    order = [*engine_order(new), *range(len(new.questions), len(union))]
    cuts = [cut for rule in rules for cut in rule_cuts(rule.condition)]
    space = Space(union, order, cuts)
    diagrams = space.diagrams
    new_offers = _offers(space, new, union)
    union_old = _scored_as(union, old)
    if union_old == union:  # every option scores as before
        old_offers = _offers(space, old, union)
    else:
        # The same levels and values as `space`, only scored as before: adopted one for one.
        former = Space(union_old, order, cuts)
        try:
            folded = former.diagrams.fold(_offers(former, old, union_old), FOLD_BUDGET)
        except TooLarge as error:
            raise CannotCompare("the former scores make too many cases to compare") from error
        old_offers = diagrams.adopt(former.diagrams, folded)
    pairs = diagrams.pair(old_offers, new_offers)
    try:
        counts = diagrams.counts(pairs)
    except TooSpread as error:  # the former version's scores, or both versions' together
        raise CannotCompare(str(error)) from error
    values = diagrams.leaves(pairs)
    before: dict[str, int] = {}
    after: dict[str, int] = {}
    moves = []
    stale = fresh = 0
    for value, count in counts.items():
        assert isinstance(value, tuple)
        was, now = value
        if was is not Outcome.INVALID:
            before[_name(was)] = before.get(_name(was), 0) + count
        if now is not Outcome.INVALID:
            after[_name(now)] = after.get(_name(now), 0) + count
        if was is not Outcome.INVALID and now is Outcome.INVALID:
            stale += count
        elif was is Outcome.INVALID and now is not Outcome.INVALID:
            fresh += count
        elif was != now:
            moves.append(_move(space, pairs, values, value, count, old, new))
    stale_example = None
    if stale:
        lost = {v: v[0] is not Outcome.INVALID and v[1] is Outcome.INVALID for v in values}
        stale_example = diagrams.witness(diagrams.relabel(pairs, lost), True)
    moves.sort(key=lambda move: -move.count)
    return Changes(
        tuple(moves),
        _ordered(before, old),
        _ordered(after, new),
        tuple(q for q in new.questions if old.question(q.key) is None),
        tuple(q for q in old.questions if new.question(q.key) is None),
        _options_only(new, old),
        _options_only(old, new),
        stale,
        stale_example,
        fresh,
    )


def through_aliases(old: Questionnaire, new: Questionnaire) -> Questionnaire:
    """Return the former version with the names the new one reads them as (its `was:`).

    A link sent with a former key or code is read as the current one, so its answer set is
    no stale link: it is compared under the current name. A name that would merge with
    another of the former version (both `a` and `b` there, `a was:b` now) is left as it was.
    """
    keys: dict[str, str] = {}
    codes: dict[tuple[str, str], str] = {}
    questions = []
    taken_keys = {question.key for question in old.questions}
    for question in old.questions:
        current = new.named(question.key)
        key = question.key
        if current is not None and current.key not in taken_keys:
            key = current.key
            taken_keys.add(key)
        options = []
        taken_codes = {option.code for option in question.options}
        for option in question.options:
            found = current.named(option.code) if current is not None else None
            code = option.code
            if found is not None and found.code not in taken_codes:
                code = found.code
                taken_codes.add(code)
            codes[question.key, option.code] = code
            options.append(replace(option, code=code))
        keys[question.key] = key
        questions.append(replace(question, key=key, options=tuple(options)))

    def renamed(condition: Condition) -> Condition:
        if isinstance(condition, Choice):
            named = tuple(codes.get((condition.key, code), code) for code in condition.codes)
            return replace(condition, key=keys.get(condition.key, condition.key), codes=named)
        if isinstance(condition, Not):
            return Not(renamed(condition.item))
        if isinstance(condition, And | Or):
            return type(condition)(tuple(renamed(item) for item in condition.items))
        return condition

    mapping = {
        id(question): renamed_q
        for question, renamed_q in zip(old.questions, questions, strict=True)
    }
    body = tuple(mapping.get(id(item), item) for item in old.body)
    rules = tuple(replace(rule, condition=renamed(rule.condition)) for rule in old.rules)
    return replace(old, questions=tuple(questions), rules=rules, body=body)


def _union(first: Questionnaire, second: Questionnaire) -> list[Question]:
    """Return the questions of both versions, with the labels and scores of `first` first."""
    questions = []
    keys = [q.key for q in first.questions]
    keys += [q.key for q in second.questions if first.question(q.key) is None]
    for key in keys:
        a, b = first.question(key), second.question(key)
        base = a or b
        assert base is not None
        options = list(base.options)
        if a is not None and b is not None:
            options += [o for o in b.options if a.option(o.code) is None]
        multiple = any(q is not None and q.multiple for q in (a, b))
        kind = MULTIPLE if multiple else SINGLE
        questions.append(replace(base, kind=kind, required=False, options=tuple(options)))
    return questions


def _scored_as(union: Sequence[Question], version: Questionnaire) -> list[Question]:
    """Return the union's questions and options, in its order, with the scores of `version`.

    An option that `version` lacks keeps its score: no answer set valid there chooses it.
    """
    questions = []
    for question in union:
        mine = version.question(question.key)
        options = []
        for option in question.options:
            found = None if mine is None else mine.option(option.code)
            options.append(option if found is None else replace(option, score=found.score))
        questions.append(replace(question, options=tuple(options)))
    return questions


def _offers(space: Space, version: Questionnaire, union: Sequence[Question]) -> int:
    """Return the diagram of the offer each answer reaches in `version`, or INVALID."""
    diagrams = space.diagrams
    valid = diagrams.true
    for question in union:
        valid = diagrams.conjoin(valid, _fits(space, question, version.question(question.key)))
    cases: list[tuple[Hashable, int]] = [(Outcome.INVALID, diagrams.negate(valid))]
    cases += [(rule.offer, space.condition(rule.condition)) for rule in version.rules]
    return diagrams.first(cases, Outcome.UNMATCHED)


def _fits(space: Space, union: Question, mine: Question | None) -> int:
    """Return the condition that the answer to `union` fits the version's question `mine`."""
    diagrams = space.diagrams
    if mine is None:
        return diagrams.negate(space.chosen(union.key, None))
    codes = [option.code for option in mine.options]
    others = [option.code for option in union.options if option.code not in codes]
    result = diagrams.negate(space.chosen(union.key, others)) if others else diagrams.true
    if union.multiple and not mine.multiple:
        # Read box by box in the union: a single choice ticks one box at most.
        ticked = diagrams.false
        for code in codes:
            this = space.chosen(union.key, [code])
            result = diagrams.conjoin(result, diagrams.negate(diagrams.conjoin(ticked, this)))
            ticked = diagrams.disjoin(ticked, this)
    if mine.required:
        result = diagrams.conjoin(result, space.chosen(union.key, codes))
    return result


def _move(
    space: Space,
    pairs: int,
    values: list[Hashable],
    value: tuple[Hashable, Hashable],
    count: int,
    old: Questionnaire,
    new: Questionnaire,
) -> Move:
    """Return one change of offer, described by the paths of its diagram."""
    diagrams = space.diagrams
    condition = diagrams.relabel(pairs, {v: v == value for v in values})
    try:  # in the owner's words: the answers that make up the score, not the score
        condition = diagrams.fold(condition, DESCRIBE_BUDGET)
        example = _example(diagrams, condition)
    except TooLarge:
        example = diagrams.witness(condition, True) or {}
    groups = []
    paths = _paths(diagrams, condition)
    for cube in paths:
        if len(groups) == MOST_GROUPS:
            break
        groups.append(Group(_describe(diagrams, cube, old, new), _count(diagrams, condition, cube)))
    more = _path_count(diagrams, condition) - len(groups)
    return Move(_name(value[0]), _name(value[1]), count, example, tuple(groups), more)


Cube = dict[int, tuple[int, ...]]  # level -> the values a path lets through


def _example(diagrams: Diagrams, folded: int) -> dict[str, tuple[str, ...]]:
    """Return answers on the first path of a condition with no score level to read."""
    cube = next(_paths(diagrams, folded))
    chosen: dict[str, list[str]] = {}
    for index, level in enumerate(diagrams.levels):
        # A level off the path is not read: its first value holds as well as any.
        code = level.values[cube.get(index, (0,))[0]]
        if code is not None:
            chosen.setdefault(level.question.key, []).append(code)
    return {key: tuple(codes) for key, codes in chosen.items()}


def _paths(diagrams: Diagrams, root: int) -> Iterator[Cube]:
    """Yield each path of a condition to True, as the values it lets through per level."""
    if root == diagrams.true:
        yield {}
        return
    if diagrams.is_leaf(root):
        return
    by_child: dict[int, list[int]] = {}
    for value, child in enumerate(diagrams.children(root)):
        if child != diagrams.false:
            by_child.setdefault(child, []).append(value)
    level = diagrams.level(root)
    for child, chosen in by_child.items():
        for rest in _paths(diagrams, child):
            yield {level: tuple(chosen), **rest}


def _path_count(diagrams: Diagrams, root: int) -> int:
    """Return how many paths lead from `root` to True."""
    memo: dict[int, int] = {}

    def walk(node: int) -> int:
        if diagrams.is_leaf(node):
            return int(node == diagrams.true)
        found = memo.get(node)
        if found is None:
            # A list, not a generator: Python 3.12 stops C recursion near a thousand levels.
            found = memo[node] = sum([walk(child) for child in set(diagrams.children(node))])
        return found

    return walk(root)


def _count(diagrams: Diagrams, condition: int, cube: Cube) -> int:
    """Return how many answer sets a path of the condition holds."""
    result = condition
    for level, chosen in cube.items():
        if level == diagrams.score_level:
            intervals = range(len(diagrams.cuts) + 1)
            test = diagrams.node(level, tuple(diagrams.leaf(i in chosen) for i in intervals))
        else:
            test = diagrams.choice(level, chosen)
        result = diagrams.conjoin(result, test)
    return diagrams.counts(result).get(True, 0)


def _describe(
    diagrams: Diagrams, cube: Cube, old: Questionnaire, new: Questionnaire
) -> tuple[tuple[str, str], ...]:
    """Return a path in the owner's words: each question it restricts, in questionnaire order."""
    parts: dict[tuple[int, str], list[str]] = {}
    for index, chosen in sorted(cube.items()):
        if index == diagrams.score_level:
            continue
        level = diagrams.levels[index]
        possible = _possible(level, old, new)
        kept = [value for value in chosen if value in possible]
        if set(kept) >= possible:
            continue
        key = (level.number, plain_text(level.question.label) or level.question.key)
        parts.setdefault(key, []).extend(_words(level, kept))
    described = [(label, " or ".join(words)) for (_, label), words in sorted(parts.items())]
    if diagrams.score_level in cube:
        described.append(("Score", _score_words(diagrams, cube[diagrams.score_level])))
    return tuple(described)


def _possible(level: Level, old: Questionnaire, new: Questionnaire) -> set[int]:
    """Return the values of a level that an answer set valid in both versions can take."""
    key = level.question.key
    versions = [old.question(key), new.question(key)]
    possible = set()
    for value, code in enumerate(level.values):
        if code is None:
            optional = level.option is not None or all(
                q is None or not q.required for q in versions
            )
            if optional:
                possible.add(value)
        elif all(q is not None and q.option(code) is not None for q in versions):
            possible.add(value)
    return possible


def _words(level: Level, values: Sequence[int]) -> list[str]:
    """Return how the owner names these values of a level."""
    question = level.question
    if level.option is not None:
        label = plain_text(question.options[level.option].label)
        return [
            f"{label} ticked" if level.values[v] is not None else f"{label} not ticked"
            for v in values
        ]
    words = []
    for value in values:
        code = level.values[value]
        option = None if code is None else question.option(code)
        words.append("no answer" if option is None else plain_text(option.label))
    return words


def _score_words(diagrams: Diagrams, chosen: Sequence[int]) -> str:
    """Return the score intervals of a path: 'below 5', '5 to 6', '7 or more'."""
    cuts = diagrams.cuts
    words = []
    for interval in chosen:
        if interval == 0:
            words.append(f"below {cuts[0]}")
        elif interval == len(cuts):
            words.append(f"{cuts[-1]} or more")
        elif cuts[interval] - 1 == cuts[interval - 1]:
            words.append(str(cuts[interval - 1]))
        else:
            words.append(f"{cuts[interval - 1]} to {cuts[interval] - 1}")
    return " or ".join(words)


@cache
def plain_text(markdown: str) -> str:
    """Return a label as the plain text a reader sees, each label rendered once."""
    return _plain(markdown)


def _name(value: Hashable) -> str:
    """Return how a leaf is named: its offer, or what went wrong."""
    return value.value if isinstance(value, Outcome) else str(value)


def _ordered(counts: dict[str, int], version: Questionnaire) -> dict[str, int]:
    """Return the counts per offer, every offer the version's rules name first, in their order."""
    names = [*dict.fromkeys(rule.offer for rule in version.rules), *counts]
    return {name: counts.get(name, 0) for name in names}


def _options_only(
    first: Questionnaire, second: Questionnaire
) -> tuple[tuple[Question, Option], ...]:
    """Return the options of questions in both versions that only `first` has."""
    found = []
    for question in first.questions:
        other = second.question(question.key)
        if other is not None:
            found += [(question, o) for o in question.options if other.option(o.code) is None]
    return tuple(found)
