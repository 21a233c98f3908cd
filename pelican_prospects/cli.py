"""The `pelican-prospects` command: one sub-command per task, each defined by its feature."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .config_file import add_settings_option, load_settings
from .problems import ProspectsError


def _check(args: argparse.Namespace) -> int:
    from .comments.commands import check_comments, email_warnings
    from .questionnaire.commands import check_questionnaires

    settings = load_settings(args.settings)
    problems, warnings = check_comments(settings)
    problems += check_questionnaires(settings)
    if problems:
        print(ProspectsError(problems).format(), file=sys.stderr)
    for warning in [*warnings, *email_warnings(settings)]:  # as the build warns
        print(f"prospects: {warning}", file=sys.stderr)
    if problems:
        return 1
    print("prospects: no problem found")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of every sub-command."""
    from .comments.commands import add_commands as add_comment_commands
    from .questionnaire.commands import add_commands as add_questionnaire_commands
    from .wordpress.commands import add_commands as add_wordpress_commands

    parser = argparse.ArgumentParser(
        prog="pelican-prospects",
        description="Comments and self-qualification questionnaires for a Pelican site.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check", help="validate comment files and questionnaires as the build does"
    )
    add_settings_option(check)
    check.set_defaults(run=_check)
    add_comment_commands(commands)
    add_questionnaire_commands(commands)
    add_wordpress_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command; print problems, not tracebacks."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        return args.run(args)
    except ProspectsError as error:
        print(error.format(), file=sys.stderr)
        return 1
    except OSError as error:
        print(f"prospects: {error}", file=sys.stderr)
        return 1
