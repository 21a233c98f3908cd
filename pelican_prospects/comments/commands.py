"""`pelican-prospects comment add` and the comment part of `pelican-prospects check`."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..problems import Problem
from ..sources import read_slugs
from .assemble import assemble
from .intake import NewComment, add_comment, from_email, with_reply
from .scan import article_folders
from .work import check_folder, options_from


def article_slugs(settings: dict[str, Any]) -> set[str]:
    """Return the slug of every article (any status or language), read as Pelican reads them."""
    from pelican.contents import Article

    excludes = [*settings["ARTICLE_EXCLUDES"], settings["PROSPECTS_COMMENTS_PATH"]]
    return set(read_slugs(settings, settings["ARTICLE_PATHS"], excludes, Article))


def zone_of(settings: dict[str, Any]) -> ZoneInfo:
    """Return the site's time zone."""
    return ZoneInfo(str(settings.get("TIMEZONE") or "UTC"))


def check_comments(settings: dict[str, Any]) -> list[Problem]:
    """Validate every comment file as the build does; return every problem."""
    root = os.path.join(settings["PATH"], settings["PROSPECTS_COMMENTS_PATH"])
    base = os.path.dirname(os.path.abspath(settings["PATH"]))
    folders = article_folders(root, base, list(settings["IGNORE_FILES"]))
    options = options_from(settings)
    reports = [check_folder(options, slug, path) for slug, path in folders.paths.items()]
    return assemble(folders, reports, article_slugs(settings)).problems


def _add(args: argparse.Namespace) -> int:
    from ..cli import load_settings

    settings = load_settings(args.settings)
    zone = zone_of(settings)
    now = datetime.now(zone).replace(microsecond=0)
    if args.from_email:
        comment = from_email(Path(args.from_email).read_bytes(), now=now, zone=zone)
    else:
        if not args.author:
            args.parser.error("--author is required with --text")
        text = sys.stdin.read() if args.text == "-" else args.text
        comment = NewComment(args.author, text, now, args.website or "", args.email or "")
    comment = with_reply(comment, args.reply_to, args.pending)
    comments = Path(settings["PATH"]) / settings["PROSPECTS_COMMENTS_PATH"]
    path = add_comment(comments, args.article, comment, slugs=article_slugs(settings), zone=zone)
    print(f"prospects: wrote {path}")
    return 0


def add_commands(subparsers: Any) -> None:
    """Register `comment add`."""
    from ..cli import add_settings_option

    comment = subparsers.add_parser("comment", help="manage readers' comments")
    actions = comment.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="write a new comment file with a fresh id",
        description="Write a valid comment file with a fresh id (never overwriting one).",
    )
    add.add_argument("--article", required=True, metavar="SLUG", help="the article's slug")
    add.add_argument("--reply-to", metavar="ID", help="id of the comment this one answers")
    source = add.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--from-email", metavar="MESSAGE.eml", help="read the comment from an e-mail"
    )
    source.add_argument("--text", metavar="TEXT", help="the comment's Markdown text ('-': stdin)")
    add.add_argument("--author", metavar="NAME", help="the author's name (with --text)")
    add.add_argument("--website", metavar="URL", help="the author's website (with --text)")
    add.add_argument("--email", metavar="ADDRESS", help="the author's e-mail, for the avatar")
    add.add_argument("--pending", action="store_true", help="hold the comment for moderation")
    add_settings_option(add)
    add.set_defaults(run=_add, parser=add)
