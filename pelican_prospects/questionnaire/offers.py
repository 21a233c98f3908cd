"""Offer pages: which template shows each kind, and a proposal's Markdown cut into slides."""

from __future__ import annotations

import re

from markupsafe import Markup

# A thematic break written `---` alone between blocks: Python-Markdown gives it its own line.
BREAK = re.compile(r"^[ \t]*<hr\s*/?>[ \t]*$", re.MULTILINE)

TEMPLATES = {
    "quote": "prospects/offer_quote",
    "proposal": "prospects/offer_proposal",
    "contact": "prospects/offer_contact",
}


def split_slides(html: str) -> list[Markup]:
    """Return the parts of a page's HTML between the `<hr>` alone on their lines; no empty part."""
    return [Markup(part.strip()) for part in BREAK.split(str(html)) if part.strip()]
