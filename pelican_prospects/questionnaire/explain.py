"""Say why an answer set reaches its offer: the parts of the rules that decided, as data and text.

What "decided" means, the same here and in the page script (`journey.js`, `explain`):

- a question or score test decides by itself;
- `a and b` holds because every part holds; it fails because of its first failing part;
- `a or b` holds because of its first part that holds; it fails because every part fails;
- `not a` holds because `a` fails, and fails because `a` holds.

An ordinary rule is explained by why its condition holds; `otherwise` by, for each earlier
rule, the first of the parts that made it fail. A part names a question and the prospect's
answer to it, or the score reached and the rule's threshold; the same part is named once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import unescape
from typing import Any

from .evaluate import holds, total_score
from .model import And, Answers, Choice, Condition, Not, Or, Otherwise, Questionnaire, Score

Gettext = Callable[[str], str]
# Comparison signs as a reader writes them.
SIGNS = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Part:
    """One decisive test: a question and its answer, or the score and a threshold."""

    key: str = ""  # the question, '' for the score
    codes: tuple[str, ...] = ()  # the prospect's answer to it, in option order
    op: str = ""  # for the score: the rule's comparison, threshold and the score reached
    threshold: int = 0
    reached: int = 0
    offer: str = ""  # under `otherwise`: the earlier rule's offer that this part turned away

    def as_json(self) -> dict[str, Any]:
        """Return the part as the page script and `route --json` give it."""
        if self.key:
            found: dict[str, Any] = {"key": self.key, "codes": list(self.codes)}
        else:
            found = {"score": self.reached, "op": self.op, "threshold": self.threshold}
        return dict(found, offer=self.offer) if self.offer else found


@dataclass(frozen=True)
class Explanation:
    """Why an answer set reaches its offer: the rule's index and the parts that decided."""

    offer: str
    rule: int
    parts: tuple[Part, ...]
    otherwise: bool


def because(condition: Condition, value: bool, answers: Answers, score: int) -> list[Condition]:
    """Return the tests that make `condition` evaluate to `value` (its value for these answers)."""
    if isinstance(condition, Not):
        return because(condition.item, not value, answers, score)
    if isinstance(condition, And | Or):
        every = value == isinstance(condition, And)
        if every:
            return [t for item in condition.items for t in because(item, value, answers, score)]
        item = next(i for i in condition.items if holds(i, answers, score) == value)
        return because(item, value, answers, score)
    return [] if isinstance(condition, Otherwise) else [condition]


def explain(questionnaire: Questionnaire, answers: Answers) -> Explanation | None:
    """Return why these answers reach their offer, or None when no rule matches."""
    score = total_score(questionnaire, answers)
    for index, rule in enumerate(questionnaire.rules):
        if not holds(rule.condition, answers, score):
            continue
        if not isinstance(rule.condition, Otherwise):
            tests = because(rule.condition, True, answers, score)
            parts = [_part(test, answers, score, "") for test in tests]
        else:
            turned = (
                (earlier.offer, because(earlier.condition, False, answers, score))
                for earlier in questionnaire.rules[:index]
            )
            parts = [_part(tests[0], answers, score, offer) for offer, tests in turned if tests]
        return Explanation(
            rule.offer, index, tuple(dict.fromkeys(parts)), isinstance(rule.condition, Otherwise)
        )
    return None


def _part(test: Condition, answers: Answers, score: int, offer: str) -> Part:
    if isinstance(test, Choice):
        return Part(key=test.key, codes=tuple(answers.get(test.key, ())), offer=offer)
    assert isinstance(test, Score)
    return Part(op=test.op, threshold=test.value, reached=score, offer=offer)


def plain(html: str) -> str:
    """Return the text of inline HTML: tags dropped, entities read, spaces joined."""
    return " ".join(unescape(TAGS.sub("", html)).split())


def texts(
    questionnaire: Questionnaire,
    titles: Mapping[str, str],
    label: Callable[[str], str],
    gettext: Gettext,
) -> dict[str, Any]:
    """Return the words an explanation is made of, in the site's language, as JSON-able text.

    `label` turns an owner's Markdown label into plain text; `titles` names the offers.
    """
    return {
        "questions": {
            q.key: {"title": label(q.label), "options": {o.code: label(o.label) for o in q.options}}
            for q in questionnaire.questions
        },
        "offers": {rule.offer: titles.get(rule.offer, rule.offer) for rule in questionnaire.rules},
        "sentences": [rule.why for rule in questionnaire.rules],
        "phrases": {
            "answer": gettext("You answered “%(answer)s” to “%(question)s”"),
            "unanswered": gettext("You did not answer “%(question)s”"),
            "score": gettext("Your score: %(reached)s (the rule: score %(op)s %(threshold)s)"),
            "turned": gettext("Not “%(offer)s” — %(reason)s"),
            "change": gettext("Change your answer to “%(question)s”"),
            # Shown as they are: formatted here, as every template's `_()` is (`%%` is a `%`).
            "default": gettext("This offer is the one for every other set of answers.") % {},
            "joiner": gettext(", ") % {},
            "separator": gettext("; ") % {},
        },
    }


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Return a `%(name)s` template with its values put in (as the page script does)."""
    return template % values


def part_text(part: Part, words: Mapping[str, Any]) -> str:
    """Return one part as a sentence, from the owner's labels and the translated phrases."""
    phrases = words["phrases"]
    if part.key:
        question = words["questions"][part.key]
        answer = phrases["joiner"].join(question["options"][code] for code in part.codes)
        name = "answer" if part.codes else "unanswered"
        text = fill(phrases[name], {"answer": answer, "question": question["title"]})
    else:
        values = {"reached": part.reached, "op": SIGNS[part.op], "threshold": part.threshold}
        text = fill(phrases["score"], values)
    if part.offer:
        return fill(phrases["turned"], {"offer": words["offers"][part.offer], "reason": text})
    return text


def describe(explanation: Explanation, words: Mapping[str, Any]) -> dict[str, Any]:
    """Return the explanation as `route --json` and the page give it: sentence, parts, links."""
    lines = [part_text(part, words) for part in explanation.parts]
    custom = words["sentences"][explanation.rule]
    sentence = custom or words["phrases"]["separator"].join(lines) or words["phrases"]["default"]
    return {
        "rule": explanation.rule,
        "custom": bool(custom),
        "sentence": sentence,
        "parts": [
            dict(part.as_json(), text=line)
            for part, line in zip(explanation.parts, lines, strict=True)
        ],
        "links": [
            {
                "key": key,
                "text": fill(
                    words["phrases"]["change"], {"question": words["questions"][key]["title"]}
                ),
            }
            for key in dict.fromkeys(part.key for part in explanation.parts if part.key)
        ],
    }
