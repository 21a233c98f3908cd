"""Fixtures for the WordPress importer: sample exports and the command run in a temp folder."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pelican_prospects.problems import ProspectsError
from pelican_prospects.wordpress import commands

SAMPLES = Path(__file__).parent / "samples"


def run_command(argv: list[str]) -> int:
    """Run `import-wordpress` as `pelican-prospects` does: problems printed, exit 1."""
    parser = argparse.ArgumentParser(prog="pelican-prospects")
    commands.add_commands(parser.add_subparsers())
    args = parser.parse_args(["import-wordpress", *argv])
    try:
        return args.run(args)
    except ProspectsError as error:
        print(error.format(), file=sys.stderr)
        return 1


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return an empty site folder, made the current folder (no pelicanconf.py in it)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def import_wordpress(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str, str]]:
    """Return a function running the command in `site`; it returns (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = run_command(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
