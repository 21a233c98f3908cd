"""Time `compare` (what `pelican-prospects diff` runs) on two versions of large questionnaires.

The shapes: the 20 x 5 questionnaire of questionnaire_bench.py and the 40-question shape of
routing_scale_bench.py (seeds 0-4). Each is compared with one edit of itself: a threshold
lowered, an option added, two rules swapped, a score changed (the former routing then folds
its own scores), a question made optional. Each comparison runs in a fresh interpreter; wall
time then CPU time.

Run: python benchmarks/diff_bench.py [--seeds 5]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time

from questionnaire_bench import questionnaire_text
from routing_scale_bench import scale_text

from pelican_prospects.questionnaire.changes import compare
from pelican_prospects.questionnaire.parse import parse_questionnaire

EDITS = ("threshold", "option", "swap", "score", "optional")


def edited(text: str, edit: str) -> str:
    """Return the questionnaire's Markdown with one edit an owner makes."""
    if edit == "threshold":
        return re.sub(r"score >= (\d+)", lambda m: f"score >= {int(m[1]) - 1}", text, count=1)
    if edit == "option":
        return text.replace(
            "## Question 2 {#q2}\n\n", "## Question 2 {#q2}\n\n- ( ) New {new +1}\n"
        )
    if edit == "swap":
        head, _, rest = text.partition("```routing\n")
        rules, _, tail = rest.partition("```")
        lines = rules.splitlines()
        lines[0], lines[1] = lines[1], lines[0]
        return head + "```routing\n" + "\n".join(lines) + "\n```" + tail
    if edit == "score":
        return re.sub(r"\{o2 \+(\d+)\}", lambda m: f"{{o2 +{int(m[1]) + 1}}}", text, count=1)
    return text.replace("{#q3}", "{#q3 .optional}", 1)


def once(shape: str, seed: int, edit: str) -> None:
    """Compare one pair in this interpreter; print wall and CPU seconds and the moved count."""
    text = questionnaire_text() if shape == "20x5" else scale_text(40, seed)
    old, problems = parse_questionnaire(text, "old.md")
    new, more = parse_questionnaire(edited(text, edit), "new.md")
    assert not problems and not more, problems + more
    wall, cpu = time.perf_counter(), time.process_time()
    changes = compare(old, new)
    moved = sum(move.count for move in changes.moves)
    print(time.perf_counter() - wall, time.process_time() - cpu, moved)


def main() -> None:
    """Time each shape and edit in a fresh interpreter; print one line per shape and edit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="40-question seeds (5)")
    parser.add_argument("--once", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        shape, seed, edit = args.once
        once(shape, int(seed), edit)
        return
    for shape, seeds in (("20x5", [0]), ("40q", range(args.seeds))):
        for edit in EDITS:
            runs = []
            for seed in seeds:
                command = [sys.executable, __file__, "--once", shape, str(seed), edit]
                done = subprocess.run(
                    command, check=True, capture_output=True, text=True, encoding="utf-8"
                )
                wall, cpu, moved = done.stdout.split()
                runs.append((float(wall), float(cpu), int(moved)))
            shown = ", ".join(f"{w:.2f} ({c:.2f}) {m:.1e}" for w, c, m in runs)
            worst = max(w for w, _, _ in runs)
            print(
                f"{shape} {edit}: seconds wall (CPU) answer sets moved: {shown}; worst {worst:.2f}"
            )


if __name__ == "__main__":
    main()
