"""Parse the lines of a ```routing block into rules: a tokenizer and a recursive-descent parser."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import And, Choice, Condition, Not, Or, Otherwise, Rule, Score

KEYWORDS = frozenset({"and", "or", "not", "in", "has", "score", "otherwise"})
COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")
# A rule may end with the owner's sentence in double quotes: `offer: condition "Sentence."`.
SENTENCE = re.compile(r'^(?P<code>[^"#]*)"(?P<why>[^"]*)"\s*(?:#.*)?$')
RULE = re.compile(r"^(?P<indent>\s*)(?P<offer>[^\s:]+)\s*:(?P<condition>.*)$")
TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>[+-]\d+)"
    r"|(?P<word>[A-Za-z0-9_][A-Za-z0-9_-]*)"
    r"|(?P<op><=|>=|!=|==|=|<|>)"
    r"|(?P<punct>[(),])"
)
NUMBER = re.compile(r"^[+-]?\d+$")
MAX_SCORE = 1_000_000
# How many '(' and 'not' may nest: each level is a few frames of recursion, here and downstream.
MAX_NESTING = 50


@dataclass(frozen=True)
class Token:
    """One word, number, operator or punctuation mark, with its 1-based column."""

    kind: str
    text: str
    column: int


def score_value(text: str) -> int | None:
    """Return the value of a signed whole number, or None when beyond ±MAX_SCORE."""
    try:
        value = int(text)
    except ValueError:  # int() reads at most 4,300 digits: far out of range anyway
        return None
    return value if abs(value) <= MAX_SCORE else None


class RoutingSyntaxError(Exception):
    """A routing line that does not follow the grammar, at a column."""

    def __init__(self, column: int, message: str) -> None:
        self.column = column
        self.message = message
        super().__init__(f"column {column}: {message}")


def parse_rules(lines: Sequence[str], first_line: int) -> tuple[list[Rule], list[tuple[int, str]]]:
    """Return the rules of a routing block and its errors as (file line, reason)."""
    rules: list[Rule] = []
    errors: list[tuple[int, str]] = []
    for number, text in enumerate(lines, start=first_line):
        try:
            code, why = split_sentence(text)
        except RoutingSyntaxError as error:
            errors.append((number, f"routing, {error}"))
            continue
        if not code.strip():
            continue
        match = RULE.match(code)
        if not match:
            found = _show(code)
            errors.append((number, f"routing: expected 'offer-slug: condition', found {found}"))
            continue
        start = match.start("condition") + 1
        try:
            condition = parse_condition(match["condition"], start)
        except RoutingSyntaxError as error:
            errors.append((number, f"routing, {error}"))
            continue
        rules.append(Rule(match["offer"], condition, number, len(match["indent"]) + 1, why))
    return rules, errors


def split_sentence(text: str) -> tuple[str, str]:
    """Return a routing line's code (comment cut off) and its quoted sentence ('' when none)."""
    code = text.split("#", 1)[0]
    if '"' not in code:
        return code, ""
    match = SENTENCE.match(text)
    column = code.index('"') + 1
    if not match:
        reason = "a sentence starts with '\"' and ends with the next '\"', at the end of the rule"
        raise RoutingSyntaxError(column, reason)
    why = " ".join(match["why"].split())
    if not why:
        raise RoutingSyntaxError(
            column, "the sentence between '\"' is empty: write one or drop the quotes"
        )
    return match["code"], why


def parse_condition(text: str, start: int = 1) -> Condition:
    """Return the condition written in `text`, whose first character is at column `start`."""
    parser = _Parser(tokenize(text, start), start + len(text.rstrip()))
    if parser.peek() is None:
        raise RoutingSyntaxError(start, "expected a condition after ':'")
    condition = parser.parse_or()
    extra = parser.peek()
    if extra is not None:
        raise RoutingSyntaxError(extra.column, f"unexpected {_show(extra.text)} after a condition")
    return condition


