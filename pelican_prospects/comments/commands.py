"""`pelican-prospects comment add` and the comment part of `pelican-prospects check`."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..problems import Problem
from ..settings import config_of
from ..sources import read_sources
from .assemble import assemble
from .intake import NewComment, add_comment, with_reply
from .mail import from_email
from .owner import is_owner_name, owner_names
from .scan import article_folders
from .work import check_folder, options_from


def article_dates(settings: dict[str, Any]) -> dict[str, datetime | None]:
    """Return the date of every article (any status or language) by slug, as Pelican reads them."""
    from pelican.contents import Article

    config = config_of(settings)
    excludes = [*config.article_excludes, config.comments_folder]
    sources = read_sources(settings, list(config.article_paths), excludes, Article)
    return {slug: source.date for slug, source in sources.items()}


def check_comments(settings: dict[str, Any]) -> list[Problem]:
    """Validate every comment file as the build does; return every problem."""
    config = config_of(settings)
    folders = article_folders(config.comments_root, config.base, list(config.ignore_files))
    options = options_from(settings)
    reports = [check_folder(options, slug, path) for slug, path in folders.paths.items()]
    return assemble(folders, reports, article_dates(settings).keys()).problems


def _add(args: argparse.Namespace) -> int:
    from ..config_file import load_settings

    settings = load_settings(args.settings)
    config = config_of(settings)
    zone = config.zone
    now = datetime.now(zone).replace(microsecond=0)
    articles = article_dates(settings)
    owners = owner_names(config.owner_names)
    if args.from_email:
        comment = from_email(
            Path(args.from_email).read_bytes(),
            path=args.from_email,
            now=now,
            zone=zone,
            published=articles.get(args.article),
            owners=owners,
        )
    else:
        if not args.author:
            args.parser.error("--author is required with --text")
        text = sys.stdin.read() if args.text == "-" else args.text
        # The owner at her shell: her own name marks the comment as hers.
        mine = is_owner_name(args.author, owners)
        comment = NewComment(
            args.author, text, now, args.website or "", args.email or "", owner=mine
        )
    comment = with_reply(comment, args.reply_to, args.pending)
    comments = Path(config.comments_root)
    path = add_comment(comments, args.article, comment, slugs=set(articles), zone=zone)
    print(f"prospects: wrote {path}")
    return 0


def add_commands(subparsers: Any) -> None:
    """Register `comment add`."""
    from ..config_file import add_settings_option

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
    add.add_argument(
        "--author",
        metavar="NAME",
        help="the author's name (with --text); your own name (AUTHOR or PROSPECTS_OWNER_NAMES) "
        "marks the comment as yours",
    )
    add.add_argument("--website", metavar="URL", help="the author's website (with --text)")
    add.add_argument("--email", metavar="ADDRESS", help="the author's e-mail, for the avatar")
    add.add_argument("--pending", action="store_true", help="hold the comment for moderation")
    add_settings_option(add)
    add.set_defaults(run=_add, parser=add)
