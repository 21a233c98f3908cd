"""`pelican-prospects import-wordpress EXPORT.xml`: the whole blog in, said plainly."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress

from ..comments import emails
from ..comments.private import PrivateStore
from ..settings import Config, config_of
from .plan import Layout, plan
from .report import Report
from .site import existing_slugs, first_folder, reserved_slugs, site_settings
from .write import Outcome, sync
from .wxr import parse

# Below this many posts and comments the import is over before a bar would be drawn.
LARGE = 300


@contextmanager
def progress_bar(total: int, console: Console | None = None) -> Iterator[Callable[[int], None]]:
    """Show a progress bar on a terminal (stderr by default) while a large export is converted."""
    console = console or Console(stderr=True)
    disable = total < LARGE or not console.is_terminal
    with Progress(console=console, transient=True, disable=disable) as progress:
        task = progress.add_task("Converting posts and comments", total=total)
        yield lambda done: progress.advance(task, done)


def counted(counter: dict[str, int]) -> str:
    """Return '2 published, 1 pending' from a counter, in its order."""
    return ", ".join(f"{number} {name}" for name, number in counter.items() if number)


def still_published(config: Config, outcome: Outcome) -> int:
    """Count the comment files of the site with an `Email:` line that the import leaves there."""
    found = emails.with_emails(config.comments_root, config.base, list(config.ignore_files))
    rewritten = {os.path.join(config.path, path) for path in outcome.new + outcome.updated}
    return sum(str(item.path) not in rewritten for item in found)


def summary(
    report: Report,
    outcome: Outcome,
    *,
    dry_run: bool,
    zone: str,
    private: str = "",
    published: int = 0,
) -> list[str]:
    """Return the closing summary: what the import did, kept, skipped, and what to look at.

    `private` is the private store that keeps the readers' addresses; `published` counts the
    comment files that still hold an `Email:` line (an earlier import's, or the owner's).
    """
    statuses = {name: report.comments[name] for name in ("published", "pending", "spam")}
    comments = counted(statuses) or "none"
    if report.mentions:
        comments += f" ({report.mentions} of them pingbacks or trackbacks)"
    verbs = ("to create", "to update") if dry_run else ("created", "updated")
    files = {
        verbs[0]: len(outcome.new),
        verbs[1]: len(outcome.updated),
        "unchanged": len(outcome.unchanged),
    }
    lines = [
        f"  posts: {report.articles}, pages: {report.pages}",
        f"  comments: {comments}",
        f"  files: {counted(files) or 'none'}",
    ]
    if outcome.addresses:
        verb = "to keep" if dry_run else "kept"
        lines.append(
            f"  readers' e-mail addresses: {len(outcome.addresses)} {verb} in the private store "
            f"{private}, not in the comment files (their Avatar: key draws the same avatar)"
        )
    lines.append(f"  dates: converted from WordPress's GMT dates to {zone}")
    kept = [
        (outcome.edited, "you edited it since the last import"),
        (outcome.deleted, "you deleted it since the last import: not written again"),
        (outcome.foreign, "it was not written by this command"),
        (outcome.orphaned, "its article was deleted since the last import: not written"),
    ]
    if any(paths for paths, _ in kept):
        lines.append("  kept as they are:")
        lines += [f"    {path} ({why})" for paths, why in kept for path in paths]
    if report.skipped:
        lines.append("  skipped:")
        lines += [f"    {why}: {number}" for why, number in sorted(report.skipped.items())]
    if report.shortcodes:
        names = ", ".join(f"[{name}] ({number})" for name, number in report.shortcodes.items())
        lines.append(f"  shortcodes left as text, to replace by hand: {names}")
    if report.removed:
        lines.append(
            "  removed from the imported HTML (it could run as script, or is not allowed):"
        )
        for where, removed in sorted(report.removed.items()):
            what = ", ".join(
                f"{name} ({number})" if number > 1 else name
                for name, number in sorted(removed.items())
            )
            lines.append(f"    {where}: {what}")
    if report.sources:
        allowed = {
            directive: sorted(origins) for directive, origins in sorted(report.sources.items())
        }
        lines.append(
            f"  players kept from other sites: to show them, set PROSPECTS_CSP = {allowed!r} in "
            "your settings"
        )
    if report.notes:
        lines.append("  notes:")
        lines += [f"    {note}" for note in report.notes]
    if published:
        lines.append(
            f"  comment files with an Email: line, published with the site: {published} "
            "(an earlier import's, or yours): run `pelican-prospects comment move-emails` to "
            "keep the addresses in the private store"
        )
    return lines


def run_import(args: argparse.Namespace) -> int:
    """Import the export into the content folder; print what was done."""
    settings, zone = site_settings(args.settings, args.content)
    export = parse(Path(args.export).read_bytes(), args.export)
    config = config_of(settings)
    root = Path(config.path)
    articles, pages = existing_slugs(settings)
    layout = Layout(
        articles=first_folder(config.article_paths, "articles"),
        pages=first_folder(config.page_paths, "pages"),
        comments=config.comments_folder,
        zone=config.zone,
        posts=args.posts,
        slug_substitutions=settings["SLUG_REGEX_SUBSTITUTIONS"],
        existing_articles=articles,
        existing_pages=pages,
        reserved=reserved_slugs(settings),
    )
    # Readers' addresses go where `comment add --email` puts them; a store inside the site is
    # refused before anything is written (a dry run too: it says what the import would do).
    store = PrivateStore(config)
    total = sum(1 + len(item.comments) for item in export.items)
    with progress_bar(total) as advance:
        outputs, report = plan(export, layout, advance)
    outcome = sync(root, outputs, dry_run=args.dry_run, keep=store.keep_emails)
    title = f" ({export.title!r})" if export.title else ""
    if args.dry_run:
        print(f"prospects: dry run, nothing written: {args.export}{title} into {root} would give")
    else:
        print(f"prospects: imported {args.export}{title} into {root}")
    lines = summary(
        report,
        outcome,
        dry_run=args.dry_run,
        zone=zone,
        private=str(store.root),
        published=still_published(config, outcome),
    )
    print("\n".join(lines))
    return 0


def add_commands(subparsers: Any) -> None:
    """Register `import-wordpress`."""
    from ..config_file import add_settings_option

    command = subparsers.add_parser(
        "import-wordpress",
        help="import posts, pages and comment threads from a WordPress export",
        description=(
            "Read a WordPress export (Tools > Export) and write its published posts and pages "
            "as Markdown, and its comments as comment files. Dates are given in the TIMEZONE of "
            "the settings (pelicanconf.py of the current folder if there is one, else UTC). "
            "Running it again writes what is new and leaves every file you changed as it is."
        ),
    )
    command.add_argument("export", metavar="EXPORT.xml", help="the WordPress export (WXR) file")
    command.add_argument(
        "--content",
        metavar="FOLDER",
        help="the site's content folder (default: PATH of the settings, else 'content')",
    )
    command.add_argument(
        "--posts",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="write posts and pages (--no-posts: only the comments of articles already there)",
    )
    command.add_argument(
        "--dry-run", action="store_true", help="say what would be written, and write nothing"
    )
    add_settings_option(command)
    command.set_defaults(run=run_import)
