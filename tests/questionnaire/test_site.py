"""Checking a whole site's questionnaires and offers, without Pelican."""

from __future__ import annotations

import random
import re

import pytest

from pelican_prospects.problems import Problem
from pelican_prospects.questionnaire.site import SourcePage, check_site
from pelican_prospects.questionnaire.tallies import Sparse

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


def test_scores_too_spread_out_to_count_are_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    # Ten questions of five options scored at random up to a million: 5^10 distinct totals,
    # which counting by score would follow one by one (the work is bounded here, not timed).
    rng = random.Random(1)
    lines = ["Title: Q", "", "## Intro", ""]
    for n in range(1, 11):
        lines += [f"## Question {n} {{#q{n}}}", ""]
        lines += [f"- ( ) O{o} {{o{o} {rng.randint(-(10**6), 10**6):+d}}}" for o in range(1, 6)]
        lines.append("")
    lines += ["```routing", "devis: score >= 0", "proposition: otherwise", "```", ""]
    text = "\n".join(lines)
    work = [0]

    def times(self: Sparse, a: dict[int, int], b: dict[int, int]) -> dict[int, int]:
        work[0] += len(a) * len(b)
        assert work[0] < 10**6, "counting follows every distinct total"
        return multiply(self, a, b)

    multiply = Sparse.times
    monkeypatch.setattr(Sparse, "times", times)
    offers = [
        page(f"content/{s}.md", s, offer=k)
        for s, k in [("devis", "quote"), ("proposition", "proposal")]
    ]
    site = check_site([page("content/q.md", "q", text), *offers])
    [problem] = site.problems
    assert problem.path == "content/q.md"
    # 5^8 < a million < 5^9: the totals pass the limit while adding up question 9.
    assert problem.line == text.splitlines().index("## Question 9 {#q9}") + 1
    # The count passes the limit by the few totals one partial total adds.
    totals = int(re.findall(r"\d+", problem.reason)[0])
    assert 10**6 < totals <= 10**6 + 5
    assert problem.reason == (
        f"scores too spread out to check: {totals} distinct partial totals after question 'q9'"
        " (limit 1000000); use smaller scores, e.g. 0 to 10"
    )
    [checked] = site.questionnaires
    assert checked.report is None
