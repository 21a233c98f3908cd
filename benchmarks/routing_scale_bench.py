"""Time the routing check of long lead-scoring questionnaires (30 to 60 questions), several seeds.

The shape: every fourth question multiple choice with 6 boxes, the others single choice with 5
options, option scores 0 to 3; 30 rules of 2 to 4 conditions on questions 2 to 4 apart (`=`,
`!=`, `in`, `has`, joined by `and`/`or`/`not`, a third of them with a `score >=` threshold),
then `otherwise`. Each check (parse, compile, verify) runs in a fresh interpreter, as a build
does; CPU time is printed beside wall time, which a busy machine stretches.

Run: python benchmarks/routing_scale_bench.py [--questions 30 40 50 60] [--seeds 5]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time

from questionnaire_bench import OFFERS, check

RULES = 30
BOXES = 6
OPTIONS = 5
SPACING = 2  # a rule's questions are 2 to 4 apart
OR = 0.25  # each joint is `or` one time in four, else `and`
NOT = 0.15  # each condition is negated one time in seven or so


def scale_text(questions: int, seed: int) -> str:
    """Return the Markdown of one generated questionnaire of the benchmark's shape."""
    rng = random.Random(seed)
    lines = [f"Title: Banc {questions} questions, graine {seed}", "Slug: banc", ""]
    multiple = {number for number in range(1, questions + 1) if number % 4 == 0}
    highest = 0
    for number in range(1, questions + 1):
        box, count = ("[ ]", BOXES) if number in multiple else ("( )", OPTIONS)
        scores = [rng.randint(0, 3) for _ in range(count)]
        highest += sum(scores) if number in multiple else max(scores)
        lines += [f"## Question {number} {{#q{number}}}", ""]
        lines += [f"- {box} Option {o} {{o{o} +{s}}}" for o, s in enumerate(scores, 1)]
        lines.append("")

    def atom(number: int) -> str:
        code = f"o{rng.randint(1, BOXES if number in multiple else OPTIONS)}"
        if number in multiple:
            return f"q{number} has {code}"
        op = rng.choice(["=", "!=", "in"])
        if op == "in":
            codes = rng.sample(range(1, OPTIONS + 1), 2)
            return f"q{number} in ({', '.join(f'o{c}' for c in codes)})"
        return f"q{number} {op} {code}"

    routing = []
    for _ in range(RULES):
        # 2 to 4 questions, each SPACING to twice that after the one before.
        size = rng.randint(2, 4)
        gaps = [rng.randint(SPACING, 2 * SPACING) for _ in range(size - 1)]
        numbers = [rng.randint(1, questions - sum(gaps))]
        for gap in gaps:
            numbers.append(numbers[-1] + gap)
        parts = [atom(number) for number in numbers]
        parts = [f"not {part}" if rng.random() < NOT else part for part in parts]
        condition = parts[0]
        for part in parts[1:]:
            if rng.random() < OR:
                condition = f"({condition} or {part})"
            else:
                condition = f"{condition} and {part}"
        if rng.random() < 1 / 3:
            threshold = rng.randint(highest * 3 // 10, highest * 6 // 10)
            condition = f"({condition}) and score >= {threshold}"
        routing.append(f"{rng.choice(list(OFFERS))}: {condition}")
    routing.append("contact: otherwise")
    return "\n".join([*lines, "```routing", *routing, "```", ""])


def main() -> None:
    """Time the check of each size and seed in a fresh interpreter; print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, nargs="+", default=[30, 40, 50, 60])
    parser.add_argument("--seeds", type=int, default=5, help="questionnaires per size (5)")
    parser.add_argument("--once", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        text = scale_text(*args.once)
        wall, cpu = time.perf_counter(), time.process_time()
        check(text)
        print(time.perf_counter() - wall, time.process_time() - cpu)
        return
    for questions in args.questions:
        walls, cpus = [], []
        for seed in range(args.seeds):
            command = [sys.executable, __file__, "--once", str(questions), str(seed)]
            run = subprocess.run(
                command, check=True, capture_output=True, text=True, encoding="utf-8"
            )
            wall, cpu = map(float, run.stdout.split())
            walls.append(wall)
            cpus.append(cpu)
        shown = ", ".join(f"{wall:.2f} ({cpu:.2f})" for wall, cpu in zip(walls, cpus, strict=True))
        print(
            f"{questions} questions, seeds 0-{args.seeds - 1}, seconds wall (CPU): {shown};"
            f" worst {max(walls):.2f} ({max(cpus):.2f})"
        )


if __name__ == "__main__":
    main()
