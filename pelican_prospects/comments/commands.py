"""`pelican-prospects comment add` and the comment part of `pelican-prospects check`."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..problems import Problem, ProspectsError
from ..settings import config_of
from ..sources import article_sources, read_articles
from .assemble import assemble
from .intake import NewComment, add_comment, with_reply
from .mail import from_email
from .owner import is_owner_name, owner_names
from .private import PrivateStore
from .scan import article_folders
from .subscriber_commands import add_commands as add_subscriber_commands
from .work import check_folder, options_from


def article_dates(settings: dict[str, Any]) -> dict[str, datetime | None]:
    """Return the date of every article (any status or language) by slug, as Pelican reads them."""
    return {slug: source.date for slug, source in article_sources(settings).items()}


def check_comments(settings: dict[str, Any]) -> tuple[list[Problem], list[str]]:
    """Validate every comment file as the build does; return its problems and warnings."""
    config = config_of(settings)
    folders = article_folders(config.comments_root, config.base, list(config.ignore_files))
    options = options_from(settings)
    reports = [check_folder(options, slug, path) for slug, path in folders.paths.items()]
    articles, unreadable = read_articles(settings)
    site = assemble(folders, reports, articles.keys())
    return unreadable + site.problems, site.warnings


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
            authserv_id=config.authserv_id,
        )
        if comment.notify_refused:
            print(
                f"prospects: {args.from_email}: not subscribed to replies: {comment.notify_refused}"
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
    store = PrivateStore(config)
    path = add_comment(comments, args.article, comment, slugs=set(articles), zone=zone)
    if comment.email.strip():
        store.keep_emails({f"{args.article}/{path.stem}": comment.email.strip()})
    print(f"prospects: wrote {path}")
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress

    from ..config_file import load_settings
    from . import mailboxes
    from .fetch import Site, fetch

    settings = load_settings(args.settings)
    config = config_of(settings)
    store = PrivateStore(config)
    site = Site(
        comments=Path(config.comments_root),
        articles=article_dates(settings),
        owners=owner_names(config.owner_names),
        zone=config.zone,
        now=datetime.now(config.zone).replace(microsecond=0),
        publish=args.publish,
        authserv_id=config.authserv_id,
        ignore=tuple(config.ignore_files),
    )
    if args.maildir:
        source: mailboxes.Source = mailboxes.maildir(args.maildir)
    elif args.mbox:
        source = mailboxes.mbox(args.mbox)
    else:
        source = mailboxes.imap_source(config.imap)
    try:
        console = Console(stderr=True)
        with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
            task = bar.add_task("Fetching comments", total=source.count())
            summary = fetch(source, site, store, lambda: bar.advance(task))
    finally:
        source.close()
    for path in summary.imported:
        print(f"prospects: wrote {os.path.relpath(path)}")
    for problem in summary.unverified:
        print(f"prospects: {problem}")
    for address, ended in summary.unsubscribed:
        refs = f": {', '.join(ended)}" if ended else ""
        print(f"prospects: {address} unsubscribed, {len(ended)} subscription(s) ended{refs}")
    if summary.refused:
        print(ProspectsError(summary.refused, "refused, left in place").format(), file=sys.stderr)
    print(summary.line())
    return 1 if summary.refused else 0


def email_warnings(settings: dict[str, Any]) -> list[str]:
    """Return a warning per comment file that still holds an `Email:` key."""
    from . import emails

    config = config_of(settings)
    return emails.warnings(config.comments_root, config.base, list(config.ignore_files))


def _move_emails(args: argparse.Namespace) -> int:
    from ..config_file import load_settings
    from . import emails

    settings = load_settings(args.settings)
    config = config_of(settings)
    store = PrivateStore(config)
    done = emails.move(config.comments_root, config.base, list(config.ignore_files), store)
    for line in done:
        print(line)
    print(f"prospects: {len(done)} address(es) moved to {config.private_path}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from ..config_file import load_settings
    from . import review

    settings = load_settings(args.settings)
    config = config_of(settings)
    root = Path(config.comments_root)
    found = review.entries(root, config.zone, list(config.ignore_files))
    publish, spam, delete = args.publish or [], args.spam or [], args.delete or []
    if not (publish or spam or delete) and sys.stdin.isatty() and sys.stdout.isatty():
        publish, spam, delete = _ask(review.pending(found))
    elif not (publish or spam or delete):
        queue = review.pending(found)
        for entry in queue:
            print(entry.line())
        print(f"prospects: {len(queue)} comment(s) pending")
        return 0
    for line in review.carry_out(found, publish, spam, delete):
        print(line)
    if delete:
        PrivateStore(config).forget_emails(delete)
    return 0


ANSWERS = {"p": "publish", "s": "spam", "d": "delete", "k": "keep", "q": "quit"}


def _ask(queue: list[Any]) -> tuple[list[str], list[str], list[str]]:
    """Ask what to do with each pending comment; return the references to publish, spam, delete."""
    chosen: dict[str, list[str]] = {"publish": [], "spam": [], "delete": []}
    for entry in queue:
        print(entry.line())
        answer = ""
        while answer not in ANSWERS:
            answer = input("  [p]ublish, [s]pam, [d]elete, [k]eep, [q]uit? ").strip().lower()[:1]
        if ANSWERS[answer] == "quit":
            break
        if ANSWERS[answer] in chosen:
            chosen[ANSWERS[answer]].append(entry.ref)
    return chosen["publish"], chosen["spam"], chosen["delete"]


def add_commands(subparsers: Any) -> None:
    """Register `comment add`, `comment fetch` and `comment review`."""
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
    add.add_argument(
        "--email",
        metavar="ADDRESS",
        help="the author's e-mail: kept in the private store, its hash draws the avatar",
    )
    add.add_argument("--pending", action="store_true", help="hold the comment for moderation")
    add_settings_option(add)
    add.set_defaults(run=_add, parser=add)
    fetch = actions.add_parser(
        "fetch",
        help="import the comments waiting in your mailbox",
        description="Turn each comment message of the mailbox (PROSPECTS_IMAP, or --maildir or "
        "--mbox) into a comment file, pending moderation; never the same message twice. An "
        "[unsubscribe] message ends every reply subscription of its sender.",
    )
    where = fetch.add_mutually_exclusive_group()
    where.add_argument("--maildir", metavar="DIR", help="read a local Maildir folder instead")
    where.add_argument("--mbox", metavar="FILE", help="read a local mbox file instead")
    fetch.add_argument(
        "--publish", action="store_true", help="publish at once instead of holding for review"
    )
    add_settings_option(fetch)
    fetch.set_defaults(run=_fetch)
    review_parser = actions.add_parser(
        "review",
        help="the moderation queue: list pending comments, publish, mark as spam, delete",
        description="List pending comments (SLUG/ID, date, author, first line), or act on them; "
        "in a terminal without options, ask about each one.",
    )
    for option, what in (
        ("--publish", "publish"),
        ("--spam", "mark as spam"),
        ("--delete", "delete the file of"),
    ):
        review_parser.add_argument(
            option, nargs="+", metavar="SLUG/ID", help=f"{what} these comments"
        )
    add_settings_option(review_parser)
    review_parser.set_defaults(run=_review)
    move = actions.add_parser(
        "move-emails",
        help="move the Email: keys of comment files to the private store",
        description="Put each comment file's Email: address in the private store "
        "(PROSPECTS_PRIVATE_PATH) and leave the file its Avatar: key (the same avatar).",
    )
    add_settings_option(move)
    move.set_defaults(run=_move_emails)
    add_subscriber_commands(actions)
