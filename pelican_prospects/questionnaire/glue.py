"""Pelican glue: check every questionnaire on each build, render its form, dress the offer pages.

A site with no questionnaire and no offer page loads none of their machinery (`pages` and the
modules it uses): tens of modules, 60 ms and about 1 MiB per build.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rjsmin
from pelican import signals

from ..problems import Problem, ProspectsError
from ..settings import config_of
from ..sources import MARKDOWN_EXTENSIONS
from . import booking, hosting
from .detect import has_routing
from .offers import split_slides
from .urls import route_path

if TYPE_CHECKING:
    from pelican.contents import Page
    from pelican.generators import Generator, PagesGenerator
    from pelican.writers import Writer

logger = logging.getLogger(__name__)

SCRIPTS = Path(__file__).parent.parent / "static" / "questionnaire"
SCRIPTS_OUTPUT = "prospects"
ROUTE_TEMPLATE = "prospects/route"


def all_pages(generator: PagesGenerator) -> chain[Page]:
    """Return every page the generator writes: published, hidden, drafts and translations."""
    return chain(
        generator.pages,
        generator.translations,
        generator.hidden_pages,
        generator.hidden_translations,
        generator.draft_pages,
        generator.draft_translations,
    )


def markdown_text(page: Page) -> str:
    """Return a page's Markdown source as written ("" for a page in another format)."""
    if not page.source_path.endswith(MARKDOWN_EXTENSIONS):
        return ""
    with open(page.source_path, encoding="utf-8-sig") as source:
        return source.read()


def check_pages(generator: PagesGenerator) -> None:
    """Check and dress the questionnaires and offers, if the site has any; check the booking URL."""
    texts = [(page, markdown_text(page)) for page in all_pages(generator)]
    if any(page.metadata.get("offer") is not None or has_routing(text) for page, text in texts):
        from .pages import check_pages as check_questionnaires  # see the module's docstring

        check_questionnaires(generator, texts)
        return
    problems = booking_problems((), generator.settings)
    if problems:
        raise ProspectsError(problems, f"{len(problems)} problem(s) in questionnaires")


def booking_problems(keys: Collection[str], settings: dict[str, Any]) -> list[Problem]:
    """Return what is wrong with the booking URL's placeholders, given the questions' keys;
    log what is only dubious."""
    config = config_of(settings)
    reasons, warnings = booking.check(config.booking_url, config.booking_service, keys)
    for warning in warnings:
        logger.warning("prospects: %s", warning)
    return [Problem("settings", None, reason) for reason in reasons]


def add_filters(generator: Generator) -> None:
    """Give templates the `prospects_slides` filter that cuts a proposal into slides."""
    generator.env.filters["prospects_slides"] = split_slides


def write_routes(generator: PagesGenerator, writer: Writer) -> None:
    """Write each questionnaire's route page; copy the scripts when a page of ours uses them.

    The scripts go out without their comments and spaces (rjsmin): prospects load them.
    """
    ours = [page for page in all_pages(generator) if hasattr(page, "prospects_json")]
    for page in ours:
        if hasattr(page, "prospects_route"):
            writer.write_file(
                route_path(page.save_as),
                generator.get_template(ROUTE_TEMPLATE),
                generator.context,
                page=page,
                relative_urls=config_of(generator.settings).relative_urls,
                url=page.prospects_route,
            )
    if ours:
        folder = Path(generator.output_path) / SCRIPTS_OUTPUT
        folder.mkdir(parents=True, exist_ok=True)
        for script in SCRIPTS.glob("*.js"):
            target = folder / script.name
            text = rjsmin.jsmin(script.read_text(encoding="utf-8"))
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")


def connect() -> None:
    """Connect the questionnaire handlers to Pelican's signals."""
    # page_generator_finalized: every page (questionnaires, offers) is read, none is written yet.
    signals.page_generator_finalized.connect(check_pages)
    # generator_init: each generator builds its own Jinja environment, on every (re)build.
    signals.generator_init.connect(add_filters)
    # page_writer_finalized: the pages are written; the route pages go beside the questionnaires.
    signals.page_writer_finalized.connect(write_routes)
    hosting.connect()
