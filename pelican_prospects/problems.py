"""Problems found in user files, collected so that one run reports them all."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: where it is and why it is wrong."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


class ProspectsError(Exception):
    """Stop the build: bad input that the user must fix, listed in full."""

    def __init__(self, problems: list[Problem], summary: str = "") -> None:
        # A problem of the whole file (no line) comes before those of its lines.
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.reason))
        self.summary = summary or f"{len(self.problems)} problem(s) found"
        super().__init__(self.format())

    def format(self) -> str:
        """Return the summary line and one indented line per problem."""
        lines = [f"prospects: {self.summary}:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)
