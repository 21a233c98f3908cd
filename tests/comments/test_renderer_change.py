"""The compiled renderer (markdown-it.rs) against the markdown-it-py renderer it replaced.

Every comment text below is rendered by both; any difference must be listed in INTENDED, and
every listed difference must still be there (a stale entry fails too).
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from pelican_prospects.comments.render import Renderer, sanitize

from .sites import SAMPLES

DEMO = Path(__file__).parents[2] / "content" / "comments"


class FormerMarkdown(MarkdownIt):
    """The former renderer's parser: every link parsed, nh3 alone decides which addresses stay."""

    def validateLink(self, url: str) -> bool:
        return True


def former_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    href = str(token.attrGet("src") or "")
    text = self.renderInlineAsText(token.children, options, env) or href
    title = token.attrGet("title")
    title_attribute = f' title="{escapeHtml(str(title))}"' if title else ""
    return f'<a href="{escapeHtml(href)}"{title_attribute}>{escapeHtml(text)}</a>'


def former_renderer() -> MarkdownIt:
    """Return the markdown-it-py renderer of pelican-prospects up to this change, as it was."""
    md = FormerMarkdown("commonmark", {"html": False, "xhtmlOut": False})
    md.disable(["heading", "lheading"])
    md.add_render_rule("image", former_image)
    return md


