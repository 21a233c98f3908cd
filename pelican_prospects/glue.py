"""Site-wide Pelican glue: settings checked once, templates given gettext, dates and our folder."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from jinja2 import ChoiceLoader, FileSystemLoader

from . import csp, dates, host, i18n
from .memo import MEMO
from .problems import ProspectsError
from .settings import apply, config_of

if TYPE_CHECKING:
    from pelican import Pelican
    from pelican.generators import Generator

logger = logging.getLogger(__name__)

I18N = "jinja2.ext.i18n"


class HideProblemTracebacks(logging.Filter):
    """Drop the traceback Pelican logs with a `ProspectsError`: the message says it all."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], ProspectsError):
            record.exc_info = None
            record.exc_text = None
        return True


def hide_problem_tracebacks() -> None:
    """Install the filter once on the logger that `pelican`'s main loop reports errors with."""
    pelican_logger = logging.getLogger("pelican")
    if not any(isinstance(f, HideProblemTracebacks) for f in pelican_logger.filters):
        pelican_logger.addFilter(HideProblemTracebacks())


def configure(pelican: Pelican) -> None:
    """Check the `PROSPECTS_` settings and fill in their defaults (stops the build if bad)."""
    apply(pelican.settings)
    # Themes such as Flex and Reflex test this setting to know whether `_()` is gettext.
    jinja = dict(pelican.settings.get("JINJA_ENVIRONMENT", {}))
    extensions = list(jinja.get("extensions", []))
    if I18N not in extensions:
        pelican.settings["JINJA_ENVIRONMENT"] = dict(jinja, extensions=[*extensions, I18N])


def open_memo(pelican: Pelican) -> tuple[()]:
    """Start a build's memo (a `get_generators` handler: it adds no generator)."""
    config = config_of(pelican.settings)
    MEMO.open(config.cache_path if config.cache else None, load=config.load_cache)
    return ()


def save_memo(_pelican: Pelican) -> None:
    """Keep what this build's memo holds for the next build."""
    MEMO.save()


def prepare_templates(generator: Generator) -> None:
    """Give a generator's Jinja environment our templates, gettext catalogs and date filters."""
    env = generator.env
    # Pelican builds a new environment for every build: no need to stat templates on each use.
    env.auto_reload = False
    # After the theme's loaders, so that a theme may override any `prospects/` template.
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(host.TEMPLATES))])
    env.add_extension(I18N)
    config = config_of(generator.settings)
    lang = config.lang
    catalog = i18n.site_translations(lang, generator.theme)
    env.install_gettext_translations(catalog, newstyle=True)
    # The same contract as Jinja's newstyle `gettext` and `ngettext`, at a third of the cost.
    env.globals.update(i18n.template_callables(catalog))
    # Jinja's `_` looks `gettext` up again at each call, and pages make many: skip the lookup.
    env.globals["_"] = env.globals["gettext"]
    env.filters["prospects_date"] = partial(dates.format_datetime, lang=lang)
    env.filters["prospects_day"] = partial(dates.format_day, lang=lang)
    env.filters["isodate"] = dates.isodate
    env.globals.setdefault("prospects_lang", lang)
    # One string for every page's <meta http-equiv="Content-Security-Policy">, whatever the theme.
    env.globals["prospects_csp"] = csp.policy(config.csp)
