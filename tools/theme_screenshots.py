"""Screenshot the demo's article and questionnaire in each theme, for docs/theme.md.

Run from the project folder: `.venv/bin/python tools/theme_screenshots.py` (needs Chromium).
"""

from __future__ import annotations

import functools
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_support import CHROMIUM, FLAGS, QuietHandler  # noqa: E402
from tests.themes.hosts import ARTICLE, THEMES, build_demo  # noqa: E402

IMAGES = ROOT / "docs" / "images"
PAGES = {"article": (ARTICLE, "#comments"), "questionnaire": ("pages/votre-projet.html", None)}


def main() -> None:
    """Build the demo once per theme, serve it, and save two screenshots of each."""
    from playwright.sync_api import sync_playwright

    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for theme in THEMES:
            output = build_demo(theme, Path(folder) / theme / "output")
            handler = functools.partial(QuietHandler, directory=str(output))
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            page = browser.new_page(viewport={"width": 1024, "height": 800})
            for kind, (path, anchor) in PAGES.items():
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
                if anchor:
                    page.locator(anchor).scroll_into_view_if_needed()
                    page.evaluate(f"document.querySelector('{anchor}').scrollIntoView()")
                target = IMAGES / f"theme-{theme}-{kind}.png"
                page.screenshot(path=str(target))
                print(target.relative_to(ROOT))
            page.close()
            server.shutdown()
            server.server_close()
        browser.close()


if __name__ == "__main__":
    main()
