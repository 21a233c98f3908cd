"""The questionnaire, route and offer pages in any theme: its layout, and a complete <head>."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from pelican import signals

from .. import csp, host
from ..settings import configured
from .urls import route_path

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pelican.contents import Page
    from pelican.generators import Generator, PagesGenerator

# A theme whose base.html includes this template was written for the plugin.
AWARE = "prospects/head.html"
THEME_LAYOUT = "prospects/layout_theme.html"
PAGE_LAYOUT = "prospects/layout_page.html"
REFERRER = re.compile(r"<meta[^>]+name=[\"']?referrer[\"']?[^>]+no-referrer", re.IGNORECASE)
CSP = re.compile(r"<meta[^>]+http-equiv=[\"']?content-security-policy", re.IGNORECASE)
ROBOTS = re.compile(r"<meta[^>]+name=[\"']?robots[\"']?[^>]+noindex", re.IGNORECASE)


class HostedPage:
    """A page as the theme's page.html sees it: our heading and our markup as its text."""

    def __init__(self, page: Page, title: str, content: str) -> None:
        self._page = page
        self.title = Markup(title.strip())
        self.content = Markup(content)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)

    def __eq__(self, other: object) -> bool:
        return self._page == (other._page if isinstance(other, HostedPage) else other)

    def __hash__(self) -> int:
        return hash(self._page)


_foreign = False


def choose_layout(generator: Generator) -> None:
    """Tell our pages' templates which layout suits the theme: its base.html or its page.html."""
    global _foreign  # the same theme for every generator of a build
    _foreign = not host.reaches(generator.env, "base.html", AWARE)
    generator.env.globals["prospects_layout"] = PAGE_LAYOUT if _foreign else THEME_LAYOUT
    generator.env.globals["prospects_hosted"] = HostedPage


def missing_head(html: str, context: Mapping[str, Any], route: bool) -> tuple[list[str], list[str]]:
    """Return what our page lacks in <head>: tags for its top, and for its end (the style)."""
    present = host.head(html)
    first = []
    config = configured(context)
    if not CSP.search(present) and config is not None:
        policy = escape(csp.policy(config.csp))
        first.append(f'<meta http-equiv="Content-Security-Policy" content="{policy}">')
    # The answers are in the address: no Referer may carry them to another site.
    if not REFERRER.search(present):
        first.append('<meta name="referrer" content="no-referrer">')
    if route and not ROBOTS.search(present):
        first.append('<meta name="robots" content="noindex">')
    last = []
    if _foreign and host.STYLESHEET_OUTPUT not in present:
        last.append(host.stylesheet_link(context.get("SITEURL", "")))
    return first, last


def complete_head(_name: str, html: str, context: Mapping[str, Any]) -> str:
    """Add to a rendered questionnaire, route or offer page what the theme left out of <head>."""
    page = context.get("page")
    if page is None or not hasattr(page, "prospects_json"):
        return html
    route = context.get("output_file") == route_path(page.save_as)
    first, last = missing_head(html, context, route)
    if _foreign:
        host.copy_stylesheet(context["OUTPUT_PATH"])
    return host.add_to_head(html, first, last) if first or last else html


def edit_pages(generator: PagesGenerator) -> None:
    """Have the pages (ours among them) completed as they render, in Pelican's one write."""
    host.edit_rendered(generator, complete_head)


def connect() -> None:
    """Connect the hosting handlers to Pelican's signals."""
    # generator_init: each generator has a fresh Jinja environment, on every (re)build.
    signals.generator_init.connect(choose_layout)
    # page_generator_init: the pages' generator of this build exists; our pages get their <head>.
    signals.page_generator_init.connect(edit_pages)
