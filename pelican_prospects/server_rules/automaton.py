"""Route answers one at a time with string tests only: a layered automaton for servers.

A server without scripting can still route answers when each step compares two strings: the
state reached so far and one answer. The states are the nodes of the routing engine's offer
diagram (`questionnaire.routing`) with the score folded in: each step reads one answer (a
single choice, or one box of a multiple choice) in the engine's order, and a state that does
not depend on that answer makes no move and keeps its name. Leaves are the final states,
named after their offers.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from ..questionnaire.diagrams import TooLarge, walk_levels, with_room_to_walk
from ..questionnaire.model import Questionnaire
from ..questionnaire.routing import Outcome, Routing


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
    """The steps in the order read, from `start` to the final states named in `finals`."""

    start: str
    steps: tuple[Step, ...]
    finals: Mapping[str, str]

    @property
    def size(self) -> int:
        """Return the number of moves: what a server's rules grow with."""
        return sum(len(step.moves) for step in self.steps)


@with_room_to_walk(lambda questionnaire, limit: questionnaire.questions)
def build(questionnaire: Questionnaire, limit: int) -> Automaton | None:
    """Return the automaton of a checked questionnaire, or None beyond `limit` moves."""
    routing = Routing(questionnaire)
    diagrams = routing.diagrams
    try:
        # Each state makes two moves at least: past `limit` states, there is no automaton.
        root = diagrams.fold(routing.offers(), limit)
    except TooLarge:
        return None
    offers = dict.fromkeys(rule.offer for rule in questionnaire.rules)
    finals = {f"o{index}": offer for index, offer in enumerate(offers)}
    names: dict[Hashable, str] = {offer: name for name, offer in finals.items()}

    def name(node: int) -> str:
        if diagrams.is_leaf(node):
            return names[diagrams.value(node)]
        return names.setdefault(node, f"s{len(names) - len(finals)}")

    start = name(root)
    steps = []
    size = 0
    for level, nodes in walk_levels(diagrams, root):
        moves = tuple(
            (name(node), code or "", name(child))
            for node in nodes
            for code, child in zip(level.values, diagrams.children(node), strict=True)
            if not (diagrams.is_leaf(child) and diagrams.value(child) is Outcome.INVALID)
        )
        size += len(moves)
        if size > limit:
            return None
        steps.append(Step(level.number, level.option, level.question.key, moves))
    return Automaton(start, tuple(steps), finals)
