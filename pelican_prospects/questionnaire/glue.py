"""Pelican glue: check every questionnaire on each build, render its form, mark the offer pages."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown import Markdown
from pelican import signals

from .. import i18n
from ..problems import ProspectsError
from .render import render_page
from .site import SourcePage, check_site

if TYPE_CHECKING:
    from pelican.contents import Page
    from pelican.generators import PagesGenerator

logger = logging.getLogger(__name__)

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")


def source_page(page: Page, settings: dict[str, Any]) -> SourcePage:
    """Return what the check needs of a Pelican page, its path relative to PATH's parent."""
    path = os.path.relpath(page.source_path, os.path.dirname(settings["PATH"]))
    text = ""
    if page.source_path.endswith(MARKDOWN_EXTENSIONS):
        with open(page.source_path, encoding="utf-8-sig") as source:
            text = source.read()
    return SourcePage(path, page.slug, page.lang, page.url, page.metadata.get("offer"), text)


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


def check_pages(generator: PagesGenerator) -> None:
    """Check all questionnaires against the offers; stop the build on problems; render the forms."""
    settings = generator.settings
    pages = chain(
        generator.pages,
        generator.translations,
        generator.hidden_pages,
        generator.hidden_translations,
        generator.draft_pages,
        generator.draft_translations,
    )
    sources = {source_page(page, settings): page for page in pages}
    site = check_site(sources)
    for warning in site.warnings:
        logger.warning("prospects: %s", warning)
    for checked in site.questionnaires:
        if checked.report is not None and not checked.problems:
            logger.info("prospects: questionnaire %s: %s", checked.page.slug, checked.summary())
    if site.problems:
        raise ProspectsError(site.problems, f"{len(site.problems)} problem(s) in questionnaires")
    markdown = markdown_renderer(settings)
    folders = [i18n.PLUGIN_LOCALE, Path(generator.theme) / "translations"]
    for checked in site.questionnaires:
        page = sources[checked.page]
        gettext = i18n.translations(checked.page.lang, folders).gettext
        page.questionnaire = checked.compiled
        page._content = render_page(checked.compiled.questionnaire, markdown, gettext)
    for source, offer in site.offers.items():
        sources[source].offer_kind = offer.kind


def connect() -> None:
    """Connect the questionnaire handlers to Pelican's signals."""
    # page_generator_finalized: every page (questionnaires, offers) is read, none is written yet.
    signals.page_generator_finalized.connect(check_pages)
