"""Read a questionnaire page's Markdown into questions, routing rules and ordinary content."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from unidecode import unidecode

from ..problems import Problem
from . import attribution
from .detect import FENCE, ROUTING, lines_of
from .expr import KEYWORDS, MAX_SCORE, cut, parse_rules, score_value
from .model import MULTIPLE, SINGLE, Option, Question, Questionnaire, Rule, Segment

# Python-Markdown's meta extension, which Pelican uses for the header of Markdown files.
META_BEGIN = re.compile(r"^-{3}(\s.*)?$")
META_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
META_LINE = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:\s*.*$")
META_MORE = re.compile(r"^[ ]{4,}.*$")

HEADING = re.compile(r"^(?P<level>#{1,6})(?!#)(?P<text>.*)$")
ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+(?P<text>.*)|[ \t]*)$")
BOX = re.compile(r"^(?P<box>\( ?\)|\[ ?\])(?:[ \t]+|$)")
# A run of spaces is tried from its first space only (lookbehind): searches stay linear.
CLOSING_HASHES = re.compile(r"(?:^|(?<![ ])[ ]+)#+$")
SUFFIX = re.compile(r"(?:^|(?<!\s)\s+)\{(?P<inside>[^{}]*)\}\s*$")
TAG = re.compile(r"<[^>]*>")
SCORE = re.compile(r"^[+-]\d+$")
CODE = re.compile(r"^[a-z0-9-]+$")
KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# `was:a` or `was:a,b` in an option's `{...}` or a heading's `{#key ...}`: the names it replaces.
WAS = "was:"


def slugify(text: str) -> str:
    """Return `text` as `[a-z0-9-]+` the way Pelican slugs titles: accents and tags removed."""
    # Only up to the last '>': a '<' with no '>' after it would make the search quadratic.
    last = text.rfind(">") + 1
    text = TAG.sub("", text[:last]) + text[last:]
    text = unidecode(unicodedata.normalize("NFKC", text))
    text = re.sub(r"[^\w\s-]", "", text, flags=re.ASCII)
    return re.sub(r"[-\s_]+", "-", text).strip("-").lower()


@dataclass(frozen=True)
class _Block:
    """A run of body lines of one kind: heading, items, text, fence or blank."""

    kind: str
    lines: tuple[str, ...]
    line: int


def parse_questionnaire(text: str, path: str) -> tuple[Questionnaire, list[Problem]]:
    """Return the questionnaire written in a page's raw Markdown text, and what is wrong with it."""
    parser = _PageParser(lines_of(text), path)
    return parser.parse(), parser.problems


def body_start(lines: list[str]) -> int:
    """Return the index of the first line after the metadata header, as Python-Markdown finds it."""
    index = 0
    if lines and META_BEGIN.match(lines[0]):
        index = 1
    seen_key = False
    while index < len(lines):
        line = lines[index]
        if not line.strip() or META_END.match(line):
            return index + 1
        if META_LINE.match(line):
            seen_key = True
        elif not (seen_key and META_MORE.match(line)):
            return index
        index += 1
    return index


