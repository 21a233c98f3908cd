"""The `pelican-prospects` command itself."""

from __future__ import annotations

import ast
import subprocess
import sys

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


def test_the_commands_and_the_date_filters_load_none_of_the_build_glue() -> None:
    # `register()` imports the glue: the commands start without the renderers or Pelican's glue.
    script = (
        "import sys\n"
        "import pelican_prospects.cli, pelican_prospects.dates, pelican_prospects.i18n\n"
        "print(sorted(name for name in sys.modules if name.startswith(GLUE)))\n"
    )
    glue = ("nh3", "markdown_it_pyrs", "pelican_prospects.comments", "pelican_prospects.glue")
    done = subprocess.run(
        [sys.executable, "-c", f"GLUE = {glue!r}\n{script}"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "[]\n"
    register = script.replace("import sys\n", "import sys\nimport pelican_prospects\n") + (
        "pelican_prospects.register()\n"
        "print(sorted(name for name in sys.modules if name.startswith(GLUE)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", f"GLUE = {glue!r}\n{register}"],
        capture_output=True,
        text=True,
        check=True,
    )
    before, after = done.stdout.splitlines()
    assert before == "[]"
    assert {"nh3", "markdown_it_pyrs", "pelican_prospects.comments.glue"} <= set(
        ast.literal_eval(after)
    )
