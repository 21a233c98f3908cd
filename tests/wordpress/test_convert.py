"""WordPress HTML to Markdown: auto-paragraphs, shortcodes, and text that stays text."""

from __future__ import annotations

import markdown
import pytest

from pelican_prospects.wordpress.autop import autop
from pelican_prospects.wordpress.convert import comment_markdown, one_line_markdown, post_markdown
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
    source = '<iframe src="https://player.example/1" width="640"></iframe>'
    assert post_markdown(source).markdown == f"{source}\n"


def test_comment_paragraphs_and_quote() -> None:
    source = "Merci !\nÀ bientôt.\n\n<blockquote>cité</blockquote>[gallery]"
    assert comment_markdown(source) == "Merci !  \nÀ bientôt.\n\n> cité\n\n[gallery]\n"


def test_excerpt_on_one_line() -> None:
    assert one_line_markdown("Un <em>été</em>\n\nà Paris.") == "Un *été* à Paris."
