"""The thread markup written in Python against `prospects/thread.html` rendered by Jinja.

The build renders threads in Python only where that gives the template's bytes: the same site
built through Jinja (a theme override that differs from the packaged template by a Jinja comment
only) must give the same pages, and a theme's own `thread.html` must be the one used.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader
from pelican.settings import read_settings

from pelican_prospects import i18n
from pelican_prospects.comments import work
from pelican_prospects.comments.glue import add_filters
from pelican_prospects.comments.markup import thread_markup
from pelican_prospects.comments.model import KINDS, Comment
from pelican_prospects.glue import prepare_templates

from .sites import build, comment, copy_samples, page, write_site

PACKAGED = Path(work.__file__).parent.parent / "templates" / "prospects" / "thread.html"
# Every branch of the template, and every value that needs escaping or percent-encoding.
COMMENTS = {
    "bonjour/1 &'\"<é.md": comment(
        'Jean <b>"Dupont"</b> & Cie',
        "2024-03-04 10:00",
        "Premier **avis** <script>x</script> [lien](https://a.example/?a=1&b=2).",
        website="https://jean.example.org/?a=1&b=2",
    ),
    "bonjour/2 %+#.md": comment(
        "Claire Dumas", "2024-03-04 12:00", "Merci.", replyto="1 &'\"<é", owner="yes"
    ),
    "bonjour/3.md": comment("  ", "2024-03-04 13:00", "Anonyme ?", replyto="2 %+#"),
    "bonjour/4.md": comment("Marie", "2024-03-04 11:00", "> cite\n\n- a\n- b"),
    "bonjour/ping.md": comment(
        "Un <autre> blog", "2024-03-06 08:00", "…", type="pingback", website="https://o.example/"
    ),
    "bonjour/track.md": comment("Trois", "2024-03-06 09:00", "…", type="trackback"),
}


def site_pages(root: Path, override: str | None = None, **settings: Any) -> dict[str, bytes]:
    """Build the comments above (and the hostile samples) and return every page's bytes."""
    content = write_site(root, COMMENTS)
    copy_samples(content, "bonjour", "hostile", "good/thread.md")
    overrides = root / "overrides"
    if override is not None:
        (overrides / "prospects").mkdir(parents=True)
        (overrides / "prospects" / "thread.html").write_text(override, encoding="utf-8")
    # Not strict: an empty Author is published, as "Anonyme".
    build(root, THEME_TEMPLATES_OVERRIDES=[str(overrides)], PROSPECTS_STRICT=False, **settings)
    output = root / "output"
    return {str(path.relative_to(output)): path.read_bytes() for path in output.rglob("*.html")}


def jinja_copy() -> str:
    """Return the packaged template with a Jinja comment added: the same output, through Jinja."""
    return "{# a copy #}" + PACKAGED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("settings", "python"),
    [
        ({}, True),
        ({"PROSPECTS_CONTACT_EMAIL": ""}, True),
        # Jinja then gives other bytes than the packaged template's: the Python path steps aside.
        ({"JINJA_ENVIRONMENT": {"trim_blocks": False}}, False),
    ],
    ids=["with-email", "without-email", "no-trim-blocks"],
)
def test_python_threads_are_the_template_s_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: dict[str, Any], python: bool
) -> None:
    used: list[bool] = []
    original = work.Tools.__init__

    def spy(self: work.Tools, *args: Any) -> None:
        original(self, *args)
        used.append(self.in_python)

    monkeypatch.setattr(work.Tools, "__init__", spy)
    in_python = site_pages(tmp_path / "python", **settings)
    through_jinja = site_pages(tmp_path / "jinja", jinja_copy(), **settings)
    assert used == [python, False]
    assert in_python.keys() == through_jinja.keys()
    for name, data in in_python.items():
        assert data == through_jinja[name], name
    assert b'class="comment-thread"' in in_python["bonjour.html"]


def test_a_theme_s_own_thread_template_is_used(tmp_path: Path) -> None:
    override = (
        "{% for comment, opens, depth in roots|comment_walk %}{% if opens %}"
        '<p class="mine" id="c-{{ comment.id|e }}">{{ comment.author|e }}</p>'
        "{% endif %}{% endfor %}"
    )
    site_pages(tmp_path, override)
    html = page(tmp_path)
    mine = html.select(".comment-thread .mine")
    assert "c-4" in [element["id"] for element in mine]
    assert html.select_one(".comment-thread .h-cite") is None