def tokenize(text: str, start: int = 1) -> list[Token]:
    """Split a condition into tokens, refusing any character the grammar does not know."""
    tokens = []
    position = 0
    while position < len(text):
        match = TOKEN.match(text, position)
        column = start + position
        if not match:
            raise RoutingSyntaxError(column, f"unexpected character {_show(text[position])}")
        kind = match.lastgroup or ""
        if match[0] == "==":
            raise RoutingSyntaxError(column, "'==' is not an operator: write '='")
        if kind != "space":
            tokens.append(Token(kind, match[0], column))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent with precedence not > and > or."""

    def __init__(self, tokens: list[Token], end_column: int) -> None:
        self.tokens = tokens
        self.index = 0
        self.end_column = end_column
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, kind: str, *texts: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == kind and token.text in texts

    def fail(self, expected: str) -> RoutingSyntaxError:
        token = self.peek()
        if token is None:
            return RoutingSyntaxError(self.end_column, f"expected {expected}, found the end")
        return RoutingSyntaxError(token.column, f"expected {expected}, found {_show(token.text)}")

    def parse_or(self) -> Condition:
        items = [self.parse_and()]
        while self.at("word", "or"):
            self.take()
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Condition:
        items = [self.parse_not()]
        while self.at("word", "and"):
            self.take()
            items.append(self.parse_not())
        return items[0] if len(items) == 1 else And(tuple(items))

    def nest(self) -> Token:
        """Take a '(' or 'not', refusing one nested deeper than MAX_NESTING."""
        token = self.take()
        self.depth += 1
        if self.depth > MAX_NESTING:
            reason = f"more than {MAX_NESTING} nested '(' and 'not': write a simpler condition"
            raise RoutingSyntaxError(token.column, reason)
        return token

    def parse_not(self) -> Condition:
        if self.at("word", "not"):
            self.nest()
            condition = Not(self.parse_not())
            self.depth -= 1
            return condition
        return self.parse_primary()

    def parse_primary(self) -> Condition:
        if self.at("punct", "("):
            opening = self.nest()
            inner = self.parse_or()
            if not self.at("punct", ")"):
                raise self.fail(f"')' to close the '(' of column {opening.column}")
            self.take()
            self.depth -= 1
            return inner
        token = self.peek()
        if token is None or token.kind != "word" or token.text in KEYWORDS - {"score", "otherwise"}:
            raise self.fail("a condition")
        self.take()
        if token.text == "otherwise":
            return Otherwise()
        if token.text == "score":
            return self.parse_score(token)
        return self.parse_choice(token)

    def parse_score(self, keyword: Token) -> Score:
        if not self.at("op", *COMPARISONS):
            raise self.fail(f"one of {', '.join(COMPARISONS)} after 'score'")
        op = self.take().text
        token = self.peek()
        if token is None or token.kind == "punct" or not NUMBER.match(token.text):
            raise self.fail(f"a whole number after 'score {op}'")
        self.take()
        value = score_value(token.text)
        if value is None:
            raise RoutingSyntaxError(
                token.column, f"{cut(token.text)} is out of range (-{MAX_SCORE} to {MAX_SCORE})"
            )
        return Score(op, value, keyword.column)

    def parse_choice(self, key: Token) -> Choice:
        if self.at("word", "has"):
            self.take()
            return Choice(key.text, "has", (self.take_code("has"),), key.column)
        if self.at("word", "in"):
            self.take()
            return Choice(key.text, "in", self.parse_code_list(), key.column)
        if not self.at("op", "=", "!="):
            raise self.fail(f"'=', '!=', 'in' or 'has' after {_show(key.text)}")
        op = self.take().text
        return Choice(key.text, op, (self.take_code(op),), key.column)

    def take_code(self, after: str) -> str:
        token = self.peek()
        if token is None or token.kind != "word":
            raise self.fail(f"an option code after '{after}'")
        return self.take().text

    def parse_code_list(self) -> tuple[str, ...]:
        if not self.at("punct", "("):
            raise self.fail("'(' after 'in'")
        self.take()
        codes = [self.take_code("(")]
        while self.at("punct", ","):
            self.take()
            if self.at("punct", ")"):
                break
            codes.append(self.take_code(","))
        if not self.at("punct", ")"):
            raise self.fail("',' or ')' in the list of codes")
        self.take()
        return tuple(codes)


def cut(text: str) -> str:
    """Return user text cut short for a message."""
    return text if len(text) <= 40 else text[:39] + "…"


def _show(text: str) -> str:
    """Quote user text for a message, cut short when long."""
    return repr(cut(text.strip()))
