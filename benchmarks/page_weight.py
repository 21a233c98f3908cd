"""Report what the questionnaire and the offer pages add over the theme: markup and scripts.

The demo site is built twice into a temporary folder: as it is, and with its questionnaire and
offers turned into ordinary pages (no routing block, no `Offer:` or `Fields:` line), which the
theme renders alone. Markup added = a page's size minus its ordinary twin's; scripts = the
plugin's scripts the page loads. Sizes in bytes, raw and gzipped.

Run: python benchmarks/page_weight.py
"""

from __future__ import annotations

import gzip
import re
import shutil
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import build_site, demo_settings  # noqa: E402 (after the path is set)

PAGES = {
    "questionnaire": "pages/votre-projet.html",
    "offer: quote": "pages/devis.html",
    "offer: proposal": "pages/proposition.html",
    "offer: contact": "pages/rendez-vous.html",
}
ROUTING = re.compile(r"^```routing\n.*?^```\n", re.MULTILINE | re.DOTALL)
OURS = re.compile(r"^(?:Offer|Fields|Explain):.*\n", re.MULTILINE | re.IGNORECASE)
AIM = 20_000


def ordinary(content: Path) -> None:
    """Turn the questionnaire and offers of a content folder into ordinary pages."""
    for path in (content / "pages").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(OURS.sub("", ROUTING.sub("", text)), encoding="utf-8")


def sizes(data: bytes) -> tuple[int, int]:
    """Return the raw and gzipped sizes of some bytes."""
    return len(data), len(gzip.compress(data, 9))


def scripts(page: Path, output: Path) -> bytes:
    """Return the plugin's scripts a built page loads, joined."""
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = b""
    for script in html.find_all("script", src=True):
        name = script["src"].split("prospects/")[-1]
        found += (output / "prospects" / name).read_bytes()
    return found


def main() -> int:
    """Build both sites and print one line per page, flagging those over the aim."""
    settings = demo_settings()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "content", root / "plain")
        ordinary(root / "plain")
        build_site(ROOT / "content", root / "dressed" / "output", **settings)
        plain_settings = dict(settings, PROSPECTS_BOOKING_URL="")  # no questionnaire to name
        build_site(root / "plain", root / "plain-output" / "output", **plain_settings)
        dressed, plain = root / "dressed" / "output", root / "plain-output" / "output"
        print(f"{'page':<17} {'markup added':>20} {'scripts':>20} {'total':>20}")
        for label, path in PAGES.items():
            page = (dressed / path).read_bytes()
            twin = (plain / path).read_bytes()
            code = scripts(dressed / path, dressed)
            markup = (
                len(page) - len(twin),
                len(gzip.compress(page, 9)) - len(gzip.compress(twin, 9)),
            )
            script = sizes(code)
            total = markup[0] + script[0], markup[1] + script[1]
            cells = [f"{raw:,} ({zipped:,} gz)" for raw, zipped in (markup, script, total)]
            flag = "  over the aim" if total[0] > AIM else ""
            print(f"{label:<17} {cells[0]:>20} {cells[1]:>20} {cells[2]:>20}{flag}")
    print(f"aim: under {AIM:,} bytes a page, script and markup (raw)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
