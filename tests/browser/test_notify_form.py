"""The comment form's "notify me of replies" box in Chromium: there, unticked, carried by the mailto."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..comments.sites import build, comment, write_site


def sent_body(opened, tick: bool) -> str:  # type: ignore[no-untyped-def]
    """Fill in the form, tick the box if asked, send; return the body of the mailto it opens."""
    page = opened.page
    page.fill("#comment-author", "Marie Curie")
    page.fill("#comment-text", "Bravo.")
    if tick:
        page.check("#comment-notify")
    page.click("#comment-form button[type=submit]")
    page.wait_for_timeout(300)
    mailto = [url for url in opened.foreign_requests if url.startswith("mailto:")][-1]
    return parse_qs(urlsplit(mailto).query)["body"][0]


def test_the_box_is_unticked_and_the_message_carries_the_choice(
    tmp_path: Path,
    serve,
    visit,  # type: ignore[no-untyped-def]
) -> None:
    write_site(tmp_path, {"bonjour/1.md": comment("Jean", "2024-03-04 10:00")})
    build(tmp_path, DEFAULT_LANG="fr")
    url = f"{serve(tmp_path / 'output')}/bonjour.html"
    opened = visit(url)
    box = opened.page.locator("#comment-form input[type=checkbox]#comment-notify")
    assert box.count() == 1 and not box.is_checked()
    label = opened.page.locator("label[for=comment-notify]").inner_text()
    assert label == "Me prévenir par e-mail des réponses"
    assert sent_body(opened, tick=False) == "Author: Marie Curie\r\n\r\nBravo.\r\n"
    opened = visit(url)
    assert sent_body(opened, tick=True) == "Author: Marie Curie\r\nNotify: yes\r\n\r\nBravo.\r\n"
    assert opened.errors == [] and opened.csp_violations == []
