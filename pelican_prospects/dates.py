"""Dates for people (Babel, in the site's language) and for machines (ISO 8601)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale, UnknownLocaleError, localedata
from babel import core as babel_core
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time

FALLBACK = "en"
QUOTED = re.compile(r"'([^']*)'")
# What Babel reads of a locale's data for a long date, a short time and the "{1} at {0}" pattern
# (tests compare with the whole data, for every locale Babel has): a few kilobytes.
DATE_KEYS = (
    *("date_formats", "time_formats", "datetime_formats", "datetime_formats_relative"),
    *("months", "days", "quarters", "eras", "day_periods", "day_period_rules"),
)


class DatesLocale(Locale):
    """A Babel locale holding only the part of its data that dates and times read."""

    def __init__(self, locale: Locale) -> None:
        super().__init__(
            locale.language, locale.territory, locale.script, locale.variant, locale.modifier
        )
        # Read as Babel's `Locale` reads it: a modifier without data ('de_DE@euro') is dropped.
        identifier = str(locale)
        if not localedata.exists(identifier):
            identifier = identifier.partition("@")[0]
        data = localedata.load(identifier)
        self._dates = localedata.LocaleDataDict(
            {key: data[key] for key in DATE_KEYS if key in data}
        )

    @property
    def _data(self) -> localedata.LocaleDataDict:
        return self._dates


def release_babel_tables() -> None:
    """Let go of the CLDR tables Babel keeps once read; it reads them again when asked.

    A locale's data also names languages, territories, currencies and units, and Babel keeps it
    with its global tables for the life of the process: 3.7 MiB for French, where the dates need
    a few kilobytes. Let go before the comments are rendered, that memory holds them instead.
    """
    localedata.clear_caches()
    babel_core._global_data = None  # `get_global` reads `global.dat` again when it is None


@lru_cache(maxsize=32)
def locale_for(lang: str) -> Locale:
    """Return Babel's locale for a Pelican language code such as 'fr' or 'en_GB', dates only."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse(FALLBACK)
    dates = DatesLocale(locale)
    release_babel_tables()
    return dates


def format_datetime(value: datetime, lang: str) -> str:
    """Return a date and time as people of `lang` write it: '8 février 2011 à 07:12'."""
    return day_at(value.date(), lang).replace("{0}", short_time(value.hour, value.minute, lang))


@lru_cache(maxsize=4096)
def day_at(day: date, lang: str) -> str:
    """Return `lang`'s "{1} at {0}" pattern with the day in full: '8 février 2011 à {0}'."""
    return at_pattern(lang).replace("{1}", long_day(day, lang))


@lru_cache(maxsize=4096)
def long_day(day: date, lang: str) -> str:
    """Return a day as `lang` writes it in full (cached: Babel takes tens of microseconds)."""
    return babel_format_date(day, "long", locale=locale_for(lang))


@lru_cache(maxsize=4096)
def short_time(hour: int, minute: int, lang: str) -> str:
    """Return a time of day, short ('07:12', '7:12 AM'): it depends on nothing else."""
    return babel_format_time(time(hour, minute), "short", locale=locale_for(lang))


@lru_cache(maxsize=32)
def at_pattern(lang: str) -> str:
    """Return CLDR's "{1} at {0}" pattern of `lang`, e.g. "{1} à {0}"; quotes mark literal text."""
    locale = locale_for(lang)
    pattern = locale.datetime_formats_relative.get("long") or locale.datetime_formats["long"]
    return QUOTED.sub(lambda match: match.group(1), pattern)


def format_day(value: datetime, lang: str) -> str:
    """Return a date without the time: '8 février 2011'."""
    return long_day(value.date(), lang)


def isodate(value: datetime) -> str:
    """Return ISO 8601 with the offset, as `<time datetime>` and microformats want it."""
    return value.isoformat(timespec="seconds")
