"""The plugin's settings: defaults in one place, validated before the build starts."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import csp
from .problems import Problem, ProspectsError

EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
HTTP_URL = re.compile(r"^https?://[^\s<>\"']+$")
SERVER_KINDS = ("nginx", "apache", "netlify")
PLACEMENTS = ("auto", "template", "off")


@dataclass(frozen=True)
class Setting:
    """One `PROSPECTS_` setting: its default, what it must be, and what it is for."""

    default: Any
    check: Callable[[Any], str | None]
    doc: str


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "Expected True or False"


def _is_folder(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip("/"):
        return "Expected a folder name relative to PATH"
    if value.startswith("/") or ".." in value.split("/"):
        return "Expected a folder inside PATH (no leading '/' and no '..')"
    return None


def _is_email(value: Any) -> str | None:
    if value == "" or (isinstance(value, str) and EMAIL.match(value)):
        return None
    return "Expected an e-mail address such as 'name@example.org' (or '' for none)"


def _is_http_url(value: Any) -> str | None:
    if value == "" or (isinstance(value, str) and HTTP_URL.match(value)):
        return None
    return "Expected an http:// or https:// address (or '' for none)"


def _is_names(value: Any) -> str | None:
    if isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip() for v in value):
        return None
    return "Expected a list of names"


def _is_placement(value: Any) -> str | None:
    if value in PLACEMENTS:
        return None
    return f"Expected one of: {', '.join(map(repr, PLACEMENTS))}"


def _is_server_kinds(value: Any) -> str | None:
    if isinstance(value, list | tuple) and all(v in SERVER_KINDS for v in value):
        return None
    return f"Expected a list made of {', '.join(map(repr, SERVER_KINDS))}"


SETTINGS: dict[str, Setting] = {
    "PROSPECTS_COMMENTS_PATH": Setting(
        "comments", _is_folder, "Folder under PATH holding <article-slug>/<id>.md comment files."
    ),
    "PROSPECTS_STRICT": Setting(
        True,
        _is_bool,
        "Stop the build on a bad comment file (False: warn and publish what can be).",
    ),
    "PROSPECTS_OWNER_NAMES": Setting(
        [],
        _is_names,
        "The site owner's other names, besides AUTHOR: `comment add --author` marks them as hers, "
        "an e-mail signed with one is held.",
    ),
    "PROSPECTS_COMMENTS_PLACEMENT": Setting(
        "auto",
        _is_placement,
        "Where comments appear: 'auto' (after the article's text when the theme does not include "
        "prospects/comments.html), 'template' (only where the theme includes it), 'off' (nowhere).",
    ),
    "PROSPECTS_CONTACT_EMAIL": Setting(
        "", _is_email, "Address that receives new comments and offer requests by e-mail."
    ),
    "PROSPECTS_BOOKING_URL": Setting(
        "", _is_http_url, "Booking page linked from contact offers ('' for none)."
    ),
    "PROSPECTS_SERVER_RULES": Setting(
        [], _is_server_kinds, "Servers to write redirect rules for: 'nginx', 'apache', 'netlify'."
    ),
    "PROSPECTS_CSP": Setting(
        {},
        csp.problem,
        "Sources added to the pages' Content-Security-Policy, by directive, e.g. "
        "{'frame-src': ['https://www.youtube-nocookie.com']} to show embedded videos.",
    ),
}


def defaults() -> dict[str, Any]:
    """Return a fresh copy of every setting's default."""
    return {name: _copy(setting.default) for name, setting in SETTINGS.items()}


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return dict(value)
    return list(value) if isinstance(value, list) else value


def validate(settings: Mapping[str, Any], source: str = "settings") -> list[Problem]:
    """Return one problem per `PROSPECTS_` setting that is unknown or of the wrong type or value."""
    problems = []
    for name in sorted(settings):
        if not name.startswith("PROSPECTS_"):
            continue
        value = settings[name]
        setting = SETTINGS.get(name)
        if setting is None:
            known = ", ".join(sorted(SETTINGS))
            reason = f"unknown setting {name}. Expected one of: {known}"
        else:
            expected = setting.check(value)
            if expected is None:
                continue
            reason = f"{name}: {expected}, but received: {value!r}"
        problems.append(Problem(source, None, reason))
    return problems


def apply(settings: dict[str, Any], source: str = "settings") -> None:
    """Fill in the defaults of `settings` in place, or raise if a given value is bad."""
    problems = validate(settings, source)
    if problems:
        raise ProspectsError(problems, "invalid settings")
    for name, value in defaults().items():
        settings.setdefault(name, value)
