"""The `pelican-prospects` command itself."""

from __future__ import annotations

from pelican_prospects import __version__

from .support import run


def test_version() -> None:
    result = run(["pelican-prospects", "--version"])
    assert result.returncode == 0
    assert result.stdout.strip() == f"pelican-prospects {__version__}"


def test_help_lists_the_commands() -> None:
    result = run(["pelican-prospects", "--help"])
    assert result.returncode == 0
    assert "check" in result.stdout and "usage: pelican-prospects" in result.stdout


def test_unknown_command_is_refused() -> None:
    result = run(["pelican-prospects", "fly"])
    assert result.returncode == 2
    assert "invalid choice: 'fly'" in result.stderr


def test_problems_with_and_without_a_line_are_listed_together() -> None:
    from pelican_prospects.problems import Problem, ProspectsError

    error = ProspectsError([Problem("a.eml", 3, "Date: x"), Problem("a.eml", None, "no From")])
    assert error.format() == "prospects: 2 problem(s) found:\n  a.eml: no From\n  a.eml:3: Date: x"
