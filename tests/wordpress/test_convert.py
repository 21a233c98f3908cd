"""WordPress HTML to Markdown: auto-paragraphs, shortcodes, and text that stays text."""

from __future__ import annotations

import markdown
import pytest

from pelican_prospects.wordpress.autop import autop
from pelican_prospects.wordpress.convert import (
    comment_markdown,
    excerpt_markdown,
    post_markdown,
)
from pelican_prospects.wordpress.shortcodes import expand


def pelican_html(text: str) -> str:
    """Render Markdown as Pelican does by default (extra, codehilite off for plain output)."""
    return markdown.markdown(text, extensions=["extra"])


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("One\ntwo\n\nThree", "<p>One<br />\ntwo</p>\n<p>Three</p>\n"),
        ("<ul>\n<li>a</li>\n</ul>\nafter", "<ul>\n<li>a</li>\n</ul>\n<p>after</p>\n"),
        ("<pre>x\n\ny</pre>", "<pre>x\n\ny</pre>\n"),
        ("<blockquote>q\n\nr</blockquote>", "<blockquote><p>q</p>\n<p>r</p></blockquote>\n"),
        ('<a\nhref="x">l</a>', '<p><a\nhref="x">l</a></p>\n'),
        ("   \n", ""),
    ],
)
def test_autop_matches_wordpress(source: str, expected: str) -> None:
    assert autop(source) == expected


def test_caption_shortcode_becomes_image_and_caption() -> None:
    source = (
        '[caption id="attachment_5" align="alignleft" width="300"]<a href="https://ex.org/big.jpg">'
        '<img src="https://ex.org/small.jpg" alt="Un café" width="300" /></a> Le café du coin'
        "[/caption]"
    )
    converted = post_markdown(source)
    assert converted.markdown == (
        "[![Un café](https://ex.org/small.jpg)](https://ex.org/big.jpg)\n\n*Le café du coin*\n"
    )
    assert not converted.shortcodes


def test_old_caption_attribute() -> None:
    source = '[caption caption="Old style"]<img src="a.png" alt="a" />[/caption]'
    assert post_markdown(source).markdown == "![a](a.png)\n\n*Old style*\n"


def test_other_shortcodes_stay_visible_and_are_counted() -> None:
    html, left = expand('[gallery ids="1,2"] [sic] [[gallery]] [contact-form][/contact-form] [1]')
    assert html == '[gallery ids="1,2"] [sic] [gallery] [contact-form][/contact-form] [1]'
    assert left == {"gallery": 1, "contact-form": 1}


def test_code_and_embed_shortcodes() -> None:
    source = (
        '[code language="python"]if a < b:\n    pass[/code]\n\n[embed]https://v.example/1[/embed]'
    )
    assert post_markdown(source).markdown == (
        "```python\nif a < b:\n    pass\n```\n\n<https://v.example/1>\n"
    )


def test_block_editor_content_gets_no_auto_paragraphs() -> None:
    source = (
        "<!-- wp:paragraph -->\n<p>One paragraph,\nno break.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:code -->\n<pre class="wp-block-code"><code class="language-js">a &lt; b\n\n'
        "c</code></pre>\n<!-- /wp:code -->"
    )
    assert post_markdown(source).markdown == (
        "One paragraph,\nno break.\n\n```js\na < b\n\nc\n```\n"
    )


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("2019. What a year", "<p>2019. What a year</p>"),
        ("# not a heading", "<p># not a heading</p>"),
        ("- not a list", "<p>- not a list</p>"),
        ("a_b *c* `d`", "<p>a_b *c* `d`</p>"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("&amp;eacute; stays", "<p>&amp;eacute; stays</p>"),
        ("[a](b) is text", "<p>[a](b) is text</p>"),
        ("C:\\*dir", "<p>C:\\*dir</p>"),
    ],
)
def test_text_stays_text(html: str, shown: str) -> None:
    assert pelican_html(post_markdown(html).markdown) == shown


def test_nested_and_adjacent_lists_read_back_as_written() -> None:
    source = "<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul><ol><li>first</li></ol>"
    assert pelican_html(post_markdown(source).markdown) == (
        "<ul>\n<li>one<ul>\n<li>nested</li>\n</ul>\n</li>\n<li>two</li>\n</ul>\n<!-- -->\n\n"
        "<ol>\n<li>first</li>\n</ol>"
    )


def test_link_address_with_parentheses() -> None:
    source = '<a href="https://fr.wikipedia.org/wiki/Croissant_(viennoiserie)">lien</a>'
    assert post_markdown(source).markdown == (
        "[lien](https://fr.wikipedia.org/wiki/Croissant_%28viennoiserie%29)\n"
    )


