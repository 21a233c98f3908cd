"""Time the build-time check of a questionnaire with 20 questions of 5 options (5^20 answer sets).

Run: python benchmarks/questionnaire_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from pelican_prospects.questionnaire.compile import compile_questionnaire
from pelican_prospects.questionnaire.model import Offer
from pelican_prospects.questionnaire.parse import parse_questionnaire
from pelican_prospects.questionnaire.verify import verify

QUESTIONS = 20
OPTIONS = 5
ROUTING = """
contact: score >= 60 and q1 = o1
contact: q2 = o1 and q3 = o1 and q4 in (o1, o2) and score >= 45
proposal: score >= 40 or (q5 in (o1, o2) and q6 = o5 and not q7 = o3)
quote: score >= 20 and q8 != o3 or q9 = o4
quote: score < 10 and q10 in (o1, o2, o3)
contact: otherwise
"""
OFFERS = {
    slug: Offer(slug, slug, f"pages/{slug}.html", f"content/pages/{slug}.md", "fr")
    for slug in ("quote", "proposal", "contact")
}


def questionnaire_text() -> str:
    """Return the Markdown of the 20 x 5 questionnaire and its routing."""
    lines = ["Title: Banc d'essai", "Slug: banc", ""]
    for question in range(1, QUESTIONS + 1):
        lines += [f"## Question {question} {{#q{question}}}", ""]
        lines += [f"- ( ) Option {o} {{o{o} +{o - 1}}}" for o in range(1, OPTIONS + 1)]
        lines.append("")
    return "\n".join([*lines, "```routing", ROUTING.strip(), "```", ""])


def check(text: str) -> tuple[int, dict[str, int]]:
    """Parse, compile and verify as the build does; return the answer-set counts."""
    questionnaire, problems = parse_questionnaire(text, "content/pages/banc.md")
    _, more = compile_questionnaire(questionnaire, OFFERS, "content/pages/banc.md")
    assert not problems and not more, problems + more
    report = verify(questionnaire)
    assert not report.unmatched
    return report.total, report.per_offer(questionnaire.rules)


def cold_check_time() -> float:
    """Return the seconds one check takes in this fresh interpreter (no warm caches)."""
    text = questionnaire_text()
    start = time.perf_counter()
    total, _ = check(text)
    elapsed = time.perf_counter() - start
    assert total == OPTIONS**QUESTIONS
    return elapsed


def main() -> None:
    """Time the check in several fresh interpreters; report the answer sets and the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters to time (5)")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(cold_check_time())
        return
    command = [sys.executable, __file__, "--once"]
    times = sorted(
        float(
            subprocess.run(
                command, check=True, capture_output=True, text=True, encoding="utf-8"
            ).stdout
        )
        for _ in range(args.runs)
    )
    total, per_offer = check(questionnaire_text())
    print(f"questionnaire: {QUESTIONS} questions x {OPTIONS} options = {total:,} answer sets")
    print("answer sets per offer: " + ", ".join(f"{k} {v:,}" for k, v in per_offer.items()))
    best, median = times[0] * 1000, times[len(times) // 2] * 1000
    print(f"check time (parse + compile + verify), {args.runs} fresh runs: ", end="")
    print(f"best {best:.1f} ms, median {median:.1f} ms, worst {times[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
