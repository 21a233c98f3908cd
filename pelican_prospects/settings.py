"""The plugin's settings: defaults in one place, validated before the build starts, then typed.

`apply` checks a site's settings once and returns a `Config`: the values the plugin uses, typed
and with their defaults, read as attributes (`config.zone`, `config.comments_root`) everywhere
instead of raw lookups in Pelican's settings dict.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import csp
from .problems import Problem, ProspectsError
from .questionnaire.booking import SERVICES

EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
HTTP_URL = re.compile(r"^https?://[^\s<>\"']+$")
PLACEMENTS = ("auto", "template", "off")
AUTHSERV_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
INVALID = "invalid settings"  # the summary of the settings' problems


@dataclass(frozen=True)
class Setting:
    """One `PROSPECTS_` setting: its default, what it must be, and what it is for."""

    default: Any
    check: Callable[[Any], str | None]
    doc: str


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "Expected True or False"


def _is_folder(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip("/") or "\0" in value:
        return "Expected a folder name relative to PATH"
    if value.startswith("/") or ".." in value.split("/"):
        return "Expected a folder inside PATH (no leading '/' and no '..')"
    return None


def _is_email(value: Any) -> str | None:
    if value == "" or (isinstance(value, str) and EMAIL.fullmatch(value)):
        return None
    return "Expected an e-mail address such as 'name@example.org' (or '' for none)"


def _is_http_url(value: Any) -> str | None:
    if value == "" or (isinstance(value, str) and HTTP_URL.fullmatch(value)):
        return None
    return "Expected an http:// or https:// address (or '' for none)"


def _is_names(value: Any) -> str | None:
    if isinstance(value, list | tuple) and all(isinstance(v, str) and v.strip() for v in value):
        return None
    return "Expected a list of names"


def _is_text(value: Any) -> str | None:
    # No file name holds a NUL: the commands' file functions would stop with a traceback.
    if isinstance(value, str) and value.strip() and "\0" not in value:
        return None
    return "Expected a folder name"


IMAP_KEYS = {
    "host": str,
    "port": int,
    "user": str,
    "folder": str,
    "done_folder": str,
    "tls": (str, bool),
    "cafile": str,
}
IMAP_TLS = ("implicit", "starttls", True, False)  # True: implicit


SMTP_KEYS = {
    "host": str,
    "port": int,
    "user": str,
    "from": str,
    "tls": (str, bool),
    "cafile": str,
}
SMTP_TLS = ("starttls", "ssl", False)


def _is_server(
    value: Any,
    keys: dict[str, Any],
    choices: tuple[Any, ...],
    required: tuple[str, str],
    name: str,
    address: str = "",
) -> str | None:
    """Check a mail server's dict: known keys of the right type, a TLS choice, no password.

    `address` names the key, if any, that must hold an e-mail address.
    """
    tls_default, *_ = choices
    expected = (
        f"Expected {{}} or a dict with {required[0]!r} and {required[1]!r} (and optionally "
        + ", ".join(repr(key) for key in keys if key not in required and key != "tls")
        + f", 'tls': {tls_default!r} (the default), "
        + ", ".join(repr(choice) for choice in choices[1:-1])
        + " or False)"
    )
    if not isinstance(value, dict):
        return expected
    if not value:
        return None
    if "password" in value:
        return f"Expected no 'password': it comes from the environment variable {name}_PASSWORD"
    # Any hashable may be a key in a settings file: the unknown ones are sorted as they print.
    unknown = sorted((key for key in value if key not in keys), key=repr)
    if unknown:
        return f"{expected}; unknown key(s): {', '.join(map(repr, unknown))}"
    wrong = [
        key
        for key in value
        if not isinstance(value[key], keys[key])
        or (key == "port" and (isinstance(value[key], bool) or not 0 < value[key] < 65536))
    ]
    if wrong:
        return f"{expected}; wrong type or value for {', '.join(map(repr, wrong))}"
    tls = value.get("tls", tls_default)
    if not any(tls is c if isinstance(c, bool) else tls == c for c in choices):
        return f"{expected}; 'tls' must be one of {', '.join(map(repr, choices))}"
    if not all(value.get(key) for key in required):
        return expected
    if address and not EMAIL.fullmatch(value[address]):
        return f"{expected}; {address!r} must be an address such as 'name@example.org'"
    if any(char in str(value[key]) for key in ("host", "user") if key in value for char in "\r\n"):
        return f"{expected}; 'host' and 'user' hold no line break"
    return None


def _is_imap(value: Any) -> str | None:
    return _is_server(value, IMAP_KEYS, IMAP_TLS, ("host", "user"), "PROSPECTS_IMAP")


def _is_smtp(value: Any) -> str | None:
    return _is_server(value, SMTP_KEYS, SMTP_TLS, ("host", "from"), "PROSPECTS_SMTP", "from")


def _is_authserv_id(value: Any) -> str | None:
    if value == "" or (isinstance(value, str) and AUTHSERV_ID.fullmatch(value)):
        return None
    return "Expected a server name such as 'mx.example.org' (or '' for the topmost header)"


def _is_placement(value: Any) -> str | None:
    if value in PLACEMENTS:
        return None
    return f"Expected one of: {', '.join(map(repr, PLACEMENTS))}"


def _is_booking_service(value: Any) -> str | None:
    if value in SERVICES:
        return None
    return f"Expected one of: {', '.join(map(repr, SERVICES))}"


def _is_server_kinds(value: Any) -> str | None:
    from .server_rules.host import hosts  # the rules' modules are only loaded when rules are asked

    names = hosts()
    if isinstance(value, list | tuple) and all(isinstance(v, str) and v in names for v in value):
        return None
    return f"Expected a list made of {', '.join(map(repr, names))}"


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
        "",
        _is_http_url,
        "Booking page linked from contact offers ('' for none); https:// expected, http:// warned "
        "about; may hold placeholders such as {name} (see PROSPECTS_BOOKING_SERVICE).",
    ),
    "PROSPECTS_BOOKING_SERVICE": Setting(
        "auto",
        _is_booking_service,
        "How the booking link carries what the prospect typed: 'auto' (Calendly or Cal.com from "
        "the host, 'placeholders' when the URL holds some, else nothing), 'calendly', 'calcom' "
        "(a self-hosted Cal.com), 'placeholders' ({name}, {email}, ...), 'plain' (nothing).",
    ),
    "PROSPECTS_SERVER_RULES": Setting(
        [], _is_server_kinds, "Servers to write redirect rules for: 'nginx', 'apache', 'netlify'."
    ),
    "PROSPECTS_PRIVATE_PATH": Setting(
        ".prospects-private",
        _is_text,
        "Folder outside PATH and OUTPUT_PATH, ignored by git, for readers' addresses and the "
        "ledger of fetched messages (relative to the settings file).",
    ),
    "PROSPECTS_IMAP": Setting(
        {},
        _is_imap,
        "Mailbox `comment fetch` reads: {'host': ..., 'port': 993, 'user': ..., 'folder': 'INBOX', "
        "'done_folder': ..., 'tls': 'implicit' | 'starttls' | False, 'cafile': ...}; the password "
        "comes from the environment variable PROSPECTS_IMAP_PASSWORD.",
    ),
    "PROSPECTS_SMTP": Setting(
        {},
        _is_smtp,
        "Server `comment notify` sends reply notifications through: {'host': ..., 'port': 587, "
        "'user': ..., 'from': ..., 'tls': 'starttls' | 'ssl' | False, 'cafile': ...}; the "
        "password comes from the environment variable PROSPECTS_SMTP_PASSWORD.",
    ),
    "PROSPECTS_AUTHSERV_ID": Setting(
        "",
        _is_authserv_id,
        "Name your mail server writes in its Authentication-Results headers (e.g. "
        "'mx.example.org'): `comment fetch` trusts only those to subscribe a sender to replies "
        "('': the topmost header).",
    ),
    "PROSPECTS_EXPLAIN": Setting(
        True,
        _is_bool,
        "Offer pages say why the answers led there (a questionnaire's 'Explain: no' turns it off).",
    ),
    "PROSPECTS_CSP": Setting(
        {},
        csp.problem,
        "Sources added to the pages' Content-Security-Policy, by directive, e.g. "
        "{'frame-src': ['https://www.youtube-nocookie.com']} to show embedded videos.",
    ),
}


def _text_or_none(expected: str, *, folder: bool = False) -> Callable[[Any], str | None]:
    """Return the check of a Pelican setting that must be text, when it is set at all.

    A `folder` may also be a path object (`Path(__file__).parent / "content"`), as Pelican takes.
    """
    kinds = (str, os.PathLike) if folder else (str,)

    def check(value: Any) -> str | None:
        return None if value is None or isinstance(value, kinds) else expected

    return check


def _folders_or_none(expected: str) -> Callable[[Any], str | None]:
    """Return the check of a Pelican setting that must be a list of folders, when it is set."""

    def check(value: Any) -> str | None:
        if value is None or (
            isinstance(value, list | tuple) and all(isinstance(v, str | os.PathLike) for v in value)
        ):
            return None
        return expected

    return check


def _is_item_count(value: Any) -> str | None:
    # '' was Pelican's own default up to 4.8: no limit, as None.
    if value in (None, "") or (
        isinstance(value, int) and not isinstance(value, bool) and value >= 0
    ):
        return None
    return "Expected a whole number of feed entries such as 20 (0 or None for no limit)"


FOLDER = "Expected a folder name"
FOLDERS = "Expected a list of folder names relative to PATH"
# Pelican's own settings that the plugin reads (`_typed`), beside TIMEZONE (`zone_problems`):
# what each must be when set. Pelican checks few of them; a wrong type would stop the build
# with a traceback deep in the plugin, or be used wrongly.
PELICAN_CHECKS: dict[str, Callable[[Any], str | None]] = {
    "AUTHOR": _text_or_none("Expected the author's name such as 'Claire Dumas'"),
    "SITENAME": _text_or_none("Expected the site's name"),
    "SITEURL": _text_or_none(
        "Expected the site's address such as 'https://example.org' (or '' for none)"
    ),
    "FEED_DOMAIN": _text_or_none(
        "Expected the feeds' address such as 'https://example.org' (or '' for SITEURL)"
    ),
    "DEFAULT_LANG": _text_or_none("Expected a language code such as 'en'"),
    "FEED_MAX_ITEMS": _is_item_count,
    "PATH": _text_or_none(FOLDER, folder=True),
    "OUTPUT_PATH": _text_or_none(FOLDER, folder=True),
    "CACHE_PATH": _text_or_none(FOLDER, folder=True),
    "THEME": _text_or_none(
        "Expected a theme folder, or the name of one of Pelican's themes", folder=True
    ),
    "IGNORE_FILES": _folders_or_none("Expected a list of file name patterns such as ['**/.*']"),
    "ARTICLE_PATHS": _folders_or_none(FOLDERS),
    "ARTICLE_EXCLUDES": _folders_or_none(FOLDERS),
    "PAGE_PATHS": _folders_or_none(FOLDERS),
    "PAGE_EXCLUDES": _folders_or_none(FOLDERS),
}


def defaults() -> dict[str, Any]:
    """Return a fresh copy of every setting's default."""
    return {name: _copy(setting.default) for name, setting in SETTINGS.items()}


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return dict(value)
    return list(value) if isinstance(value, list) else value


