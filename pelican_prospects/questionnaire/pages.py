"""Check every questionnaire of a site against its offers, render its form, dress the offer pages.

Loaded by the glue only for a site with a questionnaire or an offer page.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from markdown import Markdown

from .. import i18n
from ..problems import Problem, ProspectsError
from ..settings import config_of
from . import booking
from .compile import Compiled
from .explain import plain, texts
from .glue import booking_problems
from .handoff import Field
from .journey import Journey, browser_data, script_json
from .model import Offer
from .offers import TEMPLATES
from .render import Unplaced, render_answers, render_page
from .site import SourcePage, check_site
from .urls import route_path

if TYPE_CHECKING:
    from pelican.contents import Page
    from pelican.generators import PagesGenerator

logger = logging.getLogger(__name__)

QUESTIONNAIRE_TEMPLATE = "prospects/questionnaire"
EXPLAIN_VALUES = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


def source_page(page: Page, text: str, settings: dict[str, Any]) -> SourcePage:
    """Return what the check needs of a Pelican page, its path relative to PATH's parent."""
    path = os.path.relpath(page.source_path, config_of(settings).base)
    metadata = page.metadata
    offer, fields = metadata.get("offer"), metadata.get("fields")
    return SourcePage(path, page.slug, page.lang, page.url, offer, text, fields)


def markdown_renderer(settings: dict[str, Any]) -> Callable[[str], str]:
    """Return a function rendering Markdown with the site's MARKDOWN settings, as Pelican does."""
    config = settings["MARKDOWN"]
    extensions = list(config.get("extensions", []))
    extensions += [name for name in config.get("extension_configs", {}) if name not in extensions]
    converter = Markdown(**dict(config, extensions=extensions))

    def render(text: str) -> str:
        # The leading blank line keeps the meta extension from reading 'Budget: ...' as metadata.
        return converter.reset().convert("\n" + text)

    return render


def relative_url(target: str, page_url: str) -> str:
    """Return the link from the page at `page_url` to `target`, both relative to the site."""
    folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    return posixpath.relpath(target, folder or ".")


def use_template(page: Page, name: str) -> None:
    """Give a page one of our templates unless its metadata names a template of its own."""
    if page.template == page.default_template:
        page.template = name


def check_pages(generator: PagesGenerator, page_texts: list[tuple[Page, str]]) -> None:
    """Check all questionnaires against the offers; stop the build on problems; dress the pages.

    `page_texts` holds every page the generator writes, with its Markdown ("" for other formats).
    """
    settings = generator.settings
    sources = {source_page(page, text, settings): page for page, text in page_texts}
    site = check_site(sources)
    for warning in site.warnings:
        logger.warning("prospects: %s", warning)
    for checked in site.questionnaires:
        if checked.report is not None and not checked.problems:
            logger.info("prospects: questionnaire %s: %s", checked.page.slug, checked.summary())
    problems = site.problems + booking_problems(site.question_keys(), settings)
    if problems:
        raise ProspectsError(problems, f"{len(problems)} problem(s) in questionnaires")
    if not site.questionnaires and not site.offers:
        return  # a Markdown converter costs tens of milliseconds: none for a site without them
    markdown = markdown_renderer(settings)
    offer_pages = {offer: sources[source] for source, offer in site.offers.items()}
    journeys = []
    pages = [(sources[checked.page], checked.page.path) for checked in site.questionnaires]
    flags = explain_flags(pages, config_of(settings).explain)
    unplaced = []
    for checked, explained in zip(site.questionnaires, flags, strict=True):
        gettext = i18n.site_translations(checked.page.lang, generator.theme).gettext
        page = sources[checked.page]
        try:
            journey = dress_questionnaire(page, checked.compiled, markdown, gettext)
        except Unplaced as error:
            unplaced.append(Problem(checked.page.path, error.question.line, str(error)))
            continue
        if explained:
            offers = checked.compiled.offers.items()
            titles = {slug: plain(offer_pages[offer].title) for slug, offer in offers}
            label = partial(plain_markdown, markdown)
            journey.data["why"] = texts(checked.compiled.questionnaire, titles, label, gettext)
        journeys.append(journey)
        page.prospects_offers = [offer_pages[offer] for offer in checked.compiled.offers.values()]
    if unplaced:
        raise ProspectsError(unplaced, f"{len(unplaced)} problem(s) in questionnaires")
    for source, offer in site.offers.items():
        dress_offer(sources[source], offer, journeys, site.fields[source])


def explain_flags(pages: list[tuple[Page, str]], default: bool) -> list[bool]:
    """Return, per questionnaire page, its `Explain:` or the default; stop on any bad value."""
    flags, problems = [], []
    for page, path in pages:
        value = page.metadata.get("explain")
        flag = default if value is None else EXPLAIN_VALUES.get(str(value).strip().lower())
        if flag is None:
            reason = f"Explain: expected 'yes' or 'no', found {str(value)[:40]!r}"
            problems.append(Problem(path, None, reason))
        flags.append(bool(flag))
    if problems:
        raise ProspectsError(problems, f"{len(problems)} problem(s) in questionnaires")
    return flags


def plain_markdown(markdown: Callable[[str], str], text: str) -> str:
    """Return the plain text of an owner's Markdown label."""
    return plain(markdown(text))


def dress_questionnaire(
    page: Page, compiled: Compiled, markdown: Callable[[str], str], gettext: Callable[[str], str]
) -> Journey:
    """Render a questionnaire's form, give it its template and data; return its journey."""
    questionnaire = compiled.questionnaire
    page.questionnaire = compiled
    page.prospects_route = route_path(page.url)
    action = relative_url(page.prospects_route, page.url)
    page._content = render_page(questionnaire, markdown, gettext, action)
    journey = Journey(
        page.url,
        browser_data(compiled, page.url),
        render_answers(questionnaire, markdown),
        frozenset(offer.path for offer in compiled.offers.values()),
    )
    page.prospects_json = script_json({"journeys": [journey.data]})
    use_template(page, QUESTIONNAIRE_TEMPLATE)
    return journey


def dress_offer(
    page: Page, offer: Offer, journeys: list[Journey], fields: tuple[Field, ...]
) -> None:
    """Give an offer page its template, contact fields, booking link and journeys."""
    page.offer_kind = offer.kind
    page.prospects_fields = fields
    config = config_of(page.settings)
    page.prospects_booking = booking.booking(
        config.booking_url, config.booking_service, plain(page.title)
    )
    page.prospects_journeys = [journey for journey in journeys if offer.path in journey.offers]
    page.prospects_explain = any("why" in journey.data for journey in page.prospects_journeys)
    data = {"here": offer.slug, "journeys": [journey.data for journey in page.prospects_journeys]}
    page.prospects_json = script_json(data)
    use_template(page, TEMPLATES[offer.kind])
