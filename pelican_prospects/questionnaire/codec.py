"""Answers <-> query strings: one canonical form out, anything accepted in with what did not fit."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote_plus

from .model import Answers, Questionnaire

MAX_NOTICES = 10
SHOWN = 40


@dataclass(frozen=True)
class Decoded:
    """The answers of a query string that fit the questionnaire, and what did not fit."""

    answers: dict[str, tuple[str, ...]]
    notices: tuple[str, ...]


def encode(questionnaire: Questionnaire, answers: Answers) -> str:
    """Return the canonical query string: questions in order, ticked options in option order."""
    pairs = []
    for question in questionnaire.questions:
        chosen = answers.get(question.key, ())
        for option in question.options:
            if option.code in chosen:
                pairs.append(f"{quote(question.key, safe='')}={quote(option.code, safe='')}")
    return "&".join(pairs)


def decode(questionnaire: Questionnaire, query: str) -> Decoded:
    """Return the valid answers of a query string and a notice for everything else.

    Never fails: unknown questions or codes, several answers to a single choice and missing
    required answers are left out and reported, so a stale link can still pre-select what fits.
    """
    given: dict[str, dict[str, None]] = {}
    notices: dict[str, None] = {}
    for part in query.removeprefix("?").split("&"):
        if not part:
            continue
        key, _, code = part.partition("=")
        key, code = unquote_plus(key, errors="replace"), unquote_plus(code, errors="replace")
        if questionnaire.question(key) is None:
            notices[f"unknown question {_show(key)}"] = None
        else:
            given.setdefault(key, {})[code] = None
    answers: dict[str, tuple[str, ...]] = {}
    for question in questionnaire.questions:
        codes = given.get(question.key, {})
        valid = [code for code in codes if question.option(code)]
        for code in codes:
            if code not in valid:
                notices[f"question '{question.key}' has no option {_show(code)}"] = None
        if len(valid) > 1 and not question.multiple:
            shown = ", ".join(_show(code) for code in valid)
            notices[f"question '{question.key}' takes one answer, not {len(valid)}: {shown}"] = None
            valid = []
        if valid:
            answers[question.key] = tuple(o.code for o in question.options if o.code in valid)
        elif question.required:
            notices[f"question '{question.key}' needs an answer"] = None
    shown = list(notices)
    if len(shown) > MAX_NOTICES:
        shown[MAX_NOTICES - 1 :] = [f"and {len(shown) - MAX_NOTICES + 1} more"]
    return Decoded(answers, tuple(shown))


def _show(text: str) -> str:
    """Quote untrusted text for a notice: repr() escapes controls; long text is cut."""
    return repr(text if len(text) <= SHOWN else text[: SHOWN - 1] + "…")
