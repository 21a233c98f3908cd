"""Read a site's Pelican settings file for our commands: each mistake a message, no traceback.

`pelican -s` reads the file as Python and lets any error through as a traceback; our commands
say which file, which line and what to do instead: missing, unreadable or not Python, raising
when run, `PATH` or `THEME` naming no folder.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import traceback
from typing import Any

from .problems import Problem, ProspectsError
from .settings import INVALID, SETTINGS, apply, pelican_problems, validate

DEFAULT_SETTINGS = "pelicanconf.py"
SUMMARY = "cannot read the settings"
# The setting a problem is about: its reason starts with the name ("unknown setting" first).
SETTING = re.compile(r"(?:unknown setting )?([A-Z][A-Z0-9_]*)[:.]")
# Settings that Pelican takes relative to the settings file's folder (`read_settings`).
RELATIVE = ("PATH", "OUTPUT_PATH", "THEME", "CACHE_PATH", "PROSPECTS_PRIVATE_PATH")


def load_settings(path: str | None = None) -> dict[str, Any]:
    """Return the settings of `path` (default: pelicanconf.py) as `pelican -s` reads them."""
    from pelican.settings import get_settings_from_file, read_settings

    shown = path or DEFAULT_SETTINGS
    tree = _parse(shown, _read(shown))
    try:
        values = get_settings_from_file(shown)
    except Exception as error:  # the file is the user's code: any error is theirs to fix
        raise ProspectsError([_raised(shown, error)], SUMMARY) from None
    values = _absolute(values, shown)
    lines = _assignments(tree)
    problems = [
        *_folder(values, "PATH", shown, lines.get("PATH")),
        *_theme(values, shown, lines.get("THEME")),
    ]
    if problems:
        raise ProspectsError(problems, SUMMARY)
    try:
        settings = read_settings(path=None, override=dict(values))
    except Exception as error:  # Pelican's checks, or a value of a type Pelican stumbles on
        raise _unreadable(values, shown, lines, error) from None
    try:
        apply(settings, shown)
    except ProspectsError as error:
        raise ProspectsError(_at_lines(error.problems, shown, lines), error.summary) from None
    return settings


def _unreadable(
    values: dict[str, Any], shown: str, lines: dict[str, int], error: Exception
) -> ProspectsError:
    """Return the error of settings that Pelican cannot read: ours to name, else Pelican's."""
    named = validate(values, shown) + pelican_problems(values, shown)
    if isinstance(error, ValueError):  # Pelican's own checks (configure_settings): its words
        problems = [Problem(shown, None, str(error)), *named]
    elif named:  # DEFAULT_LANG = 5: Pelican calls .lower() on it
        return ProspectsError(_at_lines(named, shown, lines), INVALID)
    else:
        reason = (
            f"Pelican cannot use these settings ({type(error).__name__}: {error}): check"
            " the type of each value against Pelican's documentation"
        )
        problems = [Problem(shown, None, reason)]
    return ProspectsError(_at_lines(problems, shown, lines), SUMMARY)


def _at_lines(problems: list[Problem], shown: str, lines: dict[str, int]) -> list[Problem]:
    """Return the problems, each of a setting given the line where the file assigns it."""
    located = []
    for problem in problems:
        setting = SETTING.match(problem.reason)
        if problem.path == shown and problem.line is None and setting:
            problem = Problem(shown, lines.get(setting.group(1)), problem.reason)
        located.append(problem)
    return located


def add_settings_option(parser: argparse.ArgumentParser) -> None:
    """Give a sub-command the `-s SETTINGS` option that `pelican` itself has."""
    parser.add_argument(
        "-s",
        "--settings",
        metavar="SETTINGS",
        default=None,
        help=f"Pelican settings file (default: {DEFAULT_SETTINGS})",
    )


def _read(shown: str) -> bytes:
    try:
        with open(shown, "rb") as file:
            return file.read()
    except FileNotFoundError:
        reason = (
            "no such settings file: run the command in your site's folder (where"
            f" {DEFAULT_SETTINGS} is), or pass -s SETTINGS"
        )
    except IsADirectoryError:
        reason = "this is a folder, not a settings file: pass -s path/to/pelicanconf.py"
    except OSError as error:
        reason = f"cannot read the settings file ({error.strerror}): check its permissions"
    raise ProspectsError([Problem(shown, None, reason)], SUMMARY)


