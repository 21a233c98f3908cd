"""Random questionnaires for property tests: small ones for brute force, wide ones for the browser."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, replace

from pelican_prospects.questionnaire.model import (
    MULTIPLE,
    SINGLE,
    And,
    Choice,
    Condition,
    Not,
    Option,
    Or,
    Otherwise,
    Question,
    Questionnaire,
    Rule,
    Score,
)

OPS = ["=", "!=", "<", "<=", ">", ">="]


@dataclass(frozen=True)
class Shape:
    """How many questions, options and rules, and which names and scores they may have."""

    questions: int
    options: int
    rules: int
    branches: int  # items of an `and` or `or`, at most
    scales: tuple[int, ...]  # an option scores within ±scale, one scale drawn per question
    reach: int  # score thresholds within ±reach times the largest option score
    key_letters: str  # "" for plain names: q0, q1... and o0, o1...
    code_letters: str


# Brute force lists every answer set: keep these small.
SMALL = Shape(
    questions=4,
    options=4,
    rules=5,
    branches=3,
    scales=(3,),
    reach=2,
    key_letters="",
    code_letters="",
)
# Every shape of key and code the syntax allows, and scores far beyond small integers.
WIDE = Shape(
    questions=6,
    options=5,
    rules=6,
    branches=4,
    scales=(1, 3, 1_000_000),
    reach=1,
    key_letters=string.ascii_letters + string.digits + "-_",
    code_letters=string.ascii_lowercase + string.digits + "-",
)


def name(rng: random.Random, letters: str, plain: str) -> str:
    """Return a random name made of `letters`, or `plain` if there are none."""
    return "".join(rng.choice(letters) for _ in range(rng.randint(1, 6))) if letters else plain


def random_questionnaire(rng: random.Random, shape: Shape = SMALL) -> Questionnaire:
    """Return a random questionnaire whose rules name only its own questions and codes."""
    questions = []
    for number in range(rng.randint(0, shape.questions)):
        kind = rng.choice([SINGLE, MULTIPLE])
        scale = rng.choice(shape.scales)
        options = tuple(
            Option(
                f"{name(rng, shape.code_letters, 'o')}{index}",
                f"Option {index}",
                rng.randint(-scale, scale),
                0,
            )
            for index in range(rng.randint(1, shape.options))
        )
        key = f"{name(rng, shape.key_letters, 'q')}{number}"
        questions.append(Question(key, "", kind, rng.random() < 0.5, "", options, 0, 2))
    rules = tuple(
        Rule(rng.choice("abc"), random_condition(rng, shape, questions, 0), 0, 1)
        for _ in range(rng.randint(0, shape.rules))
    )
    return Questionnaire(tuple(questions), rules, tuple(questions), 1, {})


def random_condition(
    rng: random.Random, shape: Shape, questions: list[Question], depth: int
) -> Condition:
    """Return a random condition on `questions` and the score, nested three levels at most."""
    roll = rng.random()
    if depth < 3 and roll < 0.3:
        items = tuple(
            random_condition(rng, shape, questions, depth + 1)
            for _ in range(rng.randint(2, shape.branches))
        )
        return And(items) if rng.random() < 0.5 else Or(items)
    if depth < 3 and roll < 0.4:
        return Not(random_condition(rng, shape, questions, depth + 1))
    if roll < 0.44:
        return Otherwise()
    if not questions or roll < 0.68:
        largest = max((abs(o.score) for q in questions for o in q.options), default=3)
        reach = shape.reach * max(largest, 1)
        return Score(rng.choice(OPS), rng.randint(-reach, reach + 2), 1)
    question = rng.choice(questions)
    codes = [option.code for option in question.options]
    if question.kind == MULTIPLE:
        return Choice(question.key, "has", (rng.choice(codes),), 1)
    op = rng.choice(["=", "!=", "in"])
    picked = (
        tuple(rng.sample(codes, rng.randint(1, len(codes)))) if op == "in" else (rng.choice(codes),)
    )
    return Choice(question.key, op, picked, 1)


def with_former_names(rng: random.Random, questionnaire: Questionnaire) -> Questionnaire:
    """Return the questionnaire with a former name (`was:`) on some questions and options."""
    taken = {q.key for q in questionnaire.questions}
    questions = []
    for number, question in enumerate(questionnaire.questions):
        former: tuple[str, ...] = ()
        if rng.random() < 0.5 and f"old{number}" not in taken:
            former = (f"old{number}",)
        codes = {option.code for option in question.options}
        options = tuple(
            replace(option, former=(f"was{index}",))
            if rng.random() < 0.5 and f"was{index}" not in codes
            else option
            for index, option in enumerate(question.options)
        )
        questions.append(replace(question, former=former, options=options))
    return replace(questionnaire, questions=tuple(questions), body=tuple(questions))


def lead_scoring_text(rng: random.Random, questions: int = 40, rules: int = 30) -> str:
    """Return the Markdown of a long lead-scoring questionnaire, as an owner writes one.

    Every fourth question is multiple choice with 6 boxes, the others single choice with 5
    options, each option scoring 0 to 3; each rule names 2 to 4 questions a few apart, a third
    of them with a score threshold, then `otherwise`.
    """
    lines = ["Title: Long questionnaire", ""]
    boxes = {number: number % 4 == 0 for number in range(1, questions + 1)}
    highest = 0
    for number, multiple in boxes.items():
        scores = [rng.randint(0, 3) for _ in range(6 if multiple else 5)]
        highest += sum(scores) if multiple else max(scores)
        mark = "[ ]" if multiple else "( )"
        lines += [f"## Question {number} {{#q{number}}}", ""]
        lines += [f"- {mark} Option {o} {{o{o} +{s}}}" for o, s in enumerate(scores, 1)]
        lines.append("")
    routing = []
    for _ in range(rules):
        first = rng.randint(1, questions - 12)
        numbers = [first + 3 * step + rng.randint(0, 1) for step in range(rng.randint(2, 4))]
        parts = [
            f"q{n} has o{rng.randint(1, 6)}" if boxes[n] else f"q{n} = o{rng.randint(1, 5)}"
            for n in numbers
        ]
        condition = f" {rng.choice(['and', 'or'])} ".join(parts)
        if rng.random() < 1 / 3:
            condition = f"({condition}) and score >= {rng.randint(highest * 3 // 10, highest // 2)}"
        routing.append(f"{rng.choice('abc')}: {condition}")
    return "\n".join([*lines, "```routing", *routing, "c: otherwise", "```", ""])
