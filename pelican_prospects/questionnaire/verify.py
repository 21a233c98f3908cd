"""Count the answer sets that reach each rule without listing them, with the routing engine.

The first rule that matches is one decision diagram (`routing`): its leaves are the rules, no
rule, and the answers that are not an answer set (a required multiple choice left empty).
Counting follows the diagram, not the answer sets, and an unmatched answer set is shown by the
first one in questionnaire order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .diagrams import with_room_to_walk
from .model import Questionnaire, Rule
from .routing import Outcome, Routing


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


@with_room_to_walk(lambda questionnaire: questionnaire.questions)
def verify(questionnaire: Questionnaire) -> Report:
    """Return the routing report of a compiled questionnaire (every name resolves)."""
    routing = Routing(questionnaire)
    reached = routing.diagrams.counts(routing.first)
    counts = tuple(reached.get(index, 0) for index in range(len(questionnaire.rules)))
    unmatched = reached.get(Outcome.UNMATCHED, 0)
    example = routing.diagrams.witness(routing.first, Outcome.UNMATCHED) if unmatched else None
    return Report(sum(counts) + unmatched, counts, unmatched, example)
