"""Answers <-> query strings: one canonical form out, anything accepted in with what did not fit."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote_plus

from . import attribution as attribution_keys
from .model import Answers, Questionnaire

MAX_NOTICES = 10
SHOWN = 40


@dataclass(frozen=True)
class Decoded:
    """The answers of a query string that fit the questionnaire, and what did not fit.

    `attribution` holds the valid attribution values as sent (see `attribution`): they are
    no answers, so they never make a notice.
    """

    answers: dict[str, tuple[str, ...]]
    notices: tuple[str, ...]
    attribution: dict[str, str]


def encode(
    questionnaire: Questionnaire, answers: Answers, attribution: dict[str, str] | None = None
) -> str:
    """Return the canonical query string: questions in order, ticked options in option order.

    Attribution values, as sent, follow the answers.
    """
    pairs = []
    for question in questionnaire.questions:
        chosen = answers.get(question.key, ())
        for option in question.options:
            if option.code in chosen:
                pairs.append(f"{quote(question.key, safe='')}={quote(option.code, safe='')}")
    if attribution:
        pairs.append(attribution_keys.query(attribution))
    return "&".join(pairs)


def decode(questionnaire: Questionnaire, query: str) -> Decoded:
    """Return the valid answers of a query string and a notice for everything else.

    Never fails: unknown questions or codes, several answers to a single choice and missing
    required answers are left out and reported, so a stale link can still pre-select what fits.
    A former key or code (`was:`) is read as the current one.
    """
    given: dict[str, dict[str, None]] = {}
    notices: dict[str, None] = {}
    carried: list[tuple[str, str]] = []
    for part in query.removeprefix("?").split("&"):
        if not part:
            continue
        raw_key, _, raw_code = part.partition("=")
        key, code = (
            unquote_plus(raw_key, errors="replace"),
            unquote_plus(raw_code, errors="replace"),
        )
        question = questionnaire.named(key)
        if question is not None:
            option = question.named(code)
            given.setdefault(question.key, {})[option.code if option else code] = None
        elif key in attribution_keys.KEYS:
            carried.append((key, raw_code))
        else:
            notices[f"unknown question {_show(key)}"] = None
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
    return Decoded(answers, tuple(shown), attribution_keys.pick(carried))


def _show(text: str) -> str:
    """Quote untrusted text for a notice: repr() escapes controls; long text is cut."""
    return repr(text if len(text) <= SHOWN else text[: SHOWN - 1] + "…")
