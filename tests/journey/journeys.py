"""Helpers of the journey tests: the demo questionnaire as Python sees it, and pages in a browser."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pelican_prospects.questionnaire.codec import encode
from pelican_prospects.questionnaire.evaluate import first_rule
from pelican_prospects.questionnaire.model import Questionnaire
from pelican_prospects.questionnaire.parse import parse_questionnaire

from ..support import ROOT, build_site, write_files

if TYPE_CHECKING:
    from playwright.sync_api import Page

FORM = "pages/votre-projet.html"
ROUTE = "pages/votre-projet/route.html"
OFFERS = {
    "rendez-vous": "pages/rendez-vous.html",
    "proposition": "pages/proposition.html",
    "devis": "pages/devis.html",
}
# One answer set per offer of the demo, with every kind of question answered at least once.
ANSWERS = {
    "rendez-vous": {
        "objectifs": ("definis",),
        "echeance": ("urgent",),
        "budget": ("large",),
        "supports": ("web", "lettre"),
    },
    "proposition": {"objectifs": ("idee",), "echeance": ("annee",), "supports": ("web",)},
    "devis": {"objectifs": ("pistes",), "echeance": ("aucune",), "budget": ("petit",)},
}


@cache
def demo() -> Questionnaire:
    """Return the demo questionnaire, parsed from content/pages/votre-projet.md."""
    path = ROOT / "content" / "pages" / "votre-projet.md"
    questionnaire, problems = parse_questionnaire(path.read_text(encoding="utf-8"), str(path))
    assert problems == []
    return questionnaire


def routed(answers: Mapping[str, tuple[str, ...]]) -> tuple[str, str]:
    """Return the offer slug the build's routing gives these answers, and their canonical query."""
    rule = first_rule(demo(), answers)
    assert rule is not None
    return rule.offer, encode(demo(), answers)


def tick(page: Page, answers: Mapping[str, tuple[str, ...]]) -> None:
    """Tick the answers on the questionnaire page by clicking their labels, as a person does."""
    for key, codes in answers.items():
        for code in codes:
            page.click(f'label[for="prospects-{key}={code}"]')


def shown_answers(page: Page) -> dict[str, list[str]]:
    """Return the answers an offer page shows: each visible question with its visible labels."""
    return page.evaluate(
        """() => Object.fromEntries(
            [...document.querySelectorAll('.prospects-answers [data-key]')]
            .filter(group => group.checkVisibility())
            .map(group => [group.querySelector('dt').textContent,
                           [...group.querySelectorAll('dd')].filter(d => d.checkVisibility())
                           .map(d => d.textContent)]))"""
    )


def expected_answers(answers: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """Return what "Vos réponses" must show for these answers: plain labels from the Markdown."""
    shown = {}
    for question in demo().questions:
        codes = answers.get(question.key, ())
        if codes:
            labels = [o.label.replace("*", "") for o in question.options if o.code in codes]
            shown[question.label] = labels
    return shown


def path_and_query(url: str) -> str:
    """Return the path and query of a URL, without its scheme and host."""
    parts = urlsplit(url)
    return parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")


QUESTIONNAIRE = """Title: Projet {n}
Slug: projet-{n}

## Objectifs {{#objectifs}}

- ( ) Définis {{definis +2}}
- ( ) Vagues {{vagues}}

## Supports {{#supports .required}}

- [ ] Web {{web}}
- [ ] Papier {{papier}}

```routing
{routing}
```
"""
OFFER_PAGES = {
    "pages/devis.md": "Title: Devis\nSlug: devis\nOffer: quote\n\nTarifs.\n",
    "pages/proposition.md": "Title: Proposition\nSlug: proposition\nOffer: proposal\n\nUn.\n\n---\n\nDeux.\n",
    "pages/rendez-vous.md": "Title: Rendez-vous\nSlug: rendez-vous\nOffer: contact\n\nParlons-en.\n",
}


def small_site(tmp_path: Path, pages: Mapping[str, str] = OFFER_PAGES, **settings: object) -> Path:
    """Build two questionnaires sharing the three offers (or `pages`); return the output folder."""
    files = dict(
        pages,
        **{
            "pages/projet-1.md": QUESTIONNAIRE.format(
                n=1,
                routing="rendez-vous: score >= 2\nproposition: supports has web\ndevis: otherwise",
            ),
            "pages/projet-2.md": QUESTIONNAIRE.format(
                n=2, routing="devis: objectifs = definis\nproposition: otherwise"
            ),
        },
    )
    output = tmp_path / "output"
    build_site(write_files(tmp_path / "content", files), output, **settings)
    return output
