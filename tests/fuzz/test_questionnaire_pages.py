"""Fuzzed questionnaire pages: questions and rules, or problems at lines of the page; quickly."""

from __future__ import annotations

import pytest
from hypothesis import given

from pelican_prospects.questionnaire.parse import CODE, KEY, parse_questionnaire

from .checks import assert_located, timed
from .strategies import page

PATH = "content/pages/q.md"


def lines_of(text: str) -> int:
    return len(text.splitlines()) + 1


@given(page())
def test_a_page_gives_a_questionnaire_and_located_problems(text: str) -> None:
    questionnaire, problems = parse_questionnaire(text, PATH)
    assert_located(problems, PATH, lines_of(text))
    for rule in questionnaire.rules:
        assert questionnaire.routing_line < rule.line <= lines_of(text)
    if not problems:
        keys = [question.key for question in questionnaire.questions]
        assert len(set(keys)) == len(keys) and all(KEY.match(key) for key in keys)
        for question in questionnaire.questions:
            assert question.options and all(CODE.match(o.code) for o in question.options)


HUGE = 100_000


@pytest.mark.parametrize(
    "text",
    [
        "## Q {#q}\n\n" + "\n".join(f"- ( ) Option {n} {{o{n} +1}}" for n in range(10_000)),
        "## Q {#q}\n\n" + "\n\n".join(f"- [ ] Option {n}" for n in range(10_000)),
        "## Q {#q}\n\n" + "\n".join("- ( ) same" for _ in range(10_000)),
        "## a" + " " * HUGE + "{#a}x\n\n- ( ) x\n",
        "## a" + " " * HUGE + "#x\n\n- ( ) x\n",
        "## a {" + "{ " * (HUGE // 2) + "\n\n- ( ) x\n",
        "## " + "# " * (HUGE // 2) + "x\n\n- ( ) x\n",
        "## a\n\n- ( ) x" + " " * HUGE + "{x}x\n",
        "## a\n\n- ( ) x" + " \t" * (HUGE // 2) + "x\n",
        "## a\n\n- ( ) " + "<" * HUGE + "\n",
        "## a\n\n- ( ) x {+" + "9" * HUGE + "}\n",
        "```" + " " * HUGE + "x`\n",
        "~~~" + " " * HUGE + "routing x\n",
        "```routing\ndevis: " + "q = x and " * 10_000 + "q = x\n```\n",
        "```routing\ndevis: " + "(" * 10_000 + "\n```\n",
        "text\n" * 100_000,
        "text\n\n- ( ) x\n\n" * 10_000,
        "## h {#h}\n" * 10_000,
        "```\n" * 10_000,
    ],
    ids=[
        "10k-options",
        "10k-loose-options",
        "10k-same-options",
        "heading-spaces-then-braces",
        "heading-spaces-then-hash",
        "heading-open-braces",
        "heading-hashes",
        "option-spaces-then-braces",
        "option-spaces-and-tabs",
        "option-angle-brackets",
        "option-huge-score",
        "fence-spaces",
        "fence-tilde-spaces",
        "routing-100kb",
        "routing-10k-brackets",
        "100k-lines",
        "10k-orphan-options",
        "10k-headings",
        "10k-fences",
    ],
)
def test_a_pathological_page_is_read_quickly(text: str) -> None:
    _, problems = timed(lambda: parse_questionnaire(text, PATH))
    assert_located(problems, PATH, lines_of(text))