def body(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace").split("\n\n", 1)[-1]


EDGE = [
    "*a **b** c*",
    "__a__ _b_ a_b_c",
    "***strong emph*** **a*b**c*",
    "`` a ` b `` and `a\nb`",
    "&#0; &#xD800; &#1234567; &nbsp; &amp; &bogus; &#60;b&#62;",
    "a\r\nb\r\n\r\nc",
    "a\x00b",
    "\tindented\ttab",
    "    code block\n    line 2",
    "```py\nprint(1)\n```",
    "~~~\nx\n~~~~",
    "```\nunclosed\n",
    "- a\n  - b\n    - c\n- d",
    "1) one\n2) two",
    "- a\n\n- b",
    "> a\n> - b\n>   c\nlazy",
    "> > nested",
    '[foo]: /url "title"\n\n[foo]',
    "[x](/relative) [x](<a b>) [x](a(b)c)",
    "[x](https://e.org/ \"t\") [y](https://e.org/ 'single')",
    "<http://a.example/> <jean@example.org> mailto:x@y.z",
    "www.example.com http://bare.example",
    "~~strike~~",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    '"quotes" -- dashes ... (c)',
    "line\\\nbreak and a  \nhard break",
    "***\n---\n___\n* * *",
    "Title\n===\n\ntext",
    "Title\n---",
    "+ plus\n+ list",
    "[![img](https://a.example/i.png)](https://b.example/)",
    "![a *b* `c`](https://e.org/i.png)",
    "[a](https://e.org/a_(b)) \\*not emph\\* ** a *b\nc* d",
    "[link [nested]](https://e.org/)",
    "<b>bold</b> &lt;b&gt;",
    "x" * 100 + "*" * 50,
    "[" * 50 + "a" + "]" * 50,
    "> " * 30 + "deep",
    "- " * 30 + "deep",
    "é à ü 🙂 \u200b",
    "[ref]\n\n[REF]: https://e.org/",
    "[a]: <>\n\n[a]",
    "[m](MAILTO:x@y.z) [h](HTTPS://E.ORG/) [f](ftp://e.org/)",
    "[d](data:image/png;base64,AAAA) big data: nothing else; file: notes.txt",
    "[x](javascript&#58;alert(1)) [y](java\\script:alert(1))",
    "<div>\n*dedans*\n</div>\n\n<!-- caché -->",
]
# What changed, on purpose, and why.
INTENDED = {
    "```\nunclosed": "a code block left open at the end ends with a newline, as in cmark",
    ">" * 30 + " deep": "quotes nested 21 to 39 deep keep their text (markdown-it-py dropped it)",
    "- " * 15 + "deep": "lists nested 21 to 39 deep keep their text (markdown-it-py dropped it)",
}


def ordinary(count: int) -> list[str]:
    """Return comments as people write them: paragraphs, emphasis, links, lists, quotes, code."""
    rng = random.Random(13)
    words = [
        "le",
        "devis",
        "du",
        "projet",
        "arrive",
        "demain",
        "avec",
        "une",
        "offre",
        "claire",
        "et",
        "un",
        "budget",
        "précis",
    ]

    def sentence() -> str:
        return " ".join(rng.choices(words, k=rng.randint(4, 12))).capitalize() + "."

    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(["plain", "emphasis", "link", "list", "quote", "code", "ordered"])
            if kind == "emphasis":
                parts.append(f"**{sentence()}** et *{sentence()}* `{rng.choice(words)}`")
            elif kind == "link":
                parts.append(f"Voir [{sentence()}](https://example.org/{rng.choice(words)}).")
            elif kind == "list":
                parts.append("\n".join(f"- {sentence()}" for _ in range(3)))
            elif kind == "ordered":
                parts.append("\n".join(f"{n}. {sentence()}" for n in range(1, 4)))
            elif kind == "quote":
                parts.append(f"> {sentence()}\n> {sentence()}")
            elif kind == "code":
                parts.append(f"```\n{sentence()} < {sentence()}\n```")
            else:
                parts.append(f"{sentence()} {sentence()}")
        texts.append("\n\n".join(parts))
    return texts


CASES = {
    **{f"hostile/{p.name}": body(p) for p in sorted((SAMPLES / "hostile").glob("*.md"))},
    **{f"samples/{p.relative_to(SAMPLES)}": body(p) for p in sorted(SAMPLES.rglob("*.md"))},
    **{f"demo/{p.relative_to(DEMO)}": body(p) for p in sorted(DEMO.rglob("*.md"))},
    **{f"edge {n}": text for n, text in enumerate([*EDGE, *INTENDED])},
    **{f"ordinary {n}": text for n, text in enumerate(ordinary(300))},
}


@pytest.fixture(scope="module")
def renderers() -> tuple[MarkdownIt, Renderer]:
    return former_renderer(), Renderer()


@pytest.mark.parametrize("name", list(CASES))
def test_the_new_renderer_gives_the_former_html_but_intended_changes(
    renderers: tuple[MarkdownIt, Renderer], name: str
) -> None:
    former, new = renderers
    text = CASES[name]
    before = sanitize(former.render(text).rstrip("\n"))
    after = new.render(text)
    if text in INTENDED:
        assert after != before, f"no longer different: {INTENDED[text]}"
    else:
        assert after == before


def test_the_intended_changes_are_these(renderers: tuple[MarkdownIt, Renderer]) -> None:
    _, new = renderers
    assert new.render("```\nunclosed") == "<pre><code>unclosed\n</code></pre>"
    assert new.render(">" * 30 + " deep").count("<blockquote>") == 30
    assert new.render(">" * 30 + " deep").endswith(
        "<p>deep</p>\n" + "</blockquote>\n" * 29 + "</blockquote>"
    )
    assert "<li>deep</li>" in new.render("- " * 15 + "deep")


def test_every_text_renders_together_as_alone(renderers: tuple[MarkdownIt, Renderer]) -> None:
    _, new = renderers
    texts = list(CASES.values())
    for shuffled in (texts, texts[::-1], random.Random(13).sample(texts, len(texts))):
        assert new.render_all(shuffled) == [new.render(text) for text in shuffled]


@pytest.mark.parametrize("text", ["> " * 100_000 + "x", "- " * 20_000 + "x", ">" * 100_000])
def test_deep_nesting_neither_crashes_nor_takes_long(
    renderers: tuple[MarkdownIt, Renderer], text: str
) -> None:
    """markdown-it.rs alone overflows its stack on the first and takes seconds on the second."""
    _, new = renderers
    started = time.process_time()
    html = new.render(text)
    assert time.process_time() - started < 5
    assert 10 <= html.count("<blockquote>") + html.count("<ul>") <= 20  # markdown-it-py's limit