def _parse(shown: str, source: bytes) -> ast.Module:
    """Return the file's syntax tree; raise with the line of a syntax error."""
    try:
        return ast.parse(source, shown)
    except SyntaxError as error:
        raise ProspectsError([_syntax(error, shown)], SUMMARY) from None
    except ValueError as error:  # null bytes, before Python 3.11.4: a binary file
        raise ProspectsError([Problem(shown, None, _not_python(str(error)))], SUMMARY) from None


def _syntax(error: SyntaxError, shown: str) -> Problem:
    """Return the problem of a syntax error, in the settings file or in a file it imports."""
    where = error.filename or shown
    if os.path.abspath(where) == os.path.abspath(shown):
        where = shown
    if not error.lineno:
        return Problem(where, None, _not_python(error.msg))
    if error.msg.startswith("(unicode error)"):
        reason = f"not UTF-8 text: save the file as UTF-8 ({error.msg.split(') ', 1)[1]})"
        return Problem(where, error.lineno, reason)
    return Problem(where, error.lineno, f"not valid Python: {error.msg}: fix this line")


def _not_python(reason: str) -> str:
    return f"not a Python settings file ({reason}): pass -s path/to/pelicanconf.py"


def _raised(shown: str, error: Exception) -> Problem:
    """Return the problem of a settings file whose code raised `error` (imports included)."""
    if isinstance(error, SyntaxError):  # in a file it imports, such as publishconf's pelicanconf
        return _syntax(error, shown)
    target = os.path.abspath(shown)
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(error.__traceback__)
        if os.path.abspath(frame.filename) == target
    ]
    reason = f"the settings file stops with {type(error).__name__}: {error}: fix it, then run again"
    return Problem(shown, lines[-1] if lines else None, reason)


def _absolute(values: dict[str, Any], shown: str) -> dict[str, Any]:
    """Return the values with folders made absolute from the file's folder, as Pelican does."""
    folder = os.path.dirname(os.path.abspath(shown))
    values = dict(values)
    values.setdefault("PROSPECTS_PRIVATE_PATH", SETTINGS["PROSPECTS_PRIVATE_PATH"].default)
    for name in RELATIVE:
        value = values.get(name)
        if isinstance(value, os.PathLike):  # `Path(__file__).parent / "content"`
            value = values[name] = os.fspath(value)
        if isinstance(value, str):
            absolute = os.path.normpath(os.path.join(folder, value))
            # THEME may also name one of Pelican's own themes.
            if name != "THEME" or os.path.exists(absolute):
                values[name] = absolute
    if isinstance(values.get("PLUGIN_PATHS"), list | tuple):
        values["PLUGIN_PATHS"] = [
            os.path.normpath(os.path.join(folder, p)) for p in values["PLUGIN_PATHS"]
        ]
    return values


def _assignments(tree: ast.Module) -> dict[str, int]:
    """Return the line where each name is last assigned at the top of the file."""
    lines: dict[str, int] = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                lines[target.id] = node.lineno
    return lines


def _folder(values: dict[str, Any], name: str, shown: str, line: int | None) -> list[Problem]:
    value = values.get(name, os.curdir)
    if isinstance(value, str) and os.path.isdir(value):
        return []
    state = "is not a folder" if os.path.exists(str(value)) else "does not exist"
    reason = f"{name}: the content folder {value} {state}: create it, or set {name} to it"
    return [Problem(shown, line, reason)]


def _theme(values: dict[str, Any], shown: str, line: int | None) -> list[Problem]:
    from pelican.settings import DEFAULT_THEME

    theme = values.get("THEME")
    if theme is None or not isinstance(theme, str):
        return []
    builtin = os.path.join(os.path.dirname(DEFAULT_THEME), theme)
    if os.path.isdir(theme) or os.path.isdir(builtin):
        return []
    reason = (
        f"THEME: no theme folder {theme}, and Pelican has no theme of that name: fix THEME,"
        " or remove it for Pelican's default theme"
    )
    return [Problem(shown, line, reason)]