def test_embedded_media_kept_as_html() -> None:
    # Known player hosts only (was https://player.example/1 before players were allow-listed).
    source = '<iframe src="https://www.youtube-nocookie.com/embed/1" width="640"></iframe>'
    converted = post_markdown(source)
    assert converted.markdown == f"{source}\n"
    assert converted.sources == {"frame-src": {"https://www.youtube-nocookie.com"}}


def test_comment_paragraphs_and_quote() -> None:
    source = "Merci !\nÀ bientôt.\n\n<blockquote>cité</blockquote>[gallery]"
    assert comment_markdown(source) == "Merci !  \nÀ bientôt.\n\n> cité\n\n[gallery]\n"


def test_excerpt_on_one_line() -> None:
    assert excerpt_markdown("Un <em>été</em>\n\nà Paris.").markdown == "Un *été* à Paris."


@pytest.mark.parametrize(
    ("html", "removed"),
    [
        ("<script>alert(1)</script>", {"<script>": 1}),
        (
            '<iframe src="javascript:alert(1)"></iframe>',
            {'<iframe src="javascript:…">': 1, "<iframe> without an address": 1},
        ),
        (
            '<iframe src="http://www.youtube.com/embed/1"></iframe>',
            {
                '<iframe src="http://www.youtube.com/embed/1"> (not an https player of a known host)': 1
            },
        ),
        (
            '<iframe srcdoc="&lt;script&gt;" src="https://www.youtube.com/embed/1"></iframe>',
            {"<iframe srcdoc>": 1},
        ),
        (
            '<video><source src="https://evil.example/a.mp4"></video>',
            {'<video src="https://evil.example/a.mp4"> (not an https player of a known host)': 1},
        ),
        (
            '<object data="data:text/html,x"></object><embed src="x.swf">',
            {"<object>": 1, "<embed>": 1},
        ),
        ('<p onclick="alert(1)" style="x">a</p>', {"<p onclick>": 1}),
        ('<a href=" JaVa&#x09;Script:alert(1)">a</a>', {'<a href="javascript:…">': 1}),
        ('<img src="data:image/svg+xml,x" alt="">', {'<img src="data:…">': 1}),
        (
            '<svg onload="alert(1)"><a xlink:href="javascript:alert(1)">x</a></svg>',
            {"<svg>": 1, "<a>": 1, '<a xlink:href="javascript:…">': 1},
        ),
        ("<form action='https://evil.example/'><input name=a></form>", {"<form>": 1, "<input>": 1}),
        ('<pre lang="a b">x</pre>', {"code language 'a b' (not a language name)": 1}),
        (
            '<pre class="brush: routing">x</pre>',
            {"code language 'routing' (it would make the page a questionnaire)": 1},
        ),
    ],
)
def test_the_allow_list_removes_and_names(html: str, removed: dict[str, int]) -> None:
    converted = post_markdown(html)
    assert converted.removed == removed
    built = pelican_html(converted.markdown)
    for word in ("<script", "onclick", "onload", "javascript:", "srcdoc", "<object", "<form"):
        assert word not in built


def test_attribute_lists_written_as_text_stay_text() -> None:
    source = (
        '<h2>T {: onclick="a"}</h2><a href="https://a.example/">x</a>{: onclick="b"}\n\n'
        'line\n{: onclick="c"}'
    )
    assert pelican_html(post_markdown(source).markdown) == (
        '<h2>T {: onclick="a"}</h2>\n<p><a href="https://a.example/">x</a>{: onclick="b"}</p>\n'
        '<p>line<br />\n{: onclick="c"}</p>'
    )


@pytest.mark.parametrize(
    ("source", "fence"),
    [
        ("[code lang='\"><script>x</script>']a[/code]", "```\na\n```\n"),
        ('[code lang="c++"]a[/code]', "```c++\na\n```\n"),
        ("[code]```\n<b>\n```[/code]", "````\n```\n<b>\n```\n````\n"),
        ("[code]```\n\n\nx[/code]", "````\n```\n\n\nx\n````\n"),
        ("[code lang=routing]a: otherwise[/code]", "```\na: otherwise\n```\n"),
        (
            "[code]```routing\na: otherwise\n```[/code]",
            "    ```routing\n    a: otherwise\n    ```\n",
        ),
    ],
)
def test_code_fences_hold_their_code(source: str, fence: str) -> None:
    assert post_markdown(source).markdown == fence
