"""The docs stay true: links resolve, and every message they quote is one the tests still see.

The tests assert the exact messages users read, so a message quoted in the docs must match a string
of the tests: change a message in the code, and its tests, then this test, ask for the docs too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .support import ROOT

DOCS = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.md")])
FENCE = re.compile(r"^(`{3,}).*?^\1", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
# A table row whose first cell quotes a message: | `message` | meaning |
MESSAGE_ROW = re.compile(r"^\| (?:warning |info )?`([^`]+)`", re.MULTILINE)
# The words the docs write in place of what varies: 'KEY', N, SLUG, '…'.
PLACEHOLDER = re.compile(r"\b(?:KEY|CODE|SLUG|QUERY|X|N|M)\b|…")
# Written once for every message of the routing language (expr.py's tests assert what follows it).
ROUTING_PREFIX = "routing, column N: "


def strings_of_the_tests() -> list[str]:
    """Return every string written in the tests (f-strings with '{}' where they vary)."""
    strings = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.append(node.value)
            elif isinstance(node, ast.JoinedStr):
                strings.append(
                    "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
                )
    return strings


SEEN = strings_of_the_tests()


def quoted_messages() -> list[tuple[str, str]]:
    """Return (doc name, message) for every message quoted in a message table of the docs."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for table in re.split(r"\n\n", text):
            if table.startswith("| message |"):
                found.extend((doc.name, message) for message in MESSAGE_ROW.findall(table))
    return found


def pattern(message: str) -> re.Pattern[str]:
    """Return a pattern matching the message, whatever stands where the docs write a placeholder."""
    message = message.removeprefix(ROUTING_PREFIX)
    return re.compile(".+?".join(re.escape(part) for part in PLACEHOLDER.split(message)))


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: doc.name)
def test_relative_links_lead_to_files(doc: Path) -> None:
    prose = FENCE.sub("", doc.read_text(encoding="utf-8"))
    targets = [t for t in LINK.findall(prose) if "://" not in t]
    missing = [t for t in targets if not (doc.parent / t).exists()]
    assert missing == []


def test_the_docs_quote_messages() -> None:
    assert len(quoted_messages()) >= 30


@pytest.mark.parametrize("message", quoted_messages(), ids=lambda item: item[1][:40])
def test_quoted_message_is_written_by_the_code(message: tuple[str, str]) -> None:
    doc, text = message
    found = pattern(text)
    assert any(found.search(seen) for seen in SEEN), f"{doc} quotes {text!r}, which no test sees"
