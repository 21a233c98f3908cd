"""Comment text: Markdown for people, nothing that runs, nothing dropped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pelican_prospects.comments.render import Renderer, sanitize

from .sites import SAMPLES

HOSTILE = sorted((SAMPLES / "hostile").glob("*.md"))
ALLOWED_TAGS = {"a", "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}


@pytest.fixture(scope="module")
def render() -> Renderer:
    return Renderer()


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n\n", 1)[1]


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "Un **gras** et un *italique*.",
            "<p>Un <strong>gras</strong> et un <em>italique</em>.</p>",
        ),
        ("- un\n- deux", "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>"),
        ("> cité", "<blockquote>\n<p>cité</p>\n</blockquote>"),
        ("```\na < b\n```", "<pre><code>a &lt; b\n</code></pre>"),
        (
            "[site](https://example.org/a?b=1&c=2)",
            '<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">site</a></p>',
        ),
        ("<mailto:jean@example.org>", None),
        ("# Pas un titre", "<p># Pas un titre</p>"),
        (
            "![photo](https://example.org/p.png)",
            '<p><a href="https://example.org/p.png" rel="nofollow ugc">photo</a></p>',
        ),
    ],
)
def test_markdown_for_people(render: Renderer, text: str, html: str | None) -> None:
    result = render.render(text)
    if html is None:
        link = BeautifulSoup(result, "html.parser").a
        assert link["href"] == "mailto:jean@example.org" and link["rel"] == ["nofollow", "ugc"]
    else:
        assert result == html


def test_the_converter_is_reset_between_comments(render: Renderer) -> None:
    render.render("[a][ref]\n\n[ref]: https://example.org/")
    assert render.render("[a][ref]") == "<p>[a][ref]</p>"


@pytest.mark.parametrize("sample", HOSTILE, ids=[p.stem for p in HOSTILE])
def test_hostile_text_is_shown_and_cannot_run(render: Renderer, sample: Path) -> None:
    html = render.render(body(sample))
    tree = BeautifulSoup(html, "html.parser")
    assert {tag.name for tag in tree.find_all(True)} <= ALLOWED_TAGS
    for tag in tree.find_all(True):
        for name, value in tag.attrs.items():
            assert name in {"href", "title", "rel", "start"}, (tag, name)
            if name == "href":
                assert re.match(r"^(https?|mailto):", value), value
    # Shown, as text: every word is still there to read, but the addresses of links.
    source = re.sub(
        r"\]\[\w+\]|\]\([^)]*\)+|^\[\w+\]: .*$|<javascript:[^>]*>", "]", body(sample), flags=re.M
    )
    words = re.findall(r"[A-Za-z]{4,}", source)
    visible = tree.get_text()
    assert [word for word in words if word not in visible] == []


def test_raw_html_is_shown_as_text(render: Renderer) -> None:
    html = render.render('<script>alert("x")</script> <b>bold?</b>')
    assert html == '<p>&lt;script&gt;alert("x")&lt;/script&gt; &lt;b&gt;bold?&lt;/b&gt;</p>'


def test_every_dangerous_link_loses_its_address_but_keeps_its_text(render: Renderer) -> None:
    tree = BeautifulSoup(
        render.render(body(SAMPLES / "hostile" / "javascript_links.md")), "html.parser"
    )
    links = tree.find_all("a")
    assert [a.get_text() for a in links][:10] == [
        "plain",
        "upper",
        "entity",
        "hex",
        "tab",
        "newline",
        "space",
        "percent",
        "vb",
        "data",
    ]
    assert all("href" not in a.attrs for a in links)


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:alert(1)">x</a>',
        '<a href="/relative">x</a>',
        '<a href="//evil.example/">x</a>',
        '<img src="x" onerror="alert(1)">',
        "<iframe src='https://evil.example/'></iframe>",
    ],
)
def test_the_sanitizer_alone_keeps_only_safe_addresses(html: str) -> None:
    cleaned = sanitize(html)
    assert (
        "href" not in cleaned
        and "src" not in cleaned
        and "on" not in cleaned.replace("nofollow", "")
    )
