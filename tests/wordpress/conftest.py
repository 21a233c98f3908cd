"""Fixtures for the WordPress importer: sample exports and the command run in a temp folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pelican_prospects.cli import main

SAMPLES = Path(__file__).parent / "samples"


def run_command(argv: list[str]) -> int:
    """Run `pelican-prospects import-wordpress ARGV` in this process and return its exit code."""
    return main(["import-wordpress", *argv])


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
