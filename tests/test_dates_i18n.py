"""Dates by Babel in the site's language, and the theme's gettext catalogs."""

from __future__ import annotations

import pickle
import tracemalloc
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from babel import Locale, localedata
from babel.dates import format_date, format_time
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from jinja2 import Environment

from pelican_prospects import i18n
from pelican_prospects.dates import (
    DatesLocale,
    date_data,
    format_datetime,
    format_day,
    isodate,
    locale_for,
)
from pelican_prospects.problems import ProspectsError

from .support import ROOT

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "8 février 2011 à 07:12"),
        ("fr_CA", "8 février 2011 à 07 h 12"),
        ("de", "8. Februar 2011 um 07:12"),
        ("en", "February 8, 2011 at 7:12\u202fAM"),
        ("not-a-language", "February 8, 2011 at 7:12\u202fAM"),
        # A gettext-style modifier: Babel keeps it on the locale and reads the data without it.
        ("de_DE@euro", "8. Februar 2011 um 07:12"),
        ("ca_ES@valencia", "8 de febrer del 2011, a les 7:12"),
    ],
)
def test_dates_read_as_people_of_the_language_write_them(lang: str, expected: str) -> None:
    assert format_datetime(datetime(2011, 2, 8, 7, 12, tzinfo=PARIS), lang) == expected


def test_the_dates_locale_writes_what_the_whole_locale_writes_in_every_language() -> None:
    # Every locale Babel has, each month, and times on both sides of noon and midnight.
    days = [date(2021, month, 7 + month) for month in range(1, 13)]
    times = [time(hour, minute) for hour in (0, 6, 12, 13, 18, 23) for minute in (0, 5)]
    different = []
    try:
        for identifier in localedata.locale_identifiers():
            whole = Locale.parse(identifier)
            parts = (whole.language, whole.territory, whole.script, whole.variant, whole.modifier)
            # As the memo keeps it between builds: pickled, then read back.
            dates = DatesLocale(parts, pickle.loads(pickle.dumps(date_data(whole))))
            for locale in (whole, dates):
                assert locale.datetime_formats  # the data is read
            written = [
                [format_date(day, "long", locale=locale) for day in days]
                + [format_time(moment, "short", locale=locale) for moment in times]
                + [locale.datetime_formats_relative.get("long"), locale.datetime_formats["long"]]
                for locale in (whole, dates)
            ]
            if written[0] != written[1]:
                different.append(identifier)
    finally:
        localedata.clear_caches()  # every locale's data: 250 MB kept for the tests after this one
    assert different == []


def test_dates_keep_a_few_kilobytes_of_the_locale_data_babel_reads() -> None:
    locale_for.cache_clear()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        assert (
            format_datetime(datetime(2011, 2, 8, 7, 12), "pt_BR")
            == "8 de fevereiro de 2011 às 07:12"
        )
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # Babel's tables for Portuguese, with its global ones, take 3.8 MiB once read.
    assert kept < 512 * 1024
    # What was let go is read again by whoever asks.
    assert Locale.parse("de").territories["FR"] == "Frankreich"
    assert Locale.parse("und_Cyrl").language == "ru"


def test_day_and_iso_forms() -> None:
    moment = datetime(2011, 8, 2, 23, 5, 9, 123, tzinfo=PARIS)
    assert format_day(moment, "fr") == "2 août 2011"
    assert isodate(moment) == "2011-08-02T23:05:09+02:00"