def redacted(value: Any) -> Any:
    """Return a value as messages may show it: a password in a dict is starred out."""
    if isinstance(value, dict) and "password" in value:
        return {**value, "password": "***"}
    return value


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
            reason = f"{name}: {expected}, but received: {redacted(value)!r}"
        problems.append(Problem(source, None, reason))
    return problems


def pelican_problems(settings: Mapping[str, Any], source: str = "settings") -> list[Problem]:
    """Return one problem per Pelican setting that the plugin reads and that has a wrong type."""
    problems = []
    for name, check in PELICAN_CHECKS.items():
        if name not in settings:
            continue
        value = settings[name]
        expected = check(value)
        if expected is not None:
            problems.append(Problem(source, None, f"{name}: {expected}, but received: {value!r}"))
    return problems + zone_problems(settings, source)


def folder_problems(settings: Mapping[str, Any], source: str = "settings") -> list[Problem]:
    """Return a problem when the comments folder is taken by a file (a missing one is fine)."""
    name = "PROSPECTS_COMMENTS_PATH"
    relative = settings.get(name, SETTINGS[name].default)
    folder = os.path.join(str(settings.get("PATH", os.curdir)), relative)
    if not os.path.exists(folder) or os.path.isdir(folder):
        return []
    reason = f"{name}: {folder} is a file, not a folder: move the file away, or set {name}"
    return [Problem(source, None, reason)]