class _PageParser:
    """Walk a page's body once: cut it into blocks, then find questions and the routing block."""

    def __init__(self, lines: list[str], path: str) -> None:
        self.lines = lines
        self.path = path
        self.problems: list[Problem] = []
        self.headings: dict[str, int] = {}

    def problem(self, line: int, reason: str) -> None:
        self.problems.append(Problem(self.path, line, reason))

    def parse(self) -> Questionnaire:
        body: list[Segment | Question] = []
        pending: list[_Block] = []
        rules: list[Rule] = []
        routing_line = 0
        for block in self.blocks(body_start(self.lines)):
            if block.kind == "fence" and _fence_info(block) == ROUTING:
                if routing_line:
                    first = f"line {routing_line}"
                    self.problem(
                        block.line, f"a page has one routing block, and one starts at {first}"
                    )
                    continue
                routing_line = block.line
                rules = self.routing(block)
            elif block.kind == "items" and _boxed(block):
                question = self.question(block, pending)
                if question is not None:
                    body.extend(self.segments(pending))
                    pending.clear()
                    body.append(question)
            else:
                pending.append(block)
        body.extend(self.segments(pending))
        questions = tuple(item for item in body if isinstance(item, Question))
        self.check_names(questions)
        return Questionnaire(questions, tuple(rules), tuple(body), routing_line, self.headings)

    def blocks(self, start: int) -> list[_Block]:
        """Cut the body into blocks; a list (loose or tight) is one block with its continuations."""
        blocks: list[_Block] = []
        index = start
        while index < len(self.lines):
            line = self.lines[index]
            fence = FENCE.match(line)
            if fence:
                end = self.fence_end(index, fence["fence"])
                blocks.append(_Block("fence", tuple(self.lines[index:end]), index + 1))
                index = end
            elif HEADING.match(line):
                blocks.append(_Block("heading", (line,), index + 1))
                index += 1
            elif ITEM.match(line):
                end = self.list_end(index)
                blocks.append(_Block("items", tuple(self.lines[index:end]), index + 1))
                index = end
            else:
                kind = _plain(line)
                end = index + 1
                while end < len(self.lines) and _plain(self.lines[end]) == kind:
                    end += 1
                blocks.append(_Block(kind, tuple(self.lines[index:end]), index + 1))
                index = end
        return blocks

    def list_end(self, index: int) -> int:
        """Return the index after a list: items, their continuation lines, blank lines between."""
        end = index + 1
        while end < len(self.lines):
            line = self.lines[end]
            if ITEM.match(line) or _continues_item(line):
                end += 1
                continue
            after = end
            while after < len(self.lines) and not self.lines[after].strip():
                after += 1
            if after == end or after == len(self.lines) or not ITEM.match(self.lines[after]):
                return end
            end = after
        return end

    def fence_end(self, index: int, fence: str) -> int:
        """Return the index after the closing fence (or after the last line when unclosed)."""
        for end in range(index + 1, len(self.lines)):
            if _closes(self.lines[end], fence):
                return end + 1
        return len(self.lines)

    def routing(self, block: _Block) -> list[Rule]:
        fence = FENCE.match(block.lines[0])["fence"]  # type: ignore[index]
        if len(block.lines) > 1 and _closes(block.lines[-1], fence):
            inner = block.lines[1:-1]
        else:
            self.problem(
                block.line, f"the routing block is never closed: end it with a line of {fence}"
            )
            inner = block.lines[1:]
        rules, errors = parse_rules(inner, block.line + 1)
        for line, reason in errors:
            self.problem(line, reason)
        return rules

    def question(self, items: _Block, pending: list[_Block]) -> Question | None:
        """Build the question whose options are `items`, with heading and help from `pending`."""
        content = _last_content(pending)
        kinds = [pending[at].kind for at in content]
        heading = help_block = None
        if kinds[-1:] == ["heading"]:
            heading = pending[content[-1]]
        elif kinds == ["heading", "text"]:
            heading, help_block = pending[content[0]], pending[content[1]]
        if heading is None:
            self.problem(
                items.line,
                "options must follow a question heading, with at most one paragraph of help"
                " between them",
            )
            return None
        del pending[content[0] if help_block else content[-1] :]
        label, key, classes, former = _heading(heading)
        options, kind = self.options(items, key)
        if {"optional", "required"} <= classes:
            self.problem(heading.line, f"question '{key}' cannot be both .optional and .required")
        required = "required" in classes if kind == MULTIPLE else "optional" not in classes
        level = len(heading.lines[0]) - len(heading.lines[0].lstrip("#"))
        help_text = "\n".join(line.strip() for line in help_block.lines) if help_block else ""
        for name in former:
            if not KEY.match(name):
                reason = f"former question key '{name}' must use only letters, digits, '-' and '_'"
                self.problem(heading.line, reason)
        return Question(
            key, label, kind, required, help_text, tuple(options), heading.line, level, former
        )

    def options(self, items: _Block, key: str) -> tuple[list[Option], str]:
        """Return the options of a list whose items all start with the same box, and its kind."""
        options: list[Option] = []
        kind = ""
        starts = [offset for offset, line in enumerate(items.lines) if ITEM.match(line)]
        for number, offset in enumerate(starts):
            end = starts[number + 1] if number + 1 < len(starts) else len(items.lines)
            parts = [_item_text(items.lines[offset]), *items.lines[offset + 1 : end]]
            text = " ".join(part.strip() for part in parts if part.strip())
            line = items.line + offset
            box = BOX.match(text)
            if box is None:
                self.problem(line, "every item of an option list must start with '( )' or '[ ]'")
                continue
            item_kind = SINGLE if box["box"].startswith("(") else MULTIPLE
            if kind and item_kind != kind:
                self.problem(line, f"question '{key}' mixes '( )' and '[ ]' options")
                continue
            kind = item_kind
            option = self.option(text[box.end() :], line)
            if option is not None:
                options.append(option)
        return options, kind

    def option(self, text: str, line: int) -> Option | None:
        """Return the option written after the box: label, then an optional `{code +N was:old}`."""
        code = ""
        score = 0
        former: tuple[str, ...] = ()
        suffix = SUFFIX.search(text)
        if suffix:
            text = text[: suffix.start()]
            tokens = suffix["inside"].split()
            former = _former([token for token in tokens if token.startswith(WAS)])
            tokens = [token for token in tokens if not token.startswith(WAS)]
            scores = [token for token in tokens if SCORE.match(token)]
            codes = [token for token in tokens if not SCORE.match(token)]
            if len(scores) > 1 or len(codes) > 1:
                found = suffix[0].strip()
                self.problem(
                    line, f"expected '{{code +N}}' at the end of the option, found {found!r}"
                )
                return None
            code = codes[0] if codes else ""
            value = score_value(scores[0]) if scores else 0
            if value is None:
                limits = f"-{MAX_SCORE} to +{MAX_SCORE}"
                self.problem(line, f"score {cut(scores[0])} is out of range ({limits})")
            score = value or 0
        label = text.strip()
        if not label:
            self.problem(line, "option without a label")
            return None
        if code and not CODE.match(code):
            self.problem(line, f"option code '{code}' must use only a-z, 0-9 and '-'")
        code = code or slugify(label)
        if not code:
            self.problem(line, f"option '{label}' needs a code: end it with {{code}}")
        for name in former:
            if not CODE.match(name):
                self.problem(line, f"former code '{name}' must use only a-z, 0-9 and '-'")
        return Option(code, label, score, line, former)

    def segments(self, blocks: list[_Block]) -> list[Segment]:
        """Return ordinary content as one segment, noting its headings (ids) on the way."""
        for block in blocks:
            if block.kind == "heading":
                _, key, classes, _ = _heading(block)
                self.headings.setdefault(key, block.line)
                if classes & {"optional", "required"}:
                    self.problem(block.line, f"question '{key}' has no options")
        if all(block.kind == "blank" for block in blocks):
            return []
        text = "\n".join(line for block in blocks for line in block.lines)
        return [Segment(text, blocks[0].line)]

    def check_names(self, questions: tuple[Question, ...]) -> None:
        """Check every question key and option code: well formed, not reserved, not repeated."""
        keys: dict[str, int] = {}
        for question in questions:
            key = question.key
            if not key:
                self.problem(question.line, "question heading needs a key: end it with {#key}")
            elif not KEY.match(key):
                reason = f"question key '{key}' must use only letters, digits, '-' and '_'"
                self.problem(question.line, reason)
            elif key in KEYWORDS:
                reason = f"question key '{key}' is a word of the routing: give another {{#key}}"
                self.problem(question.line, reason)
            elif key in attribution.KEYS:
                reason = (
                    f"question key '{key}' is reserved for attribution (utm_source, utm_medium,"
                    f" utm_campaign, utm_content, utm_term, ref): give another {{#key}}"
                )
                self.problem(question.line, reason)
            elif key in keys:
                reason = f"duplicate question key '{key}' (first used at line {keys[key]})"
                self.problem(question.line, reason)
            keys.setdefault(key, question.line)
            if not question.options:
                self.problem(question.line, f"question '{key}' has no options")
            codes: dict[str, int] = {}
            for option in question.options:
                if option.code in codes:
                    self.problem(
                        option.line,
                        f"duplicate option code '{option.code}' in question '{key}'"
                        f" (first used at line {codes[option.code]})",
                    )
                codes.setdefault(option.code, option.line)
            self.check_former(
                [(o.code, o.line) for o in question.options],
                [(name, o.line) for o in question.options for name in o.former],
                "code",
                f" in question '{key}'",
            )
        self.check_former(
            [(q.key, q.line) for q in questions],
            [(name, q.line) for q in questions for name in q.former],
            "question key",
        )
        for question in questions:
            for name in question.former:
                if name in attribution.KEYS:
                    reason = f"former question key '{name}' is reserved for attribution"
                    self.problem(question.line, reason)

    def check_former(
        self,
        current: list[tuple[str, int]],
        former: list[tuple[str, int]],
        noun: str,
        where: str = "",
    ) -> None:
        """Check that no former name (`was:`) is also a current one, nor claimed twice."""
        lines = dict(reversed(current))
        claimed: dict[str, int] = {}
        for name, line in former:
            if name in lines:
                reason = f"{noun} '{name}' is both current (line {lines[name]}) and former (was:)"
                self.problem(line, reason + where)
            elif name in claimed:
                reason = f"former {noun} '{name}' is claimed twice{where}"
                self.problem(line, f"{reason} (first at line {claimed[name]})")
            claimed.setdefault(name, line)


