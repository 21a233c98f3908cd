"""The questionnaire sub-commands `route`, `table` and `map`, and the check behind `check`."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown import Markdown

from .. import i18n
from ..config_file import add_settings_option, load_settings
from ..problems import Problem, ProspectsError
from ..settings import config_of
from ..sources import unreadable
from .codec import decode, encode
from .diff_command import add_diff_command
from .drawing import FORMATS, CannotDraw, render, routing_dot
from .evaluate import answer_sets, first_rule
from .explain import describe, explain, plain, texts
from .glue import booking_problems, markdown_text
from .model import Answers
from .pages import source_page
from .site import Checked, SiteCheck, SourcePage, check_site

if TYPE_CHECKING:
    from pelican.contents import Page

logger = logging.getLogger(__name__)

FULL_TABLE_ROWS = 64
BAD_ANSWERS = 2
SLUG_HELP = "the questionnaire page's slug"


def read_pages(settings: dict[str, Any]) -> tuple[list[SourcePage], list[Problem]]:
    """Read every page (published, hidden, draft, translated) as Pelican's page generator does.

    Return them, and a problem per file Pelican cannot read or leaves out (it logs it, goes on).
    """
    from pelican.contents import Page, SkipStub
    from pelican.generators import Generator

    config = config_of(settings)
    context = dict(settings, generated_content={}, static_links=set(), static_content={})
    context["localsiteurl"] = config.site_url
    reader = Generator(context, settings, config.path, config.theme, config.output_path)
    paths = reader.get_files(list(config.page_paths), exclude=list(config.page_excludes))
    pages, problems = [], []
    for path in sorted(paths):
        shown = os.path.relpath(os.path.join(config.path, path), config.base)
        try:
            page = reader.readers.read_file(
                base_path=config.path, path=path, content_class=Page, context=context
            )
        except Exception as error:  # anything a reader raises: Pelican logs it, skips the file
            problems.append(unreadable(shown, error))
            continue
        if isinstance(page, SkipStub):
            continue
        reason = left_out(page)
        if reason:
            problems.append(Problem(shown, None, reason))
        else:
            pages.append(source_page(page, markdown_text(page), settings))
    return pages, problems


def left_out(page: Page) -> str | None:
    """Return why Pelican leaves a page it has read out (as its `is_valid` does), or None."""
    from pelican.utils import sanitised_join

    missing = [name for name in page.mandatory_properties if not hasattr(page, name)]
    if missing:
        return f"no {missing[0].capitalize()}: Pelican leaves the page out"
    if page.status not in page.allowed_statuses:
        expected = ", ".join(page.allowed_statuses)
        return f"Status: expected one of {expected}, found {page.status!r}; Pelican leaves it out"
    try:
        sanitised_join(page.settings["OUTPUT_PATH"], page.save_as)
    except RuntimeError:
        return f"it would be written outside OUTPUT_PATH ({page.save_as}); Pelican leaves it out"
    return None


def site_pages(settings: dict[str, Any]) -> list[SourcePage]:
    """Return the pages `route`, `table`, `map` and `diff` read; log those Pelican leaves out."""
    pages, problems = read_pages(settings)
    for problem in problems:
        logger.error("prospects: %s", problem)
    return pages


def check_questionnaires(settings: dict[str, Any]) -> list[Problem]:
    """Return the problems that would stop the build, and each page Pelican skips; log warnings."""
    pages, problems = read_pages(settings)
    site = check_site(pages)
    for warning in site.warnings:
        logger.warning("prospects: %s", warning)
    return problems + site.problems + booking_problems(site.question_keys(), settings)


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register the `route`, `table`, `map` and `diff` sub-commands."""
    route = subparsers.add_parser("route", help="print the offer that a set of answers reaches")
    add_settings_option(route)
    route.add_argument(
        "--json",
        action="store_true",
        help='print {"offer": slug, "url": URL, "query": answers, "why": explanation}',
    )
    route.add_argument("questionnaire", metavar="QUESTIONNAIRE", help=SLUG_HELP)
    route.add_argument(
        "query", metavar="QUERY", help="answers as the form sends them: key=code&..."
    )
    route.set_defaults(run=run_route)
    table = subparsers.add_parser("table", help="count the answer sets that reach each offer")
    add_settings_option(table)
    table.add_argument("questionnaire", metavar="QUESTIONNAIRE", help=SLUG_HELP)
    table.set_defaults(run=run_table)
    drawn = subparsers.add_parser("map", help="draw the routing as a decision diagram")
    add_settings_option(drawn)
    drawn.add_argument("questionnaire", metavar="QUESTIONNAIRE", help=SLUG_HELP)
    drawn.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the file to write (.svg .png .dot)"
    )
    drawn.set_defaults(run=run_map)
    add_diff_command(subparsers)