def template_messages(folder: str) -> set[str]:
    """Return the msgids of a folder's templates and Python modules, as `pybabel extract` sees them."""
    found = extract_from_dir(
        str(ROOT / folder),
        method_map=[("**.html", "jinja2"), ("**.py", "python")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
    )
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


@pytest.mark.parametrize(
    ("templates", "catalog"),
    [("theme/templates", "theme/translations"), ("pelican_prospects", "pelican_prospects/locale")],
)
def test_every_template_string_has_a_french_translation(templates: str, catalog: str) -> None:
    with i18n.catalog_path(ROOT / catalog, "fr").open("rb") as po_file:
        translated = {
            m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(po_file)
        }
    missing = [m for m in template_messages(templates) if not translated.get(m)]
    assert missing == []


def test_catalogs_merge_with_the_later_folder_winning(tmp_path) -> None:
    for folder, text in [("a", "Bonjour"), ("b", "Salut")]:
        path = i18n.catalog_path(tmp_path / folder, "fr")
        path.parent.mkdir(parents=True)
        path.write_text(
            f'msgid "Hello"\nmsgstr "{text}"\n\nmsgid "Only {folder}"\nmsgstr "Seul {folder}"\n',
            encoding="utf-8",
        )
    merged = i18n.translations("fr_BE", [tmp_path / "a", tmp_path / "b"])
    assert merged.gettext("Hello") == "Salut"
    assert merged.gettext("Only a") == "Seul a" and merged.gettext("Only b") == "Seul b"
    assert i18n.translations("de", [tmp_path / "a"]).gettext("Hello") == "Hello"


HEADER = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
UNQUOTED = 'the text of %s is not one string in double quotes (write a quote inside it as \\")'


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"not a catalog\n", ":1: not a gettext catalog: Unknown or misformatted keyword"),
        (
            HEADER + b'msgid "Reply"\nmsgstr "R\xe9pondre"\n',
            ":5: not utf-8 text, as its Content-Type says: save it as UTF-8",
        ),
        (
            HEADER.replace(b"utf-8", b"klingon") + b'msgid "Reply"\nmsgstr "R"\n',
            ": its Content-Type names an unknown character set (unknown encoding: klingon)",
        ),
        (
            b'msgid "a"\nmsgid_plural "b"\nmsgstr[x] "c"\n',
            ": not a gettext catalog: invalid literal for int() with base 10: 'x'",
        ),
        (
            HEADER.replace(b"Content-Type: text/plain; charset=utf-8", b"Plural-Forms: plural=(n;")
            + b'msgid "Reply"\nmsgstr "R"\n',
            ": its Plural-Forms cannot be read (unbalanced parenthesis in plural form)",
        ),
        # Babel reads what lies between a line's first and last characters: "Répondr", or a
        # msgid that matches no message, where a quote is missing or one too many.
        (HEADER + b'msgid "Reply"\nmsgstr "R\xc3\xa9pondre\n', f":5: {UNQUOTED % 'msgstr'}"),
        (HEADER + b'msgid "Reply\nmsgstr "R\xc3\xa9pondre"\n', f":4: {UNQUOTED % 'msgid'}"),
        (HEADER + b'msgid "Reply"\nmsgstr "R"ep"\n', f":5: {UNQUOTED % 'msgstr'}"),
        (HEADER + b'msgid "Reply"\nmsgstr R\xc3\xa9pondre\n', f":5: {UNQUOTED % 'msgstr'}"),
        (
            HEADER + b'msgid "Reply"\nmsgstr ""\n"R\xc3\xa9pondre\n',
            f":6: {UNQUOTED % 'a continued line'}",
        ),
    ],
    ids=[
        *("not-po", "latin-1", "unknown-charset", "plural-index", "plural-forms"),
        *("unclosed-msgstr", "unclosed-msgid", "stray-quote", "unquoted", "unclosed-continued"),
    ],
)
def test_a_broken_catalog_is_named_with_its_line_and_reason(
    tmp_path, data: bytes, expected: str
) -> None:
    path = i18n.catalog_path(tmp_path, "fr")
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    with pytest.raises(ProspectsError) as error:
        i18n.translations("fr", [tmp_path])
    assert [str(problem) for problem in error.value.problems] == [f"{path}{expected}"]


def test_every_badly_quoted_line_of_a_catalog_is_named_at_once(tmp_path) -> None:
    path = i18n.catalog_path(tmp_path, "fr")
    path.parent.mkdir(parents=True)
    path.write_bytes(HEADER + b'msgid "Reply\nmsgstr "R"\n\n#~ msgid "old\nmsgid "A"\nmsgstr "B\n')
    with pytest.raises(ProspectsError) as error:
        i18n.translations("fr", [tmp_path])
    assert [str(problem) for problem in error.value.problems] == [
        f"{path}:4: {UNQUOTED % 'msgid'}",
        f"{path}:9: {UNQUOTED % 'msgstr'}",
    ]


def test_quotes_escaped_inside_a_translation_are_read(tmp_path) -> None:
    path = i18n.catalog_path(tmp_path, "fr")
    path.parent.mkdir(parents=True)
    path.write_bytes(HEADER + b'msgid "Reply"\nmsgstr ""\n"Dire \\"oui\\" "\n"ici"\n')
    assert i18n.translations("fr", [tmp_path]).gettext("Reply") == 'Dire "oui" ici'


@pytest.mark.parametrize(
    ("charset", "translation"),
    [("gbk", "乗"), ("shift_jis", "表"), ("big5", "功"), ("cp932", "ソ")],
)
def test_a_catalog_in_a_charset_whose_characters_hold_a_backslash_byte_is_read(
    tmp_path, charset: str, translation: str
) -> None:
    # In these charsets a character's second byte may be 0x5C, a backslash in ASCII: msgfmt and
    # Babel read the line as text in the catalog's charset, where the string is well quoted.
    path = i18n.catalog_path(tmp_path, "fr")
    path.parent.mkdir(parents=True)
    header = HEADER.replace(b"utf-8", charset.encode())
    path.write_bytes(header + f'msgid "Reply"\nmsgstr "{translation}"\n'.encode(charset))
    assert i18n.translations("fr", [tmp_path]).gettext("Reply") == translation


