"""Comment text: CommonMark for people, nothing that runs, nothing dropped."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import nh3
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from pelican_prospects.comments import render as render_module
from pelican_prospects.comments.render import (
    ATTRIBUTES,
    BATCH,
    DEEP_LINE,
    DEEP_START,
    LAST_LETTERS,
    LINK_REL,
    REFUSED,
    TAGS,
    URL_SCHEMES,
    Renderer,
    careful_parser,
    names_refused_scheme,
    sanitize,
    sanitize_all,
)

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
        ("Un `a < b` en ligne", "<p>Un <code>a &lt; b</code> en ligne</p>"),
        ("ligne  \nsuivante", "<p>ligne<br>\nsuivante</p>"),
        ("avant\n\n***\n\naprès", "<p>avant</p>\n<hr>\n<p>après</p>"),
        ("3. trois\n4. quatre", '<ol start="3">\n<li>trois</li>\n<li>quatre</li>\n</ol>'),
        ("# Pas un titre", "<p># Pas un titre</p>"),
        ("Pas un titre\n===", "<p>Pas un titre\n===</p>"),
        ("Pas un titre\n---", "<p>Pas un titre</p>\n<hr>"),
        (
            "![photo](https://example.org/p.png)",
            '<p><a href="https://example.org/p.png" rel="nofollow ugc">photo</a></p>',
        ),
        (
            "![](https://example.org/p.png)",
            '<p><a href="https://example.org/p.png" rel="nofollow ugc">https://example.org/p.png</a></p>',
        ),
        (
            '![la *photo* & co](https://example.org/p.png "Légende")',
            '<p><a href="https://example.org/p.png" title="Légende" rel="nofollow ugc">'
            "la photo &amp; co</a></p>",
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


def test_raw_html_blocks_are_shown_as_text(render: Renderer) -> None:
    html = render.render("<div>\n*dedans*\n</div>\n\n<!-- caché -->")
    assert html == "<p>&lt;div&gt;\n<em>dedans</em>\n&lt;/div&gt;</p>\n<p>&lt;!-- caché --&gt;</p>"


def test_no_heading_whatever_its_level(render: Renderer) -> None:
    text = "\n\n".join(["# un", "## deux", "###### six", "sept\n=", "huit\n---"])
    tree = BeautifulSoup(render.render(text), "html.parser")
    assert tree.find_all(re.compile(r"^h\d$")) == []
    assert [p.get_text() for p in tree.find_all("p")] == [
        "# un",
        "## deux",
        "###### six",
        "sept\n=",
        "huit",
    ]
    assert len(tree.find_all("hr")) == 1


def test_images_are_links_and_load_nothing(render: Renderer) -> None:
    tree = BeautifulSoup(
        render.render(body(SAMPLES / "hostile" / "tracking_image.md")), "html.parser"
    )
    assert tree.find_all(["img", "picture", "source"]) == []
    assert [(a.get_text(), a["href"]) for a in tree.find_all("a")] == [
        ("pixel", "https://tracker.example/pixel.gif"),
        ("https://tracker.example/empty.gif", "https://tracker.example/empty.gif"),
        ("reference", "https://tracker.example/ref.gif"),
        ("caption", "https://tracker.example/titled.gif"),
    ]
    assert tree.find_all("a")[-1].attrs == {
        "href": "https://tracker.example/titled.gif",
        "title": "title\" onerror=\"window.__pwned='title'",
        "rel": ["nofollow", "ugc"],
    }


def test_every_dangerous_link_loses_its_address_but_keeps_its_text(render: Renderer) -> None:
    tree = BeautifulSoup(
        render.render(body(SAMPLES / "hostile" / "javascript_links.md")), "html.parser"
    )
    links = tree.find_all("a")
    assert [a.get_text() for a in links] == [
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
        "javascript:window.__pwned='autolink'",
        "img",
        "ref",
    ]
    assert [a.attrs for a in links] == [{"rel": ["nofollow", "ugc"]}] * len(links)


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


def former_sanitize(html: str) -> str:
    """Return what the sanitizer gave when a Python callback dropped relative addresses."""

    def absolute_urls_only(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "href" and urlsplit(value).scheme.lower() not in URL_SCHEMES:
            return None
        return value

    return nh3.Cleaner(
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=absolute_urls_only,
        link_rel=LINK_REL,
        clean_content_tags=set(),
        strip_comments=True,
    ).clean(html)


ADDRESS_PARTS = [
    *("http:", "https:", "HTTPS:", "mailto:", "javascript:", "data:", "ftp:", "x:", ":", "h"),
    *("//", "/", "\t", " ", "\n", "&#x09;", "&amp;", "?", "#", "%20", "é", "[::1]", "@", ".."),
    *("example.org", "a b", "\x7f", "\\", "'", '"', "<", ">", "0", "ht", "tp", "s:"),
]


def assert_cleaned_as_before(html: str) -> None:
    """Assert the same HTML, but for the one intended change (listed in CHANGELOG.md).

    A link whose address is dropped and that has a title gets `rel` after `title`, not before.
    """
    now, before = sanitize(html), former_sanitize(html)
    if now == before:
        return
    assert '<a rel="nofollow ugc" title=' in before

    def canonical(fragment: str) -> tuple[list, str]:
        tree = BeautifulSoup(fragment, "html.parser")
        return [(tag.name, sorted(tag.attrs.items())) for tag in tree.find_all()], tree.get_text()

    assert canonical(now) == canonical(before)


@given(st.lists(st.sampled_from(ADDRESS_PARTS), max_size=8).map("".join))
def test_nh3_denies_relative_addresses_as_the_former_callback_did(address: str) -> None:
    for html in (
        f'<a href="{address}" title="t">x</a>',
        f"<a href='{address}'>x</a><ol start=\"3\"><li>y</li></ol>",
    ):
        assert_cleaned_as_before(html)


def test_the_renderer_s_links_are_cleaned_as_before() -> None:
    texts = [body(path) for path in HOSTILE]
    texts.append("[a](/x) [b](//h/x) [c](x) [d](https://h/x) <mailto:a@b.c> [e](HTTP:x)")
    compiled, python = Renderer().md, careful_parser()
    for text in texts:
        for html in (compiled.render(text, xhtml=False), python.render(text)):
            assert_cleaned_as_before(html)


@given(
    st.lists(
        st.sampled_from(["\n", "\r", "> ", ">" * 13, "- ", "1. ", "\t", " " * 7, "x", "é"]),
        max_size=30,
    ).map("".join)
)
def test_deep_nesting_is_found_at_the_start_of_any_line(text: str) -> None:
    former = re.compile(r"^[ \t>*+\-.)0-9]{40}", re.MULTILINE)
    found = DEEP_START.match(text) or DEEP_LINE.search(text)
    assert bool(found) == bool(former.search(text))


@pytest.mark.parametrize(
    ("html", "refused"),
    [
        ('<p><a href="https://x.example/">x</a> : a:b</p>', False),
        ("<p>JavaScript:alert(1) and more</p>", True),
        ("<p>VBSCRIPT:x</p>", True),
        ("file:///etc/passwd", True),
        ("<p>[d](DaTa:text/html,x)</p>", True),
        ("<p>metadata: none, profile: me, a:</p>", True),  # as before: any text ending so
        (":data", False),
        ("t:", False),
    ],
)
def test_refused_schemes_are_found_in_any_case(html: str, refused: bool) -> None:
    assert names_refused_scheme(html) is refused


def test_only_the_skipped_letters_lower_to_a_refused_scheme_s_last_letter() -> None:
    last = {scheme[-1] for scheme in REFUSED}
    lowering = {chr(c) for c in range(0x110000) if chr(c).lower()[-1:] in last}
    assert lowering == LAST_LETTERS


@given(st.lists(st.sampled_from(["a", "T", "e", "DATA", "file", "Script", "\u212a", ":", " "])))
def test_refused_schemes_are_found_as_by_lowering_before_each_colon(parts: list[str]) -> None:
    html = "".join(parts)
    before = [html[max(0, i - 6) : i].lower().endswith(REFUSED) for i, c in enumerate(html)]
    assert names_refused_scheme(html) == any(
        found for found, c in zip(before, html, strict=True) if c == ":"
    )


# Markdown and HTML pieces that have broken, or could break, cleaning comments together.
HOSTILE_PIECES = [
    *("[![a](https://i.example/p.png)](https://u.example/)", "![i](https://i.example/q.png)"),
    *("[<https://a.example/>](https://b.example/)", "[*![e](https://i.example/)*](https://c/)"),
    *("[a](https://x.example/ 't')", "[r]", "[r]: https://ref.example/", "<mailto:m@x.example>"),
    *("[j](javascript:alert(1))", "[d](data:text/html,x)", "[f](FILE:///x)", "&#x6A;avascript:"),
    *("*", "**", "_", "`", "```", "~~~", "[", "]", "(", ")", "!", "<", ">", "&", "&amp;", "&lt"),
    *("\n", "\n\n", "\r", "\t", "    ", "> ", "- ", "1. ", "3) ", "---", "***", "\x00", "é"),
    *("<pre>", "</pre>", "<a href='https://h.example/'>", "</a>", "<em>", "</p>", "<object>"),
    *("</object>", "<table><td>", "<script>", "<textarea>", "<plaintext>", "<!--", "<svg>"),
    *("\ue000", "\ue001", "SEPARATOR", "word", " ", "\u00a0", ">" * 45, "- " * 25, "x  \ny"),
]


@pytest.fixture(scope="module")
def together() -> Renderer:
    return Renderer()


def hostile_texts() -> st.SearchStrategy[list[str]]:
    """Return lists of comment texts made of pieces that stress the HTML parser and nh3."""
    text = st.lists(st.sampled_from(HOSTILE_PIECES), max_size=12).map("".join)
    return st.lists(text, max_size=BATCH + 3)


@given(hostile_texts())
def test_comments_rendered_together_are_as_rendered_alone(
    together: Renderer, texts: list[str]
) -> None:
    texts = [text.replace("SEPARATOR", together.separator) for text in texts]
    assert together.render_all(texts) == [together.render(text) for text in texts]


@given(hostile_texts())
def test_the_html_cleaned_together_holds_only_the_renderers_own_tags(
    together: Renderer, texts: list[str]
) -> None:
    """What keeps parsing within each <object>: no tag a comment wrote reaches nh3."""
    for text in texts:
        names = re.findall(r"<(/?)([^\s/>]*)", together.unsafe_html(text))
        assert {name for _, name in names} <= TAGS


def test_each_hostile_piece_renders_together_as_alone(together: Renderer) -> None:
    texts = [piece.replace("SEPARATOR", "\ue000") for piece in HOSTILE_PIECES]
    assert together.render_all(texts) == [together.render(text) for text in texts]


# Tags in any order, unbalanced: more than the renderers write, but none that hides `</object>`.
TAG_SOUP = [
    *("<a href='https://a.example/'>", "<a href='https://b.example/'>", "</a>", "<em>", "</em>"),
    *("<strong>", "</strong>", "<code>", "</code>", "<p>", "</p>", "<pre>", "</pre>", "<li>"),
    *("<blockquote>", "</blockquote>", "<ul>", "</ul>", "<ol start='3'>", "</ol>", "</li>"),
    *("<br>", "</br>", "<hr>", "<b>", "</b>", "<i>", "<s>", "<nobr>", "<div>", "</div>", "<h1>"),
    *("</h1>", "<span>", "<button>", "<dd>", "<img src='https://i.example/'>", "\n", "x", " "),
]


@given(st.lists(st.lists(st.sampled_from(TAG_SOUP), max_size=10).map("".join), max_size=6))
def test_unbalanced_html_is_cleaned_together_as_alone(htmls: list[str]) -> None:
    """Whatever a piece leaves open (elements, formatting to reopen) stays in its <object>."""
    assert sanitize_all(htmls, "\ue000nonce\ue001") == [sanitize(html) for html in htmls]


def count_nh3_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each HTML the renderer gives to nh3."""
    calls: list[str] = []

    def counted(html: str) -> str:
        calls.append(html)
        return sanitize(html)

    monkeypatch.setattr(render_module, "sanitize", counted)
    return calls


