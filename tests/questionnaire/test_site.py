"""Checking a whole site's questionnaires and offers, without Pelican."""

from __future__ import annotations

from pelican_prospects.problems import Problem
from pelican_prospects.questionnaire.site import SourcePage, check_site

from .conftest import sample


def page(
    path: str, slug: str, text: str = "", offer: object = None, lang: str = "fr"
) -> SourcePage:
    return SourcePage(path, slug, lang, f"{slug}.html", offer, text)


def test_offers_are_read_case_insensitively_and_bad_ones_reported() -> None:
    pages = [
        page("content/a.md", "a", "Title: A\nOffer: Quote\n\nx", " Quote "),
        page("content/b.rst", "b", "", "devis"),
        page("content/c.md", "c", "Title: C\nOFFER: [1]\n", ["quote", "contact"]),
    ]
    site = check_site(pages)
    assert [offer.kind for offer in site.offers.values()] == ["quote"]
    assert site.problems == [
        Problem(
            "content/b.rst",
            None,
            "Offer: expected one of quote, proposal, contact, but received: 'devis'",
        ),
        Problem(
            "content/c.md",
            2,
            "Offer: expected one of quote, proposal, contact, but received: ['quote', 'contact']",
        ),
    ]


def test_a_routing_block_quoted_in_code_makes_no_questionnaire() -> None:
    site = check_site([page("content/doc.md", "doc", sample("routing_quoted.md"))])
    assert site.questionnaires == [] and site.problems == [] and site.warnings == []


def test_a_summary_per_questionnaire() -> None:
    offers = [
        page(f"content/{s}.md", s, offer=k)
        for s, k in [("rendez-vous", "contact"), ("proposition", "proposal"), ("devis", "quote")]
    ]
    site = check_site([page("content/q.md", "q", sample("three_questions.md")), *offers])
    [checked] = site.questionnaires
    assert checked.summary() == "12 answer set(s): rendez-vous 0, proposition 6, devis 6"
    assert site.warnings == [
        Problem("content/q.md", 21, "the rule for 'rendez-vous' can never be the first match"),
        Problem(
            "content/rendez-vous.md", None, "offer 'rendez-vous' is reached by no questionnaire"
        ),
    ]