def _heading(block: _Block) -> tuple[str, str, set[str], tuple[str, ...]]:
    """Return a heading's label, key (its `{#key}` or the slugified label), classes, former keys."""
    text = HEADING.match(block.lines[0])["text"].strip()  # type: ignore[index]
    text, attrs = _attr_list(CLOSING_HASHES.sub("", text))
    key = ""
    classes: set[str] = set()
    former = _former([token for token in attrs.split() if token.startswith(WAS)])
    for token in attrs.split():
        if token.startswith(WAS):
            continue
        if token.startswith("#"):
            key = token[1:]
        elif token.startswith("."):
            classes.add(token[1:])
    label = CLOSING_HASHES.sub("", text.strip()).strip()
    return label, key or slugify(label), classes, former


def _former(tokens: list[str]) -> tuple[str, ...]:
    """Return the names of `was:a` and `was:a,b` tokens, in order, once each ('' when empty)."""
    names = [name for token in tokens for name in token.removeprefix(WAS).split(",")]
    return tuple(dict.fromkeys(names))


def _attr_list(text: str) -> tuple[str, str]:
    """Split a trailing `{#key .class}` (attr_list's) off a heading: the text before, the inside.

    Found by scanning once, as a regular expression searching from every space or brace of a
    long line would take quadratic time.
    """
    end = len(text.rstrip(" ")) - 1
    if end < 0 or text[end] != "}":
        return text, ""
    brace = text.find("{", text.rfind("}", 0, end) + 1, end)
    while brace > 0 and text[brace - 1] != " ":
        brace = text.find("{", brace + 1, end)
    inside = text[brace + 1 : end]
    if brace < 0 or not inside.strip(" "):
        return text, ""
    return text[:brace].rstrip(" "), inside.removeprefix(":")