def test_a_folder_s_comments_are_cleaned_by_one_nh3_call_per_batch(
    together: Renderer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_nh3_calls(monkeypatch)
    texts = [f"[![{n}](https://i.example/{n})](https://u.example/) *open" for n in range(BATCH + 1)]
    rendered = together.render_all(texts)
    assert len(calls) == 2
    assert rendered[BATCH] == (
        '<p><a href="https://u.example/" rel="nofollow ugc"></a>'
        f'<a href="https://i.example/{BATCH}" rel="nofollow ugc">{BATCH}</a> *open</p>'
    )


def test_a_comment_holding_the_separator_is_cleaned_alone(
    together: Renderer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_nh3_calls(monkeypatch)
    texts = ["a", f"b {together.separator} c", "d"]
    assert together.render_all(texts) == [
        "<p>a</p>",
        f"<p>b {together.separator} c</p>",
        "<p>d</p>",
    ]
    assert calls[1:] == ["<p>a</p>", f"<p>b {together.separator} c</p>", "<p>d</p>"]


def test_each_renderer_has_its_own_separator() -> None:
    assert Renderer().separator != Renderer().separator


@pytest.mark.parametrize(
    "text", ["[`x", "Voir [`main` et [`dev", "*[`", "[a `b", "[a\n`x", "x[``y"]
)
def test_a_text_markdown_it_rs_panics_on_is_rendered_by_markdown_it_py(
    render: Renderer, text: str, capfd: pytest.CaptureFixture[str]
) -> None:
    expected = sanitize(careful_parser().render(text).rstrip("\n"))
    assert render.render(text) == expected and render.render_all([text, text]) == [expected] * 2
    assert expected.startswith("<p>") and "[" in expected
    assert "panicked" not in capfd.readouterr().err  # never handed to markdown-it.rs


def test_backticks_before_any_bracket_stay_with_markdown_it_rs(render: Renderer) -> None:
    assert render.compiled_html("`code` then [a link](https://example.org/)") is not None
    assert render.compiled_html("[a link](https://example.org/) then `code`") is None
