"""Draw a questionnaire's routing as a reduced decision diagram: DOT text, SVG or PNG by Graphviz.

Questions are decision nodes in the owner's order (a multiple choice has one node per box),
edges are labelled with the options that lead the same way, offers are leaves with the number
of answer sets that reach them, and a shared sub-diagram is drawn once. The DOT text is ours,
so the same questionnaire gives the same bytes; Graphviz's `dot` only lays it out.
"""

from __future__ import annotations

from collections.abc import Hashable

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from ..comments.read import NOT_XML
from .diagrams import Level, TooLarge, with_room_to_walk
from .model import Questionnaire
from .routing import Outcome, Routing, owner_order

FORMATS = (".dot", ".svg", ".png")
# Beyond this many nodes a map is no longer read by anyone.
MOST_NODES = 2_000
# Characters per quoted string: at most 4 bytes each escaped, well under Graphviz's 16,384 bytes.
PIECE = 2_000
# Characters per line of a box or an arrow: Graphviz stops past 65,535 points of width.
LONGEST_LINE = 1_000
INSTALL = (
    "drawing .svg and .png needs Graphviz: pip install 'pelican-prospects[map]'"
    " and Debian's graphviz (apt-get install graphviz); .dot needs neither"
)


class CannotDraw(Exception):
    """The map cannot be drawn: too large, or Graphviz missing."""


@with_room_to_walk(lambda questionnaire, name: questionnaire.questions)
def routing_dot(questionnaire: Questionnaire, name: str) -> str:
    """Return the DOT text of the routing's reduced diagram in the questionnaire's order."""
    routing = Routing(questionnaire, owner_order(questionnaire))
    diagrams = routing.diagrams
    offers = routing.offers()
    try:
        root = diagrams.fold(offers, MOST_NODES * 4)
    except TooLarge:
        root = None
    nodes = [] if root is None else diagrams.nodes(root)
    if root is None or len(nodes) > MOST_NODES:
        raise CannotDraw(f"the map of '{name}' has more than {MOST_NODES} nodes: too large to draw")
    counts = diagrams.counts(root)
    ids: dict[int, str] = {}
    lines = [
        f"digraph {_quote(name)} {{",
        '  graph [rankdir=TB, fontname="sans-serif", nodesep=0.3, ranksep=0.5];',
        '  node [fontname="sans-serif", fontsize=11];',
        '  edge [fontname="sans-serif", fontsize=9];',
    ]
    for node in nodes:
        level = diagrams.levels[diagrams.level(node)]
        ids[node] = f"n{len(ids)}"
        label = plain_text(level.question.label) or level.question.key
        if level.option is not None:
            label += "\n☐ " + plain_text(level.question.options[level.option].label)
        lines.append(f"  {ids[node]} [shape=box, style=rounded, label={_quote(label)}];")
    leaves: dict[int, str] = {}
    for value in diagrams.leaves(root):
        if value is Outcome.INVALID:
            continue
        leaf = diagrams.leaf(value)
        leaves[leaf] = ids[leaf] = f"leaf{len(leaves)}"
        count = counts.get(value, 0)
        shown = value.value if isinstance(value, Outcome) else str(value)
        label = f"{shown}\n{count} answer set{'' if count == 1 else 's'}"
        lines.append(f"  {ids[leaf]} [shape=ellipse, style=filled, label={_quote(label)}];")
    for node in nodes:
        level = diagrams.levels[diagrams.level(node)]
        by_child: dict[int, list[str]] = {}
        for index, child in enumerate(diagrams.children(node)):
            if child in ids:
                by_child.setdefault(child, []).append(_value_label(level, index))
        for child, labels in by_child.items():
            lines.append(f"  {ids[node]} -> {ids[child]} [label={_quote(chr(10).join(labels))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(dot: str, suffix: str) -> bytes:
    """Return the DOT text laid out by Graphviz as `.svg` or `.png` bytes."""
    try:
        import graphviz
    except ImportError as error:
        raise CannotDraw(INSTALL) from error
    try:
        drawn = graphviz.Source(dot).pipe(format=suffix.lstrip("."))
    except graphviz.ExecutableNotFound as error:
        raise CannotDraw(INSTALL) from error
    except graphviz.CalledProcessError as error:
        raise CannotDraw(f"Graphviz failed: {error}") from error
    return drawn


def _value_label(level: Level, index: int) -> str:
    """Return how an edge names one value: the option's label, no answer, ticked or not."""
    code = level.values[index]
    if level.option is not None:
        return "ticked" if code is not None else "not ticked"
    option = None if code is None else level.question.option(code)
    return "no answer" if option is None else plain_text(option.label)


def plain_text(markdown: str) -> str:
    """Return a Markdown label as the plain text a reader sees (raw HTML stays text)."""
    html = MarkdownIt("commonmark", {"html": False}).renderInline(markdown)
    return BeautifulSoup(html, "html.parser").get_text()


def _quote(text: Hashable) -> str:
    """Return text as DOT double-quoted strings joined by '+': quotes and backslashes escaped.

    Lines are kept, each cut to a width Graphviz can lay out; a long text goes in pieces, as
    Graphviz refuses a string of 16,384 bytes. Characters XML forbids, which Graphviz would copy
    into an SVG no browser opens, are dropped.
    """
    kept = NOT_XML.sub("", str(text).replace("\r", ""))
    plain = "\n".join(_cut(line) for line in kept.split("\n"))
    pieces = [plain[start : start + PIECE] for start in range(0, len(plain), PIECE)] or [""]
    return " + ".join(_quote_piece(piece) for piece in pieces)


def _cut(line: str) -> str:
    """Return a line of at most LONGEST_LINE characters, '…' ending one that was longer."""
    return line if len(line) <= LONGEST_LINE else line[: LONGEST_LINE - 1] + "…"


def _quote_piece(text: str) -> str:
    """Return one piece of text as a DOT double-quoted string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n") + '"'