def _closes(line: str, fence: str) -> bool:
    """Return True when `line` closes a code block opened with `fence`."""
    closing = FENCE.match(line)
    return bool(
        closing
        and not closing["info"]
        and closing["fence"][0] == fence[0]
        and len(closing["fence"]) >= len(fence)
    )


def _fence_info(block: _Block) -> str:
    match = FENCE.match(block.lines[0])
    return match["info"] if match else ""


def _boxed(block: _Block) -> bool:
    return any(BOX.match(_item_text(line)) for line in block.lines if ITEM.match(line))


def _last_content(blocks: list[_Block]) -> list[int]:
    """Return the indexes of the last two blocks that are not blank, in order."""
    found: list[int] = []
    for at in range(len(blocks) - 1, -1, -1):
        if blocks[at].kind != "blank":
            found.insert(0, at)
            if len(found) == 2:
                break
    return found


def _plain(line: str) -> str:
    """Return 'blank' or 'text' for a line that starts no fence, heading or list item, else ''."""
    if FENCE.match(line) or HEADING.match(line) or ITEM.match(line):
        return ""
    return "text" if line.strip() else "blank"


def _continues_item(line: str) -> bool:
    return bool(line.strip()) and not (ITEM.match(line) or HEADING.match(line) or FENCE.match(line))


def _item_text(line: str) -> str:
    match = ITEM.match(line)
    return (match["text"] or "") if match else ""
