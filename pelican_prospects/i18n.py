"""Gettext catalogs for templates, read from `.po` files and chosen by the site's language."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from babel.support import NullTranslations, Translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from .memo import MEMO
from .problems import Problem, ProspectsError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAIN = "messages"
PLUGIN_LOCALE = Path(__file__).parent / "locale"
UNREADABLE = "cannot read a translation catalog"
# Babel's "Unknown or misformatted keyword on 12": the line is given apart.
BABEL_LINE = re.compile(r" on \d+$")
NAMED = re.compile(r"%\((\w+)\)")
# The keyword of a catalog's entry line (a continued line has none), then its string.
KEYWORD = re.compile(r"msgctxt|msgid_plural|msgid|msgstr(?:\[[^\]]*\])?")
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
# The charset the header names, as Babel decodes the lines after it (UTF-8 when none).
CHARSET = re.compile(rb"Content-Type:[^\"\n]*?charset=([^\s;\"\\]+)", re.IGNORECASE)
BLANK = " \t\n\r\x0b\x0c"  # what Babel strips around a line: ASCII whitespace, as bytes.strip


def catalog_path(folder: Path, lang: str) -> Path:
    """Return where the `.po` catalog of `lang` lives under a gettext folder."""
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def candidates(lang: str) -> list[str]:
    """Return the catalog names to try for a language code: 'fr_CA' then 'fr'."""
    lang = lang.replace("-", "_")
    return [lang, lang.split("_")[0]] if "_" in lang else [lang]


def _compile(path: Path) -> bytes:
    """Return one `.po` file compiled to `.mo` bytes, kept in the memo until the file changes."""
    stat = path.stat()
    key = ("catalog", str(path), stat.st_mtime_ns, stat.st_size)
    return MEMO.get(key, lambda: _compiled(path))  # type: ignore[no-any-return]


def _compiled(path: Path) -> bytes:
    """Compile one `.po` file to `.mo` bytes in memory; raise ProspectsError on bad messages."""
    from babel.messages.mofile import write_mo  # a rebuild finds the catalog in the memo

    catalog = read_catalog(path)
    problems = [
        Problem(str(path), message.lineno, reason)
        for message in catalog
        if message.id and (reason := format_problem(message.id, message.string))
    ]
    if problems:
        raise ProspectsError(problems, UNREADABLE)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def format_problem(msgid: str | tuple[str, ...], msgstr: str | tuple[str, ...]) -> str:
    """Return why a translation breaks when formatted with its message's values ('' if not).

    Templates format every translation with the values their message names (`%(title)s`),
    as Jinja's newstyle gettext does; a plural one also with `num`.
    """
    ids = msgid if isinstance(msgid, tuple) else (msgid,)
    strings = msgstr if isinstance(msgstr, tuple) else (msgstr,)
    values = _Values((name, 0) for text in ids for name in NAMED.findall(text))
    if len(ids) > 1:
        values.setdefault("num", 0)
    for text in filter(None, strings):
        try:
            text % values
        except KeyError as error:
            reason = f"uses %({error.args[0]})s, which the message does not have"
            return f"the translation of {_shown(ids[0])} {reason}"
        except (ValueError, TypeError):
            reason = "has a '%' that starts no '%(name)s': write '%%' for a percent sign"
            return f"the translation of {_shown(ids[0])} {reason}"
    return ""


class _Values(dict[str, int]):
    """A message's values, which a '%s' without a name would print whole: refuse that."""

    def __str__(self) -> str:
        raise TypeError("a '%' without a name")

    __repr__ = __str__


def _shown(text: str) -> str:
    """Quote a message for a problem, cut short when long."""
    return repr(text if len(text) <= 40 else text[:39] + "…")


def read_catalog(path: Path) -> Catalog:
    """Return a `.po` file's messages; raise ProspectsError naming its line and what is wrong."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
        if problems := quoting_problems(data, str(path)):
            raise ProspectsError(problems, UNREADABLE)
        return read_po(io.BytesIO(data), abort_invalid=True)
    except OSError as error:
        problem = Problem(str(path), None, f"cannot read the file ({error.strerror})")
    except PoFileError as error:
        reason = BABEL_LINE.sub("", str(error))
        problem = Problem(str(path), error.lineno + 1, f"not a gettext catalog: {reason}")
    except UnicodeDecodeError as error:
        reason = f"not {error.encoding} text, as its Content-Type says: save it as UTF-8"
        problem = Problem(str(path), _undecodable_line(data, error.encoding), reason)
    except LookupError as error:  # charset=... names no codec Python has
        reason = f"its Content-Type names an unknown character set ({error})"
        problem = Problem(str(path), None, reason)
    except ValueError as error:  # msgstr[x]: Babel reads the index with int()
        problem = Problem(str(path), None, f"not a gettext catalog: {error}")
    raise ProspectsError([problem], UNREADABLE)


def quoting_problems(data: bytes, path: str) -> list[Problem]:
    """Return each entry line whose string is not one C string in double quotes.

    Babel reads what lies between a line's first and last characters as its string, quotes or
    not: `msgstr "Répondre` translated "Reply" as "Répondr", and a `msgid "Reply` matched no
    message, silently. Lines are read as Babel reads them: ended by "\\n" only, as text in the
    catalog's charset (in Shift_JIS, GBK or Big5 a character's second byte may be a backslash).
    """
    found = CHARSET.search(data)
    try:
        text = data.decode(found.group(1).decode("ascii") if found else "utf-8", "replace")
    except (LookupError, UnicodeDecodeError):  # Babel names an unknown charset
        text = data.decode("latin-1")
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip(BLANK)
        if line.startswith("#"):
            continue
        keyword = KEYWORD.match(line)
        rest = line[keyword.end() :].lstrip(BLANK) if keyword else line
        if (keyword or rest.startswith('"')) and not QUOTED.fullmatch(rest):
            shown = keyword.group() if keyword else "a continued line"
            reason = (
                f"the text of {shown} is not one string in double quotes "
                '(write a quote inside it as \\")'
            )
            problems.append(Problem(path, number, reason))
    return problems


def _undecodable_line(data: bytes, encoding: str) -> int | None:
    """Return the number of the first line that is not text in `encoding`."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            return number
    return None


def _translations(path: Path) -> Translations:
    """Return one catalog's translations; a `Plural-Forms` Python cannot read is a problem."""
    mo = io.BytesIO(_compile(path))
    try:
        return Translations(mo, domain=DOMAIN)
    except ValueError as error:
        reason = f"its Plural-Forms cannot be read ({error})"
        raise ProspectsError([Problem(str(path), None, reason)], UNREADABLE) from None


def translations(lang: str, folders: Iterable[Path]) -> NullTranslations:
    """Merge the catalogs of `lang` found in `folders`; later folders override earlier ones."""
    merged: Translations | None = None
    for folder in folders:
        for name in candidates(lang):
            path = catalog_path(folder, name)
            if path.is_file():
                found = _translations(path)
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