def zone_problems(settings: Mapping[str, Any], source: str = "settings") -> list[Problem]:
    """Return a problem when TIMEZONE names no time zone that this machine knows."""
    name = settings.get("TIMEZONE") or "UTC"
    reason = f"TIMEZONE: Expected a time zone such as 'Europe/Paris', but received: {name!r}"
    if not isinstance(name, str):
        return [Problem(source, None, reason)]
    try:
        ZoneInfo(name)
    except PermissionError as error:  # a zone whose file this machine keeps from us
        reason = f"{reason}: cannot read {error.filename} (permission denied)"
        return [Problem(source, None, reason)]
    # ValueError: not a normalized relative path (such as 'Europe/../../etc/passwd'), or a file
    # that is not a zone; OSError: a folder of zones such as 'Europe', a name too long.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return [Problem(source, None, reason)]
    return []


@dataclass(frozen=True)
class Config:
    """What the plugin reads of a site's settings, typed, with every default filled in."""

    path: str  # PATH, absolute
    comments_folder: str  # PROSPECTS_COMMENTS_PATH, relative to PATH
    strict: bool
    owner_names: tuple[str, ...]  # AUTHOR, then PROSPECTS_OWNER_NAMES
    contact_email: str
    comments_placement: str  # PROSPECTS_COMMENTS_PLACEMENT: "auto", "template" or "off"
    booking_url: str
    booking_service: str  # PROSPECTS_BOOKING_SERVICE, one of questionnaire.booking.SERVICES
    server_rules: tuple[str, ...]  # each kind of server once, in the owner's order
    csp: Mapping[str, tuple[str, ...]]
    explain: bool  # PROSPECTS_EXPLAIN
    zone: ZoneInfo  # TIMEZONE (UTC when unset)
    lang: str  # DEFAULT_LANG
    site_url: str  # SITEURL
    site_name: str
    feed_domain: str  # FEED_DOMAIN, else SITEURL
    feed_max_items: int | None
    cache: bool  # CACHE_CONTENT
    load_cache: bool  # CACHE_CONTENT and LOAD_CONTENT_CACHE
    cache_path: str
    ignore_files: tuple[str, ...]
    article_paths: tuple[str, ...]
    article_excludes: tuple[str, ...]
    page_paths: tuple[str, ...]
    page_excludes: tuple[str, ...]
    relative_urls: bool
    theme: str
    output_path: str
    private_path: str  # PROSPECTS_PRIVATE_PATH, absolute
    imap: Mapping[str, Any]  # PROSPECTS_IMAP
    authserv_id: str  # PROSPECTS_AUTHSERV_ID
    smtp: Mapping[str, Any]  # PROSPECTS_SMTP

    @property
    def comments_root(self) -> str:
        """Return the absolute folder of the comment files."""
        return os.path.join(self.path, self.comments_folder)

    @property
    def base(self) -> str:
        """Return the folder above PATH: file names in messages are relative to it."""
        return os.path.dirname(self.path)


