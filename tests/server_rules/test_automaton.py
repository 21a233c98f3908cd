"""The automaton the nginx and Apache rules follow agrees with `evaluate.first_rule`."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace

import pytest

from pelican_prospects.questionnaire.compile import compile_questionnaire
from pelican_prospects.questionnaire.evaluate import answer_sets, first_rule
from pelican_prospects.questionnaire.model import Offer, Otherwise, Questionnaire, Rule
from pelican_prospects.questionnaire.parse import parse_questionnaire
from pelican_prospects.questionnaire.verify import verify
from pelican_prospects.server_rules.automaton import Automaton, build

from ..questionnaire import randoms
from .conftest import Demo

OFFERS = {
    slug: Offer(slug, kind, f"pages/{slug}.html", f"content/pages/{slug}.md", "fr")
    for slug, kind in (("devis", "quote"), ("proposition", "proposal"), ("rendez-vous", "contact"))
}


def follow(
    automaton: Automaton, questionnaire: Questionnaire, answers: Mapping[str, tuple[str, ...]]
) -> str:
    """Return the offer reached by walking the moves, as a server does."""
    state = automaton.start
    for step in automaton.steps:
        chosen = answers.get(step.key, ())
        if step.option is None:
            value = chosen[0] if chosen else ""
        else:
            code = questionnaire.questions[step.question].options[step.option].code
            value = code if code in chosen else ""
        state = next((to for at, v, to in step.moves if (at, v) == (state, value)), state)
    return automaton.finals[state]


def test_the_demo_routes_every_answer_set_in_36_moves(demo: Demo) -> None:
    automaton = build(demo.questionnaire, 1000)
    assert automaton is not None and automaton.size == 36
    for answers in answer_sets(demo.questionnaire):
        rule = first_rule(demo.questionnaire, answers)
        assert rule is not None and follow(automaton, demo.questionnaire, answers) == rule.offer


def test_beyond_the_limit_there_is_no_automaton(demo: Demo) -> None:
    assert build(demo.questionnaire, 35) is None


def random_questionnaire(seed: int) -> Questionnaire:
    """Return a small questionnaire with random questions, scores and routing."""
    pick = random.Random(seed)
    lines = ["Title: Hasard", ""]
    atoms = []
    for number in range(1, pick.randint(2, 4) + 1):
        multiple = pick.random() < 0.4
        classes = pick.choice(["", " .optional", " .required"])
        lines += [f"## Question {number} {{#q{number}{classes}}}", ""]
        codes = [f"c{n}" for n in range(1, pick.randint(2, 4) + 1)]
        box = "[ ]" if multiple else "( )"
        lines += [
            f"- {box} Choix {c} {{{c} {pick.choice(['+0', '+1', '+2', '-1', '+3'])}}}"
            for c in codes
        ]
        lines.append("")
        if multiple:
            atoms += [f"q{number} has {c}" for c in codes]
        else:
            atoms += [f"q{number} = {c}" for c in codes]
            atoms.append(f"q{number} in ({', '.join(codes[:2])})")
    atoms += [f"score {op} {pick.randint(-1, 5)}" for op in ("=", "!=", "<", "<=", ">", ">=")]

    def condition(depth: int) -> str:
        if depth == 0 or pick.random() < 0.4:
            return pick.choice(atoms)
        if pick.random() < 0.2:
            return f"not ({condition(depth - 1)})"
        word = pick.choice(["and", "or"])
        return f"({condition(depth - 1)} {word} {condition(depth - 1)})"

    routing = [f"{pick.choice(list(OFFERS))}: {condition(3)}" for _ in range(pick.randint(1, 4))]
    lines += ["```routing", *routing, f"{pick.choice(list(OFFERS))}: otherwise", "```", ""]
    questionnaire, problems = parse_questionnaire("\n".join(lines), "q.md")
    assert problems == [], "\n".join(lines)
    return questionnaire


@pytest.mark.parametrize("seed", range(60))
def test_random_questionnaires_are_routed_as_first_rule_does(seed: int) -> None:
    questionnaire = random_questionnaire(seed)
    assert not verify(questionnaire).unmatched
    automaton = build(questionnaire, 10_000)
    assert automaton is not None
    for answers in answer_sets(questionnaire):
        rule = first_rule(questionnaire, answers)
        assert rule is not None and follow(automaton, questionnaire, answers) == rule.offer, answers


@pytest.mark.parametrize("seed", range(300))
def test_generated_questionnaires_are_routed_as_first_rule_does(seed: int) -> None:
    drawn = randoms.random_questionnaire(random.Random(seed))
    total = Rule("c", Otherwise(), 0, 1)  # every answer set lands somewhere, as the build demands
    questionnaire = replace(drawn, rules=(*drawn.rules, total))
    offers = {
        slug: Offer(slug, "quote", f"pages/{slug}.html", f"{slug}.md", "fr") for slug in "abc"
    }
    compiled, problems = compile_questionnaire(questionnaire, offers, "q.md")
    assert problems == []
    automaton = build(compiled.questionnaire, 10_000)
    assert automaton is not None
    for answers in answer_sets(questionnaire):
        rule = first_rule(questionnaire, answers)
        assert rule is not None and follow(automaton, questionnaire, answers) == rule.offer, answers