def test_a_carriage_return_inside_a_string_is_not_a_line_end(tmp_path) -> None:
    # Babel and msgfmt read lines that end with "\n" only.
    path = i18n.catalog_path(tmp_path, "fr")
    path.parent.mkdir(parents=True)
    path.write_bytes(HEADER + b'msgid "Reply"\nmsgstr "a\rb"\n')
    assert i18n.translations("fr", [tmp_path]).gettext("Reply") == "a\rb"


def test_a_catalog_saved_with_a_byte_order_mark_is_read(tmp_path) -> None:
    path = i18n.catalog_path(tmp_path, "fr")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbf" + HEADER + b'msgid "Reply"\nmsgstr "R\xc3\xa9pondre"\n')
    assert i18n.translations("fr", [tmp_path]).gettext("Reply") == "Répondre"


def test_translations_that_break_their_format_are_named_all_at_once(tmp_path) -> None:
    # A template formats each translation with its message's values: these stopped the build
    # with a KeyError or a ValueError, or printed the values' dictionary ('100{}ûr').
    path = i18n.catalog_path(tmp_path, "fr")
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid "Comment on “%(title)s”"\nmsgstr "Commentaire sur %(titre)s"\n\n'
        'msgid "Reply"\nmsgstr "Répondre à 100% sûr"\n\n'
        'msgid "Slide %(number)s of %(total)s"\nmsgstr "Diapositive %(number)d / %(total)s"\n\n'
        'msgid "%(count)s comment"\nmsgid_plural "%(count)s comments"\n'
        'msgstr[0] "%(num)s commentaire"\nmsgstr[1] "%(count)s commentaires (%)"\n\n'
        'msgid "Anonymous"\nmsgstr "Anonyme à 100 %%"\n',
        encoding="utf-8",
    )
    with pytest.raises(ProspectsError) as error:
        i18n.translations("fr", [tmp_path])
    percent = "has a '%' that starts no '%(name)s': write '%%' for a percent sign"
    assert [str(problem) for problem in error.value.problems] == [
        f"{path}:1: the translation of 'Comment on “%(title)s”' uses %(titre)s, which the"
        " message does not have",
        f"{path}:4: the translation of 'Reply' {percent}",
        f"{path}:10: the translation of '%(count)s comment' {percent}",
    ]


TEMPLATE_CALLS = [
    '{{ _("Leave a comment") }}',
    '{{ _("Comment on “%(title)s”", title=title) }}',
    '{{ gettext("100%% sure") }}',
    "{% trans %}Reply{% endtrans %}",
    "{% trans name=title %}Hello {{ name }}{% endtrans %}",
    '{{ ngettext("%(num)s comment", "%(num)s comments", n) }}',
    '{{ ngettext("%(count)s comment", "%(count)s comments", n, count=n) }}',
    "{% trans count=n %}{{ count }} comment{% pluralize %}{{ count }} comments{% endtrans %}",
    '{{ _("Unknown message, %(x)s", x=title)|length }}',
    # The same message without values, escaped or not as each block says (a kept result).
    '{{ _("Tom & Jerry")|e }}{% autoescape true %}{{ _("Tom & Jerry")|e }}{% endautoescape %}'
    '{% autoescape false %}{{ _("Tom & Jerry")|e }}{% endautoescape %}{{ _("100%% sure") }}',
]


@pytest.mark.parametrize("autoescape", [False, True])
@pytest.mark.parametrize("source", TEMPLATE_CALLS)
def test_template_gettext_renders_as_jinja_newstyle_gettext(source: str, autoescape: bool) -> None:
    catalog = i18n.site_translations("fr", ROOT / "theme")
    jinja, ours = (Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape) for _ in "ab")
    jinja.install_gettext_translations(catalog, newstyle=True)
    ours.install_gettext_translations(catalog, newstyle=True)
    ours.globals.update(i18n.template_callables(catalog))
    assert (
        ours.globals["gettext"].__module__ == ours.globals["ngettext"].__module__ == i18n.__name__
    )
    for values in ({"title": "<b>Tom & Jerry</b>", "n": 1}, {"title": "x", "n": 3}):
        expected = jinja.from_string(source).render(values)
        assert ours.from_string(source).render(values) == expected
    with pytest.raises(KeyError):  # a missing value fails loudly, as in Jinja
        ours.from_string('{{ _("Comment on “%(title)s”") }}').render()
