"""The queries every host's rules are tried with, and where the Python routing sends them."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pelican_prospects.questionnaire.codec import decode, encode
from pelican_prospects.questionnaire.evaluate import answer_sets, first_rule
from pelican_prospects.questionnaire.model import Questionnaire
from pelican_prospects.server_rules.plan import NOTICE

# Appended to answers by a tampered or stale link; none is percent-encoded plain text.
HOSTILE = (
    "utm_source=lettre",
    "objectifs=flou",
    "echeance=hier",
    "objectifs=idee",
    "objectifs=pistes&objectifs=definis",
    "budget=",
    "supports",
    "supports=web&supports=web",
    "supports=encre",
    "=web",
    "&&",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E=1",
    "next=https%3A%2F%2Fevil.example%2F",
    "objectifs=definis%0D%0ASet-Cookie%3A%20x%3D1",
    "budget=petit%22%3E%3Cimg%20src%3Dx%3E",
    "x=" + "A" * 3000,
    "Objectifs=definis",
    "supports=web;supports=lettre",
)
# Attribution, added to answers: carried as sent when valid and given once, dropped otherwise.
CARRIED = (
    "utm_campaign=printemps%202026&ref=ami+Paul",
    "utm_content=%C3%A9t%C3%A9%F0%9F%90%A6&utm_term=a.b_c~d!e'f(g)h*i,j:k@l/m-n",
    "utm_source=a&utm_source=b",
    "utm_medium=%ZZ",
    "utm_term=" + "x" * 101,
    "utm_term=" + "%C3%A9" * 100,
    "utm_content=%0Aevil",
    "ref=%C2%85",
    "ref=%ED%A0%80",
    "ref",
    "utm_source=",
    "ref=%22%3E%3Cscript%3E",
    "utm_medium=" + "A" * 5000,
)


@dataclass(frozen=True)
class Case:
    """One query string sent to the route page: which kind, and the answer set it comes from."""

    kind: str
    query: str
    answers: Mapping[str, tuple[str, ...]]


def cases(questionnaire: Questionnaire, seed: int = 6) -> Iterator[Case]:
    """Yield every answer set canonically, shuffled, and shuffled with one hostile extra.

    An answer set with a former key or code (`was:`) is also yielded with them, shuffled.
    """
    shuffle = random.Random(seed)
    for number, answers in enumerate(answer_sets(questionnaire)):
        query = encode(questionnaire, answers)
        yield Case("canonical", query, answers)
        former = [formerly(questionnaire, item) for item in query.split("&") if item]
        if former != query.split("&") and query:
            shuffle.shuffle(former)
            yield Case("former", "&".join(former), answers)
        items = [item for item in query.split("&") if item]
        shuffle.shuffle(items)
        yield Case("shuffled", "&".join(items), answers)
        items.insert(shuffle.randint(0, len(items)), HOSTILE[number % len(HOSTILE)])
        yield Case("hostile", "&".join(items), answers)
        items = [item for item in query.split("&") if item]
        items.insert(shuffle.randint(0, len(items)), CARRIED[number % len(CARRIED)])
        yield Case("carried", "&".join(items), answers)


def formerly(questionnaire: Questionnaire, item: str) -> str:
    """Return a canonical `key=code` item with the last former key and code it has."""
    key, _, code = item.partition("=")
    question = questionnaire.question(key)
    assert question is not None
    option = question.option(code)
    assert option is not None
    return f"{(key, *question.former)[-1]}={(code, *option.former)[-1]}"


def expected(questionnaire: Questionnaire, query: str, form: str, offers: Mapping[str, str]) -> str:
    """Return where the Python routing sends a query: path, canonical query, notice flag."""
    decoded = decode(questionnaire, query)
    canonical = encode(questionnaire, decoded.answers, decoded.attribution)
    suffix = f"?{canonical}" if canonical else ""
    if decoded.notices:
        return f"{form}{suffix}{NOTICE}"
    rule = first_rule(questionnaire, decoded.answers)
    assert rule is not None
    return f"{offers[rule.offer]}{suffix}"
