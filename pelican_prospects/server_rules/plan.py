"""What every host's rules need of one questionnaire: its URLs, its answers and its routing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from math import prod
from urllib.parse import quote, unquote_to_bytes, urlsplit

from ..questionnaire.compile import Compiled, as_json
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
    base = site_path(siteurl)
    questionnaire = compiled.questionnaire
    return Plan(
        slug=page_slug,
        form=url_path(base, page_url),
        route=url_path(base, route_path(page_url)),
        route_file=url_path("", route_path(page_url)).lstrip("/"),
        questionnaire=questionnaire,
        offers={slug: url_path(base, offer.url) for slug, offer in compiled.offers.items()},
        automaton=build(as_json(compiled), MOVES),
        total=answer_count(questionnaire),
    )


def siteurl_problem(siteurl: str) -> str | None:
    """Return why SITEURL's path cannot go into server rules, or None if it can."""
    # Before urlsplit, which drops tabs and line breaks without a word.
    control = next((c for c in siteurl if unicodedata.category(c) == "Cc"), None)
    if control is not None:
        return (
            f"SITEURL: {siteurl!r} holds the control character {control!r}, which no"
            " server rule can carry: remove it"
        )
    path = urlsplit(siteurl).path
    if re.search(r"%(?![0-9A-Fa-f]{2})", path):
        return (
            f"SITEURL: its path {path!r} has a '%' that starts no escape such as %20:"
            " write '%25' for a percent sign"
        )
    try:
        unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return f"SITEURL: its path {path!r} has escapes that are not UTF-8 text: fix them"
    return None


def site_path(siteurl: str) -> str:
    """Return SITEURL's path escaped as in a URL, without its last '/' ('' for the root)."""
    return url_path("", urlsplit(siteurl).path.strip("/")).rstrip("/")


def header(plan: Plan, summary: str) -> str:
    """Return the comment line that opens a questionnaire's rules, kept on one line."""
    slug = "".join(c if c.isprintable() else "?" for c in plan.slug)
    return f"# Questionnaire {slug} ({plan.form}): {summary}"


def url_path(base: str, url: str) -> str:
    """Return a site URL as an absolute path: escaped, no space, quote, '$' or '#' left."""
    return f"{base}/{quote(url, safe='/%-._~')}"


def answer_count(questionnaire: Questionnaire) -> int:
    """Return how many valid answer sets a questionnaire has, without listing them."""
    return prod(
        (2 ** len(q.options) - q.required) if q.multiple else len(q.options) + (not q.required)
        for q in questionnaire.questions
    )
