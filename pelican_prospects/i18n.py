"""Gettext catalogs for templates, read from `.po` files and chosen by the site's language."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

DOMAIN = "messages"
PLUGIN_LOCALE = Path(__file__).parent / "locale"


def catalog_path(folder: Path, lang: str) -> Path:
    """Return where the `.po` catalog of `lang` lives under a gettext folder."""
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def candidates(lang: str) -> list[str]:
    """Return the catalog names to try for a language code: 'fr_CA' then 'fr'."""
    lang = lang.replace("-", "_")
    return [lang, lang.split("_")[0]] if "_" in lang else [lang]


@lru_cache(maxsize=16)
def _compile(path: Path, mtime: float) -> bytes:
    """Compile one `.po` file to `.mo` bytes in memory (cached until the file changes)."""
    with path.open("rb") as po_file:
        catalog = read_po(po_file, abort_invalid=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def translations(lang: str, folders: Iterable[Path]) -> NullTranslations:
    """Merge the catalogs of `lang` found in `folders`; later folders override earlier ones."""
    merged: Translations | None = None
    for folder in folders:
        for name in candidates(lang):
            path = catalog_path(folder, name)
            if path.is_file():
                mo = io.BytesIO(_compile(path, path.stat().st_mtime))
                found = Translations(mo, domain=DOMAIN)
                merged = found if merged is None else merged.merge(found)
                break
    return merged if merged is not None else NullTranslations()


def site_folders(theme: str | Path) -> list[Path]:
    """Return the gettext folders of a site: the plugin's, then the theme's (which wins)."""
    return [PLUGIN_LOCALE, Path(theme) / "translations"]


def site_translations(lang: str, theme: str | Path) -> NullTranslations:
    """Return the merged catalog of `lang` from the plugin's and the theme's folders."""
    return translations(lang, site_folders(theme))


def template_callables(catalog: NullTranslations) -> dict[str, Callable[..., str]]:
    """Return `gettext` and `ngettext` for templates, as Jinja's newstyle ones behave.

    Jinja's own call the catalog back through the template context on every use, and pages
    make dozens of calls each: these call it directly, and `gettext` keeps each message it found.
    """
    singular: dict[str, str] = {}

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, /, **variables: object) -> str:
        text = singular.get(string)
        if text is None:
            text = singular[string] = catalog.gettext(string)
        if eval_ctx.autoescape:
            text = Markup(text)
        # Always a format string, even without values: as Jinja's newstyle gettext.
        return text % variables

    @pass_eval_context
    def ngettext(
        eval_ctx: EvalContext, one: str, many: str, count: int, /, **variables: object
    ) -> str:
        variables.setdefault("num", count)
        text = catalog.ngettext(one, many, count)
        if eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return {"gettext": gettext, "ngettext": ngettext}