# Text that needs escaping or percent-encoding, in any order, and a little of everything else.
HOSTILE = st.text(alphabet=st.sampled_from("a1é &<>\"'%/+#?=:~._-\n\x00\U0001f600"), max_size=8)
TEXT = st.one_of(HOSTILE, st.text(max_size=8))
# Ids made of characters a URL keeps but one, often: `urlencode` must tell them apart.
IDS = st.one_of(st.text(alphabet=st.sampled_from("a1-._~/+%é &<>\"'#"), max_size=3), TEXT)
DATES = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from(
        [UTC, ZoneInfo("Europe/Paris"), timezone(timedelta(hours=-3, minutes=-30, seconds=-7))]
    ),
)


@st.composite
def threads(draw: st.DrawFn) -> list[Comment]:
    """Return an article's random roots: comments and mentions nested under any earlier one."""
    article = draw(TEXT)
    comments: list[Comment] = []
    roots = []
    for _ in range(draw(st.integers(0, 6))):
        comment = Comment(
            draw(IDS),
            article,
            "x.md",
            draw(TEXT),
            draw(DATES),
            content=draw(TEXT),
            website=draw(st.none() | TEXT),
            kind=draw(st.sampled_from([*KINDS, "comment"])),
            avatar=draw(TEXT),
            owner=draw(st.booleans()),
        )
        comment.content_utf8 = comment.content.encode()
        parent = draw(st.none() | st.sampled_from(comments)) if comments else None
        (roots if parent is None else parent.replies).append(comment)
        comments.append(comment)
    return roots


def tools_for(lang: str, email: str, theme: str | None = None) -> work.Tools:
    """Return a build's thread tools in an environment made as Pelican and our glue make it."""
    settings = read_settings(
        override={
            "DEFAULT_LANG": lang,
            "TIMEZONE": "Europe/Paris",
            "PROSPECTS_CONTACT_EMAIL": email,
            "PATH": ".",
            **({"THEME": theme} if theme else {}),
        }
    )
    env = Environment(
        loader=FileSystemLoader(str(Path(settings["THEME"]) / "templates")),
        **settings["JINJA_ENVIRONMENT"],
    )
    generator = SimpleNamespace(env=env, settings=settings, theme=settings["THEME"])
    prepare_templates(generator)  # type: ignore[arg-type]
    add_filters(generator)  # type: ignore[arg-type]
    gettext = i18n.site_translations(lang, settings["THEME"]).gettext
    return work.Tools(env, settings, gettext)


TOOLS = {
    (lang, email): tools_for(lang, email)
    for lang in ("fr", "en")
    for email in ("", "moi+x@exemple.fr")
}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # the first draws are slow
@given(threads(), st.sampled_from(sorted(TOOLS)))
def test_any_thread_in_python_is_the_template_s_render(
    roots: list[Comment], key: tuple[str, str]
) -> None:
    tools = TOOLS[key]
    assert tools.in_python
    expected = tools.template.render(tools.context, roots=roots).encode()
    assert thread_markup(roots, tools.labels) == expected


def test_a_translated_name_cannot_leave_its_attribute(tmp_path: Path) -> None:
    # "Anonymous" went into data-reply-name="..." as the catalog wrote it: a '"' ended the value.
    path = i18n.catalog_path(tmp_path / "translations", "fr")
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid "Anonymous"\nmsgstr "Anonyme\\" onclick=\\"alert(1) & Cie"\n', encoding="utf-8"
    )
    (tmp_path / "templates").mkdir()
    tools = tools_for("fr", "moi@exemple.fr", str(tmp_path))
    roots = [Comment("1", "a", "x.md", "", datetime(2024, 3, 4, tzinfo=UTC), content="Hi")]
    roots[0].content_utf8 = b"Hi"
    html = tools.template.render(tools.context, roots=roots)
    assert tools.in_python and thread_markup(roots, tools.labels) == html.encode()
    link = BeautifulSoup(html, "html.parser").select_one("a.comment-reply")
    assert link["data-reply-name"] == 'Anonyme" onclick="alert(1) & Cie'
    assert not link.has_attr("onclick")
