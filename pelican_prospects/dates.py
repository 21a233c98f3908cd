"""Dates for people (Babel, in the site's language) and for machines (ISO 8601)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from functools import lru_cache, partial
from typing import Any

from babel import Locale, UnknownLocaleError, localedata
from babel import core as babel_core
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time

from .memo import MEMO

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

    def __init__(self, parts: tuple[str | None, ...], data: dict[str, Any]) -> None:
        super().__init__(*parts)
        self._dates = localedata.LocaleDataDict(data)

    @property
    def _data(self) -> localedata.LocaleDataDict:
        return self._dates


def date_data(locale: Locale) -> dict[str, Any]:
    """Return the part of a locale's data that dates read, its aliases resolved: plain dicts."""
    # Read as Babel's `Locale` reads it: a modifier without data ('de_DE@euro') is dropped.
    identifier = str(locale)
    if not localedata.exists(identifier):
        identifier = identifier.partition("@")[0]
    data = localedata.load(identifier)
    return {key: plain(data[key]) for key in DATE_KEYS if key in data}


def plain(value: Any) -> Any:
    """Return a value of Babel's locale data with its nested mappings as plain dicts."""
    if isinstance(value, Mapping):
        return {key: plain(value[key]) for key in value}
    return value


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
    key = ("dates", DATE_KEYS, lang)
    parts, data = MEMO.get(key, partial(locale_parts_and_data, lang), lasting=True)
    return DatesLocale(parts, data)


def locale_parts_and_data(lang: str) -> tuple[tuple[str | None, ...], dict[str, Any]]:
    """Return the parts of the locale Babel reads for `lang` and the date data it holds."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse(FALLBACK)
    parts = (locale.language, locale.territory, locale.script, locale.variant, locale.modifier)
    data = date_data(locale)
    release_babel_tables()
    return parts, data


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
