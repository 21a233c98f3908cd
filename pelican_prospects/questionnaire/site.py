"""Check every questionnaire of a site against its offer pages, as the build and the CLI both do."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem
from .codec import encode
from .compile import Compiled, compile_questionnaire
from .detect import has_routing, lines_of
from .diagrams import TooSpread
from .handoff import Field, default_fields, parse_fields
from .model import OFFER_KINDS, Offer, Rule
from .parse import META_LINE, body_start, parse_questionnaire
from .verify import Report, verify


@dataclass(frozen=True, eq=False)
class SourcePage:
    """What the check needs of one page: its path, slug, URL, `Offer` and `Fields`, its Markdown."""

    path: str
    slug: str
    lang: str
    url: str
    offer: Any
    text: str
    fields: Any = None


@dataclass(frozen=True, eq=False)
class Checked:
    """One questionnaire page, compiled, with its routing report (None when a name is wrong)."""

    page: SourcePage
    compiled: Compiled
    report: Report | None
    problems: list[Problem]
    warnings: list[Problem]

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Return the questionnaire's routing rules."""
        return self.compiled.questionnaire.rules

    def summary(self) -> str:
        """Return 'N answer sets: offer count, ...' for the build log and the `table` command."""
        assert self.report is not None
        per_offer = self.report.per_offer(self.rules)
        counts = ", ".join(f"{offer} {count}" for offer, count in per_offer.items())
        return f"{self.report.total} answer set(s): {counts}"


@dataclass(frozen=True)
class SiteCheck:
    """Every questionnaire and offer of a site, and all that is wrong or dubious."""

    questionnaires: list[Checked]
    offers: dict[SourcePage, Offer]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    fields: dict[SourcePage, tuple[Field, ...]] = field(default_factory=dict)

    def question_keys(self) -> set[str]:
        """Return the key of every question of every questionnaire."""
        return {
            question.key
            for checked in self.questionnaires
            for question in checked.compiled.questionnaire.questions
        }


def check_site(pages: Iterable[SourcePage]) -> SiteCheck:
    """Parse, compile and verify each questionnaire; check offers; collect problems and warnings."""
    pages = list(pages)
    problems: list[Problem] = []
    offers: dict[SourcePage, Offer] = {}
    fields: dict[SourcePage, tuple[Field, ...]] = {}
    for page in pages:
        if page.offer is None:
            continue
        kind = page.offer.strip().lower() if isinstance(page.offer, str) else None
        if kind in OFFER_KINDS:
            offers[page] = Offer(page.slug, kind, page.url, page.path, page.lang)
            fields[page], reasons = _fields(page, kind)
            line = _meta_line(page.text, "fields")
            problems.extend(Problem(page.path, line, reason) for reason in reasons)
        else:
            expected = ", ".join(OFFER_KINDS)
            problems.append(
                Problem(
                    page.path,
                    _meta_line(page.text, "offer"),
                    f"Offer: expected one of {expected}, but received: {page.offer!r}",
                )
            )
    questionnaires = [
        checked
        for page in pages
        if has_routing(page.text) and (checked := _check(page, offers.values())) is not None
    ]
    warnings: list[Problem] = []
    for checked in questionnaires:
        problems.extend(checked.problems)
        warnings.extend(checked.warnings)
    if not problems:
        reached = {
            offer
            for checked in questionnaires
            if checked.report is not None
            for offer, count in checked.report.per_offer(checked.rules).items()
            if count
        }
        warnings.extend(
            Problem(offer.path, None, f"offer '{offer.slug}' is reached by no questionnaire")
            for offer in offers.values()
            if offer.slug not in reached
        )
    return SiteCheck(questionnaires, offers, problems, warnings, fields)


def _fields(page: SourcePage, kind: str) -> tuple[tuple[Field, ...], list[str]]:
    """Return an offer page's contact fields (its `Fields:` or its kind's), and what is wrong."""
    if page.fields is None:
        return default_fields(kind), []
    if not isinstance(page.fields, str):  # a key written twice: Pelican keeps a list
        return (), ["Fields: expected one line such as 'name*, email*, company, message'"]
    return parse_fields(page.fields)


def _check(page: SourcePage, offers: Iterable[Offer]) -> Checked | None:
    """Return one questionnaire checked, or None if its routing block is only quoted in code."""
    questionnaire, problems = parse_questionnaire(page.text, page.path)
    if not questionnaire.routing_line:
        return None
    by_slug: dict[str, Offer] = {}
    for offer in offers:
        if offer.slug not in by_slug or offer.lang == page.lang:
            by_slug[offer.slug] = offer
    compiled, more = compile_questionnaire(questionnaire, by_slug, page.path)
    problems.extend(more)
    if problems:
        return Checked(page, compiled, None, problems, [])
    try:
        report = verify(questionnaire)
    except TooSpread as error:
        problems.append(Problem(page.path, error.question.line, str(error)))
        return Checked(page, compiled, None, problems, [])
    if report.unmatched:
        query = encode(questionnaire, report.example or {})
        example = f"'{query}'" if query else "'' (no question answered)"
        problems.append(
            Problem(
                page.path,
                questionnaire.routing_line,
                f"no rule matches {report.unmatched} of the {report.total} answer sets, for"
                f" example {example}: end the routing with a rule such as 'offer-slug: otherwise'",
            )
        )
    warnings = [
        Problem(page.path, rule.line, f"the rule for '{rule.offer}' can never be the first match")
        for rule in report.dead_rules(questionnaire.rules)
    ]
    return Checked(page, compiled, report, problems, warnings)


def _meta_line(text: str, key: str) -> int | None:
    """Return the line of a metadata `key` (lower case) in a Markdown header, if it is there."""
    lines = lines_of(text)
    start = re.compile(rf"^[ ]{{0,3}}{key}:", re.IGNORECASE)
    for number, line in enumerate(lines[: body_start(lines)], start=1):
        if start.match(line) and META_LINE.match(line):
            return number
    return None
