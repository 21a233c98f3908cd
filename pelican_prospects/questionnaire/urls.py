"""Where a questionnaire's form sends its answers: the route page beside the questionnaire page."""

from __future__ import annotations

from posixpath import dirname, join, splitext

ROUTE_PAGE = "route.html"


def route_path(page_path: str) -> str:
    """Return the route page's path for a questionnaire page's `save_as` or `url`.

    `pages/votre-projet.html` gives `pages/votre-projet/route.html`; a page saved as
    `votre-projet/index.html` (or with the URL `votre-projet/`) gives `votre-projet/route.html`.
    """
    if page_path.endswith("/") or not page_path:
        return page_path + ROUTE_PAGE
    stem, _ = splitext(page_path)
    if stem.endswith("/index") or stem == "index":
        stem = dirname(stem)
    return join(stem, ROUTE_PAGE)
