"""Netlify: `_redirects` lines, one per answer set the file can tell apart, in a safe order.

Netlify matches query parameters by name, in any order, and ignores those a rule does not
name; it has no variables and its documentation does not say which value of a repeated key
it compares. So:

- a request naming any multiple-choice key (which the form repeats, one per ticked box) is
  served the route page, which links every offer: no rule could tell its ticks apart;
- every other answer set gets its own rule, most answers first, so that a rule naming fewer
  keys never catches a request that a longer rule fits;
- after each group of rules naming the same keys, a rule with the same keys and any values
  sends what the group did not fit (an unknown code) back to the questionnaire, and a last
  rule does so with anything left (a required answer missing). Netlify passes the request's
  query on when the target has none, so the questionnaire's script pre-selects what fits.

- a request naming an attribution key (`utm_source`...) is served the route page too: no rule
  could carry its value along, and the page's script goes on to the offer with it;
- a former key or code (`was:`) gets rules of its own, one per spelling of each answer set.

What this cannot see: keys that no question has (ignored, not sent back), an empty value for
an optional question, and a single-choice key given twice (Netlify reads one of its values).
The form sends none of these; only a hand-made link does.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations, product

from ..questionnaire import attribution
from ..questionnaire.codec import encode
from ..questionnaire.evaluate import first_rule
from ..questionnaire.model import Question
from .host import Host, too_many
from .merge import into_block
from .plan import Plan, Section, header

FILE = "_redirects"
# Netlify's documentation: "If you need to set up 10,000 redirects or more, we recommend
# using wildcards or placeholders". This is for the whole block, every questionnaire together.
LIMIT = 10_000
UNIT = "rules"


def section(plan: Plan) -> Section | str:
    """Return the rules of one questionnaire, or why not: they would be more than LIMIT."""
    questionnaire = plan.questionnaire
    singles = [q for q in questionnaire.questions if not q.multiple]
    multiples = [q for q in questionnaire.questions if q.multiple]
    routable = not any(q.required for q in multiples)
    count = 1
    for question in singles:
        count *= len(question.options) + (not question.required)
    redirected = count if routable else 0
    optional = [q for q in singles if not q.required]
    if len(multiples) + redirected + 2 ** len(optional) > LIMIT:
        return too_many(plan, LIMIT, UNIT)
    lines = [
        f"{plan.route} {name}=:p{n} {plan.route} 200"
        for n, q in enumerate(multiples, 1)
        for name in (q.key, *q.former)
    ]
    lines += [f"{plan.route} {key}=:a {plan.route} 200" for key in attribution.KEYS]
    required = [q for q in singles if q.required]
    answered_all = routable and not required
    for size in range(len(optional), -1, -1) if routable else ():
        for chosen in combinations(optional, size):
            keys = [q for q in singles if q in required or q in chosen]
            for codes in product(*([o.code for o in q.options] for q in keys)):
                answers = {q.key: (code,) for q, code in zip(keys, codes, strict=True)}
                query = encode(questionnaire, answers)
                rule = first_rule(questionnaire, answers)
                assert rule is not None  # the questionnaire was checked: every set is routed
                target = plan.offers[rule.offer] + (f"?{query}" if query else "")
                for params in product(
                    *(_spellings(q, c) for q, c in zip(keys, codes, strict=True))
                ):
                    lines.append(" ".join(filter(None, [plan.route, *params, target, "302!"])))
                if len(lines) > LIMIT:
                    return too_many(plan, LIMIT, UNIT)
            for names in product(*((q.key, *q.former) for q in keys)) if keys else ():
                any_value = " ".join(f"{name}=:p{n}" for n, name in enumerate(names, 1))
                lines.append(f"{plan.route} {any_value} {plan.form} 302!")
    if not answered_all:
        lines.append(f"{plan.route} {plan.form} 302!")
    summary = f"{redirected} of {plan.total} answer sets redirected by {len(lines)} {UNIT}"
    if multiples:
        summary += (
            f"; the {plan.total - redirected} with a ticked box get the route page, which"
            " links every offer (Netlify cannot tell repeated keys apart)"
        )
    return Section((header(plan, f"{summary}."), *lines), len(lines), summary)


def _spellings(question: Question, code: str) -> list[str]:
    """Return every way a link may give this answer: current or former key, code."""
    option = question.option(code)
    assert option is not None
    return [
        f"{key}={name}"
        for key in (question.key, *question.former)
        for name in (code, *option.former)
    ]


def block(sections: Iterable[Section]) -> list[str]:
    """Return the lines of the marked block: every section, a blank line between two."""
    lines: list[str] = []
    for item in sections:
        lines += [*([""] if lines else []), *item.lines]
    return lines


HOST = Host("netlify", FILE, LIMIT, UNIT, section, into_block(block))
