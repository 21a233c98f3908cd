"""`PROSPECTS_` settings: documented defaults, and a clear stop on a bad value."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from pelican_prospects import settings as settings_module
from pelican_prospects.problems import ProspectsError
from pelican_prospects.server_rules.host import hosts
from pelican_prospects.settings import SETTINGS, apply, config_of, configured, defaults, validate

from .support import build_site, run, write_files


def test_defaults_are_documented_and_valid() -> None:
    assert set(defaults()) == set(SETTINGS)
    assert all(setting.doc for setting in SETTINGS.values())
    assert validate(defaults()) == []


def test_defaults_are_fresh_copies() -> None:
    first = defaults()
    first["PROSPECTS_OWNER_NAMES"].append("Someone")
    assert defaults()["PROSPECTS_OWNER_NAMES"] == []


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "PROSPECTS_STRICT",
            "no",
            "settings: PROSPECTS_STRICT: Expected True or False, but received: 'no'",
        ),
        (
            "PROSPECTS_COMMENTS_PATH",
            "../x",
            "settings: PROSPECTS_COMMENTS_PATH: Expected a folder inside PATH (no leading '/' and no '..'), "
            "but received: '../x'",
        ),
        (
            "PROSPECTS_CONTACT_EMAIL",
            "claire",
            "settings: PROSPECTS_CONTACT_EMAIL: Expected an e-mail address such as 'name@example.org' "
            "(or '' for none), but received: 'claire'",
        ),
        (
            "PROSPECTS_BOOKING_URL",
            "javascript:alert(1)",
            "settings: PROSPECTS_BOOKING_URL: Expected an http:// or https:// address (or '' for none), "
            "but received: 'javascript:alert(1)'",
        ),
        (
            "PROSPECTS_OWNER_NAMES",
            "Claire",
            "settings: PROSPECTS_OWNER_NAMES: Expected a list of names, but received: 'Claire'",
        ),
        (
            "PROSPECTS_COMMENTS_PLACEMENT",
            "after",
            "settings: PROSPECTS_COMMENTS_PLACEMENT: Expected one of: 'auto', 'template', 'off', "
            "but received: 'after'",
        ),
        (
            "PROSPECTS_SERVER_RULES",
            ["iis"],
            "settings: PROSPECTS_SERVER_RULES: Expected a list made of 'nginx', 'apache', 'netlify', "
            "but received: ['iis']",
        ),
        (
            "PROSPECTS_IMAP",
            {"host": "imap.example.org", "user": "claire", "tls": "ssl"},
            "settings: PROSPECTS_IMAP: Expected {} or a dict with 'host' and 'user' (and optionally "
            "'port', 'folder', 'done_folder', 'cafile', 'tls': 'implicit' (the default), "
            "'starttls', True or False); 'tls' must be one of 'implicit', 'starttls', True, False, "
            "but received: {'host': 'imap.example.org', 'user': 'claire', 'tls': 'ssl'}",
        ),
        (
            "PROSPECTS_IMAP",
            {"host": "imap.example.org", "user": "claire", "password": "hunter2"},
            "settings: PROSPECTS_IMAP: Expected no 'password': it comes from the environment "
            "variable PROSPECTS_IMAP_PASSWORD, but received: {'host': 'imap.example.org', "
            "'user': 'claire', 'password': '***'}",
        ),
        (
            "PROSPECTS_PRIVATE_PATH",
            "",
            "settings: PROSPECTS_PRIVATE_PATH: Expected a folder name, but received: ''",
        ),
        (
            "PROSPECTS_IMAP",
            {1: "x", "a": "y"},  # keys that do not sort together
            "settings: PROSPECTS_IMAP: Expected {} or a dict with 'host' and 'user' (and optionally "
            "'port', 'folder', 'done_folder', 'cafile', 'tls': 'implicit' (the default), "
            "'starttls', True or False); unknown key(s): 'a', 1, but received: {1: 'x', 'a': 'y'}",
        ),
        (
            "PROSPECTS_SMTP",
            {1: "x", "a": "y"},
            "settings: PROSPECTS_SMTP: Expected {} or a dict with 'host' and 'from' (and optionally "
            "'port', 'user', 'cafile', 'tls': 'starttls' (the default), 'ssl' or False); unknown "
            "key(s): 'a', 1, but received: {1: 'x', 'a': 'y'}",
        ),
        (
            "PROSPECTS_PRIVATE_PATH",
            "private\0",
            "settings: PROSPECTS_PRIVATE_PATH: Expected a folder name, but received: 'private\\x00'",
        ),
        (
            "PROSPECTS_COMMENTS_PATH",
            "comments\0",
            "settings: PROSPECTS_COMMENTS_PATH: Expected a folder name relative to PATH, but "
            "received: 'comments\\x00'",
        ),
        # A pattern's '$' also matches before a last line break: none may end the value.
        (
            "PROSPECTS_CONTACT_EMAIL",
            "claire@example.org\n",
            "settings: PROSPECTS_CONTACT_EMAIL: Expected an e-mail address such as 'name@example.org' "
            "(or '' for none), but received: 'claire@example.org\\n'",
        ),
        (
            "PROSPECTS_BOOKING_URL",
            "https://example.org/\n",
            "settings: PROSPECTS_BOOKING_URL: Expected an http:// or https:// address (or '' for none), "
            "but received: 'https://example.org/\\n'",
        ),
        (
            "PROSPECTS_AUTHSERV_ID",
            "mx.example.org\n",
            "settings: PROSPECTS_AUTHSERV_ID: Expected a server name such as 'mx.example.org' (or '' "
            "for the topmost header), but received: 'mx.example.org\\n'",
        ),
        (
            "PROSPECTS_SMTP",
            {"host": "smtp.example.org", "from": "blog@example.org\n"},
            "settings: PROSPECTS_SMTP: Expected {} or a dict with 'host' and 'from' (and optionally "
            "'port', 'user', 'cafile', 'tls': 'starttls' (the default), 'ssl' or False); 'from' "
            "must be an address such as 'name@example.org', but received: {'host': "
            "'smtp.example.org', 'from': 'blog@example.org\\n'}",
        ),
        (
            "PROSPECTS_SERVER_RULES",
            [["nginx"]],  # a list in the list: not a name to look up
            "settings: PROSPECTS_SERVER_RULES: Expected a list made of 'nginx', 'apache', 'netlify', "
            "but received: [['nginx']]",
        ),
    ],
)
def test_bad_values_are_named(name: str, value: object, message: str) -> None:
    assert [str(problem) for problem in validate({name: value})] == [message]


def test_unknown_setting_is_reported_with_the_known_ones() -> None:
    (problem,) = validate({"PROSPECTS_STRCT": False})
    assert problem.reason.startswith("unknown setting PROSPECTS_STRCT. Expected one of: ")
    assert "PROSPECTS_STRICT" in problem.reason


def test_every_bad_setting_is_reported_at_once() -> None:
    with pytest.raises(ProspectsError) as raised:
        apply({"PROSPECTS_STRICT": 1, "PROSPECTS_BOOKING_URL": "ftp://x"})
    assert [p.reason.split(":")[0] for p in raised.value.problems] == [
        "PROSPECTS_BOOKING_URL",
        "PROSPECTS_STRICT",
    ]
    assert str(raised.value).startswith("prospects: invalid settings:\n  settings: ")


def test_apply_fills_defaults_without_touching_given_values() -> None:
    settings = {"PROSPECTS_STRICT": False}
    apply(settings)
    assert settings["PROSPECTS_STRICT"] is False
    assert settings["PROSPECTS_COMMENTS_PATH"] == "comments"


def test_build_stops_on_a_bad_setting(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", {"a.md": "Title: A\nDate: 2024-01-01\n\nText"})
    with pytest.raises(ProspectsError, match="PROSPECTS_STRICT: Expected True or False"):
        build_site(content, tmp_path / "out", PROSPECTS_STRICT="yes")


def test_pelican_command_exits_with_the_message_and_no_traceback(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", {"a.md": "Title: A\nDate: 2024-01-01\n\nText"})
    conf = tmp_path / "conf.py"
    conf.write_text(
        'PLUGINS = ["pelican_prospects"]\nPROSPECTS_CONTACT_EMAIL = "nobody"\n', encoding="utf-8"
    )
    result = run(["pelican", str(content), "-o", str(tmp_path / "out"), "-s", str(conf)])
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "PROSPECTS_CONTACT_EMAIL: Expected an e-mail address" in output
    assert "Traceback" not in output


def test_apply_returns_the_typed_settings_with_their_defaults(tmp_path: Path) -> None:
    settings = {
        "PATH": str(tmp_path / "content"),
        "AUTHOR": "Claire Dumas",
        "TIMEZONE": "Europe/Paris",
        "SITEURL": "https://example.org",
        "PROSPECTS_OWNER_NAMES": ["C. Dumas"],
        "PROSPECTS_SERVER_RULES": ["nginx", "apache", "nginx"],
        "PROSPECTS_CSP": {"frame-src": ["https://www.youtube-nocookie.com"]},
    }
    config = apply(settings)
    assert config.comments_root == str(tmp_path / "content" / "comments")
    assert config.base == str(tmp_path)
    assert config.zone.key == "Europe/Paris"
    assert config.owner_names == ("Claire Dumas", "C. Dumas")
    assert config.server_rules == ("nginx", "apache")
    assert config.csp == {"frame-src": ("https://www.youtube-nocookie.com",)}
    assert config.feed_domain == "https://example.org"
    assert (config.strict, config.contact_email, config.lang, config.cache) == (
        True,
        "",
        "en",
        False,
    )
    assert config_of(settings) is config
    with pytest.raises(FrozenInstanceError):
        config.strict = False  # type: ignore[misc]


def test_a_site_without_our_plugin_is_left_alone() -> None:
    foreign = {"PATH": "content", "SITEURL": ""}
    assert configured(foreign) is None
    assert foreign == {"PATH": "content", "SITEURL": ""}


@pytest.mark.parametrize(
    "zone",
    [
        "Mars/Olympus",
        "../../etc/passwd",
        "Europe/Paris\n",
        "Europe",  # a folder of zones
        "Europe/../../etc/passwd",
        "zone1970.tab",  # a file of the zone database that is no zone
        "x" * 5000,  # a file name too long
        5,
        ["Europe/Paris"],
    ],
)
def test_an_unknown_time_zone_is_a_settings_error(zone: object) -> None:
    with pytest.raises(ProspectsError) as error:
        apply({"TIMEZONE": zone})
    assert [problem.reason for problem in error.value.problems] == [
        f"TIMEZONE: Expected a time zone such as 'Europe/Paris', but received: {zone!r}"
    ]


def test_a_time_zone_this_machine_cannot_read_is_a_settings_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unreadable(key: str) -> None:
        raise PermissionError(13, "Permission denied", f"/usr/share/zoneinfo/{key}")

    monkeypatch.setattr(settings_module, "ZoneInfo", unreadable)
    with pytest.raises(ProspectsError) as error:
        apply({"TIMEZONE": "Europe/Paris"})
    assert [problem.reason for problem in error.value.problems] == [
        "TIMEZONE: Expected a time zone such as 'Europe/Paris', but received: 'Europe/Paris': "
        "cannot read /usr/share/zoneinfo/Europe/Paris (permission denied)"
    ]


ITEMS = "Expected a whole number of feed entries such as 20 (0 or None for no limit)"
FOLDERS = "Expected a list of folder names relative to PATH"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("AUTHOR", 5, "Expected the author's name such as 'Claire Dumas'"),
        ("AUTHOR", ["Claire"], "Expected the author's name such as 'Claire Dumas'"),
        ("SITENAME", 5, "Expected the site's name"),
        (
            "SITEURL",
            5,
            "Expected the site's address such as 'https://example.org' (or '' for none)",
        ),
        (
            "FEED_DOMAIN",
            b"https://example.org",
            "Expected the feeds' address such as 'https://example.org' (or '' for SITEURL)",
        ),
        ("DEFAULT_LANG", 5, "Expected a language code such as 'en'"),
        ("FEED_MAX_ITEMS", "5", ITEMS),
        ("FEED_MAX_ITEMS", 2.5, ITEMS),
        ("FEED_MAX_ITEMS", True, ITEMS),
        ("FEED_MAX_ITEMS", -1, ITEMS),
        ("IGNORE_FILES", 5, "Expected a list of file name patterns such as ['**/.*']"),
        ("ARTICLE_PATHS", [5], FOLDERS),
        ("PAGE_EXCLUDES", 5, FOLDERS),
        ("OUTPUT_PATH", 5, "Expected a folder name"),
        ("THEME", 5, "Expected a theme folder, or the name of one of Pelican's themes"),
    ],
)
def test_pelican_settings_the_plugin_reads_are_checked(
    name: str, value: object, expected: str
) -> None:
    with pytest.raises(ProspectsError) as error:
        apply({name: value})
    assert [str(problem) for problem in error.value.problems] == [
        f"settings: {name}: {expected}, but received: {value!r}"
    ]


def test_pelican_settings_are_reported_with_ours_at_once() -> None:
    with pytest.raises(ProspectsError) as error:
        apply({"AUTHOR": 5, "FEED_MAX_ITEMS": "5", "TIMEZONE": "Europe", "PROSPECTS_STRICT": 1})
    assert [problem.reason.split(":")[0] for problem in error.value.problems] == [
        "AUTHOR",
        "FEED_MAX_ITEMS",
        "PROSPECTS_STRICT",
        "TIMEZONE",
    ]


@pytest.mark.parametrize("value", [None, "", 0, 20])  # '': Pelican's default up to 4.8
def test_feed_max_items_may_be_none_zero_or_a_count(value: int | str | None) -> None:
    assert apply({"FEED_MAX_ITEMS": value}).feed_max_items == (value or None)


def test_build_stops_on_a_bad_pelican_setting_the_plugin_reads(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", {"a.md": "Title: A\nDate: 2024-01-01\n\nText"})
    with pytest.raises(ProspectsError) as error:
        build_site(content, tmp_path / "out", FEED_MAX_ITEMS="5")
    assert [str(problem) for problem in error.value.problems] == [
        f"settings: FEED_MAX_ITEMS: {ITEMS}, but received: '5'"
    ]


def test_the_server_kinds_are_those_of_the_registry() -> None:
    assert list(hosts()) == ["nginx", "apache", "netlify"]
    assert all(name == host.name for name, host in hosts().items())
    (problem,) = validate({"PROSPECTS_SERVER_RULES": ["iis"]})
    assert "Expected a list made of 'nginx', 'apache', 'netlify'" in problem.reason
