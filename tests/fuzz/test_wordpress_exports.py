"""Fuzzed WordPress exports: an Export, or our error at a line of the file; quickly."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pelican_prospects.problems import ProspectsError
from pelican_prospects.wordpress.wxr import Export, parse

from .checks import line_count, mutated, our_error_or_result, timed

PATH = "export.xml"
HEAD = (
    '<?xml version="1.0" encoding="{encoding}"?>\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
    "<channel><title>{title}</title><wp:wxr_version>1.2</wp:wxr_version>\n"
)
TAIL = "</channel></rss>\n"
TEXTS = st.one_of(
    st.sampled_from(["", "Bonjour", "Été & café", "<p>x</p>", "]]>", "a\x0cb", "&amp;", "&nbsp;"]),
    st.text(max_size=20),
)


def value(text: str, cdata: bool) -> str:
    """Return `text` as WordPress writes it: in CDATA (cut at ']]>') or escaped."""
    if cdata:
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return escape(text)


@st.composite
def element(draw: st.DrawFn, name: str) -> str:
    return f"<{name}>{value(draw(TEXTS), draw(st.booleans()))}</{name}>"


@st.composite
def comment(draw: st.DrawFn) -> str:
    names = ["wp:comment_id", "wp:comment_parent", "wp:comment_author", "wp:comment_date_gmt"]
    names += ["wp:comment_content", "wp:comment_approved", "wp:comment_type"]
    fields = [draw(element(name)) for name in draw(st.lists(st.sampled_from(names), max_size=5))]
    return "<wp:comment>" + "".join(fields) + "</wp:comment>"


@st.composite
def item(draw: st.DrawFn) -> str:
    names = ["title", "wp:post_id", "wp:post_type", "wp:status", "wp:post_name", "dc:creator"]
    names += ["wp:post_date_gmt", "content:encoded", "excerpt:encoded", "wp:post_password"]
    fields = [draw(element(name)) for name in draw(st.lists(st.sampled_from(names), max_size=6))]
    for _ in range(draw(st.integers(0, 2))):
        domain = draw(st.sampled_from(["category", "post_tag", "tag", "x"]))
        fields.append(f'<category domain="{domain}">{escape(draw(TEXTS))}</category>')
    fields += draw(st.lists(comment(), max_size=2))
    return "<item>" + "".join(fields) + "</item>\n"


@st.composite
def export(draw: st.DrawFn) -> bytes:
    """Return an export with random items, maybe declared in another encoding, maybe mutated."""
    encoding = draw(st.sampled_from(["UTF-8", "utf-8", "ISO-8859-1", "x-unknown", "UTF-16"]))
    blanks = draw(st.sampled_from(["", "\n\n", " \n"]))
    items = "".join(draw(st.lists(item(), max_size=4)))
    text = blanks + HEAD.format(encoding=encoding, title=escape(draw(TEXTS))) + items + TAIL
    data = text.encode("utf-8")
    return draw(mutated(data)) if draw(st.booleans()) else data


def check(data: bytes) -> None:
    result = timed(lambda: our_error_or_result(lambda: parse(data, PATH), PATH, line_count(data)))
    assert isinstance(result, Export | ProspectsError)


@given(export())
def test_an_export_is_read_or_refused_with_located_problems(data: bytes) -> None:
    check(data)


@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_with_located_problems(data: bytes) -> None:
    check(data)


def wrap(items: str) -> bytes:
    return (HEAD.format(encoding="UTF-8", title="Blog") + items + TAIL).encode("utf-8")


@pytest.mark.parametrize(
    "data",
    [
        wrap("<item><title>" + "a" * 100_000 + "</title></item>"),
        wrap("<item>" + "<div>" * 10_000 + "</div>" * 10_000 + "</item>"),
        wrap("<item>" + "<div>" * 10_000 + "</item>"),
        wrap("<item><wp:post_id>1</wp:post_id></item>\n" * 10_000),
        wrap(
            "<item>"
            + "<wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>" * 10_000
            + "</item>"
        ),
        wrap('<item><category domain="' + "x" * 100_000 + '">t</category></item>'),
        wrap("<item><title>" + "&amp;" * 20_000 + "</title></item>"),
        b"\n" * 100_000 + wrap(""),
        b"<" * 100_000,
    ],
    ids=[
        "100kb-title",
        "10k-nested-elements",
        "10k-unclosed-elements",
        "10k-items",
        "10k-comments",
        "100kb-attribute",
        "20k-entities",
        "100k-leading-blank-lines",
        "100k-angle-brackets",
    ],
)
def test_a_pathological_export_is_read_quickly(data: bytes) -> None:
    check(data)