def run_route(args: argparse.Namespace) -> int:
    """Print the offer these answers reach; exit 2 when they do not fit the questionnaire."""
    settings = load_settings(args.settings)
    checked = _questionnaire(check_site(site_pages(settings)), args.questionnaire, settings)
    if checked is None:
        return BAD_ANSWERS
    questionnaire = checked.compiled.questionnaire
    decoded = decode(questionnaire, args.query)
    if decoded.notices:
        print(
            f"prospects: these answers do not fit questionnaire '{args.questionnaire}': "
            + "; ".join(decoded.notices),
            file=sys.stderr,
        )
        return BAD_ANSWERS
    rule = first_rule(questionnaire, decoded.answers)
    assert rule is not None, "a verified questionnaire routes every answer set"
    if not args.json:
        print(rule.offer)
        return 0
    offer = checked.compiled.offers[rule.offer]
    url = f"{config_of(settings).site_url.rstrip('/')}/{offer.url}"
    query = encode(questionnaire, decoded.answers, decoded.attribution)
    found = {"offer": rule.offer, "url": url, "query": query}
    found["why"] = route_why(checked, decoded.answers, settings)
    print(json.dumps(found, ensure_ascii=False))
    return 0


def route_why(checked: Checked, answers: Answers, settings: dict[str, Any]) -> dict[str, Any]:
    """Return why the answers reach their offer, in the page's language, offers named by slug."""
    questionnaire = checked.compiled.questionnaire
    explanation = explain(questionnaire, answers)
    assert explanation is not None
    gettext = i18n.site_translations(checked.page.lang, config_of(settings).theme).gettext
    converter = Markdown()
    words = texts(questionnaire, {}, lambda text: plain(converter.reset().convert(text)), gettext)
    return describe(explanation, words)


def run_table(args: argparse.Namespace) -> int:
    """Print the answer sets per offer, and every answer set with its offer when they are few."""
    settings = load_settings(args.settings)
    site = check_site(site_pages(settings))
    checked = _questionnaire(site, args.questionnaire, settings)
    if checked is None:
        return BAD_ANSWERS
    for warning in checked.warnings:
        logger.warning("prospects: %s", warning)
    questionnaire = checked.compiled.questionnaire
    report = checked.report
    assert report is not None
    print(f"{args.questionnaire}: {report.total} answer set(s)")
    per_offer = report.per_offer(questionnaire.rules)
    width = max(len(offer) for offer in per_offer)
    for offer, count in per_offer.items():
        print(f"  {offer:<{width}}  {count:>{len(str(report.total))}}")
    if report.total > FULL_TABLE_ROWS:
        print(f"(the full table has {report.total} rows; it is printed up to {FULL_TABLE_ROWS})")
        return 0
    rows = []
    for answers in answer_sets(questionnaire):
        rule = first_rule(questionnaire, answers)
        assert rule is not None
        rows.append((encode(questionnaire, answers) or "(no answer)", rule.offer))
    width = max(len(query) for query, _ in rows)
    print()
    for query, offer in rows:
        print(f"  {query:<{width}}  {offer}")
    return 0


def run_map(args: argparse.Namespace) -> int:
    """Write the routing's decision diagram as DOT text, or drawn by Graphviz as SVG or PNG."""
    suffix = Path(args.output).suffix.lower()
    if suffix not in FORMATS:
        print(f"prospects: {args.output}: write the map as {', '.join(FORMATS)}", file=sys.stderr)
        return BAD_ANSWERS
    settings = load_settings(args.settings)
    checked = _questionnaire(check_site(site_pages(settings)), args.questionnaire, settings)
    if checked is None:
        return BAD_ANSWERS
    try:
        dot = routing_dot(checked.compiled.questionnaire, args.questionnaire)
        drawn = dot.encode("utf-8") if suffix == ".dot" else render(dot, suffix)
    except CannotDraw as error:
        print(f"prospects: {error}", file=sys.stderr)
        return 1
    Path(args.output).write_bytes(drawn)
    return 0


def _questionnaire(site: SiteCheck, slug: str, settings: dict[str, Any]) -> Checked | None:
    """Return the checked questionnaire named by `slug` (default language first), or None."""
    found = [checked for checked in site.questionnaires if checked.page.slug == slug]
    if not found:
        known = ", ".join(sorted({c.page.slug for c in site.questionnaires})) or "none"
        message = f"prospects: no questionnaire has the slug '{slug}' (questionnaires: {known})"
        print(message, file=sys.stderr)
        return None
    lang = config_of(settings).lang
    found.sort(key=lambda checked: checked.page.lang != lang)
    if found[0].problems:
        raise ProspectsError(found[0].problems)
    return found[0]
