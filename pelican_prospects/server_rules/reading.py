"""Read a raw query string as `codec.decode` does, with PCRE patterns both nginx and Apache run.

The patterns see the query as sent, not percent-decoded: keys and codes (`[A-Za-z0-9_-]` and
`[a-z0-9-]`, which browsers never escape) only count when written plainly. A key or code
spelled with `%XX` or `+` counts as unknown, so it goes back to the questionnaire: the rules
may be stricter than `codec.decode`, never looser. A former key or code (`was:`) reads as the
current one; attribution keys are no unknown keys, and their values are checked with the
pattern `attribution.VALUE`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..questionnaire import attribution
from ..questionnaire.model import Question, Questionnaire

END = "(?:&|$)"


def unknown_key(questionnaire: Questionnaire) -> str:
    """Return a pattern matching a non-empty item whose key is no question's nor attribution's."""
    names = [name for question in questionnaire.questions for name in _keys(question)]
    keys = "|".join([*names, *attribution.KEYS])
    return f"(?:^|&)(?!(?:{keys})(?:=|&|$))[^&]"


def bad_code(question: Question) -> str:
    """Return a pattern matching an item of this question without '=' or with a wrong code."""
    codes = "|".join(name for option in question.options for name in (option.code, *option.former))
    return f"(?:^|&)(?:{'|'.join(_keys(question))})(?:=(?!(?:{codes}){END})|{END})"


def ticked(question: Question, code: str) -> str:
    """Return a pattern matching an item choosing this code (or a former one) of this question."""
    option = question.option(code)
    assert option is not None
    codes = "|".join((code, *option.former))
    return f"(?:^|&)(?:{'|'.join(_keys(question))})=(?:{codes}){END}"


def carried(key: str) -> str:
    """Return a pattern whose group 1 is the first value of an attribution key, as sent."""
    return f"(?:^|&){key}=([^&]*)"


def repeated(key: str) -> str:
    """Return a pattern matching a query that gives an attribution key more than once."""
    return f"(?:^|&){key}(?:[=&].*)?&{key}(?:[=&]|$)"


def _keys(question: Question) -> list[str]:
    """Return a question's key, then its former keys."""
    return [question.key, *question.former]


def fragment(question: Question, code: str) -> str:
    """Return one answer as the canonical query string writes it, with its leading '&'."""
    return f"&{question.key}={code}" if code else ""


def choices(moves: list[tuple[str, str]]) -> str:
    """Return a pattern matching exactly one of these 'state:fragment' strings."""
    return "^(?:" + "|".join(f"{state}:{value}" for state, value in moves) + ")$"


def by_target(moves: Iterable[tuple[str, str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Group moves by the state they lead to, in the order those states first appear."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for state, value, target in moves:
        groups.setdefault(target, []).append((state, value))
    return list(groups.items())


def suffix(question: int, option: int | None = None) -> str:
    """Return the name part of the variable holding a question's (or one option's) fragment."""
    return f"{question + 1}" if option is None else f"{question + 1}_{option + 1}"
