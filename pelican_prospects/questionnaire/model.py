"""The questionnaire as its owner wrote it: questions, options, routing rules and offers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SINGLE = "single"
MULTIPLE = "multiple"
OFFER_KINDS = ("quote", "proposal", "contact")

# One answer set: question key -> chosen option codes, in option order (absent: unanswered).
Answers = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Option:
    """One choice of a question: its query-string code, Markdown label and score."""

    code: str
    label: str
    score: int
    line: int
    former: tuple[str, ...] = ()  # codes it replaces (`was:`), read as `code` in a link


@dataclass(frozen=True)
class Question:
    """A heading followed by options: radio buttons (single) or checkboxes (multiple)."""

    key: str
    label: str
    kind: str
    required: bool
    help: str
    options: tuple[Option, ...]
    line: int
    level: int
    former: tuple[str, ...] = ()  # keys it replaces (`was:`), read as `key` in a link

    @property
    def multiple(self) -> bool:
        """Return True for checkboxes, False for radio buttons."""
        return self.kind == MULTIPLE

    def option(self, code: str) -> Option | None:
        """Return the option whose code is `code`, if any."""
        return next((option for option in self.options if option.code == code), None)

    def named(self, code: str) -> Option | None:
        """Return the option whose code or former code is `code`, if any."""
        return next((o for o in self.options if o.code == code or code in o.former), None)


@dataclass(frozen=True)
class Score:
    """`score OP N`: compare the sum of the chosen options' scores with N."""

    op: str
    value: int
    column: int


@dataclass(frozen=True)
class Choice:
    """`key = code`, `key != code`, `key in (a, b)` or `key has code`."""

    key: str
    op: str
    codes: tuple[str, ...]
    column: int


@dataclass(frozen=True)
class Not:
    """`not condition`."""

    item: Condition


@dataclass(frozen=True)
class And:
    """`a and b and ...`."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Or:
    """`a or b or ...`."""

    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Otherwise:
    """`otherwise`: matches every answer set."""


Condition = Score | Choice | Not | And | Or | Otherwise


@dataclass(frozen=True)
class Rule:
    """One routing line: the offer reached when the condition is the first to match."""

    offer: str
    condition: Condition
    line: int
    column: int
    why: str = ""  # the owner's own "Why this offer?" sentence, written after the condition


@dataclass(frozen=True)
class Segment:
    """Ordinary Markdown between the questions, with the file line it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class Questionnaire:
    """Everything a questionnaire page says, in the order it says it."""

    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    body: tuple[Segment | Question, ...]
    routing_line: int
    headings: Mapping[str, int]

    def question(self, key: str) -> Question | None:
        """Return the question whose key is `key`, if any."""
        return next((question for question in self.questions if question.key == key), None)

    def named(self, key: str) -> Question | None:
        """Return the question whose key or former key is `key`, if any."""
        return next((q for q in self.questions if q.key == key or key in q.former), None)


@dataclass(frozen=True)
class Offer:
    """A page with `Offer: quote|proposal|contact`, named by its slug in the routing."""

    slug: str
    kind: str
    url: str
    path: str
    lang: str