def apply(settings: dict[str, Any], source: str = "settings") -> Config:
    """Check `settings`, fill in the defaults in place and return them typed; raise if bad."""
    # The comments folder is looked at once the settings that name it are known to be good.
    problems = (validate(settings, source) + pelican_problems(settings, source)) or folder_problems(
        settings, source
    )
    if problems:
        raise ProspectsError(problems, INVALID)
    for name, value in defaults().items():
        settings.setdefault(name, value)
    config = _typed(settings)
    settings[KEY] = config
    return config


# Where `apply` leaves the typed settings, for the code that is handed Pelican's dict.
KEY = "PROSPECTS"


def configured(settings: Mapping[str, Any]) -> Config | None:
    """Return the typed settings of a build that our plugin configured, None for another's."""
    config = settings.get(KEY)
    return config if isinstance(config, Config) else None


def config_of(settings: dict[str, Any]) -> Config:
    """Return the typed settings that `apply` made of `settings` (making them if need be)."""
    config = settings.get(KEY)
    return config if isinstance(config, Config) else apply(settings)


def _texts(values: Any) -> tuple[str, ...]:
    """Return a list setting's folders or patterns as text (a path object gives its path)."""
    return tuple(os.fspath(value) for value in values or ())


def _typed(settings: Mapping[str, Any]) -> Config:
    names = (settings.get("AUTHOR") or "", *settings["PROSPECTS_OWNER_NAMES"])
    site_url = str(settings.get("SITEURL") or "")
    cache = bool(settings.get("CACHE_CONTENT"))
    return Config(
        path=os.path.abspath(os.fspath(settings.get("PATH") or os.curdir)),
        comments_folder=settings["PROSPECTS_COMMENTS_PATH"].strip("/"),
        strict=settings["PROSPECTS_STRICT"],
        owner_names=tuple(name for name in names if name.strip()),
        contact_email=settings["PROSPECTS_CONTACT_EMAIL"],
        comments_placement=settings["PROSPECTS_COMMENTS_PLACEMENT"],
        booking_url=settings["PROSPECTS_BOOKING_URL"],
        booking_service=settings["PROSPECTS_BOOKING_SERVICE"],
        server_rules=tuple(dict.fromkeys(settings["PROSPECTS_SERVER_RULES"])),
        csp={key: tuple(value) for key, value in settings["PROSPECTS_CSP"].items()},
        explain=settings["PROSPECTS_EXPLAIN"],
        zone=ZoneInfo(str(settings.get("TIMEZONE") or "UTC")),
        lang=str(settings.get("DEFAULT_LANG") or "en"),
        site_url=site_url,
        site_name=str(settings.get("SITENAME") or ""),
        feed_domain=str(settings.get("FEED_DOMAIN") or site_url),
        feed_max_items=settings.get("FEED_MAX_ITEMS") or None,
        cache=cache,
        load_cache=cache and bool(settings.get("LOAD_CONTENT_CACHE")),
        cache_path=os.fspath(settings.get("CACHE_PATH") or "cache"),
        ignore_files=_texts(settings.get("IGNORE_FILES")),
        article_paths=_texts(settings.get("ARTICLE_PATHS")),
        article_excludes=_texts(settings.get("ARTICLE_EXCLUDES")),
        page_paths=_texts(settings.get("PAGE_PATHS")),
        page_excludes=_texts(settings.get("PAGE_EXCLUDES")),
        relative_urls=bool(settings.get("RELATIVE_URLS")),
        theme=os.fspath(settings.get("THEME") or ""),
        output_path=os.fspath(settings.get("OUTPUT_PATH") or "output"),
        private_path=os.path.abspath(settings["PROSPECTS_PRIVATE_PATH"]),
        imap=dict(settings["PROSPECTS_IMAP"]),
        authserv_id=settings["PROSPECTS_AUTHSERV_ID"],
        smtp=dict(settings["PROSPECTS_SMTP"]),
    )
