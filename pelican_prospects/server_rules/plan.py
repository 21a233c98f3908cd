"""What every host's rules need of one questionnaire: its URLs, its answers and its routing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import prod
from urllib.parse import quote, urlsplit

from ..questionnaire.compile import Compiled
from ..questionnaire.model import Questionnaire
from ..questionnaire.urls import route_path
from .automaton import Automaton, build

# Where answers that do not fit go back to, flagged as journey.js does (its FLAG): the
# questionnaire page then says the link was stale.
NOTICE = "#prospects.notice"
# The most moves an automaton may take before no host could use it (see each host's LIMIT).
MOVES = 20_000


@dataclass(frozen=True)
class Plan:
    """One questionnaire as the rules see it; URL paths start with '/' and SITEURL's path."""

    slug: str
    form: str
    route: str
    route_file: str
    questionnaire: Questionnaire
    offers: Mapping[str, str]
    automaton: Automaton | None
    total: int


@dataclass(frozen=True)
class Section:
    """One questionnaire's rules for one host, and how many rules of the host's unit they are."""

    lines: tuple[str, ...]
    rules: int
    summary: str


def make_plan(compiled: Compiled, page_url: str, page_slug: str, siteurl: str) -> Plan:
    """Return the plan of a checked questionnaire whose page is at `page_url`."""
    base = urlsplit(siteurl).path.rstrip("/")
    questionnaire = compiled.questionnaire
    return Plan(
        slug=page_slug,
        form=url_path(base, page_url),
        route=url_path(base, route_path(page_url)),
        route_file=url_path("", route_path(page_url)).lstrip("/"),
        questionnaire=questionnaire,
        offers={slug: url_path(base, offer.url) for slug, offer in compiled.offers.items()},
        automaton=build(questionnaire, MOVES),
        total=answer_count(questionnaire),
    )


def url_path(base: str, url: str) -> str:
    """Return a site URL as an absolute path: escaped, no space, quote, '$' or '#' left."""
    return f"{base}/{quote(url, safe='/%-._~')}"


def answer_count(questionnaire: Questionnaire) -> int:
    """Return how many valid answer sets a questionnaire has, without listing them."""
    return prod(
        (2 ** len(q.options) - q.required) if q.multiple else len(q.options) + (not q.required)
        for q in questionnaire.questions
    )
