"""Tell a questionnaire page from other pages: its Markdown holds a ```routing fenced block.

Light on purpose: the glue asks it of every page, and loads the questionnaire's machinery only
for a site that has one.
"""

from __future__ import annotations

import re

from ..comments.commentfile import split_lines

# The info string is trimmed by possessive runs: a lazy `.*?` before `\s*$` is quadratic.
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*+(?P<info>(?:[^`\s]++|\s++(?=[^`\s]))*+)\s*+$")
ROUTING = "routing"


def lines_of(text: str) -> list[str]:
    """Return a page's lines as Python-Markdown and editors number them.

    str.splitlines() also breaks at a form feed, U+2028 and the like: lines after one moved.
    """
    lines = split_lines(text)
    return lines[:-1] if lines and not lines[-1] else lines


def has_routing(text: str) -> bool:
    """Return True when a Markdown text holds a ```routing fenced block."""
    return any((match := FENCE.match(line)) and match["info"] == ROUTING for line in lines_of(text))
