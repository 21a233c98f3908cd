"""Hostile comments in a real browser: shown as harmless text, nothing runs, nothing leaves."""

from __future__ import annotations

import pytest

from ..comments.sites import SAMPLES, build, copy_samples, write_site

HOSTILE = sorted(path.stem for path in (SAMPLES / "hostile").glob("*.md"))
OFF_SITE = "evil.example"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, serve) -> str:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("hostile")
    content = write_site(root, {})
    copy_samples(content, "bonjour", "hostile")
    build(root)
    return serve(root / "output")


def test_hostile_samples_are_all_there() -> None:
    assert len(HOSTILE) >= 9


@pytest.mark.parametrize("javascript", [True, False])
def test_no_hostile_comment_runs_or_loads_anything(
    hostile_site: str, visit, javascript: bool
) -> None:  # type: ignore[no-untyped-def]
    opened = visit(f"{hostile_site}/bonjour.html", javascript=javascript)
    page = opened.page
    page.wait_for_load_state("networkidle")
    for link in page.locator(".comments a").all():
        link.hover()
    page.locator(".comments .e-content").first.click()
    assert opened.dialogs == []
    assert opened.foreign_requests == []
    assert page.url == f"{hostile_site}/bonjour.html"
    if javascript:
        assert page.evaluate("window.__pwned") is None
        assert opened.errors == []


def test_hostile_comments_are_shown_as_text(hostile_site: str, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(f"{hostile_site}/bonjour.html").page
    comments = page.locator(".comments .p-comment")
    assert comments.count() == len(HOSTILE)
    text = page.locator(".comments").inner_text()
    assert "window.__pwned" in text  # the attack is visible as text, not dropped
    assert "Mallory" in text
    dangerous = page.evaluate(
        """() => [...document.querySelectorAll('.comments *')].filter(el =>
              ['SCRIPT', 'IFRAME', 'FORM', 'OBJECT', 'EMBED', 'META', 'BASE', 'STYLE', 'LINK']
                .includes(el.tagName) && !el.closest('.comment-respond')
              || [...el.attributes].some(a => a.name.startsWith('on') || a.name === 'style')
              || ['href', 'src', 'action', 'data'].some(name => {
                   const value = (el.getAttribute(name) || '').trim().toLowerCase();
                   return /^(javascript|vbscript|data:text)/.test(value.replace(/[\\s\\u0000-\\u001f]/g, ''))
                       || value.includes('OFF_SITE');
                 })).map(el => el.outerHTML.slice(0, 120))""".replace("OFF_SITE", OFF_SITE)
    )
    assert dangerous == []
    body_visible = page.evaluate("getComputedStyle(document.body).display")
    assert body_visible != "none"
