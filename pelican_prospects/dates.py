"""Dates for people (Babel, in the site's language) and for machines (ISO 8601)."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time

FALLBACK = "en"
QUOTED = re.compile(r"'([^']*)'")


@lru_cache(maxsize=32)
def locale_for(lang: str) -> Locale:
    """Return Babel's locale for a Pelican language code such as 'fr' or 'en_GB'."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(FALLBACK)


def format_datetime(value: datetime, lang: str) -> str:
    """Return a date and time as people of `lang` write it: '8 février 2011 à 07:12'."""
    locale = locale_for(lang)
    day = babel_format_date(value, "long", locale=locale)
    time = babel_format_time(value, "short", locale=locale)
    # CLDR's "at time" pattern, e.g. "{1} 'à' {0}"; quotes mark literal text.
    pattern = locale.datetime_formats_relative.get("long") or locale.datetime_formats["long"]
    pattern = QUOTED.sub(lambda match: match.group(1), pattern)
    return pattern.replace("{1}", day).replace("{0}", time)


def format_day(value: datetime, lang: str) -> str:
    """Return a date without the time: '8 février 2011'."""
    return babel_format_date(value, "long", locale=locale_for(lang))


def isodate(value: datetime) -> str:
    """Return ISO 8601 with the offset, as `<time datetime>` and microformats want it."""
    return value.replace(microsecond=0).isoformat()
