"""`PROSPECTS_` settings: documented defaults, and a clear stop on a bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican_prospects.problems import ProspectsError
from pelican_prospects.settings import SETTINGS, apply, defaults, validate

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
    conf.write_text('PLUGINS = ["pelican_prospects"]\nPROSPECTS_CONTACT_EMAIL = "nobody"\n')
    result = run(["pelican", str(content), "-o", str(tmp_path / "out"), "-s", str(conf)])
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "PROSPECTS_CONTACT_EMAIL: Expected an e-mail address" in output
    assert "Traceback" not in output
