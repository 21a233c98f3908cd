"""The code stays as ruff (configured in pyproject.toml) wants it: checked and formatted."""

from __future__ import annotations

import pytest

from .support import ROOT, run


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff(command: list[str]) -> None:
    result = run(["ruff", *command, str(ROOT)], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
