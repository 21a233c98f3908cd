"""Small sites with comments, built into a temporary folder and read back."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pelican import Pelican

from ..support import build_site, soup

# The settings file of the sites the comment commands run in (their working folder).
SETTINGS_FILE = """
AUTHOR = "Claire Dumas"
PATH = "content"
TIMEZONE = "Europe/Paris"
ARTICLE_PATHS = ["articles"]
PLUGINS = ["pelican_prospects"]
"""

SAMPLES = Path(__file__).parent / "samples"
ARTICLE = "Title: {title}\nDate: 2024-01-{day:02d} 10:00\nSlug: {slug}\n\nLe texte de {title}.\n"
SETTINGS = {
    "AUTHOR": "Claire Dumas",
    "SITENAME": "Le blog de Claire",
    "ARTICLE_PATHS": ["articles"],
    "ARTICLE_URL": "{slug}.html",
    "ARTICLE_SAVE_AS": "{slug}.html",
    "PROSPECTS_CONTACT_EMAIL": "claire@example.org",
}


def comment(author: str, date: str, text: str = "Un commentaire.", **keys: str) -> str:
    """Return the text of a comment file."""
    header = [f"Author: {author}", f"Date: {date}"]
    header += [f"{key.capitalize()}: {value}" for key, value in keys.items()]
    return "\n".join(header) + "\n\n" + text + "\n"


def write_site(
    root: Path, comments: dict[str, str | bytes], slugs: tuple[str, ...] = ("bonjour",)
) -> Path:
    """Write articles and comment files (`{"bonjour/1.md": text}`) under `root/content`."""
    content = root / "content"
    for day, slug in enumerate(slugs, start=1):
        path = content / "articles" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            ARTICLE.format(title=slug.capitalize(), day=day, slug=slug), encoding="utf-8"
        )
    for relative, text in comments.items():
        path = content / "comments" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return content


def copy_samples(content: Path, slug: str, *names: str) -> None:
    """Copy sample files or folders (relative to samples/) into an article's comment folder."""
    folder = content / "comments" / slug
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = SAMPLES / name
        if source.is_dir():
            shutil.copytree(source, folder / source.name)
        else:
            shutil.copy(source, folder / source.name)


def build(root: Path, **overrides: Any) -> Pelican:
    """Build `root/content` into `root/output` with the test settings."""
    return build_site(root / "content", root / "output", **{**SETTINGS, **overrides})


def page(root: Path, slug: str = "bonjour") -> Any:
    """Return an article page of the built site, parsed."""
    return soup(root / "output" / f"{slug}.html")
