"""`comment notify` and `comment erase`: what the private store's addresses are used for."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..problems import Problem, ProspectsError
from ..settings import EMAIL, Config, config_of
from ..sources import article_sources
from .notify import Letterhead, Notice, compose
from .private import NOTIFIED, PrivateStore

ABSOLUTE = re.compile(r"^https?://[^/\s]+")


def _notify(args: argparse.Namespace) -> int:
    from ..config_file import load_settings

    shown = args.settings or "pelicanconf.py"
    settings = load_settings(args.settings)
    config = config_of(settings)
    if not ABSOLUTE.match(config.site_url):
        reason = (
            "SITEURL: notifications link to the comment, so SITEURL must be the site's absolute "
            f"address (such as 'https://example.org'), but received: {config.site_url!r}: set "
            "it in the settings that publish the site (-s publishconf.py)"
        )
        raise ProspectsError([Problem(shown, None, reason)], "cannot send notifications")
    store = PrivateStore(config)
    with store.notifying():
        return _notify_alone(args, settings, config, store)


def _notify_alone(
    args: argparse.Namespace, settings: dict[str, Any], config: Config, store: PrivateStore
) -> int:
    """Send what is unsent, the one `comment notify` running on the store."""
    from ..i18n import site_translations
    from . import review
    from .notify import notices, unsent

    found = review.entries(Path(config.comments_root), config.zone, list(config.ignore_files))
    sender = str(config.smtp.get("from") or "")
    every = notices(found, store.emails(), (config.contact_email, sender))
    sent = store.notified()
    if sent is None and not args.backfill:
        if args.dry_run:
            print(
                "prospects: notifications are not switched on yet: the first run will record "
                f"{len(every)} notification(s) of comments already published as sent and send "
                "none (--backfill sends them instead)"
            )
            return 0
        store.record_notified([(n.entry.ref, n.to) for n in every])
        print(
            f"prospects: notifications switched on: {len(every)} notification(s) of comments "
            "already published recorded as sent, none sent (--backfill sends them instead)"
        )
        return 0
    todo = unsent(every, sent or {})
    if args.dry_run:
        for notice in todo:
            print(f"prospects: would notify {notice.line()}")
        print(f"prospects: {len(todo)} notification(s) would be sent")
        return 0
    head = Letterhead(
        site_name=config.site_name,
        site_url=config.site_url,
        sender=sender,
        unsubscribe_to=config.contact_email or sender,
        articles=article_sources(settings),
        gettext=site_translations(config.lang, config.theme).gettext,
    )
    if todo:
        _can_record(store)
    done, failed = _send(todo, head, config.smtp, store) if todo else (0, [])
    if sent is None:  # --backfill on the first run: notifications are on from now
        store.record_notified([])
    if failed:
        print(ProspectsError(failed, "not sent, tried again next run").format(), file=sys.stderr)
    print(f"prospects: {done} sent, {len(failed)} failed")
    return 1 if failed else 0


def _can_record(store: PrivateStore) -> None:
    """Rewrite the sent log as it is: a store that cannot record stops before any e-mail goes.

    An e-mail sent but not recorded would be sent again by the next run.
    """
    try:
        store.record_notified([])
    except OSError as error:
        reason = (
            f"cannot record what is sent ({error.strerror or error}): nothing sent; make the "
            "private store writable"
        )
        problem = Problem(str(store.root / NOTIFIED), None, reason)
        raise ProspectsError([problem], "cannot send notifications") from None


def _send(
    todo: list[Notice], head: Letterhead, smtp: Mapping[str, Any], store: PrivateStore
) -> tuple[int, list[Problem]]:
    """Send each notice, recording it once sent; return how many went and why others did not."""
    from .outbox import Refused, outbox

    failed: list[Problem] = []
    done = 0
    box = outbox(smtp)
    try:
        for notice in todo:
            try:
                message = compose(notice, head)
            except ProspectsError as error:  # an address or an article that cannot be written
                failed += error.problems
                continue
            try:
                box.send(message, notice.to)  # a server gone stops the run: ProspectsError
            except Refused as error:
                failed.append(Problem(notice.entry.ref, None, f"not sent: {error}"))
                continue
            except ProspectsError as error:  # the server is gone: say what failed before too
                raise ProspectsError(failed + error.problems, error.summary) from None
            store.record_notified([(notice.entry.ref, notice.to)])
            print(f"prospects: notified {notice.line()}")
            done += 1
    finally:
        box.close()
    return done, failed


NOT_REACHED = (
    "prospects: not reached by this command: the messages in your mailbox (the inbox and its "
    "done folder), the site's git history, copies already deployed or read by feed readers, "
    "and quotes in other comments: rebuild and deploy, delete the messages, rewrite the "
    "history if need be"
)


def _erase(args: argparse.Namespace) -> int:
    from ..config_file import load_settings
    from ..i18n import site_translations
    from . import review
    from .erase import erase, written_from

    settings = load_settings(args.settings)
    config = config_of(settings)
    store = PrivateStore(config)
    address = args.email.strip()
    found = review.entries(Path(config.comments_root), config.zone, list(config.ignore_files))
    chosen = written_from(found, store.emails(), address)
    for entry in chosen:
        print(entry.line())
    if not args.yes:
        print(
            f"prospects: {len(chosen)} comment(s) written from {address}; run again with --yes "
            "to anonymise them and forget the address (--remove-text: their text too)"
        )
        return 0
    gettext = site_translations(config.lang, config.theme).gettext
    for line in erase(chosen, gettext, args.remove_text):
        print(line)
    store.forget_address(address)
    kept = "removed" if args.remove_text else "kept"
    print(
        f"prospects: {len(chosen)} comment(s) anonymised (name, address, website and "
        f"subscription removed, text {kept}, replies still attached); {address} removed from "
        f"the private store ({config.private_path}: addresses, sent notifications)"
    )
    print(NOT_REACHED)
    return 0


def address(value: str) -> str:
    """Return an e-mail address given on the command line, or refuse it (no traceback)."""
    value = value.strip()
    if not EMAIL.fullmatch(value):  # as the settings' addresses are checked
        raise argparse.ArgumentTypeError(f"not an e-mail address: {value!r}")
    return value


def add_commands(actions: Any) -> None:
    """Register `comment notify` and `comment erase`."""
    from ..config_file import add_settings_option

    notify = actions.add_parser(
        "notify",
        help="e-mail subscribers the replies published under their comments",
        description="Send one e-mail per comment published under a comment whose author asked "
        "to be told of replies (Notify: yes), through PROSPECTS_SMTP; never the same twice. The "
        "first run records what is already published and sends nothing.",
    )
    notify.add_argument(
        "--dry-run", action="store_true", help="show what would be sent, send nothing"
    )
    notify.add_argument(
        "--backfill",
        action="store_true",
        help="on the first run, send the notifications of comments already published",
    )
    add_settings_option(notify)
    notify.set_defaults(run=_notify)
    erase = actions.add_parser(
        "erase",
        help="anonymise every comment written from an address and forget the address",
        description="A reader's right to erasure: list the comments written from the address "
        "and, with --yes, anonymise them (the thread stays whole) and remove the address from "
        "the private store.",
    )
    erase.add_argument(
        "--email", required=True, type=address, metavar="ADDRESS", help="the reader's address"
    )
    erase.add_argument("--yes", action="store_true", help="anonymise (without it: only list)")
    erase.add_argument(
        "--remove-text", action="store_true", help="replace their text too (default: kept)"
    )
    add_settings_option(erase)
    erase.set_defaults(run=_erase)
